/* Planning a lesson plan to a time budget (issue 7): from one of the
 * course's plans, a plan that fits `budget` minutes. Required segments are
 * always kept; optional ones are kept by priority (1 first, then plan order)
 * while every kept segment can still get at least LECTERN_BUDGET_KEEP_SHARE
 * of the way from its minimum to its planned minutes; the kept segments are
 * then scaled by one common share between minimum and planned, in whole
 * minutes, never above planned. A budget shorter than the required segments
 * at their minimum is infeasible and says the shortest possible length.
 * Multi-day budgets ("3d") plan each day of a plan whose segments carry
 * days to one day length; other plans are planned as one pool and split into
 * days at segment boundaries.
 *
 *   double min; int days;
 *   lectern_budget_parse("1h30", LECTERN_BUDGET_DAY_MINUTES, &min, &days, &err);
 *   lectern_budget_plan bp;
 *   int rc = lectern_budget_make(course, NULL, min, days, LECTERN_BUDGET_DAY_MINUTES, "en", &bp, &err);
 *   // rc == LECTERN_ELIMIT: bp.feasible == 0, bp.shortest_minutes, err.msg says why
 *   for (size_t i = 0; i < bp.n_segments; i++) puts(bp.segments[i].reason);
 *   lectern_budget_free(&bp);
 */
#ifndef LECTERN_BUDGET_H
#define LECTERN_BUDGET_H

#include <stddef.h>
#include "lectern/course.h"
#include "lectern/error.h"
#include "lectern/translate.h"

/* A training day: 7 h 30 on site = 6 h of teaching, 1 h lunch and two
 * 15-minute breaks (the sample's three-day plan is built on it). */
#define LECTERN_BUDGET_DAY_MINUTES 450.0
/* An optional segment is kept only when every kept segment still gets at
 * least this share of the way from its minimum to its planned minutes. */
#define LECTERN_BUDGET_KEEP_SHARE 0.4
#define LECTERN_BUDGET_REASON_MAX 320

typedef enum {
    LECTERN_BUDGET_KEEP = 0,      /* as planned */
    LECTERN_BUDGET_SHORTEN,       /* between its minimum and planned minutes */
    LECTERN_BUDGET_DROP
} lectern_budget_action;

/* Why a segment is kept, shortened or dropped: the reason as a code with
 * its parameters in the segment, for callers that say it in another
 * language (lectern_budget_reason_text). */
typedef enum {
    LECTERN_BUDGET_WHY_KEPT = 0,      /* as planned */
    LECTERN_BUDGET_WHY_SHORTENED,     /* from planned_minutes to minutes (min_minutes) */
    LECTERN_BUDGET_WHY_NO_FIT,        /* optional: even at its minimum it does not fit in pool_minutes */
    LECTERN_BUDGET_WHY_SHARE,         /* optional: keeping it would cut the kept ones below KEEP_SHARE */
    LECTERN_BUDGET_WHY_RANKS_AFTER    /* optional: it ranks after segment `after`, already dropped */
} lectern_budget_why;

typedef struct lectern_budget_segment {
    const lectern_segment *seg;
    size_t index;                 /* in the source plan */
    lectern_budget_action action;
    double planned_minutes, min_minutes;
    double minutes;               /* in the new plan; 0 when dropped */
    int day;                      /* 1-based; 0 when dropped */
    double start_minutes;         /* from the start of its day; 0 when dropped */
    char reason[LECTERN_BUDGET_REASON_MAX]; /* "dropped 'Case study' (optional, priority 2): ..." */
    lectern_budget_why why;       /* the reason as a code (feasible plans) */
    double pool_minutes;          /* WHY_NO_FIT: the time it was planned into (budget or day) */
    size_t after;                 /* WHY_RANKS_AFTER: index of the segment dropped first */
} lectern_budget_segment;

typedef struct lectern_budget_plan {
    const lectern_plan *from;
    double budget_minutes;
    int days;                     /* days the budget was given in (0: minutes or hours) */
    double day_minutes;
    int n_days;                   /* days of the new plan (1 for a one-session plan) */
    double *day_totals;           /* n_days entries */
    double total_minutes;         /* of the new plan */
    double shortest_minutes;      /* required segments at their minimum */
    double longest_minutes;       /* every segment as planned */
    int feasible;
    size_t n_kept, n_dropped, n_shortened;
    lectern_budget_segment *segments;   /* one per source segment, in order */
    size_t n_segments;
    char summary[LECTERN_BUDGET_REASON_MAX];
} lectern_budget_plan;

/* Parses a budget: "45", "45m", "45min", "90m", "1h", "1h30", "1h30m",
 * "2.5h", "3d" (days of day_minutes each; *days = 3, else 0). Parts add up
 * ("1d2h"). LECTERN_EINVAL with a message naming the text and the forms. */
int lectern_budget_parse(const char *text, double day_minutes, double *minutes, int *days,
                         lectern_error *err);

/* The plan --from would pick when none is given: among plans that can fit
 * the budget, the one with the smallest planned length at least the budget
 * (else the longest); when none can fit, the one with the shortest minimum.
 * NULL when the course has no plans. */
const lectern_plan *lectern_budget_choose_plan(const lectern_course *c, double budget_minutes, int days,
                                               double day_minutes);

/* Plans `from` (NULL: lectern_budget_choose_plan) to budget_minutes (days:
 * as parsed, 0 for minutes). lang: titles in reasons (NULL: the course's
 * default). Fills *out (free with lectern_budget_free) and returns 0 when it
 * fits; LECTERN_ELIMIT when the budget is too short (*out filled, feasible 0,
 * err names the plan, the budget, the shortest length and the day that does
 * not fit); LECTERN_ENOTFOUND when the course has no plans; LECTERN_EINVAL
 * for a budget <= 0; LECTERN_ENOMEM. */
int lectern_budget_make(const lectern_course *c, const lectern_plan *from, double budget_minutes, int days,
                        double day_minutes, const char *lang, lectern_budget_plan *out, lectern_error *err);

/* Frees what lectern_budget_make allocated (the struct is the caller's). */
void lectern_budget_free(lectern_budget_plan *bp);

/* "45 min", "1 h 30", "3 d" style length for messages, into buf. */
char *lectern_budget_format(double minutes, char *buf, size_t n);

/* budget_words.c: the planner's sentences in any language. tr translates
 * each English format (lectern/translate.h; NULL: English, exactly what
 * lectern_budget_make writes into reason and summary); lang picks the
 * titles. Each returns buf. */
/* Segment i's reason: "shortened 'Welcome' from 3 to 1 min (minimum 1 min)". */
char *lectern_budget_reason_text(const lectern_budget_plan *bp, const lectern_course *c, size_t i,
                                 const char *lang, lectern_translate tr, void *user, char *buf, size_t n);
/* A feasible plan's summary: "\"One-hour talk\" (1 h) fitted to 20 min: ...". */
char *lectern_budget_summary_text(const lectern_budget_plan *bp, const lectern_course *c, const char *lang,
                                  lectern_translate tr, void *user, char *buf, size_t n);
/* What the plan keeps, shortens and drops, each count with its noun in the
 * form its number takes: "4 segments kept (3 shortened), 1 dropped". */
char *lectern_budget_counts_text(const lectern_budget_plan *bp, lectern_translate tr, void *user, char *buf,
                                 size_t n);
/* lectern_budget_format through tr ("45 min", "1 h 30"). */
char *lectern_budget_format_tr(double minutes, lectern_translate tr, void *user, char *buf, size_t n);
/* "kept", "shortened", "no_fit", "share", "ranks_after" (the JSON "why"). */
const char *lectern_budget_why_name(lectern_budget_why why);

/* budget_agenda.c: the plan as JSON (format in courses/README.md) or as a
 * facilitator's agenda in Markdown (per day: start times from `start_hhmm`
 * minutes after midnight, e.g. 9*60, segment, kind, minutes, items,
 * materials, what was dropped). *out is a new string (free()). */
int lectern_budget_json(const lectern_budget_plan *bp, const lectern_course *c, const char *lang,
                        char **out, lectern_error *err);
int lectern_budget_agenda_md(const lectern_budget_plan *bp, const lectern_course *c, const char *lang,
                             int start_hhmm, char **out, lectern_error *err);
/* The Markdown agenda with its labels and sentences through tr (NULL:
 * English, as lectern_budget_agenda_md). */
int lectern_budget_agenda_md_tr(const lectern_budget_plan *bp, const lectern_course *c, const char *lang,
                                int start_hhmm, lectern_translate tr, void *user, char **out,
                                lectern_error *err);

#endif
