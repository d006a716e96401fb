/* Temporary files next to an output (packages, library state, keys): named
 * OUT.tmp-PID-XXXXXX, fsynced and renamed over OUT when complete. A process
 * killed midway leaves its temp file behind; the next write of the same OUT
 * removes the ones whose process is gone. */
#include "tmpfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Splits path into its folder ("." when none) and base name; caller frees *dir. */
static int split(const char *path, char **dir, const char **base)
{
    const char *slash = strrchr(path, '/');
    *base = slash ? slash + 1 : path;
    if (!slash)
        *dir = strdup(".");
    else if (slash == path)
        *dir = strdup("/");
    else
        *dir = strndup(path, (size_t)(slash - path));
    return *dir ? 0 : -1;
}

/* The part of a base name a temp name starts with: all of it, or its first
 * TMP_BASE_MAX bytes (cut on a UTF-8 boundary) so that the temp name stays
 * within the 255-byte file-name limit. */
#define TMP_BASE_MAX 200
static size_t tmp_base_len(const char *base)
{
    size_t bl = strlen(base);
    if (bl <= TMP_BASE_MAX)
        return bl;
    bl = TMP_BASE_MAX;
    while (bl > 0 && ((unsigned char)base[bl] & 0xC0) == 0x80)
        bl--;
    return bl;
}

/* The PID in temp name n: BASE.tmp-PID-* for base (its first
 * tmp_base_len bytes), or with base NULL any NAME.tmp-PID-XXXXXX (and the
 * .lectern-tmp-PID-N names extract used before); 0 when n is none of these. */
static long tmp_pid(const char *n, const char *base)
{
    const char *p;
    if (base) {
        size_t bl = tmp_base_len(base);
        if (strncmp(n, base, bl) != 0 || strncmp(n + bl, ".tmp-", 5) != 0)
            return 0;
        p = n + bl + 5;
    } else if (strncmp(n, ".lectern-tmp-", 13) == 0) {
        p = n + 13;
    } else {
        const char *t = strstr(n, ".tmp-"), *next;
        if (!t || t == n)
            return 0;
        while ((next = strstr(t + 1, ".tmp-")))
            t = next;
        p = t + 5;
    }
    char *end;
    long pid = strtol(p, &end, 10);
    if (end == p || *end != '-' || pid <= 0)
        return 0;
    if (!base && p != n + 13 && strlen(end + 1) != 6)
        return 0;
    return pid;
}

/* Removes the temp files of processes that are gone in the folder open as
 * dfd (not closed): BASE.tmp-PID-*, or every NAME.tmp-PID-XXXXXX when base
 * is NULL. */
static void sweep_at(int dfd, const char *base)
{
    int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *n = de->d_name;
        long pid = tmp_pid(n, base);
        if (pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;           /* still running (or not ours to judge) */
        struct stat st;
        if (fstatat(dfd, n, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
            unlinkat(dfd, n, 0);
    }
    closedir(d);
}

void lectern_tmp_sweep_at(int dfd)
{
    sweep_at(dfd, NULL);
}

/* The folder holding path, opened (the caller closes it), or -1; *base is
 * path's last component. */
static int open_dir_of(const char *path, const char **base)
{
    char *dir;
    if (split(path, &dir, base) < 0)
        return -1;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    return dfd;
}

void lectern_tmp_sweep(const char *path)
{
    const char *base;
    int dfd = open_dir_of(path, &base);
    if (dfd >= 0) {
        sweep_at(dfd, base);
        close(dfd);
    }
}

int lectern_tmp_create_at(int dfd, const char *base, char **tmp)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    int bl = (int)tmp_base_len(base);
    *tmp = NULL;
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned char rnd[6];
        if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
            uint64_t x = (uint64_t)time(NULL) * 6364136223846793005ULL + (uint64_t)getpid() * 1442695040888963407ULL
                         + (uint64_t)attempt * 2862933555777941757ULL;
            memcpy(rnd, &x, sizeof rnd);
        }
        char sfx[7];
        for (int i = 0; i < 6; i++)
            sfx[i] = digits[rnd[i] % (sizeof digits - 1)];
        sfx[6] = '\0';
        free(*tmp);
        if (asprintf(tmp, "%.*s.tmp-%ld-%s", bl, base, (long)getpid(), sfx) < 0) {
            *tmp = NULL;
            errno = ENOMEM;
            return -1;
        }
        int fd = openat(dfd, *tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0)
            return fd;
        if (errno != EEXIST)
            break;
    }
    int e = errno;
    free(*tmp);
    *tmp = NULL;
    errno = e;
    return -1;
}

int lectern_tmp_create(const char *path, char **tmp, lectern_error *err)
{
    lectern_tmp_sweep(path);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (asprintf(tmp, "%.*s%.*s.tmp-%ld-XXXXXX", (int)(base - path), path, (int)tmp_base_len(base), base,
                 (long)getpid()) < 0) {
        *tmp = NULL;
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    }
    int fd = mkostemp(*tmp, O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        free(*tmp);
        *tmp = NULL;
        return lectern_error_set(err, LECTERN_EIO, "%s: cannot create a temporary file next to it: %s",
                                 path, strerror(e));
    }
    fchmod(fd, 0644);
    return fd;
}

const char *lectern_disk_hint(int e)
{
    return e == ENOSPC || e == EFBIG || e == EDQUOT
               ? " (the disk is full or the file is over the size allowed: free space or write elsewhere)"
               : "";
}

int lectern_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t k = write(fd, p, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = ENOSPC;
            return -1;
        }
        p += k;
        len -= (size_t)k;
    }
    return 0;
}

int lectern_pwrite_all(int fd, const void *buf, size_t len, uint64_t at)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t k = pwrite(fd, p, len, (off_t)at);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = ENOSPC;
            return -1;
        }
        p += k;
        len -= (size_t)k;
        at += (uint64_t)k;
    }
    return 0;
}

int lectern_pread_all(int fd, void *buf, size_t len, uint64_t at)
{
    char *p = buf;
    while (len > 0) {
        ssize_t k = pread(fd, p, len, (off_t)at);
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

int lectern_mkdirs(const char *path, unsigned mode, lectern_error *err)
{
    char *p = strdup(path);
    if (!p)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    int rc = 0, e = 0;
    for (char *s = p + (p[0] != '\0');; s++) {
        if (*s && *s != '/')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST) {
            e = errno;
            rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot create: %s", p, strerror(e));
            break;
        }
        if (!c)
            break;
        *s = c;
    }
    free(p);
    if (rc < 0)
        errno = e;
    return rc;
}

int lectern_tmp_commit(int fd, const char *tmp, const char *path, lectern_error *err)
{
    if (fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return lectern_error_set(err, LECTERN_EIO, "%s: writing failed: %s%s", tmp, strerror(e),
                                 lectern_disk_hint(e));
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return lectern_error_set(err, LECTERN_EIO, "%s: cannot move into place: %s", path, strerror(e));
    }
    lectern_fsync_parent(path);
    return 0;
}

void lectern_fsync_parent(const char *path)
{
    const char *base;
    int dfd = open_dir_of(path, &base);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
}
