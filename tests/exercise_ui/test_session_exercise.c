/* Exercise state in the session (src/core/session_exercise.c) over the
 * sample course: every kind answered right and wrong through session
 * commands, retries with a new shuffle, show solution, focus, text fields,
 * the classroom reveal and countdown, the "attempt" event, question sets
 * answered question by question, and caret editing in text fields. No window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/course.h"
#include "lectern/exercise.h"
#include "lectern/reader.h"
#include "lectern/session.h"
#include "../session/session_test.h"

typedef struct fixture {
    session_fixture base;       /* first: session_test_setup/teardown take it */
    int n_attempts;
    char response[256];
    char item[128];
    double scaled;
    int success;
    int64_t duration;
    lectern_interaction interaction;
} fixture;

static void listener(const lectern_session_event *ev, void *user)
{
    fixture *f = user;
    if (ev->kind != LECTERN_EV_ATTEMPT)
        return;
    f->n_attempts++;
    snprintf(f->response, sizeof f->response, "%s", ev->attempt->response);
    snprintf(f->item, sizeof f->item, "%s", ev->item_id);
    f->scaled = ev->attempt->score;
    f->success = ev->attempt->success;
    f->duration = ev->attempt->duration_ms;
    f->interaction = ev->attempt->interaction;
    assert_non_null(ev->result);
}

static int setup(void **state)
{
    if (session_test_setup(state, sizeof(fixture), "courses/trafficking-basics") < 0)
        return -1;
    fixture *f = *state;
    lectern_session_set_listener(f->base.s, listener, f);
    return 0;
}

/* Runs "name arg" through the command parser, as scripts do. */
static int cmd(fixture *f, const char *text)
{
    return session_test_cmd(f->base.s, text);
}

static lectern_exercise *go(fixture *f, const char *id)
{
    char buf[160];
    snprintf(buf, sizeof buf, "goto %s", id);
    assert_int_equal(cmd(f, buf), 1);
    lectern_exercise *e = lectern_session_exercise(f->base.s);
    assert_non_null(e);
    return e;
}

static const char *message(fixture *f)
{
    static lectern_session_view v;
    lectern_session_get_view(f->base.s, &v);
    return v.message;
}

/* Display position (1-based) of authored option i. */
static size_t pos_of(const lectern_exercise *e, size_t authored)
{
    const lectern_quiz_attempt *a = lectern_exercise_attempt(e);
    for (size_t p = 0; p < lectern_quiz_attempt_n_shown(a); p++)
        if (lectern_quiz_attempt_shown(a, p) == authored)
            return p + 1;
    fail();
    return 0;
}

static void single_choice(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m1-q-classify");    /* a is correct */
    const lectern_quiz *q = lectern_exercise_quiz(e);
    assert_int_equal(lectern_quiz_get_kind(q), LECTERN_QUIZ_SINGLE_CHOICE);
    lectern_session_tick(f->base.s, 1000);
    char buf[64];
    /* wrong: option b */
    snprintf(buf, sizeof buf, "choose %zu", pos_of(e, 1));
    assert_int_equal(cmd(f, buf), 1);
    assert_int_equal(lectern_quiz_selected(lectern_exercise_attempt(e), 1), 1);
    lectern_session_tick(f->base.s, 5000);
    assert_int_equal(cmd(f, "submit"), 1);
    const lectern_quiz_result *r = lectern_exercise_result(e);
    assert_non_null(r);
    assert_int_equal(r->success, 0);
    assert_int_equal(f->n_attempts, 1);
    assert_string_equal(f->response, "b");
    assert_string_equal(f->item, "m1-q-classify");
    assert_int_equal(f->success, 0);
    assert_int_equal(f->interaction, LECTERN_INTERACTION_CHOICE);
    assert_true(f->duration >= 4000);
    /* per-option feedback of the chosen option is in the parts */
    int found = 0;
    for (size_t i = 0; i < r->n_parts; i++)
        if (r->parts[i].selected && r->parts[i].feedback)
            found = 1;
    assert_true(found);
    /* after submit: the answer is locked, focus on the first button (Try again) */
    assert_int_equal(cmd(f, "choose 1"), 1);        /* a message only */
    assert_int_equal(lectern_quiz_selected(lectern_exercise_attempt(e), 1), 1);
    assert_non_null(strstr(message(f), "Try again"));
    lectern_exc c = lectern_exercise_control(e, (size_t)lectern_exercise_focus(e));
    assert_int_equal(c.kind, LECTERN_EXC_RETRY);
    /* retry: try 2, nothing selected */
    assert_int_equal(cmd(f, "retry"), 1);
    assert_null(lectern_exercise_result(e));
    assert_int_equal(lectern_quiz_attempt_try(lectern_exercise_attempt(e)), 2);
    for (size_t i = 0; i < lectern_quiz_n_options(q); i++)
        assert_int_equal(lectern_quiz_selected(lectern_exercise_attempt(e), i), 0);
    snprintf(buf, sizeof buf, "answer %zu", pos_of(e, 0));
    assert_int_equal(cmd(f, buf), 1);
    assert_int_equal(cmd(f, "submit"), 1);
    r = lectern_exercise_result(e);
    assert_int_equal(r->success, 1);
    assert_true(r->raw == 1 && r->max == 1);
    assert_int_equal(f->n_attempts, 2);
    assert_string_equal(f->response, "a");
    assert_true(f->scaled == 1.0);
    /* passed: no retry, show solution offered */
    cmd(f, "retry");
    assert_non_null(strstr(message(f), "Already passed"));
    assert_int_equal(lectern_quiz_attempt_try(lectern_exercise_attempt(e)), 2);
    assert_int_equal(cmd(f, "reveal"), 1);
    assert_int_equal(lectern_exercise_revealed(e), 1);
    /* the state stays when the trainee leaves and comes back */
    cmd(f, "next");
    e = go(f, "m1-q-classify");
    assert_int_equal(lectern_exercise_n_submits(e), 2);
}

static void nothing_chosen_is_not_submitted(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m3-q-interpreter");
    assert_int_equal(cmd(f, "submit"), 1);           /* a message */
    assert_int_equal(lectern_exercise_submitted(e), 0);
    assert_non_null(strstr(message(f), "Answer the question first"));
    assert_int_equal(f->n_attempts, 0);
    lectern_cmd bad;
    lectern_error err = {0};
    assert_int_equal(lectern_cmd_parse("answer 1,2", &bad, &err), 0);
    assert_int_equal(lectern_session_handle(f->base.s, &bad), LECTERN_EINVAL);
    assert_int_equal(lectern_cmd_parse("answer", &bad, &err), LECTERN_EINVAL);
    /* not an exercise */
    assert_int_equal(cmd(f, "goto m1-title"), 1);
    assert_null(lectern_session_exercise(f->base.s));
    assert_int_equal(cmd(f, "submit"), 1);
    assert_non_null(strstr(message(f), "not an exercise"));
}

static void multiple_response(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m1-q-means");
    const lectern_quiz *q = lectern_exercise_quiz(e);
    char buf[128] = "answer ";
    size_t n = 0;
    for (size_t i = 0; i < lectern_quiz_n_options(q); i++) {
        if (!lectern_quiz_get_option(q, i)->correct)
            continue;
        char one[16];
        snprintf(one, sizeof one, "%s%zu", n++ ? "," : "", pos_of(e, i));
        strcat(buf, one);
    }
    assert_int_equal(cmd(f, buf), 1);
    /* toggling one off and on again with its number key */
    snprintf(buf, sizeof buf, "choose %zu", pos_of(e, 0));
    cmd(f, buf);
    assert_int_equal(lectern_quiz_selected(lectern_exercise_attempt(e), 0), 0);
    cmd(f, buf);
    assert_int_equal(cmd(f, "submit"), 1);
    assert_int_equal(lectern_exercise_result(e)->success, 1);
    assert_true(lectern_exercise_result(e)->raw == (double)n);
}

static void true_false_runs_out_of_tries(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m2-q-organs");     /* answer false, retries 1 */
    assert_int_equal(cmd(f, "reveal"), 1);          /* refused, with a message */
    assert_int_equal(lectern_exercise_revealed(e), 0);
    assert_int_equal(cmd(f, "answer true"), 1);
    assert_int_equal(lectern_quiz_get_bool(lectern_exercise_attempt(e)), 1);
    cmd(f, "submit");
    assert_int_equal(lectern_exercise_result(e)->success, 0);
    assert_string_equal(f->response, "true");
    assert_int_equal(f->interaction, LECTERN_INTERACTION_TRUE_FALSE);
    assert_int_equal(lectern_exercise_result(e)->can_retry, 1);
    assert_int_equal(cmd(f, "retry"), 1);
    cmd(f, "choose 1");                             /* 1 = True again */
    cmd(f, "submit");
    const lectern_quiz_result *r = lectern_exercise_result(e);
    assert_int_equal(r->success, 0);
    assert_int_equal(r->can_retry, 0);
    assert_int_equal(r->show_solution, 1);
    assert_int_equal(cmd(f, "retry"), 1);           /* message only */
    assert_non_null(strstr(message(f), "No tries left"));
    assert_int_equal(lectern_quiz_attempt_try(lectern_exercise_attempt(e)), 2);
    /* the buttons now: Continue (Enter), Show solution */
    assert_int_equal(lectern_exercise_control(e, 0).kind, LECTERN_EXC_CONTINUE);
    assert_int_equal(lectern_exercise_control(e, 1).kind, LECTERN_EXC_SOLUTION);
    cmd(f, "focus-move 1");
    assert_int_equal(cmd(f, "activate"), 1);
    assert_int_equal(lectern_exercise_revealed(e), 1);
    assert_int_equal(lectern_exercise_n_controls(e), 1);
    assert_int_equal(lectern_exercise_control(e, 0).kind, LECTERN_EXC_CONTINUE);
    lectern_session_view v;
    lectern_session_get_view(f->base.s, &v);
    size_t here = v.index;
    assert_int_equal(cmd(f, "activate"), 1);        /* Continue: next item */
    lectern_session_get_view(f->base.s, &v);
    assert_int_equal(v.index, here + 1);
}

static void matching(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m4-q-services");
    const lectern_quiz *q = lectern_exercise_quiz(e);
    size_t n = lectern_quiz_n_pairs(q);
    char buf[64];
    /* with the keyboard: left row focused, number key = the right shown there */
    assert_int_equal(lectern_exercise_focus(e), 0);
    for (size_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "choose %zu", pos_of(e, i));
        assert_int_equal(cmd(f, buf), 1);
        assert_int_equal(lectern_quiz_matched(lectern_exercise_attempt(e), i), (long)i);
    }
    /* after the last row the focus is on Submit */
    assert_int_equal(lectern_exercise_control(e, (size_t)lectern_exercise_focus(e)).kind,
                     LECTERN_EXC_SUBMIT);
    /* swap two with match: 1 gets 2's right, which leaves 2 unmatched */
    snprintf(buf, sizeof buf, "match 1 %zu", pos_of(e, 1));
    cmd(f, buf);
    assert_int_equal(lectern_quiz_matched(lectern_exercise_attempt(e), 0), 1);
    assert_int_equal(lectern_quiz_matched(lectern_exercise_attempt(e), 1), -1);
    cmd(f, "submit");
    const lectern_quiz_result *r = lectern_exercise_result(e);
    assert_int_equal(r->success, 0);
    assert_true(r->raw == (double)(n - 2));
    assert_int_equal(f->interaction, LECTERN_INTERACTION_MATCHING);
    cmd(f, "retry");
    for (size_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "match %zu %zu", i + 1, pos_of(e, i));
        cmd(f, buf);
    }
    cmd(f, "submit");
    assert_int_equal(lectern_exercise_result(e)->success, 1);
}

static void ordering(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m3-q-interview-order");
    const lectern_quiz *q = lectern_exercise_quiz(e);
    const lectern_quiz_attempt *a = lectern_exercise_attempt(e);
    size_t n = lectern_quiz_n_entries(q);
    /* the reverse order with `order` (positions as shown now) */
    char buf[64] = "order";
    for (size_t k = n; k-- > 0;) {
        size_t at = 0;
        while (lectern_quiz_order_at(a, at) != k)
            at++;
        char one[8];
        snprintf(one, sizeof one, " %zu", at + 1);
        strcat(buf, one);
    }
    assert_int_equal(cmd(f, buf), 1);
    assert_int_equal(lectern_quiz_order_at(a, 0), n - 1);
    assert_int_equal(cmd(f, "order 1 1 2 3 4 5"), LECTERN_EINVAL);
    cmd(f, "submit");
    assert_int_equal(lectern_exercise_result(e)->success, 0);
    /* retry: a new shuffle; bubble it right with focus + reorder (the arrows) */
    assert_int_equal(cmd(f, "retry"), 1);
    for (size_t target = 0; target < n; target++) {
        size_t at = target;
        while (lectern_quiz_order_at(a, at) != target)
            at++;
        snprintf(buf, sizeof buf, "choose %zu", at + 1);      /* focus it */
        cmd(f, buf);
        while (at > target) {
            assert_int_equal(cmd(f, "reorder -1"), 1);
            at--;
        }
        assert_int_equal(lectern_exercise_focus(e), (long)target);
    }
    cmd(f, "submit");
    assert_int_equal(lectern_exercise_result(e)->success, 1);
    assert_int_equal(f->interaction, LECTERN_INTERACTION_SEQUENCING);
    assert_string_equal(f->response, "a[,]b[,]c[,]d[,]e[,]f");
}

static void fill_blank_typed(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m1-q-elements");
    /* the first control is blank 0 and takes text */
    assert_int_equal(lectern_exercise_control(e, 0).kind, LECTERN_EXC_BLANK);
    assert_int_equal(lectern_exercise_text_focused(e), 1);
    /* typed letter by letter, with a correction */
    cmd(f, "input M");
    cmd(f, "input \xC3\xA9");                    /* é */
    cmd(f, "erase");
    cmd(f, "input eans");
    assert_string_equal(lectern_quiz_filled(lectern_exercise_attempt(e), 0), "Means");
    cmd(f, "focus-move 1");
    cmd(f, "input the purpose");
    cmd(f, "focus-move 1");
    cmd(f, "input act");
    cmd(f, "submit");
    const lectern_quiz_result *r = lectern_exercise_result(e);
    assert_int_equal(r->success, 0);
    assert_true(r->raw == 1);
    assert_string_equal(f->response, "Means[,]the purpose[,]act");
    assert_int_equal(f->interaction, LECTERN_INTERACTION_FILL_IN);
    cmd(f, "retry");
    /* fill goes blank by blank; case and accents do not matter */
    cmd(f, "fill MEANS");
    cmd(f, "fill Purpose");
    cmd(f, "fill  m\xC3\xA9" "ans ");
    assert_int_equal(lectern_exercise_control(e, (size_t)lectern_exercise_focus(e)).kind,
                     LECTERN_EXC_SUBMIT);
    cmd(f, "submit");
    assert_int_equal(lectern_exercise_result(e)->success, 1);
}

static void scenario_step_by_step(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m3-case-study");
    const lectern_quiz_attempt *a = lectern_exercise_attempt(e);
    assert_int_equal(lectern_exercise_n_controls(e), 3);     /* three choices, no Submit */
    cmd(f, "choose 1");
    assert_int_equal(lectern_quiz_path_len(a), 2);
    cmd(f, "choose 1");
    cmd(f, "choose 1");                                       /* end-good: submitted */
    assert_int_equal(lectern_exercise_submitted(e), 1);
    assert_int_equal(lectern_exercise_result(e)->success, 1);
    assert_string_equal(f->response, "s1[,]s2[,]s3[,]end-good");
    assert_int_equal(f->interaction, LECTERN_INTERACTION_OTHER);
    /* passed: no retry; wrong path in a fresh session */
    assert_int_equal(cmd(f, "retry"), 1);
    assert_null(strstr(message(f), "Try again"));
    lectern_session *s2;
    lectern_error err = {0};
    assert_int_equal(lectern_session_create(f->base.c, &s2, &err), 0);
    lectern_session *keep = f->base.s;
    f->base.s = s2;
    e = go(f, "m3-case-study");
    cmd(f, "choose 2");
    assert_int_equal(lectern_exercise_result(e)->success, 0);
    assert_int_equal(lectern_exercise_submitted(e), 1);
    f->base.s = keep;
    lectern_session_destroy(s2);
}

static void reflection_text(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m2-q-reflect");
    assert_int_equal(lectern_exercise_text_focused(e), 1);
    cmd(f, "submit");
    assert_int_equal(lectern_exercise_submitted(e), 0);
    assert_non_null(strstr(message(f), "Write your answer first"));
    cmd(f, "text Hotels and farms.");
    cmd(f, "erase");
    cmd(f, "input !");
    assert_string_equal(lectern_quiz_get_text(lectern_exercise_attempt(e)), "Hotels and farms!");
    cmd(f, "submit");
    const lectern_quiz_result *r = lectern_exercise_result(e);
    assert_int_equal(r->scored, 0);
    assert_int_equal(r->success, 1);
    assert_string_equal(f->response, "Hotels and farms!");
    assert_int_equal(f->interaction, LECTERN_INTERACTION_LONG_FILL_IN);
    /* a reflection has no solution button */
    for (size_t i = 0; i < lectern_exercise_n_controls(e); i++)
        assert_int_not_equal(lectern_exercise_control(e, i).kind, LECTERN_EXC_SOLUTION);
}

/* Display position (1-based) of authored option i of the question on screen. */
static size_t shown_pos(const lectern_exercise *e, size_t authored)
{
    const lectern_quiz_attempt *a = lectern_exercise_shown_attempt(e);
    for (size_t p = 0; p < lectern_quiz_attempt_n_shown(a); p++)
        if (lectern_quiz_attempt_shown(a, p) == authored)
            return p + 1;
    fail();
    return 0;
}

static int has_control(const lectern_exercise *e, lectern_exc_kind k)
{
    for (size_t i = 0; i < lectern_exercise_n_controls(e); i++)
        if (lectern_exercise_control(e, i).kind == k)
            return 1;
    return 0;
}

static void answer_pos(fixture *f, const lectern_exercise *e, size_t authored)
{
    char buf[40];
    snprintf(buf, sizeof buf, "answer %zu", shown_pos(e, authored));
    cmd(f, buf);
}

static void question_set_in_turn(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m1-check");
    const lectern_quiz *set = lectern_exercise_quiz(e);
    assert_int_equal(lectern_quiz_get_kind(set), LECTERN_QUIZ_SET);
    assert_int_equal(lectern_quiz_n_questions(set), 5);
    /* question 1 of 5: true/false, Next, no Back */
    assert_int_equal(lectern_exercise_question_index(e), 0);
    assert_int_equal(lectern_quiz_get_kind(lectern_exercise_shown_quiz(e)), LECTERN_QUIZ_TRUE_FALSE);
    assert_true(has_control(e, LECTERN_EXC_NEXT_QUESTION));
    assert_false(has_control(e, LECTERN_EXC_PREV_QUESTION));
    assert_false(has_control(e, LECTERN_EXC_SUBMIT));
    cmd(f, "next-question");                      /* not answered: stays */
    assert_int_equal(lectern_exercise_question_index(e), 0);
    assert_non_null(strstr(message(f), "Answer the question first"));
    cmd(f, "answer false");
    assert_int_equal(cmd(f, "next-question"), 1);
    assert_int_equal(lectern_exercise_question_index(e), 1);
    assert_true(has_control(e, LECTERN_EXC_PREV_QUESTION));
    assert_int_equal(lectern_exercise_focus(e), 0);   /* its first option */
    cmd(f, "submit");                             /* Enter on an open question: not on */
    assert_int_equal(lectern_exercise_question_index(e), 1);
    assert_int_equal(lectern_exercise_submitted(e), 0);
    answer_pos(f, e, 1);                          /* the means */
    cmd(f, "prev-question");                      /* back keeps the answers */
    assert_int_equal(lectern_exercise_question_index(e), 0);
    assert_int_equal(lectern_quiz_get_bool(lectern_exercise_shown_attempt(e)), 0);
    cmd(f, "next-question");
    assert_int_equal(lectern_quiz_selected(lectern_exercise_shown_attempt(e), 1), 1);
    cmd(f, "submit");                             /* answered: Submit goes on */
    assert_int_equal(lectern_exercise_question_index(e), 2);
    char buf[40];
    snprintf(buf, sizeof buf, "answer %zu,%zu,%zu", shown_pos(e, 0), shown_pos(e, 1),
             shown_pos(e, 2));
    cmd(f, buf);
    cmd(f, "next-question");
    answer_pos(f, e, 1);                          /* wrong: trafficking needs no border */
    cmd(f, "next-question");
    /* the last question: a blank, Submit and Back */
    assert_int_equal(lectern_exercise_question_index(e), 4);
    assert_true(has_control(e, LECTERN_EXC_SUBMIT));
    assert_false(has_control(e, LECTERN_EXC_NEXT_QUESTION));
    assert_int_equal(lectern_exercise_text_focused(e), 1);
    cmd(f, "input consnt");
    cmd(f, "caret left");
    cmd(f, "caret left");
    cmd(f, "input e");
    assert_string_equal(lectern_quiz_filled(lectern_exercise_shown_attempt(e), 0), "consent");
    assert_int_equal(cmd(f, "next-question"), 1);     /* the last: says so */
    assert_non_null(strstr(message(f), "last question"));
    assert_int_equal(f->n_attempts, 0);
    cmd(f, "submit");
    /* one result for the set: 4 of 5 at pass_percent 80 passes */
    assert_int_equal(lectern_exercise_submitted(e), 1);
    const lectern_quiz_result *r = lectern_exercise_result(e);
    assert_int_equal(r->kind, LECTERN_QUIZ_SET);
    assert_true(r->raw == 4 && r->max == 5);
    assert_int_equal(r->success, 1);
    assert_int_equal(r->n_questions, 5);
    assert_false(r->questions[3].success);
    assert_int_equal(f->n_attempts, 1);
    assert_string_equal(f->item, "m1-check");
    assert_string_equal(f->response, "border[.]right[,]child[.]right[,]forms[.]right[,]"
                                     "smuggling[.]wrong[,]consent[.]right");
    assert_true(f->scaled > 0.79 && f->scaled < 0.81);
    assert_int_equal(f->success, 1);
    assert_int_equal(f->interaction, LECTERN_INTERACTION_OTHER);
    /* passed: Continue first, the solution may be shown, no retry */
    assert_int_equal(lectern_exercise_control(e, 0).kind, LECTERN_EXC_CONTINUE);
    assert_true(has_control(e, LECTERN_EXC_SOLUTION));
    assert_false(has_control(e, LECTERN_EXC_RETRY));
    cmd(f, "answer true");                        /* locked */
    assert_non_null(strstr(message(f), "Submitted"));
}

static void question_set_fails_and_retries(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m1-check");
    cmd(f, "answer true");                        /* wrong */
    cmd(f, "next-question");
    answer_pos(f, e, 0);                          /* wrong */
    cmd(f, "next-question");
    answer_pos(f, e, 3);                          /* 3 wrong, 0 right: 0 */
    cmd(f, "next-question");
    answer_pos(f, e, 0);                          /* right */
    cmd(f, "next-question");
    cmd(f, "fill the wish");
    cmd(f, "submit");
    const lectern_quiz_result *r = lectern_exercise_result(e);
    assert_true(r->raw == 1 && !r->success && r->can_retry);
    assert_int_equal(f->success, 0);
    assert_int_equal(lectern_exercise_control(e, 0).kind, LECTERN_EXC_RETRY);
    assert_false(has_control(e, LECTERN_EXC_SOLUTION));   /* tries are left */
    cmd(f, "retry");
    /* a new try answers the whole set again from question 1 */
    assert_int_equal(lectern_exercise_submitted(e), 0);
    assert_int_equal(lectern_exercise_question_index(e), 0);
    assert_int_equal(lectern_quiz_attempt_try(lectern_exercise_attempt(e)), 2);
    assert_int_equal(lectern_quiz_get_bool(lectern_exercise_shown_attempt(e)), -1);
    assert_null(lectern_exercise_result(e));
}

static void text_field_caret(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m1-q-elements");
    const lectern_quiz_attempt *a = lectern_exercise_attempt(e);
    assert_int_equal(lectern_exercise_caret(e), 0);
    cmd(f, "input mens");
    assert_int_equal(lectern_exercise_caret(e), 4);
    cmd(f, "caret left");
    cmd(f, "caret left");
    cmd(f, "input a");                            /* at the caret, not at the end */
    assert_string_equal(lectern_quiz_filled(a, 0), "means");
    assert_int_equal(lectern_exercise_caret(e), 3);
    cmd(f, "caret home");
    cmd(f, "delete");                             /* the character after the caret */
    assert_string_equal(lectern_quiz_filled(a, 0), "eans");
    assert_int_equal(cmd(f, "erase"), 0);         /* nothing before the caret */
    cmd(f, "input M");
    cmd(f, "caret end");
    assert_int_equal(cmd(f, "delete"), 0);        /* nothing after it */
    cmd(f, "erase");
    assert_string_equal(lectern_quiz_filled(a, 0), "Mean");
    /* UTF-8: the caret steps over whole characters (Arabic: 2 bytes each) */
    cmd(f, "focus 1");
    cmd(f, "fill \xD9\x85\xD9\x88\xD8\xA7\xD9\x81\xD9\x82\xD8\xA9");    /* then to blank 3 */
    cmd(f, "focus 0");
    cmd(f, "caret end");
    assert_int_equal(lectern_exercise_caret(e), 4);
    cmd(f, "focus 1");
    assert_int_equal(lectern_exercise_caret(e), 12);  /* a field focused: caret at its end */
    cmd(f, "caret left");
    assert_int_equal(lectern_exercise_caret(e), 10);
    cmd(f, "erase");
    assert_string_equal(lectern_quiz_filled(a, 1), "\xD9\x85\xD9\x88\xD8\xA7\xD9\x81\xD8\xA9");
    assert_int_equal(lectern_exercise_caret(e), 8);
    cmd(f, "caret right");
    assert_int_equal(lectern_exercise_caret(e), 10);
    /* words: Ctrl+Left/Right */
    cmd(f, "focus 2");
    cmd(f, "input the purpose, of it");
    cmd(f, "caret word-left");
    assert_int_equal(lectern_exercise_caret(e), 16);
    cmd(f, "caret word-left");
    cmd(f, "caret word-left");
    assert_int_equal(lectern_exercise_caret(e), 4);
    cmd(f, "caret word-right");
    assert_int_equal(lectern_exercise_caret(e), 11);
    cmd(f, "caret word-right");
    assert_int_equal(lectern_exercise_caret(e), 15);
    lectern_cmd c;
    lectern_error err = {0};
    assert_int_equal(lectern_cmd_parse("caret up", &c, &err), 0);
    assert_int_equal(lectern_session_handle(f->base.s, &c), LECTERN_EINVAL);
    /* Tab to the button: no caret */
    cmd(f, "focus-move 1");
    assert_int_equal(lectern_exercise_caret(e), -1);
}

static void focus_moves_and_wraps(void **state)
{
    fixture *f = *state;
    lectern_exercise *e = go(f, "m1-q-consent");    /* True, False, Submit */
    assert_int_equal(lectern_exercise_n_controls(e), 3);
    assert_int_equal(lectern_exercise_focus(e), 0);
    cmd(f, "focus-move -1");
    assert_int_equal(lectern_exercise_focus(e), 2);
    cmd(f, "focus-move 1");
    assert_int_equal(lectern_exercise_focus(e), 0);
    cmd(f, "focus 1");
    cmd(f, "activate");                             /* False */
    assert_int_equal(lectern_quiz_get_bool(lectern_exercise_attempt(e)), 0);
    cmd(f, "focus 2");
    cmd(f, "activate");                             /* Submit */
    assert_int_equal(lectern_exercise_result(e)->success, 1);
    lectern_cmd c;
    lectern_error err = {0};
    assert_int_equal(lectern_cmd_parse("focus 7", &c, &err), 0);
    assert_int_equal(lectern_session_handle(f->base.s, &c), LECTERN_EINVAL);
}

static void classroom_reveal_and_countdown(void **state)
{
    fixture *f = *state;
    lectern_session_set_classroom(f->base.s, 1);
    assert_int_equal(lectern_session_classroom(f->base.s), 1);
    lectern_session_tick(f->base.s, 10000);
    lectern_exercise *e = go(f, "m3-case-study");
    assert_int_equal(lectern_exercise_countdown_on(e), 0);
    assert_int_equal(lectern_exercise_countdown_left(e, 10000), 300000);
    assert_int_equal(cmd(f, "countdown"), 1);
    lectern_session_tick(f->base.s, 70000);
    assert_int_equal(lectern_exercise_countdown_left(e, 70000), 240000);
    assert_int_equal(lectern_exercise_countdown_left(e, 400000), 0);
    /* reveal before anything was answered, and hide again */
    assert_int_equal(cmd(f, "reveal"), 1);
    assert_int_equal(lectern_exercise_revealed(e), 1);
    assert_int_equal(cmd(f, "reveal"), 1);
    assert_int_equal(lectern_exercise_revealed(e), 0);
    /* an exercise without countdown says so */
    go(f, "m1-q-consent");
    cmd(f, "countdown");
    assert_non_null(strstr(message(f), "no countdown"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(single_choice, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(nothing_chosen_is_not_submitted, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(multiple_response, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(true_false_runs_out_of_tries, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(matching, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(ordering, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(fill_blank_typed, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(scenario_step_by_step, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(reflection_text, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(focus_moves_and_wraps, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(classroom_reveal_and_countdown, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(question_set_in_turn, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(question_set_fails_and_retries, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(text_field_caret, setup, session_test_teardown),
    };
    return cmocka_run_group_tests_name("session_exercise", tests, NULL, NULL);
}
