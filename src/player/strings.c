/* The player's own words (buttons, menus, hints) through gettext (domain
 * "lectern", po/<lang>.po): English msgids here, translations compiled by meson
 * into <build>/po (run from the build tree) or <prefix>/share/locale. The
 * UI language is --ui-lang, else the course language, else the system's. */
#include <libintl.h>
#include <locale.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lectern/error.h"
#include "lectern/log.h"
#include "player.h"

#define N_(s) s
#define UI_DOMAIN "lectern"

/* glibc: bumping it drops gettext's cache after LANGUAGE changes */
extern int _nl_msg_cat_cntr;

static const char *const msgids[UI_COUNT] = {
    [UI_START] = N_("Start"),
    [UI_CONTINUE] = N_("Continue"),
    [UI_MODULES] = N_("MODULES"),
    [UI_MORE] = N_("\xE2\x96\xBC more"),
    [UI_HINT_START] = N_("Enter: open  \xC2\xB7" "  \xE2\x86\x91\xE2\x86\x93: choose  \xC2\xB7" "  M: contents  \xC2\xB7" "  F: fullscreen  \xC2\xB7" "  Esc: quit"),
    [UI_CONTENTS] = N_("Contents"),
    [UI_HINT_TOC] = N_("\xE2\x86\x91\xE2\x86\x93 choose  \xC2\xB7" "  Enter: open  \xC2\xB7" "  Esc: close"),
    [UI_QUIT_TITLE] = N_("Quit Lectern?"),
    [UI_QUIT_TEXT] = N_("Enter quits, Esc goes back to the course."),
    [UI_QUIT] = N_("Quit"),
    [UI_STAY] = N_("Stay"),
    [UI_ERROR_TITLE] = N_("Lectern could not open this course"),
    [UI_HINT_ERROR] = N_("Esc or Enter: quit"),
    [UI_GOTO] = N_("Go to"),
    [UI_IMAGE_MISSING] = N_("Image not available"),
    [UI_TEXT_OVERFLOW] = N_("\xE2\x96\xBC text does not fit"),
    [UI_VIDEO] = N_("Video"),
    [UI_TAG_VIDEO] = N_("video"),
    [UI_TAG_EXERCISE] = N_("exercise"),
    [UI_TAG_QUOTE] = N_("quote"),
    [UI_TRUE] = N_("True"),
    [UI_FALSE] = N_("False"),
    [UI_EXERCISE] = N_("Exercise"),
    [UI_EX_SINGLE] = N_("Single choice: choose one answer"),
    [UI_EX_MULTIPLE] = N_("Multiple response: choose every answer that applies"),
    [UI_EX_TRUE_FALSE] = N_("True or false?"),
    [UI_EX_MATCHING] = N_("Matching: pair each item with its match"),
    [UI_EX_ORDERING] = N_("Ordering: put these in the right order"),
    [UI_EX_FILL] = N_("Fill in the blanks"),
    [UI_EX_SCENARIO] = N_("Case study: choose what you would do"),
    [UI_EX_REFLECTION] = N_("Reflection: write your thoughts"),
    [UI_EX_SET] = N_("Question set"),
    [UI_EX_BROKEN] = N_("This exercise cannot be shown"),
    [UI_MODULE] = N_("Module"),
    [UI_WATCH_TITLE] = N_("The course has mistakes"),
    [UI_WATCH_LAST_GOOD] = N_("Showing the last version that loaded. Fix the file and save: it "
                              "reloads by itself."),
    [UI_SEARCH] = N_("Search"),
    [UI_SEARCH_HINT] = N_("Type to search the course: text, notes, exercises, plans, subtitles"),
    [UI_SEARCH_NONE] = N_("No results"),
    [UI_SEARCH_KEYS] = N_("\xE2\x86\x91\xE2\x86\x93 choose  \xC2\xB7  Enter: go  \xC2\xB7  Esc: close"),
    [UI_WATCH_NOT_YET] = N_("No version of it has loaded yet. Fix the file and save: the course "
                            "opens by itself."),
    /* the exercise view */
    [UI_EXV_SUBMIT] = N_("Submit"),
    [UI_EXV_SAVE] = N_("Save"),
    [UI_EXV_RETRY] = N_("Try again"),
    [UI_EXV_SOLUTION] = N_("Show solution"),
    [UI_EXV_CONTINUE] = N_("Continue \xE2\x86\x92"),
    [UI_EXV_NEXT_QUESTION] = N_("Next question \xE2\x86\x92"),
    [UI_EXV_PREV_QUESTION] = N_("\xE2\x86\x90 Back"),
    [UI_EXV_TRY_OF] = N_("Try %d of %d"),
    [UI_EXV_TRY] = N_("Try %d"),
    [UI_EXV_QUESTION_OF] = N_("Question %zu of %zu"),
    [UI_EXV_CORRECT] = N_("\xE2\x9C\x93 Correct"),
    [UI_EXV_PARTLY] = N_("Partly right"),
    [UI_EXV_WRONG] = N_("\xE2\x9C\x97 Not quite"),
    [UI_EXV_SAVED] = N_("\xE2\x9C\x93 Saved in your notes"),
    [UI_EXV_PASSED] = N_("passed"),
    [UI_EXV_NOT_PASSED] = N_("not passed"),
    [UI_EXV_SET_PASSED] = N_("\xE2\x9C\x93 Set passed"),
    [UI_EXV_SET_NOT_PASSED] = N_("\xE2\x9C\x97 Set not passed"),
    [UI_EXV_NOT_SCORED] = N_("not scored"),
    [UI_EXV_KEY] = N_("Answer key"),
    [UI_EXV_DISCUSSION] = N_("Discussion (trainer only)"),
    [UI_EXV_TYPE_HERE] = N_("Type here\xE2\x80\xA6"),
    [UI_EXV_HINT_CHOICE] = N_("Number keys or click: choose  \xC2\xB7  Tab: move  \xC2\xB7  Space: select  \xC2\xB7  Enter: submit"),
    [UI_EXV_HINT_MATCH] = N_("Tab or click: pick a row  \xC2\xB7  its number: its match  \xC2\xB7  Enter: submit"),
    [UI_EXV_HINT_ORDER] = N_("Number key or click: pick  \xC2\xB7  \xE2\x86\x91\xE2\x86\x93: move it  \xC2\xB7  Enter: submit"),
    [UI_EXV_HINT_FILL] = N_("Type the missing words  \xC2\xB7  \xE2\x86\x90\xE2\x86\x92 Home End: move in the text  \xC2\xB7  Tab: next blank  \xC2\xB7  Enter: submit"),
    [UI_EXV_HINT_TEXT] = N_("Type your answer  \xC2\xB7  \xE2\x86\x90\xE2\x86\x92 Home End: move in the text  \xC2\xB7  Tab: to the button  \xC2\xB7  Enter: save"),
    [UI_EXV_HINT_SCENARIO] = N_("Number keys or click: choose what you would do"),
    [UI_EXV_HINT_DONE] = N_("Tab: move  \xC2\xB7  Enter: press  \xC2\xB7  \xE2\x86\x92: next item"),
    [UI_EXV_HINT_SET] = N_("Answer, then Enter: next question  \xC2\xB7  Tab: move  \xC2\xB7  the set is scored at the end"),
    [UI_EXV_BELONGS] = N_("belongs at %zu"),
    [UI_EXV_ANSWER] = N_("Answer: %s"),
    [UI_EXV_COUNTDOWN] = N_("Group work"),
    [UI_EXV_SOLUTION_SHOWN] = N_("Solution"),
    [UI_EXV_HIDDEN] = N_("The answer is shown when the trainer reveals it"),
    [UI_EXV_STEP] = N_("Step %zu"),
    [UI_EXV_OUTCOME] = N_("Outcome"),
    [UI_RECOVERED] = N_("Your progress file was damaged: it has been repaired"),
    /* TRANSLATORS: %s is a file name in the data folder */
    [UI_RECOVERED_KEPT] = N_("The damaged file is kept as %s."),
};

/* UI languages with a catalogue (po/LINGUAS) plus the English source. */
static const char *const ui_langs[] = { "en", "fr", "ar" };

static char forced[16];          /* --ui-lang / setting; "" none */
static char current[16];         /* language gettext is set to */
static int bound;

/* Binds the domain: the build tree's po folder when this program runs from
 * the build tree (tools/run, tests), else the install prefix's locale. */
static void bind_domain(void)
{
    bound = 1;
    const char *dir = LECTERN_LOCALEDIR;
#ifdef LECTERN_BUILD_ROOT
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    size_t bl = strlen(LECTERN_BUILD_ROOT);
    if (n > 0) {
        exe[n] = '\0';
        if (strncmp(exe, LECTERN_BUILD_ROOT, bl) == 0 && exe[bl] == '/')
            dir = LECTERN_BUILD_ROOT "/po";
    }
#endif
    const char *env = getenv("LECTERN_LOCALEDIR");   /* tests and relocated installs */
    if (env && *env)
        dir = env;
    bindtextdomain(UI_DOMAIN, dir);
    bind_textdomain_codeset(UI_DOMAIN, "UTF-8");
    /* the C locale turns gettext off whatever LANGUAGE says: C.UTF-8 does not */
    const char *cur = setlocale(LC_MESSAGES, "");
    if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
        setlocale(LC_MESSAGES, "C.UTF-8");
    LOG_DEBUG("ui", "translations from %s", dir);
}

/* The UI language code among ui_langs matching `want` ("fr", "fr_FR.UTF-8",
 * "ar-EG", "fr:en"), or NULL. */
static const char *ui_match(const char *want)
{
    if (!want || !*want)
        return NULL;
    for (size_t i = 0; i < sizeof ui_langs / sizeof *ui_langs; i++) {
        size_t n = strlen(ui_langs[i]);
        if (strncmp(want, ui_langs[i], n) == 0 &&
            (want[n] == '\0' || strchr("-_.:@", want[n])))
            return ui_langs[i];
    }
    return NULL;
}

int ui_set_lang(const char *code)
{
    if (!code || !*code) {
        forced[0] = '\0';
        return 0;
    }
    const char *m = ui_match(code);
    if (!m)
        return -1;
    snprintf(forced, sizeof forced, "%s", m);
    return 0;
}

const char *ui_lang(const app *a)
{
    const char *m = forced[0] ? forced : NULL;
    if (!m)
        m = ui_match(a && a->lang ? a->lang : NULL);
    static const char *envs[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t i = 0; !m && i < sizeof envs / sizeof *envs; i++)
        m = ui_match(i == 0 ? ui_user_language() : getenv(envs[i]));   /* envs[0]: LANGUAGE */
    return m ? m : "en";
}

const char *ui_msgid(ui_string k)
{
    return (int)k < 0 || k >= UI_COUNT || !msgids[k] ? "" : msgids[k];
}

const char *ui_str(const app *a, ui_string k)
{
    return ui_gettext(a, ui_msgid(k));
}

const char *ui_gettext(const app *a, const char *id)
{
    if (!id || !*id)
        return "";
    return ui_tr(a, id);
}

/* LANGUAGE as the user set it, before ui_tr set it to the UI language */
static char user_language[64];
static int user_language_saved, user_language_set;

const char *ui_user_language(void)
{
    if (!user_language_saved)
        return getenv("LANGUAGE");
    return user_language_set ? user_language : NULL;
}

/* 1 while the UI language is not English: core's messages (errors, check
 * reports) are then translated. Written on the main thread only (ui_tr),
 * read by the hook on any thread (the course loads on one). */
static atomic_int core_on;

static const char *core_translate(const char *msgid, const char *plural, unsigned long n, void *user)
{
    (void)user;
    if (plural && atomic_load(&core_on))
        return dngettext(UI_DOMAIN, msgid, plural, n);
    if (!atomic_load(&core_on))
        return NULL;
    return dgettext(UI_DOMAIN, msgid);
}

void ui_translate_core(const app *a)
{
    /* binds the domain and sets LANGUAGE now, on this thread, so that the
     * hook has nothing left to set up when another thread calls it */
    ui_tr(a, "Start");
    lectern_error_set_translator(core_translate, NULL);
}

const char *ui_tr(const app *a, const char *id)
{
    const char *lang = ui_lang(a);
    int on = strcmp(lang, "en") != 0;
    if (on != atomic_load_explicit(&core_on, memory_order_relaxed))
        atomic_store(&core_on, on);
    if (!on)
        return id;
    if (!bound)
        bind_domain();
    if (strcmp(current, lang) != 0) {
        if (!user_language_saved) {    /* what the user set, for ui_user_language */
            const char *l = getenv("LANGUAGE");
            user_language_set = l != NULL;
            snprintf(user_language, sizeof user_language, "%s", l ? l : "");
            user_language_saved = 1;
        }
        snprintf(current, sizeof current, "%s", lang);
        setenv("LANGUAGE", lang, 1);
        ++_nl_msg_cat_cntr;
    }
    return dgettext(UI_DOMAIN, id);
}

const char *ui_ntr(const app *a, const char *id, const char *plural, unsigned long n)
{
    const char *lang = ui_lang(a);
    if (strcmp(lang, "en") == 0)
        return n == 1 ? id : plural;
    ui_tr(a, id);   /* binds the domain and switches gettext to lang */
    return dngettext(UI_DOMAIN, id, plural, n);
}

char *ui_minutes(const app *a, double minutes, char *buf, size_t n)
{
    double r = floor(minutes + 0.5);
    if (fabs(minutes - r) > 1e-6)
        snprintf(buf, n, ui_tr(a, N_("%.1f min")), minutes);
    else
        snprintf(buf, n, TRN(a, "%.0f min", "%.0f min", r < 0 ? 0 : r), r);
    return buf;
}

/* The exercise session's notices (src/core/session_exercise.c says them in
 * English; the player shows them in the UI language). A "%zu" stands for a
 * number in the notice. */
static const char *const notices[] = {
    N_("Answer the question first"),
    N_("Write your answer first"),
    N_("Go on to the end of the case first"),
    N_("This is the last question: submit the set"),
    N_("This is the first question"),
    N_("Submitted: choose Try again"),
    N_("Submitted: choose Try again to answer the set again"),
    N_("Already submitted: choose Try again for another try"),
    N_("Submit this try first"),
    N_("Already passed"),
    N_("No tries left"),
    N_("The solution shows once you pass or have no tries left"),
    N_("This exercise does not show its solution"),
    N_("Submitted: choose Try again to change your answer"),
    N_("Submitted: this try can no longer change"),
    N_("This choice leads nowhere (an authoring mistake)"),
    N_("That is as much as this field takes"),
    N_("This exercise has no countdown"),
    N_("This question set has no questions"),
    N_("Question %zu is not answered yet"),
    N_("There is no choice %zu here"),
};

const char *ui_notice(const app *a, const char *msg, char *buf, size_t n)
{
    if (!msg || !*msg || strcmp(ui_lang(a), "en") == 0)
        return msg;
    for (size_t i = 0; i < sizeof notices / sizeof *notices; i++) {
        const char *id = notices[i], *num = strstr(id, "%zu");
        if (!num) {
            if (strcmp(id, msg) == 0)
                return ui_tr(a, id);
            continue;
        }
        /* "Question %zu is ...": the same text around a number */
        size_t pre = (size_t)(num - id), post = strlen(num + 3), ml = strlen(msg);
        if (ml <= pre + post || strncmp(msg, id, pre) != 0 || strcmp(msg + ml - post, num + 3) != 0)
            continue;
        char *end;
        unsigned long long v = strtoull(msg + pre, &end, 10);
        if (end != msg + ml - post || end == msg + pre)
            continue;
        snprintf(buf, n, ui_tr(a, id), (size_t)v);
        return buf;
    }
    return msg;
}

const char *ui_session_translate(const char *msgid, void *user)
{
    return ui_gettext(user, msgid);
}

const char *ui_core_translate(const char *msgid, const char *msgid_plural, unsigned long n, void *user)
{
    if (msgid_plural)
        return ui_ntr(user, msgid, msgid_plural, n);
    return ui_gettext(user, msgid);
}
