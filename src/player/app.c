/* The app: owns the output (a window, or an offscreen software target for
 * headless runs), turns input into session commands, carries out the
 * session's requests (fullscreen, screenshot), prefetches images around the
 * current item and draws the session view each frame. */
#include <SDL_image.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "exercise_view.h"
#include "lectern/log.h"
#include "deliver.h"
#include "library_ui.h"
#include "player.h"
#include "progress_ui.h"

static int make_renderer(app *a, lectern_error *err)
{
    if (a->win) {
        a->ren = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_ACCELERATED);
        if (!a->ren)
            a->ren = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
    } else {
        a->ren = SDL_CreateSoftwareRenderer(a->target);
    }
    if (!a->ren)
        return lectern_error_set(err, LECTERN_EIO, "cannot create a renderer: %s",
                                 SDL_GetError());
    return 0;
}

static void apply_fullscreen(app *a);

int app_output_open(app *a, int win, int w, int h, lectern_error *err)
{
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    if (win) {
        a->win = SDL_CreateWindow("Lectern", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                  w, h, SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
        if (!a->win)
            return lectern_error_set(err, LECTERN_EIO, "cannot open a window: %s",
                                     SDL_GetError());
        SDL_SetWindowMinimumSize(a->win, 320, 180);
        if (a->fullscreen)
            apply_fullscreen(a);
    } else {
        a->target = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!a->target)
            return lectern_error_set(err, LECTERN_ENOMEM, "cannot create a %dx%d target: %s",
                                     w, h, SDL_GetError());
    }
    int rc = make_renderer(a, err);
    if (rc < 0)
        return rc;
    app_output_size(a, &w, &h);
    canvas_fit(&a->cv, w, h);
    a->dirty = 1;
    return 0;
}

void app_output_size(app *a, int *w, int *h)
{
    if (!a->ren || SDL_GetRendererOutputSize(a->ren, w, h) < 0) {
        *w = a->target ? a->target->w : 1280;
        *h = a->target ? a->target->h : 720;
    }
}

int app_output_resize(app *a, int w, int h, lectern_error *err)
{
    if (w < 16 || h < 16 || w > 16384 || h > 16384)
        return lectern_error_set(err, LECTERN_EINVAL, "bad size %dx%d", w, h);
    if (a->win) {
        SDL_SetWindowSize(a->win, w, h);
    } else {
        /* a software renderer draws into one surface: make both anew */
        if (a->text)
            textsys_flush_textures(a->text);
        if (a->images)
            images_flush_textures(a->images);
        if (a->video && a->video->vt->flush_textures)
            a->video->vt->flush_textures(a->video);
        SDL_DestroyRenderer(a->ren);
        a->ren = NULL;
        SDL_FreeSurface(a->target);
        a->target = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!a->target)
            return lectern_error_set(err, LECTERN_ENOMEM, "cannot create a %dx%d target", w, h);
        int rc = make_renderer(a, err);
        if (rc < 0)
            return rc;
        a->prefetch_valid = 0;
    }
    app_output_size(a, &w, &h);
    canvas_fit(&a->cv, w, h);
    a->dirty = 1;
    return 0;
}

void app_output_close(app *a)
{
    if (a->ren)
        SDL_DestroyRenderer(a->ren);
    if (a->win)
        SDL_DestroyWindow(a->win);
    if (a->target)
        SDL_FreeSurface(a->target);
    a->ren = NULL;
    a->win = NULL;
    a->target = NULL;
}

void app_register_hit(app *a, SDL_Rect r, lectern_cmd cmd)
{
    if (a->n_hits < APP_MAX_HITS)
        a->hits[a->n_hits++] = (hit_region){ draw_mirror_rect(a, r), cmd };
}

void app_warn_once(app *a, const char *key, const char *fmt, ...)
{
    for (size_t i = 0; i < a->n_warned; i++)
        if (strcmp(a->warned[i], key) == 0)
            return;
    char **nw = realloc(a->warned, (a->n_warned + 1) * sizeof *nw);
    if (nw) {
        a->warned = nw;
        a->warned[a->n_warned] = strdup(key);
        if (a->warned[a->n_warned])
            a->n_warned++;
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    LOG_WARN("player", "%s", msg);
}

const char *app_item_image(const app *a, const lectern_item *it)
{
    if (!it)
        return NULL;
    if (it->kind == LECTERN_ITEM_VIDEO)
        return it->poster;
    if (it->kind == LECTERN_ITEM_SLIDE && (it->layout == LECTERN_LAYOUT_IMAGE ||
                                           it->layout == LECTERN_LAYOUT_IMAGE_TEXT))
        return lectern_item_image(it, a->lang, a->fallback);
    return NULL;
}

static void want_around(app *a, size_t index)
{
    size_t n = a->course ? lectern_course_n_items(a->course) : 0;
    if (!n || !a->images)
        return;
    const char *paths[4];
    size_t k = 0;
    long order[4] = { 0, 1, -1, 2 };
    for (int i = 0; i < 4; i++) {
        long j = (long)index + order[i];
        if (j < 0 || (size_t)j >= n)
            continue;
        const char *p = app_item_image(a, lectern_course_item(a->course, (size_t)j));
        if (p)
            paths[k++] = p;
    }
    images_want(a->images, paths, k);
}

void app_prefetch(app *a)
{
    if (!a->session)
        return;
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    if (a->prefetch_valid && a->last_prefetch_index == v.index)
        return;
    a->last_prefetch_index = v.index;
    a->prefetch_valid = 1;
    want_around(a, v.index);
}

void app_idle(app *a)
{
    if (a->images && a->ren && images_pump(a->images, a->ren) > 0)
        a->dirty = 1;   /* the image on screen may have arrived */
    app_warm(a);
}

void app_warm(app *a)
{
    if (!a->session || !a->ren || !a->course)
        return;
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    if (v.base != LECTERN_SCREEN_SLIDE || (a->warmed_valid && a->warmed_index == v.index))
        return;
    a->warmed_index = v.index;
    a->warmed_valid = 1;
    int overflow = a->slide_overflow, hits = a->n_hits;
    a->warming = 1;
    text_set_prepare_only(a->text, 1);
    long order[2] = { 1, -1 };
    for (int i = 0; i < 2; i++) {
        long j = (long)v.index + order[i];
        if (j >= 0 && (size_t)j < v.n_items)
            layout_draw_item(a, lectern_course_item(a->course, (size_t)j), (size_t)j);
    }
    text_set_prepare_only(a->text, 0);
    a->warming = 0;
    a->slide_overflow = overflow;
    a->n_hits = hits;
}

void app_wait_current(app *a)
{
    if (!a->session || !a->images)
        return;
    app_prefetch(a);
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    const char *p = app_item_image(a, v.item);
    if (p && v.screen != LECTERN_SCREEN_START)
        images_wait(a->images, a->ren, p, 10000);
}

void app_render_item(app *a, size_t index)
{
    a->n_hits = 0;
    if (!a->ren)
        return;
    SDL_SetRenderDrawColor(a->ren, 0, 0, 0, 255);
    SDL_RenderClear(a->ren);
    const lectern_item *it = lectern_course_item(a->course, index);
    layout_draw_item(a, it, index);
}

void app_render(app *a)
{
    access_frame(a);   /* high-contrast theme when set */
    a->n_hits = 0;
    if (!a->ren)
        return;
    int w, h;
    app_output_size(a, &w, &h);
    if (w != a->cv.out_w || h != a->cv.out_h)
        canvas_fit(&a->cv, w, h);
    /* uploads happen here only when the item on screen waits for its image;
     * prefetched ones are uploaded in idle time (app_idle) */
    if (a->images && a->session) {
        lectern_session_view cv;
        lectern_session_get_view(a->session, &cv);
        const char *p = cv.base == LECTERN_SCREEN_SLIDE ? app_item_image(a, cv.item) : NULL;
        if (p && images_get(a->images, p, NULL, NULL, NULL, NULL) == IMG_PENDING)
            images_pump(a->images, a->ren);
    }
    SDL_SetRenderDrawColor(a->ren, 0, 0, 0, 255);
    SDL_RenderClear(a->ren);   /* letterbox bars stay black */
    int deliver_drew = a->deliver && deliver_draw(a);
    if (deliver_drew) {
        /* trainer mode drew the frame (presenter view, or a segment card) */
    } else if (a->error_text) {
        int rtl = bidi_lang_is_rtl(ui_lang(a));
        draw_set_mirror(rtl);   /* right-to-left UI: mirrored */
        /* the message often starts with a file name (Latin): a RIGHT-TO-LEFT
         * MARK makes it one right-to-left paragraph, names embedded */
        char body[LECTERN_ERROR_MSG_MAX + 1500];
        snprintf(body, sizeof body, "%s%s", rtl ? "\xE2\x80\x8F" : "", a->error_text);
        screen_error(a, ui_str(a, UI_ERROR_TITLE), body);
        draw_set_mirror(0);
    } else if (!a->session) {
        /* --watch on a course broken from the start: only its mistakes, below */
        draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, a->default_theme.background, 255);
    } else {
        lectern_session_view v;
        lectern_session_get_view(a->session, &v);
        video_ui_update(a, &v);     /* opens or closes the item's video */
        float k = access_text_scale();     /* the player's own screens follow it */
        if (v.base == LECTERN_SCREEN_SLIDE) {
            layout_draw_item(a, v.item, v.index);
            a->n_hits = 0;     /* slide hits are halves, handled in app_click */
        } else {
            draw_set_mirror(bidi_lang_is_rtl(ui_lang(a)));   /* right-to-left menus */
            draw_set_text_scale(k);
            screen_start(a, &v);
        }
        draw_set_mirror(bidi_lang_is_rtl(ui_lang(a)));
        draw_set_text_scale(k);
        if (v.toc_open) {
            a->n_hits = 0;
            screen_toc(a, &v);
        }
        if (v.screen == LECTERN_SCREEN_CONFIRM_QUIT && !deliver_owns_dialogs(a)) {
            a->n_hits = 0;
            screen_confirm_quit(a, &v);
        }
        draw_set_text_scale(1);
        library_ui_draw(a, &v);     /* trust banner, updated mark, what's new */
        draw_set_text_scale(k);
        progress_ui_draw(a, &v);    /* bookmark mark; chooser, summary, certificate */
        draw_set_mirror(0);
        if (a->show_chrome)
            screen_chrome(a, &v);
        a->drawn_generation = v.generation;
        draw_set_text_scale(1);
    }
    watch_ui_draw(a);               /* --watch: the course's mistakes */
    if (a->show_chrome)
        deliver_draw_over(a);
    if (!a->error_text && !(a->deliver && deliver_drew)) {
        draw_set_text_scale(access_text_scale());
        search_ui_draw(a);          /* the `/` box, over everything else */
        draw_set_text_scale(1);
    }
    SDL_RenderPresent(a->ren);
    a->dirty = 0;
}

void app_mkdirs(const char *path)
{
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(tmp, 0755);
            *p = '/';
        }
    }
    mkdir(tmp, 0755);
}

SDL_Surface *app_capture(app *a, lectern_error *err)
{
    int w, h;
    app_output_size(a, &w, &h);
    /* RGB: the frame is opaque, and the PNG is smaller and quicker without alpha */
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24);
    if (!s) {
        lectern_error_set(err, LECTERN_ENOMEM, "screenshot: %s", SDL_GetError());
        return NULL;
    }
    if (SDL_RenderReadPixels(a->ren, NULL, SDL_PIXELFORMAT_RGB24, s->pixels, s->pitch) < 0) {
        lectern_error_set(err, LECTERN_EIO, "screenshot: cannot read pixels: %s",
                          SDL_GetError());
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}

int app_screenshot(app *a, const char *path, char *saved, size_t saved_len,
                   lectern_error *err)
{
    char auto_path[1400];
    if (!path) {
        char dir[1100];
        snprintf(dir, sizeof dir, "%s/screenshots", a->data_dir);
        app_mkdirs(dir);
        time_t t = time(NULL);
        struct tm tm;
        localtime_r(&t, &tm);
        char stamp[32];
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
        lectern_session_view v;
        lectern_session_get_view(a->session, &v);
        const char *what = v.screen == LECTERN_SCREEN_SLIDE && v.item ? v.item->id :
                           lectern_screen_name(v.screen);
        for (int k = 0; k < 100; k++) {
            if (k == 0)
                snprintf(auto_path, sizeof auto_path, "%s/lectern-%s-%s.png", dir, stamp, what);
            else
                snprintf(auto_path, sizeof auto_path, "%s/lectern-%s-%s-%d.png", dir, stamp,
                         what, k);
            struct stat st;
            if (stat(auto_path, &st) != 0)
                break;
        }
        path = auto_path;
    }
    SDL_Surface *s = app_capture(a, err);
    if (!s)
        return err ? err->code : LECTERN_EIO;
    int rc = 0;
    if (IMG_SavePNG(s, path) < 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "screenshot: cannot write %s: %s", path,
                               IMG_GetError());
        goto done;
    }
    if (saved)
        snprintf(saved, saved_len, "%s", path);
done:
    SDL_FreeSurface(s);
    return rc;
}

/* Desktop fullscreen; without a window manager (bare X server, kiosk) the
 * request alone does not move the window, so place it on the display too. */
static void apply_fullscreen(app *a)
{
    static SDL_Rect windowed = { SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 720 };
    if (!a->win)
        return;
    if (a->fullscreen) {
        if (!(SDL_GetWindowFlags(a->win) & SDL_WINDOW_FULLSCREEN_DESKTOP)) {
            SDL_GetWindowPosition(a->win, &windowed.x, &windowed.y);
            SDL_GetWindowSize(a->win, &windowed.w, &windowed.h);
        }
        SDL_SetWindowFullscreen(a->win, SDL_WINDOW_FULLSCREEN_DESKTOP);
        SDL_Rect b;
        int d = SDL_GetWindowDisplayIndex(a->win);
        if (SDL_GetDisplayBounds(d < 0 ? 0 : d, &b) == 0) {
            SDL_SetWindowPosition(a->win, b.x, b.y);
            SDL_SetWindowSize(a->win, b.w, b.h);
        }
    } else {
        SDL_SetWindowFullscreen(a->win, 0);
        SDL_SetWindowSize(a->win, windowed.w, windowed.h);
        SDL_SetWindowPosition(a->win, windowed.x, windowed.y);
    }
}

static void toggle_fullscreen(app *a)
{
    a->fullscreen = !a->fullscreen;
    apply_fullscreen(a);
    a->dirty = 1;
}

int app_command(app *a, const lectern_cmd *cmd)
{
    if (!a->session)
        return 0;
    /* the session's messages in the UI language (a reload makes a new session) */
    lectern_session_set_translator(a->session, ui_session_translate, a);
    int rc = lectern_session_handle(a->session, cmd);
    unsigned req = lectern_session_take_requests(a->session);
    if (req & LECTERN_REQ_FULLSCREEN)
        toggle_fullscreen(a);
    if (req & LECTERN_REQ_SCREENSHOT) {
        /* the frame on screen, without the message that is about to appear */
        app_render(a);
        char saved[1200];
        lectern_error err = {0};
        if (app_screenshot(a, NULL, saved, sizeof saved, &err) == 0) {
            LOG_INFO("player", "screenshot saved: %s", saved);
            lectern_session_notify(a->session, "%s%s", ui_gettext(a, N_("Screenshot saved: ")),
                                   saved);
        } else {
            LOG_WARN("player", "%s", err.msg);
            lectern_session_notify(a->session, "%s", err.msg);
        }
    }
    deliver_after_command(a);
    app_prefetch(a);
    a->dirty = 1;
    return rc;
}

int app_key(app *a, SDL_Keycode key, uint16_t mod)
{
    if (!a->session)
        return 0;
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    if (exercise_ui_typing(a) && exercise_ui_key(a, key, mod))
        return 1;                   /* an exercise's text field has the keys */
    if (access_key(a, key, mod))    /* Ctrl+=/-/0 text scale, Ctrl+H high contrast */
        return 1;
    if (deliver_key(a, key, mod))   /* trainer mode first (video keys inside) */
        return 1;
    if (progress_ui_key(a, key, mod))
        return 1;
    if (library_ui_key(a, key, mod))
        return 1;
    if (search_ui_key(a, key, mod))
        return 1;
    if (video_ui_key(a, key, mod))
        return 1;
    if (exercise_ui_key(a, key, mod))
        return 1;
    lectern_cmd c = keymap_lookup(v.screen, key, mod);
    if (c.kind == LECTERN_CMD_NONE)
        return 0;
    app_command(a, &c);
    return 1;
}

void app_click(app *a, int x, int y, int button)
{
    if (!a->session)
        return;
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    if (progress_ui_click(a, x, y, button))
        return;
    if (library_ui_click(a, x, y, button))
        return;
    if (search_ui_click(a, x, y, button))
        return;
    if (video_ui_click(a, x, y, button))
        return;
    if (exercise_ui_click(a, x, y, button))
        return;
    if (v.screen == LECTERN_SCREEN_SLIDE) {
        lectern_cmd c = lectern_cmd_make(button == SDL_BUTTON_RIGHT || x < a->cv.out_w / 2 ?
                                         LECTERN_CMD_PREV : LECTERN_CMD_NEXT, 0);
        app_command(a, &c);
        return;
    }
    if (button != SDL_BUTTON_LEFT)
        return;
    SDL_Point p = { x, y };
    for (int i = a->n_hits - 1; i >= 0; i--) {
        if (SDL_PointInRect(&p, &a->hits[i].r)) {
            lectern_cmd c = a->hits[i].cmd;
            app_command(a, &c);
            return;
        }
    }
    /* a click outside the TOC panel closes it */
    if (v.screen == LECTERN_SCREEN_TOC) {
        SDL_Rect panel = canvas_rect(&a->cv, 260, 50, 1400, 980);
        if (!SDL_PointInRect(&p, &panel)) {
            lectern_cmd c = lectern_cmd_make(LECTERN_CMD_TOC_CLOSE, 0);
            app_command(a, &c);
        }
    }
}

void app_wheel(app *a, int dy)
{
    if (!a->session || dy == 0 || search_ui_wheel(a, dy))
        return;
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    lectern_cmd c;
    if (v.screen == LECTERN_SCREEN_SLIDE)
        c = lectern_cmd_make(dy > 0 ? LECTERN_CMD_PREV : LECTERN_CMD_NEXT, 0);
    else if (v.screen == LECTERN_SCREEN_TOC || v.screen == LECTERN_SCREEN_START)
        c = lectern_cmd_make(LECTERN_CMD_MOVE, dy > 0 ? -3 : 3);
    else
        return;
    app_command(a, &c);
}
