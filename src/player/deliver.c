/* Trainer mode: runs a lectern_delivery on the app's clock, maps the
 * trainer's keys to delivery commands, keeps the session (what the projector
 * shows) on the delivery's item, saves logs and rehearsal proposals into the
 * data dir, and offers to continue an interrupted delivery. */
#include <SDL_image.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "deliver.h"
#include "lectern/exercise.h"
#include "lectern/log.h"
#include "progress_ui.h"

#define AUTOSAVE_MS 15000
#define FLASH_MS 4000

static uint64_t now_of(app *a)
{
    return a->clock_ms;
}

static int64_t epoch_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void notice(deliver *dl, app *a, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void notice(deliver *dl, app *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dl->status, sizeof dl->status, fmt, ap);
    va_end(ap);
    dl->status_until = now_of(a) + 4000;
    a->dirty = 1;
}

/* Writes text to path through a temporary file and a rename. */
static int write_file(const char *path, const char *text)
{
    char tmp[1500];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return -1;
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, f) == n;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return -1;
    }
    return 0;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && n < (16L << 20) && fseek(f, 0, SEEK_SET) == 0 &&
            (buf = malloc((size_t)n + 1)) != NULL) {
            if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
                free(buf);
                buf = NULL;
            } else {
                buf[n] = '\0';
            }
        }
    }
    fclose(f);
    return buf;
}

/* DATA/deliveries/<YYYY-MM-DD>-<plan>[-N] free for a new delivery. */
static void choose_log_base(app *a, deliver *dl)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/deliveries", a->data_dir);
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    char date[16];
    strftime(date, sizeof date, "%Y-%m-%d", &tm);
    for (int k = 1; k < 1000; k++) {
        if (k == 1)
            snprintf(dl->log_base, sizeof dl->log_base, "%s/%s-%s", dir, date, dl->plan_id);
        else
            snprintf(dl->log_base, sizeof dl->log_base, "%s/%s-%s-%d", dir, date, dl->plan_id, k);
        char probe[1500];
        snprintf(probe, sizeof probe, "%s.json", dl->log_base);
        struct stat st;
        if (stat(probe, &st) != 0)
            return;
    }
}

/* Saves DATA/deliveries/<base>.json and .csv; 0 or -1 (logged). */
static int save_logs(app *a, deliver *dl)
{
    if (!dl->d)
        return 0;
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/deliveries", a->data_dir);
    app_mkdirs(dir);
    lectern_error err = {0};
    char *json = NULL, *csv = NULL;
    int rc = -1;
    char path[1500];
    if (lectern_delivery_log_json(dl->d, now_of(a), &json, &err) < 0 ||
        lectern_delivery_log_csv(dl->d, now_of(a), &csv, &err) < 0) {
        LOG_WARN("deliver", "cannot make the delivery log: %s", err.msg);
        goto done;
    }
    snprintf(path, sizeof path, "%s.json", dl->log_base);
    if (write_file(path, json) < 0) {
        LOG_WARN("deliver", "cannot write %s: %s", path, strerror(errno));
        goto done;
    }
    snprintf(path, sizeof path, "%s.csv", dl->log_base);
    if (write_file(path, csv) < 0) {
        LOG_WARN("deliver", "cannot write %s: %s", path, strerror(errno));
        goto done;
    }
    rc = 0;
done:
    free(json);
    free(csv);
    return rc;
}

/* Rehearsal: the proposal, and the plan JSON written to DATA/rehearsals/. */
static void save_rehearsal(app *a, deliver *dl)
{
    lectern_error err = {0};
    char *json = NULL;
    if (!dl->prop_valid) {
        if (lectern_delivery_rehearsal_proposal(dl->d, now_of(a), &dl->prop, &err) < 0) {
            LOG_WARN("deliver", "rehearsal: %s", err.msg);
            return;
        }
        dl->prop_valid = 1;
    }
    if (lectern_delivery_rehearsal_plan_json(dl->d, &dl->prop, &json, &err) < 0) {
        LOG_WARN("deliver", "rehearsal: %s", err.msg);
        return;
    }
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/rehearsals", a->data_dir);
    app_mkdirs(dir);
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%d-%H%M%S", &tm);
    snprintf(dl->rehearsal_path, sizeof dl->rehearsal_path, "%s/%s-%s.json", dir, stamp,
             dl->plan_id);
    if (write_file(dl->rehearsal_path, json) < 0) {
        LOG_WARN("deliver", "cannot write %s: %s", dl->rehearsal_path, strerror(errno));
        dl->rehearsal_path[0] = '\0';
    } else {
        printf("lectern: rehearsal of %s: %.0f min planned, %.0f min proposed; plan written to %s\n",
               dl->plan_id, dl->prop.planned_total_minutes, dl->prop.proposed_total_minutes,
               dl->rehearsal_path);
        fflush(stdout);
    }
    free(json);
}

/* The newest log of this plan in DATA/deliveries/ that can be continued
 * (restore refuses logs of deliveries that ended); rehearsals are not offered. */
static void find_interrupted(app *a, deliver *dl)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/deliveries", a->data_dir);
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    char pat[160];
    snprintf(pat, sizeof pat, "-%s", dl->plan_id);
    time_t best_t = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        /* <date>-<plan>.json or <date>-<plan>-N.json */
        size_t n = strlen(e->d_name);
        const char *at = strstr(e->d_name, pat);
        if (!at || n < 5 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        const char *tail = at + strlen(pat);
        if (*tail != '.' && *tail != '-')
            continue;
        char path[1500];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || (dl->offer && st.st_mtime < best_t))
            continue;
        char *text = read_text(path);
        if (!text)
            continue;
        lectern_delivery *cand = NULL;
        lectern_error err = {0};
        if (lectern_delivery_restore(a->course, text, now_of(a), &cand, &err) == 0) {
            lectern_delivery_view v;
            lectern_delivery_get_view(cand, now_of(a), &v);
            if (v.rehearsal || strcmp(v.plan->id, dl->plan_id) != 0) {
                lectern_delivery_destroy(cand);
            } else {
                lectern_delivery_destroy(dl->offer);
                dl->offer = cand;
                best_t = st.st_mtime;
                snprintf(dl->offer_path, sizeof dl->offer_path, "%.1390s", path);
            }
        }
        free(text);
    }
    closedir(dp);
    if (dl->offer)
        LOG_INFO("deliver", "interrupted delivery found: %s", dl->offer_path);
}

/* Puts the delivery's item on the session (what the projector shows). */
static void sync_session(app *a, deliver *dl)
{
    lectern_delivery_view v;
    lectern_delivery_get_view(dl->d, now_of(a), &v);
    if (v.events & LECTERN_DELIVERY_EV_SEGMENT_ENDED)
        dl->flash_until = now_of(a) + FLASH_MS;
    dl->synced = v.item;
    if (!v.item)
        return;
    lectern_session_view sv;
    lectern_session_get_view(a->session, &sv);
    if (sv.item == v.item && sv.base == LECTERN_SCREEN_SLIDE && !sv.toc_open)
        return;
    dl->syncing = 1;
    lectern_cmd c = lectern_cmd_make(LECTERN_CMD_TOC_CLOSE, 0);
    lectern_session_handle(a->session, &c);
    c = lectern_cmd_make_id(LECTERN_CMD_GOTO, v.item->id);
    app_command(a, &c);
    dl->syncing = 0;
}

static void accept_offer(app *a, deliver *dl, int yes)
{
    if (yes) {
        lectern_delivery_destroy(dl->d);
        dl->d = dl->offer;
        lectern_delivery_set_wall_now(dl->d, now_of(a), epoch_now_ms());
        /* the log goes on in the same files */
        snprintf(dl->log_base, sizeof dl->log_base, "%.*s", (int)(strlen(dl->offer_path) - 5),
                 dl->offer_path);
        notice(dl, a, "%s", TR(a, "Continuing the interrupted delivery"));
    } else {
        lectern_delivery_destroy(dl->offer);
        /* a fresh start: the clock starts now */
        lectern_delivery *fresh = NULL;
        lectern_error err = {0};
        if (lectern_delivery_create(a->course, dl->plan_id, now_of(a), &fresh, &err) == 0) {
            lectern_delivery_destroy(dl->d);
            dl->d = fresh;
            lectern_delivery_set_wall_start(dl->d, epoch_now_ms());
            lectern_delivery_set_rehearsal(dl->d, dl->rehearsal);
            lectern_delivery_set_lang(dl->d, a->lang);
        }
    }
    dl->offer = NULL;
    dl->offer_path[0] = '\0';
    sync_session(a, dl);
}

static double budget_minutes, budget_day = LECTERN_BUDGET_DAY_MINUTES;
static int budget_days;

void deliver_set_budget(double minutes, int days, double day_minutes)
{
    budget_minutes = minutes > 0 ? minutes : 0;
    budget_days = days;
    budget_day = day_minutes > 0 ? day_minutes : LECTERN_BUDGET_DAY_MINUTES;
}

int deliver_budget_option(const char *text, lectern_error *err)
{
    double minutes = 0;
    int days = 0;
    if (text && lectern_budget_parse(text, LECTERN_BUDGET_DAY_MINUTES, &minutes, &days, err) < 0)
        return LECTERN_EINVAL;
    deliver_set_budget(minutes, days, 0);
    return 0;
}

/* Fits the new delivery to the budget set by deliver_set_budget. */
static int apply_budget(app *a, deliver *dl, lectern_error *err)
{
    lectern_budget_plan bp;
    lectern_delivery_view v;
    lectern_delivery_get_view(dl->d, now_of(a), &v);
    int rc = lectern_budget_make(a->course, v.plan, budget_minutes, budget_days, budget_day, a->lang, &bp, err);
    if (rc == 0 && (rc = lectern_delivery_apply_budget(dl->d, &bp)) < 0)
        lectern_error_set(err, rc, "cannot deliver the plan fitted to this budget");
    if (rc == 0) {
        char t[48], counts[200];
        ui_minutes(a, bp.total_minutes, t, sizeof t);
        notice(dl, a, TR(a, "Plan fitted to %s: %s"), t,
               lectern_budget_counts_text(&bp, ui_core_translate, a, counts, sizeof counts));
        LOG_INFO("deliver", "%s", bp.summary);
    }
    lectern_budget_free(&bp);
    return rc;
}

int deliver_start(app *a, const char *plan_id, int rehearsal, lectern_error *err)
{
    if (a->deliver)
        deliver_stop(a);
    deliver *dl = calloc(1, sizeof *dl);
    if (!dl)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    snprintf(dl->plan_id, sizeof dl->plan_id, "%s", plan_id);
    int rc = lectern_delivery_create(a->course, plan_id, now_of(a), &dl->d, err);
    if (rc < 0) {
        free(dl);
        return rc;
    }
    if (budget_minutes > 0 && (rc = apply_budget(a, dl, err)) < 0) {
        lectern_delivery_destroy(dl->d);
        free(dl);
        return rc;
    }
    dl->rehearsal = rehearsal;
    dl->shown_second = INT64_MIN;
    lectern_delivery_set_wall_start(dl->d, epoch_now_ms());
    lectern_delivery_set_rehearsal(dl->d, rehearsal);
    lectern_delivery_set_lang(dl->d, a->lang);
    a->deliver = dl;
    /* the room sees exercises without their key until the trainer reveals it
     * (R); the key is on the presenter view */
    lectern_session_set_classroom(a->session, 1);
    /* the room is not a trainee: no "who is studying?" over the projector */
    if (a->pui && (a->pui->mode == PUI_CHOOSER || a->pui->mode == PUI_NEW))
        a->pui->mode = PUI_NONE;
    choose_log_base(a, dl);
    if (!rehearsal)
        find_interrupted(a, dl);
    if (dl->offer)
        dl->view = DVIEW_PRESENTER;   /* the question is for the trainer */
    dl->last_autosave = now_of(a);
    deliver_windows_open(a, dl);
    sync_session(a, dl);
    LOG_INFO("deliver", "%s plan %s; log %s.json", rehearsal ? "rehearsing" : "delivering",
             plan_id, dl->log_base);
    a->dirty = 1;
    return 0;
}

void deliver_stop(app *a)
{
    deliver *dl = a->deliver;
    if (!dl)
        return;
    if (dl->offer) {   /* never answered: the old log stays as it was */
        lectern_delivery_destroy(dl->offer);
        dl->offer = NULL;
    }
    if (dl->d && !dl->saved_final) {
        if (save_logs(a, dl) == 0)
            printf("lectern: delivery log saved to %s.json and .csv\n", dl->log_base);
        lectern_delivery_view v;
        lectern_delivery_get_view(dl->d, now_of(a), &v);
        if (dl->rehearsal && !dl->rehearsal_path[0])
            save_rehearsal(a, dl);
        fflush(stdout);
    }
    deliver_windows_close(a, dl);
    if (dl->prop_valid)
        lectern_rehearsal_proposal_free(&dl->prop);
    lectern_delivery_destroy(dl->d);
    free(dl);
    a->deliver = NULL;
}

static void on_end(app *a, deliver *dl)
{
    if (save_logs(a, dl) == 0) {
        dl->saved_final = 1;
        printf("lectern: delivery log saved to %s.json and .csv\n", dl->log_base);
        fflush(stdout);
        notice(dl, a, TR(a, "Delivery ended. Log saved: %s.json"), dl->log_base);
    }
    if (dl->rehearsal)
        save_rehearsal(a, dl);
}

int deliver_command(app *a, const lectern_dcmd *c)
{
    deliver *dl = a->deliver;
    if (!dl)
        return 0;
    if (dl->offer)
        accept_offer(a, dl, 0);
    int rc;
    if (c->kind == LECTERN_DCMD_ACCEPT) {   /* suggest and accept, saying what changed */
        lectern_delivery_suggestion s;
        lectern_error err = {0};
        rc = lectern_delivery_suggest(dl->d, now_of(a), &s, &err);
        if (rc == 0) {
            char sum[LECTERN_DELIVERY_REASON_MAX];     /* in the UI language */
            lectern_delivery_suggestion_text(&s, ui_core_translate, a, sum, sizeof sum);
            rc = lectern_delivery_accept(dl->d, now_of(a), &s);
            if (rc > 0) {
                char nc[64];
                snprintf(nc, sizeof nc, TRN(a, "%d change", "%d changes", rc), rc);
                notice(dl, a, TR(a, "Re-planned (%s): %s"), nc, sum);
            } else
                notice(dl, a, TR(a, "Nothing to re-plan: %s"), sum[0] ? sum : TR(a, "on time"));
            lectern_delivery_suggestion_free(&s);
        }
    } else {
        rc = lectern_delivery_handle(dl->d, c, now_of(a));
    }
    if (c->kind == LECTERN_DCMD_EXTEND && rc > 0)
        notice(dl, a, c->n >= 0 ? TR(a, "Segment extended by %g min") : TR(a, "Segment shortened by %g min"),
               c->n >= 0 ? c->n : -c->n);
    lectern_delivery_view v;
    lectern_delivery_get_view(dl->d, now_of(a), &v);
    if (v.finished && !dl->saved_final)
        on_end(a, dl);
    sync_session(a, dl);
    a->dirty = 1;
    deliver_windows_dirty(a, dl);
    return rc;
}

int deliver_owns_dialogs(const app *a)
{
    return a->deliver != NULL;
}

int deliver_mouse(app *a, const SDL_Event *ev)
{
    deliver *dl = a->deliver;
    if (!dl || !dl->d)
        return 0;
    Uint32 wid = ev->type == SDL_MOUSEBUTTONDOWN || ev->type == SDL_MOUSEBUTTONUP ? ev->button.windowID :
                 ev->type == SDL_MOUSEWHEEL ? ev->wheel.windowID :
                 ev->type == SDL_MOUSEMOTION ? ev->motion.windowID : 0;
    app *p;
    if (dl->pres && dl->pres->win && wid == SDL_GetWindowID(dl->pres->win))
        p = dl->pres;
    else if (!dl->pres && dl->view == DVIEW_PRESENTER)
        p = a;
    else
        return 0;   /* the projector's own window: the usual slide clicks */
    if (ev->type != SDL_MOUSEBUTTONDOWN)
        return 1;   /* wheel and motion over the presenter move nothing on the projector */
    int ww = 0, wh = 0;
    if (p->win)
        SDL_GetWindowSize(p->win, &ww, &wh);
    float kx = ww ? (float)p->cv.out_w / (float)ww : 1, ky = wh ? (float)p->cv.out_h / (float)wh : 1;
    SDL_Point pt = { (int)((float)ev->button.x * kx), (int)((float)ev->button.y * ky) };
    lectern_session_view sv;
    lectern_session_get_view(a->session, &sv);
    if (sv.screen == LECTERN_SCREEN_CONFIRM_QUIT) {   /* the dialog is drawn on the presenter */
        for (int i = p->n_hits - 1; i >= 0; i--) {
            if (SDL_PointInRect(&pt, &p->hits[i].r)) {
                lectern_cmd c = p->hits[i].cmd;
                app_command(a, &c);
                break;
            }
        }
        a->dirty = 1;
        deliver_windows_dirty(a, dl);
        return 1;
    }
    if (dl->offer || ev->button.button != SDL_BUTTON_LEFT)
        return 1;
    for (int i = dl->n_hits - 1; i >= 0; i--) {
        if (SDL_PointInRect(&pt, &dl->hits[i].r)) {
            lectern_dcmd c = dl->hits[i].cmd;
            deliver_command(a, &c);
            break;
        }
    }
    return 1;
}

void deliver_after_command(app *a)
{
    deliver *dl = a->deliver;
    if (!dl || dl->syncing || !dl->d)
        return;
    lectern_session_view sv;
    lectern_session_get_view(a->session, &sv);
    if (sv.base != LECTERN_SCREEN_SLIDE || !sv.item || sv.item == dl->synced)
        return;
    /* the trainer moved the session (number entry, contents, mouse): follow
     * it when the plan covers that item */
    if (lectern_delivery_goto_item(dl->d, sv.item->id, now_of(a)) >= 0) {
        lectern_delivery_view v;
        lectern_delivery_get_view(dl->d, now_of(a), &v);
        if (v.events & LECTERN_DELIVERY_EV_SEGMENT_ENDED)
            dl->flash_until = now_of(a) + FLASH_MS;
    }
    dl->synced = sv.item;
    deliver_windows_dirty(a, dl);
}

void deliver_view(app *a, lectern_delivery_view *v)
{
    deliver *dl = a->deliver;
    lectern_delivery_get_view(dl->d, now_of(a), v);
    if (v->events & LECTERN_DELIVERY_EV_SEGMENT_ENDED) {
        dl->flash_until = now_of(a) + FLASH_MS;
        deliver_beep(dl);
    }
}

void deliver_tick(app *a)
{
    deliver *dl = a->deliver;
    if (!dl)
        return;
    lectern_delivery_view v;
    deliver_view(a, &v);
    lectern_session_view sv;
    lectern_session_get_view(a->session, &sv);
    if (sv.screen != dl->last_screen) {   /* the quit dialog opened or closed */
        dl->last_screen = sv.screen;
        a->dirty = 1;
        deliver_windows_dirty(a, dl);
    }
    int64_t sec = v.remaining_ms / 1000;
    int flashing = now_of(a) < dl->flash_until;
    if (sec != dl->shown_second || flashing || now_of(a) < dl->status_until + 100) {
        dl->shown_second = sec;
        if (dl->view == DVIEW_PRESENTER || dl->show_timer || !v.item)
            a->dirty = 1;
        deliver_windows_dirty(a, dl);
    }
    if (!v.finished && now_of(a) - dl->last_autosave >= AUTOSAVE_MS) {
        dl->last_autosave = now_of(a);
        save_logs(a, dl);
    }
    deliver_windows_render(a, dl);
}

int deliver_draw(app *a)
{
    deliver *dl = a->deliver;
    if (!dl || a->error_text)
        return 0;
    lectern_delivery_view v;
    deliver_view(a, &v);
    lectern_session_view sv;
    lectern_session_get_view(a->session, &sv);
    /* one output: the quit dialog is for the trainer, so the presenter view
     * shows while it is open (and the projector view comes back after) */
    if (!dl->pres && sv.screen == LECTERN_SCREEN_CONFIRM_QUIT && dl->view == DVIEW_PROJECTOR) {
        dl->view = DVIEW_PRESENTER;
        dl->quit_switched = 1;
    } else if (dl->quit_switched && sv.screen != LECTERN_SCREEN_CONFIRM_QUIT) {
        dl->view = DVIEW_PROJECTOR;
        dl->quit_switched = 0;
    }
    int presenter = dl->pres ? a == dl->pres : dl->view == DVIEW_PRESENTER;
    if (presenter) {
        presenter_draw(a, dl, &v);
        return 1;
    }
    if (!v.item && sv.screen == LECTERN_SCREEN_SLIDE) {
        projector_draw_card(a, &v);
        return 1;
    }
    return 0;
}

void deliver_draw_over(app *a)
{
    deliver *dl = a->deliver;
    if (!dl) {
        if (a->session && a->course && !a->error_text)
            deliver_draw_start_over(a);
        return;
    }
    int presenter = dl->pres ? a == dl->pres : dl->view == DVIEW_PRESENTER;
    if (presenter || !dl->show_timer)
        return;
    lectern_delivery_view v;
    deliver_view(a, &v);
    projector_draw_timer(a, &v);
}

int deliver_screenshot(app *a, const char *which, const char *path, lectern_error *err)
{
    deliver *dl = a->deliver;
    if (!dl)
        return lectern_error_set(err, LECTERN_EINVAL, "screenshot %s: no delivery (deliver PLAN first)",
                                 which);
    deliver_viewmode want;
    if (strcmp(which, "presenter") == 0)
        want = DVIEW_PRESENTER;
    else if (strcmp(which, "projector") == 0)
        want = DVIEW_PROJECTOR;
    else
        return lectern_error_set(err, LECTERN_EINVAL, "screenshot presenter|projector FILE");
    app *out = a;
    if (dl->pres)
        out = want == DVIEW_PRESENTER ? dl->pres : a;
    deliver_viewmode keep = dl->view;
    dl->view = want;
    if (a->win)
        SDL_PumpEvents();   /* a window moved or resized by trainer mode settles first */
    app_wait_current(a);
    app_render(out);
    if (out->win)        /* a window resized by trainer mode: the next frame has its size */
        app_render(out);
    if (want == DVIEW_PRESENTER && out->images) {   /* the thumbnails' images */
        lectern_delivery_view v;
        lectern_delivery_get_view(dl->d, now_of(a), &v);
        const lectern_item *its[2] = { v.item, v.next_item };
        for (int i = 0; i < 2; i++) {
            const char *p = app_item_image(out, its[i]);
            if (p)
                images_wait(out->images, out->ren, p, 10000);
        }
        app_render(out);
    }
    int rc = app_screenshot(out, path, NULL, 0, err);
    dl->view = keep;
    a->dirty = 1;
    return rc;
}

/* ---------------------------------------------------------------- keys */

static int dcmd_key(app *a, lectern_dcmd_kind k, double n)
{
    lectern_dcmd c;
    memset(&c, 0, sizeof c);
    c.kind = k;
    c.n = n;
    deliver_command(a, &c);
    return 1;
}

int deliver_key(app *a, SDL_Keycode key, uint16_t mod)
{
    deliver *dl = a->deliver;
    if (!dl)
        return deliver_picker_key(a, key, mod);
    if (mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI))
        return 0;
    lectern_session_view sv;
    lectern_session_get_view(a->session, &sv);
    if (sv.screen == LECTERN_SCREEN_CONFIRM_QUIT || sv.toc_open || sv.digits[0])
        return 0;   /* the session's keys (quit dialog, contents, number entry) */
    if (dl->offer) {
        if (key == SDLK_c || key == SDLK_RETURN) {
            accept_offer(a, dl, 1);
            return 1;
        }
        if (key == SDLK_n) {
            accept_offer(a, dl, 0);
            return 1;
        }
        if (key == SDLK_ESCAPE || key == SDLK_q || key == SDLK_F12 || key == SDLK_f)
            return 0;
        return 1;   /* answer first */
    }
    if (video_ui_key(a, key, mod))   /* a video item: its keys first */
        return 1;
    int shift = (mod & KMOD_SHIFT) != 0;
    switch (key) {
    case SDLK_RIGHT: case SDLK_SPACE: case SDLK_PAGEDOWN: case SDLK_RETURN:
        return dcmd_key(a, LECTERN_DCMD_NEXT, 0);
    case SDLK_LEFT: case SDLK_PAGEUP: case SDLK_BACKSPACE:
        return dcmd_key(a, LECTERN_DCMD_PREV, 0);
    case SDLK_DOWN: case SDLK_RIGHTBRACKET:
        return dcmd_key(a, LECTERN_DCMD_NEXT_SEGMENT, 0);
    case SDLK_UP: case SDLK_LEFTBRACKET:
        return dcmd_key(a, LECTERN_DCMD_PREV_SEGMENT, 0);
    case SDLK_p:
        return dcmd_key(a, LECTERN_DCMD_TOGGLE_PAUSE, 0);
    case SDLK_b: {
        lectern_delivery_view v;
        deliver_view(a, &v);
        return dcmd_key(a, v.paused ? (v.pause_reason == LECTERN_PAUSE_BREAK ?
                        LECTERN_DCMD_BREAK_END : LECTERN_DCMD_RESUME) : LECTERN_DCMD_BREAK, 0);
    }
    case SDLK_s:
        return dcmd_key(a, LECTERN_DCMD_SKIP, 0);
    case SDLK_e: case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS:
        return dcmd_key(a, LECTERN_DCMD_EXTEND, shift && key == SDLK_e ? -5 : 5);
    case SDLK_MINUS: case SDLK_KP_MINUS:
        return dcmd_key(a, LECTERN_DCMD_EXTEND, -5);
    case SDLK_a:
        return dcmd_key(a, LECTERN_DCMD_ACCEPT, 0);
    case SDLK_t:
        dl->show_timer = !dl->show_timer;
        notice(dl, a, "%s", dl->show_timer ? TR(a, "Timer shown to the room") : TR(a, "Timer hidden from the room"));
        a->dirty = 1;
        deliver_windows_dirty(a, dl);
        return 1;
    case SDLK_TAB:
        if (dl->pres) {
            notice(dl, a, "%s", TR(a, "Two displays: the presenter view stays on this screen"));
        } else {
            dl->view = dl->view == DVIEW_PRESENTER ? DVIEW_PROJECTOR : DVIEW_PRESENTER;
        }
        a->dirty = 1;
        deliver_windows_dirty(a, dl);
        return 1;
    case SDLK_x:
        if (now_of(a) < dl->end_confirm_until) {
            dl->end_confirm_until = 0;
            return dcmd_key(a, LECTERN_DCMD_END, 0);
        }
        dl->end_confirm_until = now_of(a) + 3000;
        notice(dl, a, "%s", TR(a, "Press X again to end the delivery"));
        deliver_windows_dirty(a, dl);
        return 1;
    case SDLK_ESCAPE: {   /* leaving a delivery asks first (the log is kept), on the presenter */
        lectern_cmd c = lectern_cmd_make(LECTERN_CMD_QUIT, 0);
        app_command(a, &c);
        a->dirty = 1;
        deliver_windows_dirty(a, dl);
        return 1;
    }
    default:
        return 0;
    }
}

void deliver_print_keys(FILE *f)
{
    fprintf(f,
        "Trainer mode (--deliver PLAN, --rehearse PLAN, or D on the start screen):\n"
        "  Right, Space, PgDn, Enter: next item     Left, PgUp, Backspace: previous item\n"
        "  Down or ]: next segment                  Up or [: previous segment\n"
        "  P: pause / resume (questions)            B: break / end the break\n"
        "  S: skip the segment                      E or +: extend by 5 min (- or Shift+E: 5 less)\n"
        "  A: accept the re-planning suggestion     T: show / hide the timer to the room\n"
        "  Tab: switch projector / presenter view (one display)\n"
        "  X twice: end the delivery (log saved)    Esc: quit (asks; the log is kept)\n"
        "  at start, C / N: continue an interrupted delivery / start anew\n");
}

/* ---------------------------------------------------------------- script */

int deliver_expect(app *a, const char *what, const char *arg, char *msg, size_t n)
{
    deliver *dl = a->deliver;
    int known = strcmp(what, "segment") == 0 || strcmp(what, "pace") == 0 ||
                strcmp(what, "overtime") == 0 || strcmp(what, "paused") == 0 ||
                strcmp(what, "view") == 0 || strcmp(what, "offer") == 0 ||
                strcmp(what, "delivery") == 0 || strcmp(what, "timer") == 0;
    if (!known)
        return -1;
    if (!dl) {
        snprintf(msg, n, "expect %s: no delivery (deliver PLAN first)", what);
        return 1;
    }
    lectern_delivery_view v;
    deliver_view(a, &v);
    if (strcmp(what, "segment") == 0) {
        if (strcmp(v.segment->id, arg) != 0) {
            snprintf(msg, n, "expected segment %s, got %s", arg, v.segment->id);
            return 1;
        }
    } else if (strcmp(what, "pace") == 0) {
        const char *got = v.pace == LECTERN_PACE_BEHIND ? "behind" :
                          v.pace == LECTERN_PACE_AHEAD ? "ahead" : "on-time";
        if (strcmp(arg, "behind") && strcmp(arg, "ahead") && strcmp(arg, "on-time")) {
            snprintf(msg, n, "expect pace behind|ahead|on-time");
            return 2;
        }
        if (strcmp(got, arg) != 0) {
            snprintf(msg, n, "expected pace %s, got %s (%+.1f min)", arg, got,
                     v.pace_ms / 60000.0);
            return 1;
        }
    } else if (strcmp(what, "view") == 0) {
        const char *got = dl->view == DVIEW_PRESENTER ? "presenter" : "projector";
        if (strcmp(got, arg) != 0) {
            snprintf(msg, n, "expected view %s, got %s", arg, got);
            return 1;
        }
    } else if (strcmp(what, "delivery") == 0) {
        const char *got = v.finished ? "ended" : "running";
        if (strcmp(got, arg) != 0) {
            snprintf(msg, n, "expected delivery %s, got %s", arg, got);
            return 1;
        }
    } else {
        int want = strcmp(arg, "yes") == 0;
        if (!want && strcmp(arg, "no") != 0) {
            snprintf(msg, n, "expect %s yes|no", what);
            return 2;
        }
        int got = strcmp(what, "overtime") == 0 ? v.overtime :
                  strcmp(what, "paused") == 0 ? v.paused :
                  strcmp(what, "timer") == 0 ? dl->show_timer : dl->offer != NULL;
        if (got != want) {
            snprintf(msg, n, "expected %s %s", what, arg);
            return 1;
        }
    }
    return 0;
}
