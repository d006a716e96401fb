/* Private state of a lectern_delivery, shared by delivery.c (state and
 * timing), delivery_replan.c, delivery_rehearsal.c and delivery_log.c. */
#ifndef LECTERN_DELIVERY_INTERNAL_H
#define LECTERN_DELIVERY_INTERNAL_H

#include "lectern/delivery.h"

typedef struct dl_seg {
    int64_t planned_ms;         /* after re-plan and extensions */
    int64_t original_ms;
    int64_t min_ms;
    int64_t actual_ms;          /* active time, accrued up to d->last_ms */
    int64_t extended_ms;        /* sum of extensions */
    int64_t first_start_ms;     /* session ms when first entered; LECTERN_DELIVERY_NO_TIME: never */
    lectern_segstate state;
    int replanned;              /* shortened by an accepted suggestion */
    int skipped_by_replan;      /* 2 the budget planner, 1 replan, 0 the trainer (when SKIPPED) */
    int soon_fired, ended_fired;
} dl_seg;

typedef struct dl_pause {
    int64_t start_ms, end_ms;   /* end LECTERN_DELIVERY_NO_TIME while in progress */
    size_t segment;
    lectern_pause_reason reason;
} dl_pause;

typedef struct dl_replan {
    int64_t at_ms;
    int64_t behind_ms, saves_ms;
    int n_skipped, n_shortened;
    int feasible;
} dl_replan;

struct lectern_delivery {
    const lectern_course *c;
    const lectern_plan *p;
    size_t n;
    dl_seg *segs;
    lectern_delivery_segment_view *rows;   /* filled by get_view */
    size_t cur, item_pos;
    int64_t start_ms, last_ms, end_ms;
    int finished;
    int paused;
    lectern_pause_reason reason;
    int64_t paused_closed_ms;   /* pauses that ended */
    dl_pause *pauses;
    size_t n_pauses, cap_pauses;
    dl_replan *replans;
    size_t n_replans, cap_replans;
    int has_wall;               /* wall_start known (the log's start) */
    int64_t wall_start;         /* epoch ms at start_ms */
    int has_wall_off;           /* the view's wall clock is known */
    int64_t wall_off;           /* epoch ms - session ms, for the view */
    int64_t *resumes;           /* session ms of each restore (log) */
    size_t n_resumes;
    int rehearsal;
    char *lang;
    int attendance;
    int64_t planned_total_ms;
    double budget_minutes;      /* planned to a budget (lectern_delivery_apply_budget); 0: no */
    int budget_days;
    double budget_day_minutes;
};

int64_t dl_min_to_ms(double minutes);
/* The clock clamped to be monotonic (and to the end time when finished). */
int64_t dl_clock(const lectern_delivery *d, uint64_t now_ms);
/* Active time of segment i at time t (adds the unaccrued part for the current one). */
int64_t dl_actual(const lectern_delivery *d, size_t i, int64_t t);
/* Planned time still ahead in segment i at time t: max(0, planned - actual). */
int64_t dl_left(const lectern_delivery *d, size_t i, int64_t t);
/* Paused time up to t, the pause in progress included. */
int64_t dl_paused_total(const lectern_delivery *d, int64_t t);
int64_t dl_projected_end(const lectern_delivery *d, int64_t t);
/* Segment title in the delivery's language. */
const char *dl_title(const lectern_delivery *d, size_t i);
/* 1 when an accepted suggestion could still change a pending segment. */
int dl_has_slack(const lectern_delivery *d, int64_t t);
/* "20 min", "1.5 min", "45 s" for reasons. */
void dl_fmt_minutes(int64_t ms, char *buf, size_t n);
/* The same through a translation hook (delivery_words.c; NULL: English). */
void dl_fmt_minutes_tr(int64_t ms, lectern_translate tr, void *user, char *buf, size_t n);
/* Records an accepted re-plan (for the log); silently drops it on ENOMEM. */
void dl_note_replan(lectern_delivery *d, const dl_replan *r);

#endif
