/* Builds a .lectern package from a course source folder: same listing as
 * the folder reader, SHA-256 of every file (in parallel), then a zip with
 * libzip: stored mimetype, lectern.json, content sorted, media stored, text
 * deflated, fixed times and attributes (reproducible), temp + fsync + rename. */
#include "reader_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "lectern/log.h"

#define TAG "build"
#define HASH_CHUNK (4u << 20)

/* Extensions of already-compressed formats: stored, so video can stream. */
static const char *const stored_ext[] = {
    "png", "jpg", "jpeg", "webp", "gif", "webm", "mp4", "m4v", "mkv", "ogg", "ogv",
    "mov", "mp3", "m4a", "opus", "oga", "flac", "aac", "woff", "woff2", "zip", "gz",
    NULL,
};

static int is_stored_ext(const char *name)
{
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    if (!dot || (slash && dot < slash))
        return 0;
    for (int i = 0; stored_ext[i]; i++)
        if (!strcasecmp(dot + 1, stored_ext[i]))
            return 1;
    return 0;
}

typedef struct hash_job {
    const char *root;
    dir_file *files;
    size_t n;
    char (*hex)[65];
    size_t next;
    size_t bad;                 /* lowest failing index, or n */
    lectern_error err;
    pthread_mutex_t lock;
} hash_job;

static int hash_file(hash_job *j, size_t i, unsigned char *buf, EVP_MD_CTX *ctx,
                     lectern_error *err)
{
    int rc = 0, fd = -1;
    char *full = NULL;
    uint64_t got = 0;
    if (asprintf(&full, "%s/%s", j->root, j->files[i].name) < 0)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot read: %s", full, strerror(errno));
        goto out;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: not a regular file any more", full);
        goto out;
    }
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    if (!EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "SHA-256 unavailable");
        goto out;
    }
    for (;;) {
        ssize_t k = read(fd, buf, HASH_CHUNK);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = lectern_error_set(err, LECTERN_EIO, "%s: %s", full, strerror(errno));
            goto out;
        }
        if (k == 0)
            break;
        EVP_DigestUpdate(ctx, buf, (size_t)k);
        got += (uint64_t)k;
    }
    if (got != j->files[i].size) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: changed while building (%llu bytes, listed %llu); try again",
                               full, (unsigned long long)got, (unsigned long long)j->files[i].size);
        goto out;
    }
    unsigned char md[32];
    unsigned int mdlen;
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    lectern_hex32(md, j->hex[i]);
out:
    if (fd >= 0)
        close(fd);
    free(full);
    return rc;
}

static void *hash_worker(void *arg)
{
    hash_job *j = arg;
    unsigned char *buf = malloc(HASH_CHUNK);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    for (;;) {
        pthread_mutex_lock(&j->lock);
        size_t i = j->next++;
        int stop = i >= j->n || j->bad < j->n;
        pthread_mutex_unlock(&j->lock);
        if (stop)
            break;
        lectern_error e = {0};
        int rc = !buf || !ctx ? lectern_error_set(&e, LECTERN_ENOMEM, "out of memory")
                              : hash_file(j, i, buf, ctx, &e);
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

/* Hashes every file with up to 8 threads; the lowest failing file wins. */
static int hash_all(const char *root, dir_file *files, size_t n, char (*hex)[65],
                    lectern_error *err)
{
    hash_job j = {.root = root, .files = files, .n = n, .hex = hex, .bad = n};
    pthread_t th[8];
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (size_t)ncpu, started = 0;
    if (nt > n)
        nt = n ? n : 1;
    pthread_mutex_init(&j.lock, NULL);
    for (size_t t = 1; t < nt; t++)
        if (pthread_create(&th[t], NULL, hash_worker, &j) == 0)
            started = t;
        else
            break;
    hash_worker(&j);
    for (size_t t = 1; t <= started; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&j.lock);
    if (j.bad < n) {
        if (err)
            *err = j.err;
        return j.err.code ? j.err.code : LECTERN_EIO;
    }
    return 0;
}

/* id, version and default-language title from course.json. */
static int read_course(const char *root, lectern_manifest *m, lectern_error *err)
{
    void *data = NULL;
    size_t len;
    cJSON *j = NULL;
    int rc = 0;
    char *path = NULL;
    if (asprintf(&path, "%s/course.json", root) < 0)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    struct stat st;
    if (stat(path, &st) != 0) {
        rc = lectern_error_set(err, LECTERN_EFORMAT, "%s: not a course folder: course.json is missing", root);
        goto out;
    }
    FILE *f = fopen(path, "rb");
    if (!f || st.st_size > LECTERN_JSON_MAX_BYTES || !(data = malloc((size_t)st.st_size + 1)) ||
        fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot read", path);
        if (f)
            fclose(f);
        goto out;
    }
    fclose(f);
    len = (size_t)st.st_size;
    if ((rc = lectern_json_parse(data, len, "course.json", &j, NULL, NULL, err)) < 0)
        goto out;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(j, "version");
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(j, "title");
    const cJSON *langs = cJSON_GetObjectItemCaseSensitive(j, "languages");
    if (!cJSON_IsString(id) || !cJSON_IsString(ver)) {
        rc = lectern_error_set(err, LECTERN_ESCHEMA, "course.json: id and version must be strings");
        goto out;
    }
    const char *t = NULL;
    if (cJSON_IsString(title)) {
        t = title->valuestring;
    } else if (cJSON_IsObject(title)) {
        const cJSON *l0 = cJSON_IsArray(langs) ? cJSON_GetArrayItem(langs, 0) : NULL;
        const cJSON *tv = cJSON_IsString(l0) ? cJSON_GetObjectItemCaseSensitive(title, l0->valuestring) : NULL;
        if (!cJSON_IsString(tv))
            tv = title->child;
        if (cJSON_IsString(tv))
            t = tv->valuestring;
    }
    m->id = strdup(id->valuestring);
    m->version = strdup(ver->valuestring);
    m->title = t ? strdup(t) : NULL;
    m->kind = strdup("course");
    m->format = LECTERN_FORMAT_VERSION;
    if (!m->id || !m->version || !m->kind || (t && !m->title))
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
out:
    cJSON_Delete(j);
    free(data);
    free(path);
    return rc;
}

/* Adds one entry with fixed time and attributes. Takes ownership of src. */
static int add(zip_t *za, const char *name, zip_source_t *src, int store, lectern_error *err)
{
    zip_int64_t idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        return lectern_error_set(err, LECTERN_EIO, "cannot add %s: %s", name, zip_strerror(za));
    }
    if (zip_set_file_compression(za, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 store ? 0 : 6) != 0 ||
        zip_file_set_dostime(za, (zip_uint64_t)idx, 0, (0 << 9) | (1 << 5) | 1, 0) != 0 ||
        zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                         (zip_uint32_t)(S_IFREG | 0644) << 16) != 0)
        return lectern_error_set(err, LECTERN_EIO, "cannot set attributes of %s: %s", name, zip_strerror(za));
    return 0;
}

static int fsync_path(const char *path, int dir)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* See package.h. */
int lectern_package_build(const char *src_dir, const char *out_path,
                          const lectern_build_opts *opts, lectern_error *err)
{
    int rc = 0, ze = 0;
    dir_file *files = NULL;
    size_t n = 0;
    char (*hex)[65] = NULL;
    lectern_manifest m = {0};
    char *json = NULL, *tmp = NULL, *dirname_buf = NULL;
    zip_t *za = NULL;
    int tmp_made = 0;
    (void)opts;

    if (!src_dir || !out_path)
        return lectern_error_set(err, LECTERN_EINVAL, "build needs a source folder and an output path");
    if (!lectern_is_dir(src_dir))
        return lectern_error_set(err, LECTERN_ENOTFOUND, "%s: not a folder", src_dir);
    if ((rc = read_course(src_dir, &m, err)) < 0)
        goto out;
    if ((rc = lectern_dir_list(src_dir, &files, &n, err)) < 0)
        goto out;
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(files[i].name, "mimetype") || !strcmp(files[i].name, LECTERN_MANIFEST) ||
            !strcmp(files[i].name, LECTERN_SIGNATURE)) {
            rc = lectern_error_set(err, LECTERN_EFORMAT, "%s/%s: reserved name in a course folder; rename it",
                                   src_dir, files[i].name);
            goto out;
        }
        if (files[i].size > LECTERN_MAX_ENTRY_BYTES) {
            rc = lectern_error_set(err, LECTERN_ELIMIT, "%s/%s: %llu bytes, over the per-file limit",
                                   src_dir, files[i].name, (unsigned long long)files[i].size);
            goto out;
        }
        total += files[i].size;
    }
    if (total > LECTERN_MAX_TOTAL_BYTES) {
        rc = lectern_error_set(err, LECTERN_ELIMIT, "%s: files add up to %llu bytes, over the package limit",
                               src_dir, (unsigned long long)total);
        goto out;
    }
    hex = calloc(n ? n : 1, sizeof *hex);
    m.files = calloc(n ? n : 1, sizeof *m.files);
    if (!hex || !m.files) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = hash_all(src_dir, files, n, hex, err)) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        m.files[i].path = files[i].name;    /* borrowed; detached before free */
        m.files[i].size = files[i].size;
        memcpy(m.files[i].sha256, hex[i], 65);
    }
    m.n_files = n;
    json = lectern_manifest_to_json(&m);
    if (!json) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }

    /* temp file next to the output; libzip writes it on zip_close */
    if (asprintf(&tmp, "%s.tmp-XXXXXX", out_path) < 0) {
        tmp = NULL;
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot create a temporary file next to it: %s",
                               out_path, strerror(errno));
        goto out;
    }
    tmp_made = 1;
    fchmod(fd, 0644);
    close(fd);
    za = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!za) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot start the zip (libzip error %d)", tmp, ze);
        goto out;
    }
    zip_source_t *s = zip_source_buffer(za, LECTERN_MIMETYPE, strlen(LECTERN_MIMETYPE), 0);
    if (!s || (rc = add(za, "mimetype", s, 1, err)) < 0) {
        rc = rc < 0 ? rc : lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    s = zip_source_buffer(za, json, strlen(json), 0);
    if (!s || (rc = add(za, LECTERN_MANIFEST, s, 0, err)) < 0) {
        rc = rc < 0 ? rc : lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        char *full = NULL;
        if (asprintf(&full, "%s/%s", src_dir, files[i].name) < 0) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            goto out;
        }
        s = zip_source_file(za, full, 0, (zip_int64_t)files[i].size);
        free(full);
        if (!s) {
            rc = lectern_error_set(err, LECTERN_EIO, "%s/%s: %s", src_dir, files[i].name, zip_strerror(za));
            goto out;
        }
        if ((rc = add(za, files[i].name, s, is_stored_ext(files[i].name), err)) < 0)
            goto out;
    }
    if (zip_close(za) != 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: writing the package failed: %s", out_path,
                               zip_strerror(za));
        goto out;
    }
    za = NULL;
    if (fsync_path(tmp, 0) != 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: fsync failed: %s", tmp, strerror(errno));
        goto out;
    }
    /* the hashes were taken before the copy: refuse if a file changed since */
    for (size_t i = 0; i < n; i++) {
        char *full = NULL;
        struct stat st;
        if (asprintf(&full, "%s/%s", src_dir, files[i].name) < 0) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            goto out;
        }
        int changed = stat(full, &st) != 0 || (uint64_t)st.st_size != files[i].size;
        free(full);
        if (changed) {
            rc = lectern_error_set(err, LECTERN_EIO, "%s/%s: changed while building; try again",
                                   src_dir, files[i].name);
            goto out;
        }
    }
    if (rename(tmp, out_path) != 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot move the finished package into place: %s",
                               out_path, strerror(errno));
        goto out;
    }
    tmp_made = 0;
    dirname_buf = strdup(out_path);
    if (dirname_buf) {
        char *slash = strrchr(dirname_buf, '/');
        if (slash == dirname_buf)
            slash[1] = '\0';
        else if (slash)
            *slash = '\0';
        fsync_path(slash ? dirname_buf : ".", 1);
    }
    LOG_INFO(TAG, "%s: %zu files, %llu bytes", out_path, n, (unsigned long long)total);
    rc = 0;
out:
    if (za)
        zip_discard(za);
    if (tmp_made)
        unlink(tmp);
    for (size_t i = 0; i < m.n_files; i++)
        m.files[i].path = NULL;
    m.n_files = 0;
    lectern_manifest_free(&m);
    lectern_dir_list_free(files, n);
    free(hex);
    free(json);
    free(tmp);
    free(dirname_buf);
    return rc;
}
