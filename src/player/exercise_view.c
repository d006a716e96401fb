/* Draws an exercise item interactively from its session state: prompt,
 * numbered options / pairs / sequence / blanks / scenario step / text box,
 * a visible focus ring, Submit / Try again / Show solution / Continue,
 * feedback per option and overall, in three modes (trainee, classroom
 * audience without the key, trainer with key and discussion prompt). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise_view_internal.h"
#include "lectern/exercise.h"
#include "lectern/log.h"

#define MAX_HITS 96

/* Click targets of the main output's exercise (the slide's hit list is
 * cleared by app_render, so exercises keep their own). */
static struct {
    app *owner;
    int n;
    SDL_Rect r[MAX_HITS];
    lectern_cmd c[MAX_HITS];
    SDL_Rect body;
    SDL_Rect field;         /* the focused text field (IME candidate window) */
    int has_field;
} hits;
static int forced_mode = -1;
static int last_rtl;        /* the direction of the exercise drawn last */

int exercise_view_rtl(void)
{
    return last_rtl;
}

/* ---------------------------------------------------------------- context */


static void hit(ctx *c, float x, float y, float w, float h, lectern_cmd cmd)
{
    if (!c->draw || !c->register_hits || hits.n >= MAX_HITS)
        return;
    hits.r[hits.n] = draw_mirror_rect(c->a, canvas_rect(&c->a->cv, x, y, w, h));
    hits.c[hits.n++] = cmd;
}

int exv_focused(const ctx *c, lectern_exc_kind k, size_t n)
{
    if (!c->e || !c->a->show_chrome)
        return 0;
    long f = lectern_exercise_focus(c->e);
    if (f < 0)
        return 0;
    lectern_exc x = lectern_exercise_control(c->e, (size_t)f);
    return x.kind == k && x.n == n;
}

static long control_index(const ctx *c, lectern_exc_kind k, size_t n)
{
    if (!c->e)
        return -1;
    for (size_t i = 0; i < lectern_exercise_n_controls(c->e); i++) {
        lectern_exc x = lectern_exercise_control(c->e, i);
        if (x.kind == k && x.n == n)
            return (long)i;
    }
    return -1;
}

/* A 5-unit ring around a box, outside it: visible on the box and the page. */
static void ring(ctx *c, float x, float y, float w, float h)
{
    if (c->draw)
        draw_outline(c->a, x - 8, y - 8, w + 16, h + 16, 5, c->focus, 255);
}

/* Where the focused field's text goes: t with the IME composition and the
 * caret (a thin bar) inserted at the caret; just t when not editing. */
static void with_caret(const ctx *c, const char *t, int editing, char *out, size_t n)
{
    if (!editing) {
        snprintf(out, n, "%s", t);
        return;
    }
    long k = c->e ? lectern_exercise_caret(c->e) : -1;
    size_t len = strlen(t), at = k < 0 || (size_t)k > len ? len : (size_t)k;
    snprintf(out, n, "%.*s%s\xE2\x96\x8F%s", (int)at, t, exercise_ui_composition(), t + at);
}

/* Remembers the focused field's box for the IME's candidate window. */
static void field_box(ctx *c, float x, float y, float w, float h)
{
    if (c->draw && c->register_hits) {
        hits.field = draw_mirror_rect(c->a, canvas_rect(&c->a->cv, x, y, w, h));
        hits.has_field = 1;
    }
}

float exv_text(ctx *c, font_role role, float size, float x, float y, float w, uint32_t rgb,
                  const char *s)
{
    if (!s || !*s)
        return 0;
    if (c->draw)
        return draw_text(c->a, role, S(c, size), x, y, w, ALIGN_LEFT, rgb, s);
    return measure_text(c->a, role, S(c, size), w, s, NULL);
}


/* One option row; returns its height. */
float exv_row(ctx *c, float y, const rowspec *r, lectern_cmd click)
{
    app *a = c->a;
    float x = r->x > 0 ? r->x : c->x, w = r->w > 0 ? r->w : c->w;
    float pad = S(c, 14), bw = S(c, 56), tx = x + bw + S(c, 28) + (r->ind ? S(c, 60) : 0);
    float tw = x + w - tx - S(c, 70);
    float th = measure_text(a, FONT_BODY, S(c, 32), tw, r->text, NULL);
    float sh = 0;
    if (r->sub && *r->sub)
        sh = S(c, 6) + measure_text(a, FONT_ITALIC, S(c, 26), tw, r->sub, NULL);
    float h = pad * 2 + (th + sh > bw ? th + sh : bw);
    if (!c->draw)
        return h;
    /* a short text sits level with its badge */
    float ty = y + pad + (th + sh < bw ? (bw - th - sh) / 2 : 0);
    uint32_t box = r->selected ? color_mix(c->bg, c->accent, 0.22f) : color_mix(c->bg, c->fg, 0.07f);
    draw_fill(a, x, y, w, h, box, 255);
    if (r->selected)
        draw_outline(a, x, y, w, h, 3, c->accent, 255);
    if (r->mark)
        draw_fill(a, x, y, S(c, 10), h, r->mark > 0 ? GOOD_RGB : BAD_RGB, 255);
    draw_fill(a, x + S(c, 20), y + pad, bw, bw, color_mix(c->bg, c->fg, 0.16f), 255);
    draw_text(a, FONT_BOLD, S(c, 30), x + S(c, 20), y + pad + S(c, 8), bw, ALIGN_CENTER,
              c->accent, r->badge);
    float ix = x + bw + S(c, 44), iy = y + pad + bw / 2;
    if (r->ind == IND_RADIO) {
        draw_disc(a, ix + S(c, 14), iy, S(c, 15), c->fg, 255);
        draw_disc(a, ix + S(c, 14), iy, S(c, 11), box, 255);
        if (r->selected)
            draw_disc(a, ix + S(c, 14), iy, S(c, 7), c->accent, 255);
    } else if (r->ind == IND_CHECK) {
        draw_outline(a, ix, iy - S(c, 15), S(c, 30), S(c, 30), S(c, 3), c->fg, 255);
        if (r->selected)
            draw_fill(a, ix + S(c, 7), iy - S(c, 8), S(c, 16), S(c, 16), c->accent, 255);
    }
    draw_text(a, FONT_BODY, S(c, 32), tx, ty, tw, ALIGN_LEFT, c->fg, r->text);
    if (r->sub && *r->sub)
        draw_text(a, FONT_ITALIC, S(c, 26), tx, ty + th + S(c, 6), tw, ALIGN_LEFT,
                  r->sub_rgb, r->sub);
    if (r->mark)
        draw_text(a, FONT_BOLD, S(c, 40), x + w - S(c, 56), y + pad, S(c, 50), ALIGN_CENTER,
                  r->mark > 0 ? GOOD_RGB : BAD_RGB, r->mark > 0 ? "\xE2\x9C\x93" : "\xE2\x9C\x97");
    if (r->is_focused)
        ring(c, x, y, w, h);
    if (click.kind != LECTERN_CMD_NONE)
        hit(c, x, y, w, h, click);
    return h;
}

/* The part of the result for authored index i (or position), or NULL. */
static const lectern_quiz_part *part(const ctx *c, size_t index)
{
    if (!c->r)
        return NULL;
    for (size_t i = 0; i < c->r->n_parts; i++)
        if (c->r->parts[i].index == index)
            return &c->r->parts[i];
    return NULL;
}

static lectern_cmd cmd_n(lectern_cmd_kind k, long n) { return lectern_cmd_make(k, n); }

/* ---------------------------------------------------------------- kinds */

static float draw_choices(ctx *c, float y)
{
    lectern_quiz_kind kind = lectern_quiz_get_kind(c->q);
    size_t n = kind == LECTERN_QUIZ_TRUE_FALSE ? 2 : lectern_quiz_n_options(c->q);
    float y0 = y;
    for (size_t pos = 0; pos < n; pos++) {
        char badge[24];
        snprintf(badge, sizeof badge, "%zu", pos + 1);
        rowspec r = { badge, kind == LECTERN_QUIZ_MULTIPLE_RESPONSE ? IND_CHECK : IND_RADIO,
                      0, 0, NULL, NULL, c->muted, exv_focused(c, LECTERN_EXC_OPTION, pos), 0, 0 };
        if (kind == LECTERN_QUIZ_TRUE_FALSE) {
            r.text = ui_str(c->a, pos == 0 ? UI_TRUE : UI_FALSE);
            r.selected = lectern_quiz_get_bool(c->at) == (pos == 0);
            int key = lectern_quiz_answer(c->q) == (pos == 0);
            if (c->show_marks && r.selected)
                r.mark = key ? 1 : -1;
            else if (c->show_key && key)
                r.mark = 1;
        } else {
            size_t i = lectern_quiz_attempt_shown(c->at, pos);
            const lectern_quiz_option *o = lectern_quiz_get_option(c->q, i);
            r.text = T(c->a, &o->text);
            r.selected = lectern_quiz_selected(c->at, i);
            if (c->show_marks && r.selected)
                r.mark = o->correct ? 1 : -1;
            else if (c->show_key && o->correct)
                r.mark = 1;
            if ((c->show_marks && r.selected) || (c->show_key && (o->correct || r.selected)))
                r.sub = T(c->a, &o->feedback);
            r.sub_rgb = r.mark > 0 ? color_mix(c->fg, GOOD_RGB, 0.6f) :
                        r.mark < 0 ? color_mix(c->fg, BAD_RGB, 0.5f) : c->muted;
        }
        y += exv_row(c, y, &r, c->submitted ? cmd_n(LECTERN_CMD_NONE, 0)
                                        : cmd_n(LECTERN_CMD_CHOOSE, (long)pos + 1)) + S(c, 14);
    }
    return y - y0;
}

static float draw_matching(ctx *c, float y)
{
    size_t n = lectern_quiz_n_pairs(c->q);
    float gap = S(c, 40), lw = c->w * 0.6f - gap / 2, rx = c->x + c->w * 0.6f + gap / 2;
    float rw = c->x + c->w - rx, y0 = y, yl = y, yr = y;
    /* the row a click on the right column fills: the focused one, else the first open */
    long target = -1;
    if (c->e && lectern_exercise_focus(c->e) >= 0) {
        lectern_exc f = lectern_exercise_control(c->e, (size_t)lectern_exercise_focus(c->e));
        if (f.kind == LECTERN_EXC_OPTION)
            target = (long)f.n;
    }
    for (size_t i = 0; i < n && target < 0; i++)
        if (lectern_quiz_matched(c->at, i) < 0)
            target = (long)i;
    for (size_t i = 0; i < n; i++) {
        char badge[24], sub[400] = "";
        snprintf(badge, sizeof badge, "%c", (int)('A' + (i % 26)));
        long m = lectern_quiz_matched(c->at, i);
        if (m >= 0) {
            size_t pos = 0;
            while (pos < n && lectern_quiz_attempt_shown(c->at, pos) != (size_t)m)
                pos++;
            snprintf(sub, sizeof sub, "\xE2\x86\x92 %zu  %s", pos + 1,
                     T(c->a, &lectern_quiz_get_pair(c->q, (size_t)m)->right));
        } else {
            snprintf(sub, sizeof sub, "\xE2\x86\x92 ?");
        }
        rowspec r = { badge, IND_NONE, 0, 0, T(c->a, &lectern_quiz_get_pair(c->q, i)->left), sub,
                      c->accent, exv_focused(c, LECTERN_EXC_OPTION, i), lw, c->x };
        const lectern_quiz_part *p = part(c, i);
        if (c->show_marks && p)
            r.mark = p->right ? 1 : -1;
        char key[900];
        if (c->show_key && (!p || !p->right)) {
            snprintf(key, sizeof key, "%s   \xE2\x9C\x93 %s", sub,
                     T(c->a, &lectern_quiz_get_pair(c->q, i)->right));
            r.sub = key;
        }
        long fi = control_index(c, LECTERN_EXC_OPTION, i);
        yl += exv_row(c, yl, &r, c->submitted || fi < 0 ? cmd_n(LECTERN_CMD_NONE, 0)
                                                    : cmd_n(LECTERN_CMD_FOCUS, fi)) + S(c, 12);
    }
    for (size_t pos = 0; pos < n; pos++) {
        char badge[24];
        snprintf(badge, sizeof badge, "%zu", pos + 1);
        size_t j = lectern_quiz_attempt_shown(c->at, pos);
        int used = 0;
        for (size_t i = 0; i < n; i++)
            used |= lectern_quiz_matched(c->at, i) == (long)j;
        rowspec r = { badge, IND_NONE, used, 0, T(c->a, &lectern_quiz_get_pair(c->q, j)->right),
                      NULL, c->muted, 0, rw, rx };
        lectern_cmd click = cmd_n(LECTERN_CMD_NONE, 0);
        if (!c->submitted && target >= 0) {
            char arg[48];
            snprintf(arg, sizeof arg, "%ld %zu", target + 1, pos + 1);
            click = lectern_cmd_make_id(LECTERN_CMD_MATCH, arg);
        }
        yr += exv_row(c, yr, &r, click) + S(c, 12);
    }
    return (yl > yr ? yl : yr) - y0;
}

static float draw_ordering(ctx *c, float y)
{
    size_t n = lectern_quiz_n_entries(c->q);
    float y0 = y;
    for (size_t pos = 0; pos < n; pos++) {
        char badge[24], sub[80] = "";
        snprintf(badge, sizeof badge, "%zu", pos + 1);
        size_t i = lectern_quiz_order_at(c->at, pos);
        rowspec r = { badge, IND_NONE, 0, 0, T(c->a, &lectern_quiz_get_entry(c->q, i)->text),
                      NULL, c->muted, exv_focused(c, LECTERN_EXC_OPTION, pos), 0, 0 };
        r.selected = r.is_focused && !c->submitted;
        const lectern_quiz_part *p = part(c, pos);
        if (c->show_marks && p)
            r.mark = p->right ? 1 : -1;
        if (c->show_key && i != pos) {
            snprintf(sub, sizeof sub, W(c->a, UI_EXV_BELONGS), i + 1);
            r.sub = sub;
            r.sub_rgb = color_mix(c->fg, GOOD_RGB, 0.6f);
        }
        y += exv_row(c, y, &r, c->submitted ? cmd_n(LECTERN_CMD_NONE, 0)
                                        : cmd_n(LECTERN_CMD_CHOOSE, (long)pos + 1)) + S(c, 12);
    }
    return y - y0;
}

/* The blank text with each marker shown as "(1) typed" or "(1) ______". */
static float draw_blanks(ctx *c, float y)
{
    const char *src = T(c->a, lectern_quiz_blank_text(c->q));
    size_t offs[32], lens[32], nm = lectern_quiz_blank_markers(src, offs, lens, 32);
    char buf[4096];
    size_t o = 0, last = 0;
    for (size_t m = 0; m < nm && m < 32; m++) {
        const char *typed = lectern_quiz_filled(c->at, m);
        o += (size_t)snprintf(buf + o, o < sizeof buf ? sizeof buf - o : 0, "%.*s(%zu) %s",
                              (int)(offs[m] - last), src + last, m + 1,
                              *typed ? typed : "______");
        last = offs[m] + lens[m];
        if (o >= sizeof buf)
            break;
    }
    if (o < sizeof buf)
        snprintf(buf + o, sizeof buf - o, "%s", src + last);
    float y0 = y;
    y += exv_text(c, FONT_BODY, 34, c->x, y, c->w, c->fg, buf) + S(c, 24);
    for (size_t b = 0; b < lectern_quiz_n_blanks(c->q); b++) {
        char badge[24], typed[300], sub[300] = "";
        snprintf(badge, sizeof badge, "%zu", b + 1);
        const char *t = lectern_quiz_filled(c->at, b);
        int foc = exv_focused(c, LECTERN_EXC_BLANK, b);
        with_caret(c, t, foc && !c->submitted, typed, sizeof typed);
        rowspec r = { badge, IND_NONE, 0, 0, *typed ? typed : " ", NULL, c->muted, foc,
                      c->w * 0.62f, 0 };
        const lectern_quiz_part *p = part(c, b);
        if (c->show_marks && p)
            r.mark = p->right ? 1 : -1;
        if (c->show_marks && p && p->feedback && *T(c->a, p->feedback))
            snprintf(sub, sizeof sub, "%s", T(c->a, p->feedback));
        if (c->show_key && (!p || !p->right || !c->show_marks)) {
            char k2[300];
            snprintf(k2, sizeof k2, W(c->a, UI_EXV_ANSWER),
                     lectern_quiz_blank_solution(c->q, b, c->a->lang));
            snprintf(sub, sizeof sub, "%s", k2);
            r.sub_rgb = color_mix(c->fg, GOOD_RGB, 0.6f);
        }
        r.sub = sub[0] ? sub : NULL;
        long fi = control_index(c, LECTERN_EXC_BLANK, b);
        if (foc && !c->submitted)
            field_box(c, c->x, y, c->w * 0.62f, S(c, 84));
        y += exv_row(c, y, &r, fi < 0 ? cmd_n(LECTERN_CMD_NONE, 0) : cmd_n(LECTERN_CMD_FOCUS, fi)) +
             S(c, 12);
    }
    return y - y0;
}

static float draw_reflection(ctx *c, float y)
{
    const char *t = lectern_quiz_get_text(c->at);
    int foc = exv_focused(c, LECTERN_EXC_TEXT, 0);
    char buf[4200];
    with_caret(c, t, foc && !c->submitted, buf, sizeof buf);
    float pad = S(c, 20), tw = c->w - 2 * pad;
    float th = measure_text(c->a, FONT_BODY, S(c, 30), tw, *t ? buf : "x", NULL);
    float minh = S(c, 30) * 1.2f * 5;
    float h = (th > minh ? th : minh) + 2 * pad;
    if (c->draw) {
        draw_fill(c->a, c->x, y, c->w, h, color_mix(c->bg, c->fg, 0.07f), 255);
        draw_outline(c->a, c->x, y, c->w, h, 2, c->muted, 255);
        if (*t || (foc && !c->submitted))
            draw_text(c->a, FONT_BODY, S(c, 30), c->x + pad, y + pad, tw, ALIGN_LEFT, c->fg, buf);
        else
            draw_text(c->a, FONT_ITALIC, S(c, 30), c->x + pad, y + pad, tw, ALIGN_LEFT, c->muted,
                      W(c->a, UI_EXV_TYPE_HERE));
        if (foc)
            ring(c, c->x, y, c->w, h);
        if (foc && !c->submitted)
            field_box(c, c->x, y, c->w, h);
        long fi = control_index(c, LECTERN_EXC_TEXT, 0);
        if (fi >= 0)
            hit(c, c->x, y, c->w, h, cmd_n(LECTERN_CMD_FOCUS, fi));
    }
    return h;
}

/* ---------------------------------------------------------------- panels */

float exv_result(ctx *c, float y)
{
    const lectern_quiz_result *r = c->r;
    char head[200];
    uint32_t col;
    if (!r->scored) {
        snprintf(head, sizeof head, "%s", W(c->a, UI_EXV_SAVED));
        col = GOOD_RGB;
    } else if (r->kind == LECTERN_QUIZ_SET) {
        char score[160];
        size_t right = 0, scored = 0;
        for (size_t i = 0; i < r->n_questions; i++) {
            scored += r->questions[i].scored != 0;
            right += r->questions[i].scored && r->questions[i].success;
        }
        snprintf(score, sizeof score,
                 TRN(c->a, "%zu of %zu question right  \xC2\xB7  score %d%%  \xC2\xB7  %d%% needed to pass",
                     "%zu of %zu questions right  \xC2\xB7  score %d%%  \xC2\xB7  %d%% needed to pass", scored),
                 right, scored,
                 (int)(r->scaled * 100 + 0.5),
                 (int)(r->max > 0 ? r->pass_mark / r->max * 100 + 0.5 : 0));
        snprintf(head, sizeof head, "%s   %s", r->success ? W(c->a, UI_EXV_SET_PASSED)
                                                         : W(c->a, UI_EXV_SET_NOT_PASSED), score);
        col = r->success ? GOOD_RGB : BAD_RGB;
    } else {
        const char *what = r->success ? W(c->a, UI_EXV_CORRECT) : r->raw > 0 ? W(c->a, UI_EXV_PARTLY)
                                                                        : W(c->a, UI_EXV_WRONG);
        snprintf(head, sizeof head, "%s   %g / %g  \xC2\xB7  %s", what, r->raw, r->max,
                 r->success ? W(c->a, UI_EXV_PASSED) : W(c->a, UI_EXV_NOT_PASSED));
        col = r->success ? GOOD_RGB : r->raw > 0 ? c->accent : BAD_RGB;
    }
    const char *fb[3] = { r->feedback ? T(c->a, r->feedback) : "",
                          r->band_feedback ? T(c->a, r->band_feedback) : "",
                          r->general_feedback ? T(c->a, r->general_feedback) : "" };
    float pad = S(c, 18), tw = c->w - 2 * pad - S(c, 10);
    float h = measure_text(c->a, FONT_BOLD, S(c, 34), tw, head, NULL);
    for (int i = 0; i < 3; i++)
        if (*fb[i])
            h += S(c, 8) + measure_text(c->a, FONT_BODY, S(c, 28), tw, fb[i], NULL);
    h += 2 * pad;
    if (c->draw) {
        draw_fill(c->a, c->x, y, c->w, h, color_mix(c->bg, col, 0.16f), 255);
        draw_fill(c->a, c->x, y, S(c, 10), h, col, 255);
        float ty = y + pad, tx = c->x + pad + S(c, 10);
        ty += draw_text(c->a, FONT_BOLD, S(c, 34), tx, ty, tw, ALIGN_LEFT, col == c->accent ?
                        c->accent : color_mix(col, c->fg, 0.25f), head);
        for (int i = 0; i < 3; i++)
            if (*fb[i])
                ty += S(c, 8) + draw_text(c->a, FONT_BODY, S(c, 28), tx, ty + S(c, 8), tw,
                                          ALIGN_LEFT, c->fg, fb[i]);
    }
    return h;
}

static float draw_discussion(ctx *c, float y)
{
    const char *d = T(c->a, lectern_quiz_discussion(c->q));
    if (!*d)
        return 0;
    float pad = S(c, 16), tw = c->w - 2 * pad;
    float h = measure_text(c->a, FONT_BOLD, S(c, 24), tw, W(c->a, UI_EXV_DISCUSSION), NULL) + S(c, 6) +
              measure_text(c->a, FONT_ITALIC, S(c, 28), tw, d, NULL) + 2 * pad;
    if (c->draw) {
        draw_outline(c->a, c->x, y, c->w, h, 2, c->accent, 255);
        float th = draw_text(c->a, FONT_BOLD, S(c, 24), c->x + pad, y + pad, tw, ALIGN_LEFT,
                             c->accent, W(c->a, UI_EXV_DISCUSSION));
        draw_text(c->a, FONT_ITALIC, S(c, 28), c->x + pad, y + pad + th + S(c, 6), tw,
                  ALIGN_LEFT, c->fg, d);
    }
    return h;
}

static float button(ctx *c, float x, float y, const char *label, int primary, int foc,
                    lectern_cmd click, float *bw_out)
{
    float tw = 0;
    measure_text(c->a, FONT_BOLD, S(c, 30), 0, label, &tw);
    float bw = tw + S(c, 60), bh = S(c, 66);
    if (c->draw) {
        if (primary)
            draw_fill(c->a, x, y, bw, bh, c->accent, 255);
        else
            draw_outline(c->a, x, y, bw, bh, 3, c->accent, 255);
        uint32_t tc = primary ? (color_luma(c->accent) > 0.5f ? 0x111111 : 0xffffff) : c->fg;
        draw_text(c->a, FONT_BOLD, S(c, 30), x + S(c, 30), y + S(c, 14), 0, ALIGN_LEFT, tc, label);
        if (foc)
            ring(c, x, y, bw, bh);
        hit(c, x, y, bw, bh, click);
    }
    *bw_out = bw;
    return bh;
}

static float draw_buttons(ctx *c, float y)
{
    if (!c->e || c->mode == EXVIEW_TRAINER)
        return 0;
    float x = c->x, h = 0, bw = 0;
    size_t n = lectern_exercise_n_controls(c->e);
    for (size_t i = 0; i < n; i++) {
        lectern_exc k = lectern_exercise_control(c->e, i);
        const char *label = NULL;
        lectern_cmd click;
        int primary = 0;
        switch (k.kind) {
        case LECTERN_EXC_SUBMIT:
            label = W(c->a, lectern_quiz_get_kind(c->q) == LECTERN_QUIZ_REFLECTION && !c->set
                            ? UI_EXV_SAVE : UI_EXV_SUBMIT);
            click = cmd_n(LECTERN_CMD_SUBMIT, 0);
            primary = 1;
            break;
        case LECTERN_EXC_RETRY:
            label = W(c->a, UI_EXV_RETRY);
            click = cmd_n(LECTERN_CMD_RETRY, 0);
            primary = 1;
            break;
        case LECTERN_EXC_SOLUTION:
            label = W(c->a, UI_EXV_SOLUTION);
            click = cmd_n(LECTERN_CMD_REVEAL, 0);
            break;
        case LECTERN_EXC_CONTINUE:
            label = W(c->a, UI_EXV_CONTINUE);
            click = cmd_n(LECTERN_CMD_NEXT, 0);
            primary = !c->r || !c->r->can_retry;
            break;
        case LECTERN_EXC_NEXT_QUESTION:
            label = W(c->a, UI_EXV_NEXT_QUESTION);
            click = cmd_n(LECTERN_CMD_NEXT_QUESTION, 0);
            primary = 1;
            break;
        case LECTERN_EXC_PREV_QUESTION:
            label = W(c->a, UI_EXV_PREV_QUESTION);
            click = cmd_n(LECTERN_CMD_PREV_QUESTION, 0);
            break;
        default:
            break;
        }
        if (!label)
            continue;
        float bh = button(c, x, y, label, primary, exv_focused(c, k.kind, k.n), click, &bw);
        h = bh;
        x += bw + S(c, 28);
    }
    return h;
}

/* ---------------------------------------------------------------- main */

static float render(ctx *c, float y, float h)
{
    app *a = c->a;
    lectern_quiz_kind kind = lectern_quiz_get_kind(c->q);
    float y0 = y;
    /* status line: how many tries; classroom countdown */
    char status[120] = "";
    /* a set's tries are the set's */
    const lectern_quiz *tq = c->set ? c->set : c->q;
    const lectern_quiz_attempt *ta = c->set ? c->set_at : c->at;
    if (c->e && (kind != LECTERN_QUIZ_REFLECTION || c->set) && c->mode != EXVIEW_AUDIENCE) {
        int t = lectern_quiz_attempt_try(ta), rt = lectern_quiz_retries(tq);
        if (rt >= 0)
            snprintf(status, sizeof status, W(a, UI_EXV_TRY_OF), t, rt + 1);
        else
            snprintf(status, sizeof status, W(a, UI_EXV_TRY), t);
    }
    if (c->e && lectern_quiz_countdown(tq) > 0 && c->mode != EXVIEW_TRAINEE) {
        int64_t left = lectern_exercise_countdown_left(c->e, a->clock_ms);
        long sec = (long)((left + 999) / 1000);
        snprintf(status, sizeof status, "%s  %ld:%02ld", W(a, UI_EXV_COUNTDOWN), sec / 60, sec % 60);
        if (lectern_exercise_countdown_on(c->e) && left > 0)
            a->dirty = 1;      /* redraw while it runs */
    }
    float sw = 0;
    exv_chrome(c, 1);       /* the status, the key tag and the kind: the player's words */
    if (status[0]) {
        measure_text(a, FONT_BOLD, S(c, 26), 0, status, &sw);
        exv_text(c, FONT_BOLD, 26, c->x + c->w - sw, y, 0, c->muted, status);
    }
    if (c->show_key && c->mode != EXVIEW_TRAINEE) {
        const char *tag = c->mode == EXVIEW_TRAINER ? W(a, UI_EXV_KEY) : W(a, UI_EXV_SOLUTION_SHOWN);
        float tw = 0;
        measure_text(a, FONT_BOLD, S(c, 26), 0, tag, &tw);
        if (c->draw)
            draw_fill(a, c->x + c->w - sw - tw - S(c, 60), y - S(c, 4), tw + S(c, 24), S(c, 40),
                      GOOD_RGB, 255);
        exv_text(c, FONT_BOLD, 26, c->x + c->w - sw - tw - S(c, 48), y, 0, 0xffffff, tag);
    }
    static const ui_string labels[LECTERN_QUIZ_KIND_COUNT] = {
        UI_EX_SINGLE, UI_EX_MULTIPLE, UI_EX_TRUE_FALSE, UI_EX_MATCHING, UI_EX_ORDERING,
        UI_EX_FILL, UI_EX_SCENARIO, UI_EX_REFLECTION, UI_EX_SET
    };
    if (c->set) {       /* "Question set", then where in the set */
        y += exv_text(c, FONT_BOLD, 26, c->x, y, c->w - sw - S(c, 300), c->muted,
                      ui_str(a, UI_EX_SET)) + S(c, 12);
        exv_chrome(c, 0);
        if (c->summary) {
            y += exv_text(c, FONT_BODY, 36, c->x, y, c->w, c->fg, T(a, lectern_quiz_prompt(c->set)))
                 + S(c, 22);
            y += exv_set_summary(c, y) + S(c, 6);
            goto after_question;
        }
        /* the set's own introduction (what it covers, how it is passed)
         * above its first question; the summary repeats it. Not above every
         * question: at a large text scale it would shrink all of them */
        const char *intro = T(a, lectern_quiz_prompt(c->set));
        if (*intro && c->qi == 0)
            y += exv_text(c, FONT_BODY, 28, c->x, y, c->w, c->muted, intro) + S(c, 14);
        y += exv_set_progress(c, y) + S(c, 6);
        sw = 0;
        exv_chrome(c, 1);
    }
    y += exv_text(c, FONT_BOLD, 26, c->x, y, c->w - sw - S(c, 300), c->accent, ui_str(a, labels[kind]))
         + S(c, 12);
    exv_chrome(c, 0);
    y += exv_text(c, FONT_BODY, kind == LECTERN_QUIZ_SCENARIO || kind == LECTERN_QUIZ_FILL_BLANK ? 28 : 36,
              c->x, y, c->w, kind == LECTERN_QUIZ_SCENARIO || kind == LECTERN_QUIZ_FILL_BLANK ?
              c->muted : c->fg, T(a, lectern_quiz_prompt(c->q))) + S(c, 22);
    switch (kind) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE:
    case LECTERN_QUIZ_TRUE_FALSE:
        y += draw_choices(c, y);
        break;
    case LECTERN_QUIZ_MATCHING:
        y += draw_matching(c, y);
        break;
    case LECTERN_QUIZ_ORDERING:
        y += draw_ordering(c, y);
        break;
    case LECTERN_QUIZ_FILL_BLANK:
        y += draw_blanks(c, y);
        break;
    case LECTERN_QUIZ_SCENARIO:
        y += exv_scenario(c, y);
        break;
    case LECTERN_QUIZ_REFLECTION:
        y += draw_reflection(c, y);
        break;
    default:
        break;
    }
    y += S(c, 24);
    if (c->r && (c->mode != EXVIEW_AUDIENCE || c->show_key))
        y += exv_result(c, y) + S(c, 18);
after_question:
    if (c->mode == EXVIEW_TRAINER)
        y += draw_discussion(c, y) + S(c, 18);
    exv_chrome(c, 1);       /* buttons, key hints: the player's */
    float bh = draw_buttons(c, y);
    if (bh > 0)
        y += bh + S(c, 14);
    /* the keys, for a trainee at a keyboard */
    if (c->mode == EXVIEW_TRAINEE && c->e && a->show_chrome) {
        ui_string hw = c->submitted ? UI_EXV_HINT_DONE :
                  kind == LECTERN_QUIZ_FILL_BLANK ? UI_EXV_HINT_FILL :
                  kind == LECTERN_QUIZ_REFLECTION ? UI_EXV_HINT_TEXT :
                  c->set ? UI_EXV_HINT_SET :
                  kind == LECTERN_QUIZ_MATCHING ? UI_EXV_HINT_MATCH :
                  kind == LECTERN_QUIZ_ORDERING ? UI_EXV_HINT_ORDER :
                  kind == LECTERN_QUIZ_FILL_BLANK ? UI_EXV_HINT_FILL :
                  kind == LECTERN_QUIZ_REFLECTION ? UI_EXV_HINT_TEXT :
                  kind == LECTERN_QUIZ_SCENARIO ? UI_EXV_HINT_SCENARIO : UI_EXV_HINT_CHOICE;
        float hs = 22 * (c->k > 1 ? c->k : 1);      /* grows with the text scale */
        float hh = measure_text(a, FONT_BODY, hs, c->w, W(a, hw), NULL);
        float hy = y0 + h - hh > y ? y0 + h - hh : y;
        if (c->draw)
            draw_text(a, FONT_BODY, hs, c->x, hy, c->w, ALIGN_LEFT, c->muted, W(a, hw));
        y = hy + hh;
    } else if (c->mode == EXVIEW_AUDIENCE && !c->show_key && c->draw) {
        draw_text(a, FONT_ITALIC, 24, c->x, y0 + h - 30, c->w, ALIGN_LEFT, c->muted,
                  W(a, UI_EXV_HIDDEN));
    }
    return y - y0;
}

int exercise_view_draw(app *a, const lectern_item *it, size_t index, exview_mode mode,
                       float x, float y, float w, float h)
{
    if (!it || it->kind != LECTERN_ITEM_EXERCISE || !a->session)
        return 0;
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    const lectern_exercise *e = NULL;
    if (v.base == LECTERN_SCREEN_SLIDE && v.index == index)
        e = lectern_session_exercise(a->session);
    else
        e = lectern_session_exercise_at(a->session, index);
    lectern_quiz *tmpq = NULL;
    lectern_quiz_attempt *tmpa = NULL;
    ctx c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.it = it;
    c.e = e;
    c.mode = mode;
    if (e) {
        c.q = lectern_exercise_quiz(e);
        c.at = lectern_exercise_attempt(e);
        c.r = lectern_exercise_result(e);
    } else {
        lectern_error err = {0};
        if (!it->exercise_json || lectern_quiz_parse(it->exercise_json, it->id, &tmpq, &err) < 0 ||
            lectern_quiz_attempt_begin(tmpq, lectern_quiz_seed(it->id, 1), 0, &tmpa) < 0) {
            lectern_quiz_free(tmpq);
            return 0;
        }
        c.q = tmpq;
        c.at = tmpa;
    }
    if (lectern_quiz_get_kind(c.q) == LECTERN_QUIZ_SET) {
        if (lectern_quiz_n_questions(c.q) == 0) {
            lectern_quiz_attempt_free(tmpa);
            lectern_quiz_free(tmpq);
            return 0;      /* an empty set keeps the static card */
        }
        /* a set: the question on screen, or the summary once submitted */
        c.set = c.q;
        c.set_at = c.at;
        if (lectern_quiz_attempt_submitted(c.at)) {
            c.summary = 1;
        } else {
            c.qi = e ? lectern_exercise_question_index(e) : 0;
            c.q = lectern_quiz_question(c.set, c.qi);
            c.at = e ? lectern_exercise_shown_attempt(e) : lectern_quiz_attempt_question(tmpa, 0);
            c.r = NULL;
        }
    }
    c.submitted = lectern_quiz_attempt_submitted(c.at);
    int revealed = e && lectern_exercise_revealed(e);
    c.show_key = mode == EXVIEW_TRAINER || revealed;
    c.show_marks = c.submitted && mode != EXVIEW_AUDIENCE;
    const lectern_theme *th = a->theme;
    c.bg = th->background;
    c.fg = th->text;
    c.accent = th->accent;
    c.muted = th->muted;
    c.focus = color_luma(th->background) > 0.5f ? 0x1a56dbu : 0x4fd1ffu;
    c.x = x;
    c.w = w;
    c.register_hits = mode != EXVIEW_TRAINER && e && !a->warming && a->ren &&
                      v.base == LECTERN_SCREEN_SLIDE && v.index == index;
    /* an exercise whose text reads right to left (as resolved: an Arabic
     * course's untranslated exercise falls back to English and reads left to
     * right) is mirrored: badges and option lists start on the right, marks
     * on the left, text aligns right. The player's own controls (status,
     * kind, buttons, key hints) follow the UI language: in an Arabic UI the
     * buttons run right to left (the focus order follows) */
    int was_mirrored = draw_mirrored();
    const char *probe = T(a, lectern_quiz_prompt(c.set ? c.set : c.q));
    if (!probe || !*probe)
        probe = T(a, &it->title);
    c.content_rtl = probe && *probe ? text_is_rtl(probe) : bidi_lang_is_rtl(a->lang);
    c.ui_rtl = bidi_lang_is_rtl(ui_lang(a));
    if (c.register_hits)
        last_rtl = c.content_rtl;
    draw_set_mirror(c.content_rtl);
    if (c.register_hits) {
        hits.owner = a;
        hits.n = 0;
        hits.has_field = 0;
        hits.body = draw_mirror_rect(a, canvas_rect(&a->cv, x, y, w, h));
    }
    /* the learner's text scale (100-200%), then shrink everything together
     * until it fits the box */
    c.k = access_text_scale();
    if (render(&c, y, h) > h) {
        /* the largest factor that fits (text wraps, so not proportional) */
        float lo = 0.55f, hi = c.k;
        for (int i = 0; i < 7; i++) {
            c.k = (lo + hi) / 2;
            if (render(&c, y, h) <= h)
                lo = c.k;
            else
                hi = c.k;
        }
        c.k = lo;
    }
    c.draw = a->ren != NULL;
    render(&c, y, h);
    draw_set_mirror(was_mirrored);
    if (c.register_hits && a->win) {
        /* typing: text input on, the IME's candidates next to the field */
        if (hits.has_field) {
            if (!SDL_IsTextInputActive())
                SDL_StartTextInput();
            SDL_SetTextInputRect(&hits.field);
        }
    }
    lectern_quiz_attempt_free(tmpa);
    lectern_quiz_free(tmpq);
    return 1;
}

int exercise_view_hit(app *a, int x, int y, lectern_cmd *out, int *in_body)
{
    SDL_Point p = { x, y };
    *in_body = 0;
    if (hits.owner != a)
        return 0;
    *in_body = SDL_PointInRect(&p, &hits.body);
    for (int i = hits.n - 1; i >= 0; i--) {
        if (SDL_PointInRect(&p, &hits.r[i])) {
            *out = hits.c[i];
            return 1;
        }
    }
    return 0;
}

void exercise_view_force_mode(int mode)
{
    forced_mode = mode;
}

exview_mode exercise_view_mode(app *a)
{
    if (forced_mode >= 0)
        return (exview_mode)forced_mode;
    return a->session && lectern_session_classroom(a->session) ? EXVIEW_AUDIENCE : EXVIEW_TRAINEE;
}
