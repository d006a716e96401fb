/* The session beyond navigation, over tests/session/data/course (7 items):
 * video positions, resume offsets and watched ranges with their events;
 * messages through the player's translator; Tab focus in the quit
 * confirmation and the menus (wrapping, Enter/activate on the focus). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/course.h"
#include "lectern/reader.h"
#include "lectern/session.h"
#include "session_test.h"

typedef struct fixture {
    session_fixture base;       /* first: session_test_setup/teardown take it */
    lectern_session_event evs[32];
    int n_evs;
} fixture;

static void listener(const lectern_session_event *ev, void *user)
{
    fixture *f = user;
    if (ev->kind != LECTERN_EV_VIDEO_RANGE && ev->kind != LECTERN_EV_VIDEO_POSITION)
        return;
    assert_true(f->n_evs < 32);
    f->evs[f->n_evs++] = *ev;
}

static int setup(void **state)
{
    if (session_test_setup(state, sizeof(fixture), "tests/session/data/course") < 0)
        return -1;
    fixture *f = *state;
    lectern_session_set_listener(f->base.s, listener, f);
    return 0;
}

static int cmd(lectern_session *s, const char *text)
{
    return session_test_cmd(s, text);
}

static void video_positions_and_ranges(void **state)
{
    fixture *f = *state;
    lectern_session *s = f->base.s;
    /* nothing known yet */
    assert_int_equal(lectern_session_video_position(s, 2), -1);
    assert_int_equal(lectern_session_video_resume(s, 2), 0);
    assert_int_equal(lectern_session_video_watched(s, 2, NULL, 0, NULL), 0);
    /* 0..3 s played continuously, then a seek to 10 s, played to 12 s */
    for (int64_t t = 0; t <= 3000; t += 250)
        lectern_session_video_playing(s, 2, t, 30000);
    assert_int_equal(f->n_evs, 0);
    lectern_session_video_playing(s, 2, 10000, 0);   /* the jump closes 0..3 s */
    assert_int_equal(f->n_evs, 1);
    assert_int_equal(f->evs[0].kind, LECTERN_EV_VIDEO_RANGE);
    assert_int_equal(f->evs[0].index, 2);
    assert_int_equal(f->evs[0].from_ms, 0);
    assert_int_equal(f->evs[0].to_ms, 3000);
    assert_int_equal(f->evs[0].duration_ms, 30000);
    lectern_session_video_playing(s, 2, 11000, 0);
    lectern_session_video_playing(s, 2, 12000, 0);
    assert_int_equal(lectern_session_video_position(s, 2), 12000);
    lectern_session_video_break(s, 2);               /* pause */
    assert_int_equal(f->n_evs, 2);
    assert_int_equal(f->evs[1].from_ms, 10000);
    assert_int_equal(f->evs[1].to_ms, 12000);
    lectern_session_video_break(s, 2);               /* nothing open: no event */
    assert_int_equal(f->n_evs, 2);
    /* 2..11 s again: merges with both ranges into one */
    for (int64_t t = 2000; t <= 11000; t += 500)
        lectern_session_video_playing(s, 2, t, 0);
    lectern_session_video_left(s, 2, 11000, 0, 0);
    assert_int_equal(f->n_evs, 4);
    assert_int_equal(f->evs[3].kind, LECTERN_EV_VIDEO_POSITION);
    assert_int_equal(f->evs[3].position_ms, 11000);
    lectern_range r[4];
    int64_t total = 0;
    assert_int_equal(lectern_session_video_watched(s, 2, r, 4, &total), 1);
    assert_int_equal(r[0].from_ms, 0);
    assert_int_equal(r[0].to_ms, 12000);
    assert_int_equal(total, 12000);
    /* play resumes where it was left; after the end, from the start */
    assert_int_equal(lectern_session_video_resume(s, 2), 11000);
    lectern_session_video_left(s, 2, 29500, 0, 1);
    assert_int_equal(lectern_session_video_resume(s, 2), 0);
    assert_int_equal(f->evs[f->n_evs - 1].position_ms, 0);
    assert_int_equal(lectern_session_video_duration(s, 2), 30000);
    /* the progress store's offset */
    lectern_session_video_set_resume(s, 5, 7000);
    assert_int_equal(lectern_session_video_resume(s, 5), 7000);
    assert_int_equal(lectern_session_video_position(s, 5), -1);
    /* a separate item keeps its own ranges; out of range is ignored */
    lectern_session_video_playing(s, 5, 1000, 0);
    lectern_session_video_playing(s, 5, 1500, 0);
    lectern_session_video_break(s, 5);
    assert_int_equal(lectern_session_video_watched(s, 5, r, 4, &total), 1);
    assert_int_equal(total, 500);
    assert_int_equal(lectern_session_video_watched(s, 2, NULL, 0, &total), 1);
    assert_int_equal(total, 12000);
    lectern_session_video_playing(s, 99, 1000, 0);
    lectern_session_video_left(s, 99, 1000, 0, 0);
    assert_int_equal(lectern_session_video_position(s, 99), -1);
}

/* A translator like the player's: French formats for two messages. */
static const char *to_french(const char *msgid, void *user)
{
    int *calls = user;
    (*calls)++;
    if (strcmp(msgid, "No item %ld: the course has items 1 to %zu") == 0)
        return "Pas d'\xC3\xA9l\xC3\xA9ment %ld : le cours va de 1 \xC3\xA0 %zu";
    if (strcmp(msgid, "No item with id '%s'") == 0)
        return "Aucun \xC3\xA9l\xC3\xA9ment d'identifiant \xC2\xAB %s \xC2\xBB";
    return NULL;        /* untranslated: the English */
}

static void messages_through_the_translator(void **state)
{
    fixture *f = *state;
    lectern_session *s = f->base.s;
    lectern_session_view v;
    cmd(s, "start");
    assert_int_equal(cmd(s, "goto-number 42"), LECTERN_ENOTFOUND);
    lectern_session_get_view(s, &v);
    assert_string_equal(v.message, "No item 42: the course has items 1 to 7");
    int calls = 0;
    lectern_session_set_translator(s, to_french, &calls);
    assert_int_equal(cmd(s, "goto-number 42"), LECTERN_ENOTFOUND);
    lectern_session_get_view(s, &v);
    assert_string_equal(v.message, "Pas d'\xC3\xA9l\xC3\xA9ment 42 : le cours va de 1 \xC3\xA0 7");
    assert_int_equal(cmd(s, "goto nowhere"), LECTERN_ENOTFOUND);
    lectern_session_get_view(s, &v);
    assert_string_equal(v.message,
                        "Aucun \xC3\xA9l\xC3\xA9ment d'identifiant \xC2\xAB nowhere \xC2\xBB");
    cmd(s, "toc-open");
    cmd(s, "move-to 0");
    cmd(s, "toc-close");
    cmd(s, "home");
    assert_int_equal(calls, 2);
    lectern_session_set_translator(s, NULL, NULL);
    assert_int_equal(cmd(s, "goto nowhere"), LECTERN_ENOTFOUND);
    lectern_session_get_view(s, &v);
    assert_string_equal(v.message, "No item with id 'nowhere'");
}

static void tab_focus_in_dialogs(void **state)
{
    fixture *f = *state;
    lectern_session *s = f->base.s;
    lectern_session_view v;
    /* start screen: Tab walks Start and the two modules, wrapping both ways */
    assert_int_equal(cmd(s, "focus-move 1"), 1);
    lectern_session_get_view(s, &v);
    assert_int_equal(v.cursor, 1);
    cmd(s, "focus-move 1");
    assert_int_equal(cmd(s, "focus-move 1"), 1);
    lectern_session_get_view(s, &v);
    assert_int_equal(v.cursor, 0);
    cmd(s, "focus-move -1");
    lectern_session_get_view(s, &v);
    assert_int_equal(v.cursor, 2);
    assert_int_equal(cmd(s, "activate"), 1);        /* opens module two */
    lectern_session_get_view(s, &v);
    assert_int_equal(v.screen, LECTERN_SCREEN_SLIDE);
    assert_int_equal(v.index, 4);
    /* contents: Shift+Tab from the current row, Enter opens the focused row */
    cmd(s, "toc-open");
    lectern_session_get_view(s, &v);
    long row = v.cursor;
    cmd(s, "focus-move -1");
    lectern_session_get_view(s, &v);
    assert_int_equal(v.cursor, row - 1);
    assert_int_equal(cmd(s, "enter"), 1);
    lectern_session_get_view(s, &v);
    assert_int_equal(v.screen, LECTERN_SCREEN_SLIDE);
    assert_int_equal(v.index, 4);   /* the row before item 5 is module two's heading */
    /* quit confirmation: Quit has the focus; Tab to Stay, Enter stays */
    cmd(s, "quit");
    lectern_session_get_view(s, &v);
    assert_int_equal(v.screen, LECTERN_SCREEN_CONFIRM_QUIT);
    assert_int_equal(v.confirm_focus, 0);
    assert_int_equal(cmd(s, "focus-move 1"), 1);
    lectern_session_get_view(s, &v);
    assert_int_equal(v.confirm_focus, 1);
    assert_int_equal(cmd(s, "enter"), 1);
    lectern_session_get_view(s, &v);
    assert_int_equal(v.screen, LECTERN_SCREEN_SLIDE);
    assert_int_equal(v.quit, 0);
    /* opened again: the focus is back on Quit; Shift+Tab twice wraps to it */
    cmd(s, "quit");
    lectern_session_get_view(s, &v);
    assert_int_equal(v.confirm_focus, 0);
    cmd(s, "focus-move -1");
    cmd(s, "focus-move -1");
    lectern_session_get_view(s, &v);
    assert_int_equal(v.confirm_focus, 0);
    assert_int_equal(cmd(s, "activate"), 1);
    lectern_session_get_view(s, &v);
    assert_int_equal(v.quit, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(video_positions_and_ranges, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(messages_through_the_translator, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(tab_focus_in_dialogs, setup, session_test_teardown),
    };
    return cmocka_run_group_tests_name("session-more", tests, NULL, NULL);
}
