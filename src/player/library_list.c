/* The library overlay (L on the start screen; shown by itself when the player
 * starts without a course and several are installed): every installed course
 * with its version, layers and trust. Choosing another course restarts the
 * player on it (exec), so every subsystem starts clean on the new course. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lectern/log.h"
#include "library_ui_internal.h"

void library_list_clear(library_ui *l)
{
    lectern_library_courses_free(l->all, l->n_all);
    l->all = NULL;
    l->n_all = 0;
    l->listed = 0;
}

static void list(library_ui *l)
{
    if (l->listed)
        return;
    lectern_error err = {0};
    if (lectern_library_list(l->data_dir, l->config_dir, &l->all, &l->n_all, &err) < 0) {
        LOG_WARN("library", "%s", err.msg);
        l->all = NULL;
        l->n_all = 0;
    }
    l->listed = 1;
}

void library_list_open(app *a)
{
    library_ui *l = a->lib;
    list(l);
    l->list_open = 1;
    l->list_cursor = 0;
    for (size_t i = 0; i < l->n_all; i++)
        if (strcmp(l->all[i].id, l->course_id) == 0)
            l->list_cursor = (long)i;
    a->dirty = 1;
}

float library_list_button(app *a, float x, float y)
{
    library_ui *l = a->lib;
    const lectern_theme *th = a->theme;
    list(l);
    char s[160];
    snprintf(s, sizeof s, TR(a, "Library \xC2\xB7 %zu  (L)"), l->n_all);
    float w = 0;
    measure_text(a, FONT_BOLD, 26, 0, s, &w);
    draw_outline(a, x, y, w + 50, 54, 3, th->muted, 255);
    draw_text(a, FONT_BOLD, 26, x + 25, y + 12, 0, ALIGN_LEFT, th->text, s);
    return w + 50;
}

static uint32_t trust_colour(lectern_trust t)
{
    return t == LECTERN_TRUST_TRUSTED ? 0x48bb78 : 0xed8936;
}

void library_list_draw(app *a)
{
    library_ui *l = a->lib;
    const lectern_theme *th = a->theme;
    if (a->ren) {
        SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(a->ren, 0, 0, 0, 170);
        SDL_RenderFillRect(a->ren, NULL);
    }
    float px = 260, pw = 1400, py = 50, ph = 980;
    uint32_t panel = color_mix(th->background, 0x000000, 0.25f);
    draw_fill(a, px, py, pw, ph, panel, 250);
    draw_fill(a, px, py, pw, 8, th->accent, 255);
    draw_text(a, FONT_HEADING, 44, px + 50, py + 30, 700, ALIGN_LEFT, th->heading,
              TR(a, "Library"));
    draw_text(a, FONT_BODY, 22, px + 600, py + 46, pw - 650, ALIGN_RIGHT, th->muted,
              TR(a, "\xE2\x86\x91\xE2\x86\x93 choose  \xC2\xB7  Enter: open  \xC2\xB7  Esc: close"));
    float top = py + 120, row_h = 120;
    if (!l->n_all) {
        draw_text(a, FONT_BODY, 28, px + 50, top, pw - 100, ALIGN_LEFT, th->text,
                  TR(a, "No courses installed. Add one with: lectern install FILE"));
        return;
    }
    size_t visible = (size_t)((ph - 150) / row_h), first = 0;
    if ((size_t)l->list_cursor >= visible)
        first = (size_t)l->list_cursor - visible + 1;
    for (size_t i = first; i < l->n_all && i < first + visible; i++) {
        const lectern_library_course *c = &l->all[i];
        float y = top + (float)(i - first) * row_h;
        if ((long)i == l->list_cursor)
            draw_fill(a, px + 30, y - 6, pw - 60, row_h - 12, color_mix(panel, th->accent, 0.28f),
                      255);
        int cur = strcmp(c->id, l->course_id) == 0;
        char t[400];
        snprintf(t, sizeof t, "%s%s", cur ? "\xE2\x96\xB6 " : "", c->title ? c->title : c->id);
        draw_text(a, FONT_BOLD, 32, px + 60, y + 4, pw - 460, ALIGN_LEFT, th->heading, t);
        char layers[300];
        int n = snprintf(layers, sizeof layers, "%s  \xC2\xB7  %s %s", c->id,
                         TR(a, "version"), c->version);
        if (c->n_addenda && n > 0 && (size_t)n < sizeof layers)
            snprintf(layers + n, sizeof layers - (size_t)n,
                     TRN(a, "  (%s + %zu update)", "  (%s + %zu updates)", c->n_addenda), c->base_version,
                     c->n_addenda);
        draw_text(a, FONT_BODY, 24, px + 60, y + 52, pw - 460, ALIGN_LEFT, th->muted, layers);
        draw_text(a, FONT_BOLD, 24, px + pw - 420, y + 16, 360, ALIGN_RIGHT,
                  trust_colour(c->trust), library_ui_trust_words(a, c->trust));
        SDL_Rect r = draw_mirror_rect(a, canvas_rect(&a->cv, px + 30, y - 6, pw - 60, row_h - 12));
        if (l->n_hits < MAX_HITS) {
            l->hit[l->n_hits] = r;
            l->hit_row[l->n_hits++] = (long)i;
        }
    }
}

/* Opens course i: the same course closes the list; another restarts the
 * player on it with the same data and config folders. */
static void choose(app *a, long i)
{
    library_ui *l = a->lib;
    if (i < 0 || (size_t)i >= l->n_all)
        return;
    l->list_open = 0;
    a->dirty = 1;
    const char *id = l->all[i].id;
    if (strcmp(id, l->course_id) == 0)
        return;
    if (!a->win) {     /* headless runs do not restart */
        lectern_session_notify(a->session, "%s: %s", TR(a, "Open"), id);
        return;
    }
    char *args[10];
    int n = 0;
    args[n++] = (char *)"lectern";
    args[n++] = (char *)id;
    args[n++] = (char *)"--data-dir";
    args[n++] = l->data_dir;
    args[n++] = (char *)"--config-dir";
    args[n++] = l->config_dir;
    if (l->strict)
        args[n++] = (char *)"--strict";
    if (a->fullscreen)
        args[n++] = (char *)"--fullscreen";
    args[n] = NULL;
    LOG_INFO("library", "opening %s (restarting the player)", id);
    execv("/proc/self/exe", args);
    LOG_WARN("library", "cannot restart the player on %s", id);
    lectern_session_notify(a->session, "lectern %s", id);
}

int library_list_key(app *a, SDL_Keycode key)
{
    library_ui *l = a->lib;
    switch (key) {
    case SDLK_UP:
        l->list_cursor -= l->list_cursor > 0;
        break;
    case SDLK_DOWN:
        l->list_cursor += (size_t)l->list_cursor + 1 < l->n_all;
        break;
    case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_RIGHT: case SDLK_SPACE:
        choose(a, l->list_cursor);
        break;
    case SDLK_f: case SDLK_F11: case SDLK_F12:
        return 0;
    case SDLK_ESCAPE: case SDLK_LEFT: case SDLK_l:
        l->list_open = 0;
        break;
    default:
        break;
    }
    a->dirty = 1;
    return 1;
}

int library_list_click(app *a, int x, int y)
{
    library_ui *l = a->lib;
    SDL_Point p = { x, y };
    for (int i = 0; i < l->n_hits; i++)
        if (SDL_PointInRect(&p, &l->hit[i])) {
            choose(a, l->hit_row[i]);
            return 1;
        }
    l->list_open = 0;
    a->dirty = 1;
    return 1;
}
