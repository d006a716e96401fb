/* JSON helper: line:column on syntax errors, depth and trailing-text limits;
 * trees parsed into an arena read the same and fail the same way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
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

/* The limit is checked on the parsed tree and located by a scan: exactly at
 * the limit passes, one more is refused where it is crossed (also empty
 * containers, also beyond cJSON's own limit, also before a syntax error). */
static void depth_limit_exact(void **state)
{
    (void)state;
    int max = LECTERN_JSON_MAX_DEPTH;
    char *buf = malloc(2 * 1200 + 16);
    for (int extra = 0; extra < 4; extra++) {
        int n = extra == 2 ? 1200 : max + (extra > 0);
        memset(buf, '[', (size_t)n);
        memset(buf + n, ']', (size_t)n);
        size_t len = 2 * (size_t)n;
        if (extra == 3) {
            buf[n] = 'x';           /* and a syntax error after the deep part */
        }
        cJSON *j = NULL;
        lectern_error e = {0};
        int line = 0, col = 0;
        int rc = lectern_json_parse(buf, len, "d.json", &j, &line, &col, &e);
        if (extra == 0) {
            assert_int_equal(rc, 0);
            cJSON_Delete(j);
            continue;
        }
        assert_int_equal(rc, LECTERN_ELIMIT);
        assert_null(j);
        assert_int_equal(line, 1);
        assert_int_equal(col, max + 1);
        assert_non_null(strstr(e.msg, "nesting deeper"));
    }
    /* objects count like arrays; an empty one at the limit + 1 too */
    size_t at = 0;
    for (int i = 0; i < max; i++)
        at += (size_t)sprintf(buf + at, "{\"a\":");
    at += (size_t)sprintf(buf + at, "{}");
    for (int i = 0; i < max; i++)
        buf[at++] = '}';
    cJSON *j = NULL;
    lectern_error e = {0};
    assert_int_equal(lectern_json_parse(buf, at, "o.json", &j, NULL, NULL, &e), LECTERN_ELIMIT);
    free(buf);
}

static void escaped_quote_keeps_string_open(void **state)
{
    (void)state;
    /* "\"" inside a string does not end it: the brackets after it are text */
    char buf[300];
    int n = snprintf(buf, sizeof buf, "{\"a\": \"x\\\"");
    memset(buf + n, '[', 100);
    snprintf(buf + n + 100, sizeof buf - (size_t)n - 100, "\\\\\"}");
    cJSON *j = NULL;
    lectern_error e = {0};
    assert_int_equal(lectern_json_parse(buf, strlen(buf), "q.json", &j, NULL, NULL, &e), 0);
    assert_int_equal(strlen(cJSON_GetObjectItem(j, "a")->valuestring), 1 + 1 + 100 + 1);
    cJSON_Delete(j);
}

/* A document big enough to need several arena blocks, with strings of every
 * length and numbers; the arena tree reads like the plain one. */
static void arena_tree_reads_the_same(void **state)
{
    (void)state;
    size_t cap = 1 << 20, at = 0;
    char *t = malloc(cap);
    at += (size_t)snprintf(t + at, cap - at, "{\"items\": [");
    for (int i = 0; i < 3000; i++)
        at += (size_t)snprintf(t + at, cap - at, "%s{\"id\": \"s%05d\", \"n\": %d, \"text\": \"%.*s\"}",
                               i ? ", " : "", i, i, i % 97,
                               "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
    at += (size_t)snprintf(t + at, cap - at, "], \"title\": \"caf\u00e9\"}");
    cJSON *plain = NULL, *tree = NULL;
    lectern_json_arena *arena = NULL;
    lectern_error e = {0};
    assert_int_equal(lectern_json_parse(t, at, "big.json", &plain, NULL, NULL, &e), 0);
    assert_int_equal(lectern_json_parse_arena(t, at, "big.json", &tree, &arena, NULL, NULL, &e), 0);
    assert_non_null(arena);
    assert_true(cJSON_Compare(plain, tree, 1));
    const cJSON *items = cJSON_GetObjectItem(tree, "items");
    assert_int_equal(cJSON_GetArraySize(items), 3000);
    const cJSON *last = cJSON_GetArrayItem(items, 2999);
    assert_string_equal(cJSON_GetObjectItem(last, "id")->valuestring, "s02999");
    assert_int_equal(cJSON_GetObjectItem(last, "n")->valueint, 2999);
    assert_string_equal(cJSON_GetObjectItem(tree, "title")->valuestring, "caf\xc3\xa9");
    /* outside an arena parse cJSON allocates and frees as usual, also while
     * an arena tree is alive (printing a part of it, as exercises are) */
    char *printed = cJSON_PrintUnformatted(last);
    assert_non_null(printed);
    assert_non_null(strstr(printed, "\"s02999\""));
    cJSON_free(printed);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "k", "v");
    printed = cJSON_Print(o);
    free(printed);              /* cJSON_Print's result is plain malloc memory */
    cJSON_Delete(o);
    lectern_json_arena_free(arena);
    lectern_json_arena_free(NULL);
    cJSON_Delete(plain);
    free(t);
}

static void arena_errors_match_plain(void **state)
{
    (void)state;
    const char *bad[] = {"{\n  \"a\": 1,\n  \"b\": tru\n}", "{\"a\": [1, 2", "{\"a\": 1}\n}",
                         "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                         "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cJSON *a = NULL, *b = NULL;
        lectern_json_arena *arena = (lectern_json_arena *)&a;   /* must be reset */
        lectern_error e1 = {0}, e2 = {0};
        int l1 = 0, c1 = 0, l2 = 0, c2 = 0;
        int r1 = lectern_json_parse(bad[i], strlen(bad[i]), "m.json", &a, &l1, &c1, &e1);
        int r2 = lectern_json_parse_arena(bad[i], strlen(bad[i]), "m.json", &b, &arena, &l2, &c2, &e2);
        assert_true(r1 < 0);
        assert_int_equal(r1, r2);
        assert_null(b);
        assert_null(arena);
        assert_string_equal(e1.msg, e2.msg);
        assert_int_equal(l1, l2);
        assert_int_equal(c1, c2);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_valid),
        cmocka_unit_test(syntax_error_has_line_col),
        cmocka_unit_test(truncated_says_ends_early),
        cmocka_unit_test(deep_nesting_refused),
        cmocka_unit_test(trailing_text_refused),
        cmocka_unit_test(depth_limit_exact),
        cmocka_unit_test(escaped_quote_keeps_string_open),
        cmocka_unit_test(arena_tree_reads_the_same),
        cmocka_unit_test(arena_errors_match_plain),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
