/* Writer threads for O_DIRECT chunks (see dio_write.h): the builder fills
 * page-aligned buffers and queues them; DIO_WRITERS threads write them
 * with pwrite on an O_DIRECT descriptor, several in flight, and give the
 * buffers back. The data goes from the buffer to the disk: no page cache
 * to fill, dirty or write back before the final fsync. */
#include "dio_write.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DIO_WRITERS
#define DIO_WRITERS 3               /* writes in flight at most */
#endif
#define DIO_BUFFERS 8               /* 32 MiB: filled, queued or being written */

typedef struct dio_job {
    unsigned char *buf;
    size_t len;
    uint64_t off;
    size_t tag;
} dio_job;

struct lectern_dio {
    int fd, dfd;                    /* the file, buffered and O_DIRECT */
    int direct;                     /* 0 once the file system refused a direct write */
    pthread_mutex_t lock;
    pthread_cond_t cv_free, cv_job;
    unsigned char *all[DIO_BUFFERS];
    unsigned char *free_buf[DIO_BUFFERS];
    size_t n_free;
    dio_job q[DIO_BUFFERS];         /* a queued job holds a buffer: never more jobs than buffers */
    size_t q_head, q_len;
    int stop, failed, bad_errno;
    size_t bad_tag;
    uint64_t bytes[2];              /* written direct, through the page cache */
    pthread_t th[DIO_WRITERS];
    size_t n_th;
};

/* Writes one job; 0 or an errno value. A refused direct write (EINVAL:
 * the file system, or a short write that left the rest unaligned) goes
 * through the buffered descriptor, which then starts its writeback. */
static int write_job(lectern_dio *d, const dio_job *j, uint64_t bytes[2])
{
    size_t done = 0;
    int buffered = 0;
    while (done < j->len) {
        int direct = __atomic_load_n(&d->direct, __ATOMIC_RELAXED);
        ssize_t k = pwrite(direct ? d->dfd : d->fd, j->buf + done, j->len - done, (off_t)(j->off + done));
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && errno == EINVAL && direct) {
            __atomic_store_n(&d->direct, 0, __ATOMIC_RELAXED);
            continue;
        }
        if (k <= 0)
            return k < 0 ? errno : EIO;
        buffered |= !direct;
        bytes[!direct] += (uint64_t)k;
        done += (size_t)k;
    }
    if (buffered)
        sync_file_range(d->fd, (off_t)j->off, (off_t)j->len, SYNC_FILE_RANGE_WRITE);
    return 0;
}

static void *writer(void *arg)
{
    lectern_dio *d = arg;
    uint64_t bytes[2] = {0, 0};
    pthread_mutex_lock(&d->lock);
    for (;;) {
        while (!d->q_len && !d->stop)
            pthread_cond_wait(&d->cv_job, &d->lock);
        if (!d->q_len)
            break;
        dio_job j = d->q[d->q_head];
        d->q_head = (d->q_head + 1) % DIO_BUFFERS;
        d->q_len--;
        int e = 0;
        if (!d->failed) {           /* after a failure the rest is not written */
            pthread_mutex_unlock(&d->lock);
            e = write_job(d, &j, bytes);
            pthread_mutex_lock(&d->lock);
        }
        if (e && !d->failed) {
            d->failed = 1;
            d->bad_tag = j.tag;
            d->bad_errno = e;
        }
        d->free_buf[d->n_free++] = j.buf;
        pthread_cond_broadcast(&d->cv_free);
    }
    d->bytes[0] += bytes[0];
    d->bytes[1] += bytes[1];
    pthread_mutex_unlock(&d->lock);
    return NULL;
}

/* See dio_write.h. */
lectern_dio *lectern_dio_open(int fd, const char *path)
{
    struct stat a, b;
    lectern_dio *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->fd = fd;
    d->direct = 1;
    /* the edges written through the page cache must not share a page with
     * direct writes: pages larger than DIO_ALIGN, no direct writes */
    long page = sysconf(_SC_PAGESIZE);
    d->dfd = page > 0 && page <= (long)DIO_ALIGN ? open(path, O_WRONLY | O_DIRECT | O_CLOEXEC | O_NOFOLLOW) : -1;
    if (d->dfd < 0 || fstat(fd, &a) != 0 || fstat(d->dfd, &b) != 0 || a.st_dev != b.st_dev ||
        a.st_ino != b.st_ino)
        goto fail;
    for (size_t i = 0; i < DIO_BUFFERS; i++) {
        void *p;
        if (posix_memalign(&p, DIO_ALIGN, DIO_CHUNK) != 0)
            goto fail;
        d->all[i] = d->free_buf[i] = p;
    }
    d->n_free = DIO_BUFFERS;
    pthread_mutex_init(&d->lock, NULL);
    pthread_cond_init(&d->cv_free, NULL);
    pthread_cond_init(&d->cv_job, NULL);
    for (size_t t = 0; t < DIO_WRITERS; t++) {
        if (pthread_create(&d->th[d->n_th], NULL, writer, d) != 0)
            break;
        d->n_th++;
    }
    if (d->n_th)
        return d;
    pthread_cond_destroy(&d->cv_job);
    pthread_cond_destroy(&d->cv_free);
    pthread_mutex_destroy(&d->lock);
fail:
    if (d->dfd >= 0)
        close(d->dfd);
    for (size_t i = 0; i < DIO_BUFFERS; i++)
        free(d->all[i]);
    free(d);
    return NULL;
}

/* See dio_write.h. */
unsigned char *lectern_dio_buffer(lectern_dio *d)
{
    unsigned char *b = NULL;
    pthread_mutex_lock(&d->lock);
    while (!d->n_free && !d->failed)
        pthread_cond_wait(&d->cv_free, &d->lock);
    if (!d->failed)
        b = d->free_buf[--d->n_free];
    pthread_mutex_unlock(&d->lock);
    return b;
}

/* See dio_write.h. */
void lectern_dio_submit(lectern_dio *d, unsigned char *buf, size_t len, uint64_t off, size_t tag)
{
    pthread_mutex_lock(&d->lock);
    d->q[(d->q_head + d->q_len) % DIO_BUFFERS] = (dio_job){.buf = buf, .len = len, .off = off, .tag = tag};
    d->q_len++;
    pthread_cond_signal(&d->cv_job);
    pthread_mutex_unlock(&d->lock);
}

/* See dio_write.h. */
void lectern_dio_release(lectern_dio *d, unsigned char *buf)
{
    if (!buf)
        return;
    pthread_mutex_lock(&d->lock);
    d->free_buf[d->n_free++] = buf;
    pthread_cond_broadcast(&d->cv_free);
    pthread_mutex_unlock(&d->lock);
}

/* See dio_write.h. */
int lectern_dio_finish(lectern_dio *d, size_t *bad_tag, int *bad_errno, uint64_t bytes[2])
{
    if (!d)
        return 0;
    pthread_mutex_lock(&d->lock);
    d->stop = 1;
    pthread_cond_broadcast(&d->cv_job);
    pthread_mutex_unlock(&d->lock);
    for (size_t t = 0; t < d->n_th; t++)
        pthread_join(d->th[t], NULL);
    int rc = d->failed ? -1 : 0;
    bytes[0] = d->bytes[0];
    bytes[1] = d->bytes[1];
    if (d->failed) {
        *bad_tag = d->bad_tag;
        *bad_errno = d->bad_errno;
    }
    close(d->dfd);
    for (size_t i = 0; i < DIO_BUFFERS; i++)
        free(d->all[i]);
    pthread_cond_destroy(&d->cv_job);
    pthread_cond_destroy(&d->cv_free);
    pthread_mutex_destroy(&d->lock);
    free(d);
    return rc;
}
