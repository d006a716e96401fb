/* Drawing primitives in virtual canvas units (1920x1080): the canvas maps
 * them to output pixels, text is rasterised at the output size (never a
 * scaled bitmap), images are fitted or cropped into boxes. With no renderer
 * (measure mode) only the measuring functions do anything. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "player.h"

void canvas_fit(canvas *cv, int out_w, int out_h)
{
    if (out_w < 1) out_w = 1;
    if (out_h < 1) out_h = 1;
    cv->out_w = out_w;
    cv->out_h = out_h;
    float sx = (float)out_w / CANVAS_W, sy = (float)out_h / CANVAS_H;
    cv->scale = sx < sy ? sx : sy;
    cv->cw = (int)lroundf(CANVAS_W * cv->scale);
    cv->ch = (int)lroundf(CANVAS_H * cv->scale);
    if (cv->cw > out_w) cv->cw = out_w;
    if (cv->ch > out_h) cv->ch = out_h;
    cv->ox = (out_w - cv->cw) / 2;
    cv->oy = (out_h - cv->ch) / 2;
}

SDL_Rect canvas_rect(const canvas *cv, float x, float y, float w, float h)
{
    int x0 = cv->ox + (int)lroundf(x * cv->scale);
    int y0 = cv->oy + (int)lroundf(y * cv->scale);
    int x1 = cv->ox + (int)lroundf((x + w) * cv->scale);
    int y1 = cv->oy + (int)lroundf((y + h) * cv->scale);
    SDL_Rect r = { x0, y0, x1 - x0, y1 - y0 };
    return r;
}

uint32_t color_mix(uint32_t a, uint32_t b, float t)
{
    uint32_t out = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        float ca = (float)((a >> sh) & 255), cb = (float)((b >> sh) & 255);
        int v = (int)lroundf(ca + (cb - ca) * t);
        out |= (uint32_t)(v < 0 ? 0 : v > 255 ? 255 : v) << sh;
    }
    return out;
}

float color_luma(uint32_t rgb)
{
    float r = ((rgb >> 16) & 255) / 255.0f, g = ((rgb >> 8) & 255) / 255.0f,
          b = (rgb & 255) / 255.0f;
    return 0.2126f * r + 0.7152f * g + 0.0722f * b;
}

/* Mirrored drawing (menus of a right-to-left UI): boxes, shapes and hit
 * regions are flipped across the canvas, text keeps its glyphs and swaps
 * left and right alignment. */
static int mirror;

void draw_set_mirror(int on)
{
    mirror = on;
}

int draw_mirrored(void)
{
    return mirror;
}

SDL_Rect draw_mirror_rect(const app *a, SDL_Rect r)
{
    if (mirror)
        r.x = 2 * a->cv.ox + a->cv.cw - r.x - r.w;
    return r;
}

static void set_color(SDL_Renderer *ren, uint32_t rgb, uint8_t alpha)
{
    SDL_SetRenderDrawBlendMode(ren, alpha == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(ren, (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, alpha);
}

void draw_fill(app *a, float x, float y, float w, float h, uint32_t rgb, uint8_t alpha)
{
    if (!a->ren || a->warming)
        return;
    if (mirror)
        x = CANVAS_W - x - w;
    SDL_Rect r = canvas_rect(&a->cv, x, y, w, h);
    set_color(a->ren, rgb, alpha);
    SDL_RenderFillRect(a->ren, &r);
}

void draw_outline(app *a, float x, float y, float w, float h, float t, uint32_t rgb,
                  uint8_t alpha)
{
    draw_fill(a, x, y, w, t, rgb, alpha);
    draw_fill(a, x, y + h - t, w, t, rgb, alpha);
    draw_fill(a, x, y + t, t, h - 2 * t, rgb, alpha);
    draw_fill(a, x + w - t, y + t, t, h - 2 * t, rgb, alpha);
}

void draw_triangle(app *a, float x1, float y1, float x2, float y2, float x3, float y3,
                   uint32_t rgb, uint8_t alpha)
{
    if (!a->ren || a->warming)
        return;
    const canvas *cv = &a->cv;
    SDL_Color c = { (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, alpha };
    if (mirror) {
        x1 = CANVAS_W - x1;
        x2 = CANVAS_W - x2;
        x3 = CANVAS_W - x3;
    }
    SDL_Vertex v[3] = {
        { { cv->ox + x1 * cv->scale, cv->oy + y1 * cv->scale }, c, { 0, 0 } },
        { { cv->ox + x2 * cv->scale, cv->oy + y2 * cv->scale }, c, { 0, 0 } },
        { { cv->ox + x3 * cv->scale, cv->oy + y3 * cv->scale }, c, { 0, 0 } },
    };
    SDL_RenderGeometry(a->ren, NULL, v, 3, NULL, 0);
}

/* The learner's text scale for the player's own screens (start screen,
 * contents, dialogs, search, messages); slides scale their text themselves. */
static float text_k = 1.0f;

void draw_set_text_scale(float k)
{
    text_k = k < 0.5f ? 0.5f : k > 3.0f ? 3.0f : k;
}

float draw_text_scale(void)
{
    return text_k;
}

/* A wrap width in output px: rounded, not floored, so a width taken from
 * measure_text (a line's own width, converted back to canvas units) wraps
 * that line as one line again. */
static int wrap_px(const app *a, float w)
{
    return w > 0 ? (int)lroundf(w * a->cv.scale) : 0;
}

static int px_of(const app *a, float size)
{
    int px = (int)lroundf(size * text_k * a->cv.scale);
    return px < 4 ? 4 : px;
}

/* The base direction of the strings drawn now (draw_set_text_dir): 0 the
 * default, 1 right to left, -1 left to right, DRAW_DIR_COURSE a course's. */
static int text_dir;

int draw_set_text_dir(int dir)
{
    int was = text_dir;
    text_dir = dir;
    return was;
}

/* 1 when s has a right-to-left letter (Arabic, Hebrew, Syriac, Thaana...). */
static int has_rtl_letter(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        uint32_t c = bidi_next_cp(&p);
        if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
            return 1;
    }
    return 0;
}

/* The direction s is laid out in: the one set by draw_set_text_dir, else
 * in a mirrored (right-to-left UI) screen right to left for any string
 * with a right-to-left letter: the player's words ("D · تقديم خطة" reads
 * from the right though it starts with a Latin letter) and Arabic course
 * text. A string without one (an English fallback title, a course id,
 * "0 / 16") and anything drawn unmirrored keep the direction of their
 * first strong character. */
static int dir_of(const app *a, const char *s)
{
    if (text_dir == DRAW_DIR_COURSE)
        return has_rtl_letter(s) && bidi_lang_is_rtl(a->lang) ? 1 : 0;
    if (text_dir)
        return text_dir;
    return mirror && has_rtl_letter(s) ? 1 : 0;
}

int draw_text_is_rtl(const app *a, const char *s)
{
    if (!s || !*s)
        return 0;
    int d = dir_of(a, s);
    return d ? d > 0 : text_is_rtl(s);
}

/* s as text.c should lay it out: with a RIGHT-TO-LEFT or LEFT-TO-RIGHT
 * MARK in front when its first strong character says otherwise (text.c
 * takes a line's direction from its first strong character). The result
 * is s itself, buf, or (long text) allocated into *heap for the caller to
 * free. */
static const char *directed(const app *a, const char *s, char *buf, size_t n, char **heap)
{
    *heap = NULL;
    int d = s && *s ? dir_of(a, s) : 0;
    if (d == 0 || (d > 0) == (text_is_rtl(s) != 0))
        return s;
    size_t len = strlen(s);
    char *out = len + 4 <= n ? buf : (*heap = malloc(len + 4));
    if (!out)
        return s;
    memcpy(out, d > 0 ? "\xE2\x80\x8F" : "\xE2\x80\x8E", 3);
    memcpy(out + 3, s, len + 1);
    return out;
}

float measure_text(app *a, font_role role, float size, float w, const char *s, float *out_w)
{
    char dbuf[1024], *heap;
    s = directed(a, s, dbuf, sizeof dbuf, &heap);
    float h = measure_text_as_is(a, role, size, w, s, out_w);
    free(heap);
    return h;
}

float measure_text_as_is(app *a, font_role role, float size, float w, const char *s, float *out_w)
{
    int tw = 0, th = 0;
    int wrap = wrap_px(a, w);
    text_measure(a->text, role, px_of(a, size), wrap, s ? s : "", &tw, &th);
    if (out_w)
        *out_w = tw / a->cv.scale;
    return th / a->cv.scale;
}

float draw_text(app *a, font_role role, float size, float x, float y, float w,
                text_align align, uint32_t rgb, const char *s)
{
    char dbuf[1024], *heap;
    s = directed(a, s, dbuf, sizeof dbuf, &heap);
    float h = draw_text_as_is(a, role, size, x, y, w, align, rgb, s);
    free(heap);
    return h;
}

float draw_text_as_is(app *a, font_role role, float size, float x, float y, float w,
                      text_align align, uint32_t rgb, const char *s)
{
    int px = px_of(a, size);
    int wrap = wrap_px(a, w);
    int tw = 0, th = 0;
    text_measure(a->text, role, px, wrap, s ? s : "", &tw, &th);
    if (mirror) {
        x = CANVAS_W - x - (w > 0 ? w : tw / a->cv.scale);
        align = align == ALIGN_LEFT ? ALIGN_RIGHT : align == ALIGN_RIGHT ? ALIGN_LEFT : align;
    }
    if (a->ren && s && *s) {
        int ox = a->cv.ox + (int)lroundf(x * a->cv.scale);
        int oy = a->cv.oy + (int)lroundf(y * a->cv.scale);
        text_draw(a->text, a->ren, role, px, wrap, align, rgb, s, ox, oy);
    }
    return th / a->cv.scale;
}

void draw_texture_in(app *a, SDL_Texture *t, int tw, int th, float x, float y, float w,
                     float h, int fill)
{
    if (mirror)
        x = CANVAS_W - x - w;
    if (!a->ren || a->warming || !t || tw <= 0 || th <= 0)
        return;
    SDL_Rect box = canvas_rect(&a->cv, x, y, w, h);
    double ks = (double)box.w / tw, kh = (double)box.h / th;
    if (!fill) {
        double k = ks < kh ? ks : kh;
        int dw = (int)lround(tw * k), dh = (int)lround(th * k);
        SDL_Rect dst = { box.x + (box.w - dw) / 2, box.y + (box.h - dh) / 2, dw, dh };
        SDL_RenderCopy(a->ren, t, NULL, &dst);
        return;
    }
    /* fill: crop the source to the box's aspect ratio, centred */
    double k = ks > kh ? ks : kh;
    int sw = (int)lround(box.w / k), sh = (int)lround(box.h / k);
    if (sw > tw) sw = tw;
    if (sh > th) sh = th;
    SDL_Rect src = { (tw - sw) / 2, (th - sh) / 2, sw, sh };
    SDL_RenderCopy(a->ren, t, &src, &box);
}

void draw_disc(app *a, float cx, float cy, float r, uint32_t rgb, uint8_t alpha)
{
    if (mirror)
        cx = CANVAS_W - cx;
    if (!a->ren || a->warming)
        return;
    enum { SEG = 48 };
    const canvas *cv = &a->cv;
    SDL_Color c = { (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, alpha };
    SDL_Vertex v[SEG + 1];
    int idx[SEG * 3];
    v[0] = (SDL_Vertex){ { cv->ox + cx * cv->scale, cv->oy + cy * cv->scale }, c, { 0, 0 } };
    for (int i = 0; i < SEG; i++) {
        float t = (float)i * 6.2831853f / SEG;
        v[i + 1] = (SDL_Vertex){ { cv->ox + (cx + r * cosf(t)) * cv->scale,
                                   cv->oy + (cy + r * sinf(t)) * cv->scale }, c, { 0, 0 } };
        idx[i * 3] = 0;
        idx[i * 3 + 1] = i + 1;
        idx[i * 3 + 2] = (i + 1) % SEG + 1;
    }
    SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
    SDL_RenderGeometry(a->ren, NULL, v, SEG + 1, idx, SEG * 3);
}
