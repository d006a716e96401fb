/* Reader over a course source folder: sorted listing, dotfiles skipped,
 * reads, streams with seek, symlinks inside/outside the folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lectern/reader.h"
#include "../testfs.h"

static char tmp[256];

static void put(const char *rel, const char *text)
{
    testfs_put(tmp, rel, text);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/lectern-rdir-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    char p[512];
    snprintf(p, sizeof p, "%s/media", tmp);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/.git", tmp);
    mkdir(p, 0755);
    put("course.json", "{\"id\":\"x\"}");
    put("media/b.txt", "0123456789abcdef");
    put("media/a.txt", "A");
    put(".hidden", "no");
    put(".git/config", "no");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return testfs_rmtree(tmp);
}

static void lists_sorted_skips_dotfiles(void **state)
{
    (void)state;
    lectern_reader *r;
    lectern_error e = {0};
    assert_int_equal(lectern_reader_open(tmp, 0, &r, &e), 0);
    assert_int_equal(lectern_reader_kind(r), LECTERN_SOURCE_DIR);
    assert_string_equal(lectern_reader_note(r), "source folder");
    assert_int_equal(lectern_reader_count(r), 3);
    assert_string_equal(lectern_reader_entry(r, 0)->name, "course.json");
    assert_string_equal(lectern_reader_entry(r, 1)->name, "media/a.txt");
    assert_string_equal(lectern_reader_entry(r, 2)->name, "media/b.txt");
    assert_int_equal(lectern_reader_entry(r, 2)->size, 16);
    assert_null(lectern_reader_entry(r, 3));
    assert_non_null(lectern_reader_find(r, "media/a.txt"));
    assert_null(lectern_reader_find(r, ".hidden"));
    assert_null(lectern_reader_find(r, "media"));
    void *buf;
    size_t n;
    assert_int_equal(lectern_reader_read(r, "course.json", &buf, &n, &e), 0);
    assert_int_equal(n, 10);
    assert_string_equal(buf, "{\"id\":\"x\"}");
    free(buf);
    assert_int_equal(lectern_reader_read(r, "nope.json", &buf, &n, &e), LECTERN_ENOTFOUND);
    assert_null(buf);
    assert_non_null(strstr(e.msg, "nope.json"));
    lectern_reader_close(r);
}

static void stream_seeks(void **state)
{
    (void)state;
    lectern_reader *r;
    lectern_stream *s;
    lectern_error e = {0};
    char b[8] = {0};
    assert_int_equal(lectern_reader_open(tmp, 0, &r, &e), 0);
    assert_int_equal(lectern_stream_open(r, "media/b.txt", &s, &e), 0);
    assert_int_equal(lectern_stream_size(s), 16);
    assert_int_equal(lectern_stream_seek(s, 10), 0);
    assert_int_equal(lectern_stream_read(s, b, 4), 4);
    assert_memory_equal(b, "abcd", 4);
    assert_int_equal(lectern_stream_read(s, b, 8), 2);
    assert_int_equal(lectern_stream_read(s, b, 8), 0);
    assert_int_equal(lectern_stream_seek(s, 0), 0);
    assert_int_equal(lectern_stream_read(s, b, 3), 3);
    assert_memory_equal(b, "012", 3);
    assert_true(lectern_stream_seek(s, 17) < 0);
    lectern_stream_close(s);
    lectern_reader_close(r);
}

static void symlink_outside_refused(void **state)
{
    (void)state;
    char p[512];
    lectern_reader *r;
    lectern_error e = {0};
    snprintf(p, sizeof p, "%s/media/inside.txt", tmp);
    assert_int_equal(symlink("a.txt", p), 0);
    assert_int_equal(lectern_reader_open(tmp, 0, &r, &e), 0);
    assert_int_equal(lectern_reader_count(r), 4);
    assert_int_equal(lectern_reader_find(r, "media/inside.txt")->size, 1);
    lectern_reader_close(r);
    snprintf(p, sizeof p, "%s/media/passwd", tmp);
    assert_int_equal(symlink("/etc/passwd", p), 0);
    assert_int_equal(lectern_reader_open(tmp, 0, &r, &e), LECTERN_EUNSAFE);
    assert_null(r);
    assert_non_null(strstr(e.msg, "passwd"));
    assert_non_null(strstr(e.msg, "outside"));
    unlink(p);
    snprintf(p, sizeof p, "%s/media/inside.txt", tmp);
    unlink(p);
}

static void fixture_course_opens(void **state)
{
    (void)state;
    const char *src = getenv("LECTERN_SOURCE_ROOT");
    char p[512];
    lectern_reader *r;
    lectern_error e = {0};
    snprintf(p, sizeof p, "%s/tests/data/courses/minimal", src ? src : ".");
    assert_int_equal(lectern_reader_open(p, 0, &r, &e), 0);
    assert_non_null(lectern_reader_find(r, "course.json"));
    assert_non_null(lectern_reader_find(r, "modules/intro.json"));
    assert_non_null(lectern_reader_find(r, "media/dot.png"));
    lectern_reader_close(r);
    assert_int_equal(lectern_reader_open("/nonexistent/course", 0, &r, &e), LECTERN_ENOTFOUND);
    assert_non_null(strstr(e.msg, "/nonexistent/course"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lists_sorted_skips_dotfiles),
        cmocka_unit_test(stream_seeks),
        cmocka_unit_test(symlink_outside_refused),
        cmocka_unit_test(fixture_course_opens),
    };
    return cmocka_run_group_tests_name("reader_dir", tests, setup, teardown);
}
