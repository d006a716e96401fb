/* The video controls in the player (offscreen, headless) over clips made by
 * tools/make_test_clips.sh (3 s red, 3 s green, 3 s blue; the VP9 WebM): while playing,
 * the control bar hides after 3 s without input and comes back when the
 * mouse moves over the video or a key is pressed; in Arabic the buttons
 * mirror (play on the right) while the time bar still fills from the
 * left; a larger text scale makes a taller bar; the position and watched
 * ranges reach the session, and play resumes where it was left. Pixels are
 * read back from the output. LECTERN_VIDEO_SHOTS=DIR keeps screenshots. */
#include <string.h>
#include <sys/stat.h>

#include "video_app_test.h"

static char dir[256];
static long clip_index;

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static int setup(void **state)
{
    (void)state;
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    if (!root)
        return -1;
    snprintf(dir, sizeof dir, "/tmp/lectern-video-controls-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char cmd[1024], path[512];
    snprintf(cmd, sizeof cmd, "'%s/tools/make_test_clips.sh' '%s/course/media' 320x180 3",
             root, dir);
    if (system(cmd) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/course/course.json", dir);
    if (write_file(path, "{\"format\": 1, \"id\": \"org.lectern.test.controls\", "
                   "\"version\": \"1.0.0\", \"title\": \"Controls\", "
                   "\"languages\": [\"en\"], \"modules\": [\"m\"]}\n") < 0)
        return -1;
    snprintf(path, sizeof path, "%s/course/modules", dir);
    if (mkdir(path, 0755) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/course/modules/m.json", dir);
    if (write_file(path, "{\"id\": \"m\", \"title\": \"M\", \"items\": [\n"
                   " {\"id\": \"start\", \"type\": \"slide\", \"layout\": \"title\", "
                   "\"title\": \"Start\"},\n"
                   " {\"id\": \"clip\", \"type\": \"video\", \"title\": \"Colours\", "
                   "\"video\": \"media/colors.webm\", \"autoplay\": false}]}\n") < 0)
        return -1;
    snprintf(path, sizeof path, "%s/course", dir);
    snprintf(a.data_dir, sizeof a.data_dir, "%s/data", dir);
    if (vt_init() < 0 || vt_open_course(path, 16u << 20) < 0 || vt_open_output() < 0)
        return -1;
    clip_index = lectern_course_item_index(a.course, "clip");
    return clip_index >= 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    video_ui_destroy(&a, a.vui);
    images_destroy(a.images);
    lectern_session_destroy(a.session);
    textsys_destroy(a.text);
    if (a.video)
        a.video->vt->destroy(a.video);
    app_output_close(&a);
    lectern_course_close(a.course);
    lectern_reader_close(a.reader);
    SDL_DestroyMutex(a.reader_lock);
    ui_set_lang(NULL);
    TTF_Quit();
    SDL_Quit();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int playing_with_frame(void)
{
    int w, h;
    return state_now() == VIDEO_PLAYING && a.video->vt->frame(a.video, a.ren, &w, &h) &&
           a.video->vt->position_ms(a.video) > 500;
}

static int max_channel(uint32_t c)
{
    int r = (c >> 16) & 255, g = (c >> 8) & 255, b = c & 255;
    return r > g ? (r > b ? r : b) : (g > b ? g : b);
}

/* A 3x3 block of white around x,y: a drawn symbol, not a glyph stroke. */
static int white_block(int x, int y)
{
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            uint32_t c = pixel(x + dx, y + dy);
            if (((c >> 16) & 255) < 230 || ((c >> 8) & 255) < 230 || (c & 255) < 230)
                return 0;
        }
    return 1;
}

static int near(uint32_t got, uint32_t want, int tol)
{
    for (int sh = 0; sh <= 16; sh += 8) {
        int d = (int)((got >> sh) & 255) - (int)((want >> sh) & 255);
        if (d < -tol || d > tol)
            return 0;
    }
    return 1;
}

static void controls_hide_while_playing_and_come_back(void **state)
{
    (void)state;
    a.clock_ms = 1000;
    go("clip");
    assert_int_equal(app_key(&a, SDLK_SPACE, 0), 1);
    if (!run_until(playing_with_frame))
        fail_msg("no frame (state %d)", state_now());
    SDL_Rect box, bar, track;
    assert_true(video_ui_controls_shown(&a));
    assert_int_equal(video_ui_geometry(&a, &box, &bar, &track), 1);
    assert_true(bar.h > 0 && bar.y + bar.h == box.y + box.h);
    int px = bar.x + 3, py = bar.y + bar.h - 3;     /* a corner of the bar */
    assert_true(max_channel(pixel(px, py)) < 130);   /* the frame dimmed under the bar */
    keep_shot("controls-playing.png");
    /* 3 s without input while playing: the frame shows through */
    a.clock_ms = 4100;
    app_render(&a);
    assert_false(video_ui_controls_shown(&a));
    assert_true(max_channel(pixel(px, py)) > 180);
    keep_shot("controls-hidden.png");
    /* the mouse outside the video does not bring them back; over it, it does */
    assert_int_equal(video_ui_motion(&a, 2, 2), 0);
    app_render(&a);
    assert_false(video_ui_controls_shown(&a));
    assert_int_equal(video_ui_motion(&a, box.x + box.w / 2, box.y + box.h / 2), 1);
    assert_int_not_equal(a.dirty, 0);
    app_render(&a);
    assert_true(video_ui_controls_shown(&a));
    assert_true(max_channel(pixel(px, py)) < 130);
    /* and they hide again; a key brings them back too */
    a.clock_ms = 7200;
    app_render(&a);
    assert_false(video_ui_controls_shown(&a));
    assert_int_equal(app_key(&a, SDLK_v, 0), 1);     /* mute */
    app_render(&a);
    assert_true(video_ui_controls_shown(&a));
    assert_int_equal(app_key(&a, SDLK_v, 0), 1);
    /* paused: the controls stay whatever the clock says */
    assert_int_equal(app_key(&a, SDLK_k, 0), 1);
    if (!run_until(is_paused))
        fail_msg("not paused (state %d)", state_now());
    a.clock_ms = 60000;
    app_render(&a);
    assert_true(video_ui_controls_shown(&a));
}

/* The play symbol's middle (paused: a triangle) for a bar, LTR or RTL. */
static int play_symbol_x(const SDL_Rect *bar, int rtl)
{
    int off = (int)(41 * a.cv.scale + 0.5f);
    return rtl ? bar->x + bar->w - 1 - (int)(40 * a.cv.scale + 0.5f) + (int)(1 * a.cv.scale)
               : bar->x + off;
}

static void arabic_mirrors_buttons_not_the_time_bar(void **state)
{
    (void)state;
    assert_int_equal(state_now(), VIDEO_PAUSED);
    int64_t pos = a.video->vt->position_ms(a.video), len = a.video->vt->length_ms(a.video);
    assert_true(pos > 0 && len > 0 && pos < len * 8 / 10);
    uint32_t accent = a.theme->accent;
    for (int rtl = 0; rtl <= 1; rtl++) {
        assert_int_equal(ui_set_lang(rtl ? "ar" : "en"), 0);
        app_render(&a);
        keep_shot(rtl ? "controls-ar.png" : "controls-en.png");
        SDL_Rect box, bar, track;
        assert_int_equal(video_ui_geometry(&a, &box, &bar, &track), 1);
        int cy = bar.y + bar.h / 2;
        /* the play button at the reading start: left in English, right in Arabic */
        assert_true(white_block(play_symbol_x(&bar, rtl), cy));
        assert_false(white_block(play_symbol_x(&bar, !rtl), cy));
        /* the time bar fills from its left end in both */
        assert_true(track.w > bar.w / 4);
        assert_true(near(pixel(track.x + 2, cy), accent, 40));
        assert_true(near(pixel(track.x + track.w - 3, cy), 0x606060, 30));
        /* and sits away from the play button's side */
        if (rtl)
            assert_true(track.x + track.w < bar.x + bar.w - (int)(150 * a.cv.scale));
        else
            assert_true(track.x > bar.x + (int)(150 * a.cv.scale));
    }
    assert_int_equal(ui_set_lang(NULL), 0);
}

static void larger_text_makes_a_taller_bar(void **state)
{
    (void)state;
    app_render(&a);
    SDL_Rect box, bar, track;
    assert_int_equal(video_ui_geometry(&a, &box, &bar, &track), 1);
    int h100 = bar.h;
    char a0[] = "lectern", a1[] = "--text-scale", a2[] = "150";
    char *argv[] = { a0, a1, a2 };
    int i = 1;
    assert_int_equal(access_option(3, argv, &i), 1);
    access_init(&a);
    app_render(&a);
    keep_shot("controls-150.png");
    assert_int_equal(video_ui_geometry(&a, &box, &bar, &track), 1);
    assert_true(bar.h >= h100 * 14 / 10);
    assert_true(bar.y + bar.h == box.y + box.h);
    /* a row above the bar's top is the frame, inside it the dimmed band */
    assert_true(max_channel(pixel(bar.x + 3, bar.y + 2)) < 130);
    assert_true(max_channel(pixel(bar.x + 3, bar.y - 3)) > 180);
    char a3[] = "100";
    argv[2] = a3;
    i = 1;
    assert_int_equal(access_option(3, argv, &i), 1);
    access_init(&a);
}

static void position_and_ranges_reach_the_session(void **state)
{
    (void)state;
    size_t idx = (size_t)clip_index;
    int64_t total = 0;
    assert_true(lectern_session_video_watched(a.session, idx, NULL, 0, &total) >= 1);
    assert_true(total >= 400);
    assert_true(lectern_session_video_position(a.session, idx) > 0);
    int64_t left = a.video->vt->position_ms(a.video);
    go("start");                                    /* leaving closes the video */
    assert_int_equal(state_now(), VIDEO_IDLE);
    int64_t resume = lectern_session_video_resume(a.session, idx);
    assert_true(resume >= left - 100 && resume <= left + 100);
    go("clip");
    assert_int_equal(app_key(&a, SDLK_k, 0), 1);     /* plays on from there */
    int64_t at = a.video->vt->position_ms(a.video);
    assert_true(at >= resume - 100 && at <= resume + 1000);
    go("start");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(controls_hide_while_playing_and_come_back),
        cmocka_unit_test(arabic_mirrors_buttons_not_the_time_bar),
        cmocka_unit_test(larger_text_makes_a_taller_bar),
        cmocka_unit_test(position_and_ranges_reach_the_session),
    };
    return cmocka_run_group_tests_name("video-controls", tests, setup, teardown);
}
