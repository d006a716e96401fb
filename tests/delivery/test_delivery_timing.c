/* Delivery state and timing on an injected clock: position and items
 * across segment boundaries, countdown and overtime, pauses that survive
 * navigation and do not count, projected end and pace, the once-per-segment
 * events, skip/goto/extend/break/end, commands as data, formatting, and a
 * full run of the sample course's one-hour plan. */
#include <math.h>

#include "delivery_test.h"

static void create_errors(void **state)
{
    dfix *f = *state;
    lectern_delivery *d = (lectern_delivery *)0x1;
    lectern_error e = {0};
    assert_int_equal(lectern_delivery_create(f->c, "nope", T0, &d, &e), LECTERN_ENOTFOUND);
    assert_null(d);
    assert_non_null(strstr(e.msg, "no plan \"nope\""));
    assert_non_null(strstr(e.msg, "fixture"));
    assert_int_equal(lectern_delivery_create(NULL, "fixture", T0, &d, &e), LECTERN_EINVAL);
    assert_int_equal(lectern_delivery_create(f->c, NULL, T0, &d, NULL), LECTERN_EINVAL);
}

static void starts_on_first_segment(void **state)
{
    dfix *f = *state;
    lectern_delivery_view v = V(f->d, T0);
    assert_int_equal(v.current, F_INTRO);
    assert_string_equal(v.segment->id, "intro");
    assert_string_equal(item_id(&v), "s1");
    assert_string_equal(v.next_item->id, "s2");
    assert_int_equal(v.next_item_segment, F_INTRO);
    assert_string_equal(v.next_segment->id, "video");
    assert_int_equal(v.remaining_ms, MIN(10));
    assert_int_equal(v.planned_total_ms, MIN(75));
    assert_int_equal(v.planned_end_ms, (int64_t)T0 + MIN(75));
    assert_int_equal(v.projected_end_ms, v.planned_end_ms);
    assert_int_equal(v.pace_ms, 0);
    assert_int_equal(v.pace, LECTERN_PACE_ON_TIME);
    assert_false(v.paused);
    assert_false(v.has_wall);
    assert_int_equal(v.n_segments, F_N);
    assert_int_equal(v.segments[F_INTRO].state, LECTERN_SEGSTATE_CURRENT);
    for (size_t i = 1; i < F_N; i++)
        assert_int_equal(v.segments[i].state, LECTERN_SEGSTATE_PENDING);
    /* projected starts of what lies ahead */
    assert_int_equal(v.segments[F_VIDEO].start_ms, (int64_t)T0 + MIN(10));
    assert_int_equal(v.segments[F_TALK].start_ms, (int64_t)T0 + MIN(15));
    assert_int_equal(v.segments[F_CLOSE].start_ms, (int64_t)T0 + MIN(70));
}

static void countdown_and_overtime(void **state)
{
    dfix *f = *state;
    lectern_delivery_view v = V(f->d, AT(4));
    assert_int_equal(v.remaining_ms, MIN(6));
    assert_int_equal(v.segment_elapsed_ms, MIN(4));
    assert_false(v.overtime);
    v = V(f->d, AT(10.5));
    assert_int_equal(v.remaining_ms, -SEC(30));
    assert_true(v.overtime);
    assert_true(v.segments[F_INTRO].overtime);
    assert_int_equal(v.segments[F_INTRO].actual_ms, MIN(10.5));
    /* the planned end does not move; the projected one does */
    assert_int_equal(v.projected_end_ms, (int64_t)AT(75.5));
    assert_int_equal(v.pace_ms, SEC(30));
    assert_int_equal(v.pace, LECTERN_PACE_ON_TIME);     /* under a minute */
    /* a clock that goes back is ignored */
    assert_int_equal(lectern_delivery_next_item(f->d, AT(11)), 1);
    v = V(f->d, AT(5));
    assert_int_equal(v.now_ms, AT(11));
}

static void items_cross_segments(void **state)
{
    dfix *f = *state;
    lectern_delivery *d = f->d;
    lectern_delivery_view v;
    assert_int_equal(lectern_delivery_next_item(d, AT(1)), 1);
    v = V(d, AT(1));
    assert_string_equal(item_id(&v), "s2");
    assert_int_equal(v.item_pos, 1);
    assert_string_equal(v.next_item->id, "s3");          /* in the next segment */
    assert_int_equal(v.next_item_segment, F_VIDEO);
    assert_int_equal(lectern_delivery_next_item(d, AT(2)), 1);
    v = V(d, AT(2));
    assert_int_equal(v.current, F_VIDEO);
    assert_string_equal(item_id(&v), "s3");
    assert_int_equal(v.segments[F_INTRO].state, LECTERN_SEGSTATE_DONE);
    assert_int_equal(v.segments[F_INTRO].actual_ms, MIN(2));
    /* talk has no items: the next item is the exercise's first */
    assert_string_equal(v.next_item->id, "s4");
    assert_int_equal(v.next_item_segment, F_EXERCISE);
    assert_int_equal(lectern_delivery_next_item(d, AT(3)), 1);
    v = V(d, AT(3));
    assert_int_equal(v.current, F_TALK);
    assert_null(v.item);
    /* back: last item of the previous segment, which is current again */
    assert_int_equal(lectern_delivery_prev_item(d, AT(4)), 1);
    v = V(d, AT(4));
    assert_int_equal(v.current, F_VIDEO);
    assert_string_equal(item_id(&v), "s3");
    assert_int_equal(v.segments[F_TALK].state, LECTERN_SEGSTATE_PENDING);
    assert_int_equal(v.segments[F_TALK].actual_ms, MIN(1));
    assert_int_equal(lectern_delivery_prev_item(d, AT(4)), 1);
    v = V(d, AT(4));
    assert_int_equal(v.current, F_INTRO);
    assert_string_equal(item_id(&v), "s2");
    assert_int_equal(v.segments[F_VIDEO].state, LECTERN_SEGSTATE_PENDING);
    assert_int_equal(v.segments[F_VIDEO].actual_ms, MIN(1));   /* 2..3; back at 4 and left at once */
    assert_int_equal(v.segments[F_INTRO].actual_ms, MIN(2));
    /* prev on the very first item does nothing */
    assert_int_equal(lectern_delivery_prev_item(d, AT(4)), 1);
    assert_int_equal(lectern_delivery_prev_item(d, AT(4)), 0);
    /* next-segment, goto-item, and the last item */
    assert_int_equal(lectern_delivery_goto_item(d, "s6", AT(5)), 1);
    v = V(d, AT(5));
    assert_int_equal(v.current, F_EXTRA);
    assert_int_equal(v.segments[F_TALK].state, LECTERN_SEGSTATE_PENDING);  /* jumped over */
    assert_int_equal(lectern_delivery_goto_item(d, "zzz", AT(5)), LECTERN_ENOTFOUND);
    assert_int_equal(lectern_delivery_next_segment(d, AT(5)), 1);
    v = V(d, AT(5));
    assert_int_equal(v.current, F_CLOSE);
    assert_null(v.next_item);
    assert_int_equal(v.next_item_segment, SIZE_MAX);
    assert_null(v.next_segment);
    assert_int_equal(lectern_delivery_next_item(d, AT(6)), 0);
    assert_int_equal(lectern_delivery_next_segment(d, AT(6)), 0);
    assert_int_equal(lectern_delivery_prev_segment(d, AT(6)), 1);
    assert_int_equal(V(d, AT(6)).current, F_EXTRA);
}

static void pause_survives_navigation(void **state)
{
    dfix *f = *state;
    lectern_delivery *d = f->d;
    assert_int_equal(lectern_delivery_pause(d, AT(2)), 1);
    assert_int_equal(lectern_delivery_pause(d, AT(2)), 0);
    assert_int_equal(lectern_delivery_next_segment(d, AT(3)), 1);
    assert_int_equal(lectern_delivery_next_segment(d, AT(4)), 1);
    lectern_delivery_view v = V(d, AT(6));
    assert_true(v.paused);
    assert_int_equal(v.pause_reason, LECTERN_PAUSE_PAUSE);
    assert_int_equal(v.current, F_TALK);
    assert_int_equal(v.pause_ms, MIN(4));
    assert_int_equal(v.paused_total_ms, MIN(4));
    assert_int_equal(v.segment_elapsed_ms, 0);            /* paused time is not the talk's */
    assert_int_equal(v.remaining_ms, MIN(20));
    assert_int_equal(lectern_delivery_resume(d, AT(7)), 1);
    assert_int_equal(lectern_delivery_resume(d, AT(7)), 0);
    v = V(d, AT(9));
    assert_false(v.paused);
    assert_int_equal(v.segments[F_INTRO].actual_ms, MIN(2));
    assert_int_equal(v.segments[F_VIDEO].actual_ms, 0);
    assert_int_equal(v.segments[F_TALK].actual_ms, MIN(2));
    assert_int_equal(v.paused_total_ms, MIN(5));
    assert_int_equal(v.elapsed_ms, MIN(9));
    assert_int_equal(v.active_ms, MIN(4));
    /* 9 + what is left (18 + 15 + 10 + 10 + 5): the pause delays, the short
     * intro (2 of 10) and the passed-over video (0 of 5) gain */
    assert_int_equal(v.projected_end_ms, (int64_t)AT(67));
    assert_int_equal(v.pace_ms, MIN(-8));
    /* toggle, and a pause that becomes a break */
    assert_int_equal(lectern_delivery_toggle_pause(d, AT(10)), 1);
    assert_int_equal(lectern_delivery_break_start(d, AT(11)), 1);
    v = V(d, AT(12));
    assert_int_equal(v.pause_reason, LECTERN_PAUSE_BREAK);
    assert_int_equal(v.pause_ms, MIN(1));
    assert_int_equal(v.paused_total_ms, MIN(7));
    assert_int_equal(lectern_delivery_break_start(d, AT(12)), 0);
    assert_int_equal(lectern_delivery_break_end(d, AT(20)), 1);
    v = V(d, AT(20));
    assert_int_equal(v.paused_total_ms, MIN(15));
    assert_int_equal(v.segments[F_TALK].actual_ms, MIN(3));
}

static void projected_end_and_pace(void **state)
{
    dfix *f = *state;
    lectern_delivery *d = f->d;
    lectern_delivery_set_wall_start(d, 1764367200000LL);   /* 2025-11-28T22:00:00Z */
    /* 3 minutes over in the intro: behind by 3 */
    lectern_delivery_view v = V(d, AT(13));
    assert_int_equal(v.pace_ms, MIN(3));
    assert_int_equal(v.pace, LECTERN_PACE_BEHIND);
    assert_int_equal(v.projected_end_ms, (int64_t)AT(78));
    assert_true(v.has_wall);
    assert_int_equal(v.start_epoch_ms, 1764367200000LL);
    assert_int_equal(v.now_epoch_ms, 1764367200000LL + MIN(13));
    assert_int_equal(v.planned_end_epoch_ms, 1764367200000LL + MIN(75));
    assert_int_equal(v.projected_end_epoch_ms, 1764367200000LL + MIN(78));
    assert_true(v.can_replan);
    /* the video takes 1 minute of its 5: 1 minute ahead */
    lectern_delivery_next_segment(d, AT(13));
    lectern_delivery_next_segment(d, AT(14));
    v = V(d, AT(14));
    assert_int_equal(v.pace_ms, MIN(-1));
    assert_int_equal(v.pace, LECTERN_PACE_AHEAD);
    assert_int_equal(v.segments[F_VIDEO].state, LECTERN_SEGSTATE_DONE);
    /* done segments count what they took, not what was planned */
    assert_int_equal(v.projected_end_ms, (int64_t)AT(14) + MIN(20 + 15 + 10 + 10 + 5));
    /* a short talk: well ahead */
    lectern_delivery_next_segment(d, AT(24));
    v = V(d, AT(24));
    assert_int_equal(v.pace_ms, MIN(-11));
    assert_int_equal(v.pace, LECTERN_PACE_AHEAD);
    assert_false(v.can_replan);
    /* extending the exercise by 15 eats it up: behind by 4 */
    assert_int_equal(lectern_delivery_extend(d, 15, AT(24)), 1);
    v = V(d, AT(24));
    assert_int_equal(v.segment_planned_ms, MIN(30));
    assert_int_equal(v.segments[F_EXERCISE].planned_ms, MIN(30));
    assert_int_equal(v.segments[F_EXERCISE].original_ms, MIN(15));
    assert_int_equal(v.pace_ms, MIN(4));
    assert_int_equal(v.planned_end_ms, (int64_t)AT(75));
    assert_int_equal(lectern_delivery_extend(d, -100, AT(24)), 1);
    assert_int_equal(V(d, AT(24)).segment_planned_ms, 0);
    assert_int_equal(lectern_delivery_extend(d, NAN, AT(24)), LECTERN_EINVAL);
}

static void segment_ended_fires_once(void **state)
{
    dfix *f = *state;
    lectern_delivery *d = f->d;
    int soon = 0, ended = 0;
    for (int s = 0; s <= 14 * 60; s += 5) {
        lectern_delivery_view v = V(d, T0 + (uint64_t)SEC(s));
        if (v.events & LECTERN_DELIVERY_EV_ENDING_SOON) {
            soon++;
            assert_int_equal(s, 9 * 60);
            assert_true(v.ending_soon);
        }
        if (v.events & LECTERN_DELIVERY_EV_SEGMENT_ENDED) {
            ended++;
            assert_int_equal(s, 10 * 60);
            assert_false(v.ending_soon);
        }
        if (s > 9 * 60 && s < 10 * 60)
            assert_true(v.ending_soon);
    }
    assert_int_equal(soon, 1);
    assert_int_equal(ended, 1);
    /* extending re-arms it: 14 min used of 16 */
    lectern_delivery_extend(d, 6, AT(14));
    assert_int_equal(V(d, AT(14.5)).events, 0);
    assert_int_equal(V(d, AT(15)).events, LECTERN_DELIVERY_EV_ENDING_SOON);
    assert_int_equal(V(d, AT(16)).events, LECTERN_DELIVERY_EV_SEGMENT_ENDED);
    assert_int_equal(V(d, AT(16.1)).events, 0);
    /* a paused countdown does not move, so nothing fires */
    lectern_delivery_next_segment(d, AT(17));    /* video, 5 min: soon at 4 */
    lectern_delivery_pause(d, AT(20.5));
    assert_int_equal(V(d, AT(40)).events, 0);
    lectern_delivery_resume(d, AT(40));
    assert_int_equal(V(d, AT(41)).events, LECTERN_DELIVERY_EV_ENDING_SOON);
    /* leaving before the end and coming back: it still fires once, at the end */
    lectern_delivery_next_segment(d, AT(41));
    lectern_delivery_prev_segment(d, AT(42));
    assert_int_equal(V(d, AT(42)).events, 0);
    assert_int_equal(V(d, AT(42.5)).events, LECTERN_DELIVERY_EV_SEGMENT_ENDED);
    /* a segment that ran over while nobody looked does not flash on return */
    lectern_delivery_goto_segment(d, F_BREAK, AT(43));
    lectern_delivery_next_segment(d, AT(60));
    lectern_delivery_prev_segment(d, AT(60));
    assert_int_equal(V(d, AT(60)).events, 0);
    /* short segments: "soon" is the last half */
    lectern_delivery_goto_segment(d, F_CLOSE, AT(61));
    lectern_delivery_extend(d, -4, AT(61));      /* 1 minute */
    assert_int_equal(V(d, AT(61.4)).events, 0);
    assert_int_equal(V(d, AT(61.5)).events, LECTERN_DELIVERY_EV_ENDING_SOON);
}

static void skip_goto_end(void **state)
{
    dfix *f = *state;
    lectern_delivery *d = f->d;
    lectern_delivery_goto_segment(d, F_VIDEO, AT(5));
    assert_int_equal(lectern_delivery_skip_segment(d, AT(6)), 1);
    lectern_delivery_view v = V(d, AT(6));
    assert_int_equal(v.current, F_TALK);
    assert_int_equal(v.segments[F_VIDEO].state, LECTERN_SEGSTATE_SKIPPED);
    assert_int_equal(v.segments[F_VIDEO].actual_ms, MIN(1));
    assert_true(v.segments[F_VIDEO].start_ms == LECTERN_DELIVERY_NO_TIME);
    assert_int_equal(v.segments[F_INTRO].state, LECTERN_SEGSTATE_DONE);
    /* skipped time no longer counts: 6 used, 20+15+10+10+5 left */
    assert_int_equal(v.projected_end_ms, (int64_t)AT(66));
    /* prev steps over the skipped segment */
    assert_int_equal(lectern_delivery_prev_item(d, AT(6)), 1);
    v = V(d, AT(6));
    assert_int_equal(v.current, F_INTRO);
    assert_string_equal(item_id(&v), "s2");
    assert_string_equal(v.next_item->id, "s4");          /* not s3: the video is skipped */
    assert_string_equal(v.next_segment->id, "talk");
    /* goto brings a skipped segment back */
    assert_int_equal(lectern_delivery_goto_segment_id(d, "video", AT(7)), 1);
    v = V(d, AT(7));
    assert_int_equal(v.segments[F_VIDEO].state, LECTERN_SEGSTATE_CURRENT);
    assert_int_equal(lectern_delivery_goto_segment_id(d, "nope", AT(7)), LECTERN_ENOTFOUND);
    assert_int_equal(lectern_delivery_goto_segment(d, 99, AT(7)), LECTERN_ENOTFOUND);
    /* skipping the last segment ends the delivery */
    lectern_delivery_goto_segment(d, F_CLOSE, AT(8));
    lectern_delivery_pause(d, AT(9));
    assert_int_equal(lectern_delivery_skip_segment(d, AT(10)), 1);
    v = V(d, AT(30));
    assert_true(v.finished);
    assert_false(v.paused);
    assert_int_equal(v.now_ms, AT(10));
    assert_int_equal(v.elapsed_ms, MIN(10));
    assert_int_equal(v.paused_total_ms, MIN(1));
    assert_int_equal(v.projected_end_ms, (int64_t)AT(10));
    assert_int_equal(v.segments[F_CLOSE].state, LECTERN_SEGSTATE_SKIPPED);
    assert_int_equal(lectern_delivery_next_item(d, AT(31)), 0);
    assert_int_equal(lectern_delivery_pause(d, AT(31)), 0);
    assert_int_equal(lectern_delivery_end(d, AT(31)), 0);
    assert_int_equal(V(d, AT(40)).events, 0);
}

static void commands_as_data(void **state)
{
    dfix *f = *state;
    lectern_delivery *d = f->d;
    lectern_dcmd c;
    lectern_error e = {0};
    static const struct { const char *text; lectern_dcmd_kind k; double n; const char *id; } ok[] = {
        {"next", LECTERN_DCMD_NEXT, 0, ""},
        {"  prev-segment ", LECTERN_DCMD_PREV_SEGMENT, 0, ""},
        {"extend 5", LECTERN_DCMD_EXTEND, 5, ""},
        {"extend -2.5", LECTERN_DCMD_EXTEND, -2.5, ""},
        {"goto-segment talk", LECTERN_DCMD_GOTO_SEGMENT, 0, "talk"},
        {"goto-item s4", LECTERN_DCMD_GOTO_ITEM, 0, "s4"},
        {"break", LECTERN_DCMD_BREAK, 0, ""},
        {"accept", LECTERN_DCMD_ACCEPT, 0, ""},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(lectern_dcmd_parse(ok[i].text, &c, &e), 0);
        assert_int_equal(c.kind, ok[i].k);
        assert_true(c.n == ok[i].n);
        assert_string_equal(c.id, ok[i].id);
    }
    static const char *const bad[] = {"", "jump", "next 3", "extend", "extend x", "extend 1e9", "goto-segment"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e.msg[0] = '\0';
        assert_int_equal(lectern_dcmd_parse(bad[i], &c, &e), LECTERN_EINVAL);
        assert_true(e.msg[0] != '\0');
    }
    for (int k = 0; k < LECTERN_DCMD_COUNT; k++)
        assert_non_null(lectern_dcmd_name((lectern_dcmd_kind)k));
    assert_null(lectern_dcmd_name(LECTERN_DCMD_COUNT));
    /* drive a few */
    lectern_dcmd_parse("goto-segment 3", &c, &e);                /* a 1-based number */
    assert_int_equal(lectern_delivery_handle(d, &c, AT(1)), 1);
    assert_int_equal(V(d, AT(1)).current, F_TALK);
    lectern_dcmd_parse("goto-segment extra", &c, &e);
    assert_int_equal(lectern_delivery_handle(d, &c, AT(1)), 1);
    assert_int_equal(V(d, AT(1)).current, F_EXTRA);
    lectern_dcmd_parse("toggle-pause", &c, &e);
    assert_int_equal(lectern_delivery_handle(d, &c, AT(2)), 1);
    assert_true(V(d, AT(2)).paused);
    lectern_dcmd_parse("goto-segment 99", &c, &e);
    assert_int_equal(lectern_delivery_handle(d, &c, AT(2)), LECTERN_ENOTFOUND);
    lectern_dcmd_parse("end", &c, &e);
    assert_int_equal(lectern_delivery_handle(d, &c, AT(3)), 1);
    assert_true(V(d, AT(3)).finished);
}

static void formatting(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(lectern_delivery_format_ms(0, b, sizeof b), "0:00");
    assert_string_equal(lectern_delivery_format_ms(SEC(245), b, sizeof b), "4:05");
    assert_string_equal(lectern_delivery_format_ms(SEC(244) + 1, b, sizeof b), "4:05");
    assert_string_equal(lectern_delivery_format_ms(1, b, sizeof b), "0:01");
    assert_string_equal(lectern_delivery_format_ms(-1, b, sizeof b), "-0:01");
    assert_string_equal(lectern_delivery_format_ms(-SEC(90), b, sizeof b), "-1:30");
    assert_string_equal(lectern_delivery_format_ms(SEC(3723), b, sizeof b), "1:02:03");
    assert_string_equal(lectern_delivery_format_ms(INT64_MIN, b, sizeof b), "-2562047788015:12:56");
    assert_string_equal(lectern_delivery_format_utc(1764367200000LL, b, sizeof b), "2025-11-28T22:00:00Z");
    assert_string_equal(lectern_delivery_format_utc(0, b, sizeof b), "1970-01-01T00:00:00Z");
    assert_string_equal(lectern_segstate_name(LECTERN_SEGSTATE_SKIPPED), "skipped");
    assert_string_equal(lectern_pace_name(LECTERN_PACE_BEHIND), "behind");
}

/* Table-driven pace: a few timed commands, then the pace at a check time. */
static void pace_table(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        struct { double at; const char *cmd; } steps[4];
        double check_at, pace_min;
        lectern_pace pace;
    } rows[] = {
        {"on time", {{10, "next-segment"}}, 10, 0, LECTERN_PACE_ON_TIME},
        {"half a minute late", {{10.5, "next-segment"}}, 10.5, 0.5, LECTERN_PACE_ON_TIME},
        {"behind", {{13, "next-segment"}}, 13, 3, LECTERN_PACE_BEHIND},
        {"ahead", {{6, "next-segment"}}, 6, -4, LECTERN_PACE_AHEAD},
        {"paused", {{2, "pause"}, {5, "resume"}}, 5, 3, LECTERN_PACE_BEHIND},
        {"break in progress", {{1, "break"}}, 4, 3, LECTERN_PACE_BEHIND},
        {"skipped", {{10, "next-segment"}, {10, "skip"}}, 10, -5, LECTERN_PACE_AHEAD},
        {"extended", {{0, "extend 2"}}, 0, 2, LECTERN_PACE_BEHIND},
        {"overtime grows", {{0, "next"}}, 14, 4, LECTERN_PACE_BEHIND},
        {"re-planned", {{22, "accept"}}, 22, -3, LECTERN_PACE_AHEAD},
        {"infeasible re-plan", {{70, "accept"}}, 70, 20, LECTERN_PACE_BEHIND},
        {"ended early", {{30, "end"}}, 50, -45, LECTERN_PACE_AHEAD},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        dfix f;
        assert_int_equal(dfix_open(&f, "tests/delivery/data/course", "fixture"), 0);
        for (size_t k = 0; k < 4 && rows[i].steps[k].cmd; k++) {
            lectern_dcmd c;
            lectern_error e = {0};
            assert_int_equal(lectern_dcmd_parse(rows[i].steps[k].cmd, &c, &e), 0);
            if (lectern_delivery_handle(f.d, &c, AT(rows[i].steps[k].at)) != 1)
                fail_msg("%s: '%s' did nothing", rows[i].name, rows[i].steps[k].cmd);
        }
        lectern_delivery_view v = V(f.d, AT(rows[i].check_at));
        if (v.pace_ms != MIN(rows[i].pace_min) || v.pace != rows[i].pace)
            fail_msg("%s: pace %lld ms (%s), want %g min (%s)", rows[i].name, (long long)v.pace_ms,
                     lectern_pace_name(v.pace), rows[i].pace_min, lectern_pace_name(rows[i].pace));
        dfix_close(&f);
    }
}

/* 3000 random commands at random times (fixed seed), on both plans:
 * active time always equals the sum of the segments' times, exactly one
 * segment is current until the end, the projected end is never before now,
 * and a segment's end fires at most once per extension. */
static void random_commands_keep_invariants(void **state)
{
    (void)state;
    static const char *const cmds[] = {
        "next", "next", "next", "prev", "next-segment", "prev-segment", "goto-segment 2",
        "goto-segment 5", "goto-item s4", "pause", "resume", "toggle-pause", "break",
        "break-end", "skip", "extend 1", "extend -3", "accept",
    };
    const char *plans[2][2] = {{"tests/delivery/data/course", "fixture"},
                               {"courses/trafficking-basics", "three-day"}};
    unsigned seed = 12345;
    for (int run = 0; run < 6; run++) {
        dfix f;
        assert_int_equal(dfix_open(&f, plans[run % 2][0], plans[run % 2][1]), 0);
        size_t n = V(f.d, T0).n_segments;
        int *ended = calloc(n, sizeof *ended), *extends = calloc(n, sizeof *extends);
        assert_non_null(ended);
        assert_non_null(extends);
        uint64_t now = T0;
        for (int k = 0; k < 500; k++) {
            seed = seed * 1103515245u + 12345u;
            now += (seed >> 8) % (uint64_t)SEC(240);
            const char *text = cmds[(seed >> 20) % (sizeof cmds / sizeof cmds[0])];
            lectern_dcmd c;
            assert_int_equal(lectern_dcmd_parse(text, &c, NULL), 0);
            size_t cur = V(f.d, now).current;
            int r = lectern_delivery_handle(f.d, &c, now);
            assert_true(r >= 0 || r == LECTERN_ENOTFOUND);
            if (c.kind == LECTERN_DCMD_EXTEND && r == 1)
                extends[cur]++;
            lectern_delivery_view v = V(f.d, now + (uint64_t)SEC(30));
            int64_t sum = 0;
            size_t n_current = 0;
            for (size_t i = 0; i < v.n_segments; i++) {
                sum += v.segments[i].actual_ms;
                n_current += v.segments[i].state == LECTERN_SEGSTATE_CURRENT;
            }
            assert_int_equal(sum, v.active_ms);
            assert_int_equal(v.active_ms + v.paused_total_ms, v.elapsed_ms);
            assert_int_equal(n_current, v.finished ? (v.segments[v.current].state == LECTERN_SEGSTATE_CURRENT) : 1);
            assert_true(v.projected_end_ms >= (int64_t)v.now_ms);
            if (v.events & LECTERN_DELIVERY_EV_SEGMENT_ENDED) {
                ended[v.current]++;
                assert_true(ended[v.current] <= 1 + extends[v.current]);
            }
            if (v.finished)
                break;
        }
        free(ended);
        free(extends);
        dfix_close(&f);
    }
}

/* The sample course's one-hour talk, every segment exactly on plan, every
 * item shown: on time throughout, ending at 60 minutes. */
static void sample_one_hour_on_time(void **state)
{
    dfix *f = *state;
    lectern_delivery *d = f->d;
    const lectern_plan *p = lectern_course_find_plan(f->c, "awareness-1h");
    assert_non_null(p);
    lectern_delivery_view v = V(d, T0);
    assert_int_equal(v.planned_total_ms, MIN(60));
    size_t shown = 1, total_items = 0;
    int64_t t = 0;
    for (size_t i = 0; i < p->n_segments; i++)
        total_items += p->segments[i].n_items;
    for (size_t i = 0; i < p->n_segments; i++) {
        int64_t seg = MIN(p->segments[i].minutes);
        size_t n = p->segments[i].n_items;
        /* spread the items evenly over the segment */
        for (size_t k = 1; k < n; k++) {
            assert_int_equal(lectern_delivery_next_item(d, T0 + (uint64_t)(t + seg * (int64_t)k / (int64_t)n)), 1);
            shown++;
        }
        t += seg;
        v = V(d, T0 + (uint64_t)t);
        assert_int_equal(v.current, i);
        assert_int_equal(v.remaining_ms, 0);
        assert_int_equal(v.pace_ms, 0);
        assert_int_equal(v.pace, LECTERN_PACE_ON_TIME);
        if (i + 1 < p->n_segments) {
            assert_int_equal(lectern_delivery_next_item(d, T0 + (uint64_t)t), 1);
            if (p->segments[i + 1].n_items)
                shown++;
        }
    }
    assert_int_equal(shown, total_items);
    assert_int_equal(lectern_delivery_end(d, T0 + (uint64_t)t), 1);
    v = V(d, AT(90));
    assert_true(v.finished);
    assert_int_equal(v.elapsed_ms, MIN(60));
    assert_int_equal(v.projected_end_ms, v.planned_end_ms);
    for (size_t i = 0; i < v.n_segments; i++) {
        assert_int_equal(v.segments[i].state, LECTERN_SEGSTATE_DONE);
        assert_int_equal(v.segments[i].actual_ms, v.segments[i].planned_ms);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(create_errors, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(starts_on_first_segment, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(countdown_and_overtime, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(items_cross_segments, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(pause_survives_navigation, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(projected_end_and_pace, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(segment_ended_fires_once, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(skip_goto_end, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(commands_as_data, setup_fixture, teardown_fix),
        cmocka_unit_test(formatting),
        cmocka_unit_test(pace_table),
        cmocka_unit_test(random_commands_keep_invariants),
        cmocka_unit_test_setup_teardown(sample_one_hour_on_time, setup_sample, teardown_fix),
    };
    return cmocka_run_group_tests_name("delivery-timing", tests, NULL, NULL);
}
