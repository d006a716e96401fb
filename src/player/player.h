/* Internal interfaces of the SDL player: the app (window or offscreen
 * target, caches, session), the virtual 1920x1080 canvas, text and image
 * caches, slide layouts and screens. Only src/player includes this. */
#ifndef LECTERN_PLAYER_H
#define LECTERN_PLAYER_H

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdint.h>

#include "lectern/course.h"
#include "lectern/error.h"
#include "lectern/reader.h"
#include "lectern/search.h"
#include "lectern/session.h"
#include "lectern/subtitle.h"

#define CANVAS_W 1920
#define CANVAS_H 1080

/* ---------------------------------------------------------------- canvas */

/* Maps the virtual canvas onto the output, scaled and letterboxed. */
typedef struct canvas {
    int out_w, out_h;   /* output pixels */
    float scale;        /* output px per virtual px */
    int ox, oy;         /* top-left of the canvas in output px */
    int cw, ch;         /* canvas size in output px */
} canvas;

void canvas_fit(canvas *cv, int out_w, int out_h);
SDL_Rect canvas_rect(const canvas *cv, float x, float y, float w, float h);

/* ---------------------------------------------------------------- text */

typedef enum {
    FONT_HEADING = 0,
    FONT_BODY,
    FONT_ITALIC,
    FONT_BOLD,
    FONT_COUNT
} font_role;

typedef enum { ALIGN_LEFT = 0, ALIGN_CENTER = 1, ALIGN_RIGHT = 2 } text_align;

typedef struct textsys textsys;

/* Resolves the theme fonts (embedded fonts/... files from the course reader
 * first, then fontconfig patterns, then DejaVu files) and reads them into
 * memory. reader may be NULL (error screen). Fails with LECTERN_ENOTFOUND
 * when no usable font exists at all. */
int textsys_create(lectern_reader *reader, SDL_mutex *reader_lock,
                   const lectern_theme *theme, textsys **out, lectern_error *err);
void textsys_destroy(textsys *ts);
/* 1 when the theme names font files of the course (textsys_create then needs
 * the reader), 0 when its fonts are the system's. */
int textsys_theme_reads_course(const lectern_theme *theme);
/* Drops every texture (renderer recreated). */
void textsys_flush_textures(textsys *ts);
/* Measures a block: `s` wrapped at wrap_px (0: no wrapping), at px pixels.
 * Writes the block size in output px; returns the number of lines, or -1
 * when the font failed. Cached. */
int text_measure(textsys *ts, font_role role, int px, int wrap_px, const char *s,
                 int *w, int *h);
/* Draws a block with its top-left at x,y (output px) and alignment inside
 * wrap_px. Cached texture (LRU, bounded). */
void text_draw(textsys *ts, SDL_Renderer *ren, font_role role, int px, int wrap_px,
               text_align align, uint32_t rgb, const char *s, int x, int y);
/* Line height in px for a font size. */
int text_line_height(textsys *ts, font_role role, int px);
/* 1 when the text starts with a right-to-left script (Arabic, Hebrew): it is
 * shaped right to left and drawn right-aligned. */
int text_is_rtl(const char *s);
/* With on=1, text_draw only makes the textures (warming the cache). */
void text_set_prepare_only(textsys *ts, int on);
/* Cache statistics (for logs and benchmarks). */
void text_stats(const textsys *ts, size_t *entries, size_t *bytes, size_t *hits,
                size_t *misses);
/* Font file chosen for a role ("/usr/share/fonts/...", "fonts/x.ttf"). */
const char *text_font_source(const textsys *ts, font_role role);

/* ---------------------------------------------------------------- images */
/* text_bidi.c: one line split into runs of one BiDi embedding level and
 * one font face, in visual order (left to right on screen). pick chooses
 * the face of a code point (want: a neighbour's face, kept when it covers
 * the character; -1 none); NULL: face 0 for all. Returns the number of
 * runs, or -1 (out of memory, more than max_runs). */
typedef struct bidi_run {
    size_t off, len;     /* bytes of the line */
    int level;           /* odd: right to left */
    int face;
} bidi_run;
typedef int (*bidi_pick_face)(void *ctx, uint32_t cp, int want);
int bidi_runs(const char *s, size_t n, int base_rtl, bidi_pick_face pick, void *ctx,
              bidi_run *runs, int max_runs);
/* The line in visual order (RTL runs reversed character by character), for
 * tests and logs. 0, or -1 when out is too small. */
int bidi_visual(const char *s, int base_rtl, char *out, size_t out_len);
/* Decodes one UTF-8 sequence and advances *p (invalid bytes: U+FFFD). */
uint32_t bidi_next_cp(const unsigned char **p);
int bidi_is_arabic(uint32_t cp);
/* The font text_draw uses for cp in a text of `role` at px (the theme font,
 * else the per-script fallback list); NULL when no font opens. */
TTF_Font *text_font_for(textsys *ts, font_role role, int px, uint32_t cp);


typedef struct imagecache imagecache;

typedef enum { IMG_ABSENT = 0, IMG_PENDING, IMG_READY, IMG_FAILED } img_state;

/* Starts the decoder thread. Decoded surfaces are uploaded on the main
 * thread by images_pump. wake_event: SDL user event pushed when a decode
 * completes (0: none). Budget in bytes of textures kept. */
int images_create(lectern_reader *reader, SDL_mutex *reader_lock, uint32_t wake_event,
                  size_t budget, imagecache **out);
void images_destroy(imagecache *ic);
/* Textures of the old renderer are dropped (surfaces re-decoded on demand). */
void images_flush_textures(imagecache *ic);
/* Asks for `paths` (highest priority first); others queued earlier are
 * dropped from the queue. Already cached images are kept. */
void images_want(imagecache *ic, const char *const *paths, size_t n);
/* Main thread: uploads decoded surfaces. Returns how many became ready. */
int images_pump(imagecache *ic, SDL_Renderer *ren);
/* The texture of `path` when ready, its size, or the state and an error. */
img_state images_get(imagecache *ic, const char *path, SDL_Texture **tex, int *w, int *h,
                     const char **why);
/* The ready image scaled down to dw x dh (made once through a render
 * target, kept until another size is asked for or the image is evicted), so
 * frames copy pixels 1:1 instead of scaling (software renderers only);
 * NULL when not ready, not smaller, or not a software renderer. */
SDL_Texture *images_get_scaled(imagecache *ic, SDL_Renderer *ren, const char *path, int dw,
                               int dh);
/* Blocks until `path` is no longer pending (or timeout_ms passes), pumping. */
void images_wait(imagecache *ic, SDL_Renderer *ren, const char *path, int timeout_ms);
/* Blocks until the queue is empty and nothing is decoding. */
void images_wait_idle(imagecache *ic, SDL_Renderer *ren, int timeout_ms);

/* ---------------------------------------------------------------- video */

/* The video output behind a vtable: video_null.c (no playback) and
 * video_vlc.c (libvlc 3). Everything is called on the main thread. */
typedef struct video_backend video_backend;

typedef enum video_state {
    VIDEO_IDLE = 0,     /* nothing open, or open and not started */
    VIDEO_OPENING,      /* play asked, no frame yet */
    VIDEO_PLAYING,
    VIDEO_PAUSED,
    VIDEO_ENDED,
    VIDEO_ERROR         /* broken file or missing codec: see the message */
} video_state;

typedef struct video_vtable {
    const char *name;
    /* Prepares playback of `path` inside the course; 0 or negative code. */
    int (*open)(video_backend *v, lectern_reader *r, const char *path, lectern_error *err);
    void (*close)(video_backend *v);
    /* Current frame as a texture or NULL (none yet / no video support). */
    SDL_Texture *(*frame)(video_backend *v, SDL_Renderer *ren, int *w, int *h);
    void (*destroy)(video_backend *v);
    /* Playback (NULL in backends without it; callers check). */
    void (*play)(video_backend *v);             /* from the start after ENDED */
    void (*pause)(video_backend *v);
    void (*toggle)(video_backend *v);
    /* Absolute, or relative to the position (relative=1); clamped to the length. */
    void (*seek_ms)(video_backend *v, int64_t ms, int relative);
    int64_t (*position_ms)(video_backend *v);   /* 0 before the first frame */
    int64_t (*length_ms)(video_backend *v);     /* 0 when unknown */
    void (*set_volume)(video_backend *v, int percent);   /* 0..100 */
    int (*volume)(video_backend *v);
    void (*set_mute)(video_backend *v, int on);
    int (*muted)(video_backend *v);
    /* State; *msg (may be NULL) gets the error text in VIDEO_ERROR, else "". */
    video_state (*state)(video_backend *v, const char **msg);
    /* Export and thumbnails: opens `path`, decodes the frame at `ms` and
     * keeps it (paused, muted) for frame(); waits at most timeout_ms. 0, or
     * a negative code with err saying why (broken file, timeout). */
    int (*frame_at)(video_backend *v, lectern_reader *r, const char *path, int64_t ms,
                    int timeout_ms, lectern_error *err);
    /* The renderer is about to be destroyed: drop textures (frames kept). */
    void (*flush_textures)(video_backend *v);
} video_vtable;

struct video_backend {
    const video_vtable *vt;
    void *priv;
};

video_backend *video_null_create(void);
/* libvlc backend; wake_event (0: none) is pushed when a frame or a state
 * change arrives. NULL with err filled when libvlc does not start (the
 * caller falls back to video_null_create). */
video_backend *video_vlc_create(uint32_t wake_event, lectern_error *err);

/* ---------------------------------------------------------------- app */

typedef struct hit_region {
    SDL_Rect r;          /* output px */
    lectern_cmd cmd;
} hit_region;

#define APP_MAX_HITS 256

typedef struct app {
    /* course */
    lectern_reader *reader;
    lectern_course *course;
    lectern_session *session;
    SDL_mutex *reader_lock;
    const lectern_theme *theme;
    lectern_theme default_theme;
    const char *lang, *fallback;
    char lang_buf[16];
    /* output */
    SDL_Window *win;             /* NULL when offscreen */
    SDL_Renderer *ren;
    SDL_Surface *target;         /* offscreen target (headless) */
    int fullscreen;
    canvas cv;
    /* subsystems */
    textsys *text;
    imagecache *images;
    video_backend *video;
    struct video_ui *vui;        /* the video item on screen (video_ui.c) */
    struct progress_ui *pui;     /* trainee progress (progress_ui.c), NULL when off */
    uint32_t wake_event;
    /* per-frame */
    hit_region hits[APP_MAX_HITS];
    int n_hits;
    int slide_overflow;          /* the slide drawn last overflowed */
    unsigned long drawn_generation;
    int dirty;
    int warming;                 /* drawing only to fill caches: no pixels */
    size_t warmed_index;
    int warmed_valid;
    char **warned;               /* item ids already warned about (overflow) */
    size_t n_warned;
    /* settings */
    char data_dir[1024];
    struct search_ui *sui;       /* the `/` search box (search_ui.c) */
    struct watch_ui *wui;        /* --watch: live reload (watch_ui.c); NULL otherwise */
    const char *error_text;      /* error screen: message */
    int show_chrome;             /* footer, toasts (off for export) */
    uint64_t clock_ms;           /* last tick */
    size_t last_prefetch_index;
    int prefetch_valid;
    struct deliver *deliver;     /* trainer mode (deliver.c), NULL otherwise */
    struct library_ui *lib;      /* installed courses, trust, what's new (library_ui.c) */
} app;

/* Creates the output: a resizable window (win=1) or an offscreen software
 * target of w x h. */
int app_output_open(app *a, int win, int w, int h, lectern_error *err);
/* The picture an item shows: a video's poster, an image slide's picture in
 * the app's language (a per-language "image" map), else NULL. */
const char *app_item_image(const app *a, const lectern_item *it);
/* Offscreen: resizes the target (recreates the renderer, flushes caches).
 * Window: resizes the window. */
int app_output_resize(app *a, int w, int h, lectern_error *err);
void app_output_close(app *a);
/* Output size in px. */
void app_output_size(app *a, int *w, int *h);

/* Draws the current session view and presents it. */
void app_render(app *a);
/* Draws one item as on the slide screen without overlays (export, fit check). */
void app_render_item(app *a, size_t index);
/* Requests images for the current item and its neighbours. */
void app_prefetch(app *a);
/* Idle time: uploads decoded images, then warms the neighbours (app_warm). */
void app_idle(app *a);
/* Idle time: lays out the neighbours of the current item so their text
 * textures are ready before the user moves (once per position). */
void app_warm(app *a);
/* Waits for the current item's images (headless runs). */
void app_wait_current(app *a);
/* Applies a session command and the requests it raised (fullscreen,
 * screenshot). Returns lectern_session_handle's result. */
int app_command(app *a, const lectern_cmd *cmd);
/* Maps a key to a command through the keymap, and applies it. Returns 0 when
 * the key is not bound. */
int app_key(app *a, SDL_Keycode key, uint16_t mod);
/* Mouse: button click at output px / wheel (dy > 0: away from the user). */
void app_click(app *a, int x, int y, int button);
void app_wheel(app *a, int dy);
/* Saves the output to PNG: path, or NULL for data_dir/screenshots/.... */
int app_screenshot(app *a, const char *path, char *saved, size_t saved_len,
                   lectern_error *err);
/* The output as a new RGB24 surface (caller frees), or NULL with err set. */
SDL_Surface *app_capture(app *a, lectern_error *err);
/* mkdir -p (mode 0755) of a folder the player writes into (screenshots,
 * delivery logs, certificates); a failure shows when the file is written. */
void app_mkdirs(const char *path);
void app_register_hit(app *a, SDL_Rect r, lectern_cmd cmd);
/* Logs a warning once per (item, kind). */
void app_warn_once(app *a, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* keymap.c: the command for a key on a screen (kind NONE when unbound). */
lectern_cmd keymap_lookup(lectern_screen screen, SDL_Keycode key, uint16_t mod);
/* Human list of bindings (for --help). */
void keymap_print(FILE *f);

/* layout.c: draws an item on the canvas. ren NULL: measure only. Returns 1
 * when some text did not fit even at the minimum size. */
int layout_draw_item(app *a, const lectern_item *it, size_t index);
/* 1 when item it reads right to left as shown (its title in the course
 * language, fallback included; else the course language): marks drawn on
 * the slide (updated, bookmark) sit at the end of its title line. */
int layout_item_rtl(const app *a, const lectern_item *it);

/* strings.c: the player's own words in the course language (en, fr; else en). */
typedef enum {
    UI_START, UI_CONTINUE, UI_MODULES, UI_MORE, UI_HINT_START, UI_CONTENTS, UI_HINT_TOC,
    UI_QUIT_TITLE, UI_QUIT_TEXT, UI_QUIT, UI_STAY, UI_ERROR_TITLE, UI_HINT_ERROR, UI_GOTO,
    UI_IMAGE_MISSING, UI_TEXT_OVERFLOW, UI_VIDEO, UI_TAG_VIDEO, UI_TAG_EXERCISE, UI_TAG_QUOTE,
    UI_TRUE, UI_FALSE, UI_EXERCISE, UI_EX_SINGLE, UI_EX_MULTIPLE, UI_EX_TRUE_FALSE,
    UI_EX_MATCHING, UI_EX_ORDERING, UI_EX_FILL, UI_EX_SCENARIO, UI_EX_REFLECTION, UI_EX_SET,
    UI_EX_BROKEN, UI_MODULE, UI_WATCH_TITLE, UI_WATCH_LAST_GOOD, UI_WATCH_NOT_YET,
    UI_SEARCH, UI_SEARCH_HINT, UI_SEARCH_NONE, UI_SEARCH_KEYS,
    /* the exercise view (exercise_view.c) */
    UI_EXV_SUBMIT, UI_EXV_SAVE, UI_EXV_RETRY, UI_EXV_SOLUTION, UI_EXV_CONTINUE,
    UI_EXV_NEXT_QUESTION, UI_EXV_PREV_QUESTION, UI_EXV_TRY_OF, UI_EXV_TRY,
    UI_EXV_QUESTION_OF, UI_EXV_CORRECT, UI_EXV_PARTLY, UI_EXV_WRONG, UI_EXV_SAVED,
    UI_EXV_PASSED, UI_EXV_NOT_PASSED, UI_EXV_SET_PASSED, UI_EXV_SET_NOT_PASSED,
    UI_EXV_NOT_SCORED, UI_EXV_KEY, UI_EXV_DISCUSSION, UI_EXV_TYPE_HERE,
    UI_EXV_HINT_CHOICE, UI_EXV_HINT_MATCH, UI_EXV_HINT_ORDER, UI_EXV_HINT_FILL,
    UI_EXV_HINT_TEXT, UI_EXV_HINT_SCENARIO, UI_EXV_HINT_DONE, UI_EXV_HINT_SET,
    UI_EXV_BELONGS, UI_EXV_ANSWER, UI_EXV_COUNTDOWN, UI_EXV_SOLUTION_SHOWN, UI_EXV_HIDDEN,
    UI_EXV_STEP, UI_EXV_OUTCOME,
    /* the progress store recovered at open (progress_ui.c) */
    UI_RECOVERED, UI_RECOVERED_KEPT,
    UI_COUNT
} ui_string;
/* The word k in the UI language (gettext; English when untranslated). */
const char *ui_str(const app *a, ui_string k);
/* The translation of msgid id (one marked N_ in strings.c) in the UI language. */
const char *ui_tr(const app *a, const char *id);
/* The form for n of the counted phrase id / plural (ngettext, marked with
 * TRN for xgettext): "%zu result" / "%zu results"; English picks id for 1. */
const char *ui_ntr(const app *a, const char *id, const char *plural, unsigned long n);
/* "20 min" (the plural form of the whole number: "20 دقيقة", "5 دقائق"),
 * "7.5 min" in the UI language, into buf; returns buf. */
char *ui_minutes(const app *a, double minutes, char *buf, size_t n);
/* A session notice (an exercise's "Answer the question first") in the UI
 * language: the translation, formatted into buf for one with a number;
 * msg itself when it is not a known notice. */
const char *ui_notice(const app *a, const char *msg, char *buf, size_t n);
/* Marks an English msgid for xgettext (the file goes in po/POTFILES). */
#ifndef N_
#define N_(s) s
#endif
/* An English msgid in the UI language, marked for xgettext (keyword TR:2). */
#ifndef TR
#define TR(a, s) ui_tr((a), (s))
#endif
/* A counted English msgid and its plural in the UI language for n, marked
 * for xgettext (keyword TRN:2,3). */
#ifndef TRN
#define TRN(a, s, p, n) ui_ntr((a), (s), (p), (unsigned long)(n))
#endif
/* Any English msgid (marked N_ in a file listed in po/POTFILES) in the UI
 * language; the msgid itself when untranslated. */
const char *ui_gettext(const app *a, const char *msgid);
/* The LANGUAGE environment variable as the user set it (ui_tr sets it to the
 * UI language for gettext); NULL when unset. */
const char *ui_user_language(void);
/* Installs core's message hook (lectern_error_set_translator): errors and
 * check reports in the UI language from now on, English while it is "en".
 * Call on the main thread, before the course loads. */
void ui_translate_core(const app *a);
/* lectern_session_translate for the session's messages (user: the app). */
const char *ui_session_translate(const char *msgid, void *user);
/* lectern_translate for core's sentences (budget, re-planning; user: the
 * app or NULL): gettext, ngettext for counted phrases. */
const char *ui_core_translate(const char *msgid, const char *msgid_plural, unsigned long n, void *user);
/* The English source of k (the gettext msgid). */
const char *ui_msgid(ui_string k);
/* --ui-lang / setting: "en", "fr", "ar" (or a locale name); NULL or ""
 * clears it. -1 when there is no translation for it. */
int ui_set_lang(const char *code);
/* The UI language in use: the forced one, else the course language when
 * translated, else LANGUAGE / LC_ALL / LC_MESSAGES / LANG, else "en". */
const char *ui_lang(const app *a);
/* A right-to-left language code (ar, he, fa, ur...). */
int bidi_lang_is_rtl(const char *lang);

/* access.c: learner settings applied to the player. access_option takes a
 * command-line flag at argv[*i] (1 used, 0 not ours, -1 bad value);
 * access_init loads <data_dir>/settings.json under the flags; access_frame
 * swaps in the high-contrast theme (call before drawing); access_key
 * handles Ctrl+= / Ctrl+- / Ctrl+0 (text scale) and Ctrl+H (high contrast),
 * saving the settings. */
struct lectern_settings;
int access_option(int argc, char **argv, int *i);
void access_print_options(FILE *f);
void access_init(app *a);
const struct lectern_settings *access_settings(void);
float access_text_scale(void);
int access_captions(void);
int access_reduced_motion(void);
void access_frame(app *a);
int access_key(app *a, SDL_Keycode key, uint16_t mod);

/* screens.c */
void screen_start(app *a, const lectern_session_view *v);
void screen_toc(app *a, const lectern_session_view *v);
void screen_confirm_quit(app *a, const lectern_session_view *v);
void screen_error(app *a, const char *title, const char *msg);
void screen_chrome(app *a, const lectern_session_view *v);   /* digits, messages */
/* What names item it in a list (contents, search hits) in the course
 * language, into buf (n bytes): its title; an untitled quote by its first
 * words in its language's quotation marks (with_source: then a dash and the
 * start of its attribution); else the start of its text, subtitle or first
 * bullet; its id only when it has no words at all. */
void item_list_label(const app *a, const lectern_item *it, int with_source, char *buf, size_t n);

/* draw.c: primitives in virtual canvas units. */
void draw_fill(app *a, float x, float y, float w, float h, uint32_t rgb, uint8_t alpha);
void draw_outline(app *a, float x, float y, float w, float h, float t, uint32_t rgb,
                  uint8_t alpha);
void draw_triangle(app *a, float x1, float y1, float x2, float y2, float x3, float y3,
                   uint32_t rgb, uint8_t alpha);
/* Text in virtual units: size and wrap width are scaled to output px.
 * Returns the height in virtual px. */
float draw_text(app *a, font_role role, float size, float x, float y, float w,
                text_align align, uint32_t rgb, const char *s);
float measure_text(app *a, font_role role, float size, float w, const char *s,
                   float *out_w);
/* The two above without the direction policy (draw_set_text_dir): s is
 * laid out in the direction of its first strong character. */
float draw_text_as_is(app *a, font_role role, float size, float x, float y, float w,
                      text_align align, uint32_t rgb, const char *s);
float measure_text_as_is(app *a, font_role role, float size, float w, const char *s,
                         float *out_w);
/* The base direction of strings drawn from now on: 1 right to left, -1
 * left to right, DRAW_DIR_COURSE the course's text (slides): right to left
 * in a right-to-left course for text with right-to-left letters ("DNA هو"),
 * else the first strong character's; 0 the default: in a mirrored screen
 * (right-to-left UI) right to left for any string with a right-to-left
 * letter (the player's words, Arabic course text), else the first strong
 * character's. Returns
 * the previous setting. */
#define DRAW_DIR_COURSE 2
int draw_set_text_dir(int dir);
/* 1 when draw_text lays s out right to left now (draw_set_text_dir). */
int draw_text_is_rtl(const app *a, const char *s);
/* Image fitted (fill=0) or cropped to fill (fill=1) into the box. */
void draw_texture_in(app *a, SDL_Texture *t, int tw, int th, float x, float y, float w,
                     float h, int fill);
void draw_disc(app *a, float cx, float cy, float r, uint32_t rgb, uint8_t alpha);
/* Mirrored drawing for a right-to-left UI (start screen, contents, dialogs):
 * x flipped across the canvas, text alignment swapped, hit regions flipped
 * (draw_mirror_rect, applied by app_register_hit). */
void draw_set_mirror(int on);
int draw_mirrored(void);
SDL_Rect draw_mirror_rect(const app *a, SDL_Rect r);
/* Text sizes given to draw_text / measure_text are multiplied by k (the
 * learner's text scale on the player's own screens; 1 on slides, which
 * scale their text themselves). Layouts read it back to grow their rows. */
void draw_set_text_scale(float k);
float draw_text_scale(void);
uint32_t color_mix(uint32_t a, uint32_t b, float t);
/* Relative luminance 0..1. */
float color_luma(uint32_t rgb);

/* fit.c: checks every slide of a course at 1920x1080 for text that does not
 * fit at the theme's minimum size. Prints "item-id: message" lines to `out`;
 * returns the number of items that overflow, or a negative code. */
int lectern_fit_check_course(lectern_reader *reader, lectern_course *course,
                             const char *lang, FILE *out, lectern_error *err);

/* script.c */
int script_run(app *a, const char *path);
/* --watch on a course broken from the start: runs the script's first lines
 * (only those that need no course) until a wait-reload loads the fixed course
 * (0; script_run then goes on from the next line), or returns the exit status. */
int script_until_course(app *a, const char *path);

/* export.c */
int export_slides(app *a, const char *dir);

/* video_ui.c: the video item on the slide screen. Opens the item's video
 * when it is shown and closes it when it is left (update, once per render),
 * draws the frame, subtitles, control bar and errors in the video box, and
 * handles the video keys and clicks (1 when used, else the slide's). With
 * the null backend everything returns 0 and the poster card shows. */
typedef struct video_ui video_ui;
video_ui *video_ui_create(void);
void video_ui_destroy(app *a, video_ui *u);
void video_ui_update(app *a, const lectern_session_view *v);
/* Draws the video box of `it`; 0 when the caller should draw its poster
 * card (no playback, not started yet, a neighbour being warmed, or export
 * without a frame at poster_time). Export (show_chrome 0) draws the frame
 * at the item's poster_time. */
int video_ui_draw(app *a, const lectern_item *it, float x, float y, float w, float h);
int video_ui_key(app *a, SDL_Keycode key, uint16_t mod);
int video_ui_click(app *a, int x, int y, int button);
/* Mouse moved with the left button down: drags the progress bar. */
int video_ui_drag(app *a, int x, int y);
/* The mouse moved to x,y (output px): over the video box it brings the
 * hidden controls back for a few seconds. 1 when over the box. */
int video_ui_motion(app *a, int x, int y);
/* 1 when the last draw showed the control bar (tests, scripts). */
int video_ui_controls_shown(const app *a);
/* Where the last draw put the video box, the control bar and the time bar
 * (output px; bar and track empty when the controls were hidden). 0 when no
 * video box was drawn. */
int video_ui_geometry(const app *a, SDL_Rect *box, SDL_Rect *bar, SDL_Rect *track);
void video_ui_print_keys(FILE *f);
/* Where video item `index` starts playing next (ms; 0: the start): the
 * session's resume offset (lectern_session_video_resume). */
int64_t video_ui_resume_ms(const app *a, size_t index);
/* Search hits in subtitles: the video plays from ms next time it starts, or
 * jumps there now when it is the open one. */
void video_ui_play_from(app *a, size_t index, int64_t ms);

/* subtitles_draw.c: the cues showing at ms, centred near the bottom of the
 * box (canvas units), bottom_gap above its edge. 1 when something was drawn. */
int subtitles_draw(app *a, const lectern_subtitles *s, int64_t ms, float x, float y, float w,
                   float h, float bottom_gap);

/* search_ui.c: the `/` search box over the current screen. search_ui_key
 * opens it on `/` (or Ctrl+F) and, while it is open, takes every key (1 when
 * used); text arrives through search_ui_text (SDL_TEXTINPUT). */
typedef struct search_ui search_ui;
search_ui *search_ui_create(void);
void search_ui_destroy(search_ui *u);
/* The course was replaced: drops the index and results (rebuilt on open). */
void search_ui_reset(app *a);
int search_ui_is_open(const app *a);
void search_ui_open(app *a);
void search_ui_close(app *a);
void search_ui_set_query(app *a, const char *q);
void search_ui_text(app *a, const char *utf8);
int search_ui_key(app *a, SDL_Keycode key, uint16_t mod);
int search_ui_click(app *a, int x, int y, int button);
int search_ui_wheel(app *a, int dy);
void search_ui_draw(app *a);
size_t search_ui_n_hits(const app *a);
/* Hit i (0-based) of the current query, NULL past the end. */
const lectern_search_hit *search_ui_hit(const app *a, size_t i);
/* The heading of hit i's row (0-based) as drawn, into buf (n bytes);
 * LECTERN_ENOTFOUND past the end. */
int search_ui_hit_label(const app *a, size_t i, char *buf, size_t n);
/* Closes the box and goes to hit i (0-based); LECTERN_ENOTFOUND without it. */
int search_ui_pick(app *a, size_t i);

/* watch_ui.c: --watch. create sets a->wui (watching dir); poll reads the
 * changes and, after a quiet period, reloads (1 when it tried, 0 when
 * nothing was due); reload reloads now (1 loaded, negative: the course has
 * errors, shown by watch_ui_draw until a reload succeeds). */
typedef struct watch_ui watch_ui;
int watch_ui_create(app *a, const char *dir, lectern_error *err);
void watch_ui_destroy(watch_ui *u);
int watch_ui_poll(app *a, uint64_t now_ms);
int watch_ui_reload(app *a);
/* The check messages shown on screen, or NULL when the course loaded. */
const char *watch_ui_report(const app *a);
unsigned long watch_ui_reloads(const app *a);
void watch_ui_draw(app *a);
/* A course broken from the start (a->course NULL): check_first loads it or
 * keeps its check messages (1: loaded into a->reader and a->course, 0: not);
 * wait_course shows them in the window until a fix loads (1) or the user
 * quits (0). The caller then sets up the session as for any course. */
int watch_ui_check_first(app *a);
int watch_ui_wait_course(app *a);

#endif
