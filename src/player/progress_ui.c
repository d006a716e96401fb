/* The trainee's progress in the player: opens the progress store under the
 * data dir (one backup per start; a damaged store is recovered by itself and
 * the start screen says so, a newer one is reported and never touched), keeps
 * the chosen profile, records what the session reports (viewed, time spent,
 * resume position, attempted / resumed, video ranges, bookmarks; a slide advance
 * is one transaction), and caches
 * the evaluated course progress for the start screen, TOC and summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lectern/log.h"
#include "lectern/progress.h"
#include "progress_ui.h"

#define TAG "progress"
#define BACKUPS_KEPT 5

int64_t pui_wall_ms(void)
{
    const char *fake = getenv("LECTERN_FAKE_NOW_MS");    /* tests: a fixed date */
    if (fake && *fake)
        return strtoll(fake, NULL, 10);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void listener(const lectern_session_event *ev, void *user);
static void flush_leave(app *a, progress_ui *p);
static void video_left(app *a, const lectern_item *it, int64_t position_ms);

progress_ui *pui_get(app *a)
{
    if (!a->pui) {
        a->pui = calloc(1, sizeof(progress_ui));
        if (a->pui)
            a->pui->profile = -1;
    }
    return a->pui;
}

static void drop_cache(progress_ui *p)
{
    lectern_course_progress_free(p->cp);
    p->cp = NULL;
    p->cp_dirty = 1;
}

void progress_ui_destroy(app *a)
{
    progress_ui *p = a->pui;
    if (!p)
        return;
    flush_leave(a, p);
    if (a->session)
        lectern_session_set_listener(a->session, NULL, NULL);
    /* the video reporter stays: main destroys the video box first, and the
     * reporter finds a->pui NULL afterwards (it records nothing then) */
    lectern_course_progress_free(p->cp);
    lectern_progress_close(p->store);
    lectern_profiles_free(p->profiles, p->n_profiles);
    free(p->flags);
    free(p->profile_name);
    free(p);
    a->pui = NULL;
}

/* What a recovery did, for the start screen (ui strings, gettext). */
static void recovery_notice(app *a, progress_ui *p, const lectern_recovery *rec)
{
    char detail[600];
    const char *kept = strrchr(rec->damaged_path, '/');
    kept = kept ? kept + 1 : rec->damaged_path;
    long long n = (long long)rec->events_salvaged;
    /* TRANSLATORS: %lld is a number of recorded actions */
    if (rec->restored_backup)
        snprintf(detail, sizeof detail,
                 TRN(a, "The latest backup was restored, with %lld later action read back from the damaged file.",
                     "The latest backup was restored, with %lld later actions read back from the damaged file.",
                     n < 0 ? 0 : n), n);
    else
        snprintf(detail, sizeof detail,
                 TRN(a, "There was no backup: %lld action was read back from the damaged file.",
                     "There was no backup: %lld actions were read back from the damaged file.", n < 0 ? 0 : n), n);
    char keptline[600];
    snprintf(keptline, sizeof keptline, ui_str(a, UI_RECOVERED_KEPT), kept);
    snprintf(p->notice, sizeof p->notice, "%s %s", detail, keptline);
    p->recovered = 1;
}

/* Opens the store, recovering a damaged one by itself (the start screen and
 * the log say what happened). A newer or unrecoverable store becomes an
 * overlay (PUI_PROBLEM). */
static int open_store(app *a, progress_ui *p)
{
    if (p->store)
        return 0;
    lectern_error err = {0};
    lectern_recovery rec;
    int rc = lectern_progress_open_recover(a->data_dir, pui_wall_ms(), &p->store, &rec, &err);
    if (rc < 0) {
        p->problem_code = rc;
        snprintf(p->problem, sizeof p->problem, "%s", err.msg);
        p->mode = PUI_PROBLEM;
        LOG_WARN(TAG, "%s", err.msg);
        return rc;
    }
    if (rec.recovered) {
        recovery_notice(a, p, &rec);     /* core logged what it did */
        a->dirty = 1;
    }
    p->problem[0] = '\0';
    if (!p->backed_up) {
        p->backed_up = 1;
        if (lectern_progress_backup(p->store, pui_wall_ms(), BACKUPS_KEPT, &err) < 0)
            LOG_WARN(TAG, "backup: %s", err.msg);
    }
    return 0;
}

int progress_ui_reload_profiles(app *a)
{
    progress_ui *p = a->pui;
    lectern_error err = {0};
    lectern_profiles_free(p->profiles, p->n_profiles);
    p->profiles = NULL;
    p->n_profiles = 0;
    if (lectern_progress_profiles(p->store, &p->profiles, &p->n_profiles, &err) < 0) {
        LOG_WARN(TAG, "%s", err.msg);
        return -1;
    }
    return 0;
}

typedef struct flags_ctx {
    const lectern_course *course;
    unsigned char *flags;
} flags_ctx;

static int flag_item(const char *item_id, const lectern_item_state *st, void *user)
{
    flags_ctx *f = user;
    long i = lectern_course_item_index(f->course, item_id);
    if (i >= 0)
        f->flags[i] = (unsigned char)((st->viewed ? PUI_F_VIEWED : 0) |
                                           (st->review ? PUI_F_REVIEW : 0) |
                                           (st->bookmarked ? PUI_F_BOOKMARK : 0));
    return 0;
}

/* Per-item flags (viewed, review, bookmark) for the TOC and the slide mark:
 * one query for the course, not one per item. */
static void load_flags(app *a, progress_ui *p)
{
    size_t n = lectern_course_n_items(a->course);
    free(p->flags);
    p->flags = calloc(n ? n : 1, 1);
    if (!p->flags)
        return;
    lectern_error err = {0};
    flags_ctx f = { a->course, p->flags };
    if (lectern_progress_item_states(p->store, p->profile, lectern_course_id(a->course),
                                     flag_item, &f, &err) < 0)
        LOG_WARN(TAG, "%s", err.msg);
}

/* Starts recording for profile id: reconcile, resume, flags, listener. */
static int activate(app *a, progress_ui *p, int64_t id, const char *name)
{
    lectern_error err = {0};
    int64_t now = pui_wall_ms();
    if (lectern_progress_profile_use(p->store, id, now, &err) < 0)
        goto fail;
    p->profile = id;
    free(p->profile_name);
    p->profile_name = strdup(name);
    p->ref.profile = id;
    p->ref.course_id = lectern_course_id(a->course);
    p->ref.course_version = lectern_course_version(a->course);
    p->ref.lang = a->lang;
    lectern_reconcile_result rr = {0};
    if (lectern_progress_reconcile(p->store, id, a->course, now, &rr, &err) < 0)
        goto fail;
    if (rr.changed && (rr.n_review || rr.n_reset))
        lectern_session_notify(a->session, TRN(a, "Course updated: %d item to review (marked \xE2\x97\x8F)",
                                               "Course updated: %d items to review (marked \xE2\x97\x8F)",
                                               rr.n_review + rr.n_reset), rr.n_review + rr.n_reset);
    char *item = NULL;
    int64_t off = 0;
    const char *title = lectern_text_get(lectern_course_title(a->course), a->lang,
                                         lectern_course_default_lang(a->course));
    if (lectern_progress_resume(p->store, id, p->ref.course_id, &item, &off, &err) == 0) {
        long idx = lectern_course_item_index(a->course, item);
        if (idx >= 0) {
            lectern_session_set_resume(a->session, (size_t)idx);
            lectern_session_video_set_resume(a->session, (size_t)idx, off);   /* a video plays on */
        }
        /* this session picks the course up where the trainee stopped (xAPI resumed) */
        int rc = lectern_progress_resumed(p->store, &p->ref, item, off, title, now, &err);
        free(item);
        if (rc < 0)
            goto fail;
    } else if (lectern_progress_attempted(p->store, &p->ref, NULL, title, now, NULL,
                                          &err) < 0) {
        goto fail;      /* the first opening of the course (xAPI attempted) */
    }
    load_flags(a, p);
    drop_cache(p);
    lectern_session_set_listener(a->session, listener, a);   /* also the video reports */
    p->mode = PUI_NONE;
    a->dirty = 1;
    LOG_INFO(TAG, "profile %s (%lld), store %s", name, (long long)id,
             lectern_progress_path(p->store));
    return 0;
fail:
    LOG_WARN(TAG, "%s", err.msg);
    snprintf(p->problem, sizeof p->problem, "%s", err.msg);
    return err.code ? err.code : LECTERN_EIO;
}

int progress_ui_use_profile(app *a, const char *name, const char *identifier,
                            lectern_error *err)
{
    progress_ui *p = pui_get(a);
    if (!p)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    snprintf(p->pending_name, sizeof p->pending_name, "%s", name);
    if (open_store(a, p) < 0)
        return lectern_error_set(err, p->problem_code, "%s", p->problem);
    if (progress_ui_reload_profiles(a) < 0)
        return lectern_error_set(err, LECTERN_EIO, "cannot list profiles");
    p->pending_name[0] = '\0';
    for (size_t i = 0; i < p->n_profiles; i++) {
        const lectern_profile *pr = &p->profiles[i];
        if ((identifier && *identifier && pr->identifier &&
             strcmp(pr->identifier, identifier) == 0) ||
            ((!identifier || !*identifier) && strcasecmp(pr->name, name) == 0)) {
            int rc = activate(a, p, pr->id, pr->name);
            return rc < 0 ? lectern_error_set(err, rc, "%s", p->problem) : 0;
        }
    }
    int64_t id;
    int rc = lectern_progress_profile_create(p->store, name, identifier, pui_wall_ms(), &id,
                                             err);
    if (rc < 0)
        return rc;
    progress_ui_reload_profiles(a);
    rc = activate(a, p, id, name);
    return rc < 0 ? lectern_error_set(err, rc, "%s", p->problem) : 0;
}

int progress_ui_use_index(app *a, size_t i)
{
    progress_ui *p = a->pui;
    if (!p || i >= p->n_profiles)
        return LECTERN_EINVAL;
    return activate(a, p, p->profiles[i].id, p->profiles[i].name);
}

void progress_ui_start(app *a, const char *profile)
{
    progress_ui *p = pui_get(a);
    if (!p)
        return;
    if (profile) {
        lectern_error err = {0};
        if (progress_ui_use_profile(a, profile, NULL, &err) < 0 && p->mode != PUI_PROBLEM)
            lectern_session_notify(a->session, "%s", err.msg);
        return;
    }
    if (open_store(a, p) < 0)
        return;
    progress_ui_reload_profiles(a);
    p->mode = PUI_CHOOSER;
    p->cursor = 0;      /* most recently used first: the last one is preselected */
    a->dirty = 1;
}

int progress_ui_recover(app *a)
{
    progress_ui *p = a->pui;
    if (!p || p->mode != PUI_PROBLEM || p->problem_code == LECTERN_EUNSUPPORTED)
        return 0;
    lectern_error err = {0};
    int restored = 0;
    int rc = lectern_progress_recover(a->data_dir, pui_wall_ms(), &restored, &err);
    LOG_WARN(TAG, "recover: %s", err.msg);
    if (rc < 0) {
        snprintf(p->problem, sizeof p->problem, "%s", err.msg);
        return rc;
    }
    char note[LECTERN_ERROR_MSG_MAX + 1];
    snprintf(note, sizeof note, "%s", err.msg);
    p->mode = PUI_NONE;
    char pending[sizeof p->pending_name];
    snprintf(pending, sizeof pending, "%s", p->pending_name);
    if (pending[0])
        progress_ui_start(a, pending);
    else
        progress_ui_start(a, NULL);
    lectern_session_notify(a->session, "%s", note);
    return 1;
}

void progress_ui_skip(app *a)
{
    progress_ui *p = a->pui;
    if (!p)
        return;
    p->mode = PUI_NONE;
    lectern_session_notify(a->session, TR(a, "Progress is not being saved"));
    a->dirty = 1;
}

int progress_ui_active(const app *a)
{
    return a->pui && a->pui->store && a->pui->profile >= 0;
}

static void warn(app *a, const lectern_error *err)
{
    LOG_WARN(TAG, "%s", err->msg);
    lectern_session_notify(a->session, TR(a, "Progress NOT saved: %s"), err->msg);
}

/* Records the item left (kept since ITEM_LEAVE) on its own; for paths where no
 * item is entered next (back to the start screen, quit). */
static void flush_leave(app *a, progress_ui *p)
{
    if (!p->leave.set)
        return;
    p->leave.set = 0;
    if (!p->store || p->profile < 0 || p->leave.index >= lectern_course_n_items(a->course))
        return;
    lectern_error err = {0};
    const lectern_item *it = lectern_course_item(a->course, p->leave.index);
    if (lectern_progress_time_spent(p->store, &p->ref, it->id, p->leave.dwell_ms,
                                    p->leave.at_ms, &err) < 0)
        warn(a, &err);
    p->cp_dirty = 1;
}

/* An advance: the time on the item left, the resume position, viewed (or a new
 * attempt at an exercise), all in one transaction, committed before the TOC
 * and the slide mark show the item as viewed. */
static int record_enter(app *a, progress_ui *p, const lectern_item *it, int64_t now,
                        lectern_error *err)
{
    int rc = lectern_progress_batch_begin(p->store, err);
    if (rc < 0)
        return rc;
    if (p->leave.set && p->leave.index < lectern_course_n_items(a->course))
        rc = lectern_progress_time_spent(p->store, &p->ref,
                                         lectern_course_item(a->course, p->leave.index)->id,
                                         p->leave.dwell_ms, p->leave.at_ms, err);
    if (rc == 0)
        rc = lectern_progress_position(p->store, &p->ref, it->id, 0, now, err);
    if (rc == 0 && it->kind != LECTERN_ITEM_EXERCISE)
        rc = lectern_progress_viewed(p->store, &p->ref, it->id, now, err);
    if (rc == 0 && it->kind == LECTERN_ITEM_EXERCISE)
        rc = lectern_progress_attempted(p->store, &p->ref, it->id, NULL, now, NULL, err);
    if (rc == 0)
        rc = lectern_progress_batch_commit(p->store, err);
    else
        lectern_progress_batch_abort(p->store);
    p->leave.set = 0;
    return rc;
}

static void listener(const lectern_session_event *ev, void *user)
{
    app *a = user;
    progress_ui *p = a->pui;
    if (!p || !p->store || p->profile < 0)
        return;
    lectern_error err = {0};
    int64_t now = pui_wall_ms();
    const lectern_item *it = ev->index < lectern_course_n_items(a->course) ?
                             lectern_course_item(a->course, ev->index) : NULL;
    switch (ev->kind) {
    case LECTERN_EV_ITEM_ENTER:
        if (!it)
            return;
        if (record_enter(a, p, it, now, &err) < 0) {
            warn(a, &err);
            return;
        }
        if (it->kind == LECTERN_ITEM_SLIDE && p->flags) {
            p->flags[ev->index] |= PUI_F_VIEWED;
            p->flags[ev->index] &= (unsigned char)~PUI_F_REVIEW;
        }
        p->cp_dirty = 1;
        p->n_recorded++;
        break;
    case LECTERN_EV_ITEM_LEAVE:
        /* recorded with the next item entered, or on its own by the screen change */
        flush_leave(a, p);
        if (it && ev->dwell_ms > 0) {
            p->leave.set = 1;
            p->leave.index = ev->index;
            p->leave.dwell_ms = (int64_t)ev->dwell_ms;
            p->leave.at_ms = now;
        }
        p->cp_dirty = 1;
        break;
    case LECTERN_EV_ATTEMPT:
        /* an exercise was submitted: the attempt, and a reflection's text */
        flush_leave(a, p);
        if (it && ev->attempt) {
            progress_ui_attempt(a, it, ev->attempt);
            if (it->exercise_kind && strcmp(it->exercise_kind, "reflection") == 0 &&
                ev->attempt->response && *ev->attempt->response)
                progress_ui_reflection(a, it, ev->attempt->response);
        }
        break;
    case LECTERN_EV_VIDEO_RANGE:    /* a watched stretch of a video item */
        progress_ui_video_range(a, it, ev->from_ms, ev->to_ms, ev->duration_ms);
        break;
    case LECTERN_EV_VIDEO_POSITION:
        video_left(a, it, ev->position_ms);
        break;
    case LECTERN_EV_SCREEN:
    case LECTERN_EV_QUIT:
        /* completion is recorded when the trainee looks at it or leaves */
        flush_leave(a, p);
        progress_ui_refresh(a);
        break;
    default:
        break;
    }
}

void progress_ui_video_range(app *a, const lectern_item *it, int64_t from_ms, int64_t to_ms,
                             int64_t length_ms)
{
    if (!progress_ui_active(a) || !it || to_ms <= from_ms)
        return;
    progress_ui *p = a->pui;
    lectern_error err = {0};
    if (lectern_progress_video_range(p->store, &p->ref, it->id, from_ms, to_ms, length_ms,
                                     pui_wall_ms(), &err) < 0) {
        warn(a, &err);
        return;
    }
    long idx = lectern_course_item_index(a->course, it->id);
    if (idx >= 0 && p->flags)
        p->flags[idx] &= (unsigned char)~PUI_F_REVIEW;
    p->cp_dirty = 1;
}

/* The session reports where a video was left (LECTERN_EV_VIDEO_POSITION):
 * that becomes the resume offset only while the video is still the current
 * item (leaving it for another item already moved the resume position there). */
static void video_left(app *a, const lectern_item *it, int64_t position_ms)
{
    if (!progress_ui_active(a) || !it)
        return;
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    if (v.item != it)
        return;
    progress_ui *p = a->pui;
    lectern_error err = {0};
    if (lectern_progress_position(p->store, &p->ref, it->id, position_ms, pui_wall_ms(),
                                  &err) < 0)
        warn(a, &err);
}

int progress_ui_attempt(app *a, const lectern_item *it, const lectern_attempt *at)
{
    if (!progress_ui_active(a) || !it)
        return 0;
    progress_ui *p = a->pui;
    lectern_error err = {0};
    int64_t now = pui_wall_ms();
    /* a second try without leaving the exercise is a new attempt (xAPI attempted) */
    int rc = lectern_progress_batch_begin(p->store, &err);
    if (rc == 0)
        rc = lectern_progress_attempted(p->store, &p->ref, it->id, NULL, now, NULL, &err);
    if (rc == 0)
        rc = lectern_progress_attempt(p->store, &p->ref, it->id, at, now, NULL, &err);
    if (rc == 0)
        rc = lectern_progress_batch_commit(p->store, &err);
    else if (lectern_progress_in_batch(p->store))
        lectern_progress_batch_abort(p->store);
    if (rc < 0) {
        warn(a, &err);
        return err.code;
    }
    long idx = lectern_course_item_index(a->course, it->id);
    if (idx >= 0 && p->flags)
        p->flags[idx] &= (unsigned char)~PUI_F_REVIEW;
    p->cp_dirty = 1;
    progress_ui_refresh(a);
    return 0;
}

int progress_ui_bookmark(app *a)
{
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    if (v.base != LECTERN_SCREEN_SLIDE || !v.item)
        return 0;
    if (!progress_ui_active(a)) {
        lectern_session_notify(a->session, TR(a, "Choose a profile to keep bookmarks"));
        return 0;
    }
    progress_ui *p = a->pui;
    int on = !(p->flags && (p->flags[v.index] & PUI_F_BOOKMARK));
    lectern_error err = {0};
    if (lectern_progress_bookmark(p->store, &p->ref, v.item->id, on, pui_wall_ms(),
                                  &err) < 0) {
        warn(a, &err);
        return err.code;
    }
    /* committed: now the mark shows */
    if (p->flags) {
        if (on)
            p->flags[v.index] |= PUI_F_BOOKMARK;
        else
            p->flags[v.index] &= (unsigned char)~PUI_F_BOOKMARK;
    }
    lectern_session_notify(a->session, "%s", on ?
        (TR(a, "Bookmarked")) :
        (TR(a, "Bookmark removed")));
    a->dirty = 1;
    return 1;
}

int progress_ui_reflection(app *a, const lectern_item *it, const char *text)
{
    if (!progress_ui_active(a) || !it)
        return 0;
    progress_ui *p = a->pui;
    lectern_error err = {0};
    if (lectern_progress_reflection(p->store, &p->ref, it->id, text, pui_wall_ms(), &err) < 0) {
        warn(a, &err);
        return err.code;
    }
    p->cp_dirty = 1;
    return 0;
}

const lectern_course_progress *progress_ui_refresh(app *a)
{
    if (!progress_ui_active(a))
        return NULL;
    progress_ui *p = a->pui;
    if (p->cp && !p->cp_dirty)
        return p->cp;
    lectern_course_progress *cp = NULL;
    lectern_error err = {0};
    if (lectern_progress_evaluate(p->store, p->profile, a->course, pui_wall_ms(), &cp,
                                  &err) < 0) {
        LOG_WARN(TAG, "%s", err.msg);
        return p->cp;
    }
    lectern_course_progress_free(p->cp);
    p->cp = cp;
    p->cp_dirty = 0;
    return cp;
}

int progress_ui_module(app *a, size_t m, int *done, int *total, float *fraction,
                       int *completed)
{
    const lectern_course_progress *cp = progress_ui_refresh(a);
    if (!cp || m >= cp->n_modules)
        return 0;
    const lectern_module_progress *mp = &cp->modules[m];
    *done = mp->n_viewed + mp->n_attempted;
    *total = mp->n_views + mp->n_exercises;
    *fraction = (float)mp->fraction;
    *completed = mp->completed;
    return 1;
}

unsigned progress_ui_item_flags(const app *a, size_t index)
{
    const progress_ui *p = a->pui;
    if (!p || !p->flags || p->profile < 0 || index >= lectern_course_n_items(a->course))
        return 0;
    return p->flags[index];
}
