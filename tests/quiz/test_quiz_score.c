/* Scoring of every kind (correct, partly correct, wrong, empty), as a table;
 * then feedback, retries, show-solution, durations and question sets. */
#include "quiz_test.h"

#define SC "{'kind': 'single_choice', 'prompt': 'p', 'options': [{'text': 'A'}, {'text': 'B', 'correct': true}, {'text': 'C'}]}"
#define MR "{'kind': 'multiple_response', 'prompt': 'p', 'options': [{'text': 'A', 'correct': true}, {'text': 'B'}, {'text': 'C', 'correct': true}, {'text': 'D'}]}"
#define MR1 "{'kind': 'multiple_response', 'prompt': 'p', 'pass_mark': 1, 'options': [{'text': 'A', 'correct': true}, {'text': 'B'}, {'text': 'C', 'correct': true}]}"
#define TF "{'kind': 'true_false', 'prompt': 'p', 'answer': true}"
#define TFX "{'kind': 'true_false', 'prompt': 'p'}"
#define MA "{'kind': 'matching', 'prompt': 'p', 'pairs': [{'left': 'L1', 'right': 'R1'}, {'left': 'L2', 'right': 'R2'}, {'left': 'L3', 'right': 'R3'}]}"
#define OR "{'kind': 'ordering', 'prompt': 'p', 'sequence': ['first', 'second', 'third', 'fourth']}"
#define FB "{'kind': 'fill_blank', 'text': 'the act, the ___ and the ___', 'blanks': [{'accept': ['means', 'the means']}, {'accept': {'en': ['purpose'], 'fr': ['but', 'finalité']}}]}"
#define SN "{'kind': 'scenario', 'start': 's1', 'steps': [" \
    "{'id': 's1', 'text': 'x', 'choices': [{'text': 'listen', 'next': 's2'}, {'text': 'leave', 'next': 'end-bad'}]}," \
    "{'id': 's2', 'text': 'y', 'choices': [{'text': 'refer', 'next': 'end-good'}, {'text': 'wait', 'next': 'end-ok'}]}," \
    "{'id': 'end-good', 'text': 'g', 'ending': true, 'score': 2}," \
    "{'id': 'end-ok', 'text': 'o', 'ending': true, 'score': 1}," \
    "{'id': 'end-bad', 'text': 'b', 'ending': true, 'score': 0}]}"
#define SN1 "{'kind': 'scenario', 'pass_mark': 1, 'steps': [" \
    "{'id': 's1', 'text': 'x', 'choices': [{'text': 'a', 'next': 'good'}, {'text': 'b', 'next': 'ok'}]}," \
    "{'id': 'good', 'text': 'g', 'ending': true, 'score': 2}, {'id': 'ok', 'text': 'o', 'ending': true, 'score': 1}]}"
#define RF "{'kind': 'reflection', 'prompt': 'What would you do?'}"

/* Applies a response written as "sel:0,2", "tf:1", "match:0=1,1=0",
 * "order:2,0,1", "fill:a|b", "choose:0,1", "text:..." ("" = nothing). */
static void respond(lectern_quiz_attempt *a, const char *spec)
{
    if (!spec[0])
        return;
    const char *colon = strchr(spec, ':');
    assert_non_null(colon);
    size_t kl = (size_t)(colon - spec);
    const char *v = colon + 1;
    if (strncmp(spec, "text", kl) == 0) {
        assert_int_equal(lectern_quiz_set_text(a, v), 0);
        return;
    }
    if (strncmp(spec, "fill", kl) == 0) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s", v);
        size_t i = 0;
        for (char *s = buf, *bar; s; s = bar ? bar + 1 : NULL, i++) {
            bar = strchr(s, '|');
            if (bar)
                *bar = '\0';
            assert_int_equal(lectern_quiz_fill(a, i, s), 0);
        }
        return;
    }
    size_t order[16], n = 0;
    for (const char *p = v; *p;) {
        char *end;
        long x = strtol(p, &end, 10);
        if (strncmp(spec, "sel", kl) == 0)
            assert_int_equal(lectern_quiz_select(a, (size_t)x, 1), 0);
        else if (strncmp(spec, "tf", kl) == 0)
            assert_int_equal(lectern_quiz_set_bool(a, (int)x), 0);
        else if (strncmp(spec, "choose", kl) == 0)
            assert_int_equal(lectern_quiz_choose(a, (size_t)x), 0);
        else if (strncmp(spec, "order", kl) == 0)
            order[n++] = (size_t)x;
        else if (strncmp(spec, "match", kl) == 0) {
            assert_int_equal(*end, '=');
            long y = strtol(end + 1, &end, 10);
            assert_int_equal(lectern_quiz_match(a, (size_t)x, y), 0);
        } else
            fail_msg("bad spec %s", spec);
        p = *end == ',' ? end + 1 : end;
    }
    if (strncmp(spec, "order", kl) == 0)
        assert_int_equal(lectern_quiz_set_order(a, order, n), 0);
}

static const struct {
    const char *name, *json, *resp;
    double raw, max;
    int success, completed;
    const char *xapi, *key;
} cases[] = {
    { "single right", SC, "sel:1", 1, 1, 1, 1, "b", "b" },
    { "single wrong", SC, "sel:2", 0, 1, 0, 1, "c", "b" },
    { "single empty", SC, "", 0, 1, 0, 0, "", "b" },
    { "single changed mind", SC, "sel:0,1", 1, 1, 1, 1, "b", "b" },
    { "multi all right", MR, "sel:0,2", 2, 2, 1, 1, "a[,]c", "a[,]c" },
    { "multi half", MR, "sel:2", 1, 2, 0, 1, "c", "a[,]c" },
    { "multi right+wrong", MR, "sel:0,1,2", 1, 2, 0, 1, "a[,]b[,]c", "a[,]c" },
    { "multi all ticked", MR, "sel:0,1,2,3", 0, 2, 0, 1, "a[,]b[,]c[,]d", "a[,]c" },
    { "multi wrong", MR, "sel:1", 0, 2, 0, 1, "b", "a[,]c" },
    { "multi pass_mark 1", MR1, "sel:2", 1, 2, 1, 1, "c", "a[,]c" },
    { "tf right", TF, "tf:1", 1, 1, 1, 1, "true", "true" },
    { "tf wrong", TF, "tf:0", 0, 1, 0, 1, "false", "true" },
    { "tf empty", TF, "", 0, 1, 0, 0, "", "true" },
    { "tf no key", TFX, "tf:1", 0, 1, 0, 1, "true", "" },
    { "match right", MA, "match:0=0,1=1,2=2", 3, 3, 1, 1, "1[.]a[,]2[.]b[,]3[.]c", "1[.]a[,]2[.]b[,]3[.]c" },
    { "match one swap", MA, "match:0=1,1=0,2=2", 1, 3, 0, 1, "1[.]b[,]2[.]a[,]3[.]c", "1[.]a[,]2[.]b[,]3[.]c" },
    { "match partial", MA, "match:0=0", 1, 3, 0, 0, "1[.]a", "1[.]a[,]2[.]b[,]3[.]c" },
    { "match taken", MA, "match:0=1,2=1", 0, 3, 0, 0, "3[.]b", "1[.]a[,]2[.]b[,]3[.]c" },
    { "order right", OR, "order:0,1,2,3", 4, 4, 1, 1, "a[,]b[,]c[,]d", "a[,]b[,]c[,]d" },
    { "order two swapped", OR, "order:0,2,1,3", 2, 4, 0, 1, "a[,]c[,]b[,]d", "a[,]b[,]c[,]d" },
    { "order reversed", OR, "order:3,2,1,0", 0, 4, 0, 1, "d[,]c[,]b[,]a", "a[,]b[,]c[,]d" },
    { "fill right", FB, "fill:means|purpose", 2, 2, 1, 1, "means[,]purpose", "means[,]purpose" },
    { "fill normalised", FB, "fill:  The   MEANS |Finalité", 2, 2, 1, 1, "  The   MEANS [,]Finalité", "means[,]purpose" },
    { "fill accents dropped", FB, "fill:means|finalite", 2, 2, 1, 1, "means[,]finalite", "means[,]purpose" },
    { "fill half", FB, "fill:means|profit", 1, 2, 0, 1, "means[,]profit", "means[,]purpose" },
    { "fill one empty", FB, "fill:|purpose", 1, 2, 0, 0, "[,]purpose", "means[,]purpose" },
    { "fill empty", FB, "", 0, 2, 0, 0, "", "means[,]purpose" },
    { "scenario best", SN, "choose:0,0", 2, 2, 1, 1, "s1[,]s2[,]end-good", "" },
    { "scenario ok", SN, "choose:0,1", 1, 2, 0, 1, "s1[,]s2[,]end-ok", "" },
    { "scenario bad", SN, "choose:1", 0, 2, 0, 1, "s1[,]end-bad", "" },
    { "scenario unfinished", SN, "choose:0", 0, 2, 0, 0, "s1[,]s2", "" },
    { "scenario pass_mark", SN1, "choose:1", 1, 2, 1, 1, "s1[,]ok", "" },
    { "reflection written", RF, "text:I would listen first.", 0, 0, 1, 1, "I would listen first.", "" },
    { "reflection blank", RF, "text:   ", 0, 0, 0, 0, "   ", "" },
};

static void score_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lectern_quiz *q = parse_ok(cases[i].json, "m1-q1");
        lectern_quiz_attempt *a;
        assert_int_equal(lectern_quiz_attempt_begin(q, 7, 1000, &a), 0);
        respond(a, cases[i].resp);
        assert_int_equal(lectern_quiz_attempt_submit(a, 4000), 0);
        lectern_quiz_result r;
        assert_int_equal(lectern_quiz_score(q, a, &r), 0);
        double scaled = cases[i].max > 0 ? cases[i].raw / cases[i].max : 0;
        if (r.raw != cases[i].raw || r.max != cases[i].max || r.success != cases[i].success ||
            r.completed != cases[i].completed || r.scaled < scaled - 1e-9 || r.scaled > scaled + 1e-9 ||
            strcmp(r.response, cases[i].xapi) != 0 || strcmp(r.correct_response, cases[i].key) != 0)
            fail_msg("%s: raw %g/%g scaled %g success %d completed %d response \"%s\" key \"%s\"",
                     cases[i].name, r.raw, r.max, r.scaled, r.success, r.completed, r.response,
                     r.correct_response);
        assert_int_equal(r.duration_ms, 3000);
        assert_int_equal(r.scored, strcmp(cases[i].json, RF) != 0);
        assert_string_equal(r.id, "m1-q1");
        lectern_quiz_result_free(&r);
        lectern_quiz_attempt_free(a);
        lectern_quiz_free(q);
    }
}

static void option_and_band_feedback(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(
        "{'kind': 'multiple_response', 'prompt': 'p',"
        " 'options': [{'text': 'A', 'correct': true, 'feedback': 'A is an act'},"
        "             {'text': 'B', 'feedback': 'B is not'}, {'text': 'C', 'correct': true}],"
        " 'feedback': {'pass': 'Well done', 'fail': 'Try again', 'general': 'See 2.1',"
        "   'bands': [{'min': 0, 'text': 'low'}, {'min': 0.5, 'text': 'half'}, {'min': 1, 'text': 'all'}]}}", "q");
    lectern_quiz_attempt *a;
    lectern_quiz_result r;
    assert_int_equal(lectern_quiz_attempt_begin(q, 1, 0, &a), 0);
    lectern_quiz_select(a, 0, 1);
    lectern_quiz_select(a, 1, 1);
    lectern_quiz_select(a, 1, 0);         /* toggled off again */
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_int_equal(r.n_parts, 3);
    assert_true(r.parts[0].selected && r.parts[0].key && r.parts[0].right);
    assert_string_equal(T(r.parts[0].feedback), "A is an act");
    assert_false(r.parts[1].selected);
    assert_true(r.parts[1].right);        /* correctly left out */
    assert_false(r.parts[2].right);       /* correct but missed */
    assert_null(r.parts[2].feedback);
    assert_string_equal(T(r.feedback), "Try again");
    assert_string_equal(T(r.general_feedback), "See 2.1");
    assert_string_equal(T(r.band_feedback), "half");
    assert_false(r.show_solution);        /* not submitted yet */
    assert_int_equal(r.duration_ms, 0);
    lectern_quiz_result_free(&r);
    lectern_quiz_select(a, 2, 1);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_true(r.success);
    assert_string_equal(T(r.feedback), "Well done");
    assert_string_equal(T(r.band_feedback), "all");
    lectern_quiz_result_free(&r);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

static void retries_and_solution(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok("{'kind': 'true_false', 'prompt': 'p', 'answer': true, 'retries': 1}", "q");
    lectern_quiz_attempt *a;
    lectern_quiz_result r;
    assert_int_equal(lectern_quiz_attempt_begin(q, 1, 100, &a), 0);
    lectern_quiz_set_bool(a, 0);
    lectern_quiz_attempt_submit(a, 200);
    assert_int_equal(lectern_quiz_set_bool(a, 1), LECTERN_EINVAL);   /* locked after submit */
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_int_equal(r.try_no, 1);
    assert_int_equal(r.retries_left, 1);
    assert_true(r.can_retry);
    assert_false(r.show_solution);
    lectern_quiz_result_free(&r);

    assert_int_equal(lectern_quiz_attempt_retry(a, 2, 300), 0);
    assert_int_equal(lectern_quiz_get_bool(a), -1);                  /* cleared */
    lectern_quiz_set_bool(a, 0);
    lectern_quiz_attempt_submit(a, 1300);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_int_equal(r.try_no, 2);
    assert_int_equal(r.retries_left, 0);
    assert_false(r.can_retry);
    assert_true(r.show_solution);
    assert_int_equal(r.duration_ms, 1000);
    lectern_quiz_result_free(&r);
    assert_int_equal(lectern_quiz_attempt_retry(a, 3, 2000), LECTERN_ELIMIT);
    assert_int_equal(lectern_quiz_attempt_try(a), 2);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);

    /* passing shows the solution at once; the author can forbid it */
    q = parse_ok("{'kind': 'true_false', 'prompt': 'p', 'answer': true, 'retries': 3, 'show_solution': false}", "q");
    assert_int_equal(lectern_quiz_attempt_begin(q, 1, 0, &a), 0);
    lectern_quiz_set_bool(a, 0);
    lectern_quiz_attempt_set_try(a, 4);   /* resumed from the progress store */
    lectern_quiz_attempt_submit(a, 10);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_int_equal(r.retries_left, 0);
    assert_false(r.show_solution);
    lectern_quiz_result_free(&r);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);

    /* unlimited retries (the default): a failed try may retry or see the key */
    q = parse_ok(TF, "q");
    assert_int_equal(lectern_quiz_attempt_begin(q, 1, 0, &a), 0);
    lectern_quiz_attempt_submit(a, 10);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_int_equal(r.retries_left, -1);
    assert_true(r.can_retry && r.show_solution);
    lectern_quiz_result_free(&r);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

static void question_set(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(
        "{'kind': 'set', 'pass_percent': 70, 'feedback': {'pass': 'Set passed'}, 'questions': ["
        "  " TF ", " MR ", {'kind': 'reflection', 'prompt': 'r'}, " SC "]}", "m3-quiz");
    lectern_quiz_attempt *a;
    lectern_quiz_result r;
    assert_int_equal(lectern_quiz_attempt_begin(q, 5, 0, &a), 0);
    assert_null(lectern_quiz_attempt_question(a, 4));
    lectern_quiz_set_bool(lectern_quiz_attempt_question(a, 0), 1);    /* 1 */
    lectern_quiz_select(lectern_quiz_attempt_question(a, 1), 0, 1);   /* 0.5 */
    lectern_quiz_set_text(lectern_quiz_attempt_question(a, 2), "notes");
    lectern_quiz_select(lectern_quiz_attempt_question(a, 3), 1, 1);   /* 1 */
    lectern_quiz_attempt_submit(a, 60000);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_true(r.raw == 2.5 && r.max == 3.0);
    assert_true(r.success);              /* 83% >= 70% */
    assert_string_equal(T(r.feedback), "Set passed");
    assert_int_equal(r.n_questions, 4);
    assert_string_equal(r.questions[1].id, "m3-quiz/q2");
    assert_string_equal(r.questions[1].response, "a");
    assert_false(r.questions[1].success);
    assert_true(r.questions[2].success && !r.questions[2].scored);
    assert_int_equal(r.questions[3].duration_ms, 60000);
    /* questions share the set's tries: unlimited here, so the key may show */
    assert_int_equal(r.questions[1].retries_left, -1);
    assert_true(r.questions[1].show_solution && !r.questions[2].show_solution);
    assert_true(r.parts[0].right && !r.parts[1].right);
    assert_int_equal(r.interaction, LECTERN_INTERACTION_OTHER);
    assert_string_equal(r.response, "q1[.]right[,]q2[.]wrong[,]q3[.]done[,]q4[.]right");
    assert_true(r.completed);
    lectern_quiz_result_free(&r);
    /* retry resets every question */
    assert_int_equal(lectern_quiz_attempt_retry(a, 6, 70000), 0);
    assert_int_equal(lectern_quiz_get_bool(lectern_quiz_attempt_question(a, 0)), -1);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_true(r.raw == 0 && !r.success && !r.answered);
    assert_string_equal(r.response, "q1[.]none[,]q2[.]none[,]q3[.]none[,]q4[.]none");
    lectern_quiz_result_free(&r);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

static void wrong_kind_and_mismatch(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(SC, "q"), *q2 = parse_ok(TF, "q");
    lectern_quiz_attempt *a;
    lectern_quiz_result r;
    assert_int_equal(lectern_quiz_attempt_begin(q, 1, 0, &a), 0);
    assert_int_equal(lectern_quiz_set_bool(a, 1), LECTERN_EINVAL);
    assert_int_equal(lectern_quiz_select(a, 3, 1), LECTERN_EINVAL);
    assert_int_equal(lectern_quiz_choose(a, 0), LECTERN_EINVAL);
    assert_int_equal(lectern_quiz_fill(a, 0, "x"), LECTERN_EINVAL);
    assert_int_equal(lectern_quiz_score(q2, a, &r), LECTERN_EINVAL);
    lectern_quiz_result_free(&r);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
    lectern_quiz_free(q2);
}

static void durations(void **state)
{
    (void)state;
    char b[32];
    lectern_quiz_duration_iso(0, b, sizeof b);
    assert_string_equal(b, "PT0S");
    lectern_quiz_duration_iso(5250, b, sizeof b);
    assert_string_equal(b, "PT5.25S");
    lectern_quiz_duration_iso(65000, b, sizeof b);
    assert_string_equal(b, "PT1M5S");
    lectern_quiz_duration_iso(3600000 + 120000, b, sizeof b);
    assert_string_equal(b, "PT1H2M");
    lectern_quiz_duration_iso(-5, b, sizeof b);
    assert_string_equal(b, "PT0S");
}

/* A result fills the progress store's attempt record field for field, and
 * both modules name interaction types alike. */
static void maps_onto_progress_attempt(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(MA, "m2-q-match");
    lectern_quiz_attempt *a;
    lectern_quiz_result r;
    assert_int_equal(lectern_quiz_attempt_begin(q, 3, 500, &a), 0);
    lectern_quiz_match(a, 0, 0);
    lectern_quiz_match(a, 1, 2);
    lectern_quiz_attempt_submit(a, 12500);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    lectern_attempt at = { r.response, r.scaled, r.success, r.duration_ms, r.interaction };
    assert_string_equal(at.response, "1[.]a[,]2[.]c");
    assert_true(at.score > 0.33 && at.score < 0.34);
    assert_false(at.success);
    assert_int_equal(at.duration_ms, 12000);
    assert_string_equal(lectern_interaction_name(at.interaction), "matching");
    for (int t = 0; t < LECTERN_INTERACTION_COUNT; t++)
        assert_string_equal(lectern_quiz_interaction_name(t), lectern_interaction_name(t));
    lectern_quiz_result_free(&r);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(score_table),
        cmocka_unit_test(option_and_band_feedback),
        cmocka_unit_test(retries_and_solution),
        cmocka_unit_test(question_set),
        cmocka_unit_test(wrong_kind_and_mismatch),
        cmocka_unit_test(durations),
        cmocka_unit_test(maps_onto_progress_attempt),
    };
    return cmocka_run_group_tests_name("quiz_score", tests, NULL, NULL);
}
