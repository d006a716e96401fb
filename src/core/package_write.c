/* The one-pass way lectern_package_build writes a package: every offset is
 * known before any hash (lectern.json is stored and its length does not
 * depend on the hashes; text files are deflated into memory first), so
 * threads read each media file once, hash it (SHA-256, CRC-32) and have
 * the kernel copy it (copy_file_range) to its place in the temporary file
 * while earlier data goes to disk; the
 * headers, lectern.json and the central directory follow. Same bytes as
 * the two-pass way (package_build.c), which stays for very large text. */
#include "reader_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "package_write.h"
#include "zip_write.h"

#define CHUNK (4u << 20)
#define WRITEBACK_BYTES (32u << 20)     /* start writeback every 32 MiB written */

typedef struct pw_job {
    const char *root;
    pw_file *f;
    size_t n;
    size_t *order;                      /* work order: biggest first */
    int out_fd;
    int phase;                          /* 1: deflate text, 2: media and writes */
    size_t next;
    size_t bad;                         /* lowest failing file, or n */
    lectern_error err;
    pthread_mutex_t lock;
} pw_job;

static int open_file(const char *root, const pw_file *f, char **full, lectern_error *err)
{
    if (asprintf(full, "%s/%s", root, f->name) < 0) {
        *full = NULL;
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    }
    int fd = open(*full, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0)
        return lectern_error_set(err, LECTERN_EIO, "%s: cannot read: %s", *full, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size != f->size) {
        close(fd);
        return lectern_error_set(err, LECTERN_EIO, "%s: changed while building; try again", *full);
    }
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return fd;
}

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

/* Puts len bytes, which are at src_off in src_fd and in buf, at out_off:
 * copy_file_range (the kernel copies the pages, as cp does), else pwrite. */
static int copy_range(int src_fd, int out_fd, const unsigned char *buf, size_t len, uint64_t src_off,
                      uint64_t out_off)
{
    loff_t in = (loff_t)src_off, out = (loff_t)out_off;
    size_t left = len;
    while (left) {
        ssize_t k = copy_file_range(src_fd, &in, out_fd, &out, left, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return pwrite_all(out_fd, buf + (len - left), left, out_off + (len - left));
        left -= (size_t)k;
    }
    return 0;
}

/* Reads the whole file (size bytes, no more): hashes it, and either keeps
 * it deflated in memory (phase 1) or writes it at f->data_off (phase 2). */
static int do_file(pw_job *j, pw_file *f, unsigned char *buf, EVP_MD_CTX *ctx, lectern_error *err)
{
    char *full = NULL;
    unsigned char *whole = NULL;
    int rc = 0, fd = open_file(j->root, f, &full, err);
    uint64_t got = 0, synced = 0;
    uint32_t crc = 0;
    if (fd < 0) {
        rc = fd;
        goto out;
    }
    if (!EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "SHA-256 unavailable");
        goto out;
    }
    if (j->phase == 1 && !(whole = malloc(f->size ? (size_t)f->size : 1))) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory reading %s", full);
        goto out;
    }
    for (;;) {
        unsigned char *dst = whole ? whole + got : buf;
        size_t room = whole ? (size_t)(f->size - got) : CHUNK;
        unsigned char extra;
        ssize_t k = read(fd, room ? dst : &extra, room ? room : 1);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = lectern_error_set(err, LECTERN_EIO, "%s: %s", full, strerror(errno));
            goto out;
        }
        if (k == 0)
            break;
        if (got + (uint64_t)k > f->size) {
            rc = lectern_error_set(err, LECTERN_EIO, "%s: changed while building (grew); try again", full);
            goto out;
        }
        EVP_DigestUpdate(ctx, dst, (size_t)k);
        crc = lectern_crc32(crc, dst, (size_t)k);
        if (!whole && copy_range(fd, j->out_fd, dst, (size_t)k, got, f->data_off + got) != 0) {
            rc = lectern_error_set(err, LECTERN_EIO, "writing the package (data, entry '%s'): %s", f->name,
                                   strerror(errno ? errno : EIO));
            goto out;
        }
        got += (uint64_t)k;
        if (!whole && got - synced >= WRITEBACK_BYTES) {
            /* start writeback now: the final fsync has less left to wait for */
            sync_file_range(j->out_fd, (off_t)(f->data_off + synced), (off_t)(got - synced), SYNC_FILE_RANGE_WRITE);
            synced = got;
        }
    }
    if (got != f->size) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: changed while building (%llu bytes, listed %llu); try again",
                               full, (unsigned long long)got, (unsigned long long)f->size);
        goto out;
    }
    unsigned char md[32];
    unsigned int mdlen;
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    lectern_hex32(md, f->hex);
    f->crc = crc;
    if (whole) {
        size_t zl;
        if (lectern_zipw_deflate_mem(whole, (size_t)f->size, &f->zdata, &zl) != 0) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory compressing %s", full);
            goto out;
        }
        f->csize = zl;
    } else if (got > synced) {
        sync_file_range(j->out_fd, (off_t)(f->data_off + synced), (off_t)(got - synced), SYNC_FILE_RANGE_WRITE);
    }
out:
    if (fd >= 0)
        close(fd);
    free(whole);
    free(full);
    return rc;
}

static void *worker(void *arg)
{
    pw_job *j = arg;
    unsigned char *buf = malloc(CHUNK);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t it = j->next++;
        int stop = it >= j->n || j->bad < j->n;
        pthread_mutex_unlock(&j->lock);
        if (stop)
            break;
        size_t i = j->order[it];
        pw_file *f = &j->f[i];
        lectern_error e = {0};
        int rc = 0;
        if (!buf || !ctx) {
            rc = lectern_error_set(&e, LECTERN_ENOMEM, "out of memory");
        } else if (j->phase == 1) {
            if (f->deflate)
                rc = do_file(j, f, buf, ctx, &e);
        } else if (f->deflate) {
            if (pwrite_all(j->out_fd, f->zdata, (size_t)f->csize, f->data_off) != 0)
                rc = lectern_error_set(&e, LECTERN_EIO, "writing the package (data, entry '%s'): %s", f->name,
                                       strerror(errno ? errno : EIO));
        } else {
            rc = do_file(j, f, buf, ctx, &e);
        }
        if (rc < 0) {
            pthread_mutex_lock(&j->lock);
            if (i < j->bad) {
                j->bad = i;
                j->err = e;
            }
            pthread_mutex_unlock(&j->lock);
        }
    }
    EVP_MD_CTX_free(ctx);
    free(buf);
    return NULL;
}

static int run_phase(pw_job *j, int phase, lectern_error *err)
{
    pthread_t th[8];
    size_t started = 0;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (size_t)ncpu;
    j->phase = phase;
    j->next = 0;
    for (size_t t = 1; t < nt && t < j->n; t++) {
        if (pthread_create(&th[started], NULL, worker, j) != 0)
            break;
        started++;
    }
    worker(j);
    for (size_t t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    if (j->bad < j->n) {
        if (err)
            *err = j->err;
        return j->err.code ? j->err.code : LECTERN_EIO;
    }
    return 0;
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
                     lectern_error *err)
{
    static pthread_mutex_t sort_lock = PTHREAD_MUTEX_INITIALIZER;
    pw_job j = {.root = root, .f = f, .n = n, .out_fd = out_fd, .bad = n};
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
    pthread_mutex_init(&j.lock, NULL);
    /* 1: text files hashed and deflated into memory: their sizes fix the layout */
    if ((rc = run_phase(&j, 1, err)) < 0)
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
    rc = run_phase(&j, 2, err);
out:
    pthread_mutex_destroy(&j.lock);
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
