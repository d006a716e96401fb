/* The session state machine over a real course folder
 * (tests/session/data/course: modules "one" with 4 items, "two" with 3):
 * navigation, number entry, TOC, start screen, back/quit, requests, events,
 * the injected clock, and command parsing. */
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

typedef session_fixture fixture;

static int setup(void **state)
{
    return session_test_setup(state, sizeof(fixture), "tests/session/data/course");
}

static int cmd(lectern_session *s, const char *text)
{
    return session_test_cmd(s, text);
}

static lectern_session_view view(lectern_session *s)
{
    lectern_session_view v;
    lectern_session_get_view(s, &v);
    return v;
}

static const char *item_id(lectern_session *s)
{
    lectern_session_view v = view(s);
    return v.item ? v.item->id : "";
}

static void starts_on_start_screen(void **state)
{
    fixture *f = *state;
    lectern_session_view v = view(f->s);
    assert_int_equal(v.screen, LECTERN_SCREEN_START);
    assert_int_equal(v.index, 0);
    assert_int_equal(v.n_items, 7);
    assert_int_equal(v.n_rows, 3);        /* Start + two modules */
    assert_int_equal(v.cursor, 0);
    assert_false(v.can_continue);
    assert_string_equal(v.digits, "");
    assert_false(v.quit);
    assert_false(lectern_session_visited(f->s, 0));
}

static void next_prev_first_last(void **state)
{
    fixture *f = *state;
    assert_int_equal(cmd(f->s, "next"), 1);             /* start screen -> first item */
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_SLIDE);
    assert_string_equal(item_id(f->s), "one-title");
    assert_int_equal(cmd(f->s, "prev"), 0);             /* nothing before the first */
    assert_int_equal(cmd(f->s, "next"), 1);
    assert_string_equal(item_id(f->s), "one-list");
    assert_int_equal(cmd(f->s, "last"), 1);
    assert_string_equal(item_id(f->s), "two-end");
    assert_int_equal(view(f->s).module_index, 1);
    assert_string_equal(view(f->s).module->id, "two");
    assert_int_equal(cmd(f->s, "next"), 0);             /* stays on the last */
    assert_int_equal(view(f->s).index, 6);
    assert_int_equal(cmd(f->s, "first"), 1);
    assert_int_equal(view(f->s).index, 0);
    assert_int_equal(cmd(f->s, "enter"), 1);            /* Enter without digits: next */
    assert_int_equal(view(f->s).index, 1);
    assert_true(lectern_session_visited(f->s, 6));
    assert_false(lectern_session_visited(f->s, 5));
}

static void goto_by_id_and_number(void **state)
{
    fixture *f = *state;
    assert_int_equal(cmd(f->s, "goto two-cols"), 1);
    assert_string_equal(item_id(f->s), "two-cols");
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_SLIDE);
    assert_int_equal(cmd(f->s, "goto 3"), 1);           /* no item "3": a number */
    assert_string_equal(item_id(f->s), "one-image");
    assert_int_equal(cmd(f->s, "goto nowhere"), LECTERN_ENOTFOUND);
    assert_non_null(strstr(view(f->s).message, "nowhere"));
    assert_string_equal(item_id(f->s), "one-image");    /* unchanged */
    assert_int_equal(cmd(f->s, "goto-number 8"), LECTERN_ENOTFOUND);
    assert_non_null(strstr(view(f->s).message, "1 to 7"));
    assert_int_equal(cmd(f->s, "goto-number 7"), 1);
    assert_string_equal(item_id(f->s), "two-end");
}

static void number_then_enter(void **state)
{
    fixture *f = *state;
    assert_int_equal(cmd(f->s, "digit 5"), 0);          /* digits only on slides */
    cmd(f->s, "start");
    assert_int_equal(cmd(f->s, "digit 0"), 0);          /* a leading zero means nothing */
    assert_int_equal(cmd(f->s, "digit 5"), 1);
    assert_string_equal(view(f->s).digits, "5");
    assert_int_equal(cmd(f->s, "enter"), 1);
    assert_string_equal(item_id(f->s), "two-section");
    assert_string_equal(view(f->s).digits, "");
    /* out of range: message, stays, digits cleared */
    cmd(f->s, "digit 4");
    cmd(f->s, "digit 2");
    assert_string_equal(view(f->s).digits, "42");
    assert_int_equal(cmd(f->s, "enter"), LECTERN_ENOTFOUND);
    assert_string_equal(item_id(f->s), "two-section");
    assert_string_equal(view(f->s).digits, "");
    assert_true(view(f->s).message[0] != '\0');
    /* backspace */
    cmd(f->s, "digit 2");
    cmd(f->s, "digit 9");
    assert_int_equal(cmd(f->s, "backspace"), 1);
    assert_string_equal(view(f->s).digits, "2");
    cmd(f->s, "enter");
    assert_string_equal(item_id(f->s), "one-list");
    /* Esc clears pending digits before leaving the slide */
    cmd(f->s, "digit 3");
    assert_int_equal(cmd(f->s, "back"), 1);
    assert_string_equal(view(f->s).digits, "");
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_SLIDE);
    /* a digit string has a length limit */
    for (int i = 0; i < LECTERN_SESSION_MAX_DIGITS + 3; i++)
        cmd(f->s, "digit 1");
    assert_int_equal(strlen(view(f->s).digits), LECTERN_SESSION_MAX_DIGITS);
}

static void clock_expires_digits_and_messages(void **state)
{
    fixture *f = *state;
    cmd(f->s, "start");
    lectern_session_tick(f->s, 1000);
    cmd(f->s, "digit 3");
    lectern_session_tick(f->s, 1000 + LECTERN_SESSION_DIGIT_TIMEOUT_MS - 1);
    assert_string_equal(view(f->s).digits, "3");
    lectern_session_tick(f->s, 1000 + LECTERN_SESSION_DIGIT_TIMEOUT_MS);
    assert_string_equal(view(f->s).digits, "");
    assert_int_equal(cmd(f->s, "goto missing"), LECTERN_ENOTFOUND);
    unsigned long g = view(f->s).generation;
    assert_true(view(f->s).message[0] != '\0');
    lectern_session_tick(f->s, 1000 + LECTERN_SESSION_DIGIT_TIMEOUT_MS +
                         LECTERN_SESSION_MESSAGE_MS);
    assert_string_equal(view(f->s).message, "");
    assert_true(view(f->s).generation != g);
    /* time never goes back */
    lectern_session_tick(f->s, 5);
    assert_int_equal(view(f->s).now_ms, 1000 + LECTERN_SESSION_DIGIT_TIMEOUT_MS +
                     LECTERN_SESSION_MESSAGE_MS);
    lectern_session_notify(f->s, "Saved %d", 3);
    assert_string_equal(view(f->s).message, "Saved 3");
}

static void toc_navigation(void **state)
{
    fixture *f = *state;
    assert_int_equal(lectern_session_toc_rows(f->s), 9);   /* 2 modules + 7 items */
    lectern_toc_row row;
    assert_int_equal(lectern_session_toc_row(f->s, 0, &row), 0);
    assert_true(row.is_module);
    assert_int_equal(lectern_session_toc_row(f->s, 5, &row), 0);
    assert_true(row.is_module);
    assert_int_equal(row.module_index, 1);
    assert_int_equal(row.item_index, 4);
    assert_int_equal(lectern_session_toc_row(f->s, 6, &row), 0);
    assert_false(row.is_module);
    assert_int_equal(row.item_index, 4);
    assert_int_equal(lectern_session_toc_row(f->s, 9, &row), LECTERN_ENOTFOUND);
    assert_int_equal(lectern_session_toc_row_of_item(f->s, 4), 6);

    cmd(f->s, "goto one-list");
    assert_int_equal(cmd(f->s, "toc"), 1);
    lectern_session_view v = view(f->s);
    assert_int_equal(v.screen, LECTERN_SCREEN_TOC);
    assert_int_equal(v.base, LECTERN_SCREEN_SLIDE);
    assert_int_equal(v.cursor, 2);                      /* on the current item's row */
    assert_int_equal(v.n_rows, 9);
    assert_int_equal(cmd(f->s, "digit 4"), 0);          /* no digits in menus */
    assert_int_equal(cmd(f->s, "move 3"), 1);
    assert_int_equal(view(f->s).cursor, 5);
    assert_int_equal(cmd(f->s, "move 100"), 1);         /* clamped */
    assert_int_equal(view(f->s).cursor, 8);
    assert_int_equal(cmd(f->s, "move 1"), 0);
    assert_int_equal(cmd(f->s, "move-to 5"), 1);        /* module two heading */
    assert_int_equal(cmd(f->s, "select"), 1);
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_SLIDE);
    assert_string_equal(item_id(f->s), "two-section");
    /* mouse: select a row directly */
    cmd(f->s, "toc-open");
    assert_int_equal(cmd(f->s, "select-row 4"), 1);
    assert_string_equal(item_id(f->s), "one-quote");
    assert_int_equal(cmd(f->s, "toc-open"), 1);
    assert_int_equal(cmd(f->s, "select-row 99"), LECTERN_EINVAL);
    /* Esc closes the TOC and keeps the item */
    assert_int_equal(cmd(f->s, "back"), 1);
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_SLIDE);
    assert_string_equal(item_id(f->s), "one-quote");
    assert_int_equal(cmd(f->s, "toc-close"), 0);
    /* next inside the TOC moves on and closes it */
    cmd(f->s, "toc");
    assert_int_equal(cmd(f->s, "next"), 1);
    assert_false(view(f->s).toc_open);
    assert_string_equal(item_id(f->s), "two-section");
}

static void toc_over_start_screen(void **state)
{
    fixture *f = *state;
    assert_int_equal(cmd(f->s, "toc"), 1);
    lectern_session_view v = view(f->s);
    assert_int_equal(v.screen, LECTERN_SCREEN_TOC);
    assert_int_equal(v.base, LECTERN_SCREEN_START);
    assert_int_equal(cmd(f->s, "toc"), 1);              /* toggles */
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_START);
}

static void start_screen_menu_and_continue(void **state)
{
    fixture *f = *state;
    assert_int_equal(cmd(f->s, "move 1"), 1);
    assert_int_equal(view(f->s).cursor, 1);
    assert_int_equal(cmd(f->s, "move 5"), 1);
    assert_int_equal(view(f->s).cursor, 2);             /* clamped to the last module */
    assert_int_equal(cmd(f->s, "enter"), 1);
    assert_string_equal(item_id(f->s), "two-section");
    cmd(f->s, "next");
    assert_int_equal(cmd(f->s, "back"), 1);             /* slide -> start screen */
    lectern_session_view v = view(f->s);
    assert_int_equal(v.screen, LECTERN_SCREEN_START);
    assert_true(v.can_continue);
    assert_int_equal(v.resume_index, 5);
    assert_int_equal(v.cursor, 0);
    assert_int_equal(cmd(f->s, "enter"), 1);            /* Continue */
    assert_string_equal(item_id(f->s), "two-cols");
    cmd(f->s, "home");
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_START);
    /* the progress store can set where Continue goes */
    lectern_session_set_resume(f->s, 2);
    lectern_session_set_resume(f->s, 99);               /* ignored */
    cmd(f->s, "start");
    assert_string_equal(item_id(f->s), "one-image");
}

static void back_asks_before_quitting(void **state)
{
    fixture *f = *state;
    assert_int_equal(cmd(f->s, "back"), 1);
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_CONFIRM_QUIT);
    assert_int_equal(view(f->s).base, LECTERN_SCREEN_START);
    assert_int_equal(cmd(f->s, "next"), 0);             /* nothing moves under the dialog */
    assert_int_equal(cmd(f->s, "cancel"), 1);
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_START);
    assert_false(view(f->s).quit);
    cmd(f->s, "back");
    assert_int_equal(cmd(f->s, "back"), 1);             /* Esc in the dialog = cancel */
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_START);
    /* quit from a slide with the TOC open returns there on cancel */
    cmd(f->s, "goto two-end");
    cmd(f->s, "toc");
    assert_int_equal(cmd(f->s, "quit"), 1);
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_CONFIRM_QUIT);
    assert_int_equal(cmd(f->s, "quit"), 0);
    cmd(f->s, "cancel");
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_TOC);
    cmd(f->s, "quit");
    assert_int_equal(cmd(f->s, "confirm"), 1);
    assert_true(view(f->s).quit);
}

static void enter_confirms_and_quit_now(void **state)
{
    fixture *f = *state;
    assert_int_equal(cmd(f->s, "confirm"), 0);          /* no dialog open */
    cmd(f->s, "quit");
    assert_int_equal(cmd(f->s, "enter"), 1);
    assert_true(view(f->s).quit);
}

static void requests_are_taken_once(void **state)
{
    fixture *f = *state;
    assert_int_equal(lectern_session_take_requests(f->s), 0);
    cmd(f->s, "fullscreen");
    cmd(f->s, "screenshot");
    assert_int_equal(lectern_session_take_requests(f->s),
                     LECTERN_REQ_FULLSCREEN | LECTERN_REQ_SCREENSHOT);
    assert_int_equal(lectern_session_take_requests(f->s), 0);
    assert_int_equal(view(f->s).screen, LECTERN_SCREEN_START);
}

typedef struct events {
    lectern_session_event ev[32];
    int n;
} events;

static void listen(const lectern_session_event *ev, void *user)
{
    events *e = user;
    if (e->n < 32)
        e->ev[e->n++] = *ev;
}

static void events_with_dwell(void **state)
{
    fixture *f = *state;
    events e = { .n = 0 };
    lectern_session_set_listener(f->s, listen, &e);
    lectern_session_tick(f->s, 100);
    cmd(f->s, "start");                 /* SCREEN + ENTER 0 */
    lectern_session_tick(f->s, 2100);
    cmd(f->s, "next");                  /* LEAVE 0 (2000 ms) + ENTER 1 */
    cmd(f->s, "toc");                   /* SCREEN only: the item is still under it */
    cmd(f->s, "back");                  /* SCREEN */
    lectern_session_tick(f->s, 2600);
    cmd(f->s, "home");                  /* LEAVE 1 (500 ms) + SCREEN */
    cmd(f->s, "quit");
    cmd(f->s, "confirm");               /* SCREEN? no: quit keeps the screen; QUIT */
    int enters = 0, leaves = 0, quits = 0;
    uint64_t dwell0 = 0, dwell1 = 0;
    for (int i = 0; i < e.n; i++) {
        if (e.ev[i].kind == LECTERN_EV_ITEM_ENTER)
            enters++;
        if (e.ev[i].kind == LECTERN_EV_ITEM_LEAVE) {
            if (e.ev[i].index == 0) dwell0 = e.ev[i].dwell_ms;
            if (e.ev[i].index == 1) dwell1 = e.ev[i].dwell_ms;
            leaves++;
        }
        if (e.ev[i].kind == LECTERN_EV_QUIT)
            quits++;
    }
    assert_int_equal(enters, 2);
    assert_int_equal(leaves, 2);
    assert_int_equal(quits, 1);
    assert_int_equal(dwell0, 2000);
    assert_int_equal(dwell1, 500);
    lectern_session_set_listener(f->s, NULL, NULL);
}

static void command_parsing(void **state)
{
    (void)state;
    lectern_cmd c;
    lectern_error e = {0};
    assert_int_equal(lectern_cmd_parse("  goto   m1-intro  ", &c, &e), 0);
    assert_int_equal(c.kind, LECTERN_CMD_GOTO);
    assert_string_equal(c.id, "m1-intro");
    assert_int_equal(lectern_cmd_parse("move -3", &c, &e), 0);
    assert_int_equal(c.n, -3);
    assert_int_equal(lectern_cmd_parse("fly", &c, &e), LECTERN_EINVAL);
    assert_non_null(strstr(e.msg, "unknown command 'fly'"));
    assert_int_equal(lectern_cmd_parse("next 3", &c, &e), LECTERN_EINVAL);
    assert_int_equal(lectern_cmd_parse("digit", &c, &e), LECTERN_EINVAL);
    assert_int_equal(lectern_cmd_parse("digit x", &c, &e), LECTERN_EINVAL);
    assert_int_equal(lectern_cmd_parse("goto a b", &c, &e), LECTERN_EINVAL);
    assert_int_equal(lectern_cmd_parse("", &c, &e), LECTERN_EINVAL);
    /* every named command parses back to itself */
    for (int k = 1; k < LECTERN_CMD_COUNT; k++) {
        const char *name = lectern_cmd_name((lectern_cmd_kind)k);
        assert_non_null(name);
        char buf[64];
        snprintf(buf, sizeof buf, "%s%s", name,
                 k == LECTERN_CMD_GOTO ? " x" :
                 (k == LECTERN_CMD_GOTO_NUMBER || k == LECTERN_CMD_MOVE ||
                  k == LECTERN_CMD_MOVE_TO || k == LECTERN_CMD_SELECT_ROW ||
                  k == LECTERN_CMD_DIGIT) ? " 1" : "");
        int rc = lectern_cmd_parse(buf, &c, &e);
        if (rc < 0) {   /* commands added later may need an argument */
            snprintf(buf, sizeof buf, "%s 1", name);
            rc = lectern_cmd_parse(buf, &c, &e);
        }
        assert_int_equal(rc, 0);
        assert_int_equal(c.kind, k);
    }
    assert_null(lectern_cmd_name(LECTERN_CMD_COUNT));
    for (int s = 0; s < LECTERN_SCREEN_COUNT; s++)
        assert_int_equal(lectern_screen_from_name(lectern_screen_name((lectern_screen)s)), s);
    assert_int_equal(lectern_screen_from_name("nope"), -1);
    lectern_cmd m = lectern_cmd_make_id(LECTERN_CMD_GOTO, "x");
    assert_string_equal(m.id, "x");
}

static void bad_commands(void **state)
{
    fixture *f = *state;
    lectern_cmd c = lectern_cmd_make(LECTERN_CMD_COUNT, 0);
    assert_int_equal(lectern_session_handle(f->s, &c), LECTERN_EINVAL);
    c = lectern_cmd_make(LECTERN_CMD_DIGIT, 12);
    assert_int_equal(lectern_session_handle(f->s, &c), LECTERN_EINVAL);
    assert_int_equal(lectern_session_handle(f->s, NULL), LECTERN_EINVAL);
    c = lectern_cmd_make(LECTERN_CMD_NONE, 0);
    assert_int_equal(lectern_session_handle(f->s, &c), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(starts_on_start_screen, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(next_prev_first_last, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(goto_by_id_and_number, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(number_then_enter, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(clock_expires_digits_and_messages, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(toc_navigation, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(toc_over_start_screen, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(start_screen_menu_and_continue, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(back_asks_before_quitting, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(enter_confirms_and_quit_now, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(requests_are_taken_once, setup, session_test_teardown),
        cmocka_unit_test_setup_teardown(events_with_dwell, setup, session_test_teardown),
        cmocka_unit_test(command_parsing),
        cmocka_unit_test_setup_teardown(bad_commands, setup, session_test_teardown),
    };
    return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
