/* Output of the budget planner: the planned lesson plan as JSON (for tools
 * and the player) and the facilitator's agenda as Markdown (per day: start
 * time, minutes, segment, kind, materials, then what changed and why). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "json.h"
#include "lectern/budget.h"

/* N_ marks the English words of the agenda for xgettext (po/POTFILES), NN_
 * a counted one with its English plural (keyword NN_:1,2). */
#define N_(s) s
#define NN_(s, p) s, p

static const char *tr_(lectern_translate tr, void *user, const char *msgid)
{
    return lectern_translate_say(tr, user, msgid, NULL, 0);
}

/* A segment's kind: its token in English ("group_activity"), else the
 * translated label the presenter shows ("group activity"). */
static const char *kind_words(lectern_segment_kind k, lectern_translate tr, void *user)
{
    if (!tr || (int)k < 0 || k >= LECTERN_SEG_COUNT)
        return lectern_segment_kind_name(k);
    return tr_(tr, user, lectern_segment_kind_label(k));
}

static const char *action_name(lectern_budget_action a)
{
    return a == LECTERN_BUDGET_DROP ? "dropped" : a == LECTERN_BUDGET_SHORTEN ? "shortened" : "kept";
}

int lectern_budget_json(const lectern_budget_plan *bp, const lectern_course *c, const char *lang, char **out,
                        lectern_error *err)
{
    *out = NULL;
    const char *dl = lectern_course_default_lang(c);
    cJSON *root = cJSON_CreateObject();
    if (!root)
        goto oom;
    cJSON_AddStringToObject(root, "plan", bp->from->id);
    cJSON_AddStringToObject(root, "title", lectern_text_get(&bp->from->title, lang, dl));
    cJSON_AddNumberToObject(root, "budget_minutes", bp->budget_minutes);
    if (bp->days)
        cJSON_AddNumberToObject(root, "budget_days", bp->days);
    cJSON_AddNumberToObject(root, "day_minutes", bp->day_minutes);
    cJSON_AddBoolToObject(root, "feasible", bp->feasible);
    cJSON_AddNumberToObject(root, "total_minutes", bp->total_minutes);
    cJSON_AddNumberToObject(root, "shortest_minutes", bp->shortest_minutes);
    cJSON_AddNumberToObject(root, "planned_minutes", bp->longest_minutes);
    cJSON_AddNumberToObject(root, "days", bp->n_days);
    cJSON_AddStringToObject(root, "summary", bp->summary);
    cJSON *segs = cJSON_AddArrayToObject(root, "segments");
    for (size_t i = 0; segs && i < bp->n_segments; i++) {
        const lectern_budget_segment *b = &bp->segments[i];
        cJSON *o = lectern_json_append_object(segs);
        if (!o)
            goto oom;
        cJSON_AddStringToObject(o, "id", b->seg->id);
        cJSON_AddStringToObject(o, "title", lectern_text_get(&b->seg->title, lang, dl));
        cJSON_AddStringToObject(o, "kind", lectern_segment_kind_name(b->seg->kind));
        cJSON_AddBoolToObject(o, "optional", b->seg->optional);
        cJSON_AddNumberToObject(o, "priority", b->seg->priority);
        cJSON_AddStringToObject(o, "action", action_name(b->action));
        cJSON_AddNumberToObject(o, "planned_minutes", b->planned_minutes);
        cJSON_AddNumberToObject(o, "min_minutes", b->min_minutes);
        cJSON_AddNumberToObject(o, "minutes", b->minutes);
        if (b->day) {
            cJSON_AddNumberToObject(o, "day", b->day);
            cJSON_AddNumberToObject(o, "start_minutes", b->start_minutes);
        } else {
            cJSON_AddNullToObject(o, "day");
            cJSON_AddNullToObject(o, "start_minutes");
        }
        cJSON_AddStringToObject(o, "reason", b->reason);
        /* the reason as a code, for tools that say it in their own words */
        if (bp->feasible) {
            cJSON_AddStringToObject(o, "why", lectern_budget_why_name(b->why));
            if (b->why == LECTERN_BUDGET_WHY_RANKS_AFTER && b->after < bp->n_segments)
                cJSON_AddStringToObject(o, "after", bp->segments[b->after].seg->id);
        }
    }
    *out = cJSON_Print(root);
    cJSON_Delete(root);
    if (!*out)
        goto oom;
    return 0;
oom:
    cJSON_Delete(root);
    return lectern_error_set(err, LECTERN_ENOMEM, "budget: out of memory");
}

/* Text is added with the core's growing string (strbuf.h). */
typedef lectern_strbuf sbuf;
#define put lectern_strbuf_printf

/* Table cells: no newlines or pipes. */
static void put_cell(sbuf *b, const char *t, size_t max)
{
    size_t k = 0;
    for (const char *p = t ? t : ""; *p && k < max; p++, k++) {
        if (*p == '\n' || *p == '\r')
            put(b, " ");
        else if (*p == '|')
            put(b, "\\|");
        else
            put(b, "%c", *p);
    }
    if (t && strlen(t) > max)
        put(b, "…");
}

int lectern_budget_agenda_md(const lectern_budget_plan *bp, const lectern_course *c, const char *lang,
                             int start_hhmm, char **out, lectern_error *err)
{
    return lectern_budget_agenda_md_tr(bp, c, lang, start_hhmm, NULL, NULL, out, err);
}

int lectern_budget_agenda_md_tr(const lectern_budget_plan *bp, const lectern_course *c, const char *lang,
                                int start_hhmm, lectern_translate tr, void *user, char **out,
                                lectern_error *err)
{
    sbuf b = {0};
    *out = NULL;
    const char *dl = lectern_course_default_lang(c);
    char t1[48], t2[48], line[LECTERN_BUDGET_REASON_MAX];
    const char *title = lectern_text_get(&bp->from->title, lang, dl);
    put(&b, "# ");
    if (bp->days >= 2) {
        snprintf(t1, sizeof t1, lectern_translate_say(tr, user, NN_("%d day", "%d days"), (unsigned long)bp->days),
                 bp->days);
        put(&b, tr_(tr, user, N_("%s: %s")), title, t1);
    } else
        put(&b, tr_(tr, user, N_("%s: %s")), title, lectern_budget_format_tr(bp->budget_minutes, tr, user, t1,
                                                                              sizeof t1));
    put(&b, "\n\n");
    const char *aud = lectern_text_get(&bp->from->audience, lang, dl);
    if (aud && *aud) {
        put(&b, tr_(tr, user, N_("Audience: %s")), aud);
        put(&b, "\n\n");
    }
    put(&b, tr_(tr, user, N_("Planned from `%s` (%s as written; at least %s). %s.")), bp->from->id,
        lectern_budget_format_tr(bp->longest_minutes, tr, user, t1, sizeof t1),
        lectern_budget_format_tr(bp->shortest_minutes, tr, user, t2, sizeof t2),
        tr ? lectern_budget_summary_text(bp, c, lang, tr, user, line, sizeof line) : bp->summary);
    put(&b, "\n");
    for (int d = 1; d <= bp->n_days; d++) {
        if (bp->n_days > 1) {
            put(&b, "\n## ");
            put(&b, tr_(tr, user, N_("Day %d (%s)")), d,
                lectern_budget_format_tr(bp->day_totals[d - 1], tr, user, t1, sizeof t1));
            put(&b, "\n");
        }
        put(&b, "\n| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n", tr_(tr, user, N_("time")),
            tr_(tr, user, N_("min")), tr_(tr, user, N_("segment")), tr_(tr, user, N_("kind")),
            tr_(tr, user, N_("materials")));
        for (size_t i = 0; i < bp->n_segments; i++) {
            const lectern_budget_segment *s = &bp->segments[i];
            if (s->day != d)
                continue;
            int at = start_hhmm + (int)(s->start_minutes + 0.5);
            put(&b, "| %02d:%02d | %g%s | ", (at / 60) % 24, at % 60, s->minutes,
                s->action == LECTERN_BUDGET_SHORTEN ? "*" : "");
            put_cell(&b, lectern_text_get(&s->seg->title, lang, dl), 120);
            put(&b, "%s | %s | ", s->seg->optional ? tr_(tr, user, N_(" (optional)")) : "",
                kind_words(s->seg->kind, tr, user));
            put_cell(&b, lectern_text_get(&s->seg->materials, lang, dl), 160);
            put(&b, " |\n");
        }
        int end = start_hhmm + (int)(bp->day_totals[d - 1] + 0.5);
        put(&b, "| %02d:%02d | | %s | | |\n", (end / 60) % 24, end % 60, tr_(tr, user, N_("end")));
    }
    if (bp->n_shortened) {
        put(&b, "\n\\* ");
        put(&b, "%s", tr_(tr, user, N_("shortened from the plan.")));
        put(&b, "\n");
    }
    if (bp->n_dropped || bp->n_shortened) {
        put(&b, "\n## %s\n\n", tr_(tr, user, N_("What changed from the plan")));
        for (size_t i = 0; i < bp->n_segments; i++)
            if (bp->segments[i].action != LECTERN_BUDGET_KEEP)
                put(&b, "- %s\n", tr ? lectern_budget_reason_text(bp, c, i, lang, tr, user, line, sizeof line) :
                    bp->segments[i].reason);
    }
    if (b.oom) {
        free(b.s);
        return lectern_error_set(err, LECTERN_ENOMEM, "agenda: out of memory");
    }
    *out = b.s;
    return 0;
}
