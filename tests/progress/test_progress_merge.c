/* Merging laptops into a coordinator's store: profiles matched by identifier,
 * else by name; events de-duplicated by uid; summaries rebuilt; importing
 * twice changes nothing; the events JSON gives the same result as the
 * database file; bad and newer files are refused without changing anything. */
#include "progress_test.h"

typedef struct fixture {
    char *dir;
    char *a_path, *b_path;      /* the two laptops' progress.sqlite */
    pt_course v1;
} fixture;

static lectern_progress *open_in(const char *dir, const char *sub)
{
    lectern_error err = {0};
    char *d = pt_join(dir, sub);
    lectern_progress *p;
    PT_OK(lectern_progress_open(d, &p, &err));
    free(d);
    return p;
}

static void study(lectern_progress *p, int64_t who, const char *items[], int pass, int64_t t)
{
    lectern_error err = {0};
    lectern_progress_ref r = {who, "org.lectern.test.progress", "1.0.0", NULL};
    for (int i = 0; items[i]; i++) {
        if (items[i][0] == 'q') {
            lectern_attempt a = {"A", pass ? 1 : 0, pass, 2000, LECTERN_INTERACTION_CHOICE};
            PT_OK(lectern_progress_attempt(p, &r, items[i], &a, t + i, NULL, &err));
        } else if (items[i][0] == 'v') {
            PT_OK(lectern_progress_video_range(p, &r, items[i], 0, 10000, 10000, t + i, &err));
        } else {
            PT_OK(lectern_progress_viewed(p, &r, items[i], t + i, &err));
        }
    }
}

static int setup(void **state)
{
    lectern_error err = {0};
    fixture *f = calloc(1, sizeof *f);
    f->dir = pt_tmpdir();
    f->v1 = pt_load("course-v1");
    static const char *all[] = {"s1", "s2", "v1", "q1", "q2", "s3", "q3", "q4", NULL};
    static const char *some[] = {"s1", "s2", NULL};
    static const char *other[] = {"s3", "q3", NULL};
    int64_t amina, bruno, chen, amina_b, bruno_b;
    /* laptop A: Amina finishes the course, Bruno (staff-42) starts */
    lectern_progress *a = open_in(f->dir, "laptop-a");
    PT_OK(lectern_progress_profile_create(a, "Amina", NULL, T0, &amina, &err));
    PT_OK(lectern_progress_profile_create(a, "Bruno", "staff-42", T0, &bruno, &err));
    study(a, amina, all, 1, T0 + 1000);
    PT_OK(lectern_progress_evaluate(a, amina, f->v1.c, T0 + 2000, NULL, &err));
    study(a, bruno, some, 1, T0 + 3000);
    f->a_path = strdup(lectern_progress_path(a));
    lectern_progress_close(a);
    /* laptop B: "amina" (same person, by name), Bruno M. with the same
     * identifier (renamed), and Chen */
    lectern_progress *b = open_in(f->dir, "laptop-b");
    PT_OK(lectern_progress_profile_create(b, "amina", NULL, T0, &amina_b, &err));
    PT_OK(lectern_progress_profile_create(b, "Bruno M.", "staff-42", T0, &bruno_b, &err));
    PT_OK(lectern_progress_profile_create(b, "Chen", NULL, T0, &chen, &err));
    study(b, amina_b, other, 0, T0 + 5000);
    study(b, bruno_b, other, 1, T0 + 6000);
    study(b, chen, some, 1, T0 + 7000);
    f->b_path = strdup(lectern_progress_path(b));
    lectern_progress_close(b);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pt_unload(&f->v1);
    free(f->a_path);
    free(f->b_path);
    pt_rmdir(f->dir);
    free(f);
    return 0;
}

static int64_t find_profile(lectern_progress *p, const char *name)
{
    lectern_error err = {0};
    lectern_profile *v;
    size_t n;
    int64_t id = 0;
    PT_OK(lectern_progress_profiles(p, &v, &n, &err));
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            id = v[i].id;
    lectern_profiles_free(v, n);
    return id;
}

static void test_merge_twice(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    lectern_progress *c = open_in(f->dir, "coordinator");
    lectern_import_stats st;
    PT_OK(lectern_progress_import(c, f->a_path, &st, &err));
    assert_int_equal(st.profiles_created, 2);
    assert_int_equal(st.profiles_matched, 0);
    assert_int_equal(st.events_added, 8 + 3 + 2);     /* Amina 8 + m1, m2, course; Bruno 2 */
    assert_int_equal(st.events_skipped, 0);
    PT_OK(lectern_progress_import(c, f->b_path, &st, &err));
    assert_int_equal(st.profiles_created, 1);         /* Chen */
    assert_int_equal(st.profiles_matched, 2);         /* amina by name, Bruno by identifier */
    assert_int_equal(st.events_added, 6);
    lectern_profile *v;
    size_t n;
    PT_OK(lectern_progress_profiles(c, &v, &n, &err));
    assert_int_equal(n, 3);
    lectern_profiles_free(v, n);
    char *before = pt_dump(c);
    /* again, both: nothing added, nothing changed */
    PT_OK(lectern_progress_import(c, f->a_path, &st, &err));
    assert_int_equal(st.events_added, 0);
    assert_int_equal(st.events_skipped, 13);
    assert_int_equal(st.profiles_created, 0);
    PT_OK(lectern_progress_import(c, f->b_path, &st, &err));
    assert_int_equal(st.events_added, 0);
    char *after = pt_dump(c);
    assert_string_equal(before, after);
    /* merged summaries: Amina's course state came along, with both laptops' work */
    int64_t amina = find_profile(c, "Amina"), bruno = find_profile(c, "Bruno");
    assert_true(amina > 0 && bruno > 0);
    assert_int_equal(find_profile(c, "amina"), 0);
    lectern_item_state s;
    PT_OK(lectern_progress_item(c, amina, "org.lectern.test.progress", "q3", &s, &err));
    assert_int_equal(s.attempts, 2);                  /* one from A, one from B */
    assert_int_equal(s.passed, 1);
    lectern_item_state_clear(&s);
    PT_OK(lectern_progress_item(c, bruno, "org.lectern.test.progress", "q3", &s, &err));
    assert_int_equal(s.passed, 1);
    lectern_item_state_clear(&s);
    lectern_course_progress *cp;
    PT_OK(lectern_progress_evaluate(c, amina, f->v1.c, T0 + 9000, &cp, &err));
    assert_int_equal(cp->completed, 1);
    assert_int_equal(cp->completed_ms, T0 + 2000);    /* the laptop's date */
    lectern_course_progress_free(cp);
    /* the merged store merges into another one the same way */
    lectern_progress *c2 = open_in(f->dir, "regional");
    PT_OK(lectern_progress_import(c2, lectern_progress_path(c), &st, &err));
    assert_int_equal(st.events_added, lectern_progress_n_events(c));
    lectern_progress_close(c2);
    free(before);
    free(after);
    lectern_progress_close(c);
}

static void test_events_json_equals_db(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    lectern_progress *a = open_in(f->dir, "laptop-a");
    char *json = pt_join(f->dir, "laptop-a.json");
    PT_OK(lectern_progress_export_events(a, json, &err));
    lectern_progress_close(a);
    lectern_progress *c1 = open_in(f->dir, "from-db"), *c2 = open_in(f->dir, "from-json");
    lectern_import_stats s1, s2;
    PT_OK(lectern_progress_import(c1, f->a_path, &s1, &err));
    PT_OK(lectern_progress_import(c1, f->b_path, &s1, &err));
    PT_OK(lectern_progress_import(c2, json, &s2, &err));
    PT_OK(lectern_progress_import(c2, f->b_path, &s2, &err));
    char *d1 = pt_dump(c1), *d2 = pt_dump(c2);
    assert_string_equal(d1, d2);
    PT_OK(lectern_progress_import(c2, json, &s2, &err));
    assert_int_equal(s2.events_added, 0);
    char *d3 = pt_dump(c2);
    assert_string_equal(d1, d3);
    /* xAPI from the coordinator names the same statements as the laptop */
    char *x1 = pt_join(f->dir, "c1.json"), *x2 = pt_join(f->dir, "c2.json");
    PT_OK(lectern_progress_export_xapi(c1, x1, &err));
    PT_OK(lectern_progress_export_xapi(c2, x2, &err));
    char *t1 = pt_slurp(x1, NULL), *t2 = pt_slurp(x2, NULL);
    assert_string_equal(t1, t2);
    free(t1);
    free(t2);
    free(x1);
    free(x2);
    free(d1);
    free(d2);
    free(d3);
    lectern_progress_close(c1);
    lectern_progress_close(c2);
    free(json);
}

static void test_refused_imports(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    lectern_progress *c = open_in(f->dir, "coordinator");
    lectern_import_stats st;
    PT_OK(lectern_progress_import(c, f->a_path, &st, &err));
    char *before = pt_dump(c);
    char *junk = pt_join(f->dir, "junk.json");
    FILE *fp = fopen(junk, "w");
    fputs("{\"hello\": 1}", fp);
    fclose(fp);
    assert_int_equal(lectern_progress_import(c, junk, &st, &err), LECTERN_EFORMAT);
    assert_non_null(strstr(err.msg, junk));
    /* events naming an unknown profile: the whole import is rolled back */
    fp = fopen(junk, "w");
    fputs("{\"format\":\"lectern-progress-events\",\"version\":1,\"profiles\":["
          "{\"uid\":\"u-1\",\"name\":\"Zed\"}],\"events\":["
          "{\"uid\":\"e-1\",\"profile\":\"u-1\",\"course_id\":\"c\",\"course_version\":\"1\","
          "\"item_id\":\"s1\",\"kind\":\"viewed\",\"payload\":{},\"t_ms\":1},"
          "{\"uid\":\"e-2\",\"profile\":\"nobody\",\"course_id\":\"c\",\"kind\":\"viewed\","
          "\"t_ms\":2}]}", fp);
    fclose(fp);
    assert_int_equal(lectern_progress_import(c, junk, &st, &err), LECTERN_ESCHEMA);
    assert_non_null(strstr(err.msg, "events[1]"));
    assert_int_equal(find_profile(c, "Zed"), 0);
    /* a store from a newer Lectern */
    char *newer = pt_join(f->dir, "newer.sqlite");
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(newer, &raw), SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE x(y); PRAGMA user_version=42", NULL, NULL, NULL);
    sqlite3_close(raw);
    assert_int_equal(lectern_progress_import(c, newer, &st, &err), LECTERN_EUNSUPPORTED);
    assert_int_equal(lectern_progress_import(c, "/nonexistent/progress.sqlite", &st, &err),
                     LECTERN_EIO);
    char *after = pt_dump(c);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(junk);
    free(newer);
    lectern_progress_close(c);
}

/* JSON numbers beyond int64 (a fuzz finding: casting them was undefined
 * behaviour) import clamped to 9e15 instead. */
static void test_huge_numbers_clamped(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    lectern_progress *c = open_in(f->dir, "coordinator");
    char *path = pt_join(f->dir, "huge.json");
    FILE *fp = fopen(path, "w");
    fputs("{\"format\":\"lectern-progress-events\",\"version\":1,\"profiles\":["
          "{\"uid\":\"u-1\",\"name\":\"Zed\",\"created_ms\":-1e999}],\"events\":["
          "{\"uid\":\"e-1\",\"profile\":\"u-1\",\"course_id\":\"c\",\"course_version\":\"1\","
          "\"item_id\":\"v1\",\"kind\":\"video_range\",\"payload\":{\"from_ms\":0,"
          "\"to_ms\":1e300,\"duration_ms\":1e999},\"t_ms\":1e300}]}", fp);
    fclose(fp);
    lectern_import_stats st;
    PT_OK(lectern_progress_import(c, path, &st, &err));
    assert_int_equal(st.events_added, 1);
    assert_int_equal(pt_sql_int(lectern_progress_path(c), "SELECT t_ms FROM event"), 9000000000000000LL);
    assert_int_equal(pt_sql_int(lectern_progress_path(c), "SELECT created_ms FROM profile WHERE name='Zed'"),
                     -9000000000000000LL);
    lectern_progress_close(c);
    free(path);
}

/* An export nested deeper than the JSON limit (64 levels, as for every JSON
 * Lectern reads) is refused with the file, line:column and the limit, and
 * nothing is imported: 70 levels inside a payload (cJSON alone would take
 * them) and 200,000 (past cJSON's own limit). */
static void write_deep_export(const char *path, int depth)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{\"format\":\"lectern-progress-events\",\"version\":1,\"profiles\":["
          "{\"uid\":\"u-1\",\"name\":\"Zed\"}],\"events\":[\n"
          "{\"uid\":\"e-1\",\"profile\":\"u-1\",\"course_id\":\"c\",\"course_version\":\"1\","
          "\"item_id\":\"s1\",\"kind\":\"viewed\",\"t_ms\":1,\"payload\":", fp);
    for (int i = 0; i < depth; i++)
        fputc('[', fp);
    for (int i = 0; i < depth; i++)
        fputc(']', fp);
    fputs("}]}", fp);
    fclose(fp);
}

static void test_deep_nesting_refused(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    lectern_progress *c = open_in(f->dir, "coordinator");
    lectern_import_stats st;
    PT_OK(lectern_progress_import(c, f->a_path, &st, &err));
    char *before = pt_dump(c);
    char *deep = pt_join(f->dir, "deep.json");
    const int depths[] = {70, 200000};
    for (size_t k = 0; k < sizeof depths / sizeof depths[0]; k++) {
        write_deep_export(deep, depths[k]);
        lectern_error_clear(&err);
        assert_int_equal(lectern_progress_import(c, deep, &st, &err), LECTERN_ELIMIT);
        /* file:line:column, the limit, and what the file should be */
        char where[4096];
        snprintf(where, sizeof where, "%s:2:", deep);
        assert_non_null(strstr(err.msg, where));
        assert_non_null(strstr(err.msg, "nesting deeper than 64 levels"));
        assert_non_null(strstr(err.msg, "not a Lectern progress export"));
        assert_int_equal(find_profile(c, "Zed"), 0);
    }
    /* 64 levels in all (the root object, events, the event, 61 in the
     * payload) is within the limit and imports */
    write_deep_export(deep, 61);
    PT_OK(lectern_progress_import(c, deep, &st, &err));
    assert_int_equal(st.events_added, 1);
    assert_int_not_equal(find_profile(c, "Zed"), 0);
    char *after = pt_dump(c);
    assert_string_not_equal(before, after);
    free(before);
    free(after);
    free(deep);
    lectern_progress_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_merge_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_json_equals_db, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_imports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_numbers_clamped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deep_nesting_refused, setup, teardown),
    };
    return cmocka_run_group_tests_name("progress_merge", tests, NULL, NULL);
}
