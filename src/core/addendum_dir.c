/* Diffing against a course source folder without building it: the folder
 * is listed and hashed the way lectern_package_build does (same listing,
 * reserved names, limits, id/version/title from course.json, SHA-256 in
 * parallel threads), so the manifest is the one a build would write; only
 * the files the addendum carries are then read again and written. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "addendum_internal.h"
#include "file_hash.h"
#include "json.h"
#include "reader_internal.h"
#include "zip_write.h"

#define DOING "making the addendum"

typedef struct scan_job {
    const char *root;
    dir_file *files;
    char (*hex)[65];
} scan_job;

/* SHA-256 (and CRC-32 when crc is not NULL) of root/name; checks the size. */
static int hash_path(const char *root, const char *name, uint64_t size, fhash_scratch *s, char hex[65],
                     uint32_t *crc, lectern_error *err)
{
    char *full = NULL;
    struct stat st;
    int rc = lectern_fhash_open(root, name, size, DOING, &full, &st, err);
    if (rc >= 0) {
        int fd = rc;
        rc = lectern_fhash_read(fd, size, FHASH_SHA | (crc ? FHASH_CRC : 0), s, NULL, NULL, full, DOING, hex, crc,
                                err);
        close(fd);
    }
    free(full);
    return rc;
}

static int scan_item(void *user, size_t i, fhash_scratch *s, lectern_error *err)
{
    scan_job *j = user;
    return hash_path(j->root, j->files[i].name, j->files[i].size, s, j->hex[i], NULL, err);
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
    j.hex = calloc(n ? n : 1, sizeof *j.hex);
    m->files = calloc(n ? n : 1, sizeof *m->files);
    if (!j.hex || !m->files) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = lectern_fhash_run(n, NULL, scan_item, &j, "addendum: hash", err)) < 0)
        goto out;
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
    fhash_scratch s = {.buf = malloc(FHASH_CHUNK), .md = EVP_MD_CTX_new()};
    if (!s.buf || !s.md) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    /* hash again with the CRC: the file must still be what was listed */
    if ((rc = hash_path(root, f->path, f->size, &s, hex, &crc, err)) < 0)
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
    free(s.buf);
    EVP_MD_CTX_free(s.md);
    return rc;
}
