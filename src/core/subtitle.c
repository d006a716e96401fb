/* SRT and WebVTT parsing into sorted cues, and lookup by time. The file is
 * split into lines (BOM, CRLF and CR tolerated), then into blank-line
 * separated blocks; each block with a "-->" timing line is a cue. Broken
 * blocks are skipped with a file:line warning; see include/lectern/subtitle.h. */
#include "lectern/subtitle.h"
#include "lectern/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG "subtitle"

struct lectern_subtitles {
    lectern_cue *cues;
    int64_t *max_end;           /* max_end[i] = max(cues[0..i].end_ms) */
    size_t n, cap;
    lectern_subtitle_format format;
    size_t n_warnings;
    char first_warning[256];
};

typedef struct line {
    const char *s;
    size_t len;
    int no;                     /* 1-based line number */
} line;

typedef struct parser {
    lectern_subtitles *subs;
    const char *name;
    line *lines;
    size_t n_lines;
    int too_many;
    int oom;
} parser;

static void sub_warn(parser *p, int lineno, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void sub_warn(parser *p, int lineno, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, lectern_error_tr(fmt), ap);
    va_end(ap);
    if (p->subs->n_warnings == 0)
        snprintf(p->subs->first_warning, sizeof p->subs->first_warning, "%s:%d: %s",
                 p->name, lineno, msg);
    p->subs->n_warnings++;
    /* a file full of garbage would flood the log: the first few, then a count */
    if (p->subs->n_warnings <= 10)
        LOG_WARN(TAG, "%s:%d: %s", p->name, lineno, msg);
}

/* ---------------------------------------------------------------- lines */

static int split_lines(parser *p, const char *data, size_t len)
{
    size_t cap = 64;
    p->lines = malloc(cap * sizeof *p->lines);
    if (!p->lines)
        return LECTERN_ENOMEM;
    size_t i = 0;
    int no = 1;
    while (i < len) {
        size_t start = i;
        while (i < len && data[i] != '\n' && data[i] != '\r')
            i++;
        if (p->n_lines == cap) {
            cap *= 2;
            line *nl = realloc(p->lines, cap * sizeof *nl);
            if (!nl)
                return LECTERN_ENOMEM;
            p->lines = nl;
        }
        p->lines[p->n_lines++] = (line){ data + start, i - start, no++ };
        if (i < len && data[i] == '\r') {
            i++;
            if (i < len && data[i] == '\n')
                i++;
        } else if (i < len) {
            i++;
        }
    }
    return 0;
}

static int is_blank(const line *l)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->s[i] != ' ' && l->s[i] != '\t')
            return 0;
    return 1;
}

static const char *find_arrow(const line *l)
{
    for (size_t i = 0; i + 3 <= l->len; i++)
        if (l->s[i] == '-' && l->s[i + 1] == '-' && l->s[i + 2] == '>')
            return l->s + i;
    return NULL;
}

static int starts_word(const line *l, const char *w)
{
    size_t n = strlen(w);
    if (l->len < n || memcmp(l->s, w, n) != 0)
        return 0;
    return l->len == n || l->s[n] == ' ' || l->s[n] == '\t';
}

static int all_digits(const line *l)
{
    size_t k = 0;
    for (size_t i = 0; i < l->len; i++) {
        if (l->s[i] >= '0' && l->s[i] <= '9')
            k++;
        else if (l->s[i] != ' ' && l->s[i] != '\t')
            return 0;
    }
    return k > 0;
}

/* ---------------------------------------------------------------- times */

/* Parses [hh:]mm:ss[.,fff] at *pp (spaces before are skipped); advances *pp. */
static int parse_time(const char **pp, const char *end, int64_t *ms)
{
    const char *s = *pp;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    int64_t part[3];
    int n = 0;
    for (;;) {
        int64_t v = 0;
        int digits = 0;
        while (s < end && *s >= '0' && *s <= '9' && digits < 9) {
            v = v * 10 + (*s - '0');
            s++;
            digits++;
        }
        if (digits == 0 || (s < end && *s >= '0' && *s <= '9'))
            return -1;
        part[n++] = v;
        if (n < 3 && s < end && *s == ':') {
            s++;
            continue;
        }
        break;
    }
    if (n < 2)
        return -1;
    int64_t h = n == 3 ? part[0] : 0, m = part[n - 2], sec = part[n - 1];
    if (m > 59 || sec > 59)
        return -1;
    int64_t frac = 0;
    if (s < end && (*s == '.' || *s == ',')) {
        s++;
        int digits = 0;
        while (s < end && *s >= '0' && *s <= '9') {
            if (digits < 3)
                frac = frac * 10 + (*s - '0');
            s++;
            digits++;
        }
        if (digits == 0)
            return -1;
        for (int d = digits; d < 3; d++)
            frac *= 10;
    }
    int64_t t = ((h * 60 + m) * 60 + sec) * 1000 + frac;
    if (t > LECTERN_SUBTITLE_MAX_MS)
        return -1;
    *ms = t;
    *pp = s;
    return 0;
}

/* "start --> end [settings]". 0 ok, -1 malformed. */
static int parse_timing(const line *l, int64_t *start, int64_t *end_ms)
{
    const char *s = l->s, *e = l->s + l->len;
    if (parse_time(&s, e, start) < 0)
        return -1;
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    if (e - s < 3 || memcmp(s, "-->", 3) != 0)
        return -1;
    s += 3;
    if (parse_time(&s, e, end_ms) < 0)
        return -1;
    if (s < e && *s != ' ' && *s != '\t')
        return -1;   /* "00:01.000x": junk glued to the time */
    return 0;
}

/* ---------------------------------------------------------------- text */

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static int buf_put(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np)
            return -1;
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

static int put_cp(buf *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return buf_put(b, u, n);
}

/* Length of a valid UTF-8 sequence at s (max n bytes), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t k;
    unsigned cp;
    if ((s[0] & 0xE0) == 0xC0) {
        k = 2;
        cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        k = 3;
        cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        k = 4;
        cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (k > n)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return k;
}

static const struct {
    const char *name;
    unsigned cp;
} entities[] = {
    { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
    { "nbsp", 0xA0 }, { "lrm", 0x200E }, { "rlm", 0x200F },
};

/* &name; or &#123; or &#x7B; at s: writes the code point, returns the
 * length consumed, 0 when it is not an entity. */
static size_t entity(const char *s, size_t n, unsigned *cp)
{
    size_t semi = 1;
    while (semi < n && semi < 12 && s[semi] != ';')
        semi++;
    if (semi >= n || s[semi] != ';' || semi < 2)
        return 0;
    if (s[1] == '#') {
        unsigned long v = 0;
        int hex = semi > 2 && (s[2] == 'x' || s[2] == 'X');
        size_t i = hex ? 3 : 2;
        if (i >= semi)
            return 0;
        for (; i < semi; i++) {
            char c = s[i];
            int d = c >= '0' && c <= '9' ? c - '0'
                  : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0)
                return 0;
            v = v * (hex ? 16 : 10) + (unsigned long)d;
            if (v > 0x10FFFF)
                return 0;
        }
        if (v == 0 || (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        *cp = (unsigned)v;
        return semi + 1;
    }
    for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
        size_t len = strlen(entities[k].name);
        if (len == semi - 1 && memcmp(s + 1, entities[k].name, len) == 0) {
            *cp = entities[k].cp;
            return semi + 1;
        }
    }
    return 0;
}

/* Appends one line of cue text without markup. */
static int clean_line(buf *b, const char *s, size_t n)
{
    /* trailing spaces go */
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '<') {
            const char *gt = memchr(s + i, '>', n - i);
            if (gt) {
                i = (size_t)(gt - s) + 1;
                continue;
            }
        } else if (c == '{' && i + 1 < n && s[i + 1] == '\\') {
            const char *cb = memchr(s + i, '}', n - i);
            if (cb) {
                i = (size_t)(cb - s) + 1;
                continue;
            }
        } else if (c == '&') {
            unsigned cp;
            size_t k = entity(s + i, n - i, &cp);
            if (k) {
                if (put_cp(b, cp) < 0)
                    return -1;
                i += k;
                continue;
            }
        } else if (c < 0x20 && c != '\t') {
            i++;            /* stray control bytes */
            continue;
        }
        size_t k = utf8_len((const unsigned char *)s + i, n - i);
        if (k == 0) {
            if (put_cp(b, 0xFFFD) < 0)
                return -1;
            i++;
            continue;
        }
        if (buf_put(b, s + i, k) < 0)
            return -1;
        i += k;
    }
    return 0;
}

/* ---------------------------------------------------------------- cues */

static int add_cue(parser *p, const line *timing, int64_t start, int64_t end,
                   const line *text, size_t n_text)
{
    lectern_subtitles *s = p->subs;
    buf b = { 0 };
    for (size_t i = 0; i < n_text; i++) {
        size_t before = b.n;
        if (i > 0 && b.n > 0 && buf_put(&b, "\n", 1) < 0)
            goto oom;
        size_t mark = b.n;
        if (clean_line(&b, text[i].s, text[i].len) < 0)
            goto oom;
        if (b.n == mark) {      /* a line that was only markup: no empty line */
            b.n = before;
            if (b.p)
                b.p[b.n] = '\0';
        }
    }
    if (b.n == 0) {
        free(b.p);
        return 0;               /* nothing to show: not an error */
    }
    if (b.n > LECTERN_SUBTITLE_MAX_TEXT) {
        sub_warn(p, timing->no, "cue text longer than %d bytes, cue skipped",
             LECTERN_SUBTITLE_MAX_TEXT);
        free(b.p);
        return 0;
    }
    if (s->n >= LECTERN_SUBTITLE_MAX_CUES) {
        p->too_many = 1;
        free(b.p);
        return -1;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        lectern_cue *nc = realloc(s->cues, cap * sizeof *nc);
        if (!nc)
            goto oom;
        s->cues = nc;
        s->cap = cap;
    }
    s->cues[s->n++] = (lectern_cue){ start, end, b.p, timing->no };
    return 0;
oom:
    free(b.p);
    p->oom = 1;
    return -1;
}

/* One blank-line separated block [from, to). A missing blank line between
 * two SRT cues is tolerated: a later timing line starts a new cue. */
static int parse_block(parser *p, size_t from, size_t to)
{
    while (from < to) {
        const line *L = p->lines;
        size_t t;
        if (find_arrow(&L[from]))
            t = from;
        else if (from + 1 < to && find_arrow(&L[from + 1]))
            t = from + 1;
        else {
            if (p->subs->format == LECTERN_SUBTITLE_VTT &&
                (starts_word(&L[from], "NOTE") || starts_word(&L[from], "STYLE") ||
                 starts_word(&L[from], "REGION")))
                return 0;
            sub_warn(p, L[from].no, "no timing line (\"start --> end\"), block skipped");
            return 0;
        }
        int64_t start, end;
        if (parse_timing(&L[t], &start, &end) < 0) {
            sub_warn(p, L[t].no, "bad timing line, cue skipped");
            return 0;
        }
        /* the text runs to the next timing line that parses, if any */
        size_t stop = to, next = to;
        for (size_t j = t + 1; j < to; j++) {
            int64_t a, b;
            if (find_arrow(&L[j]) && parse_timing(&L[j], &a, &b) == 0) {
                stop = next = j;
                if (j - 1 > t && all_digits(&L[j - 1]))
                    stop = next = j - 1;
                break;
            }
        }
        if (end <= start)
            sub_warn(p, L[t].no, "cue ends before it starts, cue skipped");
        else if (add_cue(p, &L[t], start, end, &L[t + 1], stop - (t + 1)) < 0)
            return -1;
        from = next;
    }
    return 0;
}

static int cmp_cue(const void *a, const void *b)
{
    const lectern_cue *x = a, *y = b;
    if (x->start_ms != y->start_ms)
        return x->start_ms < y->start_ms ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

void lectern_subtitles_free(lectern_subtitles *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->cues[i].text);
    free(s->cues);
    free(s->max_end);
    free(s);
}

static int is_vtt_header(const char *d, size_t n)
{
    if (n < 6 || memcmp(d, "WEBVTT", 6) != 0)
        return 0;
    return n == 6 || d[6] == ' ' || d[6] == '\t' || d[6] == '\n' || d[6] == '\r';
}

int lectern_subtitles_parse(const char *data, size_t len, const char *name,
                            lectern_subtitle_format format, lectern_subtitles **out,
                            lectern_error *err)
{
    int rc = 0;
    parser p = { 0 };
    p.name = name ? name : "subtitles";
    *out = NULL;
    if (len > LECTERN_SUBTITLE_MAX_BYTES)
        return lectern_error_set(err, LECTERN_ELIMIT,
                                 "%s: %zu bytes, more than the %u bytes allowed for subtitles",
                                 p.name, len, LECTERN_SUBTITLE_MAX_BYTES);
    if (!data)
        len = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    int vtt = is_vtt_header(data, len);
    if (format == LECTERN_SUBTITLE_VTT && !vtt)
        return lectern_error_set(err, LECTERN_EFORMAT,
                                 "%s:1: a WebVTT file must start with \"WEBVTT\"", p.name);
    p.subs = calloc(1, sizeof *p.subs);
    if (!p.subs)
        return lectern_error_set(err, LECTERN_ENOMEM, "%s: out of memory", p.name);
    p.subs->format = vtt ? LECTERN_SUBTITLE_VTT : LECTERN_SUBTITLE_SRT;
    if (split_lines(&p, data, len) < 0) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "%s: out of memory", p.name);
        goto fail;
    }
    size_t i = 0;
    if (vtt) {                  /* the header block runs to the first blank line */
        while (i < p.n_lines && !is_blank(&p.lines[i]))
            i++;
    }
    while (i < p.n_lines) {
        while (i < p.n_lines && is_blank(&p.lines[i]))
            i++;
        size_t from = i;
        while (i < p.n_lines && !is_blank(&p.lines[i]))
            i++;
        if (from < i && parse_block(&p, from, i) < 0)
            break;
    }
    if (p.oom) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "%s: out of memory", p.name);
        goto fail;
    }
    if (p.too_many) {
        rc = lectern_error_set(err, LECTERN_ELIMIT, "%s: more than %d cues", p.name,
                               LECTERN_SUBTITLE_MAX_CUES);
        goto fail;
    }
    if (p.subs->n == 0 && p.subs->n_warnings > 0) {
        rc = lectern_error_set(err, LECTERN_EFORMAT,
                               "%s: no usable subtitle cue (%zu skipped; first: %s)",
                               p.name, p.subs->n_warnings, p.subs->first_warning);
        goto fail;
    }
    lectern_subtitles *s = p.subs;
    int sorted = 1;
    for (size_t k = 1; k < s->n && sorted; k++)
        sorted = s->cues[k - 1].start_ms <= s->cues[k].start_ms;
    if (!sorted)
        qsort(s->cues, s->n, sizeof *s->cues, cmp_cue);
    s->max_end = malloc((s->n ? s->n : 1) * sizeof *s->max_end);
    if (!s->max_end) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "%s: out of memory", p.name);
        goto fail;
    }
    for (size_t k = 0; k < s->n; k++) {
        int64_t e = s->cues[k].end_ms;
        s->max_end[k] = k > 0 && s->max_end[k - 1] > e ? s->max_end[k - 1] : e;
    }
    free(p.lines);
    *out = s;
    return 0;
fail:
    free(p.lines);
    lectern_subtitles_free(p.subs);
    return rc;
}

int lectern_subtitles_load(lectern_reader *r, const char *path, lectern_subtitles **out,
                           lectern_error *err)
{
    *out = NULL;
    const lectern_entry_info *e = lectern_reader_find(r, path);
    if (!e)
        return lectern_error_set(err, LECTERN_ENOTFOUND, "%s: subtitle file not found", path);
    if (e->size > LECTERN_SUBTITLE_MAX_BYTES)
        return lectern_error_set(err, LECTERN_ELIMIT,
                                 "%s: %llu bytes, more than the %u bytes allowed for subtitles",
                                 path, (unsigned long long)e->size, LECTERN_SUBTITLE_MAX_BYTES);
    void *data = NULL;
    size_t len = 0;
    int rc = lectern_reader_read(r, path, &data, &len, err);
    if (rc < 0)
        return rc;
    rc = lectern_subtitles_parse(data, len, path, LECTERN_SUBTITLE_AUTO, out, err);
    free(data);
    return rc;
}

size_t lectern_subtitles_count(const lectern_subtitles *s)
{
    return s ? s->n : 0;
}

const lectern_cue *lectern_subtitles_cue(const lectern_subtitles *s, size_t i)
{
    return s && i < s->n ? &s->cues[i] : NULL;
}

lectern_subtitle_format lectern_subtitles_format(const lectern_subtitles *s)
{
    return s ? s->format : LECTERN_SUBTITLE_AUTO;
}

size_t lectern_subtitles_n_warnings(const lectern_subtitles *s)
{
    return s ? s->n_warnings : 0;
}

const char *lectern_subtitles_first_warning(const lectern_subtitles *s)
{
    return s ? s->first_warning : "";
}

size_t lectern_subtitles_next(const lectern_subtitles *s, int64_t ms)
{
    if (!s)
        return 0;
    size_t lo = 0, hi = s->n;   /* first cue with start > ms */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->cues[mid].start_ms <= ms)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t lectern_subtitles_active(const lectern_subtitles *s, int64_t ms,
                                const lectern_cue **out, size_t max)
{
    if (!s || max == 0)
        return 0;
    size_t k = lectern_subtitles_next(s, ms), n = 0;
    /* walk back while some earlier cue may still be showing */
    while (k > 0 && s->max_end[k - 1] > ms && n < max) {
        k--;
        if (s->cues[k].end_ms > ms)
            out[n++] = &s->cues[k];
    }
    for (size_t i = 0; i < n / 2; i++) {
        const lectern_cue *t = out[i];
        out[i] = out[n - 1 - i];
        out[n - 1 - i] = t;
    }
    return n;
}

const lectern_cue *lectern_subtitles_at(const lectern_subtitles *s, int64_t ms)
{
    const lectern_cue *c = NULL;
    return lectern_subtitles_active(s, ms, &c, 1) ? c : NULL;
}
