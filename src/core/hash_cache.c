/* The build's hash cache (see hash_cache.h). One text file per source
 * folder: a header naming the folder, one line per file
 *   dev ino size mtime_s mtime_ns ctime_s ctime_ns hashed_s hashed_ns crc sha256 name
 * and "end N". Anything that does not parse exactly gives an empty cache:
 * a wrong cache could put a wrong hash into a package, a missing one only
 * costs time. */
#include "hash_cache.h"

#include <errno.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lectern/log.h"
#include "reader_internal.h"
#include "tmpfile.h"

#define TAG "hash-cache"
#define MAGIC "lectern-hash-cache 1"
#define MAX_FILE_BYTES (256u << 20)

typedef struct hentry {
    char *name;
    unsigned long long dev, ino, size;
    long long mtime_s, ctime_s, hashed_s;
    long mtime_ns, ctime_ns, hashed_ns;
    uint32_t crc;
    char hex[65];
} hentry;

struct lectern_hcache {
    char *path;                 /* the cache file */
    char *root;                 /* real path of the folder */
    hentry *old;                /* loaded, sorted by name */
    size_t n_old;
    hentry *neu;                /* recorded for the next build */
    size_t n_neu, cap_neu;
};

int64_t lectern_hcache_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const hentry *)a)->name, ((const hentry *)b)->name);
}

static void free_entries(hentry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(e[i].name);
    free(e);
}

static int is_hex64(const char *s)
{
    for (int i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return s[64] == '\0';
}

/* Parses the whole file; 0, or -1 with *why set (the cache stays empty). */
static int parse(lectern_hcache *c, char *text, const char **why)
{
    char *save = NULL, *line = strtok_r(text, "\n", &save);
    size_t cap = 0;
    if (!line || strcmp(line, MAGIC)) {
        *why = "not a hash cache of this version";
        return -1;
    }
    line = strtok_r(NULL, "\n", &save);
    if (!line || strncmp(line, "root ", 5) || strcmp(line + 5, c->root)) {
        *why = "made for another folder";
        return -1;
    }
    while ((line = strtok_r(NULL, "\n", &save))) {
        unsigned long long count;
        char tail;
        if (sscanf(line, "end %llu%c", &count, &tail) == 1) {
            if (count != c->n_old || strtok_r(NULL, "\n", &save)) {
                *why = "entry count does not match";
                return -1;
            }
            if (c->n_old)
                qsort(c->old, c->n_old, sizeof *c->old, by_name);
            for (size_t i = 1; i < c->n_old; i++)
                if (!strcmp(c->old[i - 1].name, c->old[i].name)) {
                    *why = "a name twice";
                    return -1;
                }
            return 0;
        }
        if (c->n_old == cap) {
            size_t nc = cap ? cap * 2 : 64;
            hentry *ne = realloc(c->old, nc * sizeof *ne);
            if (!ne) {
                *why = "out of memory";
                return -1;
            }
            c->old = ne;
            cap = nc;
        }
        hentry *e = &c->old[c->n_old];
        memset(e, 0, sizeof *e);
        unsigned crc;
        int name_at = -1;
        if (sscanf(line, "%llu %llu %llu %lld %ld %lld %ld %lld %ld %8x %64s %n", &e->dev, &e->ino, &e->size,
                   &e->mtime_s, &e->mtime_ns, &e->ctime_s, &e->ctime_ns, &e->hashed_s, &e->hashed_ns, &crc,
                   e->hex, &name_at) != 11 ||
            name_at < 0 || !line[name_at] || !is_hex64(e->hex)) {
            *why = "a malformed line";
            return -1;
        }
        e->crc = crc;
        if (!(e->name = strdup(line + name_at))) {
            *why = "out of memory";
            return -1;
        }
        c->n_old++;
    }
    *why = "truncated (no end line)";
    return -1;
}

/* See hash_cache.h. */
lectern_hcache *lectern_hcache_open(const char *dir, const char *root)
{
    if (!dir || !root || !*dir)
        return NULL;
    lectern_hcache *c = calloc(1, sizeof *c);
    char *text = NULL;
    const char *why = NULL;
    FILE *f = NULL;
    if (!c || !(c->root = realpath(root, NULL)))
        goto fail;
    unsigned char md[32];
    char hex[65];
    if (!EVP_Digest(c->root, strlen(c->root), md, NULL, EVP_sha256(), NULL))
        goto fail;
    lectern_hex32(md, hex);
    hex[32] = '\0';
    if (asprintf(&c->path, "%s/build-hashes/%s", dir, hex) < 0) {
        c->path = NULL;
        goto fail;
    }
    if (!(f = fopen(c->path, "rb"))) {
        why = errno == ENOENT ? "none yet" : strerror(errno);
        goto empty;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_FILE_BYTES) {
        why = "not a regular file of a sensible size";
        goto empty;
    }
    if (!(text = malloc((size_t)st.st_size + 1)) || fread(text, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        why = "cannot read it";
        goto empty;
    }
    text[st.st_size] = '\0';
    if (strlen(text) != (size_t)st.st_size) {
        why = "a NUL byte";
        goto empty;
    }
    if (parse(c, text, &why) == 0) {
        LOG_DEBUG(TAG, "%s: %zu entries for %s", c->path, c->n_old, c->root);
        goto done;
    }
empty:
    LOG_DEBUG(TAG, "%s: not used (%s)", c->path, why ? why : "?");
    free_entries(c->old, c->n_old);
    c->old = NULL;
    c->n_old = 0;
done:
    if (f)
        fclose(f);
    free(text);
    return c;
fail:
    lectern_hcache_free(c);
    return NULL;
}

static int same_time(long long s, long ns, const struct timespec *t)
{
    return s == (long long)t->tv_sec && ns == t->tv_nsec;
}

static int racy(const struct stat *st, int64_t hashed_at)
{
    int64_t m = (int64_t)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
    int64_t ch = (int64_t)st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec;
    return m > hashed_at - LECTERN_HCACHE_RACY_NS || ch > hashed_at - LECTERN_HCACHE_RACY_NS;
}

/* See hash_cache.h. */
int lectern_hcache_get(const lectern_hcache *c, const char *name, const struct stat *st, char hex[65],
                       uint32_t *crc, int64_t *hashed_at)
{
    if (!c || !c->n_old)
        return 0;
    hentry key = {.name = (char *)name};
    const hentry *e = bsearch(&key, c->old, c->n_old, sizeof *c->old, by_name);
    if (!e || e->dev != (unsigned long long)st->st_dev || e->ino != (unsigned long long)st->st_ino ||
        e->size != (unsigned long long)st->st_size || !same_time(e->mtime_s, e->mtime_ns, &st->st_mtim) ||
        !same_time(e->ctime_s, e->ctime_ns, &st->st_ctim))
        return 0;
    int64_t at = (int64_t)e->hashed_s * 1000000000LL + e->hashed_ns;
    if (racy(st, at))
        return 0;
    memcpy(hex, e->hex, 65);
    *crc = e->crc;
    *hashed_at = at;
    return 1;
}

/* See hash_cache.h. */
void lectern_hcache_put(lectern_hcache *c, const char *name, const struct stat *st, int64_t hashed_at,
                        const char *hex, uint32_t crc)
{
    if (!c || racy(st, hashed_at) || strchr(name, '\n') || strchr(name, '\r') || !*name)
        return;
    if (c->n_neu == c->cap_neu) {
        size_t nc = c->cap_neu ? c->cap_neu * 2 : 64;
        hentry *ne = realloc(c->neu, nc * sizeof *ne);
        if (!ne)
            return;
        c->neu = ne;
        c->cap_neu = nc;
    }
    hentry *e = &c->neu[c->n_neu];
    *e = (hentry){.dev = (unsigned long long)st->st_dev, .ino = (unsigned long long)st->st_ino,
                  .size = (unsigned long long)st->st_size,
                  .mtime_s = (long long)st->st_mtim.tv_sec, .mtime_ns = st->st_mtim.tv_nsec,
                  .ctime_s = (long long)st->st_ctim.tv_sec, .ctime_ns = st->st_ctim.tv_nsec,
                  .hashed_s = (long long)(hashed_at / 1000000000LL), .hashed_ns = (long)(hashed_at % 1000000000LL),
                  .crc = crc};
    memcpy(e->hex, hex, 65);
    if ((e->name = strdup(name)))
        c->n_neu++;
}

/* See hash_cache.h. */
int lectern_hcache_save(lectern_hcache *c)
{
    if (!c)
        return -1;
    char *dir = strdup(c->path), *tmp = NULL;
    lectern_error e = {0};
    int fd = -1, rc = -1;
    FILE *f = NULL;
    if (!dir)
        goto out;
    *strrchr(dir, '/') = '\0';
    if (lectern_mkdirs(dir, 0700, NULL) != 0) {
        LOG_WARN(TAG, "%s: cannot create the cache folder: %s (builds work, without the cache)", dir,
                 strerror(errno));
        goto out;
    }
    if ((fd = lectern_tmp_create(c->path, &tmp, &e)) < 0) {
        LOG_WARN(TAG, "%s (builds work, without the cache)", e.msg);
        goto out;
    }
    fchmod(fd, 0600);
    if (!(f = fdopen(fd, "wb")))
        goto out;
    fd = -1;
    fprintf(f, "%s\nroot %s\n", MAGIC, c->root);
    for (size_t i = 0; i < c->n_neu; i++) {
        const hentry *h = &c->neu[i];
        fprintf(f, "%llu %llu %llu %lld %ld %lld %ld %lld %ld %08x %s %s\n", h->dev, h->ino, h->size, h->mtime_s,
                h->mtime_ns, h->ctime_s, h->ctime_ns, h->hashed_s, h->hashed_ns, (unsigned)h->crc, h->hex, h->name);
    }
    fprintf(f, "end %zu\n", c->n_neu);
    if (fflush(f) != 0 || ferror(f)) {
        LOG_WARN(TAG, "%s: cannot write the hash cache: %s (builds work, without the cache)", tmp, strerror(errno));
        goto out;
    }
    fd = dup(fileno(f));
    fclose(f);
    f = NULL;
    if (fd < 0)
        goto out;
    rc = lectern_tmp_commit(fd, tmp, c->path, &e);  /* closes fd */
    fd = -1;
    if (rc < 0)
        LOG_WARN(TAG, "%s (builds work, without the cache)", e.msg);
    else
        LOG_DEBUG(TAG, "%s: %zu entries written", c->path, c->n_neu);
out:
    if (f)
        fclose(f);
    if (fd >= 0)
        close(fd);
    if (rc < 0 && tmp)
        unlink(tmp);
    free(tmp);
    free(dir);
    return rc < 0 ? -1 : 0;
}

/* See hash_cache.h. */
void lectern_hcache_free(lectern_hcache *c)
{
    if (!c)
        return;
    free_entries(c->old, c->n_old);
    free_entries(c->neu, c->n_neu);
    free(c->path);
    free(c->root);
    free(c);
}
