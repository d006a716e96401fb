/* Text for the player: resolves theme fonts (course-embedded files first,
 * then fontconfig) and a per-script fallback list (Arabic: Noto Sans
 * Arabic, DejaVu Sans; others found through FcFontSort by coverage), wraps
 * words, draws each line run by run (BiDi order, one covering font a run),
 * and keeps a bounded LRU cache of measured blocks and their textures. */
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/log.h"
#include "player.h"

#define FONT_SLOTS 64            /* open (face, size) fonts */
#define MAX_FACES 16             /* role faces, then fallbacks */
#define MAX_RUNS 256
#define TEXT_MAX_ENTRIES 4096
#define TEXT_MAX_BYTES (24u << 20)
#define HASH_BUCKETS 8192

typedef struct face {
    char *source;                /* where the bytes came from */
    unsigned char *data;
    size_t len;
    long index;                  /* face index in a collection */
    int embedded;                /* read from the course (fonts/...) */
} face;

typedef struct font_slot {
    int face, px;
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
    int lh, asc;                 /* line height, baseline from a line's top */
    int rtl;                     /* right-to-left script (Arabic, Hebrew) */
    SDL_Texture *tex;
    size_t bytes;
} entry;

struct textsys {
    face faces[MAX_FACES];       /* FONT_COUNT role faces, then fallbacks */
    int n_faces;
    int fb_arabic[2];            /* fallback face of Arabic (regular, bold); 0: not tried */
    uint32_t fc_missed[64];      /* code points fontconfig had no font for */
    int n_missed;
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

int textsys_theme_reads_course(const lectern_theme *theme)
{
    return theme && ((theme->heading_font && is_course_file(theme->heading_font)) ||
                     (theme->body_font && is_course_file(theme->body_font)));
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
            fc->embedded = 1;
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

int textsys_create(lectern_reader *reader, SDL_mutex *reader_lock,
                   const lectern_theme *theme, textsys **out, lectern_error *err)
{
    *out = NULL;
    textsys *ts = calloc(1, sizeof *ts);
    if (!ts)
        return lectern_error_set(err, LECTERN_ENOMEM, "text: out of memory");
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
    ts->n_faces = FONT_COUNT;
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
    for (int i = 0; i < MAX_FACES; i++) {
        free(ts->faces[i].data);
        free(ts->faces[i].source);
    }
    free(ts);
    /* fontconfig stays initialised (no FcFini): other code in the process
     * (libvlc's text renderer) holds its caches, FcFini then asserts, and a
     * later text system needs it again. Leak checkers see its caches as
     * still reachable. */
}

const char *text_font_source(const textsys *ts, font_role role)
{
    return ts->faces[role].source;
}

static TTF_Font *face_font(textsys *ts, int fi, int px)
{
    if (px < 4)
        px = 4;
    if (px > 600)
        px = 600;
    font_slot *lru = &ts->slots[0];
    for (int i = 0; i < FONT_SLOTS; i++) {
        font_slot *s = &ts->slots[i];
        if (s->font && s->face == fi && s->px == px) {
            s->used = ++ts->tick;
            return s->font;
        }
        if (!s->font || (lru->font && s->used < lru->used))
            lru = s;
    }
    if (lru->font)
        TTF_CloseFont(lru->font);
    face *f = &ts->faces[fi];
    SDL_RWops *rw = SDL_RWFromConstMem(f->data, (int)f->len);
    lru->font = rw ? TTF_OpenFontIndexRW(rw, 1, px, f->index) : NULL;
    if (!lru->font) {
        LOG_ERROR("text", "cannot open font %s at %d px: %s", f->source, px, TTF_GetError());
        return NULL;
    }
    TTF_SetFontHinting(lru->font, TTF_HINTING_LIGHT);
    lru->face = fi;
    lru->px = px;
    lru->used = ++ts->tick;
    return lru->font;
}

static TTF_Font *get_font(textsys *ts, font_role role, int px)
{
    return face_font(ts, (int)role, px);
}

/* A fallback face from a file (once per file); its index or -1. */
static int add_face_file(textsys *ts, const char *file, int index)
{
    for (int i = 0; i < ts->n_faces; i++)
        if (ts->faces[i].source && strcmp(ts->faces[i].source, file) == 0 &&
            ts->faces[i].index == index)
            return i;
    if (ts->n_faces >= MAX_FACES)
        return -1;
    face *f = &ts->faces[ts->n_faces];
    if (read_file(file, &f->data, &f->len) < 0)
        return -1;
    f->source = strdup(file);
    f->index = index;
    if (!f->source) {
        free(f->data);
        f->data = NULL;
        return -1;
    }
    LOG_DEBUG("text", "fallback font %d: %s", ts->n_faces, file);
    return ts->n_faces++;
}

/* The Arabic fallback (Noto Sans Arabic, else DejaVu Sans), loaded once. */
static int arabic_face(textsys *ts, int bold)
{
    if (ts->fb_arabic[bold])
        return ts->fb_arabic[bold];
    static const char *pats[2][2] = {
        { "Noto Sans Arabic", "DejaVu Sans" },
        { "Noto Sans Arabic:bold", "DejaVu Sans:bold" } };
    char file[1024];
    int idx = 0, fi = -1;
    for (int i = 0; i < 2 && fi < 0; i++)
        if (fc_resolve(pats[bold][i], file, sizeof file, &idx) == 0)
            fi = add_face_file(ts, file, idx);
    ts->fb_arabic[bold] = fi;
    return fi;
}

static int face_covers(textsys *ts, int fi, int px, uint32_t cp)
{
    TTF_Font *f = fi >= 0 ? face_font(ts, fi, px) : NULL;
    return f && TTF_GlyphIsProvided32(f, cp);
}

/* Asks fontconfig for fonts covering cp (FcFontSort, best first); adds the
 * first that has it. -1 when none (remembered). */
static int fc_face_for(textsys *ts, uint32_t cp, int bold)
{
    for (int i = 0; i < ts->n_missed; i++)
        if (ts->fc_missed[i] == cp)
            return -1;
    int fi = -1;
    FcPattern *pat = FcNameParse((const FcChar8 *)(bold ? "sans-serif:bold" : "sans-serif"));
    FcCharSet *cs = FcCharSetCreate();
    if (pat && cs && FcCharSetAddChar(cs, cp)) {
        FcPatternAddCharSet(pat, FC_CHARSET, cs);
        FcConfigSubstitute(NULL, pat, FcMatchPattern);
        FcDefaultSubstitute(pat);
        FcResult res;
        FcFontSet *set = FcFontSort(NULL, pat, FcFalse, NULL, &res);
        for (int i = 0; set && i < set->nfont && fi < 0; i++) {
            FcCharSet *fcs = NULL;
            FcChar8 *file = NULL;
            int idx = 0;
            if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &fcs) != FcResultMatch ||
                !FcCharSetHasChar(fcs, cp) ||
                FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
                continue;
            FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &idx);
            fi = add_face_file(ts, (const char *)file, idx);
        }
        if (set)
            FcFontSetDestroy(set);
    }
    if (cs)
        FcCharSetDestroy(cs);
    if (pat)
        FcPatternDestroy(pat);
    if (fi < 0 && ts->n_missed < 64)
        ts->fc_missed[ts->n_missed++] = cp;
    return fi;
}

typedef struct pick_ctx {
    textsys *ts;
    int role, px;
} pick_ctx;

/* The face for cp: a neighbour's when it covers it; for Arabic an embedded
 * theme font, else the Arabic fallback; else the theme font, then the
 * fallbacks already loaded, then fontconfig; the theme font when nothing
 * covers it. */
static int pick_face(void *vc, uint32_t cp, int want)
{
    pick_ctx *c = vc;
    textsys *ts = c->ts;
    if (want >= 0 && face_covers(ts, want, c->px, cp))
        return want;
    int bold = c->role == FONT_HEADING || c->role == FONT_BOLD;
    if (bidi_is_arabic(cp)) {
        if (ts->faces[c->role].embedded && face_covers(ts, c->role, c->px, cp))
            return c->role;
        int fa = arabic_face(ts, bold);
        if (fa >= 0 && face_covers(ts, fa, c->px, cp))
            return fa;
    }
    if (cp < 0x20 || face_covers(ts, c->role, c->px, cp))
        return c->role;
    for (int i = FONT_COUNT; i < ts->n_faces; i++)
        if (face_covers(ts, i, c->px, cp))
            return i;
    int fi = fc_face_for(ts, cp, bold);
    return fi >= 0 ? fi : c->role;
}

TTF_Font *text_font_for(textsys *ts, font_role role, int px, uint32_t cp)
{
    pick_ctx c = { ts, (int)role, px };
    return face_font(ts, pick_face(&c, cp, -1), px);
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

/* Script of the first strong character: "Arab" or "Hebr" for right-to-left
 * text, NULL otherwise. HarfBuzz never guesses the direction in SDL_ttf. */
static const char *rtl_script(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c = bidi_next_cp(&p);
        if (c == 0x200F)
            return "Arab";  /* RIGHT-TO-LEFT MARK: the line is right to left */
        if (c == 0x200E)
            return NULL;    /* LEFT-TO-RIGHT MARK */
        if (c >= 0x0590 && c <= 0x05FF)
            return "Hebr";
        if (bidi_is_arabic(c))
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

/* One run of a line: its font, set to the run's direction and script
 * (fonts are shared between texts: set before each use), and a copy of its
 * bytes in tmp (NUL-terminated), or NULL. */
static TTF_Font *run_font(textsys *ts, int px, const char *s, const bidi_run *r, char *tmp,
                          size_t tmp_len)
{
    if (r->len + 1 > tmp_len)
        return NULL;
    memcpy(tmp, s + r->off, r->len);
    tmp[r->len] = '\0';
    TTF_Font *f = face_font(ts, r->face, px);
    if (!f)
        return NULL;
    const char *script = rtl_script(tmp);
    TTF_SetFontDirection(f, r->level & 1 ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
    TTF_SetFontScriptName(f, script ? script : "Zzzz");
    return f;
}

/* Width of s[0..n) laid out as one line in paragraph direction base_rtl;
 * sets *other when a run uses a fallback font. */
static int line_width(textsys *ts, int role, int px, int base_rtl, const char *s, size_t n,
                      int *other)
{
    bidi_run runs[MAX_RUNS];
    pick_ctx c = { ts, role, px };
    int nr = bidi_runs(s, n, base_rtl, pick_face, &c, runs, MAX_RUNS);
    int w = 0;
    char tmp[2048];
    for (int i = 0; i < nr; i++) {
        TTF_Font *f = run_font(ts, px, s, &runs[i], tmp, sizeof tmp);
        int rw = 0, rh = 0;
        if (!f || TTF_SizeUTF8(f, tmp, &rw, &rh) < 0)
            continue;
        w += rw;
        if (other && runs[i].face != role)
            *other = 1;
    }
    return w;
}

/* Draws one line at (x, y) of dst, baseline at y + asc, run by run in
 * visual order. */
static void line_render(textsys *ts, int role, int px, int base_rtl, const char *s, size_t n,
                        SDL_Color col, SDL_Surface *dst, int x, int y, int asc, int lh)
{
    bidi_run runs[MAX_RUNS];
    pick_ctx c = { ts, role, px };
    int nr = bidi_runs(s, n, base_rtl, pick_face, &c, runs, MAX_RUNS);
    char tmp[2048];
    for (int i = 0; i < nr; i++) {
        TTF_Font *f = run_font(ts, px, s, &runs[i], tmp, sizeof tmp);
        if (!f)
            continue;
        int rw = 0, rh = 0;
        TTF_SizeUTF8(f, tmp, &rw, &rh);
        int only_space = 1;
        for (const char *q = tmp; *q; q++)
            if (*q != ' ')
                only_space = 0;
        SDL_Surface *rs = only_space ? NULL : TTF_RenderUTF8_Blended(f, tmp, col);
        if (rs) {
            /* copied (not blended) into the transparent line: keep it inside
             * this line's band so a tall fallback font does not wipe the
             * line above with its empty top */
            SDL_SetSurfaceBlendMode(rs, SDL_BLENDMODE_NONE);
            SDL_Rect band = { 0, y, dst->w, lh };
            SDL_SetClipRect(dst, &band);
            SDL_Rect d = { x, y + asc - TTF_FontAscent(f), rs->w, rs->h };
            SDL_BlitSurface(rs, NULL, dst, &d);
            SDL_SetClipRect(dst, NULL);
            SDL_FreeSurface(rs);
        }
        x += rw;
    }
}

/* Warns (once per font role) when no font covers characters of a text:
 * they would show as boxes on the projector. */
static void check_coverage(textsys *ts, int role, int px, const char *s)
{
    if (ts->warned_coverage & (1u << role))
        return;
    const unsigned char *p = (const unsigned char *)s;
    uint32_t first = 0;
    int missing = 0;
    while (*p) {
        uint32_t c = bidi_next_cp(&p);
        if (c < 0x80 || c == 0xFFFD || (c >= 0x200B && c <= 0x200F))
            continue;
        TTF_Font *f = text_font_for(ts, role, px, c);
        if (f && TTF_GlyphIsProvided32(f, c))
            continue;
        if (!missing++)
            first = c;
    }
    if (!missing)
        return;
    ts->warned_coverage |= 1u << role;
    LOG_WARN("text", "no font has a glyph for %d character%s of \"%.60s\" (first U+%04X): "
             "add a font that covers this language to the course (fonts/)", missing,
             missing == 1 ? "" : "s", s, (unsigned)first);
}

/* Greedy word wrap: fills e->wrapped, e->w, e->lines. A line's width is
 * first estimated as the sum of its words and spaces measured one by one;
 * that sum runs short of the line shaped whole (each piece's width is
 * rounded down to whole pixels: about 1 px a piece, ~1.8 % of a line of
 * DejaVu Sans), so near the wrap width the line with the next word is
 * measured whole, as it will be drawn. */
static int wrap_text(textsys *ts, TTF_Font *f, entry *e)
{
    const char *s = e->s;
    char *out = NULL;
    size_t len = 0, cap = 0, line_start = 0;
    int other = 0;
    int space_w = line_width(ts, e->role, e->px, e->rtl, " ", 1, NULL);
    int maxw = 0, lines = 1, linew = 0, line_has_word = 0, pieces = 0;

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
            pieces = 0;
            line_start = len;
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
        int ww = line_width(ts, e->role, e->px, e->rtl, w0, wn, &other);
        int fits = 1, exact = -1;
        if (line_has_word && e->wrap > 0) {
            int est = linew + space_w + ww;
            if (est > e->wrap) {
                fits = 0;
            } else if (est + pieces + 2 > e->wrap) {
                /* close to the edge: the line with this word, shaped whole */
                size_t mark = len;
                if (buf_add(&out, &len, &cap, " ", 1) < 0 || buf_add(&out, &len, &cap, w0, wn) < 0)
                    goto fail;
                exact = line_width(ts, e->role, e->px, e->rtl, out + line_start, len - line_start,
                                   NULL);
                len = mark;
                out[len] = '\0';
                fits = exact <= e->wrap;
            }
        }
        if (!fits) {
            exact = -1;
            if (buf_add(&out, &len, &cap, "\n", 1) < 0)
                goto fail;
            if (linew > maxw)
                maxw = linew;
            linew = 0;
            line_has_word = 0;
            pieces = 0;
            line_start = len;
            lines++;
        }
        if (line_has_word) {
            if (buf_add(&out, &len, &cap, " ", 1) < 0)
                goto fail;
            linew += space_w;
            pieces++;
        }
        if (buf_add(&out, &len, &cap, w0, wn) < 0)
            goto fail;
        linew = exact >= 0 ? exact : linew + ww;
        pieces++;
        line_has_word = 1;
    }
    /* the block is as wide as its widest line shaped whole */
    maxw = 0;
    for (const char *l = out; *l;) {
        const char *nl = strchr(l, '\n');
        size_t ln = nl ? (size_t)(nl - l) : strlen(l);
        int lw = line_width(ts, e->role, e->px, e->rtl, l, ln, &other);
        if (lw > maxw)
            maxw = lw;
        l += ln + (nl ? 1 : 0);
    }
    e->wrapped = out;
    e->w = maxw;
    e->lines = lines;
    /* fallback runs sit on the theme font's baseline (Noto Sans Arabic's
     * ink fits DejaVu's box; its own ascent would double the leading), with
     * a little room below for deep descenders */
    e->asc = TTF_FontAscent(f);
    e->lh = TTF_FontLineSkip(f) + (other ? e->px / 8 : 0);
    e->h = lines * e->lh;
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
            e->lh = m->lh;
            e->asc = m->asc;
        }
    }
    if (e->s && !e->wrapped)
        check_coverage(ts, role, px, e->s);
    if (e->s)
        e->rtl = rtl_script(e->s) != NULL;
    if (!e->s || (!e->wrapped && wrap_text(ts, f, e) < 0)) {
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
        if (e->rtl && align == ALIGN_LEFT)
            align = ALIGN_RIGHT;    /* right-to-left text starts at the right edge */
        if (e->w <= 0 || e->h <= 0)
            return;
        SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, e->w, e->h, 32,
                                                           SDL_PIXELFORMAT_ARGB8888);
        if (!surf) {
            LOG_WARN("text", "cannot render text: %s", SDL_GetError());
            return;
        }
        SDL_FillRect(surf, NULL, SDL_MapRGBA(surf->format, c.r, c.g, c.b, 0));
        int ly = 0;
        for (const char *l = e->wrapped; *l; ly += e->lh) {
            const char *nl = strchr(l, '\n');
            size_t ln = nl ? (size_t)(nl - l) : strlen(l);
            if (ln > 0) {
                int lw = align == ALIGN_LEFT ? 0 :
                         line_width(ts, role, px, e->rtl, l, ln, NULL);
                int lx = align == ALIGN_CENTER ? (e->w - lw) / 2 :
                         align == ALIGN_RIGHT ? e->w - lw : 0;
                line_render(ts, role, px, e->rtl, l, ln, c, surf, lx, ly, e->asc, e->lh);
            }
            l += ln + (nl ? 1 : 0);
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
