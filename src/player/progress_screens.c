/* The progress screens over the session: the profile chooser (who is
 * studying, new profile), the notice of a recovered store on the start screen,
 * the store problem (a newer or unrecoverable file: recover or go on without
 * saving), the summary (modules done/passed, time,
 * exercises, completion) and the certificate; plus the bookmark mark on
 * slides. Keys and clicks for them, and B / S / P on the session screens. */
#include <stdio.h>
#include <string.h>

#include "progress_ui.h"

#define MAX_PHITS 48

typedef enum { H_ROW, H_NEW, H_CREATE, H_CANCEL, H_RECOVER, H_SKIP, H_CERT, H_CLOSE } hit_kind;

static struct {
    SDL_Rect r;
    hit_kind kind;
    long n;
} phits[MAX_PHITS];
static int n_phits;

static void phit(app *a, float x, float y, float w, float h, hit_kind k, long n)
{
    if (n_phits < MAX_PHITS) {
        /* a right-to-left UI draws these screens mirrored: so are their hits */
        phits[n_phits].r = draw_mirror_rect(a, canvas_rect(&a->cv, x, y, w, h));
        phits[n_phits].kind = k;
        phits[n_phits].n = n;
        n_phits++;
    }
}

int progress_ui_modal(const app *a)
{
    return a->pui && a->pui->mode != PUI_NONE;
}

static uint32_t on_colour(uint32_t bg)
{
    return color_luma(bg) > 0.55f ? 0x111111 : 0xffffff;
}

static void dim(app *a)
{
    if (!a->ren)
        return;
    SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(a->ren, 0, 0, 0, 200);
    SDL_RenderFillRect(a->ren, NULL);
}

/* A button w wide, 80 high at text scale 1, taller when its label needs it
 * (larger text, two lines); returns its height. */
static float button(app *a, float x, float y, float w, const char *label, int primary,
                    hit_kind k, long n)
{
    const lectern_theme *th = a->theme;
    float lh = measure_text(a, FONT_BOLD, 32, w - 20, label, NULL);
    float h = 80 * draw_text_scale();
    if (h < lh + 24)
        h = lh + 24;
    if (primary)
        draw_fill(a, x, y, w, h, th->accent, 255);
    else
        draw_outline(a, x, y, w, h, 3, th->text, 255);
    draw_text(a, FONT_BOLD, 32, x + 10, y + (h - lh) / 2, w - 20, ALIGN_CENTER,
              primary ? on_colour(th->accent) : th->text, label);
    phit(a, x, y, w, h, k, n);
    return h;
}

/* The ring around the button Tab reached. */
static void focus_ring(app *a, float x, float y, float w, float h)
{
    draw_outline(a, x - 10, y - 10, w + 20, h + 20, 4, a->theme->heading, 255);
}

/* The key hint along the bottom; returns its top. */
static float bottom_hint(app *a, const char *s)
{
    float h = measure_text(a, FONT_BODY, 24, 1600, s, NULL);
    draw_text(a, FONT_BODY, 24, 160, CANVAS_H - 40 - h, 1600, ALIGN_LEFT, a->theme->muted, s);
    return CANVAS_H - 40 - h;
}

static void fmt_duration(const app *a, char *buf, size_t n, int64_t ms)
{
    long min = (long)(ms / 60000);
    if (min >= 60)
        snprintf(buf, n, TR(a, "%ld h %02ld min"), min / 60, min % 60);
    else if (min > 0)
        snprintf(buf, n, TRN(a, "%ld min", "%ld min", min), min);
    else
        snprintf(buf, n, TRN(a, "%ld s", "%ld s", ms / 1000), (long)(ms / 1000));
}

static void draw_chooser(app *a, progress_ui *p)
{
    const lectern_theme *th = a->theme;
    float k = draw_text_scale();
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, th->background, 255);
    draw_fill(a, 0, 0, 18, CANVAS_H, th->accent, 255);
    float hint_y = bottom_hint(a,
              TR(a, "\xE2\x86\x91\xE2\x86\x93: choose \xC2\xB7 Enter: start \xC2\xB7 N: new profile "
                   "\xC2\xB7 Esc: continue without saving"));
    float y = 110;
    y += draw_text(a, FONT_HEADING, 64 / k, 160, y, 1600, ALIGN_LEFT, th->heading,
                   TR(a, "Who is studying?"));   /* large already */
    y += 16 + draw_text(a, FONT_BODY, 28, 160, y + 16, 1600, ALIGN_LEFT, th->muted,
                        TR(a, "Your progress is saved on this computer under your name."));
    float top = y + 50, row_h = 86 * k;
    size_t rows = p->n_profiles + 1, first = 0;
    size_t visible = (size_t)((hint_y - 30 - top) / row_h);
    if (visible < 1)
        visible = 1;
    size_t cur = (size_t)p->cursor < rows ? (size_t)p->cursor : rows - 1;   /* skip: last row */
    if (cur >= visible)
        first = cur - visible + 1;
    for (size_t r = first; r < rows && r < first + visible; r++) {
        float ry = top + (float)(r - first) * row_h;
        int sel = (long)r == p->cursor;
        uint32_t bg = color_mix(th->background, th->text, sel ? 0.16f : 0.05f);
        draw_fill(a, 160, ry, 1000, row_h - 12, bg, 255);
        if (sel)
            draw_fill(a, 160, ry, 8, row_h - 12, th->accent, 255);
        float ty = ry + (row_h - 12 - measure_text(a, FONT_BODY, 34, 0, "Ag", NULL)) / 2;
        if (r < p->n_profiles) {
            const lectern_profile *pr = &p->profiles[r];
            float iw = 0;
            if (pr->identifier) {
                measure_text(a, FONT_BODY, 26, 0, pr->identifier, &iw);
                if (iw > 370)
                    iw = 370;
                draw_text(a, FONT_BODY, 26, 1130 - iw, ty + 6 * k, iw + 1, ALIGN_RIGHT,
                          th->muted, pr->identifier);
            }
            draw_text(a, sel ? FONT_BOLD : FONT_BODY, 34, 200, ty, 0, ALIGN_LEFT,
                      th->heading, pr->name);
            phit(a, 160, ry, 1000, row_h - 12, H_ROW, (long)r);
        } else {
            draw_text(a, FONT_BOLD, 34, 200, ty, 900, ALIGN_LEFT, th->accent,
                      TR(a, "+  New profile"));
            phit(a, 160, ry, 1000, row_h - 12, H_NEW, 0);
        }
    }
    float bh = button(a, 1240, top, 560, TR(a, "Continue without saving"), 0, H_SKIP, 0);
    if (p->cursor == (long)rows)     /* Tab reached the button */
        focus_ring(a, 1240, top, 560, bh);
    draw_text(a, FONT_BODY, 26, 1240, top + bh + 30, 560, ALIGN_LEFT, th->muted,
              lectern_text_get(lectern_course_title(a->course), a->lang, a->fallback));
}

/* A labelled text field at y; returns the height it took. */
static float field(app *a, float y, const char *label, const char *value, int on)
{
    const lectern_theme *th = a->theme;
    float lh = draw_text(a, FONT_BODY, 28, 160, y, 1000, ALIGN_LEFT, th->muted, label);
    float vh = measure_text(a, FONT_BODY, 36, 0, "Ag", NULL);
    float fh = vh + 36 > 84 ? vh + 36 : 84;
    uint32_t bg = color_mix(th->background, th->text, on ? 0.14f : 0.06f);
    draw_fill(a, 160, y + lh + 12, 1000, fh, bg, 255);
    if (on)
        draw_outline(a, 160, y + lh + 12, 1000, fh, 3, th->accent, 255);
    char buf[200];
    snprintf(buf, sizeof buf, "%s%s", value, on ? "_" : "");
    draw_text(a, FONT_BODY, 36, 190, y + lh + 12 + (fh - vh) / 2, 940, ALIGN_LEFT,
              th->heading, buf);
    return lh + 12 + fh;
}

static void draw_new(app *a, progress_ui *p)
{
    const lectern_theme *th = a->theme;
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, th->background, 255);
    draw_fill(a, 0, 0, 18, CANVAS_H, th->accent, 255);
    bottom_hint(a, TR(a, "Tab: next field \xC2\xB7 Enter: create \xC2\xB7 Esc: back"));
    float y = 110;
    y += 40 + draw_text(a, FONT_HEADING, 64 / draw_text_scale(), 160, y, 1600, ALIGN_LEFT,
                        th->heading, TR(a, "New profile"));   /* large already */
    y += 36 + field(a, y, TR(a, "Name"), p->name, p->field == 0);
    y += 36 + field(a, y, TR(a, "Identifier (optional: staff number, e-mail)"), p->ident,
                    p->field == 1);
    if (p->problem[0] && p->problem_code == 0)
        y += 20 + draw_text(a, FONT_BODY, 28, 160, y, 1600, ALIGN_LEFT, 0xff8a80, p->problem);
    y += 20;
    float bh = button(a, 160, y, 360, TR(a, "Create"), 1, H_CREATE, 0);
    button(a, 560, y, 360, TR(a, "Back"), 0, H_CANCEL, 0);
    if (p->field >= 2)      /* Tab moved past the fields onto a button */
        focus_ring(a, p->field == 2 ? 160 : 560, y, 360, bh);
}

static void draw_problem(app *a, progress_ui *p)
{
    const lectern_theme *th = a->theme;
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, th->background, 255);
    draw_fill(a, 0, 0, 18, CANVAS_H, 0xe53e3e, 255);
    int newer = p->problem_code == LECTERN_EUNSUPPORTED;
    float y = 140;
    y += draw_text(a, FONT_HEADING, 56, 160, y, 1600, ALIGN_LEFT, th->heading,
                   newer ? TR(a, "Your progress was saved by a newer Lectern") :
                           TR(a, "Your progress file is damaged"));
    y += 40;
    y += draw_text(a, FONT_BODY, 28, 160, y, 1600, ALIGN_LEFT, th->text, p->problem);
    y += 40;
    y += draw_text(a, FONT_BODY, 30, 160, y, 1600, ALIGN_LEFT, th->text, newer ?
        TR(a, "The file is left untouched. Update Lectern to keep recording, or continue "
             "without saving progress.") :
        TR(a, "Recover keeps the damaged file next to it (renamed, never deleted) and "
             "restores the latest good backup. Nothing is changed until you choose."));
    y += 60;
    if (!newer)
        button(a, 160, y, 520, TR(a, "Recover (R)"), 1,
               H_RECOVER, 0);
    button(a, newer ? 160 : 720, y, 620,
           TR(a, "Continue without saving (Esc)"),
           newer, H_SKIP, 0);
}

static void draw_summary(app *a, progress_ui *p)
{
    const lectern_theme *th = a->theme;
    const lectern_course *c = a->course;
    const lectern_course_progress *cp = progress_ui_refresh(a);
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, th->background, 255);
    draw_fill(a, 0, 0, 18, CANVAS_H, th->accent, 255);
    const char *title = lectern_text_get(lectern_course_title(c), a->lang, a->fallback);
    draw_text(a, FONT_BOLD, 26, 110, 60, 1200, ALIGN_LEFT, th->muted,
              TR(a, "YOUR PROGRESS"));
    draw_text(a, FONT_HEADING, 54, 110, 100, 1300, ALIGN_LEFT, th->heading, title);
    char buf[300];
    snprintf(buf, sizeof buf, "%s  \xC2\xB7  %s %s", p->profile_name ? p->profile_name : "",
             TR(a, "version"), lectern_course_version(c));
    draw_text(a, FONT_BODY, 30, 110, 180, 1300, ALIGN_LEFT, th->text, buf);
    if (!cp)
        return;
    /* four figures */
    int ex = 0, ex_passed = 0;
    for (size_t i = 0; i < cp->n_modules; i++) {
        ex += cp->modules[i].n_exercises;
        ex_passed += cp->modules[i].n_passed;
    }
    char f[4][64], l[4][64];
    snprintf(f[0], sizeof f[0], "%d %%", (int)(cp->fraction * 100 + 0.5));
    snprintf(l[0], sizeof l[0], "%s", cp->completed ? TR(a, "completed") :
             TR(a, "done"));
    snprintf(f[1], sizeof f[1], "%s", cp->success ? TR(a, "Passed") :
             cp->completed ? TR(a, "Not passed") : "\xE2\x80\x94");
    snprintf(l[1], sizeof l[1], "%s", TR(a, "success"));
    fmt_duration(a, f[2], sizeof f[2], cp->time_ms);
    snprintf(l[2], sizeof l[2], "%s", TR(a, "time spent"));
    snprintf(f[3], sizeof f[3], "%d / %d", ex_passed, ex);
    snprintf(l[3], sizeof l[3], "%s", TR(a, "exercises passed"));
    for (int k = 0; k < 4; k++) {
        float x = 110 + k * 430;
        uint32_t panel = color_mix(th->background, th->text, 0.06f);
        draw_fill(a, x, 250, 400, 150, panel, 255);
        draw_text(a, FONT_HEADING, 50, x + 30, 268, 360, ALIGN_LEFT,
                  k == 0 && cp->completed ? th->accent : th->heading, f[k]);
        draw_text(a, FONT_BODY, 26, x + 30, 344, 360, ALIGN_LEFT, th->muted, l[k]);
    }
    /* modules */
    float top = 440, row_h = 74;
    size_t visible = 6;
    for (size_t i = 0; i < cp->n_modules && i < visible; i++) {
        const lectern_module_progress *mp = &cp->modules[i];
        const lectern_module *m = lectern_course_module(c, i);
        float y = top + (float)i * row_h;
        snprintf(buf, sizeof buf, "%zu", i + 1);
        draw_text(a, FONT_BOLD, 28, 110, y + 6, 40, ALIGN_RIGHT, th->accent, buf);
        draw_text(a, FONT_BODY, 28, 180, y + 4, 820, ALIGN_LEFT, th->text,
                  lectern_text_get(&m->title, a->lang, a->fallback));
        draw_fill(a, 180, y + 50, 820, 6, color_mix(th->background, th->muted, 0.3f), 255);
        if (mp->fraction > 0)
            draw_fill(a, 180, y + 50, 820 * (float)mp->fraction, 6, th->accent, 255);
        snprintf(buf, sizeof buf, "%d / %d", mp->n_viewed + mp->n_attempted,
                 mp->n_views + mp->n_exercises);
        draw_text(a, FONT_BODY, 26, 1030, y + 8, 160, ALIGN_RIGHT, th->muted, buf);
        const char *state = mp->passed ? TR(a, "\xE2\x9C\x93 done \xC2\xB7 passed") :
                            mp->completed ? TR(a, "\xE2\x9C\x93 done") :
                            mp->n_review ? TR(a, "\xE2\x97\x8F to review") :
                            TR(a, "in progress");
        draw_text(a, FONT_BOLD, 26, 1230, y + 8, 300, ALIGN_LEFT,
                  mp->completed ? th->accent : th->muted, state);
        char t[32];
        fmt_duration(a, t, sizeof t, mp->time_ms);
        draw_text(a, FONT_BODY, 26, 1560, y + 8, 250, ALIGN_RIGHT, th->muted, t);
    }
    if (cp->n_modules > visible) {
        snprintf(buf, sizeof buf, TRN(a, "and %zu more module", "and %zu more modules", cp->n_modules - visible),
                 cp->n_modules - visible);
        draw_text(a, FONT_BODY, 24, 180, top + visible * row_h, 800, ALIGN_LEFT, th->muted, buf);
    }
    if (cp->completed)
        button(a, 110, 930, 520, TR(a, "Certificate (C)"), 1, H_CERT, 0);
    else
        draw_text(a, FONT_BODY, 26, 110, 950, 1000, ALIGN_LEFT, th->muted,
                  TR(a, "The certificate is available once every module is done."));
    button(a, 1400, 930, 410, TR(a, "Close (Esc)"), 0, H_CLOSE, 0);
}

static void draw_cert_screen(app *a, progress_ui *p)
{
    const lectern_theme *th = a->theme;
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, 0x2b2b2b, 255);
    char date[64];
    const lectern_course_progress *cp = progress_ui_refresh(a);
    certificate_date(a, cp && cp->completed_ms ? cp->completed_ms : pui_wall_ms(), date,
                     sizeof date);
    certificate_draw(a, 200, 40, 1520, 855, date);
    char buf[1400];
    /* the path is left to right in any UI (LEFT-TO-RIGHT MARKs around it
     * keep its leading slash in place in an Arabic line) */
    snprintf(buf, sizeof buf, "%s \xE2\x80\x8E%s\xE2\x80\x8E", TR(a, "Saved:"), p->cert_path);
    draw_text(a, FONT_BODY, 24, 200, 920, 1520, ALIGN_LEFT, 0xdddddd, buf);
    button(a, 1310, 970, 410, TR(a, "Close (Esc)"), 0, H_CLOSE, 0);
    (void)th;
}

void progress_ui_draw(app *a, const lectern_session_view *v)
{
    progress_ui *p = a->pui;
    n_phits = 0;
    if (!p)
        return;
    const lectern_theme *th = a->theme;
    if (p->mode == PUI_NONE && v->screen == LECTERN_SCREEN_SLIDE &&
        (progress_ui_item_flags(a, v->index) & PUI_F_BOOKMARK)) {
        /* a ribbon in the top corner at the end of the title line (the
         * slide's direction, not the UI's) */
        int was_mirrored = draw_mirrored();
        draw_set_mirror(layout_item_rtl(a, v->item));
        draw_fill(a, 1800, 0, 56, 80, th->accent, 255);
        draw_triangle(a, 1800, 80, 1856, 80, 1828, 60, th->background, 255);
        draw_set_mirror(was_mirrored);
    }
    if (p->recovered && v->screen == LECTERN_SCREEN_START) {
        /* a damaged store was recovered at open: a band above the title says so
         * (for the whole session; the details are in the log too) */
        draw_fill(a, 18, 0, CANVAS_W - 18, 100, 0xfff4d6, 255);
        draw_fill(a, 18, 0, 10, 100, 0xd69e2e, 255);
        draw_text(a, FONT_BOLD, 24, 60, 8, 1800, ALIGN_LEFT, 0x3d2b00,
                  ui_str(a, UI_RECOVERED));
        draw_text(a, FONT_BODY, 18, 60, 44, 1800, ALIGN_LEFT, 0x3d2b00, p->notice);
    }
    if (p->mode == PUI_NONE)
        return;
    a->n_hits = 0;       /* the screen on top takes every click */
    dim(a);
    float k = draw_text_scale();    /* the chooser and the form follow the text scale */
    if (p->mode != PUI_CHOOSER && p->mode != PUI_NEW)
        draw_set_text_scale(1);     /* fixed layouts (summary, certificate, problem) */
    switch (p->mode) {
    case PUI_CHOOSER: draw_chooser(a, p); break;
    case PUI_NEW: draw_new(a, p); break;
    case PUI_PROBLEM: draw_problem(a, p); break;
    case PUI_SUMMARY: draw_summary(a, p); break;
    case PUI_CERT: draw_cert_screen(a, p); break;
    default: break;
    }
    draw_set_text_scale(k);
}

void progress_ui_open_summary(app *a)
{
    progress_ui *p = a->pui;
    if (!progress_ui_active(a)) {
        lectern_session_notify(a->session, "%s", TR(a, "No profile chosen: progress is not saved"));
        return;
    }
    p->mode = PUI_SUMMARY;
    a->dirty = 1;
}

static void show_certificate(app *a)
{
    progress_ui *p = a->pui;
    lectern_error err = {0};
    char saved[1200];
    if (certificate_save(a, NULL, saved, sizeof saved, &err) < 0) {
        lectern_session_notify(a->session, "%s", err.msg);
        return;
    }
    snprintf(p->cert_path, sizeof p->cert_path, "%s", saved);
    p->mode = PUI_CERT;
    a->dirty = 1;
}

static void create_profile(app *a, progress_ui *p)
{
    lectern_error err = {0};
    p->problem[0] = '\0';
    p->problem_code = 0;
    if (progress_ui_use_profile(a, p->name, p->ident, &err) < 0)
        snprintf(p->problem, sizeof p->problem, "%s", err.msg);
}

static void chooser_pick(app *a, progress_ui *p, long row)
{
    if (row >= (long)p->n_profiles) {
        p->mode = PUI_NEW;
        p->name[0] = p->ident[0] = '\0';
        p->field = 0;
        p->problem[0] = '\0';
        SDL_StartTextInput();
    } else if (row >= 0) {
        progress_ui_use_index(a, (size_t)row);
    }
}

static void backspace(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80)
        n--;
    if (n > 0)
        n--;
    s[n] = '\0';
}

int progress_ui_key(app *a, SDL_Keycode key, uint16_t mod)
{
    progress_ui *p = a->pui;
    int ctrl = (mod & KMOD_CTRL) != 0;
    if (!p || p->mode == PUI_NONE) {
        if (mod & (KMOD_ALT | KMOD_GUI))
            return 0;
        lectern_session_view v;
        lectern_session_get_view(a->session, &v);
        /* exercises may take letters: there only Ctrl+B / Ctrl+S */
        int letters = ctrl || !(v.item && v.item->kind == LECTERN_ITEM_EXERCISE &&
                                v.screen == LECTERN_SCREEN_SLIDE);
        if (key == SDLK_b && letters && v.screen == LECTERN_SCREEN_SLIDE)
            return progress_ui_bookmark(a), 1;
        if (key == SDLK_s && letters && (v.screen == LECTERN_SCREEN_SLIDE ||
                                         v.screen == LECTERN_SCREEN_START)) {
            progress_ui_open_summary(a);
            return 1;
        }
        if (key == SDLK_p && !ctrl && v.screen == LECTERN_SCREEN_START && p) {
            progress_ui_start(a, NULL);   /* change trainee */
            return 1;
        }
        return 0;
    }
    a->dirty = 1;
    switch (p->mode) {
    case PUI_CHOOSER: {
        long rows = (long)p->n_profiles + 1;    /* and the skip button at row `rows` */
        if (key == SDLK_TAB)
            p->cursor = ((p->cursor + ((mod & KMOD_SHIFT) ? -1 : 1)) % (rows + 1) + rows + 1) %
                        (rows + 1);
        else if (key == SDLK_UP && p->cursor > 0)
            p->cursor = p->cursor > rows - 1 ? rows - 1 : p->cursor - 1;
        else if (key == SDLK_DOWN && p->cursor + 1 < rows)
            p->cursor++;
        else if ((key == SDLK_RETURN || key == SDLK_KP_ENTER || key == SDLK_SPACE) &&
                 p->cursor == rows)
            progress_ui_skip(a);
        else if (key == SDLK_RETURN || key == SDLK_KP_ENTER || key == SDLK_SPACE)
            chooser_pick(a, p, p->cursor);
        else if (key == SDLK_n)
            chooser_pick(a, p, rows - 1);
        else if (key == SDLK_ESCAPE)
            progress_ui_skip(a);
        return 1;
    }
    case PUI_NEW: {
        /* Tab: name, identifier, Create, Back; Up/Down: between the fields */
        char *f = p->field == 1 ? p->ident : p->name;
        if (key == SDLK_TAB)
            p->field = (p->field + ((mod & KMOD_SHIFT) ? 3 : 1)) % 4;
        else if (key == SDLK_DOWN || key == SDLK_UP)
            p->field = p->field == 0 ? 1 : 0;
        else if (key == SDLK_BACKSPACE && p->field < 2)
            backspace(f);
        else if ((key == SDLK_RETURN || key == SDLK_KP_ENTER) && p->field == 3)
            key = SDLK_ESCAPE;      /* Back has the focus */
        else if (key == SDLK_RETURN || key == SDLK_KP_ENTER)
            create_profile(a, p);
        if (key == SDLK_ESCAPE) {
            p->mode = PUI_CHOOSER;
            p->problem[0] = '\0';
        }
        if (p->mode != PUI_NEW)
            SDL_StopTextInput();
        return 1;
    }
    case PUI_PROBLEM:
        if (key == SDLK_r)
            progress_ui_recover(a);
        else if (key == SDLK_ESCAPE)
            progress_ui_skip(a);
        return 1;
    case PUI_SUMMARY:
        if (key == SDLK_c || key == SDLK_RETURN)
            show_certificate(a);
        else if (key == SDLK_ESCAPE || key == SDLK_s || key == SDLK_q)
            p->mode = PUI_NONE;
        return 1;
    case PUI_CERT:
        if (key == SDLK_ESCAPE || key == SDLK_RETURN || key == SDLK_c)
            p->mode = PUI_SUMMARY;
        return 1;
    default:
        return 0;
    }
}

void progress_ui_text(app *a, const char *utf8)
{
    progress_ui *p = a->pui;
    if (!p || p->mode != PUI_NEW || !utf8 || p->field >= 2)
        return;     /* a button has the focus: no typing */
    char *f = p->field ? p->ident : p->name;
    size_t n = strlen(f), k = strlen(utf8);
    if (n + k < 100) {
        memcpy(f + n, utf8, k + 1);
        a->dirty = 1;
    }
}

int progress_ui_click(app *a, int x, int y, int button)
{
    progress_ui *p = a->pui;
    if (!p || p->mode == PUI_NONE)
        return 0;
    if (button != SDL_BUTTON_LEFT)
        return 1;
    SDL_Point pt = { x, y };
    for (int i = n_phits - 1; i >= 0; i--) {
        if (!SDL_PointInRect(&pt, &phits[i].r))
            continue;
        a->dirty = 1;
        switch (phits[i].kind) {
        case H_ROW: p->cursor = phits[i].n; chooser_pick(a, p, phits[i].n); break;
        case H_NEW: chooser_pick(a, p, (long)p->n_profiles); break;
        case H_CREATE: create_profile(a, p); break;
        case H_CANCEL: p->mode = PUI_CHOOSER; break;
        case H_RECOVER: progress_ui_recover(a); break;
        case H_SKIP: progress_ui_skip(a); break;
        case H_CERT: show_certificate(a); break;
        case H_CLOSE: p->mode = p->mode == PUI_CERT ? PUI_SUMMARY : PUI_NONE; break;
        }
        return 1;
    }
    return 1;
}
