/* The libvlc 3 video backend. Media come from the course reader through
 * libvlc_media_new_callbacks (a stored package entry or a folder file, no
 * extraction); frames are decoded into two buffers this file owns (I420, or
 * RV32 with LECTERN_VIDEO_CHROMA=RV32) and uploaded to an SDL texture on the
 * main thread. VLC threads only take our mutex, copy nothing and push an SDL
 * wake event; libvlc_media_player_stop is only called on the main thread
 * without the mutex held (see DESIGN.md, "video"). */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vlc/vlc.h>

#include "lectern/log.h"
#include "player.h"

#define TAG "video"
#define ALIGN_UP(x, a) (((x) + (a) - 1) / (a) * (a))
#define MAX_SIDE 8192

typedef struct vbuf {
    uint8_t *mem;
    uint8_t *plane[3];
} vbuf;

typedef struct vlcv {
    libvlc_instance_t *vlc;
    libvlc_media_player_t *mp;
    libvlc_media_t *media;
    lectern_stream *stream;     /* one stream per media, opened on the main thread */
    uint32_t wake_event;
    int i420;                   /* chroma: I420 (default) or RV32 */
    char path[LECTERN_MAX_NAME + 1];

    /* shared with VLC threads, under lock */
    pthread_mutex_t lock;
    pthread_cond_t cond;        /* a frame or a state change arrived */
    int stream_busy;
    unsigned w, h;              /* decoded size (setup callback) */
    unsigned pitch[3], lines[3];
    vbuf buf[2];
    int have_buf;
    unsigned fmt_gen;           /* counts setup calls */
    int ready;                  /* index of the last displayed buffer, -1 none */
    unsigned long n_frames;     /* frames displayed since open */
    int freeze;                 /* frame_at: keep the first frame */
    video_state state;
    int pause_pending;          /* pause asked before the input ran */
    int error_logged;
    int64_t length;
    char msg[LECTERN_MAX_NAME + 640];
    char vlc_error[256];        /* last error line in libvlc's log (since open) */
    char codec_error[256];      /* "Codec `xxx' ... is not supported" */

    /* main thread only */
    SDL_Texture *tex;
    int tex_w, tex_h;
    unsigned long uploaded;     /* n_frames at the last upload */
    int vis_w, vis_h;           /* visible size from libvlc_video_get_size */
    unsigned vis_gen;           /* fmt_gen the visible size belongs to */
    int64_t pending_seek;       /* -1 none: applied once the input runs */
    int64_t seek_target;        /* -1 none: asked, libvlc's clock not there yet */
    unsigned long seek_frames;  /* n_frames when it was asked */
    int volume, mute, audio_applied;
} vlcv;

static void wake(vlcv *v)
{
    /* SDL_PushEvent is thread-safe; nothing else of SDL is used off the main thread */
    if (v->wake_event) {
        SDL_Event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = v->wake_event;
        SDL_PushEvent(&ev);
    }
}

static void free_bufs_locked(vlcv *v)
{
    for (int i = 0; i < 2; i++) {
        free(v->buf[i].mem);
        memset(&v->buf[i], 0, sizeof v->buf[i]);
    }
    v->have_buf = 0;
    v->ready = -1;
}

/* ---------------------------------------------------------------- VLC threads */

static void set_error_locked(vlcv *v, const char *why)
{
    if (v->state == VIDEO_ERROR)
        return;
    v->state = VIDEO_ERROR;
    /* VLC's last error line is often noise; only a missing codec is worth showing */
    if (v->codec_error[0])
        snprintf(v->msg, sizeof v->msg, "%s: %s (%s)", v->path, why, v->codec_error);
    else
        snprintf(v->msg, sizeof v->msg, "%s: %s", v->path, why);
}

/* Main thread: logs an error state once, with libvlc's last error line. */
static void log_error_once(vlcv *v)
{
    char line[sizeof v->msg + sizeof v->vlc_error + 16];
    int log = 0;
    pthread_mutex_lock(&v->lock);
    if (v->state == VIDEO_ERROR && !v->error_logged) {
        v->error_logged = 1;
        log = 1;
        snprintf(line, sizeof line, "%s%s%s%s", v->msg, v->vlc_error[0] ? " [libvlc: " : "",
                 v->vlc_error, v->vlc_error[0] ? "]" : "");
    }
    pthread_mutex_unlock(&v->lock);
    if (log)
        LOG_WARN(TAG, "%s", line);
}

static int m_open(void *opaque, void **datap, uint64_t *sizep)
{
    vlcv *v = opaque;
    pthread_mutex_lock(&v->lock);
    int ok = v->stream && !v->stream_busy;
    if (ok)
        v->stream_busy = 1;
    pthread_mutex_unlock(&v->lock);
    if (!ok || lectern_stream_seek(v->stream, 0) < 0)
        return -1;
    *datap = v;
    *sizep = lectern_stream_size(v->stream);
    return 0;
}

static ssize_t m_read(void *opaque, unsigned char *buf, size_t len)
{
    vlcv *v = opaque;
    long long n = lectern_stream_read(v->stream, buf, len);
    return n < 0 ? -1 : (ssize_t)n;
}

static int m_seek(void *opaque, uint64_t offset)
{
    vlcv *v = opaque;
    return lectern_stream_seek(v->stream, offset) < 0 ? -1 : 0;
}

static void m_close(void *opaque)
{
    vlcv *v = opaque;
    pthread_mutex_lock(&v->lock);
    v->stream_busy = 0;
    pthread_mutex_unlock(&v->lock);
}

static unsigned fmt_setup(void **opaque, char *chroma, unsigned *width, unsigned *height,
                          unsigned *pitches, unsigned *lines)
{
    vlcv *v = *opaque;
    unsigned w = *width, h = *height;
    if (w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE)
        return 0;
    unsigned p[3] = { 0 }, l[3] = { 0 };
    int np;
    if (v->i420) {
        memcpy(chroma, "I420", 4);
        p[0] = ALIGN_UP(w, 32);
        l[0] = ALIGN_UP(h, 16);
        p[1] = p[2] = p[0] / 2;
        l[1] = l[2] = l[0] / 2;
        np = 3;
    } else {
        memcpy(chroma, "RV32", 4);
        p[0] = ALIGN_UP(w * 4, 32);
        l[0] = ALIGN_UP(h, 16);
        np = 1;
    }
    size_t total = 0;
    for (int k = 0; k < np; k++)
        total += ALIGN_UP((size_t)p[k] * l[k], 64);
    pthread_mutex_lock(&v->lock);
    free_bufs_locked(v);
    int ok = 1;
    for (int i = 0; i < 2 && ok; i++) {
        void *mem = NULL;
        if (posix_memalign(&mem, 64, total) != 0) {
            ok = 0;
            break;
        }
        memset(mem, 0, total);
        v->buf[i].mem = mem;
        size_t off = 0;
        for (int k = 0; k < np; k++) {
            v->buf[i].plane[k] = (uint8_t *)mem + off;
            off += ALIGN_UP((size_t)p[k] * l[k], 64);
        }
    }
    if (ok) {
        v->w = w;
        v->h = h;
        memcpy(v->pitch, p, sizeof p);
        memcpy(v->lines, l, sizeof l);
        v->have_buf = 1;
        v->ready = -1;
        v->fmt_gen++;
    } else {
        free_bufs_locked(v);
    }
    pthread_mutex_unlock(&v->lock);
    if (!ok)
        return 0;
    for (int k = 0; k < np; k++) {
        pitches[k] = p[k];
        lines[k] = l[k];
    }
    /* one picture in VLC's pool: the two buffers here are enough to never
     * write into the one the main thread reads */
    return 1;
}

static void fmt_cleanup(void *opaque)
{
    vlcv *v = opaque;
    pthread_mutex_lock(&v->lock);
    free_bufs_locked(v);
    pthread_mutex_unlock(&v->lock);
}

static void *vid_lock(void *opaque, void **planes)
{
    vlcv *v = opaque;
    pthread_mutex_lock(&v->lock);
    int i = v->ready == 0 ? 1 : 0;
    for (int k = 0; k < 3; k++)
        planes[k] = v->buf[i].plane[k];
    pthread_mutex_unlock(&v->lock);
    return (void *)(intptr_t)(i + 1);
}

static void vid_display(void *opaque, void *id)
{
    vlcv *v = opaque;
    pthread_mutex_lock(&v->lock);
    if (v->have_buf && !(v->freeze && v->n_frames > 0)) {
        v->ready = (int)(intptr_t)id - 1;
        v->n_frames++;
    }
    pthread_cond_broadcast(&v->cond);
    pthread_mutex_unlock(&v->lock);
    wake(v);
}

static void on_event(const libvlc_event_t *e, void *opaque)
{
    vlcv *v = opaque;
    pthread_mutex_lock(&v->lock);
    switch (e->type) {
    case libvlc_MediaPlayerPlaying:
        if (v->state != VIDEO_ERROR)
            v->state = VIDEO_PLAYING;
        break;
    case libvlc_MediaPlayerPaused:
        if (v->state != VIDEO_ERROR)
            v->state = VIDEO_PAUSED;
        break;
    case libvlc_MediaPlayerEndReached:
        if (v->n_frames == 0)
            set_error_locked(v, "no video frame could be decoded: the file is damaged or "
                                "uses a format this computer cannot play");
        else if (v->state != VIDEO_ERROR)
            v->state = VIDEO_ENDED;
        break;
    case libvlc_MediaPlayerEncounteredError:
        set_error_locked(v, "libvlc cannot play this file (damaged, or not a video)");
        break;
    case libvlc_MediaPlayerLengthChanged:
        v->length = e->u.media_player_length_changed.new_length;
        break;
    default:
        break;
    }
    pthread_cond_broadcast(&v->cond);
    pthread_mutex_unlock(&v->lock);
    wake(v);
}

static void on_log(void *data, int level, const libvlc_log_t *ctx, const char *fmt,
                   va_list args)
{
    vlcv *v = data;
    if (level < LIBVLC_ERROR && lectern_log_get_level() > LECTERN_LOG_DEBUG)
        return;
    char line[256];
    vsnprintf(line, sizeof line, fmt, args);
    const char *module = NULL, *file = NULL;
    unsigned lineno = 0;
    libvlc_log_get_context(ctx, &module, &file, &lineno);
    if (level >= LIBVLC_ERROR) {
        pthread_mutex_lock(&v->lock);
        snprintf(v->vlc_error, sizeof v->vlc_error, "%s", line);
        if (strstr(line, "is not supported") || strstr(line, "could not identify codec"))
            snprintf(v->codec_error, sizeof v->codec_error, "%s", line);
        pthread_mutex_unlock(&v->lock);
    }
    /* VLC's errors include harmless noise (VAAPI/VDPAU converters): debug only */
    LOG_DEBUG(TAG, "vlc %s: %s", module ? module : "?", line);
}

/* ---------------------------------------------------------------- main thread */

static const libvlc_event_type_t events[] = {
    libvlc_MediaPlayerPlaying, libvlc_MediaPlayerPaused, libvlc_MediaPlayerEndReached,
    libvlc_MediaPlayerEncounteredError, libvlc_MediaPlayerLengthChanged,
};

static void v_close(video_backend *vb)
{
    vlcv *v = vb->priv;
    if (v->mp) {
        /* blocks until VLC's threads are gone: never with v->lock held */
        libvlc_media_player_stop(v->mp);
        libvlc_media_player_release(v->mp);
        v->mp = NULL;
    }
    if (v->media) {
        libvlc_media_release(v->media);
        v->media = NULL;
    }
    lectern_stream_close(v->stream);
    v->stream = NULL;
    pthread_mutex_lock(&v->lock);
    free_bufs_locked(v);
    v->state = VIDEO_IDLE;
    v->n_frames = 0;
    v->freeze = 0;
    v->pause_pending = 0;
    v->error_logged = 0;
    v->stream_busy = 0;
    v->length = 0;
    v->msg[0] = v->vlc_error[0] = v->codec_error[0] = '\0';
    pthread_mutex_unlock(&v->lock);
    if (v->tex)
        SDL_DestroyTexture(v->tex);
    v->tex = NULL;
    v->uploaded = 0;
    v->vis_w = v->vis_h = 0;
    v->pending_seek = -1;
    v->seek_target = -1;
    v->audio_applied = 0;
    v->path[0] = '\0';
}

static int v_open(video_backend *vb, lectern_reader *r, const char *path, lectern_error *err)
{
    vlcv *v = vb->priv;
    v_close(vb);
    if (!r || !path || !*path)
        return lectern_error_set(err, LECTERN_EINVAL, "video: no file given");
    snprintf(v->path, sizeof v->path, "%s", path);
    int rc = lectern_stream_open(r, path, &v->stream, err);
    if (rc < 0) {
        pthread_mutex_lock(&v->lock);
        v->state = VIDEO_ERROR;
        snprintf(v->msg, sizeof v->msg, "%s", err ? err->msg : path);
        pthread_mutex_unlock(&v->lock);
        log_error_once(v);
        return rc;
    }
    v->media = libvlc_media_new_callbacks(v->vlc, m_open, m_read, m_seek, m_close, v);
    if (v->media)
        v->mp = libvlc_media_player_new_from_media(v->media);
    if (!v->mp) {
        v_close(vb);
        return lectern_error_set(err, LECTERN_ENOMEM, "%s: libvlc could not create a player",
                                 path);
    }
    libvlc_video_set_format_callbacks(v->mp, fmt_setup, fmt_cleanup);
    libvlc_video_set_callbacks(v->mp, vid_lock, NULL, vid_display, v);
    libvlc_event_manager_t *em = libvlc_media_player_event_manager(v->mp);
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        libvlc_event_attach(em, events[i], on_event, v);
    return 0;
}

static video_state get_state(vlcv *v)
{
    pthread_mutex_lock(&v->lock);
    video_state st = v->state;
    pthread_mutex_unlock(&v->lock);
    return st;
}

/* libvlc_media_player_set_time returns at once and get_time reports the
 * old time until the input thread has moved: the position shows the target
 * meanwhile, so relative seeks add up and the bar does not jump back. */
static void set_time(vlcv *v, int64_t t)
{
    pthread_mutex_lock(&v->lock);
    v->seek_frames = v->n_frames;
    pthread_mutex_unlock(&v->lock);
    v->seek_target = t;
    libvlc_media_player_set_time(v->mp, t);
}

/* Applies what had to wait for the input thread: a pause asked while
 * opening, a seek asked while idle or ended, volume and mute once audio
 * runs, and a missing decoder noticed in the log. */
static void sync_player(vlcv *v)
{
    if (!v->mp)
        return;
    pthread_mutex_lock(&v->lock);
    video_state st = v->state;
    int pause = v->pause_pending && st == VIDEO_PLAYING;
    if (pause)
        v->pause_pending = 0;
    if (st == VIDEO_PLAYING && v->n_frames == 0 && v->codec_error[0])
        set_error_locked(v, "no decoder for this video format");
    st = v->state;
    pthread_mutex_unlock(&v->lock);
    if (st == VIDEO_ERROR)
        log_error_once(v);
    if (st != VIDEO_PLAYING && st != VIDEO_PAUSED)
        return;
    if (v->pending_seek >= 0 && libvlc_media_player_is_seekable(v->mp)) {
        set_time(v, v->pending_seek);
        v->pending_seek = -1;
    }
    if (pause)
        libvlc_media_player_set_pause(v->mp, 1);
    if (!v->audio_applied && libvlc_audio_set_volume(v->mp, v->volume) == 0) {
        libvlc_audio_set_mute(v->mp, v->mute);
        v->audio_applied = 1;
    }
}

static void v_play(video_backend *vb)
{
    vlcv *v = vb->priv;
    if (!v->mp)
        return;
    video_state st = get_state(v);
    if (st == VIDEO_ERROR)
        return;
    if (st == VIDEO_PAUSED) {
        libvlc_media_player_set_pause(v->mp, 0);
        return;
    }
    pthread_mutex_lock(&v->lock);
    v->pause_pending = 0;
    pthread_mutex_unlock(&v->lock);
    if (st == VIDEO_PLAYING || st == VIDEO_OPENING)
        return;
    if (st == VIDEO_ENDED)
        libvlc_media_player_stop(v->mp);     /* main thread, no lock held */
    pthread_mutex_lock(&v->lock);
    v->state = VIDEO_OPENING;
    pthread_mutex_unlock(&v->lock);
    v->audio_applied = 0;
    if (libvlc_media_player_play(v->mp) < 0) {
        pthread_mutex_lock(&v->lock);
        set_error_locked(v, "libvlc could not start playback");
        pthread_mutex_unlock(&v->lock);
    }
}

static void v_pause(video_backend *vb)
{
    vlcv *v = vb->priv;
    if (!v->mp)
        return;
    video_state st = get_state(v);
    if (st == VIDEO_PLAYING) {
        libvlc_media_player_set_pause(v->mp, 1);
    } else if (st == VIDEO_OPENING) {
        pthread_mutex_lock(&v->lock);
        v->pause_pending = 1;
        pthread_mutex_unlock(&v->lock);
    }
}

static void v_toggle(video_backend *vb)
{
    vlcv *v = vb->priv;
    video_state st = get_state(v);
    if (st == VIDEO_PLAYING)
        v_pause(vb);
    else if (st == VIDEO_OPENING) {
        pthread_mutex_lock(&v->lock);
        v->pause_pending = !v->pause_pending;
        pthread_mutex_unlock(&v->lock);
    } else
        v_play(vb);
}

static int64_t v_length(video_backend *vb)
{
    vlcv *v = vb->priv;
    pthread_mutex_lock(&v->lock);
    int64_t len = v->length;
    pthread_mutex_unlock(&v->lock);
    if (len <= 0 && v->mp) {
        libvlc_time_t t = libvlc_media_player_get_length(v->mp);
        len = t > 0 ? t : 0;
    }
    return len;
}

static int64_t v_position(video_backend *vb)
{
    vlcv *v = vb->priv;
    if (!v->mp)
        return 0;
    if (v->pending_seek >= 0)
        return v->pending_seek;
    video_state st = get_state(v);
    if (st == VIDEO_ENDED)
        return v_length(vb);
    if (st == VIDEO_IDLE)
        return 0;
    libvlc_time_t t = libvlc_media_player_get_time(v->mp);
    if (t < 0)
        t = 0;
    if (v->seek_target >= 0) {
        pthread_mutex_lock(&v->lock);
        /* a fail-safe for a seek that lands far from its target */
        int many = v->n_frames > v->seek_frames + 50;
        pthread_mutex_unlock(&v->lock);
        if (!many && (t < v->seek_target - 1000 || t > v->seek_target + 3000))
            return v->seek_target;
        v->seek_target = -1;
    }
    return t;
}

static void v_seek(video_backend *vb, int64_t ms, int relative)
{
    vlcv *v = vb->priv;
    if (!v->mp)
        return;
    int64_t t = relative ? v_position(vb) + ms : ms;
    int64_t len = v_length(vb);
    if (len > 0 && t > len)
        t = len;
    if (t < 0)
        t = 0;
    video_state st = get_state(v);
    if (st == VIDEO_PLAYING || st == VIDEO_PAUSED) {
        v->pending_seek = -1;
        set_time(v, t);
        return;
    }
    if (st == VIDEO_ERROR)
        return;
    /* idle, opening or ended: (re)start and seek once the input runs */
    v->pending_seek = t;
    if (st == VIDEO_IDLE || st == VIDEO_ENDED)
        v_play(vb);
}

static void v_set_volume(video_backend *vb, int percent)
{
    vlcv *v = vb->priv;
    v->volume = percent < 0 ? 0 : percent > 100 ? 100 : percent;
    if (v->mp && libvlc_audio_set_volume(v->mp, v->volume) != 0)
        v->audio_applied = 0;   /* no audio output yet: sync_player applies it */
}

static int v_volume(video_backend *vb)
{
    return ((vlcv *)vb->priv)->volume;
}

static void v_set_mute(video_backend *vb, int on)
{
    vlcv *v = vb->priv;
    v->mute = on != 0;
    if (v->mp)
        libvlc_audio_set_mute(v->mp, v->mute);
    v->audio_applied = 0;
}

static int v_muted(video_backend *vb)
{
    return ((vlcv *)vb->priv)->mute;
}

static video_state v_state(video_backend *vb, const char **msg)
{
    vlcv *v = vb->priv;
    sync_player(v);
    pthread_mutex_lock(&v->lock);
    video_state st = v->state;
    pthread_mutex_unlock(&v->lock);
    if (msg)
        *msg = st == VIDEO_ERROR ? v->msg : "";   /* stable until the next open */
    return st;
}

static SDL_Texture *v_frame(video_backend *vb, SDL_Renderer *ren, int *w, int *h)
{
    vlcv *v = vb->priv;
    *w = *h = 0;
    if (!v->mp || !ren)
        return NULL;
    sync_player(v);
    pthread_mutex_lock(&v->lock);
    unsigned gen = v->fmt_gen;
    pthread_mutex_unlock(&v->lock);
    if (gen != v->vis_gen) {            /* a new format: ask for the size again */
        v->vis_gen = gen;
        v->vis_w = v->vis_h = 0;
    }
    if (v->vis_w <= 0) {
        unsigned vw = 0, vh = 0;
        if (libvlc_video_get_size(v->mp, 0, &vw, &vh) == 0 && vw > 0 && vh > 0) {
            v->vis_w = (int)vw;
            v->vis_h = (int)vh;
        }
    }
    pthread_mutex_lock(&v->lock);
    /* the setup callback's size may be padded (90 -> 96 lines): wait a few
     * frames for libvlc_video_get_size before falling back to it */
    int size_known = v->vis_w > 0 || v->n_frames >= 3 || v->freeze;
    if (size_known && v->have_buf && v->ready >= 0 &&
        (v->uploaded != v->n_frames || !v->tex)) {
        int fw = v->vis_w > 0 && (unsigned)v->vis_w <= v->w ? v->vis_w : (int)v->w;
        int fh = v->vis_h > 0 && (unsigned)v->vis_h <= v->h ? v->vis_h : (int)v->h;
        if (v->tex && (v->tex_w != fw || v->tex_h != fh)) {
            SDL_DestroyTexture(v->tex);
            v->tex = NULL;
        }
        if (!v->tex) {
            v->tex = SDL_CreateTexture(ren, v->i420 ? SDL_PIXELFORMAT_IYUV : SDL_PIXELFORMAT_RGB888,
                                       SDL_TEXTUREACCESS_STREAMING, fw, fh);
            v->tex_w = fw;
            v->tex_h = fh;
            if (!v->tex)
                LOG_WARN(TAG, "%s: cannot make a %dx%d texture: %s", v->path, fw, fh,
                         SDL_GetError());
        }
        if (v->tex) {
            const vbuf *b = &v->buf[v->ready];
            if (v->i420)
                SDL_UpdateYUVTexture(v->tex, NULL, b->plane[0], (int)v->pitch[0], b->plane[1],
                                     (int)v->pitch[1], b->plane[2], (int)v->pitch[2]);
            else
                SDL_UpdateTexture(v->tex, NULL, b->plane[0], (int)v->pitch[0]);
            v->uploaded = v->n_frames;
        }
    }
    pthread_mutex_unlock(&v->lock);
    if (!v->tex)
        return NULL;
    *w = v->tex_w;
    *h = v->tex_h;
    return v->tex;
}

static void v_flush_textures(video_backend *vb)
{
    vlcv *v = vb->priv;
    if (v->tex)
        SDL_DestroyTexture(v->tex);
    v->tex = NULL;      /* the next frame() uploads the kept frame again */
}

static int wait_frame(vlcv *v, int timeout_ms)
{
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += timeout_ms / 1000;
    dl.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
    int rc = 0;
    pthread_mutex_lock(&v->lock);
    while (v->n_frames == 0 && v->state != VIDEO_ERROR && v->state != VIDEO_ENDED) {
        if (v->codec_error[0]) {
            set_error_locked(v, "no decoder for this video format");
            break;
        }
        if (pthread_cond_timedwait(&v->cond, &v->lock, &dl) == ETIMEDOUT) {
            rc = -1;
            break;
        }
    }
    if (rc == 0 && v->n_frames == 0)
        rc = -2;
    pthread_mutex_unlock(&v->lock);
    return rc;
}

static int v_frame_at(video_backend *vb, lectern_reader *r, const char *path, int64_t ms,
                      int timeout_ms, lectern_error *err)
{
    vlcv *v = vb->priv;
    int rc = v_open(vb, r, path, err);
    if (rc < 0)
        return rc;
    libvlc_media_add_option(v->media, ":no-audio");
    if (ms > 0) {
        char opt[64];
        snprintf(opt, sizeof opt, ":start-time=%.3f", (double)ms / 1000.0);
        libvlc_media_add_option(v->media, opt);
    }
    pthread_mutex_lock(&v->lock);
    v->freeze = 1;
    v->state = VIDEO_OPENING;
    pthread_mutex_unlock(&v->lock);
    if (libvlc_media_player_play(v->mp) < 0)
        return lectern_error_set(err, LECTERN_EMEDIA, "%s: libvlc could not start playback",
                                 path);
    int w = wait_frame(v, timeout_ms > 0 ? timeout_ms : 10000);
    if (w == -1) {
        rc = lectern_error_set(err, LECTERN_EMEDIA, "%s: no frame at %.1f s within %d ms",
                               path, (double)ms / 1000.0, timeout_ms);
    } else if (w < 0) {
        const char *msg = NULL;
        video_state st = v_state(vb, &msg);
        if (st == VIDEO_ERROR)
            rc = lectern_error_set(err, LECTERN_EMEDIA, "%s", msg);
        else
            rc = lectern_error_set(err, LECTERN_EMEDIA,
                                   "%s: no frame at %.1f s (the video ends before it)", path,
                                   (double)ms / 1000.0);
    }
    if (rc < 0) {
        if (get_state(v) == VIDEO_ERROR)
            log_error_once(v);
        else
            LOG_WARN(TAG, "%s", err ? err->msg : path);
        return rc;
    }
    libvlc_media_player_set_pause(v->mp, 1);
    int64_t len = v_length(vb);
    if (ms > 0 && len > 0 && ms >= len) {
        /* libvlc ignores a start time past the end and shows the start */
        rc = lectern_error_set(err, LECTERN_EINVAL, "%s: no frame at %.1f s: the video lasts %.1f s",
                               path, (double)ms / 1000.0, (double)len / 1000.0);
        LOG_WARN(TAG, "%s", err ? err->msg : path);
        return rc;
    }
    pthread_mutex_lock(&v->lock);
    v->vis_gen = v->fmt_gen;
    pthread_mutex_unlock(&v->lock);
    for (int i = 0; i < 100 && v->vis_w <= 0; i++) {
        unsigned vw = 0, vh = 0;
        if (libvlc_video_get_size(v->mp, 0, &vw, &vh) == 0 && vw > 0 && vh > 0) {
            v->vis_w = (int)vw;
            v->vis_h = (int)vh;
            break;
        }
        struct timespec ts = { 0, 5 * 1000000L };
        nanosleep(&ts, NULL);
    }
    return 0;
}

static void v_destroy(video_backend *vb)
{
    if (!vb)
        return;
    vlcv *v = vb->priv;
    v_close(vb);
    libvlc_release(v->vlc);
    pthread_cond_destroy(&v->cond);
    pthread_mutex_destroy(&v->lock);
    free(v);
    free(vb);
}

static const video_vtable vlc_vt = {
    .name = "vlc",
    .open = v_open,
    .close = v_close,
    .frame = v_frame,
    .destroy = v_destroy,
    .play = v_play,
    .pause = v_pause,
    .toggle = v_toggle,
    .seek_ms = v_seek,
    .position_ms = v_position,
    .length_ms = v_length,
    .set_volume = v_set_volume,
    .volume = v_volume,
    .set_mute = v_set_mute,
    .muted = v_muted,
    .state = v_state,
    .frame_at = v_frame_at,
    .flush_textures = v_flush_textures,
};

static int env_on(const char *name, const char *value)
{
    const char *s = getenv(name);
    return s && (value ? strcmp(s, value) == 0 : *s && strcmp(s, "0") != 0);
}

video_backend *video_vlc_create(uint32_t wake_event, lectern_error *err)
{
    const char *args[8];
    char aout[64];
    int n = 0;
    args[n++] = "--no-video-title-show";
    args[n++] = "--quiet";
    args[n++] = "--no-sub-autodetect-file";   /* subtitles are drawn by the player */
    args[n++] = "--no-osd";
    args[n++] = "--avcodec-hw=none";          /* frames come back to memory anyway */
    /* LECTERN_VIDEO_AOUT=NAME picks libvlc's audio output module (pulse, alsa,
     * afile...; tests/video/audio_heard.py records a real PulseAudio sink);
     * else SDL_AUDIODRIVER=dummy (tests) or LECTERN_VIDEO_NO_AUDIO mean no
     * sound, and otherwise libvlc chooses (PulseAudio, then ALSA) */
    const char *want = getenv("LECTERN_VIDEO_AOUT");
    if (want && *want && strlen(want) < 32 && strspn(want, "abcdefghijklmnopqrstuvwxyz0123456789_-") == strlen(want)) {
        snprintf(aout, sizeof aout, "--aout=%s", want);
        args[n++] = aout;
    } else {
        if (want && *want)
            LOG_WARN(TAG, "LECTERN_VIDEO_AOUT=\"%.40s\" is not an audio output module name "
                     "(e.g. pulse, alsa); ignored", want);
        if (env_on("SDL_AUDIODRIVER", "dummy") || env_on("LECTERN_VIDEO_NO_AUDIO", NULL))
            args[n++] = "--aout=adummy";
    }
    video_backend *vb = calloc(1, sizeof *vb);
    vlcv *v = calloc(1, sizeof *v);
    if (!vb || !v) {
        free(vb);
        free(v);
        lectern_error_set(err, LECTERN_ENOMEM, "video: out of memory");
        return NULL;
    }
    (void)lectern_log_get_level();    /* read LECTERN_LOG here, not on a VLC thread */
    v->vlc = libvlc_new(n, args);
    if (!v->vlc) {
        const char *why = libvlc_errmsg();
        lectern_error_set(err, LECTERN_EUNSUPPORTED,
                          "video: libvlc did not start (%s); is vlc-plugin-base installed?",
                          why ? why : "no reason given");
        free(vb);
        free(v);
        return NULL;
    }
    pthread_mutex_init(&v->lock, NULL);
    pthread_cond_init(&v->cond, NULL);
    libvlc_log_set(v->vlc, on_log, v);
    v->wake_event = wake_event;
    v->i420 = !env_on("LECTERN_VIDEO_CHROMA", "RV32");
    v->ready = -1;
    v->pending_seek = -1;
    v->seek_target = -1;
    v->volume = 100;
    vb->vt = &vlc_vt;
    vb->priv = v;
    LOG_INFO(TAG, "libvlc %s, %s frames, audio output %s", libvlc_get_version(),
             v->i420 ? "I420" : "RV32", strncmp(args[n - 1], "--aout=", 7) == 0 ? args[n - 1] + 7 : "libvlc's choice");
    return vb;
}
