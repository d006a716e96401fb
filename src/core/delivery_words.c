/* The re-planning sentences (each change's reason, the suggestion's
 * summary) from the figures lectern_delivery_suggest leaves in them, in
 * English or through a translation hook (lectern/translate.h): the
 * presenter says them in the UI language. */
#include <stdio.h>
#include <string.h>

#include "delivery_internal.h"
#include "lectern/delivery.h"

/* N_ marks the English formats for xgettext (po/POTFILES), NN_ a counted
 * one with its English plural (keyword NN_:1,2). */
#define N_(s) s
#define NN_(s, p) s, p

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

void dl_fmt_minutes_tr(int64_t ms, lectern_translate tr, void *user, char *buf, size_t n)
{
    if (ms < 0)
        ms = -ms;
    if (ms < 60000 && ms % 1000 == 0 && ms > 0)
        snprintf(buf, n, trn_(tr, user, NN_("%lld s", "%lld s"), (unsigned long)(ms / 1000)),
                 (long long)(ms / 1000));
    else if (ms % 60000 == 0)
        snprintf(buf, n, trn_(tr, user, NN_("%lld min", "%lld min"), (unsigned long)(ms / 60000)),
                 (long long)(ms / 60000));
    else
        snprintf(buf, n, tr_(tr, user, N_("%.1f min")), (double)ms / 60000.0);
}

/* Segment i's title, cut to at most lim bytes at a character boundary (the
 * formats say %.80s: an Arabic title is never cut inside a letter). */
static const char *title_cut(const lectern_delivery *d, size_t i, size_t lim, char *buf, size_t n)
{
    return lectern_text_cut(dl_title(d, i), lim, buf, n);
}

char *lectern_delivery_change_text(const lectern_delivery *d, const lectern_delivery_change *ch,
                                   lectern_translate tr, void *user, char *buf, size_t n)
{
    char saves[48], from[48], to[48], minimum[48], title[104];
    if (n)
        buf[0] = '\0';
    if (!d || !ch || ch->segment >= d->n || n == 0)
        return buf;
    const lectern_segment *seg = &d->p->segments[ch->segment];
    dl_fmt_minutes_tr(ch->saves_ms, tr, user, saves, sizeof saves);
    if (ch->kind == LECTERN_CHANGE_SKIP) {
        snprintf(buf, n, tr_(tr, user, N_("skip '%.100s' (optional, priority %d): saves %s")),
                 title_cut(d, ch->segment, 100, title, sizeof title), seg->priority, saves);
        return buf;
    }
    dl_fmt_minutes_tr(ch->from_ms, tr, user, from, sizeof from);
    dl_fmt_minutes_tr(ch->to_ms, tr, user, to, sizeof to);
    dl_fmt_minutes_tr(ch->min_ms, tr, user, minimum, sizeof minimum);
    /* "from 8 min to 5 min" reads better as "from 8 to 5 min": when both end
     * in the same unit, the first drops it */
    const char *fu = strchr(from, ' '), *tu = strchr(to, ' ');
    if (fu && tu && strcmp(fu, tu) == 0)
        from[fu - from] = '\0';
    snprintf(buf, n, seg->optional ?
             tr_(tr, user, N_("shorten '%.80s' from %s to %s (optional, priority %d, minimum %s): saves %s")) :
             tr_(tr, user, N_("shorten '%.80s' from %s to %s (priority %d, minimum %s): saves %s")),
             title_cut(d, ch->segment, 80, title, sizeof title), from, to, seg->priority, minimum, saves);
    return buf;
}

char *lectern_delivery_suggestion_text(const lectern_delivery_suggestion *s, lectern_translate tr,
                                       void *user, char *buf, size_t n)
{
    char amount[48], saves[48], over[48], what[160], skip[72], shorten[72];
    if (n)
        buf[0] = '\0';
    if (!s || n == 0)
        return buf;
    dl_fmt_minutes_tr(s->behind_ms, tr, user, amount, sizeof amount);
    if (s->ended) {
        snprintf(buf, n, "%s", tr_(tr, user, N_("The session has ended: nothing to change")));
        return buf;
    }
    if (s->behind_ms < 0) {
        snprintf(buf, n, tr_(tr, user, N_("Ahead by %s: nothing to change")), amount);
        return buf;
    }
    if (s->behind_ms == 0) {
        snprintf(buf, n, "%s", tr_(tr, user, N_("On time: nothing to change")));
        return buf;
    }
    size_t n_skip = 0;
    for (size_t k = 0; k < s->n_changes; k++)
        n_skip += s->changes[k].kind == LECTERN_CHANGE_SKIP;
    size_t n_short = s->n_changes - n_skip;
    dl_fmt_minutes_tr(s->saves_ms, tr, user, saves, sizeof saves);
    if (s->feasible) {
        snprintf(skip, sizeof skip, trn_(tr, user, NN_("skip %zu segment", "skip %zu segments"), n_skip), n_skip);
        snprintf(shorten, sizeof shorten, trn_(tr, user, NN_("shorten %zu segment", "shorten %zu segments"), n_short),
                 n_short);
        if (n_skip && n_short)
            /* TRANSLATORS: "skip 2 segments" and "shorten 1 segment" */
            snprintf(what, sizeof what, tr_(tr, user, N_("%s and %s")), skip, shorten);
        else
            snprintf(what, sizeof what, "%s", n_skip ? skip : shorten);
        snprintf(buf, n, tr_(tr, user, N_("Behind by %s: %s to finish on time (saves %s)")), amount, what,
                 saves);
        return buf;
    }
    dl_fmt_minutes_tr(s->overrun_ms, tr, user, over, sizeof over);
    if (s->n_changes)
        snprintf(buf, n, tr_(tr, user, N_("Behind by %s: even skipping every optional segment left and "
                                          "shortening the rest to their minimum (saves %s), it will still run "
                                          "%s over")), amount, saves, over);
    else
        snprintf(buf, n, tr_(tr, user, N_("Behind by %s: nothing left to skip or shorten; it will run %s over")),
                 amount, over);
    return buf;
}
