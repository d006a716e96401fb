/* lectern-pack's messages in the user's language: the locale (LANGUAGE,
 * LC_ALL, LC_MESSAGES, LANG) picks the catalogue of the "lectern" domain
 * (po/), which core's errors and check reports pass through (the hook of
 * lectern/error.h). Only LC_MESSAGES changes: numbers stay C ("1.5"). */
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lectern/error.h"
#include "pack_i18n.h"

#define DOMAIN "lectern"

static int ready;     /* the domain is bound */
static int on;        /* the hook is installed (not --json) */

static const char *pack_translate(const char *msgid, const char *plural, unsigned long n, void *user)
{
    (void)user;
    if (plural)
        return dngettext(DOMAIN, msgid, plural, n);
    return dgettext(DOMAIN, msgid);
}

void pack_i18n_init(void)
{
    const char *dir = LECTERN_LOCALEDIR;
    /* from the build tree (tools/run, tests): the catalogues built there */
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    size_t bl = strlen(LECTERN_BUILD_ROOT);
    if (n > 0) {
        exe[n] = '\0';
        if (strncmp(exe, LECTERN_BUILD_ROOT, bl) == 0 && exe[bl] == '/')
            dir = LECTERN_BUILD_ROOT "/po";
    }
    const char *env = getenv("LECTERN_LOCALEDIR");
    if (env && *env)
        dir = env;
    bindtextdomain(DOMAIN, dir);
    bind_textdomain_codeset(DOMAIN, "UTF-8");
    /* the C locale turns gettext off whatever LANGUAGE says: C.UTF-8 does not */
    const char *cur = setlocale(LC_MESSAGES, "");
    if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
        setlocale(LC_MESSAGES, "C.UTF-8");
    ready = on = 1;
    lectern_error_set_translator(pack_translate, NULL);
}

void pack_i18n_english(void)
{
    on = 0;
    lectern_error_set_translator(NULL, NULL);
}

const char *pack_tr(const char *msgid)
{
    return ready && on ? lectern_error_tr(msgid) : msgid;
}

const char *pack_ntr(const char *one, const char *many, unsigned long n)
{
    if (!ready || !on)
        return n == 1 ? one : many;
    const char *t = dngettext(DOMAIN, one, many, n);
    const char *en = n == 1 ? one : many;
    /* a form for one n only ("two errors") may leave the number out */
    return lectern_format_compatible(en, t) || lectern_format_compatible("", t) ? t : en;
}
