/* lectern.json, the package manifest: strict parsing (types, safe sorted
 * unique paths, hex hashes, limits) and deterministic serialisation, so a
 * build of the same source gives the same bytes. */
#include "lectern/package.h"
#include "lectern/reader.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define MF LECTERN_MANIFEST

void lectern_manifest_free(lectern_manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_files; i++)
        free(m->files[i].path);
    free(m->files);
    for (size_t i = 0; i < m->n_removed; i++)
        free(m->removed[i]);
    free(m->removed);
    free(m->kind);
    free(m->id);
    free(m->version);
    free(m->title);
    free(m->base_id);
    free(m->base_version);
    free(m->base_manifest_sha256);
    memset(m, 0, sizeof *m);
}

static int is_hex64(const char *s)
{
    size_t i;
    for (i = 0; s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return i == 64;
}

static int reserved_name(const char *p)
{
    return !strcmp(p, "mimetype") || !strcmp(p, LECTERN_MANIFEST) || !strcmp(p, LECTERN_SIGNATURE);
}

/* Copies a required (or optional) string field; returns 0 / error. */
static int get_str(const cJSON *o, const char *key, const char *path, int required,
                   char **out, lectern_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    if (!v) {
        if (!required)
            return 0;
        return lectern_error_set(err, LECTERN_ESCHEMA, "%s: %s%s: missing (required string)",
                                 MF, path, key);
    }
    if (!cJSON_IsString(v) || !v->valuestring)
        return lectern_error_set(err, LECTERN_ESCHEMA, "%s: %s%s: must be a string", MF, path, key);
    *out = strdup(v->valuestring);
    if (!*out)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    return 0;
}

static int parse_files(const cJSON *arr, lectern_manifest *m, lectern_error *err)
{
    if (!cJSON_IsArray(arr))
        return lectern_error_set(err, LECTERN_ESCHEMA, "%s: files: must be an array", MF);
    size_t n = (size_t)cJSON_GetArraySize(arr);
    if (n > LECTERN_MAX_ENTRIES)
        return lectern_error_set(err, LECTERN_ELIMIT, "%s: files: %zu entries, limit is %d", MF, n,
                                 LECTERN_MAX_ENTRIES);
    m->files = calloc(n ? n : 1, sizeof *m->files);
    if (!m->files)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    size_t i = 0;
    uint64_t total = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, arr) {
        lectern_manifest_file *mf = &m->files[i];
        if (!cJSON_IsObject(f))
            return lectern_error_set(err, LECTERN_ESCHEMA, "%s: files[%zu]: must be an object", MF, i);
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(f, "path");
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(f, "size");
        const cJSON *h = cJSON_GetObjectItemCaseSensitive(f, "sha256");
        if (!cJSON_IsString(p) || !p->valuestring)
            return lectern_error_set(err, LECTERN_ESCHEMA, "%s: files[%zu].path: must be a string", MF, i);
        const char *why;
        if (!lectern_path_safe(p->valuestring, strlen(p->valuestring), &why))
            return lectern_error_set(err, LECTERN_EUNSAFE, "%s: files[%zu].path '%s': %s", MF, i,
                                     p->valuestring, why);
        if (reserved_name(p->valuestring))
            return lectern_error_set(err, LECTERN_ESCHEMA, "%s: files[%zu].path '%s': reserved name",
                                     MF, i, p->valuestring);
        if (!cJSON_IsNumber(s) || s->valuedouble < 0 || s->valuedouble != floor(s->valuedouble))
            return lectern_error_set(err, LECTERN_ESCHEMA,
                                     "%s: files[%zu].size (%s): must be a whole number of bytes",
                                     MF, i, p->valuestring);
        if (s->valuedouble > (double)LECTERN_MAX_ENTRY_BYTES)
            return lectern_error_set(err, LECTERN_ELIMIT,
                                     "%s: files[%zu].size (%s): %.0f bytes, more than the entry limit",
                                     MF, i, p->valuestring, s->valuedouble);
        if (!cJSON_IsString(h) || !h->valuestring || !is_hex64(h->valuestring))
            return lectern_error_set(err, LECTERN_ESCHEMA,
                                     "%s: files[%zu].sha256 (%s): must be 64 lowercase hex digits",
                                     MF, i, p->valuestring);
        if (i > 0 && strcmp(m->files[i - 1].path, p->valuestring) >= 0)
            return lectern_error_set(err, LECTERN_EUNSAFE,
                                     "%s: files[%zu].path '%s': paths must be sorted and unique",
                                     MF, i, p->valuestring);
        mf->path = strdup(p->valuestring);
        if (!mf->path)
            return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        mf->size = (uint64_t)s->valuedouble;
        memcpy(mf->sha256, h->valuestring, 65);
        total += mf->size;
        i++;
        m->n_files = i;
    }
    if (total > LECTERN_MAX_TOTAL_BYTES)
        return lectern_error_set(err, LECTERN_ELIMIT, "%s: files add up to %llu bytes, limit is %llu",
                                 MF, (unsigned long long)total,
                                 (unsigned long long)LECTERN_MAX_TOTAL_BYTES);
    return 0;
}

/* See package.h. */
int lectern_manifest_parse(const char *json, size_t len, lectern_manifest *m,
                           lectern_error *err)
{
    cJSON *root = NULL;
    int rc;
    memset(m, 0, sizeof *m);
    rc = lectern_json_parse(json, len, MF, &root, NULL, NULL, err);
    if (rc < 0)
        return rc;
    if (!cJSON_IsObject(root)) {
        rc = lectern_error_set(err, LECTERN_ESCHEMA, "%s: must be a JSON object", MF);
        goto out;
    }
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsNumber(fmt) || fmt->valuedouble != floor(fmt->valuedouble) || fmt->valuedouble < 1) {
        rc = lectern_error_set(err, LECTERN_ESCHEMA, "%s: format: must be a positive integer", MF);
        goto out;
    }
    if (fmt->valuedouble > LECTERN_FORMAT_VERSION) {
        rc = lectern_error_set(err, LECTERN_EUNSUPPORTED,
                               "%s: format %.0f is newer than this Lectern (reads %d); update Lectern",
                               MF, fmt->valuedouble, LECTERN_FORMAT_VERSION);
        goto out;
    }
    m->format = (int)fmt->valuedouble;
    if ((rc = get_str(root, "kind", "", 1, &m->kind, err)) < 0 ||
        (rc = get_str(root, "id", "", 1, &m->id, err)) < 0 ||
        (rc = get_str(root, "version", "", 1, &m->version, err)) < 0 ||
        (rc = get_str(root, "title", "", 0, &m->title, err)) < 0)
        goto out;
    if (strcmp(m->kind, "course") && strcmp(m->kind, "addendum")) {
        rc = lectern_error_set(err, LECTERN_EUNSUPPORTED,
                               "%s: kind: '%s' is not \"course\" or \"addendum\"", MF, m->kind);
        goto out;
    }
    if ((rc = parse_files(cJSON_GetObjectItemCaseSensitive(root, "files"), m, err)) < 0)
        goto out;
    const cJSON *base = cJSON_GetObjectItemCaseSensitive(root, "base");
    if (base) {
        if (!cJSON_IsObject(base)) {
            rc = lectern_error_set(err, LECTERN_ESCHEMA, "%s: base: must be an object", MF);
            goto out;
        }
        if ((rc = get_str(base, "id", "base.", 1, &m->base_id, err)) < 0 ||
            (rc = get_str(base, "version", "base.", 1, &m->base_version, err)) < 0 ||
            (rc = get_str(base, "manifest_sha256", "base.", 1, &m->base_manifest_sha256, err)) < 0)
            goto out;
    } else if (!strcmp(m->kind, "addendum")) {
        rc = lectern_error_set(err, LECTERN_ESCHEMA, "%s: base: required for an addendum", MF);
        goto out;
    }
    const cJSON *rem = cJSON_GetObjectItemCaseSensitive(root, "removed");
    if (rem) {
        if (!cJSON_IsArray(rem)) {
            rc = lectern_error_set(err, LECTERN_ESCHEMA, "%s: removed: must be an array", MF);
            goto out;
        }
        size_t n = (size_t)cJSON_GetArraySize(rem);
        m->removed = calloc(n ? n : 1, sizeof *m->removed);
        if (!m->removed) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            goto out;
        }
        const cJSON *it;
        cJSON_ArrayForEach(it, rem) {
            const char *why;
            if (!cJSON_IsString(it) || !lectern_path_safe(it->valuestring, strlen(it->valuestring), &why)) {
                rc = lectern_error_set(err, LECTERN_ESCHEMA, "%s: removed[%zu]: must be a safe path",
                                       MF, m->n_removed);
                goto out;
            }
            if (!(m->removed[m->n_removed] = strdup(it->valuestring))) {
                rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
                goto out;
            }
            m->n_removed++;
        }
    }
    rc = 0;
out:
    cJSON_Delete(root);
    if (rc < 0)
        lectern_manifest_free(m);
    return rc;
}

typedef struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 4096;
        while (nc < b->n + n + 1)
            nc *= 2;
        char *np = realloc(b->p, nc);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_s(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k > 0 && (size_t)k < sizeof tmp)
        sb_put(b, tmp, (size_t)k);
    else
        b->oom = 1;
}

static void sb_str(sbuf *b, const char *s)
{
    sb_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char e[2] = {'\\', (char)*p};
            sb_put(b, e, 2);
        } else if (*p < 0x20) {
            sb_printf(b, "\\u%04x", *p);
        } else {
            sb_put(b, (const char *)p, 1);
        }
    }
    sb_put(b, "\"", 1);
}

/* See package.h. */
char *lectern_manifest_to_json(const lectern_manifest *m)
{
    sbuf b = {0};
    sb_printf(&b, "{\n  \"format\": %d,\n  \"kind\": ", m->format ? m->format : LECTERN_FORMAT_VERSION);
    sb_str(&b, m->kind ? m->kind : "course");
    sb_s(&b, ",\n  \"id\": ");
    sb_str(&b, m->id ? m->id : "");
    sb_s(&b, ",\n  \"version\": ");
    sb_str(&b, m->version ? m->version : "");
    if (m->title) {
        sb_s(&b, ",\n  \"title\": ");
        sb_str(&b, m->title);
    }
    if (m->base_id) {
        sb_s(&b, ",\n  \"base\": {\"id\": ");
        sb_str(&b, m->base_id);
        sb_s(&b, ", \"version\": ");
        sb_str(&b, m->base_version ? m->base_version : "");
        sb_s(&b, ", \"manifest_sha256\": ");
        sb_str(&b, m->base_manifest_sha256 ? m->base_manifest_sha256 : "");
        sb_s(&b, "}");
    }
    if (m->n_removed) {
        sb_s(&b, ",\n  \"removed\": [");
        for (size_t i = 0; i < m->n_removed; i++) {
            if (i)
                sb_s(&b, ", ");
            sb_str(&b, m->removed[i]);
        }
        sb_s(&b, "]");
    }
    sb_s(&b, ",\n  \"files\": [");
    for (size_t i = 0; i < m->n_files; i++) {
        const lectern_manifest_file *f = &m->files[i];
        sb_s(&b, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
        sb_str(&b, f->path);
        sb_printf(&b, ", \"size\": %llu, \"sha256\": \"%s\"}", (unsigned long long)f->size, f->sha256);
    }
    sb_s(&b, m->n_files ? "\n  ]\n}\n" : "]\n}\n");
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

static int mf_cmp(const void *key, const void *elem)
{
    const lectern_manifest_file *f = elem;
    return strcmp((const char *)key, f->path);
}

/* See package.h. */
const lectern_manifest_file *lectern_manifest_find(const lectern_manifest *m, const char *path)
{
    if (!m || !m->n_files || !path)
        return NULL;
    return bsearch(path, m->files, m->n_files, sizeof *m->files, mf_cmp);
}
