/* A video item on the slide screen: opens the item's video when it is
 * shown and closes it when it is left, autoplay, the frame in the video box
 * with subtitles, a control bar (play/pause, time, progress bar, volume,
 * subtitle language), error messages in the box, keys and clicks, watched
 * stretches, and the poster frame for --export-slides. Playback itself is
 * the video backend's (video_vlc.c); with the null backend nothing here runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lectern/log.h"
#include "lectern/subtitle.h"
#include "lectern/watch.h"
#include "player.h"

#define TAG "video"
#define BAR_H 64.0f                 /* control bar height, canvas units */
#define CONTROLS_HIDE_MS 3000       /* while playing, after the last input */
#define SEEK_SMALL_MS 5000
#define SEEK_BIG_MS 30000
#define EXPORT_TIMEOUT_MS 10000

struct video_ui {
    int open;
    size_t index;                   /* item whose video is open */
    const lectern_item *item;
    lectern_subtitles *subs;
    size_t sub_track;               /* index in item->subtitles */
    int subs_on;
    int big;                        /* Z: the video fills the canvas above the footer */
    lectern_watch watch;
    int64_t duration;               /* length of the open video, 0 unknown */
    uint64_t last_input;            /* SDL ticks */
    /* where the last draw put things (output px), for clicks */
    SDL_Rect box, bar, track;
    int box_valid;
    /* where each video item was left in this run (ms, 0: start), by item index */
    int64_t *resume;
    size_t n_resume;
    video_reporter report;
    void *report_user;
    /* export: the item whose poster frame is loaded */
    int export_valid;
    size_t export_index;
    int export_ok;
};

video_ui *video_ui_create(void)
{
    video_ui *u = calloc(1, sizeof *u);
    if (u) {
        u->subs_on = access_captions();   /* setting; on by default */
        lectern_watch_init(&u->watch, 0);
    }
    return u;
}

/* The few words of the video box, in the course language (en, fr; else en);
 * see ui_str in strings.c for the rest of the player. */
enum { W_CANNOT_PLAY, W_MUTED, W_VOLUME, W_SUBS_OFF, W_COUNT };

static const char *words(const app *a, int k)
{
    static const char *const en[W_COUNT] = { "This video cannot be played", "muted", "vol",
                                             "off" };
    static const char *const fr[W_COUNT] = { "Impossible de lire cette vid\xC3\xA9o", "muet",
                                             "vol", "non" };
    int is_fr = a->lang && strncasecmp(a->lang, "fr", 2) == 0 &&
                (a->lang[2] == '\0' || a->lang[2] == '-');
    return (is_fr ? fr : en)[k];
}

static int has_playback(const app *a)
{
    return a->video && a->video->vt->play && a->video->vt->state;
}

void video_ui_set_reporter(video_ui *u, video_reporter fn, void *user)
{
    u->report = fn;
    u->report_user = user;
}

static void report_watched(video_ui *u, const lectern_range *r)
{
    LOG_DEBUG(TAG, "item %s: watched %lld..%lld ms", u->item ? u->item->id : "?",
              (long long)r->from_ms, (long long)r->to_ms);
    if (u->report && u->item) {
        video_report rep = { VIDEO_REPORT_RANGE, u->item, r->from_ms, r->to_ms, 0, u->duration };
        u->report(&rep, u->report_user);
    }
}

static void watch_break(video_ui *u)
{
    lectern_range r;
    if (lectern_watch_break(&u->watch, &r))
        report_watched(u, &r);
}

static int resume_table(app *a, video_ui *u)
{
    size_t n = a->course ? lectern_course_n_items(a->course) : 0;
    if (!u->resume && n) {
        u->resume = calloc(n, sizeof *u->resume);
        u->n_resume = u->resume ? n : 0;
    }
    return u->resume != NULL;
}

void video_ui_set_resume(app *a, size_t index, int64_t ms)
{
    video_ui *u = a->vui;
    if (u && resume_table(a, u) && index < u->n_resume)
        u->resume[index] = ms > 0 ? ms : 0;
}

int64_t video_ui_resume_ms(const app *a, size_t index)
{
    const video_ui *u = a->vui;
    return u && index < u->n_resume ? u->resume[index] : 0;
}

void video_ui_play_from(app *a, size_t index, int64_t ms)
{
    video_ui *u = a->vui;
    video_ui_set_resume(a, index, ms);
    if (u && u->open && u->index == index) {    /* already on it: go there now */
        watch_break(u);
        a->video->vt->seek_ms(a->video, ms > 0 ? ms : 0, 0);
    }
}

/* Remembers where the video was left: the position while started, the
 * start again once it ended or nearly so. */
static void remember_position(app *a, video_ui *u)
{
    resume_table(a, u);
    if (u->index >= u->n_resume)
        return;
    video_backend *vb = a->video;
    video_state st = vb->vt->state(vb, NULL);
    int64_t pos = vb->vt->position_ms(vb), len = vb->vt->length_ms(vb);
    if (st == VIDEO_PLAYING || st == VIDEO_PAUSED)
        u->resume[u->index] = len > 0 && pos > len - 3000 ? 0 : pos;
    else if (st == VIDEO_ENDED)
        u->resume[u->index] = 0;
    else
        return;     /* never started, or broken: nothing to report */
    if (u->report && u->item) {
        video_report rep = { VIDEO_REPORT_POSITION, u->item, 0, 0, u->resume[u->index],
                             len > 0 ? len : u->duration };
        u->report(&rep, u->report_user);
    }
}

/* Play from where the item was left (Space, K, a click, autoplay). */
static void start(app *a, video_ui *u)
{
    video_backend *vb = a->video;
    int64_t at = u->index < u->n_resume ? u->resume[u->index] : 0;
    if (vb->vt->state(vb, NULL) == VIDEO_IDLE && at > 0)
        vb->vt->seek_ms(vb, at, 0);         /* starts playback there */
    else
        vb->vt->toggle(vb);
}

static void close_current(app *a, video_ui *u)
{
    if (!u->open)
        return;
    watch_break(u);
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
    free(u->resume);
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
        lectern_range r;
        if (st == VIDEO_PLAYING) {
            if (lectern_watch_playing(&u->watch, a->video->vt->position_ms(a->video), &r))
                report_watched(u, &r);
        } else {
            if (st == VIDEO_ENDED)   /* the last stretch runs to the end */
                lectern_watch_playing(&u->watch, a->video->vt->length_ms(a->video), &r);
            watch_break(u);
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
    u->last_input = SDL_GetTicks64();
    lectern_watch_init(&u->watch, 0);
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

static void draw_controls(app *a, video_ui *u, video_state st, float x, float y, float w,
                          float h)
{
    const lectern_theme *th = a->theme;
    video_backend *vb = a->video;
    float by = y + h - BAR_H;
    draw_fill(a, x, by, w, BAR_H, 0x000000, 175);
    /* play / pause symbol */
    float cx = x + 40, cy = by + BAR_H / 2;
    if (st == VIDEO_PLAYING || st == VIDEO_OPENING) {
        draw_fill(a, cx - 13, cy - 16, 9, 32, 0xFFFFFF, 255);
        draw_fill(a, cx + 4, cy - 16, 9, 32, 0xFFFFFF, 255);
    } else {
        draw_triangle(a, cx - 11, cy - 17, cx - 11, cy + 17, cx + 17, cy, 0xFFFFFF, 255);
    }
    /* elapsed / total */
    int64_t pos = vb->vt->position_ms(vb), len = vb->vt->length_ms(vb);
    char t1[32], t2[32], label[80];
    fmt_time(t1, sizeof t1, pos);
    fmt_time(t2, sizeof t2, len);
    snprintf(label, sizeof label, "%s / %s", t1, t2);
    draw_text(a, FONT_BODY, 26, x + 80, by + 15, 220, ALIGN_LEFT, 0xFFFFFF, label);
    /* right side: subtitles and volume */
    char right[64];
    const char *cc = u->item && u->item->n_subtitles ?
                     (u->subs_on ? u->item->subtitles[u->sub_track].lang : words(a, W_SUBS_OFF))
                     : NULL;
    int vol = vb->vt->volume ? vb->vt->volume(vb) : 100;
    int muted = vb->vt->muted ? vb->vt->muted(vb) : 0;
    char sound[32];
    if (muted)
        snprintf(sound, sizeof sound, "%s", words(a, W_MUTED));
    else
        snprintf(sound, sizeof sound, "%s %d%%", words(a, W_VOLUME), vol);
    if (cc)
        snprintf(right, sizeof right, "CC %s   %s", cc, sound);
    else
        snprintf(right, sizeof right, "%s", sound);
    draw_text(a, FONT_BODY, 24, x + w - 300, by + 17, 280, ALIGN_RIGHT, 0xFFFFFF, right);
    /* progress bar between */
    float tx = x + 310, tw = w - 310 - 320, ty = cy - 5;
    if (tw < 60)
        tw = 60;
    draw_fill(a, tx, ty, tw, 10, 0x606060, 255);
    float f = len > 0 ? (float)pos / (float)len : 0;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    draw_fill(a, tx, ty, tw * f, 10, th->accent, 255);
    draw_disc(a, tx + tw * f, ty + 5, 11, th->accent, 255);
    u->bar = canvas_rect(&a->cv, x, by, w, BAR_H);
    u->track = canvas_rect(&a->cv, tx, by, tw, BAR_H);
}

static void draw_error(app *a, const char *msg, float x, float y, float w, float h)
{
    const lectern_theme *th = a->theme;
    draw_fill(a, x, y, w, h, 0x101010, 255);
    draw_outline(a, x, y, w, h, 3, th->muted, 255);
    float cy = y + h / 2 - 80;
    float hh = draw_text(a, FONT_BOLD, 36, x + 40, cy, w - 80, ALIGN_CENTER, 0xFFFFFF,
                         words(a, W_CANNOT_PLAY));
    draw_text(a, FONT_BODY, 24, x + 40, cy + hh + 20, w - 80, ALIGN_CENTER, 0xC8C8C8,
              msg && *msg ? msg : "unknown error");
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
        int rc = a->video->vt->frame_at(a->video, a->reader, it->video, ms, EXPORT_TIMEOUT_MS,
                                        &err);
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
    uint64_t now = SDL_GetTicks64();
    int controls = st != VIDEO_PLAYING || now - u->last_input < CONTROLS_HIDE_MS;
    if (u->subs_on && u->subs)
        subtitles_draw(a, u->subs, a->video->vt->position_ms(a->video), x, y, w, h,
                       controls ? BAR_H + 12 : 24);
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
    watch_break(a->vui);
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
            watch_break(u);
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
        u->last_input = SDL_GetTicks64();
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
    u->last_input = SDL_GetTicks64();
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
        watch_break(u);
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
    u->last_input = SDL_GetTicks64();
    a->dirty = 1;
    return 1;
}

void video_ui_print_keys(FILE *f)
{
    fprintf(f, "  on a video: Space or K play/pause, J/L or Left/Right -/+5 s (with Shift\n"
               "  30 s), +/- volume, V mute, C subtitles on/off, Shift+C subtitle language,\n"
               "  Z video over the whole slide (Esc back),\n"
               "  click the video to play/pause, click or drag the bar to seek\n");
}
