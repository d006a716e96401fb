/* Watched ranges from positions: continuous play, seeks forward and back,
 * pauses, jitter, and a played-through video covering its length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lectern/watch.h"

static void continuous_then_break(void **state)
{
    (void)state;
    lectern_watch w;
    lectern_range r = { -7, -7 };
    lectern_watch_init(&w, 0);
    assert_int_equal(w.max_step_ms, LECTERN_WATCH_DEFAULT_STEP_MS);
    assert_int_equal(lectern_watch_break(&w, &r), 0);          /* nothing open */
    for (int64_t t = 0; t <= 10000; t += 40)
        assert_int_equal(lectern_watch_playing(&w, t, &r), 0);
    assert_int_equal(lectern_watch_break(&w, &r), 1);
    assert_int_equal(r.from_ms, 0);
    assert_int_equal(r.to_ms, 10000);
    assert_int_equal(lectern_watch_break(&w, &r), 0);          /* closed once */
    /* a single position is an empty stretch */
    assert_int_equal(lectern_watch_playing(&w, 5000, &r), 0);
    assert_int_equal(lectern_watch_break(&w, &r), 0);
    assert_int_equal(lectern_watch_playing(&w, -1, &r), 0);    /* unknown: ignored */
    assert_int_equal(lectern_watch_break(&w, &r), 0);
}

static void seeks_split_and_skip(void **state)
{
    (void)state;
    lectern_watch w;
    lectern_range r;
    lectern_watch_init(&w, 1000);
    for (int64_t t = 0; t <= 3000; t += 250)
        assert_int_equal(lectern_watch_playing(&w, t, &r), 0);
    /* jump forward 20 s: [0, 3000) closes, 3000..23000 never counts */
    assert_int_equal(lectern_watch_playing(&w, 23000, &r), 1);
    assert_int_equal(r.from_ms, 0);
    assert_int_equal(r.to_ms, 3000);
    for (int64_t t = 23250; t <= 25000; t += 250)
        assert_int_equal(lectern_watch_playing(&w, t, &r), 0);
    /* small step back (timer jitter) is not a seek */
    assert_int_equal(lectern_watch_playing(&w, 24900, &r), 0);
    /* back 10 s is */
    assert_int_equal(lectern_watch_playing(&w, 15000, &r), 1);
    assert_int_equal(r.from_ms, 23000);
    assert_int_equal(r.to_ms, 25000);
    assert_int_equal(lectern_watch_playing(&w, 15500, &r), 0);
    assert_int_equal(lectern_watch_break(&w, &r), 1);          /* pause */
    assert_int_equal(r.from_ms, 15000);
    assert_int_equal(r.to_ms, 15500);
    /* resume after the pause: a new stretch from the first position */
    assert_int_equal(lectern_watch_playing(&w, 15500, &r), 0);
    assert_int_equal(lectern_watch_playing(&w, 16000, &r), 0);
    assert_int_equal(lectern_watch_break(&w, &r), 1);
    assert_int_equal(r.from_ms, 15500);
    assert_int_equal(r.to_ms, 16000);
    /* a seek straight after a break-less single position gives nothing */
    assert_int_equal(lectern_watch_playing(&w, 1000, &r), 0);
    assert_int_equal(lectern_watch_playing(&w, 9000, &r), 0);
    assert_int_equal(lectern_watch_break(&w, &r), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(continuous_then_break),
        cmocka_unit_test(seeks_split_and_skip),
    };
    return cmocka_run_group_tests_name("watch", tests, NULL, NULL);
}
