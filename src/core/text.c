/* Texts: a plain string or a per-language map ({"en": "...", "fr": "..."}).
 * Parsing checks language codes against the course's languages; lookup
 * falls back from the wanted language to the same base language, then
 * the course default, then the plain string, then whatever there is. */
#include "course_priv.h"

#include <string.h>
#include <strings.h>

static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int cm_lang_valid(const char *s)
{
    size_t n = 0;
    while (is_lower(s[n]))
        n++;
    if (n < 2 || n > 3)
        return 0;
    const char *p = s + n;
    size_t total = n;
    while (*p == '-') {
        p++;
        size_t k = 0;
        while (is_alnum(p[k]))
            k++;
        if (k < 1 || k > 8)
            return 0;
        p += k;
        total += k + 1;
    }
    return *p == '\0' && total <= 35;
}

/* Length of the primary language subtag ("pt" of "pt-BR"). */
static size_t primary_len(const char *s)
{
    const char *d = strchr(s, '-');
    return d ? (size_t)(d - s) : strlen(s);
}

static const char *find_lang(const lectern_text *t, const char *lang)
{
    if (!lang || !*lang)
        return NULL;
    for (size_t i = 0; i < t->n; i++)
        if (*t->v[i].lang && strcasecmp(t->v[i].lang, lang) == 0)
            return t->v[i].s;
    size_t pl = primary_len(lang);
    for (size_t i = 0; i < t->n; i++)
        if (*t->v[i].lang && primary_len(t->v[i].lang) == pl &&
            strncasecmp(t->v[i].lang, lang, pl) == 0)
            return t->v[i].s;
    return NULL;
}

const char *lectern_text_get(const lectern_text *t, const char *lang, const char *fallback)
{
    if (!t || t->n == 0)
        return "";
    const char *s = find_lang(t, lang);
    if (!s)
        s = find_lang(t, fallback);
    if (!s) {
        for (size_t i = 0; i < t->n && !s; i++)
            if (!*t->v[i].lang)
                s = t->v[i].s;
    }
    if (!s)
        s = t->v[0].s;
    return s ? s : "";
}

char *lectern_text_cut(const char *s, size_t lim, char *buf, size_t n)
{
    size_t k = 0;
    if (lim > n - 1)
        lim = n - 1;
    for (size_t i = 0; s && s[i];) {
        size_t len = 1;
        while (s[i + len] && ((unsigned char)s[i + len] & 0xC0) == 0x80)
            len++;
        if (k + len > lim)
            break;
        memcpy(buf + k, s + i, len);
        k += len;
        i += len;
    }
    buf[k] = '\0';
    return buf;
}

int lectern_text_present(const lectern_text *t)
{
    if (!t)
        return 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].s && *t->v[i].s)
            return 1;
    return 0;
}

static int course_has_lang(const lectern_course *c, const char *lang)
{
    for (size_t i = 0; i < c->n_languages; i++)
        if (strcmp(c->languages[i], lang) == 0)
            return 1;
    return 0;
}

int cm_text_value(cm_ctx *x, const cJSON *v, const char *path, lectern_text *out)
{
    char p[CM_PATH];
    lectern_course *c = x->c;
    if (cJSON_IsString(v)) {
        if (!cm_string_ok(x, path, v->valuestring))
            return -1;
        lectern_text_entry *e = cm_alloc(&c->arena, sizeof *e);
        if (!e || !(e->lang = cm_strdup(&c->arena, "")) ||
            !(e->s = cm_strdup(&c->arena, v->valuestring))) {
            x->oom = 1;
            return -1;
        }
        out->v = e;
        out->n = 1;
        return 1;
    }
    if (!cJSON_IsObject(v)) {
        cm_error(x, LECTERN_ESCHEMA, path, "expected %s, found %s", CM_TEXT_EXPECTED, cm_type_name(v));
        return -1;
    }
    size_t n = (size_t)cJSON_GetArraySize(v);
    if (n == 0) {
        cm_error(x, LECTERN_ESCHEMA, path,
                 "empty language map; give the text for at least one language, e.g. {\"en\": \"...\"}");
        return -1;
    }
    lectern_text_entry *e = cm_alloc(&c->arena, n * sizeof *e);
    if (!e) {
        x->oom = 1;
        return -1;
    }
    size_t k = 0;
    int bad = 0;
    for (const cJSON *f = v->child; f; f = f->next) {
        cm_pkey(p, sizeof p, path, f->string);
        if (!cm_lang_valid(f->string)) {
            cm_error(x, LECTERN_ESCHEMA, p,
                     "\"%.40s\" is not a language code; use codes like \"en\", \"fr\", \"ar\", \"pt-BR\"",
                     f->string);
            bad = 1;
            continue;
        }
        if (!cJSON_IsString(f)) {
            cm_error(x, LECTERN_ESCHEMA, p, "expected a string (the %s text), found %s",
                     f->string, cm_type_name(f));
            bad = 1;
            continue;
        }
        if (!cm_string_ok(x, p, f->valuestring)) {
            bad = 1;
            continue;
        }
        int dup = 0;
        for (size_t i = 0; i < k; i++)
            dup |= strcmp(e[i].lang, f->string) == 0;
        if (dup) {
            cm_warn(x, p, "language \"%s\" appears twice; only the first is used", f->string);
            continue;
        }
        if (c->n_languages && !course_has_lang(c, f->string))
            cm_warn(x, p,
                    "language \"%s\" is not in course.json \"languages\"; add it there or remove this text",
                    f->string);
        e[k].lang = cm_strdup(&c->arena, f->string);
        e[k].s = cm_strdup(&c->arena, f->valuestring);
        if (!e[k].lang || !e[k].s) {
            x->oom = 1;
            return -1;
        }
        k++;
    }
    if (bad)
        return -1;
    out->v = e;
    out->n = k;
    if (c->n_languages && !find_lang(out, c->languages[0]))
        cm_warn(x, path,
                "no text in the course's first language \"%s\"; the player falls back to \"%s\"",
                c->languages[0], e[0].lang);
    return 1;
}
