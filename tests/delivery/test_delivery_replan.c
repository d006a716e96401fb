/* Re-planning when behind: which optional segments are skipped (highest
 * priority number first), which are shortened towards min_minutes, the
 * reasons given, the re-flowed plan finishing on time after accept, and the
 * impossible case reporting the overrun. Fixture course and the sample
 * course's one-hour plan. */
#include "delivery_test.h"

static lectern_delivery_suggestion suggest(lectern_delivery *d, uint64_t now)
{
    lectern_delivery_suggestion s;
    lectern_error e = {0};
    assert_int_equal(lectern_delivery_suggest(d, now, &s, &e), 0);
    return s;
}

static const lectern_delivery_change *find_change(const lectern_delivery_suggestion *s, const char *seg_id)
{
    for (size_t i = 0; i < s->n_changes; i++)
        if (strcmp(s->changes[i].seg->id, seg_id) == 0)
            return &s->changes[i];
    return NULL;
}

static void on_time_or_ahead_nothing(void **state)
{
    dfix *f = *state;
    lectern_delivery_suggestion s = suggest(f->d, AT(5));
    assert_int_equal(s.n_changes, 0);
    assert_true(s.feasible);
    assert_true(s.behind_ms <= 0);
    assert_non_null(strstr(s.summary, "nothing to change"));
    assert_int_equal(lectern_delivery_accept(f->d, AT(5), &s), 0);
    lectern_delivery_suggestion_free(&s);
    lectern_delivery_next_segment(f->d, AT(5));
    s = suggest(f->d, AT(5));
    assert_int_equal(s.behind_ms, MIN(-5));
    assert_string_equal(s.summary, "Ahead by 5 min: nothing to change");
    lectern_delivery_suggestion_free(&s);
}

/* 1.5 minutes behind: skipping a 10-minute segment would do, but one
 * shortening saves less for the same number of changes. */
static void slightly_behind_shortens(void **state)
{
    dfix *f = *state;
    lectern_delivery_suggestion s = suggest(f->d, AT(11.5));
    assert_int_equal(s.behind_ms, MIN(1.5));
    assert_int_equal(s.n_changes, 1);
    const lectern_delivery_change *c = &s.changes[0];
    assert_int_equal(c->kind, LECTERN_CHANGE_SHORTEN);
    assert_string_equal(c->seg->id, "extra");            /* optional, priority 4: first */
    assert_int_equal(c->from_ms, MIN(10));
    assert_int_equal(c->to_ms, MIN(8));                  /* whole minutes */
    assert_int_equal(c->saves_ms, MIN(2));
    assert_string_equal(c->reason,
                        "shorten 'Extra questions' from 10 to 8 min (optional, priority 4, minimum 5 min): saves 2 min");
    assert_true(s.feasible);
    assert_int_equal(lectern_delivery_accept(f->d, AT(11.5), &s), 1);
    lectern_delivery_suggestion_free(&s);
    lectern_delivery_view v = V(f->d, AT(11.5));
    assert_int_equal(v.segments[F_EXTRA].planned_ms, MIN(8));
    assert_true(v.segments[F_EXTRA].replanned);
    assert_int_equal(v.segments[F_EXTRA].original_ms, MIN(10));
    assert_int_equal(v.pace_ms, -SEC(30));
    assert_true(v.projected_end_ms <= v.planned_end_ms);
}

/* 12 minutes behind: skip the optional segments with the highest priority
 * numbers (extra p4, video p3) and keep the exercise (p2). */
static void behind_skips_by_priority(void **state)
{
    dfix *f = *state;
    lectern_delivery_suggestion s = suggest(f->d, AT(22));
    assert_int_equal(s.behind_ms, MIN(12));
    assert_int_equal(s.n_changes, 2);
    assert_int_equal(s.changes[0].kind, LECTERN_CHANGE_SKIP);
    assert_string_equal(s.changes[0].seg->id, "video");
    assert_int_equal(s.changes[0].segment, F_VIDEO);
    assert_string_equal(s.changes[0].reason, "skip 'Video' (optional, priority 3): saves 5 min");
    assert_int_equal(s.changes[1].kind, LECTERN_CHANGE_SKIP);
    assert_string_equal(s.changes[1].seg->id, "extra");
    assert_string_equal(s.changes[1].reason, "skip 'Extra questions' (optional, priority 4): saves 10 min");
    assert_null(find_change(&s, "exercise"));
    assert_int_equal(s.saves_ms, MIN(15));
    assert_true(s.feasible);
    assert_int_equal(s.overrun_ms, 0);
    assert_non_null(strstr(s.summary, "finish on time"));
    assert_int_equal(lectern_delivery_accept(f->d, AT(22), &s), 2);
    lectern_delivery_suggestion_free(&s);
    lectern_delivery_view v = V(f->d, AT(22));
    assert_int_equal(v.segments[F_VIDEO].state, LECTERN_SEGSTATE_SKIPPED);
    assert_int_equal(v.segments[F_EXTRA].state, LECTERN_SEGSTATE_SKIPPED);
    assert_int_equal(v.pace_ms, MIN(-3));
    assert_true(v.projected_end_ms <= v.planned_end_ms);
    assert_false(v.can_replan);
    /* the re-flowed plan: next goes from the intro straight to the talk */
    assert_string_equal(v.next_segment->id, "talk");
    assert_int_equal(lectern_delivery_next_segment(f->d, AT(22)), 1);
    assert_int_equal(V(f->d, AT(22)).current, F_TALK);
    /* delivered as re-planned, it ends 3 minutes early */
    lectern_delivery_next_segment(f->d, AT(42));
    lectern_delivery_next_segment(f->d, AT(57));
    lectern_delivery_next_segment(f->d, AT(67));
    v = V(f->d, AT(67));
    assert_int_equal(v.current, F_CLOSE);
    lectern_delivery_end(f->d, AT(72));
    v = V(f->d, AT(72));
    assert_true(v.projected_end_ms <= v.planned_end_ms);
}

/* 33 minutes behind: all three optional segments go (30 min), then the
 * talk (required, priority 2) is shortened by 3 of its 8 spare minutes
 * before the close (priority 1). */
static void behind_skips_then_shortens(void **state)
{
    dfix *f = *state;
    lectern_delivery_suggestion s = suggest(f->d, AT(43));
    assert_int_equal(s.behind_ms, MIN(33));
    assert_int_equal(s.n_changes, 4);
    assert_int_equal(find_change(&s, "video")->kind, LECTERN_CHANGE_SKIP);
    assert_int_equal(find_change(&s, "exercise")->kind, LECTERN_CHANGE_SKIP);
    assert_int_equal(find_change(&s, "extra")->kind, LECTERN_CHANGE_SKIP);
    const lectern_delivery_change *c = find_change(&s, "talk");
    assert_non_null(c);
    assert_int_equal(c->kind, LECTERN_CHANGE_SHORTEN);
    assert_int_equal(c->to_ms, MIN(17));
    assert_string_equal(c->reason,
                        "shorten 'Group discussion, \"open floor\"' from 20 to 17 min (priority 2, minimum 12 min): saves 3 min");
    assert_int_equal(s.changes[3].kind, LECTERN_CHANGE_SHORTEN);   /* skips first */
    assert_null(find_change(&s, "close"));
    assert_null(find_change(&s, "break"));
    assert_null(find_change(&s, "intro"));                 /* current: never changed */
    assert_true(s.feasible);
    assert_int_equal(lectern_delivery_accept(f->d, AT(43), &s), 4);
    lectern_delivery_suggestion_free(&s);
    lectern_delivery_view v = V(f->d, AT(43));
    assert_int_equal(v.pace_ms, 0);
    assert_int_equal(v.pace, LECTERN_PACE_ON_TIME);
    assert_int_equal(v.segments[F_TALK].planned_ms, MIN(17));
    assert_int_equal(v.segments[F_TALK].start_ms, (int64_t)AT(43));
    assert_int_equal(v.segments[F_BREAK].start_ms, (int64_t)AT(60));
    assert_int_equal(v.segments[F_CLOSE].start_ms, (int64_t)AT(70));
    assert_true(v.segments[F_EXERCISE].start_ms == LECTERN_DELIVERY_NO_TIME);
}

/* A stand-in catalogue: counted phrases are looked up by the English form
 * of n (French says 0 and 1 in the singular: "0 séquence"). */
static const char *fake_fr(const char *msgid, const char *plural, unsigned long n, void *user)
{
    (void)user;
    if (plural && n > 1)
        msgid = plural;
    if (!strcmp(msgid, "%lld min"))
        return "%lld mn";
    if (!strcmp(msgid, "shorten '%.80s' from %s to %s (priority %d, minimum %s): saves %s"))
        return "raccourcir \xC2\xAB %.80s \xC2\xBB de %s \xC3\xA0 %s (priorit\xC3\xA9 %d, minimum %s) : gagne %s";
    if (!strcmp(msgid, "skip %zu segments"))
        return "sauter %zu s\xC3\xA9quences";
    if (!strcmp(msgid, "shorten %zu segment"))
        return "raccourcir %zu s\xC3\xA9quence";
    if (!strcmp(msgid, "%s and %s"))
        return "%s et %s";
    if (!strcmp(msgid, "Behind by %s: %s to finish on time (saves %s)"))
        return "En retard de %s : %s pour finir \xC3\xA0 l'heure (gagne %s)";
    return NULL;
}

/* The reasons and the summary through a translation hook (the presenter's
 * gettext): the same figures in the translated formats; without a hook,
 * exactly the English reason and summary. */
static void suggestion_in_other_words(void **state)
{
    dfix *f = *state;
    char buf[LECTERN_DELIVERY_REASON_MAX];
    lectern_delivery_suggestion s = suggest(f->d, AT(43));
    const lectern_delivery_change *c = find_change(&s, "talk");
    assert_non_null(c);
    assert_int_equal(c->min_ms, MIN(12));
    assert_string_equal(lectern_delivery_change_text(f->d, c, fake_fr, NULL, buf, sizeof buf),
                        "raccourcir \xC2\xAB Group discussion, \"open floor\" \xC2\xBB de 20 \xC3\xA0 17 mn "
                        "(priorit\xC3\xA9 2, minimum 12 mn) : gagne 3 mn");
    assert_string_equal(lectern_delivery_suggestion_text(&s, fake_fr, NULL, buf, sizeof buf),
                        "En retard de 33 mn : sauter 3 s\xC3\xA9quences et raccourcir 1 s\xC3\xA9quence pour finir \xC3\xA0 "
                        "l'heure (gagne 33 mn)");
    for (size_t i = 0; i < s.n_changes; i++)
        assert_string_equal(lectern_delivery_change_text(f->d, &s.changes[i], NULL, NULL, buf, sizeof buf),
                            s.changes[i].reason);
    assert_string_equal(lectern_delivery_suggestion_text(&s, NULL, NULL, buf, sizeof buf), s.summary);
    lectern_delivery_suggestion_free(&s);
}

/* An hour behind cannot be recovered: everything possible is proposed and
 * the overrun is stated. */
static void impossible_reports_overrun(void **state)
{
    dfix *f = *state;
    lectern_delivery_suggestion s = suggest(f->d, AT(70));
    assert_int_equal(s.behind_ms, MIN(60));
    assert_false(s.feasible);
    /* 30 skipped + talk 8 + close 2 */
    assert_int_equal(s.saves_ms, MIN(40));
    assert_int_equal(s.overrun_ms, MIN(20));
    assert_int_equal(s.n_changes, 5);
    assert_int_equal(find_change(&s, "close")->to_ms, MIN(3));
    assert_int_equal(find_change(&s, "talk")->to_ms, MIN(12));
    assert_non_null(strstr(s.summary, "still run 20 min over"));
    assert_int_equal(lectern_delivery_accept(f->d, AT(70), &s), 5);
    lectern_delivery_suggestion_free(&s);
    lectern_delivery_view v = V(f->d, AT(70));
    assert_int_equal(v.pace_ms, MIN(20));
    assert_false(v.can_replan);
    /* nothing left to change */
    s = suggest(f->d, AT(71));
    assert_int_equal(s.n_changes, 0);
    assert_false(s.feasible);
    assert_int_equal(s.overrun_ms, MIN(21));
    assert_non_null(strstr(s.summary, "nothing left to skip or shorten"));
    lectern_delivery_suggestion_free(&s);
}

/* A suggestion is a snapshot: changes to segments that are no longer
 * pending when it is accepted are ignored. */
static void accept_ignores_stale_changes(void **state)
{
    dfix *f = *state;
    lectern_delivery_suggestion s = suggest(f->d, AT(22));
    assert_int_equal(s.n_changes, 2);                    /* skip video, extra */
    lectern_delivery_goto_segment(f->d, F_EXTRA, AT(22));
    assert_int_equal(lectern_delivery_accept(f->d, AT(22), &s), 1);
    lectern_delivery_view v = V(f->d, AT(22));
    assert_int_equal(v.segments[F_EXTRA].state, LECTERN_SEGSTATE_CURRENT);
    assert_int_equal(v.segments[F_VIDEO].state, LECTERN_SEGSTATE_SKIPPED);
    lectern_delivery_suggestion_free(&s);
    lectern_delivery_suggestion_free(NULL);
    assert_int_equal(lectern_delivery_accept(f->d, AT(22), NULL), 0);
}

/* The one-key path of the presenter: the "accept" command. */
static void accept_command(void **state)
{
    dfix *f = *state;
    lectern_dcmd c;
    assert_int_equal(lectern_dcmd_parse("accept", &c, NULL), 0);
    assert_int_equal(lectern_delivery_handle(f->d, &c, AT(22)), 1);
    assert_true(V(f->d, AT(22)).pace_ms <= 0);
    assert_int_equal(lectern_delivery_handle(f->d, &c, AT(22)), 0);   /* on time now */
}

/* Sample one-hour talk: the welcome and definition take 21 minutes instead
 * of 13. With the video (current) under way, skipping the case study
 * (optional, priority 2) alone recovers it; the priority-3 quiz and Q&A
 * would not be enough and are kept. */
static void sample_one_hour_behind(void **state)
{
    dfix *f = *state;
    lectern_delivery *d = f->d;
    lectern_delivery_next_segment(d, AT(5));
    lectern_delivery_next_segment(d, AT(21));
    lectern_delivery_view v = V(d, AT(21));
    assert_string_equal(v.segment->id, "video");
    assert_int_equal(v.pace_ms, MIN(8));
    assert_int_equal(v.pace, LECTERN_PACE_BEHIND);
    assert_true(v.can_replan);
    lectern_delivery_suggestion s = suggest(d, AT(21));
    assert_int_equal(s.n_changes, 1);
    assert_string_equal(s.changes[0].seg->id, "case-study");
    assert_string_equal(s.changes[0].reason,
                        "skip 'Case study: a visit to the clinic' (optional, priority 2): saves 10 min");
    assert_true(s.feasible);
    lectern_delivery_accept(d, AT(21), &s);
    lectern_delivery_suggestion_free(&s);
    v = V(d, AT(21));
    assert_int_equal(v.pace_ms, MIN(-2));
    /* later, 3 more minutes lost in 'forms': the Q&A and quiz are next */
    lectern_delivery_next_segment(d, AT(23));   /* consent quiz */
    lectern_delivery_next_segment(d, AT(27));   /* smuggling */
    lectern_delivery_next_segment(d, AT(33));   /* forms, 8 planned */
    v = V(d, AT(44));
    assert_int_equal(v.pace_ms, MIN(1));
    s = suggest(d, AT(44));
    assert_int_equal(s.n_changes, 1);
    assert_int_equal(s.changes[0].kind, LECTERN_CHANGE_SHORTEN);
    assert_string_equal(s.changes[0].seg->id, "qa");     /* optional, priority 3 */
    assert_int_equal(s.changes[0].to_ms, MIN(1));
    lectern_delivery_accept(d, AT(44), &s);
    lectern_delivery_suggestion_free(&s);
    assert_int_equal(V(d, AT(44)).pace_ms, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(on_time_or_ahead_nothing, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(slightly_behind_shortens, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(behind_skips_by_priority, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(behind_skips_then_shortens, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(impossible_reports_overrun, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(suggestion_in_other_words, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(accept_ignores_stale_changes, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(accept_command, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(sample_one_hour_behind, setup_sample, teardown_fix),
    };
    return cmocka_run_group_tests_name("delivery-replan", tests, NULL, NULL);
}
