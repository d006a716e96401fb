/* Trusted author keys (library.h): PEM Ed25519 public keys in
 * <config_dir>/trusted-keys/, added by copy (temp + rename), listed with
 * their fingerprints, removed by name or fingerprint, and the check that
 * classifies a package as trusted, signed by an unknown key, or unsigned. */
#include "lectern/library.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "addendum_internal.h"
#include "lectern/log.h"
#include "lectern/sign.h"
#include "tmpfile.h"

#define TAG "trust"
#define KEY_MAX_BYTES 16384

const char *lectern_trust_name(lectern_trust t)
{
    switch (t) {
    case LECTERN_TRUST_TRUSTED: return "trusted";
    case LECTERN_TRUST_UNTRUSTED: return "signed by an unknown key";
    case LECTERN_TRUST_UNSIGNED: return "unsigned";
    }
    return "unknown";
}

void lectern_trusted_key_clear(lectern_trusted_key *k)
{
    if (!k)
        return;
    free(k->name);
    free(k->path);
    memset(k, 0, sizeof *k);
}

void lectern_trusted_keys_free(lectern_trusted_key *k, size_t n)
{
    for (size_t i = 0; k && i < n; i++)
        lectern_trusted_key_clear(&k[i]);
    free(k);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const lectern_trusted_key *)a)->name, ((const lectern_trusted_key *)b)->name);
}

/* See library.h. */
int lectern_trust_list(const char *config_dir, lectern_trusted_key **keys, size_t *n,
                       lectern_error *err)
{
    int rc = 0;
    char *dir = NULL;
    DIR *d = NULL;
    lectern_trusted_key *v = NULL;
    size_t cnt = 0, cap = 0;
    *keys = NULL;
    *n = 0;
    if (!config_dir)
        return 0;
    if (asprintf(&dir, "%s/trusted-keys", config_dir) < 0)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    if (!(d = opendir(dir))) {
        if (errno != ENOENT)
            rc = lectern_error_set(err, LECTERN_EIO, "%s: %s", dir, strerror(errno));
        goto out;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < 5 || strcmp(de->d_name + l - 4, ".pub"))
            continue;
        lectern_trusted_key k = {0};
        lectern_error ke = {0};
        if (asprintf(&k.path, "%s/%s", dir, de->d_name) < 0 || !(k.name = strndup(de->d_name, l - 4))) {
            free(k.path);
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            goto out;
        }
        if (lectern_sign_key_fingerprint(k.path, k.fingerprint, &ke) < 0) {
            LOG_WARN(TAG, "%s: skipped: %s", k.path, ke.msg);
            lectern_trusted_key_clear(&k);
            continue;
        }
        if (cnt == cap) {
            size_t nc = cap ? cap * 2 : 8;
            lectern_trusted_key *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                lectern_trusted_key_clear(&k);
                rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
                goto out;
            }
            v = nv;
            cap = nc;
        }
        v[cnt++] = k;
    }
    if (cnt)
        qsort(v, cnt, sizeof *v, cmp_key);
    *keys = v;
    *n = cnt;
    v = NULL;
    cnt = 0;
out:
    if (d)
        closedir(d);
    lectern_trusted_keys_free(v, cnt);
    free(dir);
    return rc;
}

/* See library.h. */
int lectern_trust_add(const char *config_dir, const char *pub_path, lectern_trusted_key *out,
                      lectern_error *err)
{
    int rc = 0, fd = -1;
    char *data = NULL, *name = NULL, *dir = NULL, *dest = NULL, *tmp = NULL;
    size_t len = 0, nk = 0;
    lectern_trusted_key *keys = NULL;
    char fpr[65];
    if (out)
        memset(out, 0, sizeof *out);
    if (!config_dir || !pub_path)
        return lectern_error_set(err, LECTERN_EINVAL, "trust add needs a config folder and a key file");
    if ((rc = lectern_slurp(pub_path, KEY_MAX_BYTES, &data, &len, err)) < 0)
        goto out;
    if (!strstr(data, "-----BEGIN PUBLIC KEY-----")) {
        rc = lectern_error_set(err, LECTERN_ESIGNATURE, "%s: not a PEM public key%s", pub_path,
                               strstr(data, "PRIVATE KEY") ? " (this is a private key: give NAME.pub, and keep NAME.key secret)" : "");
        goto out;
    }
    if ((rc = lectern_sign_key_fingerprint(pub_path, fpr, err)) < 0)
        goto out;
    const char *base = strrchr(pub_path, '/');
    base = base ? base + 1 : pub_path;
    size_t bl = strlen(base);
    if (bl > 4 && !strcmp(base + bl - 4, ".pub"))
        bl -= 4;
    if (!(name = strndup(base, bl))) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    for (char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' ||
              *c == '_' || (*c == '.' && c != name)))
            *c = '_';
    if (!*name) {
        rc = lectern_error_set(err, LECTERN_EINVAL, "%s: the key file needs a name", pub_path);
        goto out;
    }
    if ((rc = lectern_trust_list(config_dir, &keys, &nk, err)) < 0)
        goto out;
    for (size_t i = 0; i < nk; i++) {
        int same_fpr = !strcmp(keys[i].fingerprint, fpr), same_name = !strcmp(keys[i].name, name);
        if (same_fpr) {                         /* already trusted: nothing to do */
            if (out) {
                *out = keys[i];
                memset(&keys[i], 0, sizeof keys[i]);
            }
            goto out;
        }
        if (same_name) {
            rc = lectern_error_set(err, LECTERN_EINVAL,
                                   "a different key named '%s' is already trusted (%s); remove it first "
                                   "(`lectern trust remove %s`) or rename the file", name, keys[i].fingerprint, name);
            goto out;
        }
    }
    if (asprintf(&dir, "%s/trusted-keys", config_dir) < 0 || asprintf(&dest, "%s/%s.pub", dir, name) < 0) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = lectern_mkdirs(dir, 0755, err)) < 0)
        goto out;
    if ((fd = lectern_tmp_create(dest, &tmp, err)) < 0) {
        rc = fd;
        goto out;
    }
    if (lectern_write_all(fd, data, len) < 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot write: %s%s", tmp, strerror(e), lectern_disk_hint(e));
        goto out;
    }
    if ((rc = lectern_tmp_commit(fd, tmp, dest, err)) < 0)
        goto out;
    LOG_INFO(TAG, "trusted %s (%s)", name, fpr);
    if (out) {
        out->name = name;
        out->path = dest;
        memcpy(out->fingerprint, fpr, 65);
        name = dest = NULL;
    }
out:
    lectern_trusted_keys_free(keys, nk);
    free(data);
    free(name);
    free(dir);
    free(dest);
    free(tmp);
    return rc;
}

/* See library.h. */
int lectern_trust_remove(const char *config_dir, const char *name_or_fpr, lectern_error *err)
{
    lectern_trusted_key *keys = NULL;
    size_t nk = 0, hit = 0, nhit = 0;
    int rc = lectern_trust_list(config_dir, &keys, &nk, err);
    if (rc < 0)
        return rc;
    size_t ql = name_or_fpr ? strlen(name_or_fpr) : 0;
    for (size_t i = 0; i < nk; i++) {
        int by_name = !strcmp(keys[i].name, name_or_fpr);
        int by_fpr = ql >= 8 && ql <= 64 && !strncmp(keys[i].fingerprint, name_or_fpr, ql);
        if (by_name) {
            hit = i;
            nhit = 1;
            break;
        }
        if (by_fpr) {
            hit = i;
            nhit++;
        }
    }
    if (nhit == 0)
        rc = lectern_error_set(err, LECTERN_ENOTFOUND, "no trusted key named or with fingerprint '%s'%s",
                               name_or_fpr ? name_or_fpr : "", nk ? "" : " (no key is trusted)");
    else if (nhit > 1)
        rc = lectern_error_set(err, LECTERN_EINVAL, "'%s' matches %zu keys; give more of the fingerprint",
                               name_or_fpr, nhit);
    else if (unlink(keys[hit].path) != 0)
        rc = lectern_error_set(err, LECTERN_EIO, "%s: %s", keys[hit].path, strerror(errno));
    lectern_trusted_keys_free(keys, nk);
    return rc;
}

/* See library.h. */
int lectern_trust_check(const char *config_dir, const char *pkg_path, lectern_trust *status,
                        char fpr[65], lectern_error *err)
{
    lectern_sig_info si;
    lectern_trusted_key *keys = NULL;
    size_t nk = 0;
    *status = LECTERN_TRUST_UNSIGNED;
    if (fpr)
        fpr[0] = '\0';
    int rc = lectern_sign_check_package(pkg_path, NULL, &si, err);
    if (rc < 0 || !si.signed_)
        return rc;
    if (fpr)
        memcpy(fpr, si.fingerprint, 65);
    *status = LECTERN_TRUST_UNTRUSTED;
    if ((rc = lectern_trust_list(config_dir, &keys, &nk, err)) < 0)
        return rc;
    for (size_t i = 0; i < nk; i++)
        if (!strcmp(keys[i].fingerprint, si.fingerprint))
            *status = LECTERN_TRUST_TRUSTED;
    lectern_trusted_keys_free(keys, nk);
    return 0;
}
