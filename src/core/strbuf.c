/* The growing string of strbuf.h: formatted appends with one out-of-memory
 * flag, so a long run of appends checks for failure once at the end; JSON
 * string literals for the manifests (manifest.c, addendum.c). */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Makes room for n more bytes and the NUL; 0 when there is. */
static int grow(lectern_strbuf *b, size_t n)
{
    if (b->oom)
        return -1;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->oom = 1;
            return -1;
        }
        b->s = ns;
        b->cap = cap;
    }
    return 0;
}

void lectern_strbuf_printf(lectern_strbuf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    if (grow(b, (size_t)n) < 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void lectern_strbuf_put(lectern_strbuf *b, const char *s, size_t n)
{
    if (grow(b, n) < 0)
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void lectern_strbuf_puts(lectern_strbuf *b, const char *s)
{
    lectern_strbuf_put(b, s, strlen(s));
}

void lectern_strbuf_json(lectern_strbuf *b, const char *s)
{
    lectern_strbuf_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char e[2] = {'\\', (char)*p};
            lectern_strbuf_put(b, e, 2);
        } else if (*p < 0x20) {
            lectern_strbuf_printf(b, "\\u%04x", *p);
        } else {
            lectern_strbuf_put(b, (const char *)p, 1);
        }
    }
    lectern_strbuf_put(b, "\"", 1);
}
