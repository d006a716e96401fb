/* Library and trust store (library.h) over real packages built in the test:
 * a course in three versions (1.0.0, 1.1.0 changes a slide and adds a
 * module, 1.2.0 removes a media file), its addenda, signed copies. Checks
 * install and resolve, refusals that leave the library byte for byte as it
 * was (wrong base, missing step, hash mismatch, tampered, strict mode), and
 * trust add/list/remove. */
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

#include "lectern/addendum.h"
#include "lectern/library.h"
#include "lectern/package.h"
#include "lectern/sign.h"
#include "../testfs.h"

static char T[256];
static char p10[512], p11[512], p12[512], p10b[512], a11[512], a12[512], s10[512], sa11[512];
static char key[512], keypub[512], key2pub[512];

static void path(char *out, const char *name)
{
    snprintf(out, 512, "%s/%s", T, name);
}

static void write_file(const char *dir, const char *rel, const char *text, size_t len)
{
    char p[1024], cmd[1200];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    char *slash = strrchr(p, '/');
    *slash = '\0';
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", p);
    assert_int_equal(system(cmd), 0);
    *slash = '/';
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

static void put(const char *dir, const char *rel, const char *text)
{
    write_file(dir, rel, text, strlen(text));
}

static const char *course_json =
    "{\"format\": 1, \"id\": \"org.lectern.test.lib\", \"version\": \"%s\", \"title\": \"Library test\",\n"
    " \"languages\": [\"en\"], \"modules\": [%s],\n"
    " \"changelog\": [{\"version\": \"1.0.0\", \"date\": \"2027-01-01\", \"summary\": \"First\"}%s]}\n";

static void make_version(const char *dir, const char *ver, const char *title, int with_m2, int with_png,
                         const char *extra_changes)
{
    char cj[2048], m1[1024];
    snprintf(cj, sizeof cj, course_json, ver, with_m2 ? "\"m1\", \"m2\"" : "\"m1\"", extra_changes);
    put(dir, "course.json", cj);
    snprintf(m1, sizeof m1,
             "{\"id\": \"m1\", \"title\": \"One\", \"items\": [\n"
             " {\"id\": \"m1-a\", \"type\": \"slide\", \"layout\": \"bullets\", \"title\": \"%s\", \"bullets\": [\"x\"]}]}\n",
             title);
    put(dir, "modules/m1.json", m1);
    if (with_m2)
        put(dir, "modules/m2.json",
            "{\"id\": \"m2\", \"title\": \"Two\", \"items\": [\n"
            " {\"id\": \"m2-a\", \"type\": \"slide\", \"layout\": \"bullets\", \"title\": \"New\", \"bullets\": [\"y\"]}]}\n");
    if (with_png) {
        static const unsigned char png[64] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        write_file(dir, "media/pattern.png", (const char *)png, sizeof png);
    }
}

static int build(const char *src, const char *out, const char *sign)
{
    lectern_build_opts o = {.sign_key = sign};
    lectern_error e = {0};
    int rc = lectern_package_build(src, out, &o, &e);
    if (rc < 0)
        print_error("build %s: %s\n", src, e.msg);
    return rc;
}

static int group_setup(void **state)
{
    (void)state;
    char d[512], v[512];
    lectern_error e = {0};
    snprintf(T, sizeof T, "/tmp/lectern-lib-XXXXXX");
    if (!mkdtemp(T))
        return -1;
    path(v, "v10");
    make_version(v, "1.0.0", "Old title", 0, 1, "");
    path(p10, "c10.lectern");
    path(d, "v11");
    make_version(d, "1.1.0", "New title", 1, 1,
                 ", {\"version\": \"1.1.0\", \"date\": \"2027-03-01\", \"summary\": {\"en\": \"New law\"},"
                 " \"items\": [{\"id\": \"m1-a\", \"rule\": \"review\"}]}");
    path(p11, "c11.lectern");
    if (build(v, p10, NULL) < 0 || build(d, p11, NULL) < 0)
        return -1;
    path(d, "v12");
    make_version(d, "1.2.0", "New title", 1, 0,
                 ", {\"version\": \"1.1.0\", \"date\": \"2027-03-01\", \"summary\": {\"en\": \"New law\"},"
                 " \"items\": [{\"id\": \"m1-a\", \"rule\": \"review\"}]},"
                 " {\"version\": \"1.2.0\", \"date\": \"2027-06-01\", \"summary\": \"Pattern removed\"}");
    path(p12, "c12.lectern");
    if (build(d, p12, NULL) < 0)
        return -1;
    path(d, "v10b");
    make_version(d, "1.0.0", "Old title, local edit", 0, 1, "");
    path(p10b, "c10b.lectern");
    if (build(d, p10b, NULL) < 0)
        return -1;
    path(a11, "a11.lectern");
    path(a12, "a12.lectern");
    if (lectern_addendum_diff(p10, p11, a11, NULL, NULL, &e) < 0 ||
        lectern_addendum_diff(p11, p12, a12, NULL, NULL, &e) < 0) {
        print_error("diff: %s\n", e.msg);
        return -1;
    }
    path(key, "author");
    path(keypub, "author.pub");
    path(key2pub, "other/author.pub");
    path(d, "other");
    mkdir(d, 0755);
    path(d, "other/author");
    if (lectern_sign_keygen(key, NULL, &e) < 0 || lectern_sign_keygen(d, NULL, &e) < 0)
        return -1;
    strcat(key, ".key");
    path(s10, "s10.lectern");
    path(sa11, "sa11.lectern");
    lectern_build_opts so = {.sign_key = key};
    if (build(v, s10, key) < 0 || lectern_addendum_diff(s10, p11, sa11, &so, NULL, &e) < 0)
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    return testfs_rmtree(T);
}

/* ---- snapshot of a folder: every path, size and SHA-256 ---- */

static char *snap_buf;
static size_t snap_len;

static int snap_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)ftw;
    char line[2048], hex[65] = "-";
    if (flag == FTW_F) {
        FILE *f = fopen(p, "rb");
        char *data = malloc((size_t)sb->st_size + 1);
        size_t k = f && data ? fread(data, 1, (size_t)sb->st_size, f) : 0;
        lectern_sha256_hex(data, k, hex);
        free(data);
        if (f)
            fclose(f);
    }
    int n = snprintf(line, sizeof line, "%s %lld %s\n", p, (long long)sb->st_size, hex);
    snap_buf = realloc(snap_buf, snap_len + (size_t)n + 1);
    memcpy(snap_buf + snap_len, line, (size_t)n + 1);
    snap_len += (size_t)n;
    return 0;
}

static char *snapshot(const char *dir)
{
    snap_buf = strdup("");
    snap_len = 0;
    nftw(dir, snap_cb, 16, FTW_PHYS);   /* nftw order is stable for an unchanged folder */
    return snap_buf;
}

static int same_bytes(const char *a, const char *b)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
    return system(cmd) == 0;
}

static void fresh(char *dir, const char *name)
{
    path(dir, name);
    mkdir(dir, 0755);
}

static void test_install_chain(void **state)
{
    (void)state;
    char data[512];
    lectern_error e = {0};
    lectern_install_result r;
    lectern_library_course c;
    fresh(data, "data-chain");
    assert_int_equal(lectern_library_install(data, p10, NULL, &r, &e), 0);
    assert_int_equal(r.trust, LECTERN_TRUST_UNSIGNED);
    assert_string_equal(r.version, "1.0.0");
    assert_int_equal(lectern_library_resolve(data, NULL, "org.lectern.test.lib", &c, &e), 0);
    assert_string_equal(c.version, "1.0.0");
    assert_int_equal(c.n_addenda, 0);
    assert_true(same_bytes(c.package, p10));
    lectern_library_course_clear(&c);
    /* the same package again: nothing to do */
    assert_int_equal(lectern_library_install(data, p10, NULL, &r, &e), 0);
    assert_int_equal(r.already, 1);

    assert_int_equal(lectern_library_install(data, a11, NULL, &r, &e), 0);
    assert_int_equal(r.addendum, 1);
    assert_int_equal(lectern_library_install(data, a12, NULL, &r, &e), 0);
    assert_int_equal(lectern_library_resolve(data, NULL, "org.lectern.test.lib", &c, &e), 0);
    assert_string_equal(c.version, "1.2.0");
    assert_string_equal(c.base_version, "1.0.0");
    assert_int_equal(c.n_addenda, 2);
    assert_true(same_bytes(c.package, p12));       /* layered result == direct build */
    /* "What's new": the changes each installed addendum carries */
    lectern_addendum *a;
    assert_int_equal(lectern_addendum_read(c.addenda[0], &a, &e), 0);
    assert_int_equal(a->n_changes, 1);
    assert_string_equal(a->changes[0].version, "1.1.0");
    assert_string_equal(a->changes[0].items[0].id, "m1-a");
    assert_string_equal(a->changes[0].items[0].rule, "review");
    lectern_addendum_free(a);
    lectern_change *ch;
    size_t nch;
    assert_int_equal(lectern_addendum_collect_changes((const char *const *)c.addenda, c.n_addenda, &ch, &nch, &e), 0);
    assert_int_equal(nch, 2);
    assert_string_equal(ch[0].version, "1.1.0");
    assert_string_equal(ch[1].version, "1.2.0");
    assert_string_equal(ch[1].summary.v[0].s, "Pattern removed");
    const char *rule = NULL;
    const lectern_change *hit = lectern_changes_for_item(ch, nch, "m1-a", &rule);
    assert_non_null(hit);
    assert_string_equal(hit->version, "1.1.0");
    assert_string_equal(rule, "review");
    assert_null(lectern_changes_for_item(ch, nch, "m2-a", NULL));
    lectern_changes_free(ch, nch);
    lectern_library_course_clear(&c);

    lectern_library_course *list;
    size_t n;
    assert_int_equal(lectern_library_list(data, NULL, &list, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].id, "org.lectern.test.lib");
    assert_string_equal(list[0].version, "1.2.0");
    lectern_library_courses_free(list, n);
    /* only the current full package and the addenda remain */
    char p[600];
    snprintf(p, sizeof p, "%s/library/org.lectern.test.lib/1.0.0.lectern", data);
    assert_int_not_equal(access(p, F_OK), 0);
    /* an older full package is refused once 1.2.0 is installed */
    assert_int_equal(lectern_library_install(data, p11, NULL, &r, &e), LECTERN_EINVAL);
    assert_non_null(strstr(e.msg, "expected a version newer than 1.2.0, found 1.1.0"));
}

static void test_refusals_leave_library_unchanged(void **state)
{
    (void)state;
    char data[512];
    lectern_error e = {0};
    fresh(data, "data-refuse");
    /* an addendum with nothing installed */
    char *before = snapshot(data);
    assert_int_equal(lectern_library_install(data, a11, NULL, NULL, &e), LECTERN_ENOTFOUND);
    assert_non_null(strstr(e.msg, "expected org.lectern.test.lib 1.0.0 installed first, found none"));
    char *after = snapshot(data);
    assert_string_equal(before, after);
    free(before);
    free(after);

    assert_int_equal(lectern_library_install(data, p10, NULL, NULL, &e), 0);
    before = snapshot(data);
    /* missing step: 1.1 -> 1.2 over 1.0 */
    assert_int_equal(lectern_library_install(data, a12, NULL, NULL, &e), LECTERN_EINVAL);
    assert_non_null(strstr(e.msg, "expected base 1.0.0, found 1.1.0"));
    after = snapshot(data);
    assert_string_equal(before, after);
    free(after);
    free(before);

    /* same version, other bytes: manifest hash mismatch */
    char data2[512];
    fresh(data2, "data-hash");
    assert_int_equal(lectern_library_install(data2, p10b, NULL, NULL, &e), 0);
    before = snapshot(data2);
    assert_int_equal(lectern_library_install(data2, a11, NULL, NULL, &e), LECTERN_EHASH);
    assert_non_null(strstr(e.msg, "base manifest hash mismatch: expected"));
    after = snapshot(data2);
    assert_string_equal(before, after);
    free(after);
    free(before);

    /* tampered package: one byte of a stored media entry flipped */
    char bad[512];
    FILE *f = fopen(p11, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    char *buf = malloc((size_t)sz);
    fseek(f, 0, SEEK_SET);
    assert_int_equal(fread(buf, 1, (size_t)sz, f), (size_t)sz);
    fclose(f);
    char *hit = memmem(buf, (size_t)sz, "IHDR", 4);     /* the stored PNG's data */
    assert_non_null(hit);
    hit[1] ^= 1;
    path(bad, "tampered11.lectern");
    f = fopen(bad, "wb");
    fwrite(buf, 1, (size_t)sz, f);
    fclose(f);
    free(buf);
    char data3[512];
    fresh(data3, "data-tamper");
    before = snapshot(data3);
    assert_int_equal(lectern_library_install(data3, bad, NULL, NULL, &e), LECTERN_EHASH);
    assert_non_null(strstr(e.msg, "media/pattern.png"));
    after = snapshot(data3);
    assert_string_equal(before, after);
    free(after);
    free(before);
}

static void test_trust_store(void **state)
{
    (void)state;
    char cfg[512];
    lectern_error e = {0};
    lectern_trusted_key k, *keys;
    size_t n;
    char fpr[65];
    fresh(cfg, "cfg-trust");
    assert_int_equal(lectern_trust_list(cfg, &keys, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(lectern_sign_key_fingerprint(keypub, fpr, &e), 0);
    assert_int_equal(lectern_trust_add(cfg, keypub, &k, &e), 0);
    assert_string_equal(k.name, "author");
    assert_string_equal(k.fingerprint, fpr);
    lectern_trusted_key_clear(&k);
    assert_int_equal(lectern_trust_add(cfg, keypub, NULL, &e), 0);     /* again: no-op */
    assert_int_equal(lectern_trust_list(cfg, &keys, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(keys[0].fingerprint, fpr);
    lectern_trusted_keys_free(keys, n);
    /* a private key, or another key under the same name, is refused */
    assert_int_equal(lectern_trust_add(cfg, key, NULL, &e), LECTERN_ESIGNATURE);
    assert_non_null(strstr(e.msg, "private key"));
    assert_int_equal(lectern_trust_add(cfg, key2pub, NULL, &e), LECTERN_EINVAL);
    assert_non_null(strstr(e.msg, "different key named 'author'"));
    /* classify */
    lectern_trust t;
    assert_int_equal(lectern_trust_check(cfg, s10, &t, fpr, &e), 0);
    assert_int_equal(t, LECTERN_TRUST_TRUSTED);
    assert_int_equal(lectern_trust_check(cfg, p10, &t, fpr, &e), 0);
    assert_int_equal(t, LECTERN_TRUST_UNSIGNED);
    assert_int_equal(lectern_trust_check(NULL, s10, &t, fpr, &e), 0);
    assert_int_equal(t, LECTERN_TRUST_UNTRUSTED);
    /* remove by fingerprint prefix, then by name finds nothing */
    char pre[9];
    memcpy(pre, fpr, 8);
    pre[8] = '\0';
    assert_int_equal(lectern_trust_remove(cfg, pre, &e), 0);
    assert_int_equal(lectern_trust_remove(cfg, "author", &e), LECTERN_ENOTFOUND);
    assert_int_equal(lectern_trust_list(cfg, &keys, &n, &e), 0);
    assert_int_equal(n, 0);
}

static void test_strict_mode(void **state)
{
    (void)state;
    char cfg[512], data[512];
    lectern_error e = {0};
    lectern_install_result r;
    fresh(cfg, "cfg-strict");
    fresh(data, "data-strict");
    lectern_install_policy strict = {.config_dir = cfg, .strict = 1};
    lectern_install_policy lax = {.config_dir = cfg, .strict = 0};
    char *before = snapshot(data);
    assert_int_equal(lectern_library_install(data, p10, &strict, &r, &e), LECTERN_ESIGNATURE);
    assert_non_null(strstr(e.msg, "strict mode: unsigned"));
    assert_int_equal(lectern_library_install(data, s10, &strict, &r, &e), LECTERN_ESIGNATURE);
    assert_non_null(strstr(e.msg, "strict mode: signed by an unknown key"));
    char *after = snapshot(data);
    assert_string_equal(before, after);
    free(before);
    free(after);
    /* not strict: installed, with a status the player shows as a warning */
    char data2[512];
    fresh(data2, "data-lax");
    assert_int_equal(lectern_library_install(data2, s10, &lax, &r, &e), 0);
    assert_int_equal(r.trust, LECTERN_TRUST_UNTRUSTED);
    /* trusted key: strict install passes, the layered result stays trusted */
    assert_int_equal(lectern_trust_add(cfg, keypub, NULL, &e), 0);
    assert_int_equal(lectern_library_install(data, s10, &strict, &r, &e), 0);
    assert_int_equal(r.trust, LECTERN_TRUST_TRUSTED);
    assert_int_equal(lectern_library_install(data, sa11, &strict, &r, &e), 0);
    lectern_library_course c;
    assert_int_equal(lectern_library_resolve(data, cfg, "org.lectern.test.lib", &c, &e), 0);
    assert_string_equal(c.version, "1.1.0");
    assert_int_equal(c.trust, LECTERN_TRUST_TRUSTED);
    lectern_library_course_clear(&c);
    /* an unsigned addendum on top: refused in strict mode, weakest layer otherwise */
    assert_int_equal(lectern_library_install(data, a12, &strict, &r, &e), LECTERN_ESIGNATURE);
    assert_int_equal(lectern_library_install(data, a12, &lax, &r, &e), 0);
    assert_int_equal(lectern_library_resolve(data, cfg, "org.lectern.test.lib", &c, &e), 0);
    assert_string_equal(c.version, "1.2.0");
    assert_int_equal(c.trust, LECTERN_TRUST_UNSIGNED);
    lectern_library_course_clear(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_install_chain),
        cmocka_unit_test(test_refusals_leave_library_unchanged),
        cmocka_unit_test(test_trust_store),
        cmocka_unit_test(test_strict_mode),
    };
    return cmocka_run_group_tests_name("library", tests, group_setup, group_teardown);
}
