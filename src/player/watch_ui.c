/* `lectern --watch DIR`: live preview while an author edits a course source
 * folder. The main loop polls an inotify watcher (preview.h); after a quiet
 * period the course is reloaded and swapped in at the same item (new
 * session, fonts, image and search caches), or, when it has mistakes, the
 * check messages are drawn over the last good version until a fix loads.
 * A course broken from the start shows its messages alone until it loads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/log.h"
#include "lectern/preview.h"
#include "player.h"

#define WATCH_QUIET_MS 250
#define WATCH_IMAGE_BUDGET (40u << 20)

struct watch_ui {
    char *dir;
    lectern_dirwatch *w;
    char *report;             /* check messages of the last failed reload, or NULL */
    char changed[512];        /* the file whose change led to the last reload */
    unsigned long reloads;    /* reload attempts */
};

int watch_ui_create(app *a, const char *dir, lectern_error *err)
{
    watch_ui *u = calloc(1, sizeof *u);
    if (!u || !(u->dir = strdup(dir))) {
        free(u);
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    }
    int rc = lectern_dirwatch_open(dir, &u->w, err);
    if (rc < 0) {
        free(u->dir);
        free(u);
        return rc;
    }
    a->wui = u;
    return 0;
}

void watch_ui_destroy(watch_ui *u)
{
    if (!u)
        return;
    lectern_dirwatch_close(u->w);
    free(u->report);
    free(u->dir);
    free(u);
}

const char *watch_ui_report(const app *a)
{
    return a->wui ? a->wui->report : NULL;
}

unsigned long watch_ui_reloads(const app *a)
{
    return a->wui ? a->wui->reloads : 0;
}

/* Replaces the course, reader and everything made from them; the old ones
 * are released last. Keeps the screen (start or slide) and the language. */
static int swap_course(app *a, lectern_preview_load *l, lectern_error *err)
{
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    int on_slide = v.base == LECTERN_SCREEN_SLIDE;
    lectern_session *ns = NULL;
    textsys *nt = NULL;
    imagecache *ni = NULL;
    int rc = lectern_session_create(l->course, &ns, err);
    if (rc < 0)
        goto fail;
    rc = textsys_create(l->reader, a->reader_lock, lectern_course_theme(l->course), &nt, err);
    if (rc < 0)
        goto fail;
    /* from here nothing fails but the image thread: drop the old users first */
    video_ui_destroy(a, a->vui);
    a->vui = video_ui_create();
    images_destroy(a->images);
    a->images = NULL;
    search_ui_reset(a);
    if (images_create(l->reader, a->reader_lock, a->wake_event, WATCH_IMAGE_BUDGET,
                      &ni) < 0)
        LOG_WARN("watch", "cannot restart the image decoder; images stay blank");
    a->images = ni;
    textsys_destroy(a->text);
    a->text = nt;
    lectern_session_destroy(a->session);
    a->session = ns;
    lectern_course_close(a->course);
    lectern_reader_close(a->reader);
    a->reader = l->reader;
    a->course = l->course;
    l->reader = NULL;
    l->course = NULL;
    a->theme = lectern_course_theme(a->course);
    a->fallback = lectern_course_default_lang(a->course);
    if (a->lang != a->lang_buf)
        a->lang = a->fallback;
    for (size_t i = 0; i < a->n_warned; i++)
        free(a->warned[i]);
    a->n_warned = 0;       /* overflow warnings are worth repeating after an edit */
    a->prefetch_valid = a->warmed_valid = 0;
    if (on_slide && lectern_course_n_items(a->course) > 0) {
        lectern_cmd c = lectern_cmd_make(LECTERN_CMD_GOTO_NUMBER, (long)l->position + 1);
        lectern_session_handle(a->session, &c);
    }
    lectern_session_tick(a->session, a->clock_ms);
    app_prefetch(a);
    a->dirty = 1;
    return 0;
fail:
    textsys_destroy(nt);
    lectern_session_destroy(ns);
    return rc;
}

/* The first course that loads (it was broken at start): main sets up the
 * session and the rest once a->course is set. */
static void take_first(app *a, lectern_preview_load *l)
{
    a->reader = l->reader;
    a->course = l->course;
    l->reader = NULL;
    l->course = NULL;
    a->theme = lectern_course_theme(a->course);
}

int watch_ui_reload(app *a)
{
    watch_ui *u = a->wui;
    if (!u)
        return 0;
    u->reloads++;
    lectern_session_view v = {0};
    if (a->session)
        lectern_session_get_view(a->session, &v);
    lectern_preview_load l;
    lectern_error err = {0};
    int rc = lectern_preview_reload(u->dir, v.item ? v.item->id : NULL, v.index, &l, &err);
    if (rc == 0 && !a->course)
        take_first(a, &l);
    else if (rc == 0)
        rc = swap_course(a, &l, &err);
    if (rc < 0) {
        free(u->report);
        u->report = strdup(l.report ? l.report : err.msg[0] ? err.msg : "cannot load the course");
        LOG_WARN("watch", "%s: the course has errors:\n%s", u->dir, u->report ? u->report : "");
    } else {
        free(u->report);
        u->report = NULL;
        LOG_INFO("watch", "reloaded %s (%s)", u->dir, u->changed);
        if (a->session)
            lectern_session_notify(a->session, TR(a, "Reloaded: %s"),
                                   u->changed[0] ? u->changed : u->dir);
    }
    lectern_preview_load_free(&l);
    a->dirty = 1;
    return rc < 0 ? rc : 1;
}

int watch_ui_poll(app *a, uint64_t now_ms)
{
    watch_ui *u = a->wui;
    if (!u)
        return 0;
    int n = lectern_dirwatch_poll(u->w, now_ms);
    if (n > 0)
        snprintf(u->changed, sizeof u->changed, "%s", lectern_dirwatch_last(u->w));
    if (!lectern_dirwatch_settled(u->w, now_ms, WATCH_QUIET_MS))
        return 0;
    watch_ui_reload(a);
    return 1;
}

int watch_ui_check_first(app *a)
{
    watch_ui *u = a->wui;
    if (!u)
        return 0;
    lectern_preview_load l;
    lectern_error err = {0};
    int rc = lectern_preview_reload(u->dir, NULL, 0, &l, &err);
    if (rc == 0) {
        take_first(a, &l);
        free(u->report);
        u->report = NULL;
    } else {
        free(u->report);
        u->report = strdup(l.report ? l.report : err.msg[0] ? err.msg : "cannot load the course");
        LOG_WARN("watch", "%s: the course has errors; waiting for a fix:\n%s", u->dir,
                 u->report ? u->report : "");
    }
    lectern_preview_load_free(&l);
    a->dirty = 1;
    return rc == 0;
}

int watch_ui_wait_course(app *a)
{
    if (!a->wui)
        return 0;
    while (!a->course) {
        if (a->dirty)
            app_render(a);
        SDL_Event ev;
        if (SDL_WaitEventTimeout(&ev, 50)) {
            if (ev.type == SDL_QUIT || (ev.type == SDL_KEYDOWN &&
                (ev.key.keysym.sym == SDLK_ESCAPE || ev.key.keysym.sym == SDLK_q)))
                return 0;
            if (ev.type == SDL_WINDOWEVENT)
                a->dirty = 1;
        }
        watch_ui_poll(a, SDL_GetTicks64());
    }
    return 1;
}

void watch_ui_draw(app *a)
{
    watch_ui *u = a->wui;
    if (!u || !u->report)
        return;
    const lectern_theme *th = &a->default_theme;   /* readable whatever the course's */
    if (a->ren) {
        SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(a->ren, 0, 0, 0, 140);
        SDL_RenderFillRect(a->ren, NULL);
    }
    /* right-to-left UI: the panel mirrored, and the report one right-to-left
     * text (its lines start with a Latin file name and JSON path) */
    int rtl = bidi_lang_is_rtl(ui_lang(a));
    char *report = u->report;
    char *marked = NULL;
    if (rtl && (marked = malloc(strlen(u->report) + 4))) {
        memcpy(marked, "\xE2\x80\x8F", 3);
        strcpy(marked + 3, u->report);
        report = marked;
    }
    draw_set_mirror(rtl);
    float x = 120, w = CANVAS_W - 240, y = 120;
    float th_ = measure_text(a, FONT_BODY, 28, w - 120, report, NULL);
    float h = 230 + th_;
    if (h > CANVAS_H - 160)
        h = CANVAS_H - 160;
    draw_fill(a, x, y, w, h, 0x2a0f12, 245);
    draw_fill(a, x, y, 14, h, 0xe53e3e, 255);
    draw_text(a, FONT_HEADING, 46, x + 60, y + 40, w - 120, ALIGN_LEFT, 0xffffff,
              ui_str(a, UI_WATCH_TITLE));
    draw_text(a, FONT_BODY, 26, x + 60, y + 110, w - 120, ALIGN_LEFT, th->muted,
              ui_str(a, a->course ? UI_WATCH_LAST_GOOD : UI_WATCH_NOT_YET));
    if (a->ren)
        SDL_RenderSetClipRect(a->ren, &(SDL_Rect){ 0, 0, a->cv.out_w,
                                                   canvas_rect(&a->cv, x, y, w, h - 20).y +
                                                   canvas_rect(&a->cv, x, y, w, h - 20).h });
    draw_text(a, FONT_BODY, 28, x + 60, y + 180, w - 120, ALIGN_LEFT, 0xffd5d5, report);
    if (a->ren)
        SDL_RenderSetClipRect(a->ren, NULL);
    draw_set_mirror(0);
    free(marked);
}
