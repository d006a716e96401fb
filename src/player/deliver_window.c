/* Trainer mode outputs: with two displays the presenter gets its own window
 * (own renderer, text and image caches, sharing the course and session) on
 * the first display while the app's window goes fullscreen on the second as
 * the projector; the optional beep when a segment ends; and the start
 * screen's "Deliver a plan" picker. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deliver.h"
#include "lectern/log.h"

#define PRES_IMAGE_BUDGET (24u << 20)

static int pres_dirty;
static SDL_AudioDeviceID beep_dev;

void deliver_windows_open(app *a, deliver *dl)
{
    if (!a->win)
        return;
    const char *one = getenv("LECTERN_ONE_WINDOW");
    /* LECTERN_TWO_WINDOWS=1: two windows side by side on one display (a wide
     * virtual screen, e.g. Xvfb, where SDL sees one display) */
    const char *two = getenv("LECTERN_TWO_WINDOWS");
    int forced = two && *two && strcmp(two, "0") != 0;
    int n = SDL_GetNumVideoDisplays();
    LOG_INFO("deliver", "%d display%s%s", n, n == 1 ? "" : "s", forced ? " (two windows forced)" : "");
    if ((n < 2 && !forced) || (one && *one && strcmp(one, "0") != 0))
        return;
    app *p = calloc(1, sizeof *p);
    if (!p)
        return;
    p->reader = a->reader;
    p->course = a->course;
    p->session = a->session;
    p->reader_lock = a->reader_lock;
    p->default_theme = a->default_theme;
    p->theme = a->theme;
    p->lang = a->lang;
    p->fallback = a->fallback;
    p->show_chrome = 1;
    p->wake_event = a->wake_event;
    p->deliver = dl;
    p->clock_ms = a->clock_ms;
    snprintf(p->data_dir, sizeof p->data_dir, "%s", a->data_dir);
    lectern_error err = {0};
    SDL_Rect b0, b1;
    SDL_GetDisplayBounds(0, &b0);
    if (n >= 2) {
        SDL_GetDisplayBounds(1, &b1);
        /* displays at overlapping places are separate X screens (Xvfb's
         * -screen 0 -screen 1, "Zaphod" set-ups): a window cannot move from
         * one to the other, and SDL makes every window on the first */
        if (SDL_HasIntersection(&b0, &b1) && !forced) {
            LOG_WARN("deliver", "displays 0 (%dx%d) and 1 (%dx%d) are separate screens at the "
                     "same place; a window cannot be put on the second: one window, Tab "
                     "switches views (join the monitors into one screen, e.g. with xrandr)",
                     b0.w, b0.h, b1.w, b1.h);
            free(p);
            return;
        }
    } else {   /* forced: presenter 1280x720 on the left, projector on the rest */
        b1 = b0;
        b0.w = b0.w >= 2560 ? 1280 : b0.w / 2;
        b0.h = b0.w * 9 / 16;
        b1.x += b0.w;
        b1.w -= b0.w;
    }
    if (app_output_open(p, 1, b0.w, b0.h, &err) < 0 ||
        textsys_create(a->reader, a->reader_lock, a->theme, &p->text, &err) < 0 ||
        images_create(a->reader, a->reader_lock, a->wake_event, PRES_IMAGE_BUDGET,
                      &p->images) < 0) {
        LOG_WARN("deliver", "no presenter window (%s): one window, Tab switches views",
                 err.msg[0] ? err.msg : "image decoder");
        images_destroy(p->images);
        textsys_destroy(p->text);
        app_output_close(p);
        free(p);
        return;
    }
    SDL_SetWindowTitle(p->win, "Lectern - presenter");
    SDL_SetWindowPosition(p->win, b0.x, b0.y);
    SDL_SetWindowSize(p->win, b0.w, b0.h);
    /* the projector: the app's window, fullscreen on the second display */
    SDL_SetWindowTitle(a->win, "Lectern - projector");
    lectern_cmd fs = lectern_cmd_make(LECTERN_CMD_FULLSCREEN, 0);
    if (a->fullscreen)
        app_command(a, &fs);          /* leave fullscreen on the first display */
    SDL_SetWindowPosition(a->win, b1.x, b1.y);
    SDL_SetWindowSize(a->win, b1.w, b1.h);
    if (n >= 2)
        app_command(a, &fs);          /* fullscreen on the projector's display */
    SDL_RaiseWindow(p->win);          /* keys go to the trainer's screen */
    dl->pres = p;
    pres_dirty = 1;
    LOG_INFO("deliver", "presenter on display 0 (%dx%d at %d,%d), projector on display 1 "
             "(%dx%d at %d,%d)", b0.w, b0.h, b0.x, b0.y, b1.w, b1.h, b1.x, b1.y);
}

void deliver_windows_close(app *a, deliver *dl)
{
    (void)a;
    app *p = dl->pres;
    if (!p)
        return;
    images_destroy(p->images);
    textsys_destroy(p->text);
    app_output_close(p);
    for (size_t i = 0; i < p->n_warned; i++)   /* app_warn_once's memory of the presenter */
        free(p->warned[i]);
    free(p->warned);
    free(p);
    dl->pres = NULL;
    if (beep_dev) {
        SDL_CloseAudioDevice(beep_dev);
        beep_dev = 0;
    }
}

void deliver_windows_dirty(app *a, deliver *dl)
{
    (void)a;
    if (dl->pres)
        pres_dirty = 1;
}

void deliver_windows_render(app *a, deliver *dl)
{
    app *p = dl->pres;
    if (!p)
        return;
    p->clock_ms = a->clock_ms;
    if (images_pump(p->images, p->ren) > 0)
        pres_dirty = 1;
    if (!pres_dirty)
        return;
    pres_dirty = 0;
    app_render(p);
}

/* A 150 ms 880 Hz tone, quiet, on the default audio device (--beep only:
 * that device may well be the projector's speakers). */
void deliver_beep(deliver *dl)
{
    if (!dl->beep)
        return;
    if (!beep_dev) {
        if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) < 0)
            return;
        SDL_AudioSpec want = { 0 }, got;
        want.freq = 22050;
        want.format = AUDIO_S16SYS;
        want.channels = 1;
        want.samples = 1024;
        beep_dev = SDL_OpenAudioDevice(NULL, 0, &want, &got, 0);
        if (!beep_dev)
            return;
    }
    static int16_t tone[22050 * 15 / 100];
    size_t n = sizeof tone / sizeof *tone;
    for (size_t i = 0; i < n; i++) {
        double env = i < 400 ? i / 400.0 : (n - i < 400 ? (n - i) / 400.0 : 1.0);
        tone[i] = (int16_t)(4000 * env * sin(2 * M_PI * 880.0 * (double)i / 22050.0));
    }
    SDL_QueueAudio(beep_dev, tone, sizeof tone);
    SDL_PauseAudioDevice(beep_dev, 0);
}

/* ---------------------------------------------------------------- picker */

static int picker_open;
static long picker_row;
static double picker_budget;    /* minutes; 0: the plan as written */

double deliver_picker_budget(void)
{
    return picker_budget;
}

/* +/-: the budget in steps of 5 min (15 from 2 h, 30 from 8 h), from the plan's length. */
static void picker_step(app *a, int dir)
{
    const lectern_plan *pl = lectern_course_plan(a->course, (size_t)picker_row);
    double b = picker_budget;
    if (b <= 0) {
        b = 0;
        for (size_t k = 0; k < pl->n_segments; k++)
            b += pl->segments[k].minutes;
    }
    double step = b > 480 || (b == 480 && dir > 0) ? 30 : b > 120 || (b == 120 && dir > 0) ? 15 : 5;
    b = dir > 0 ? (floor(b / step) + 1) * step : (ceil(b / step) - 1) * step;
    picker_budget = b < 5 ? 5 : b;
}

int deliver_picker_key(app *a, SDL_Keycode key, uint16_t mod)
{
    if (mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI))
        return 0;
    lectern_session_view sv;
    lectern_session_get_view(a->session, &sv);
    long n = (long)lectern_course_n_plans(a->course);
    if (!picker_open) {
        if (key == SDLK_d && sv.screen == LECTERN_SCREEN_START && n > 0) {
            picker_open = 1;
            picker_row = 0;
            a->dirty = 1;
            return 1;
        }
        return 0;
    }
    a->dirty = 1;
    switch (key) {
    case SDLK_UP:
        picker_row = picker_row > 0 ? picker_row - 1 : 0;
        picker_budget = 0;
        return 1;
    case SDLK_DOWN:
        picker_row = picker_row + 1 < n ? picker_row + 1 : n - 1;
        picker_budget = 0;
        return 1;
    case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS:
        picker_step(a, 1);
        return 1;
    case SDLK_MINUS: case SDLK_KP_MINUS:
        picker_step(a, -1);
        return 1;
    case SDLK_BACKSPACE:
        picker_budget = 0;
        return 1;
    case SDLK_ESCAPE: case SDLK_d: case SDLK_LEFT:
        picker_open = 0;
        return 1;
    case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE: case SDLK_RIGHT: case SDLK_r: {
        const lectern_plan *pl = lectern_course_plan(a->course, (size_t)picker_row);
        lectern_error err = {0};
        deliver_set_budget(picker_budget, 0, 0);
        int rc = deliver_start(a, pl->id, key == SDLK_r, &err);
        deliver_set_budget(0, 0, 0);
        if (rc == LECTERN_ELIMIT)   /* too short: the picker stays open, its line says why */
            return 1;
        picker_open = 0;
        picker_budget = 0;
        if (rc < 0)
            lectern_session_notify(a->session, "%s", err.msg);
        return 1;
    }
    default:
        if (key >= SDLK_1 && key <= SDLK_9 && key - SDLK_1 < n) {
            picker_row = key - SDLK_1;
            picker_budget = 0;
        }
        return 1;
    }
}

void deliver_draw_start_over(app *a)
{
    lectern_session_view sv;
    lectern_session_get_view(a->session, &sv);
    if (sv.screen != LECTERN_SCREEN_START && !picker_open)
        return;
    if (sv.screen != LECTERN_SCREEN_START)
        picker_open = 0;
    deliver_draw_picker(a, picker_open, picker_row);
}
