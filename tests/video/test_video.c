/* The libvlc video backend, headless (SDL dummy driver, --aout=adummy):
 * clips made by tools/make_test_clips.sh (1 s red, 1 s green, 1 s blue, in
 * WebM, MP4 and Ogg) play from a folder and from inside a built package,
 * pixels match the colour at that time, seeking lands in the right
 * segment, the end is reached, poster frames come out at their time, and
 * broken files end in an error state with a message, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lectern/package.h"
#include "player.h"

#define OUT_W 160
#define OUT_H 90
#define WAIT_MS 15000       /* a fail-safe for a hung backend, not a timing check */

typedef struct fixture {
    char dir[256];
    char src[300];          /* a course folder holding media/ */
    char pkg[300];          /* the same, built into a package */
    lectern_reader *folder, *package;
    SDL_Surface *target;
    SDL_Renderer *ren;
    uint32_t wake;
    video_backend *v;
} fixture;

static fixture fx;

static int write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(data, 1, len, f);
    return fclose(f) == 0 && n == len ? 0 : -1;
}

static int setup(void **state)
{
    (void)state;
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    if (!root)
        return -1;
    snprintf(fx.dir, sizeof fx.dir, "%s/lectern-video-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(fx.dir))
        return -1;
    snprintf(fx.src, sizeof fx.src, "%s/src", fx.dir);
    snprintf(fx.pkg, sizeof fx.pkg, "%s/clips.lectern", fx.dir);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s/tools/make_test_clips.sh' '%s/media'", root, fx.src);
    if (system(cmd) != 0)
        return -1;
    char path[512];
    const char *course = "{\"id\": \"video-test\", \"version\": \"1.0.0\", \"title\": \"Video test\"}\n";
    snprintf(path, sizeof path, "%s/course.json", fx.src);
    if (write_file(path, course, strlen(course)) < 0)
        return -1;
    /* broken media: random bytes, and an MP4 cut after its first 3000 bytes */
    unsigned char junk[20000];
    unsigned x = 7;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 16);
    }
    snprintf(path, sizeof path, "%s/media/garbage.webm", fx.src);
    if (write_file(path, junk, sizeof junk) < 0)
        return -1;
    snprintf(cmd, sizeof cmd, "head -c 3000 '%s/media/colors.mp4' > '%s/media/cut.mp4'", fx.src,
             fx.src);
    if (system(cmd) != 0)
        return -1;
    lectern_error e = { 0 };
    lectern_build_opts o = {.quiet = 1};
    if (lectern_package_build(fx.src, fx.pkg, &o, &e) < 0) {
        fprintf(stderr, "build: %s\n", e.msg);
        return -1;
    }
    if (lectern_reader_open(fx.src, 0, &fx.folder, &e) < 0 ||
        lectern_reader_open(fx.pkg, 0, &fx.package, &e) < 0) {
        fprintf(stderr, "reader: %s\n", e.msg);
        return -1;
    }
    const lectern_entry_info *ei = lectern_reader_find(fx.package, "media/colors.webm");
    if (!ei || !ei->stored)
        return -1;
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) < 0)
        return -1;
    fx.wake = SDL_RegisterEvents(1);
    fx.target = SDL_CreateRGBSurfaceWithFormat(0, OUT_W, OUT_H, 32, SDL_PIXELFORMAT_ARGB8888);
    fx.ren = fx.target ? SDL_CreateSoftwareRenderer(fx.target) : NULL;
    if (!fx.ren)
        return -1;
    fx.v = video_vlc_create(fx.wake, &e);
    if (!fx.v) {
        fprintf(stderr, "%s\n", e.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (fx.v)
        fx.v->vt->destroy(fx.v);
    SDL_DestroyRenderer(fx.ren);
    SDL_FreeSurface(fx.target);
    SDL_Quit();
    lectern_reader_close(fx.folder);
    lectern_reader_close(fx.package);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx.dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- helpers */

typedef enum { C_NONE = 0, C_RED, C_GREEN, C_BLUE, C_OTHER } colour;

static const char *colour_name(colour c)
{
    static const char *n[] = { "none", "red", "green", "blue", "other" };
    return n[c];
}

/* Draws the current frame over the whole target and classifies the centre. */
static colour frame_colour(uint32_t *argb_out)
{
    int w, h;
    SDL_Texture *t = fx.v->vt->frame(fx.v, fx.ren, &w, &h);
    if (!t)
        return C_NONE;
    SDL_SetRenderDrawColor(fx.ren, 0, 0, 0, 255);
    SDL_RenderClear(fx.ren);
    SDL_RenderCopy(fx.ren, t, NULL, NULL);
    uint32_t px = 0;
    SDL_Rect r = { OUT_W / 2, OUT_H / 2, 1, 1 };
    SDL_RenderReadPixels(fx.ren, &r, SDL_PIXELFORMAT_ARGB8888, &px, 4);
    if (argb_out)
        *argb_out = px;
    int R = (px >> 16) & 255, G = (px >> 8) & 255, B = px & 255;
    if (R > 180 && G < 80 && B < 80)
        return C_RED;
    if (G > 180 && R < 80 && B < 80)
        return C_GREEN;
    if (B > 180 && R < 80 && G < 80)
        return C_BLUE;
    return C_OTHER;
}

/* Pumps wake events until pred() holds or WAIT_MS passes. */
static int wait_until(int (*pred)(void *), void *arg)
{
    uint32_t t0 = SDL_GetTicks();
    while (SDL_GetTicks() - t0 < WAIT_MS) {
        if (pred(arg))
            return 1;
        SDL_Event ev;
        SDL_WaitEventTimeout(&ev, 20);
    }
    return pred(arg);
}

static int is_state(void *arg)
{
    video_state want = *(video_state *)arg;
    return fx.v->vt->state(fx.v, NULL) == want;
}

static int shows(void *arg)
{
    colour want = *(colour *)arg;
    return frame_colour(NULL) == want;
}

static int has_frame(void *arg)
{
    (void)arg;
    int w, h;
    return fx.v->vt->frame(fx.v, fx.ren, &w, &h) != NULL ||
           fx.v->vt->state(fx.v, NULL) == VIDEO_ERROR;
}

static int settled(void *arg)
{
    (void)arg;
    video_state st = fx.v->vt->state(fx.v, NULL);
    return st == VIDEO_ERROR || st == VIDEO_ENDED;
}

static void wait_colour(colour want)
{
    if (!wait_until(shows, &want))
        fail_msg("frame never became %s (shows %s, state %d, position %lld ms)",
                 colour_name(want), colour_name(frame_colour(NULL)),
                 fx.v->vt->state(fx.v, NULL), (long long)fx.v->vt->position_ms(fx.v));
}

static void wait_state(video_state want)
{
    const char *msg = NULL;
    if (!wait_until(is_state, &want))
        fail_msg("state never became %d (is %d: %s)", want, fx.v->vt->state(fx.v, &msg),
                 msg ? msg : "");
}

/* ---------------------------------------------------------------- tests */

/* red -> green -> blue -> ended, position moving forward, for each container */
static void plays_each_format_to_the_end(void **state)
{
    (void)state;
    const char *files[] = { "media/colors.webm", "media/colors.mp4", "media/colors.ogv" };
    for (size_t f = 0; f < 3; f++) {
        lectern_error e = { 0 };
        assert_int_equal(fx.v->vt->open(fx.v, fx.folder, files[f], &e), 0);
        assert_int_equal(fx.v->vt->state(fx.v, NULL), VIDEO_IDLE);
        int w, h;
        assert_null(fx.v->vt->frame(fx.v, fx.ren, &w, &h));     /* nothing before play */
        fx.v->vt->play(fx.v);
        wait_colour(C_RED);
        assert_int_equal(fx.v->vt->frame(fx.v, fx.ren, &w, &h) != NULL, 1);
        assert_int_equal(w, 160);
        assert_int_equal(h, 90);
        wait_colour(C_GREEN);
        int64_t p1 = fx.v->vt->position_ms(fx.v);
        assert_true(p1 >= 500);
        wait_colour(C_BLUE);
        int64_t p2 = fx.v->vt->position_ms(fx.v);
        assert_true(p2 >= p1);
        wait_state(VIDEO_ENDED);
        int64_t len = fx.v->vt->length_ms(fx.v);
        assert_true(len >= 2900 && len <= 3100);
        assert_int_equal(fx.v->vt->position_ms(fx.v), len);
        /* the last frame stays up after the end */
        assert_int_equal(frame_colour(NULL), C_BLUE);
        /* play after the end starts again from the beginning */
        fx.v->vt->play(fx.v);
        wait_colour(C_RED);
        fx.v->vt->close(fx.v);
        assert_int_equal(fx.v->vt->state(fx.v, NULL), VIDEO_IDLE);
        assert_null(fx.v->vt->frame(fx.v, fx.ren, &w, &h));
    }
}

static void seeks_land_in_the_right_segment(void **state)
{
    (void)state;
    lectern_error e = { 0 };
    assert_int_equal(fx.v->vt->open(fx.v, fx.package, "media/colors.webm", &e), 0);
    fx.v->vt->play(fx.v);
    wait_colour(C_RED);
    fx.v->vt->pause(fx.v);
    wait_state(VIDEO_PAUSED);
    fx.v->vt->play(fx.v);
    wait_state(VIDEO_PLAYING);
    fx.v->vt->seek_ms(fx.v, 2500, 0);
    wait_colour(C_BLUE);
    int64_t p = fx.v->vt->position_ms(fx.v);
    assert_true(p >= 2000 && p <= 3100);     /* 3 s clip: the end counts */
    fx.v->vt->seek_ms(fx.v, -1000, 1);      /* back 1 s: green */
    wait_colour(C_GREEN);
    p = fx.v->vt->position_ms(fx.v);
    assert_true(p >= 1000 && p < 2500);
    /* clamped: before the start, past the end */
    fx.v->vt->seek_ms(fx.v, -60000, 1);
    wait_colour(C_RED);
    fx.v->vt->seek_ms(fx.v, 60000, 1);
    wait_state(VIDEO_ENDED);
    /* seeking after the end restarts at the target */
    fx.v->vt->seek_ms(fx.v, 1500, 0);
    wait_colour(C_GREEN);
    fx.v->vt->close(fx.v);
}

static void pause_toggle_volume(void **state)
{
    (void)state;
    lectern_error e = { 0 };
    assert_int_equal(fx.v->vt->open(fx.v, fx.folder, "media/colors.webm", &e), 0);
    fx.v->vt->set_volume(fx.v, 150);
    assert_int_equal(fx.v->vt->volume(fx.v), 100);
    fx.v->vt->set_volume(fx.v, 40);
    assert_int_equal(fx.v->vt->volume(fx.v), 40);
    fx.v->vt->set_mute(fx.v, 1);
    assert_int_equal(fx.v->vt->muted(fx.v), 1);
    fx.v->vt->toggle(fx.v);                  /* idle -> playing */
    wait_state(VIDEO_PLAYING);
    wait_colour(C_RED);
    fx.v->vt->toggle(fx.v);
    wait_state(VIDEO_PAUSED);
    int64_t a = fx.v->vt->position_ms(fx.v);
    SDL_Delay(300);
    assert_int_equal(fx.v->vt->state(fx.v, NULL), VIDEO_PAUSED);
    assert_int_equal(fx.v->vt->position_ms(fx.v), a);    /* paused means paused */
    /* a seek while paused shows the frame there */
    fx.v->vt->seek_ms(fx.v, 2500, 0);
    wait_colour(C_BLUE);
    assert_int_equal(fx.v->vt->state(fx.v, NULL), VIDEO_PAUSED);
    fx.v->vt->seek_ms(fx.v, 500, 0);
    fx.v->vt->toggle(fx.v);
    wait_state(VIDEO_PLAYING);
    assert_int_equal(fx.v->vt->volume(fx.v), 40);
    assert_int_equal(fx.v->vt->muted(fx.v), 1);
    fx.v->vt->set_mute(fx.v, 0);
    assert_int_equal(fx.v->vt->muted(fx.v), 0);
    wait_state(VIDEO_ENDED);
    fx.v->vt->close(fx.v);
}

/* Poster frames: the frame at a time, identical from the folder and from
 * inside the package. */
static void frame_at_matches_folder_and_package(void **state)
{
    (void)state;
    const struct { int64_t ms; colour c; } at[] = { { 0, C_RED }, { 1500, C_GREEN },
                                                    { 2500, C_BLUE } };
    for (size_t i = 0; i < 3; i++) {
        uint32_t pf = 0, pp = 0;
        lectern_error e = { 0 };
        if (fx.v->vt->frame_at(fx.v, fx.folder, "media/colors.webm", at[i].ms, 10000, &e) < 0)
            fail_msg("%s", e.msg);
        assert_int_equal(frame_colour(&pf), at[i].c);
        int w1, h1;
        SDL_Texture *t = fx.v->vt->frame(fx.v, fx.ren, &w1, &h1);
        assert_non_null(t);
        if (fx.v->vt->frame_at(fx.v, fx.package, "media/colors.webm", at[i].ms, 10000, &e) < 0)
            fail_msg("%s", e.msg);
        assert_int_equal(frame_colour(&pp), at[i].c);
        assert_int_equal(pf, pp);
        /* the frame stays (paused) */
        SDL_Delay(200);
        assert_int_equal(frame_colour(NULL), at[i].c);
    }
    /* past the end: a clear failure */
    lectern_error e = { 0 };
    assert_true(fx.v->vt->frame_at(fx.v, fx.folder, "media/colors.webm", 60000, 10000, &e) < 0);
    assert_non_null(strstr(e.msg, "media/colors.webm"));
    fx.v->vt->close(fx.v);
}

static void broken_files_give_an_error_state(void **state)
{
    (void)state;
    const char *files[] = { "media/garbage.webm", "media/cut.mp4" };
    for (size_t f = 0; f < 2; f++) {
        for (int pass = 0; pass < 2; pass++) {
            lectern_reader *r = pass ? fx.package : fx.folder;
            lectern_error e = { 0 };
            assert_int_equal(fx.v->vt->open(fx.v, r, files[f], &e), 0);
            fx.v->vt->play(fx.v);
            if (!wait_until(settled, NULL))
                fail_msg("%s: neither error nor end", files[f]);
            const char *msg = NULL;
            assert_int_equal(fx.v->vt->state(fx.v, &msg), VIDEO_ERROR);
            assert_non_null(strstr(msg, files[f]));
            int w, h;
            assert_null(fx.v->vt->frame(fx.v, fx.ren, &w, &h));
            /* controls on a broken video do nothing harmful */
            fx.v->vt->toggle(fx.v);
            fx.v->vt->seek_ms(fx.v, 1000, 0);
            assert_int_equal(fx.v->vt->state(fx.v, NULL), VIDEO_ERROR);
            fx.v->vt->close(fx.v);
            assert_true(fx.v->vt->frame_at(fx.v, r, files[f], 0, 10000, &e) < 0);
            assert_non_null(strstr(e.msg, files[f]));
        }
    }
    /* a file that is not there */
    lectern_error e = { 0 };
    assert_int_equal(fx.v->vt->open(fx.v, fx.folder, "media/none.webm", &e), LECTERN_ENOTFOUND);
    const char *msg = NULL;
    assert_int_equal(fx.v->vt->state(fx.v, &msg), VIDEO_ERROR);
    assert_non_null(strstr(msg, "media/none.webm"));
    fx.v->vt->play(fx.v);
    fx.v->vt->close(fx.v);
    /* after errors, a good file plays again */
    assert_int_equal(fx.v->vt->open(fx.v, fx.package, "media/colors.webm", &e), 0);
    fx.v->vt->play(fx.v);
    wait_colour(C_RED);
    fx.v->vt->close(fx.v);
}

/* Open, play to the first frame, close: 50 times, from the package. */
static void stop_start_fifty_times(void **state)
{
    (void)state;
    for (int i = 0; i < 50; i++) {
        lectern_error e = { 0 };
        assert_int_equal(fx.v->vt->open(fx.v, fx.package, "media/colors.webm", &e), 0);
        fx.v->vt->play(fx.v);
        if (!wait_until(has_frame, NULL))
            fail_msg("run %d: no frame", i);
        if (i % 2)      /* half of them close while playing, half after a seek */
            fx.v->vt->seek_ms(fx.v, 2000, 0);
        fx.v->vt->close(fx.v);
    }
    /* the renderer goes away: textures dropped, the frame comes back */
    lectern_error e = { 0 };
    assert_int_equal(fx.v->vt->frame_at(fx.v, fx.package, "media/colors.webm", 1500, 10000, &e), 0);
    assert_int_equal(frame_colour(NULL), C_GREEN);
    fx.v->vt->flush_textures(fx.v);
    SDL_DestroyRenderer(fx.ren);
    fx.ren = SDL_CreateSoftwareRenderer(fx.target);
    assert_non_null(fx.ren);
    assert_int_equal(frame_colour(NULL), C_GREEN);
    fx.v->vt->close(fx.v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plays_each_format_to_the_end),
        cmocka_unit_test(seeks_land_in_the_right_segment),
        cmocka_unit_test(pause_toggle_volume),
        cmocka_unit_test(frame_at_matches_folder_and_package),
        cmocka_unit_test(broken_files_give_an_error_state),
        cmocka_unit_test(stop_start_fifty_times),
    };
    return cmocka_run_group_tests_name("video", tests, setup, teardown);
}
