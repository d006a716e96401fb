/* Applying a chain of addenda to a base package (addendum.h): each step is
 * checked against the current state (id, version, manifest SHA-256), the
 * resulting file list and lectern.json are rebuilt and compared with what
 * the addendum promises, then the output is written once, copying every
 * entry compressed from the base or the addendum that last carried it. */
#include "lectern/addendum.h"

#include <errno.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "addendum_internal.h"
#include "reader_internal.h"

/* The state between steps: each file and the package its bytes come from. */
typedef struct state_file {
    lectern_manifest_file f;        /* path borrowed from a manifest */
    size_t src;                     /* 0 = base, k = addenda[k-1] */
} state_file;

typedef struct base_check {
    lectern_reader *r;
    const zidx *z;
    const state_file *files;
    size_t n;
    size_t next;                    /* next file to hash (under lock) */
    size_t bad;                     /* lowest failing file, or n */
    int rc;
    lectern_error err;
    pthread_mutex_t lock;
} base_check;

/* SHA-256 of a stored entry read straight from the file (pread). */
static int hash_stored(const zidx *z, const zidx_entry *ze, const lectern_manifest_file *f, lectern_error *err)
{
    enum { CHUNK = 1 << 20 };
    int rc = 0;
    unsigned char *buf = malloc(CHUNK), md[32];
    unsigned int mdlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    char hex[65];
    if (!buf || !ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    for (uint64_t at = 0; at < ze->usize;) {
        size_t want = ze->usize - at > CHUNK ? CHUNK : (size_t)(ze->usize - at);
        ssize_t k = pread(z->fd, buf, want, (off_t)(ze->data_off + at));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            rc = lectern_error_set(err, LECTERN_EHASH, "%s: entry '%s': cannot be read (damaged package)",
                                   z->path, ze->name);
            goto out;
        }
        EVP_DigestUpdate(ctx, buf, (size_t)k);
        at += (uint64_t)k;
    }
    EVP_DigestFinal_ex(ctx, md, &mdlen);
    lectern_hex32(md, hex);
    if (ze->usize != f->size || strcmp(hex, f->sha256))
        rc = lectern_error_set(err, LECTERN_EHASH,
                               "%s: entry '%s': SHA-256 differs from lectern.json (damaged or altered package)",
                               z->path, ze->name);
out:
    EVP_MD_CTX_free(ctx);
    free(buf);
    return rc;
}

/* Thread (up to 4 of them): hashes the base entries the result keeps
 * while they are copied: stored ones straight from the file (in parallel),
 * deflated ones through the reader (which serialises them). The lowest
 * failing entry is the one reported, whatever the thread timing. */
static void *check_base(void *arg)
{
    base_check *c = arg;
    for (;;) {
        pthread_mutex_lock(&c->lock);
        size_t i = c->next++;
        int stop = i >= c->n || c->bad < c->n;
        pthread_mutex_unlock(&c->lock);
        if (stop)
            break;
        if (c->files[i].src != 0)
            continue;
        lectern_error e = {0};
        int rc;
        const zidx_entry *ze = zidx_find(c->z, c->files[i].f.path);
        const lectern_entry_info *in = lectern_reader_find(c->r, c->files[i].f.path);
        if (!in || !ze) {
            rc = lectern_error_set(&e, LECTERN_EFORMAT, "%s: entry '%s': missing",
                                   lectern_reader_path(c->r), c->files[i].f.path);
        } else if (!ze->deflated) {
            rc = hash_stored(c->z, ze, &c->files[i].f, &e);
        } else {
            reader_entry *re = (reader_entry *)((const char *)in - offsetof(reader_entry, info));
            rc = lectern_reader_zip_check(c->r, re, -1, &e);
        }
        if (rc < 0) {
            pthread_mutex_lock(&c->lock);
            if (i < c->bad) {
                c->bad = i;
                c->rc = rc;
                c->err = e;
            }
            pthread_mutex_unlock(&c->lock);
        }
    }
    return NULL;
}

static int mf_cmp(const void *a, const void *b)
{
    return strcmp(((const state_file *)a)->f.path, ((const state_file *)b)->f.path);
}

static const state_file *state_find(const state_file *s, size_t n, const char *path)
{
    state_file key = {.f.path = (char *)path};
    return n ? bsearch(&key, s, n, sizeof *s, mf_cmp) : NULL;
}

/* One step: checks addendum a (index k, 1-based) against the state and
 * replaces the state with its result. */
static int step(const char *apath, lectern_addendum *a, size_t k, const char *cur_id, const char *cur_ver,
                const char *cur_sha, state_file **st, size_t *n, char **json, lectern_error *err)
{
    const lectern_manifest *m = &a->m;
    if (strcmp(m->base_id, cur_id))
        return lectern_error_set(err, LECTERN_EINVAL, "%s: wrong base: expected course '%s', found an addendum for '%s'",
                                 apath, cur_id, m->base_id);
    if (strcmp(m->base_version, cur_ver))
        return lectern_error_set(err, LECTERN_EINVAL,
                                 "%s: wrong base: it updates version %s, but the current version is %s "
                                 "(expected base %s, found %s; apply the missing steps of the chain first)",
                                 apath, m->base_version, cur_ver, cur_ver, m->base_version);
    if (strcmp(m->base_manifest_sha256, cur_sha))
        return lectern_error_set(err, LECTERN_EHASH,
                                 "%s: base manifest hash mismatch: expected %s, found %s (the base %s %s is "
                                 "not the package this addendum was made from)",
                                 apath, m->base_manifest_sha256, cur_sha, cur_id, cur_ver);
    for (size_t i = 0; i < m->n_removed; i++)
        if (!state_find(*st, *n, m->removed[i]))
            return lectern_error_set(err, LECTERN_EFORMAT, "%s: removed file '%s' is not in the base", apath,
                                     m->removed[i]);
    state_file *next = calloc(a->n_result ? a->n_result : 1, sizeof *next);
    if (!next)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    for (size_t i = 0; i < a->n_result; i++) {
        const lectern_manifest_file *r = &a->result[i];
        const lectern_manifest_file *c = lectern_manifest_find(m, r->path);
        const state_file *old = state_find(*st, *n, r->path);
        next[i].f = *r;
        if (c) {
            next[i].src = k;
            if (c->size != r->size || strcmp(c->sha256, r->sha256)) {
                free(next);
                return lectern_error_set(err, LECTERN_EHASH, "%s: entry '%s': carried file differs from the result list",
                                         apath, r->path);
            }
        } else if (old && old->f.size == r->size && !strcmp(old->f.sha256, r->sha256)) {
            next[i].src = old->src;
        } else {
            free(next);
            return lectern_error_set(err, LECTERN_EHASH,
                                     "%s: entry '%s': the result expects SHA-256 %s from the base, found %s "
                                     "(the addendum does not fit this base)",
                                     apath, r->path, r->sha256, old ? old->f.sha256 : "no such file");
        }
    }
    for (size_t i = 0; i < m->n_files; i++)
        if (!state_find(next, a->n_result, m->files[i].path)) {
            free(next);
            return lectern_error_set(err, LECTERN_EFORMAT, "%s: entry '%s': carried but missing from the result list "
                                     "(inconsistent addendum)", apath, m->files[i].path);
        }
    for (size_t i = 0; i < *n; i++) {
        const char *p = (*st)[i].f.path;
        int kept = state_find(next, a->n_result, p) != NULL;
        int removed = 0;
        for (size_t j = 0; j < m->n_removed && !removed; j++)
            removed = !strcmp(m->removed[j], p);
        if (!kept && !removed) {
            free(next);
            return lectern_error_set(err, LECTERN_EFORMAT, "%s: entry '%s': dropped from the result but not listed "
                                     "as removed (inconsistent addendum)", apath, p);
        }
    }
    /* the resulting lectern.json, exactly as build writes it */
    lectern_manifest rm = {.format = LECTERN_FORMAT_VERSION, .kind = "course", .id = m->id,
                           .version = m->version, .title = a->result_title};
    rm.files = calloc(a->n_result ? a->n_result : 1, sizeof *rm.files);
    if (!rm.files) {
        free(next);
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < a->n_result; i++)
        rm.files[i] = a->result[i];
    rm.n_files = a->n_result;
    char *js = lectern_manifest_to_json(&rm);
    free(rm.files);
    if (!js) {
        free(next);
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    }
    char hex[65];
    lectern_sha256_hex(js, strlen(js), hex);
    if (strcmp(hex, a->result_manifest_sha256)) {
        free(next);
        free(js);
        return lectern_error_set(err, LECTERN_EHASH, "%s: result manifest hash mismatch: expected %s, found %s",
                                 apath, a->result_manifest_sha256, hex);
    }
    free(*st);
    *st = next;
    *n = a->n_result;
    free(*json);
    *json = js;
    return 0;
}

/* See addendum.h. */
int lectern_addendum_apply(const char *base_pkg, const char *const *addenda, size_t n,
                           const char *out_path, const lectern_apply_opts *opts,
                           lectern_error *err)
{
    int rc = 0;
    lectern_reader *br = NULL;
    lectern_addendum **ad = NULL;
    zidx *zs = NULL;
    state_file *st = NULL;
    size_t ns = 0;
    out_entry *ents = NULL;
    char cur_sha[65], *json = NULL;
    int verify = !opts || opts->verify_base;
    if (!base_pkg || !out_path || (n && !addenda))
        return lectern_error_set(err, LECTERN_EINVAL, "apply needs a base, addenda and an output");
    if (!n)
        return lectern_error_set(err, LECTERN_EINVAL, "apply needs at least one addendum");
    ad = calloc(n, sizeof *ad);
    zs = calloc(n + 1, sizeof *zs);
    if (!ad || !zs) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i <= n; i++)
        zs[i].fd = -1;
    if ((rc = addendum_open_package(base_pkg, &br, cur_sha, err)) < 0)
        goto out;
    const lectern_manifest *bm = lectern_reader_manifest(br);
    if (strcmp(bm->kind, "course")) {
        rc = lectern_error_set(err, LECTERN_EINVAL, "%s: the base must be a course package (it is an %s)", base_pkg,
                               bm->kind);
        goto out;
    }
    st = calloc(bm->n_files ? bm->n_files : 1, sizeof *st);
    if (!st) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < bm->n_files; i++)
        st[i].f = bm->files[i];
    ns = bm->n_files;
    const char *cur_id = bm->id, *cur_ver = bm->version;
    for (size_t k = 0; k < n; k++) {
        lectern_verify_report vr;
        if ((rc = lectern_addendum_read(addenda[k], &ad[k], err)) < 0)
            goto out;
        if ((rc = step(addenda[k], ad[k], k + 1, cur_id, cur_ver, cur_sha, &st, &ns, &json, err)) < 0)
            goto out;
        /* the addendum's own content: every carried file's SHA-256 */
        if ((rc = lectern_package_verify(addenda[k], &vr, err)) < 0)
            goto out;
        lectern_sha256_hex(json, strlen(json), cur_sha);
        cur_id = ad[k]->m.id;
        cur_ver = ad[k]->m.version;
    }
    if ((rc = zidx_open(base_pkg, &zs[0], err)) < 0)
        goto out;
    for (size_t k = 0; k < n; k++)
        if ((rc = zidx_open(addenda[k], &zs[k + 1], err)) < 0)
            goto out;
    ents = calloc(ns ? ns : 1, sizeof *ents);
    if (!ents) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < ns; i++) {
        ents[i].path = st[i].f.path;
        ents[i].src = &zs[st[i].src];
    }
    base_check bc = {.r = br, .z = &zs[0], .files = st, .n = ns, .bad = ns};
    pthread_mutex_init(&bc.lock, NULL);
    pthread_t th[4];
    size_t threads = 0;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t want = !verify ? 0 : ncpu < 1 ? 1 : ncpu > 4 ? 4 : (size_t)ncpu;
    while (threads < want && pthread_create(&th[threads], NULL, check_base, &bc) == 0)
        threads++;
    if (verify && !threads)
        check_base(&bc);
    /* the output is written to a temporary file: removed again if the base check fails */
    char *tmp_out = NULL;
    int tfd = lectern_tmp_create(out_path, &tmp_out, err);
    if (tfd < 0) {
        rc = tfd;
    } else {
        close(tfd);
        rc = addendum_write_package(tmp_out, json, ents, ns, opts ? opts->sign_key : NULL, err);
        if (rc == LECTERN_EIO)
            lectern_error_prefix(err, "%s", out_path);     /* name the output (disk full) */
    }
    for (size_t t = 0; t < threads; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&bc.lock);
    if (rc == 0 && bc.rc < 0) {
        rc = bc.rc;
        if (err)
            *err = bc.err;
        lectern_error_prefix(err, "base");
    }
    if (tmp_out) {
        if (rc == 0 && rename(tmp_out, out_path) != 0)
            rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot move into place", out_path);
        else if (rc == 0)
            lectern_fsync_parent(out_path);
        if (rc < 0)
            unlink(tmp_out);
        free(tmp_out);
    }
out:
    free(ents);
    for (size_t i = 0; zs && i <= n; i++)
        zidx_close(&zs[i]);
    free(zs);
    for (size_t k = 0; ad && k < n; k++)
        lectern_addendum_free(ad[k]);
    free(ad);
    free(st);
    free(json);
    lectern_reader_close(br);
    return rc;
}
