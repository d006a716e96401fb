/* --script FILE: runs a player session from a small command language (one
 * command a line; see SCRIPT.md) on a virtual clock, usually headless.
 * Exits 0 when every expectation held, 1 with "FILE:LINE: ..." on the first
 * that did not, 2 on a malformed line. Add a command: a function and a row
 * in the `commands` table. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "exercise_view.h"
#include "lectern/log.h"
#include "deliver.h"
#include "library_ui.h"
#include "player.h"
#include "progress_ui.h"

#define MAX_ARGS 8

typedef struct script {
    app *a;
    const char *file;
    int line;
    uint64_t clock;
    char msg[1024];
} script;

enum { S_OK = 0, S_FAIL = 1, S_ERROR = 2 };

typedef int (*script_fn)(script *x, int argc, char **argv, const char *rest);

static int fail(script *x, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(script *x, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->msg, sizeof x->msg, fmt, ap);
    va_end(ap);
    return code;
}

static void view(script *x, lectern_session_view *v)
{
    lectern_session_get_view(x->a->session, v);
}

/* Brings the output up to date (images of the current item, hit regions). */
static void settle(script *x)
{
    app_wait_current(x->a);
    app_render(x->a);
}

static int parse_long(const char *s, long *out)
{
    char *end;
    if (!s || !*s)
        return -1;
    *out = strtol(s, &end, 10);
    return *end ? -1 : 0;
}

static int press(script *x, SDL_Keycode k)
{
    app_key(x->a, k, 0);
    return S_OK;
}

static int c_key(script *x, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc < 2)
        return fail(x, S_ERROR, "key needs a key name (Right, Return, Escape, F12, M, 4...)");
    for (int i = 1; i < argc; i++) {
        const char *name = argv[i];
        uint16_t mod = 0;
        for (;;) {      /* Ctrl+H, Ctrl+=, Shift+Tab */
            if (strncasecmp(name, "Ctrl+", 5) == 0 && name[5]) {
                mod |= KMOD_LCTRL;
                name += 5;
            } else if (strncasecmp(name, "Shift+", 6) == 0 && name[6]) {
                mod |= KMOD_LSHIFT;
                name += 6;
            } else {
                break;
            }
        }
        SDL_Keycode k = SDL_GetKeyFromName(name);
        if (k == SDLK_UNKNOWN)
            return fail(x, S_ERROR, "unknown key name '%s'", argv[i]);
        if (mod)
            app_key(x->a, k, mod);
        else
            press(x, k);
    }
    return S_OK;
}

static int c_type(script *x, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv;
    if (!*rest)
        return fail(x, S_ERROR, "type needs text");
    if (exercise_ui_typing(x->a)) {     /* a text field: the text as typed */
        exercise_ui_text(x->a, rest);
        return S_OK;
    }
    for (const char *p = rest; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ')
            press(x, SDLK_SPACE);
        else if (isalnum(c))
            press(x, (SDL_Keycode)tolower(c));
        else
            return fail(x, S_ERROR, "type: only letters, digits and spaces ('%c')", c);
    }
    return S_OK;
}

static int c_cmd(script *x, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv;
    lectern_cmd c;
    lectern_error err = {0};
    if (lectern_cmd_parse(rest, &c, &err) < 0)
        return fail(x, S_ERROR, "%s", err.msg);
    app_command(x->a, &c);
    return S_OK;
}

static int c_goto(script *x, int argc, char **argv, const char *rest)
{
    if (argc != 2)
        return fail(x, S_ERROR, "goto needs one item id or number");
    (void)rest;
    lectern_cmd c = lectern_cmd_make_id(LECTERN_CMD_GOTO, argv[1]);
    if (app_command(x->a, &c) < 0)
        return fail(x, S_FAIL, "goto %s: no such item", argv[1]);
    return S_OK;
}

static int c_tick(script *x, int argc, char **argv, const char *rest)
{
    (void)rest;
    long ms;
    if (argc != 2 || parse_long(argv[1], &ms) < 0 || ms < 0)
        return fail(x, S_ERROR, "tick needs milliseconds");
    x->clock += (uint64_t)ms;
    lectern_session_tick(x->a->session, x->clock);
    x->a->clock_ms = x->clock;
    deliver_tick(x->a);
    return S_OK;
}

static int c_wait(script *x, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv; (void)rest;
    images_wait_idle(x->a->images, x->a->ren, 20000);
    return S_OK;
}

static int c_screenshot(script *x, int argc, char **argv, const char *rest)
{
    (void)rest;
    lectern_error err = {0};
    if (argc == 3) {   /* screenshot presenter|projector FILE (trainer mode) */
        if (deliver_screenshot(x->a, argv[1], argv[2], &err) < 0)
            return fail(x, err.code == LECTERN_EINVAL ? S_ERROR : S_FAIL, "%s", err.msg);
        return S_OK;
    }
    if (argc != 2)
        return fail(x, S_ERROR, "screenshot needs a file name");
    settle(x);
    if (app_screenshot(x->a, argv[1], NULL, 0, &err) < 0)
        return fail(x, S_FAIL, "%s", err.msg);
    return S_OK;
}

static int c_resize(script *x, int argc, char **argv, const char *rest)
{
    (void)rest;
    long w, h;
    if (argc != 3 || parse_long(argv[1], &w) < 0 || parse_long(argv[2], &h) < 0)
        return fail(x, S_ERROR, "resize needs width and height");
    lectern_error err = {0};
    if (app_output_resize(x->a, (int)w, (int)h, &err) < 0)
        return fail(x, S_ERROR, "%s", err.msg);
    return S_OK;
}

static int c_click(script *x, int argc, char **argv, const char *rest)
{
    (void)rest;
    long px, py;
    /* click [presenter|projector] X Y: a mouse event in that window of trainer
     * mode, routed as the window loop routes it (deliver_mouse) */
    const char *target = NULL;
    if (argc >= 2 && (strcmp(argv[1], "presenter") == 0 || strcmp(argv[1], "projector") == 0)) {
        target = argv[1];
        argc--;
        argv++;
    }
    if (argc < 3 || argc > 4 || parse_long(argv[1], &px) < 0 || parse_long(argv[2], &py) < 0)
        return fail(x, S_ERROR, "click needs [presenter|projector] X Y [left|right] (output pixels)");
    int button = SDL_BUTTON_LEFT;
    if (argc == 4 && strcmp(argv[3], "right") == 0)
        button = SDL_BUTTON_RIGHT;
    else if (argc == 4 && strcmp(argv[3], "left") != 0)
        return fail(x, S_ERROR, "click: button is left or right");
    settle(x);   /* hit regions of what is on screen now */
    if (target) {
        deliver *dl = x->a->deliver;
        if (!dl)
            return fail(x, S_ERROR, "click %s: no delivery (deliver PLAN first)", target);
        app *w = strcmp(target, "presenter") == 0 && dl->pres ? dl->pres : x->a;
        if (dl->pres)
            app_render(dl->pres);   /* the presenter's click regions as drawn now */
        SDL_Event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = SDL_MOUSEBUTTONDOWN;
        ev.button.windowID = w->win ? SDL_GetWindowID(w->win) : 0;
        ev.button.button = (Uint8)button;
        ev.button.x = (Sint32)px;   /* the window is the size of its output headless */
        ev.button.y = (Sint32)py;
        if (!deliver_mouse(x->a, &ev))
            app_click(x->a, (int)px, (int)py, button);
        return S_OK;
    }
    app_click(x->a, (int)px, (int)py, button);
    return S_OK;
}

/* move X Y: the pointer moved there (brings hidden video controls back). */
static int c_move(script *x, int argc, char **argv, const char *rest)
{
    (void)rest;
    long px, py;
    if (argc != 3 || parse_long(argv[1], &px) < 0 || parse_long(argv[2], &py) < 0)
        return fail(x, S_ERROR, "move needs X Y (output pixels)");
    settle(x);
    video_ui_motion(x->a, (int)px, (int)py);
    return S_OK;
}

static int c_wheel(script *x, int argc, char **argv, const char *rest)
{
    (void)rest;
    long n;
    if (argc != 2 || parse_long(argv[1], &n) < 0)
        return fail(x, S_ERROR, "wheel needs a number (positive: towards the next item)");
    for (long i = 0; i < labs(n); i++)
        app_wheel(x->a, n > 0 ? -1 : 1);
    return S_OK;
}

static int c_echo(script *x, int argc, char **argv, const char *rest)
{
    (void)x; (void)argc; (void)argv;
    printf("%s\n", rest);
    fflush(stdout);     /* a test harness reads it as it comes */
    return S_OK;
}

static int parse_colour(const char *s, uint32_t *out)
{
    if (*s == '#')
        s++;
    if (strlen(s) != 6)
        return -1;
    char *end;
    unsigned long v = strtoul(s, &end, 16);
    if (*end)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static int expect_pixel(script *x, int argc, char **argv)
{
    long px, py, tol = 8;
    uint32_t want;
    if (argc < 5 || parse_long(argv[2], &px) < 0 || parse_long(argv[3], &py) < 0 ||
        parse_colour(argv[4], &want) < 0 || (argc == 6 && parse_long(argv[5], &tol) < 0))
        return fail(x, S_ERROR, "expect pixel X Y #RRGGBB [tolerance]");
    settle(x);
    uint32_t got = 0;
    SDL_Rect r = { (int)px, (int)py, 1, 1 };
    if (SDL_RenderReadPixels(x->a->ren, &r, SDL_PIXELFORMAT_ARGB8888, &got, 4) < 0)
        return fail(x, S_ERROR, "cannot read pixel %ld,%ld: %s", px, py, SDL_GetError());
    got &= 0xffffff;
    for (int sh = 0; sh <= 16; sh += 8) {
        long d = (long)((got >> sh) & 255) - (long)((want >> sh) & 255);
        if (labs(d) > tol)
            return fail(x, S_FAIL, "expected pixel %ld,%ld = #%06x (±%ld), got #%06x", px, py,
                        (unsigned)want, tol, (unsigned)got);
    }
    return S_OK;
}

/* search TEXT, pick N: the `/` box (search_ui.c); wait-reload: --watch. */
static int c_search(script *x, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv;
    search_ui_open(x->a);
    if (!search_ui_is_open(x->a))
        return fail(x, S_FAIL, "search: the search box did not open");
    search_ui_set_query(x->a, rest);
    return S_OK;
}

static int c_pick(script *x, int argc, char **argv, const char *rest)
{
    (void)rest;
    long n;
    if (argc != 2 || parse_long(argv[1], &n) < 0 || n < 1)
        return fail(x, S_ERROR, "pick needs a hit number (1-based)");
    if (!search_ui_is_open(x->a))
        return fail(x, S_FAIL, "pick: the search box is not open (search TEXT first)");
    if (search_ui_pick(x->a, (size_t)n - 1) < 0)
        return fail(x, S_FAIL, "pick %ld: there are %zu hits", n, search_ui_n_hits(x->a));
    return S_OK;
}

/* Real time: inotify reports real edits (made by the test harness). */
static int c_wait_reload(script *x, int argc, char **argv, const char *rest)
{
    (void)rest;
    long ms = 10000;
    if (argc > 2 || (argc == 2 && (parse_long(argv[1], &ms) < 0 || ms < 1)))
        return fail(x, S_ERROR, "wait-reload [TIMEOUT_MS]");
    if (!x->a->wui)
        return fail(x, S_ERROR, "wait-reload needs lectern --watch");
    uint64_t t0 = SDL_GetTicks64();
    while (SDL_GetTicks64() - t0 < (uint64_t)ms) {
        if (watch_ui_poll(x->a, SDL_GetTicks64()))
            return S_OK;
        SDL_Delay(10);
    }
    return fail(x, S_FAIL, "wait-reload: no change in the course folder within %ld ms", ms);
}

static int expect_search_watch(script *x, int argc, char **argv, const char *rest)
{
    const char *what = argv[1];
    long n;
    if (strcmp(what, "hits") == 0) {
        if (argc != 3 || parse_long(argv[2], &n) < 0)
            return fail(x, S_ERROR, "expect hits N");
        if (search_ui_n_hits(x->a) != (size_t)n)
            return fail(x, S_FAIL, "expected %ld search hits, got %zu", n,
                        search_ui_n_hits(x->a));
    } else if (strcmp(what, "hit") == 0) {
        if (argc != 4 || parse_long(argv[2], &n) < 0 || n < 1)
            return fail(x, S_ERROR, "expect hit N ITEM (N from 1)");
        const lectern_search_hit *h = search_ui_hit(x->a, (size_t)n - 1);
        if (!h)
            return fail(x, S_FAIL, "expected hit %ld to be %s, there are %zu hits", n, argv[3],
                        search_ui_n_hits(x->a));
        const char *id = lectern_course_item(x->a->course, h->item)->id;
        if (strcmp(id, argv[3]) != 0)
            return fail(x, S_FAIL, "expected hit %ld to be %s, got %s (%s: %s)", n, argv[3], id,
                        lectern_search_field_name(h->field), h->snippet);
    } else if (strcmp(what, "hit-label") == 0) {
        char label[600], *end = NULL;
        const char *words = rest + strlen("hit-label");
        n = strtol(words, &end, 10);
        while (end && *end == ' ')
            end++;
        if (!end || end == words || n < 1 || !*end)
            return fail(x, S_ERROR, "expect hit-label N TEXT (N from 1)");
        if (search_ui_hit_label(x->a, (size_t)n - 1, label, sizeof label) < 0)
            return fail(x, S_FAIL, "expected hit %ld labelled '%s', there are %zu hits", n, end,
                        search_ui_n_hits(x->a));
        if (!strstr(label, end))
            return fail(x, S_FAIL, "expected hit %ld labelled '%s', it reads '%s'", n, end, label);
    } else {
        const char *sub = rest + strlen("watch-error");
        while (*sub == ' ')
            sub++;
        const char *rep = watch_ui_report(x->a);
        if (!*sub && rep)
            return fail(x, S_FAIL, "expected no course errors on screen, got '%s'", rep);
        if (*sub && (!rep || !strstr(rep, sub)))
            return fail(x, S_FAIL, "expected course errors containing '%s' on screen, got '%s'",
                        sub, rep ? rep : "(none)");
    }
    return S_OK;
}

static int c_expect(script *x, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc < 2)
        return fail(x, S_ERROR, "expect what? (screen, item, index, digits, message, ...)");
    lectern_session_view v = {0};
    if (x->a->session)
        view(x, &v);
    const char *what = argv[1];
    const char *arg = argc > 2 ? argv[2] : "";
    int drc;
    if (strcmp(what, "screen") == 0) {
        if (lectern_screen_from_name(arg) < 0)
            return fail(x, S_ERROR, "unknown screen '%s' (start, slide, toc, confirm-quit)", arg);
        if (strcmp(lectern_screen_name(v.screen), arg) != 0)
            return fail(x, S_FAIL, "expected screen %s, got %s", arg,
                        lectern_screen_name(v.screen));
    } else if (strcmp(what, "item") == 0) {
        const char *got = v.item ? v.item->id : "(none)";
        if (strcmp(got, arg) != 0)
            return fail(x, S_FAIL, "expected item %s, got %s", arg, got);
    } else if (strcmp(what, "index") == 0) {
        long n;
        if (parse_long(arg, &n) < 0)
            return fail(x, S_ERROR, "expect index N (1-based item number)");
        if ((long)v.index + 1 != n)
            return fail(x, S_FAIL, "expected index %ld, got %zu", n, v.index + 1);
    } else if (strcmp(what, "module") == 0) {
        const char *got = v.module ? v.module->id : "(none)";
        if (strcmp(got, arg) != 0)
            return fail(x, S_FAIL, "expected module %s, got %s", arg, got);
    } else if (strcmp(what, "digits") == 0) {
        if (strcmp(v.digits, arg) != 0)
            return fail(x, S_FAIL, "expected digits '%s', got '%s'", arg, v.digits);
    } else if (strcmp(what, "message") == 0) {
        const char *sub = rest + strlen("message");
        while (*sub == ' ')
            sub++;
        if (!*sub ? v.message[0] != '\0' : strstr(v.message, sub) == NULL)
            return fail(x, S_FAIL, "expected message containing '%s', got '%s'", sub,
                        v.message);
    } else if (strcmp(what, "cursor") == 0) {
        long n;
        if (parse_long(arg, &n) < 0)
            return fail(x, S_ERROR, "expect cursor N (0-based menu row)");
        if (v.cursor != n)
            return fail(x, S_FAIL, "expected cursor %ld, got %ld", n, v.cursor);
    } else if (strcmp(what, "toc") == 0) {
        int want = strcmp(arg, "open") == 0;
        if (!want && strcmp(arg, "closed") != 0)
            return fail(x, S_ERROR, "expect toc open|closed");
        if (v.toc_open != want)
            return fail(x, S_FAIL, "expected toc %s", arg);
    } else if (strcmp(what, "quit") == 0) {
        if (!v.quit)
            return fail(x, S_FAIL, "expected the player to be quitting");
    } else if (strcmp(what, "running") == 0) {
        if (v.quit)
            return fail(x, S_FAIL, "expected the player to be running, it is quitting");
    } else if (strcmp(what, "fullscreen") == 0) {
        int want = strcmp(arg, "on") == 0;
        if (!want && strcmp(arg, "off") != 0)
            return fail(x, S_ERROR, "expect fullscreen on|off");
        if (x->a->fullscreen != want)
            return fail(x, S_FAIL, "expected fullscreen %s", arg);
    } else if (strcmp(what, "overflow") == 0) {
        int want = strcmp(arg, "yes") == 0;
        if (!want && strcmp(arg, "no") != 0)
            return fail(x, S_ERROR, "expect overflow yes|no");
        settle(x);
        if (x->a->slide_overflow != want)
            return fail(x, S_FAIL, "expected overflow %s", arg);
    } else if (strcmp(what, "visited") == 0) {
        long i = lectern_course_item_index(x->a->course, arg);
        if (i < 0)
            return fail(x, S_ERROR, "no item '%s'", arg);
        if (!lectern_session_visited(x->a->session, (size_t)i))
            return fail(x, S_FAIL, "expected item %s to have been shown", arg);
    } else if (strcmp(what, "file") == 0) {
        struct stat st;
        if (stat(arg, &st) != 0 || st.st_size == 0)
            return fail(x, S_FAIL, "expected file %s to exist", arg);
    } else if (strcmp(what, "hits") == 0 || strcmp(what, "hit") == 0 ||
               strcmp(what, "hit-label") == 0 ||
               strcmp(what, "watch-error") == 0) {
        return expect_search_watch(x, argc, argv, rest);
    } else if (strcmp(what, "pixel") == 0) {
        return expect_pixel(x, argc, argv);
    } else if (strcmp(what, "image") == 0) {
        const char *got = app_item_image(x->a, v.item);
        if (!got || strcmp(got, arg) != 0)
            return fail(x, S_FAIL, "expected the item to show %s, it shows %s", arg,
                        got ? got : "no picture");
    } else if (strcmp(what, "video-from") == 0) {
        long i = argc == 4 ? lectern_course_item_index(x->a->course, argv[2]) : -1, ms;
        if (i < 0 || parse_long(argv[3], &ms) < 0)
            return fail(x, S_ERROR, "expect video-from ITEM MS (a video item of the course)");
        if (video_ui_resume_ms(x->a, (size_t)i) != ms)
            return fail(x, S_FAIL, "expected video %s to play from %ld ms, it plays from %lld",
                        argv[2], ms, (long long)video_ui_resume_ms(x->a, (size_t)i));
    } else if (strcmp(what, "answer-key") == 0) {
        /* the trainer's answer key of the item on screen: has / lacks TEXT */
        const char *t = rest + strlen(what);
        while (*t == ' ')
            t++;
        int lacks = strncmp(t, "not ", 4) == 0;
        t += lacks ? 4 : 0;
        if (!*t)
            return fail(x, S_ERROR, "expect answer-key [not] TEXT");
        char key[2000], disc[1000];
        presenter_answer_key(x->a, v.item, key, sizeof key,
                             disc, sizeof disc);
        if ((strstr(key, t) != NULL) == lacks)
            return fail(x, S_FAIL, "expected the answer key %sto contain '%s', it reads '%s'",
                        lacks ? "not " : "", t, key);
    } else if ((drc = deliver_expect(x->a, what, arg, x->msg, sizeof x->msg)) >= 0) {
        return drc;   /* trainer mode: segment, pace, overtime, paused, view ... */
    } else {
        const char *erest = rest + strlen(what);
        while (*erest == ' ')
            erest++;
        int erc = exercise_ui_expect(x->a, what, erest, x->msg, sizeof x->msg);
        if (erc >= 0)
            return erc;     /* an exercise on screen: score, passed, feedback, focus ... */
        int lrc = library_ui_script(x->a, argc, argv, x->msg, sizeof x->msg);
        if (lrc >= 0)
            return lrc;
        int prc = progress_ui_script(x->a, argc, argv, x->msg, sizeof x->msg);
        if (prc >= 0)
            return prc;
        return fail(x, S_ERROR, "unknown expectation '%s'", what);
    }
    return S_OK;
}

/* deliver PLAN / rehearse PLAN: trainer mode on the script's clock. */
static int c_deliver(script *x, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc != 2 && argc != 3)
        return fail(x, S_ERROR, "%s needs a plan id (and optionally a budget: 45m, 1h30, 3d)", argv[0]);
    lectern_error err = {0};
    double minutes = 0;
    int days = 0;
    if (argc == 3 && lectern_budget_parse(argv[2], LECTERN_BUDGET_DAY_MINUTES, &minutes, &days, &err) < 0)
        return fail(x, S_ERROR, "%s", err.msg);
    x->a->clock_ms = x->clock;
    deliver_set_budget(minutes, days, 0);
    int rc = deliver_start(x->a, argv[1], strcmp(argv[0], "rehearse") == 0, &err);
    deliver_set_budget(0, 0, 0);
    if (rc < 0)
        return fail(x, S_FAIL, "%s", err.msg);
    return S_OK;
}

/* dcmd NAME [ARG]: a delivery command (lectern_dcmd_parse). */
static int c_dcmd(script *x, int argc, char **argv, const char *rest)
{
    (void)argc; (void)argv;
    lectern_dcmd c;
    lectern_error err = {0};
    if (lectern_dcmd_parse(rest, &c, &err) < 0)
        return fail(x, S_ERROR, "%s", err.msg);
    if (!x->a->deliver)
        return fail(x, S_ERROR, "dcmd: no delivery (deliver PLAN first)");
    if (deliver_command(x->a, &c) < 0)
        return fail(x, S_FAIL, "dcmd %s: not found", rest);
    return S_OK;
}

/* view presenter|projector: what the one output shows in trainer mode. */
static int c_view(script *x, int argc, char **argv, const char *rest)
{
    (void)rest;
    if (argc != 2 || (strcmp(argv[1], "presenter") && strcmp(argv[1], "projector")))
        return fail(x, S_ERROR, "view presenter|projector");
    if (!x->a->deliver)
        return fail(x, S_ERROR, "view: no delivery (deliver PLAN first)");
    x->a->deliver->view = strcmp(argv[1], "presenter") == 0 ? DVIEW_PRESENTER : DVIEW_PROJECTOR;
    x->a->dirty = 1;
    return S_OK;
}

static const struct {
    const char *name;
    script_fn fn;
} commands[] = {
    { "deliver", c_deliver },
    { "rehearse", c_deliver },
    { "dcmd", c_dcmd },
    { "view", c_view },
    { "key", c_key },
    { "type", c_type },
    { "cmd", c_cmd },
    { "goto", c_goto },
    { "tick", c_tick },
    { "wait", c_wait },
    { "screenshot", c_screenshot },
    { "resize", c_resize },
    { "click", c_click },
    { "move", c_move },
    { "wheel", c_wheel },
    { "echo", c_echo },
    { "expect", c_expect },
    { "search", c_search },
    { "pick", c_pick },
    { "wait-reload", c_wait_reload },
};

/* What a script may do while --watch waits for a course broken from the
 * start: look at the screen and wait for the fix. */
static int without_course(int argc, char **argv)
{
    static const char *const cmds[] = { "echo", "screenshot", "resize", "wait-reload" };
    static const char *const expects[] = { "watch-error", "pixel", "running", "file" };
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
        if (strcmp(argv[0], cmds[i]) == 0)
            return argc < 3 || strcmp(argv[0], "screenshot") != 0;
    if (strcmp(argv[0], "expect") != 0 || argc < 2)
        return 0;
    for (size_t i = 0; i < sizeof expects / sizeof *expects; i++)
        if (strcmp(argv[1], expects[i]) == 0)
            return 1;
    return 0;
}

static int run_line(script *x, char *line)
{
    char *p = line;
    while (isspace((unsigned char)*p))
        p++;
    size_t n = strlen(p);
    while (n > 0 && isspace((unsigned char)p[n - 1]))
        p[--n] = '\0';
    if (!*p || *p == '#')
        return S_OK;
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", p);
    char *argv[MAX_ARGS + 1];
    int argc = 0;
    for (char *tok = strtok(copy, " \t"); tok && argc < MAX_ARGS; tok = strtok(NULL, " \t"))
        argv[argc++] = tok;
    argv[argc] = NULL;
    const char *rest = p + strlen(argv[0]);
    while (isspace((unsigned char)*rest))
        rest++;
    if (!x->a->session && !without_course(argc, argv))
        return fail(x, S_FAIL, "%s: no course is loaded yet (it has mistakes); fix it, then "
                    "wait-reload", argv[0]);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[0], commands[i].name) == 0)
            return commands[i].fn(x, argc, argv, rest);
    int lrc = library_ui_script(x->a, argc, argv, x->msg, sizeof x->msg);  /* install, whatsnew */
    if (lrc >= 0)
        return lrc;
    int prc = progress_ui_script(x->a, argc, argv, x->msg, sizeof x->msg);  /* profile, bookmark */
    if (prc >= 0)
        return prc;
    int erc = exercise_ui_script(x->a, argc, argv, p, x->msg, sizeof x->msg);  /* answer, submit */
    if (erc >= 0)
        return erc;
    return fail(x, S_ERROR, "unknown command '%s' (see src/player/SCRIPT.md)", argv[0]);
}

/* The script being read: script_until_course starts it, script_run goes on
 * from the same line. */
static FILE *open_file;
static script open_script;

static int script_open(app *a, const char *path)
{
    if (open_file)
        return S_OK;
    open_file = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!open_file) {
        fprintf(stderr, "lectern: cannot open script %s\n", path);
        return S_ERROR;
    }
    memset(&open_script, 0, sizeof open_script);
    open_script.a = a;
    open_script.file = path;
    return S_OK;
}

static void script_close(void)
{
    if (open_file && open_file != stdin)
        fclose(open_file);
    open_file = NULL;
}

/* Runs lines until one fails (1 or 2), the course is there (0), or the end. */
static int run_lines(script *x, int until_course)
{
    char line[1024];
    while (!(until_course && x->a->course) && fgets(line, sizeof line, open_file)) {
        x->line++;
        int rc = run_line(x, line);
        if (rc != S_OK) {
            fprintf(stderr, "%s:%d: %s\n", x->file, x->line, x->msg);
            return rc;
        }
    }
    return S_OK;
}

int script_until_course(app *a, const char *path)
{
    int rc = script_open(a, path);
    if (rc == S_OK)
        rc = run_lines(&open_script, 1);
    if (rc == S_OK && !a->course) {
        fprintf(stderr, "%s:%d: the script ended while the course still had mistakes\n",
                path, open_script.line);
        rc = S_FAIL;
    }
    if (rc != S_OK)
        script_close();
    return rc;
}

int script_run(app *a, const char *path)
{
    int rc = script_open(a, path);
    if (rc != S_OK)
        return rc;
    app_prefetch(a);
    rc = run_lines(&open_script, 0);
    script_close();
    return rc;
}
