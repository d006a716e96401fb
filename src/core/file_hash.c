/* The worker pool and read loop that hash a course folder's files (see
 * file_hash.h): builds and addenda made from a folder share them, so the
 * error a failing file gives and the way work is shared between cores are
 * the same everywhere. */
#include "file_hash.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lectern/log.h"
#include "reader_internal.h"
#include "zip_write.h"

#define MAX_THREADS 8
#define SUM_BLOCK (256u << 10)

typedef struct pool {
    size_t n;
    const size_t *order;
    fhash_fn fn;
    void *user;
    size_t next;
    size_t bad;                     /* lowest failing index, or n */
    lectern_error err;
    fhash_scratch total;            /* summed at the end of each worker */
    uint64_t cpu_ns[MAX_THREADS];
    size_t n_cpu;
    pthread_mutex_t lock;
} pool;

uint64_t lectern_fhash_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* See file_hash.h. */
int lectern_fhash_same(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static uint64_t thread_cpu_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *worker(void *arg)
{
    pool *p = arg;
    uint64_t cpu0 = thread_cpu_ns();
    fhash_scratch s = {.buf = malloc(FHASH_CHUNK), .md = EVP_MD_CTX_new()};
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t it = p->next++;
        int stop = it >= p->n || p->bad < p->n;
        pthread_mutex_unlock(&p->lock);
        if (stop)
            break;
        size_t i = p->order ? p->order[it] : it;
        lectern_error e = {0};
        int rc = !s.buf || !s.md ? lectern_error_set(&e, LECTERN_ENOMEM, "out of memory")
                                 : p->fn(p->user, i, &s, &e);
        if (rc < 0) {
            if (!e.code)
                e.code = rc;
            pthread_mutex_lock(&p->lock);
            if (i < p->bad) {
                p->bad = i;
                p->err = e;
            }
            pthread_mutex_unlock(&p->lock);
        }
    }
    EVP_MD_CTX_free(s.md);
    free(s.buf);
    uint64_t cpu = thread_cpu_ns() - cpu0;
    pthread_mutex_lock(&p->lock);
    p->total.ns_read += s.ns_read;
    p->total.ns_hash += s.ns_hash;
    p->total.ns_write += s.ns_write;
    p->total.bytes += s.bytes;
    if (p->n_cpu < MAX_THREADS)
        p->cpu_ns[p->n_cpu++] = cpu;
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* See file_hash.h. */
int lectern_fhash_run(size_t n, const size_t *order, fhash_fn fn, void *user, const char *tag,
                      lectern_error *err)
{
    pool p = {.n = n, .order = order, .fn = fn, .user = user, .bad = n};
    pthread_t th[MAX_THREADS];
    size_t started = 0;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = ncpu < 1 ? 1 : ncpu > MAX_THREADS ? MAX_THREADS : (size_t)ncpu;
    uint64_t t0 = lectern_fhash_now();
    pthread_mutex_init(&p.lock, NULL);
    for (size_t t = 1; t < nt && t < n; t++) {
        if (pthread_create(&th[started], NULL, worker, &p) != 0)
            break;
        started++;
    }
    worker(&p);
    for (size_t t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&p.lock);
    if (lectern_log_get_level() <= LECTERN_LOG_DEBUG) {
        char cpu[160] = "";
        size_t at = 0;
        for (size_t t = 0; t < p.n_cpu && at < sizeof cpu - 16; t++)
            at += (size_t)snprintf(cpu + at, sizeof cpu - at, "%s%.0f", t ? " + " : "", p.cpu_ns[t] / 1e6);
        LOG_DEBUG(tag, "%zu items, %zu threads, %.0f ms: %.1f MiB; summed over threads: read %.0f ms, "
                       "hash %.0f ms, write %.0f ms; CPU %s ms",
                  n, started + 1, (lectern_fhash_now() - t0) / 1e6, p.total.bytes / 1048576.0,
                  p.total.ns_read / 1e6, p.total.ns_hash / 1e6, p.total.ns_write / 1e6, cpu);
    }
    if (p.bad < n) {
        if (err)
            *err = p.err;
        return p.err.code ? p.err.code : LECTERN_EIO;
    }
    return 0;
}

/* See file_hash.h. */
int lectern_fhash_open(const char *root, const char *name, uint64_t size, const char *doing, char **full,
                       struct stat *st, lectern_error *err)
{
    if (asprintf(full, "%s/%s", root, name) < 0) {
        *full = NULL;
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    }
    int fd = open(*full, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return lectern_error_set(err, LECTERN_EIO, "%s: cannot read: %s", *full, strerror(errno));
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) || (uint64_t)st->st_size != size) {
        close(fd);
        return lectern_error_set(err, LECTERN_EIO, "%s: changed while %s; try again", *full, doing);
    }
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return fd;
}

/* See file_hash.h. */
int lectern_fhash_read(int fd, uint64_t size, int what, fhash_scratch *s, fhash_each each, void *each_user,
                       const char *label, const char *doing, char hex[65], uint32_t *crc, lectern_error *err)
{
    EVP_MD_CTX *ctx = s->md;
    uint64_t got = 0;
    uint32_t c = 0;
    if ((what & FHASH_SHA) && !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
        return lectern_error_set(err, LECTERN_ENOMEM, "SHA-256 unavailable");
    for (;;) {
        /* never more than size + 1 bytes: a file that grew is an error,
         * not a long read */
        uint64_t left = size - got;
        size_t room = left >= FHASH_CHUNK ? FHASH_CHUNK : (size_t)left + 1;
        uint64_t t0 = lectern_fhash_now();
        ssize_t k = read(fd, s->buf, room);
        uint64_t t1 = lectern_fhash_now();
        s->ns_read += t1 - t0;
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return lectern_error_set(err, LECTERN_EIO, "%s: %s", label, strerror(errno));
        if (k == 0)
            break;
        if (got + (uint64_t)k > size)
            return lectern_error_set(err, LECTERN_EIO, "%s: changed while %s (grew past the %llu bytes listed); "
                                     "try again", label, doing, (unsigned long long)size);
        /* both sums, then `each`, over one cache-sized block at a time:
         * the block is still in the CPU cache when it is copied on */
        for (size_t o = 0; o < (size_t)k; o += SUM_BLOCK) {
            size_t b = (size_t)k - o < SUM_BLOCK ? (size_t)k - o : SUM_BLOCK;
            uint64_t t2 = lectern_fhash_now();
            if (what & FHASH_SHA)
                EVP_DigestUpdate(ctx, s->buf + o, b);
            if (what & FHASH_CRC)
                c = lectern_crc32(c, s->buf + o, b);
            uint64_t t3 = lectern_fhash_now();
            s->ns_hash += t3 - t2;
            if (each) {
                int rc = each(each_user, s->buf + o, b, got + o, err);
                s->ns_write += lectern_fhash_now() - t3;
                if (rc < 0)
                    return rc;
            }
        }
        got += (uint64_t)k;
        s->bytes += (uint64_t)k;
    }
    if (got != size)
        return lectern_error_set(err, LECTERN_EIO, "%s: changed while %s (%llu bytes, listed %llu); try again",
                                 label, doing, (unsigned long long)got, (unsigned long long)size);
    if (what & FHASH_SHA) {
        unsigned char md[32];
        unsigned int mdlen;
        EVP_DigestFinal_ex(ctx, md, &mdlen);
        lectern_hex32(md, hex);
    }
    if (what & FHASH_CRC)
        *crc = c;
    return 0;
}
