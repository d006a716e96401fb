/* Exercise state per item for the player's session (lectern/exercise.h):
 * the parsed quiz, the current try, the scored result, keyboard focus over
 * the controls, show-solution / classroom reveal and the countdown. Session
 * commands arrive here from session.c; positions are 1-based as displayed. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise_internal.h"
#include "lectern/log.h"


struct lectern_exercises {
    const lectern_course *c;
    size_t n;
    lectern_exercise **e;
    unsigned char *broken;      /* parse failed once: do not retry every frame */
};

lectern_exercises *lectern_exercises_create(const lectern_course *c)
{
    lectern_exercises *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->c = c;
    x->n = lectern_course_n_items(c);
    x->e = calloc(x->n ? x->n : 1, sizeof *x->e);
    x->broken = calloc(x->n ? x->n : 1, 1);
    if (!x->e || !x->broken) {
        lectern_exercises_free(x);
        return NULL;
    }
    return x;
}

static void exercise_free(lectern_exercise *e)
{
    if (!e)
        return;
    if (e->has_result)
        lectern_quiz_result_free(&e->r);
    lectern_quiz_attempt_free(e->a);
    lectern_quiz_free(e->q);
    free(e->ctl);
    free(e);
}

void lectern_exercises_free(lectern_exercises *x)
{
    if (!x)
        return;
    for (size_t i = 0; x->e && i < x->n; i++)
        exercise_free(x->e[i]);
    free(x->e);
    free(x->broken);
    free(x);
}

static int is_set(const lectern_exercise *e)
{
    return lectern_quiz_get_kind(e->q) == LECTERN_QUIZ_SET && lectern_quiz_n_questions(e->q) > 0;
}

/* The question on screen: a set's current question, else the exercise. */
static const lectern_quiz *cq(const lectern_exercise *e)
{
    return is_set(e) ? lectern_quiz_question(e->q, e->qi) : e->q;
}

static lectern_quiz_attempt *ca(const lectern_exercise *e)
{
    return is_set(e) ? lectern_quiz_attempt_question(e->a, e->qi) : e->a;
}

/* The kind of the question on screen. */
static lectern_quiz_kind kind(const lectern_exercise *e)
{
    return lectern_quiz_get_kind(cq(e));
}

/* How many numbered things the trainee chooses among now. */
static size_t n_numbered(const lectern_exercise *e)
{
    switch (kind(e)) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE:
        return lectern_quiz_n_options(cq(e));
    case LECTERN_QUIZ_TRUE_FALSE:
        return 2;
    case LECTERN_QUIZ_MATCHING:
        return lectern_quiz_n_pairs(cq(e));
    case LECTERN_QUIZ_ORDERING:
        return lectern_quiz_n_entries(cq(e));
    case LECTERN_QUIZ_SCENARIO: {
        long st = lectern_quiz_current_step(ca(e));
        if (st < 0 || lectern_quiz_scenario_ended(ca(e)))
            return 0;
        return lectern_quiz_get_step(cq(e), (size_t)st)->n_choices;
    }
    default:
        return 0;
    }
}

static void add_ctl(lectern_exercise *e, lectern_exc_kind k, size_t n)
{
    if (e->n_ctl == e->cap_ctl) {
        size_t cap = e->cap_ctl ? e->cap_ctl * 2 : 16;
        lectern_exc *nc = realloc(e->ctl, cap * sizeof *nc);
        if (!nc)
            return;     /* fewer controls; still consistent */
        e->ctl = nc;
        e->cap_ctl = cap;
    }
    e->ctl[e->n_ctl++] = (lectern_exc){ k, n };
}

/* Recomputes the Tab order; keeps the focus index in range. */
static void rebuild(lectern_exercise *e)
{
    e->n_ctl = 0;
    if (!lectern_quiz_attempt_submitted(e->a)) {
        size_t n = n_numbered(e);
        for (size_t i = 0; i < n; i++)
            add_ctl(e, LECTERN_EXC_OPTION, i);
        if (kind(e) == LECTERN_QUIZ_FILL_BLANK)
            for (size_t i = 0; i < lectern_quiz_n_blanks(cq(e)); i++)
                add_ctl(e, LECTERN_EXC_BLANK, i);
        if (kind(e) == LECTERN_QUIZ_REFLECTION)
            add_ctl(e, LECTERN_EXC_TEXT, 0);
        if (is_set(e)) {
            /* a set: on to the next question, Submit on the last; Back from the second */
            if (e->qi + 1 < lectern_quiz_n_questions(e->q))
                add_ctl(e, LECTERN_EXC_NEXT_QUESTION, 0);
            else
                add_ctl(e, LECTERN_EXC_SUBMIT, 0);
            if (e->qi > 0)
                add_ctl(e, LECTERN_EXC_PREV_QUESTION, 0);
        } else if (kind(e) != LECTERN_QUIZ_SCENARIO) {
            add_ctl(e, LECTERN_EXC_SUBMIT, 0);
        }
    } else {
        /* the first button is what Enter does: try again, else go on */
        int retry = e->has_result && e->r.can_retry;
        if (retry)
            add_ctl(e, LECTERN_EXC_RETRY, 0);
        else
            add_ctl(e, LECTERN_EXC_CONTINUE, 0);
        if (e->has_result && e->r.show_solution && !e->revealed &&
            lectern_quiz_get_kind(e->q) != LECTERN_QUIZ_REFLECTION)
            add_ctl(e, LECTERN_EXC_SOLUTION, 0);
        if (retry)
            add_ctl(e, LECTERN_EXC_CONTINUE, 0);
    }
    if (e->focus >= (long)e->n_ctl)
        e->focus = e->n_ctl ? (long)e->n_ctl - 1 : -1;
}

static long find_ctl(const lectern_exercise *e, lectern_exc_kind k, size_t n)
{
    for (size_t i = 0; i < e->n_ctl; i++)
        if (e->ctl[i].kind == k && e->ctl[i].n == n)
            return (long)i;
    return -1;
}

static int begin(lectern_exercise *e, uint64_t now_ms)
{
    const char *id = e->it->id;
    if (lectern_quiz_attempt_begin(e->q, lectern_quiz_seed(id, 1), (int64_t)now_ms, &e->a) < 0)
        return LECTERN_ENOMEM;
    e->caret_ctl = -1;
    rebuild(e);
    e->focus = e->n_ctl ? 0 : -1;
    return 0;
}

lectern_exercise *lectern_exercises_get(lectern_exercises *x, size_t index, uint64_t now_ms)
{
    if (!x || index >= x->n)
        return NULL;
    if (x->e[index] || x->broken[index])
        return x->e[index];
    const lectern_item *it = lectern_course_item(x->c, index);
    if (!it || it->kind != LECTERN_ITEM_EXERCISE || !it->exercise_json)
        return NULL;
    lectern_exercise *e = calloc(1, sizeof *e);
    lectern_error err = {0};
    if (!e)
        return NULL;
    e->it = it;
    if (lectern_quiz_parse(it->exercise_json, it->id, &e->q, &err) < 0 || begin(e, now_ms) < 0) {
        LOG_WARN("exercise", "%s: %s", it->id, err.msg[0] ? err.msg : "out of memory");
        x->broken[index] = 1;
        exercise_free(e);
        return NULL;
    }
    x->e[index] = e;
    return e;
}

const lectern_exercise *lectern_exercises_peek(const lectern_exercises *x, size_t index)
{
    return x && index < x->n ? x->e[index] : NULL;
}

const lectern_quiz *lectern_exercise_quiz(const lectern_exercise *e) { return e->q; }
const lectern_quiz_attempt *lectern_exercise_attempt(const lectern_exercise *e) { return e->a; }
const lectern_quiz_result *lectern_exercise_result(const lectern_exercise *e)
{
    return e->has_result ? &e->r : NULL;
}
int lectern_exercise_submitted(const lectern_exercise *e)
{
    return lectern_quiz_attempt_submitted(e->a);
}
int lectern_exercise_revealed(const lectern_exercise *e) { return e->revealed; }
int lectern_exercise_n_submits(const lectern_exercise *e) { return e->n_submits; }
size_t lectern_exercise_n_controls(const lectern_exercise *e) { return e->n_ctl; }
lectern_exc lectern_exercise_control(const lectern_exercise *e, size_t i)
{
    if (i < e->n_ctl)
        return e->ctl[i];
    return (lectern_exc){ LECTERN_EXC_CONTINUE, 0 };
}
long lectern_exercise_focus(const lectern_exercise *e) { return e->focus; }

size_t lectern_exercise_question_index(const lectern_exercise *e)
{
    return is_set(e) ? e->qi : 0;
}

const lectern_quiz *lectern_exercise_shown_quiz(const lectern_exercise *e) { return cq(e); }

const lectern_quiz_attempt *lectern_exercise_shown_attempt(const lectern_exercise *e)
{
    return ca(e);
}

int lectern_exercise_countdown_on(const lectern_exercise *e) { return e->cd_on; }

int64_t lectern_exercise_countdown_left(const lectern_exercise *e, uint64_t now_ms)
{
    int64_t total = (int64_t)(lectern_quiz_countdown(e->q) * 1000.0);
    if (!e->cd_on)
        return total;
    int64_t left = total - (int64_t)(now_ms - e->cd_start);
    return left > 0 ? left : 0;
}

int lectern_exercise_is_cmd(lectern_cmd_kind k)
{
    return k >= LECTERN_CMD_ANSWER && k <= LECTERN_CMD_COUNTDOWN;
}

/* ---- commands ---- */

static void say(lectern_exercise_out *out, const char *msg)
{
    snprintf(out->message, sizeof out->message, "%s", msg);
}

static int bad(lectern_exercise_out *out, const char *msg);

/* 1 when the question on screen has an answer (a scenario: an ending),
 * 0 when not (out->message says what to do), or LECTERN_ENOMEM. */
static int question_answered(const lectern_exercise *e, lectern_exercise_out *out)
{
    lectern_quiz_result pre;
    if (lectern_quiz_score(cq(e), ca(e), &pre) < 0) {
        lectern_quiz_result_free(&pre);
        return LECTERN_ENOMEM;
    }
    int answered = kind(e) == LECTERN_QUIZ_SCENARIO && is_set(e) ? pre.completed : pre.answered;
    lectern_quiz_result_free(&pre);
    if (!answered)
        say(out, kind(e) == LECTERN_QUIZ_REFLECTION ? "Write your answer first" :
                 kind(e) == LECTERN_QUIZ_SCENARIO ? "Go on to the end of the case first" :
                 "Answer the question first");
    return answered;
}

/* A set: shows question qi (its first control focused). */
static void show_question(lectern_exercise *e, size_t qi)
{
    e->qi = qi;
    e->caret_ctl = -1;
    rebuild(e);
    e->focus = e->n_ctl ? 0 : -1;
}

static int next_question(lectern_exercise *e, lectern_exercise_out *out)
{
    if (!is_set(e))
        return bad(out, "next-question is for question sets");
    if (lectern_quiz_attempt_submitted(e->a)) {
        say(out, "Submitted: choose Try again to answer the set again");
        return 0;
    }
    if (e->qi + 1 >= lectern_quiz_n_questions(e->q)) {
        say(out, "This is the last question: submit the set");
        return 0;
    }
    int rc = question_answered(e, out);
    if (rc <= 0)
        return rc;
    show_question(e, e->qi + 1);
    return 1;
}

static int prev_question(lectern_exercise *e, lectern_exercise_out *out)
{
    if (!is_set(e))
        return bad(out, "prev-question is for question sets");
    if (lectern_quiz_attempt_submitted(e->a) || e->qi == 0) {
        say(out, e->qi == 0 ? "This is the first question" : "Submitted: choose Try again");
        return 0;
    }
    show_question(e, e->qi - 1);
    return 1;
}

static int submit(lectern_exercise *e, uint64_t now, lectern_exercise_out *out)
{
    if (lectern_quiz_attempt_submitted(e->a)) {
        say(out, "Already submitted: choose Try again for another try");
        return 0;
    }
    if (is_set(e) && e->qi + 1 < lectern_quiz_n_questions(e->q))
        return next_question(e, out);       /* Enter on a question of a set: go on */
    int rc = question_answered(e, out);
    if (rc <= 0)
        return rc;
    /* a set: every question answered (Back may have left one open) */
    for (size_t i = 0; is_set(e) && i < lectern_quiz_n_questions(e->q); i++) {
        size_t was = e->qi;
        e->qi = i;
        rc = question_answered(e, out);
        e->qi = was;
        if (rc < 0)
            return rc;
        if (rc == 0) {
            char m[120];
            snprintf(m, sizeof m, "Question %zu is not answered yet", i + 1);
            say(out, m);
            show_question(e, i);
            return 1;
        }
    }
    lectern_quiz_attempt_submit(e->a, (int64_t)now);
    if (e->has_result)
        lectern_quiz_result_free(&e->r);
    e->has_result = 0;
    if (lectern_quiz_score(e->q, e->a, &e->r) < 0) {
        lectern_quiz_result_free(&e->r);
        return LECTERN_ENOMEM;
    }
    e->has_result = 1;
    e->n_submits++;
    out->attempt = 1;
    e->caret_ctl = -1;
    rebuild(e);
    e->focus = e->n_ctl ? 0 : -1;
    return 1;
}

static int retry(lectern_exercise *e, uint64_t now, lectern_exercise_out *out)
{
    if (!lectern_quiz_attempt_submitted(e->a)) {
        say(out, "Submit this try first");
        return 0;
    }
    if (!e->has_result || !e->r.can_retry) {
        say(out, e->has_result && e->r.success ? "Already passed" : "No tries left");
        return 0;
    }
    int t = lectern_quiz_attempt_try(e->a);
    if (lectern_quiz_attempt_retry(e->a, lectern_quiz_seed(e->it->id, (uint64_t)t + 1),
                                   (int64_t)now) < 0) {
        say(out, "No tries left");
        return 0;
    }
    lectern_quiz_result_free(&e->r);
    e->has_result = 0;
    e->revealed = 0;
    show_question(e, 0);
    return 1;
}

static int reveal(lectern_exercise *e, int classroom, lectern_exercise_out *out)
{
    if (classroom) {
        e->revealed = !e->revealed;
    } else if (e->has_result && e->r.show_solution) {
        if (e->revealed)
            return 0;
        e->revealed = 1;
    } else {
        say(out, lectern_quiz_show_solution(e->q) ?
                 "The solution shows once you pass or have no tries left" :
                 "This exercise does not show its solution");
        return 0;
    }
    rebuild(e);
    return 1;
}

static int locked(lectern_exercise *e, lectern_exercise_out *out)
{
    if (!lectern_quiz_attempt_submitted(e->a))
        return 0;
    say(out, e->has_result && e->r.can_retry ? "Submitted: choose Try again to change your answer"
                                             : "Submitted: this try can no longer change");
    return 1;
}

/* For session_exercise_text.c (exercise_internal.h). */
lectern_quiz_attempt *exercise_ca(const lectern_exercise *e) { return ca(e); }
void exercise_say(lectern_exercise_out *out, const char *msg) { say(out, msg); }
int exercise_bad(lectern_exercise_out *out, const char *msg) { return bad(out, msg); }
int exercise_locked(lectern_exercise *e, lectern_exercise_out *out) { return locked(e, out); }

static void focus_to(lectern_exercise *e, lectern_exc_kind k, size_t n)
{
    long f = find_ctl(e, k, n);
    if (f >= 0)
        e->focus = f;
}

/* The next control after the focus that is a blank or matching row, else Submit. */
static void focus_after(lectern_exercise *e)
{
    for (long i = e->focus + 1; i < (long)e->n_ctl; i++) {
        if (e->ctl[i].kind == LECTERN_EXC_BLANK ||
            (e->ctl[i].kind == LECTERN_EXC_OPTION && kind(e) == LECTERN_QUIZ_MATCHING)) {
            e->focus = i;
            return;
        }
    }
    focus_to(e, LECTERN_EXC_SUBMIT, 0);
}

/* What number key n (0-based here) does. */
static int choose(lectern_exercise *e, size_t n, uint64_t now, lectern_exercise_out *out)
{
    if (locked(e, out))
        return 0;
    if (n >= n_numbered(e)) {
        char m[80];
        snprintf(m, sizeof m, "There is no choice %zu here", n + 1);
        say(out, m);
        return 0;
    }
    const lectern_quiz_attempt *cat = ca(e);
    switch (kind(e)) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
        lectern_quiz_select(ca(e), lectern_quiz_attempt_shown(cat, n), 1);
        focus_to(e, LECTERN_EXC_OPTION, n);
        return 1;
    case LECTERN_QUIZ_MULTIPLE_RESPONSE: {
        size_t o = lectern_quiz_attempt_shown(cat, n);
        lectern_quiz_select(ca(e), o, !lectern_quiz_selected(cat, o));
        focus_to(e, LECTERN_EXC_OPTION, n);
        return 1;
    }
    case LECTERN_QUIZ_TRUE_FALSE:
        lectern_quiz_set_bool(ca(e), n == 0);
        focus_to(e, LECTERN_EXC_OPTION, n);
        return 1;
    case LECTERN_QUIZ_MATCHING: {
        long f = e->focus;
        if (f < 0 || e->ctl[f].kind != LECTERN_EXC_OPTION) {
            focus_to(e, LECTERN_EXC_OPTION, 0);
            f = e->focus;
        }
        lectern_quiz_match(ca(e), e->ctl[f].n, (long)lectern_quiz_attempt_shown(cat, n));
        focus_after(e);
        return 1;
    }
    case LECTERN_QUIZ_ORDERING:
        focus_to(e, LECTERN_EXC_OPTION, n);
        return 1;
    case LECTERN_QUIZ_SCENARIO: {
        int rc = lectern_quiz_choose(ca(e), n);
        if (rc < 0) {
            say(out, "This choice leads nowhere (an authoring mistake)");
            return 0;
        }
        if (lectern_quiz_scenario_ended(ca(e)) && !is_set(e))
            return submit(e, now, out);
        rebuild(e);
        e->focus = e->n_ctl ? 0 : -1;     /* a set's ending: the Next button */
        return 1;
    }
    default:
        return 0;
    }
}

/* Parses "1,3" / "3 1 2" into 0-based numbers; -1 on a bad list. */
static long parse_list(const char *s, size_t *out, size_t max)
{
    size_t n = 0;
    const char *p = s;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 1 || n >= max)
            return -1;
        out[n++] = (size_t)(v - 1);
        p = end;
        if (*p && *p != ' ' && *p != ',')
            return -1;
    }
    return (long)n;
}

static int bad(lectern_exercise_out *out, const char *msg)
{
    say(out, msg);
    return LECTERN_EINVAL;
}

static int answer(lectern_exercise *e, const char *arg, uint64_t now, lectern_exercise_out *out)
{
    if (locked(e, out))
        return 0;
    size_t list[64];
    lectern_quiz_kind k = kind(e);
    if (k == LECTERN_QUIZ_TRUE_FALSE) {
        int v = strcmp(arg, "true") == 0 ? 1 : strcmp(arg, "false") == 0 ? 0 : -1;
        if (v < 0)
            return bad(out, "answer true or answer false");
        return choose(e, v ? 0 : 1, now, out);
    }
    if (k != LECTERN_QUIZ_SINGLE_CHOICE && k != LECTERN_QUIZ_MULTIPLE_RESPONSE)
        return bad(out, "answer is for choice and true/false exercises (use match, order, "
                        "fill, choose or text)");
    long n = parse_list(arg, list, 64);
    if (n < 1 || (k == LECTERN_QUIZ_SINGLE_CHOICE && n != 1))
        return bad(out, k == LECTERN_QUIZ_SINGLE_CHOICE ? "answer N (one option number)"
                                                        : "answer N,M,... (option numbers)");
    size_t no = lectern_quiz_n_options(cq(e));
    for (long i = 0; i < n; i++)
        if (list[i] >= no)
            return bad(out, "answer: no such option");
    for (size_t o = 0; o < no; o++)
        lectern_quiz_select(ca(e), o, 0);
    for (long i = 0; i < n; i++)
        lectern_quiz_select(ca(e), lectern_quiz_attempt_shown(ca(e), list[i]), 1);
    focus_to(e, LECTERN_EXC_OPTION, list[n - 1]);
    return 1;
}

static int match(lectern_exercise *e, const char *arg, lectern_exercise_out *out)
{
    if (locked(e, out))
        return 0;
    if (kind(e) != LECTERN_QUIZ_MATCHING)
        return bad(out, "match is for matching exercises");
    long l, r;
    char extra;
    if (sscanf(arg, "%ld %ld %c", &l, &r, &extra) != 2 || l < 1 || r < 0 ||
        (size_t)l > lectern_quiz_n_pairs(cq(e)) || (size_t)r > lectern_quiz_n_pairs(cq(e)))
        return bad(out, "match LEFT RIGHT (row numbers as shown; RIGHT 0 clears)");
    long right = r == 0 ? -1 : (long)lectern_quiz_attempt_shown(ca(e), (size_t)r - 1);
    lectern_quiz_match(ca(e), (size_t)l - 1, right);
    focus_to(e, LECTERN_EXC_OPTION, (size_t)l - 1);
    return 1;
}

static int order(lectern_exercise *e, const char *arg, lectern_exercise_out *out)
{
    if (locked(e, out))
        return 0;
    if (kind(e) != LECTERN_QUIZ_ORDERING)
        return bad(out, "order is for ordering exercises");
    size_t n = lectern_quiz_n_entries(cq(e)), list[64], now_at[64], seen[64] = {0};
    if (n > 64 || parse_list(arg, list, 64) != (long)n)
        return bad(out, "order: give every position once, e.g. order 3 1 2");
    for (size_t i = 0; i < n; i++) {
        if (list[i] >= n || seen[list[i]]++)
            return bad(out, "order: give every position once, e.g. order 3 1 2");
        now_at[i] = lectern_quiz_order_at(ca(e), list[i]);
    }
    lectern_quiz_set_order(ca(e), now_at, n);
    return 1;
}

static int fill(lectern_exercise *e, const char *arg, lectern_exercise_out *out)
{
    if (locked(e, out))
        return 0;
    if (kind(e) != LECTERN_QUIZ_FILL_BLANK)
        return bad(out, "fill is for fill-in-the-blank exercises");
    lectern_exc_kind k;
    long b = exercise_focused_field(e, &k);
    size_t nb = lectern_quiz_n_blanks(cq(e));
    if (b < 0) {
        for (size_t i = 0; i < nb && b < 0; i++)
            if (!*lectern_quiz_filled(ca(e), i))
                b = (long)i;
    }
    if (b < 0)
        return bad(out, "fill: every blank is filled; focus one to change it");
    lectern_quiz_fill(ca(e), (size_t)b, arg);
    e->caret_ctl = -1;
    focus_to(e, LECTERN_EXC_BLANK, (size_t)b);
    focus_after(e);
    return 1;
}

static int activate(lectern_exercise *e, uint64_t now, int classroom, lectern_exercise_out *out)
{
    if (e->focus < 0 || (size_t)e->focus >= e->n_ctl)
        return 0;
    lectern_exc c = e->ctl[e->focus];
    switch (c.kind) {
    case LECTERN_EXC_OPTION:
        if (kind(e) == LECTERN_QUIZ_ORDERING)
            return 0;
        if (kind(e) == LECTERN_QUIZ_MATCHING) {
            /* cycle this row's match through the right column */
            if (locked(e, out))
                return 0;
            long cur = lectern_quiz_matched(ca(e), c.n), pos = -1;
            size_t np = lectern_quiz_n_pairs(cq(e));
            for (size_t p = 0; p < np; p++)
                if ((long)lectern_quiz_attempt_shown(ca(e), p) == cur)
                    pos = (long)p;
            long next = pos + 1 >= (long)np ? -1 : (long)lectern_quiz_attempt_shown(ca(e),
                                                                            (size_t)(pos + 1));
            lectern_quiz_match(ca(e), c.n, next);
            return 1;
        }
        return choose(e, c.n, now, out);
    case LECTERN_EXC_SUBMIT:
        return submit(e, now, out);
    case LECTERN_EXC_RETRY:
        return retry(e, now, out);
    case LECTERN_EXC_SOLUTION:
        return reveal(e, classroom, out);
    case LECTERN_EXC_CONTINUE:
        out->go_next = 1;
        return 1;
    case LECTERN_EXC_NEXT_QUESTION:
        return next_question(e, out);
    case LECTERN_EXC_PREV_QUESTION:
        return prev_question(e, out);
    default:
        return 0;
    }
}

static int reorder(lectern_exercise *e, long by, lectern_exercise_out *out)
{
    if (kind(e) != LECTERN_QUIZ_ORDERING)
        return 0;
    if (locked(e, out))
        return 0;
    if (e->focus < 0 || e->ctl[e->focus].kind != LECTERN_EXC_OPTION)
        return 0;
    long from = (long)e->ctl[e->focus].n, n = (long)lectern_quiz_n_entries(cq(e));
    long to = from + by;
    to = to < 0 ? 0 : to >= n ? n - 1 : to;
    if (to == from)
        return 0;
    lectern_quiz_move(ca(e), (size_t)from, (size_t)to);
    focus_to(e, LECTERN_EXC_OPTION, (size_t)to);
    return 1;
}

int lectern_exercise_handle(lectern_exercise *e, const lectern_cmd *cmd, uint64_t now_ms,
                            int classroom, lectern_exercise_out *out)
{
    if (!e || !cmd)
        return LECTERN_EINVAL;
    if (kind(e) == LECTERN_QUIZ_SET) {      /* a set without questions (check flags it) */
        say(out, "This question set has no questions");
        return 0;
    }
    switch (cmd->kind) {
    case LECTERN_CMD_ANSWER:
        return answer(e, cmd->id, now_ms, out);
    case LECTERN_CMD_CHOOSE:
        if (cmd->n < 1)
            return bad(out, "choose N (1 for the first choice shown)");
        return choose(e, (size_t)cmd->n - 1, now_ms, out);
    case LECTERN_CMD_MATCH:
        return match(e, cmd->id, out);
    case LECTERN_CMD_ORDER:
        return order(e, cmd->id, out);
    case LECTERN_CMD_FILL:
        return fill(e, cmd->id, out);
    case LECTERN_CMD_TEXT:
        if (kind(e) != LECTERN_QUIZ_REFLECTION)
            return bad(out, "text is for reflection exercises (fill for blanks)");
        if (locked(e, out))
            return 0;
        lectern_quiz_set_text(ca(e), cmd->id);
        focus_to(e, LECTERN_EXC_TEXT, 0);
        e->caret_ctl = -1;      /* the caret goes to the end */
        return 1;
    case LECTERN_CMD_INPUT:
        return exercise_edit_field(e, cmd->id, 0, out);
    case LECTERN_CMD_ERASE:
        return exercise_edit_field(e, NULL, 0, out);
    case LECTERN_CMD_DELETE:
        return exercise_edit_field(e, NULL, 1, out);
    case LECTERN_CMD_CARET:
        return exercise_move_caret(e, cmd->id, out);
    case LECTERN_CMD_NEXT_QUESTION:
        return next_question(e, out);
    case LECTERN_CMD_PREV_QUESTION:
        return prev_question(e, out);
    case LECTERN_CMD_SUBMIT:
        return submit(e, now_ms, out);
    case LECTERN_CMD_RETRY:
        return retry(e, now_ms, out);
    case LECTERN_CMD_REVEAL:
        return reveal(e, classroom, out);
    case LECTERN_CMD_FOCUS:
        if (cmd->n < 0 || (size_t)cmd->n >= e->n_ctl)
            return bad(out, "focus: no such control");
        if (e->focus == cmd->n)
            return 0;
        e->focus = cmd->n;
        return 1;
    case LECTERN_CMD_FOCUS_MOVE: {
        if (e->n_ctl == 0)
            return 0;
        long n = (long)e->n_ctl, f = e->focus < 0 ? (cmd->n > 0 ? -1 : 0) : e->focus;
        e->focus = (((f + cmd->n) % n) + n) % n;
        return 1;
    }
    case LECTERN_CMD_ACTIVATE:
        return activate(e, now_ms, classroom, out);
    case LECTERN_CMD_REORDER:
        return reorder(e, cmd->n, out);
    case LECTERN_CMD_COUNTDOWN:
        if (lectern_quiz_countdown(e->q) <= 0) {
            say(out, "This exercise has no countdown");
            return 0;
        }
        e->cd_on = !e->cd_on;
        e->cd_start = now_ms;
        return 1;
    default:
        return LECTERN_EINVAL;
    }
}
