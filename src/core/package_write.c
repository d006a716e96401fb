/* The one-pass way lectern_package_build writes a package: every offset is
 * known before any hash (lectern.json is stored and its length does not
 * depend on the hashes; text files are deflated into memory first), so
 * threads read each media file once, hash it (SHA-256, CRC-32) and write
 * it to its place in the temporary file while earlier data goes to disk:
 * the whole pages of a media file with O_DIRECT by writer threads
 * (dio_write.c), its edges and the rest through the page cache (a file
 * whose sums the hash cache has is read into the direct buffers, or
 * copied by the kernel); the headers, lectern.json and the central
 * directory follow. Same bytes as the two-pass way (package_build.c),
 * which stays for very large text. */
#include "reader_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dio_write.h"
#include "lectern/log.h"
#include "file_hash.h"
#include "package_write.h"
#include "tmpfile.h"
#include "zip_write.h"

#define WRITEBACK_BYTES (32u << 20)     /* start writeback every 32 MiB written */
#define DIO_MIN_BYTES (256u << 10)      /* fewer whole pages in a file: all through the page cache */
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
    lectern_dio *dio;                   /* direct writes (NULL: all through the page cache) */
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
    /* direct writes: package bytes [dio_lo, dio_hi) (whole pages of this
     * file's data) go through dio in DIO_CHUNK buffers; cur is being
     * filled with the bytes from cur_off */
    lectern_dio *dio;
    size_t tag;
    uint64_t dio_lo, dio_hi, cur_off;
    unsigned char *cur;
    size_t cur_len;
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

/* Decides which of the file's package bytes go direct: the whole pages
 * inside its data, when there are enough of them. */
static void plan_direct(sink *k, lectern_dio *dio, size_t tag)
{
    uint64_t lo = (k->f->data_off + DIO_ALIGN - 1) / DIO_ALIGN * DIO_ALIGN;
    uint64_t hi = (k->f->data_off + k->f->size) / DIO_ALIGN * DIO_ALIGN;
    if (dio && hi > lo && hi - lo >= DIO_MIN_BYTES) {
        k->dio = dio;
        k->tag = tag;
        k->dio_lo = lo;
        k->dio_hi = hi;
    }
}

/* Copies package bytes [out, out + len) (all inside [dio_lo, dio_hi), in
 * order) into direct buffers, queueing each one when full or at dio_hi. */
static int put_direct(sink *k, const unsigned char *data, size_t len, uint64_t out, lectern_error *err)
{
    while (len) {
        if (!k->cur) {
            if (!(k->cur = lectern_dio_buffer(k->dio))) {
                errno = EIO;            /* lectern_pw_write names the write that failed */
                return write_error(k->f, err);
            }
            k->cur_off = out;
            k->cur_len = 0;
        }
        size_t take = DIO_CHUNK - k->cur_len < len ? DIO_CHUNK - k->cur_len : len;
        memcpy(k->cur + k->cur_len, data, take);
        k->cur_len += take;
        data += take;
        len -= take;
        out += take;
        if (k->cur_len == DIO_CHUNK || out == k->dio_hi) {
            lectern_dio_submit(k->dio, k->cur, k->cur_len, k->cur_off, k->tag);
            k->cur = NULL;
        }
    }
    return 0;
}

/* Puts len bytes of the file, just hashed from data, at their place in
 * the package. pwrite from the block still in the CPU cache costs less
 * kernel time than having the kernel copy the pages (copy_file_range:
 * measured), and what is written is exactly what was hashed. With direct
 * writes, the block is copied into a direct buffer instead (its edges
 * outside [dio_lo, dio_hi) still go through the page cache). */
static int placed(void *user, const unsigned char *data, size_t len, uint64_t at, lectern_error *err)
{
    sink *k = user;
    uint64_t out = k->f->data_off + at, end = out + len;
    if (!k->dio) {
        if (pwrite_all(k->out_fd, data, len, out) != 0)
            return write_error(k->f, err);
        start_writeback(k, at + len, 0);
        return 0;
    }
    if (out < k->dio_lo) {              /* the first, partial page */
        size_t n = (size_t)((end < k->dio_lo ? end : k->dio_lo) - out);
        if (pwrite_all(k->out_fd, data, n, out) != 0)
            return write_error(k->f, err);
        data += n;
        out += n;
    }
    if (out < end && out < k->dio_hi) {
        size_t n = (size_t)((end < k->dio_hi ? end : k->dio_hi) - out);
        int rc = put_direct(k, data, n, out, err);
        if (rc < 0)
            return rc;
        data += n;
        out += n;
    }
    if (out < end && pwrite_all(k->out_fd, data, (size_t)(end - out), out) != 0)    /* the last page */
        return write_error(k->f, err);
    return 0;
}

/* A cached file with direct writes: its pages read straight into the
 * direct buffers (one copy, from the page cache), its edges through the
 * bounce buffer and the page cache. */
static int copy_direct(sink *k, const char *full, lectern_error *err)
{
    pw_file *f = k->f;
    uint64_t pos = 0;                   /* in the file */
    while (pos < f->size) {
        uint64_t out = f->data_off + pos;
        int direct = out >= k->dio_lo && out < k->dio_hi;
        uint64_t stop = direct ? k->dio_hi : out < k->dio_lo ? k->dio_lo : f->data_off + f->size;
        size_t room = direct ? DIO_CHUNK : FHASH_CHUNK;
        size_t take = stop - out > room ? room : (size_t)(stop - out);
        unsigned char *buf = direct ? lectern_dio_buffer(k->dio) : k->whole;
        if (!buf) {
            errno = EIO;
            return write_error(f, err);
        }
        for (size_t got = 0; got < take;) {
            ssize_t r = pread(k->src_fd, buf + got, take - got, (off_t)(pos + got));
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                if (direct)
                    lectern_dio_release(k->dio, buf);
                return lectern_error_set(err, LECTERN_EIO, "%s: changed while " DOING " (shrank); try again", full);
            }
            got += (size_t)r;
        }
        if (direct)
            lectern_dio_submit(k->dio, buf, take, out, k->tag);
        else if (pwrite_all(k->out_fd, buf, take, out) != 0)
            return write_error(f, err);
        pos += take;
    }
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
    uint64_t left = k->dio ? 0 : f->size;
    if (k->dio) {
        int rc = copy_direct(k, full, err);
        if (rc < 0)
            return rc;
    }
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
    if (!k->dio)
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
    if (j->phase == 2)
        plan_direct(&k, j->dio, (size_t)(f - j->f));
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
    } else if (!k.dio) {
        start_writeback(&k, f->size, 1);
    }
out:
    if (k.cur)                          /* a failure midway: the buffer goes back unwritten */
        lectern_dio_release(k.dio, k.cur);
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

/* Starts direct writes (j->dio) when some media file has enough whole
 * pages, unless LECTERN_BUILD_DIRECT=0 (tests compare both ways) or the
 * file system refuses O_DIRECT. The package's first `end` bytes are
 * reserved first: the direct writes are then overwrites of allocated
 * blocks, which ext4 runs in parallel, and a full disk shows at once. */
static int open_direct(pw_job *j, const char *out_path, uint64_t end, int *want, lectern_error *err)
{
    const char *env = getenv("LECTERN_BUILD_DIRECT");
    for (size_t i = 0; i < j->n && !(env && !strcmp(env, "0")); i++)
        if (!j->f[i].deflate && j->f[i].size >= DIO_MIN_BYTES + 2 * DIO_ALIGN)
            *want = 1;
    if (!*want || !(j->dio = lectern_dio_open(j->out_fd, out_path)))
        return 0;
    if (fallocate(j->out_fd, 0, 0, (off_t)end) != 0 &&
        (errno == ENOSPC || errno == EFBIG || errno == EDQUOT)) {
        int e = errno;          /* other refusals (no fallocate here): the writes allocate */
        return lectern_error_set(err, LECTERN_EIO, "writing the package (reserving %llu bytes): %s%s",
                                 (unsigned long long)end, strerror(e), lectern_disk_hint(e));
    }
    return 0;
}

/* See package_write.h. */
int lectern_pw_write(const char *root, pw_file *f, size_t n, int out_fd, const char *out_path,
                     uint64_t content_off, const lectern_hcache *cache, lectern_error *err)
{
    static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;
    pw_job j = {.root = root, .f = f, .n = n, .out_fd = out_fd, .cache = cache};
    int rc = 0, want = 0;
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
    /* 2: media read once, hashed and written in place (whole pages
     * direct when possible); text written */
    if ((rc = open_direct(&j, out_path, off, &want, err)) < 0)
        goto out;
    j.phase = 2;
    rc = lectern_fhash_run(n, j.order, do_item, &j, "build: media", err);
out:
    if (j.dio) {
        size_t bad;
        int e;
        uint64_t bytes[2];
        if (lectern_dio_finish(j.dio, &bad, &e, bytes) != 0) {
            errno = e;
            rc = write_error(&f[bad], err);     /* the real cause of a failure the workers saw */
        }
        LOG_DEBUG("build", "direct writes: %llu bytes; refused by the file system, through the page cache: %llu",
                  (unsigned long long)bytes[0], (unsigned long long)bytes[1]);
    } else {
        LOG_DEBUG("build", "direct writes: none (%s)", want ? "O_DIRECT refused" : "not asked or no big media");
    }
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
