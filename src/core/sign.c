/* Ed25519 keys and the lectern.sig signature over lectern.json (sign.h):
 * key generation into PEM files, one-shot EVP_DigestSign/Verify, the
 * signature text, and reading both entries straight from a package zip. */
#include "lectern/sign.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "json.h"
#include "lectern/package.h"

#define SIG_MAX_BYTES 4096

static int fingerprint_of(EVP_PKEY *k, char fpr[65], unsigned char raw[32], lectern_error *err)
{
    unsigned char buf[32];
    size_t len = sizeof buf;
    if (EVP_PKEY_get_raw_public_key(k, buf, &len) != 1 || len != 32)
        return lectern_error_set(err, LECTERN_ESIGNATURE, "not an Ed25519 key");
    if (fpr)
        lectern_sha256_hex(buf, 32, fpr);
    if (raw)
        memcpy(raw, buf, 32);
    return 0;
}

/* Loads a PEM key (private when want_private, else public or private). */
static int load_key(const char *path, int want_private, EVP_PKEY **out, lectern_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return lectern_error_set(err, errno == ENOENT ? LECTERN_ENOTFOUND : LECTERN_EIO,
                                 "%s: cannot read the key: %s", path, strerror(errno));
    EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    if (!k && !want_private) {
        rewind(f);
        k = PEM_read_PUBKEY(f, NULL, NULL, NULL);
    }
    fclose(f);
    if (!k && want_private)
        return lectern_error_set(err, LECTERN_ESIGNATURE, "%s: not a PEM private key (sign with NAME.key "
                                 "from `lectern-pack keygen`, not NAME.pub)", path);
    if (!k)
        return lectern_error_set(err, LECTERN_ESIGNATURE, "%s: not a PEM Ed25519 key", path);
    if (EVP_PKEY_get_id(k) != EVP_PKEY_ED25519) {
        EVP_PKEY_free(k);
        return lectern_error_set(err, LECTERN_ESIGNATURE, "%s: not an Ed25519 key", path);
    }
    *out = k;
    return 0;
}

/* Writes a PEM file with O_EXCL and the given mode. */
static int write_pem(const char *path, EVP_PKEY *k, int private_, lectern_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, private_ ? 0600 : 0644);
    if (fd < 0)
        return lectern_error_set(err, errno == EEXIST ? LECTERN_EINVAL : LECTERN_EIO,
                                 "%s: %s", path, errno == EEXIST ? "already exists; not overwriting a key"
                                                                 : strerror(errno));
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(path);
        return lectern_error_set(err, LECTERN_EIO, "%s: %s", path, strerror(errno));
    }
    int ok = private_ ? PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) : PEM_write_PUBKEY(f, k);
    ok = ok && fflush(f) == 0 && fsync(fd) == 0;
    if (fclose(f) != 0)
        ok = 0;
    if (!ok) {
        unlink(path);
        return lectern_error_set(err, LECTERN_EIO, "%s: cannot write the key", path);
    }
    return 0;
}

/* See sign.h. */
int lectern_sign_keygen(const char *name, char fpr[65], lectern_error *err)
{
    int rc = 0;
    char *kp = NULL, *pp = NULL;
    EVP_PKEY *k = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    if (!name || !*name)
        return lectern_error_set(err, LECTERN_EINVAL, "keygen needs a name");
    if (asprintf(&kp, "%s.key", name) < 0 || asprintf(&pp, "%s.pub", name) < 0) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    if (access(kp, F_OK) == 0 || access(pp, F_OK) == 0) {
        rc = lectern_error_set(err, LECTERN_EINVAL, "%s: already exists; not overwriting a key",
                               access(kp, F_OK) == 0 ? kp : pp);
        goto out;
    }
    ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
    if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_keygen(ctx, &k) != 1) {
        rc = lectern_error_set(err, LECTERN_ESIGNATURE, "Ed25519 key generation failed (OpenSSL)");
        goto out;
    }
    if ((rc = write_pem(kp, k, 1, err)) < 0)
        goto out;
    if ((rc = write_pem(pp, k, 0, err)) < 0) {
        unlink(kp);
        goto out;
    }
    rc = fingerprint_of(k, fpr, NULL, err);
out:
    EVP_PKEY_free(k);
    EVP_PKEY_CTX_free(ctx);
    free(kp);
    free(pp);
    return rc;
}

/* See sign.h. */
int lectern_sign_key_fingerprint(const char *key_path, char fpr[65], lectern_error *err)
{
    EVP_PKEY *k;
    int rc = load_key(key_path, 0, &k, err);
    if (rc < 0)
        return rc;
    rc = fingerprint_of(k, fpr, NULL, err);
    EVP_PKEY_free(k);
    return rc;
}

/* See sign.h. */
int lectern_sign_make(const char *key_path, const void *data, size_t len, char **sig_text,
                      lectern_error *err)
{
    int rc = 0;
    EVP_PKEY *k = NULL;
    EVP_MD_CTX *md = NULL;
    unsigned char sig[64], raw[32];
    char fpr[65], sig64[89], pub64[45];
    size_t slen = sizeof sig;
    *sig_text = NULL;
    if ((rc = load_key(key_path, 1, &k, err)) < 0)
        return rc;
    if ((rc = fingerprint_of(k, fpr, raw, err)) < 0)
        goto out;
    md = EVP_MD_CTX_new();
    if (!md || EVP_DigestSignInit(md, NULL, NULL, NULL, k) != 1 ||
        EVP_DigestSign(md, sig, &slen, data, len) != 1 || slen != 64) {
        rc = lectern_error_set(err, LECTERN_ESIGNATURE, "%s: signing failed (OpenSSL)", key_path);
        goto out;
    }
    EVP_EncodeBlock((unsigned char *)sig64, sig, 64);
    EVP_EncodeBlock((unsigned char *)pub64, raw, 32);
    if (asprintf(sig_text,
                 "{\n  \"algorithm\": \"ed25519\",\n  \"key\": \"%s\",\n  \"public_key\": \"%s\",\n"
                 "  \"signature\": \"%s\"\n}\n", fpr, pub64, sig64) < 0) {
        *sig_text = NULL;
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    }
out:
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(k);
    return rc;
}

static int b64_decode(const char *s, unsigned char *out, size_t want)
{
    size_t n = strlen(s);
    unsigned char tmp[128];
    if (n % 4 || n > 4 * ((sizeof tmp) / 3))
        return -1;
    int k = EVP_DecodeBlock(tmp, (const unsigned char *)s, (int)n);
    if (k < 0)
        return -1;
    size_t pad = (n && s[n - 1] == '=') + (n > 1 && s[n - 2] == '=');
    if ((size_t)k - pad != want)
        return -1;
    memcpy(out, tmp, want);
    return 0;
}

/* See sign.h. */
int lectern_sign_check(const char *sig_text, size_t sig_len, const void *data, size_t len,
                       const char *pub_path, char fpr[65], lectern_error *err)
{
    int rc = 0;
    cJSON *j = NULL;
    EVP_PKEY *k = NULL, *want = NULL;
    EVP_MD_CTX *md = NULL;
    unsigned char raw[32], sig[64];
    char hex[65];
    if ((rc = lectern_json_parse(sig_text, sig_len, LECTERN_SIGNATURE, &j, NULL, NULL, err)) < 0)
        return rc;
    const cJSON *alg = cJSON_GetObjectItemCaseSensitive(j, "algorithm");
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(j, "key");
    const cJSON *pub = cJSON_GetObjectItemCaseSensitive(j, "public_key");
    const cJSON *sg = cJSON_GetObjectItemCaseSensitive(j, "signature");
    if (!cJSON_IsString(alg) || strcmp(alg->valuestring, "ed25519")) {
        rc = lectern_error_set(err, LECTERN_EUNSUPPORTED, "lectern.sig: algorithm: only \"ed25519\" is supported");
        goto out;
    }
    if (!cJSON_IsString(key) || !cJSON_IsString(pub) || !cJSON_IsString(sg) ||
        b64_decode(pub->valuestring, raw, 32) < 0 || b64_decode(sg->valuestring, sig, 64) < 0) {
        rc = lectern_error_set(err, LECTERN_ESIGNATURE,
                               "lectern.sig: key, public_key and signature must be a fingerprint and base64 texts");
        goto out;
    }
    lectern_sha256_hex(raw, 32, hex);
    if (strcmp(hex, key->valuestring)) {
        rc = lectern_error_set(err, LECTERN_ESIGNATURE,
                               "lectern.sig: key: fingerprint %.16s... does not match the public key it carries (%.16s...)",
                               key->valuestring, hex);
        goto out;
    }
    if (pub_path) {
        char wf[65];
        if ((rc = load_key(pub_path, 0, &want, err)) < 0 || (rc = fingerprint_of(want, wf, NULL, err)) < 0)
            goto out;
        if (strcmp(wf, hex)) {
            rc = lectern_error_set(err, LECTERN_ESIGNATURE,
                                   "lectern.sig: signed by another key: expected %s (%s), found %s",
                                   wf, pub_path, hex);
            goto out;
        }
    }
    k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw, 32);
    md = EVP_MD_CTX_new();
    if (!k || !md || EVP_DigestVerifyInit(md, NULL, NULL, NULL, k) != 1) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "Ed25519 unavailable (OpenSSL)");
        goto out;
    }
    if (EVP_DigestVerify(md, sig, 64, data, len) != 1) {
        rc = lectern_error_set(err, LECTERN_ESIGNATURE,
                               "lectern.sig: the signature does not match lectern.json (lectern.json was altered "
                               "after signing, or the signature is damaged); do not trust this package");
        goto out;
    }
    if (fpr)
        memcpy(fpr, hex, 65);
out:
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(k);
    EVP_PKEY_free(want);
    cJSON_Delete(j);
    return rc;
}

/* Reads a whole named entry (at most max bytes); *data NUL-terminated. */
static int read_entry(zip_t *za, const char *pkg, const char *name, size_t max, char **data,
                      size_t *len, lectern_error *err)
{
    zip_stat_t st;
    *data = NULL;
    zip_int64_t i = zip_name_locate(za, name, ZIP_FL_ENC_RAW);
    if (i < 0)
        return LECTERN_ENOTFOUND;
    if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || st.size > max)
        return lectern_error_set(err, LECTERN_ELIMIT, "%s: entry '%s': too large or unreadable", pkg, name);
    char *buf = malloc((size_t)st.size + 1);
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
    zip_int64_t k = zf && buf ? zip_fread(zf, buf, st.size) : -1;
    char extra;
    int more = zf && k >= 0 && zip_fread(zf, &extra, 1) != 0;   /* reads to the end: CRC check */
    if (zf)
        zip_fclose(zf);
    if (!buf || k < 0 || (zip_uint64_t)k != st.size || more) {
        free(buf);
        return lectern_error_set(err, LECTERN_EHASH, "%s: entry '%s': cannot be read (damaged package)", pkg, name);
    }
    buf[k] = '\0';
    *data = buf;
    *len = (size_t)k;
    return 0;
}

/* See sign.h. */
int lectern_sign_check_package(const char *pkg_path, const char *pub_path,
                               lectern_sig_info *info, lectern_error *err)
{
    int rc, ze = 0;
    char *json = NULL, *sig = NULL;
    size_t jl = 0, sl = 0;
    lectern_sig_info tmp;
    if (!info)
        info = &tmp;
    memset(info, 0, sizeof *info);
    zip_t *za = zip_open(pkg_path, ZIP_RDONLY, &ze);
    if (!za)
        return lectern_error_set(err, LECTERN_EFORMAT, "%s: cannot open as a package", pkg_path);
    rc = read_entry(za, pkg_path, LECTERN_MANIFEST, LECTERN_JSON_MAX_BYTES, &json, &jl, err);
    if (rc == LECTERN_ENOTFOUND)
        rc = lectern_error_set(err, LECTERN_EFORMAT, "%s: lectern.json is missing", pkg_path);
    if (rc < 0)
        goto out;
    rc = read_entry(za, pkg_path, LECTERN_SIGNATURE, SIG_MAX_BYTES, &sig, &sl, err);
    if (rc == LECTERN_ENOTFOUND) {
        rc = pub_path ? lectern_error_set(err, LECTERN_ESIGNATURE,
                                          "%s: not signed (no lectern.sig), but a signature by %s was required",
                                          pkg_path, pub_path)
                      : 0;
        goto out;
    }
    if (rc < 0)
        goto out;
    info->signed_ = 1;
    rc = lectern_sign_check(sig, sl, json, jl, pub_path, info->fingerprint, err);
    if (rc < 0)
        lectern_error_prefix(err, "%s", pkg_path);
out:
    zip_discard(za);
    free(json);
    free(sig);
    return rc;
}
