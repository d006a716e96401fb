/* The library of installed courses (library.h): install a package or an
 * addendum under <data_dir>/library/<id>/ (verified, trust-checked, new
 * files under temporary names, state.json renamed last), and resolve or
 * list what is installed with its layers and trust. */
#include "lectern/library.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "addendum_internal.h"
#include "json.h"
#include "lectern/addendum.h"
#include "lectern/course.h"
#include "lectern/log.h"
#include "lectern/progress.h"
#include "lectern/reader.h"
#include "tmpfile.h"

#define TAG "library"
#define STATE "state.json"

typedef struct layer {
    char *version, *base_version, *file, *fingerprint;
} layer;

/* What state.json holds. */
typedef struct lib_state {
    char *id, *version, *title, *package, *sha;
    char *base_version, *base_fpr;
    layer *add;
    size_t n_add;
} lib_state;

static void state_free(lib_state *s)
{
    free(s->id);
    free(s->version);
    free(s->title);
    free(s->package);
    free(s->sha);
    free(s->base_version);
    free(s->base_fpr);
    for (size_t i = 0; i < s->n_add; i++) {
        free(s->add[i].version);
        free(s->add[i].base_version);
        free(s->add[i].file);
        free(s->add[i].fingerprint);
    }
    free(s->add);
    memset(s, 0, sizeof *s);
}

static char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? strdup(v->valuestring) : NULL;
}

/* Loads <dir>/state.json: LECTERN_ENOTFOUND when there is none. */
static int state_load(const char *dir, lib_state *s, lectern_error *err)
{
    char *path = NULL, *data = NULL;
    size_t len;
    cJSON *j = NULL;
    int rc;
    memset(s, 0, sizeof *s);
    if (asprintf(&path, "%s/%s", dir, STATE) < 0)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    if ((rc = lectern_slurp(path, LECTERN_JSON_MAX_BYTES, &data, &len, err)) < 0)
        goto out;
    if ((rc = lectern_json_parse(data, len, path, &j, NULL, NULL, err)) < 0)
        goto out;
    const cJSON *base = cJSON_GetObjectItemCaseSensitive(j, "base");
    const cJSON *adds = cJSON_GetObjectItemCaseSensitive(j, "addenda");
    s->id = jstr(j, "id");
    s->version = jstr(j, "version");
    s->title = jstr(j, "title");
    s->package = jstr(j, "package");
    s->sha = jstr(j, "manifest_sha256");
    s->base_version = jstr(base, "version");
    s->base_fpr = jstr(base, "fingerprint");
    if (!s->id || !s->version || !s->package || !s->sha || !s->base_version || !s->base_fpr ||
        !cJSON_IsArray(adds) || strchr(s->package, '/')) {
        rc = lectern_error_set(err, LECTERN_ESCHEMA, "%s: damaged library record; reinstall the course", path);
        goto out;
    }
    size_t n = (size_t)cJSON_GetArraySize(adds);
    s->add = calloc(n ? n : 1, sizeof *s->add);
    if (!s->add) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    const cJSON *a;
    cJSON_ArrayForEach(a, adds) {
        layer *l = &s->add[s->n_add++];
        l->version = jstr(a, "version");
        l->base_version = jstr(a, "base_version");
        l->file = jstr(a, "file");
        l->fingerprint = jstr(a, "fingerprint");
        if (!l->version || !l->base_version || !l->file || !l->fingerprint || strstr(l->file, "..")) {
            rc = lectern_error_set(err, LECTERN_ESCHEMA, "%s: addenda[%zu]: damaged; reinstall the course", path,
                                   s->n_add - 1);
            goto out;
        }
    }
out:
    if (rc < 0)
        state_free(s);
    cJSON_Delete(j);
    free(data);
    free(path);
    return rc;
}

/* Writes <dir>/state.json through a temporary file: the commit point. */
static int state_save(const char *dir, const lib_state *s, lectern_error *err)
{
    int rc = 0, fd = -1;
    char *path = NULL, *tmp = NULL, *text = NULL;
    cJSON *j = cJSON_CreateObject(), *base = cJSON_CreateObject(), *adds = cJSON_CreateArray();
    if (!j || !base || !adds) {
        cJSON_Delete(base);
        cJSON_Delete(adds);
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    cJSON_AddNumberToObject(j, "format", 1);
    cJSON_AddStringToObject(j, "id", s->id);
    cJSON_AddStringToObject(j, "version", s->version);
    if (s->title)
        cJSON_AddStringToObject(j, "title", s->title);
    cJSON_AddStringToObject(j, "package", s->package);
    cJSON_AddStringToObject(j, "manifest_sha256", s->sha);
    cJSON_AddStringToObject(base, "version", s->base_version);
    cJSON_AddStringToObject(base, "fingerprint", s->base_fpr);
    cJSON_AddItemToObject(j, "base", base);
    for (size_t i = 0; i < s->n_add; i++) {
        cJSON *a = cJSON_CreateObject();
        if (!a)
            break;
        cJSON_AddStringToObject(a, "version", s->add[i].version);
        cJSON_AddStringToObject(a, "base_version", s->add[i].base_version);
        cJSON_AddStringToObject(a, "file", s->add[i].file);
        cJSON_AddStringToObject(a, "fingerprint", s->add[i].fingerprint);
        cJSON_AddItemToArray(adds, a);
    }
    cJSON_AddItemToObject(j, "addenda", adds);
    text = cJSON_Print(j);
    if (!text || asprintf(&path, "%s/%s", dir, STATE) < 0) {
        path = NULL;
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    if ((fd = lectern_tmp_create(path, &tmp, err)) < 0) {
        rc = fd;
        goto out;
    }
    size_t len = strlen(text);
    if (lectern_write_all(fd, text, len) < 0 || lectern_write_all(fd, "\n", 1) < 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot write: %s%s", tmp, strerror(e), lectern_disk_hint(e));
        goto out;
    }
    rc = lectern_tmp_commit(fd, tmp, path, err);
out:
    cJSON_Delete(j);
    free(text);
    free(path);
    free(tmp);
    return rc;
}

/* Copies src to dest (temp + fsync + rename). */
static int copy_file(const char *src, const char *dest, lectern_error *err)
{
    int in = open(src, O_RDONLY | O_CLOEXEC), out, rc = 0;
    char *tmp = NULL;
    struct stat st;
    if (in < 0 || fstat(in, &st) != 0) {
        if (in >= 0)
            close(in);
        return lectern_error_set(err, LECTERN_EIO, "%s: %s", src, strerror(errno));
    }
    if ((out = lectern_tmp_create(dest, &tmp, err)) < 0) {
        close(in);
        return out;
    }
    loff_t off = 0;
    while (off < st.st_size) {
        ssize_t k = copy_file_range(in, &off, out, NULL, (size_t)(st.st_size - off), 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            /* fall back to read/write (old kernels, other file systems) */
            char buf[65536];
            ssize_t r = pread(in, buf, sizeof buf, off);
            errno = 0;
            if (r <= 0 || lectern_write_all(out, buf, (size_t)r) < 0) {
                int e = errno ? errno : EIO;
                rc = lectern_error_set(err, LECTERN_EIO, "copying %s into the library: %s%s", src, strerror(e),
                                       lectern_disk_hint(e));
                break;
            }
            off += r;
        }
    }
    close(in);
    if (rc < 0) {
        close(out);
        unlink(tmp);
    } else {
        rc = lectern_tmp_commit(out, tmp, dest, err);
    }
    free(tmp);
    return rc;
}

static int version_safe(const char *v)
{
    if (!*v || strlen(v) >= 64 || v[0] == '.')
        return 0;
    for (const char *c = v; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '.' ||
              *c == '-' || *c == '_' || *c == '+'))
            return 0;
    return 1;
}

/* 1 when rel ("9.9.0.lectern", "addenda/9.9.0.lectern") is a file the
 * state refers to (s NULL: no state, nothing is). */
static int state_refers(const lib_state *s, const char *rel)
{
    if (!s)
        return 0;
    if (s->package && !strcmp(s->package, rel))
        return 1;
    for (size_t i = 0; i < s->n_add; i++)
        if (s->add[i].file && !strcmp(s->add[i].file, rel))
            return 1;
    return 0;
}

/* Removes the *.lectern files of dir and dir/addenda that the state does
 * not refer to: an install killed after copying its package but before
 * saving the state, or after saving it but before removing the previous
 * version's files, leaves one behind. Runs under the install lock. */
static void remove_unreferenced(const char *dir, const lib_state *s)
{
    static const char *const subs[] = {"", "addenda/"};
    for (size_t k = 0; k < 2; k++) {
        char *d = NULL;
        if (asprintf(&d, "%s/%s", dir, subs[k]) < 0)
            return;
        DIR *dh = opendir(d);
        struct dirent *de;
        while (dh && (de = readdir(dh))) {
            size_t n = strlen(de->d_name);
            char *rel = NULL, *path = NULL;
            struct stat st;
            if (n <= 8 || strcmp(de->d_name + n - 8, ".lectern") != 0 ||
                asprintf(&rel, "%s%s", subs[k], de->d_name) < 0) {
                continue;
            }
            if (!state_refers(s, rel) && asprintf(&path, "%s/%s", dir, rel) >= 0 &&
                lstat(path, &st) == 0 && S_ISREG(st.st_mode) && unlink(path) == 0)
                LOG_INFO(TAG, "%s: removed (left by an install that was stopped)", path);
            free(rel);
            free(path);
        }
        if (dh)
            closedir(dh);
        free(d);
    }
}

static int install_course(const char *dir, const char *file, const lectern_manifest *m, const char *sha,
                          const char *fpr, lectern_install_result *res, lectern_error *err)
{
    lib_state old = {0}, s = {0};
    char *pkg = NULL;
    int rc = state_load(dir, &old, err), have = rc == 0;
    if (rc < 0 && rc != LECTERN_ENOTFOUND)
        return rc;
    rc = 0;
    if (have) {
        int c = lectern_version_compare(m->version, old.version);
        if (c == 0 && !strcmp(sha, old.sha)) {
            res->already = 1;
            remove_unreferenced(dir, &old);
            goto out;
        }
        if (c <= 0) {
            rc = lectern_error_set(err, LECTERN_EINVAL,
                                   "%s: %s version %s is installed; this package is %s%s: not installed "
                                   "(expected a version newer than %s, found %s)", file, m->id, old.version,
                                   m->version, c == 0 ? " with other content" : " (older)", old.version, m->version);
            goto out;
        }
    }
    s.id = strdup(m->id);
    s.version = strdup(m->version);
    s.title = m->title ? strdup(m->title) : NULL;
    s.sha = strdup(sha);
    s.base_version = strdup(m->version);
    s.base_fpr = strdup(fpr);
    if (asprintf(&s.package, "%s.lectern", m->version) < 0)
        s.package = NULL;
    if (!s.id || !s.version || !s.sha || !s.base_version || !s.base_fpr || !s.package ||
        asprintf(&pkg, "%s/%s", dir, s.package) < 0) {
        pkg = NULL;
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    remove_unreferenced(dir, have ? &old : NULL);
    if ((rc = lectern_mkdirs(dir, 0755, err)) < 0 || (rc = copy_file(file, pkg, err)) < 0)
        goto out;
    if ((rc = state_save(dir, &s, err)) < 0) {
        unlink(pkg);
        goto out;
    }
    /* committed: the previous version's files are no longer referenced */
    if (have) {
        char *p = NULL;
        if (strcmp(old.package, s.package) && asprintf(&p, "%s/%s", dir, old.package) >= 0) {
            unlink(p);
            free(p);
        }
        for (size_t i = 0; i < old.n_add; i++)
            if (asprintf(&p, "%s/%s", dir, old.add[i].file) >= 0) {
                unlink(p);
                free(p);
            }
    }
out:
    free(pkg);
    state_free(&old);
    state_free(&s);
    return rc;
}

static int install_addendum(const char *dir, const char *file, const lectern_manifest *m, const char *fpr,
                            lectern_install_result *res, lectern_error *err)
{
    lib_state s = {0};
    char *adir = NULL, *acopy = NULL, *cur = NULL, *next = NULL, *afile = NULL, *npkg = NULL;
    lectern_addendum *a = NULL;
    int made_adir = 0;
    int rc = state_load(dir, &s, err);
    if (rc == LECTERN_ENOTFOUND)
        return lectern_error_set(err, LECTERN_ENOTFOUND,
                                 "%s: the course it updates is not installed: expected %s %s installed first, "
                                 "found none; install the course package first", file, m->base_id, m->base_version);
    if (rc < 0)
        return rc;
    if (strcmp(m->base_version, s.version)) {
        int missing = lectern_version_compare(m->base_version, s.version) > 0;
        rc = lectern_error_set(err, LECTERN_EINVAL,
                               "%s: wrong base: it updates %s %s, but %s is installed (expected base %s, found %s)%s",
                               file, m->base_id, m->base_version, s.version, s.version, m->base_version,
                               missing ? "; install the addenda between them first" : "");
        goto out;
    }
    if (strcmp(m->base_manifest_sha256, s.sha)) {
        rc = lectern_error_set(err, LECTERN_EHASH,
                               "%s: base manifest hash mismatch: expected %s (installed %s %s), found %s; this "
                               "addendum was made from another package of the same version",
                               file, s.sha, s.id, s.version, m->base_manifest_sha256);
        goto out;
    }
    if (lectern_version_compare(m->version, s.version) <= 0 || !version_safe(m->version)) {
        rc = lectern_error_set(err, LECTERN_EINVAL, "%s: resulting version %s is not newer than %s", file,
                               m->version, s.version);
        goto out;
    }
    if ((rc = lectern_addendum_read(file, &a, err)) < 0)
        goto out;
    if (asprintf(&adir, "%s/addenda", dir) < 0 || asprintf(&afile, "addenda/%s.lectern", m->version) < 0 ||
        asprintf(&acopy, "%s/%s", dir, afile) < 0 || asprintf(&cur, "%s/%s", dir, s.package) < 0 ||
        asprintf(&npkg, "%s.lectern", m->version) < 0 || asprintf(&next, "%s/%s", dir, npkg) < 0) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    remove_unreferenced(dir, &s);
    struct stat st;
    made_adir = stat(adir, &st) != 0;
    if ((rc = lectern_mkdirs(adir, 0755, err)) < 0 || (rc = copy_file(file, acopy, err)) < 0)
        goto fail;
    const char *chain[] = {acopy};
    lectern_apply_opts ao = {.verify_base = 1};
    if ((rc = lectern_addendum_apply(cur, chain, 1, next, &ao, err)) < 0)
        goto fail;
    /* the new state: one more layer */
    layer *nl = realloc(s.add, (s.n_add + 1) * sizeof *nl);
    if (!nl) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto fail;
    }
    s.add = nl;
    layer *l = &s.add[s.n_add];
    memset(l, 0, sizeof *l);
    s.n_add++;
    l->version = strdup(m->version);
    l->base_version = strdup(m->base_version);
    l->file = afile;
    afile = NULL;
    l->fingerprint = strdup(fpr);
    char *oldpkg = s.package;
    free(s.version);
    free(s.sha);
    free(s.title);
    s.version = strdup(m->version);
    s.sha = strdup(a->result_manifest_sha256);
    s.title = a->result_title ? strdup(a->result_title) : NULL;
    s.package = npkg;
    npkg = NULL;
    if (!l->version || !l->base_version || !l->fingerprint || !s.version || !s.sha) {
        free(oldpkg);
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto fail;
    }
    if ((rc = state_save(dir, &s, err)) < 0) {
        free(oldpkg);
        goto fail;
    }
    unlink(cur);            /* committed: the previous full package is not referenced */
    free(oldpkg);
    snprintf(res->version, sizeof res->version, "%s", m->version);
    goto out;
fail:
    if (acopy)
        unlink(acopy);
    if (next)
        unlink(next);
    if (made_adir && adir)
        rmdir(adir);
out:
    lectern_addendum_free(a);
    state_free(&s);
    free(adir);
    free(acopy);
    free(cur);
    free(next);
    free(afile);
    free(npkg);
    return rc;
}

/* Takes the library's install lock: flock on the data folder itself (no
 * lock file, so a refused install leaves the folder byte for byte as it
 * was). One install or apply into a library at a time, across processes;
 * a second one waits for the first, saying so. *fd is closed to release it. */
static int library_lock(const char *data_dir, int *fd, lectern_error *err)
{
    int rc;
    *fd = -1;
    if ((rc = lectern_mkdirs(data_dir, 0755, err)) < 0)
        return rc;
    *fd = open(data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (*fd < 0)
        return lectern_error_set(err, LECTERN_EIO, "%s: cannot open the data folder: %s", data_dir,
                                 strerror(errno));
    if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
        return 0;
    if (errno == EWOULDBLOCK) {
        LOG_WARN(TAG, "%s: another install into this library is running; waiting for it to finish", data_dir);
        int k;
        while ((k = flock(*fd, LOCK_EX)) != 0 && errno == EINTR)
            ;
        if (k == 0)
            return 0;
    }
    rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot lock the library: %s", data_dir, strerror(errno));
    close(*fd);
    *fd = -1;
    return rc;
}

/* See library.h. */
int lectern_library_install(const char *data_dir, const char *file,
                            const lectern_install_policy *policy,
                            lectern_install_result *res, lectern_error *err)
{
    lectern_install_result tmp;
    lectern_reader *r = NULL;
    char sha[65], *dir = NULL;
    int rc, lock_fd = -1;
    if (!res)
        res = &tmp;
    memset(res, 0, sizeof *res);
    if (!data_dir || !file)
        return lectern_error_set(err, LECTERN_EINVAL, "install needs a data folder and a file");
    /* everything is checked before anything is written */
    if ((rc = lectern_package_verify(file, NULL, err)) < 0)
        return rc;
    if ((rc = lectern_trust_check(policy ? policy->config_dir : NULL, file, &res->trust, res->fingerprint, err)) < 0)
        return rc;
    if (policy && policy->strict && res->trust != LECTERN_TRUST_TRUSTED)
        return lectern_error_set(err, LECTERN_ESIGNATURE,
                                 "%s: refused in strict mode: %s%s%s; trust the author's key first "
                                 "(`lectern trust add AUTHOR.pub`)", file, lectern_trust_name(res->trust),
                                 res->fingerprint[0] ? " " : "", res->fingerprint);
    if ((rc = addendum_open_package(file, &r, sha, err)) < 0)
        return rc;
    const lectern_manifest *m = lectern_reader_manifest(r);
    if (!lectern_id_valid(m->id) || !version_safe(m->version)) {
        rc = lectern_error_set(err, LECTERN_ESCHEMA, "%s: lectern.json: id '%s' or version '%s' is not valid", file,
                               m->id, m->version);
        goto out;
    }
    snprintf(res->id, sizeof res->id, "%s", m->id);
    snprintf(res->version, sizeof res->version, "%s", m->version);
    if (asprintf(&dir, "%s/library/%s", data_dir, m->id) < 0) {
        dir = NULL;
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    /* the installed state is read, checked and replaced under the lock */
    if ((rc = library_lock(data_dir, &lock_fd, err)) < 0)
        goto out;
    if (!strcmp(m->kind, "addendum")) {
        res->addendum = 1;
        if (strcmp(m->base_id, m->id)) {
            rc = lectern_error_set(err, LECTERN_EINVAL, "%s: base id '%s' differs from the id '%s'", file, m->base_id,
                                   m->id);
            goto out;
        }
        rc = install_addendum(dir, file, m, res->fingerprint, res, err);
    } else {
        rc = install_course(dir, file, m, sha, res->fingerprint, res, err);
    }
    if (rc == 0)
        LOG_INFO(TAG, "%s: %s %s installed (%s)", file, m->id, res->version, lectern_trust_name(res->trust));
out:
    if (lock_fd >= 0)
        close(lock_fd);     /* releases the lock */
    lectern_reader_close(r);
    free(dir);
    return rc;
}

void lectern_library_course_clear(lectern_library_course *c)
{
    if (!c)
        return;
    free(c->id);
    free(c->version);
    free(c->title);
    free(c->package);
    free(c->manifest_sha256);
    free(c->base_version);
    for (size_t i = 0; i < c->n_addenda; i++)
        free(c->addenda[i]);
    free(c->addenda);
    memset(c, 0, sizeof *c);
}

void lectern_library_courses_free(lectern_library_course *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++)
        lectern_library_course_clear(&c[i]);
    free(c);
}

static lectern_trust layer_trust(const char *fpr, const lectern_trusted_key *keys, size_t nk)
{
    if (!fpr || !*fpr)
        return LECTERN_TRUST_UNSIGNED;
    for (size_t i = 0; i < nk; i++)
        if (!strcmp(keys[i].fingerprint, fpr))
            return LECTERN_TRUST_TRUSTED;
    return LECTERN_TRUST_UNTRUSTED;
}

static int resolve_dir(const char *dir, const lectern_trusted_key *keys, size_t nk,
                       lectern_library_course *c, lectern_error *err)
{
    lib_state s;
    int rc = state_load(dir, &s, err);
    memset(c, 0, sizeof *c);
    if (rc < 0)
        return rc;
    c->id = s.id;
    c->version = s.version;
    c->title = s.title;
    c->manifest_sha256 = s.sha;
    c->base_version = s.base_version;
    s.id = s.version = s.title = s.sha = s.base_version = NULL;
    snprintf(c->base_fingerprint, sizeof c->base_fingerprint, "%s", s.base_fpr);
    c->trust = layer_trust(s.base_fpr, keys, nk);
    if (asprintf(&c->package, "%s/%s", dir, s.package) < 0)
        c->package = NULL;
    c->addenda = calloc(s.n_add ? s.n_add : 1, sizeof *c->addenda);
    if (!c->package || !c->addenda) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < s.n_add; i++) {
        lectern_trust t = layer_trust(s.add[i].fingerprint, keys, nk);
        if (t > c->trust)
            c->trust = t;
        if (asprintf(&c->addenda[i], "%s/%s", dir, s.add[i].file) < 0) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            goto out;
        }
        c->n_addenda++;
    }
out:
    state_free(&s);
    if (rc < 0)
        lectern_library_course_clear(c);
    return rc;
}

/* See library.h. */
int lectern_library_resolve(const char *data_dir, const char *config_dir, const char *course_id,
                            lectern_library_course *out, lectern_error *err)
{
    char *dir = NULL;
    lectern_trusted_key *keys = NULL;
    size_t nk = 0;
    memset(out, 0, sizeof *out);
    if (!data_dir || !course_id || !lectern_id_valid(course_id))
        return lectern_error_set(err, LECTERN_EINVAL, "'%s': not a course id", course_id ? course_id : "");
    int rc = lectern_trust_list(config_dir, &keys, &nk, err);
    if (rc < 0)
        return rc;
    if (asprintf(&dir, "%s/library/%s", data_dir, course_id) < 0) {
        lectern_trusted_keys_free(keys, nk);
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    }
    rc = resolve_dir(dir, keys, nk, out, err);
    if (rc == LECTERN_ENOTFOUND)
        rc = lectern_error_set(err, LECTERN_ENOTFOUND, "course '%s' is not installed in %s/library", course_id,
                               data_dir);
    free(dir);
    lectern_trusted_keys_free(keys, nk);
    return rc;
}

static int cmp_course(const void *a, const void *b)
{
    return strcmp(((const lectern_library_course *)a)->id, ((const lectern_library_course *)b)->id);
}

/* See library.h. */
int lectern_library_list(const char *data_dir, const char *config_dir,
                         lectern_library_course **out, size_t *n, lectern_error *err)
{
    char *lib = NULL;
    DIR *d = NULL;
    lectern_trusted_key *keys = NULL;
    size_t nk = 0, cnt = 0, cap = 0;
    lectern_library_course *v = NULL;
    *out = NULL;
    *n = 0;
    int rc = lectern_trust_list(config_dir, &keys, &nk, err);
    if (rc < 0)
        return rc;
    if (asprintf(&lib, "%s/library", data_dir) < 0) {
        lib = NULL;
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    if (!(d = opendir(lib))) {
        if (errno != ENOENT)
            rc = lectern_error_set(err, LECTERN_EIO, "%s: %s", lib, strerror(errno));
        goto out;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!lectern_id_valid(de->d_name))
            continue;
        char *dir = NULL;
        lectern_library_course c;
        lectern_error ce = {0};
        if (asprintf(&dir, "%s/%s", lib, de->d_name) < 0) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            goto out;
        }
        int r = resolve_dir(dir, keys, nk, &c, &ce);
        free(dir);
        if (r < 0) {
            if (r != LECTERN_ENOTFOUND)
                LOG_WARN(TAG, "%s/%s: skipped: %s", lib, de->d_name, ce.msg);
            continue;
        }
        if (cnt == cap) {
            size_t nc = cap ? cap * 2 : 8;
            lectern_library_course *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                lectern_library_course_clear(&c);
                rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
                goto out;
            }
            v = nv;
            cap = nc;
        }
        v[cnt++] = c;
    }
    if (cnt)
        qsort(v, cnt, sizeof *v, cmp_course);
    *out = v;
    *n = cnt;
    v = NULL;
    cnt = 0;
out:
    if (d)
        closedir(d);
    lectern_library_courses_free(v, cnt);
    lectern_trusted_keys_free(keys, nk);
    free(lib);
    return rc;
}
