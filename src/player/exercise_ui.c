/* Input for the exercise on the slide screen: number keys, Tab/Shift-Tab,
 * Space/Enter, arrows in ordering, typed text for blanks and reflections
 * (while a field has the focus no navigation key takes its keys), clicks
 * on the targets exercise_view.c registered, and --script expectations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise_view.h"
#include "lectern/exercise.h"

static char composing[128];     /* IME text being composed (SDL_TEXTEDITING) */

/* The current item's exercise when it is on the slide screen with nothing over it. */
static lectern_exercise *current(app *a)
{
    if (!a->session || a->error_text)
        return NULL;
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    if (v.screen != LECTERN_SCREEN_SLIDE)
        return NULL;
    return lectern_session_exercise(a->session);
}

static int send(app *a, lectern_cmd_kind k, long n)
{
    lectern_cmd c = lectern_cmd_make(k, n);
    app_command(a, &c);
    return 1;
}

static lectern_exc focused_control(const lectern_exercise *e, int *ok)
{
    long f = lectern_exercise_focus(e);
    *ok = f >= 0 && (size_t)f < lectern_exercise_n_controls(e);
    return lectern_exercise_control(e, *ok ? (size_t)f : 0);
}

static int is_button(lectern_exc_kind k)
{
    return k == LECTERN_EXC_SUBMIT || k == LECTERN_EXC_RETRY || k == LECTERN_EXC_SOLUTION ||
           k == LECTERN_EXC_CONTINUE || k == LECTERN_EXC_NEXT_QUESTION ||
           k == LECTERN_EXC_PREV_QUESTION;
}

int exercise_ui_typing(app *a)
{
    lectern_exercise *e = current(a);
    return e && !lectern_exercise_submitted(e) && lectern_exercise_text_focused(e);
}

static int caret(app *a, const char *how)
{
    lectern_cmd c = lectern_cmd_make_id(LECTERN_CMD_CARET, how);
    app_command(a, &c);
    return 1;
}

/* Keys while a blank or the reflection has the focus. The arrows move the
 * caret in the text's logical order; in a right-to-left text Left moves
 * towards its end (visually left). */
static int typing_key(app *a, lectern_exercise *e, SDL_Keycode key, uint16_t mod)
{
    int shift = (mod & KMOD_SHIFT) != 0, ctrl = (mod & KMOD_CTRL) != 0;
    int rtl = exercise_view_rtl();
    if (composing[0] && (key == SDLK_BACKSPACE || key == SDLK_DELETE || key == SDLK_LEFT ||
                         key == SDLK_RIGHT || key == SDLK_HOME || key == SDLK_END ||
                         key == SDLK_RETURN || key == SDLK_KP_ENTER || key == SDLK_ESCAPE))
        return 1;           /* the IME edits its composition with these */
    switch (key) {
    case SDLK_LEFT:
    case SDLK_RIGHT: {
        int fwd = (key == SDLK_RIGHT) != rtl;
        return caret(a, ctrl ? (fwd ? "word-right" : "word-left") : (fwd ? "right" : "left"));
    }
    case SDLK_HOME:
        return caret(a, "home");
    case SDLK_END:
        return caret(a, "end");
    case SDLK_DELETE:
        return send(a, LECTERN_CMD_DELETE, 0);
    case SDLK_TAB:
        return send(a, LECTERN_CMD_FOCUS_MOVE, shift ? -1 : 1);
    case SDLK_BACKSPACE:
        return send(a, LECTERN_CMD_ERASE, 0);
    case SDLK_ESCAPE:       /* leave the field: to the button */
    case SDLK_RETURN:
    case SDLK_KP_ENTER: {
        int ok;
        lectern_exc c = focused_control(e, &ok);
        size_t n = lectern_exercise_n_controls(e);
        if (key != SDLK_ESCAPE && c.kind == LECTERN_EXC_BLANK && (size_t)lectern_exercise_focus(e) + 2 < n)
            return send(a, LECTERN_CMD_FOCUS_MOVE, 1);     /* Enter: next blank */
        if (key != SDLK_ESCAPE)
            return send(a, LECTERN_CMD_SUBMIT, 0);
        return send(a, LECTERN_CMD_FOCUS, (long)n - 1);
    }
    case SDLK_F11:
    case SDLK_F12:
    case SDLK_PAGEUP:
    case SDLK_PAGEDOWN:
        return 0;           /* not typing keys: they keep their meaning */
    default:
        /* letters, digits, space, Up/Down: the text field's; Ctrl and Alt
         * shortcuts (text scale, contrast) keep their meaning */
        return !(mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI));
    }
}

int exercise_ui_key(app *a, SDL_Keycode key, uint16_t mod)
{
    lectern_exercise *e = current(a);
    if (!e)
        return 0;
    if (!lectern_exercise_submitted(e) && lectern_exercise_text_focused(e))
        return typing_key(a, e, key, mod);
    if (mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI))
        return 0;
    const lectern_quiz *q = lectern_exercise_shown_quiz(e);
    lectern_quiz_kind kind = lectern_quiz_get_kind(q);
    int submitted = lectern_exercise_submitted(e);
    int shift = (mod & KMOD_SHIFT) != 0;
    int ok;
    lectern_exc c = focused_control(e, &ok);
    long digit = -1;
    if (key >= SDLK_1 && key <= SDLK_9)
        digit = key - SDLK_0;
    else if (key >= SDLK_KP_1 && key <= SDLK_KP_9)
        digit = key - SDLK_KP_1 + 1;
    /* classroom keys: R reveals to the room, G starts/stops the group countdown */
    if (lectern_session_classroom(a->session) && (key == SDLK_r || key == SDLK_g))
        return send(a, key == SDLK_r ? LECTERN_CMD_REVEAL : LECTERN_CMD_COUNTDOWN, 0);
    switch (key) {
    case SDLK_TAB:
        if (lectern_exercise_n_controls(e) == 0)
            return 0;
        return send(a, LECTERN_CMD_FOCUS_MOVE, shift ? -1 : 1);
    case SDLK_SPACE:
        if (!ok)
            return 0;
        return send(a, LECTERN_CMD_ACTIVATE, 0);
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        if (ok && is_button(c.kind))
            return send(a, LECTERN_CMD_ACTIVATE, 0);
        if (submitted)
            return 0;       /* Enter: next item, as on slides */
        if (kind == LECTERN_QUIZ_SCENARIO)
            return ok ? send(a, LECTERN_CMD_ACTIVATE, 0) : 1;
        return send(a, LECTERN_CMD_SUBMIT, 0);
    case SDLK_UP:
    case SDLK_DOWN:
        if (submitted || lectern_exercise_n_controls(e) == 0)
            return 0;       /* after submitting the arrows navigate again */
        if (kind == LECTERN_QUIZ_ORDERING && ok && c.kind == LECTERN_EXC_OPTION)
            return send(a, LECTERN_CMD_REORDER, key == SDLK_UP ? -1 : 1);
        return send(a, LECTERN_CMD_FOCUS_MOVE, key == SDLK_UP ? -1 : 1);
    default:
        break;
    }
    if (digit > 0 && !submitted && kind != LECTERN_QUIZ_FILL_BLANK &&
        kind != LECTERN_QUIZ_REFLECTION)
        return send(a, LECTERN_CMD_CHOOSE, digit);
    return 0;
}

void exercise_ui_editing(app *a, const char *utf8)
{
    const char *s = utf8 && exercise_ui_typing(a) ? utf8 : "";
    if (strcmp(s, composing) != 0)
        a->dirty = 1;
    /* cut between UTF-8 characters when it does not fit */
    size_t n = strlen(s);
    if (n >= sizeof composing) {
        n = sizeof composing - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(composing, s, n);
    composing[n] = '\0';
}

const char *exercise_ui_composition(void)
{
    return composing;
}

int exercise_ui_text(app *a, const char *utf8)
{
    composing[0] = '\0';       /* the IME committed its text */
    if (!utf8 || !*utf8 || !exercise_ui_typing(a))
        return 0;
    /* in pieces that fit a command, cut between UTF-8 characters */
    size_t n = strlen(utf8), at = 0;
    while (at < n) {
        size_t k = n - at > 100 ? 100 : n - at;
        while (k > 0 && at + k < n && ((unsigned char)utf8[at + k] & 0xC0) == 0x80)
            k--;
        char piece[128];
        memcpy(piece, utf8 + at, k);
        piece[k] = '\0';
        lectern_cmd c = lectern_cmd_make_id(LECTERN_CMD_INPUT, piece);
        app_command(a, &c);
        at += k;
    }
    return 1;
}

int exercise_ui_script(app *a, int argc, char **argv, const char *line, char *msg, size_t n)
{
    if (argc >= 1 && strcmp(argv[0], "classroom") == 0) {
        int on = argc == 2 && strcmp(argv[1], "on") == 0;
        if (argc != 2 || (!on && strcmp(argv[1], "off") != 0))
            return snprintf(msg, n, "classroom on|off"), 2;
        lectern_session_set_classroom(a->session, on);
        a->dirty = 1;
        return 0;
    }
    if (argc >= 1 && strcmp(argv[0], "compose") == 0) {
        /* what an IME sends while composing: shown at the caret, not yet typed */
        if (!exercise_ui_typing(a))
            return snprintf(msg, n, "compose: no text field has the focus"), 1;
        const char *rest = line + strspn(line, " \t");
        rest += strcspn(rest, " \t");
        rest += strspn(rest, " \t");
        exercise_ui_editing(a, rest);
        a->dirty = 1;
        return 0;
    }
    if (argc >= 1 && strcmp(argv[0], "exercise-view") == 0) {
        static const char *const modes[] = { "trainee", "audience", "trainer" };
        for (int m = 0; argc == 2 && m < 3; m++)
            if (strcmp(argv[1], modes[m]) == 0) {
                exercise_view_force_mode(m);
                a->dirty = 1;
                return 0;
            }
        if (argc == 2 && strcmp(argv[1], "auto") == 0) {
            exercise_view_force_mode(-1);
            return 0;
        }
        return snprintf(msg, n, "exercise-view trainee|audience|trainer|auto"), 2;
    }
    lectern_cmd c;
    lectern_error err = {0};
    if (argc < 1 || lectern_cmd_parse(line, &c, &err) < 0 || !lectern_exercise_is_cmd(c.kind)) {
        /* a known exercise command with a bad argument is an error, not unknown */
        lectern_cmd k;
        lectern_error e2 = {0};
        char name[64];
        snprintf(name, sizeof name, "%s 1", argc ? argv[0] : "");
        if (argc >= 1 && lectern_cmd_parse(name, &k, &e2) == 0 && lectern_exercise_is_cmd(k.kind))
            return snprintf(msg, n, "%s", err.msg), 2;
        return -1;
    }
    if (!current(a))
        return snprintf(msg, n, "%s: the item on screen is not an exercise", argv[0]), 1;
    if (app_command(a, &c) < 0) {
        lectern_session_view v;
        lectern_session_get_view(a->session, &v);
        return snprintf(msg, n, "%s: %s", argv[0], v.message), 2;
    }
    return 0;
}

int exercise_ui_click(app *a, int x, int y, int button)
{
    if (!current(a))
        return 0;
    lectern_cmd c;
    int in_body = 0;
    if (exercise_view_hit(a, x, y, &c, &in_body)) {
        if (button == SDL_BUTTON_LEFT)
            app_command(a, &c);
        return 1;
    }
    /* a click between the options does nothing (no accidental next slide);
     * below the exercise (footer) and with the right button it navigates */
    return in_body && button == SDL_BUTTON_LEFT;
}

void exercise_ui_print_keys(FILE *f)
{
    fprintf(f,
        "  exercises: 1-9 choose (matching: the match for the focused row), Tab / Shift+Tab\n"
        "  move the focus, Space select or press, Enter submit (or press the focused\n"
        "  button), Up/Down move the focus (ordering: move the entry); in a text field\n"
        "  every key types, Left/Right/Home/End move the caret (Ctrl: by word), Delete\n"
        "  deletes after it, Tab leaves it, Esc goes to the button; question sets: Enter\n"
        "  or the Next button goes on once answered, Submit on the last; --classroom: R reveal\n"
        "  the answer to the room, G start/stop the group countdown\n");
}

/* ---- --script expectations ---- */

static int failf(char *msg, size_t n, int code, const char *fmt, const char *a1, const char *a2)
{
    snprintf(msg, n, fmt, a1, a2);
    return code;
}

static int contains_feedback(app *a, const lectern_quiz_result *r, const char *want)
{
    const lectern_text *t[3] = { r->feedback, r->band_feedback, r->general_feedback };
    for (int i = 0; i < 3; i++) {
        const char *s = t[i] ? lectern_text_get(t[i], a->lang, a->fallback) : NULL;
        if (s && strstr(s, want))
            return 1;
    }
    for (size_t i = 0; i < r->n_parts; i++) {
        const char *s = r->parts[i].feedback ?
                        lectern_text_get(r->parts[i].feedback, a->lang, a->fallback) : NULL;
        if (s && strstr(s, want))
            return 1;
    }
    return 0;
}

static const char *const control_names[] = { "option", "blank", "text", "submit", "retry",
                                             "solution", "continue", "next-question",
                                             "prev-question" };

int exercise_ui_expect(app *a, const char *what, const char *rest, char *msg, size_t n)
{
    static const char *const mine[] = { "score", "passed", "feedback", "submitted", "revealed",
                                        "try", "focus", "response", "typing", "countdown",
                                        "selected", "question", "caret", "field", NULL };
    int known = 0;
    for (int i = 0; mine[i]; i++)
        known |= strcmp(what, mine[i]) == 0;
    if (!known)
        return -1;
    char arg[512];
    snprintf(arg, sizeof arg, "%s", rest ? rest : "");
    size_t al = strlen(arg);
    if (al >= 2 && arg[0] == '"' && arg[al - 1] == '"') {   /* "quoted text" */
        memmove(arg, arg + 1, al - 2);
        arg[al - 2] = '\0';
    }
    lectern_exercise *e = current(a);
    if (!e)
        return -1;      /* not on an exercise: other expectations may use the name */
    const lectern_quiz_result *r = lectern_exercise_result(e);
    char got[200];
    if (strcmp(what, "submitted") == 0 || strcmp(what, "revealed") == 0 ||
        strcmp(what, "passed") == 0 || strcmp(what, "typing") == 0) {
        int want = strcmp(arg, "yes") == 0;
        if (!want && strcmp(arg, "no") != 0)
            return failf(msg, n, 2, "expect %s yes|no%s", what, "");
        int v = strcmp(what, "submitted") == 0 ? lectern_exercise_submitted(e) :
                strcmp(what, "revealed") == 0 ? lectern_exercise_revealed(e) :
                strcmp(what, "typing") == 0 ? exercise_ui_typing(a) : r && r->success;
        if (strcmp(what, "passed") == 0 && !r)
            return failf(msg, n, 1, "expected passed %s: nothing submitted%s", arg, "");
        if (v != want)
            return failf(msg, n, 1, "expected %s %s", what, arg);
        return 0;
    }
    if (strcmp(what, "try") == 0) {
        snprintf(got, sizeof got, "%d", lectern_quiz_attempt_try(lectern_exercise_attempt(e)));
        if (strcmp(got, arg) != 0)
            return failf(msg, n, 1, "expected try %s, got %s", arg, got);
        return 0;
    }
    if (strcmp(what, "focus") == 0) {
        long f = lectern_exercise_focus(e);
        if (f < 0)
            snprintf(got, sizeof got, "none");
        else {
            lectern_exc c = lectern_exercise_control(e, (size_t)f);
            if (c.kind == LECTERN_EXC_OPTION || c.kind == LECTERN_EXC_BLANK)
                snprintf(got, sizeof got, "%s %zu", control_names[c.kind], c.n + 1);
            else
                snprintf(got, sizeof got, "%s", control_names[c.kind]);
        }
        if (strcmp(got, arg) != 0)
            return failf(msg, n, 1, "expected focus %s, got %s", arg, got);
        return 0;
    }
    if (strcmp(what, "question") == 0) {      /* a set's question on screen: "2/5" */
        const lectern_quiz *q = lectern_exercise_quiz(e);
        if (lectern_quiz_get_kind(q) != LECTERN_QUIZ_SET)
            return failf(msg, n, 1, "expected question %s: this exercise is not a set%s", arg, "");
        snprintf(got, sizeof got, "%zu/%zu", lectern_exercise_question_index(e) + 1,
                 lectern_quiz_n_questions(q));
        if (strcmp(got, arg) != 0)
            return failf(msg, n, 1, "expected question %s, got %s", arg, got);
        return 0;
    }
    if (strcmp(what, "caret") == 0 || strcmp(what, "field") == 0) {
        /* the focused field's text, or its caret as a character count from the start */
        long k = lectern_exercise_caret(e);
        if (k < 0)
            return failf(msg, n, 1, "expected %s %s: no text field has the focus", what, arg);
        long f = lectern_exercise_focus(e);
        lectern_exc c = lectern_exercise_control(e, (size_t)f);
        const lectern_quiz_attempt *at = lectern_exercise_shown_attempt(e);
        const char *t = c.kind == LECTERN_EXC_BLANK ? lectern_quiz_filled(at, c.n)
                                                    : lectern_quiz_get_text(at);
        if (strcmp(what, "field") == 0) {
            if (strcmp(t, arg) != 0)
                return failf(msg, n, 1, "expected field '%s', got '%s'", arg, t);
            return 0;
        }
        long chars = 0;
        for (long i = 0; i < k; i++)
            chars += ((unsigned char)t[i] & 0xC0) != 0x80;
        snprintf(got, sizeof got, "%ld", chars);
        if (strcmp(got, arg) != 0)
            return failf(msg, n, 1, "expected caret %s, got %s", arg, got);
        return 0;
    }
    if (strcmp(what, "countdown") == 0) {
        long sec = (long)((lectern_exercise_countdown_left(e, a->clock_ms) + 999) / 1000);
        snprintf(got, sizeof got, "%ld", sec);
        if (strcmp(got, arg) != 0)
            return failf(msg, n, 1, "expected countdown %s s, got %s s", arg, got);
        return 0;
    }
    if (strcmp(what, "selected") == 0) {      /* positions as shown, "1,3" or "none" */
        const lectern_quiz_attempt *at = lectern_exercise_shown_attempt(e);
        const lectern_quiz *q = lectern_exercise_shown_quiz(e);
        size_t o = 0;
        got[0] = '\0';
        for (size_t p = 0; p < lectern_quiz_n_options(q); p++)
            if (lectern_quiz_selected(at, lectern_quiz_attempt_shown(at, p)))
                o += (size_t)snprintf(got + o, sizeof got - o, "%s%zu", o ? "," : "", p + 1);
        if (!got[0])
            snprintf(got, sizeof got, "none");
        if (strcmp(got, arg) != 0)
            return failf(msg, n, 1, "expected selected %s, got %s", arg, got);
        return 0;
    }
    if (!r)
        return failf(msg, n, 1, "expected %s: nothing submitted yet%s", what, "");
    if (strcmp(what, "score") == 0) {
        snprintf(got, sizeof got, "%g/%g", r->raw, r->max);
        if (strcmp(got, arg) != 0)
            return failf(msg, n, 1, "expected score %s, got %s", arg, got);
    } else if (strcmp(what, "response") == 0) {
        if (strcmp(r->response, arg) != 0)
            return failf(msg, n, 1, "expected response '%s', got '%s'", arg, r->response);
    } else if (strcmp(what, "feedback") == 0) {
        if (!contains_feedback(a, r, arg))
            return failf(msg, n, 1, "expected feedback containing '%s'%s", arg, "");
    }
    return 0;
}
