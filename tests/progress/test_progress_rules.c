/* Completion rules against real fixture courses (tests/progress/data):
 * table-driven scenarios per module and course, completion flips recorded
 * once, and version reconciliation 1.0.0 -> 1.1.0 (review, reset, keep,
 * removed items). */
#include "progress_test.h"

/* Course v1: m1 = s1 s2 v1 q1 q2 (default rule: all viewed, video 90 %, all
 * passed); m2 = s3 q3 q4 (require_passed false, video 50 %, mastery 1 of 2). */
typedef struct act {
    char op;            /* 'v' viewed, 'w' watched [a,b) of 10 s, 'p' pass, 'f' fail */
    const char *item;
    int64_t a, b;
} act;

typedef struct rule_case {
    const char *name;
    act acts[12];
    int m1_done, m1_units, m1_completed, m1_passed;
    int m2_done, m2_units, m2_completed, m2_passed;
    int completed, success;
} rule_case;

#define M1_ALL {'v', "s1", 0, 0}, {'v', "s2", 0, 0}, {'w', "v1", 0, 9000}, \
               {'p', "q1", 0, 0}, {'p', "q2", 0, 0}

static const rule_case cases[] = {
    {"nothing", {{0}}, 0, 5, 0, 0, 0, 3, 0, 0, 0, 0},
    {"slides only", {{'v', "s1", 0, 0}, {'v', "s2", 0, 0}}, 2, 5, 0, 0, 0, 3, 0, 0, 0, 0},
    {"video 85 % is not 90 %",
     {{'v', "s1", 0, 0}, {'v', "s2", 0, 0}, {'w', "v1", 0, 8500}, {'p', "q1", 0, 0},
      {'p', "q2", 0, 0}}, 4, 5, 0, 0, 0, 3, 0, 0, 0, 0},
    {"seeking past the middle does not count",
     {{'w', "v1", 0, 3000}, {'w', "v1", 7000, 10000}, {'v', "v1", 0, 0}}, 0, 5, 0, 0, 0, 3, 0,
     0, 0, 0},
    {"rewatching the gap completes the video",
     {{'w', "v1", 0, 3000}, {'w', "v1", 7000, 10000}, {'w', "v1", 2000, 8000}}, 1, 5, 0, 0, 0,
     3, 0, 0, 0, 0},
    {"m1 all done, one exercise failed",
     {{'v', "s1", 0, 0}, {'v', "s2", 0, 0}, {'w', "v1", 0, 9000}, {'p', "q1", 0, 0},
      {'f', "q2", 0, 0}}, 5, 5, 1, 0, 0, 3, 0, 0, 0, 0},
    {"m1 passed, a later failed retry keeps it passed",
     {M1_ALL, {'f', "q2", 0, 0}}, 5, 5, 1, 1, 0, 3, 0, 0, 0, 0},
    {"m2 mastery 1 of 2 met", {{'v', "s3", 0, 0}, {'p', "q3", 0, 0}, {'f', "q4", 0, 0}}, 0, 5,
     0, 0, 3, 3, 1, 1, 0, 0},
    {"m2 mastery not met", {{'v', "s3", 0, 0}, {'f', "q3", 0, 0}, {'f', "q4", 0, 0}}, 0, 5, 0,
     0, 3, 3, 1, 0, 0, 0},
    {"m2 needs every exercise tried", {{'v', "s3", 0, 0}, {'p', "q3", 0, 0}}, 0, 5, 0, 0, 2, 3,
     0, 0, 0, 0},
    {"everything", {M1_ALL, {'v', "s3", 0, 0}, {'p', "q3", 0, 0}, {'f', "q4", 0, 0}}, 5, 5, 1,
     1, 3, 3, 1, 1, 1, 1},
    {"everything, m2 failed",
     {M1_ALL, {'v', "s3", 0, 0}, {'f', "q3", 0, 0}, {'f', "q4", 0, 0}}, 5, 5, 1, 1, 3, 3, 1, 0,
     1, 0},
};

static void play(lectern_progress *p, const lectern_progress_ref *r, const act *acts,
                 int64_t *t)
{
    lectern_error err = {0};
    for (int i = 0; i < 12 && acts[i].op; i++) {
        const act *a = &acts[i];
        lectern_attempt at = {a->op == 'p' ? "right" : "wrong", a->op == 'p' ? 1.0 : 0.0,
                              a->op == 'p', 3000, LECTERN_INTERACTION_CHOICE};
        (*t)++;
        if (a->op == 'v')
            PT_OK(lectern_progress_viewed(p, r, a->item, *t, &err));
        else if (a->op == 'w')
            PT_OK(lectern_progress_video_range(p, r, a->item, a->a, a->b, 10000, *t, &err));
        else
            PT_OK(lectern_progress_attempt(p, r, a->item, &at, *t, NULL, &err));
    }
}

static int64_t count_kind(lectern_progress *p, int64_t profile, const char *kind)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM event WHERE profile_id=%lld AND kind='%s'",
             (long long)profile, kind);
    return pt_sql_int(lectern_progress_path(p), sql);
}

static void test_rule_table(void **state)
{
    (void)state;
    lectern_error err = {0};
    char *dir = pt_tmpdir();
    lectern_progress *p;
    PT_OK(lectern_progress_open(dir, &p, &err));
    pt_course v1 = pt_load("course-v1");
    int64_t t = T0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const rule_case *k = &cases[c];
        char name[32];
        snprintf(name, sizeof name, "trainee %zu", c);
        int64_t me;
        PT_OK(lectern_progress_profile_create(p, name, NULL, t, &me, &err));
        lectern_progress_ref r = {me, lectern_course_id(v1.c), lectern_course_version(v1.c), NULL};
        play(p, &r, k->acts, &t);
        lectern_course_progress *cp;
        PT_OK(lectern_progress_evaluate(p, me, v1.c, ++t, &cp, &err));
        assert_int_equal(cp->n_modules, 2);
        const lectern_module_progress *m1 = &cp->modules[0], *m2 = &cp->modules[1];
        assert_string_equal(m1->module_id, "m1");
        int m1_units = m1->n_views + m1->n_exercises, m2_units = m2->n_views + m2->n_exercises;
        int m1_done = m1->n_viewed + m1->n_attempted, m2_done = m2->n_viewed + m2->n_attempted;
        if (m1_done != k->m1_done || m1_units != k->m1_units || m1->completed != k->m1_completed
            || m1->passed != k->m1_passed || m2_done != k->m2_done || m2_units != k->m2_units
            || m2->completed != k->m2_completed || m2->passed != k->m2_passed
            || cp->completed != k->completed || cp->success != k->success)
            fail_msg("%s: m1 %d/%d c%d p%d, m2 %d/%d c%d p%d, course c%d s%d", k->name,
                     m1_done, m1_units, m1->completed, m1->passed, m2_done, m2_units,
                     m2->completed, m2->passed, cp->completed, cp->success);
        assert_true(m1->fraction > (double)k->m1_done / k->m1_units - 1e-9
                    && m1->fraction < (double)k->m1_done / k->m1_units + 1e-9);
        assert_true(cp->fraction > (double)(k->m1_done + k->m2_done) / 8 - 1e-9
                    && cp->fraction < (double)(k->m1_done + k->m2_done) / 8 + 1e-9);
        assert_int_equal(m2->mastery_needed, 1);
        assert_int_equal(m1->mastery_needed, 0);
        if (k->completed)
            assert_int_equal(cp->completed_ms, t);
        else
            assert_int_equal(cp->completed_ms, 0);
        /* the nothing case has no course state: evaluating records nothing */
        if (c == 0)
            assert_int_equal(count_kind(p, me, "completed"), 0);
        lectern_course_progress_free(cp);
    }
    pt_unload(&v1);
    lectern_progress_close(p);
    pt_rmdir(dir);
}

static void test_flips_recorded_once(void **state)
{
    (void)state;
    lectern_error err = {0};
    char *dir = pt_tmpdir();
    lectern_progress *p;
    PT_OK(lectern_progress_open(dir, &p, &err));
    pt_course v1 = pt_load("course-v1");
    int64_t me, t = T0;
    PT_OK(lectern_progress_profile_create(p, "Amina", NULL, t, &me, &err));
    lectern_progress_ref r = {me, lectern_course_id(v1.c), lectern_course_version(v1.c), NULL};
    const act m1[] = {M1_ALL, {0}};
    play(p, &r, m1, &t);
    PT_OK(lectern_progress_time_spent(p, &r, "s1", 4000, ++t, &err));
    PT_OK(lectern_progress_time_spent(p, &r, "s3", 500, ++t, &err));
    PT_OK(lectern_progress_time_spent(p, &r, "not-in-course", 9999, ++t, &err));
    lectern_course_progress *cp;
    PT_OK(lectern_progress_evaluate(p, me, v1.c, ++t, &cp, &err));
    assert_int_equal(cp->modules[0].time_ms, 4000);
    assert_int_equal(cp->modules[1].time_ms, 500);
    assert_int_equal(cp->time_ms, 4500);
    lectern_course_progress_free(cp);
    assert_int_equal(count_kind(p, me, "completed"), 1);    /* m1 only */
    PT_OK(lectern_progress_evaluate(p, me, v1.c, ++t, NULL, &err));
    assert_int_equal(count_kind(p, me, "completed"), 1);    /* unchanged: nothing new */
    const act m2[] = {{'v', "s3", 0, 0}, {'p', "q3", 0, 0}, {'p', "q4", 0, 0}, {0}};
    play(p, &r, m2, &t);
    int64_t done_at = ++t;
    PT_OK(lectern_progress_evaluate(p, me, v1.c, done_at, &cp, &err));
    assert_int_equal(cp->completed, 1);
    assert_int_equal(cp->success, 1);
    assert_int_equal(cp->completed_ms, done_at);
    lectern_course_progress_free(cp);
    assert_int_equal(count_kind(p, me, "completed"), 3);    /* + m2 + course */
    /* the date stays when later evaluations find nothing new */
    PT_OK(lectern_progress_evaluate(p, me, v1.c, done_at + 1000, &cp, &err));
    assert_int_equal(cp->completed_ms, done_at);
    lectern_course_progress_free(cp);
    assert_int_equal(count_kind(p, me, "completed"), 3);
    pt_unload(&v1);
    lectern_progress_close(p);
    pt_rmdir(dir);
}

static void test_reconcile(void **state)
{
    (void)state;
    lectern_error err = {0};
    char *dir = pt_tmpdir();
    lectern_progress *p;
    PT_OK(lectern_progress_open(dir, &p, &err));
    pt_course v1 = pt_load("course-v1"), v2 = pt_load("course-v2");
    int64_t me, other, t = T0;
    PT_OK(lectern_progress_profile_create(p, "Amina", NULL, t, &me, &err));
    PT_OK(lectern_progress_profile_create(p, "Bruno", NULL, t, &other, &err));
    lectern_reconcile_result res;
    /* opening v1 for the first time: nothing to reconcile */
    PT_OK(lectern_progress_reconcile(p, me, v1.c, t, &res, &err));
    assert_int_equal(res.changed, 0);
    lectern_progress_ref r = {me, "org.lectern.test.progress", "1.0.0", NULL};
    const act all[] = {M1_ALL, {'v', "s3", 0, 0}, {'p', "q3", 0, 0}, {'p', "q4", 0, 0}, {0}};
    play(p, &r, all, &t);
    lectern_course_progress *cp;
    PT_OK(lectern_progress_evaluate(p, me, v1.c, ++t, &cp, &err));
    assert_int_equal(cp->completed, 1);
    lectern_course_progress_free(cp);
    PT_OK(lectern_progress_reconcile(p, me, v1.c, ++t, &res, &err));
    assert_int_equal(res.changed, 0);                       /* same version */

    /* 1.1.0 arrives: s2 review, q1 reset, v1 keep, q3 gone, q2's reset
     * belongs to 1.0.0 which the trainee had */
    PT_OK(lectern_progress_reconcile(p, me, v2.c, ++t, &res, &err));
    assert_int_equal(res.changed, 1);
    assert_int_equal(res.n_review, 1);
    assert_int_equal(res.n_reset, 1);
    assert_int_equal(res.n_removed, 1);
    lectern_item_state s;
    PT_OK(lectern_progress_item(p, me, r.course_id, "s2", &s, &err));
    assert_int_equal(s.viewed, 1);
    assert_int_equal(s.review, 1);
    lectern_item_state_clear(&s);
    PT_OK(lectern_progress_item(p, me, r.course_id, "q1", &s, &err));
    assert_int_equal(s.attempts, 0);
    assert_int_equal(s.passed, 0);
    assert_true(s.best_score < 0);
    assert_int_equal(s.review, 1);
    lectern_item_state_clear(&s);
    PT_OK(lectern_progress_item(p, me, r.course_id, "q2", &s, &err));
    assert_int_equal(s.attempts, 1);
    assert_int_equal(s.passed, 1);
    assert_int_equal(s.review, 0);
    lectern_item_state_clear(&s);
    PT_OK(lectern_progress_item(p, me, r.course_id, "v1", &s, &err));
    assert_int_equal(s.watched_ms, 9000);
    assert_int_equal(s.review, 0);
    lectern_item_state_clear(&s);
    PT_OK(lectern_progress_item(p, me, r.course_id, "q3", &s, &err));
    assert_int_equal(s.removed, 1);
    assert_int_equal(s.passed, 1);                          /* history kept */
    lectern_item_state_clear(&s);
    PT_OK(lectern_progress_reconcile(p, me, v2.c, ++t, &res, &err));
    assert_int_equal(res.changed, 0);                       /* once only */
    assert_int_equal(lectern_progress_reconcile(p, other, v2.c, ++t, &res, &err), 0);
    assert_int_equal(res.changed, 0);                       /* never opened */

    /* under 1.1.0: m1 lost q1, m2 has a new slide s4 and no q3 */
    PT_OK(lectern_progress_evaluate(p, me, v2.c, ++t, &cp, &err));
    assert_int_equal(cp->modules[0].completed, 0);
    assert_int_equal(cp->modules[0].n_review, 2);
    assert_int_equal(cp->modules[1].n_views, 2);
    assert_int_equal(cp->modules[1].n_exercises, 1);
    assert_int_equal(cp->modules[1].completed, 0);
    assert_int_equal(cp->completed, 0);
    assert_int_equal(cp->completed_ms, 0);
    lectern_course_progress_free(cp);
    r.course_version = "1.1.0";
    const act redo[] = {{'v', "s2", 0, 0}, {'p', "q1", 0, 0}, {'v', "s4", 0, 0}, {0}};
    play(p, &r, redo, &t);
    PT_OK(lectern_progress_evaluate(p, me, v2.c, ++t, &cp, &err));
    assert_int_equal(cp->modules[0].n_review, 0);
    assert_int_equal(cp->completed, 1);
    assert_int_equal(cp->success, 1);
    assert_int_equal(cp->completed_ms, t);
    lectern_course_progress_free(cp);
    /* the explicit-list variant */
    const char *rev[] = {"q4"};
    PT_OK(lectern_progress_reconcile_lists(p, me, r.course_id, "1.2.0", rev, 1, NULL, 0, NULL,
                                           0, ++t, &err));
    PT_OK(lectern_progress_item(p, me, r.course_id, "q4", &s, &err));
    assert_int_equal(s.review, 1);
    lectern_item_state_clear(&s);
    pt_unload(&v1);
    pt_unload(&v2);
    lectern_progress_close(p);
    pt_rmdir(dir);
}

static void test_version_compare(void **state)
{
    (void)state;
    static const struct { const char *a, *b; int want; } t[] = {
        {"1.0.0", "1.0.0", 0}, {"1.0.0", "1.0.1", -1}, {"1.10.0", "1.9.2", 1},
        {"2.0", "1.99.99", 1}, {"1.0", "1.0.0", 0}, {"1.0.0", "1.0", 0}, {"1.0.1", "1.0", 1},
        {"", "0.1", -1}, {"1.0.0-rc1", "1.0.0-rc2", -1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int got = lectern_version_compare(t[i].a, t[i].b);
        got = got < 0 ? -1 : got > 0;
        if (got != t[i].want)
            fail_msg("compare(%s, %s) = %d, want %d", t[i].a, t[i].b, got, t[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_table),
        cmocka_unit_test(test_flips_recorded_once),
        cmocka_unit_test(test_reconcile),
        cmocka_unit_test(test_version_compare),
    };
    return cmocka_run_group_tests_name("progress_rules", tests, NULL, NULL);
}
