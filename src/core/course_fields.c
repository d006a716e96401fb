/* The loader's plumbing: the arena a course's strings live in, the
 * diagnostics list (file + JSON path + message), and typed readers for
 * JSON fields that report missing fields, wrong types and unknown keys in
 * words an author can act on. */
#include "course_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena ------------------------------------------------------------ */

struct cm_chunk {
    cm_chunk *next;
    size_t used, cap;
    max_align_t data[];
};

#define CM_CHUNK_MIN (64 * 1024)

void *cm_alloc(cm_arena *a, size_t n)
{
    size_t need = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (need == 0)
        need = sizeof(max_align_t);
    cm_chunk *h = a->head;
    if (!h || h->cap - h->used < need) {
        size_t cap = need > CM_CHUNK_MIN ? need : CM_CHUNK_MIN;
        cm_chunk *nc = malloc(sizeof *nc + cap);
        if (!nc)
            return NULL;
        nc->used = 0;
        nc->cap = cap;
        if (h && need > CM_CHUNK_MIN) {
            /* big one-off block: keep filling the current chunk afterwards */
            nc->next = h->next;
            h->next = nc;
        } else {
            nc->next = h;
            a->head = nc;
        }
        h = nc;
    }
    void *p = (char *)h->data + h->used;
    h->used += need;
    memset(p, 0, n);
    return p;
}

char *cm_strdup(cm_arena *a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = cm_alloc(a, n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void cm_arena_free(cm_arena *a)
{
    cm_chunk *h = a->head;
    while (h) {
        cm_chunk *next = h->next;
        free(h);
        h = next;
    }
    a->head = NULL;
}

/* ---- diagnostics -------------------------------------------------------- */

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void cm_diag(cm_ctx *x, int code, const char *path, int line, int col,
             const char *fmt, ...)
{
    char msg[LECTERN_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, lectern_error_tr(fmt), ap);
    va_end(ap);
    for (char *q = msg; *q; q++)     /* one line per problem */
        if ((unsigned char)*q < 0x20)
            *q = ' ';
    const char *file = x->file ? x->file : "";
    if (code != 0 && x->n_errors == 0) {
        if (line > 0)
            lectern_error_set(&x->first, code, "%s:%d:%d: %s", file, line, col, msg);
        else if (path && *path)
            lectern_error_set(&x->first, code, "%s: %s: %s", file, path, msg);
        else
            lectern_error_set(&x->first, code, "%s: %s", file, msg);
    }
    if (code != 0)
        x->n_errors++;
    else
        x->n_warnings++;
    /* counted, not kept, beyond the cap (a broken generator could emit
     * millions); errors have their own cap so warnings never hide them */
    if ((code != 0 ? x->n_errors : x->n_warnings) > CM_MAX_DIAGS)
        return;
    if (x->n_diags == x->cap_diags) {
        size_t cap = x->cap_diags ? x->cap_diags * 2 : 16;
        lectern_diag *nd = realloc(x->diags, cap * sizeof *nd);
        if (!nd) {
            x->oom = 1;
            return;
        }
        x->diags = nd;
        x->cap_diags = cap;
    }
    lectern_diag *d = &x->diags[x->n_diags];
    d->error = code != 0;
    d->code = code;
    d->line = line;
    d->column = col;
    d->file = xstrdup(file);
    d->path = xstrdup(path ? path : "");
    d->msg = xstrdup(msg);
    if (!d->file || !d->path || !d->msg) {
        free(d->file);
        free(d->path);
        free(d->msg);
        x->oom = 1;
        return;
    }
    x->n_diags++;
}

void lectern_diags_free(lectern_diag *d, size_t n)
{
    if (!d)
        return;
    for (size_t i = 0; i < n; i++) {
        free(d[i].file);
        free(d[i].path);
        free(d[i].msg);
    }
    free(d);
}

lectern_diag *cm_diags_copy(const lectern_diag *d, size_t n, int warnings_only, size_t *n_out)
{
    *n_out = 0;
    if (n == 0)
        return NULL;
    lectern_diag *out = calloc(n, sizeof *out);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (warnings_only && d[i].error)
            continue;
        out[k] = d[i];
        out[k].file = xstrdup(d[i].file);
        out[k].path = xstrdup(d[i].path);
        out[k].msg = xstrdup(d[i].msg);
        k++;
        if (!out[k - 1].file || !out[k - 1].path || !out[k - 1].msg) {
            lectern_diags_free(out, k);
            return NULL;
        }
    }
    *n_out = k;
    return out;
}

void cm_ref(cm_ctx *x, const char *path, const char *target, lectern_media_class want)
{
    if (x->n_refs == x->cap_refs) {
        size_t cap = x->cap_refs ? x->cap_refs * 2 : 16;
        lectern_media_ref *nr = realloc(x->refs, cap * sizeof *nr);
        if (!nr) {
            x->oom = 1;
            return;
        }
        x->refs = nr;
        x->cap_refs = cap;
    }
    lectern_media_ref *r = &x->refs[x->n_refs];
    r->file = xstrdup(x->file ? x->file : "");
    r->path = xstrdup(path);
    r->target = xstrdup(target);
    r->want = want;
    if (!r->file || !r->path || !r->target) {
        free(r->file);
        free(r->path);
        free(r->target);
        x->oom = 1;
        return;
    }
    x->n_refs++;
}

void cm_refs_free(lectern_media_ref *refs, size_t n)
{
    if (!refs)
        return;
    for (size_t i = 0; i < n; i++) {
        free(refs[i].file);
        free(refs[i].path);
        free(refs[i].target);
    }
    free(refs);
}

lectern_media_ref *cm_refs_copy(const lectern_media_ref *r, size_t n)
{
    if (n == 0)
        return NULL;
    lectern_media_ref *out = calloc(n, sizeof *out);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        out[i].want = r[i].want;
        out[i].file = xstrdup(r[i].file);
        out[i].path = xstrdup(r[i].path);
        out[i].target = xstrdup(r[i].target);
        if (!out[i].file || !out[i].path || !out[i].target) {
            cm_refs_free(out, i + 1);
            return NULL;
        }
    }
    return out;
}

/* ---- files -------------------------------------------------------------- */

/* json.c formats "FILE:L:C: msg" or "FILE: msg"; keep only msg. */
static const char *strip_place(const char *msg, const char *file)
{
    size_t fl = strlen(file);
    if (strncmp(msg, file, fl) != 0)
        return msg;
    const char *p = msg + fl;
    while (*p == ':' || (*p >= '0' && *p <= '9'))
        p++;
    while (*p == ' ')
        p++;
    return p;
}

cJSON *cm_read_json(cm_ctx *x, const char *name, lectern_json_arena **arena)
{
    *arena = NULL;
    const char *saved = x->file;
    x->file = name;
    cJSON *root = NULL;
    void *buf = NULL;
    size_t len = 0;
    lectern_error e = {0};
    if (!lectern_reader_find(x->r, name)) {
        if (strcmp(name, "course.json") == 0)
            cm_error(x, LECTERN_ENOTFOUND, "",
                     "file not found in %s; a course has course.json at its top (lectern-pack init DIR makes a new one)",
                     lectern_reader_path(x->r));
        else
            cm_error(x, LECTERN_ENOTFOUND, "", "file not found in %s", lectern_reader_path(x->r));
        goto done;
    }
    int rc = lectern_reader_read(x->r, name, &buf, &len, &e);
    if (rc < 0) {
        if (rc == LECTERN_ENOMEM)
            x->oom = 1;
        cm_error(x, rc, "", "cannot read: %s", strip_place(e.msg, name));
        goto done;
    }
    int line = 0, col = 0;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
        /* a UTF-8 byte order mark: harmless, cJSON does not want it */
        memset(buf, ' ', 3);
    }
    rc = lectern_json_parse_arena(buf, len, name, &root, arena, &line, &col, &e);
    if (rc < 0) {
        cm_diag(x, rc, "", line, col, "%s", strip_place(e.msg, name));
        goto done;
    }
    if (!cJSON_IsObject(root)) {
        cm_error(x, LECTERN_ESCHEMA, "", "expected a JSON object { ... } at the top of the file, found %s",
                 cm_type_name(root));
        lectern_json_arena_free(*arena);
        *arena = NULL;
        root = NULL;
    }
done:
    free(buf);
    x->file = saved;
    return root;
}

/* ---- paths and types ---------------------------------------------------- */

/* Appends s at out[at], truncating like snprintf; returns the new end.
 * (Paths are built for every field of every item: no printf here.) */
static size_t path_put(char *out, size_t n, size_t at, const char *s, size_t len)
{
    if (at + 1 >= n)
        return at;
    if (len > n - 1 - at)
        len = n - 1 - at;
    memcpy(out + at, s, len);
    return at + len;
}

void cm_pkey(char *out, size_t n, const char *parent, const char *key)
{
    size_t at = 0;
    if (!n)
        return;
    if (parent && *parent) {
        at = path_put(out, n, at, parent, strlen(parent));
        at = path_put(out, n, at, ".", 1);
    }
    at = path_put(out, n, at, key, strlen(key));
    out[at] = '\0';
}

void cm_pidx(char *out, size_t n, const char *parent, size_t i)
{
    char num[24];
    size_t k = sizeof num;
    num[--k] = ']';
    do {
        num[--k] = (char)('0' + i % 10);
        i /= 10;
    } while (i);
    num[--k] = '[';
    size_t at = 0;
    if (!n)
        return;
    if (parent)
        at = path_put(out, n, at, parent, strlen(parent));
    at = path_put(out, n, at, num + k, sizeof num - k);
    out[at] = '\0';
}

const char *cm_type_name(const cJSON *v)
{
    /* in the reader's language (true, false and null are JSON words) */
    if (!v) return lectern_error_tr("nothing");
    if (cJSON_IsString(v)) return lectern_error_tr("a string");
    if (cJSON_IsNumber(v)) return lectern_error_tr("a number");
    if (cJSON_IsBool(v)) return v->type & cJSON_True ? "true" : "false";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsArray(v)) return lectern_error_tr("an array [...]");
    if (cJSON_IsObject(v)) return lectern_error_tr("an object {...}");
    return lectern_error_tr("something else");
}

static int utf8_valid(const unsigned char *s)
{
    while (*s) {
        unsigned char c = *s;
        int n;
        unsigned cp;
        if (c < 0x80) { s++; continue; }
        if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
        else return 0;
        for (int k = 1; k <= n; k++) {
            if ((s[k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[k] & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        s += n + 1;
    }
    return 1;
}

int cm_string_ok(cm_ctx *x, const char *path, const char *s)
{
    size_t n = strlen(s);
    if (n > LECTERN_MAX_STRING_BYTES) {
        cm_error(x, LECTERN_ELIMIT, path, "string is %zu bytes, more than the %d-byte limit; shorten it or split it",
                 n, LECTERN_MAX_STRING_BYTES);
        return 0;
    }
    if (!utf8_valid((const unsigned char *)s)) {
        cm_error(x, LECTERN_ESCHEMA, path, "string is not valid UTF-8; save the file as UTF-8");
        return 0;
    }
    return 1;
}

/* ---- field readers ------------------------------------------------------ */

/* cJSON_GetObjectItemCaseSensitive, comparing first letters before calling
 * strcmp (about ten lookups per item of a course) */
static const cJSON *field(const cJSON *obj, const char *key)
{
    for (const cJSON *f = obj ? obj->child : NULL; f; f = f->next)
        if (f->string && f->string[0] == key[0] && strcmp(f->string, key) == 0)
            return f;
    return NULL;
}

static void missing(cm_ctx *x, const char *path, const char *key, const char *what)
{
    if (path && *path)
        cm_error(x, LECTERN_ESCHEMA, path, "missing required field \"%s\"; add \"%s\": %s", key, key, what);
    else
        cm_error(x, LECTERN_ESCHEMA, "", "missing required field \"%s\"; add \"%s\": %s", key, key, what);
}

static int wrong(cm_ctx *x, const char *path, const char *what, const cJSON *v)
{
    cm_error(x, LECTERN_ESCHEMA, path, "expected %s, found %s", what, cm_type_name(v));
    return -1;
}

int cm_string(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
              int required, char **out)
{
    char p[CM_PATH];
    const cJSON *v = field(obj, key);
    if (!v || cJSON_IsNull(v)) {
        if (required)
            missing(x, path, key, lectern_error_tr("a string"));
        return 0;
    }
    cm_pkey(p, sizeof p, path, key);
    if (!cJSON_IsString(v))
        return wrong(x, p, lectern_error_tr("a string"), v);
    if (!cm_string_ok(x, p, v->valuestring))
        return -1;
    *out = cm_strdup(&x->c->arena, v->valuestring);
    if (!*out) {
        x->oom = 1;
        return -1;
    }
    return 1;
}

int cm_id(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
          int required, char **out)
{
    char p[CM_PATH];
    const cJSON *v = field(obj, key);
    if (!v || cJSON_IsNull(v)) {
        if (required)
            missing(x, path, key, lectern_error_tr("an id like \"m1-intro\" (a-z 0-9 . _ -)"));
        return 0;
    }
    cm_pkey(p, sizeof p, path, key);
    if (!cJSON_IsString(v))
        return wrong(x, p, lectern_error_tr("an id (a string like \"m1-intro\")"), v);
    if (!lectern_id_valid(v->valuestring)) {
        cm_error(x, LECTERN_ESCHEMA, p,
                 "\"%.80s\" is not a valid id; use 1 to 64 characters from a-z 0-9 . _ -, starting with a letter or digit",
                 v->valuestring);
        return -1;
    }
    *out = cm_strdup(&x->c->arena, v->valuestring);
    if (!*out) {
        x->oom = 1;
        return -1;
    }
    return 1;
}

int cm_bool(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
            int required, int *out)
{
    char p[CM_PATH];
    const cJSON *v = field(obj, key);
    if (!v || cJSON_IsNull(v)) {
        if (required)
            missing(x, path, key, lectern_error_tr("true or false"));
        return 0;
    }
    cm_pkey(p, sizeof p, path, key);
    if (!cJSON_IsBool(v))
        return wrong(x, p, lectern_error_tr("true or false (without quotes)"), v);
    *out = cJSON_IsTrue(v);
    return 1;
}

int cm_int(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
           int required, long lo, long hi, int *out)
{
    char p[CM_PATH];
    const cJSON *v = field(obj, key);
    if (!v || cJSON_IsNull(v)) {
        if (required)
            missing(x, path, key, lectern_error_tr("a whole number"));
        return 0;
    }
    cm_pkey(p, sizeof p, path, key);
    if (!cJSON_IsNumber(v))
        return wrong(x, p, lectern_error_tr("a whole number (without quotes)"), v);
    double d = v->valuedouble;
    /* range first: converting a double beyond long (1e300, or 1e999 = inf)
     * to an integer is undefined behaviour */
    if (!(d >= (double)lo && d <= (double)hi)) {
        cm_error(x, LECTERN_ESCHEMA, p, "%g is out of range; use a number from %ld to %ld", d, lo, hi);
        return -1;
    }
    if (d != (double)(long)d) {
        cm_error(x, LECTERN_ESCHEMA, p, "expected a whole number, found %g", d);
        return -1;
    }
    *out = (int)d;
    return 1;
}

int cm_number(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
              int required, double lo, int lo_open, double hi, double *out)
{
    char p[CM_PATH];
    const cJSON *v = field(obj, key);
    if (!v || cJSON_IsNull(v)) {
        if (required)
            missing(x, path, key, lectern_error_tr("a number"));
        return 0;
    }
    cm_pkey(p, sizeof p, path, key);
    if (!cJSON_IsNumber(v))
        return wrong(x, p, lectern_error_tr("a number (without quotes)"), v);
    double d = v->valuedouble;
    if ((lo_open ? d <= lo : d < lo) || (hi > 0 && d > hi)) {
        /* whole sentences, for the translations */
        if (hi > 0 && lo_open)
            cm_error(x, LECTERN_ESCHEMA, p, "%g is out of range; use a number above %g and at most %g", d, lo, hi);
        else if (hi > 0)
            cm_error(x, LECTERN_ESCHEMA, p, "%g is out of range; use a number from %g and at most %g", d, lo, hi);
        else if (lo_open)
            cm_error(x, LECTERN_ESCHEMA, p, "%g is out of range; use a number above %g", d, lo);
        else
            cm_error(x, LECTERN_ESCHEMA, p, "%g is out of range; use a number of at least %g", d, lo);
        return -1;
    }
    *out = d;
    return 1;
}

int cm_text(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
            int required, lectern_text *out)
{
    char p[CM_PATH];
    const cJSON *v = field(obj, key);
    if (!v || cJSON_IsNull(v)) {
        if (required)
            missing(x, path, key, CM_TEXT_EXPECTED);
        return 0;
    }
    cm_pkey(p, sizeof p, path, key);
    return cm_text_value(x, v, p, out);
}

int cm_media(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
             int required, lectern_media_class want, char **out)
{
    char p[CM_PATH];
    const cJSON *v = field(obj, key);
    if (!v || cJSON_IsNull(v)) {
        if (required)
            missing(x, path, key, lectern_error_tr("a file path like \"media/picture.png\""));
        return 0;
    }
    cm_pkey(p, sizeof p, path, key);
    if (!cJSON_IsString(v))
        return wrong(x, p, lectern_error_tr("a file path (a string like \"media/picture.png\")"), v);
    const char *why = NULL;
    if (!lectern_path_safe(v->valuestring, strlen(v->valuestring), &why)) {
        cm_error(x, LECTERN_EUNSAFE, p,
                 "\"%.200s\" is not a usable file path (%s); use a path inside the course with '/' like \"media/picture.png\"",
                 v->valuestring, why ? why : "unsafe");
        return -1;
    }
    *out = cm_strdup(&x->c->arena, v->valuestring);
    if (!*out) {
        x->oom = 1;
        return -1;
    }
    cm_ref(x, p, v->valuestring, want);
    return 1;
}

/* A field that must be a container of one kind (is: cJSON_IsObject or
 * cJSON_IsArray; what: how to name it in messages). */
static const cJSON *typed(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
                          int required, int *bad, cJSON_bool (*is)(const cJSON *const),
                          const char *what)
{
    char p[CM_PATH];
    const cJSON *v = field(obj, key);
    if (bad)
        *bad = 0;
    if (!v || cJSON_IsNull(v)) {
        if (required) {
            missing(x, path, key, what);
            if (bad)
                *bad = 1;
        }
        return NULL;
    }
    if (!is(v)) {
        cm_pkey(p, sizeof p, path, key);
        wrong(x, p, what, v);
        if (bad)
            *bad = 1;
        return NULL;
    }
    return v;
}

const cJSON *cm_object(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
                       int required, int *bad)
{
    return typed(x, obj, path, key, required, bad, cJSON_IsObject, lectern_error_tr("an object { ... }"));
}

const cJSON *cm_array(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
                      int required, int *bad)
{
    return typed(x, obj, path, key, required, bad, cJSON_IsArray, lectern_error_tr("a list [ ... ]"));
}

/* Edit distance, capped: enough to suggest "title" for "tilte". */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    size_t row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t best = prev + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

void cm_unknown_fields(cm_ctx *x, const cJSON *obj, const char *path,
                       const char *const *known)
{
    char p[CM_PATH];
    for (const cJSON *f = obj ? obj->child : NULL; f; f = f->next) {
        int found = 0;
        for (const char *const *k = known; *k && !found; k++)
            found = (*k)[0] == f->string[0] && strcmp(f->string, *k) == 0;
        for (const cJSON *g = obj->child; g != f; g = g->next) {
            if (g->string[0] == f->string[0] && strcmp(g->string, f->string) == 0) {
                cm_pkey(p, sizeof p, path, f->string);
                cm_warn(x, p, "field \"%.60s\" appears twice in this object; only the first is used",
                        f->string);
                break;
            }
        }
        if (found)
            continue;
        /* unknown: suggest the nearest known name (edit distance, only now) */
        const char *best = NULL;
        size_t bestd = 3;
        for (const char *const *k = known; *k; k++) {
            size_t d = distance(f->string, *k);
            if (d < bestd) {
                bestd = d;
                best = *k;
            }
        }
        cm_pkey(p, sizeof p, path, f->string);
        if (best)
            cm_warn(x, p, "unknown field \"%.60s\" (did you mean \"%s\"?); it is ignored", f->string, best);
        else
            cm_warn(x, p, "unknown field \"%.60s\"; it is ignored", f->string);
    }
}
