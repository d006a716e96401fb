/* Helpers shared by the session tests (tests/session, tests/exercise_ui):
 * open a course folder under the source tree with a session on it (also
 * as cmocka setup and teardown), close it, and run one command line through
 * the script parser. */
#ifndef SESSION_TEST_H
#define SESSION_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "lectern/course.h"
#include "lectern/reader.h"
#include "lectern/session.h"

/* Opens $LECTERN_SOURCE_ROOT/course_rel (a course folder), loads it and
 * creates a session. 0, or -1 after printing why (nothing left open). */
static inline int session_test_open(const char *course_rel, lectern_reader **r, lectern_course **c,
                                    lectern_session **s)
{
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root ? root : ".", course_rel);
    lectern_error e = {0};
    *r = NULL;
    *c = NULL;
    *s = NULL;
    if (lectern_reader_open(path, 0, r, &e) < 0 || lectern_course_load(*r, c, &e) < 0 ||
        lectern_session_create(*c, s, &e) < 0) {
        fprintf(stderr, "setup: %s (is LECTERN_SOURCE_ROOT set?)\n", e.msg);
        lectern_course_close(*c);
        lectern_reader_close(*r);
        *c = NULL;
        *r = NULL;
        return -1;
    }
    return 0;
}

/* Destroys what session_test_open made. */
static inline void session_test_close(lectern_reader *r, lectern_course *c, lectern_session *s)
{
    lectern_session_destroy(s);
    lectern_course_close(c);
    lectern_reader_close(r);
}

/* The course and session of a test: a fixture that needs more starts with
 * one of these (as its first member, so the helpers below take it). */
typedef struct session_fixture {
    lectern_reader *r;
    lectern_course *c;
    lectern_session *s;
} session_fixture;

/* For a cmocka setup: *state = a zeroed fixture of size bytes (a struct
 * that starts with a session_fixture) with course_rel open in it. 0, or -1
 * after printing why. */
static inline int session_test_setup(void **state, size_t size, const char *course_rel)
{
    session_fixture *f = calloc(1, size);
    if (!f || session_test_open(course_rel, &f->r, &f->c, &f->s) < 0) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

/* The cmocka teardown of session_test_setup. */
static inline int session_test_teardown(void **state)
{
    session_fixture *f = *state;
    session_test_close(f->r, f->c, f->s);
    free(f);
    return 0;
}

/* Runs "name arg" through the command parser, as scripts do (the parse must
 * succeed); returns what lectern_session_handle returns. */
static inline int session_test_cmd(lectern_session *s, const char *text)
{
    lectern_cmd c;
    lectern_error e = {0};
    assert_int_equal(lectern_cmd_parse(text, &c, &e), 0);
    return lectern_session_handle(s, &c);
}

#endif
