/* The facilitator's agenda as a PNG (agenda.h): one page, 1600 px wide and
 * as tall as its rows, drawn with text_draw on a software renderer. Its
 * words, the summary and the reasons are in the agenda's language (the
 * player's catalogue, po/; English without one); right to left languages
 * mirror the columns. */
#include <SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "player.h"

#define PAGE_W 1600
#define MARGIN 70
#define ROW_H 46
#define INK 0x1f2a44
#define SOFT 0x5a6275
#define RULE 0xd5d9e2
#define BAND 0xeef1f6
#define ACCENT 0xb3541e

typedef struct page {
    SDL_Renderer *ren;
    textsys *ts;
    int rtl;
    int y;
    int draw;       /* 0: measuring the height only */
} page;

static void fill(page *p, int x, int y, int w, int h, uint32_t rgb)
{
    if (!p->draw)
        return;
    SDL_Rect r = { p->rtl ? PAGE_W - x - w : x, y, w, h };
    SDL_SetRenderDrawColor(p->ren, (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255, 255);
    SDL_RenderFillRect(p->ren, &r);
}

/* Text in the column [x, x+w) of a left-to-right page (mirrored when rtl). */
static int text(page *p, font_role role, int px, int x, int w, uint32_t rgb, const char *s)
{
    int tw = 0, th = 0;
    if (!s || !*s)
        return 0;
    text_measure(p->ts, role, px, w, s, &tw, &th);
    if (p->draw)
        text_draw(p->ts, p->ren, role, px, w, p->rtl ? ALIGN_RIGHT : ALIGN_LEFT, rgb, s,
                  p->rtl ? PAGE_W - x - w : x, p->y);
    return th;
}

/* A segment kind in the agenda's language. */
static const char *kind_words(lectern_segment_kind k)
{
    const char *label = lectern_segment_kind_label(k);
    return label ? ui_tr(NULL, label) : "";
}

static void draw_page(page *p, const lectern_course *c, const lectern_budget_plan *bp, const char *lang,
                      int start_hhmm)
{
    const char *dl = lectern_course_default_lang(c);
    char t1[48], t2[96], buf[512];
    int cw = PAGE_W - 2 * MARGIN;
    p->y = MARGIN;
    const char *title = lectern_text_get(&bp->from->title, lang, dl);
    if (bp->days >= 2) {
        snprintf(t1, sizeof t1, TRN(NULL, "%d day", "%d days", bp->days), bp->days);
        snprintf(buf, sizeof buf, TR(NULL, "%s: %s"), title, t1);
    } else
        snprintf(buf, sizeof buf, TR(NULL, "%s: %s"), title,
                 lectern_budget_format_tr(bp->budget_minutes, ui_core_translate, NULL, t1, sizeof t1));
    p->y += text(p, FONT_HEADING, 46, MARGIN, cw, INK, buf) + 12;
    fill(p, MARGIN, p->y, cw, 4, ACCENT);
    p->y += 20;
    p->y += text(p, FONT_BODY, 24, MARGIN, cw, SOFT,
                 lectern_budget_summary_text(bp, c, lang, ui_core_translate, NULL, buf, sizeof buf)) + 18;
    for (int d = 1; d <= bp->n_days; d++) {
        if (bp->n_days > 1) {
            snprintf(buf, sizeof buf, TR(NULL, "Day %d (%s)"), d,
                     lectern_budget_format_tr(bp->day_totals[d - 1], ui_core_translate, NULL, t1, sizeof t1));
            p->y += 10;
            p->y += text(p, FONT_BOLD, 32, MARGIN, cw, INK, buf) + 8;
        }
        int band = 0;
        for (size_t i = 0; i < bp->n_segments; i++) {
            const lectern_budget_segment *s = &bp->segments[i];
            if (s->day != d)
                continue;
            int at = start_hhmm + (int)(s->start_minutes + 0.5);
            if (band++ % 2 == 0)
                fill(p, MARGIN, p->y, cw, ROW_H, BAND);
            int ty = p->y;
            p->y += 8;
            snprintf(t2, sizeof t2, "%02d:%02d", (at / 60) % 24, at % 60);
            text(p, FONT_BOLD, 26, MARGIN + 12, 110, INK, t2);
            ui_minutes(NULL, s->minutes, t1, sizeof t1);
            snprintf(t2, sizeof t2, "%s%s", t1, s->action == LECTERN_BUDGET_SHORTEN ? " *" : "");
            text(p, FONT_BODY, 24, MARGIN + 130, 140, s->action == LECTERN_BUDGET_SHORTEN ? ACCENT : SOFT, t2);
            text(p, FONT_BODY, 26, MARGIN + 290, cw - 290 - 260, INK,
                 lectern_text_get(&s->seg->title, lang, dl));
            snprintf(t2, sizeof t2, "%s%s", kind_words(s->seg->kind),
                     s->seg->optional ? TR(NULL, ", optional") : "");
            text(p, FONT_ITALIC, 22, MARGIN + cw - 250, 240, SOFT, t2);
            p->y = ty + ROW_H;
        }
        int end = start_hhmm + (int)(bp->day_totals[d - 1] + 0.5);
        p->y += 6;
        snprintf(t2, sizeof t2, "%02d:%02d", (end / 60) % 24, end % 60);
        text(p, FONT_BOLD, 26, MARGIN + 12, 110, INK, t2);
        p->y += text(p, FONT_BODY, 24, MARGIN + 290, 400, SOFT, TR(NULL, "end")) + 10;
        fill(p, MARGIN, p->y, cw, 2, RULE);
        p->y += 8;
    }
    if (bp->n_dropped || bp->n_shortened) {
        p->y += 16;
        p->y += text(p, FONT_BOLD, 28, MARGIN, cw, INK, TR(NULL, "What changed from the plan")) + 10;
        for (size_t i = 0; i < bp->n_segments; i++) {
            const lectern_budget_segment *s = &bp->segments[i];
            if (s->action == LECTERN_BUDGET_KEEP)
                continue;
            p->y += text(p, FONT_BODY, 22, MARGIN + 20, cw - 20,
                         s->action == LECTERN_BUDGET_DROP ? ACCENT : SOFT,
                         lectern_budget_reason_text(bp, c, i, lang, ui_core_translate, NULL, buf,
                                                    sizeof buf)) + 6;
        }
    }
    p->y += MARGIN;
}

int agenda_png_write(lectern_reader *reader, const lectern_course *c, const lectern_budget_plan *bp,
                     const char *lang, int start_hhmm, const char *path, lectern_error *err)
{
    int ttf_was = TTF_WasInit(), rc = 0;
    char prev_lang[16] = "";
    textsys *ts = NULL;
    SDL_Surface *surf = NULL;
    SDL_Renderer *ren = NULL;
    if (!ttf_was && TTF_Init() < 0)
        return lectern_error_set(err, LECTERN_EIO, "agenda: cannot start SDL_ttf: %s", TTF_GetError());
    if ((rc = textsys_create(reader, NULL, lectern_course_theme(c), &ts, err)) < 0)
        goto done;
    const char *l = lang ? lang : lectern_course_default_lang(c);
    /* the agenda's words in its language; English when there is no catalogue
     * (the caller's language comes back afterwards) */
    snprintf(prev_lang, sizeof prev_lang, "%s", ui_lang(NULL));
    if (ui_set_lang(l) < 0)
        ui_set_lang("en");
    page p = { NULL, ts, bidi_lang_is_rtl(l), 0, 0 };
    draw_page(&p, c, bp, lang, start_hhmm);
    int h = p.y;
    surf = SDL_CreateRGBSurfaceWithFormat(0, PAGE_W, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf || !(ren = SDL_CreateSoftwareRenderer(surf))) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "agenda: %s", SDL_GetError());
        goto done;
    }
    SDL_SetRenderDrawColor(ren, 255, 255, 255, 255);
    SDL_RenderClear(ren);
    p.ren = ren;
    p.draw = 1;
    draw_page(&p, c, bp, lang, start_hhmm);
    SDL_RenderPresent(ren);
    if (IMG_SavePNG(surf, path) < 0)
        rc = lectern_error_set(err, LECTERN_EIO, "agenda: cannot write %s: %s", path, IMG_GetError());
done:
    if (prev_lang[0])
        ui_set_lang(prev_lang);
    if (ts)
        textsys_flush_textures(ts);
    if (ren)
        SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surf);
    textsys_destroy(ts);
    if (!ttf_was)
        TTF_Quit();
    return rc;
}
