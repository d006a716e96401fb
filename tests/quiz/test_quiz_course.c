/* The answer key as a response (reveal, scripted runs) for every kind, and
 * the real sample course: every exercise in courses/trafficking-basics
 * parses, passes the authoring checks, and scores full marks with its key. */
#include "quiz_test.h"

#include <dirent.h>
#include <cjson/cJSON.h>

static void key_of(const char *sq, const char *lang, double want_raw)
{
    lectern_quiz *q = parse_ok(sq, "q");
    lectern_quiz_attempt *a;
    lectern_quiz_result r;
    assert_int_equal(lectern_quiz_attempt_begin(q, 42, 0, &a), 0);
    assert_int_equal(lectern_quiz_attempt_fill_key(a, lang), 0);
    assert_int_equal(lectern_quiz_attempt_submit(a, 1), 0);
    assert_int_equal(lectern_quiz_attempt_fill_key(a, lang), LECTERN_EINVAL);
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    if (r.raw != want_raw || !r.success)
        fail_msg("%s: key scored %g/%g, success %d", sq, r.raw, r.max, r.success);
    if (!lang && r.correct_response[0])   /* the key response is the xAPI correct pattern */
        assert_string_equal(r.response, r.correct_response);
    lectern_quiz_result_free(&r);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

static void key_for_every_kind(void **state)
{
    (void)state;
    key_of("{'kind': 'single_choice', 'prompt': 'p', 'options': [{'text': 'a'}, {'text': 'b', 'correct': true}]}", NULL, 1);
    key_of("{'kind': 'multiple_response', 'prompt': 'p', 'options': [{'text': 'a', 'correct': true}, {'text': 'b'}, {'text': 'c', 'correct': true}]}", NULL, 2);
    key_of("{'kind': 'true_false', 'prompt': 'p', 'answer': false}", NULL, 1);
    key_of("{'kind': 'matching', 'prompt': 'p', 'pairs': [{'left': 'a', 'right': 'b'}, {'left': 'c', 'right': 'd'}]}", NULL, 2);
    key_of("{'kind': 'ordering', 'prompt': 'p', 'sequence': ['a', 'b', 'c']}", NULL, 3);
    key_of("{'kind': 'fill_blank', 'text': 'x ___', 'blanks': [{'accept': {'en': ['act'], 'fr': ['acte']}}]}", "fr", 1);
    /* the best ending is the far one, not the nearest */
    key_of("{'kind': 'scenario', 'start': 's1', 'steps': ["
           "{'id': 's1', 'text': 'x', 'choices': [{'text': 'a', 'next': 'meh'}, {'text': 'b', 'next': 's2'}]},"
           "{'id': 's2', 'text': 'y', 'choices': [{'text': 'c', 'next': 's1'}, {'text': 'd', 'next': 'best'}]},"
           "{'id': 'meh', 'text': 'm', 'ending': true, 'score': 1},"
           "{'id': 'best', 'text': 'b', 'ending': true, 'score': 3}]}", NULL, 3);
    key_of("{'kind': 'set', 'questions': [{'kind': 'true_false', 'prompt': 'p', 'answer': true},"
           "{'kind': 'ordering', 'prompt': 'p', 'sequence': ['a', 'b']}]}", NULL, 2);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static int findings;

static void count(void *user, int error, const char *path, const char *msg)
{
    (void)user;
    (void)error;
    (void)path;
    print_message("  %s\n", msg);
    findings++;
}

static void sample_course_exercises(void **state)
{
    (void)state;
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    if (!root)
        root = ".";
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/courses/trafficking-basics/modules", root);
    DIR *d = opendir(dir);
    if (!d) {
        print_message("no sample course at %s\n", dir);
        skip();
    }
    size_t n_ex = 0, kinds[LECTERN_QUIZ_KIND_COUNT] = {0};
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char path[1400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *text = slurp(path);
        cJSON *m = cJSON_Parse(text);
        assert_non_null(m);
        const cJSON *items = cJSON_GetObjectItem(m, "items");
        for (const cJSON *it = items ? items->child : NULL; it; it = it->next) {
            const cJSON *ex = cJSON_GetObjectItem(it, "exercise");
            if (!ex)
                continue;
            const char *id = cJSON_GetObjectItem(it, "id")->valuestring;
            char *json = cJSON_PrintUnformatted(ex);
            lectern_quiz *q = NULL;
            lectern_error err = {0};
            if (lectern_quiz_parse(json, id, &q, &err) != 0)
                fail_msg("%s: %s", e->d_name, err.msg);
            findings = 0;
            assert_int_equal(lectern_quiz_check(json, id, count, NULL), 0);
            if (findings)
                fail_msg("%s: %s has %d check findings", e->d_name, id, findings);
            lectern_quiz_attempt *a;
            lectern_quiz_result r;
            assert_int_equal(lectern_quiz_attempt_begin(q, lectern_quiz_seed(id, 1), 0, &a), 0);
            assert_int_equal(lectern_quiz_attempt_fill_key(a, "en"), 0);
            lectern_quiz_attempt_submit(a, 30000);
            assert_int_equal(lectern_quiz_score(q, a, &r), 0);
            if (r.scored && (!r.success || r.scaled < 1))
                fail_msg("%s: key of %s scores %g/%g", e->d_name, id, r.raw, r.max);
            kinds[r.kind]++;
            n_ex++;
            lectern_quiz_result_free(&r);
            lectern_quiz_attempt_free(a);
            lectern_quiz_free(q);
            free(json);
        }
        cJSON_Delete(m);
        free(text);
    }
    closedir(d);
    print_message("%zu exercises:", n_ex);
    for (int k = 0; k < LECTERN_QUIZ_KIND_COUNT; k++)
        if (kinds[k])
            print_message(" %s %zu", lectern_quiz_kind_name(k), kinds[k]);
    print_message("\n");
    assert_true(n_ex > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_for_every_kind),
        cmocka_unit_test(sample_course_exercises),
    };
    return cmocka_run_group_tests_name("quiz_course", tests, NULL, NULL);
}
