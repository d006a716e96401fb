/* Re-planning a delivery that runs late (see lectern_delivery_suggest):
 * which pending segments to skip or shorten, by the plan's optional flags,
 * priorities and minimum minutes, with a human reason per change; and
 * accepting a suggestion so the plan re-flows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "delivery_internal.h"

typedef struct cand {
    size_t i;
    int64_t left;       /* skip saves this */
    int64_t slack;      /* shortening can save up to this */
    int optional, priority;
    int used;
} cand;

/* Orders groups: optional before required (when `opt_first`), then higher
 * priority numbers first. Returns <0 when a's group comes first. */
static int group_cmp(const cand *a, const cand *b, int opt_first)
{
    if (opt_first && a->optional != b->optional)
        return a->optional ? -1 : 1;
    return b->priority - a->priority;
}

/* Within the candidates of the first unfinished group, the one to change:
 * the smallest that covers `need` alone, else the largest (later ones win
 * ties). `amount` selects left (skip) or slack (shorten). */
static cand *pick(cand *cs, size_t n, int64_t need, int skip, int opt_first)
{
    cand *lead = NULL;
    for (size_t k = 0; k < n; k++) {
        cand *c = &cs[k];
        int64_t amt = skip ? c->left : c->slack;
        if (c->used || amt <= 0 || (skip && !c->optional))
            continue;
        if (!lead || group_cmp(c, lead, opt_first) < 0)
            lead = c;
    }
    if (!lead)
        return NULL;
    cand *best = NULL;
    for (size_t k = 0; k < n; k++) {
        cand *c = &cs[k];
        int64_t amt = skip ? c->left : c->slack;
        if (c->used || amt <= 0 || (skip && !c->optional) || group_cmp(c, lead, opt_first) != 0)
            continue;
        if (!best) {
            best = c;
            continue;
        }
        int64_t bamt = skip ? best->left : best->slack;
        int c_covers = amt >= need, b_covers = bamt >= need;
        if (c_covers != b_covers) {
            if (c_covers)
                best = c;
        } else if (c_covers ? amt <= bamt : amt >= bamt) {
            best = c;
        }
    }
    return best;
}

static int64_t round_up_minute(int64_t ms)
{
    return (ms + 59999) / 60000 * 60000;
}

/* Builds one set of changes into out (room for n) for `need` ms; with
 * allow_skip, optional segments are skipped first. Returns the count; *rem
 * is what is still over (<= 0 when it fits). */
static size_t build(const lectern_delivery *d, int64_t t, int64_t need, int allow_skip,
                    cand *cs, size_t ncand, lectern_delivery_change *out, int64_t *rem)
{
    size_t n = 0;
    size_t *order = (size_t *)calloc(ncand ? ncand : 1, sizeof *order);
    size_t n_order = 0;
    for (size_t k = 0; k < ncand; k++)
        cs[k].used = 0;
    int64_t left_need = need;
    /* phase A: skip optional segments, highest priority number first */
    while (allow_skip && left_need > 0) {
        cand *c = pick(cs, ncand, left_need, 1, 0);
        if (!c)
            break;
        c->used = 1;
        if (order)
            order[n_order++] = (size_t)(c - cs);
        left_need -= c->left;
    }
    /* drop skips that turned out unnecessary, the most important first */
    for (size_t k = n_order; k-- > 0;) {
        cand *c = &cs[order[k]];
        if (left_need + c->left <= 0) {
            c->used = 0;
            left_need += c->left;
        }
    }
    for (size_t k = 0; k < ncand; k++) {
        if (!cs[k].used)
            continue;
        lectern_delivery_change *ch = &out[n++];
        memset(ch, 0, sizeof *ch);
        ch->kind = LECTERN_CHANGE_SKIP;
        ch->segment = cs[k].i;
        ch->from_ms = d->segs[cs[k].i].planned_ms;
        ch->to_ms = 0;
        ch->saves_ms = cs[k].left;
        cs[k].used = 2;     /* skipped: not a shortening candidate */
    }
    /* phase B: shorten towards min_minutes, optional first, highest priority number first */
    while (left_need > 0) {
        cand *c = pick(cs, ncand, left_need, 0, 1);
        if (!c)
            break;
        c->used = 1;
        int64_t cut = round_up_minute(left_need);
        if (cut > c->slack)
            cut = c->slack;
        lectern_delivery_change *ch = &out[n++];
        memset(ch, 0, sizeof *ch);
        ch->kind = LECTERN_CHANGE_SHORTEN;
        ch->segment = c->i;
        ch->from_ms = d->segs[c->i].planned_ms;
        ch->to_ms = ch->from_ms - cut;
        ch->saves_ms = cut;
        left_need -= cut;
    }
    free(order);
    (void)t;
    *rem = left_need;
    return n;
}

static int change_cmp(const void *a, const void *b)
{
    const lectern_delivery_change *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind == LECTERN_CHANGE_SKIP ? -1 : 1;
    return x->segment < y->segment ? -1 : x->segment > y->segment;
}

/* The reason in English (delivery_words.c says it in other languages). */
static void describe(const lectern_delivery *d, lectern_delivery_change *ch)
{
    ch->seg = &d->p->segments[ch->segment];
    ch->min_ms = d->segs[ch->segment].min_ms;
    lectern_delivery_change_text(d, ch, NULL, NULL, ch->reason, sizeof ch->reason);
}

int lectern_delivery_suggest(lectern_delivery *d, uint64_t now_ms,
                             lectern_delivery_suggestion *s, lectern_error *err)
{
    int rc = 0;
    cand *cs = NULL;
    lectern_delivery_change *alt = NULL;
    memset(s, 0, sizeof *s);
    int64_t t = dl_clock(d, now_ms);
    int64_t need = dl_projected_end(d, t) - (d->start_ms + d->planned_total_ms);
    s->behind_ms = need;
    s->feasible = 1;
    if (d->finished || need <= 0) {
        s->ended = d->finished;
        lectern_delivery_suggestion_text(s, NULL, NULL, s->summary, sizeof s->summary);
        return 0;
    }
    cs = calloc(d->n, sizeof *cs);
    s->changes = calloc(d->n, sizeof *s->changes);
    alt = calloc(d->n, sizeof *alt);
    if (!cs || !s->changes || !alt) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "delivery: out of memory while re-planning");
        goto done;
    }
    size_t ncand = 0;
    for (size_t i = 0; i < d->n; i++) {
        const dl_seg *g = &d->segs[i];
        if (i == d->cur || g->state != LECTERN_SEGSTATE_PENDING)
            continue;
        int64_t actual = dl_actual(d, i, t);
        int64_t floor = g->min_ms > actual ? g->min_ms : actual;
        cand *c = &cs[ncand++];
        c->i = i;
        c->left = dl_left(d, i, t);
        c->slack = g->planned_ms > floor ? g->planned_ms - floor : 0;
        c->optional = d->p->segments[i].optional;
        c->priority = d->p->segments[i].priority;
    }
    int64_t rem_a, rem_b;
    size_t na = build(d, t, need, 1, cs, ncand, s->changes, &rem_a);
    size_t nb = build(d, t, need, 0, cs, ncand, alt, &rem_b);
    int64_t save_a = need - rem_a, save_b = need - rem_b;
    /* shortening alone wins when it also fits with no more changes and saves less */
    if (rem_b <= 0 && (rem_a > 0 || nb < na || (nb == na && save_b < save_a))) {
        lectern_delivery_change *tmp = s->changes;
        s->changes = alt;
        alt = tmp;
        na = nb;
        rem_a = rem_b;
    }
    s->n_changes = na;
    qsort(s->changes, s->n_changes, sizeof *s->changes, change_cmp);
    for (size_t k = 0; k < s->n_changes; k++) {
        describe(d, &s->changes[k]);
        s->saves_ms += s->changes[k].saves_ms;
    }
    if (rem_a > 0) {
        s->feasible = 0;
        s->overrun_ms = rem_a;
    }
    lectern_delivery_suggestion_text(s, NULL, NULL, s->summary, sizeof s->summary);
done:
    free(cs);
    free(alt);
    if (rc < 0)
        lectern_delivery_suggestion_free(s);
    return rc;
}

void dl_note_replan(lectern_delivery *d, const dl_replan *r)
{
    if (d->n_replans == d->cap_replans) {
        size_t cap = d->cap_replans ? d->cap_replans * 2 : 4;
        dl_replan *nr = realloc(d->replans, cap * sizeof *nr);
        if (!nr)
            return;
        d->replans = nr;
        d->cap_replans = cap;
    }
    d->replans[d->n_replans++] = *r;
}

int lectern_delivery_accept(lectern_delivery *d, uint64_t now_ms, const lectern_delivery_suggestion *s)
{
    if (!s || d->finished)
        return 0;
    dl_replan r = {dl_clock(d, now_ms), s->behind_ms, 0, 0, 0, s->feasible};
    for (size_t k = 0; k < s->n_changes; k++) {
        const lectern_delivery_change *ch = &s->changes[k];
        if (ch->segment >= d->n || ch->segment == d->cur)
            continue;
        dl_seg *g = &d->segs[ch->segment];
        if (g->state != LECTERN_SEGSTATE_PENDING)
            continue;
        if (ch->kind == LECTERN_CHANGE_SKIP) {
            g->state = LECTERN_SEGSTATE_SKIPPED;
            g->skipped_by_replan = 1;
            r.n_skipped++;
        } else {
            if (ch->to_ms < 0 || ch->to_ms >= g->planned_ms)
                continue;
            g->planned_ms = ch->to_ms;
            g->replanned = 1;
            r.n_shortened++;
        }
        r.saves_ms += ch->saves_ms;
    }
    if (r.n_skipped + r.n_shortened)
        dl_note_replan(d, &r);
    return r.n_skipped + r.n_shortened;
}

void lectern_delivery_suggestion_free(lectern_delivery_suggestion *s)
{
    if (!s)
        return;
    free(s->changes);
    s->changes = NULL;
    s->n_changes = 0;
}

int lectern_delivery_apply_budget(lectern_delivery *d, const lectern_budget_plan *bp)
{
    if (!d || !bp || !bp->feasible || bp->from != d->p || bp->n_segments != d->n || d->finished ||
        d->cur != 0 || d->item_pos != 0 || d->last_ms != d->start_ms || d->n_pauses || d->n_replans)
        return LECTERN_EINVAL;
    size_t first = d->n;
    int64_t total = 0;
    for (size_t i = 0; i < d->n; i++) {
        dl_seg *g = &d->segs[i];
        if (bp->segments[i].action == LECTERN_BUDGET_DROP) {
            g->state = LECTERN_SEGSTATE_SKIPPED;
            g->skipped_by_replan = 2;
            g->first_start_ms = LECTERN_DELIVERY_NO_TIME;
            continue;
        }
        g->planned_ms = g->original_ms = dl_min_to_ms(bp->segments[i].minutes);
        if (g->min_ms > g->planned_ms)
            g->min_ms = g->planned_ms;
        g->state = LECTERN_SEGSTATE_PENDING;
        g->first_start_ms = LECTERN_DELIVERY_NO_TIME;
        total += g->planned_ms;
        if (first == d->n)
            first = i;
    }
    if (first == d->n)
        return LECTERN_EINVAL;
    d->cur = first;
    d->segs[first].state = LECTERN_SEGSTATE_CURRENT;
    d->segs[first].first_start_ms = d->start_ms;
    d->planned_total_ms = total;
    d->budget_minutes = bp->budget_minutes;
    d->budget_days = bp->days;
    d->budget_day_minutes = bp->day_minutes;
    return 0;
}
