/* Recording events and the summaries derived from them: views, time, video
 * watched ranges (table-driven: seeking past a part does not count), exercise
 * attempts, bookmarks, reflections, resume position, out-of-order events
 * and a full rebuild giving the same summaries. */
#include "progress_test.h"

typedef struct fixture {
    char *dir;
    lectern_progress *p;
    int64_t me;
    lectern_progress_ref ref;
} fixture;

static int setup(void **state)
{
    lectern_error err = {0};
    fixture *f = calloc(1, sizeof *f);
    f->dir = pt_tmpdir();
    PT_OK(lectern_progress_open(f->dir, &f->p, &err));
    PT_OK(lectern_progress_profile_create(f->p, "Amina", NULL, T0, &f->me, &err));
    f->ref.profile = f->me;
    f->ref.course_id = "org.example.course";
    f->ref.course_version = "1.0.0";
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

static void item(fixture *f, const char *id, lectern_item_state *s)
{
    lectern_error err = {0};
    PT_OK(lectern_progress_item(f->p, f->me, f->ref.course_id, id, s, &err));
}

static void test_viewed_time_bookmark(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    lectern_item_state s;
    item(f, "s1", &s);                      /* nothing yet: zero state */
    assert_int_equal(s.viewed, 0);
    assert_true(s.best_score < 0);
    lectern_item_state_clear(&s);
    PT_OK(lectern_progress_viewed(f->p, &f->ref, "s1", T0, &err));
    PT_OK(lectern_progress_time_spent(f->p, &f->ref, "s1", 1500, T0 + 1, &err));
    PT_OK(lectern_progress_time_spent(f->p, &f->ref, "s1", 2500, T0 + 2, &err));
    PT_OK(lectern_progress_bookmark(f->p, &f->ref, "s1", 1, T0 + 3, &err));
    PT_OK(lectern_progress_reflection(f->p, &f->ref, "s1", "first thought", T0 + 4, &err));
    PT_OK(lectern_progress_reflection(f->p, &f->ref, "s1", "second \"thought\"", T0 + 5, &err));
    item(f, "s1", &s);
    assert_int_equal(s.viewed, 1);
    assert_int_equal(s.time_ms, 4000);
    assert_int_equal(s.bookmarked, 1);
    assert_string_equal(s.reflection, "second \"thought\"");
    lectern_item_state_clear(&s);
    PT_OK(lectern_progress_bookmark(f->p, &f->ref, "s1", 0, T0 + 6, &err));
    item(f, "s1", &s);
    assert_int_equal(s.bookmarked, 0);
    lectern_item_state_clear(&s);
    assert_int_equal(lectern_progress_n_events(f->p), 7);
    /* bad arguments are refused and record nothing */
    assert_int_equal(lectern_progress_viewed(f->p, &f->ref, "", T0, &err), LECTERN_EINVAL);
    assert_int_equal(lectern_progress_time_spent(f->p, &f->ref, "s1", -5, T0, &err),
                     LECTERN_EINVAL);
    assert_int_equal(lectern_progress_record(f->p, &f->ref, "s1", "viewed", "[1]", T0, NULL,
                                             &err), LECTERN_EINVAL);
    assert_int_equal(lectern_progress_n_events(f->p), 7);
}

/* Each case plays ranges on a 100 s video and expects the merged result. */
typedef struct range_case {
    const char *name;
    int64_t r[6][2];
    int n;
    int64_t watched_ms;
    size_t n_ranges;
} range_case;

static const range_case range_cases[] = {
    {"straight through in chunks", {{0, 10000}, {10000, 20000}, {20000, 100000}}, 3, 100000, 1},
    {"seek past the middle", {{0, 30000}, {70000, 100000}}, 2, 60000, 2},
    {"rewatch counts once", {{0, 50000}, {10000, 40000}, {0, 50000}}, 3, 50000, 1},
    {"overlaps join", {{50000, 60000}, {0, 10000}, {5000, 55000}}, 3, 60000, 1},
    {"past the end is clipped", {{90000, 120000}}, 1, 10000, 1},
    {"gaps stay gaps", {{0, 1000}, {2000, 3000}, {4000, 5000}}, 3, 3000, 3},
    {"fill the gaps", {{0, 1000}, {2000, 3000}, {500, 2500}}, 3, 3000, 1},
    {"empty range ignored", {{5000, 5000}}, 1, 0, 0},
};

static void test_video_ranges(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    for (size_t c = 0; c < sizeof range_cases / sizeof range_cases[0]; c++) {
        const range_case *rc = &range_cases[c];
        char id[32];
        snprintf(id, sizeof id, "video-%zu", c);
        for (int i = 0; i < rc->n; i++)
            PT_OK(lectern_progress_video_range(f->p, &f->ref, id, rc->r[i][0], rc->r[i][1],
                                               100000, T0 + i, &err));
        lectern_item_state s;
        item(f, id, &s);
        if (s.watched_ms != rc->watched_ms || s.n_ranges != rc->n_ranges)
            fail_msg("%s: watched %lld ms in %zu ranges, expected %lld in %zu", rc->name,
                     (long long)s.watched_ms, s.n_ranges, (long long)rc->watched_ms,
                     rc->n_ranges);
        assert_int_equal(s.duration_ms, 100000);
        assert_true(s.watched_percent > rc->watched_ms / 1000.0 - 0.01
                    && s.watched_percent < rc->watched_ms / 1000.0 + 0.01);
        for (size_t k = 1; k < s.n_ranges; k++)
            assert_true(s.ranges[k - 1].to_ms < s.ranges[k].from_ms);
        lectern_item_state_clear(&s);
    }
    /* an unknown duration gives 0 % until the player learns it */
    PT_OK(lectern_progress_video_range(f->p, &f->ref, "vx", 0, 5000, 0, T0, &err));
    lectern_item_state s;
    item(f, "vx", &s);
    assert_int_equal(s.watched_ms, 5000);
    assert_true(s.watched_percent == 0);
    lectern_item_state_clear(&s);
    PT_OK(lectern_progress_video_range(f->p, &f->ref, "vx", 5000, 6000, 10000, T0 + 1, &err));
    item(f, "vx", &s);
    assert_int_equal(s.watched_ms, 6000);
    assert_true(s.watched_percent > 59.9 && s.watched_percent < 60.1);
    lectern_item_state_clear(&s);
    assert_int_equal(lectern_progress_video_range(f->p, &f->ref, "vx", 10, 5, 100, T0, &err),
                     LECTERN_EINVAL);
}

static void test_attempts(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    lectern_attempt a = {"B", 0.0, 0, 12500, LECTERN_INTERACTION_CHOICE};
    int64_t ev = 0;
    PT_OK(lectern_progress_attempt(f->p, &f->ref, "q1", &a, T0, &ev, &err));
    assert_true(ev > 0);
    assert_true(lectern_progress_has_event(f->p, ev));
    assert_false(lectern_progress_has_event(f->p, ev + 1000));
    a.response = "A";
    a.score = 1.0;
    a.success = 1;
    PT_OK(lectern_progress_attempt(f->p, &f->ref, "q1", &a, T0 + 1, NULL, &err));
    a.score = 0.5;
    a.success = 0;
    PT_OK(lectern_progress_attempt(f->p, &f->ref, "q1", &a, T0 + 2, NULL, &err));
    a.score = 7;                                /* clamped to 1 */
    PT_OK(lectern_progress_attempt(f->p, &f->ref, "q2", &a, T0 + 3, NULL, &err));
    lectern_item_state s;
    item(f, "q1", &s);
    assert_int_equal(s.attempts, 3);
    assert_true(s.best_score == 1.0);
    assert_true(s.last_score == 0.5);
    assert_int_equal(s.passed, 1);              /* passed once stays passed */
    lectern_item_state_clear(&s);
    item(f, "q2", &s);
    assert_true(s.best_score == 1.0);
    assert_int_equal(s.passed, 0);
    lectern_item_state_clear(&s);
    assert_string_equal(lectern_interaction_name(LECTERN_INTERACTION_LONG_FILL_IN),
                        "long-fill-in");
    assert_string_equal(lectern_interaction_name((lectern_interaction)99), "other");
}

static void test_resume(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    char *id = NULL;
    int64_t off = -1;
    assert_int_equal(lectern_progress_resume(f->p, f->me, f->ref.course_id, &id, &off, &err),
                     LECTERN_ENOTFOUND);
    PT_OK(lectern_progress_position(f->p, &f->ref, "s1", 0, T0, &err));
    PT_OK(lectern_progress_position(f->p, &f->ref, "v1", 42000, T0 + 10, &err));
    PT_OK(lectern_progress_resume(f->p, f->me, f->ref.course_id, &id, &off, &err));
    assert_string_equal(id, "v1");
    assert_int_equal(off, 42000);
    free(id);
    /* survives closing (the lid) and reopening */
    lectern_progress_close(f->p);
    PT_OK(lectern_progress_open(f->dir, &f->p, &err));
    PT_OK(lectern_progress_resume(f->p, f->me, f->ref.course_id, &id, &off, &err));
    assert_string_equal(id, "v1");
    free(id);
    /* an event stamped earlier than the latest one (clock moved back) does
     * not win over a later position: summaries follow event time */
    PT_OK(lectern_progress_position(f->p, &f->ref, "s9", 0, T0 + 5, &err));
    PT_OK(lectern_progress_resume(f->p, f->me, f->ref.course_id, &id, &off, &err));
    assert_string_equal(id, "v1");
    free(id);
}

static void test_out_of_order_and_rebuild(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    lectern_attempt a = {"A", 1, 1, 1000, LECTERN_INTERACTION_TRUE_FALSE};
    PT_OK(lectern_progress_viewed(f->p, &f->ref, "s1", T0 + 100, &err));
    PT_OK(lectern_progress_video_range(f->p, &f->ref, "v1", 0, 5000, 10000, T0 + 200, &err));
    PT_OK(lectern_progress_attempt(f->p, &f->ref, "q1", &a, T0 + 300, NULL, &err));
    /* a reflection stamped before everything: replayed in time order */
    PT_OK(lectern_progress_reflection(f->p, &f->ref, "s1", "late", T0 + 400, &err));
    PT_OK(lectern_progress_reflection(f->p, &f->ref, "s1", "early", T0 + 50, &err));
    lectern_item_state s;
    item(f, "s1", &s);
    assert_string_equal(s.reflection, "late");
    lectern_item_state_clear(&s);
    char *before = pt_dump(f->p);
    /* a fresh store that imports this one replays every event: same summaries */
    char *other = pt_join(f->dir, "other");
    lectern_progress *q;
    PT_OK(lectern_progress_open(other, &q, &err));
    lectern_import_stats st;
    PT_OK(lectern_progress_import(q, lectern_progress_path(f->p), &st, &err));
    assert_int_equal(st.events_added, lectern_progress_n_events(f->p));
    assert_int_equal(st.profiles_created, 1);
    char *after = pt_dump(q);
    assert_string_equal(before, after);
    lectern_progress_close(q);
    free(before);
    free(after);
    free(other);
}

/* lectern_progress_item_states: every touched item of the course once, with
 * what lectern_progress_item says of it; other courses and profiles not. */
typedef struct seen_states {
    int n;
    char ids[8][16];
    lectern_item_state v[8];    /* ranges and reflection not kept */
    int n_ranges[8];
    int reflection[8];
} seen_states;

static int record_state(const char *item_id, const lectern_item_state *s, void *user)
{
    seen_states *w = user;
    if (w->n >= 8)
        return LECTERN_ELIMIT;
    snprintf(w->ids[w->n], sizeof w->ids[w->n], "%s", item_id);
    w->v[w->n] = *s;
    w->n_ranges[w->n] = (int)s->n_ranges;
    w->reflection[w->n] = s->reflection && !strcmp(s->reflection, "a thought");
    w->v[w->n].ranges = NULL;
    w->v[w->n].reflection = NULL;
    w->n++;
    return strcmp(item_id, "stop") == 0 ? LECTERN_EINVAL : 0;
}

/* Each listed state equals lectern_progress_item's; returns how many ids
 * of the NULL-terminated list were listed. */
static int compare_states(fixture *f, const seen_states *w, const char *const *want)
{
    int found = 0;
    for (int i = 0; i < w->n; i++) {
        lectern_item_state one;
        item(f, w->ids[i], &one);
        const lectern_item_state *s = &w->v[i];
        assert_int_equal(s->viewed, one.viewed);
        assert_int_equal(s->time_ms, one.time_ms);
        assert_int_equal(s->attempts, one.attempts);
        assert_true(s->best_score == one.best_score && s->last_score == one.last_score);
        assert_int_equal(s->passed, one.passed);
        assert_int_equal(s->watched_ms, one.watched_ms);
        assert_int_equal(s->duration_ms, one.duration_ms);
        assert_int_equal(w->n_ranges[i], (int)one.n_ranges);
        assert_int_equal(s->bookmarked, one.bookmarked);
        assert_int_equal(w->reflection[i], one.reflection && !strcmp(one.reflection, "a thought"));
        lectern_item_state_clear(&one);
        for (const char *const *k = want; *k; k++)
            found += !strcmp(*k, w->ids[i]);
    }
    return found;
}

static void test_item_states_of_course(void **state)
{
    fixture *f = *state;
    lectern_error err = {0};
    seen_states w;
    memset(&w, 0, sizeof w);
    PT_OK(lectern_progress_item_states(f->p, f->me, f->ref.course_id, record_state, &w, &err));
    assert_int_equal(w.n, 0);                       /* nothing recorded yet */
    lectern_attempt a = {"A", 1, 1, 1000, LECTERN_INTERACTION_TRUE_FALSE};
    PT_OK(lectern_progress_viewed(f->p, &f->ref, "s1", T0, &err));
    PT_OK(lectern_progress_bookmark(f->p, &f->ref, "s1", 1, T0 + 1, &err));
    PT_OK(lectern_progress_reflection(f->p, &f->ref, "s1", "a thought", T0 + 2, &err));
    PT_OK(lectern_progress_video_range(f->p, &f->ref, "v1", 0, 5000, 10000, T0 + 3, &err));
    PT_OK(lectern_progress_attempt(f->p, &f->ref, "q1", &a, T0 + 4, NULL, &err));
    /* another course of the same trainee, and another trainee: not listed */
    lectern_progress_ref other = f->ref;
    other.course_id = "org.example.other";
    PT_OK(lectern_progress_viewed(f->p, &other, "o1", T0 + 5, &err));
    int64_t them;
    PT_OK(lectern_progress_profile_create(f->p, "Bilal", NULL, T0, &them, &err));
    lectern_progress_ref theirs = f->ref;
    theirs.profile = them;
    PT_OK(lectern_progress_viewed(f->p, &theirs, "b1", T0 + 6, &err));
    PT_OK(lectern_progress_item_states(f->p, f->me, f->ref.course_id, record_state, &w, &err));
    assert_int_equal(w.n, 3);
    static const char *const mine[] = {"s1", "v1", "q1", NULL};
    assert_int_equal(compare_states(f, &w, mine), 3);
    /* a negative return stops the walk and is returned */
    PT_OK(lectern_progress_viewed(f->p, &f->ref, "stop", T0 + 7, &err));
    memset(&w, 0, sizeof w);
    assert_int_equal(lectern_progress_item_states(f->p, f->me, f->ref.course_id, record_state,
                                                  &w, &err), LECTERN_EINVAL);
    assert_true(w.n >= 1 && w.n <= 4);
    assert_string_equal(w.ids[w.n - 1], "stop");
    /* the store is usable afterwards (the statement was reset) */
    lectern_item_state s;
    item(f, "s1", &s);
    assert_int_equal(s.bookmarked, 1);
    lectern_item_state_clear(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_viewed_time_bookmark, setup, teardown),
        cmocka_unit_test_setup_teardown(test_video_ranges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attempts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_order_and_rebuild, setup, teardown),
        cmocka_unit_test_setup_teardown(test_item_states_of_course, setup, teardown),
    };
    return cmocka_run_group_tests_name("progress_events", tests, NULL, NULL);
}
