/* Package verification: zip consistency (central directory against local
 * headers), the reader's structural checks, then size, CRC and SHA-256 of
 * every entry on several threads (one zip handle each); the first bad
 * entry in name order is reported. */
#include "reader_internal.h"

#include <string.h>
#include <unistd.h>

typedef struct verify_job {
    lectern_reader *r;
    size_t next;
    size_t bad;                 /* lowest failing entry, or r->n */
    lectern_error err;
    pthread_mutex_t lock;
} verify_job;

static void fail_at(verify_job *j, size_t i, const lectern_error *e)
{
    pthread_mutex_lock(&j->lock);
    if (i < j->bad) {
        j->bad = i;
        j->err = *e;
    }
    pthread_mutex_unlock(&j->lock);
}

static void *verify_worker(void *arg)
{
    verify_job *j = arg;
    int ze = 0;
    lectern_error e = {0};
    zip_t *za = zip_open(j->r->path, ZIP_RDONLY, &ze);
    if (!za) {
        lectern_error_set(&e, LECTERN_EIO, "%s: cannot reopen (libzip error %d)", j->r->path, ze);
        fail_at(j, 0, &e);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t i = j->next++;
        int stop = i >= j->r->n || j->bad < j->r->n;
        pthread_mutex_unlock(&j->lock);
        if (stop)
            break;
        if (lectern_reader_zip_check_with(j->r, za, &j->r->entries[i], -1, &e) < 0)
            fail_at(j, i, &e);
    }
    zip_discard(za);
    return NULL;
}

/* Checks every entry with up to 4 threads. */
static int verify_entries(lectern_reader *r, lectern_error *err)
{
    verify_job j = {.r = r, .bad = r->n};
    pthread_t th[4];
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = ncpu < 1 ? 1 : ncpu > 4 ? 4 : (size_t)ncpu, started = 0;
    if (nt > r->n)
        nt = r->n ? r->n : 1;
    pthread_mutex_init(&j.lock, NULL);
    for (size_t t = 1; t < nt; t++)
        if (pthread_create(&th[t], NULL, verify_worker, &j) == 0)
            started = t;
        else
            break;
    verify_worker(&j);
    for (size_t t = 1; t <= started; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&j.lock);
    if (j.bad < r->n) {
        if (err)
            *err = j.err;
        return j.err.code ? j.err.code : LECTERN_EHASH;
    }
    return 0;
}

/* See package.h. */
int lectern_package_verify(const char *path, lectern_verify_report *report,
                           lectern_error *err)
{
    lectern_reader *r = NULL;
    int rc, ze = 0;
    if (report)
        memset(report, 0, sizeof *report);
    if (lectern_is_dir(path))
        return lectern_error_set(err, LECTERN_EINVAL, "%s: is a folder; verify takes a .lectern package "
                                 "(use `lectern-pack check` for a source folder)", path);
    if ((rc = lectern_reader_open(path, 0, &r, err)) < 0)
        return rc;
    /* then the stricter libzip pass: local headers against the central directory */
    zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!za) {
        zip_error_t zerr;
        zip_error_init_with_code(&zerr, ze);
        rc = lectern_error_set(err, LECTERN_EFORMAT,
                               "%s: damaged zip: %s (local headers disagree with the central directory)",
                               path, zip_error_strerror(&zerr));
        zip_error_fini(&zerr);
        goto out;
    }
    zip_discard(za);
    if (r->kind != LECTERN_SOURCE_PACKAGE) {
        rc = lectern_error_set(err, LECTERN_EFORMAT,
                               "%s: not a Lectern package (no lectern.json): an unverified zip of a course folder",
                               path);
        goto out;
    }
    if ((rc = verify_entries(r, err)) < 0)
        goto out;
    if (report) {
        report->n_files = r->n;
        for (size_t i = 0; i < r->n; i++)
            report->bytes += r->entries[i].info.size;
        report->signed_ = r->has_sig;
    }
    rc = 0;
out:
    lectern_reader_close(r);
    return rc;
}
