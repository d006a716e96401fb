/* Builds a .lectern package from a course source folder: same listing as
 * the folder reader; the zip (zip_write.c): stored mimetype, stored
 * lectern.json, content sorted, media stored, text deflated, fixed times and
 * attributes so it is reproducible; temp file + fsync + rename so it is
 * atomic. Usually in one pass (package_write.c: every file read once,
 * hashed and written in place by threads); with very large text files in
 * two (SHA-256 and CRC-32 of every file in threads, then copy_file_range). */
#include "reader_internal.h"
#include "tmpfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "json.h"
#include "lectern/log.h"
#include "lectern/sign.h"
#include "file_hash.h"
#include "hash_cache.h"
#include "package_write.h"
#include "zip_write.h"

#define TAG "build"

/* Extensions of already-compressed formats: stored, so video can stream. */
static const char *const stored_ext[] = {
    "png", "jpg", "jpeg", "webp", "gif", "webm", "mp4", "m4v", "mkv", "ogg", "ogv",
    "mov", "mp3", "m4a", "opus", "oga", "flac", "aac", "woff", "woff2", "zip", "gz",
    NULL,
};

/* See reader_internal.h (also used by addenda made from a folder). */
int lectern_is_stored_ext(const char *name)
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

/* Work items: a file usually gets both sums in one pass; a file bigger
 * than one thread's share gets a SHA item and a CRC item, so two cores
 * share even a course that is one large video. Item 2i is file i's SHA
 * (and CRC) item, 2i+1 its CRC item when split: the lowest failing item
 * is the lowest failing file. */
#define SPLIT_BYTES (64u << 20)

typedef struct file_sums {
    char hex[65];
    uint32_t crc;
    struct stat st;
    int64_t hashed_at;
    int cached;
} file_sums;

typedef struct hash_job {
    const char *root;
    dir_file *files;
    file_sums *sums;
    unsigned char *split;           /* per file: 1 when it has two items */
} hash_job;

static int hash_item(void *user, size_t item, fhash_scratch *s, lectern_error *err)
{
    hash_job *j = user;
    size_t i = item / 2;
    int what = !j->split[i] ? FHASH_SHA | FHASH_CRC : item % 2 ? FHASH_CRC : FHASH_SHA;
    file_sums *sum = &j->sums[i];
    struct stat st;
    char *full = NULL, hex[65];
    uint32_t crc = 0;
    int64_t at = lectern_hcache_clock();
    int rc = 0, fd = lectern_fhash_open(j->root, j->files[i].name, j->files[i].size, "building", &full, &st, err);
    if (fd < 0) {
        rc = fd;
        goto out;
    }
    if ((rc = lectern_fhash_read(fd, j->files[i].size, what, s, NULL, NULL, full, "building", hex, &crc, err)) < 0)
        goto out;
    if (what & FHASH_SHA) {
        memcpy(sum->hex, hex, 65);
        sum->st = st;
        sum->hashed_at = at;
    }
    if (what & FHASH_CRC)
        sum->crc = crc;
out:
    if (fd >= 0)
        close(fd);
    free(full);
    return rc;
}

/* Sums every file on the shared pool (file_hash.c); the lowest failing
 * file wins. Files with a trusted hash-cache entry are not read. */
static int hash_all(const char *root, dir_file *files, size_t n, file_sums *sums,
                    const lectern_hcache *cache, lectern_error *err)
{
    hash_job j = {.root = root, .files = files, .sums = sums};
    size_t *items = malloc((2 * n + 1) * sizeof *items), n_items = 0;
    int rc = 0;
    j.split = calloc(n ? n : 1, 1);
    if (!items || !j.split) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    uint64_t nt = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (uint64_t)ncpu, total = 0;
    for (size_t i = 0; i < n; i++) {
        /* a trusted cache entry: the file is not read (add_file checks
         * it is still the file looked up when it copies it) */
        char *full = NULL;
        if (cache && asprintf(&full, "%s/%s", root, files[i].name) >= 0 && stat(full, &sums[i].st) == 0 &&
            S_ISREG(sums[i].st.st_mode) &&
            lectern_hcache_get(cache, files[i].name, &sums[i].st, sums[i].hex, &sums[i].crc, &sums[i].hashed_at))
            sums[i].cached = 1;
        else
            total += files[i].size;
        free(full);
    }
    for (size_t i = 0; i < n; i++) {
        if (sums[i].cached)
            continue;
        items[n_items++] = 2 * i;
        /* a file bigger than one thread's share is read twice, by two threads */
        if (files[i].size >= SPLIT_BYTES && files[i].size * nt > total) {
            j.split[i] = 1;
            items[n_items++] = 2 * i + 1;
        }
    }
    rc = lectern_fhash_run(n_items, items, hash_item, &j, "build: hash", err);
out:
    free(items);
    free(j.split);
    return rc;
}

/* See reader_internal.h. */
int lectern_manifest_from_course_dir(const char *root, lectern_manifest *m, lectern_error *err)
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

/* Writes one content file; refuses it if it changed since it was hashed. */
static int add_file(lectern_zipw *zw, const char *root, const dir_file *f, const file_sums *sum,
                    lectern_error *err)
{
    int rc = 0;
    char *full = NULL;
    if (asprintf(&full, "%s/%s", root, f->name) < 0)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    int fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot read: %s", full, strerror(errno));
        goto out;
    }
    if ((uint64_t)st.st_size != f->size || !lectern_fhash_same(&st, &sum->st)) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: changed while building; try again", full);
        goto out;
    }
    rc = lectern_zipw_add_fd(zw, f->name, fd, f->size, sum->crc, !lectern_is_stored_ext(f->name), full, err);
    if (rc == 0 && (fstat(fd, &st) != 0 || !lectern_fhash_same(&st, &sum->st)))
        rc = lectern_error_set(err, LECTERN_EIO, "%s: changed while building; try again", full);
out:
    if (fd >= 0)
        close(fd);
    free(full);
    return rc;
}

/* Drops the output package from the listing when it is written inside the
 * source folder (`build . -o course.lectern`), so a rebuild does not pack
 * the previous package into the new one. */
static void skip_output(const char *src_dir, const char *out_path, dir_file *files, size_t *n)
{
    char *root = realpath(src_dir, NULL), *dir = strdup(out_path), *rdir = NULL;
    if (!root || !dir)
        goto out;
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : out_path;
    if (slash == dir)
        dir[1] = '\0';
    else if (slash)
        *slash = '\0';
    rdir = realpath(slash ? dir : ".", NULL);
    size_t rl = strlen(root);
    if (!rdir || strncmp(rdir, root, rl) || (rdir[rl] && rdir[rl] != '/'))
        goto out;
    char *rel = NULL;
    if (asprintf(&rel, "%s%s%s", rdir[rl] ? rdir + rl + 1 : "", rdir[rl] ? "/" : "", base) < 0)
        goto out;
    for (size_t i = 0; i < *n; i++) {
        if (strcmp(files[i].name, rel))
            continue;
        free(files[i].name);
        memmove(&files[i], &files[i + 1], (*n - i - 1) * sizeof *files);
        (*n)--;
        break;
    }
    free(rel);
out:
    free(root);
    free(dir);
    free(rdir);
}

/* See package.h. */
int lectern_package_build(const char *src_dir, const char *out_path,
                          const lectern_build_opts *opts, lectern_error *err)
{
    int rc = 0, fd = -1;
    dir_file *files = NULL;
    size_t n = 0;
    file_sums *sums = NULL;
    lectern_manifest m = {0};
    char *json = NULL, *tmp = NULL, *sig = NULL;
    lectern_zipw *zw = NULL;
    pw_file *pw = NULL;
    int one_pass = 0;
    lectern_hcache *cache = NULL;
    size_t from_cache = 0;

    if (!src_dir || !out_path)
        return lectern_error_set(err, LECTERN_EINVAL, "build needs a source folder and an output path");
    if (!lectern_is_dir(src_dir))
        return lectern_error_set(err, LECTERN_ENOTFOUND, "%s: not a folder", src_dir);
    if ((rc = lectern_manifest_from_course_dir(src_dir, &m, err)) < 0)
        goto out;
    /* a build killed earlier may have left OUT.tmp-PID-* in the source folder
     * (`build . -o x.lectern`): remove it before listing the files */
    lectern_tmp_sweep(out_path);
    if ((rc = lectern_dir_list(src_dir, &files, &n, err)) < 0)
        goto out;
    skip_output(src_dir, out_path, files, &n);
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
    sums = calloc(n ? n : 1, sizeof *sums);
    m.files = calloc(n ? n : 1, sizeof *m.files);
    pw = calloc(n ? n : 1, sizeof *pw);
    if (!sums || !m.files || !pw) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        m.files[i].path = files[i].name;    /* borrowed; detached before free */
        m.files[i].size = files[i].size;
        memset(m.files[i].sha256, '0', 64);     /* the length of the JSON, before the hashes */
        pw[i] = (pw_file){.name = files[i].name, .size = files[i].size,
                          .deflate = !lectern_is_stored_ext(files[i].name)};
    }
    m.n_files = n;
    /* LECTERN_BUILD_TWO_PASS=1: the two-pass way (tests check both give the same bytes) */
    const char *two = getenv("LECTERN_BUILD_TWO_PASS");
    one_pass = lectern_pw_fits(pw, n) && !(two && *two && strcmp(two, "0"));
    if (opts && opts->cache_dir)
        cache = lectern_hcache_open(opts->cache_dir, src_dir);
    if (!one_pass && (rc = hash_all(src_dir, files, n, sums, cache, err)) < 0)
        goto out;

    /* temp file next to the output (OUT.tmp-PID-XXXXXX; the ones a killed
     * build left are removed first), renamed into place when complete */
    if ((fd = lectern_tmp_create(out_path, &tmp, err)) < 0) {
        rc = fd;
        goto out;
    }
    if (one_pass) {
        /* lectern.json is stored: its length is known now, so is every offset */
        if (!(json = lectern_manifest_to_json(&m))) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            goto out;
        }
        size_t mlen = strlen(LECTERN_MIMETYPE), jlen = strlen(json);
        uint64_t content_off = lectern_zipw_header_size("mimetype", mlen, 0) + mlen +
                               lectern_zipw_header_size(LECTERN_MANIFEST, jlen, 0) + jlen;
        free(json);
        json = NULL;
        if ((rc = lectern_pw_write(src_dir, pw, n, fd, tmp, content_off, cache, err)) < 0)
            goto out;
        for (size_t i = 0; i < n; i++)
            memcpy(m.files[i].sha256, pw[i].hex, 65);
    } else {
        for (size_t i = 0; i < n; i++)
            memcpy(m.files[i].sha256, sums[i].hex, 65);
    }
    json = lectern_manifest_to_json(&m);
    if (!json) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    /* --sign: lectern.sig over these exact bytes, written as the last entry */
    if (opts && opts->sign_key && (rc = lectern_sign_make(opts->sign_key, json, strlen(json), &sig, err)) < 0)
        goto out;
    if (!(zw = lectern_zipw_new(fd))) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    rc = lectern_zipw_add_buffer(zw, "mimetype", LECTERN_MIMETYPE, strlen(LECTERN_MIMETYPE), 0, err);
    if (rc == 0)
        rc = lectern_zipw_add_buffer(zw, LECTERN_MANIFEST, json, strlen(json), 0, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (one_pass)
            rc = lectern_zipw_add_placed(zw, pw[i].name, pw[i].size, pw[i].csize, pw[i].crc, pw[i].deflate,
                                         pw[i].header_off, err);
        else
            rc = add_file(zw, src_dir, &files[i], &sums[i], err);
    }
    if (rc == 0 && sig)
        rc = lectern_zipw_add_buffer(zw, LECTERN_SIGNATURE, sig, strlen(sig), 1, err);
    if (rc == 0)
        rc = lectern_zipw_finish(zw, err);
    if (rc < 0)
        goto out;
    rc = lectern_tmp_commit(fd, tmp, out_path, err);   /* closes fd; removes tmp on failure */
    fd = -1;
    free(tmp);
    tmp = NULL;
    if (rc < 0)
        goto out;
    /* the sums of this build for the next one (the package is in place:
     * a failure here only costs the next build time) */
    for (size_t i = 0; cache && i < n; i++) {
        const char *hex = one_pass ? pw[i].hex : sums[i].hex;
        const struct stat *st = one_pass ? &pw[i].st : &sums[i].st;
        from_cache += one_pass ? (size_t)pw[i].cached : (size_t)sums[i].cached;
        lectern_hcache_put(cache, files[i].name, st, one_pass ? pw[i].hashed_at : sums[i].hashed_at, hex,
                           one_pass ? pw[i].crc : sums[i].crc);
    }
    if (cache)
        lectern_hcache_save(cache);
    LOG_INFO(TAG, "%s: %zu files, %llu bytes; %zu files' sums from the hash cache", out_path, n,
             (unsigned long long)total, from_cache);
    rc = 0;
out:
    if (rc == LECTERN_EIO && err && strncmp(err->msg, "writing the package", 19) == 0)
        lectern_error_prefix(err, "%s", out_path);     /* name the package (disk full) */
    lectern_zipw_free(zw);
    if (fd >= 0)
        close(fd);
    if (tmp)
        unlink(tmp);
    for (size_t i = 0; i < m.n_files; i++)
        m.files[i].path = NULL;
    m.n_files = 0;
    lectern_manifest_free(&m);
    lectern_pw_free(pw, n);
    lectern_hcache_free(cache);
    lectern_dir_list_free(files, n);
    free(sums);
    free(json);
    free(sig);
    free(tmp);
    return rc;
}
