/* JSON helper: line:column on syntax errors, depth and trailing-text limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static void parses_valid(void **state)
{
    (void)state;
    const char *t = "{\"a\": [1, 2, {\"b\": \"c\"}]}";
    cJSON *j = NULL;
    lectern_error e = {0};
    assert_int_equal(lectern_json_parse(t, strlen(t), "x.json", &j, NULL, NULL, &e), 0);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "a")->child->next->next->child->valuestring, "c");
    cJSON_Delete(j);
}

static void syntax_error_has_line_col(void **state)
{
    (void)state;
    const char *t = "{\n  \"a\": 1,\n  \"b\": tru\n}";
    cJSON *j = NULL;
    lectern_error e = {0};
    int line, col;
    assert_int_equal(lectern_json_parse(t, strlen(t), "course.json", &j, &line, &col, &e), LECTERN_EJSON);
    assert_null(j);
    assert_int_equal(line, 3);
    assert_non_null(strstr(e.msg, "course.json:3:"));
}

static void truncated_says_ends_early(void **state)
{
    (void)state;
    const char *t = "{\"a\": [1, 2";
    cJSON *j = NULL;
    lectern_error e = {0};
    assert_int_equal(lectern_json_parse(t, strlen(t), "m.json", &j, NULL, NULL, &e), LECTERN_EJSON);
    assert_non_null(strstr(e.msg, "ends too early"));
}

static void deep_nesting_refused(void **state)
{
    (void)state;
    char buf[400];
    memset(buf, '[', 200);
    memset(buf + 200, ']', 200);
    cJSON *j = NULL;
    lectern_error e = {0};
    assert_int_equal(lectern_json_parse(buf, sizeof buf, "deep.json", &j, NULL, NULL, &e), LECTERN_ELIMIT);
    assert_non_null(strstr(e.msg, "nesting deeper"));
    /* brackets inside strings do not count */
    const char *s = "{\"a\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}";
    assert_int_equal(lectern_json_parse(s, strlen(s), "s.json", &j, NULL, NULL, &e), 0);
    cJSON_Delete(j);
}

static void trailing_text_refused(void **state)
{
    (void)state;
    const char *t = "{\"a\": 1}\n}";
    cJSON *j = NULL;
    lectern_error e = {0};
    int line, col;
    assert_int_equal(lectern_json_parse(t, strlen(t), "t.json", &j, &line, &col, &e), LECTERN_EJSON);
    assert_int_equal(line, 2);
    assert_int_equal(col, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_valid),
        cmocka_unit_test(syntax_error_has_line_col),
        cmocka_unit_test(truncated_says_ends_early),
        cmocka_unit_test(deep_nesting_refused),
        cmocka_unit_test(trailing_text_refused),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
