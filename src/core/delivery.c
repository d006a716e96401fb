/* Delivering a lesson plan (see lectern/delivery.h): the segment and item
 * position, navigation, pauses and breaks, extensions, per-segment timing
 * on the injected clock, and the presenter's view (countdown, projected
 * end, pace, once-per-segment events). No wall clock is read here. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmdtext.h"
#include "delivery_internal.h"
#include "lectern/log.h"

int64_t dl_min_to_ms(double minutes)
{
    return (int64_t)llround(minutes * 60000.0);
}

static int64_t clamp_now(uint64_t now_ms)
{
    return now_ms > (uint64_t)INT64_MAX / 2 ? INT64_MAX / 2 : (int64_t)now_ms;
}

int64_t dl_clock(const lectern_delivery *d, uint64_t now_ms)
{
    if (d->finished)
        return d->end_ms;
    int64_t t = clamp_now(now_ms);
    return t < d->last_ms ? d->last_ms : t;
}

int64_t dl_actual(const lectern_delivery *d, size_t i, int64_t t)
{
    int64_t a = d->segs[i].actual_ms;
    if (i == d->cur && !d->paused && !d->finished && t > d->last_ms)
        a += t - d->last_ms;
    return a;
}

int64_t dl_left(const lectern_delivery *d, size_t i, int64_t t)
{
    int64_t left = d->segs[i].planned_ms - dl_actual(d, i, t);
    return left > 0 ? left : 0;
}

int64_t dl_paused_total(const lectern_delivery *d, int64_t t)
{
    int64_t p = d->paused_closed_ms;
    if (d->paused && d->n_pauses && t > d->pauses[d->n_pauses - 1].start_ms)
        p += t - d->pauses[d->n_pauses - 1].start_ms;
    return p;
}

int64_t dl_projected_end(const lectern_delivery *d, int64_t t)
{
    if (d->finished)
        return d->end_ms;
    int64_t end = t;
    for (size_t i = 0; i < d->n; i++) {
        lectern_segstate st = d->segs[i].state;
        if (st == LECTERN_SEGSTATE_CURRENT || st == LECTERN_SEGSTATE_PENDING)
            end += dl_left(d, i, t);
    }
    return end;
}

const char *dl_title(const lectern_delivery *d, size_t i)
{
    return lectern_text_get(&d->p->segments[i].title, d->lang, lectern_course_default_lang(d->c));
}

void dl_fmt_minutes(int64_t ms, char *buf, size_t n)
{
    dl_fmt_minutes_tr(ms, NULL, NULL, buf, n);
}

/* Adds the time since the last command to the current segment (or to the
 * pause in progress, which is measured from its start) and moves the clock. */
static void accrue(lectern_delivery *d, uint64_t now_ms)
{
    if (d->finished)
        return;
    int64_t t = dl_clock(d, now_ms);
    if (!d->paused)
        d->segs[d->cur].actual_ms += t - d->last_ms;
    d->last_ms = t;
}

int lectern_delivery_create(const lectern_course *course, const char *plan_id,
                            uint64_t start_ms, lectern_delivery **out, lectern_error *err)
{
    lectern_delivery *d = NULL;
    if (out)
        *out = NULL;
    if (!course || !plan_id || !out)
        return lectern_error_set(err, LECTERN_EINVAL, "delivery: missing course, plan id or output");
    const lectern_plan *p = lectern_course_find_plan(course, plan_id);
    if (!p) {
        char ids[512] = "";
        size_t len = 0;
        for (size_t i = 0; i < lectern_course_n_plans(course) && len + 1 < sizeof ids; i++) {
            int w = snprintf(ids + len, sizeof ids - len, "%s%s", i ? ", " : "",
                             lectern_course_plan(course, i)->id);
            if (w < 0)
                break;
            len += (size_t)w;
        }
        return lectern_error_set(err, LECTERN_ENOTFOUND, "%s: no plan \"%.80s\"; plans in the course: %s",
                                 lectern_course_id(course), plan_id, ids[0] ? ids : "none");
    }
    if (p->n_segments == 0)
        return lectern_error_set(err, LECTERN_EINVAL, "plans/%s.json: the plan has no segments", p->id);
    d = calloc(1, sizeof *d);
    if (!d)
        goto oom;
    d->c = course;
    d->p = p;
    d->n = p->n_segments;
    d->segs = calloc(d->n, sizeof *d->segs);
    d->rows = calloc(d->n, sizeof *d->rows);
    if (!d->segs || !d->rows)
        goto oom;
    for (size_t i = 0; i < d->n; i++) {
        dl_seg *s = &d->segs[i];
        s->planned_ms = s->original_ms = dl_min_to_ms(p->segments[i].minutes);
        s->min_ms = dl_min_to_ms(p->segments[i].min_minutes);
        if (s->min_ms > s->planned_ms)
            s->min_ms = s->planned_ms;
        s->first_start_ms = LECTERN_DELIVERY_NO_TIME;
        s->state = LECTERN_SEGSTATE_PENDING;
        d->planned_total_ms += s->planned_ms;
    }
    d->start_ms = d->last_ms = clamp_now(start_ms);
    d->segs[0].state = LECTERN_SEGSTATE_CURRENT;
    d->segs[0].first_start_ms = d->start_ms;
    d->attendance = -1;
    *out = d;
    return 0;
oom:
    lectern_delivery_destroy(d);
    return lectern_error_set(err, LECTERN_ENOMEM, "delivery: out of memory");
}

void lectern_delivery_destroy(lectern_delivery *d)
{
    if (!d)
        return;
    free(d->segs);
    free(d->rows);
    free(d->pauses);
    free(d->replans);
    free(d->resumes);
    free(d->lang);
    free(d);
}

void lectern_delivery_set_wall_start(lectern_delivery *d, int64_t wall_start_epoch_ms)
{
    d->has_wall = 1;
    d->wall_start = wall_start_epoch_ms;
    d->has_wall_off = 1;
    d->wall_off = wall_start_epoch_ms - d->start_ms;
}

void lectern_delivery_set_wall_now(lectern_delivery *d, uint64_t now_ms, int64_t now_epoch_ms)
{
    int64_t t = dl_clock(d, now_ms);
    d->has_wall_off = 1;
    d->wall_off = now_epoch_ms - t;
    if (!d->has_wall) {
        d->has_wall = 1;
        d->wall_start = d->start_ms + d->wall_off;
    }
}

void lectern_delivery_set_rehearsal(lectern_delivery *d, int on)
{
    d->rehearsal = on ? 1 : 0;
}

void lectern_delivery_set_lang(lectern_delivery *d, const char *lang)
{
    char *copy = lang ? strdup(lang) : NULL;
    if (lang && !copy)
        return;  /* keep the old language on ENOMEM */
    free(d->lang);
    d->lang = copy;
}

void lectern_delivery_set_attendance(lectern_delivery *d, int n)
{
    d->attendance = n < 0 ? -1 : n;
}

/* ---- navigation ---- */

static size_t seg_items(const lectern_delivery *d, size_t i)
{
    return d->p->segments[i].n_items;
}

/* Next (dir 1) or previous (dir -1) segment from i that is not skipped; d->n when none. */
static size_t step_segment(const lectern_delivery *d, size_t i, int dir)
{
    for (;;) {
        if (dir > 0) {
            if (i + 1 >= d->n)
                return d->n;
            i++;
        } else {
            if (i == 0)
                return d->n;
            i--;
        }
        if (d->segs[i].state != LECTERN_SEGSTATE_SKIPPED)
            return i;
    }
}

/* Moves to segment j, item pos (the clock is accrued by the caller). */
static void enter(lectern_delivery *d, size_t j, size_t pos)
{
    dl_seg *old = &d->segs[d->cur];
    if (j != d->cur) {
        if (old->state == LECTERN_SEGSTATE_CURRENT)
            old->state = j > d->cur ? LECTERN_SEGSTATE_DONE : LECTERN_SEGSTATE_PENDING;
        if (old->actual_ms >= old->planned_ms)
            old->soon_fired = old->ended_fired = 1;  /* no stale flash when coming back */
    }
    d->cur = j;
    d->item_pos = pos;
    d->segs[j].state = LECTERN_SEGSTATE_CURRENT;
    if (d->segs[j].first_start_ms == LECTERN_DELIVERY_NO_TIME)
        d->segs[j].first_start_ms = d->last_ms;
}

int lectern_delivery_next_item(lectern_delivery *d, uint64_t now_ms)
{
    if (d->finished)
        return 0;
    accrue(d, now_ms);
    if (d->item_pos + 1 < seg_items(d, d->cur)) {
        d->item_pos++;
        return 1;
    }
    size_t j = step_segment(d, d->cur, 1);
    if (j >= d->n)
        return 0;
    enter(d, j, 0);
    return 1;
}

int lectern_delivery_prev_item(lectern_delivery *d, uint64_t now_ms)
{
    if (d->finished)
        return 0;
    accrue(d, now_ms);
    if (d->item_pos > 0) {
        d->item_pos--;
        return 1;
    }
    size_t j = step_segment(d, d->cur, -1);
    if (j >= d->n)
        return 0;
    size_t ni = seg_items(d, j);
    enter(d, j, ni ? ni - 1 : 0);
    return 1;
}

int lectern_delivery_next_segment(lectern_delivery *d, uint64_t now_ms)
{
    if (d->finished)
        return 0;
    accrue(d, now_ms);
    size_t j = step_segment(d, d->cur, 1);
    if (j >= d->n)
        return 0;
    enter(d, j, 0);
    return 1;
}

int lectern_delivery_prev_segment(lectern_delivery *d, uint64_t now_ms)
{
    if (d->finished)
        return 0;
    accrue(d, now_ms);
    size_t j = step_segment(d, d->cur, -1);
    if (j >= d->n)
        return 0;
    enter(d, j, 0);
    return 1;
}

int lectern_delivery_goto_segment(lectern_delivery *d, size_t index, uint64_t now_ms)
{
    if (index >= d->n)
        return LECTERN_ENOTFOUND;
    if (d->finished)
        return 0;
    accrue(d, now_ms);
    if (index == d->cur) {
        int changed = d->item_pos != 0;
        d->item_pos = 0;
        return changed;
    }
    enter(d, index, 0);
    return 1;
}

int lectern_delivery_goto_segment_id(lectern_delivery *d, const char *id, uint64_t now_ms)
{
    for (size_t i = 0; id && i < d->n; i++)
        if (strcmp(d->p->segments[i].id, id) == 0)
            return lectern_delivery_goto_segment(d, i, now_ms);
    return LECTERN_ENOTFOUND;
}

int lectern_delivery_goto_item(lectern_delivery *d, const char *item_id, uint64_t now_ms)
{
    if (!item_id)
        return LECTERN_EINVAL;
    for (size_t k = 0; k < d->n; k++) {
        size_t i = (d->cur + k) % d->n;
        const lectern_segment *s = &d->p->segments[i];
        for (size_t j = 0; j < s->n_items; j++) {
            if (strcmp(s->items[j], item_id) != 0)
                continue;
            if (d->finished)
                return 0;
            accrue(d, now_ms);
            if (i == d->cur && j == d->item_pos)
                return 0;
            enter(d, i, j);
            return 1;
        }
    }
    return LECTERN_ENOTFOUND;
}

/* ---- pauses ---- */

static int pause_begin(lectern_delivery *d, lectern_pause_reason reason)
{
    if (d->n_pauses == d->cap_pauses) {
        size_t cap = d->cap_pauses ? d->cap_pauses * 2 : 8;
        dl_pause *np = realloc(d->pauses, cap * sizeof *np);
        if (!np)
            return LECTERN_ENOMEM;
        d->pauses = np;
        d->cap_pauses = cap;
    }
    d->pauses[d->n_pauses++] = (dl_pause){d->last_ms, LECTERN_DELIVERY_NO_TIME, d->cur, reason};
    d->paused = 1;
    d->reason = reason;
    return 1;
}

static void pause_close(lectern_delivery *d)
{
    dl_pause *p = &d->pauses[d->n_pauses - 1];
    p->end_ms = d->last_ms;
    d->paused_closed_ms += p->end_ms - p->start_ms;
    d->paused = 0;
    d->reason = LECTERN_PAUSE_NONE;
}

int lectern_delivery_pause(lectern_delivery *d, uint64_t now_ms)
{
    if (d->finished || d->paused)
        return 0;
    accrue(d, now_ms);
    return pause_begin(d, LECTERN_PAUSE_PAUSE);
}

int lectern_delivery_resume(lectern_delivery *d, uint64_t now_ms)
{
    if (d->finished || !d->paused)
        return 0;
    accrue(d, now_ms);
    pause_close(d);
    return 1;
}

int lectern_delivery_toggle_pause(lectern_delivery *d, uint64_t now_ms)
{
    return d->paused ? lectern_delivery_resume(d, now_ms) : lectern_delivery_pause(d, now_ms);
}

int lectern_delivery_break_start(lectern_delivery *d, uint64_t now_ms)
{
    if (d->finished || (d->paused && d->reason == LECTERN_PAUSE_BREAK))
        return 0;
    accrue(d, now_ms);
    if (d->paused)
        pause_close(d);     /* a pause that turns into a break */
    return pause_begin(d, LECTERN_PAUSE_BREAK);
}

int lectern_delivery_break_end(lectern_delivery *d, uint64_t now_ms)
{
    return lectern_delivery_resume(d, now_ms);
}

/* ---- skip, extend, end ---- */

int lectern_delivery_end(lectern_delivery *d, uint64_t now_ms)
{
    if (d->finished)
        return 0;
    accrue(d, now_ms);
    if (d->paused)
        pause_close(d);
    if (d->segs[d->cur].state == LECTERN_SEGSTATE_CURRENT)
        d->segs[d->cur].state = LECTERN_SEGSTATE_DONE;
    d->end_ms = d->last_ms;
    d->finished = 1;
    return 1;
}

int lectern_delivery_skip_segment(lectern_delivery *d, uint64_t now_ms)
{
    if (d->finished)
        return 0;
    accrue(d, now_ms);
    size_t old = d->cur;
    size_t j = step_segment(d, d->cur, 1);
    d->segs[old].state = LECTERN_SEGSTATE_SKIPPED;
    d->segs[old].skipped_by_replan = 0;
    if (j >= d->n) {
        lectern_delivery_end(d, now_ms);
        return 1;
    }
    enter(d, j, 0);
    return 1;
}

int lectern_delivery_extend(lectern_delivery *d, double minutes, uint64_t now_ms)
{
    if (!isfinite(minutes) || fabs(minutes) > 100000)
        return LECTERN_EINVAL;
    if (d->finished)
        return 0;
    accrue(d, now_ms);
    dl_seg *s = &d->segs[d->cur];
    int64_t before = s->planned_ms;
    s->planned_ms += dl_min_to_ms(minutes);
    if (s->planned_ms < 0)
        s->planned_ms = 0;
    s->extended_ms += s->planned_ms - before;
    int64_t left = s->planned_ms - s->actual_ms;
    if (left > 0)
        s->ended_fired = 0;
    if (left > LECTERN_DELIVERY_ENDING_SOON_MS)
        s->soon_fired = 0;
    return s->planned_ms != before;
}

/* ---- the view ---- */

int dl_has_slack(const lectern_delivery *d, int64_t t)
{
    for (size_t i = 0; i < d->n; i++) {
        if (i == d->cur || d->segs[i].state != LECTERN_SEGSTATE_PENDING)
            continue;
        int64_t left = dl_left(d, i, t);
        if (left <= 0)
            continue;
        if (d->p->segments[i].optional)
            return 1;
        int64_t floor = d->segs[i].min_ms > d->segs[i].actual_ms ? d->segs[i].min_ms : d->segs[i].actual_ms;
        if (d->segs[i].planned_ms - floor >= 60000)
            return 1;
    }
    return 0;
}

static const lectern_item *find_item(const lectern_delivery *d, size_t seg, size_t pos)
{
    const lectern_segment *s = &d->p->segments[seg];
    return pos < s->n_items ? lectern_course_find_item(d->c, s->items[pos]) : NULL;
}

void lectern_delivery_get_view(lectern_delivery *d, uint64_t now_ms, lectern_delivery_view *v)
{
    int64_t t = dl_clock(d, now_ms);
    memset(v, 0, sizeof *v);
    v->course = d->c;
    v->plan = d->p;
    v->rehearsal = d->rehearsal;
    v->finished = d->finished;
    v->now_ms = (uint64_t)t;

    v->current = d->cur;
    v->segment = &d->p->segments[d->cur];
    v->item_pos = d->item_pos;
    v->item = find_item(d, d->cur, d->item_pos);
    v->next_item_segment = SIZE_MAX;
    if (d->item_pos + 1 < seg_items(d, d->cur)) {
        v->next_item = find_item(d, d->cur, d->item_pos + 1);
        v->next_item_segment = d->cur;
    } else {
        for (size_t j = step_segment(d, d->cur, 1); j < d->n; j = step_segment(d, j, 1)) {
            if (seg_items(d, j)) {
                v->next_item = find_item(d, j, 0);
                v->next_item_segment = j;
                break;
            }
        }
    }
    size_t ns = step_segment(d, d->cur, 1);
    v->next_segment = ns < d->n ? &d->p->segments[ns] : NULL;

    dl_seg *cs = &d->segs[d->cur];
    v->segment_planned_ms = cs->planned_ms;
    v->segment_elapsed_ms = dl_actual(d, d->cur, t);
    v->remaining_ms = v->segment_planned_ms - v->segment_elapsed_ms;
    v->overtime = v->remaining_ms < 0;
    int64_t soon = LECTERN_DELIVERY_ENDING_SOON_MS;
    if (cs->planned_ms < 2 * soon)
        soon = cs->planned_ms / 2;
    if (!d->finished) {
        v->ending_soon = v->remaining_ms > 0 && v->remaining_ms <= soon;
        if (v->ending_soon && !cs->soon_fired) {
            cs->soon_fired = 1;
            v->events |= LECTERN_DELIVERY_EV_ENDING_SOON;
        }
        if (v->remaining_ms <= 0 && !cs->ended_fired) {
            cs->ended_fired = cs->soon_fired = 1;
            v->events |= LECTERN_DELIVERY_EV_SEGMENT_ENDED;
        }
    }

    v->paused = d->paused;
    v->pause_reason = d->paused ? d->reason : LECTERN_PAUSE_NONE;
    if (d->paused && d->n_pauses)
        v->pause_ms = t - d->pauses[d->n_pauses - 1].start_ms;
    v->paused_total_ms = dl_paused_total(d, t);

    v->elapsed_ms = t - d->start_ms;
    v->active_ms = v->elapsed_ms - v->paused_total_ms;
    v->planned_total_ms = d->planned_total_ms;
    v->planned_end_ms = d->start_ms + d->planned_total_ms;
    v->projected_end_ms = dl_projected_end(d, t);
    v->pace_ms = v->projected_end_ms - v->planned_end_ms;
    if (v->pace_ms >= LECTERN_DELIVERY_PACE_TOLERANCE_MS)
        v->pace = LECTERN_PACE_BEHIND;
    else if (v->pace_ms <= -LECTERN_DELIVERY_PACE_TOLERANCE_MS)
        v->pace = LECTERN_PACE_AHEAD;
    else
        v->pace = LECTERN_PACE_ON_TIME;
    v->can_replan = !d->finished && v->pace == LECTERN_PACE_BEHIND && dl_has_slack(d, t);

    v->has_wall = d->has_wall_off;
    if (d->has_wall_off) {
        int64_t off = d->wall_off;
        v->now_epoch_ms = t + off;
        v->start_epoch_ms = d->wall_start;
        v->planned_end_epoch_ms = v->planned_end_ms + off;
        v->projected_end_epoch_ms = v->projected_end_ms + off;
    }

    /* segment rows, with projected starts for what lies ahead */
    int64_t ahead = t + (d->finished ? 0 : dl_left(d, d->cur, t));
    for (size_t i = 0; i < d->n; i++) {
        const dl_seg *s = &d->segs[i];
        lectern_delivery_segment_view *r = &d->rows[i];
        r->seg = &d->p->segments[i];
        r->state = s->state;
        r->planned_ms = s->planned_ms;
        r->original_ms = s->original_ms;
        r->actual_ms = dl_actual(d, i, t);
        r->overtime = r->actual_ms > r->planned_ms;
        r->replanned = s->replanned;
        r->start_ms = s->first_start_ms;
        if (s->state == LECTERN_SEGSTATE_SKIPPED) {
            r->start_ms = LECTERN_DELIVERY_NO_TIME;
        } else if (s->state == LECTERN_SEGSTATE_PENDING && i > d->cur) {
            r->start_ms = ahead;
            ahead += dl_left(d, i, t);
        }
    }
    v->n_segments = d->n;
    v->segments = d->rows;
}

/* ---- commands as data ---- */

static const char *const dcmd_names[LECTERN_DCMD_COUNT] = {
    [LECTERN_DCMD_NONE] = "none",
    [LECTERN_DCMD_NEXT] = "next",
    [LECTERN_DCMD_PREV] = "prev",
    [LECTERN_DCMD_NEXT_SEGMENT] = "next-segment",
    [LECTERN_DCMD_PREV_SEGMENT] = "prev-segment",
    [LECTERN_DCMD_GOTO_SEGMENT] = "goto-segment",
    [LECTERN_DCMD_GOTO_ITEM] = "goto-item",
    [LECTERN_DCMD_PAUSE] = "pause",
    [LECTERN_DCMD_RESUME] = "resume",
    [LECTERN_DCMD_TOGGLE_PAUSE] = "toggle-pause",
    [LECTERN_DCMD_BREAK] = "break",
    [LECTERN_DCMD_BREAK_END] = "break-end",
    [LECTERN_DCMD_SKIP] = "skip",
    [LECTERN_DCMD_EXTEND] = "extend",
    [LECTERN_DCMD_ACCEPT] = "accept",
    [LECTERN_DCMD_END] = "end",
};

const char *lectern_dcmd_name(lectern_dcmd_kind k)
{
    return lectern_cmdtext_name(dcmd_names, LECTERN_DCMD_COUNT, (int)k);
}

int lectern_dcmd_parse(const char *text, lectern_dcmd *out, lectern_error *err)
{
    char name[32];
    memset(out, 0, sizeof *out);
    const char *p = lectern_cmdtext_word(text, name, sizeof name);
    size_t alen = lectern_cmdtext_trimmed_len(p);
    int k = lectern_cmdtext_find(dcmd_names, LECTERN_DCMD_COUNT, name);
    if (k < 0)
        return lectern_error_set(err, LECTERN_EINVAL,
                                 "unknown delivery command \"%.31s\"; use next, prev, next-segment, prev-segment, "
                                 "goto-segment ID, goto-item ID, pause, resume, toggle-pause, break, break-end, "
                                 "skip, extend MINUTES, accept or end", name);
    out->kind = (lectern_dcmd_kind)k;
    int wants = k == LECTERN_DCMD_GOTO_SEGMENT || k == LECTERN_DCMD_GOTO_ITEM ? 2
                : k == LECTERN_DCMD_EXTEND ? 1 : 0;
    if (!wants && alen)
        return lectern_error_set(err, LECTERN_EINVAL, "%s takes no argument (got \"%.*s\")", name, (int)(alen > 40 ? 40 : alen), p);
    if (wants && !alen)
        return lectern_error_set(err, LECTERN_EINVAL, "%s needs an argument: %s", name,
                                 wants == 1 ? "minutes, e.g. \"extend 5\"" : "an id, e.g. \"goto-segment intro\"");
    if (wants == 2) {
        if (alen >= sizeof out->id)
            return lectern_error_set(err, LECTERN_EINVAL, "%s: id longer than %zu bytes", name, sizeof out->id - 1);
        memcpy(out->id, p, alen);
        out->id[alen] = '\0';
    } else if (wants == 1) {
        char num[64];
        char *end;
        if (alen >= sizeof num)
            return lectern_error_set(err, LECTERN_EINVAL, "%s: bad number", name);
        memcpy(num, p, alen);
        num[alen] = '\0';
        errno = 0;
        out->n = strtod(num, &end);
        if (errno || *end || !isfinite(out->n) || fabs(out->n) > 100000)
            return lectern_error_set(err, LECTERN_EINVAL, "%s: \"%s\" is not a number of minutes", name, num);
    }
    return 0;
}

int lectern_delivery_handle(lectern_delivery *d, const lectern_dcmd *cmd, uint64_t now_ms)
{
    switch (cmd->kind) {
    case LECTERN_DCMD_NEXT: return lectern_delivery_next_item(d, now_ms);
    case LECTERN_DCMD_PREV: return lectern_delivery_prev_item(d, now_ms);
    case LECTERN_DCMD_NEXT_SEGMENT: return lectern_delivery_next_segment(d, now_ms);
    case LECTERN_DCMD_PREV_SEGMENT: return lectern_delivery_prev_segment(d, now_ms);
    case LECTERN_DCMD_GOTO_SEGMENT: {
        int r = lectern_delivery_goto_segment_id(d, cmd->id, now_ms);
        if (r == LECTERN_ENOTFOUND) {
            char *end;
            long n = strtol(cmd->id, &end, 10);
            if (*cmd->id && !*end && n >= 1)
                r = lectern_delivery_goto_segment(d, (size_t)(n - 1), now_ms);
        }
        return r;
    }
    case LECTERN_DCMD_GOTO_ITEM: return lectern_delivery_goto_item(d, cmd->id, now_ms);
    case LECTERN_DCMD_PAUSE: return lectern_delivery_pause(d, now_ms);
    case LECTERN_DCMD_RESUME: return lectern_delivery_resume(d, now_ms);
    case LECTERN_DCMD_TOGGLE_PAUSE: return lectern_delivery_toggle_pause(d, now_ms);
    case LECTERN_DCMD_BREAK: return lectern_delivery_break_start(d, now_ms);
    case LECTERN_DCMD_BREAK_END: return lectern_delivery_break_end(d, now_ms);
    case LECTERN_DCMD_SKIP: return lectern_delivery_skip_segment(d, now_ms);
    case LECTERN_DCMD_EXTEND: return lectern_delivery_extend(d, cmd->n, now_ms);
    case LECTERN_DCMD_ACCEPT: {
        lectern_delivery_suggestion s;
        int r = lectern_delivery_suggest(d, now_ms, &s, NULL);
        if (r < 0)
            return r;
        r = lectern_delivery_accept(d, now_ms, &s);
        lectern_delivery_suggestion_free(&s);
        return r > 0;
    }
    case LECTERN_DCMD_END: return lectern_delivery_end(d, now_ms);
    default: return LECTERN_EINVAL;
    }
}

/* ---- formatting ---- */

char *lectern_delivery_format_ms(int64_t ms, char *buf, size_t n)
{
    int neg = ms < 0;
    uint64_t a = neg ? (uint64_t)(-(ms + 1)) + 1 : (uint64_t)ms;
    uint64_t s = (a + 999) / 1000;
    if (s >= 3600)
        snprintf(buf, n, "%s%llu:%02llu:%02llu", neg ? "-" : "", (unsigned long long)(s / 3600),
                 (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
    else
        snprintf(buf, n, "%s%llu:%02llu", neg ? "-" : "", (unsigned long long)(s / 60),
                 (unsigned long long)(s % 60));
    return buf;
}

char *lectern_delivery_format_utc(int64_t epoch_ms, char *buf, size_t n)
{
    time_t secs = (time_t)(epoch_ms >= 0 ? epoch_ms / 1000 : (epoch_ms - 999) / 1000);
    struct tm tm;
    if (!gmtime_r(&secs, &tm) || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, n, "?");
    return buf;
}

const char *lectern_segstate_name(lectern_segstate s)
{
    static const char *const names[] = {"pending", "current", "done", "skipped"};
    return (int)s >= 0 && (int)s < 4 ? names[s] : "?";
}

const char *lectern_pace_name(lectern_pace p)
{
    static const char *const names[] = {"on_time", "ahead", "behind"};
    return (int)p >= 0 && (int)p < 3 ? names[p] : "?";
}
