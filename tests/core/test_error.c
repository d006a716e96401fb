/* Error records: set, prefix (including truncation at the buffer end), clear. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "lectern/error.h"

static void set_and_prefix(void **state)
{
    (void)state;
    lectern_error e = {0};
    assert_int_equal(lectern_error_set(&e, LECTERN_EHASH, "entry '%s' differs", "media/a.png"), LECTERN_EHASH);
    lectern_error_prefix(&e, "%s", "course.lectern");
    assert_string_equal(e.msg, "course.lectern: entry 'media/a.png' differs");
    assert_int_equal(e.code, LECTERN_EHASH);
    lectern_error_clear(&e);
    assert_int_equal(e.code, 0);
    assert_string_equal(e.msg, "");
    assert_int_equal(lectern_error_set(NULL, LECTERN_EIO, "x"), LECTERN_EIO);
    lectern_error_prefix(NULL, "y");
}

static void prefix_truncates_safely(void **state)
{
    (void)state;
    lectern_error e = {0};
    char big[2000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    lectern_error_set(&e, LECTERN_EIO, "%s", big);
    assert_int_equal(strlen(e.msg), LECTERN_ERROR_MSG_MAX - 1);
    lectern_error_prefix(&e, "file.json");
    assert_int_equal(strlen(e.msg), LECTERN_ERROR_MSG_MAX - 1);
    assert_memory_equal(e.msg, "file.json: aaa", 14);
    lectern_error_prefix(&e, "%s", big);
    assert_int_equal(strlen(e.msg), LECTERN_ERROR_MSG_MAX - 1);
    assert_string_equal(lectern_strerror(LECTERN_EHASH), "hash mismatch");
    assert_string_equal(lectern_strerror(-999), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_and_prefix),
        cmocka_unit_test(prefix_truncates_safely),
    };
    return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
