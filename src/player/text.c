/* Text for the player: resolves theme fonts (course-embedded files first,
 * then fontconfig), opens them per pixel size, wraps words, and keeps a
 * bounded LRU cache of measured blocks and their textures, keyed by
 * font, size, wrap width, alignment, colour and string. */
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/log.h"
#include "player.h"

#define FONT_SLOTS 40            /* open (role, size) fonts */
#define TEXT_MAX_ENTRIES 4096
#define TEXT_MAX_BYTES (24u << 20)
#define HASH_BUCKETS 8192

typedef struct face {
    char *source;                /* where the bytes came from */
    unsigned char *data;
    size_t len;
    long index;                  /* face index in a collection */
} face;

typedef struct font_slot {
    int role, px;
    TTF_Font *font;
    unsigned long used;
} font_slot;

typedef struct entry {
    struct entry *hnext;         /* hash chain */
    struct entry *prev, *next;   /* LRU list, most recent first */
    uint64_t hash;
    int role, px, wrap, align;
    uint32_t rgb;
    char *s;
    char *wrapped;               /* s with '\n' at the line breaks */
    int w, h, lines;
    int rtl;                     /* right-to-left script (Arabic, Hebrew) */
    SDL_Texture *tex;
    size_t bytes;
} entry;

struct textsys {
    face faces[FONT_COUNT];
    font_slot slots[FONT_SLOTS];
    unsigned long tick;
    entry *buckets[HASH_BUCKETS];
    entry *head, *tail;
    size_t n_entries, bytes;
    size_t hits, misses;
    int prepare_only;            /* make textures, draw nothing (warming) */
    unsigned warned_coverage;    /* roles already warned about missing glyphs */
};

static uint64_t hash_key(int role, int px, int wrap, int align, uint32_t rgb, const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    int v[4] = { role, px, wrap, align };
    for (int i = 0; i < 4; i++) {
        h ^= (uint64_t)(unsigned)v[i];
        h *= 1099511628211ULL;
    }
    h ^= rgb;
    h *= 1099511628211ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return h;
}

static int read_file(const char *path, unsigned char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    int rc = -1;
    unsigned char *buf = NULL;
    if (fseek(f, 0, SEEK_END) != 0)
        goto done;
    long n = ftell(f);
    if (n <= 0 || fseek(f, 0, SEEK_SET) != 0)
        goto done;
    buf = malloc((size_t)n);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        goto done;
    *data = buf;
    *len = (size_t)n;
    buf = NULL;
    rc = 0;
done:
    free(buf);
    fclose(f);
    return rc;
}

/* fontconfig: pattern -> file and index. */
static int fc_resolve(const char *pattern, char *file, size_t file_len, int *index)
{
    int rc = -1;
    FcPattern *pat = FcNameParse((const FcChar8 *)pattern);
    if (!pat)
        return -1;
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(NULL, pat, &res);
    if (m) {
        FcChar8 *f = NULL;
        int idx = 0;
        if (FcPatternGetString(m, FC_FILE, 0, &f) == FcResultMatch) {
            FcPatternGetInteger(m, FC_INDEX, 0, &idx);
            snprintf(file, file_len, "%s", (const char *)f);
            *index = idx;
            rc = 0;
        }
        FcPatternDestroy(m);
    }
    FcPatternDestroy(pat);
    return rc;
}

static int is_course_file(const char *spec)
{
    size_t n = strlen(spec);
    return strncmp(spec, "fonts/", 6) == 0 ||
           (n > 4 && (strcasecmp(spec + n - 4, ".ttf") == 0 ||
                      strcasecmp(spec + n - 4, ".otf") == 0 ||
                      strcasecmp(spec + n - 4, ".ttc") == 0));
}

/* Loads one face: course file, else fontconfig pattern, else fallbacks. */
static int load_face(face *fc, lectern_reader *r, SDL_mutex *lock, const char *spec,
                     const char *style, const char *fallback_file)
{
    if (spec && *spec && r && is_course_file(spec)) {
        void *buf = NULL;
        size_t n = 0;
        lectern_error e = {0};
        if (lock)
            SDL_LockMutex(lock);
        int rc = lectern_reader_read(r, spec, &buf, &n, &e);
        if (lock)
            SDL_UnlockMutex(lock);
        if (rc == 0) {
            fc->data = buf;
            fc->len = n;
            fc->source = strdup(spec);
            return 0;
        }
        LOG_WARN("text", "font %s: %s; using a system font", spec, e.msg);
        spec = NULL;
    }
    char pattern[512], file[1024];
    int idx = 0;
    if (spec && *spec && !is_course_file(spec))
        snprintf(pattern, sizeof pattern, "%s%s", spec, style);
    else
        snprintf(pattern, sizeof pattern, "DejaVu Sans%s", style);
    if (fc_resolve(pattern, file, sizeof file, &idx) == 0 &&
        read_file(file, &fc->data, &fc->len) == 0) {
        fc->source = strdup(file);
        fc->index = idx;
        return 0;
    }
    if (read_file(fallback_file, &fc->data, &fc->len) == 0) {
        fc->source = strdup(fallback_file);
        return 0;
    }
    return -1;
}

/* Text systems alive: fontconfig's global state is released with the last. */
static SDL_atomic_t live_textsys;

int textsys_create(lectern_reader *reader, SDL_mutex *reader_lock,
                   const lectern_theme *theme, textsys **out, lectern_error *err)
{
    *out = NULL;
    textsys *ts = calloc(1, sizeof *ts);
    if (!ts)
        return lectern_error_set(err, LECTERN_ENOMEM, "text: out of memory");
    SDL_AtomicIncRef(&live_textsys);
    const char *hf = theme ? theme->heading_font : NULL;
    const char *bf = theme ? theme->body_font : NULL;
    static const char *dj = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    static const char *djb = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    static const char *dji = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf";
    /* an embedded body font has no italic or bold sibling we could know of */
    const char *ital = bf && is_course_file(bf) ? bf : (bf && *bf ? bf : "DejaVu Sans");
    const char *bold = bf && is_course_file(bf) ? bf : (bf && *bf ? bf : "DejaVu Sans");
    if (load_face(&ts->faces[FONT_HEADING], reader, reader_lock,
                  hf && *hf ? hf : "DejaVu Sans:bold", "", djb) < 0 ||
        load_face(&ts->faces[FONT_BODY], reader, reader_lock, bf, "", dj) < 0 ||
        load_face(&ts->faces[FONT_ITALIC], reader, reader_lock, ital,
                  is_course_file(ital) ? "" : ":slant=italic", dji) < 0 ||
        load_face(&ts->faces[FONT_BOLD], reader, reader_lock, bold,
                  is_course_file(bold) ? "" : ":weight=bold", djb) < 0) {
        textsys_destroy(ts);
        return lectern_error_set(err, LECTERN_ENOTFOUND,
                                 "no usable font: install fonts-dejavu-core "
                                 "(theme fonts '%s', '%s')", hf ? hf : "", bf ? bf : "");
    }
    for (int i = 0; i < FONT_COUNT; i++)
        LOG_DEBUG("text", "font %d: %s", i, ts->faces[i].source);
    *out = ts;
    return 0;
}

static void entry_free(textsys *ts, entry *e)
{
    if (e->tex) {
        SDL_DestroyTexture(e->tex);
        ts->bytes -= e->bytes;
    }
    free(e->s);
    free(e->wrapped);
    free(e);
}

static void lru_unlink(textsys *ts, entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        ts->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        ts->tail = e->prev;
    e->prev = e->next = NULL;
}

static void lru_push(textsys *ts, entry *e)
{
    e->prev = NULL;
    e->next = ts->head;
    if (ts->head)
        ts->head->prev = e;
    ts->head = e;
    if (!ts->tail)
        ts->tail = e;
}

static void evict_one(textsys *ts)
{
    entry *e = ts->tail;
    if (!e)
        return;
    lru_unlink(ts, e);
    entry **pp = &ts->buckets[e->hash % HASH_BUCKETS];
    while (*pp && *pp != e)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = e->hnext;
    ts->n_entries--;
    entry_free(ts, e);
}

void textsys_flush_textures(textsys *ts)
{
    if (!ts)
        return;
    for (entry *e = ts->head; e; e = e->next) {
        if (e->tex) {
            SDL_DestroyTexture(e->tex);
            e->tex = NULL;
            ts->bytes -= e->bytes;
            e->bytes = 0;
        }
    }
}

void textsys_destroy(textsys *ts)
{
    if (!ts)
        return;
    while (ts->head)
        evict_one(ts);
    for (int i = 0; i < FONT_SLOTS; i++)
        if (ts->slots[i].font)
            TTF_CloseFont(ts->slots[i].font);
    for (int i = 0; i < FONT_COUNT; i++) {
        free(ts->faces[i].data);
        free(ts->faces[i].source);
    }
    free(ts);
    /* nothing of fontconfig is kept after create (fonts are read into memory):
     * with the last text system gone its caches can go too */
    if (SDL_AtomicDecRef(&live_textsys))
        FcFini();
}

const char *text_font_source(const textsys *ts, font_role role)
{
    return ts->faces[role].source;
}

static TTF_Font *get_font(textsys *ts, font_role role, int px)
{
    if (px < 4)
        px = 4;
    if (px > 600)
        px = 600;
    font_slot *lru = &ts->slots[0];
    for (int i = 0; i < FONT_SLOTS; i++) {
        font_slot *s = &ts->slots[i];
        if (s->font && s->role == (int)role && s->px == px) {
            s->used = ++ts->tick;
            return s->font;
        }
        if (!s->font || (lru->font && s->used < lru->used))
            lru = s;
    }
    if (lru->font)
        TTF_CloseFont(lru->font);
    face *f = &ts->faces[role];
    SDL_RWops *rw = SDL_RWFromConstMem(f->data, (int)f->len);
    lru->font = rw ? TTF_OpenFontIndexRW(rw, 1, px, f->index) : NULL;
    if (!lru->font) {
        LOG_ERROR("text", "cannot open font %s at %d px: %s", f->source, px, TTF_GetError());
        return NULL;
    }
    TTF_SetFontHinting(lru->font, TTF_HINTING_LIGHT);
    lru->role = role;
    lru->px = px;
    lru->used = ++ts->tick;
    return lru->font;
}

int text_line_height(textsys *ts, font_role role, int px)
{
    TTF_Font *f = get_font(ts, role, px);
    return f ? TTF_FontLineSkip(f) : px;
}

/* Appends to a growing buffer. */
static int buf_add(char **b, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t nc = (*cap ? *cap * 2 : 128);
        while (nc < *len + n + 1)
            nc *= 2;
        char *nb = realloc(*b, nc);
        if (!nb)
            return -1;
        *b = nb;
        *cap = nc;
    }
    memcpy(*b + *len, s, n);
    *len += n;
    (*b)[*len] = '\0';
    return 0;
}

static int width_of(TTF_Font *f, const char *s, size_t n)
{
    char tmp[512];
    char *p = n < sizeof tmp ? tmp : malloc(n + 1);
    if (!p)
        return 0;
    memcpy(p, s, n);
    p[n] = '\0';
    int w = 0, h = 0;
    TTF_SizeUTF8(f, p, &w, &h);
    if (p != tmp)
        free(p);
    return w;
}

/* Decodes one UTF-8 sequence; advances *p. Invalid bytes give U+FFFD. */
static uint32_t next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = *s++;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (c >= 0x80 && c < 0xC0) {
        *p = s;
        return 0xFFFD;
    }
    c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
    for (int i = 0; i < extra; i++) {
        if ((*s & 0xC0) != 0x80) {
            *p = s;
            return 0xFFFD;
        }
        c = (c << 6) | (*s++ & 0x3F);
    }
    *p = s;
    return c;
}

/* Script of the first strong character: "Arab" or "Hebr" for right-to-left
 * text, NULL otherwise. HarfBuzz never guesses the direction in SDL_ttf. */
static const char *rtl_script(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c = next_cp(&p);
        if (c >= 0x0590 && c <= 0x05FF)
            return "Hebr";
        if ((c >= 0x0600 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
            (c >= 0xFE70 && c <= 0xFEFF))
            return "Arab";
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c < 0x0590))
            return NULL;    /* a left-to-right letter comes first */
    }
    return NULL;
}

int text_is_rtl(const char *s)
{
    return s && rtl_script(s) != NULL;
}

/* Fonts are shared between texts: set the direction before each use. */
static void set_direction(TTF_Font *f, const char *s)
{
    const char *script = rtl_script(s);
    TTF_SetFontDirection(f, script ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
    TTF_SetFontScriptName(f, script ? script : "Zzzz");
}

/* Warns (once per font role) when the font has no glyph for characters of
 * a text: they would show as boxes on the projector. */
static void check_coverage(textsys *ts, TTF_Font *f, int role, const char *s)
{
    if (ts->warned_coverage & (1u << role))
        return;
    const unsigned char *p = (const unsigned char *)s;
    uint32_t first = 0;
    int missing = 0;
    while (*p) {
        uint32_t c = next_cp(&p);
        if (c < 0x80 || c == 0xFFFD || TTF_GlyphIsProvided32(f, c))
            continue;
        if (!missing++)
            first = c;
    }
    if (!missing)
        return;
    ts->warned_coverage |= 1u << role;
    LOG_WARN("text", "font %s has no glyph for %d character%s of \"%.60s\" (first U+%04X): "
             "choose a theme font that covers this language", ts->faces[role].source, missing,
             missing == 1 ? "" : "s", s, (unsigned)first);
}

/* Greedy word wrap: fills e->wrapped, e->w, e->lines. Words are measured one
 * by one (a line's width is the sum of its words and spaces). */
static int wrap_text(TTF_Font *f, entry *e)
{
    const char *s = e->s;
    char *out = NULL;
    set_direction(f, s);
    size_t len = 0, cap = 0;
    int space_w = width_of(f, " ", 1);
    int maxw = 0, lines = 1, linew = 0, line_has_word = 0;

    if (buf_add(&out, &len, &cap, "", 0) < 0)
        return -1;
    const char *p = s;
    while (*p) {
        if (*p == '\n') {
            if (buf_add(&out, &len, &cap, "\n", 1) < 0)
                goto fail;
            if (linew > maxw)
                maxw = linew;
            linew = 0;
            line_has_word = 0;
            lines++;
            p++;
            continue;
        }
        if (*p == ' ' || *p == '\t') {
            p++;
            continue;
        }
        const char *w0 = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n')
            p++;
        size_t wn = (size_t)(p - w0);
        int ww = width_of(f, w0, wn);
        if (line_has_word && e->wrap > 0 && linew + space_w + ww > e->wrap) {
            if (buf_add(&out, &len, &cap, "\n", 1) < 0)
                goto fail;
            if (linew > maxw)
                maxw = linew;
            linew = 0;
            line_has_word = 0;
            lines++;
        }
        if (line_has_word) {
            if (buf_add(&out, &len, &cap, " ", 1) < 0)
                goto fail;
            linew += space_w;
        }
        if (buf_add(&out, &len, &cap, w0, wn) < 0)
            goto fail;
        linew += ww;
        line_has_word = 1;
    }
    if (linew > maxw)
        maxw = linew;
    e->wrapped = out;
    e->w = maxw;
    e->lines = lines;
    e->h = lines * TTF_FontLineSkip(f);
    return 0;
fail:
    free(out);
    return -1;
}

static entry *lookup(textsys *ts, font_role role, int px, int wrap, int align, uint32_t rgb,
                     const char *s)
{
    uint64_t h = hash_key(role, px, wrap, align, rgb, s);
    entry **bucket = &ts->buckets[h % HASH_BUCKETS];
    for (entry *e = *bucket; e; e = e->hnext) {
        if (e->hash == h && e->role == (int)role && e->px == px && e->wrap == wrap &&
            e->align == align && e->rgb == rgb && strcmp(e->s, s) == 0) {
            lru_unlink(ts, e);
            lru_push(ts, e);
            ts->hits++;
            return e;
        }
    }
    ts->misses++;
    TTF_Font *f = get_font(ts, role, px);
    if (!f)
        return NULL;
    entry *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->hash = h;
    e->role = role;
    e->px = px;
    e->wrap = wrap;
    e->align = align;
    e->rgb = rgb;
    e->s = strdup(s);
    if (e->s && (align != 0 || rgb != 0)) {
        /* a drawing entry: reuse the line breaks of the measuring entry */
        entry *m = lookup(ts, role, px, wrap, 0, 0, s);
        if (m) {
            e->wrapped = strdup(m->wrapped);
            e->w = m->w;
            e->h = m->h;
            e->lines = m->lines;
        }
    }
    if (e->s && !e->wrapped)
        check_coverage(ts, f, role, e->s);
    if (e->s)
        e->rtl = rtl_script(e->s) != NULL;
    if (!e->s || (!e->wrapped && wrap_text(f, e) < 0)) {
        free(e->wrapped);
        free(e->s);
        free(e);
        return NULL;
    }
    while (ts->n_entries >= TEXT_MAX_ENTRIES)
        evict_one(ts);
    e->hnext = *bucket;
    *bucket = e;
    lru_push(ts, e);
    ts->n_entries++;
    return e;
}

int text_measure(textsys *ts, font_role role, int px, int wrap_px, const char *s,
                 int *w, int *h)
{
    /* measurement does not depend on colour or alignment: share one key */
    entry *e = lookup(ts, role, px, wrap_px, 0, 0, s ? s : "");
    if (!e) {
        *w = *h = 0;
        return -1;
    }
    *w = e->w;
    *h = e->h;
    return e->lines;
}

void text_draw(textsys *ts, SDL_Renderer *ren, font_role role, int px, int wrap_px,
               text_align align, uint32_t rgb, const char *s, int x, int y)
{
    if (!s || !*s || !ren)
        return;
    entry *e = lookup(ts, role, px, wrap_px, align, rgb, s);
    if (!e)
        return;
    if (!e->tex) {
        TTF_Font *f = get_font(ts, role, px);
        if (!f)
            return;
        SDL_Color c = { (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, 255 };
        set_direction(f, e->wrapped);
        if (e->rtl && align == ALIGN_LEFT)
            align = ALIGN_RIGHT;    /* right-to-left text starts at the right edge */
        TTF_SetFontWrappedAlign(f, align == ALIGN_CENTER ? TTF_WRAPPED_ALIGN_CENTER :
                                   align == ALIGN_RIGHT ? TTF_WRAPPED_ALIGN_RIGHT :
                                   TTF_WRAPPED_ALIGN_LEFT);
        SDL_Surface *surf = e->lines > 1 ?
            TTF_RenderUTF8_Blended_Wrapped(f, e->wrapped, c, 0) :
            TTF_RenderUTF8_Blended(f, e->wrapped, c);
        if (!surf) {
            if (*e->wrapped)
                LOG_WARN("text", "cannot render text: %s", TTF_GetError());
            return;
        }
        e->tex = SDL_CreateTextureFromSurface(ren, surf);
        if (e->tex) {
            e->bytes = (size_t)surf->w * (size_t)surf->h * 4;
            ts->bytes += e->bytes;
        }
        SDL_FreeSurface(surf);
        if (!e->tex)
            return;
        /* keep textures within budget, never evicting the one just made */
        while (ts->bytes > TEXT_MAX_BYTES && ts->tail && ts->tail != e)
            evict_one(ts);
    }
    if (ts->prepare_only)
        return;
    int tw, th;
    SDL_QueryTexture(e->tex, NULL, NULL, &tw, &th);
    int dx = x;
    if (e->rtl && align == ALIGN_LEFT)
        align = ALIGN_RIGHT;
    if (wrap_px > 0 && align == ALIGN_CENTER)
        dx = x + (wrap_px - tw) / 2;
    else if (wrap_px > 0 && align == ALIGN_RIGHT)
        dx = x + wrap_px - tw;
    SDL_Rect dst = { dx, y, tw, th };
    SDL_RenderCopy(ren, e->tex, NULL, &dst);
}

void text_set_prepare_only(textsys *ts, int on)
{
    ts->prepare_only = on;
}

void text_stats(const textsys *ts, size_t *entries, size_t *bytes, size_t *hits,
                size_t *misses)
{
    if (entries) *entries = ts->n_entries;
    if (bytes) *bytes = ts->bytes;
    if (hits) *hits = ts->hits;
    if (misses) *misses = ts->misses;
}
