/* The scenario state machine: paths, endings, feedback on the way, unknown
 * branches, loops a learner can walk around, and the path limit. */
#include "quiz_test.h"

#define CASE "{'kind': 'scenario', 'start': 'meet', 'pass_mark': 2, 'steps': [" \
    "{'id': 'meet', 'text': 'A worker approaches you.', 'choices': [" \
    "   {'text': 'Listen privately', 'next': 'listen', 'feedback': 'Safe space first'}," \
    "   {'text': 'Call her employer', 'next': 'end-harm', 'feedback': 'This may endanger her'}]}," \
    "{'id': 'listen', 'text': 'She says her passport was taken.', 'choices': [" \
    "   {'text': 'Ask again later', 'next': 'meet'}," \
    "   {'text': 'Refer to the hotline', 'next': 'end-refer', 'feedback': 'Right'}," \
    "   {'text': 'Promise to fix it', 'next': 'end-promise'}," \
    "   {'text': 'Broken link', 'next': 'missing'}]}," \
    "{'id': 'end-refer', 'text': 'She gets support.', 'ending': true, 'score': 2, 'feedback': 'Best outcome'}," \
    "{'id': 'end-promise', 'text': 'You cannot keep the promise.', 'ending': true, 'score': 1}," \
    "{'id': 'end-harm', 'text': 'She is moved elsewhere.', 'ending': true, 'score': 0}]}"

static void walk_to_best_ending(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(CASE, "m2-case");
    lectern_quiz_attempt *a;
    lectern_quiz_result r;
    assert_int_equal(lectern_quiz_attempt_begin(q, 1, 10, &a), 0);
    assert_int_equal(lectern_quiz_current_step(a), 0);
    assert_false(lectern_quiz_scenario_ended(a));
    assert_int_equal(lectern_quiz_choose(a, 0), 0);
    assert_string_equal(lectern_quiz_get_step(q, (size_t)lectern_quiz_current_step(a))->id, "listen");
    assert_int_equal(lectern_quiz_path_len(a), 2);
    assert_int_equal(lectern_quiz_path_choice(a, 0), 0);
    assert_int_equal(lectern_quiz_path_choice(a, 1), -1);
    assert_int_equal(lectern_quiz_choose(a, 1), 0);
    assert_true(lectern_quiz_scenario_ended(a));
    /* feedback of the last choice, as the player shows it */
    size_t n = lectern_quiz_path_len(a);
    assert_int_equal(n, 3);
    const lectern_quiz_step *prev = lectern_quiz_get_step(q, (size_t)lectern_quiz_path_step(a, n - 2));
    assert_string_equal(T(&prev->choices[lectern_quiz_path_choice(a, n - 2)].feedback), "Right");
    assert_int_equal(lectern_quiz_path_step(a, 3), -1);
    assert_int_equal(lectern_quiz_choose(a, 0), LECTERN_EINVAL);     /* nothing after an ending */
    lectern_quiz_attempt_submit(a, 95010);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_true(r.success && r.completed);
    assert_true(r.raw == 2 && r.max == 2 && r.scaled == 1);
    assert_string_equal(r.response, "meet[,]listen[,]end-refer");
    assert_string_equal(lectern_quiz_interaction_name(r.interaction), "other");
    assert_int_equal(r.duration_ms, 95000);
    assert_int_equal(r.ending, 2);
    assert_int_equal(r.n_parts, 3);
    assert_int_equal(r.parts[0].index, 0);
    assert_int_equal(r.parts[0].response, 0);
    assert_string_equal(T(r.parts[0].feedback), "Safe space first");
    assert_int_equal(r.parts[1].response, 1);
    assert_string_equal(T(r.parts[1].feedback), "Right");
    assert_int_equal(r.parts[2].response, -1);
    assert_string_equal(T(r.parts[2].feedback), "Best outcome");
    assert_true(r.parts[2].right);
    lectern_quiz_result_free(&r);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

static void other_endings(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(CASE, "m2-case");
    lectern_quiz_attempt *a;
    lectern_quiz_result r;
    assert_int_equal(lectern_quiz_attempt_begin(q, 1, 0, &a), 0);
    lectern_quiz_choose(a, 0);
    lectern_quiz_choose(a, 2);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_true(r.raw == 1 && !r.success && r.completed);
    assert_true(r.scaled == 0.5);
    assert_false(r.parts[2].right);
    lectern_quiz_result_free(&r);
    assert_int_equal(lectern_quiz_attempt_retry(a, 2, 0), 0);
    assert_int_equal(lectern_quiz_current_step(a), 0);               /* back at the start */
    lectern_quiz_choose(a, 1);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_true(r.raw == 0 && !r.success && r.completed);
    assert_string_equal(r.response, "meet[,]end-harm");
    lectern_quiz_result_free(&r);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

static void going_round_and_broken_links(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(CASE, "m2-case");
    lectern_quiz_attempt *a;
    lectern_quiz_result r;
    assert_int_equal(lectern_quiz_attempt_begin(q, 1, 0, &a), 0);
    /* meet -> listen -> meet -> listen is allowed: the path records it */
    lectern_quiz_choose(a, 0);
    lectern_quiz_choose(a, 0);
    lectern_quiz_choose(a, 0);
    assert_int_equal(lectern_quiz_choose(a, 3), LECTERN_ENOTFOUND);  /* next: "missing" */
    assert_int_equal(lectern_quiz_choose(a, 9), LECTERN_EINVAL);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_string_equal(r.response, "meet[,]listen[,]meet[,]listen");
    assert_true(r.answered && !r.completed && !r.success);
    assert_int_equal(r.ending, -1);
    lectern_quiz_result_free(&r);
    /* walking round the loop for ever stops at the path limit */
    int rc = 0;
    for (int i = 0; i < 1000 && rc == 0; i++)
        rc = lectern_quiz_choose(a, 0);
    assert_int_equal(rc, LECTERN_ELIMIT);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_int_equal(r.n_parts, 256);
    lectern_quiz_result_free(&r);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

static void unknown_start(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok("{'kind': 'scenario', 'start': 'nope', 'steps': ["
                               "{'id': 'a', 'text': 'x', 'ending': true, 'score': 1}]}", "q");
    lectern_quiz_attempt *a;
    lectern_quiz_result r;
    assert_int_equal(lectern_quiz_start_step(q), -1);
    assert_int_equal(lectern_quiz_attempt_begin(q, 1, 0, &a), 0);
    assert_int_equal(lectern_quiz_current_step(a), -1);
    assert_int_equal(lectern_quiz_choose(a, 0), LECTERN_EINVAL);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_false(r.completed);
    lectern_quiz_result_free(&r);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(walk_to_best_ending),
        cmocka_unit_test(other_endings),
        cmocka_unit_test(going_round_and_broken_links),
        cmocka_unit_test(unknown_start),
    };
    return cmocka_run_group_tests_name("quiz_scenario", tests, NULL, NULL);
}
