/* Live preview core (include/lectern/preview.h) on a course written into a
 * temporary folder: the watcher sees edits (also in new subfolders), ignores
 * editor leftovers and hidden folders, waits for a quiet period measured on
 * the test's own clock; reload keeps the position by id, clamps it when the
 * item is gone, and turns a JSON mistake into check-style lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lectern/preview.h"
#include "../testfs.h"

static char root[64];

static void put(const char *rel, const char *text)
{
    testfs_put(root, rel, text);
}

static void make_dir(const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

static const char course_json[] =
    "{\"format\": 1, \"id\": \"t.preview\", \"version\": \"1.0.0\", \"title\": \"T\","
    " \"languages\": [\"en\"], \"modules\": [\"m1\"]}";

static void module(int with_b, int n_extra)
{
    char buf[4096];
    size_t k = (size_t)snprintf(buf, sizeof buf, "{\"id\": \"m1\", \"title\": \"M\", \"items\": [\n"
                                "{\"id\": \"m1-a\", \"type\": \"slide\", \"layout\": \"title\", \"title\": \"A\"}");
    if (with_b)
        k += (size_t)snprintf(buf + k, sizeof buf - k,
                              ",\n{\"id\": \"m1-b\", \"type\": \"slide\", \"layout\": \"title\", \"title\": \"B\"}");
    for (int i = 0; i < n_extra; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k,
                              ",\n{\"id\": \"m1-x%d\", \"type\": \"slide\", \"layout\": \"title\", \"title\": \"X\"}", i);
    snprintf(buf + k, sizeof buf - k, "\n]}\n");
    put("modules/m1.json", buf);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/lectern-preview-XXXXXX");
    if (!mkdtemp(root))
        return -1;
    make_dir("modules");
    make_dir("media");
    put("course.json", course_json);
    module(1, 2);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return testfs_rmtree(root);
}

static void watcher(void **state)
{
    (void)state;
    lectern_dirwatch *w;
    lectern_error e = {0};
    assert_int_equal(lectern_dirwatch_open(root, &w, &e), 0);
    assert_true(lectern_dirwatch_fd(w) >= 0);
    assert_int_equal(lectern_dirwatch_poll(w, 0), 0);
    assert_int_equal(lectern_dirwatch_settled(w, 10000, 250), 0);
    assert_string_equal(lectern_dirwatch_last(w), "");

    /* an edit: seen, then settled only after the quiet period, once */
    module(1, 3);
    assert_true(lectern_dirwatch_poll(w, 1000) > 0);
    assert_string_equal(lectern_dirwatch_last(w), "modules/m1.json");
    assert_int_equal(lectern_dirwatch_settled(w, 1100, 250), 0);
    module(1, 2);                       /* a second write restarts the wait */
    assert_true(lectern_dirwatch_poll(w, 1200) > 0);
    assert_int_equal(lectern_dirwatch_settled(w, 1300, 250), 0);
    assert_int_equal(lectern_dirwatch_settled(w, 1450, 250), 1);
    assert_int_equal(lectern_dirwatch_settled(w, 5000, 250), 0);

    /* editor leftovers and hidden folders do not count */
    put("modules/.m1.json.swp", "x");
    put("modules/m1.json~", "x");
    put("4913", "");
    make_dir(".git");
    put(".git/index", "x");
    assert_int_equal(lectern_dirwatch_poll(w, 2000), 0);
    assert_int_equal(lectern_dirwatch_settled(w, 9000, 250), 0);

    /* a new folder is watched as soon as it appears */
    make_dir("media/photos");
    assert_true(lectern_dirwatch_poll(w, 3000) > 0);
    assert_string_equal(lectern_dirwatch_last(w), "media/photos");
    put("media/photos/a.png", "not really");
    assert_true(lectern_dirwatch_poll(w, 3100) > 0);
    assert_string_equal(lectern_dirwatch_last(w), "media/photos/a.png");
    char path[512];
    snprintf(path, sizeof path, "%s/media/photos/a.png", root);
    assert_int_equal(unlink(path), 0);
    assert_true(lectern_dirwatch_poll(w, 3200) > 0);
    lectern_dirwatch_close(w);

    assert_int_equal(lectern_dirwatch_open("/nonexistent/lectern", &w, &e), LECTERN_EIO);
    assert_non_null(strstr(e.msg, "not a folder"));
}

static void reload(void **state)
{
    (void)state;
    lectern_preview_load l;
    lectern_error e = {0};
    module(1, 2);
    assert_int_equal(lectern_preview_reload(root, "m1-b", 0, &l, &e), 0);
    assert_non_null(l.course);
    assert_non_null(l.reader);
    assert_null(l.report);
    assert_int_equal(l.position, 1);
    assert_int_equal(lectern_course_n_items(l.course), 4);
    lectern_preview_load_free(&l);

    /* a JSON mistake: check-style lines to show, no course */
    put("modules/m1.json", "{\"id\": \"m1\", \"title\": \"M\",\n \"items\": [ , ]}\n");
    int rc = lectern_preview_reload(root, "m1-b", 1, &l, &e);
    assert_true(rc < 0);
    assert_null(l.course);
    assert_null(l.reader);
    assert_non_null(l.report);
    assert_true(l.n_errors >= 1);
    assert_true(strncmp(l.report, "error: modules/m1.json:2:", 25) == 0);
    lectern_preview_load_free(&l);

    /* a schema mistake names the JSON path */
    put("modules/m1.json", "{\"id\": \"m1\", \"title\": \"M\", \"items\": [{\"id\": \"m1-a\", \"type\": \"slide\"}]}");
    assert_true(lectern_preview_reload(root, "m1-a", 0, &l, &e) < 0);
    assert_non_null(strstr(l.report, "error: modules/m1.json: items[0]"));
    lectern_preview_load_free(&l);

    /* fixed, with the item gone: the same place, clamped to the course */
    module(0, 1);
    assert_int_equal(lectern_preview_reload(root, "m1-b", 1, &l, &e), 0);
    assert_int_equal(l.position, 1);
    lectern_preview_load_free(&l);
    assert_int_equal(lectern_preview_reload(root, "m1-b", 7, &l, &e), 0);
    assert_int_equal(l.position, 1);    /* last of 2 */
    lectern_preview_load_free(&l);
    assert_int_equal(lectern_preview_reload(root, NULL, 0, &l, &e), 0);
    assert_int_equal(l.position, 0);
    lectern_preview_load_free(&l);
    assert_int_equal(lectern_preview_reload("/nonexistent/lectern", NULL, 0, &l, &e) < 0, 1);
    assert_null(l.report);
    lectern_preview_load_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(watcher, setup, teardown),
        cmocka_unit_test_setup_teardown(reload, setup, teardown),
    };
    return cmocka_run_group_tests_name("preview", tests, NULL, NULL);
}
