/* Authoring checks: every mistake lectern-pack check must catch, with the
 * item id, the JSON path and advice in the message; clean exercises pass. */
#include "quiz_test.h"

typedef struct {
    int n;
    int error[32];
    char path[32][128];
    char msg[32][512];
} diags;

static void collect(void *user, int error, const char *path, const char *msg)
{
    diags *d = user;
    if (d->n >= 32)
        return;
    d->error[d->n] = error;
    snprintf(d->path[d->n], sizeof d->path[0], "%s", path);
    snprintf(d->msg[d->n], sizeof d->msg[0], "%s", msg);
    d->n++;
}

static int run(const char *sq, diags *d)
{
    char *j = J(sq);
    memset(d, 0, sizeof *d);
    int rc = lectern_quiz_check(j, "m1-q1", collect, d);
    free(j);
    return rc;
}

static void dump(const diags *d)
{
    for (int i = 0; i < d->n; i++)
        print_message("  %s [%s] %s\n", d->error[i] ? "error" : "warning", d->path[i], d->msg[i]);
}

#define SC_OK "'kind': 'single_choice', 'prompt': 'p'"
#define SCN "{'kind': 'scenario', 'start': 's1', 'steps': ["

/* Each exercise, whether the finding is an error, its path and a piece of
 * its message. The message must also start with "m1-q1: <path>: ". */
static const struct {
    const char *name, *json;
    int error;
    const char *path, *msg;
} cases[] = {
    { "single: no correct", "{" SC_OK ", 'options': [{'text': 'a'}, {'text': 'b'}]}",
      1, "exercise.options", "no option is marked correct; mark exactly one" },
    { "single: two correct", "{" SC_OK ", 'options': [{'text': 'a', 'correct': true}, {'text': 'b'}, {'text': 'c', 'correct': true}]}",
      1, "exercise.options", "2 options are marked correct (options[0], options[2]); a single_choice has exactly one" },
    { "single: one option", "{" SC_OK ", 'options': [{'text': 'a', 'correct': true}]}",
      1, "exercise.options", "1 option(s); give at least 2" },
    { "multi: none correct", "{'kind': 'multiple_response', 'prompt': 'p', 'options': [{'text': 'a'}, {'text': 'b'}]}",
      1, "exercise.options", "no option is marked correct; mark at least one" },
    { "multi: all correct", "{'kind': 'multiple_response', 'prompt': 'p', 'options': [{'text': 'a', 'correct': true}, {'text': 'b', 'correct': true}]}",
      0, "exercise.options", "every option is marked correct" },
    { "duplicate options", "{" SC_OK ", 'options': [{'text': 'Deception', 'correct': true}, {'text': 'Force'}, {'text': ' deception '}]}",
      1, "exercise.options[2]", "same text as options[0] (\" deception \"); make every option different" },
    { "duplicate option ids", "{" SC_OK ", 'options': [{'id': 'x', 'text': 'a', 'correct': true}, {'id': 'x', 'text': 'b'}]}",
      1, "exercise.options[1]", "id \"x\" is already used by options[0]" },
    { "empty option text", "{" SC_OK ", 'options': [{'text': '', 'correct': true}, {'text': 'b'}]}",
      1, "exercise.options[0]", "the option text is empty" },
    { "true_false: no answer", "{'kind': 'true_false', 'prompt': 'p'}",
      1, "exercise.answer", "\"answer\" is missing; add \"answer\": true or \"answer\": false" },
    { "matching: one pair", "{'kind': 'matching', 'prompt': 'p', 'pairs': [{'left': 'a', 'right': 'b'}]}",
      1, "exercise.pairs", "1 pair(s); matching needs at least 2 pairs" },
    { "matching: duplicate left", "{'kind': 'matching', 'prompt': 'p', 'pairs': [{'left': 'Act', 'right': 'x'}, {'left': 'act', 'right': 'y'}]}",
      1, "exercise.pairs[1].left", "same left text as pairs[0]" },
    { "matching: duplicate right", "{'kind': 'matching', 'prompt': 'p', 'pairs': [{'left': 'a', 'right': 'Same'}, {'left': 'b', 'right': 'Same'}]}",
      1, "exercise.pairs[1].right", "same right text as pairs[0] (\"Same\"); every right item must differ" },
    { "ordering: one entry", "{'kind': 'ordering', 'prompt': 'p', 'sequence': ['only']}",
      1, "exercise.sequence", "1 entry; ordering needs at least 2" },
    { "ordering: duplicates", "{'kind': 'ordering', 'prompt': 'p', 'sequence': ['a', 'b', 'A']}",
      1, "exercise.sequence[2]", "same text as sequence[0] (\"A\"); the order would be ambiguous" },
    { "fill: markers vs blanks", "{'kind': 'fill_blank', 'text': 'the act, the ___ and the purpose', 'blanks': [{'accept': ['means']}, {'accept': ['x']}]}",
      1, "exercise.text", "the text has 1 \"___\" marker(s) but 2 blank(s) in \"blanks\"" },
    { "fill: markers in one language", "{'kind': 'fill_blank', 'text': {'en': 'the ___', 'fr': 'les moyens'}, 'blanks': [{'accept': ['means']}]}",
      1, "exercise.text", "the \"fr\" text has 0 \"___\" marker(s) but 1 blank(s)" },
    { "fill: no accepted answer", "{'kind': 'fill_blank', 'text': 'the ___', 'blanks': [{'accept': []}]}",
      1, "exercise.blanks[0].accept", "no accepted answer; list at least one" },
    { "fill: accept missing", "{'kind': 'fill_blank', 'text': 'the ___', 'blanks': [{'feedback': 'x'}]}",
      1, "exercise.blanks[0].accept", "no accepted answer" },
    { "scenario: unknown start", SCN "{'id': 'a', 'text': 'x', 'ending': true, 'score': 1}]}",
      1, "exercise.start", "\"s1\" is not the id of a step" },
    { "scenario: unknown next", SCN "{'id': 's1', 'text': 'x', 'choices': [{'text': 'go', 'next': 'end'}, {'text': 'stay', 'next': 'nowhere'}]},"
      "{'id': 'end', 'text': 'e', 'ending': true, 'score': 1}]}",
      1, "exercise.steps[0].choices[1].next", "\"nowhere\" is not the id of a step" },
    { "scenario: dead end", SCN "{'id': 's1', 'text': 'x', 'choices': [{'text': 'a', 'next': 's2'}, {'text': 'b', 'next': 'end'}]},"
      "{'id': 's2', 'text': 'stuck'}, {'id': 'end', 'text': 'e', 'ending': true, 'score': 1}]}",
      1, "exercise.steps[1]", "dead end: step \"s2\" has no choices and is not an ending" },
    { "scenario: loop", SCN "{'id': 's1', 'text': 'x', 'choices': [{'text': 'a', 'next': 's2'}, {'text': 'b', 'next': 'end'}]},"
      "{'id': 's2', 'text': 'y', 'choices': [{'text': 'c', 'next': 's3'}]},"
      "{'id': 's3', 'text': 'z', 'choices': [{'text': 'd', 'next': 's2'}]},"
      "{'id': 'end', 'text': 'e', 'ending': true, 'score': 1}]}",
      1, "exercise.steps[1]", "loop: s2 -> s3 -> s2 never reaches an ending" },
    { "scenario: self loop", SCN "{'id': 's1', 'text': 'x', 'choices': [{'text': 'again', 'next': 's1'}]},"
      "{'id': 'end', 'text': 'e', 'ending': true, 'score': 1}]}",
      1, "exercise.steps[0]", "loop: s1 -> s1 never reaches an ending" },
    { "scenario: unreachable", SCN "{'id': 's1', 'text': 'x', 'choices': [{'text': 'a', 'next': 'end'}]},"
      "{'id': 'orphan', 'text': 'y', 'choices': [{'text': 'b', 'next': 'end'}]},"
      "{'id': 'end', 'text': 'e', 'ending': true, 'score': 1}]}",
      0, "exercise.steps[1]", "step \"orphan\" cannot be reached from the start" },
    { "scenario: ending without score", SCN "{'id': 's1', 'text': 'x', 'choices': [{'text': 'a', 'next': 'end'}]},"
      "{'id': 'end', 'text': 'e', 'ending': true}]}",
      1, "exercise.steps[1]", "ending \"end\" has no \"score\"; add \"score\"" },
    { "scenario: no ending", SCN "{'id': 's1', 'text': 'x', 'choices': [{'text': 'a', 'next': 's1'}]}]}",
      1, "exercise.steps", "no step is an ending" },
    { "scenario: duplicate step ids", SCN "{'id': 's1', 'text': 'x', 'choices': [{'text': 'a', 'next': 'end'}]},"
      "{'id': 'end', 'text': 'e', 'ending': true, 'score': 1}, {'id': 'end', 'text': 'f', 'ending': true, 'score': 0}]}",
      1, "exercise.steps[2]", "id \"end\" is already used by steps[1]" },
    { "feedback required: option", "{" SC_OK ", 'feedback_required': true, 'feedback': {'pass': 'y', 'fail': 'n'},"
      " 'options': [{'text': 'a', 'correct': true, 'feedback': 'yes'}, {'text': 'b', 'feedback': ''}]}",
      1, "exercise.options[1]", "\"feedback\" is empty but the exercise sets \"feedback_required\": true" },
    { "feedback required: overall", "{" SC_OK ", 'feedback_required': true,"
      " 'options': [{'text': 'a', 'correct': true, 'feedback': 'yes'}, {'text': 'b', 'feedback': 'no'}]}",
      1, "exercise.feedback", "\"pass\" or \"fail\" feedback is empty" },
    { "feedback required: scenario choice", SCN "{'id': 's1', 'text': 'x', 'choices': [{'text': 'a', 'next': 'end'}]},"
      "{'id': 'end', 'text': 'e', 'ending': true, 'score': 1}], 'feedback_required': true, 'feedback': {'pass': 'y', 'fail': 'n'}}",
      1, "exercise.steps[0].choices[0]", "\"feedback\" is empty" },
    { "pass_mark too high", "{" SC_OK ", 'pass_mark': 2, 'options': [{'text': 'a', 'correct': true}, {'text': 'b'}]}",
      1, "exercise.pass_mark", "2 is out of range; use a number above 0 and at most 1" },
    { "pass_mark zero", "{'kind': 'matching', 'prompt': 'p', 'pass_mark': 0, 'pairs': [{'left': 'a', 'right': 'b'}, {'left': 'c', 'right': 'd'}]}",
      1, "exercise.pass_mark", "0 is out of range; use a number above 0 and at most 2" },
    { "pass_percent", "{'kind': 'set', 'pass_percent': 170, 'questions': [{'kind': 'true_false', 'prompt': 'p', 'answer': true}]}",
      1, "exercise.pass_percent", "170 is out of range" },
    { "band out of range", "{'kind': 'true_false', 'prompt': 'p', 'answer': true, 'feedback': {'bands': [{'min': 80, 'text': 'x'}]}}",
      1, "exercise.feedback.bands[0]", "min 80 is out of range; bands use the scaled score 0..1" },
    { "countdown", "{'kind': 'reflection', 'prompt': 'p', 'countdown': -60}",
      1, "exercise.countdown", "-60 is out of range; give the group-work time in seconds" },
    { "unknown field", "{" SC_OK ", 'options': [{'text': 'a', 'corect': true}, {'text': 'b', 'correct': true}]}",
      0, "exercise.options[0]", "unknown field \"corect\" is ignored" },
    { "field of another kind", "{" SC_OK ", 'answer': true, 'options': [{'text': 'a', 'correct': true}, {'text': 'b'}]}",
      0, "exercise", "field \"answer\" is not used by kind single_choice and is ignored" },
    { "inside a set", "{'kind': 'set', 'questions': [{'kind': 'true_false', 'prompt': 'p', 'answer': true},"
      " {'kind': 'single_choice', 'prompt': 'q', 'options': [{'text': 'a', 'correct': true}, {'text': 'b', 'correct': true}]}]}",
      1, "exercise.questions[1].options", "2 options are marked correct" },
    { "parse error", "{" SC_OK ", 'options': [{'text': 5}]}",
      1, "exercise.options[0].text", "expected a text" },
};

static void finds_each_mistake(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        diags d;
        int rc = run(cases[i].json, &d);
        int found = 0;
        for (int k = 0; k < d.n && !found; k++) {
            char prefix[200];
            snprintf(prefix, sizeof prefix, "m1-q1: %s: ", d.path[k]);
            found = d.error[k] == cases[i].error && strcmp(d.path[k], cases[i].path) == 0 &&
                    strstr(d.msg[k], cases[i].msg) != NULL &&
                    strncmp(d.msg[k], prefix, strlen(prefix)) == 0;
        }
        if (!found) {
            dump(&d);
            fail_msg("%s: no %s at %s saying \"%s\"", cases[i].name,
                     cases[i].error ? "error" : "warning", cases[i].path, cases[i].msg);
        }
        int errors = 0;
        for (int k = 0; k < d.n; k++)
            errors += d.error[k];
        assert_int_equal(rc, errors);
        if (cases[i].error)
            assert_true(rc >= 1);
    }
}

static const char *const clean[] = {
    "{'kind': 'single_choice', 'prompt': {'en': 'Which?', 'fr': 'Laquelle ?'}, 'feedback_required': true,"
    " 'options': [{'text': {'en': 'A', 'fr': 'A'}, 'correct': true, 'feedback': 'yes'}, {'text': 'B', 'feedback': 'no'}],"
    " 'feedback': {'pass': 'ok', 'fail': 'no', 'bands': [{'min': 0, 'text': 'x'}, {'min': 1, 'text': 'y'}]},"
    " 'pass_mark': 1, 'retries': 2, 'show_solution': true, 'discussion': 'why?'}",
    "{'kind': 'multiple_response', 'prompt': 'p', 'options': [{'text': 'a', 'correct': true}, {'text': 'b'}, {'text': 'c', 'correct': true}], 'pass_mark': 1.5}",
    "{'kind': 'true_false', 'prompt': 'p', 'answer': false}",
    "{'kind': 'matching', 'prompt': 'p', 'pairs': [{'left': 'a', 'right': 'b'}, {'left': 'c', 'right': 'd'}]}",
    "{'kind': 'ordering', 'prompt': 'p', 'sequence': ['a', 'b', {'id': 'z', 'text': 'c'}]}",
    "{'kind': 'fill_blank', 'text': {'en': 'the ___ and ___', 'fr': 'les ___ et ___'}, 'blanks': [{'accept': ['means']}, {'accept': {'en': 'act', 'fr': 'acte'}}]}",
    SCN "{'id': 's1', 'text': 'x', 'choices': [{'text': 'a', 'next': 's2'}, {'text': 'b', 'next': 'end-bad'}]},"
    "{'id': 's2', 'text': 'y', 'choices': [{'text': 'back', 'next': 's1'}, {'text': 'on', 'next': 'end-good'}]},"
    "{'id': 'end-good', 'text': 'g', 'ending': true, 'score': 1}, {'id': 'end-bad', 'text': 'b', 'ending': true, 'score': 0}]}",
    "{'kind': 'reflection', 'prompt': 'What would you do?'}",
    "{'kind': 'set', 'pass_percent': 70, 'questions': [{'kind': 'true_false', 'prompt': 'p', 'answer': true}, {'kind': 'reflection', 'prompt': 'r'}]}",
};

static void clean_exercises_pass(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        diags d;
        int rc = run(clean[i], &d);
        if (rc != 0 || d.n != 0) {
            dump(&d);
            fail_msg("clean[%zu]: %d errors, %d findings", i, rc, d.n);
        }
    }
}

static void bad_arguments(void **state)
{
    (void)state;
    assert_int_equal(lectern_quiz_check(NULL, "x", collect, NULL), LECTERN_EINVAL);
    /* no callback: still counts */
    char *j = J("{'kind': 'true_false', 'prompt': 'p'}");
    assert_int_equal(lectern_quiz_check(j, NULL, NULL, NULL), 1);
    free(j);
    diags d;
    memset(&d, 0, sizeof d);
    assert_int_equal(lectern_quiz_check("{\"kind\": ", "m1-q1", collect, &d), 1);
    assert_int_equal(d.n, 1);
    assert_non_null(strstr(d.msg[0], "m1-q1: exercise:1:"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_each_mistake),
        cmocka_unit_test(clean_exercises_pass),
        cmocka_unit_test(bad_arguments),
    };
    return cmocka_run_group_tests_name("quiz_check", tests, NULL, NULL);
}
