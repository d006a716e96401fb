/* The budget planner (lectern/budget.h), table-driven: budgets parsed from
 * text; the fixture plan fitted exactly, with time to spare, scaled down,
 * optional segments dropped by priority, at its shortest and infeasible;
 * multi-day budgets on the sample's three-day plan (as planned, scaled per
 * day, a day that cannot fit); which plan --from picks; JSON and Markdown. */
#include <cjson/cJSON.h>
#include <math.h>

#include "delivery_test.h"
#include "lectern/budget.h"

typedef struct pfix {
    lectern_reader *r;
    lectern_course *c;
} pfix;

static int open_course(void **state, const char *rel)
{
    pfix *f = calloc(1, sizeof *f);
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    char path[1024];
    lectern_error e = {0};
    snprintf(path, sizeof path, "%s/%s", root ? root : ".", rel);
    if (!f || lectern_reader_open(path, 0, &f->r, &e) < 0 || lectern_course_load(f->r, &f->c, &e) < 0) {
        fprintf(stderr, "setup %s: %s\n", rel, e.msg);
        return -1;
    }
    *state = f;
    return 0;
}

static int setup_fix(void **state) { return open_course(state, "tests/delivery/data/course"); }
static int setup_samp(void **state) { return open_course(state, "courses/trafficking-basics"); }

static int teardown(void **state)
{
    pfix *f = *state;
    lectern_course_close(f->c);
    lectern_reader_close(f->r);
    free(f);
    return 0;
}

/* ---------------------------------------------------------------- parsing */

static void parse_table(void **state)
{
    (void)state;
    static const struct { const char *text; double minutes; int days; } ok[] = {
        {"20m", 20, 0}, {"45min", 45, 0}, {"90", 90, 0}, {"1h30", 90, 0}, {"1h30m", 90, 0},
        {"2.5h", 150, 0}, {"1h", 60, 0}, {"3d", 1350, 3}, {"1d", 450, 1}, {"1d2h", 570, 0},
        {"2h 15m", 135, 0},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double m = -1;
        int d = -1;
        lectern_error e = {0};
        assert_int_equal(lectern_budget_parse(ok[i].text, LECTERN_BUDGET_DAY_MINUTES, &m, &d, &e), 0);
        assert_true(fabs(m - ok[i].minutes) < 1e-9);
        assert_int_equal(d, ok[i].days);
    }
    double m;
    int d;
    lectern_error e = {0};
    assert_int_equal(lectern_budget_parse("3d", 360, &m, &d, &e), 0);   /* another day length */
    assert_true(fabs(m - 1080) < 1e-9);
    static const char *const bad[] = {"", "abc", "5x", "-5m", "1h75", "h", "0m", "1h30.5", "1000d"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&e, 0, sizeof e);
        assert_int_equal(lectern_budget_parse(bad[i], LECTERN_BUDGET_DAY_MINUTES, &m, &d, &e), LECTERN_EINVAL);
        assert_non_null(strstr(e.msg, "budget"));
    }
}

/* ---------------------------------------------------------------- the fixture plan */

/* Fixture: intro 10/8, video 5 (opt, p3), talk 20/12 (p2), exercise 15/10
 * (opt, p2), break 10, extra 10/5 (opt, p4), close 5/3: 75 minutes as
 * planned, 33 at the shortest (required at their minimum). -1: dropped. */
static const struct fit_case {
    const char *name;
    double budget;
    int rc;
    double minutes[F_N];
    double total;
    size_t dropped, shortened;
} fits[] = {
    /* exactly the plan */
    {"fits exactly", 75, 0, {10, 5, 20, 15, 10, 10, 5}, 75, 0, 0},
    /* more than the plan: nothing is stretched */
    {"time to spare", 100, 0, {10, 5, 20, 15, 10, 10, 5}, 75, 0, 0},
    /* extra (p4) dropped: with it the kept ones get 7/22 < 40% of their
     * slack; the others at 12/17 of it, whole minutes by largest remainder */
    {"scale down", 60, 0, {9, 5, 18, 14, 10, -1, 4}, 60, 1, 4},
    /* the video (p3) would leave 2/17: dropped, and extra (p4) after it;
     * the exercise (p2) stays at 7/17 */
    {"drop by priority", 50, 0, {9, -1, 15, 12, 10, -1, 4}, 50, 2, 4},
    /* every optional segment dropped, required ones at 7/12 of their slack */
    {"required only", 40, 0, {9, -1, 17, -1, 10, -1, 4}, 40, 3, 3},
    /* the shortest possible: required ones at their minimum */
    {"at the minimum", 33, 0, {8, -1, 12, -1, 10, -1, 3}, 33, 3, 3},
    {"infeasible", 30, LECTERN_ELIMIT, {0}, 0, 0, 0},
};

static void fixture_table(void **state)
{
    pfix *f = *state;
    const lectern_plan *p = lectern_course_find_plan(f->c, "fixture");
    assert_non_null(p);
    for (size_t k = 0; k < sizeof fits / sizeof fits[0]; k++) {
        const struct fit_case *t = &fits[k];
        lectern_budget_plan bp;
        lectern_error e = {0};
        int rc = lectern_budget_make(f->c, p, t->budget, 0, LECTERN_BUDGET_DAY_MINUTES, NULL, &bp, &e);
        if (rc != t->rc)
            fail_msg("%s: rc %d, wanted %d (%s)", t->name, rc, t->rc, e.msg);
        assert_true(fabs(bp.shortest_minutes - 33) < 1e-9);
        assert_true(fabs(bp.longest_minutes - 75) < 1e-9);
        if (t->rc < 0) {
            assert_false(bp.feasible);
            assert_non_null(strstr(e.msg, "the shortest it can be is 33 min"));
            assert_non_null(strstr(e.msg, "30 min is too short"));
            lectern_budget_free(&bp);
            continue;
        }
        assert_true(bp.feasible);
        assert_int_equal(bp.n_segments, F_N);
        for (int i = 0; i < F_N; i++) {
            const lectern_budget_segment *s = &bp.segments[i];
            if (t->minutes[i] < 0) {
                if (s->action != LECTERN_BUDGET_DROP)
                    fail_msg("%s: %s kept (%g min), wanted dropped", t->name, s->seg->id, s->minutes);
                assert_int_equal(s->day, 0);
                assert_non_null(strstr(s->reason, "dropped '"));
            } else {
                if (s->action == LECTERN_BUDGET_DROP || fabs(s->minutes - t->minutes[i]) > 1e-9)
                    fail_msg("%s: %s %g min (%s), wanted %g", t->name, s->seg->id, s->minutes, s->reason,
                             t->minutes[i]);
                assert_true(s->minutes >= s->min_minutes - 1e-9 && s->minutes <= s->planned_minutes + 1e-9);
                assert_int_equal(s->action, s->minutes < s->planned_minutes ? LECTERN_BUDGET_SHORTEN
                                                                              : LECTERN_BUDGET_KEEP);
                assert_int_equal(s->day, 1);
            }
        }
        assert_true(fabs(bp.total_minutes - t->total) < 1e-9);
        assert_int_equal(bp.n_dropped, t->dropped);
        assert_int_equal(bp.n_shortened, t->shortened);
        assert_int_equal(bp.n_days, 1);
        lectern_budget_free(&bp);
    }
}

static void fixture_reasons(void **state)
{
    pfix *f = *state;
    const lectern_plan *p = lectern_course_find_plan(f->c, "fixture");
    lectern_budget_plan bp;
    lectern_error e = {0};
    assert_int_equal(lectern_budget_make(f->c, p, 40, 0, LECTERN_BUDGET_DAY_MINUTES, NULL, &bp, &e), 0);
    assert_string_equal(bp.segments[F_EXERCISE].reason,
                        "dropped 'Exercise' (optional, priority 2): even at its minimum of 10 min it does not fit in 40 min");
    assert_string_equal(bp.segments[F_VIDEO].reason,
                        "dropped 'Video' (optional, priority 3): it ranks after 'Exercise' (priority 2), already dropped");
    assert_string_equal(bp.segments[F_TALK].reason, "shortened 'Group discussion, \"open floor\"' from 20 to 17 min (minimum 12 min)");
    assert_string_equal(bp.segments[F_BREAK].reason, "kept 'Break' as planned (10 min)");
    assert_non_null(strstr(bp.summary, "fitted to 40 min: 4 segments kept (3 shortened), 3 dropped"));
    lectern_budget_free(&bp);
    assert_int_equal(lectern_budget_make(f->c, p, 50, 0, LECTERN_BUDGET_DAY_MINUTES, NULL, &bp, &e), 0);
    assert_non_null(strstr(bp.segments[F_VIDEO].reason, "less than 40% of the way"));
    lectern_budget_free(&bp);
    assert_int_equal(lectern_budget_make(f->c, p, 100, 0, LECTERN_BUDGET_DAY_MINUTES, NULL, &bp, &e), 0);
    assert_non_null(strstr(bp.summary, "as planned"));
    assert_non_null(strstr(bp.summary, "25 min to spare"));
    lectern_budget_free(&bp);
    assert_int_equal(lectern_budget_make(f->c, p, 0, 0, LECTERN_BUDGET_DAY_MINUTES, NULL, &bp, &e), LECTERN_EINVAL);
}

/* ---------------------------------------------------------------- the sample course */

static double day_total(const lectern_budget_plan *bp, int day)
{
    double t = 0;
    for (size_t i = 0; i < bp->n_segments; i++)
        if (bp->segments[i].day == day)
            t += bp->segments[i].minutes;
    return t;
}

static void multi_day(void **state)
{
    pfix *f = *state;
    lectern_error e = {0};
    lectern_budget_plan bp;
    /* 3 days of 7 h 30: the three-day plan as written, day by day */
    assert_int_equal(lectern_budget_make(f->c, NULL, 1350, 3, LECTERN_BUDGET_DAY_MINUTES, NULL, &bp, &e), 0);
    assert_string_equal(bp.from->id, "three-day");
    assert_int_equal(bp.n_days, 3);
    assert_int_equal(bp.n_dropped + bp.n_shortened, 0);
    for (int d = 1; d <= 3; d++)
        assert_true(fabs(bp.day_totals[d - 1] - 450) < 1e-9 && fabs(day_total(&bp, d) - 450) < 1e-9);
    assert_string_equal(bp.segments[0].seg->id, "d1-welcome");
    assert_true(bp.segments[0].start_minutes == 0);
    lectern_budget_free(&bp);
    /* days of 6 h: each day scaled to 6 h on its own, starting at 0 */
    assert_int_equal(lectern_budget_make(f->c, NULL, 1080, 3, 360, NULL, &bp, &e), 0);
    assert_int_equal(bp.n_days, 3);
    for (int d = 1; d <= 3; d++)
        assert_true(fabs(day_total(&bp, d) - 360) < 1e-9);
    for (size_t i = 0; i < bp.n_segments; i++) {
        const lectern_budget_segment *s = &bp.segments[i];
        assert_int_equal(s->day, s->seg->day);   /* nothing moves to another day */
        if (i > 0 && s->day != bp.segments[i - 1].day)
            assert_true(s->start_minutes == 0);
        assert_true(s->action == LECTERN_BUDGET_DROP || s->minutes >= s->min_minutes - 1e-9);
    }
    lectern_budget_free(&bp);
    /* days of 3 h: day 1's required segments alone take 3 h 35 */
    const lectern_plan *three = lectern_course_find_plan(f->c, "three-day");
    memset(&e, 0, sizeof e);
    assert_int_equal(lectern_budget_make(f->c, three, 540, 3, 180, NULL, &bp, &e), LECTERN_ELIMIT);
    assert_false(bp.feasible);
    assert_non_null(strstr(e.msg, "day 1 of plan \"three-day\""));
    assert_non_null(strstr(e.msg, "3 h 35"));
    lectern_budget_free(&bp);
    /* 2 days from the three-day plan: one pool, split into days at segment boundaries */
    assert_int_equal(lectern_budget_make(f->c, three, 900, 2, LECTERN_BUDGET_DAY_MINUTES, NULL, &bp, &e), 0);
    assert_true(bp.total_minutes <= 900 + 1e-9);
    for (int d = 1; d <= bp.n_days; d++)
        assert_true(day_total(&bp, d) <= 450 + 1e-9);
    lectern_budget_free(&bp);
}

static void sample_budgets(void **state)
{
    pfix *f = *state;
    static const struct { double budget; int days; const char *plan; } t[] = {
        {20, 0, "awareness-1h"}, {45, 0, "awareness-1h"}, {90, 0, "half-day"}, {210, 0, "half-day"},
        {1350, 3, "three-day"},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        lectern_budget_plan bp;
        lectern_error e = {0};
        if (lectern_budget_make(f->c, NULL, t[k].budget, t[k].days, LECTERN_BUDGET_DAY_MINUTES, "en", &bp, &e) != 0)
            fail_msg("%g min: %s", t[k].budget, e.msg);
        assert_string_equal(bp.from->id, t[k].plan);
        assert_true(fabs(bp.total_minutes - t[k].budget) < 1e-9);   /* every minute used */
        /* required segments are never dropped */
        for (size_t i = 0; i < bp.n_segments; i++)
            if (!bp.segments[i].seg->optional)
                assert_int_not_equal(bp.segments[i].action, LECTERN_BUDGET_DROP);
        lectern_budget_free(&bp);
    }
    /* shorter than any plan can be: the plan with the shortest minimum says so */
    lectern_budget_plan bp;
    lectern_error e = {0};
    assert_int_equal(lectern_budget_make(f->c, NULL, 10, 0, LECTERN_BUDGET_DAY_MINUTES, NULL, &bp, &e),
                     LECTERN_ELIMIT);
    assert_string_equal(bp.from->id, "awareness-1h");
    assert_non_null(strstr(e.msg, "the shortest it can be is 19 min"));
    lectern_budget_free(&bp);
}

static void outputs(void **state)
{
    pfix *f = *state;
    lectern_budget_plan bp;
    lectern_error e = {0};
    assert_int_equal(lectern_budget_make(f->c, NULL, 20, 0, LECTERN_BUDGET_DAY_MINUTES, "fr", &bp, &e), 0);
    char *md = NULL, *js = NULL;
    assert_int_equal(lectern_budget_agenda_md(&bp, f->c, "fr", 9 * 60, &md, &e), 0);
    assert_non_null(strstr(md, "| 09:00 | 1* | "));
    assert_non_null(strstr(md, "| 09:20 | | end |"));
    assert_non_null(strstr(md, "## What changed from the plan"));
    assert_non_null(strstr(md, "Séance de sensibilisation d'une heure"));
    assert_int_equal(lectern_budget_json(&bp, f->c, "en", &js, &e), 0);
    cJSON *root = cJSON_Parse(js);
    assert_non_null(root);
    assert_string_equal(cJSON_GetObjectItem(root, "plan")->valuestring, "awareness-1h");
    assert_int_equal(cJSON_GetObjectItem(root, "total_minutes")->valueint, 20);
    cJSON *segs = cJSON_GetObjectItem(root, "segments");
    assert_int_equal(cJSON_GetArraySize(segs), (int)bp.n_segments);
    int dropped = 0;
    for (cJSON *s = segs->child; s; s = s->next)
        dropped += !strcmp(cJSON_GetObjectItem(s, "action")->valuestring, "dropped");
    assert_int_equal(dropped, (int)bp.n_dropped);
    cJSON_Delete(root);
    free(md);
    free(js);
    lectern_budget_free(&bp);
}

/* Delivering the 20-minute version: dropped segments are skipped, the
 * planned end is 20 minutes after the start, and a restored log plans the
 * same budget again. */
static void deliver_budget(void **state)
{
    pfix *f = *state;
    lectern_budget_plan bp;
    lectern_error e = {0};
    const lectern_plan *p = lectern_course_find_plan(f->c, "awareness-1h");
    assert_int_equal(lectern_budget_make(f->c, p, 20, 0, LECTERN_BUDGET_DAY_MINUTES, NULL, &bp, &e), 0);
    lectern_delivery *d;
    assert_int_equal(lectern_delivery_create(f->c, "awareness-1h", T0, &d, &e), 0);
    assert_int_equal(lectern_delivery_apply_budget(d, &bp), 0);
    lectern_delivery_view v = V(d, T0);
    assert_int_equal(v.planned_total_ms, MIN(20));
    assert_int_equal(v.planned_end_ms, (int64_t)T0 + MIN(20));
    assert_int_equal(v.segment_planned_ms, MIN(1));          /* welcome: 3 -> 1 min */
    assert_int_equal(v.pace, LECTERN_PACE_ON_TIME);
    size_t skipped = 0;
    for (size_t i = 0; i < v.n_segments; i++)
        skipped += v.segments[i].state == LECTERN_SEGSTATE_SKIPPED;
    assert_int_equal(skipped, bp.n_dropped);
    /* the video (dropped) is stepped over */
    lectern_delivery_next_segment(d, AT(1));
    v = V(d, AT(1));
    assert_string_equal(v.segment->id, "definition");
    lectern_delivery_next_segment(d, AT(7));
    v = V(d, AT(7));
    assert_string_equal(v.segment->id, "smuggling");
    assert_int_equal(v.pace, LECTERN_PACE_ON_TIME);
    /* twice: refused (it has started) */
    assert_int_equal(lectern_delivery_apply_budget(d, &bp), LECTERN_EINVAL);
    char *json = NULL;
    assert_int_equal(lectern_delivery_log_json(d, AT(8), &json, &e), 0);
    assert_non_null(strstr(json, "\"budget_minutes\":\t20"));
    assert_non_null(strstr(json, "\"skipped_by\":\t\"budget\""));
    lectern_delivery *r;
    assert_int_equal(lectern_delivery_restore(f->c, json, AT(100), &r, &e), 0);
    v = V(r, AT(100));
    assert_int_equal(v.planned_total_ms, MIN(20));
    assert_string_equal(v.segment->id, "smuggling");
    assert_int_equal(v.segments[2].state, LECTERN_SEGSTATE_SKIPPED);   /* the video */
    lectern_delivery_destroy(r);
    free(json);
    lectern_delivery_destroy(d);
    lectern_budget_free(&bp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_table),
        cmocka_unit_test_setup_teardown(fixture_table, setup_fix, teardown),
        cmocka_unit_test_setup_teardown(fixture_reasons, setup_fix, teardown),
        cmocka_unit_test_setup_teardown(multi_day, setup_samp, teardown),
        cmocka_unit_test_setup_teardown(sample_budgets, setup_samp, teardown),
        cmocka_unit_test_setup_teardown(outputs, setup_samp, teardown),
        cmocka_unit_test_setup_teardown(deliver_budget, setup_samp, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
