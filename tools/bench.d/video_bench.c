/* Video benchmark program (built by tools/bench.d/video.py, not by meson):
 *   video_bench baseline FILE        libvlc decodes FILE into memory callbacks
 *                                    that discard the frames (I420, no copy)
 *   video_bench lectern SOURCE ENTRY [upload]
 *                                    Lectern's backend (video_vlc.c) plays
 *                                    ENTRY of SOURCE (folder or package); with
 *                                    "upload" every frame also goes into an
 *                                    SDL texture of a software renderer (which
 *                                    converts YUV to RGB on the CPU, unlike a
 *                                    GPU renderer)
 *   video_bench first SOURCE ENTRY N first-frame latency, N runs
 *   video_bench pack SRC OUT         lectern_package_build (a course folder)
 * Prints key=value lines: frames, cpu_ms, wall_ms (or first_ms=...). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <vlc/vlc.h>

#include "lectern/package.h"
#include "player.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
           (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

/* ---------------------------------------------------------------- baseline */

static unsigned char *frame_mem;
static unsigned long n_frames;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ended;

static unsigned b_setup(void **opaque, char *chroma, unsigned *w, unsigned *h, unsigned *pitches,
                        unsigned *lines)
{
    (void)opaque;
    memcpy(chroma, "I420", 4);
    unsigned pw = (*w + 31) / 32 * 32, ph = (*h + 15) / 16 * 16;
    pitches[0] = pw;
    pitches[1] = pitches[2] = pw / 2;
    lines[0] = ph;
    lines[1] = lines[2] = ph / 2;
    free(frame_mem);
    frame_mem = malloc((size_t)pw * ph * 2);
    return 1;
}

static void *b_lock(void *opaque, void **planes)
{
    (void)opaque;
    planes[0] = frame_mem;
    planes[1] = frame_mem + 1;      /* discarded anyway: any valid memory */
    planes[2] = frame_mem + 2;
    return NULL;
}

static void b_display(void *opaque, void *id)
{
    (void)opaque; (void)id;
    pthread_mutex_lock(&mu);
    n_frames++;
    pthread_mutex_unlock(&mu);
}

static void b_event(const libvlc_event_t *e, void *opaque)
{
    (void)e; (void)opaque;
    pthread_mutex_lock(&mu);
    ended = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

static int baseline(const char *file)
{
    const char *args[] = { "--no-video-title-show", "--quiet", "--no-sub-autodetect-file",
                           "--no-osd", "--avcodec-hw=none", "--aout=adummy" };
    double c0 = cpu_ms(), w0 = now_ms();
    libvlc_instance_t *vlc = libvlc_new(6, args);
    libvlc_media_t *m = libvlc_media_new_path(vlc, file);
    libvlc_media_player_t *mp = libvlc_media_player_new_from_media(m);
    libvlc_video_set_format_callbacks(mp, b_setup, NULL);
    libvlc_video_set_callbacks(mp, b_lock, NULL, b_display, NULL);
    libvlc_event_attach(libvlc_media_player_event_manager(mp), libvlc_MediaPlayerEndReached,
                        b_event, NULL);
    libvlc_event_attach(libvlc_media_player_event_manager(mp),
                        libvlc_MediaPlayerEncounteredError, b_event, NULL);
    libvlc_media_player_play(mp);
    pthread_mutex_lock(&mu);
    while (!ended)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    libvlc_media_player_stop(mp);
    libvlc_media_player_release(mp);
    libvlc_media_release(m);
    libvlc_release(vlc);
    printf("frames=%lu\ncpu_ms=%.0f\nwall_ms=%.0f\n", n_frames, cpu_ms() - c0, now_ms() - w0);
    free(frame_mem);
    return 0;
}

/* ---------------------------------------------------------------- lectern */

typedef struct ctx {
    lectern_reader *r;
    SDL_Surface *target;
    SDL_Renderer *ren;
    uint32_t wake;
    video_backend *v;
} ctx;

static int open_ctx(ctx *c, const char *source)
{
    lectern_error err = { 0 };
    if (lectern_reader_open(source, 0, &c->r, &err) < 0 || SDL_Init(SDL_INIT_EVENTS) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    c->wake = SDL_RegisterEvents(1);
    c->target = SDL_CreateRGBSurfaceWithFormat(0, 1280, 720, 32, SDL_PIXELFORMAT_ARGB8888);
    c->ren = SDL_CreateSoftwareRenderer(c->target);
    c->v = video_vlc_create(c->wake, &err);
    if (!c->v) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static void close_ctx(ctx *c)
{
    c->v->vt->destroy(c->v);
    SDL_DestroyRenderer(c->ren);
    SDL_FreeSurface(c->target);
    lectern_reader_close(c->r);
    SDL_Quit();
}

static int lectern_play(const char *source, const char *entry, int upload)
{
    double c0 = cpu_ms(), w0 = now_ms();
    ctx c = { 0 };
    if (open_ctx(&c, source) < 0)
        return 1;
    lectern_error err = { 0 };
    if (c.v->vt->open(c.v, c.r, entry, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    c.v->vt->play(c.v);
    unsigned long uploads = 0, n_shown = 0;
    SDL_Texture *last = NULL;
    for (;;) {
        /* a 100 Hz display loop: SDL_WaitEventTimeout without a real video
         * driver polls every millisecond, which would bill the harness here */
        SDL_Event ev;
        SDL_Delay(10);
        int woke = 0;
        while (SDL_PollEvent(&ev))
            woke |= ev.type == c.wake;
        n_shown += woke;
        if (woke && upload) {
            int w, h;
            SDL_Texture *t = c.v->vt->frame(c.v, c.ren, &w, &h);
            if (t)
                uploads++;     /* the newest frame, once per loop (as the player) */
            last = t;
        }
        video_state st = c.v->vt->state(c.v, NULL);
        if (st == VIDEO_ENDED || st == VIDEO_ERROR)
            break;
    }
    (void)last;
    close_ctx(&c);
    printf("frames=%lu\ncpu_ms=%.0f\nwall_ms=%.0f\n", upload ? uploads : n_shown,
           cpu_ms() - c0, now_ms() - w0);
    return 0;
}

static int first_frame(const char *source, const char *entry, int n)
{
    ctx c = { 0 };
    if (open_ctx(&c, source) < 0)
        return 1;
    for (int i = 0; i < n; i++) {
        lectern_error err = { 0 };
        double t0 = now_ms();
        if (c.v->vt->open(c.v, c.r, entry, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        c.v->vt->play(c.v);
        int w, h;
        while (!c.v->vt->frame(c.v, c.ren, &w, &h)) {
            SDL_Event ev;
            SDL_WaitEventTimeout(&ev, 5);
            if (c.v->vt->state(c.v, NULL) == VIDEO_ERROR || now_ms() - t0 > 10000)
                return 1;
        }
        printf("first_ms=%.1f\n", now_ms() - t0);
        c.v->vt->close(c.v);
    }
    close_ctx(&c);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "baseline"))
        return baseline(argv[2]);
    if ((argc == 4 || argc == 5) && !strcmp(argv[1], "lectern"))
        return lectern_play(argv[2], argv[3], argc == 5 && !strcmp(argv[4], "upload"));
    if (argc == 4 && !strcmp(argv[1], "pack")) {
        lectern_error err = { 0 };
        lectern_build_opts o = {.quiet = 1};
        if (lectern_package_build(argv[2], argv[3], &o, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        return 0;
    }
    if (argc == 5 && !strcmp(argv[1], "first"))
        return first_frame(argv[2], argv[3], atoi(argv[4]));
    fprintf(stderr, "usage: video_bench baseline FILE | lectern SOURCE ENTRY [upload] | "
                    "first SOURCE ENTRY N | pack SRC OUT\n");
    return 2;
}
