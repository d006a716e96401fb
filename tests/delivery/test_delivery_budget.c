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

/* A stand-in catalogue (the player answers with gettext): a few French
 * formats; anything else stays English. */
static const char *fake_fr(const char *msgid, const char *plural, unsigned long n, void *user)
{
    static const char *const t[][2] = {
        {"%.0f min", "%.0f mn"},
        {"dropped '%.80s' (optional, priority %d): even at its minimum of %s it does not fit in %s",
         "retir\xC3\xA9 \xC2\xAB %.80s \xC2\xBB (priorit\xC3\xA9 %d) : au minimum %s, pas dans %s"},
        {"dropped '%.80s' (optional, priority %d): it ranks after '%.80s' (priority %d), already dropped",
         "retir\xC3\xA9 \xC2\xAB %.80s \xC2\xBB (%d) : apr\xC3\xA8s \xC2\xAB %.80s \xC2\xBB (%d)"},
        {"shortened '%.80s' from %s to %s (minimum %s)", "raccourci \xC2\xAB %.80s \xC2\xBB de %s \xC3\xA0 %s (minimum %s)"},
        {"\"%s\" (%s) fitted to %s: %s; %s", "\xC2\xAB %s \xC2\xBB (%s) ajust\xC3\xA9 \xC3\xA0 %s : %s ; %s"},
        {"%zu segments kept", "%zu gard\xC3\xA9""es"},
        {"%zu shortened", "%zu raccourcies"},
        {"%zu dropped", "%zu retir\xC3\xA9""es"},
        {"What changed from the plan", "Ce qui change"},
        {"end", "fin"},
    };
    (*(int *)user)++;
    if (plural && n > 1)   /* French: 0 and 1 in the singular */
        msgid = plural;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (!strcmp(t[i][0], msgid))
            return t[i][1];
    return NULL;
}

/* 1 when s is valid UTF-8 (a title cut for %.80s is never cut inside a letter). */
static int utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0)
            return 0;
        for (p++; n > 0; n--, p++)
            if ((*p & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

/* The reasons as codes with parameters (for the player and lectern-pack to
 * say them in the UI language): each code, the same English through the
 * text functions, a translation through the hook, and "why" in the JSON. */
static void reasons_as_codes(void **state)
{
    pfix *f = *state;
    const lectern_plan *p = lectern_course_find_plan(f->c, "fixture");
    lectern_budget_plan bp;
    lectern_error e = {0};
    char buf[LECTERN_BUDGET_REASON_MAX];
    int calls = 0;
    assert_int_equal(lectern_budget_make(f->c, p, 40, 0, LECTERN_BUDGET_DAY_MINUTES, NULL, &bp, &e), 0);
    assert_int_equal(bp.segments[F_EXERCISE].why, LECTERN_BUDGET_WHY_NO_FIT);
    assert_true(fabs(bp.segments[F_EXERCISE].pool_minutes - 40) < 1e-9);
    assert_int_equal(bp.segments[F_VIDEO].why, LECTERN_BUDGET_WHY_RANKS_AFTER);
    assert_int_equal(bp.segments[F_VIDEO].after, F_EXERCISE);
    assert_int_equal(bp.segments[F_TALK].why, LECTERN_BUDGET_WHY_SHORTENED);
    assert_int_equal(bp.segments[F_BREAK].why, LECTERN_BUDGET_WHY_KEPT);
    for (size_t i = 0; i < bp.n_segments; i++)
        assert_string_equal(lectern_budget_reason_text(&bp, f->c, i, NULL, NULL, NULL, buf, sizeof buf),
                            bp.segments[i].reason);
    assert_string_equal(lectern_budget_summary_text(&bp, f->c, NULL, NULL, NULL, buf, sizeof buf), bp.summary);
    /* through the hook: the translated formats with the same arguments; the
     * unit shared by both lengths is said once ("de 20 à 17 mn") */
    assert_string_equal(lectern_budget_reason_text(&bp, f->c, F_EXERCISE, NULL, fake_fr, &calls, buf, sizeof buf),
                        "retir\xC3\xA9 \xC2\xAB Exercise \xC2\xBB (priorit\xC3\xA9 2) : au minimum 10 mn, pas dans 40 mn");
    assert_string_equal(lectern_budget_reason_text(&bp, f->c, F_VIDEO, NULL, fake_fr, &calls, buf, sizeof buf),
                        "retir\xC3\xA9 \xC2\xAB Video \xC2\xBB (3) : apr\xC3\xA8s \xC2\xAB Exercise \xC2\xBB (2)");
    assert_string_equal(lectern_budget_reason_text(&bp, f->c, F_TALK, NULL, fake_fr, &calls, buf, sizeof buf),
                        "raccourci \xC2\xAB Group discussion, \"open floor\" \xC2\xBB de 20 \xC3\xA0 17 mn (minimum 12 mn)");
    assert_non_null(strstr(lectern_budget_summary_text(&bp, f->c, NULL, fake_fr, &calls, buf, sizeof buf),
                           "ajust\xC3\xA9 \xC3\xA0 40 mn : 4 gard\xC3\xA9""es (3 raccourcies), 3 retir\xC3\xA9""es"));
    assert_true(calls > 8);
    /* the Markdown agenda through the same hook */
    char *md = NULL, *js = NULL;
    assert_int_equal(lectern_budget_agenda_md_tr(&bp, f->c, NULL, 9 * 60, fake_fr, &calls, &md, &e), 0);
    assert_non_null(strstr(md, "## Ce qui change\n"));
    assert_non_null(strstr(md, " | fin | "));
    assert_non_null(strstr(md, "- raccourci \xC2\xAB Group discussion"));
    assert_null(strstr(md, "What changed"));
    free(md);
    /* JSON: the English reason stays, the code is added */
    assert_int_equal(lectern_budget_json(&bp, f->c, NULL, &js, &e), 0);
    cJSON *root = cJSON_Parse(js);
    cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "segments"), F_VIDEO);
    assert_string_equal(cJSON_GetObjectItem(v, "why")->valuestring, "ranks_after");
    assert_string_equal(cJSON_GetObjectItem(v, "after")->valuestring, bp.segments[F_EXERCISE].seg->id);
    assert_string_equal(cJSON_GetObjectItem(v, "reason")->valuestring, bp.segments[F_VIDEO].reason);
    v = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "segments"), F_TALK);
    assert_string_equal(cJSON_GetObjectItem(v, "why")->valuestring, "shortened");
    cJSON_Delete(root);
    free(js);
    lectern_budget_free(&bp);
}

/* A title longer than the formats' %.80s is cut between letters: the
 * fixture's French exercise title has an "é" across bytes 79-80. */
static void long_titles_cut_between_letters(void **state)
{
    pfix *f = *state;
    const lectern_plan *p = lectern_course_find_plan(f->c, "fixture");
    lectern_budget_plan bp;
    lectern_error e = {0};
    assert_int_equal(lectern_budget_make(f->c, p, 40, 0, LECTERN_BUDGET_DAY_MINUTES, "fr", &bp, &e), 0);
    const char *ex = bp.segments[F_EXERCISE].reason, *vid = bp.segments[F_VIDEO].reason;
    assert_true(utf8_ok(ex));
    assert_true(utf8_ok(vid));
    /* the whole letters before byte 80, where the "é" of "élaborés" starts at byte 79 */
    assert_non_null(strstr(ex, "'Exercice pratique : \xC3\xA9tude de cas d\xC3\xA9taill\xC3\xA9""e, "
                               "r\xC3\xA9""flexion commune et \xC3\xA9""changes ' (optional"));
    assert_non_null(strstr(vid, "it ranks after 'Exercice pratique"));
    lectern_budget_free(&bp);
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
        cmocka_unit_test_setup_teardown(reasons_as_codes, setup_fix, teardown),
        cmocka_unit_test_setup_teardown(long_titles_cut_between_letters, setup_fix, teardown),
        cmocka_unit_test_setup_teardown(multi_day, setup_samp, teardown),
        cmocka_unit_test_setup_teardown(sample_budgets, setup_samp, teardown),
        cmocka_unit_test_setup_teardown(outputs, setup_samp, teardown),
        cmocka_unit_test_setup_teardown(deliver_budget, setup_samp, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
