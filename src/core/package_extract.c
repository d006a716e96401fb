/* Extracts a package or plain zip into a folder. The reader has already
 * refused hostile names at open, before anything is written; folders are
 * walked with O_NOFOLLOW from the target's descriptor, and each file goes
 * through a temp name (NAME.tmp-PID-XXXXXX, tmpfile.c) + renameat, its hash
 * checked before the rename. */
#include "reader_internal.h"
#include "lectern/sign.h"
#include "tmpfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Opens (creating) the parent folder of `name` under dirfd without
 * following symlinks. Returns an fd or -1; *base points into name. */
static int open_parent(int dirfd, const char *name, const char **base)
{
    int fd = dup(dirfd);
    const char *p = name;
    for (;;) {
        const char *slash = strchr(p, '/');
        if (!slash)
            break;
        char comp[LECTERN_MAX_NAME];
        size_t l = (size_t)(slash - p);
        memcpy(comp, p, l);
        comp[l] = '\0';
        if (mkdirat(fd, comp, 0755) != 0 && errno != EEXIST) {
            close(fd);
            return -1;
        }
        int nfd = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        close(fd);
        if (nfd < 0)
            return -1;
        fd = nfd;
        p = slash + 1;
    }
    *base = p;
    return fd;
}

/* Folders already swept for temp files a killed extract left, by the hash
 * of their name in the package: each folder is swept once, however its
 * entries are ordered (a hash collision only skips a sweep). */
typedef struct {
    uint64_t *h;
    size_t cap, n;
} swept_set;

/* 1 when the folder (first len bytes of name) was not swept yet, and marks
 * it; 0 when it was (or memory runs out: sweeping is a courtesy). */
static int swept_first(swept_set *s, const char *name, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)name[i]) * 1099511628211ULL;
    h |= 1;     /* 0 marks a free slot */
    if (s->n * 2 >= s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        uint64_t *nh = calloc(cap, sizeof *nh);
        if (!nh)
            return 0;
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->h[i])
                continue;
            size_t j = (size_t)(s->h[i] % cap);
            while (nh[j])
                j = (j + 1) % cap;
            nh[j] = s->h[i];
        }
        free(s->h);
        s->h = nh;
        s->cap = cap;
    }
    size_t j = (size_t)(h % s->cap);
    while (s->h[j]) {
        if (s->h[j] == h)
            return 0;
        j = (j + 1) % s->cap;
    }
    s->h[j] = h;
    s->n++;
    return 1;
}

/* See package.h. */
int lectern_package_extract(const char *path, const char *dir, lectern_error *err)
{
    lectern_reader *r = NULL;
    int rc, dirfd = -1, pfd = -1, ofd = -1;
    char *tmpname = NULL;
    swept_set swept = {0};
    if ((rc = lectern_reader_open(path, 0, &r, err)) < 0)
        return rc;
    if (r->kind == LECTERN_SOURCE_DIR) {
        rc = lectern_error_set(err, LECTERN_EINVAL, "%s: is a folder, not a package", path);
        goto out;
    }
    /* a signature that does not match the manifest: the manifest, and so
     * every hash in it, may be forged; the player would refuse the package */
    if (r->has_sig && (rc = lectern_sign_check_package(path, NULL, NULL, err)) < 0)
        goto out;
    if (lectern_mkdirs(dir, 0755, NULL) != 0 ||
        (dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot create the target folder: %s", dir,
                               strerror(errno));
        goto out;
    }
    for (size_t i = 0; i < r->n; i++) {
        reader_entry *e = &r->entries[i];
        const char *base;
        pfd = open_parent(dirfd, e->name, &base);
        if (pfd < 0) {
            rc = lectern_error_set(err, LECTERN_EIO, "%s/%s: cannot create its folder (%s)", dir, e->name,
                                   strerror(errno));
            goto out;
        }
        /* NAME.tmp-PID-XXXXXX, as for every other write; the first write
         * into a folder removes those an extract killed there left */
        if (swept_first(&swept, e->name, (size_t)(base - e->name)))
            lectern_tmp_sweep_at(pfd);
        ofd = lectern_tmp_create_at(pfd, base, &tmpname);
        if (ofd < 0) {
            rc = lectern_error_set(err, LECTERN_EIO, "%s/%s: cannot write: %s", dir, e->name, strerror(errno));
            goto out;
        }
        if ((rc = lectern_reader_zip_check(r, e, ofd, err)) < 0)
            goto out;
        if (close(ofd) != 0) {
            ofd = -1;
            rc = lectern_error_set(err, LECTERN_EIO, "%s/%s: write failed: %s", dir, e->name, strerror(errno));
            goto out;
        }
        ofd = -1;
        if (renameat(pfd, tmpname, pfd, base) != 0) {
            rc = lectern_error_set(err, LECTERN_EIO, "%s/%s: cannot move into place: %s", dir, e->name,
                                   strerror(errno));
            goto out;
        }
        free(tmpname);
        tmpname = NULL;
        close(pfd);
        pfd = -1;
    }
    rc = 0;
out:
    if (ofd >= 0)
        close(ofd);
    if (pfd >= 0 && tmpname)
        unlinkat(pfd, tmpname, 0);
    free(tmpname);
    free(swept.h);
    if (pfd >= 0)
        close(pfd);
    if (dirfd >= 0)
        close(dirfd);
    lectern_reader_close(r);
    return rc;
}
