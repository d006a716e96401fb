/* Signatures (sign.h) without packages: key generation, fingerprints,
 * sign/check round trip, and every way a lectern.sig text can be wrong
 * (other data, other key, forged fingerprint, bad base64, other algorithm,
 * not JSON). */
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

#include "lectern/package.h"
#include "lectern/sign.h"
#include "../testfs.h"

static char T[256], k1[300], k2[300], pub1[320], pub2[320];
static char fpr1[65], fpr2[65];
static const char data[] = "{\n  \"format\": 1,\n  \"kind\": \"course\"\n}\n";

static int setup(void **state)
{
    (void)state;
    lectern_error e = {0};
    snprintf(T, sizeof T, "/tmp/lectern-sign-XXXXXX");
    if (!mkdtemp(T))
        return -1;
    snprintf(k1, sizeof k1, "%s/one", T);
    snprintf(k2, sizeof k2, "%s/two", T);
    if (lectern_sign_keygen(k1, fpr1, &e) < 0 || lectern_sign_keygen(k2, fpr2, &e) < 0)
        return -1;
    snprintf(pub1, sizeof pub1, "%s.pub", k1);
    snprintf(pub2, sizeof pub2, "%s.pub", k2);
    strcat(k1, ".key");
    strcat(k2, ".key");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return testfs_rmtree(T);
}

static void test_keys(void **state)
{
    (void)state;
    struct stat st;
    char f[65];
    lectern_error e = {0};
    assert_int_equal(stat(k1, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(strlen(fpr1), 64);
    assert_string_not_equal(fpr1, fpr2);
    assert_int_equal(lectern_sign_key_fingerprint(pub1, f, &e), 0);
    assert_string_equal(f, fpr1);
    assert_int_equal(lectern_sign_key_fingerprint(k1, f, &e), 0);   /* the private key gives the same */
    assert_string_equal(f, fpr1);
    char again[300];
    snprintf(again, sizeof again, "%s/one", T);
    assert_int_equal(lectern_sign_keygen(again, NULL, &e), LECTERN_EINVAL);
    assert_non_null(strstr(e.msg, "already exists"));
    /* a file that is not a key */
    char junk[300];
    snprintf(junk, sizeof junk, "%s/junk.pub", T);
    FILE *j = fopen(junk, "w");
    fputs("not a key\n", j);
    fclose(j);
    assert_int_equal(lectern_sign_key_fingerprint(junk, f, &e), LECTERN_ESIGNATURE);
    /* signing needs the private key */
    char *sig = NULL;
    assert_int_equal(lectern_sign_make(pub1, data, strlen(data), &sig, &e), LECTERN_ESIGNATURE);
    assert_null(sig);
}

static void test_round_trip(void **state)
{
    (void)state;
    char *sig = NULL, *sig2 = NULL, f[65];
    lectern_error e = {0};
    assert_int_equal(lectern_sign_make(k1, data, strlen(data), &sig, &e), 0);
    assert_non_null(strstr(sig, "\"algorithm\": \"ed25519\""));
    assert_non_null(strstr(sig, fpr1));
    assert_int_equal(lectern_sign_check(sig, strlen(sig), data, strlen(data), NULL, f, &e), 0);
    assert_string_equal(f, fpr1);
    assert_int_equal(lectern_sign_check(sig, strlen(sig), data, strlen(data), pub1, f, &e), 0);
    /* deterministic */
    assert_int_equal(lectern_sign_make(k1, data, strlen(data), &sig2, &e), 0);
    assert_string_equal(sig, sig2);
    free(sig2);
    /* other data: one byte changed */
    char other[sizeof data];
    memcpy(other, data, sizeof data);
    other[5] ^= 1;
    assert_int_equal(lectern_sign_check(sig, strlen(sig), other, strlen(other), NULL, f, &e), LECTERN_ESIGNATURE);
    assert_non_null(strstr(e.msg, "does not match lectern.json"));
    /* another key demanded */
    assert_int_equal(lectern_sign_check(sig, strlen(sig), data, strlen(data), pub2, f, &e), LECTERN_ESIGNATURE);
    assert_non_null(strstr(e.msg, "signed by another key"));
    assert_non_null(strstr(e.msg, fpr2));
    free(sig);
}

/* Replaces the first occurrence of `from` in s by `to` (new string). */
static char *replace(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    assert_non_null(at);
    char *out = malloc(strlen(s) + strlen(to) + 1);
    size_t pre = (size_t)(at - s);
    memcpy(out, s, pre);
    strcpy(out + pre, to);
    strcat(out, at + strlen(from));
    return out;
}

static void test_bad_signature_texts(void **state)
{
    (void)state;
    char *sig = NULL, *sig2 = NULL, *bad;
    lectern_error e = {0};
    assert_int_equal(lectern_sign_make(k1, data, strlen(data), &sig, &e), 0);
    assert_int_equal(lectern_sign_make(k2, data, strlen(data), &sig2, &e), 0);
    /* key 2's signature presented under key 1's fingerprint and public key */
    const char *s2 = strstr(sig2, "\"signature\"");
    const char *s1 = strstr(sig, "\"signature\"");
    bad = malloc(strlen(sig) + strlen(s2) + 1);
    memcpy(bad, sig, (size_t)(s1 - sig));
    strcpy(bad + (s1 - sig), s2);
    assert_int_equal(lectern_sign_check(bad, strlen(bad), data, strlen(data), NULL, NULL, &e), LECTERN_ESIGNATURE);
    free(bad);
    /* a fingerprint that is not the carried public key's */
    bad = replace(sig, fpr1, fpr2);
    assert_int_equal(lectern_sign_check(bad, strlen(bad), data, strlen(data), NULL, NULL, &e), LECTERN_ESIGNATURE);
    assert_non_null(strstr(e.msg, "does not match the public key"));
    free(bad);
    /* another algorithm, broken base64, not JSON */
    bad = replace(sig, "ed25519", "rsa");
    assert_int_equal(lectern_sign_check(bad, strlen(bad), data, strlen(data), NULL, NULL, &e), LECTERN_EUNSUPPORTED);
    free(bad);
    bad = replace(sig, "\"signature\": \"", "\"signature\": \"!!!!");
    assert_int_equal(lectern_sign_check(bad, strlen(bad), data, strlen(data), NULL, NULL, &e), LECTERN_ESIGNATURE);
    free(bad);
    assert_int_equal(lectern_sign_check("nope", 4, data, strlen(data), NULL, NULL, &e), LECTERN_EJSON);
    assert_non_null(strstr(e.msg, "lectern.sig"));
    free(sig);
    free(sig2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_bad_signature_texts),
    };
    return cmocka_run_group_tests_name("sign", tests, setup, teardown);
}
