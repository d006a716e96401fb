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
#include <sys/stat.h>
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

void lectern_tmp_sweep(const char *path)
{
    char *dir;
    const char *base;
    if (split(path, &dir, &base) < 0)
        return;
    size_t bl = strlen(base);
    DIR *d = opendir(dir);
    if (!d) {
        free(dir);
        return;
    }
    int dfd = dirfd(d);
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *n = de->d_name;
        if (strncmp(n, base, bl) != 0 || strncmp(n + bl, ".tmp-", 5) != 0)
            continue;
        char *end;
        long pid = strtol(n + bl + 5, &end, 10);
        if (end == n + bl + 5 || *end != '-' || pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;           /* still running (or not ours to judge) */
        struct stat st;
        if (fstatat(dfd, n, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
            unlinkat(dfd, n, 0);
    }
    closedir(d);
    free(dir);
}

int lectern_tmp_create(const char *path, char **tmp, lectern_error *err)
{
    lectern_tmp_sweep(path);
    if (asprintf(tmp, "%s.tmp-%ld-XXXXXX", path, (long)getpid()) < 0) {
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
    char *dir;
    const char *base;
    if (split(path, &dir, &base) < 0)
        return;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(dir);
}
