/* Rehearsal: a run-through records the time per segment; the proposal
 * rounds it (whole minutes, 5-minute steps from 30), keeps what was not
 * rehearsed, lowers min_minutes when needed, and the updated plan JSON
 * loads cleanly as the course's plan. */
#include <cjson/cJSON.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "delivery_test.h"

/* intro 12:20, video 4:40, talk 33:00, exercise 0:24, break skipped,
 * extra 7:30 then end; close never reached. */
static void rehearse(lectern_delivery *d)
{
    lectern_delivery_set_rehearsal(d, 1);
    uint64_t t1 = T0 + (uint64_t)SEC(12 * 60 + 20);
    lectern_delivery_next_segment(d, t1);                       /* intro 12:20 */
    lectern_delivery_pause(d, t1 + (uint64_t)SEC(60));          /* a pause does not count */
    lectern_delivery_resume(d, t1 + (uint64_t)SEC(180));
    uint64_t t2 = t1 + (uint64_t)SEC(400);
    lectern_delivery_next_segment(d, t2);                       /* video 4:40 */
    uint64_t t3 = t2 + (uint64_t)SEC(33 * 60);
    lectern_delivery_next_segment(d, t3);                       /* talk 33:00 */
    uint64_t t4 = t3 + (uint64_t)SEC(24);
    lectern_delivery_next_segment(d, t4);                       /* exercise 0:24 */
    lectern_delivery_skip_segment(d, t4);                       /* break */
    lectern_delivery_end(d, t4 + (uint64_t)SEC(7 * 60 + 30));   /* extra 7:30 */
}

static void proposal_rounds_and_keeps(void **state)
{
    dfix *f = *state;
    rehearse(f->d);
    lectern_delivery_view v = V(f->d, AT(100));
    assert_true(v.rehearsal);
    assert_int_equal(v.segments[F_VIDEO].actual_ms, SEC(4 * 60 + 40));
    lectern_rehearsal_proposal p;
    lectern_error e = {0};
    assert_int_equal(lectern_delivery_rehearsal_proposal(f->d, AT(100), &p, &e), 0);
    assert_int_equal(p.n_segments, F_N);
    static const struct { int rehearsed; double actual, proposed, proposed_min; } want[F_N] = {
        {1, 12 + 20 / 60.0, 12, 8},     /* intro */
        {1, 4 + 40 / 60.0, 5, 5},       /* video */
        {1, 33, 35, 12},                /* talk: 5-minute steps from 30 */
        {1, 0.4, 1, 1},                 /* exercise: at least 1; min lowered from 10 */
        {0, 0, 10, 10},                 /* break: skipped, kept */
        {1, 7.5, 8, 5},                 /* extra: half rounds up */
        {0, 0, 5, 3},                   /* close: never reached, kept */
    };
    for (size_t i = 0; i < F_N; i++) {
        const lectern_rehearsal_segment *r = &p.segments[i];
        assert_int_equal(r->rehearsed, want[i].rehearsed);
        assert_true(fabs(r->actual_minutes - want[i].actual) < 1e-9);
        assert_true(r->proposed_minutes == want[i].proposed);
        assert_true(r->proposed_min_minutes == want[i].proposed_min);
        assert_true(r->proposed_min_minutes <= r->proposed_minutes);
    }
    assert_true(p.planned_total_minutes == 75);
    assert_true(p.proposed_total_minutes == 12 + 5 + 35 + 1 + 10 + 8 + 5);
    lectern_rehearsal_proposal_free(&p);
    lectern_rehearsal_proposal_free(&p);
}

static int write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fputs(text, fp);
    return fclose(fp);
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return -1;
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, in);
    buf[n < sizeof buf ? n : sizeof buf - 1] = '\0';
    fclose(in);
    return write_file(to, buf);
}

static void plan_json_loads_back(void **state)
{
    dfix *f = *state;
    rehearse(f->d);
    lectern_rehearsal_proposal p;
    lectern_error e = {0};
    char *json = NULL;
    assert_int_equal(lectern_delivery_rehearsal_proposal(f->d, AT(100), &p, &e), 0);
    assert_int_equal(lectern_delivery_rehearsal_plan_json(f->d, &p, &json, &e), 0);
    cJSON *root = cJSON_Parse(json);
    assert_non_null(root);
    assert_true(cJSON_GetObjectItem(root, "total_minutes")->valuedouble == 76);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "title"), "fr")->valuestring, "Plan de test");
    cJSON *segs = cJSON_GetObjectItem(root, "segments");
    assert_int_equal(cJSON_GetArraySize(segs), F_N);
    cJSON *intro = cJSON_GetArrayItem(segs, F_INTRO);
    assert_true(cJSON_GetObjectItem(intro, "minutes")->valuedouble == 12);
    assert_true(cJSON_GetObjectItem(intro, "min_minutes")->valuedouble == 8);
    assert_string_equal(cJSON_GetObjectItem(intro, "notes")->valuestring, "Say hello.");
    cJSON *video = cJSON_GetArrayItem(segs, F_VIDEO);
    assert_null(cJSON_GetObjectItem(video, "min_minutes"));     /* absent stays absent */
    cJSON *ex = cJSON_GetArrayItem(segs, F_EXERCISE);
    assert_true(cJSON_GetObjectItem(ex, "minutes")->valuedouble == 1);
    assert_true(cJSON_GetObjectItem(ex, "min_minutes")->valuedouble == 1);
    cJSON *brk = cJSON_GetArrayItem(segs, F_BREAK);
    assert_true(cJSON_GetObjectItem(brk, "minutes")->valuedouble == 10);
    assert_null(cJSON_GetObjectItem(brk, "min_minutes"));
    cJSON_Delete(root);

    /* a copy of the course with the proposed plan loads without a warning */
    const char *root_dir = getenv("LECTERN_SOURCE_ROOT");
    char tmpl[] = "/tmp/lectern-rehearsal-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char a[1200], b[1200];
    snprintf(b, sizeof b, "%s/modules", tmpl);
    assert_int_equal(mkdir(b, 0700), 0);
    snprintf(b, sizeof b, "%s/plans", tmpl);
    assert_int_equal(mkdir(b, 0700), 0);
    snprintf(a, sizeof a, "%s/tests/delivery/data/course/course.json", root_dir ? root_dir : ".");
    snprintf(b, sizeof b, "%s/course.json", tmpl);
    assert_int_equal(copy_file(a, b), 0);
    snprintf(a, sizeof a, "%s/tests/delivery/data/course/modules/m.json", root_dir ? root_dir : ".");
    snprintf(b, sizeof b, "%s/modules/m.json", tmpl);
    assert_int_equal(copy_file(a, b), 0);
    snprintf(b, sizeof b, "%s/plans/fixture.json", tmpl);
    assert_int_equal(write_file(b, json), 0);
    lectern_reader *r = NULL;
    lectern_course *c = NULL;
    assert_int_equal(lectern_reader_open(tmpl, 0, &r, &e), 0);
    if (lectern_course_load(r, &c, &e) != 0)
        fail_msg("reload: %s", e.msg);
    assert_int_equal(lectern_course_n_diags(c), 0);
    const lectern_plan *pl = lectern_course_find_plan(c, "fixture");
    assert_true(pl->total_minutes == 76);
    assert_true(pl->segments[F_TALK].minutes == 35);
    assert_true(pl->segments[F_EXERCISE].min_minutes == 1);
    lectern_course_close(c);
    lectern_reader_close(r);
    snprintf(b, sizeof b, "%s/plans/fixture.json", tmpl);
    unlink(b);
    snprintf(b, sizeof b, "%s/modules/m.json", tmpl);
    unlink(b);
    snprintf(b, sizeof b, "%s/course.json", tmpl);
    unlink(b);
    snprintf(b, sizeof b, "%s/plans", tmpl);
    rmdir(b);
    snprintf(b, sizeof b, "%s/modules", tmpl);
    rmdir(b);
    assert_int_equal(rmdir(tmpl), 0);
    free(json);
    lectern_rehearsal_proposal_free(&p);
}

static void proposal_mismatch(void **state)
{
    dfix *f = *state;
    lectern_rehearsal_proposal p = {0};
    lectern_error e = {0};
    char *json = (char *)"x";
    assert_int_equal(lectern_delivery_rehearsal_plan_json(f->d, &p, &json, &e), LECTERN_EINVAL);
    assert_null(json);
    assert_non_null(strstr(e.msg, "plans/fixture.json"));
}

/* The sample one-hour talk rehearsed exactly on plan proposes the plan. */
static void sample_on_plan_proposes_plan(void **state)
{
    dfix *f = *state;
    const lectern_plan *pl = lectern_course_find_plan(f->c, "awareness-1h");
    int64_t t = 0;
    for (size_t i = 0; i < pl->n_segments; i++) {
        t += MIN(pl->segments[i].minutes);
        if (i + 1 < pl->n_segments)
            lectern_delivery_next_segment(f->d, T0 + (uint64_t)t);
    }
    lectern_delivery_end(f->d, T0 + (uint64_t)t);
    lectern_rehearsal_proposal p;
    assert_int_equal(lectern_delivery_rehearsal_proposal(f->d, T0 + (uint64_t)t, &p, NULL), 0);
    for (size_t i = 0; i < pl->n_segments; i++) {
        assert_true(p.segments[i].rehearsed);
        assert_true(p.segments[i].proposed_minutes == pl->segments[i].minutes);
        assert_true(p.segments[i].proposed_min_minutes == pl->segments[i].min_minutes);
    }
    assert_true(p.proposed_total_minutes == 60);
    lectern_rehearsal_proposal_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(proposal_rounds_and_keeps, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(plan_json_loads_back, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(proposal_mismatch, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(sample_on_plan_proposes_plan, setup_sample, teardown_fix),
    };
    return cmocka_run_group_tests_name("delivery-rehearsal", tests, NULL, NULL);
}
