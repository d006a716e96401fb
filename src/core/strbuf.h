/* A growing string for text built piece by piece (the Markdown agenda, the
 * delivery log's CSV, package manifests). Internal to the core library. */
#ifndef LECTERN_STRBUF_H
#define LECTERN_STRBUF_H

#include <stddef.h>

/* Zero-initialise ({0}); s is NUL-terminated once anything was added. After
 * a failed allocation oom is set, later calls do nothing, and the caller
 * frees s and reports LECTERN_ENOMEM. The caller owns s (free()). */
typedef struct lectern_strbuf {
    char *s;
    size_t len, cap;
    int oom;
} lectern_strbuf;

/* Appends printf-style formatted text. */
void lectern_strbuf_printf(lectern_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends n bytes of s (which need not be NUL-terminated). */
void lectern_strbuf_put(lectern_strbuf *b, const char *s, size_t n);

/* Appends the NUL-terminated string s. */
void lectern_strbuf_puts(lectern_strbuf *b, const char *s);

/* Appends s as a JSON string literal: quoted, '"' and '\' backslashed, bytes
 * below 0x20 as \u00XX, everything else (UTF-8 included) as it is. */
void lectern_strbuf_json(lectern_strbuf *b, const char *s);

#endif
