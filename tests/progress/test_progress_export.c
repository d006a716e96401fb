/* Reports: the CSV (header, one row per profile x item, quoting) and the xAPI
 * statements (parsed back with cJSON: required fields, verbs, IRIs, result,
 * ISO 8601 durations and timestamps, stable statement ids on re-export). */
#include "progress_test.h"

#include <cjson/cJSON.h>
#include <ctype.h>

typedef struct fixture {
    char *dir;
    lectern_progress *p;
    int64_t amina, bruno;
} fixture;

static void attempt(lectern_progress *p, const lectern_progress_ref *r, const char *item,
                    const char *resp, int ok, int64_t dur, lectern_interaction it, int64_t t)
{
    lectern_error err = {0};
    lectern_attempt a = {resp, ok ? 1.0 : 0.25, ok, dur, it};
    PT_OK(lectern_progress_attempt(p, r, item, &a, t, NULL, &err));
}

static int setup(void **state)
{
    lectern_error err = {0};
    fixture *f = calloc(1, sizeof *f);
    f->dir = pt_tmpdir();
    PT_OK(lectern_progress_open(f->dir, &f->p, &err));
    PT_OK(lectern_progress_profile_create(f->p, "O'Brien, \"Jo\"", NULL, T0, &f->amina, &err));
    PT_OK(lectern_progress_profile_create(f->p, "Bruno", "staff-42", T0, &f->bruno, &err));
    pt_course v1 = pt_load("course-v1");
    lectern_progress_ref a = {f->amina, lectern_course_id(v1.c), "1.0.0", NULL};
    lectern_progress_ref b = {f->bruno, lectern_course_id(v1.c), "1.0.0", "fr"};
    int64_t t = T0;
    PT_OK(lectern_progress_viewed(f->p, &a, "s1", t++, &err));
    PT_OK(lectern_progress_time_spent(f->p, &a, "s1", 12345, t++, &err));
    PT_OK(lectern_progress_viewed(f->p, &a, "s2", t++, &err));
    PT_OK(lectern_progress_video_range(f->p, &a, "v1", 0, 9500, 10000, t++, &err));
    attempt(f->p, &a, "q1", "wrong", 0, 0, LECTERN_INTERACTION_CHOICE, t++);
    attempt(f->p, &a, "q1", "A", 1, 12500, LECTERN_INTERACTION_CHOICE, t++);
    attempt(f->p, &a, "q2", "B", 1, 3723500, LECTERN_INTERACTION_TRUE_FALSE, t++);
    PT_OK(lectern_progress_viewed(f->p, &a, "s3", t++, &err));
    attempt(f->p, &a, "q3", "x[,]y", 1, 60000, LECTERN_INTERACTION_SEQUENCING, t++);
    attempt(f->p, &a, "q4", "fill", 0, 500, LECTERN_INTERACTION_FILL_IN, t++);
    PT_OK(lectern_progress_position(f->p, &a, "q4", 0, t++, &err));
    PT_OK(lectern_progress_evaluate(f->p, f->amina, v1.c, t++, NULL, &err));
    PT_OK(lectern_progress_viewed(f->p, &b, "s1", t++, &err));
    PT_OK(lectern_progress_evaluate(f->p, f->bruno, v1.c, t++, NULL, &err));
    pt_unload(&v1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    lectern_progress_close(f->p);
    pt_rmdir(f->dir);
    free(f);
    return 0;
}

static void test_csv(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    char *path = pt_join(f->dir, "report.csv");
    PT_OK(lectern_progress_export_csv(f->p, path, &err));
    char *csv = pt_slurp(path, NULL);
    assert_non_null(csv);
    const char *hdr = "profile,identifier,course_id,course_version,item_id,viewed,time_spent_s,"
                      "attempts,best_score,passed,watched_percent,bookmarked,review,removed\r\n";
    assert_memory_equal(csv, hdr, strlen(hdr));
    /* Bruno sorts first; Amina's name is quoted (comma and quotes) */
    assert_non_null(strstr(csv, "\r\nBruno,staff-42,org.lectern.test.progress,1.0.0,s1,1,0.0,0,"
                                ",0,,0,0,0\r\n"));
    assert_non_null(strstr(csv, "\r\n\"O'Brien, \"\"Jo\"\"\",,org.lectern.test.progress,1.0.0,s1,"
                                "1,12.3,0,,0,,0,0,0\r\n"));
    assert_non_null(strstr(csv, ",q1,0,0.0,2,1,1,,0,0,0\r\n"));
    assert_non_null(strstr(csv, ",v1,0,0.0,0,,0,95.0,0,0,0\r\n"));
    assert_non_null(strstr(csv, ",q4,0,0.0,1,0.25,0,,0,0,0\r\n"));
    int lines = 0;
    for (const char *s = csv; *s; s++)
        lines += *s == '\n';
    assert_int_equal(lines, 1 + 8 + 1);     /* header, Amina's 8 items, Bruno's 1 */
    free(csv);
    free(path);
}

static const cJSON *get(const cJSON *o, const char *dotted)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", dotted);
    const cJSON *v = o;
    for (char *k = strtok(buf, "."); k && v; k = strtok(NULL, "."))
        v = cJSON_GetObjectItemCaseSensitive(v, k);
    return v;
}

static const char *gets_(const cJSON *o, const char *dotted)
{
    const cJSON *v = get(o, dotted);
    if (!cJSON_IsString(v))
        fail_msg("statement field %s missing or not a string", dotted);
    return v->valuestring;
}

static int is_uuid(const char *s)
{
    if (strlen(s) != 36)
        return 0;
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return 0;
        } else if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i])) {
            return 0;
        }
    }
    return s[14] == '5' && strchr("89ab", s[19]) != NULL;
}

static int is_iso_time(const char *s)
{
    /* YYYY-MM-DDTHH:MM:SS.mmmZ */
    static const char pat[] = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (strlen(s) != strlen(pat))
        return 0;
    for (size_t i = 0; pat[i]; i++)
        if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != pat[i])
            return 0;
    return 1;
}

static const cJSON *answered(const cJSON *arr, const char *response)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, arr)
        if (strcmp(gets_(s, "verb.display.en-US"), "answered") == 0
            && strcmp(gets_(s, "result.response"), response) == 0)
            return s;
    fail_msg("no answered statement with response %s", response);
    return NULL;
}

static void test_xapi(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    char *path = pt_join(f->dir, "statements.json");
    PT_OK(lectern_progress_export_xapi(f->p, path, &err));
    char *text = pt_slurp(path, NULL);
    cJSON *arr = cJSON_Parse(text);
    assert_true(cJSON_IsArray(arr));
    int n_exp = 0, n_ans = 0, n_comp = 0, n_pass = 0, n_fail = 0, n = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, arr) {
        n++;
        const char *id = gets_(s, "id");
        if (!is_uuid(id))
            fail_msg("statement id %s is not a v5 UUID", id);
        assert_string_equal(gets_(s, "actor.objectType"), "Agent");
        const char *home = gets_(s, "actor.account.homePage");
        const char *acc = gets_(s, "actor.account.name");
        if (strcmp(gets_(s, "actor.name"), "Bruno") == 0) {
            assert_string_equal(home, "urn:lectern:identifier");
            assert_string_equal(acc, "staff-42");
            assert_string_equal(gets_(s, "context.language"), "fr");   /* from the ref */
        } else {
            /* no language in Amina's ref: her completions carry the course's first
             * language, her other statements none */
            const char *vd = gets_(s, "verb.display.en-US");
            if (strcmp(vd, "completed") == 0 || strcmp(vd, "passed") == 0)
                assert_string_equal(gets_(s, "context.language"), "en");
            else
                assert_null(get(s, "context.language"));
            assert_string_equal(gets_(s, "actor.name"), "O'Brien, \"Jo\"");
            char want[80];
            snprintf(want, sizeof want, "urn:lectern:%s", lectern_progress_device_id(f->p));
            assert_string_equal(home, want);
            assert_int_equal(strlen(acc), 36);
        }
        assert_null(get(s, "actor.mbox"));
        const char *verb = gets_(s, "verb.id"), *disp = gets_(s, "verb.display.en-US");
        char want_verb[96];
        snprintf(want_verb, sizeof want_verb, "http://adlnet.gov/expapi/verbs/%s", disp);
        assert_string_equal(verb, want_verb);
        assert_string_equal(gets_(s, "object.objectType"), "Activity");
        const char *obj = gets_(s, "object.id");
        assert_memory_equal(obj, "urn:lectern:course:org.lectern.test.progress",
                            strlen("urn:lectern:course:org.lectern.test.progress"));
        assert_true(is_iso_time(gets_(s, "timestamp")));
        assert_string_equal(gets_(s, "context.revision"), "1.0.0");
        if (strcmp(disp, "experienced") == 0) {
            n_exp++;
            assert_non_null(strstr(obj, "/item/"));
        } else if (strcmp(disp, "answered") == 0) {
            n_ans++;
            const cJSON *sc = get(s, "result.score.scaled");
            assert_true(cJSON_IsNumber(sc) && sc->valuedouble >= 0 && sc->valuedouble <= 1);
            assert_true(cJSON_IsBool(get(s, "result.success")));
            assert_string_equal(gets_(s, "object.definition.type"),
                                "http://adlnet.gov/expapi/activities/cmi.interaction");
        } else if (strcmp(disp, "completed") == 0) {
            n_comp++;
            assert_true(cJSON_IsTrue(get(s, "result.completion")));
        } else if (strcmp(disp, "passed") == 0) {
            n_pass++;
            assert_true(cJSON_IsTrue(get(s, "result.success")));
        } else if (strcmp(disp, "failed") == 0) {
            n_fail++;
            assert_true(cJSON_IsFalse(get(s, "result.success")));
        } else {
            fail_msg("unexpected verb %s", disp);
        }
    }
    /* Amina: s1 s2 s3 viewed, 5 attempts, m1 passed, m2 failed (q4 wrong but
     * mastery 1 of 2 met -> passed), course passed; Bruno: s1 only */
    assert_int_equal(n_exp, 4);
    assert_int_equal(n_ans, 5);
    assert_int_equal(n_comp, 3);
    assert_int_equal(n_pass, 3);
    assert_int_equal(n_fail, 0);
    assert_int_equal(n, 15);
    /* results and durations */
    const cJSON *q1 = answered(arr, "A");
    assert_string_equal(gets_(q1, "result.duration"), "PT12.5S");
    assert_true(get(q1, "result.score.scaled")->valuedouble == 1.0);
    assert_true(cJSON_IsTrue(get(q1, "result.success")));
    assert_string_equal(gets_(q1, "object.id"),
                        "urn:lectern:course:org.lectern.test.progress/item/q1");
    assert_string_equal(gets_(q1, "object.definition.interactionType"), "choice");
    const cJSON *parent = cJSON_GetArrayItem(get(q1, "context.contextActivities.parent"), 0);
    assert_string_equal(gets_(parent, "id"), "urn:lectern:course:org.lectern.test.progress");
    assert_string_equal(gets_(answered(arr, "wrong"), "result.duration"), "PT0S");
    assert_true(cJSON_IsFalse(get(answered(arr, "wrong"), "result.success")));
    assert_string_equal(gets_(answered(arr, "B"), "result.duration"), "PT1H2M3.5S");
    assert_string_equal(gets_(answered(arr, "B"), "object.definition.interactionType"),
                        "true-false");
    assert_string_equal(gets_(answered(arr, "x[,]y"), "result.duration"), "PT1M");
    assert_string_equal(gets_(answered(arr, "fill"), "result.duration"), "PT0.5S");
    /* the first event's time, exactly */
    assert_string_equal(gets_(cJSON_GetArrayItem(arr, 0), "timestamp"),
                        "2026-11-18T11:06:40.000Z");
    /* ids are unique, and a second export is byte-identical */
    for (int i = 0; i < n; i++)
        for (int k = i + 1; k < n; k++)
            assert_string_not_equal(gets_(cJSON_GetArrayItem(arr, i), "id"),
                                    gets_(cJSON_GetArrayItem(arr, k), "id"));
    char *path2 = pt_join(f->dir, "statements2.json");
    PT_OK(lectern_progress_export_xapi(f->p, path2, &err));
    char *text2 = pt_slurp(path2, NULL);
    assert_string_equal(text, text2);
    cJSON_Delete(arr);
    free(text);
    free(text2);
    free(path);
    free(path2);
}

/* The statements for a trainee studying in French: the course attempted on the
 * first opening, each exercise attempted when a new attempt starts (not again
 * while one is open), resumed in a later session, and the language on every
 * statement: context.language, verb.display and the activities' names. */
static void test_xapi_attempted_resumed_lang(void **state)
{
    (void)state;
    lectern_error err = {0};
    char *dir = pt_tmpdir();
    lectern_progress *p;
    int64_t me;
    int rec = 0;
    PT_OK(lectern_progress_open(dir, &p, &err));
    PT_OK(lectern_progress_profile_create(p, "Chlo\xC3\xA9", NULL, T0, &me, &err));
    pt_course v1 = pt_load("course-v1");
    lectern_progress_ref r = {me, lectern_course_id(v1.c), "1.0.0", "fr"};
    int64_t t = T0;
    /* session 1: first opening */
    PT_OK(lectern_progress_attempted(p, &r, NULL, "Cours de test", t++, &rec, &err));
    assert_int_equal(rec, 1);
    PT_OK(lectern_progress_attempted(p, &r, NULL, "Cours de test", t++, &rec, &err));
    assert_int_equal(rec, 0);                   /* the course: once */
    static const char *const views[] = {"s1", "s2", "s3"};
    for (int i = 0; i < 3; i++)
        PT_OK(lectern_progress_viewed(p, &r, views[i], t++, &err));
    PT_OK(lectern_progress_video_range(p, &r, "v1", 0, 10000, 10000, t++, &err));
    static const char *const qs[] = {"q1", "q2", "q3", "q4"};
    for (int i = 0; i < 4; i++) {
        PT_OK(lectern_progress_attempted(p, &r, qs[i], NULL, t++, &rec, &err));
        assert_int_equal(rec, 1);
        PT_OK(lectern_progress_attempted(p, &r, qs[i], NULL, t++, &rec, &err));
        assert_int_equal(rec, 0);               /* still open: not again */
        attempt(p, &r, qs[i], "A", 1, 1000, LECTERN_INTERACTION_CHOICE, t++);
    }
    /* q1 again: a new attempt after the answer */
    PT_OK(lectern_progress_attempted(p, &r, "q1", NULL, t++, &rec, &err));
    assert_int_equal(rec, 1);
    PT_OK(lectern_progress_position(p, &r, "s3", 0, t++, &err));
    lectern_course_progress *cp;
    PT_OK(lectern_progress_evaluate(p, me, v1.c, t++, &cp, &err));
    assert_true(cp->completed && cp->success);
    lectern_course_progress_free(cp);
    /* session 2: resumes at s3 */
    PT_OK(lectern_progress_resumed(p, &r, "s3", 0, "Cours de test", t++, &err));
    char *path = pt_join(dir, "statements.json");
    PT_OK(lectern_progress_export_xapi(p, path, &err));
    char *text = pt_slurp(path, NULL);
    cJSON *arr = cJSON_Parse(text);
    assert_true(cJSON_IsArray(arr));
    int n_att_course = 0, n_att_item = 0, n_res = 0, n_comp = 0, n = 0;
    const char *course = "urn:lectern:course:org.lectern.test.progress";
    const cJSON *s;
    cJSON_ArrayForEach(s, arr) {
        n++;
        const char *en = gets_(s, "verb.display.en-US"), *id = gets_(s, "verb.id");
        char want[96];
        snprintf(want, sizeof want, "http://adlnet.gov/expapi/verbs/%s", en);
        assert_string_equal(id, want);
        /* every statement: studied in French */
        assert_string_equal(gets_(s, "context.language"), "fr");
        assert_non_null(gets_(s, "verb.display.fr"));
        const char *obj = gets_(s, "object.id");
        if (strcmp(en, "attempted") == 0 && strcmp(obj, course) == 0) {
            n_att_course++;
            assert_string_equal(gets_(s, "verb.display.fr"), "a commenc\xC3\xA9");
            assert_string_equal(gets_(s, "object.definition.type"),
                                "http://adlnet.gov/expapi/activities/course");
            assert_string_equal(gets_(s, "object.definition.name.fr"), "Cours de test");
        } else if (strcmp(en, "attempted") == 0) {
            n_att_item++;
            assert_non_null(strstr(obj, "/item/q"));
            const cJSON *par = cJSON_GetArrayItem(get(s, "context.contextActivities.parent"), 0);
            assert_string_equal(gets_(par, "id"), course);
        } else if (strcmp(en, "resumed") == 0) {
            n_res++;
            assert_string_equal(obj, course);
            assert_string_equal(gets_(s, "verb.display.fr"), "a repris");
            const cJSON *o = cJSON_GetArrayItem(get(s, "context.contextActivities.other"), 0);
            assert_string_equal(gets_(o, "id"), "urn:lectern:course:org.lectern.test.progress"
                                                "/item/s3");
            assert_string_equal(gets_(s, "timestamp"), "2026-11-18T11:06:40.021Z");
        } else if (strcmp(en, "completed") == 0) {
            n_comp++;
            assert_string_equal(gets_(s, "verb.display.fr"), "a termin\xC3\xA9");
            if (strcmp(obj, course) == 0)
                assert_string_equal(gets_(s, "object.definition.name.fr"),
                                    "Progress test course");
            else if (strstr(obj, "/module/m2"))
                assert_string_equal(gets_(s, "object.definition.name.fr"),
                                    "Module two: mastery 1 of 2");
        }
    }
    assert_int_equal(n_att_course, 1);
    assert_int_equal(n_att_item, 5);
    assert_int_equal(n_res, 1);
    assert_int_equal(n_comp, 3);        /* m1, m2, the course */
    /* 1 + 3 experienced + 5 attempted + 4 answered + 3 completed + 3 passed + 1 */
    assert_int_equal(n, 20);
    cJSON_Delete(arr);
    free(text);
    free(path);
    pt_unload(&v1);
    lectern_progress_close(p);
    pt_rmdir(dir);
}

static void test_empty_and_unwritable(void **state)
{
    (void)state;
    lectern_error err = {0};
    char *dir = pt_tmpdir();
    lectern_progress *p;
    PT_OK(lectern_progress_open(dir, &p, &err));
    char *path = pt_join(dir, "none.json");
    PT_OK(lectern_progress_export_xapi(p, path, &err));
    char *text = pt_slurp(path, NULL);
    cJSON *arr = cJSON_Parse(text);
    assert_true(cJSON_IsArray(arr));
    assert_int_equal(cJSON_GetArraySize(arr), 0);
    cJSON_Delete(arr);
    free(text);
    assert_int_equal(lectern_progress_export_csv(p, "/nonexistent-dir/x.csv", &err),
                     LECTERN_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent-dir/x.csv"));
    lectern_progress_close(p);
    free(path);
    pt_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xapi, setup, teardown),
        cmocka_unit_test(test_xapi_attempted_resumed_lang),
        cmocka_unit_test(test_empty_and_unwritable),
    };
    return cmocka_run_group_tests_name("progress_export", tests, NULL, NULL);
}
