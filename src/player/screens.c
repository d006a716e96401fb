/* The player's screens besides slides: the start screen (course title,
 * modules with progress bars, Start/Continue), the table of contents, the
 * quit confirmation, the error screen, and the small overlays (pending
 * number entry, messages). Clickable parts register hit regions. */
#include <stdio.h>
#include <string.h>

#include "library_ui.h"
#include "player.h"
#include "progress_ui.h"

static const char *T(const app *a, const lectern_text *t)
{
    return lectern_text_get(t, a->lang, a->fallback);
}

/* Appends at most max characters of s to out (n bytes), cut after a whole
 * word when it is longer, with an ellipsis. */
static void append_start(char *out, size_t n, const char *s, size_t max)
{
    size_t chars = 0, end = 0, word_end = 0;
    for (size_t i = 0; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        if (chars == max) {
            end = i;
            break;
        }
        if (s[i] == ' ' && i > 0 && s[i - 1] != ' ')
            word_end = i;
        chars++;
    }
    size_t o = strlen(out);
    if (!end) {
        snprintf(out + o, n - o, "%s", s);
        return;
    }
    if (word_end > end / 2)      /* a whole word, unless that loses half of it */
        end = word_end;
    while (end > 0 && (s[end - 1] == ',' || s[end - 1] == ';' || s[end - 1] == ':' ||
                       s[end - 1] == ' ' || s[end - 1] == '.'))
        end--;
    snprintf(out + o, n - o, "%.*s\xE2\x80\xA6", (int)end, s);
}

void item_list_label(const app *a, const lectern_item *it, int with_source, char *buf, size_t n)
{
    const char *title = T(a, &it->title), *text = T(a, &it->text);
    buf[0] = '\0';
    if (title && *title) {
        snprintf(buf, n, "%s", title);
    } else if (text && *text && it->layout == LECTERN_LAYOUT_QUOTE) {
        /* quotation marks of the quote's language (the one shown: an
         * untranslated quote keeps the course's first language): \u00ab \u00bb
         * in Arabic (mirrored by the shaping) and French, \u201c \u201d else */
        const char *ql = a->fallback;
        for (size_t i = 0; i < it->text.n; i++)
            if (it->text.v[i].s == text && it->text.v[i].lang[0])
                ql = it->text.v[i].lang;
        int rtl = text_is_rtl(text);
        int fr = !rtl && ql && strncmp(ql, "fr", 2) == 0 && (!ql[2] || ql[2] == '-' || ql[2] == '_');
        const char *open = rtl ? "\xC2\xAB" : fr ? "\xC2\xAB\xE2\x80\xAF" : "\xE2\x80\x9C";
        const char *close = rtl ? "\xC2\xBB" : fr ? "\xE2\x80\xAF\xC2\xBB" : "\xE2\x80\x9D";
        const char *src = with_source ? T(a, &it->attribution) : NULL;
        snprintf(buf, n, "%s", open);
        append_start(buf, n, text, src && *src ? 48 : 64);
        size_t o = strlen(buf);
        snprintf(buf + o, n - o, "%s", close);
        if (src && *src) {
            o = strlen(buf);
            snprintf(buf + o, n - o, " \xE2\x80\x94 ");     /* em dash */
            append_start(buf, n, src, 40);
        }
    } else if (text && *text) {
        append_start(buf, n, text, 64);
    } else if (T(a, &it->subtitle) && *T(a, &it->subtitle)) {
        append_start(buf, n, T(a, &it->subtitle), 64);
    } else if (it->n_bullets && T(a, &it->bullets[0].text) && *T(a, &it->bullets[0].text)) {
        append_start(buf, n, T(a, &it->bullets[0].text), 64);
    } else {
        snprintf(buf, n, "%s", it->id);
    }
}

/* Copies s into out, shortened at a word (or character) boundary with an
 * ellipsis so it fits in maxw on one line. */
static void fit_line(app *a, font_role role, float size, float maxw, const char *s, char *out,
                     size_t outlen)
{
    snprintf(out, outlen, "%s", s);
    float w = 0;
    measure_text(a, role, size, 0, out, &w);
    size_t n = strlen(out);
    while (w > maxw && n > 1) {
        size_t cut = n - 1;
        while (cut > 0 && out[cut] != ' ')
            cut--;
        if (cut == 0) {           /* one long word: drop characters */
            cut = n - 1;
            while (cut > 0 && ((unsigned char)out[cut] & 0xC0) == 0x80)
                cut--;
        }
        while (cut > 0 && (out[cut - 1] == ' ' || out[cut - 1] == ','))
            cut--;
        n = cut;
        if (n + 4 > outlen)
            n = outlen - 4;
        memcpy(out + n, "\xE2\x80\xA6", 4);   /* … and the NUL */
        measure_text(a, role, size, 0, out, &w);
    }
}

static void hit(app *a, float x, float y, float w, float h, lectern_cmd c)
{
    app_register_hit(a, canvas_rect(&a->cv, x, y, w, h), c);
}

/* Text colour that reads on `bg`. */
static uint32_t on_colour(uint32_t bg)
{
    return color_luma(bg) > 0.55f ? 0x111111 : 0xffffff;
}

/* The key hint along the bottom; returns its top (canvas units). */
static float hint(app *a, const char *s)
{
    const lectern_theme *th = a->theme;
    float h = measure_text(a, FONT_BODY, 24, 1700, s, NULL);
    float y = CANVAS_H - 36 - h;
    draw_text(a, FONT_BODY, 24, 110, y, 1700, ALIGN_LEFT,
              color_mix(th->muted, th->background, 0.15f), s);
    return y;
}

/* Draws s wrapped in w at size, shrunk (down to min_size) to fit max_h;
 * nothing when it does not fit even then. Returns the height used. */
static float text_in(app *a, font_role role, float size, float min_size, float x, float y,
                     float w, float max_h, uint32_t rgb, const char *s)
{
    while (size > min_size && measure_text(a, role, size, w, s, NULL) > max_h)
        size *= 0.92f;
    if (measure_text(a, role, size, w, s, NULL) > max_h)
        return 0;
    return draw_text(a, role, size, x, y, w, ALIGN_LEFT, rgb, s);
}

void screen_start(app *a, const lectern_session_view *v)
{
    const lectern_theme *th = a->theme;
    const lectern_course *c = a->course;
    float k = draw_text_scale();
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, th->background, 255);
    draw_fill(a, 0, 0, 18, CANVAS_H, th->accent, 255);
    float hint_y = hint(a, ui_str(a, UI_HINT_START));

    /* Start/Continue sits above the hint; the course text fills the room above */
    char label[160];
    if (v->can_continue && v->resume_index > 0)
        snprintf(label, sizeof label, "%s  \xC2\xB7  %zu / %zu", ui_str(a, UI_CONTINUE),
                 v->resume_index + 1, v->n_items);
    else
        snprintf(label, sizeof label, "%s", ui_str(a, UI_START));
    float bw = 0, bh = 96 * k;
    measure_text(a, FONT_BOLD, 40, 0, label, &bw);
    bw = bw + 140 < 320 ? 320 : bw + 140;
    float lx = 110, lw = 780, y = 110;
    float by = hint_y - 50 - bh;
    if (lectern_course_n_plans(c) > 0 && by + bh > 935)
        by = 935 - bh;      /* trainer mode's "Deliver a plan" line is under it */
    if (library_ui_start_buttons(a) && by + bh > LIBRARY_UI_BUTTONS_Y - 24)
        by = LIBRARY_UI_BUTTONS_Y - 24 - bh;   /* and What's new / Library under that */
    /* the title and subtitle are large already: they keep their size */
    float big = k > 1 ? 1 / k : 1;

    y += text_in(a, FONT_HEADING, th->title_size * 0.78f * big, 30, lx, y, lw, (by - y) * 0.5f,
                 th->heading, T(a, lectern_course_title(c)));
    const char *sub = T(a, lectern_course_subtitle(c));
    if (sub && *sub)
        y += 20 + text_in(a, FONT_BODY, th->body_size * 0.9f * big, 18, lx, y + 20, lw,
                          (by - y - 20) * 0.4f, th->muted, sub);
    draw_fill(a, lx, y + 36, 120, 6, th->accent, 255);
    y += 72;
    const char *desc = T(a, lectern_course_description(c));
    if (desc && *desc && by - 40 - y > 40)
        y += text_in(a, FONT_BODY, th->body_size * 0.7f, th->body_size * 0.56f * big, lx, y,
                     lw, by - 40 - y,
                     color_mix(th->text, th->muted, 0.25f), desc);
    y += 56;
    if (by > y)
        by = y;     /* right under a short text, as before */
    if (by > 820 && bh <= 96)
        by = 820;

    int sel = v->cursor == 0 && v->screen == LECTERN_SCREEN_START;
    draw_fill(a, lx, by, bw, bh, th->accent, 255);
    if (sel)
        draw_outline(a, lx - 9, by - 9, bw + 18, bh + 18, 4, th->heading, 255);
    float lh = measure_text(a, FONT_BOLD, 40, bw, label, NULL);
    draw_text(a, FONT_BOLD, 40, lx, by + (bh - lh) / 2, bw, ALIGN_CENTER,
              on_colour(th->accent), label);
    hit(a, lx, by, bw, bh, lectern_cmd_make(LECTERN_CMD_SELECT_ROW, 0));

    /* right: the modules, with room for progress */
    float px = 980, pw = 840, py = 90, ph = hint_y - 30 - py;
    uint32_t panel = color_mix(th->background, th->text, 0.05f);
    draw_fill(a, px, py, pw, ph, panel, 255);
    float head_h = draw_text(a, FONT_BOLD, 26, px + 40, py + 30, pw - 80, ALIGN_LEFT,
                             th->muted, ui_str(a, UI_MODULES));
    size_t nm = lectern_course_n_modules(c);
    float top = py + 30 + (head_h > 60 * k ? head_h : 60 * k), row_h = 100 * k;
    size_t visible = (size_t)((py + ph - top - 10) / row_h);
    if (visible < nm)   /* room for the "more" mark under the last row */
        visible = (size_t)((py + ph - top - 20 - 34 * k) / row_h);
    if (visible < 1)
        visible = 1;
    size_t first = 0;
    if (v->cursor > 0 && (size_t)v->cursor > visible)
        first = (size_t)v->cursor - visible;
    float numw = 50 * k, title_x = px + 60 + numw;
    for (size_t i = first; i < nm && i < first + visible; i++) {
        const lectern_module *m = lectern_course_module(c, i);
        float ry = top + (float)(i - first) * row_h;
        int on = v->screen == LECTERN_SCREEN_START && (size_t)v->cursor == i + 1;
        if (on) {
            draw_fill(a, px + 16, ry - 8, pw - 32, row_h - 8, color_mix(panel, th->accent,
                      0.22f), 255);
            draw_outline(a, px + 16, ry - 8, pw - 32, row_h - 8, 3, th->heading, 255);
        }
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        draw_text(a, FONT_BOLD, 32, px + 36, ry + 4, numw, ALIGN_RIGHT, th->accent, num);
        /* the progress store's counted units; without a profile, this session's views */
        size_t seen = 0;
        for (size_t j = 0; j < m->n_items; j++)
            seen += (size_t)lectern_session_visited(a->session, m->first_item + j);
        int done = (int)seen, total = (int)m->n_items, completed = 0;
        float frac = total ? (float)seen / (float)total : 0;
        progress_ui_module(a, i, &done, &total, &frac, &completed);
        char cnt[48];
        snprintf(cnt, sizeof cnt, "%s%d / %d", completed ? "\xE2\x9C\x93 " : "", done, total);
        float cw = 0;
        measure_text(a, FONT_BODY, 24, 0, cnt, &cw);
        draw_text(a, FONT_BODY, 24, px + pw - 40 - cw, ry + 12 * k, 0, ALIGN_LEFT,
                  completed ? th->accent : th->muted, cnt);
        /* one line (two when larger text made the rows taller), else a smaller size */
        const char *mt = T(a, &m->title);
        float tw = 0, avail = px + pw - 40 - cw - 30 - title_x, size = 30;
        measure_text(a, FONT_BODY, size, 0, mt, &tw);
        if (tw > avail && measure_text(a, FONT_BODY, size, avail, mt, NULL) <= row_h - 34) {
            /* larger text has taller rows: two lines rather than a smaller size */
            draw_text(a, FONT_BODY, size, title_x, ry + 2, avail, ALIGN_LEFT, th->text, mt);
        } else {
            if (tw > avail)
                size = size * avail / tw < 20 ? 20 : size * avail / tw;
            char line[400];
            fit_line(a, FONT_BODY, size, avail, mt, line, sizeof line);
            draw_text(a, FONT_BODY, size, title_x, ry + 6 + (30 - size) * k / 2, 0, ALIGN_LEFT,
                      th->text, line);
        }
        float bx = title_x, bwid = px + pw - 40 - title_x;
        draw_fill(a, bx, ry + row_h - 30, bwid, 6, color_mix(panel, th->muted, 0.3f), 255);
        if (frac > 0)
            draw_fill(a, bx, ry + row_h - 30, bwid * frac, 6, th->accent, 255);
        hit(a, px + 16, ry - 8, pw - 32, row_h - 8,
            lectern_cmd_make(LECTERN_CMD_SELECT_ROW, (long)i + 1));
    }
    if (nm > first + visible)
        draw_text(a, FONT_BODY, 22, px + pw - 40 - 300, py + ph - 10 - 34 * k, 300,
                  ALIGN_RIGHT, th->muted, ui_str(a, UI_MORE));
}

void screen_toc(app *a, const lectern_session_view *v)
{
    const lectern_theme *th = a->theme;
    float k = draw_text_scale();
    /* dim what is underneath over the whole output, letterbox included */
    if (a->ren) {
        SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(a->ren, 0, 0, 0, 170);
        SDL_RenderFillRect(a->ren, NULL);
    }
    float px = 260, pw = 1400, py = 50, ph = 980;
    if (k > 1) {    /* larger text: a wider panel */
        px = 120;
        pw = 1680;
    }
    uint32_t panel = color_mix(th->background, 0x000000, 0.25f);
    draw_fill(a, px, py, pw, ph, panel, 250);
    draw_outline(a, px, py, pw, ph, 2, color_mix(panel, th->muted, 0.5f), 255);
    /* heading, and the key hint beside it (or under it when it does not fit) */
    float hw = 0, kw = 0;
    float hh = measure_text(a, FONT_HEADING, 44, 0, ui_str(a, UI_CONTENTS), &hw);
    float kh = measure_text(a, FONT_BODY, 22, 0, ui_str(a, UI_HINT_TOC), &kw);
    draw_text(a, FONT_HEADING, 44, px + 50, py + 30, 0, ALIGN_LEFT, th->heading,
              ui_str(a, UI_CONTENTS));
    float head_h = hh;
    if (hw + kw + 60 <= pw - 100) {
        draw_text(a, FONT_BODY, 22, px + pw - 50 - kw, py + 30 + hh - kh - 4, 0,
                  ALIGN_LEFT, th->muted, ui_str(a, UI_HINT_TOC));
    } else {
        head_h += 8 + draw_text(a, FONT_BODY, 22, px + 50, py + 38 + hh, pw - 100, ALIGN_LEFT,
                                th->muted, ui_str(a, UI_HINT_TOC));
    }
    float sep = py + 30 + head_h + 16;
    draw_fill(a, px + 50, sep, pw - 100, 2, color_mix(panel, th->muted, 0.4f), 255);

    /* columns: marker, number, review/bookmark mark, title ... tag */
    float top = sep + 20, row_h = 50 * k;
    float numx = px + 60 + 30 * k, numw = 60 * k, markx = numx + numw + 6;
    float title_x = markx + 26 * k + 8;
    const char *tags[3] = { ui_str(a, UI_TAG_VIDEO), ui_str(a, UI_TAG_EXERCISE),
                            ui_str(a, UI_TAG_QUOTE) };
    float tagw = 0;
    for (int t = 0; t < 3; t++) {
        float w = 0;
        measure_text(a, FONT_BODY, 22, 0, tags[t], &w);
        if (w > tagw)
            tagw = w;
    }
    float tag_x = px + pw - 60 - tagw;
    size_t rows = v->n_rows, visible = (size_t)((py + ph - 20 - top) / row_h);
    if (visible < 1)
        visible = 1;
    size_t first = 0;
    if (rows > visible) {
        long f = v->cursor - (long)visible / 2;
        if (f < 0) f = 0;
        if ((size_t)f > rows - visible) f = (long)(rows - visible);
        first = (size_t)f;
    }
    for (size_t r = first; r < rows && r < first + visible; r++) {
        lectern_toc_row row;
        if (lectern_session_toc_row(a->session, r, &row) < 0)
            break;
        float ry = top + (float)(r - first) * row_h;
        if ((long)r == v->cursor) {
            draw_fill(a, px + 30, ry - 4, pw - 60, row_h - 2, color_mix(panel, th->accent,
                      0.28f), 255);
            draw_outline(a, px + 30, ry - 4, pw - 60, row_h - 2, 2, th->heading, 255);
        }
        if (row.is_module) {
            const lectern_module *m = lectern_course_module(a->course, row.module_index);
            char buf[400];
            snprintf(buf, sizeof buf, "%zu  %s", row.module_index + 1, T(a, &m->title));
            char line[400];
            fit_line(a, FONT_BOLD, 30, pw - 100, buf, line, sizeof line);
            draw_text(a, FONT_BOLD, 30, px + 50, ry + 2 * k, 0, ALIGN_LEFT, th->accent, line);
        } else {
            const lectern_item *it = lectern_course_item(a->course, row.item_index);
            int cur = v->base == LECTERN_SCREEN_SLIDE && row.item_index == v->index;
            char num[32];
            snprintf(num, sizeof num, "%zu", row.item_index + 1);
            if (cur)
                draw_text(a, FONT_BOLD, 26, px + 60, ry + 6 * k, 30 * k, ALIGN_LEFT, th->accent,
                          "\xE2\x96\xB6");   /* ▶ */
            draw_text(a, FONT_BODY, 26, numx, ry + 6 * k, numw, ALIGN_RIGHT, th->muted, num);
            char buf[400];
            const char *tag = it->kind == LECTERN_ITEM_VIDEO ? tags[0] :
                              it->kind == LECTERN_ITEM_EXERCISE ? tags[1] :
                              it->layout == LECTERN_LAYOUT_QUOTE ? tags[2] : NULL;
            item_list_label(a, it, 0, buf, sizeof buf);
            char line[400];
            fit_line(a, cur ? FONT_BOLD : FONT_BODY, 28, tag_x - 60 - title_x, buf, line,
                     sizeof line);
            draw_text(a, cur ? FONT_BOLD : FONT_BODY, 28, title_x, ry + 4 * k, 0,
                      ALIGN_LEFT, cur ? th->heading : th->text, line);
            if (tag)
                draw_text(a, FONT_BODY, 22, tag_x, ry + 8 * k, tagw + 2, ALIGN_RIGHT,
                          th->muted, tag);
            unsigned pf = progress_ui_item_flags(a, row.item_index);   /* review, bookmark */
            if (pf & (PUI_F_REVIEW | PUI_F_BOOKMARK))
                draw_text(a, FONT_BOLD, 22, markx, ry + 9 * k, 26 * k, ALIGN_LEFT, th->accent,
                          pf & PUI_F_REVIEW ? "\xE2\x97\x8F" : "\xE2\x9A\x91");
            library_ui_toc_mark(a, it, tag_x - 30, ry + 8 * k);
        }
        hit(a, px + 30, ry - 4, pw - 60, row_h - 2,
            lectern_cmd_make(LECTERN_CMD_SELECT_ROW, (long)r));
    }
    if (first > 0)
        draw_text(a, FONT_BODY, 22, px + pw - 120, sep - 30 * k, 80, ALIGN_RIGHT, th->muted,
                  "\xE2\x96\xB2");
    if (first + visible < rows)
        draw_text(a, FONT_BODY, 22, px + pw - 120, py + ph - 30 * k, 80, ALIGN_RIGHT,
                  th->muted, "\xE2\x96\xBC");
}

/* A dialog button; the focused one (Tab) gets a ring. */
static void dialog_button(app *a, float x, float y, float w, float h, const char *label,
                          int primary, int focused, lectern_cmd cmd)
{
    const lectern_theme *th = a->theme;
    if (primary)
        draw_fill(a, x, y, w, h, th->accent, 255);
    else
        draw_outline(a, x, y, w, h, 3, th->text, 255);
    if (focused)
        draw_outline(a, x - 10, y - 10, w + 20, h + 20, 4, th->heading, 255);
    float lh = measure_text(a, FONT_BOLD, 34, w, label, NULL);
    draw_text(a, FONT_BOLD, 34, x, y + (h - lh) / 2, w, ALIGN_CENTER,
              primary ? on_colour(th->accent) : th->text, label);
    hit(a, x, y, w, h, cmd);
}

void screen_confirm_quit(app *a, const lectern_session_view *v)
{
    const lectern_theme *th = a->theme;
    float k = draw_text_scale();
    if (a->ren) {
        SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(a->ren, 0, 0, 0, 170);
        SDL_RenderFillRect(a->ren, NULL);
    }
    const char *quit = ui_str(a, UI_QUIT), *stay = ui_str(a, UI_STAY);
    float qw = 0, sw = 0;
    measure_text(a, FONT_BOLD, 34, 0, quit, &qw);
    measure_text(a, FONT_BOLD, 34, 0, stay, &sw);
    float bw = (qw > sw ? qw : sw) + 80, bh = 84 * k;
    if (bw < 300)
        bw = 300;
    float w = 860 * k;
    if (w < 2 * bw + 180)
        w = 2 * bw + 180;
    if (w > 1800)
        w = 1800;
    float tw = w - 120;
    float th1 = measure_text(a, FONT_HEADING, 52, tw, ui_str(a, UI_QUIT_TITLE), NULL);
    float th2 = measure_text(a, FONT_BODY, 30, tw, ui_str(a, UI_QUIT_TEXT), NULL);
    float h = 60 + th1 + 30 + th2 + 50 + bh + 50;
    float x = (CANVAS_W - w) / 2, y = (CANVAS_H - h) / 2;
    uint32_t panel = color_mix(th->background, 0x000000, 0.25f);
    draw_fill(a, x, y, w, h, panel, 255);
    draw_fill(a, x, y, w, 8, th->accent, 255);
    draw_text(a, FONT_HEADING, 52, x + 60, y + 60, tw, ALIGN_LEFT, th->heading,
              ui_str(a, UI_QUIT_TITLE));
    draw_text(a, FONT_BODY, 30, x + 60, y + 90 + th1, tw, ALIGN_LEFT, th->text,
              ui_str(a, UI_QUIT_TEXT));
    float by = y + h - bh - 50;
    dialog_button(a, x + 60, by, bw, bh, quit, 1, v->confirm_focus == 0,
                  lectern_cmd_make(LECTERN_CMD_CONFIRM, 0));
    dialog_button(a, x + w - 60 - bw, by, bw, bh, stay, 0, v->confirm_focus == 1,
                  lectern_cmd_make(LECTERN_CMD_CANCEL, 0));
}

void screen_error(app *a, const char *title, const char *msg)
{
    const lectern_theme *th = a->theme;
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, th->background, 255);
    draw_fill(a, 0, 0, 18, CANVAS_H, 0xe53e3e, 255);
    float y = 160;
    y += draw_text(a, FONT_HEADING, 60, 140, y, 1640, ALIGN_LEFT, th->heading, title);
    y += 50;
    draw_text(a, FONT_BODY, 34, 140, y, 1640, ALIGN_LEFT, th->text, msg);
    hint(a, ui_str(a, UI_HINT_ERROR));
}

void screen_chrome(app *a, const lectern_session_view *v)
{
    const lectern_theme *th = a->theme;
    if (v->digits && v->digits[0]) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s %s_", ui_str(a, UI_GOTO), v->digits);
        float w = 0;
        float h = measure_text(a, FONT_BOLD, 40, 0, buf, &w);
        float x = CANVAS_W - 80 - w - 60;
        draw_fill(a, x, 50, w + 60, h + 32, color_mix(th->background, 0x000000, 0.5f), 235);
        draw_fill(a, x, 50, 6, h + 32, th->accent, 255);
        draw_text(a, FONT_BOLD, 40, x + 32, 66, 0, ALIGN_LEFT, th->heading, buf);
    }
    if (v->message && v->message[0]) {
        char nb[300];
        const char *msg = ui_notice(a, v->message, nb, sizeof nb);   /* exercise notices */
        float w = 0;
        measure_text(a, FONT_BODY, 30, 1500, msg, &w);
        float h = measure_text(a, FONT_BODY, 30, 1500, msg, NULL);
        float x = (CANVAS_W - w) / 2 - 36;
        draw_fill(a, x, 900 - h, w + 72, h + 40, color_mix(th->background, 0x000000, 0.55f),
                  240);
        draw_text(a, FONT_BODY, 30, (CANVAS_W - 1500) / 2, 920 - h, 1500, ALIGN_CENTER,
                  th->heading, msg);     /* wrapped as measured */
    }
}
