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

static void hint(app *a, const char *s)
{
    const lectern_theme *th = a->theme;
    draw_text(a, FONT_BODY, 24, 110, 1020, 1700, ALIGN_LEFT,
              color_mix(th->muted, th->background, 0.15f), s);
}

void screen_start(app *a, const lectern_session_view *v)
{
    const lectern_theme *th = a->theme;
    const lectern_course *c = a->course;
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, th->background, 255);
    draw_fill(a, 0, 0, 18, CANVAS_H, th->accent, 255);

    /* left: the course, its description and Start/Continue */
    float lx = 110, lw = 780, y = 110;
    y += draw_text(a, FONT_HEADING, th->title_size * 0.78f, lx, y, lw, ALIGN_LEFT,
                   th->heading, T(a, lectern_course_title(c)));
    const char *sub = T(a, lectern_course_subtitle(c));
    if (sub && *sub)
        y += 20 + draw_text(a, FONT_BODY, th->body_size * 0.9f, lx, y + 20, lw,
                            ALIGN_LEFT, th->muted, sub);
    draw_fill(a, lx, y + 36, 120, 6, th->accent, 255);
    y += 72;
    const char *desc = T(a, lectern_course_description(c));
    if (desc && *desc)
        y += draw_text(a, FONT_BODY, th->body_size * 0.7f, lx, y, lw, ALIGN_LEFT,
                       color_mix(th->text, th->muted, 0.25f), desc);
    y += 56;
    if (y > 820)
        y = 820;

    char label[160];
    if (v->can_continue && v->resume_index > 0)
        snprintf(label, sizeof label, "%s  \xC2\xB7  %zu / %zu", ui_str(a, UI_CONTINUE),
                 v->resume_index + 1, v->n_items);
    else
        snprintf(label, sizeof label, "%s", ui_str(a, UI_START));
    float bw = 0;
    measure_text(a, FONT_BOLD, 40, 0, label, &bw);
    bw = bw + 140 < 320 ? 320 : bw + 140;
    int sel = v->cursor == 0 && v->screen == LECTERN_SCREEN_START;
    draw_fill(a, lx, y, bw, 96, th->accent, 255);
    if (sel)
        draw_outline(a, lx - 9, y - 9, bw + 18, 114, 4, th->heading, 255);
    draw_text(a, FONT_BOLD, 40, lx, y + 22, bw, ALIGN_CENTER, on_colour(th->accent), label);
    hit(a, lx, y, bw, 96, lectern_cmd_make(LECTERN_CMD_SELECT_ROW, 0));

    /* right: the modules, with room for progress */
    float px = 980, pw = 840, py = 90, ph = 900;
    uint32_t panel = color_mix(th->background, th->text, 0.05f);
    draw_fill(a, px, py, pw, ph, panel, 255);
    draw_text(a, FONT_BOLD, 26, px + 40, py + 30, pw - 80, ALIGN_LEFT, th->muted, ui_str(a, UI_MODULES));
    size_t nm = lectern_course_n_modules(c);
    float top = py + 90, row_h = 100;
    size_t visible = (size_t)((py + ph - top - 10) / row_h);
    size_t first = 0;
    if (v->cursor > 0 && (size_t)v->cursor > visible)
        first = (size_t)v->cursor - visible;
    for (size_t i = first; i < nm && i < first + visible; i++) {
        const lectern_module *m = lectern_course_module(c, i);
        float ry = top + (float)(i - first) * row_h;
        int on = v->screen == LECTERN_SCREEN_START && (size_t)v->cursor == i + 1;
        if (on)
            draw_fill(a, px + 16, ry - 8, pw - 32, row_h - 8, color_mix(panel, th->accent,
                      0.22f), 255);
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        draw_text(a, FONT_BOLD, 32, px + 36, ry + 4, 50, ALIGN_RIGHT, th->accent, num);
        /* one line: a long title gets a smaller size rather than a second line */
        const char *mt = T(a, &m->title);
        float tw = 0, avail = pw - 300, size = 30;
        measure_text(a, FONT_BODY, size, 0, mt, &tw);
        if (tw > avail)
            size = size * avail / tw < 20 ? 20 : size * avail / tw;
        draw_text(a, FONT_BODY, size, px + 110, ry + 6 + (30 - size) / 2, 0, ALIGN_LEFT,
                  th->text, mt);
        /* the progress store's counted units; without a profile, this session's views */
        size_t seen = 0;
        for (size_t k = 0; k < m->n_items; k++)
            seen += (size_t)lectern_session_visited(a->session, m->first_item + k);
        int done = (int)seen, total = (int)m->n_items, completed = 0;
        float frac = total ? (float)seen / (float)total : 0;
        progress_ui_module(a, i, &done, &total, &frac, &completed);
        char cnt[48];
        snprintf(cnt, sizeof cnt, "%s%d / %d", completed ? "\xE2\x9C\x93 " : "", done, total);
        draw_text(a, FONT_BODY, 24, px + pw - 190, ry + 12, 150, ALIGN_RIGHT,
                  completed ? th->accent : th->muted, cnt);
        float bx = px + 110, bwid = pw - 150;
        draw_fill(a, bx, ry + row_h - 30, bwid, 6, color_mix(panel, th->muted, 0.3f), 255);
        if (frac > 0)
            draw_fill(a, bx, ry + row_h - 30, bwid * frac, 6, th->accent, 255);
        hit(a, px + 16, ry - 8, pw - 32, row_h - 8,
            lectern_cmd_make(LECTERN_CMD_SELECT_ROW, (long)i + 1));
    }
    if (nm > first + visible)
        draw_text(a, FONT_BODY, 22, px + pw - 160, py + ph - 40, 120, ALIGN_RIGHT, th->muted,
                  ui_str(a, UI_MORE));
    hint(a, ui_str(a, UI_HINT_START));
}

void screen_toc(app *a, const lectern_session_view *v)
{
    const lectern_theme *th = a->theme;
    /* dim what is underneath over the whole output, letterbox included */
    if (a->ren) {
        SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(a->ren, 0, 0, 0, 170);
        SDL_RenderFillRect(a->ren, NULL);
    }
    float px = 260, pw = 1400, py = 50, ph = 980;
    uint32_t panel = color_mix(th->background, 0x000000, 0.25f);
    draw_fill(a, px, py, pw, ph, panel, 250);
    draw_outline(a, px, py, pw, ph, 2, color_mix(panel, th->muted, 0.5f), 255);
    draw_text(a, FONT_HEADING, 44, px + 50, py + 30, 700, ALIGN_LEFT, th->heading,
              ui_str(a, UI_CONTENTS));
    draw_text(a, FONT_BODY, 22, px + 700, py + 46, pw - 750, ALIGN_RIGHT, th->muted,
              ui_str(a, UI_HINT_TOC));
    draw_fill(a, px + 50, py + 100, pw - 100, 2, color_mix(panel, th->muted, 0.4f), 255);

    float top = py + 120, row_h = 50;
    size_t rows = v->n_rows, visible = (size_t)((ph - 140) / row_h);
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
        if ((long)r == v->cursor)
            draw_fill(a, px + 30, ry - 4, pw - 60, row_h - 2, color_mix(panel, th->accent,
                      0.28f), 255);
        if (row.is_module) {
            const lectern_module *m = lectern_course_module(a->course, row.module_index);
            char buf[400];
            snprintf(buf, sizeof buf, "%zu  %s", row.module_index + 1, T(a, &m->title));
            char line[400];
            fit_line(a, FONT_BOLD, 30, pw - 100, buf, line, sizeof line);
            draw_text(a, FONT_BOLD, 30, px + 50, ry + 4, 0, ALIGN_LEFT, th->accent, line);
        } else {
            const lectern_item *it = lectern_course_item(a->course, row.item_index);
            int cur = v->base == LECTERN_SCREEN_SLIDE && row.item_index == v->index;
            char num[32];
            snprintf(num, sizeof num, "%zu", row.item_index + 1);
            if (cur)
                draw_text(a, FONT_BOLD, 26, px + 60, ry + 6, 40, ALIGN_LEFT, th->accent,
                          "\xE2\x96\xB6");   /* ▶ */
            draw_text(a, FONT_BODY, 26, px + 90, ry + 6, 70, ALIGN_RIGHT, th->muted, num);
            const char *title = T(a, &it->title);
            const char *quote = T(a, &it->text);
            char buf[400];
            const char *tag = it->kind == LECTERN_ITEM_VIDEO ? ui_str(a, UI_TAG_VIDEO) :
                              it->kind == LECTERN_ITEM_EXERCISE ? ui_str(a, UI_TAG_EXERCISE) :
                              it->layout == LECTERN_LAYOUT_QUOTE ? ui_str(a, UI_TAG_QUOTE) :
                              NULL;
            if (title && *title)
                snprintf(buf, sizeof buf, "%s", title);
            else if (quote && *quote) { /* an untitled quote: its first words */
                int n = (int)strlen(quote);
                if (n > 70) {
                    n = 70;
                    while (n > 0 && ((unsigned char)quote[n] & 0xC0) == 0x80)
                        n--;    /* never cut a UTF-8 character in half */
                }
                snprintf(buf, sizeof buf, "\xE2\x80\x9C%.*s%s\xE2\x80\x9D", n, quote,
                         quote[n] ? "\xE2\x80\xA6" : "");
            }
            else
                snprintf(buf, sizeof buf, "%s", it->id);
            char line[400];
            fit_line(a, cur ? FONT_BOLD : FONT_BODY, 28, pw - 420, buf, line, sizeof line);
            draw_text(a, cur ? FONT_BOLD : FONT_BODY, 28, px + 190, ry + 4, 0,
                      ALIGN_LEFT, cur ? th->heading : th->text, line);
            if (tag)
                draw_text(a, FONT_BODY, 22, px + pw - 220, ry + 8, 160, ALIGN_RIGHT,
                          th->muted, tag);
            unsigned pf = progress_ui_item_flags(a, row.item_index);   /* review, bookmark */
            if (pf & (PUI_F_REVIEW | PUI_F_BOOKMARK))
                draw_text(a, FONT_BOLD, 22, px + 163, ry + 9, 26, ALIGN_LEFT, th->accent,
                          pf & PUI_F_REVIEW ? "\xE2\x97\x8F" : "\xE2\x9A\x91");
            library_ui_toc_mark(a, it, px + pw - 240, ry + 8);
        }
        hit(a, px + 30, ry - 4, pw - 60, row_h - 2,
            lectern_cmd_make(LECTERN_CMD_SELECT_ROW, (long)r));
    }
    if (first > 0)
        draw_text(a, FONT_BODY, 22, px + pw - 120, top - 30, 80, ALIGN_RIGHT, th->muted,
                  "\xE2\x96\xB2");
    if (first + visible < rows)
        draw_text(a, FONT_BODY, 22, px + pw - 120, py + ph - 34, 80, ALIGN_RIGHT, th->muted,
                  "\xE2\x96\xBC");
}

void screen_confirm_quit(app *a, const lectern_session_view *v)
{
    (void)v;
    const lectern_theme *th = a->theme;
    if (a->ren) {
        SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(a->ren, 0, 0, 0, 170);
        SDL_RenderFillRect(a->ren, NULL);
    }
    float w = 860, h = 380, x = (CANVAS_W - w) / 2, y = (CANVAS_H - h) / 2;
    uint32_t panel = color_mix(th->background, 0x000000, 0.25f);
    draw_fill(a, x, y, w, h, panel, 255);
    draw_fill(a, x, y, w, 8, th->accent, 255);
    draw_text(a, FONT_HEADING, 52, x + 60, y + 60, w - 120, ALIGN_LEFT, th->heading,
              ui_str(a, UI_QUIT_TITLE));
    draw_text(a, FONT_BODY, 30, x + 60, y + 140, w - 120, ALIGN_LEFT, th->text,
              ui_str(a, UI_QUIT_TEXT));
    float bw = 300, bh = 84, by = y + h - bh - 50;
    draw_fill(a, x + 60, by, bw, bh, th->accent, 255);
    draw_text(a, FONT_BOLD, 34, x + 60, by + 20, bw, ALIGN_CENTER, on_colour(th->accent),
              ui_str(a, UI_QUIT));
    hit(a, x + 60, by, bw, bh, lectern_cmd_make(LECTERN_CMD_CONFIRM, 0));
    draw_outline(a, x + w - 60 - bw, by, bw, bh, 3, th->text, 255);
    draw_text(a, FONT_BOLD, 34, x + w - 60 - bw, by + 20, bw, ALIGN_CENTER, th->text,
              ui_str(a, UI_STAY));
    hit(a, x + w - 60 - bw, by, bw, bh, lectern_cmd_make(LECTERN_CMD_CANCEL, 0));
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
        measure_text(a, FONT_BOLD, 40, 0, buf, &w);
        float x = CANVAS_W - 80 - w - 60;
        draw_fill(a, x, 50, w + 60, 84, color_mix(th->background, 0x000000, 0.5f), 235);
        draw_fill(a, x, 50, 6, 84, th->accent, 255);
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
        draw_text(a, FONT_BODY, 30, x + 36, 920 - h, w + 2, ALIGN_LEFT, th->heading, msg);
    }
}
