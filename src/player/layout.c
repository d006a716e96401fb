/* Slide layouts on the 1920x1080 virtual canvas: title, section, bullets,
 * image, image_text, two_columns, quote, plus cards for video and exercise
 * items. Text shrinks to fit its box down to the theme's min_size; text that
 * still does not fit is drawn anyway with a visible overflow marker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/log.h"
#include "exercise_view.h"
#include "lectern/quiz.h"
#include "player.h"

#define MARGIN 110.0f
#define TITLE_Y 64.0f
#define BODY_BOTTOM 985.0f
#define FOOTER_Y 1018.0f
#define OVERFLOW_RGB 0xe53e3eu

typedef struct para {
    font_role role;
    float size;          /* at k = 1 */
    float indent;
    const char *marker;  /* bullet glyph, or NULL */
    uint32_t marker_rgb;
    font_role marker_role;
    uint32_t rgb;
    const char *text;
    float gap;           /* space before, in units of the paragraph's size */
    text_align align;
} para;

#define MAX_PARAS 160

static const char *T(const app *a, const lectern_text *t)
{
    return lectern_text_get(t, a->lang, a->fallback);
}

/* A right-to-left course language: the slide layouts are mirrored. */
static int rtl(const app *a)
{
    return bidi_lang_is_rtl(a->lang);
}

static float clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Size at shrink factor k, with the learner's text scale (100-200 %); never
 * below the theme's min_size (unscaled: a slide that fits at 100 % fits at
 * any scale, shrinking back where there is no room). */
static float para_size(const app *a, const para *p, float k)
{
    float s = p->size * access_text_scale() * k;
    float floor = (float)a->theme->min_size;
    return s < floor ? (p->size < floor ? p->size : floor) : s;
}

/* Lays out (and with draw=1 draws) paragraphs at scale k; returns the height. */
static float paras_run(app *a, const para *p, size_t n, float k, float x, float y, float w,
                       int draw)
{
    float h = 0;
    for (size_t i = 0; i < n; i++) {
        if (!p[i].text || !*p[i].text)
            continue;
        float s = para_size(a, &p[i], k);
        if (h > 0)
            h += p[i].gap * s;
        /* right-to-left text: indent and bullet on the right */
        int rtl = draw_text_is_rtl(a, p[i].text);
        float mx = rtl ? x : x + p[i].indent, tw = w - p[i].indent;
        if (p[i].marker) {
            float gw = 0;
            measure_text(a, p[i].marker_role, s, 0, p[i].marker, &gw);
            float mw = gw + s * 0.45f > s * 1.05f ? gw + s * 0.45f : s * 1.05f;
            if (draw)
                draw_text(a, p[i].marker_role, s, rtl ? x + w - p[i].indent - gw : mx, y + h,
                          0, ALIGN_LEFT, p[i].marker_rgb, p[i].marker);
            if (!rtl)
                mx += mw;
            tw -= mw;
        }
        float bw = 0;
        float th = draw ? draw_text(a, p[i].role, s, mx, y + h, tw, p[i].align, p[i].rgb,
                                    p[i].text)
                        : measure_text(a, p[i].role, s, tw, p[i].text, &bw);
        /* a word wider than the box does not fit either: make it count as overflow */
        if (!draw && bw > tw + 1)
            th += CANVAS_H;
        h += th;
    }
    return h;
}

static void overflow_marker(app *a, float x, float y, float w, float h, const lectern_item *it)
{
    a->slide_overflow = 1;
    if (a->ren) {
        draw_fill(a, x, y + h - 6, w, 6, OVERFLOW_RGB, 255);
        const char *msg = ui_str(a, UI_TEXT_OVERFLOW);
        float tw = 0;
        measure_text(a, FONT_BOLD, 24, 0, msg, &tw);
        draw_fill(a, x + w - tw - 28, y + h - 50, tw + 28, 44, OVERFLOW_RGB, 255);
        draw_text(a, FONT_BOLD, 24, x + w - tw - 14, y + h - 44, 0, ALIGN_LEFT, 0xffffff, msg);
    }
    if (it)
        app_warn_once(a, it->id, "item %s: text does not fit its box even at %d px "
                      "(theme min_size); shorten it or split the slide",
                      it->id, a->theme->min_size);
}

/* Shrinks paragraphs to fit w x h (largest k that fits), optionally centring
 * vertically, draws them and marks overflow. Returns the height drawn. */
static float paras_fit(app *a, const para *p, size_t n, float x, float y, float w, float h,
                       int vcenter, const lectern_item *it)
{
    if (n == 0)
        return 0;
    float k = 1.0f;
    float used = paras_run(a, p, n, 1.0f, x, y, w, 0);
    int overflow = 0;
    if (used > h) {
        float maxs = 0;
        for (size_t i = 0; i < n; i++)
            if (p[i].size * access_text_scale() > maxs)
                maxs = p[i].size * access_text_scale();
        float lo = clampf((float)a->theme->min_size / (maxs > 0 ? maxs : 1), 0.05f, 1.0f);
        float lo_h = paras_run(a, p, n, lo, x, y, w, 0);
        if (lo_h > h) {
            k = lo;
            used = lo_h;
            overflow = 1;
        } else {
            float hi = 1.0f;
            k = lo;
            used = lo_h;
            for (int iter = 0; iter < 7; iter++) {
                float mid = (lo + hi) / 2;
                float mh = paras_run(a, p, n, mid, x, y, w, 0);
                if (mh <= h) {
                    lo = mid;
                    k = mid;
                    used = mh;
                } else {
                    hi = mid;
                }
            }
        }
    }
    float oy = vcenter && used < h ? (h - used) / 2 : 0;
    float drawn = paras_run(a, p, n, k, x, y + oy, w, 1);
    if (overflow)
        overflow_marker(a, x, y, w, h, it);
    return drawn;
}

/* Title at the top with an accent rule; returns the y where the body starts. */
static float slide_title(app *a, const char *title, const lectern_item *it)
{
    if (!title || !*title)
        return TITLE_Y;
    const lectern_theme *th = a->theme;
    para p = { FONT_HEADING, (float)th->heading_size, 0, NULL, 0, FONT_BODY, th->heading,
               title, 0, ALIGN_LEFT };
    float h = paras_fit(a, &p, 1, MARGIN, TITLE_Y, CANVAS_W - 2 * MARGIN,
                        th->heading_size * 2.4f, 0, it);
    float ry = TITLE_Y + h + 18;
    /* the rule sits under the start of the title: on the right for a right-to-left
       title, on the left for a title shown in a left-to-right fallback language */
    draw_fill(a, draw_text_is_rtl(a, title) ? CANVAS_W - MARGIN - 120 : MARGIN, ry, 120, 6,
              th->accent, 255);
    return ry + 48;
}

static size_t add_bullets(app *a, para *p, size_t n, const lectern_bullet *b, size_t nb,
                          float base)
{
    static const char *marks[3] = { "\xE2\x80\xA2", "\xE2\x80\x93", "\xC2\xB7" }; /* • – · */
    static const float scales[3] = { 1.0f, 0.86f, 0.76f };
    const lectern_theme *th = a->theme;
    for (size_t i = 0; i < nb && n < MAX_PARAS; i++) {
        int lv = b[i].level < 1 ? 1 : b[i].level > 3 ? 3 : b[i].level;
        para q = { FONT_BODY, base * scales[lv - 1], (float)(lv - 1) * 64.0f, marks[lv - 1],
                   lv == 1 ? th->accent : th->muted, FONT_BOLD,
                   lv == 1 ? th->text : color_mix(th->text, th->muted, 0.25f),
                   T(a, &b[i].text), lv == 1 ? 0.6f : 0.3f, ALIGN_LEFT };
        p[n++] = q;
    }
    return n;
}

static size_t add_text(app *a, para *p, size_t n, const char *s, font_role role, float size,
                       uint32_t rgb, float gap, text_align align)
{
    if (!s || !*s || n >= MAX_PARAS)
        return n;
    para q = { role, size, 0, NULL, 0, FONT_BODY, rgb, s, gap, align };
    p[n++] = q;
    return n;
}

/* An image box: the texture, or a placeholder naming the file. */
static void image_box(app *a, const char *path, float x, float y, float w, float h, int fill,
                      const lectern_item *it)
{
    const lectern_theme *th = a->theme;
    SDL_Texture *tex = NULL;
    int tw = 0, tht = 0;
    const char *why = NULL;
    img_state st = !path ? IMG_FAILED : !a->images ? IMG_ABSENT :
                   images_get(a->images, path, &tex, &tw, &tht, &why);
    if (st == IMG_READY && tex) {
        if (!fill && a->ren) {
            /* fitted: use a copy scaled once to this size (made while warming) */
            SDL_Rect box = canvas_rect(&a->cv, x, y, w, h);
            double ks = (double)box.w / tw, kh = (double)box.h / tht, k = ks < kh ? ks : kh;
            int dw = (int)(tw * k + 0.5), dh = (int)(tht * k + 0.5);
            SDL_Texture *fit = images_get_scaled(a->images, a->ren, path, dw, dh);
            if (fit) {
                if (!a->warming) {
                    SDL_Rect dst = { box.x + (box.w - dw) / 2, box.y + (box.h - dh) / 2, dw, dh };
                    SDL_RenderCopy(a->ren, fit, NULL, &dst);
                }
                return;
            }
        }
        draw_texture_in(a, tex, tw, tht, x, y, w, h, fill);
        return;
    }
    uint32_t box = color_mix(th->background, th->text, 0.06f);
    draw_fill(a, x, y, w, h, box, 255);
    if (st == IMG_PENDING || st == IMG_ABSENT)
        return;   /* arrives in a moment: keep the box quiet */
    draw_outline(a, x, y, w, h, 3, th->muted, 255);
    float cy = y + h / 2 - 70;
    float hh = draw_text(a, FONT_BOLD, 34, x + 30, cy, w - 60, ALIGN_CENTER, th->text,
                         ui_str(a, UI_IMAGE_MISSING));
    hh += draw_text(a, FONT_BODY, 28, x + 30, cy + hh + 12, w - 60, ALIGN_CENTER, th->accent,
                    path ? path : "(no image given)");
    if (why && *why)
        draw_text(a, FONT_BODY, 22, x + 30, cy + hh + 28, w - 60, ALIGN_CENTER, th->muted, why);
    if (it)
        app_warn_once(a, path ? path : it->id, "item %s: image %s not shown: %s", it->id,
                      path ? path : "(none)", why && *why ? why : "no image");
}

static void layout_title(app *a, const lectern_item *it, int section)
{
    const lectern_theme *th = a->theme;
    const char *title = T(a, &it->title), *sub = T(a, &it->subtitle);
    float x = section ? 170.0f : 160.0f, w = section ? 1600.0f : 1600.0f;
    float ts = section ? th->title_size * 0.9f : (float)th->title_size;
    text_align al = section ? ALIGN_LEFT : ALIGN_CENTER;
    para p[2];
    size_t n = 0;
    n = add_text(a, p, n, title, FONT_HEADING, ts, th->heading, 0, al);
    para sp = { FONT_BODY, th->body_size * 1.1f, 0, NULL, 0, FONT_BODY, th->muted, sub,
                1.2f, al };
    if (sub && *sub)
        p[n++] = sp;
    if (section) {
        draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, color_mix(th->background, th->accent, 0.05f), 255);
        const lectern_module *m = lectern_course_module(a->course, it->module_index);
        char label[200], num[32];
        snprintf(num, sizeof num, "%zu", it->module_index + 1);
        snprintf(label, sizeof label, "%s %s \xC2\xB7 %s", ui_str(a, UI_MODULE), num,
                 m ? T(a, &m->title) : "");
        draw_text(a, FONT_BOLD, 30, x, 300, w, rtl(a) ? ALIGN_RIGHT : ALIGN_LEFT, th->accent,
                  label);
        /* the accent bar stands before the text: on the right in right-to-left */
        draw_fill(a, rtl(a) ? CANVAS_W - 110 - 12 : 110, 360, 12, 420, th->accent, 255);
        paras_fit(a, p, n, x, 360, w, 420, 1, it);
        return;
    }
    float h = paras_fit(a, p, n, x, 250, w, 520, 1, it);
    float used_bottom = 250 + (520 + h) / 2;
    if (h > 520)
        used_bottom = 250 + h;
    draw_fill(a, CANVAS_W / 2.0f - 80, used_bottom + 40, 160, 8, th->accent, 255);
}

static void layout_bullets(app *a, const lectern_item *it)
{
    const lectern_theme *th = a->theme;
    float top = slide_title(a, T(a, &it->title), it);
    para p[MAX_PARAS];
    size_t n = 0;
    n = add_text(a, p, n, T(a, &it->text), FONT_BODY, (float)th->body_size,
                 color_mix(th->text, th->muted, 0.2f), 0, ALIGN_LEFT);
    n = add_bullets(a, p, n, it->bullets, it->n_bullets, (float)th->body_size);
    if (n > 0)
        p[0].gap = 0;
    paras_fit(a, p, n, MARGIN, top, CANVAS_W - 2 * MARGIN, BODY_BOTTOM - top, 0, it);
}

static void layout_image(app *a, const lectern_item *it)
{
    const lectern_theme *th = a->theme;
    const char *title = T(a, &it->title), *cap = T(a, &it->caption);
    int has_title = title && *title, has_cap = cap && *cap;
    float top, x, w, bottom;
    if (has_title) {
        top = slide_title(a, title, it);
        x = MARGIN;
        w = CANVAS_W - 2 * MARGIN;
    } else if (it->image_fill && !has_cap) {
        image_box(a, app_item_image(a, it), 0, 0, CANVAS_W, CANVAS_H, 1, it);
        return;
    } else {
        top = 48;
        x = 60;
        w = CANVAS_W - 120;
    }
    bottom = has_cap ? BODY_BOTTOM - 70 : BODY_BOTTOM;
    image_box(a, app_item_image(a, it), x, top, w, bottom - top, it->image_fill, it);
    if (has_cap) {
        para p = { FONT_ITALIC, th->body_size * 0.75f, 0, NULL, 0, FONT_BODY, th->muted, cap,
                   0, ALIGN_CENTER };
        paras_fit(a, &p, 1, x, bottom + 14, w, 70, 0, it);
    }
}

static void layout_image_text(app *a, const lectern_item *it)
{
    const lectern_theme *th = a->theme;
    float top = slide_title(a, T(a, &it->title), it);
    float iw = 820, tw = CANVAS_W - 2 * MARGIN - iw - 70;
    /* image_side is given for reading order: mirrored in right-to-left */
    int right = it->image_right ^ rtl(a);
    float ix = right ? CANVAS_W - MARGIN - iw : MARGIN;
    float tx = right ? MARGIN : MARGIN + iw + 70;
    image_box(a, app_item_image(a, it), ix, top, iw, BODY_BOTTOM - top, it->image_fill, it);
    para p[MAX_PARAS];
    size_t n = 0;
    n = add_text(a, p, n, T(a, &it->text), FONT_BODY, (float)th->body_size, th->text, 0,
                 ALIGN_LEFT);
    n = add_bullets(a, p, n, it->bullets, it->n_bullets, (float)th->body_size);
    paras_fit(a, p, n, tx, top, tw, BODY_BOTTOM - top, 0, it);
}

static size_t column_paras(app *a, const lectern_column *c, para *p)
{
    const lectern_theme *th = a->theme;
    size_t n = 0;
    n = add_text(a, p, n, T(a, &c->heading), FONT_BOLD, th->body_size * 1.1f, th->accent, 0,
                 ALIGN_LEFT);
    n = add_text(a, p, n, T(a, &c->text), FONT_BODY, (float)th->body_size, th->text, 0.5f,
                 ALIGN_LEFT);
    n = add_bullets(a, p, n, c->bullets, c->n_bullets, (float)th->body_size);
    return n;
}

static void layout_two_columns(app *a, const lectern_item *it)
{
    const lectern_theme *th = a->theme;
    float top = slide_title(a, T(a, &it->title), it);
    float gap = 90, cw = (CANVAS_W - 2 * MARGIN - gap) / 2;
    para l[MAX_PARAS / 2], r[MAX_PARAS / 2];
    size_t nl = column_paras(a, &it->left, l), nr = column_paras(a, &it->right, r);
    /* both columns shrink by the same factor: measure each, use the smaller */
    float h = BODY_BOTTOM - top;
    float hl = paras_run(a, l, nl, 1, 0, 0, cw, 0), hr = paras_run(a, r, nr, 1, 0, 0, cw, 0);
    if (hl > h || hr > h) {
        /* scale both base sizes to the tighter column, then fit each */
        para *big = hl > hr ? l : r;
        size_t nb = hl > hr ? nl : nr;
        float lo = (float)th->min_size / (th->body_size * 1.1f * access_text_scale()), hi = 1,
              k = lo;
        for (int i = 0; i < 7; i++) {
            float mid = (lo + hi) / 2;
            if (paras_run(a, big, nb, mid, 0, 0, cw, 0) <= h)
                lo = k = mid;
            else
                hi = mid;
        }
        for (size_t i = 0; i < nl; i++) l[i].size *= k;
        for (size_t i = 0; i < nr; i++) r[i].size *= k;
    }
    /* "left" is the first column in reading order: on the right in right-to-left */
    float x1 = rtl(a) ? MARGIN + cw + gap : MARGIN, x2 = rtl(a) ? MARGIN : MARGIN + cw + gap;
    paras_fit(a, l, nl, x1, top, cw, h, 0, it);
    draw_fill(a, MARGIN + cw + gap / 2 - 1, top, 2, h - 20, color_mix(th->background, th->muted,
              0.35f), 255);
    paras_fit(a, r, nr, x2, top, cw, h, 0, it);
}

static void layout_quote(app *a, const lectern_item *it)
{
    const lectern_theme *th = a->theme;
    para p[2];
    size_t n = 0;
    char buf[600];
    n = add_text(a, p, n, T(a, &it->text), FONT_ITALIC, th->heading_size * 0.9f, th->heading,
                 0, ALIGN_LEFT);
    const char *who = T(a, &it->attribution);
    if (who && *who) {
        snprintf(buf, sizeof buf, "\xE2\x80\x94 %s", who);   /* — */
        n = add_text(a, p, n, buf, FONT_BODY, (float)th->body_size, th->muted, 1.0f,
                     ALIGN_LEFT);
    }
    /* the quote mark sits just above the text, which is centred in its box */
    float x = 360, y = 170, w = 1240, h = 780;
    float used = paras_fit(a, p, n, x, y, w, h, 1, it);
    float ty = used < h ? y + (h - used) / 2 : y;
    if (rtl(a))   /* the opening mark stands before the text: on its right */
        draw_text(a, FONT_HEADING, 240, x + w + 60, ty - 70, 0, ALIGN_LEFT, th->accent,
                  "\xE2\x80\x9D");
    else
        draw_text(a, FONT_HEADING, 240, x - 200, ty - 70, 0, ALIGN_LEFT, th->accent,
                  "\xE2\x80\x9C");
}

static void layout_video(app *a, const lectern_item *it)
{
    const lectern_theme *th = a->theme;
    const char *title = T(a, &it->title);
    float top = slide_title(a, title, it);
    float h = BODY_BOTTOM - top, w = h * 16 / 9;
    float x = (CANVAS_W - w) / 2;
    /* playing, paused, an error, or the export's poster frame (video_ui.c) */
    if (video_ui_draw(a, it, x, top, w, h))
        return;
    if (it->poster) {
        image_box(a, it->poster, x, top, w, h, 0, it);
    } else {
        draw_fill(a, x, top, w, h, color_mix(th->background, 0x000000, 0.45f), 255);
        char buf[600];
        snprintf(buf, sizeof buf, "%s: %s", ui_str(a, UI_VIDEO), title && *title ? title : it->id);
        draw_text(a, FONT_BOLD, 40, x + 40, top + h / 2 + 90, w - 80, ALIGN_CENTER, th->text,
                  buf);
        draw_text(a, FONT_BODY, 26, x + 40, top + h / 2 + 150, w - 80, ALIGN_CENTER, th->muted,
                  it->video ? it->video : "");
    }
    /* a play symbol over the middle */
    float cx = x + w / 2, cy = top + h / 2 - (it->poster ? 0 : 40);
    draw_disc(a, cx, cy, 80, 0x000000, 140);
    draw_triangle(a, cx - 24, cy - 40, cx - 24, cy + 40, cx + 44, cy, th->accent, 255);
}

/* Exercise card: a static view of the exercise (prompt, options in their
 * shuffled display order, pairs, entries, the first scenario step), read
 * through the quiz model. The exercises issue makes it interactive. */
/* Option letter pos (0-based): A, B, C... or أ ب ج د... (abjad order) in Arabic. */
static void option_mark(const app *a, char *buf, size_t len, size_t pos)
{
    static const char *abjad[] = { "\xD8\xA3", "\xD8\xA8", "\xD8\xAC", "\xD8\xAF",
        "\xD9\x87\xD9\x80", "\xD9\x88", "\xD8\xB2", "\xD8\xAD", "\xD8\xB7", "\xD9\x8A" };
    if (a->lang && strncmp(a->lang, "ar", 2) == 0 && pos < sizeof abjad / sizeof *abjad)
        snprintf(buf, len, "%s", abjad[pos]);
    else
        snprintf(buf, len, "%c", (int)('A' + pos));
}

static size_t add_marked(app *a, para *p, size_t n, const char *marker, const char *s,
                         float gap)
{
    const lectern_theme *th = a->theme;
    if (!s || !*s || n >= MAX_PARAS)
        return n;
    para q = { FONT_BODY, th->body_size * 0.9f, 0, marker, th->accent, FONT_BOLD, th->text, s,
               gap, ALIGN_LEFT };
    p[n++] = q;
    return n;
}

static void layout_exercise(app *a, const lectern_item *it, size_t index)
{
    const lectern_theme *th = a->theme;
    const char *title = T(a, &it->title);
    float top = slide_title(a, title && *title ? title : ui_str(a, UI_EXERCISE),
                            it);
    /* interactive: the exercise's state in the session (exercise_view.c) */
    if (exercise_view_draw(a, it, index, exercise_view_mode(a), MARGIN, top,
                           CANVAS_W - 2 * MARGIN, BODY_BOTTOM - top))
        return;
    para p[MAX_PARAS];
    size_t n = 0;
    static char marks[MAX_PARAS][24];
    lectern_quiz *q = NULL;
    lectern_quiz_attempt *att = NULL;
    lectern_error err = {0};
    if (!it->exercise_json || lectern_quiz_parse(it->exercise_json, it->id, &q, &err) < 0) {
        app_warn_once(a, it->id, "exercise %s: %s", it->id, err.msg);
        n = add_text(a, p, n, ui_str(a, UI_EX_BROKEN), FONT_BOLD,
                     (float)th->body_size, th->accent, 0, ALIGN_LEFT);
        n = add_text(a, p, n, err.msg, FONT_BODY, th->body_size * 0.7f, th->muted, 0.5f,
                     ALIGN_LEFT);
        paras_fit(a, p, n, MARGIN, top, CANVAS_W - 2 * MARGIN, BODY_BOTTOM - top, 0, it);
        return;
    }
    const lectern_quiz *qq = q;
    if (lectern_quiz_get_kind(q) == LECTERN_QUIZ_SET && lectern_quiz_n_questions(q) > 0)
        qq = lectern_quiz_question(q, 0);
    lectern_quiz_attempt_begin(qq, lectern_quiz_seed(it->id, 1), 0, &att);
    lectern_quiz_kind kind = lectern_quiz_get_kind(qq);
    static const ui_string labels[LECTERN_QUIZ_KIND_COUNT] = {
        UI_EX_SINGLE, UI_EX_MULTIPLE, UI_EX_TRUE_FALSE, UI_EX_MATCHING, UI_EX_ORDERING,
        UI_EX_FILL, UI_EX_SCENARIO, UI_EX_REFLECTION, UI_EX_SET
    };
    n = add_text(a, p, n, ui_str(a, labels[kind]), FONT_BOLD, th->body_size * 0.62f, th->accent, 0,
                 ALIGN_LEFT);
    const char *prompt = T(a, lectern_quiz_prompt(qq));
    if (kind == LECTERN_QUIZ_FILL_BLANK && lectern_text_present(lectern_quiz_blank_text(qq))) {
        n = add_text(a, p, n, prompt, FONT_BODY, th->body_size * 0.8f, th->muted, 0.4f,
                     ALIGN_LEFT);
        prompt = T(a, lectern_quiz_blank_text(qq));
    }
    if (kind == LECTERN_QUIZ_SCENARIO) {
        long s0 = lectern_quiz_start_step(qq);
        const lectern_quiz_step *st = s0 >= 0 ? lectern_quiz_get_step(qq, (size_t)s0) : NULL;
        n = add_text(a, p, n, prompt, FONT_BODY, th->body_size * 0.8f, th->muted, 0.4f,
                     ALIGN_LEFT);
        if (st) {
            n = add_text(a, p, n, T(a, &st->text), FONT_BODY, (float)th->body_size, th->text,
                         0.5f, ALIGN_LEFT);
            for (size_t i = 0; i < st->n_choices && i < 26; i++) {
                option_mark(a, marks[n], sizeof marks[n], i);
                n = add_marked(a, p, n, marks[n], T(a, &st->choices[i].text), i ? 0.45f : 0.9f);
            }
        }
    } else {
        n = add_text(a, p, n, prompt, FONT_BODY, (float)th->body_size, th->text, 0.4f,
                     ALIGN_LEFT);
    }
    size_t shown = att ? lectern_quiz_attempt_n_shown(att) : 0;
    switch (kind) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE:
        for (size_t pos = 0; pos < lectern_quiz_n_options(qq) && pos < 26 && n < MAX_PARAS; pos++) {
            size_t i = pos < shown ? lectern_quiz_attempt_shown(att, pos) : pos;
            option_mark(a, marks[n], sizeof marks[n], pos);
            n = add_marked(a, p, n, marks[n], T(a, &lectern_quiz_get_option(qq, i)->text),
                           pos ? 0.45f : 0.9f);
        }
        break;
    case LECTERN_QUIZ_TRUE_FALSE:
        option_mark(a, marks[n], sizeof marks[n], 0);
        n = add_marked(a, p, n, marks[n], ui_str(a, UI_TRUE), 0.9f);
        option_mark(a, marks[n], sizeof marks[n], 1);
        n = add_marked(a, p, n, marks[n], ui_str(a, UI_FALSE), 0.45f);
        break;
    case LECTERN_QUIZ_MATCHING:
        for (size_t i = 0; i < lectern_quiz_n_pairs(qq) && n < MAX_PARAS; i++) {
            snprintf(marks[n], sizeof marks[n], "%zu", i + 1);
            n = add_marked(a, p, n, marks[n], T(a, &lectern_quiz_get_pair(qq, i)->left),
                           i ? 0.3f : 0.9f);
        }
        for (size_t pos = 0; pos < lectern_quiz_n_pairs(qq) && pos < 26 && n < MAX_PARAS; pos++) {
            size_t i = pos < shown ? lectern_quiz_attempt_shown(att, pos) : pos;
            option_mark(a, marks[n], sizeof marks[n], pos);
            n = add_marked(a, p, n, marks[n], T(a, &lectern_quiz_get_pair(qq, i)->right),
                           pos ? 0.3f : 0.9f);
        }
        break;
    case LECTERN_QUIZ_ORDERING:
        for (size_t pos = 0; pos < lectern_quiz_n_entries(qq) && pos < 26 && n < MAX_PARAS; pos++) {
            size_t i = pos < shown ? lectern_quiz_attempt_shown(att, pos) : pos;
            option_mark(a, marks[n], sizeof marks[n], pos);
            n = add_marked(a, p, n, marks[n], T(a, &lectern_quiz_get_entry(qq, i)->text),
                           pos ? 0.45f : 0.9f);
        }
        break;
    default:
        break;
    }
    paras_fit(a, p, n, MARGIN, top, CANVAS_W - 2 * MARGIN, BODY_BOTTOM - top, 0, it);
    lectern_quiz_attempt_free(att);
    lectern_quiz_free(q);
}

static void footer(app *a, const lectern_item *it, size_t index)
{
    const lectern_theme *th = a->theme;
    const lectern_module *m = lectern_course_module(a->course, it->module_index);
    uint32_t c = color_mix(th->muted, th->background, 0.15f);
    int r = rtl(a);   /* right-to-left: module title on the right, number on the left */
    if (m)
        draw_text(a, FONT_BODY, 24, r ? CANVAS_W - MARGIN - 1300 : MARGIN, FOOTER_Y, 1300,
                  r ? ALIGN_RIGHT : ALIGN_LEFT, c, T(a, &m->title));
    char num[64];
    snprintf(num, sizeof num, "%zu / %zu", index + 1, lectern_course_n_items(a->course));
    draw_text(a, FONT_BODY, 24, r ? MARGIN : CANVAS_W - MARGIN - 300, FOOTER_Y, 300,
              r ? ALIGN_LEFT : ALIGN_RIGHT, c, num);
}

int layout_item_rtl(const app *a, const lectern_item *it)
{
    const char *t = it ? T(a, &it->title) : NULL;
    return t && *t ? text_is_rtl(t) : rtl(a);
}

int layout_draw_item(app *a, const lectern_item *it, size_t index)
{
    access_frame(a);   /* export and fit check draw here without app_render */
    a->slide_overflow = 0;
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, a->theme->background, 255);
    if (!it)
        return 0;
    /* course text takes the course language's direction ("DNA هو..." in an
     * Arabic course reads from the right); exercises choose their own */
    int was_dir = draw_set_text_dir(it->kind == LECTERN_ITEM_EXERCISE ? 0 : DRAW_DIR_COURSE);
    if (it->kind == LECTERN_ITEM_VIDEO) {
        layout_video(a, it);
    } else if (it->kind == LECTERN_ITEM_EXERCISE) {
        layout_exercise(a, it, index);
    } else {
        switch (it->layout) {
        case LECTERN_LAYOUT_TITLE: layout_title(a, it, 0); break;
        case LECTERN_LAYOUT_SECTION: layout_title(a, it, 1); break;
        case LECTERN_LAYOUT_BULLETS: layout_bullets(a, it); break;
        case LECTERN_LAYOUT_IMAGE: layout_image(a, it); break;
        case LECTERN_LAYOUT_IMAGE_TEXT: layout_image_text(a, it); break;
        case LECTERN_LAYOUT_TWO_COLUMNS: layout_two_columns(a, it); break;
        case LECTERN_LAYOUT_QUOTE: layout_quote(a, it); break;
        default: layout_bullets(a, it); break;
        }
    }
    if (it->kind != LECTERN_ITEM_SLIDE || it->layout != LECTERN_LAYOUT_TITLE ||
        it->index_in_module > 0)
        footer(a, it, index);
    draw_set_text_dir(was_dir);
    return a->slide_overflow;
}
