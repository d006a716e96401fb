/* JSON parsing with precise errors: cJSON does the parsing; we add a depth
 * and size limit before it runs, and turn its error pointer into line:column.
 * Course files can be parsed into an arena (one block list per tree, freed at
 * once): loading a course of thousands of items spent half its time in malloc
 * and free for cJSON's nodes. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define JSON_NO_ARENA 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define JSON_NO_ARENA 1
#endif
#endif

void lectern_json_linecol(const char *text, size_t off, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;   /* count UTF-8 characters, not bytes */
        }
    }
    if (line) *line = l;
    if (col) *col = c;
}

cJSON *lectern_json_append_object(cJSON *array)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(array, o)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

int64_t lectern_json_i64(double d)
{
    if (d != d)
        return 0;
    if (d > LECTERN_JSON_MAX_INT)
        return (int64_t)LECTERN_JSON_MAX_INT;
    if (d < -LECTERN_JSON_MAX_INT)
        return -(int64_t)LECTERN_JSON_MAX_INT;
    return (int64_t)d;
}

/* Byte classes for the depth scan: a table lookup per byte, one branch for
 * the common byte (a course's JSON is mostly text). */
enum { C_QUOTE = 1, C_ESC, C_OPEN, C_CLOSE };
static const unsigned char depth_class[256] = {
    ['"'] = C_QUOTE, ['\\'] = C_ESC, ['{'] = C_OPEN, ['['] = C_OPEN, ['}'] = C_CLOSE, [']'] = C_CLOSE,
};

/* Scans for nesting depth outside strings; returns the offset where the
 * limit is crossed, or (size_t)-1. *open_end is set when the text ends
 * inside a string or with brackets left open. */
static size_t depth_exceeded(const char *t, size_t len, int max, int *open_end)
{
    const unsigned char *u = (const unsigned char *)t;
    int depth = 0, in_str = 0;
    *open_end = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char k = depth_class[u[i]];
        if (!k)
            continue;
        if (in_str) {
            if (k == C_ESC) i++;
            else if (k == C_QUOTE) in_str = 0;
            continue;
        }
        if (k == C_QUOTE) in_str = 1;
        else if (k == C_OPEN) {
            if (++depth > max) return i;
        } else if (k == C_CLOSE) depth--;
    }
    *open_end = in_str || depth > 0;
    return (size_t)-1;
}

/* 1 when an object or array of v's list (at depth+1) or below is nested
 * deeper than max, counting like depth_exceeded. */
static int tree_too_deep(const cJSON *v, int depth, int max)
{
    for (; v; v = v->next) {
        if (!cJSON_IsArray(v) && !cJSON_IsObject(v))
            continue;
        if (depth + 1 > max || (v->child && tree_too_deep(v->child, depth + 1, max)))
            return 1;
    }
    return 0;
}

int lectern_json_parse(const char *text, size_t len, const char *file, cJSON **out,
                       int *line, int *col, lectern_error *err)
{
    return lectern_json_parse_max(text, len, LECTERN_JSON_MAX_BYTES, file, out, line, col, err);
}

int lectern_json_parse_max(const char *text, size_t len, unsigned long long max_bytes,
                           const char *file, cJSON **out, int *line, int *col, lectern_error *err)
{
    *out = NULL;
    if (line) *line = 0;
    if (col) *col = 0;
    if (len > max_bytes)
        return lectern_error_set(err, LECTERN_ELIMIT,
                                 "%s: file is %zu bytes, more than the %llu-byte limit for JSON",
                                 file, len, max_bytes);
    if (memchr(text, '\0', len))
        return lectern_error_set(err, LECTERN_EJSON, "%s: contains a NUL byte; JSON files must be UTF-8 text", file);
    /* cJSON stops at its own nesting limit (1000); ours is checked on the tree,
     * cheaper than scanning every byte. The scan finds where it is crossed, and
     * runs first when cJSON failed: a text too deep is refused for that before
     * any syntax error, as it always was. */
    int open_end = 0;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root || tree_too_deep(root, 0, LECTERN_JSON_MAX_DEPTH)) {
        size_t deep = depth_exceeded(text, len, LECTERN_JSON_MAX_DEPTH, &open_end);
        if (deep != (size_t)-1) {
            cJSON_Delete(root);
            int l, c;
            lectern_json_linecol(text, deep, &l, &c);
            if (line) *line = l;
            if (col) *col = c;
            return lectern_error_set(err, LECTERN_ELIMIT,
                                     "%s:%d:%d: nesting deeper than %d levels", file, l, c,
                                     LECTERN_JSON_MAX_DEPTH);
        }
    }
    if (!root) {
        size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        if (!end) {
            const char *ep = cJSON_GetErrorPtr();
            if (ep && ep >= text && ep <= text + len)
                off = (size_t)(ep - text);
        }
        if (open_end)
            off = len;
        int l, c;
        lectern_json_linecol(text, off, &l, &c);
        if (line) *line = l;
        if (col) *col = c;
        if (open_end || off >= len)
            return lectern_error_set(err, LECTERN_EJSON,
                                     "%s:%d:%d: JSON ends too early (missing a closing bracket or quote?)",
                                     file, l, c);
        return lectern_error_set(err, LECTERN_EJSON,
                                 "%s:%d:%d: JSON syntax error near '%.20s'", file, l, c, text + off);
    }
    /* trailing garbage after the value */
    size_t off = (size_t)(end - text);
    while (off < len && strchr(" \t\r\n", text[off])) off++;
    if (off < len) {
        int l, c;
        lectern_json_linecol(text, off, &l, &c);
        cJSON_Delete(root);
        if (line) *line = l;
        if (col) *col = c;
        return lectern_error_set(err, LECTERN_EJSON,
                                 "%s:%d:%d: unexpected text after the JSON value", file, l, c);
    }
    *out = root;
    return 0;
}

/* ---- arena-allocated trees ------------------------------------------------ */

#ifndef JSON_NO_ARENA
typedef struct arena_block {
    struct arena_block *next;
    size_t used, size;
    max_align_t data[];
} arena_block;

#else
typedef struct arena_block {
    struct arena_block *next;
} arena_block;
#endif

struct lectern_json_arena {
    arena_block *head;
    cJSON *root;            /* sanitizer builds: a plain tree, cJSON_Delete'd */
    size_t next_size;
};

#ifndef JSON_NO_ARENA

/* The arena cJSON allocates from on this thread, only while
 * lectern_json_parse_arena runs (cJSON frees nothing it did not allocate
 * during that parse, so frees then are no-ops). */
static _Thread_local struct lectern_json_arena *tl_arena;
static int hooks_on;

static void *arena_alloc(struct lectern_json_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = a->next_size > n ? a->next_size : n;
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->size = size;
        b->used = 0;
        b->next = a->head;
        a->head = b;
        a->next_size = size * 2;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

static void *hook_malloc(size_t n)
{
    return tl_arena ? arena_alloc(tl_arena, n) : malloc(n);
}

static void hook_free(void *p)
{
    if (!tl_arena)
        free(p);
}

/* Before main and before any thread: every cJSON allocation of the process
 * goes through these hooks, which are malloc and free outside an arena parse. */
__attribute__((constructor)) static void json_hooks_install(void)
{
    cJSON_Hooks h = { hook_malloc, hook_free };
    cJSON_InitHooks(&h);
    hooks_on = 1;
}
#endif

int lectern_json_parse_arena(const char *text, size_t len, const char *file, cJSON **out,
                             lectern_json_arena **arena, int *line, int *col,
                             lectern_error *err)
{
    *out = NULL;
    *arena = calloc(1, sizeof **arena);
    if (!*arena)
        return lectern_error_set(err, LECTERN_ENOMEM, "%s: out of memory", file);
    int rc;
#ifndef JSON_NO_ARENA
    if (hooks_on) {
        /* a cJSON node is 64 bytes; a course file has one every 10-20 bytes
         * (blocks double from there: a huge file does not get it all at once) */
        size_t first = len * 4;
        (*arena)->next_size = first < 16384 ? 16384 : first > (4u << 20) ? (4u << 20) : first;
        tl_arena = *arena;
        rc = lectern_json_parse(text, len, file, out, line, col, err);
        tl_arena = NULL;
    } else
#endif
    {
        rc = lectern_json_parse(text, len, file, out, line, col, err);
        (*arena)->root = *out;
    }
    if (rc < 0 || !*out) {
        lectern_json_arena_free(*arena);
        *arena = NULL;
        *out = NULL;
        if (rc == 0)
            rc = lectern_error_set(err, LECTERN_ENOMEM, "%s: out of memory", file);
    }
    return rc;
}

void lectern_json_arena_free(lectern_json_arena *a)
{
    if (!a)
        return;
    cJSON_Delete(a->root);
    for (arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}
