/* The search box (`/`): a panel over whatever is shown with a text field
 * and the hits of lectern_search_query (item, field, snippet with the match
 * highlighted), updated as the user types. Up/Down/wheel/mouse choose,
 * Enter jumps to the item, Esc closes. The index is built on first use and
 * dropped when the course is reloaded (search_ui_reset). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/exercise.h"
#include "lectern/log.h"
#include "lectern/search.h"
#include "player.h"

#define QUERY_MAX 256
#define ROWS_MAX 7            /* rows on screen at once */

struct search_ui {
    int open;
    char query[QUERY_MAX];
    lectern_search_index *ix;
    lectern_search_results *res;
    size_t sel;               /* selected hit */
    size_t first;             /* first hit on screen */
    int skip_text;            /* drop the text event of the key that opened the box */
    SDL_Rect rows[ROWS_MAX];  /* output px of the rows drawn last */
    int n_rows;
    size_t visible;           /* rows that fit at the current text scale */
};

/* The player's words here (gettext, strings.c). */
static const char *W(const app *a, int k)
{
    static const ui_string keys[] = { UI_SEARCH, UI_SEARCH_HINT, UI_SEARCH_NONE, UI_SEARCH_KEYS };
    return ui_str(a, keys[k]);
}

/* Where a hit was found, in the UI language (lectern_search_field_name). */
static const char *field_words(const app *a, lectern_search_field f)
{
    /* TRANSLATORS: where a search hit was found, shown next to it */
    static const char *const words[] = {
        N_("title"), N_("module_title"), N_("subtitle"), N_("text"), N_("bullet"),
        N_("heading"), N_("caption"), N_("alt"), N_("prompt"), N_("option"), N_("notes"),
        N_("facilitator_notes"), N_("description"), N_("subtitle_cue"), N_("plan"),
        N_("plan_notes"),
    };
    const char *name = lectern_search_field_name(f);
    for (size_t i = 0; name && i < sizeof words / sizeof *words; i++)
        if (strcmp(words[i], name) == 0)
            return ui_tr(a, name);
    return name ? name : "";
}

/* 1 on the audience's view (--classroom: the room sees this screen):
 * facilitator-only text (facilitator notes, discussion prompts) is left out.
 * Self-study and the trainer's own screen search everything. */
static int audience_view(const app *a)
{
    return a->session && lectern_session_classroom(a->session);
}

search_ui *search_ui_create(void)
{
    return calloc(1, sizeof(search_ui));
}

void search_ui_destroy(search_ui *u)
{
    if (!u)
        return;
    lectern_search_results_free(u->res);
    lectern_search_index_free(u->ix);
    free(u);
}

void search_ui_reset(app *a)
{
    search_ui *u = a->sui;
    if (!u)
        return;
    lectern_search_results_free(u->res);
    u->res = NULL;
    lectern_search_index_free(u->ix);
    u->ix = NULL;
    u->sel = u->first = 0;
}

int search_ui_is_open(const app *a)
{
    return a->sui && a->sui->open;
}

static void run_query(app *a)
{
    search_ui *u = a->sui;
    lectern_search_results_free(u->res);
    u->res = NULL;
    u->sel = u->first = 0;
    a->dirty = 1;
    if (!u->ix || !u->query[0])
        return;
    lectern_search_opts o = { .lang = a->lang, .audience = audience_view(a), .max_hits = 200 };
    lectern_error err = {0};
    if (lectern_search_query(u->ix, u->query, &o, &u->res, &err) < 0)
        LOG_WARN("search", "%s", err.msg);
}

void search_ui_open(app *a)
{
    search_ui *u = a->sui;
    if (!u || !a->course)
        return;
    if (!u->ix) {
        lectern_error err = {0};
        /* subtitle files are read through the reader the image thread shares */
        if (a->reader_lock)
            SDL_LockMutex(a->reader_lock);
        int rc = lectern_search_index_build(a->course, &u->ix, &err);
        if (a->reader_lock)
            SDL_UnlockMutex(a->reader_lock);
        if (rc < 0) {
            LOG_WARN("search", "%s", err.msg);
            return;
        }
    }
    u->open = 1;
    run_query(a);     /* the previous query stays, as in a browser */
    SDL_StartTextInput();
    a->dirty = 1;
}

void search_ui_close(app *a)
{
    if (!search_ui_is_open(a))
        return;
    a->sui->open = 0;
    a->dirty = 1;
}

void search_ui_set_query(app *a, const char *q)
{
    search_ui *u = a->sui;
    if (!u)
        return;
    snprintf(u->query, sizeof u->query, "%s", q);
    run_query(a);
}

void search_ui_text(app *a, const char *utf8)
{
    search_ui *u = a->sui;
    if (!search_ui_is_open(a))
        return;
    if (u->skip_text) {
        u->skip_text = 0;
        if (strcmp(utf8, "/") == 0)
            return;
    }
    size_t n = strlen(u->query), m = strlen(utf8);
    if (n + m + 1 > sizeof u->query)
        return;
    memcpy(u->query + n, utf8, m + 1);
    run_query(a);
}

size_t search_ui_n_hits(const app *a)
{
    return a->sui && a->sui->res ? a->sui->res->n : 0;
}

const lectern_search_hit *search_ui_hit(const app *a, size_t i)
{
    return i < search_ui_n_hits(a) ? &a->sui->res->hits[i] : NULL;
}

int search_ui_pick(app *a, size_t i)
{
    const lectern_search_hit *h = search_ui_hit(a, i);
    if (!h)
        return LECTERN_ENOTFOUND;
    const lectern_item *it = lectern_course_item(a->course, h->item);
    char id[LECTERN_CMD_ID_MAX + 1];
    snprintf(id, sizeof id, "%s", it->id);   /* the results die with the close */
    size_t item = h->item;
    int64_t at = h->time_ms;
    search_ui_close(a);
    if (at >= 0)     /* a subtitle cue: the video plays from there */
        video_ui_play_from(a, item, at);
    lectern_cmd c = lectern_cmd_make_id(LECTERN_CMD_GOTO, id);
    return app_command(a, &c) < 0 ? LECTERN_ENOTFOUND : 0;
}

/* Moves the selection by d hits (clamped, or wrapping: Tab). */
static void move_sel(app *a, long d, int wrap)
{
    search_ui *u = a->sui;
    size_t n = search_ui_n_hits(a);
    if (!n)
        return;
    long s = (long)u->sel + d;
    if (wrap)
        s = ((s % (long)n) + (long)n) % (long)n;
    u->sel = s < 0 ? 0 : (size_t)s >= n ? n - 1 : (size_t)s;
    size_t vis = u->visible ? u->visible : ROWS_MAX;
    if (u->sel < u->first)
        u->first = u->sel;
    if (u->sel >= u->first + vis)
        u->first = u->sel - vis + 1;
    a->dirty = 1;
}

/* Drops the last UTF-8 character of the query. */
static void backspace(app *a)
{
    search_ui *u = a->sui;
    size_t n = strlen(u->query);
    if (!n)
        return;
    n--;
    while (n > 0 && ((unsigned char)u->query[n] & 0xC0) == 0x80)
        n--;
    u->query[n] = '\0';
    run_query(a);
}

int search_ui_key(app *a, SDL_Keycode key, uint16_t mod)
{
    search_ui *u = a->sui;
    if (!u)
        return 0;
    if (!u->open) {
        int ctrl_f = key == SDLK_f && (mod & KMOD_CTRL);
        if ((key == SDLK_SLASH || key == SDLK_KP_DIVIDE || ctrl_f) &&
            !(mod & (KMOD_ALT | KMOD_GUI))) {
            lectern_session_view v;
            lectern_session_get_view(a->session, &v);
            if (v.screen == LECTERN_SCREEN_CONFIRM_QUIT)
                return 0;
            search_ui_open(a);
            u->skip_text = !ctrl_f;
            return 1;
        }
        return 0;
    }
    u->skip_text = 0;
    switch (key) {
    case SDLK_ESCAPE:
        search_ui_close(a);
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        search_ui_pick(a, u->sel);
        break;
    case SDLK_UP:
        move_sel(a, -1, 0);
        break;
    case SDLK_DOWN:
        move_sel(a, 1, 0);
        break;
    case SDLK_PAGEUP:
        move_sel(a, -ROWS_MAX, 0);
        break;
    case SDLK_PAGEDOWN:
        move_sel(a, ROWS_MAX, 0);
        break;
    case SDLK_TAB:          /* Tab / Shift+Tab: the next / previous hit, wrapping */
        move_sel(a, (mod & KMOD_SHIFT) ? -1 : 1, 1);
        break;
    case SDLK_BACKSPACE:
        backspace(a);
        break;
    case SDLK_u:
        if (mod & KMOD_CTRL)
            search_ui_set_query(a, "");
        break;
    case SDLK_F11:
    case SDLK_F12:
        return 0;   /* fullscreen and screenshots still work */
    default:
        break;      /* letters arrive as text input */
    }
    return 1;
}

int search_ui_click(app *a, int x, int y, int button)
{
    search_ui *u = a->sui;
    if (!search_ui_is_open(a))
        return 0;
    if (button != SDL_BUTTON_LEFT)
        return 1;
    SDL_Point p = { x, y };
    for (int i = 0; i < u->n_rows; i++) {
        if (SDL_PointInRect(&p, &u->rows[i])) {
            search_ui_pick(a, u->first + (size_t)i);
            return 1;
        }
    }
    SDL_Rect panel = canvas_rect(&a->cv, 260, 50, 1400, 980);
    if (!SDL_PointInRect(&p, &panel))
        search_ui_close(a);
    return 1;
}

int search_ui_wheel(app *a, int dy)
{
    if (!search_ui_is_open(a))
        return 0;
    move_sel(a, dy > 0 ? -1 : 1, 0);
    return 1;
}

static uint32_t on_band(uint32_t bg)
{
    return color_luma(bg) > 0.55f ? 0x111111 : 0xffffff;
}

/* The end of s cut (at a character) so it fits in maxw, with "…". */
static void cut_end(app *a, font_role role, float size, float maxw, char *s)
{
    float w = 0;
    measure_text(a, role, size, 0, s, &w);
    size_t n = strlen(s);
    while (w > maxw && n > 1) {
        n--;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        memcpy(s + n, "\xE2\x80\xA6", 4);
        measure_text(a, role, size, 0, s, &w);
    }
}

/* The snippet on one line in width maxw, the match on an accent band. */
static void draw_snippet(app *a, const lectern_search_hit *h, float x, float y, float maxw,
                         float size, uint32_t fg, uint32_t band)
{
    const char *s = h->snippet;
    if (text_is_rtl(s) || h->match_off + h->match_len > strlen(s)) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%s", s);
        cut_end(a, FONT_BODY, size, maxw, buf);
        draw_text(a, FONT_BODY, size, x, y, 0, ALIGN_LEFT, fg, buf);
        return;
    }
    char pre[520], mid[512], post[512];
    snprintf(pre, sizeof pre, "%.*s", (int)h->match_off, s);
    snprintf(mid, sizeof mid, "%.*s", (int)h->match_len, s + h->match_off);
    snprintf(post, sizeof post, "%s", s + h->match_off + h->match_len);
    float wpre = 0, wmid = 0;
    measure_text(a, FONT_BODY, size, 0, pre, &wpre);
    /* keep at most a third of the line before the match */
    const char *p = pre;
    while (wpre > maxw / 3 && *p) {
        p++;
        while (*p && ((unsigned char)*p & 0xC0) == 0x80)
            p++;
        char tmp[520];
        snprintf(tmp, sizeof tmp, "\xE2\x80\xA6%.500s", p);
        measure_text(a, FONT_BODY, size, 0, tmp, &wpre);
        if (wpre <= maxw / 3) {
            snprintf(pre, sizeof pre, "%s", tmp);
            break;
        }
    }
    /* spaces at the edges of a piece are not drawn: keep them as no-break spaces */
    size_t lp = strlen(pre);
    if (lp && pre[lp - 1] == ' ' && lp + 2 < sizeof pre) {
        memcpy(pre + lp - 1, "\xC2\xA0", 3);
        measure_text(a, FONT_BODY, size, 0, pre, &wpre);
    }
    if (post[0] == ' ' && strlen(post) + 2 < sizeof post) {
        memmove(post + 2, post + 1, strlen(post));
        memcpy(post, "\xC2\xA0", 2);
    }
    measure_text(a, FONT_BOLD, size, 0, mid, &wmid);
    if (wpre + wmid > maxw) {
        cut_end(a, FONT_BOLD, size, maxw - wpre, mid);
        measure_text(a, FONT_BOLD, size, 0, mid, &wmid);
        post[0] = '\0';
    }
    float lh = size * draw_text_scale() * 1.3f, wpost = 0;
    if (post[0]) {
        cut_end(a, FONT_BODY, size, maxw - wpre - wmid, post);
        measure_text(a, FONT_BODY, size, 0, post, &wpost);
    }
    /* a right-to-left UI: the left-to-right snippet keeps its order, flush
     * with the right edge of the mirrored column */
    int mirrored = draw_mirrored();
    if (mirrored) {
        draw_set_mirror(0);
        x = CANVAS_W - x - (wpre + wmid + wpost);
    }
    if (pre[0])
        draw_text(a, FONT_BODY, size, x, y, 0, ALIGN_LEFT, fg, pre);
    draw_fill(a, x + wpre - 2, y - 2, wmid + 4, lh, band, 255);
    draw_text(a, FONT_BOLD, size, x + wpre, y, 0, ALIGN_LEFT, on_band(band), mid);
    if (post[0])
        draw_text(a, FONT_BODY, size, x + wpre + wmid, y, 0, ALIGN_LEFT, fg, post);
    draw_set_mirror(mirrored);
}

/* The row's heading: the item, or for a lesson-plan hit "plan › segment". */
static void hit_label(const app *a, const lectern_search_hit *h, char *buf, size_t n)
{
    if (h->plan && h->segment)
        snprintf(buf, n, "%s \xE2\x80\xBA %s",
                 lectern_text_get(&h->plan->title, a->lang, a->fallback),
                 lectern_text_get(&h->segment->title, a->lang, a->fallback));
    else if (h->plan)
        snprintf(buf, n, "%s", lectern_text_get(&h->plan->title, a->lang, a->fallback));
    else
        item_list_label(a, lectern_course_item(a->course, h->item), 1, buf, n);
}

int search_ui_hit_label(const app *a, size_t i, char *buf, size_t n)
{
    const lectern_search_hit *h = search_ui_hit(a, i);
    if (!h)
        return LECTERN_ENOTFOUND;
    hit_label(a, h, buf, n);
    return 0;
}

void search_ui_draw(app *a)
{
    search_ui *u = a->sui;
    if (!u || !u->open)
        return;
    u->n_rows = 0;
    const lectern_theme *th = a->theme;
    /* a right-to-left UI mirrors the box (its hits too); the query and the
     * snippets keep their own direction */
    int was_mirrored = draw_mirrored();
    draw_set_mirror(bidi_lang_is_rtl(ui_lang(a)));
    if (a->ren) {
        SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(a->ren, 0, 0, 0, 150);
        SDL_RenderFillRect(a->ren, NULL);
    }
    float px = 260, py = 50, pw = 1400, ph = 980;
    uint32_t panel = color_mix(th->background, 0x000000, 0.3f);
    draw_fill(a, px, py, pw, ph, panel, 250);
    draw_fill(a, px, py, pw, 8, th->accent, 255);
    draw_text(a, FONT_BOLD, 26, px + 50, py + 36, 0, ALIGN_LEFT, th->muted, W(a, 0));

    /* the field */
    float k = draw_text_scale();
    float fx = px + 50, fy = py + 84 * (k > 1 ? k : 1), fw = pw - 100;
    float line40 = measure_text(a, FONT_BODY, 40, 0, "Ag", NULL);
    float fh = line40 + 32 > 84 ? line40 + 32 : 84;
    draw_fill(a, fx, fy, fw, fh, color_mix(panel, th->text, 0.08f), 255);
    draw_outline(a, fx, fy, fw, fh, 3, th->accent, 255);
    char q[QUERY_MAX + 8];
    if (u->query[0]) {
        snprintf(q, sizeof q, "%s", u->query);
        float w = 0;
        measure_text(a, FONT_BODY, 40, 0, q, &w);
        /* a long query shows its end */
        const char *s = q;
        while (w > fw - 80 && *s) {
            s++;
            while (*s && ((unsigned char)*s & 0xC0) == 0x80)
                s++;
            measure_text(a, FONT_BODY, 40, 0, s, &w);
        }
        draw_text(a, FONT_BODY, 40, fx + 28, fy + 16, 0, ALIGN_LEFT, th->heading, s);
        /* the caret after the text; a left-to-right query in a mirrored box
         * ends on the right */
        float cx = draw_mirrored() && !text_is_rtl(s) ? fx + 20 : fx + 32 + w;
        draw_fill(a, cx, fy + 16, 4, fh - 32, th->accent, 255);   /* caret */
    } else {
        draw_fill(a, fx + 28, fy + 16, 4, fh - 32, th->accent, 255);
        float pw2 = 0;
        float ph2 = measure_text(a, FONT_BODY, 30, 0, W(a, 1), &pw2);
        float ps = pw2 > fw - 80 ? 30 * (fw - 80) / pw2 : 30;   /* one line */
        draw_text(a, FONT_BODY, ps, fx + 50, fy + (fh - ph2 * ps / 30) / 2, 0, ALIGN_LEFT,
                  th->muted, W(a, 1));
    }

    /* the count */
    size_t n = search_ui_n_hits(a);
    float y = fy + fh + 24;
    float cnt_h = measure_text(a, FONT_BODY, 24, 0, "Ag", NULL);
    if (u->query[0]) {
        char cnt[96];
        size_t total = u->res ? u->res->total : 0;
        if (!n)
            snprintf(cnt, sizeof cnt, "%s", W(a, 2));
        else if (total > n)
            snprintf(cnt, sizeof cnt, TRN(a, "%zu / %zu result", "%zu / %zu results", total), n, total);
        else
            snprintf(cnt, sizeof cnt, TRN(a, "%zu result", "%zu results", n), n);
        draw_text(a, FONT_BODY, 24, fx, y, fw, ALIGN_RIGHT, th->muted, cnt);
    }
    y += cnt_h + 14;

    /* the hits: as many rows as fit above the key hint */
    float hint_h = measure_text(a, FONT_BODY, 22, pw - 200, W(a, 3), NULL);
    float bottom = py + ph - 30 - hint_h - 20;
    float row_h = 86 * k, numw = 70 * k, tx = fx + numw + 30;
    size_t vis = (size_t)((bottom - y) / row_h);
    vis = vis < 1 ? 1 : vis > ROWS_MAX ? ROWS_MAX : vis;
    if (vis != u->visible) {
        u->visible = vis;
        if (u->sel >= u->first + vis)
            u->first = u->sel - vis + 1;
    }
    for (size_t i = u->first; i < n && i < u->first + vis; i++) {
        const lectern_search_hit *h = &u->res->hits[i];
        int on = i == u->sel;
        if (on) {
            draw_fill(a, fx - 10, y - 6, fw + 20, row_h - 4, color_mix(panel, th->accent, 0.25f),
                      255);
            draw_outline(a, fx - 10, y - 6, fw + 20, row_h - 4, 2, th->heading, 255);
        }
        char num[24];
        snprintf(num, sizeof num, "%zu", h->item + 1);
        draw_text(a, FONT_BODY, 26, fx, y + 2, numw, ALIGN_RIGHT, th->muted, num);
        char field[64];
        if (h->time_ms >= 0)   /* subtitle_cue 1:05 */
            snprintf(field, sizeof field, "%s %lld:%02lld", field_words(a, h->field),
                     (long long)(h->time_ms / 60000), (long long)(h->time_ms / 1000 % 60));
        else
            snprintf(field, sizeof field, "%s", field_words(a, h->field));
        float tagw = 0;
        measure_text(a, FONT_BODY, 22, 0, field, &tagw);
        char title[400];
        hit_label(a, h, title, sizeof title);
        cut_end(a, FONT_BOLD, 28, fx + fw - tagw - 40 - tx, title);
        float title_h = draw_text(a, FONT_BOLD, 28, tx, y, 0, ALIGN_LEFT,
                                  on ? th->heading : th->text, title);
        uint32_t tagc = h->is_private ? 0xe0a040 : th->muted;
        draw_text(a, FONT_BODY, 22, fx + fw - tagw, y + 6 * k, 0, ALIGN_LEFT, tagc, field);
        draw_snippet(a, h, tx, y + title_h + 4, fx + fw - tx - 10, 24,
                     color_mix(th->text, th->muted, 0.3f), th->accent);
        if (u->n_rows < ROWS_MAX)
            u->rows[u->n_rows++] = draw_mirror_rect(a, canvas_rect(&a->cv, fx - 10, y - 6,
                                                                    fw + 20, row_h - 4));
        y += row_h;
    }
    if (u->first > 0)
        draw_text(a, FONT_BODY, 22, px + pw - 90, fy + fh + 24, 40, ALIGN_RIGHT, th->muted,
                  "\xE2\x96\xB2");
    if (u->first + vis < n)
        draw_text(a, FONT_BODY, 22, px + pw - 90, bottom, 40, ALIGN_RIGHT, th->muted,
                  "\xE2\x96\xBC");
    draw_text(a, FONT_BODY, 22, px + 50, py + ph - 30 - hint_h, pw - 200, ALIGN_LEFT,
              color_mix(th->muted, panel, 0.2f), W(a, 3));
    draw_set_mirror(was_mirrored);
}
