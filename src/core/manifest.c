/* lectern.json, the package manifest: strict parsing (types, safe sorted
 * unique paths, hex hashes, limits) and deterministic serialisation, so a
 * build of the same source gives the same bytes. */
#include "lectern/package.h"
#include "lectern/reader.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "strbuf.h"

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
    size_t n = strlen(v->valuestring);
    if (n > LECTERN_MAX_STRING_BYTES)
        return lectern_error_set(err, LECTERN_ELIMIT, "%s: %s%s: %zu bytes, more than the %d-byte string limit",
                                 MF, path, key, n, LECTERN_MAX_STRING_BYTES);
    /* `lectern-pack info` and the library print these: no terminal escapes
     * (C0 controls but tab and newline, DEL, C1 controls as UTF-8) */
    for (const unsigned char *c = (const unsigned char *)v->valuestring; *c; c++)
        if ((*c < 0x20 && *c != '\t' && *c != '\n') || *c == 0x7f || (c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f))
            return lectern_error_set(err, LECTERN_ESCHEMA, "%s: %s%s: control character (byte 0x%02x)",
                                     MF, path, key, *c == 0xc2 ? c[1] : *c);
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

/* The fast path: a scanner for the plain JSON that lectern_manifest_to_json
 * writes (and any whitespace or key order), without building a cJSON tree:
 * opening a 10,000-entry package spends most of its time there otherwise.
 * Anything outside that subset (escapes, unknown or repeated keys, other
 * value types) or any invalid value returns 0, and lectern_manifest_parse
 * falls back to the general parser, which gives the same result and says
 * exactly what is wrong. 1 when *m is filled and valid. */
typedef struct scan {
    const char *p, *end;
} scan;

static void sc_ws(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\t' || *s->p == '\r'))
        s->p++;
}

static int sc_ch(scan *s, char c)
{
    sc_ws(s);
    if (s->p >= s->end || *s->p != c)
        return 0;
    s->p++;
    return 1;
}

/* A string without escapes or control characters (C0, DEL, C1 as UTF-8),
 * within the string limit; *len excludes quotes. Anything else is left to
 * the general parser, which names the problem. */
static int sc_str(scan *s, const char **str, size_t *len)
{
    sc_ws(s);
    if (s->p >= s->end || *s->p != '"')
        return 0;
    const char *b = ++s->p;
    while (s->p < s->end && *s->p != '"') {
        unsigned char c = (unsigned char)*s->p;
        if (c == '\\' || c < 0x20 || c == 0x7f ||
            (c == 0xc2 && s->p + 1 < s->end && (unsigned char)s->p[1] >= 0x80 &&
             (unsigned char)s->p[1] <= 0x9f))
            return 0;
        s->p++;
    }
    if (s->p >= s->end || (size_t)(s->p - b) > LECTERN_MAX_STRING_BYTES)
        return 0;
    *str = b;
    *len = (size_t)(s->p++ - b);
    return 1;
}

static int sc_dup(scan *s, char **out)
{
    const char *v;
    size_t n;
    if (*out || !sc_str(s, &v, &n) || !(*out = strndup(v, n)))
        return 0;
    return 1;
}

/* A whole number: digits only, no leading zero, exact in a double. */
static int sc_uint(scan *s, uint64_t *v)
{
    sc_ws(s);
    const char *b = s->p;
    uint64_t x = 0;
    while (s->p < s->end && *s->p >= '0' && *s->p <= '9' && s->p - b < 15)
        x = x * 10 + (uint64_t)(*s->p++ - '0');
    if (s->p == b || (s->p - b > 1 && *b == '0') ||
        (s->p < s->end && ((*s->p >= '0' && *s->p <= '9') || *s->p == '.' || *s->p == 'e' || *s->p == 'E')))
        return 0;
    *v = x;
    return 1;
}

static int key_is(const char *k, size_t n, const char *want)
{
    return strlen(want) == n && !memcmp(k, want, n);
}

static int sc_file(scan *s, lectern_manifest_file *f)
{
    int seen = 0;
    const char *k, *v;
    size_t kn, vn;
    if (!sc_ch(s, '{'))
        return 0;
    do {
        if (!sc_str(s, &k, &kn) || !sc_ch(s, ':'))
            return 0;
        if (key_is(k, kn, "path") && !(seen & 1)) {
            if (!sc_str(s, &v, &vn) || memchr(v, '\0', vn) || !(f->path = strndup(v, vn)))
                return 0;
            seen |= 1;
        } else if (key_is(k, kn, "size") && !(seen & 2)) {
            if (!sc_uint(s, &f->size))
                return 0;
            seen |= 2;
        } else if (key_is(k, kn, "sha256") && !(seen & 4)) {
            if (!sc_str(s, &v, &vn) || vn != 64)
                return 0;
            memcpy(f->sha256, v, 64);
            f->sha256[64] = '\0';
            if (!is_hex64(f->sha256))
                return 0;
            seen |= 4;
        } else {
            return 0;
        }
    } while (sc_ch(s, ','));
    return seen == 7 && sc_ch(s, '}');
}

static int sc_files(scan *s, lectern_manifest *m)
{
    size_t cap = 0;
    uint64_t total = 0;
    if (m->files || !sc_ch(s, '['))
        return 0;
    if (!(m->files = calloc(1, sizeof *m->files)))
        return 0;
    cap = 1;
    if (sc_ch(s, ']'))
        return 1;
    do {
        if (m->n_files == cap) {
            if (cap >= LECTERN_MAX_ENTRIES)
                return 0;
            lectern_manifest_file *g = realloc(m->files, 2 * cap * sizeof *g);
            if (!g)
                return 0;
            memset(g + cap, 0, cap * sizeof *g);
            m->files = g;
            cap *= 2;
        }
        lectern_manifest_file *f = &m->files[m->n_files];
        int ok = sc_file(s, f);
        m->n_files++;   /* so lectern_manifest_free frees a partial path */
        const char *why;
        if (!ok || !lectern_path_safe(f->path, strlen(f->path), &why) || reserved_name(f->path) ||
            f->size > LECTERN_MAX_ENTRY_BYTES ||
            (m->n_files > 1 && strcmp(m->files[m->n_files - 2].path, f->path) >= 0))
            return 0;
        total += f->size;
    } while (sc_ch(s, ','));
    return m->n_files <= LECTERN_MAX_ENTRIES && total <= LECTERN_MAX_TOTAL_BYTES && sc_ch(s, ']');
}

static int sc_base(scan *s, lectern_manifest *m)
{
    const char *k;
    size_t kn;
    if (!sc_ch(s, '{') || m->base_id || m->base_version || m->base_manifest_sha256)
        return 0;
    do {
        if (!sc_str(s, &k, &kn) || !sc_ch(s, ':'))
            return 0;
        char **dst = key_is(k, kn, "id") ? &m->base_id : key_is(k, kn, "version") ? &m->base_version
                   : key_is(k, kn, "manifest_sha256") ? &m->base_manifest_sha256 : NULL;
        if (!dst || !sc_dup(s, dst))
            return 0;
    } while (sc_ch(s, ','));
    return m->base_id && m->base_version && m->base_manifest_sha256 && sc_ch(s, '}');
}

static int sc_removed(scan *s, lectern_manifest *m)
{
    if (m->removed || !sc_ch(s, '[') || !(m->removed = calloc(LECTERN_MAX_ENTRIES, sizeof *m->removed)))
        return 0;
    if (sc_ch(s, ']'))
        return 1;
    do {
        const char *why;
        if (m->n_removed >= LECTERN_MAX_ENTRIES || !sc_dup(s, &m->removed[m->n_removed]))
            return 0;
        m->n_removed++;
        if (!lectern_path_safe(m->removed[m->n_removed - 1], strlen(m->removed[m->n_removed - 1]), &why))
            return 0;
    } while (sc_ch(s, ','));
    return sc_ch(s, ']');
}

static int manifest_fast(const char *json, size_t len, lectern_manifest *m)
{
    scan s = {json, json + len};
    const char *k;
    size_t kn;
    uint64_t fmt = 0;
    int have_fmt = 0, have_base = 0;
    if (len > LECTERN_JSON_MAX_BYTES || !sc_ch(&s, '{'))
        return 0;
    do {
        if (!sc_str(&s, &k, &kn) || !sc_ch(&s, ':'))
            return 0;
        int ok;
        if (key_is(k, kn, "format")) {
            ok = !have_fmt && sc_uint(&s, &fmt);
            have_fmt = 1;
        } else if (key_is(k, kn, "kind")) {
            ok = sc_dup(&s, &m->kind);
        } else if (key_is(k, kn, "id")) {
            ok = sc_dup(&s, &m->id);
        } else if (key_is(k, kn, "version")) {
            ok = sc_dup(&s, &m->version);
        } else if (key_is(k, kn, "title")) {
            ok = sc_dup(&s, &m->title);
        } else if (key_is(k, kn, "files")) {
            ok = sc_files(&s, m);
        } else if (key_is(k, kn, "base")) {
            ok = sc_base(&s, m);
            have_base = 1;
        } else if (key_is(k, kn, "removed")) {
            ok = sc_removed(&s, m);
        } else {
            ok = 0;
        }
        if (!ok)
            return 0;
    } while (sc_ch(&s, ','));
    if (!sc_ch(&s, '}'))
        return 0;
    sc_ws(&s);
    if (s.p != s.end || !have_fmt || fmt < 1 || fmt > LECTERN_FORMAT_VERSION || !m->kind || !m->id ||
        !m->version || !m->files || memchr(json, '\0', len))
        return 0;
    if (strcmp(m->kind, "course") && strcmp(m->kind, "addendum"))
        return 0;
    if (!have_base && !strcmp(m->kind, "addendum"))
        return 0;
    m->format = (int)fmt;
    return 1;
}

/* See package.h. */
int lectern_manifest_parse(const char *json, size_t len, lectern_manifest *m,
                           lectern_error *err)
{
    cJSON *root = NULL;
    int rc;
    memset(m, 0, sizeof *m);
    if (manifest_fast(json, len, m))
        return 0;
    lectern_manifest_free(m);
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

/* See package.h. */
char *lectern_manifest_to_json(const lectern_manifest *m)
{
    lectern_strbuf b = {0};
    lectern_strbuf_printf(&b, "{\n  \"format\": %d,\n  \"kind\": ", m->format ? m->format : LECTERN_FORMAT_VERSION);
    lectern_strbuf_json(&b, m->kind ? m->kind : "course");
    lectern_strbuf_puts(&b, ",\n  \"id\": ");
    lectern_strbuf_json(&b, m->id ? m->id : "");
    lectern_strbuf_puts(&b, ",\n  \"version\": ");
    lectern_strbuf_json(&b, m->version ? m->version : "");
    if (m->title) {
        lectern_strbuf_puts(&b, ",\n  \"title\": ");
        lectern_strbuf_json(&b, m->title);
    }
    if (m->base_id) {
        lectern_strbuf_puts(&b, ",\n  \"base\": {\"id\": ");
        lectern_strbuf_json(&b, m->base_id);
        lectern_strbuf_puts(&b, ", \"version\": ");
        lectern_strbuf_json(&b, m->base_version ? m->base_version : "");
        lectern_strbuf_puts(&b, ", \"manifest_sha256\": ");
        lectern_strbuf_json(&b, m->base_manifest_sha256 ? m->base_manifest_sha256 : "");
        lectern_strbuf_puts(&b, "}");
    }
    if (m->n_removed) {
        lectern_strbuf_puts(&b, ",\n  \"removed\": [");
        for (size_t i = 0; i < m->n_removed; i++) {
            if (i)
                lectern_strbuf_puts(&b, ", ");
            lectern_strbuf_json(&b, m->removed[i]);
        }
        lectern_strbuf_puts(&b, "]");
    }
    lectern_strbuf_puts(&b, ",\n  \"files\": [");
    for (size_t i = 0; i < m->n_files; i++) {
        const lectern_manifest_file *f = &m->files[i];
        lectern_strbuf_puts(&b, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
        lectern_strbuf_json(&b, f->path);
        lectern_strbuf_printf(&b, ", \"size\": %llu, \"sha256\": \"%s\"}", (unsigned long long)f->size, f->sha256);
    }
    lectern_strbuf_puts(&b, m->n_files ? "\n  ]\n}\n" : "]\n}\n");
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
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
