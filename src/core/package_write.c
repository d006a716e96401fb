/* The one-pass way lectern_package_build writes a package: every offset is
 * known before any hash (lectern.json is stored and its length does not
 * depend on the hashes; text files are deflated into memory first), so
 * threads read each media file once, hash it (SHA-256, CRC-32) and write
 * it to its place in the temporary file while earlier data goes to disk
 * (a file whose sums the hash cache has is copied by the kernel); the
 * headers, lectern.json and the central directory follow. Same bytes as
 * the two-pass way (package_build.c), which stays for very large text. */
#include "reader_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_hash.h"
#include "package_write.h"
#include "tmpfile.h"
#include "zip_write.h"

#define WRITEBACK_BYTES (32u << 20)     /* start writeback every 32 MiB written */
#define DOING "building"

typedef struct pw_job {
    const char *root;
    pw_file *f;
    size_t n;
    size_t *order;                      /* work order: biggest first */
    int out_fd;
    int phase;                          /* 1: deflate text, 2: media and writes */
    const lectern_hcache *cache;        /* or NULL */
    pthread_mutex_t copy_lock;          /* one kernel copy into the package at a time */
} pw_job;

static int pwrite_all(int fd, const unsigned char *p, size_t len, uint64_t at)
{
    while (len) {
        ssize_t k = pwrite(fd, p, len, (off_t)at);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        len -= (size_t)k;
        at += (uint64_t)k;
    }
    return 0;
}

/* Where one file's bytes go as they are read (lectern_fhash_read calls
 * `placed` or `kept` with each chunk). */
typedef struct sink {
    int src_fd, out_fd;
    pthread_mutex_t *copy_lock;
    pw_file *f;
    uint64_t synced;                    /* bytes whose writeback was started */
    unsigned char *whole;               /* phase 1: the file in memory */
} sink;

static int write_error(const pw_file *f, lectern_error *err)
{
    int e = errno ? errno : EIO;
    return lectern_error_set(err, LECTERN_EIO, "writing the package (data, entry '%s'): %s%s", f->name, strerror(e),
                             lectern_disk_hint(e));
}

/* Starts writeback of what was written since the last call once 32 MiB
 * (or, with all, anything) is pending, so the final fsync has little left. */
static void start_writeback(sink *k, uint64_t written, int all)
{
    if (written > k->synced && (all || written - k->synced >= WRITEBACK_BYTES)) {
        sync_file_range(k->out_fd, (off_t)(k->f->data_off + k->synced), (off_t)(written - k->synced),
                        SYNC_FILE_RANGE_WRITE);
        k->synced = written;
    }
}

/* Puts len bytes of the file, just hashed from data, at their place in
 * the package. pwrite from the block still in the CPU cache costs less
 * kernel time than having the kernel copy the pages (copy_file_range:
 * measured), and what is written is exactly what was hashed. */
static int placed(void *user, const unsigned char *data, size_t len, uint64_t at, lectern_error *err)
{
    sink *k = user;
    if (pwrite_all(k->out_fd, data, len, k->f->data_off + at) != 0)
        return write_error(k->f, err);
    start_writeback(k, at + len, 0);
    return 0;
}

static int kept(void *user, const unsigned char *data, size_t len, uint64_t at, lectern_error *err)
{
    (void)err;
    memcpy(((sink *)user)->whole + at, data, len);
    return 0;
}

/* A media file whose sums the hash cache gave: the kernel copies it
 * without reading it here; it must not change meanwhile (same size, times
 * and inode after the copy as when it was looked up). */
static int copy_cached(sink *k, const char *full, lectern_error *err)
{
    pw_file *f = k->f;
    loff_t in = 0, out = (loff_t)f->data_off;
    uint64_t left = f->size;
    while (left) {
        size_t take = left > WRITEBACK_BYTES ? WRITEBACK_BYTES : (size_t)left;
        /* copies into one file take its inode lock: two threads copying at
         * once only spin on it (measured); the other thread hashes, or
         * starts writeback, meanwhile */
        pthread_mutex_lock(k->copy_lock);
        ssize_t c = copy_file_range(k->src_fd, &in, k->out_fd, &out, take, 0);
        pthread_mutex_unlock(k->copy_lock);
        if (c < 0 && errno == EINTR)
            continue;
        if (c == 0)
            return lectern_error_set(err, LECTERN_EIO, "%s: changed while " DOING " (shrank); try again", full);
        if (c < 0) {
            if (errno != EXDEV && errno != ENOSYS && errno != EOPNOTSUPP && errno != EINVAL)
                return write_error(f, err);
            /* no kernel copy here: read and write (the sums stay the cache's) */
            ssize_t r = pread(k->src_fd, k->whole, take < FHASH_CHUNK ? take : FHASH_CHUNK, in);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                return lectern_error_set(err, LECTERN_EIO, "%s: changed while " DOING "; try again", full);
            if (pwrite_all(k->out_fd, k->whole, (size_t)r, (uint64_t)out) != 0)
                return write_error(f, err);
            in += r;
            out += r;
            c = r;
        }
        left -= (uint64_t)c;
        start_writeback(k, (uint64_t)in, 0);
    }
    start_writeback(k, f->size, 1);
    struct stat now;
    if (fstat(k->src_fd, &now) != 0 || !lectern_fhash_same(&now, &f->st))
        return lectern_error_set(err, LECTERN_EIO, "%s: changed while " DOING "; try again", full);
    return 0;
}

/* Reads the whole file (size bytes, no more): hashes it, and either keeps
 * it deflated in memory (phase 1) or writes it at f->data_off (phase 2);
 * or, in phase 2 with a trusted hash-cache entry, only copies it. */
static int do_file(pw_job *j, pw_file *f, fhash_scratch *s, lectern_error *err)
{
    char *full = NULL;
    sink k = {.out_fd = j->out_fd, .f = f, .copy_lock = &j->copy_lock};
    int rc = 0;
    f->hashed_at = lectern_hcache_clock();
    k.src_fd = lectern_fhash_open(j->root, f->name, f->size, DOING, &full, &f->st, err);
    if (k.src_fd < 0) {
        rc = k.src_fd;
        goto out;
    }
    if (j->phase == 2 && lectern_hcache_get(j->cache, f->name, &f->st, f->hex, &f->crc, &f->hashed_at)) {
        f->cached = 1;
        k.whole = s->buf;               /* FHASH_CHUNK bytes to bounce through if the kernel cannot copy */
        uint64_t t0 = lectern_fhash_now();
        rc = copy_cached(&k, full, err);
        s->ns_write += lectern_fhash_now() - t0;
        goto out;
    }
    if (j->phase == 1 && !(k.whole = malloc(f->size ? (size_t)f->size : 1))) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory reading %s", full);
        goto out;
    }
    rc = lectern_fhash_read(k.src_fd, f->size, FHASH_SHA | FHASH_CRC, s, k.whole ? kept : placed, &k, full, DOING,
                            f->hex, &f->crc, err);
    if (rc < 0)
        goto out;
    if (k.whole) {
        size_t zl;
        if (lectern_zipw_deflate_mem(k.whole, (size_t)f->size, &f->zdata, &zl) != 0) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory compressing %s", full);
            goto out;
        }
        f->csize = zl;
    } else {
        start_writeback(&k, f->size, 1);
    }
out:
    if (k.src_fd >= 0)
        close(k.src_fd);
    if (j->phase == 1)
        free(k.whole);
    free(full);
    return rc;
}

static int do_item(void *user, size_t i, fhash_scratch *s, lectern_error *err)
{
    pw_job *j = user;
    pw_file *f = &j->f[i];
    if (j->phase == 1)
        return f->deflate ? do_file(j, f, s, err) : 0;
    if (!f->deflate)
        return do_file(j, f, s, err);
    uint64_t t0 = lectern_fhash_now();
    int rc = pwrite_all(j->out_fd, f->zdata, (size_t)f->csize, f->data_off) == 0 ? 0 : write_error(f, err);
    s->ns_write += lectern_fhash_now() - t0;
    return rc;
}

static const pw_file *sort_base;

static int bigger_first(const void *a, const void *b)
{
    uint64_t x = sort_base[*(const size_t *)a].size, y = sort_base[*(const size_t *)b].size;
    return x < y ? 1 : x > y ? -1 : (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

/* See package_write.h. */
int lectern_pw_fits(const pw_file *f, size_t n)
{
    uint64_t text = 0;
    for (size_t i = 0; i < n; i++)
        if (f[i].deflate) {
            if (f[i].size > PW_TEXT_MAX)
                return 0;
            text += f[i].size;
        }
    return text <= PW_TEXT_TOTAL_MAX;
}

/* See package_write.h. */
int lectern_pw_write(const char *root, pw_file *f, size_t n, int out_fd, uint64_t content_off,
                     const lectern_hcache *cache, lectern_error *err)
{
    static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;
    pw_job j = {.root = root, .f = f, .n = n, .out_fd = out_fd, .cache = cache};
    int rc = 0;
    j.order = malloc((n ? n : 1) * sizeof *j.order);
    if (!j.order)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        j.order[i] = i;
    pthread_mutex_lock(&sort_lock);
    sort_base = f;
    qsort(j.order, n, sizeof *j.order, bigger_first);
    pthread_mutex_unlock(&sort_lock);
    pthread_mutex_init(&j.copy_lock, NULL);
    /* 1: text files hashed and deflated into memory: their sizes fix the layout */
    j.phase = 1;
    if ((rc = lectern_fhash_run(n, j.order, do_item, &j, "build: text", err)) < 0)
        goto out;
    uint64_t off = content_off;
    for (size_t i = 0; i < n; i++) {
        if (!f[i].deflate)
            f[i].csize = f[i].size;
        f[i].header_off = off;
        f[i].data_off = off + lectern_zipw_header_size(f[i].name, f[i].size, f[i].deflate);
        off = f[i].data_off + f[i].csize;
    }
    /* 2: media read once, hashed and written in place; text written */
    j.phase = 2;
    rc = lectern_fhash_run(n, j.order, do_item, &j, "build: media", err);
out:
    pthread_mutex_destroy(&j.copy_lock);
    free(j.order);
    return rc;
}

/* See package_write.h. */
void lectern_pw_free(pw_file *f, size_t n)
{
    for (size_t i = 0; f && i < n; i++)
        free(f[i].zdata);
    free(f);
}
