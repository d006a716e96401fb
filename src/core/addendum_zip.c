/* Raw zip index for diff and apply (addendum_internal.h): the central
 * directory (with zip64 fields) and each local header's length, so entries
 * can be copied compressed, byte for byte, with copy_file_range. Also
 * lectern_slurp, shared by addendum.c and library.c. */
#include "addendum_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lectern/reader.h"
#include "tmpfile.h"

static uint64_t le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static int ent_cmp(const void *a, const void *b)
{
    return strcmp(((const zidx_entry *)a)->name, ((const zidx_entry *)b)->name);
}

void zidx_close(zidx *z)
{
    if (!z)
        return;
    for (size_t i = 0; i < z->n; i++)
        free(z->e[i].name);
    free(z->e);
    free(z->path);
    if (z->fd >= 0)
        close(z->fd);
    memset(z, 0, sizeof *z);
    z->fd = -1;
}

const zidx_entry *zidx_find(const zidx *z, const char *name)
{
    zidx_entry key = {.name = (char *)name};
    return z->n ? bsearch(&key, z->e, z->n, sizeof *z->e, ent_cmp) : NULL;
}

#define BAD(...) do { rc = lectern_error_set(err, LECTERN_EFORMAT, __VA_ARGS__); goto out; } while (0)

/* See addendum_internal.h. */
int zidx_open(const char *path, zidx *z, lectern_error *err)
{
    int rc = 0;
    unsigned char *tail = NULL, *cd = NULL;
    memset(z, 0, sizeof *z);
    z->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (z->fd < 0)
        return lectern_error_set(err, LECTERN_EIO, "%s: %s", path, strerror(errno));
    if (!(z->path = strdup(path)))
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    struct stat st;
    if (fstat(z->fd, &st) != 0)
        BAD("%s: cannot stat", path);
    uint64_t size = (uint64_t)st.st_size;
    size_t tl = size < 65557 ? (size_t)size : 65557;
    if (tl < 22 || !(tail = malloc(tl)) || lectern_pread_all(z->fd, tail, tl, size - tl) != 0)
        BAD("%s: not a zip (too short)", path);
    size_t e = tl - 22 + 1;
    while (e-- > 0)
        if (!memcmp(tail + e, "PK\5\6", 4))
            break;
    if (e == (size_t)-1)
        BAD("%s: not a zip (no end record)", path);
    uint64_t n = le(tail + e + 10, 2), cdsize = le(tail + e + 12, 4), cdoff = le(tail + e + 16, 4);
    if (n == 0xFFFF || cdsize == 0xFFFFFFFF || cdoff == 0xFFFFFFFF) {
        unsigned char r[56];
        if (e < 20 || memcmp(tail + e - 20, "PK\6\7", 4) ||
            lectern_pread_all(z->fd, r, 56, le(tail + e - 20 + 8, 8)) != 0 || memcmp(r, "PK\6\6", 4))
            BAD("%s: damaged zip64 end record", path);
        n = le(r + 32, 8);
        cdsize = le(r + 40, 8);
        cdoff = le(r + 48, 8);
    }
    if (n > LECTERN_MAX_ENTRIES + 3 || cdsize > (256u << 20) || cdoff + cdsize > size)
        BAD("%s: damaged central directory", path);
    cd = malloc(cdsize ? (size_t)cdsize : 1);
    z->e = calloc(n ? (size_t)n : 1, sizeof *z->e);
    if (!cd || !z->e) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    if (lectern_pread_all(z->fd, cd, (size_t)cdsize, cdoff) != 0)
        BAD("%s: cannot read the central directory", path);
    size_t pos = 0;
    for (uint64_t k = 0; k < n; k++) {
        if (pos + 46 > cdsize || memcmp(cd + pos, "PK\1\2", 4))
            BAD("%s: damaged central directory (entry #%llu)", path, (unsigned long long)k);
        const unsigned char *h = cd + pos;
        size_t nl = (size_t)le(h + 28, 2), xl = (size_t)le(h + 30, 2), cl = (size_t)le(h + 32, 2);
        if (pos + 46 + nl + xl + cl > cdsize)
            BAD("%s: damaged central directory (entry #%llu)", path, (unsigned long long)k);
        zidx_entry *x = &z->e[z->n];
        unsigned method = (unsigned)le(h + 10, 2);
        x->crc = (uint32_t)le(h + 16, 4);
        x->csize = le(h + 20, 4);
        x->usize = le(h + 24, 4);
        uint64_t lho = le(h + 42, 4);
        /* zip64 extra: the fields that are 0xFFFFFFFF, in this order */
        for (size_t xp = 0; xp + 4 <= xl;) {
            const unsigned char *xf = h + 46 + nl + xp;
            size_t id = (size_t)le(xf, 2), dl = (size_t)le(xf + 2, 2), q = 4;
            if (xp + 4 + dl > xl)
                break;
            if (id == 1) {
                if (x->usize == 0xFFFFFFFF && q + 8 <= dl + 4) { x->usize = le(xf + q, 8); q += 8; }
                if (x->csize == 0xFFFFFFFF && q + 8 <= dl + 4) { x->csize = le(xf + q, 8); q += 8; }
                if (lho == 0xFFFFFFFF && q + 8 <= dl + 4) { lho = le(xf + q, 8); q += 8; }
            }
            xp += 4 + dl;
        }
        if (method != 0 && method != 8)
            BAD("%s: entry #%llu: compression method %u (Lectern writes stored or deflated)", path,
                (unsigned long long)k, method);
        x->deflated = method == 8;
        if (!(x->name = strndup((const char *)h + 46, nl))) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            goto out;
        }
        z->n++;
        unsigned char lh[30];
        if (lho + 30 > size || lectern_pread_all(z->fd, lh, 30, lho) != 0 || memcmp(lh, "PK\3\4", 4))
            BAD("%s: entry '%s': damaged local header", path, x->name);
        x->data_off = lho + 30 + le(lh + 26, 2) + le(lh + 28, 2);
        if (x->data_off + x->csize > size || (!x->deflated && x->csize != x->usize))
            BAD("%s: entry '%s': data runs past the end of the file", path, x->name);
        pos += 46 + nl + xl + cl;
    }
    qsort(z->e, z->n, sizeof *z->e, ent_cmp);
out:
    free(tail);
    free(cd);
    if (rc < 0)
        zidx_close(z);
    return rc;
}

/* See addendum_internal.h. */
int lectern_slurp(const char *path, size_t max, char **data, size_t *len, lectern_error *err)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return lectern_error_set(err, errno == ENOENT ? LECTERN_ENOTFOUND : LECTERN_EIO, "%s: %s", path,
                                 strerror(errno));
    struct stat st;
    char *buf = NULL;
    if (fstat(fd, &st) != 0 || (uint64_t)st.st_size > max) {
        close(fd);
        return lectern_error_set(err, LECTERN_ELIMIT, "%s: too large (over %zu bytes)", path, max);
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf || lectern_pread_all(fd, buf, (size_t)st.st_size, 0) != 0) {
        close(fd);
        free(buf);
        return lectern_error_set(err, LECTERN_EIO, "%s: cannot read", path);
    }
    close(fd);
    buf[st.st_size] = '\0';
    *data = buf;
    *len = (size_t)st.st_size;
    return 0;
}
