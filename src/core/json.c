/* JSON parsing with precise errors: cJSON does the parsing; we add a depth
 * and size limit before it runs, and turn its error pointer into line:column. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

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

/* Scans for nesting depth outside strings; returns the offset where the
 * limit is crossed, or (size_t)-1. *open_end is set when the text ends
 * inside a string or with brackets left open. */
static size_t depth_exceeded(const char *t, size_t len, int max, int *open_end)
{
    int depth = 0, in_str = 0;
    *open_end = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = t[i];
        if (in_str) {
            if (ch == '\\') i++;
            else if (ch == '"') in_str = 0;
            continue;
        }
        if (ch == '"') in_str = 1;
        else if (ch == '{' || ch == '[') {
            if (++depth > max) return i;
        } else if (ch == '}' || ch == ']') depth--;
    }
    *open_end = in_str || depth > 0;
    return (size_t)-1;
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
    int open_end;
    size_t deep = depth_exceeded(text, len, LECTERN_JSON_MAX_DEPTH, &open_end);
    if (deep != (size_t)-1) {
        int l, c;
        lectern_json_linecol(text, deep, &l, &c);
        if (line) *line = l;
        if (col) *col = c;
        return lectern_error_set(err, LECTERN_ELIMIT,
                                 "%s:%d:%d: nesting deeper than %d levels", file, l, c,
                                 LECTERN_JSON_MAX_DEPTH);
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
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
