/* The budget planner (include/lectern/budget.h): parses budgets such as
 * "1h30" or "3d", picks a source plan, chooses the optional segments by
 * priority, scales the kept ones between minimum and planned minutes in
 * whole minutes, and says what it dropped or shortened and why. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget_internal.h"
#include "lectern/budget.h"

#define EPS 1e-6

char *lectern_budget_format(double minutes, char *buf, size_t n)
{
    return lectern_budget_format_tr(minutes, NULL, NULL, buf, n);
}

int lectern_budget_parse(const char *text, double day_minutes, double *minutes, int *days, lectern_error *err)
{
    const char *forms = lectern_error_tr("write minutes, hours or days, e.g. 20m, 45min, 90, 1h30, 2.5h, 3d");
    if (!text || !minutes || !days)
        return lectern_error_set(err, LECTERN_EINVAL, "budget: no text; %s", forms);
    double total = 0, ndays = 0;
    int only_days = 1, parts = 0;
    const char *p = text;
    char last = 0;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        if (!isdigit((unsigned char)*p) && *p != '.')
            goto bad;
        char *end;
        double v = strtod(p, &end);
        if (end == p || !isfinite(v) || v < 0)
            goto bad;
        p = end;
        while (*p == ' ')
            p++;
        char unit = 0;
        if (!strncmp(p, "min", 3)) {
            unit = 'm';
            p += 3;
        } else if (*p == 'm' || *p == 'h' || *p == 'd') {
            unit = *p++;
        } else if (*p == '\0') {
            unit = last == 'h' ? 'M' : 'm';   /* "1h30": the 30 is minutes */
        } else {
            goto bad;
        }
        if (unit == 'M' && (v >= 60 || v != floor(v)))
            goto bad;
        if (unit == 'd') {
            total += v * day_minutes;
            ndays += v;
        } else {
            total += unit == 'h' ? v * 60 : v;
            only_days = 0;
        }
        last = unit;
        parts++;
    }
    if (!parts)
        goto bad;
    if (total <= 0)
        return lectern_error_set(err, LECTERN_EINVAL, "budget \"%.40s\" is zero; %s", text, forms);
    if (total > 100 * day_minutes + 1)
        return lectern_error_set(err, LECTERN_EINVAL, "budget \"%.40s\" is more than 100 days", text);
    *minutes = total;
    *days = only_days && ndays == floor(ndays) ? (int)ndays : 0;
    return 0;
bad:
    return lectern_error_set(err, LECTERN_EINVAL, "budget \"%.40s\" is not a length; %s", text, forms);
}

/* ---------------------------------------------------------------- choosing */

static int plan_days(const lectern_plan *p)
{
    int d = 0;
    for (size_t i = 0; i < p->n_segments; i++)
        if (p->segments[i].day > d)
            d = p->segments[i].day;
    return d;
}

static void plan_range(const lectern_plan *p, double *shortest, double *longest)
{
    *shortest = *longest = 0;
    for (size_t i = 0; i < p->n_segments; i++) {
        *longest += p->segments[i].minutes;
        if (!p->segments[i].optional)
            *shortest += p->segments[i].min_minutes;
    }
}

const lectern_plan *lectern_budget_choose_plan(const lectern_course *c, double budget, int days, double day_minutes)
{
    (void)day_minutes;
    const lectern_plan *best = NULL, *fallback = NULL;
    double best_long = 0, fb_short = 0;
    int best_days_match = 0;
    for (size_t i = 0; i < lectern_course_n_plans(c); i++) {
        const lectern_plan *p = lectern_course_plan(c, i);
        double s, l;
        plan_range(p, &s, &l);
        if (!fallback || s < fb_short) {
            fallback = p;
            fb_short = s;
        }
        if (s > budget + EPS)
            continue;
        int match = days >= 2 && plan_days(p) == days;
        int better;
        if (!best || match != best_days_match)
            better = !best || match;
        else if ((l >= budget - EPS) != (best_long >= budget - EPS))
            better = l >= budget - EPS;
        else if (l >= budget - EPS)
            better = l < best_long;
        else
            better = l > best_long;
        if (better) {
            best = p;
            best_long = l;
            best_days_match = match;
        }
    }
    return best ? best : fallback;
}

/* ---------------------------------------------------------------- planning */

typedef struct pool {
    size_t *idx;        /* segment indexes in the pool, plan order */
    size_t n;
    double budget;
} pool;

/* Share of the way from minimum to planned that a set gets in `budget`:
 * 1 when it fits as planned, < 0 when it does not fit even at its minimum. */
static double share(double mn, double pl, double budget)
{
    if (pl <= budget + EPS)
        return 1;
    if (mn > budget + EPS)
        return -1;
    return (budget - mn) / (pl - mn);
}

static int opt_cmp(const void *a, const void *b, void *ctx)
{
    const lectern_plan *p = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int px = p->segments[x].priority, py = p->segments[y].priority;
    if (px != py)
        return px < py ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* insertion sort with a context (qsort_r is not portable C11) */
static void sort_opts(size_t *v, size_t n, const lectern_plan *p)
{
    for (size_t i = 1; i < n; i++) {
        size_t k = v[i], j = i;
        while (j > 0 && opt_cmp(&v[j - 1], &k, (void *)p) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = k;
    }
}

/* Plans one pool. Returns 1 when it fits, 0 when even its required segments
 * at their minimum are longer than the pool's budget (*shortest says how long). */
static int plan_pool(const lectern_course *c, const lectern_plan *p, const char *lang, const pool *pl,
                     lectern_budget_segment *out, size_t *scratch, double *shortest)
{
    double mn = 0, pn = 0;
    size_t n_opt = 0;
    for (size_t k = 0; k < pl->n; k++) {
        const lectern_segment *s = &p->segments[pl->idx[k]];
        lectern_budget_segment *b = &out[pl->idx[k]];
        b->action = LECTERN_BUDGET_KEEP;
        if (s->optional) {
            scratch[n_opt++] = pl->idx[k];
            b->action = LECTERN_BUDGET_DROP;   /* until chosen */
        } else {
            mn += s->min_minutes;
            pn += s->minutes;
        }
    }
    *shortest = mn;
    if (mn > pl->budget + EPS)
        return 0;
    sort_opts(scratch, n_opt, p);
    int dropped = 0;            /* an optional segment was dropped: dropped_i, its priority */
    size_t dropped_i = 0;
    int dropped_prio = 0;
    for (size_t g = 0; g < n_opt;) {
        int prio = p->segments[scratch[g]].priority;
        size_t e = g;
        double gmn = 0, gpn = 0;
        while (e < n_opt && p->segments[scratch[e]].priority == prio) {
            gmn += p->segments[scratch[e]].min_minutes;
            gpn += p->segments[scratch[e]].minutes;
            e++;
        }
        int whole = !dropped && share(mn + gmn, pn + gpn, pl->budget) >= LECTERN_BUDGET_KEEP_SHARE - EPS;
        for (size_t k = g; k < e; k++) {
            const lectern_segment *s = &p->segments[scratch[k]];
            lectern_budget_segment *b = &out[scratch[k]];
            if (dropped && dropped_prio < prio) {
                b->why = LECTERN_BUDGET_WHY_RANKS_AFTER;
                b->after = dropped_i;
                budget_reason(out, scratch[k], c, lang, NULL, NULL, b->reason, sizeof b->reason);
                continue;
            }
            double sh = share(mn + s->min_minutes, pn + s->minutes, pl->budget);
            if (whole || sh >= LECTERN_BUDGET_KEEP_SHARE - EPS) {
                b->action = LECTERN_BUDGET_KEEP;
                mn += s->min_minutes;
                pn += s->minutes;
                continue;
            }
            b->why = sh < 0 ? LECTERN_BUDGET_WHY_NO_FIT : LECTERN_BUDGET_WHY_SHARE;
            b->pool_minutes = pl->budget;
            budget_reason(out, scratch[k], c, lang, NULL, NULL, b->reason, sizeof b->reason);
            if (!dropped) {
                dropped = 1;
                dropped_i = scratch[k];
                dropped_prio = prio;
            }
        }
        g = e;
    }

    /* scale the kept segments by one share, in whole minutes */
    double f = share(mn, pn, pl->budget);
    if (f > 1)
        f = 1;
    double used = 0;
    for (size_t k = 0; k < pl->n; k++) {
        lectern_budget_segment *b = &out[pl->idx[k]];
        if (b->action == LECTERN_BUDGET_DROP)
            continue;
        double exact = b->min_minutes + f * (b->planned_minutes - b->min_minutes);
        double m = floor(exact + EPS);
        if (m < b->min_minutes)
            m = b->min_minutes;
        if (m > b->planned_minutes)
            m = b->planned_minutes;
        b->minutes = m;
        used += m;
    }
    /* whole minutes left: to the largest remainders, earlier first on ties */
    while (f < 1 && pl->budget - used >= 1 - EPS) {
        lectern_budget_segment *best = NULL;
        double best_rem = -1;
        for (size_t k = 0; k < pl->n; k++) {
            lectern_budget_segment *b = &out[pl->idx[k]];
            if (b->action == LECTERN_BUDGET_DROP || b->minutes + 1 > b->planned_minutes + EPS)
                continue;
            double exact = b->min_minutes + f * (b->planned_minutes - b->min_minutes);
            double rem = exact - b->minutes;
            if (rem > best_rem + EPS) {
                best = b;
                best_rem = rem;
            }
        }
        if (!best)
            break;
        best->minutes += 1;
        used += 1;
    }
    for (size_t k = 0; k < pl->n; k++) {
        lectern_budget_segment *b = &out[pl->idx[k]];
        if (b->action == LECTERN_BUDGET_DROP)
            continue;
        if (b->minutes < b->planned_minutes - EPS) {
            b->action = LECTERN_BUDGET_SHORTEN;
            b->why = LECTERN_BUDGET_WHY_SHORTENED;
        } else {
            b->why = LECTERN_BUDGET_WHY_KEPT;
        }
        budget_reason(out, pl->idx[k], c, lang, NULL, NULL, b->reason, sizeof b->reason);
    }
    return 1;
}

void lectern_budget_free(lectern_budget_plan *bp)
{
    if (!bp)
        return;
    free(bp->segments);
    free(bp->day_totals);
    bp->segments = NULL;
    bp->day_totals = NULL;
    bp->n_segments = 0;
}

int lectern_budget_make(const lectern_course *c, const lectern_plan *from, double budget, int days,
                        double day_minutes, const char *lang, lectern_budget_plan *out, lectern_error *err)
{
    int rc = 0;
    size_t *idx = NULL, *scratch = NULL;
    memset(out, 0, sizeof *out);
    if (!c || !(budget > 0) || !(day_minutes > 0))
        return lectern_error_set(err, LECTERN_EINVAL, "budget: give a length above zero");
    if (!from)
        from = lectern_budget_choose_plan(c, budget, days, day_minutes);
    if (!from)
        return lectern_error_set(err, LECTERN_ENOTFOUND, "%s: the course has no lesson plans (plans/*.json) to plan from",
                                 lectern_course_id(c));
    size_t n = from->n_segments;
    out->from = from;
    out->budget_minutes = budget;
    out->days = days;
    out->day_minutes = day_minutes;
    out->segments = calloc(n ? n : 1, sizeof *out->segments);
    idx = calloc(n ? n : 1, sizeof *idx);
    scratch = calloc(n ? n : 1, sizeof *scratch);
    if (!out->segments || !idx || !scratch)
        goto oom;
    out->n_segments = n;
    for (size_t i = 0; i < n; i++) {
        lectern_budget_segment *b = &out->segments[i];
        b->seg = &from->segments[i];
        b->index = i;
        b->planned_minutes = b->seg->minutes;
        b->min_minutes = b->seg->min_minutes < b->seg->minutes ? b->seg->min_minutes : b->seg->minutes;
    }
    plan_range(from, &out->shortest_minutes, &out->longest_minutes);
    const char *ptitle = lectern_text_get(&from->title, lang, lectern_course_default_lang(c));
    char bs[32], ss[32];
    int per_day = days >= 2 && plan_days(from) == days;
    out->feasible = 1;
    if (per_day) {
        for (int d = 1; d <= days; d++) {
            pool pl = {idx, 0, day_minutes};
            for (size_t i = 0; i < n; i++)
                if (from->segments[i].day == d)
                    idx[pl.n++] = i;
            double shortest;
            if (!plan_pool(c, from, lang, &pl, out->segments, scratch, &shortest) && out->feasible) {
                out->feasible = 0;
                rc = lectern_error_set(err, LECTERN_ELIMIT,
                                       "day %d of plan \"%s\" (%s) does not fit in a day of %s: its required segments "
                                       "at their minimum take %s; lengthen the day (--day) or mark more of day %d optional",
                                       d, from->id, ptitle, lectern_budget_format(day_minutes, bs, sizeof bs),
                                       lectern_budget_format(shortest, ss, sizeof ss), d);
            }
        }
    } else {
        pool pl = {idx, n, budget};
        for (size_t i = 0; i < n; i++)
            idx[i] = i;
        double shortest;
        if (!plan_pool(c, from, lang, &pl, out->segments, scratch, &shortest)) {
            out->feasible = 0;
            rc = lectern_error_set(err, LECTERN_ELIMIT,
                                   "%s is too short for plan \"%s\" (%s): the shortest it can be is %s (every required "
                                   "segment at its minimum, every optional one dropped); give at least %s or choose "
                                   "another plan with --from",
                                   lectern_budget_format(budget, bs, sizeof bs), from->id, ptitle,
                                   lectern_budget_format(shortest, ss, sizeof ss), ss);
        }
    }
    if (!out->feasible) {
        snprintf(out->summary, sizeof out->summary, "%.300s", err ? err->msg : "the budget is too short");
        goto done;
    }

    /* days and start times */
    int nd = 1;
    double day_used = 0;
    int cur_day = per_day ? 0 : 1;
    for (size_t i = 0; i < n; i++) {
        lectern_budget_segment *b = &out->segments[i];
        if (b->action == LECTERN_BUDGET_DROP)
            continue;
        if (per_day) {
            if (b->seg->day != cur_day) {
                cur_day = b->seg->day;
                day_used = 0;
            }
        } else if (days >= 2 && day_used > 0 && day_used + b->minutes > day_minutes + EPS) {
            cur_day++;
            day_used = 0;
        }
        b->day = cur_day;
        b->start_minutes = day_used;
        day_used += b->minutes;
        if (cur_day > nd)
            nd = cur_day;
        out->total_minutes += b->minutes;
        out->n_kept++;
        out->n_shortened += b->action == LECTERN_BUDGET_SHORTEN;
    }
    out->n_dropped = n - out->n_kept;
    out->n_days = nd;
    out->day_totals = calloc((size_t)nd, sizeof *out->day_totals);
    if (!out->day_totals)
        goto oom;
    for (size_t i = 0; i < n; i++)
        if (out->segments[i].day > 0)
            out->day_totals[out->segments[i].day - 1] += out->segments[i].minutes;

    lectern_budget_summary_text(out, c, lang, NULL, NULL, out->summary, sizeof out->summary);
    goto done;
oom:
    rc = lectern_error_set(err, LECTERN_ENOMEM, "budget: out of memory");
    lectern_budget_free(out);
done:
    free(idx);
    free(scratch);
    return rc;
}
