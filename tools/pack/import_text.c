/* lectern-pack import: turning pdftotext output into slide texts. Makes the
 * text valid UTF-8 without control characters (the loader refuses both),
 * collapses the column padding of `pdftotext -layout`, and derives the
 * one-line alt text, a title candidate and id fragments. */
#include <stdlib.h>
#include <string.h>

#include "import_internal.h"

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    size_t n;
    if (c < 0x80)
        return 1;
    else if (c >= 0xC2 && c < 0xE0)
        n = 2;
    else if (c >= 0xE0 && c < 0xF0)
        n = 3;
    else if (c >= 0xF0 && c < 0xF5)
        n = 4;
    else
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if (n == 3 && c == 0xE0 && p[1] < 0xA0)
        return 0;               /* overlong */
    if (n == 3 && c == 0xED && p[1] >= 0xA0)
        return 0;               /* surrogates */
    if (n == 4 && c == 0xF0 && p[1] < 0x90)
        return 0;
    if (n == 4 && c == 0xF4 && p[1] >= 0x90)
        return 0;
    return n;
}

/* Cuts s (length *n) back to at most max bytes on a character boundary. */
static void cut_utf8(const char *s, size_t *n, size_t max)
{
    if (*n <= max)
        return;
    size_t k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    *n = k;
}

char *imp_text_clean(const char *raw, size_t max)
{
    strbuf out = {0}, line = {0};
    int blank_pending = 0;
    const unsigned char *p = (const unsigned char *)raw;
    sb_add(&out, "", 0);
    for (;;) {
        int eol = *p == '\n' || *p == '\0';
        if (!eol) {
            size_t n = utf8_len(p);
            if (n == 0) {       /* invalid byte: dropped */
                p++;
                continue;
            }
            int space = n == 1 && (*p == ' ' || *p == '\t' || *p == '\r' || *p < 0x20 || *p == 0x7F);
            if (n == 2 && p[0] == 0xC2 && (p[1] == 0xA0 || p[1] < 0xA0))
                space = 1;      /* no-break space and C1 controls */
            if (space) {
                if (line.n && line.s[line.n - 1] != ' ')
                    sb_add(&line, " ", 1);
            } else {
                sb_add(&line, (const char *)p, n);
            }
            p += n;
            continue;
        }
        while (line.n && line.s[line.n - 1] == ' ')
            line.s[--line.n] = '\0';
        size_t start = 0;
        while (start < line.n && line.s[start] == ' ')
            start++;
        if (start == line.n) {
            blank_pending = out.n > 0;
        } else {
            if (out.n)
                sb_add(&out, blank_pending ? "\n\n" : "\n", blank_pending ? 2 : 1);
            blank_pending = 0;
            sb_add(&out, line.s + start, line.n - start);
        }
        line.n = 0;
        if (*p == '\0')
            break;
        p++;
    }
    free(line.s);
    if (out.oom || line.oom) {
        free(out.s);
        return NULL;
    }
    cut_utf8(out.s, &out.n, max);
    out.s[out.n] = '\0';
    return out.s;
}

/* 1 when a line starting at p begins a new sentence or list entry: an
 * uppercase letter, a digit or a bullet sign (a wrapped line rarely does). */
static int starts_entry(const char *p)
{
    static const char *const bullets[] = {"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x96\xAA",
                                          "\xE2\x97\x8F", "\xEF\x82\xA7", "- ", "* "};
    if ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
        return 1;
    for (size_t i = 0; i < sizeof bullets / sizeof bullets[0]; i++)
        if (!strncmp(p, bullets[i], strlen(bullets[i])))
            return 1;
    return 0;
}

char *imp_text_oneline(const char *clean, size_t max)
{
    strbuf b = {0};
    sb_add(&b, "", 0);
    for (const char *p = clean; *p; p++) {
        if (*p != '\n') {
            sb_add(&b, p, 1);
            continue;
        }
        while (p[1] == '\n')
            p++;
        if (!b.n || !p[1])
            continue;
        /* a heading or list entry on its own line reads as its own sentence */
        char last = b.s[b.n - 1];
        if (starts_entry(p + 1) && !strchr(".,;:!?", last) && last != ' ')
            sb_add(&b, ".", 1);
        if (b.s[b.n - 1] != ' ')
            sb_add(&b, " ", 1);
    }
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    if (b.n > max) {
        size_t n = b.n;
        cut_utf8(b.s, &n, max);
        size_t sp = n;
        while (sp > max / 2 && b.s[sp] != ' ')
            sp--;
        if (sp > max / 2)
            n = sp;
        while (n && b.s[n - 1] == ' ')
            n--;
        b.n = n;
        b.s[n] = '\0';
        sb_puts(&b, "\xE2\x80\xA6");   /* … */
    }
    return b.s;
}

char *imp_text_first_line(const char *clean, size_t max)
{
    const char *end = strchr(clean, '\n');
    size_t n = end ? (size_t)(end - clean) : strlen(clean);
    char *line = malloc(n + 1);
    if (!line)
        return NULL;
    memcpy(line, clean, n);
    line[n] = '\0';
    if (n <= max)
        return line;
    char *one = imp_text_oneline(line, max);
    free(line);
    return one;
}

void imp_slug(const char *name, char *out, size_t max)
{
    size_t k = 0;
    for (const char *p = name; *p && k + 1 < max; p++) {
        char ch = *p;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            out[k++] = ch;
        else if (k > 0 && out[k - 1] != '-')
            out[k++] = '-';
    }
    while (k > 0 && out[k - 1] == '-')
        k--;
    out[k] = '\0';
}
