/* lectern: the player. Parses arguments, opens the course through the
 * reader, and runs one of: the interactive window loop, --export-slides,
 * --script, --check-fit, or the benchmarks (--bench-advance, --bench-startup). */
#include <SDL_image.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "exercise_view.h"
#include "lectern/exercise.h"
#include "lectern/log.h"
#include "deliver.h"
#include "library_ui.h"
#include "player.h"
#include "progress_ui.h"

#ifndef LECTERN_SOURCE_ROOT
#define LECTERN_SOURCE_ROOT "."
#endif
#ifndef LECTERN_DATADIR
#define LECTERN_DATADIR "/usr/local/share"
#endif
#define SAMPLE_COURSE "courses/trafficking-basics"
#define IMAGE_BUDGET (40u << 20)   /* about five 1920x1080 images */

typedef struct options {
    const char *course;
    const char *export_dir;
    const char *script;
    const char *data_dir;
    const char *lang;
    const char *goto_item;
    const char *profile;     /* --profile NAME: skip the chooser */
    const char *config_dir;
    int strict;
    int w, h, size_given;
    int fullscreen;
    int classroom;       /* --classroom: exercises without the key until revealed */
    int window;          /* --window: a real window even for --script */
    int check_fit;
    int bench_advance;
    int bench_startup;
    int watch;           /* --watch: reload the course folder when it changes */
    const char *deliver;     /* --deliver / --rehearse PLAN */
    const char *budget;      /* --budget LENGTH: the plan fitted to it */
    int rehearse, beep;
} options;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void usage(FILE *f)
{
    fprintf(f,
        "usage: lectern [options] [PACKAGE.lectern | COURSE_DIR | COURSE_ID]\n"
        "With no course, opens the sample course (" SAMPLE_COURSE ").\n\n"
        "  --data-dir DIR        local state (screenshots, progress) under DIR instead of\n"
        "                        $XDG_DATA_HOME/lectern\n"
        "  --lang CODE           course language (default: from $LANG, else the course's first)\n"
        "  --goto ITEM           open on this item (id or 1-based number)\n"
        "  --classroom           delivering to a room: exercises show no key until R\n"
        "                        (reveal); G runs an exercise's group countdown\n"
        "  --profile NAME        study as this trainee (created when new); no chooser.\n"
        "                        Progress is kept in DATA_DIR/progress.sqlite\n"
        "  --size WxH            window, export or script size (default 1280x720;\n"
        "                        export default 1920x1080)\n"
        "  --fullscreen          start fullscreen\n"
        "  --export-slides DIR   render every item to DIR/NNNN-<id>.png and exit (headless)\n"
        "  --script FILE         run a scripted session (see src/player/SCRIPT.md), headless\n"
        "  --window              with --script: use a real window\n"
        "  --check-fit           list items whose text does not fit at the minimum size\n"
        "  --watch               live preview of COURSE_DIR: reload when a file changes,\n"
        "                        keep the item, show mistakes on screen until fixed\n"
        "  --bench-advance       time every slide advance, print p50/p99/max and peak RSS\n"
        "  --bench-startup       exit after the first frame, printing the time it took\n"
        "  --deliver PLAN        deliver a lesson plan (trainer mode: presenter and projector\n"
        "                        views; two windows when there are two displays)\n"
        "  --rehearse PLAN       rehearse a plan: proposes planned minutes at the end\n"
        "  --budget LENGTH       with --deliver/--rehearse: the plan fitted to 20m, 1h30, 3d...\n"
        "                        (as lectern-pack plan; exit 3 when it cannot fit)\n"
        "  --beep                trainer mode: a short tone when a segment's time is up\n"
        "  --version, --help\n");
    access_print_options(f);
    fputs("\nKeys:\n  Ctrl+= / Ctrl+- / Ctrl+0: text larger / smaller / 100 %;"
          " Ctrl+H: high contrast\n", f);
    keymap_print(f);
    fprintf(f, "  / or Ctrl+F: search the course; B: bookmark the item;\n"
               "  S: your progress (summary, C: certificate); P (start screen): change trainee\n"
               "  U: what's new (changes of installed updates); I: install the package shown\n");
    video_ui_print_keys(f);
    exercise_ui_print_keys(f);
    deliver_print_keys(f);
    fputc('\n', f);
    cmd_progress_usage(f);
    library_cli_usage(f);
}

static int parse_size(const char *s, int *w, int *h)
{
    return sscanf(s, "%dx%d", w, h) == 2 && *w >= 16 && *h >= 16 && *w <= 16384 &&
           *h <= 16384 ? 0 : -1;
}

static int parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        int ao;
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_ARG() do { if (!next) { fprintf(stderr, "lectern: %s needs a value\n", a); \
                                      return 2; } i++; } while (0)
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 1;
        } else if (strcmp(a, "--version") == 0) {
            printf("lectern %s\n", LECTERN_VERSION);
            return 1;
        } else if (strcmp(a, "--export-slides") == 0) {
            NEED_ARG();
            o->export_dir = next;
        } else if (strcmp(a, "--script") == 0) {
            NEED_ARG();
            o->script = next;
        } else if (strcmp(a, "--data-dir") == 0) {
            NEED_ARG();
            o->data_dir = next;
        } else if ((ao = access_option(argc, argv, &i)) != 0) {
            if (ao < 0)
                return 2;
        } else if (strcmp(a, "--lang") == 0) {
            NEED_ARG();
            o->lang = next;
        } else if (strcmp(a, "--goto") == 0) {
            NEED_ARG();
            o->goto_item = next;
        } else if (strcmp(a, "--profile") == 0) {
            NEED_ARG();
            o->profile = next;
        } else if (strcmp(a, "--size") == 0) {
            NEED_ARG();
            if (parse_size(next, &o->w, &o->h) < 0) {
                fprintf(stderr, "lectern: --size wants WIDTHxHEIGHT, e.g. 1280x720\n");
                return 2;
            }
            o->size_given = 1;
        } else if (strcmp(a, "--config-dir") == 0) {
            NEED_ARG();
            o->config_dir = next;
        } else if (strcmp(a, "--strict") == 0) {
            o->strict = 1;
        } else if (strcmp(a, "--classroom") == 0) {
            o->classroom = 1;
        } else if (strcmp(a, "--fullscreen") == 0) {
            o->fullscreen = 1;
        } else if (strcmp(a, "--deliver") == 0 || strcmp(a, "--rehearse") == 0) {
            NEED_ARG();
            o->deliver = next;
            o->rehearse = strcmp(a, "--rehearse") == 0;
        } else if (strcmp(a, "--budget") == 0) {
            NEED_ARG();
            o->budget = next;
        } else if (strcmp(a, "--beep") == 0) {
            o->beep = 1;
        } else if (strcmp(a, "--window") == 0) {
            o->window = 1;
        } else if (strcmp(a, "--check-fit") == 0) {
            o->check_fit = 1;
        } else if (strcmp(a, "--bench-advance") == 0) {
            o->bench_advance = 1;
        } else if (strcmp(a, "--bench-startup") == 0) {
            o->bench_startup = 1;
        } else if (strcmp(a, "--watch") == 0) {
            o->watch = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "lectern: unknown option %s (try --help)\n", a);
            return 2;
        } else if (!o->course) {
            o->course = a;
        } else {
            fprintf(stderr, "lectern: one course at a time (%s, %s)\n", o->course, a);
            return 2;
        }
#undef NEED_ARG
    }
    if (!o->size_given) {
        o->w = o->export_dir ? 1920 : 1280;
        o->h = o->export_dir ? 1080 : 720;
    }
    return 0;
}

/* The sample course: installed copy next to the executable, else the source tree. */
static const char *default_course(char *buf, size_t len)
{
    char *base = SDL_GetBasePath();
    if (base) {
        snprintf(buf, len, "%s../share/lectern/" SAMPLE_COURSE, base);
        SDL_free(base);
        FILE *f = NULL;
        char probe[1300];
        snprintf(probe, sizeof probe, "%s/course.json", buf);
        if ((f = fopen(probe, "r")) != NULL) {
            fclose(f);
            return buf;
        }
    }
    snprintf(buf, len, "%s/share/lectern/" SAMPLE_COURSE, LECTERN_DATADIR);
    char probe[1300];
    snprintf(probe, sizeof probe, "%s/course.json", buf);
    FILE *f = fopen(probe, "r");
    if (f) {
        fclose(f);
        return buf;
    }
    snprintf(buf, len, "%s/" SAMPLE_COURSE, LECTERN_SOURCE_ROOT);
    return buf;
}

static void set_data_dir(app *a, const char *given)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (given)
        snprintf(a->data_dir, sizeof a->data_dir, "%s", given);
    else if (xdg && *xdg)
        snprintf(a->data_dir, sizeof a->data_dir, "%s/lectern", xdg);
    else
        snprintf(a->data_dir, sizeof a->data_dir, "%s/.local/share/lectern",
                 home ? home : ".");
}

/* The course language: --lang, else $LANG when the course has it, else the first. */
static void choose_lang(app *a, const char *want)
{
    const lectern_course *c = a->course;
    a->fallback = lectern_course_default_lang(c);
    a->lang = a->fallback;
    char env[16] = "";
    if (!want) {
        const char *l = ui_user_language();   /* not the UI language gettext uses */
        if (!l || !*l)
            l = getenv("LANG");
        if (l && *l && strcmp(l, "C") != 0 && strcmp(l, "POSIX") != 0) {
            size_t n = strcspn(l, "_.:@");
            if (n < sizeof env) {
                memcpy(env, l, n);
                env[n] = '\0';
                want = env;
            }
        }
    }
    if (!want)
        return;
    for (size_t i = 0; i < lectern_course_n_languages(c); i++) {
        if (strcmp(lectern_course_language(c, i), want) == 0) {
            snprintf(a->lang_buf, sizeof a->lang_buf, "%s", want);
            a->lang = a->lang_buf;
            return;
        }
    }
    if (want != env)
        LOG_WARN("player", "the course has no language '%s'; showing '%s'", want, a->lang);
}

static void default_theme(lectern_theme *t)
{
    memset(t, 0, sizeof *t);
    t->background = 0x14213d;
    t->text = 0xf5f5f5;
    t->heading = 0xffffff;
    t->accent = 0xfca311;
    t->muted = 0xa0aec0;
    t->title_size = 88;
    t->heading_size = 60;
    t->body_size = 40;
    t->min_size = 24;
}

/* Loads the course (a thread, while SDL starts). As soon as course.json is
 * read it hands the theme over (theme_ready), so the main thread loads the
 * fonts while the modules are parsed. */
typedef struct loader {
    const char *path;
    app *a;
    int want_text;
    int failed;              /* 1: the course, 2: the fonts */
    double ms;
    lectern_error err;
    SDL_sem *theme_ready;    /* posted once: the theme is known, or loading ended */
    int posted;
    int have_theme;          /* theme holds a copy of the course's */
    lectern_theme theme;     /* fonts strdup'd */
} loader;

static void loader_theme(const lectern_theme *t, void *p)
{
    loader *l = p;
    l->theme = *t;
    l->theme.heading_font = t->heading_font ? strdup(t->heading_font) : NULL;
    l->theme.body_font = t->body_font ? strdup(t->body_font) : NULL;
    l->have_theme = (!t->heading_font || l->theme.heading_font) &&
                    (!t->body_font || l->theme.body_font);
    if (l->theme_ready && !l->posted) {
        l->posted = 1;
        SDL_SemPost(l->theme_ready);
    }
}

static int load_course(void *p)
{
    loader *l = p;
    app *a = l->a;
    double t0 = now_ms();
    if (lectern_reader_open(l->path, 0, &a->reader, &l->err) < 0 ||
        lectern_course_load_notify(a->reader, &a->course, loader_theme, l, &l->err) < 0) {
        l->failed = 1;
    } else {
        a->theme = lectern_course_theme(a->course);
        l->ms = now_ms() - t0;
    }
    if (l->theme_ready && !l->posted) {
        l->posted = 1;
        SDL_SemPost(l->theme_ready);
    }
    return 0;
}

/* Shows an error screen in the window until a key or close; stderr has it too. */
static void error_window(app *a, const char *msg, const options *o)
{
    if (!a->win)
        return;     /* headless runs: stderr only */
    (void)o;
    lectern_error err = {0};
    a->theme = &a->default_theme;
    textsys_destroy(a->text);
    a->text = NULL;
    if (textsys_create(NULL, NULL, a->theme, &a->text, &err) < 0)
        return;
    a->error_text = msg;
    for (;;) {
        app_render(a);
        SDL_Event ev;
        if (!SDL_WaitEvent(&ev))
            break;
        if (ev.type == SDL_QUIT || (ev.type == SDL_KEYDOWN &&
            (ev.key.keysym.sym == SDLK_ESCAPE || ev.key.keysym.sym == SDLK_RETURN ||
             ev.key.keysym.sym == SDLK_q)))
            break;
    }
}

/* --watch on a folder whose course is broken from the start: shows its
 * mistakes (window, or script lines that need no course) and waits until a
 * fixed version loads. Returns 0 with a->reader, a->course and a->text set,
 * else the exit status (0 when the user closed the window). */
static int wait_for_course(app *a, const options *o, const char *dir)
{
    lectern_error err = {0};
    lectern_reader_close(a->reader);    /* the loader's, of the broken course */
    a->reader = NULL;
    a->theme = &a->default_theme;
    if (!a->ren && app_output_open(a, 0, o->w, o->h, &err) < 0) {
        fprintf(stderr, "lectern: %s\n", err.msg);
        return 1;
    }
    textsys_destroy(a->text);
    a->text = NULL;
    if (textsys_create(NULL, NULL, a->theme, &a->text, &err) < 0 ||
        watch_ui_create(a, dir, &err) < 0) {
        fprintf(stderr, "lectern: --watch %s: %s\n", dir, err.msg);
        return 1;
    }
    if (!watch_ui_check_first(a)) {
        fprintf(stderr, "lectern: %s has mistakes; showing them until a fix loads (--watch)\n",
                dir);
        int rc = o->script ? script_until_course(a, o->script) : !watch_ui_wait_course(a) ? -1 : 0;
        if (rc != 0)
            return rc < 0 ? 0 : rc;
    }
    textsys_destroy(a->text);
    a->text = NULL;
    if (textsys_create(a->reader, a->reader_lock, a->theme, &a->text, &err) < 0) {
        fprintf(stderr, "lectern: %s\n", err.msg);
        return 1;
    }
    return 0;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Renders a frame and waits until the pixels exist (1-pixel read back). */
static void frame_sync(app *a)
{
    app_render(a);
    uint32_t px;
    SDL_Rect r = { 0, 0, 1, 1 };
    SDL_RenderReadPixels(a->ren, &r, SDL_PIXELFORMAT_ARGB8888, &px, 4);
}

static const char *renderer_name(app *a)
{
    static char buf[64];
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(a->ren, &info) < 0)
        return "?";
    snprintf(buf, sizeof buf, "%s%s", a->win ? "window-" : "offscreen-", info.name);
    return buf;
}

static int bench_advance(app *a, double t_start)
{
    size_t n = lectern_course_n_items(a->course);
    if (n < 2) {
        fprintf(stderr, "lectern: --bench-advance needs at least two items\n");
        return 1;
    }
    lectern_cmd first = lectern_cmd_make(LECTERN_CMD_FIRST, 0);
    app_command(a, &first);
    app_wait_current(a);
    frame_sync(a);
    double first_frame = now_ms() - t_start;
    double *lat = calloc(n, sizeof *lat);
    if (!lat)
        return 1;
    size_t k = 0;
    for (size_t i = 1; i < n; i++) {
        /* a trainer pauses between slides: let prefetching finish */
        images_wait_idle(a->images, a->ren, 5000);
        app_idle(a);
        double t0 = now_ms();
        lectern_cmd next = lectern_cmd_make(LECTERN_CMD_NEXT, 0);
        app_command(a, &next);
        frame_sync(a);
        lat[k++] = now_ms() - t0;
        if (getenv("LECTERN_BENCH_VERBOSE"))
            fprintf(stderr, "advance to %zu (%s): %.2f ms\n", i + 1,
                    lectern_course_item(a->course, i)->id, lat[k - 1]);
    }
    qsort(lat, k, sizeof *lat, cmp_double);
    size_t entries, bytes, hits, misses;
    text_stats(a->text, &entries, &bytes, &hits, &misses);
    printf("items=%zu first_frame_ms=%.1f advance_p50_ms=%.2f advance_p99_ms=%.2f "
           "advance_max_ms=%.2f peak_rss_mb=%.1f text_cache_entries=%zu text_cache_mb=%.1f "
           "output=%dx%d renderer=%s\n",
           n, first_frame, lat[k / 2], lat[(size_t)((double)(k - 1) * 0.99)], lat[k - 1],
           peak_rss_kb() / 1024.0, entries, bytes / 1048576.0, a->cv.out_w, a->cv.out_h,
           renderer_name(a));
    free(lat);
    return 0;
}

static void run_window(app *a)
{
    uint64_t last_motion = 0, last_wheel = 0;
    while (1) {
        lectern_session_view v;
        lectern_session_get_view(a->session, &v);
        if (v.quit)
            break;
        SDL_Event ev;
        int got = SDL_WaitEventTimeout(&ev, 100);
        while (got) {
            switch (ev.type) {
            case SDL_QUIT: {
                lectern_cmd c = lectern_cmd_make(LECTERN_CMD_QUIT_NOW, 0);
                app_command(a, &c);
                break;
            }
            case SDL_WINDOWEVENT:   /* either window (projector, presenter) shown, exposed, resized */
                a->dirty = 1;
                if (a->deliver)
                    deliver_windows_dirty(a, a->deliver);
                break;
            case SDL_KEYDOWN:
                app_key(a, ev.key.keysym.sym, ev.key.keysym.mod);
                break;
            case SDL_TEXTINPUT:
                progress_ui_text(a, ev.text.text);     /* new profile name */
                search_ui_text(a, ev.text.text);       /* the `/` box */
                exercise_ui_text(a, ev.text.text);     /* a blank, a reflection */
                break;
            case SDL_TEXTEDITING:                      /* an IME composing */
                exercise_ui_editing(a, ev.edit.text);
                break;
            case SDL_MOUSEBUTTONDOWN: {
                if (deliver_mouse(a, &ev))     /* the presenter's window acts on the presenter */
                    break;
                int ww, wh;
                SDL_GetWindowSize(a->win, &ww, &wh);
                float kx = ww ? (float)a->cv.out_w / ww : 1, ky = wh ? (float)a->cv.out_h / wh : 1;
                app_click(a, (int)(ev.button.x * kx), (int)(ev.button.y * ky), ev.button.button);
                break;
            }
            case SDL_MOUSEMOTION: {
                last_motion = SDL_GetTicks64();
                if (deliver_mouse(a, &ev))
                    break;
                SDL_ShowCursor(SDL_ENABLE);
                int ww, wh;
                SDL_GetWindowSize(a->win, &ww, &wh);
                float kx = ww ? (float)a->cv.out_w / ww : 1, ky = wh ? (float)a->cv.out_h / wh : 1;
                int mx = (int)(ev.motion.x * kx), my = (int)(ev.motion.y * ky);
                a->clock_ms = SDL_GetTicks64();
                video_ui_motion(a, mx, my);     /* hidden video controls come back */
                if (ev.motion.state & SDL_BUTTON_LMASK)     /* dragging the video bar */
                    video_ui_drag(a, mx, my);
                break;
            }
            case SDL_MOUSEWHEEL: {
                if (deliver_mouse(a, &ev))
                    break;
                int dy = ev.wheel.y;
                if (ev.wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
                    dy = -dy;
                /* a touchpad sends a burst of events per swipe: on slides, one
                 * move per 250 ms so a swipe is one slide, not ten */
                lectern_session_view wv;
                lectern_session_get_view(a->session, &wv);
                uint64_t now = SDL_GetTicks64();
                if (wv.screen == LECTERN_SCREEN_SLIDE && now - last_wheel < 250)
                    break;
                last_wheel = now;
                app_wheel(a, dy);
                break;
            }
            default:
                if (ev.type == a->wake_event)
                    a->dirty = 1;
                break;
            }
            got = SDL_PollEvent(&ev);
        }
        lectern_session_tick(a->session, SDL_GetTicks64());
        watch_ui_poll(a, SDL_GetTicks64());     /* --watch: reload after edits */
        a->clock_ms = SDL_GetTicks64();
        deliver_tick(a);
        /* on a projector the pointer hides after two still seconds */
        if (a->fullscreen && SDL_GetTicks64() - last_motion > 2000 &&
            SDL_ShowCursor(SDL_QUERY) == SDL_ENABLE)
            SDL_ShowCursor(SDL_DISABLE);
        lectern_session_get_view(a->session, &v);
        if (v.quit)
            break;
        if (!SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT))
            app_idle(a);     /* uploads, and the neighbours' text made ready */
        if (a->dirty || v.generation != a->drawn_generation)
            app_render(a);
    }
}

int main(int argc, char **argv)
{
    double t_start = now_ms();
    options o;
    int lib_cli = library_cli_main(argc, argv);   /* lectern install|trust|library */
    if (lib_cli >= 0)
        return lib_cli;
    if (argc > 1 && strcmp(argv[1], "progress") == 0)
        return cmd_progress(argc - 1, argv + 1);   /* lectern progress export|import|profiles */
    int prc = parse_args(argc, argv, &o);
    if (prc)
        return prc == 1 ? 0 : 2;

    app a;
    memset(&a, 0, sizeof a);
    default_theme(&a.default_theme);
    a.theme = &a.default_theme;
    a.show_chrome = 1;
    set_data_dir(&a, o.data_dir);
    access_init(&a);   /* settings.json under the command-line flags */
    /* core's errors (a broken package, a bad course file) in the UI language */
    ui_translate_core(&a);
    int headless = o.export_dir || o.check_fit || ((o.script || o.bench_advance) && !o.window);
    int rc = 1;
    char course_buf[1200];
    /* an installed course id, a package's trust, the library when no course is given */
    char lib_path[1200];
    lectern_error lib_err = {0};
    int lib_rc = library_ui_open(&a.lib, a.data_dir, o.config_dir, o.strict, o.course, lib_path,
                                 sizeof lib_path, &lib_err);
    const char *course_path = lib_rc == 1 ? lib_path : o.course ? o.course :
                              default_course(course_buf, sizeof course_buf);

    /* the course loads on a thread while SDL opens the window */
    loader ld = { course_path, &a, !o.check_fit, 0, 0, {0}, NULL, 0, 0, {0} };
    SDL_Thread *load = NULL;
    if (lib_rc < 0) {
        ld.failed = 1;
        ld.err = lib_err;
    } else {
        ld.theme_ready = SDL_CreateSemaphore(0);
        if (!(load = SDL_CreateThread(load_course, "lectern-load", &ld)))
            load_course(&ld);
    }
    if (SDL_Init(headless ? SDL_INIT_EVENTS : SDL_INIT_VIDEO | SDL_INIT_EVENTS) < 0 ||
        TTF_Init() < 0) {
        fprintf(stderr, "lectern: cannot start SDL: %s\n", SDL_GetError());
        if (load)
            SDL_WaitThread(load, NULL);
        goto out;
    }
    IMG_Init(IMG_INIT_PNG | IMG_INIT_JPG | IMG_INIT_WEBP);
    LOG_INFO("startup", "SDL ready at %.1f ms", now_ms() - t_start);
    a.reader_lock = SDL_CreateMutex();
    a.wake_event = SDL_RegisterEvents(1);
    lectern_error err = {0};
    a.fullscreen = o.fullscreen;
    if (!headless && app_output_open(&a, 1, o.w, o.h, &err) < 0) {
        fprintf(stderr, "lectern: %s\n", err.msg);
        if (load)
            SDL_WaitThread(load, NULL);
        goto out;
    }
    LOG_INFO("startup", "window ready at %.1f ms", now_ms() - t_start);
    /* fontconfig reads its configuration and caches here while the course
     * loads on the other thread: a large course costs little more to open */
    if (ld.want_text)
        FcInit();
    double t_wait = now_ms();
    /* the fonts, while the modules are parsed when the theme names system
     * fonts (course font files are read after: the reader is the loader's) */
    lectern_error terr = {0};
    int early = 0;
    if (ld.theme_ready && ld.want_text) {
        SDL_SemWait(ld.theme_ready);
        if (ld.have_theme && !textsys_theme_reads_course(&ld.theme)) {
            early = textsys_create(NULL, NULL, &ld.theme, &a.text, &terr) < 0 ? -1 : 1;
            LOG_INFO("startup", "fonts loaded at %.1f ms, while the course loads", now_ms() - t_start);
        }
    }
    if (load)
        SDL_WaitThread(load, NULL);
    LOG_INFO("startup", "fontconfig ready at %.1f ms; waited %.1f ms for the course and fonts",
             t_wait - t_start, now_ms() - t_wait);
    if (!ld.failed && early < 0) {
        ld.failed = 2;
        ld.err = terr;
    }
    /* the fonts (the course's own first): nobody else reads the course now */
    if (!ld.failed && ld.want_text && !early &&
        textsys_create(a.reader, NULL, a.theme, &a.text, &ld.err) < 0)
        ld.failed = 2;

    struct stat dst;
    if (ld.failed == 1 && o.watch && lib_rc != 1 && !o.export_dir && !o.check_fit &&
        stat(course_path, &dst) == 0 && S_ISDIR(dst.st_mode)) {
        rc = wait_for_course(&a, &o, course_path);
        if (rc != 0 || !a.course)
            goto out;
        ld.failed = 0;
        rc = 1;
    }
    char msg[LECTERN_ERROR_MSG_MAX + 1400];
    if (ld.failed) {
        /* the reader's message often starts with the path: say it once */
        const char *why = ld.err.msg;
        size_t pl = strlen(course_path);
        if (strncmp(why, course_path, pl) == 0 && why[pl] == ':')
            why += pl + 1 + (why[pl + 1] == ' ');
        /* LEFT-TO-RIGHT MARK: in a right-to-left UI the path stays one
         * left-to-right run ("/tmp/x.lectern", not "tmp/x.lectern/") */
        snprintf(msg, sizeof msg, "\xE2\x80\x8E%s\n\n%s", course_path, why);
        if (ld.failed == 1)
            fprintf(stderr, "lectern: cannot open course %s: %s\n", course_path, why);
        else
            fprintf(stderr, "lectern: %s\n", ld.err.msg);
        error_window(&a, msg, &o);
        goto out;
    }
    choose_lang(&a, o.lang);
    LOG_INFO("startup", "course and fonts loaded at %.1f ms (%zu items; the course in %.1f ms)",
             now_ms() - t_start, lectern_course_n_items(a.course), ld.ms);

    if (o.check_fit) {
        int bad = lectern_fit_check_course(a.reader, a.course, a.lang, stdout, &err);
        if (bad < 0)
            fprintf(stderr, "lectern: %s\n", err.msg);
        rc = bad < 0 ? 1 : bad > 0 ? 3 : 0;
        goto out;
    }
    if (lectern_session_create(a.course, &a.session, &err) < 0) {
        fprintf(stderr, "lectern: %s\n", err.msg);
        goto out;
    }
    lectern_session_set_classroom(a.session, o.classroom);
    library_ui_attach(&a);
    if (images_create(a.reader, a.reader_lock, a.wake_event, IMAGE_BUDGET, &a.images) < 0) {
        fprintf(stderr, "lectern: cannot start the image decoder\n");
        goto out;
    }
    lectern_error verr = {0};
    /* LECTERN_NO_VIDEO=1: posters only (benchmarks, machines without libvlc) */
    const char *nv = getenv("LECTERN_NO_VIDEO");
    a.video = nv && *nv && strcmp(nv, "0") ? NULL : video_vlc_create(a.wake_event, &verr);
    if (!a.video) {
        if (verr.msg[0])
            LOG_WARN("video", "%s; videos show their poster instead", verr.msg);
        a.video = video_null_create();
    }
    a.vui = video_ui_create();
    a.sui = search_ui_create();
    if (o.watch && !a.wui && watch_ui_create(&a, course_path, &err) < 0) {
        fprintf(stderr, "lectern: --watch %s: %s\n", course_path, err.msg);
        goto out;
    }
    if (!a.ren && app_output_open(&a, 0, o.w, o.h, &err) < 0) {
        fprintf(stderr, "lectern: %s\n", err.msg);
        goto out;
    }
    LOG_INFO("startup", "output ready at %.1f ms", now_ms() - t_start);
    /* trainee progress (self-study, not trainer or classroom mode): the chooser in
     * the window, scripts only with --profile */
    if (!o.deliver && !o.classroom &&
        (o.profile || (!headless && !o.script && !o.bench_advance && !o.bench_startup)))
        progress_ui_start(&a, o.profile);
    if (o.goto_item) {
        lectern_cmd c = lectern_cmd_make_id(LECTERN_CMD_GOTO, o.goto_item);
        if (lectern_session_handle(a.session, &c) < 0) {
            fprintf(stderr, "lectern: --goto %s: no such item\n", o.goto_item);
            goto out;
        }
    }

    if (o.deliver && !o.export_dir && !o.check_fit) {
        a.clock_ms = headless ? 0 : SDL_GetTicks64();
        if (deliver_budget_option(o.budget, &err) < 0) {
            fprintf(stderr, "lectern: --budget: %s\n", err.msg);
            rc = 2;
            goto out;
        }
        if (deliver_start(&a, o.deliver, o.rehearse, &err) < 0) {
            fprintf(stderr, "lectern: --%s %s: %s\n", o.rehearse ? "rehearse" : "deliver",
                    o.deliver, err.msg);
            if (err.code == LECTERN_ELIMIT)
                rc = 3;
            goto out;
        }
        a.deliver->beep = o.beep;
    }
    if (o.export_dir) {
        a.show_chrome = 0;
        rc = export_slides(&a, o.export_dir);
    } else if (o.script) {
        rc = script_run(&a, o.script);
    } else if (o.bench_advance) {
        rc = bench_advance(&a, t_start);
    } else {
        /* the start screen shows no image: the first slides' images are
         * decoded after it is up, not in competition with it */
        lectern_session_view sv;
        lectern_session_get_view(a.session, &sv);
        int later = sv.screen == LECTERN_SCREEN_START && !o.goto_item;
        if (!later)
            app_prefetch(&a);
        if (o.goto_item)
            app_wait_current(&a);
        app_render(&a);
        if (o.bench_startup) {
            uint32_t px;
            SDL_Rect r = { 0, 0, 1, 1 };
            SDL_RenderReadPixels(a.ren, &r, SDL_PIXELFORMAT_ARGB8888, &px, 4);
            /* the bench subtracts the time it started the process from
             * first_frame_at_ms (the same CLOCK_MONOTONIC), so exec, dynamic
             * linking and everything before main() count too; cpu_ms is the
             * user+system time of every thread so far */
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            double t_frame = now_ms();
            printf("first_frame_ms=%.1f first_frame_at_ms=%.3f cpu_ms=%.1f\n", t_frame - t_start,
                   t_frame, ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 +
                   ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3);
            fflush(stdout);
            rc = 0;
            goto out;
        }
        if (later)
            app_prefetch(&a);
        run_window(&a);
        rc = 0;
    }
out:
    deliver_stop(&a);     /* saves the delivery log */
    video_ui_destroy(&a, a.vui);    /* reports where a video was left */
    progress_ui_destroy(&a);
    if (a.video)
        a.video->vt->destroy(a.video);
    images_destroy(a.images);
    library_ui_destroy(a.lib);
    textsys_destroy(a.text);
    app_output_close(&a);
    search_ui_destroy(a.sui);       /* points into the course */
    watch_ui_destroy(a.wui);
    lectern_session_destroy(a.session);
    lectern_course_close(a.course);
    lectern_reader_close(a.reader);
    for (size_t i = 0; i < a.n_warned; i++)
        free(a.warned[i]);
    free(a.warned);
    SDL_DestroyMutex(a.reader_lock);
    free(ld.theme.heading_font);
    free(ld.theme.body_font);
    if (ld.theme_ready)
        SDL_DestroySemaphore(ld.theme_ready);
    IMG_Quit();
    TTF_Quit();
    SDL_Quit();
    return rc;
}
