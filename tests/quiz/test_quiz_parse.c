/* Parsing every exercise kind from JSON, and parse errors that name the item
 * and the JSON path. */
#include "quiz_test.h"

static void single_choice(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(
        "{'kind': 'single_choice', 'prompt': {'en': 'Which?', 'fr': 'Laquelle ?'},"
        " 'options': [{'text': 'A', 'feedback': 'no'},"
        "             {'id': 'x', 'text': 'B', 'correct': true, 'feedback': {'en': 'yes', 'fr': 'oui'}},"
        "             {'text': 'C'}],"
        " 'feedback': {'pass': 'Well done', 'fail': 'Not quite',"
        "              'bands': [{'min': 0.8, 'text': 'high'}, {'min': 0, 'text': 'low'}]},"
        " 'pass_mark': 1, 'retries': 2, 'show_solution': false, 'discussion': 'Ask why', 'countdown': 300}",
        "m1-q1");
    assert_int_equal(lectern_quiz_get_kind(q), LECTERN_QUIZ_SINGLE_CHOICE);
    assert_int_equal(lectern_quiz_get_interaction(q), LECTERN_INTERACTION_CHOICE);
    assert_string_equal(lectern_quiz_id(q), "m1-q1");
    assert_string_equal(TL(lectern_quiz_prompt(q), "fr"), "Laquelle ?");
    assert_string_equal(TL(lectern_quiz_prompt(q), "en"), "Which?");
    assert_int_equal(lectern_quiz_n_options(q), 3);
    assert_string_equal(lectern_quiz_get_option(q, 0)->id, "a");
    assert_string_equal(lectern_quiz_get_option(q, 1)->id, "x");
    assert_string_equal(lectern_quiz_get_option(q, 2)->id, "c");
    assert_true(lectern_quiz_get_option(q, 1)->correct);
    assert_false(lectern_quiz_get_option(q, 0)->correct);
    assert_string_equal(TL(&lectern_quiz_get_option(q, 1)->feedback, "fr"), "oui");
    assert_int_equal(lectern_quiz_get_option(q, 2)->feedback.n, 0);
    assert_null(lectern_quiz_get_option(q, 3));
    assert_string_equal(T(lectern_quiz_feedback_pass(q)), "Well done");
    assert_string_equal(T(lectern_quiz_feedback_fail(q)), "Not quite");
    assert_int_equal(lectern_quiz_n_bands(q), 2);
    assert_true(lectern_quiz_get_band(q, 0)->min == 0.0);   /* sorted by min */
    assert_string_equal(T(&lectern_quiz_get_band(q, 1)->text), "high");
    assert_int_equal(lectern_quiz_retries(q), 2);
    assert_false(lectern_quiz_show_solution(q));
    assert_true(lectern_quiz_shuffle(q));
    assert_string_equal(T(lectern_quiz_discussion(q)), "Ask why");
    assert_true(lectern_quiz_countdown(q) == 300.0);
    assert_true(lectern_quiz_max_score(q) == 1.0);
    assert_true(lectern_quiz_pass_mark(q) == 1.0);
    lectern_quiz_free(q);
}

static void multiple_response_and_defaults(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(
        "{'kind': 'multiple_response', 'prompt': 'Pick', 'shuffle': false,"
        " 'options': [{'text': 'A', 'correct': true}, {'text': 'B'}, {'text': 'C', 'correct': true}],"
        " 'feedback': 'Read section 2 again'}", "m1-q2");
    assert_int_equal(lectern_quiz_get_kind(q), LECTERN_QUIZ_MULTIPLE_RESPONSE);
    assert_true(lectern_quiz_max_score(q) == 2.0);
    assert_true(lectern_quiz_pass_mark(q) == 2.0);
    assert_int_equal(lectern_quiz_retries(q), -1);      /* unlimited */
    assert_true(lectern_quiz_show_solution(q));
    assert_false(lectern_quiz_shuffle(q));
    assert_string_equal(T(lectern_quiz_feedback_general(q)), "Read section 2 again");
    assert_true(lectern_quiz_countdown(q) == 0.0);
    assert_int_equal(lectern_quiz_feedback_pass(q)->n, 0);
    lectern_quiz_free(q);
}

static void true_false(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok("{'kind': 'true_false', 'prompt': 'Consent matters', 'answer': false}", "q");
    assert_int_equal(lectern_quiz_get_interaction(q), LECTERN_INTERACTION_TRUE_FALSE);
    assert_int_equal(lectern_quiz_answer(q), 0);
    lectern_quiz_free(q);
    q = parse_ok("{'kind': 'true_false', 'prompt': 'x'}", "q");
    assert_int_equal(lectern_quiz_answer(q), -1);       /* lenient: check reports it */
    lectern_quiz_free(q);
}

static void matching(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(
        "{'kind': 'matching', 'prompt': 'Match',"
        " 'pairs': [{'left': 'Act', 'right': 'Recruitment'},"
        "           {'left': 'Means', 'right': 'Deception', 'left_id': 'means', 'right_id': 'dec'}]}", "q");
    assert_int_equal(lectern_quiz_get_interaction(q), LECTERN_INTERACTION_MATCHING);
    assert_int_equal(lectern_quiz_n_pairs(q), 2);
    assert_string_equal(lectern_quiz_get_pair(q, 0)->left_id, "1");
    assert_string_equal(lectern_quiz_get_pair(q, 0)->right_id, "a");
    assert_string_equal(lectern_quiz_get_pair(q, 1)->left_id, "means");
    assert_string_equal(lectern_quiz_get_pair(q, 1)->right_id, "dec");
    assert_string_equal(T(&lectern_quiz_get_pair(q, 1)->right), "Deception");
    assert_true(lectern_quiz_max_score(q) == 2.0);
    lectern_quiz_free(q);
}

static void ordering(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(
        "{'kind': 'ordering', 'prompt': 'Order',"
        " 'sequence': ['Identify', {'en': 'Refer', 'fr': 'Orienter'}, {'id': 'fu', 'text': 'Follow up'}]}", "q");
    assert_int_equal(lectern_quiz_get_interaction(q), LECTERN_INTERACTION_SEQUENCING);
    assert_int_equal(lectern_quiz_n_entries(q), 3);
    assert_string_equal(lectern_quiz_get_entry(q, 0)->id, "a");
    assert_string_equal(TL(&lectern_quiz_get_entry(q, 1)->text, "fr"), "Orienter");
    assert_string_equal(lectern_quiz_get_entry(q, 2)->id, "fu");
    assert_string_equal(T(&lectern_quiz_get_entry(q, 2)->text), "Follow up");
    lectern_quiz_free(q);
}

static void fill_blank(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(
        "{'kind': 'fill_blank', 'text': 'The three elements are the act, the ___ and the _____',"
        " 'blanks': [{'accept': ['means', 'the means'], 'feedback': 'Means: how'},"
        "            {'accept': {'en': ['purpose'], 'fr': 'but'}}]}", "q");
    assert_int_equal(lectern_quiz_get_interaction(q), LECTERN_INTERACTION_FILL_IN);
    assert_int_equal(lectern_quiz_n_blanks(q), 2);
    assert_int_equal(lectern_quiz_get_blank(q, 0)->n_accept, 2);
    assert_string_equal(lectern_quiz_get_blank(q, 0)->accept[1].s, "the means");
    assert_string_equal(lectern_quiz_blank_solution(q, 1, "fr"), "but");
    assert_string_equal(lectern_quiz_blank_solution(q, 1, "en"), "purpose");
    assert_string_equal(lectern_quiz_blank_solution(q, 0, "fr"), "means");
    assert_string_equal(T(&lectern_quiz_get_blank(q, 0)->feedback), "Means: how");
    size_t offs[4], lens[4];
    const char *t = T(lectern_quiz_blank_text(q));
    assert_int_equal(lectern_quiz_blank_markers(t, offs, lens, 4), 2);
    assert_int_equal(lens[0], 3);
    assert_int_equal(lens[1], 5);
    assert_memory_equal(t + offs[0], "___ and", 7);
    assert_int_equal(lectern_quiz_blank_markers("a__b_c", NULL, NULL, 0), 0);
    lectern_quiz_free(q);
}

static void scenario(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(
        "{'kind': 'scenario', 'start': 's1',"
        " 'steps': [{'id': 'end-good', 'text': 'Safe', 'ending': true, 'score': 1},"
        "           {'id': 's1', 'text': 'A worker says...', 'choices': ["
        "               {'text': 'Listen', 'next': 'end-good', 'feedback': 'Good'},"
        "               {'text': 'Leave', 'next': 'nowhere'}]}]}", "m2-case");
    assert_int_equal(lectern_quiz_get_interaction(q), LECTERN_INTERACTION_OTHER);
    assert_int_equal(lectern_quiz_n_steps(q), 2);
    assert_int_equal(lectern_quiz_start_step(q), 1);
    const lectern_quiz_step *s = lectern_quiz_get_step(q, 1);
    assert_int_equal(s->n_choices, 2);
    assert_int_equal(s->choices[0].next_index, 0);
    assert_int_equal(s->choices[1].next_index, -1);
    assert_true(lectern_quiz_get_step(q, 0)->ending);
    assert_true(lectern_quiz_max_score(q) == 1.0);
    assert_int_equal(lectern_quiz_find_step(q, "s1"), 1);
    lectern_quiz_free(q);
    /* start defaults to the first step */
    q = parse_ok("{'kind': 'scenario', 'steps': [{'id': 'a', 'text': 'x', 'ending': true, 'score': 0.5}]}", "q");
    assert_int_equal(lectern_quiz_start_step(q), 0);
    lectern_quiz_free(q);
}

static void reflection_and_set(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok("{'kind': 'reflection', 'prompt': 'What would you do?'}", "q");
    assert_int_equal(lectern_quiz_get_interaction(q), LECTERN_INTERACTION_LONG_FILL_IN);
    assert_true(lectern_quiz_max_score(q) == 0.0);
    lectern_quiz_free(q);

    q = parse_ok(
        "{'kind': 'set', 'pass_percent': 70, 'questions': ["
        "  {'kind': 'true_false', 'prompt': 'x', 'answer': true},"
        "  {'id': 'second', 'kind': 'single_choice', 'prompt': 'y', 'options': [{'text': 'a', 'correct': true}, {'text': 'b'}]},"
        "  {'kind': 'reflection', 'prompt': 'z'}]}", "m3-quiz");
    assert_int_equal(lectern_quiz_get_kind(q), LECTERN_QUIZ_SET);
    assert_int_equal(lectern_quiz_n_questions(q), 3);
    assert_string_equal(lectern_quiz_id(lectern_quiz_question(q, 0)), "m3-quiz/q1");
    assert_string_equal(lectern_quiz_id(lectern_quiz_question(q, 1)), "m3-quiz/second");
    assert_true(lectern_quiz_max_score(q) == 2.0);       /* reflection not scored */
    assert_true(lectern_quiz_pass_mark(q) > 1.39 && lectern_quiz_pass_mark(q) < 1.41);
    lectern_quiz_free(q);
}

static void kind_names(void **state)
{
    (void)state;
    for (int k = 0; k < LECTERN_QUIZ_KIND_COUNT; k++)
        assert_int_equal(lectern_quiz_kind_from_name(lectern_quiz_kind_name(k)), k);
    assert_int_equal(lectern_quiz_kind_from_name("essay"), -1);
    assert_string_equal(lectern_quiz_interaction_name(LECTERN_INTERACTION_TRUE_FALSE), "true-false");
    assert_string_equal(lectern_quiz_interaction_name(LECTERN_INTERACTION_LONG_FILL_IN), "long-fill-in");
    assert_null(lectern_quiz_interaction_name(LECTERN_INTERACTION_COUNT));
}

/* Each bad input, the code and a piece of the message it must give. */
static const struct {
    const char *json;
    int code;
    const char *msg;
} bad[] = {
    { "{'kind': 'single_choice', 'prompt': 'p', 'options': [{'text': 'a'}, {'text': 'b'}, {'text': 3}]}",
      LECTERN_ESCHEMA, "m1-q1: exercise.options[2].text: expected a text" },
    { "{'kind': 'single_choice', 'prompt': 'p', 'options': [{'text': 'a'}, {'correct': true}]}",
      LECTERN_ESCHEMA, "m1-q1: exercise.options[1].text: missing" },
    { "{'kind': 'single_choice', 'prompt': 'p', 'options': [{'text': 'a', 'correct': 'yes'}]}",
      LECTERN_ESCHEMA, "m1-q1: exercise.options[0].correct: expected true or false" },
    { "{'kind': 'single_choice', 'prompt': 'p'}",
      LECTERN_ESCHEMA, "m1-q1: exercise.options: missing" },
    { "{'prompt': 'p'}", LECTERN_ESCHEMA, "m1-q1: exercise.kind: missing" },
    { "{'kind': 'essay', 'prompt': 'p'}", LECTERN_EUNSUPPORTED, "m1-q1: exercise.kind: \"essay\" is not known" },
    { "{'kind': 'true_false'}", LECTERN_ESCHEMA, "m1-q1: exercise.prompt: missing" },
    { "{'kind': 'true_false', 'prompt': {'en': 1}}", LECTERN_ESCHEMA, "exercise.prompt: the \"en\" translation is not a string" },
    { "{'kind': 'true_false', 'prompt': 'p', 'answer': 'yes'}", LECTERN_ESCHEMA, "exercise.answer: expected true or false" },
    { "{'kind': 'true_false', 'prompt': 'p', 'retries': 1.5}", LECTERN_ESCHEMA, "exercise.retries: expected a whole number" },
    { "{'kind': 'true_false', 'prompt': 'p', 'pass_mark': 'all'}", LECTERN_ESCHEMA, "exercise.pass_mark: expected a number" },
    { "{'kind': 'matching', 'prompt': 'p', 'pairs': [{'left': 'a'}]}", LECTERN_ESCHEMA, "exercise.pairs[0].right: missing" },
    { "{'kind': 'ordering', 'prompt': 'p', 'sequence': 'a, b'}", LECTERN_ESCHEMA, "exercise.sequence: expected a list" },
    { "{'kind': 'fill_blank', 'text': 'a ___', 'blanks': [{'accept': [1]}]}", LECTERN_ESCHEMA, "exercise.blanks[0].accept: expected a string" },
    { "{'kind': 'scenario', 'steps': [{'text': 'x'}]}", LECTERN_ESCHEMA, "exercise.steps[0]: \"id\" is missing" },
    { "{'kind': 'scenario', 'steps': [{'id': 's', 'text': 'x', 'choices': [{'text': 'go'}]}]}", LECTERN_ESCHEMA, "exercise.steps[0].choices[0]: \"next\" is missing" },
    { "{'kind': 'set', 'questions': [{'kind': 'true_false', 'prompt': 'p'}, {'kind': 'single_choice', 'prompt': 'p', 'options': [{'text': 7}]}]}",
      LECTERN_ESCHEMA, "m1-q1: exercise.questions[1].options[0].text: expected a text" },
    { "{'kind': 'set', 'questions': [{'kind': 'set', 'questions': []}]}", LECTERN_EUNSUPPORTED, "exercise.questions[0].kind: \"set\" is not known inside a set" },
    { "{'kind': 'single_choice', 'prompt': 'p', 'feedback': {'bands': [{'text': 'x'}]}}", LECTERN_ESCHEMA, "exercise.feedback.bands[0]: \"min\" is missing" },
    { "[1, 2]", LECTERN_ESCHEMA, "m1-q1: exercise: expected an object" },
    { "{'kind': 'true_false', 'prompt': 'p',}", LECTERN_EJSON, "m1-q1: exercise:1:" },
};

static void errors_name_item_and_path(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lectern_error e = {0};
        int rc = parse_err(bad[i].json, "m1-q1", &e);
        if (rc != bad[i].code || !strstr(e.msg, bad[i].msg))
            fail_msg("case %zu: got %d \"%s\", want %d \"%s\"", i, rc, e.msg, bad[i].code, bad[i].msg);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(single_choice),
        cmocka_unit_test(multiple_response_and_defaults),
        cmocka_unit_test(true_false),
        cmocka_unit_test(matching),
        cmocka_unit_test(ordering),
        cmocka_unit_test(fill_blank),
        cmocka_unit_test(scenario),
        cmocka_unit_test(reflection_and_set),
        cmocka_unit_test(kind_names),
        cmocka_unit_test(errors_name_item_and_path),
    };
    return cmocka_run_group_tests_name("quiz_parse", tests, NULL, NULL);
}
