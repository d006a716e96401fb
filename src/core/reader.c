/* The reader's front: open dispatch (folder, package, plain zip), entry
 * lookup, the folder backend (recursive sorted listing, plain files) and
 * streams. The zip backends live in reader_zip.c. */
#include "reader_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int lectern_entry_cmp(const void *a, const void *b)
{
    const reader_entry *x = a, *y = b;
    return strcmp(x->name, y->name);
}

static int dir_file_cmp(const void *a, const void *b)
{
    const dir_file *x = a, *y = b;
    return strcmp(x->name, y->name);
}

int lectern_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void lectern_hex32(const unsigned char md[32], char out[65])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

void lectern_dir_list_free(dir_file *files, size_t n)
{
    if (!files)
        return;
    for (size_t i = 0; i < n; i++)
        free(files[i].name);
    free(files);
}

typedef struct walk {
    const char *root;
    char *realroot;
    size_t realroot_len;
    dir_file *files;
    size_t n, cap;
    lectern_error *err;
} walk;

static int walk_add(walk *w, const char *rel, uint64_t size)
{
    if (w->n >= LECTERN_MAX_ENTRIES)
        return lectern_error_set(w->err, LECTERN_ELIMIT,
                                 "%s: more than %d files (the package limit)", w->root,
                                 LECTERN_MAX_ENTRIES);
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 64;
        dir_file *nf = realloc(w->files, nc * sizeof *nf);
        if (!nf)
            return lectern_error_set(w->err, LECTERN_ENOMEM, "out of memory listing %s", w->root);
        w->files = nf;
        w->cap = nc;
    }
    char *d = strdup(rel);
    if (!d)
        return lectern_error_set(w->err, LECTERN_ENOMEM, "out of memory listing %s", w->root);
    w->files[w->n].name = d;
    w->files[w->n].size = size;
    w->n++;
    return 0;
}

static char *join(const char *dir, const char *name)
{
    char *s;
    return asprintf(&s, "%s/%s", dir, name) < 0 ? NULL : s;
}

static int oom(walk *w)
{
    return lectern_error_set(w->err, LECTERN_ENOMEM, "out of memory");
}

/* rel: path relative to root ("" for root itself). */
static int walk_dir(walk *w, const char *rel, int depth)
{
    int rc = 0;
    char *full = NULL;
    DIR *d = NULL;
    if (depth > LECTERN_MAX_DIR_DEPTH)
        return lectern_error_set(w->err, LECTERN_ELIMIT, "%s/%s: folders nested more than %d deep (the limit)",
                                 w->root, rel, LECTERN_MAX_DIR_DEPTH);
    if (asprintf(&full, "%s%s%s", w->root, *rel ? "/" : "", rel) < 0) {
        full = NULL;
        return lectern_error_set(w->err, LECTERN_ENOMEM, "out of memory");
    }
    d = opendir(full);
    if (!d) {
        rc = lectern_error_set(w->err, LECTERN_EIO, "%s: cannot open folder: %s", full,
                               strerror(errno));
        goto out;
    }
    struct dirent *de;
    /* rel + "/" + a name always fits (rel passed lectern_path_safe); the full
     * path is only made for messages and links (no printf per file: a course
     * has thousands) */
    char crel[LECTERN_MAX_NAME + sizeof de->d_name + 2];
    size_t rl = strlen(rel);
    memcpy(crel, rel, rl);
    if (rl)
        crel[rl++] = '/';
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        size_t nl = strlen(de->d_name);
        memcpy(crel + rl, de->d_name, nl + 1);
        char *cfull = NULL;
        const char *why;
        struct stat st;
        if (!lectern_path_safe(crel, rl + nl, &why)) {
            rc = (cfull = join(full, de->d_name)) ?
                 lectern_error_set(w->err, LECTERN_EUNSAFE, "%s: unusable file name (%s); rename it",
                                   cfull, why) : oom(w);
        } else if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            int e = errno;
            rc = (cfull = join(full, de->d_name)) ?
                 lectern_error_set(w->err, LECTERN_EIO, "%s: %s", cfull, strerror(e)) : oom(w);
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk_dir(w, crel, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            rc = walk_add(w, crel, (uint64_t)st.st_size);
        } else if (!(cfull = join(full, de->d_name))) {
            rc = oom(w);
        } else if (S_ISLNK(st.st_mode)) {
            char *target = realpath(cfull, NULL);
            struct stat ts;
            if (!target || stat(target, &ts) != 0) {
                rc = lectern_error_set(w->err, LECTERN_EUNSAFE, "%s: broken symbolic link", cfull);
            } else if (strncmp(target, w->realroot, w->realroot_len) != 0 ||
                       target[w->realroot_len] != '/') {
                rc = lectern_error_set(w->err, LECTERN_EUNSAFE,
                                       "%s: symbolic link points outside the course folder (%s); copy the file in instead",
                                       cfull, target);
            } else if (!S_ISREG(ts.st_mode)) {
                rc = lectern_error_set(w->err, LECTERN_EUNSAFE,
                                       "%s: symbolic link to something other than a file", cfull);
            } else {
                rc = walk_add(w, crel, (uint64_t)ts.st_size);
            }
            free(target);
        } else {
            rc = lectern_error_set(w->err, LECTERN_EFORMAT,
                                   "%s: not a regular file (pipe, socket or device); remove it", cfull);
        }
        free(cfull);
        if (rc < 0)
            goto out;
    }
out:
    if (d)
        closedir(d);
    free(full);
    return rc;
}

/* See reader_internal.h. */
int lectern_dir_list(const char *root, dir_file **files, size_t *n, lectern_error *err)
{
    walk w = {.root = root, .err = err};
    int rc;
    *files = NULL;
    *n = 0;
    w.realroot = realpath(root, NULL);
    if (!w.realroot)
        return lectern_error_set(err, errno == ENOENT ? LECTERN_ENOTFOUND : LECTERN_EIO,
                                 "%s: %s", root, strerror(errno));
    w.realroot_len = strlen(w.realroot);
    if (w.realroot_len == 1)
        w.realroot_len = 0;     /* root is "/" */
    rc = walk_dir(&w, "", 0);
    free(w.realroot);
    if (rc < 0) {
        lectern_dir_list_free(w.files, w.n);
        return rc;
    }
    if (w.n > 1)
        qsort(w.files, w.n, sizeof *w.files, dir_file_cmp);
    *files = w.files;
    *n = w.n;
    return 0;
}

static int dir_open(lectern_reader *r, lectern_error *err)
{
    dir_file *files;
    size_t n;
    int rc = lectern_dir_list(r->path, &files, &n, err);
    if (rc < 0)
        return rc;
    r->entries = calloc(n ? n : 1, sizeof *r->entries);
    if (!r->entries) {
        lectern_dir_list_free(files, n);
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        r->entries[i].name = files[i].name;     /* take ownership */
        r->entries[i].info.name = files[i].name;
        r->entries[i].info.size = files[i].size;
        r->entries[i].info.stored = 1;
    }
    free(files);
    r->n = n;
    r->root = strdup(r->path);
    if (!r->root)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    r->note = "source folder";
    return 0;
}

static int dir_read(lectern_reader *r, reader_entry *e, void **data, size_t *len,
                    lectern_error *err)
{
    int rc = 0;
    char *full = NULL, *buf = NULL;
    int fd = -1;
    if (asprintf(&full, "%s/%s", r->root, e->name) < 0)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    fd = open(full, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        rc = lectern_error_set(err, errno == ENOENT ? LECTERN_ENOTFOUND : LECTERN_EIO,
                               "%s: %s", full, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = lectern_error_set(err, LECTERN_EFORMAT, "%s: not a regular file", full);
        goto out;
    }
    if ((uint64_t)st.st_size > LECTERN_MAX_READ_BYTES) {
        rc = lectern_error_set(err, LECTERN_ELIMIT, "%s: %lld bytes, too big to read into memory",
                               full, (long long)st.st_size);
        goto out;
    }
    size_t size = (size_t)st.st_size, got = 0;
    buf = malloc(size + 1);
    if (!buf) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory reading %s", full);
        goto out;
    }
    while (got < size) {
        ssize_t k = read(fd, buf + got, size - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = lectern_error_set(err, LECTERN_EIO, "%s: %s", full, strerror(errno));
            goto out;
        }
        if (k == 0)
            break;
        got += (size_t)k;
    }
    buf[got] = '\0';
    *data = buf;
    *len = got;
    buf = NULL;
out:
    if (fd >= 0)
        close(fd);
    free(buf);
    free(full);
    return rc;
}

/* See reader.h. */
static int fold_cmp(const void *a, const void *b)
{
    const reader_entry *x = *(reader_entry *const *)a, *y = *(reader_entry *const *)b;
    return strcasecmp(x->name, y->name);
}

/* Refuses two names that differ only in ASCII letter case (media/Pic.png,
 * media/pic.png): extracted to a FAT, exFAT, NTFS or macOS disk, as course
 * files on USB sticks are, one would overwrite the other. */
static int case_collision(const lectern_reader *r, lectern_error *err)
{
    if (r->n < 2)
        return 0;
    int rc = 0;
    reader_entry **v = malloc(r->n * sizeof *v);
    if (!v)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    for (size_t i = 0; i < r->n; i++)
        v[i] = &r->entries[i];
    qsort(v, r->n, sizeof *v, fold_cmp);
    for (size_t i = 1; i < r->n; i++)
        if (strcasecmp(v[i - 1]->name, v[i]->name) == 0) {
            rc = lectern_error_set(err, LECTERN_EUNSAFE,
                                   "%s: entries '%s' and '%s' differ only in letter case; one would "
                                   "overwrite the other on Windows and macOS disks: rename one",
                                   r->path, v[i - 1]->name, v[i]->name);
            break;
        }
    free(v);
    return rc;
}

int lectern_reader_open(const char *path, int flags, lectern_reader **out,
                        lectern_error *err)
{
    int rc;
    *out = NULL;
    if (!path || !*path)
        return lectern_error_set(err, LECTERN_EINVAL, "no course path given");
    struct stat st;
    if (stat(path, &st) != 0)
        return lectern_error_set(err, errno == ENOENT ? LECTERN_ENOTFOUND : LECTERN_EIO,
                                 "%s: %s", path, strerror(errno));
    lectern_reader *r = calloc(1, sizeof *r);
    if (!r)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    pthread_mutex_init(&r->lock, NULL);
    r->path = strdup(path);
    if (!r->path) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto fail;
    }
    r->note = "";
    if (S_ISDIR(st.st_mode)) {
        r->kind = LECTERN_SOURCE_DIR;
        rc = dir_open(r, err);
    } else if (S_ISREG(st.st_mode)) {
        rc = lectern_reader_zip_open(r, flags, err);
    } else {
        rc = lectern_error_set(err, LECTERN_EFORMAT, "%s: neither a folder nor a file", path);
    }
    if (rc >= 0)
        rc = case_collision(r, err);
    if (rc < 0)
        goto fail;
    *out = r;
    return 0;
fail:
    lectern_reader_close(r);
    return rc;
}

/* See reader.h. */
void lectern_reader_close(lectern_reader *r)
{
    if (!r)
        return;
    lectern_reader_zip_close(r);
    for (size_t i = 0; i < r->n; i++)
        free(r->entries[i].name);
    free(r->entries);
    free(r->root);
    free(r->prefix);
    free(r->path);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

lectern_source_kind lectern_reader_kind(const lectern_reader *r) { return r->kind; }
const char *lectern_reader_note(const lectern_reader *r) { return r->note; }
const char *lectern_reader_path(const lectern_reader *r) { return r->path; }
size_t lectern_reader_count(const lectern_reader *r) { return r->n; }

const lectern_manifest *lectern_reader_manifest(const lectern_reader *r)
{
    return r->has_manifest ? &r->manifest : NULL;
}

int lectern_reader_signed(const lectern_reader *r) { return r->has_sig; }

const lectern_entry_info *lectern_reader_entry(const lectern_reader *r, size_t i)
{
    return i < r->n ? &r->entries[i].info : NULL;
}

static reader_entry *find(const lectern_reader *r, const char *name)
{
    if (!name || !r->n)
        return NULL;
    reader_entry key = {.name = (char *)name};
    return bsearch(&key, r->entries, r->n, sizeof *r->entries, lectern_entry_cmp);
}

const lectern_entry_info *lectern_reader_find(const lectern_reader *r, const char *name)
{
    reader_entry *e = find(r, name);
    return e ? &e->info : NULL;
}

/* See reader.h. */
int lectern_reader_read(lectern_reader *r, const char *name, void **data, size_t *len,
                        lectern_error *err)
{
    *data = NULL;
    *len = 0;
    reader_entry *e = find(r, name);
    if (!e)
        return lectern_error_set(err, LECTERN_ENOTFOUND, "%s: no entry '%s'", r->path,
                                 name ? name : "(null)");
    if (e->info.size > LECTERN_MAX_READ_BYTES)
        return lectern_error_set(err, LECTERN_ELIMIT,
                                 "%s: entry '%s' is %llu bytes, too big to read into memory",
                                 r->path, name, (unsigned long long)e->info.size);
    if (r->kind == LECTERN_SOURCE_DIR)
        return dir_read(r, e, data, len, err);
    return lectern_reader_zip_read(r, e, data, len, err);
}

/* See reader.h. */
int lectern_stream_open(lectern_reader *r, const char *name, lectern_stream **out,
                        lectern_error *err)
{
    int rc = 0;
    *out = NULL;
    reader_entry *e = find(r, name);
    if (!e)
        return lectern_error_set(err, LECTERN_ENOTFOUND, "%s: no entry '%s'", r->path,
                                 name ? name : "(null)");
    lectern_stream *s = calloc(1, sizeof *s);
    if (!s || !(s->name = strdup(name))) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto fail;
    }
    s->size = e->info.size;
    if (r->kind == LECTERN_SOURCE_DIR) {
        char *full = NULL;
        if (asprintf(&full, "%s/%s", r->root, e->name) < 0) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            goto fail;
        }
        s->f = fopen(full, "rbe");
        if (!s->f)
            rc = lectern_error_set(err, LECTERN_EIO, "%s: %s", full, strerror(errno));
        free(full);
        if (rc < 0)
            goto fail;
    } else {
        rc = lectern_reader_zip_stream(r, e, s, err);
        if (rc < 0)
            goto fail;
    }
    *out = s;
    return 0;
fail:
    lectern_stream_close(s);
    return rc;
}

long long lectern_stream_read(lectern_stream *s, void *buf, size_t len)
{
    if (s->pos >= s->size || len == 0)
        return 0;
    if (len > s->size - s->pos)
        len = (size_t)(s->size - s->pos);
    long long k;
    if (s->f) {
        size_t got = fread(buf, 1, len, s->f);
        if (got == 0 && ferror(s->f))
            return LECTERN_EIO;
        k = (long long)got;
    } else {
        zip_int64_t z = zip_fread(s->zf, buf, len);
        if (z < 0)
            return LECTERN_EIO;
        k = z;
    }
    s->pos += (uint64_t)k;
    return k;
}

int lectern_stream_seek(lectern_stream *s, uint64_t offset)
{
    if (offset > s->size)
        return LECTERN_EINVAL;
    if (s->f) {
        if (fseeko(s->f, (off_t)offset, SEEK_SET) != 0)
            return LECTERN_EIO;
    } else if (lectern_reader_zip_seek(s, offset) != 0) {
        return LECTERN_EIO;
    }
    s->pos = offset;
    return 0;
}

uint64_t lectern_stream_size(const lectern_stream *s) { return s->size; }

void lectern_stream_close(lectern_stream *s)
{
    if (!s)
        return;
    if (s->f)
        fclose(s->f);
    if (s->zf)
        zip_fclose(s->zf);
    if (s->za)
        zip_discard(s->za);
    free(s->name);
    free(s);
}
