/* Diffing against a course source folder without building it: the folder
 * is listed and hashed the way lectern_package_build does (same listing,
 * reserved names, limits, id/version/title from course.json, SHA-256 in
 * parallel threads), so the manifest is the one a build would write; only
 * the files the addendum carries are then read again and written. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "addendum_internal.h"
#include "json.h"
#include "reader_internal.h"
#include "zip_write.h"

#define CHUNK (1u << 20)

typedef struct scan_job {
    const char *root;
    dir_file *files;
    size_t n, next, bad;
    char (*hex)[65];
    lectern_error err;
    pthread_mutex_t lock;
} scan_job;

/* SHA-256 (and CRC-32 when crc is not NULL) of root/name; checks the size. */
static int hash_path(const char *root, const char *name, uint64_t size, unsigned char *buf,
                     char hex[65], uint32_t *crc, lectern_error *err)
{
    int rc = 0;
    char *full = NULL;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    uLong c = crc32(0L, Z_NULL, 0);
    uint64_t got = 0;
    int fd = -1;
    if (!ctx || asprintf(&full, "%s/%s", root, name) < 0) {
        full = NULL;
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0 || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot read: %s", full, strerror(errno));
        goto out;
    }
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    for (;;) {
        ssize_t k = read(fd, buf, CHUNK);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = lectern_error_set(err, LECTERN_EIO, "%s: %s", full, strerror(errno));
            goto out;
        }
        if (k == 0)
            break;
        EVP_DigestUpdate(ctx, buf, (size_t)k);
        if (crc)
            c = crc32(c, buf, (uInt)k);
        got += (uint64_t)k;
    }
    if (got != size) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: changed while making the addendum; try again", full);
        goto out;
    }
    unsigned char md[32];
    unsigned int mdlen;
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    lectern_hex32(md, hex);
    if (crc)
        *crc = (uint32_t)c;
out:
    if (fd >= 0)
        close(fd);
    EVP_MD_CTX_free(ctx);
    free(full);
    return rc;
}

static void *scan_worker(void *arg)
{
    scan_job *j = arg;
    unsigned char *buf = malloc(CHUNK);
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t i = j->next++;
        int stop = i >= j->n || j->bad < j->n;
        pthread_mutex_unlock(&j->lock);
        if (stop)
            break;
        lectern_error e = {0};
        int rc = buf ? hash_path(j->root, j->files[i].name, j->files[i].size, buf, j->hex[i], NULL, &e)
                     : lectern_error_set(&e, LECTERN_ENOMEM, "out of memory");
        if (rc < 0) {
            pthread_mutex_lock(&j->lock);
            if (i < j->bad) {
                j->bad = i;
                j->err = e;
            }
            pthread_mutex_unlock(&j->lock);
        }
    }
    free(buf);
    return NULL;
}

/* See addendum_internal.h. */
int addendum_scan_dir(const char *root, lectern_manifest *m, lectern_error *err)
{
    dir_file *files = NULL;
    size_t n = 0;
    scan_job j = {0};
    uint64_t total = 0;
    int rc;
    memset(m, 0, sizeof *m);
    if ((rc = lectern_manifest_from_course_dir(root, m, err)) < 0 || (rc = lectern_dir_list(root, &files, &n, err)) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(files[i].name, "mimetype") || !strcmp(files[i].name, LECTERN_MANIFEST) ||
            !strcmp(files[i].name, LECTERN_SIGNATURE)) {
            rc = lectern_error_set(err, LECTERN_EFORMAT, "%s/%s: reserved name in a course folder; rename it", root,
                                   files[i].name);
            goto out;
        }
        if (files[i].size > LECTERN_MAX_ENTRY_BYTES) {
            rc = lectern_error_set(err, LECTERN_ELIMIT, "%s/%s: %llu bytes, over the per-file limit", root,
                                   files[i].name, (unsigned long long)files[i].size);
            goto out;
        }
        total += files[i].size;
    }
    if (total > LECTERN_MAX_TOTAL_BYTES) {
        rc = lectern_error_set(err, LECTERN_ELIMIT, "%s: files add up to %llu bytes, over the package limit", root,
                               (unsigned long long)total);
        goto out;
    }
    j.root = root;
    j.files = files;
    j.n = n;
    j.bad = n;
    j.hex = calloc(n ? n : 1, sizeof *j.hex);
    m->files = calloc(n ? n : 1, sizeof *m->files);
    if (!j.hex || !m->files) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    pthread_t th[8];
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (size_t)ncpu, started = 0;
    pthread_mutex_init(&j.lock, NULL);
    for (size_t t = 1; t < nt && t < n; t++)
        if (pthread_create(&th[t], NULL, scan_worker, &j) == 0)
            started = t;
        else
            break;
    scan_worker(&j);
    for (size_t t = 1; t <= started; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&j.lock);
    if (j.bad < n) {
        if (err)
            *err = j.err;
        rc = j.err.code ? j.err.code : LECTERN_EIO;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        m->files[i].path = files[i].name;
        files[i].name = NULL;
        m->files[i].size = files[i].size;
        memcpy(m->files[i].sha256, j.hex[i], 65);
        m->n_files = i + 1;
    }
out:
    free(j.hex);
    lectern_dir_list_free(files, n);
    if (rc < 0)
        lectern_manifest_free(m);
    return rc;
}

/* See addendum_internal.h. */
int addendum_add_from_dir(lectern_zipw *zw, const char *root, const lectern_manifest_file *f,
                          lectern_error *err)
{
    int rc, fd = -1;
    char hex[65], *full = NULL;
    uint32_t crc = 0;
    unsigned char *buf = malloc(CHUNK);
    if (!buf)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    /* hash again with the CRC: the file must still be what was listed */
    if ((rc = hash_path(root, f->path, f->size, buf, hex, &crc, err)) < 0)
        goto out;
    if (asprintf(&full, "%s/%s", root, f->path) < 0) {
        full = NULL;
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    if (strcmp(hex, f->sha256)) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: changed while making the addendum; try again", full);
        goto out;
    }
    fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot read: %s", full, strerror(errno));
        goto out;
    }
    rc = lectern_zipw_add_fd(zw, f->path, fd, f->size, crc, !lectern_is_stored_ext(f->path), full, err);
out:
    if (fd >= 0)
        close(fd);
    free(full);
    free(buf);
    return rc;
}
