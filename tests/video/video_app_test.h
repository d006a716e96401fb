/* Shared by the player's video tests (test_video_ui.c, test_video_controls.c):
 * one app `a` on the offscreen renderer with the libvlc backend, opening a
 * course into it, rendering until a condition holds, reading pixels back,
 * going to an item and keeping screenshots (LECTERN_VIDEO_SHOTS=DIR). Each
 * test program includes it once. */
#ifndef VIDEO_APP_TEST_H
#define VIDEO_APP_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "player.h"

#define W 960
#define H 540
#define WAIT_MS 15000       /* fail-safe only */

static app a;

/* SDL's events and SDL_ttf, the app's reader lock and wake event, the
 * chrome shown. 0, or -1. */
static inline int vt_init(void)
{
    if (SDL_Init(SDL_INIT_EVENTS) < 0 || TTF_Init() < 0)
        return -1;
    a.show_chrome = 1;
    a.reader_lock = SDL_CreateMutex();
    a.wake_event = SDL_RegisterEvents(1);
    return a.reader_lock ? 0 : -1;
}

/* Opens a course (folder or package) with its session, text and images
 * (a cache of image_bytes). 0, or -1 after printing why. */
static inline int vt_open_course(const char *path, size_t image_bytes)
{
    lectern_error err = { 0 };
    if (lectern_reader_open(path, 0, &a.reader, &err) < 0 ||
        lectern_course_load(a.reader, &a.course, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    a.theme = lectern_course_theme(a.course);
    a.lang = a.fallback = lectern_course_default_lang(a.course);
    if (textsys_create(a.reader, a.reader_lock, a.theme, &a.text, &err) < 0 ||
        lectern_session_create(a.course, &a.session, &err) < 0 ||
        images_create(a.reader, a.reader_lock, a.wake_event, image_bytes, &a.images) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

/* The libvlc backend, the video UI and a W x H offscreen output. 0, or -1
 * after printing why. */
static inline int vt_open_output(void)
{
    lectern_error err = { 0 };
    a.video = video_vlc_create(a.wake_event, &err);
    a.vui = video_ui_create();
    if (!a.video || !a.vui || app_output_open(&a, 0, W, H, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static inline video_state state_now(void)
{
    return a.video->vt->state(a.video, NULL);
}

static inline int is_paused(void)
{
    return state_now() == VIDEO_PAUSED;
}

/* Renders until pred holds, as the player's loop does on wake events; 0
 * when it did not within WAIT_MS. */
static inline int run_until(int (*pred)(void))
{
    uint32_t t0 = SDL_GetTicks();
    while (SDL_GetTicks() - t0 < WAIT_MS) {
        app_render(&a);
        if (pred())
            return 1;
        SDL_Event ev;
        SDL_WaitEventTimeout(&ev, 20);
    }
    return 0;
}

/* The output's pixel at x,y as 0xRRGGBB. */
static inline uint32_t pixel(int x, int y)
{
    uint32_t px = 0;
    SDL_Rect r = { x, y, 1, 1 };
    SDL_RenderReadPixels(a.ren, &r, SDL_PIXELFORMAT_ARGB8888, &px, 4);
    return px & 0xFFFFFF;
}

static inline void go(const char *id)
{
    lectern_cmd c = lectern_cmd_make_id(LECTERN_CMD_GOTO, id);
    assert_true(app_command(&a, &c) >= 0);
    app_render(&a);
}

/* With LECTERN_VIDEO_SHOTS=DIR, a screenshot as DIR/name (to look at). */
static inline void keep_shot(const char *name)
{
    const char *out = getenv("LECTERN_VIDEO_SHOTS");
    if (!out)
        return;
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", out, name);
    lectern_error err = { 0 };
    assert_int_equal(app_screenshot(&a, path, NULL, 0, &err), 0);
}

#endif
