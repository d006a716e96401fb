/* Package core: entry-name safety, manifest parse/serialise, build of the
 * fixture course, reader over the package (reads, hashes, streams with
 * seek on stored and deflated entries) and over a `zip -r` plain zip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "lectern/package.h"
#include "lectern/reader.h"
#include "zip_write.h"
#include "../testfs.h"
#include <zlib.h>

static char tmp[256], course[512], pkg[600];

static int setup(void **state)
{
    (void)state;
    const char *src = getenv("LECTERN_SOURCE_ROOT");
    snprintf(course, sizeof course, "%s/tests/data/courses/minimal", src ? src : ".");
    snprintf(tmp, sizeof tmp, "/tmp/lectern-pkg-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    snprintf(pkg, sizeof pkg, "%s/min.lectern", tmp);
    lectern_error e = {0};
    if (lectern_package_build(course, pkg, NULL, &e) < 0) {
        fprintf(stderr, "build: %s\n", e.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return testfs_rmtree(tmp);
}

static char *slurp(const char *rel, size_t *n)
{
    char p[700];
    snprintf(p, sizeof p, "%s/%s", course, rel);
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    *n = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

static void path_safety(void **state)
{
    (void)state;
    static const char *good[] = {"course.json", "media/a b.png", "modules/m-1.json", "media/été.png",
                                 "a/b/c/d", "..a", "a..", ".hidden"};
    static const char *bad[] = {"", "/etc/passwd", "../x", "a/../b", "a/..", "./a", "a/./b", "a//b",
                                "a\\b", "a/", "C:x", "a\x01", "a\x7f", "\xff\xfe", "\xc0\xaf",
                                "\xed\xa0\x80"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_true(lectern_path_safe(good[i], strlen(good[i]), NULL));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *why = NULL;
        assert_false(lectern_path_safe(bad[i], strlen(bad[i]), &why));
        assert_non_null(why);
        assert_true(why[0] != '\0');
    }
    assert_false(lectern_path_safe("a\0b", 3, NULL));
    char longname[LECTERN_MAX_NAME + 1];
    memset(longname, 'a', sizeof longname - 1);
    longname[LECTERN_MAX_NAME] = '\0';
    assert_false(lectern_path_safe(longname, LECTERN_MAX_NAME, NULL));
    char hex[65];
    lectern_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* The folding CRC must match zlib for every length and alignment, and when
 * a running CRC is continued over several calls. */
static void crc32_matches_zlib(void **state)
{
    (void)state;
    enum { N = (1 << 20) + 77 };
    unsigned char *b = malloc(N);
    uint32_t x = 12345;
    for (size_t i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        b[i] = (unsigned char)(x >> 16);
    }
    for (size_t off = 0; off < 16; off++)
        for (size_t len = 0; len < 300; len++)
            assert_int_equal(lectern_crc32(0, b + off, len), (uint32_t)crc32(0, b + off, (uInt)len));
    assert_int_equal(lectern_crc32(0, b, N), (uint32_t)crc32(0, b, N));
    uint32_t run = 0;
    for (size_t at = 0; at < N;) {
        size_t take = (at * 7 + 1000) % 70000 + 1;
        if (take > N - at)
            take = N - at;
        run = lectern_crc32(run, b + at, take);
        at += take;
    }
    assert_int_equal(run, (uint32_t)crc32(0, b, N));
    memset(b, 0, N);
    assert_int_equal(lectern_crc32(0, b, 4096), (uint32_t)crc32(0, b, 4096));
    free(b);
}

static void manifest_round_trip(void **state)
{
    (void)state;
    const char *j = "{\"format\": 1, \"kind\": \"course\", \"id\": \"x\", \"version\": \"1.0\","
                    " \"title\": \"Quote \\\" and \\\\ \\n\","
                    " \"files\": [{\"path\": \"a.json\", \"size\": 3, \"sha256\": \""
                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"},"
                    " {\"path\": \"b/c.png\", \"size\": 0, \"sha256\": \""
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}]}";
    lectern_manifest m, m2;
    lectern_error e = {0};
    assert_int_equal(lectern_manifest_parse(j, strlen(j), &m, &e), 0);
    assert_int_equal(m.n_files, 2);
    assert_string_equal(m.title, "Quote \" and \\ \n");
    assert_non_null(lectern_manifest_find(&m, "b/c.png"));
    assert_null(lectern_manifest_find(&m, "b"));
    char *out = lectern_manifest_to_json(&m);
    assert_non_null(out);
    assert_int_equal(lectern_manifest_parse(out, strlen(out), &m2, &e), 0);
    char *out2 = lectern_manifest_to_json(&m2);
    assert_string_equal(out, out2);
    assert_int_equal(out[strlen(out) - 1], '\n');
    free(out);
    free(out2);
    lectern_manifest_free(&m);
    lectern_manifest_free(&m2);

    const char *unsorted = "{\"format\": 1, \"kind\": \"course\", \"id\": \"x\", \"version\": \"1\", \"files\": ["
                           "{\"path\": \"b\", \"size\": 1, \"sha256\": \"" "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"},"
                           "{\"path\": \"a\", \"size\": 1, \"sha256\": \"" "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}]}";
    assert_int_equal(lectern_manifest_parse(unsorted, strlen(unsorted), &m, &e), LECTERN_EUNSAFE);
    assert_non_null(strstr(e.msg, "files[1]"));
    const char *badhex = "{\"format\": 1, \"kind\": \"course\", \"id\": \"x\", \"version\": \"1\", \"files\": ["
                         "{\"path\": \"a\", \"size\": 1, \"sha256\": \"ABC\"}]}";
    assert_int_equal(lectern_manifest_parse(badhex, strlen(badhex), &m, &e), LECTERN_ESCHEMA);
    assert_non_null(strstr(e.msg, "files[0].sha256"));
    const char *nokind = "{\"format\": 1, \"id\": \"x\", \"version\": \"1\", \"files\": []}";
    assert_int_equal(lectern_manifest_parse(nokind, strlen(nokind), &m, &e), LECTERN_ESCHEMA);
    assert_non_null(strstr(e.msg, "kind"));
}

/* lectern_manifest_parse has a fast path for plain JSON and falls back to the
 * general parser for anything else: both must give the same results. */
#define H64 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
static void manifest_fast_and_general_agree(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        int rc;
        size_t n_files;
        const char *first, *id;
        unsigned long long size;
    } cases[] = {
        /* plain, any key order and whitespace */
        {"{\"files\":[{\"sha256\":\"" H64 "\",\"size\":12,\"path\":\"m/a.json\"}],\"version\":\"1\","
         "\"id\":\"x\",\"kind\":\"course\",\"format\":1}", 0, 1, "m/a.json", "x", 12},
        {"\t{ \"format\" : 1 ,\r\n \"kind\":\"course\",\"id\":\"y\",\"version\":\"2\",\"files\":[ ] }\n",
         0, 0, NULL, "y", 0},
        /* escapes, numbers written differently, repeated and unknown keys: the general parser */
        {"{\"format\":1,\"kind\":\"course\",\"id\":\"a\\u0062\",\"version\":\"1\",\"files\":"
         "[{\"path\":\"m\\/b.json\",\"size\":7.0,\"sha256\":\"" H64 "\"}]}", 0, 1, "m/b.json", "ab", 7},
        {"{\"format\":1,\"kind\":\"course\",\"id\":\"a\",\"id\":\"b\",\"version\":\"1\",\"extra\":[1,{}],"
         "\"files\":[{\"path\":\"c\",\"size\":1e1,\"sha256\":\"" H64 "\",\"note\":true}]}", 0, 1, "c", "a", 10},
        {"{\"format\":1,\"kind\":\"course\",\"id\":\"a\",\"version\":\"1\",\"files\":[{\"path\":\"c\",\"size\":3,"
         "\"sha256\":\"" H64 "\"}],\"files\":[]}", 0, 1, "c", "a", 3},
        /* refusals, with the general parser's message */
        {"{\"format\":1,\"kind\":\"course\",\"id\":\"a\",\"version\":\"1\",\"files\":[{\"path\":\"../c\","
         "\"size\":3,\"sha256\":\"" H64 "\"}]}", LECTERN_EUNSAFE, 0, NULL, NULL, 0},
        {"{\"format\":1,\"kind\":\"course\",\"id\":\"a\",\"version\":\"1\",\"files\":[{\"path\":\"c\","
         "\"size\":-3,\"sha256\":\"" H64 "\"}]}", LECTERN_ESCHEMA, 0, NULL, NULL, 0},
        {"{\"format\":1,\"kind\":\"course\",\"id\":\"a\",\"version\":\"1\",\"files\":[{\"path\":\"c\","
         "\"size\":3,\"sha256\":\"" H64 "\"},{\"path\":\"c\",\"size\":3,\"sha256\":\"" H64 "\"}]}",
         LECTERN_EUNSAFE, 0, NULL, NULL, 0},
        {"{\"format\":2,\"kind\":\"course\",\"id\":\"a\",\"version\":\"1\",\"files\":[]}", LECTERN_EUNSUPPORTED,
         0, NULL, NULL, 0},
        {"{\"format\":1,\"kind\":\"addendum\",\"id\":\"a\",\"version\":\"1\",\"files\":[]}", LECTERN_ESCHEMA,
         0, NULL, NULL, 0},
        {"{\"format\":1,\"kind\":\"course\",\"id\":\"a\",\"version\":\"1\",\"files\":[]} x", LECTERN_EJSON,
         0, NULL, NULL, 0},
        {"{\"format\":1,\"kind\":\"course\",\"id\":\"a\",\"version\":\"1\",\"files\":[{\"path\":\"lectern.json\","
         "\"size\":3,\"sha256\":\"" H64 "\"}]}", LECTERN_ESCHEMA, 0, NULL, NULL, 0},
        /* an addendum: base and removed */
        {"{\"format\":1,\"kind\":\"addendum\",\"id\":\"a\",\"version\":\"2\",\"base\":{\"id\":\"a\",\"version\":\"1\","
         "\"manifest_sha256\":\"" H64 "\"},\"removed\":[\"m/old.json\"],\"files\":[]}", 0, 0, NULL, "a", 0},
        {"{\"format\":1,\"kind\":\"addendum\",\"id\":\"a\",\"version\":\"2\",\"base\":{\"id\":\"a\",\"version\":\"1\","
         "\"manifest_sha256\":\"" H64 "\"},\"removed\":[\"/etc\"],\"files\":[]}", LECTERN_ESCHEMA, 0, NULL, NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lectern_manifest m;
        lectern_error e = {0};
        int rc = lectern_manifest_parse(cases[i].json, strlen(cases[i].json), &m, &e);
        if (rc != cases[i].rc)
            fail_msg("case %zu: %d instead of %d (%s)", i, rc, cases[i].rc, e.msg);
        if (rc < 0) {
            assert_true(strstr(e.msg, "lectern.json") != NULL);
            continue;
        }
        assert_int_equal(m.n_files, cases[i].n_files);
        assert_string_equal(m.id, cases[i].id);
        if (cases[i].first) {
            assert_string_equal(m.files[0].path, cases[i].first);
            assert_int_equal(m.files[0].size, cases[i].size);
            assert_string_equal(m.files[0].sha256, H64);
        }
        if (!strcmp(m.kind, "addendum")) {
            assert_string_equal(m.base_manifest_sha256, H64);
            assert_int_equal(m.n_removed, 1);
            assert_string_equal(m.removed[0], "m/old.json");
        }
        lectern_manifest_free(&m);
    }
}

static void reads_built_package(void **state)
{
    (void)state;
    for (int flags = 0; flags <= LECTERN_READER_VERIFY; flags += LECTERN_READER_VERIFY) {
        lectern_reader *r;
        lectern_error e = {0};
        assert_int_equal(lectern_reader_open(pkg, flags, &r, &e), 0);
        assert_int_equal(lectern_reader_kind(r), LECTERN_SOURCE_PACKAGE);
        assert_string_equal(lectern_reader_note(r), "");
        assert_string_equal(lectern_reader_path(r), pkg);
        assert_int_equal(lectern_reader_count(r), 4);
        assert_string_equal(lectern_reader_entry(r, 0)->name, "course.json");
        assert_null(lectern_reader_find(r, "lectern.json"));
        assert_null(lectern_reader_find(r, "mimetype"));
        assert_true(lectern_reader_find(r, "media/dot.png")->stored);
        assert_false(lectern_reader_find(r, "modules/intro.json")->stored);
        const lectern_manifest *m = lectern_reader_manifest(r);
        assert_non_null(m);
        assert_string_equal(m->id, "org.lectern.test.minimal");
        assert_string_equal(m->title, "Minimal test course");
        assert_false(lectern_reader_signed(r));
        size_t n, fn;
        void *buf;
        char *want = slurp("modules/intro.json", &fn);
        assert_int_equal(lectern_reader_read(r, "modules/intro.json", &buf, &n, &e), 0);
        assert_int_equal(n, fn);
        assert_memory_equal(buf, want, n);
        assert_int_equal(((char *)buf)[n], '\0');
        free(buf);
        free(want);
        lectern_reader_close(r);
    }
}

static void streams_seek(void **state)
{
    (void)state;
    lectern_reader *r;
    lectern_stream *s1, *s2;
    lectern_error e = {0};
    size_t fn;
    char *want = slurp("media/dot.png", &fn);
    unsigned char got[64];
    assert_int_equal(lectern_reader_open(pkg, 0, &r, &e), 0);
    assert_int_equal(lectern_stream_open(r, "media/dot.png", &s1, &e), 0);
    assert_int_equal(lectern_stream_open(r, "media/dot.png", &s2, &e), 0);
    assert_int_equal(lectern_stream_size(s1), fn);
    assert_int_equal(lectern_stream_seek(s1, 40), 0);
    assert_int_equal(lectern_stream_read(s2, got, 8), 8);
    assert_memory_equal(got, want, 8);
    assert_int_equal(lectern_stream_read(s1, got, 16), 16);
    assert_memory_equal(got, want + 40, 16);
    assert_int_equal(lectern_stream_seek(s1, 3), 0);
    assert_int_equal(lectern_stream_read(s1, got, 5), 5);
    assert_memory_equal(got, want + 3, 5);
    assert_int_equal(lectern_stream_seek(s1, fn - 4), 0);
    assert_int_equal(lectern_stream_read(s1, got, 64), 4);
    assert_int_equal(lectern_stream_read(s1, got, 64), 0);
    lectern_stream_close(s1);
    lectern_stream_close(s2);
    free(want);
    /* deflated entry: forward reads and a backward seek still work */
    want = slurp("modules/intro.json", &fn);
    assert_int_equal(lectern_stream_open(r, "modules/intro.json", &s1, &e), 0);
    assert_int_equal(lectern_stream_seek(s1, 100), 0);
    assert_int_equal(lectern_stream_read(s1, got, 10), 10);
    assert_memory_equal(got, want + 100, 10);
    assert_int_equal(lectern_stream_seek(s1, 5), 0);
    assert_int_equal(lectern_stream_read(s1, got, 10), 10);
    assert_memory_equal(got, want + 5, 10);
    lectern_stream_close(s1);
    free(want);
    assert_int_equal(lectern_stream_open(r, "nope.webm", &s1, &e), LECTERN_ENOTFOUND);
    assert_null(s1);
    lectern_reader_close(r);
}

typedef struct stream_job {
    lectern_reader *r;
    const char *want;
    size_t n;
    int bad;
} stream_job;

static void *stream_thread(void *arg)
{
    stream_job *j = arg;
    char buf[128];
    for (int k = 0; k < 100; k++) {
        lectern_stream *s;
        lectern_error e;
        void *data;
        size_t n;
        if (lectern_stream_open(j->r, "media/dot.png", &s, &e) < 0) {
            j->bad++;
            continue;
        }
        size_t at = (size_t)(k % 50);
        if (lectern_stream_seek(s, at) < 0 || lectern_stream_read(s, buf, 20) != 20 ||
            memcmp(buf, j->want + at, 20))
            j->bad++;
        lectern_stream_close(s);
        /* whole reads share the reader's zip handle under its lock */
        if (lectern_reader_read(j->r, "media/dot.png", &data, &n, &e) < 0 || n != j->n ||
            memcmp(data, j->want, n))
            j->bad++;
        free(data);
    }
    return NULL;
}

static void streams_on_threads(void **state)
{
    (void)state;
    lectern_reader *r;
    lectern_error e = {0};
    size_t fn;
    char *want = slurp("media/dot.png", &fn);
    assert_int_equal(lectern_reader_open(pkg, 0, &r, &e), 0);
    stream_job jobs[3];
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        jobs[i] = (stream_job){.r = r, .want = want, .n = fn};
        assert_int_equal(pthread_create(&th[i], NULL, stream_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(jobs[i].bad, 0);
    }
    lectern_reader_close(r);
    free(want);
}

static void verify_reports(void **state)
{
    (void)state;
    lectern_verify_report rep;
    lectern_error e = {0};
    assert_int_equal(lectern_package_verify(pkg, &rep, &e), 0);
    assert_int_equal(rep.n_files, 4);
    assert_true(rep.bytes > 1000);
    assert_false(rep.signed_);
}

static void plain_zip_with_top_folder(void **state)
{
    (void)state;
    char cmd[1600], zp[700];
    snprintf(zp, sizeof zp, "%s/plain.zip", tmp);
    snprintf(cmd, sizeof cmd, "cd '%s/..' && zip -qr '%s' minimal", course, zp);
    assert_int_equal(system(cmd), 0);
    lectern_reader *r;
    lectern_error e = {0};
    assert_int_equal(lectern_reader_open(zp, 0, &r, &e), 0);
    assert_int_equal(lectern_reader_kind(r), LECTERN_SOURCE_PLAIN_ZIP);
    assert_non_null(strstr(lectern_reader_note(r), "unverified"));
    assert_null(lectern_reader_manifest(r));
    assert_int_equal(lectern_reader_count(r), 4);
    assert_non_null(lectern_reader_find(r, "course.json"));
    void *buf;
    size_t n, fn;
    char *want = slurp("plans/short.json", &fn);
    assert_int_equal(lectern_reader_read(r, "plans/short.json", &buf, &n, &e), 0);
    assert_int_equal(n, fn);
    assert_memory_equal(buf, want, n);
    free(buf);
    free(want);
    lectern_reader_close(r);
}

/* More than 65,535 entries: the writer must emit zip64 end records, and
 * libzip, unzip and Python must all read them. */
static void zip64_many_entries(void **state)
{
    (void)state;
    enum { N = 70000 };
    static const char empty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    char p[700], name[32], cmd[1600];
    lectern_error e = {0};
    snprintf(p, sizeof p, "%s/many.lectern", tmp);
    size_t cap = (size_t)N * 120 + 256, len = 0;
    char *json = malloc(cap);
    len += (size_t)snprintf(json + len, cap - len,
                            "{\"format\": 1, \"kind\": \"course\", \"id\": \"m\", \"version\": \"1\", \"files\": [");
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(json + len, cap - len, "%s{\"path\": \"d/f%05d\", \"size\": 0, \"sha256\": \"%s\"}",
                                i ? ", " : "", i, empty);
    len += (size_t)snprintf(json + len, cap - len, "]}");
    int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    lectern_zipw *w = lectern_zipw_new(fd);
    assert_non_null(w);
    assert_int_equal(lectern_zipw_add_buffer(w, "mimetype", LECTERN_MIMETYPE, strlen(LECTERN_MIMETYPE), 0, &e), 0);
    assert_int_equal(lectern_zipw_add_buffer(w, LECTERN_MANIFEST, json, len, 1, &e), 0);
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "d/f%05d", i);
        assert_int_equal(lectern_zipw_add_buffer(w, name, "", 0, i % 2, &e), 0);
    }
    assert_int_equal(lectern_zipw_finish(w, &e), 0);
    lectern_zipw_free(w);
    close(fd);
    free(json);
    lectern_reader *r;
    assert_int_equal(lectern_reader_open(p, 0, &r, &e), 0);
    assert_int_equal(lectern_reader_count(r), N);
    assert_string_equal(lectern_reader_entry(r, N - 1)->name, "d/f69999");
    lectern_reader_close(r);
    snprintf(cmd, sizeof cmd, "unzip -tqq '%s' && python3 -c 'import sys, zipfile; "
             "z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None and len(z.infolist()) == %d' '%s'",
             p, N + 2, p);
    assert_int_equal(system(cmd), 0);
    unlink(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_safety),
        cmocka_unit_test(crc32_matches_zlib),
        cmocka_unit_test(manifest_round_trip),
        cmocka_unit_test(manifest_fast_and_general_agree),
        cmocka_unit_test(reads_built_package),
        cmocka_unit_test(streams_seek),
        cmocka_unit_test(streams_on_threads),
        cmocka_unit_test(verify_reports),
        cmocka_unit_test(plain_zip_with_top_folder),
        cmocka_unit_test(zip64_many_entries),
    };
    return cmocka_run_group_tests_name("package", tests, setup, teardown);
}
