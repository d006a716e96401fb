/* Trainer mode core: delivering a timed lesson plan (issue 7). A
 * lectern_delivery walks the segments of one plan and the items inside
 * them, keeps per-segment timing on an injected monotonic clock (session
 * milliseconds; core never reads the wall clock), tracks pauses separately,
 * computes countdown, projected end and pace, proposes re-plans when the
 * session runs late, proposes planned minutes after a rehearsal, and writes
 * a delivery log (JSON and CSV). The presenter view is drawn entirely from
 * the read-only lectern_delivery_view.
 *
 *   lectern_delivery *d;
 *   if (lectern_delivery_create(course, "awareness-1h", now_ms, &d, &err) < 0) ...
 *   lectern_delivery_set_wall_start(d, epoch_ms_at_now);    // optional
 *   lectern_delivery_next_item(d, now_ms);                  // keys -> commands
 *   lectern_delivery_view v; lectern_delivery_get_view(d, now_ms, &v);
 *   if (v.events & LECTERN_DELIVERY_EV_SEGMENT_ENDED) flash();
 *   if (v.pace == LECTERN_PACE_BEHIND && v.can_replan) {
 *       lectern_delivery_suggestion s;
 *       lectern_delivery_suggest(d, now_ms, &s, &err);      // show s.summary, s.changes[i].reason
 *       lectern_delivery_accept(d, now_ms, &s);             // one key
 *       lectern_delivery_suggestion_free(&s);
 *   }
 *   char *json; lectern_delivery_log_json(d, now_ms, &json, &err); ... free(json);
 *   lectern_delivery_destroy(d);
 *
 * Timing rules (documented for authors in courses/README.md):
 * - active time = elapsed - paused; only active time counts toward the
 *   current segment. A pause (or an unplanned break) survives navigation.
 * - a segment becomes done when the trainer moves forward out of it; moving
 *   back makes it current again (its time keeps adding up); segments jumped
 *   over with goto stay pending. Next/prev step over skipped segments.
 * - planned end = start + the plan's segment minutes (fixed); projected end
 *   = now + what is left of the current segment + the planned minutes left
 *   in every pending segment; pace = projected end - planned end. */
#ifndef LECTERN_DELIVERY_H
#define LECTERN_DELIVERY_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/budget.h"
#include "lectern/translate.h"
#include "lectern/course.h"
#include "lectern/error.h"

typedef struct lectern_delivery lectern_delivery;

#define LECTERN_DELIVERY_ENDING_SOON_MS 60000   /* "ending soon" before a segment ends
                                                   (half the segment when shorter than 2 min) */
#define LECTERN_DELIVERY_PACE_TOLERANCE_MS 60000 /* |pace| below this counts as on time */
#define LECTERN_DELIVERY_REASON_MAX 320
#define LECTERN_DELIVERY_NO_TIME INT64_MIN          /* a time that does not exist (never started) */

typedef enum {
    LECTERN_SEGSTATE_PENDING = 0,   /* not started yet, or jumped over, or left backwards */
    LECTERN_SEGSTATE_CURRENT,
    LECTERN_SEGSTATE_DONE,
    LECTERN_SEGSTATE_SKIPPED
} lectern_segstate;

typedef enum {
    LECTERN_PACE_ON_TIME = 0,       /* |pace_ms| < LECTERN_DELIVERY_PACE_TOLERANCE_MS */
    LECTERN_PACE_AHEAD,
    LECTERN_PACE_BEHIND
} lectern_pace;

typedef enum {
    LECTERN_PAUSE_NONE = 0,
    LECTERN_PAUSE_PAUSE,            /* the trainer paused (questions, an interruption) */
    LECTERN_PAUSE_BREAK             /* an unplanned break */
} lectern_pause_reason;

/* Edge-triggered events in lectern_delivery_view.events: each fires once per
 * segment (extending a segment re-arms them). */
enum {
    LECTERN_DELIVERY_EV_ENDING_SOON = 1u << 0,   /* the countdown entered the last minute */
    LECTERN_DELIVERY_EV_SEGMENT_ENDED = 1u << 1  /* the countdown reached 0: flash / sound */
};

/* One row of the presenter's segment list. */
typedef struct lectern_delivery_segment_view {
    const lectern_segment *seg;     /* the plan's segment: title, kind, notes, items ... */
    lectern_segstate state;
    int64_t planned_ms;             /* planned now (after re-plan and extensions) */
    int64_t original_ms;            /* from the plan file */
    int64_t actual_ms;              /* active time spent in it so far */
    int64_t start_ms;               /* session ms (may be negative after a restore): when it
                                       started (done/current) or is projected to start
                                       (pending after the current one); LECTERN_DELIVERY_NO_TIME
                                       for skipped ones and ones jumped over */
    int overtime;                   /* actual > planned */
    int replanned;                  /* shortened by an accepted suggestion */
} lectern_delivery_segment_view;

/* Everything the presenter view draws. Pointers stay valid until the next
 * call on the delivery (any command, view, accept) or destroy. Times are
 * session milliseconds of the injected clock unless named *_epoch_ms. */
typedef struct lectern_delivery_view {
    const lectern_course *course;
    const lectern_plan *plan;
    int rehearsal;                  /* lectern_delivery_set_rehearsal */
    int finished;                   /* lectern_delivery_end was called: the clock stopped */
    uint64_t now_ms;                /* the clock used (clamped to be monotonic; end time when finished) */

    /* where we are */
    size_t current;                 /* index of the current segment */
    const lectern_segment *segment; /* == plan->segments + current */
    size_t item_pos;                /* position in segment->items (0 when it has none) */
    const lectern_item *item;       /* current item; NULL for a segment without items */
    const lectern_item *next_item;  /* next item, crossing segment boundaries; NULL at the end */
    size_t next_item_segment;       /* segment of next_item (SIZE_MAX when none) */
    const lectern_segment *next_segment; /* next segment that is not skipped; NULL when last */

    /* the current segment's countdown */
    int64_t segment_planned_ms;
    int64_t segment_elapsed_ms;     /* active time in it */
    int64_t remaining_ms;           /* planned - elapsed; negative = overtime */
    int overtime;
    int ending_soon;                /* 0 < remaining <= LECTERN_DELIVERY_ENDING_SOON_MS (level) */
    unsigned events;                /* LECTERN_DELIVERY_EV_* fired by this call (edges) */

    /* pauses */
    int paused;
    lectern_pause_reason pause_reason;
    int64_t pause_ms;               /* length of the pause in progress */
    int64_t paused_total_ms;        /* all pauses and breaks, including the one in progress */

    /* the session clock and the end */
    int64_t elapsed_ms;             /* since start, pauses included */
    int64_t active_ms;              /* elapsed - paused_total */
    int64_t planned_total_ms;       /* the plan's segment minutes */
    int64_t planned_end_ms;         /* start + planned_total */
    int64_t projected_end_ms;
    int64_t pace_ms;                /* projected - planned end: > 0 behind, < 0 ahead */
    lectern_pace pace;
    int can_replan;                 /* behind, and some pending segment could be skipped or shortened */

    /* wall clock: valid when has_wall (lectern_delivery_set_wall_start/_now) */
    int has_wall;
    int64_t now_epoch_ms;
    int64_t start_epoch_ms;         /* when the delivery began (before any restore) */
    int64_t planned_end_epoch_ms;
    int64_t projected_end_epoch_ms;

    size_t n_segments;
    const lectern_delivery_segment_view *segments;
} lectern_delivery_view;

/* Starts delivering plan `plan_id` of `course` (borrowed; must outlive the
 * delivery) at session time start_ms, on the first segment and its first
 * item, not paused. LECTERN_ENOTFOUND (message lists the plan ids) when the
 * course has no such plan, LECTERN_EINVAL for NULL arguments,
 * LECTERN_ENOMEM. Free with lectern_delivery_destroy. */
int lectern_delivery_create(const lectern_course *course, const char *plan_id,
                            uint64_t start_ms, lectern_delivery **out, lectern_error *err);

/* Frees the delivery. NULL is fine. */
void lectern_delivery_destroy(lectern_delivery *d);

/* The wall-clock time (Unix epoch ms, from the caller) at session time
 * start_ms; enables the *_epoch_ms fields of the view and the start time
 * of the log. */
void lectern_delivery_set_wall_start(lectern_delivery *d, int64_t wall_start_epoch_ms);
/* The wall-clock time at session time now_ms: sets the view's wall clock
 * only (and the log's start when it was unknown). Use it after
 * lectern_delivery_restore, where the log keeps the original start. */
void lectern_delivery_set_wall_now(lectern_delivery *d, uint64_t now_ms, int64_t now_epoch_ms);
/* Marks the delivery as a rehearsal (shown in the log); default off. */
void lectern_delivery_set_rehearsal(lectern_delivery *d, int on);
/* Language for segment titles in reasons and logs (default: the course's
 * first language). The string is copied; NULL restores the default. */
void lectern_delivery_set_lang(lectern_delivery *d, const char *lang);
/* Number of people attending (logged); negative = unknown (the default). */
void lectern_delivery_set_attendance(lectern_delivery *d, int n);

/* Commands. Each takes the clock, returns 1 when something changed, 0 when
 * the command does nothing here (next on the last item, resume when not
 * paused, any command after end), or a negative code: LECTERN_ENOTFOUND for
 * an unknown segment/item, LECTERN_EINVAL for a bad argument. */
/* Next item of the segment, else the first item of the next segment that is
 * not skipped (a segment without items is a stop too). 0 on the last one. */
int lectern_delivery_next_item(lectern_delivery *d, uint64_t now_ms);
/* Previous item, else the last item of the previous segment not skipped. */
int lectern_delivery_prev_item(lectern_delivery *d, uint64_t now_ms);
/* First item of the next / previous segment that is not skipped. */
int lectern_delivery_next_segment(lectern_delivery *d, uint64_t now_ms);
int lectern_delivery_prev_segment(lectern_delivery *d, uint64_t now_ms);
/* Goes to segment `index` (0-based), first item. Un-skips it if skipped. */
int lectern_delivery_goto_segment(lectern_delivery *d, size_t index, uint64_t now_ms);
int lectern_delivery_goto_segment_id(lectern_delivery *d, const char *id, uint64_t now_ms);
/* Goes to the first segment (from the current one onwards, then from the
 * start) that covers item `item_id`. */
int lectern_delivery_goto_item(lectern_delivery *d, const char *item_id, uint64_t now_ms);
/* Pauses the clock of the segments (not the session clock); navigation
 * keeps the pause. 0 when already paused. LECTERN_ENOMEM. */
int lectern_delivery_pause(lectern_delivery *d, uint64_t now_ms);
/* Ends a pause or a break. 0 when not paused. */
int lectern_delivery_resume(lectern_delivery *d, uint64_t now_ms);
int lectern_delivery_toggle_pause(lectern_delivery *d, uint64_t now_ms);
/* An unplanned break: a pause logged as a break; break_end resumes. */
int lectern_delivery_break_start(lectern_delivery *d, uint64_t now_ms);
int lectern_delivery_break_end(lectern_delivery *d, uint64_t now_ms);
/* Marks the current segment skipped and goes to the next one that is not
 * skipped. On the last segment: marks it skipped and ends the delivery. */
int lectern_delivery_skip_segment(lectern_delivery *d, uint64_t now_ms);
/* Adds `minutes` (may be negative; the planned time never goes below 0)
 * to the current segment's planned time. Re-arms its events. */
int lectern_delivery_extend(lectern_delivery *d, double minutes, uint64_t now_ms);
/* Ends the delivery: the current segment is done, the clock stops at now_ms
 * (a pause in progress is closed). Further commands return 0. */
int lectern_delivery_end(lectern_delivery *d, uint64_t now_ms);

/* Fills *v for time now_ms (smaller than an earlier clock: the earlier one
 * is used). The only state it changes is the once-per-segment event latch:
 * an edge shows in v->events of exactly one call. */
void lectern_delivery_get_view(lectern_delivery *d, uint64_t now_ms, lectern_delivery_view *v);

/* ---- commands as data (keymap, --script) ---- */

typedef enum {
    LECTERN_DCMD_NONE = 0,
    LECTERN_DCMD_NEXT,              /* next item */
    LECTERN_DCMD_PREV,
    LECTERN_DCMD_NEXT_SEGMENT,
    LECTERN_DCMD_PREV_SEGMENT,
    LECTERN_DCMD_GOTO_SEGMENT,      /* id: segment id, or a 1-based number */
    LECTERN_DCMD_GOTO_ITEM,         /* id: item id */
    LECTERN_DCMD_PAUSE,
    LECTERN_DCMD_RESUME,
    LECTERN_DCMD_TOGGLE_PAUSE,
    LECTERN_DCMD_BREAK,
    LECTERN_DCMD_BREAK_END,
    LECTERN_DCMD_SKIP,
    LECTERN_DCMD_EXTEND,            /* n: minutes (may be negative) */
    LECTERN_DCMD_ACCEPT,            /* suggest now and accept it */
    LECTERN_DCMD_END,
    LECTERN_DCMD_COUNT
} lectern_dcmd_kind;

typedef struct lectern_dcmd {
    lectern_dcmd_kind kind;
    double n;
    char id[128];
} lectern_dcmd;

/* "next", "next-segment", "goto-segment", "pause", "extend" ...; NULL when unknown. */
const char *lectern_dcmd_name(lectern_dcmd_kind k);
/* Parses "NAME [ARG]" ("extend 5", "goto-segment case-study", "break").
 * LECTERN_EINVAL with a message for an unknown name or bad argument. */
int lectern_dcmd_parse(const char *text, lectern_dcmd *out, lectern_error *err);
/* Applies a command (same return as the command functions). */
int lectern_delivery_handle(lectern_delivery *d, const lectern_dcmd *cmd, uint64_t now_ms);

/* ---- re-planning (delivery_replan.c) ---- */

typedef enum {
    LECTERN_CHANGE_SKIP = 0,
    LECTERN_CHANGE_SHORTEN
} lectern_change_kind;

typedef struct lectern_delivery_change {
    lectern_change_kind kind;
    size_t segment;                 /* index in the plan */
    const lectern_segment *seg;
    int64_t from_ms, to_ms;         /* planned before and after (to 0 for a skip) */
    int64_t saves_ms;
    int64_t min_ms;                 /* the segment's minimum (a shortening's floor) */
    char reason[LECTERN_DELIVERY_REASON_MAX]; /* "skip 'Case study' (optional, priority 3): saves 20 min" */
} lectern_delivery_change;

typedef struct lectern_delivery_suggestion {
    int64_t behind_ms;              /* pace when suggested (<= 0: nothing to do) */
    int64_t saves_ms;               /* total of the changes */
    int feasible;                   /* 1: the changes finish on (or before) the planned end */
    int64_t overrun_ms;             /* when not feasible: how late it still ends */
    lectern_delivery_change *changes; /* skips first, then shortenings */
    size_t n_changes;
    int ended;                      /* the session had ended: nothing to change */
    char summary[LECTERN_DELIVERY_REASON_MAX]; /* "Behind by 7 min: 2 changes finish on time" */
} lectern_delivery_suggestion;

/* Proposes the fewest changes, by the plan's priorities, that bring the
 * projected end back to the planned end: first skip optional pending
 * segments (highest priority number first), then shorten pending segments
 * towards min_minutes (optional ones first, then the rest, highest priority
 * number first), cutting whole minutes. The current segment is never
 * changed. When on time or ahead, no changes and feasible = 1. When even
 * every change is not enough, all of them are proposed, feasible = 0 and
 * overrun_ms says by how much it will still run over. *s must be freed with
 * lectern_delivery_suggestion_free. LECTERN_ENOMEM (s left empty). */
int lectern_delivery_suggest(lectern_delivery *d, uint64_t now_ms,
                             lectern_delivery_suggestion *s, lectern_error *err);
/* Applies a suggestion: skipped segments marked, shortened ones get their
 * new planned time; the plan re-flows. Changes to segments that are no
 * longer pending are ignored. Returns the number applied. */
int lectern_delivery_accept(lectern_delivery *d, uint64_t now_ms,
                            const lectern_delivery_suggestion *s);
/* Delivers the plan as fitted to a time budget (lectern/budget.h; bp made
 * from this delivery's plan and feasible): dropped segments are skipped (by
 * "budget" in the log), the kept ones get their budgeted minutes as planned,
 * and the planned end is start + the budgeted total. Only before the
 * delivery has moved or timed anything. The log records the budget, and
 * lectern_delivery_restore plans it again. LECTERN_EINVAL otherwise. */
int lectern_delivery_apply_budget(lectern_delivery *d, const lectern_budget_plan *bp);
/* delivery_words.c: a change's reason and a suggestion's summary from
 * their figures, through tr (lectern/translate.h; NULL: English, exactly
 * the reason and summary lectern_delivery_suggest writes); titles in the
 * delivery's language. Each returns buf. */
char *lectern_delivery_change_text(const lectern_delivery *d, const lectern_delivery_change *ch,
                                   lectern_translate tr, void *user, char *buf, size_t n);
char *lectern_delivery_suggestion_text(const lectern_delivery_suggestion *s, lectern_translate tr,
                                       void *user, char *buf, size_t n);
/* Frees the changes of a suggestion (the struct itself is the caller's). NULL is fine. */
void lectern_delivery_suggestion_free(lectern_delivery_suggestion *s);

/* ---- rehearsal (delivery_rehearsal.c) ---- */

typedef struct lectern_rehearsal_segment {
    const lectern_segment *seg;
    int rehearsed;                  /* 1: time was recorded; 0: kept as planned */
    double planned_minutes;         /* from the plan */
    double actual_minutes;          /* recorded (unrounded) */
    double proposed_minutes;        /* rounded: whole minutes (>= 1); 5-minute steps from 30 min */
    double proposed_min_minutes;    /* the plan's min_minutes, lowered to proposed when above it */
} lectern_rehearsal_segment;

typedef struct lectern_rehearsal_proposal {
    lectern_rehearsal_segment *segments;  /* one per plan segment, in order */
    size_t n_segments;
    double planned_total_minutes;
    double proposed_total_minutes;
} lectern_rehearsal_proposal;

/* Proposed planned minutes per segment from the time recorded so far
 * (segments done or current with time; skipped or never reached ones keep
 * their planned minutes). Free with lectern_rehearsal_proposal_free. */
int lectern_delivery_rehearsal_proposal(lectern_delivery *d, uint64_t now_ms,
                                        lectern_rehearsal_proposal *p, lectern_error *err);
/* Frees the segments of a proposal (the struct is the caller's). NULL is fine. */
void lectern_rehearsal_proposal_free(lectern_rehearsal_proposal *p);
/* The plan file (plans/<id>.json, re-read from the course's reader) with
 * "minutes", "min_minutes" and "total_minutes" replaced by the proposal;
 * every other field kept. *out is a new NUL-terminated string (free()). */
int lectern_delivery_rehearsal_plan_json(lectern_delivery *d, const lectern_rehearsal_proposal *p,
                                         char **out, lectern_error *err);

/* ---- delivery log (delivery_log.c) ---- */

/* The record of the session at now_ms as JSON (format in courses/README.md,
 * "Delivering a plan"): plan, course id and version, mode, start (ISO 8601
 * UTC when the wall start is known), per segment planned/actual/state,
 * pauses, re-plans, attendance. *out is a new string (free()). */
int lectern_delivery_log_json(lectern_delivery *d, uint64_t now_ms, char **out, lectern_error *err);
/* Continues a delivery from its JSON log (after the program was closed, or
 * overnight in a multi-day plan) at session time now_ms: position, segment
 * states and times, extensions, re-plans, skips, pauses (one in progress
 * goes on) and settings come back; the time between the log and now_ms is
 * not counted anywhere (the log lists each restore under "resumes"). Call
 * lectern_delivery_set_wall_now for the view's wall clock. Fails with
 * LECTERN_EJSON (line:column), LECTERN_ESCHEMA (missing field, another
 * course or a segment id the plan does not have), LECTERN_ENOTFOUND (no such
 * plan), LECTERN_EINVAL (the delivery had ended), LECTERN_EUNSUPPORTED
 * (newer log format), LECTERN_ENOMEM. */
int lectern_delivery_restore(const lectern_course *course, const char *log_json, uint64_t now_ms,
                             lectern_delivery **out, lectern_error *err);
/* The same as CSV (RFC 4180, header row): one "segment" row per segment,
 * one "pause" row per pause, one "total" row. */
int lectern_delivery_log_csv(lectern_delivery *d, uint64_t now_ms, char **out, lectern_error *err);

/* ---- formatting helpers for the presenter ---- */

/* "4:05", "-1:30", "1:02:03" (h:mm:ss from one hour). Part seconds round
 * away from zero, so a countdown shows 0:00 only at exactly 0 and overtime
 * shows as soon as it starts. Returns buf. */
char *lectern_delivery_format_ms(int64_t ms, char *buf, size_t n);
/* "2026-11-28T22:15:00Z" for an epoch ms. Returns buf. */
char *lectern_delivery_format_utc(int64_t epoch_ms, char *buf, size_t n);
const char *lectern_segstate_name(lectern_segstate s);   /* "pending", "current", "done", "skipped" */
const char *lectern_pace_name(lectern_pace p);           /* "on_time", "ahead", "behind" */

#endif
