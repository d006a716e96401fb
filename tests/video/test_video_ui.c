/* The sample course's video items in the player (offscreen, headless):
 * built into a package, the video opens when its item is shown, Space plays
 * it from inside the package, frames reach the screen, K pauses, J/L seek,
 * C switches subtitles off and Shift+C to French, leaving the item closes
 * the video; subtitles are drawn as a band with text over the video box;
 * export mode draws the frame at the item's poster time. */
#include <string.h>

#include "lectern/package.h"
#include "video_app_test.h"

static char dir[256], pkg[320];

/* Opens a course (folder or package) with its session, text and images: a
 * text system per course, destroyed with it while libvlc has used
 * fontconfig (textsys_destroy once called FcFini, which asserted here). */
static int open_course(const char *path)
{
    return vt_open_course(path, 64u << 20);
}

static void close_course(void)
{
    video_ui_destroy(&a, a.vui);    /* closes the open video */
    a.vui = video_ui_create();
    images_destroy(a.images);
    textsys_destroy(a.text);
    a.text = NULL;
    lectern_session_destroy(a.session);
    lectern_course_close(a.course);
    lectern_reader_close(a.reader);
    a.images = NULL;
    a.session = NULL;
    a.course = NULL;
    a.reader = NULL;
}

static int setup(void **state)
{
    (void)state;
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    if (!root)
        return -1;
    snprintf(dir, sizeof dir, "/tmp/lectern-video-ui-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(pkg, sizeof pkg, "%s/course.lectern", dir);
    char src[512];
    snprintf(src, sizeof src, "%s/courses/trafficking-basics", root);
    lectern_error err = { 0 };
    lectern_build_opts o = {.quiet = 1};
    if (lectern_package_build(src, pkg, &o, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    if (vt_init() < 0 || open_course(pkg) < 0 || vt_open_output() < 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    close_course();
    video_ui_destroy(&a, a.vui);
    textsys_destroy(a.text);
    if (a.video)
        a.video->vt->destroy(a.video);
    app_output_close(&a);
    SDL_DestroyMutex(a.reader_lock);
    TTF_Quit();
    SDL_Quit();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* what the video item reported (the progress store's input) */
static int n_ranges, n_positions;
static int64_t watched_ms, last_position = -1, reported_duration;

static void listener(const lectern_session_event *ev, void *user)
{
    (void)user;
    if (ev->kind != LECTERN_EV_VIDEO_RANGE && ev->kind != LECTERN_EV_VIDEO_POSITION)
        return;
    assert_string_equal(lectern_course_item(a.course, ev->index)->id, "m1-video-elements");
    if (ev->kind == LECTERN_EV_VIDEO_RANGE) {
        assert_true(ev->to_ms > ev->from_ms);
        n_ranges++;
        watched_ms += ev->to_ms - ev->from_ms;
    } else {
        n_positions++;
        last_position = ev->position_ms;
    }
    reported_duration = ev->duration_ms;
}

static int playing_with_frame(void)
{
    int w, h;
    return state_now() == VIDEO_PLAYING && a.video->vt->frame(a.video, a.ren, &w, &h) &&
           a.video->vt->position_ms(a.video) > 1200;
}

static void plays_from_the_package_with_keys(void **state)
{
    (void)state;
    lectern_session_set_listener(a.session, listener, NULL);
    go("m1-video-elements");
    assert_string_equal(a.video->vt->name, "vlc");
    assert_int_equal(state_now(), VIDEO_IDLE);          /* autoplay is off: the poster */
    assert_int_equal(app_key(&a, SDLK_SPACE, 0), 1);
    if (!run_until(playing_with_frame))
        fail_msg("no frame (state %d)", state_now());
    assert_true(a.video->vt->length_ms(a.video) > 15000);
    char shot[600];
    snprintf(shot, sizeof shot, "%s/playing.png", dir);
    lectern_error err = { 0 };
    assert_int_equal(app_screenshot(&a, shot, NULL, 0, &err), 0);
    keep_shot("video-playing.png");
    /* K pauses, the position holds */
    assert_int_equal(app_key(&a, SDLK_k, 0), 1);
    if (!run_until(is_paused))
        fail_msg("not paused (state %d)", state_now());
    /* L: +5 s, J: -5 s (while paused: the position moves, the state stays) */
    int64_t p0 = a.video->vt->position_ms(a.video);
    assert_int_equal(app_key(&a, SDLK_l, 0), 1);
    SDL_Delay(300);
    int64_t p1 = a.video->vt->position_ms(a.video);
    assert_true(p1 >= p0 + 4000 && p1 <= p0 + 6000);
    assert_int_equal(app_key(&a, SDLK_j, KMOD_LSHIFT), 1);   /* -30 s: clamped to 0 */
    SDL_Delay(300);
    assert_true(a.video->vt->position_ms(a.video) < 1000);
    assert_int_equal(state_now(), VIDEO_PAUSED);
    /* volume and mute keys */
    int vol = a.video->vt->volume(a.video);
    assert_int_equal(app_key(&a, SDLK_MINUS, 0), 1);
    assert_int_equal(a.video->vt->volume(a.video), vol - 10);
    assert_int_equal(app_key(&a, SDLK_v, 0), 1);
    assert_int_equal(a.video->vt->muted(a.video), 1);
    assert_int_equal(app_key(&a, SDLK_v, 0), 1);
    /* subtitle keys are taken on an item with subtitles */
    assert_int_equal(app_key(&a, SDLK_c, 0), 1);
    assert_int_equal(app_key(&a, SDLK_c, KMOD_LSHIFT), 1);
    /* a click in the video box plays again */
    app_render(&a);
    assert_int_equal(video_ui_click(&a, W / 2, H / 2, SDL_BUTTON_LEFT), 1);
    if (!run_until(playing_with_frame))
        fail_msg("click did not play (state %d)", state_now());
    /* Z: the video covers the slide title; Esc brings the slide back first */
    uint32_t title_bg = pixel(20, 20);
    assert_int_equal(app_key(&a, SDLK_z, 0), 1);
    app_render(&a);
    assert_int_equal(pixel(20, 20), 0x000000);
    assert_int_equal(app_key(&a, SDLK_ESCAPE, 0), 1);
    app_render(&a);
    assert_int_equal(pixel(20, 20), title_bg);
    lectern_session_view v;
    lectern_session_get_view(a.session, &v);
    assert_int_equal(v.screen, LECTERN_SCREEN_SLIDE);
    /* leaving the item closes the video; keys go back to the slides */
    int64_t left = a.video->vt->position_ms(a.video);
    assert_int_equal(app_key(&a, SDLK_PAGEDOWN, 0), 1);
    app_render(&a);
    assert_int_equal(state_now(), VIDEO_IDLE);
    lectern_session_get_view(a.session, &v);
    assert_string_equal(v.item->id, "m1-act-means");
    assert_int_equal(video_ui_key(&a, SDLK_k, 0), 0);
    /* back on the video, play goes on from where it was left */
    assert_int_equal(app_key(&a, SDLK_PAGEUP, 0), 1);
    app_render(&a);
    assert_int_equal(state_now(), VIDEO_IDLE);
    assert_int_equal(app_key(&a, SDLK_SPACE, 0), 1);
    int64_t back = a.video->vt->position_ms(a.video);    /* the seek asked */
    assert_true(back >= left - 100 && back <= left + 1000);
    if (!run_until(playing_with_frame))
        fail_msg("no frame after coming back (state %d)", state_now());
    go("m1-title");
    /* a key straight after moving to the item (no frame drawn in between) */
    lectern_cmd c = lectern_cmd_make_id(LECTERN_CMD_GOTO, "m1-video-elements");
    assert_true(app_command(&a, &c) >= 0);
    assert_int_equal(app_key(&a, SDLK_SPACE, 0), 1);
    lectern_session_get_view(a.session, &v);
    assert_string_equal(v.item->id, "m1-video-elements");
    assert_true(state_now() == VIDEO_OPENING || state_now() == VIDEO_PLAYING);
    go("m1-title");
    /* a resume offset from the progress store: play starts there */
    const lectern_item *vit = lectern_course_find_item(a.course, "m1-video-elements");
    long vidx = lectern_course_item_index(a.course, "m1-video-elements");
    assert_non_null(vit);
    assert_true(vidx >= 0);
    lectern_session_video_set_resume(a.session, (size_t)vidx, 7000);
    go("m1-video-elements");
    assert_int_equal(app_key(&a, SDLK_k, 0), 1);
    assert_int_equal(a.video->vt->position_ms(a.video), 7000);
    go("m1-title");
    /* reported: watched stretches (split by the pause and seeks) and where it was left */
    assert_true(n_ranges >= 2);
    assert_true(watched_ms >= 1000);
    assert_true(n_positions >= 2);
    assert_true(last_position >= left - 1000);   /* a seek may land a little early */
    assert_true(reported_duration > 15000);
    /* the session kept the same: merged ranges, the position, the length */
    lectern_range rr[16];
    int64_t total = 0;
    size_t nr = lectern_session_video_watched(a.session, (size_t)vidx, rr, 16, &total);
    assert_true(nr >= 1 && nr <= (size_t)n_ranges);
    assert_true(total >= 1000 && total <= watched_ms);
    for (size_t i = 1; i < nr && i < 16; i++)
        assert_true(rr[i].from_ms > rr[i - 1].to_ms);    /* sorted, not touching */
    assert_true(lectern_session_video_position(a.session, (size_t)vidx) >= 0);
    assert_int_equal(lectern_session_video_duration(a.session, (size_t)vidx), reported_duration);
    lectern_session_set_listener(a.session, NULL, NULL);
}

static void subtitle_band_drawn(void **state)
{
    (void)state;
    lectern_subtitles *s;
    lectern_error err = { 0 };
    assert_int_equal(lectern_subtitles_load(a.reader, "media/three-elements.en.vtt", &s, &err), 0);
    const lectern_cue *c = lectern_subtitles_cue(s, 0);
    assert_non_null(c);
    int64_t during = (c->start_ms + c->end_ms) / 2, before = c->start_ms - 1;
    /* on a plain mid-grey box: white text and a dark band only while a cue shows */
    for (int pass = 0; pass < 2; pass++) {
        SDL_SetRenderDrawColor(a.ren, 0, 0, 0, 255);
        SDL_RenderClear(a.ren);
        draw_fill(&a, 0, 0, CANVAS_W, CANVAS_H, 0x808080, 255);
        int drawn = subtitles_draw(&a, s, pass ? during : before, 0, 0, CANVAS_W, CANVAS_H, 40);
        assert_int_equal(drawn, pass);
        int white = 0, dark = 0;
        for (int y = H * 3 / 4; y < H; y += 2)
            for (int x = 0; x < W; x += 2) {
                uint32_t p = pixel(x, y);
                int r = (p >> 16) & 255, g = (p >> 8) & 255, b = p & 255;
                white += r > 230 && g > 230 && b > 230;
                dark += r < 60 && g < 60 && b < 60;
            }
        if (pass) {
            assert_true(white > 20);
            assert_true(dark > 200);
        } else {
            assert_int_equal(white, 0);
            assert_int_equal(dark, 0);
        }
    }
    lectern_subtitles_free(s);
}

static void export_draws_the_poster_time_frame(void **state)
{
    (void)state;
    a.show_chrome = 0;
    lectern_session_view v;
    const lectern_item *it = lectern_course_find_item(a.course, "m1-video-elements");
    assert_non_null(it);
    go("m1-video-elements");
    lectern_session_get_view(a.session, &v);
    app_render_item(&a, v.index);
    /* the frame at poster_time was decoded and kept for the slide */
    int w, h;
    assert_non_null(a.video->vt->frame(a.video, a.ren, &w, &h));
    assert_true(w > 0 && h > 0);
    a.show_chrome = 1;
    go("m1-title");
}

static int settled(void)
{
    video_state st = state_now();
    return st == VIDEO_ERROR || st == VIDEO_ENDED;
}

/* A copy of the course whose first video is damaged: the box says so, the
 * keys keep moving through the slides, the next video still plays. */
static void broken_video_shows_a_message(void **state)
{
    (void)state;
    char copy[400], path[600], cmd[1400];
    snprintf(copy, sizeof copy, "%s/broken-course", dir);
    snprintf(cmd, sizeof cmd, "cp -r '%s/courses/trafficking-basics' '%s' && "
             "head -c 5000 /dev/urandom > '%s/media/three-elements.webm'",
             getenv("LECTERN_SOURCE_ROOT"), copy, copy);
    assert_int_equal(system(cmd), 0);
    close_course();
    assert_int_equal(open_course(copy), 0);
    go("m1-video-elements");
    assert_int_equal(app_key(&a, SDLK_SPACE, 0), 1);
    if (!run_until(settled))
        fail_msg("no error state (state %d)", state_now());
    const char *msg = NULL;
    assert_int_equal(a.video->vt->state(a.video, &msg), VIDEO_ERROR);
    assert_non_null(strstr(msg, "media/three-elements.webm"));
    app_render(&a);
    snprintf(path, sizeof path, "%s/error.png", dir);
    lectern_error err = { 0 };
    assert_int_equal(app_screenshot(&a, path, NULL, 0, &err), 0);
    keep_shot("video-error.png");
    /* the error box is dark grey (0x101010) in the middle of the video area */
    uint32_t px = pixel(W / 2, H / 2 - 120);
    assert_true(((px >> 16) & 255) < 40 && ((px >> 8) & 255) < 40 && (px & 255) < 40);
    /* Space on a broken video is the slide's again: next item */
    assert_int_equal(video_ui_key(&a, SDLK_SPACE, 0), 0);
    assert_int_equal(app_key(&a, SDLK_SPACE, 0), 1);
    lectern_session_view v;
    lectern_session_get_view(a.session, &v);
    assert_string_equal(v.item->id, "m1-act-means");
    /* the other video of the same course plays */
    const lectern_item *it = NULL;
    for (size_t i = 0; i < lectern_course_n_items(a.course); i++) {
        const lectern_item *x = lectern_course_item(a.course, i);
        if (x->kind == LECTERN_ITEM_VIDEO && strcmp(x->id, "m1-video-elements") != 0)
            it = x;
    }
    assert_non_null(it);
    go(it->id);
    if (state_now() == VIDEO_IDLE)
        assert_int_equal(app_key(&a, SDLK_k, 0), 1);
    if (!run_until(playing_with_frame))
        fail_msg("%s did not play (state %d)", it->id, state_now());
    close_course();
    assert_int_equal(open_course(pkg), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plays_from_the_package_with_keys),
        cmocka_unit_test(subtitle_band_drawn),
        cmocka_unit_test(export_draws_the_poster_time_frame),
        cmocka_unit_test(broken_video_shows_a_message),
    };
    return cmocka_run_group_tests_name("video-ui", tests, setup, teardown);
}
