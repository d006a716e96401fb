/* The budget planner's sentences (reasons per segment, the plan's summary,
 * lengths) from the codes and figures lectern_budget_make leaves in the
 * plan, in English or through a translation hook (lectern/translate.h): the
 * player's PNG agenda and lectern-pack say them in the course language. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "budget_internal.h"
#include "lectern/budget.h"

/* N_ marks the English formats for xgettext (po/POTFILES), NN_ a counted
 * one with its English plural (keyword NN_:1,2). */
#define N_(s) s
#define NN_(s, p) s, p
#define EPS 1e-6

static const char *tr_(lectern_translate tr, void *user, const char *msgid)
{
    return lectern_translate_say(tr, user, msgid, NULL, 0);
}

/* The form of a counted phrase for n. */
static const char *trn_(lectern_translate tr, void *user, const char *msgid, const char *plural,
                        unsigned long n)
{
    return lectern_translate_say(tr, user, msgid, plural, n);
}

char *lectern_budget_format_tr(double minutes, lectern_translate tr, void *user, char *buf, size_t n)
{
    double r = floor(minutes + 0.5);
    if (fabs(minutes - r) > EPS) {
        snprintf(buf, n, tr_(tr, user, N_("%.1f min")), minutes);
    } else if (r < 60) {
        snprintf(buf, n, trn_(tr, user, NN_("%.0f min", "%.0f min"), (unsigned long)r), r);
    } else {
        long h = (long)(r / 60), m = (long)r % 60;
        if (m)
            snprintf(buf, n, tr_(tr, user, N_("%ld h %02ld")), h, m);
        else
            snprintf(buf, n, trn_(tr, user, NN_("%ld h", "%ld h"), (unsigned long)h), h);
    }
    return buf;
}

const char *lectern_budget_why_name(lectern_budget_why why)
{
    switch (why) {
    case LECTERN_BUDGET_WHY_KEPT: return "kept";
    case LECTERN_BUDGET_WHY_SHORTENED: return "shortened";
    case LECTERN_BUDGET_WHY_NO_FIT: return "no_fit";
    case LECTERN_BUDGET_WHY_SHARE: return "share";
    case LECTERN_BUDGET_WHY_RANKS_AFTER: return "ranks_after";
    }
    return "kept";
}

/* "from 10 min to 7 min" reads better as "from 10 to 7 min": when both
 * lengths end in the same unit, the first one drops it. */
static void drop_shared_unit(char *from, const char *to)
{
    const char *fu = strchr(from, ' '), *tu = strchr(to, ' ');
    if (fu && tu && strcmp(fu, tu) == 0)
        from[fu - from] = '\0';
}

/* The title in lang, cut to at most 80 bytes at a character boundary (the
 * formats say %.80s: an Arabic title is never cut inside a letter). */
static const char *title_of(const lectern_course *c, const lectern_segment *s, const char *lang,
                            char *buf, size_t n)
{
    return lectern_text_cut(lectern_text_get(&s->title, lang, lectern_course_default_lang(c)), 80, buf, n);
}

char *budget_reason(const lectern_budget_segment *segs, size_t i, const lectern_course *c,
                    const char *lang, lectern_translate tr, void *user, char *buf, size_t n)
{
    const lectern_budget_segment *b = &segs[i];
    char tb[84], ab[84], from[48], to[48], m[48];
    const char *t = title_of(c, b->seg, lang, tb, sizeof tb);
    switch (b->why) {
    case LECTERN_BUDGET_WHY_RANKS_AFTER:
        snprintf(buf, n, tr_(tr, user, N_("dropped '%.80s' (optional, priority %d): it ranks after '%.80s' "
                                          "(priority %d), already dropped")),
                 t, b->seg->priority, title_of(c, segs[b->after].seg, lang, ab, sizeof ab),
                 segs[b->after].seg->priority);
        break;
    case LECTERN_BUDGET_WHY_NO_FIT:
        snprintf(buf, n, tr_(tr, user, N_("dropped '%.80s' (optional, priority %d): even at its minimum of %s "
                                          "it does not fit in %s")),
                 t, b->seg->priority, lectern_budget_format_tr(b->min_minutes, tr, user, m, sizeof m),
                 lectern_budget_format_tr(b->pool_minutes, tr, user, to, sizeof to));
        break;
    case LECTERN_BUDGET_WHY_SHARE:
        snprintf(buf, n, tr_(tr, user, N_("dropped '%.80s' (optional, priority %d): keeping it would cut the "
                                          "kept segments to less than 40%% of the way from their minimum to "
                                          "their planned minutes")),
                 t, b->seg->priority);
        break;
    case LECTERN_BUDGET_WHY_SHORTENED:
        lectern_budget_format_tr(b->planned_minutes, tr, user, from, sizeof from);
        lectern_budget_format_tr(b->minutes, tr, user, to, sizeof to);
        lectern_budget_format_tr(b->min_minutes, tr, user, m, sizeof m);
        drop_shared_unit(from, to);
        snprintf(buf, n, b->seg->optional ?
                 tr_(tr, user, N_("shortened '%.80s' from %s to %s (optional, minimum %s)")) :
                 tr_(tr, user, N_("shortened '%.80s' from %s to %s (minimum %s)")), t, from, to, m);
        break;
    case LECTERN_BUDGET_WHY_KEPT:
    default:
        snprintf(buf, n, tr_(tr, user, N_("kept '%.80s' as planned (%s)")), t,
                 lectern_budget_format_tr(b->minutes, tr, user, to, sizeof to));
        break;
    }
    return buf;
}

char *lectern_budget_reason_text(const lectern_budget_plan *bp, const lectern_course *c, size_t i,
                                 const char *lang, lectern_translate tr, void *user, char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    if (!bp || i >= bp->n_segments)
        return buf;
    return budget_reason(bp->segments, i, c, lang, tr, user, buf, n);
}

char *lectern_budget_counts_text(const lectern_budget_plan *bp, lectern_translate tr, void *user, char *buf,
                                 size_t n)
{
    char kept[96], shortened[96], dropped[96];
    if (n)
        buf[0] = '\0';
    if (!bp || n == 0)
        return buf;
    snprintf(kept, sizeof kept, trn_(tr, user, NN_("%zu segment kept", "%zu segments kept"), bp->n_kept),
             bp->n_kept);
    snprintf(shortened, sizeof shortened, trn_(tr, user, NN_("%zu shortened", "%zu shortened"), bp->n_shortened),
             bp->n_shortened);
    snprintf(dropped, sizeof dropped, trn_(tr, user, NN_("%zu dropped", "%zu dropped"), bp->n_dropped),
             bp->n_dropped);
    /* TRANSLATORS: segments kept (how many of them shortened), how many dropped */
    snprintf(buf, n, tr_(tr, user, N_("%s (%s), %s")), kept, shortened, dropped);
    return buf;
}

char *lectern_budget_summary_text(const lectern_budget_plan *bp, const lectern_course *c, const char *lang,
                                  lectern_translate tr, void *user, char *buf, size_t n)
{
    char bs[96], ts[48], ls[48], ss[48], cs[LECTERN_BUDGET_REASON_MAX / 2];
    if (n)
        buf[0] = '\0';
    if (!bp || !bp->from || n == 0)
        return buf;
    const char *ptitle = lectern_text_get(&bp->from->title, lang, lectern_course_default_lang(c));
    lectern_budget_format_tr(bp->budget_minutes, tr, user, bs, sizeof bs);
    lectern_budget_format_tr(bp->total_minutes, tr, user, ts, sizeof ts);
    lectern_budget_format_tr(bp->longest_minutes, tr, user, ls, sizeof ls);
    if (bp->days >= 2) {
        char ds[48];
        snprintf(ds, sizeof ds, trn_(tr, user, NN_("%d day", "%d days"), (unsigned long)bp->days), bp->days);
        /* TRANSLATORS: "2 days" of "6 h" (a day's length) */
        snprintf(bs, sizeof bs, tr_(tr, user, N_("%s of %s")), ds,
                 lectern_budget_format_tr(bp->day_minutes, tr, user, ss, sizeof ss));
    }
    int len;
    if (bp->n_dropped == 0 && bp->n_shortened == 0)
        len = snprintf(buf, n, tr_(tr, user, N_("\"%s\" (%s) fits in %s as planned: %s")), ptitle, ls, bs, ts);
    else
        len = snprintf(buf, n, tr_(tr, user, N_("\"%s\" (%s) fitted to %s: %s; %s")), ptitle, ls, bs,
                       lectern_budget_counts_text(bp, tr, user, cs, sizeof cs), ts);
    double spare = (bp->days >= 2 ? bp->days * bp->day_minutes : bp->budget_minutes) - bp->total_minutes;
    if (len > 0 && (size_t)len < n && spare >= 1 - EPS)
        len += snprintf(buf + len, n - (size_t)len, tr_(tr, user, N_(", %s to spare")),
                        lectern_budget_format_tr(spare, tr, user, ss, sizeof ss));
    if (len > 0 && (size_t)len < n && bp->days >= 2 && bp->n_days > bp->days)
        snprintf(buf + len, n - (size_t)len,
                 trn_(tr, user, NN_(" (split at segment boundaries it takes %d day; give the plan's segments a day)",
                                    " (split at segment boundaries it takes %d days; give the plan's segments a day)"),
                      (unsigned long)bp->n_days), bp->n_days);
    return buf;
}
