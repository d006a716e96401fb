/* A video item on the slide screen: opens the item's video when it is
 * shown and closes it when it is left, autoplay, the frame in the video box
 * with subtitles, a control bar (play/pause, time, progress bar, volume,
 * subtitle language; mirrored for a right-to-left UI, the time bar still
 * running left to right; hidden while playing until a key or the mouse
 * moves), error messages in the box, keys and clicks, and the poster frame
 * for --export-slides. Positions and watched stretches go to the session
 * (lectern_session_video_*), which keeps them and tells the progress store.
 * Playback itself is the video backend's (video_vlc.c); with the null
 * backend nothing here runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lectern/log.h"
#include "lectern/subtitle.h"
#include "player.h"

#define TAG "video"
#define BAR_H 64.0f                 /* control bar height at text scale 1, canvas units */
#define CONTROLS_HIDE_MS 3000       /* while playing, after the last input */
#define SEEK_SMALL_MS 5000
#define SEEK_BIG_MS 30000
#define EXPORT_TIMEOUT_MS 10000     /* LECTERN_EXPORT_FRAME_TIMEOUT_MS overrides (valgrind runs) */
#define END_MARGIN_MS 3000          /* left this close to the end: next time from the start */

struct video_ui {
    int open;
    size_t index;                   /* item whose video is open */
    const lectern_item *item;
    lectern_subtitles *subs;
    size_t sub_track;               /* index in item->subtitles */
    int subs_on;
    int big;                        /* Z: the video fills the canvas above the footer */
    int64_t duration;               /* length of the open video, 0 unknown */
    uint64_t last_input;            /* a->clock_ms of the last key, click or motion */
    int controls_shown;             /* the last draw showed the control bar */
    /* where the last draw put things (output px), for clicks */
    SDL_Rect box, bar, track;
    int box_valid;
    /* export: the item whose poster frame is loaded */
    int export_valid;
    size_t export_index;
    int export_ok;
};

video_ui *video_ui_create(void)
{
    video_ui *u = calloc(1, sizeof *u);
    if (u)
        u->subs_on = access_captions();   /* setting; on by default */
    return u;
}

static int has_playback(const app *a)
{
    return a->video && a->video->vt->play && a->video->vt->state;
}

/* Playback stopped being continuous: the session closes the watched stretch. */
static void watch_break(app *a, video_ui *u)
{
    if (u->open && a->session)
        lectern_session_video_break(a->session, u->index);
}

int64_t video_ui_resume_ms(const app *a, size_t index)
{
    return a->session ? lectern_session_video_resume(a->session, index) : 0;
}

void video_ui_play_from(app *a, size_t index, int64_t ms)
{
    video_ui *u = a->vui;
    if (a->session)
        lectern_session_video_set_resume(a->session, index, ms);
    if (u && u->open && u->index == index) {    /* already on it: go there now */
        watch_break(a, u);
        a->video->vt->seek_ms(a->video, ms > 0 ? ms : 0, 0);
    }
}

/* Tells the session where the video was left (it keeps the resume offset
 * and reports it): the position while started, the start again once it
 * ended or nearly so. Nothing when it never started or is broken. */
static void remember_position(app *a, video_ui *u)
{
    video_backend *vb = a->video;
    video_state st = vb->vt->state(vb, NULL);
    int64_t pos = vb->vt->position_ms(vb), len = vb->vt->length_ms(vb);
    if (len <= 0)
        len = u->duration;
    int ended;
    if (st == VIDEO_PLAYING && pos <= 0)
        return;     /* started but no frame yet: the resume offset stays as it was */
    if (st == VIDEO_PLAYING || st == VIDEO_PAUSED)
        ended = len > 0 && pos > len - END_MARGIN_MS;
    else if (st == VIDEO_ENDED)
        ended = 1;
    else
        return;
    if (a->session)
        lectern_session_video_left(a->session, u->index, pos, len, ended);
}

/* Play from where the item was left (Space, K, a click, autoplay). */
static void start(app *a, video_ui *u)
{
    video_backend *vb = a->video;
    int64_t at = a->session ? lectern_session_video_resume(a->session, u->index) : 0;
    if (vb->vt->state(vb, NULL) == VIDEO_IDLE && at > 0)
        vb->vt->seek_ms(vb, at, 0);         /* starts playback there */
    else
        vb->vt->toggle(vb);
}

static void close_current(app *a, video_ui *u)
{
    if (!u->open)
        return;
    watch_break(a, u);
    remember_position(a, u);
    a->video->vt->close(a->video);
    lectern_subtitles_free(u->subs);
    u->subs = NULL;
    u->open = 0;
    u->item = NULL;
    u->box_valid = 0;
    u->big = 0;
}

void video_ui_destroy(app *a, video_ui *u)
{
    if (!u)
        return;
    if (a && a->video)
        close_current(a, u);
    lectern_subtitles_free(u->subs);
    free(u);
}

/* The subtitle track for the player's language: exact, same base language,
 * the course fallback, then the first. */
static size_t pick_track(const app *a, const lectern_item *it)
{
    const char *want[2] = { a->lang, a->fallback };
    for (int k = 0; k < 2; k++) {
        if (!want[k] || !*want[k])
            continue;
        for (size_t i = 0; i < it->n_subtitles; i++)
            if (strcasecmp(it->subtitles[i].lang, want[k]) == 0)
                return i;
        size_t pl = strcspn(want[k], "-");
        for (size_t i = 0; i < it->n_subtitles; i++)
            if (strncasecmp(it->subtitles[i].lang, want[k], pl) == 0 &&
                strcspn(it->subtitles[i].lang, "-") == pl)
                return i;
    }
    return 0;
}

static void load_track(app *a, video_ui *u, size_t i)
{
    lectern_subtitles_free(u->subs);
    u->subs = NULL;
    if (!u->item || i >= u->item->n_subtitles)
        return;
    u->sub_track = i;
    lectern_error err = { 0 };
    if (a->reader_lock)
        SDL_LockMutex(a->reader_lock);
    int rc = lectern_subtitles_load(a->reader, u->item->subtitles[i].path, &u->subs, &err);
    if (a->reader_lock)
        SDL_UnlockMutex(a->reader_lock);
    if (rc < 0)
        app_warn_once(a, u->item->subtitles[i].path, "item %s: subtitles not shown: %s",
                      u->item->id, err.msg);
}

void video_ui_update(app *a, const lectern_session_view *v)
{
    video_ui *u = a->vui;
    if (!u || !has_playback(a) || !a->show_chrome)
        return;     /* export draws poster frames itself (video_ui_draw) */
    const lectern_item *it = v && v->base == LECTERN_SCREEN_SLIDE && v->item &&
                             v->item->kind == LECTERN_ITEM_VIDEO && v->item->video ? v->item : NULL;
    if (!it) {
        close_current(a, u);
        return;
    }
    if (u->open && u->index == v->index) {
        video_state st = a->video->vt->state(a->video, NULL);
        if (u->duration <= 0)
            u->duration = a->video->vt->length_ms(a->video);
        if (st == VIDEO_PLAYING) {
            lectern_session_video_playing(a->session, u->index,
                                          a->video->vt->position_ms(a->video), u->duration);
        } else {
            if (st == VIDEO_ENDED && u->duration > 0)   /* the last stretch runs to the end */
                lectern_session_video_playing(a->session, u->index, u->duration, u->duration);
            watch_break(a, u);
        }
        return;
    }
    close_current(a, u);
    lectern_error err = { 0 };
    if (a->reader_lock)
        SDL_LockMutex(a->reader_lock);
    int rc = a->video->vt->open(a->video, a->reader, it->video, &err);
    if (a->reader_lock)
        SDL_UnlockMutex(a->reader_lock);
    u->open = 1;            /* even on failure: the box shows the error */
    u->index = v->index;
    u->item = it;
    u->duration = 0;
    u->last_input = a->clock_ms;
    if (it->n_subtitles)
        load_track(a, u, pick_track(a, it));
    if (rc == 0 && it->autoplay)
        start(a, u);
}

static void fmt_time(char *buf, size_t n, int64_t ms)
{
    long s = (long)(ms / 1000);
    if (s >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, n, "%ld:%02ld", s / 60, s % 60);
}

static void draw_play_symbol(app *a, float cx, float cy, float r)
{
    draw_disc(a, cx, cy, r, 0x000000, 140);
    draw_triangle(a, cx - r * 0.3f, cy - r * 0.5f, cx - r * 0.3f, cy + r * 0.5f, cx + r * 0.55f,
                  cy, a->theme->accent, 255);
}

/* The control bar's height at the current text scale (canvas units). */
static float bar_height(void)
{
    float k = access_text_scale();
    return BAR_H * (k > 1 ? k : 1);
}

/* Mirrors a box of the bar inside [x, x+w] for a right-to-left UI. */
static float flip(int rtl, float x, float w, float bx, float bw)
{
    return rtl ? x + w - (bx - x) - bw : bx;
}

/* Play/pause button, elapsed/total time, the time bar, then subtitles and
 * volume: left to right, or mirrored for a right-to-left UI (the time bar
 * itself still fills from the left, as players do). Text follows the text
 * scale; the bar grows with it and the time bar takes what is left. */
static void draw_controls(app *a, video_ui *u, video_state st, float x, float y, float w,
                          float h)
{
    const lectern_theme *th = a->theme;
    video_backend *vb = a->video;
    int rtl = bidi_lang_is_rtl(ui_lang(a));
    float k = access_text_scale(), bh = bar_height();
    float by = y + h - bh, cy = by + bh / 2;
    draw_fill(a, x, by, w, bh, 0x000000, 175);
    /* play / pause symbol (the triangle points right in both directions) */
    float cx = flip(rtl, x, w, x + 12, 56) + 28;
    if (st == VIDEO_PLAYING || st == VIDEO_OPENING) {
        draw_fill(a, cx - 13, cy - 16, 9, 32, 0xFFFFFF, 255);
        draw_fill(a, cx + 4, cy - 16, 9, 32, 0xFFFFFF, 255);
    } else {
        draw_triangle(a, cx - 11, cy - 17, cx - 11, cy + 17, cx + 17, cy, 0xFFFFFF, 255);
    }
    /* elapsed / total (digits read left to right in every language) */
    int64_t pos = vb->vt->position_ms(vb), len = vb->vt->length_ms(vb);
    char t1[32], t2[32], label[80];
    fmt_time(t1, sizeof t1, pos);
    fmt_time(t2, sizeof t2, len);
    snprintf(label, sizeof label, "%s / %s", t1, t2);
    float tsize = 26 * k, lw = 0;
    float lh = measure_text(a, FONT_BODY, tsize, 0, label, &lw);
    float lx = flip(rtl, x, w, x + 80, lw);
    draw_text(a, FONT_BODY, tsize, lx, cy - lh / 2, 0, ALIGN_LEFT, 0xFFFFFF, label);
    /* the other end: subtitles and volume */
    char right[128];
    const char *cc = u->item && u->item->n_subtitles && u->subs_on ?
                     u->item->subtitles[u->sub_track].lang : NULL;
    int cc_off = u->item && u->item->n_subtitles && !u->subs_on;
    int vol = vb->vt->volume ? vb->vt->volume(vb) : 100;
    int muted = vb->vt->muted ? vb->vt->muted(vb) : 0;
    char sound[64];
    if (muted)
        snprintf(sound, sizeof sound, "%s", ui_gettext(a, N_("muted")));
    else
        snprintf(sound, sizeof sound, "%s %d%%", ui_gettext(a, N_("volume")), vol);
    if (cc && rtl)      /* the label reads right to left: subtitles first */
        snprintf(right, sizeof right, "\xE2\x80\x8F%s %s   %s", ui_gettext(a, N_("CC")), cc,
                 sound);
    else if (cc)
        snprintf(right, sizeof right, "%s %s   %s", ui_gettext(a, N_("CC")), cc, sound);
    else if (cc_off)
        snprintf(right, sizeof right, "%s%s   %s", rtl ? "\xE2\x80\x8F" : "",
                 ui_gettext(a, N_("CC off")), sound);
    else
        snprintf(right, sizeof right, "%s%s", rtl ? "\xE2\x80\x8F" : "", sound);
    float rsize = 24 * k, rw = 0;
    float rh = measure_text(a, FONT_BODY, rsize, 0, right, &rw);
    float maxr = w * 0.4f;
    if (rw > maxr) {    /* a narrow box: smaller rather than on two lines */
        rsize *= maxr / rw;
        rh = measure_text(a, FONT_BODY, rsize, 0, right, &rw);
    }
    float rx = flip(rtl, x, w, x + w - 20 - rw, rw);
    draw_text(a, FONT_BODY, rsize, rx, cy - rh / 2, 0, ALIGN_LEFT, 0xFFFFFF, right);
    /* the time bar between them, always filling from the left */
    float left_end = x + 80 + lw + 30, right_start = x + w - 20 - rw - 30;
    float tx = left_end, tw = right_start - left_end, ty = cy - 5;
    if (rtl) {
        tx = x + 20 + rw + 30;
        tw = (x + w - 80 - lw - 30) - tx;
    }
    if (tw < 60)
        tw = 60;
    draw_fill(a, tx, ty, tw, 10, 0x606060, 255);
    float f = len > 0 ? (float)pos / (float)len : 0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    draw_fill(a, tx, ty, tw * f, 10, th->accent, 255);
    draw_disc(a, tx + tw * f, ty + 5, 11, th->accent, 255);
    u->bar = canvas_rect(&a->cv, x, by, w, bh);
    u->track = canvas_rect(&a->cv, tx, by, tw, bh);
}

static void draw_error(app *a, const char *msg, float x, float y, float w, float h)
{
    const lectern_theme *th = a->theme;
    draw_fill(a, x, y, w, h, 0x101010, 255);
    draw_outline(a, x, y, w, h, 3, th->muted, 255);
    float cy = y + h / 2 - 80;
    float hh = draw_text(a, FONT_BOLD, 36, x + 40, cy, w - 80, ALIGN_CENTER, 0xFFFFFF,
                         ui_gettext(a, N_("This video cannot be played")));
    draw_text(a, FONT_BODY, 24, x + 40, cy + hh + 20, w - 80, ALIGN_CENTER, 0xC8C8C8,
              msg && *msg ? msg : ui_gettext(a, N_("unknown error")));
}

/* --export-slides: the frame at the item's poster time, fitted in the box. */
static int draw_export(app *a, video_ui *u, const lectern_item *it, float x, float y, float w,
                       float h)
{
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    size_t index = v.item == it ? v.index : (size_t)-1;
    if (!a->video->vt->frame_at)
        return 0;
    if (!u->export_valid || u->export_index != index || index == (size_t)-1) {
        lectern_error err = { 0 };
        int64_t ms = (int64_t)(it->poster_time * 1000.0 + 0.5);
        if (a->reader_lock)
            SDL_LockMutex(a->reader_lock);
        const char *tv = getenv("LECTERN_EXPORT_FRAME_TIMEOUT_MS");
        int timeout = tv && atoi(tv) > 0 ? atoi(tv) : EXPORT_TIMEOUT_MS;
        int rc = a->video->vt->frame_at(a->video, a->reader, it->video, ms, timeout, &err);
        if (a->reader_lock)
            SDL_UnlockMutex(a->reader_lock);
        u->export_valid = 1;
        u->export_index = index;
        u->export_ok = rc == 0;
        if (rc < 0)
            app_warn_once(a, it->video, "item %s: no poster frame: %s", it->id, err.msg);
    }
    if (!u->export_ok)
        return 0;       /* the poster image or the card instead */
    int fw, fh;
    SDL_Texture *t = a->video->vt->frame(a->video, a->ren, &fw, &fh);
    if (!t)
        return 0;
    draw_fill(a, x, y, w, h, 0x000000, 255);
    draw_texture_in(a, t, fw, fh, x, y, w, h, 0);
    return 1;
}

int video_ui_draw(app *a, const lectern_item *it, float x, float y, float w, float h)
{
    video_ui *u = a->vui;
    if (!u || !has_playback(a) || !a->ren || a->warming || !it || !it->video)
        return 0;
    if (!a->show_chrome)
        return draw_export(a, u, it, x, y, w, h);
    if (!u->open || u->item != it)
        return 0;   /* a neighbour, or not opened yet: the poster card */
    if (u->big) {   /* over the title, up to the footer line */
        draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, 0x000000, 255);
        x = 0;
        y = 0;
        w = CANVAS_W;
        h = CANVAS_H - 70;
    }
    u->box = canvas_rect(&a->cv, x, y, w, h);
    u->box_valid = 1;
    u->bar.w = u->track.w = 0;
    const char *msg = NULL;
    video_state st = a->video->vt->state(a->video, &msg);
    if (st == VIDEO_ERROR) {
        draw_error(a, msg, x, y, w, h);
        return 1;
    }
    int fw = 0, fh = 0;
    SDL_Texture *t = a->video->vt->frame(a->video, a->ren, &fw, &fh);
    if (!t && st == VIDEO_IDLE && !u->big)
        return 0;   /* before play: the poster with its play symbol */
    draw_fill(a, x, y, w, h, 0x000000, 255);
    if (t)
        draw_texture_in(a, t, fw, fh, x, y, w, h, 0);
    int controls = st != VIDEO_PLAYING || a->clock_ms < u->last_input + CONTROLS_HIDE_MS;
    u->controls_shown = controls;
    if (u->subs_on && u->subs)
        subtitles_draw(a, u->subs, a->video->vt->position_ms(a->video), x, y, w, h,
                       controls ? bar_height() + 12 : 24);
    if (st == VIDEO_PAUSED || st == VIDEO_ENDED || st == VIDEO_IDLE)
        draw_play_symbol(a, x + w / 2, y + h / 2, 80);
    if (controls)
        draw_controls(a, u, st, x, y, w, h);
    return 1;
}

static int on_video_item(app *a)
{
    video_ui *u = a->vui;
    if (!u || !has_playback(a) || !a->session)
        return 0;
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    if (v.screen != LECTERN_SCREEN_SLIDE)
        return 0;
    /* a key can come before the first frame of a new item was drawn (two
     * keys in one batch, scripts): open its video now */
    if (!u->open || u->index != v.index)
        video_ui_update(a, &v);
    return u->open && v.index == u->index;
}

static void seek(app *a, int64_t ms, int relative)
{
    watch_break(a, a->vui);
    a->video->vt->seek_ms(a->video, ms, relative);
}

int video_ui_key(app *a, SDL_Keycode key, uint16_t mod)
{
    if (!on_video_item(a) || (mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)))
        return 0;
    video_ui *u = a->vui;
    video_backend *vb = a->video;
    int shift = (mod & KMOD_SHIFT) != 0;
    video_state st = vb->vt->state(vb, NULL);
    if (st == VIDEO_ERROR)
        return 0;       /* nothing to control: the keys keep their slide meaning */
    int started = st == VIDEO_PLAYING || st == VIDEO_PAUSED || st == VIDEO_OPENING;
    int used = 1;
    switch (key) {
    case SDLK_SPACE:
    case SDLK_k:
        if (st == VIDEO_PLAYING)
            watch_break(a, u);
        start(a, u);
        break;
    case SDLK_j:
        seek(a, -(shift ? SEEK_BIG_MS : SEEK_SMALL_MS), 1);
        break;
    case SDLK_l:
        seek(a, shift ? SEEK_BIG_MS : SEEK_SMALL_MS, 1);
        break;
    case SDLK_LEFT:     /* arrows seek once the video runs; else they navigate */
    case SDLK_RIGHT:
        if (!started)
            return 0;
        seek(a, (key == SDLK_LEFT ? -1 : 1) * (shift ? SEEK_BIG_MS : SEEK_SMALL_MS), 1);
        break;
    case SDLK_PLUS:
    case SDLK_EQUALS:
    case SDLK_KP_PLUS:
        vb->vt->set_volume(vb, vb->vt->volume(vb) + 10);
        break;
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
        vb->vt->set_volume(vb, vb->vt->volume(vb) - 10);
        break;
    case SDLK_v:
        vb->vt->set_mute(vb, !vb->vt->muted(vb));
        break;
    case SDLK_z:
        u->big = !u->big;
        break;
    case SDLK_ESCAPE:       /* first Esc leaves the big video, the next goes back */
        if (!u->big)
            return 0;
        u->big = 0;
        break;
    case SDLK_c:
        if (!u->item || !u->item->n_subtitles)
            return 0;
        if (shift) {            /* next language */
            load_track(a, u, (u->sub_track + 1) % u->item->n_subtitles);
            u->subs_on = 1;
        } else {
            u->subs_on = !u->subs_on;
        }
        break;
    default:
        used = 0;
        break;
    }
    if (used) {
        u->last_input = a->clock_ms;
        a->dirty = 1;
    }
    return used;
}

int video_ui_click(app *a, int x, int y, int button)
{
    video_ui *u = a->vui;
    if (!on_video_item(a) || !u->box_valid || button != SDL_BUTTON_LEFT)
        return 0;
    SDL_Point p = { x, y };
    if (!SDL_PointInRect(&p, &u->box))
        return 0;
    video_backend *vb = a->video;
    u->last_input = a->clock_ms;
    a->dirty = 1;
    if (u->track.w > 0 && SDL_PointInRect(&p, &u->track)) {
        int64_t len = vb->vt->length_ms(vb);
        if (len > 0)
            seek(a, (int64_t)((double)(x - u->track.x) / u->track.w * (double)len), 0);
        return 1;
    }
    if (u->bar.w > 0 && SDL_PointInRect(&p, &u->bar))
        return 1;   /* the bar outside the track: only shows the controls */
    if (vb->vt->state(vb, NULL) == VIDEO_PLAYING)
        watch_break(a, u);
    start(a, u);
    return 1;
}

int video_ui_drag(app *a, int x, int y)
{
    video_ui *u = a->vui;
    if (!on_video_item(a) || u->track.w <= 0)
        return 0;
    SDL_Rect r = u->track;
    if (y < r.y - r.h || y > r.y + 2 * r.h)
        return 0;
    int64_t len = a->video->vt->length_ms(a->video);
    if (len <= 0)
        return 0;
    double f = (double)(x - r.x) / r.w;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    seek(a, (int64_t)(f * (double)len), 0);
    u->last_input = a->clock_ms;
    a->dirty = 1;
    return 1;
}

int video_ui_motion(app *a, int x, int y)
{
    video_ui *u = a->vui;
    if (!u || !u->open || !u->box_valid)
        return 0;
    SDL_Point p = { x, y };
    if (!SDL_PointInRect(&p, &u->box))
        return 0;
    u->last_input = a->clock_ms;
    if (!u->controls_shown)
        a->dirty = 1;       /* bring the controls back now */
    return 1;
}

int video_ui_controls_shown(const app *a)
{
    return a->vui && a->vui->open && a->vui->controls_shown;
}

int video_ui_geometry(const app *a, SDL_Rect *box, SDL_Rect *bar, SDL_Rect *track)
{
    const video_ui *u = a->vui;
    if (!u || !u->open || !u->box_valid)
        return 0;
    *box = u->box;
    *bar = u->bar;
    *track = u->track;
    return 1;
}

void video_ui_print_keys(FILE *f)
{
    fprintf(f, "  on a video: Space or K play/pause, J/L or Left/Right -/+5 s (with Shift\n"
               "  30 s), +/- volume, V mute, C subtitles on/off, Shift+C subtitle language,\n"
               "  Z video over the whole slide (Esc back),\n"
               "  click the video to play/pause, click or drag the bar to seek; while it\n"
               "  plays the controls hide after 3 s and come back with a key or the mouse\n");
}
