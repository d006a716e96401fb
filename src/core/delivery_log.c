/* The delivery log: a record of one session (plan, course, start, planned
 * and actual minutes per segment, skips, pauses, re-plans, attendance) as
 * JSON and CSV text for the coordinator. Format in courses/README.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "delivery_internal.h"
#include "json.h"
#include "strbuf.h"

#define LOG_FORMAT 1

static double minutes2(int64_t ms)
{
    return round((double)ms / 600.0) / 100.0;   /* minutes, 2 decimals */
}

static const char *pause_name(lectern_pause_reason r)
{
    return r == LECTERN_PAUSE_BREAK ? "break" : "pause";
}

static int64_t final_total(const lectern_delivery *d)
{
    int64_t sum = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->segs[i].state != LECTERN_SEGSTATE_SKIPPED)
            sum += d->segs[i].planned_ms;
    return sum;
}

/* Adds a number, or null when `ok` is 0. */
static void add_num(cJSON *o, const char *key, int ok, double v)
{
    if (ok)
        cJSON_AddNumberToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

int lectern_delivery_log_json(lectern_delivery *d, uint64_t now_ms, char **out, lectern_error *err)
{
    int64_t t = dl_clock(d, now_ms);
    char buf[64];
    *out = NULL;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        goto oom;
    cJSON_AddNumberToObject(root, "format", LOG_FORMAT);
    cJSON_AddStringToObject(root, "record", "delivery");
    cJSON_AddStringToObject(root, "mode", d->rehearsal ? "rehearsal" : "live");
    cJSON *course = cJSON_AddObjectToObject(root, "course");
    if (course) {
        cJSON_AddStringToObject(course, "id", lectern_course_id(d->c));
        cJSON_AddStringToObject(course, "version", lectern_course_version(d->c));
    }
    cJSON *plan = cJSON_AddObjectToObject(root, "plan");
    if (plan) {
        cJSON_AddStringToObject(plan, "id", d->p->id);
        cJSON_AddStringToObject(plan, "title",
                                lectern_text_get(&d->p->title, d->lang, lectern_course_default_lang(d->c)));
        cJSON_AddNumberToObject(plan, "planned_minutes", minutes2(d->planned_total_ms));
        cJSON_AddNumberToObject(plan, "final_minutes", minutes2(final_total(d)));
        if (d->budget_minutes > 0) {
            cJSON_AddNumberToObject(plan, "budget_minutes", d->budget_minutes);
            cJSON_AddNumberToObject(plan, "budget_days", d->budget_days);
            cJSON_AddNumberToObject(plan, "day_minutes", d->budget_day_minutes);
        }
    }
    if (d->has_wall) {
        cJSON_AddStringToObject(root, "start", lectern_delivery_format_utc(d->wall_start, buf, sizeof buf));
        cJSON_AddNumberToObject(root, "start_epoch_ms", (double)d->wall_start);
        if (d->finished)
            cJSON_AddStringToObject(root, "end",
                                    lectern_delivery_format_utc(d->wall_start + (d->end_ms - d->start_ms), buf, sizeof buf));
        else
            cJSON_AddNullToObject(root, "end");
    } else {
        cJSON_AddNullToObject(root, "start");
        cJSON_AddNullToObject(root, "start_epoch_ms");
        cJSON_AddNullToObject(root, "end");
    }
    cJSON_AddBoolToObject(root, "finished", d->finished);
    int64_t paused = dl_paused_total(d, t);
    cJSON_AddNumberToObject(root, "elapsed_minutes", minutes2(t - d->start_ms));
    cJSON_AddNumberToObject(root, "active_minutes", minutes2(t - d->start_ms - paused));
    cJSON_AddNumberToObject(root, "paused_minutes", minutes2(paused));
    cJSON_AddNumberToObject(root, "pace_minutes",
                            minutes2(dl_projected_end(d, t) - d->start_ms - d->planned_total_ms));
    add_num(root, "attendance", d->attendance >= 0, d->attendance);
    cJSON *cur = cJSON_AddObjectToObject(root, "current");
    if (cur) {
        cJSON_AddStringToObject(cur, "segment", d->p->segments[d->cur].id);
        cJSON_AddNumberToObject(cur, "item", (double)d->item_pos);
    }

    cJSON *segs = cJSON_AddArrayToObject(root, "segments");
    for (size_t i = 0; segs && i < d->n; i++) {
        const dl_seg *g = &d->segs[i];
        const lectern_segment *seg = &d->p->segments[i];
        cJSON *o = lectern_json_append_object(segs);
        if (!o)
            goto oom;
        cJSON_AddStringToObject(o, "id", seg->id);
        cJSON_AddStringToObject(o, "title", dl_title(d, i));
        cJSON_AddStringToObject(o, "kind", lectern_segment_kind_name(seg->kind));
        cJSON_AddBoolToObject(o, "optional", seg->optional);
        cJSON_AddNumberToObject(o, "priority", seg->priority);
        cJSON_AddStringToObject(o, "state", lectern_segstate_name(g->state));
        cJSON_AddNumberToObject(o, "planned_minutes", minutes2(g->original_ms));
        cJSON_AddNumberToObject(o, "final_minutes", minutes2(g->state == LECTERN_SEGSTATE_SKIPPED ? 0 : g->planned_ms));
        cJSON_AddNumberToObject(o, "actual_minutes", minutes2(dl_actual(d, i, t)));
        cJSON_AddNumberToObject(o, "extended_minutes", minutes2(g->extended_ms));
        cJSON_AddBoolToObject(o, "shortened", g->replanned);
        cJSON_AddBoolToObject(o, "skipped", g->state == LECTERN_SEGSTATE_SKIPPED);
        if (g->state == LECTERN_SEGSTATE_SKIPPED)
            cJSON_AddStringToObject(o, "skipped_by", g->skipped_by_replan == 2 ? "budget" :
                                    g->skipped_by_replan ? "replan" : "trainer");
        else
            cJSON_AddNullToObject(o, "skipped_by");
        int started = g->first_start_ms != LECTERN_DELIVERY_NO_TIME;
        add_num(o, "start_minutes", started, started ? minutes2(g->first_start_ms - d->start_ms) : 0);
    }
    cJSON *pauses = cJSON_AddArrayToObject(root, "pauses");
    for (size_t k = 0; pauses && k < d->n_pauses; k++) {
        const dl_pause *pz = &d->pauses[k];
        int64_t end = pz->end_ms != LECTERN_DELIVERY_NO_TIME ? pz->end_ms : (t > pz->start_ms ? t : pz->start_ms);
        cJSON *o = lectern_json_append_object(pauses);
        if (!o)
            goto oom;
        cJSON_AddStringToObject(o, "reason", pause_name(pz->reason));
        cJSON_AddStringToObject(o, "segment", d->p->segments[pz->segment].id);
        cJSON_AddNumberToObject(o, "start_minutes", minutes2(pz->start_ms - d->start_ms));
        cJSON_AddNumberToObject(o, "minutes", minutes2(end - pz->start_ms));
        cJSON_AddBoolToObject(o, "in_progress", pz->end_ms == LECTERN_DELIVERY_NO_TIME);
    }
    cJSON *resumes = cJSON_AddArrayToObject(root, "resumes");
    for (size_t k = 0; resumes && k < d->n_resumes; k++) {
        cJSON *o = lectern_json_append_object(resumes);
        if (!o)
            goto oom;
        cJSON_AddNumberToObject(o, "at_minutes", minutes2(d->resumes[k] - d->start_ms));
    }
    cJSON *replans = cJSON_AddArrayToObject(root, "replans");
    for (size_t k = 0; replans && k < d->n_replans; k++) {
        const dl_replan *r = &d->replans[k];
        cJSON *o = lectern_json_append_object(replans);
        if (!o)
            goto oom;
        cJSON_AddNumberToObject(o, "at_minutes", minutes2(r->at_ms - d->start_ms));
        cJSON_AddNumberToObject(o, "behind_minutes", minutes2(r->behind_ms));
        cJSON_AddNumberToObject(o, "saves_minutes", minutes2(r->saves_ms));
        cJSON_AddNumberToObject(o, "skipped", r->n_skipped);
        cJSON_AddNumberToObject(o, "shortened", r->n_shortened);
        cJSON_AddBoolToObject(o, "feasible", r->feasible);
    }
    if (!segs || !pauses || !resumes || !replans || !(*out = cJSON_Print(root)))
        goto oom;
    cJSON_Delete(root);
    return 0;
oom:
    cJSON_Delete(root);
    return lectern_error_set(err, LECTERN_ENOMEM, "delivery log: out of memory");
}

/* ---- CSV ---- */

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void put_field(lectern_strbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        lectern_strbuf_printf(b, "%s,", s);
        return;
    }
    lectern_strbuf_printf(b, "\"");
    for (const char *p = s; *p; p++)
        if (*p == '"')
            lectern_strbuf_printf(b, "\"\"");
        else
            lectern_strbuf_printf(b, "%c", *p);
    lectern_strbuf_printf(b, "\",");
}

static void row_head(lectern_strbuf *b, const lectern_delivery *d, const char *record, const char *start)
{
    put_field(b, record);
    put_field(b, lectern_course_id(d->c));
    put_field(b, lectern_course_version(d->c));
    put_field(b, d->p->id);
    put_field(b, d->rehearsal ? "rehearsal" : "live");
    put_field(b, start);
}

int lectern_delivery_log_csv(lectern_delivery *d, uint64_t now_ms, char **out, lectern_error *err)
{
    int64_t t = dl_clock(d, now_ms);
    lectern_strbuf b = {0};
    char start[64] = "";
    *out = NULL;
    if (d->has_wall)
        lectern_delivery_format_utc(d->wall_start, start, sizeof start);
    lectern_strbuf_printf(&b, "record,course_id,course_version,plan_id,mode,start_utc,index,segment_id,"
                          "title,kind,state,planned_min,final_min,actual_min,at_min,pause_reason,paused_min\r\n");
    for (size_t i = 0; i < d->n; i++) {
        const dl_seg *g = &d->segs[i];
        const lectern_segment *seg = &d->p->segments[i];
        row_head(&b, d, "segment", start);
        lectern_strbuf_printf(&b, "%zu,", i + 1);
        put_field(&b, seg->id);
        put_field(&b, dl_title(d, i));
        put_field(&b, lectern_segment_kind_name(seg->kind));
        put_field(&b, lectern_segstate_name(g->state));
        lectern_strbuf_printf(&b, "%.2f,%.2f,%.2f,", minutes2(g->original_ms),
            minutes2(g->state == LECTERN_SEGSTATE_SKIPPED ? 0 : g->planned_ms), minutes2(dl_actual(d, i, t)));
        if (g->first_start_ms != LECTERN_DELIVERY_NO_TIME)
            lectern_strbuf_printf(&b, "%.2f,,\r\n", minutes2(g->first_start_ms - d->start_ms));
        else
            lectern_strbuf_printf(&b, ",,\r\n");
    }
    for (size_t k = 0; k < d->n_pauses; k++) {
        const dl_pause *pz = &d->pauses[k];
        int64_t end = pz->end_ms != LECTERN_DELIVERY_NO_TIME ? pz->end_ms : (t > pz->start_ms ? t : pz->start_ms);
        row_head(&b, d, "pause", start);
        lectern_strbuf_printf(&b, "%zu,", pz->segment + 1);
        put_field(&b, d->p->segments[pz->segment].id);
        lectern_strbuf_printf(&b, ",,,,,,%.2f,%s,%.2f\r\n", minutes2(pz->start_ms - d->start_ms),
                              pause_name(pz->reason), minutes2(end - pz->start_ms));
    }
    int64_t paused = dl_paused_total(d, t);
    row_head(&b, d, "total", start);
    lectern_strbuf_printf(&b, ",,");
    put_field(&b, lectern_text_get(&d->p->title, d->lang, lectern_course_default_lang(d->c)));
    lectern_strbuf_printf(&b, ",%s,%.2f,%.2f,%.2f,%.2f,,%.2f\r\n", d->finished ? "finished" : "in_progress",
        minutes2(d->planned_total_ms), minutes2(final_total(d)), minutes2(t - d->start_ms - paused),
        minutes2(t - d->start_ms), minutes2(paused));
    if (b.oom) {
        free(b.s);
        return lectern_error_set(err, LECTERN_ENOMEM, "delivery log: out of memory");
    }
    *out = b.s;
    return 0;
}

/* ---- restoring a delivery from its log ---- */

static int64_t min_ms(const cJSON *o, const char *key, int64_t dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || fabs(v->valuedouble) > 1e9)
        return dflt;
    return dl_min_to_ms(v->valuedouble);
}

/* A count from the log: 0 unless a number in 0..1e6. */
static int small_int(const cJSON *v)
{
    return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble <= 1e6 ? (int)v->valuedouble : 0;
}

static int rs_err(lectern_error *err, int code, const char *path, const char *what)
{
    return lectern_error_set(err, code, "delivery log: %s: %s", path, what);
}

int lectern_delivery_restore(const lectern_course *course, const char *log_json, uint64_t now_ms,
                             lectern_delivery **out, lectern_error *err)
{
    int rc = 0;
    cJSON *root = NULL;
    lectern_delivery *d = NULL;
    char path[96];
    *out = NULL;
    if (!course || !log_json)
        return lectern_error_set(err, LECTERN_EINVAL, "delivery log: missing course or text");
    if ((rc = lectern_json_parse(log_json, strlen(log_json), "delivery log", &root, NULL, NULL, err)) < 0)
        return rc;
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    const char *record = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "record"));
    const cJSON *jcourse = cJSON_GetObjectItemCaseSensitive(root, "course");
    const cJSON *jplan = cJSON_GetObjectItemCaseSensitive(root, "plan");
    const char *course_id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(jcourse, "id"));
    const char *plan_id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(jplan, "id"));
    const cJSON *segs = cJSON_GetObjectItemCaseSensitive(root, "segments");
    if (!cJSON_IsNumber(fmt) || !record || strcmp(record, "delivery") != 0) {
        rc = rs_err(err, LECTERN_ESCHEMA, "record", "not a delivery log (\"format\" and \"record\": \"delivery\" expected)");
        goto done;
    }
    if (fmt->valuedouble > LOG_FORMAT) {
        rc = lectern_error_set(err, LECTERN_EUNSUPPORTED, "delivery log: format %g is newer than this Lectern reads (%d); update Lectern",
                               fmt->valuedouble, LOG_FORMAT);
        goto done;
    }
    if (!course_id || !plan_id || !cJSON_IsArray(segs)) {
        rc = rs_err(err, LECTERN_ESCHEMA, "course.id, plan.id, segments", "missing; the log is incomplete");
        goto done;
    }
    if (strcmp(course_id, lectern_course_id(course)) != 0) {
        rc = lectern_error_set(err, LECTERN_ESCHEMA, "delivery log: course.id: the log is for course \"%.80s\", not \"%s\"",
                               course_id, lectern_course_id(course));
        goto done;
    }
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "finished"))) {
        rc = rs_err(err, LECTERN_EINVAL, "finished", "this delivery has ended; start a new one");
        goto done;
    }
    if ((rc = lectern_delivery_create(course, plan_id, now_ms, &d, err)) < 0)
        goto done;
    const cJSON *jb = cJSON_GetObjectItemCaseSensitive(jplan, "budget_minutes");
    if (cJSON_IsNumber(jb) && jb->valuedouble > 0) {   /* planned to a budget: plan it again */
        const cJSON *jd = cJSON_GetObjectItemCaseSensitive(jplan, "budget_days");
        const cJSON *jm = cJSON_GetObjectItemCaseSensitive(jplan, "day_minutes");
        lectern_budget_plan bp;
        rc = lectern_budget_make(course, d->p, jb->valuedouble, cJSON_IsNumber(jd) ? (int)jd->valuedouble : 0,
                                 cJSON_IsNumber(jm) && jm->valuedouble > 0 ? jm->valuedouble : LECTERN_BUDGET_DAY_MINUTES,
                                 NULL, &bp, err);
        if (rc == 0)
            rc = lectern_delivery_apply_budget(d, &bp);
        lectern_budget_free(&bp);
        if (rc < 0) {
            if (rc != LECTERN_ELIMIT)
                rs_err(err, LECTERN_ESCHEMA, "plan.budget_minutes", "the plan no longer fits this budget");
            rc = LECTERN_ESCHEMA;
            goto done;
        }
    }
    int64_t t = d->start_ms;    /* the restore moment, in session ms */
    d->segs[d->cur].state = LECTERN_SEGSTATE_PENDING;
    d->segs[d->cur].first_start_ms = LECTERN_DELIVERY_NO_TIME;

    /* segments: times relative to the start, fixed up below */
    int64_t active = 0;
    size_t k = 0;
    for (const cJSON *o = segs->child; o; o = o->next, k++) {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "id"));
        const char *state = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "state"));
        size_t i = 0;
        while (id && i < d->n && strcmp(d->p->segments[i].id, id) != 0)
            i++;
        snprintf(path, sizeof path, "segments[%zu].id", k);
        if (!id || i == d->n) {
            rc = lectern_error_set(err, LECTERN_ESCHEMA, "delivery log: %s: plan \"%s\" has no segment \"%.80s\"",
                                   path, plan_id, id ? id : "(missing)");
            goto done;
        }
        dl_seg *g = &d->segs[i];
        g->actual_ms = min_ms(o, "actual_minutes", 0);
        if (g->actual_ms < 0)
            g->actual_ms = 0;
        g->extended_ms = min_ms(o, "extended_minutes", 0);
        g->replanned = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "shortened"));
        int skipped = state && strcmp(state, "skipped") == 0;
        g->planned_ms = skipped ? g->original_ms + g->extended_ms : min_ms(o, "final_minutes", g->original_ms);
        if (g->planned_ms < 0)
            g->planned_ms = 0;
        const char *by = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "skipped_by"));
        g->skipped_by_replan = by && strcmp(by, "replan") == 0 ? 1 : by && strcmp(by, "budget") == 0 ? 2 : 0;
        g->state = skipped ? LECTERN_SEGSTATE_SKIPPED
                   : state && strcmp(state, "done") == 0 ? LECTERN_SEGSTATE_DONE : LECTERN_SEGSTATE_PENDING;
        g->first_start_ms = min_ms(o, "start_minutes", LECTERN_DELIVERY_NO_TIME); /* relative for now */
        g->soon_fired = g->ended_fired = g->actual_ms >= g->planned_ms;
        active += g->actual_ms;
    }

    /* pauses (lengths count; one in progress goes on) */
    const cJSON *pauses = cJSON_GetObjectItemCaseSensitive(root, "pauses");
    size_t np = (size_t)cJSON_GetArraySize(pauses);
    int64_t paused = 0, inprog_len = 0;
    if (np) {
        d->pauses = calloc(np, sizeof *d->pauses);
        if (!d->pauses) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "delivery: out of memory");
            goto done;
        }
        d->cap_pauses = np;
    }
    for (const cJSON *o = pauses ? pauses->child : NULL; o; o = o->next) {
        const char *seg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "segment"));
        const char *reason = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "reason"));
        size_t i = 0;
        while (seg && i < d->n && strcmp(d->p->segments[i].id, seg) != 0)
            i++;
        dl_pause *pz = &d->pauses[d->n_pauses++];
        pz->segment = i < d->n ? i : 0;
        pz->reason = reason && strcmp(reason, "break") == 0 ? LECTERN_PAUSE_BREAK : LECTERN_PAUSE_PAUSE;
        pz->start_ms = min_ms(o, "start_minutes", 0);
        int64_t len = min_ms(o, "minutes", 0);
        if (len < 0)
            len = 0;
        paused += len;
        pz->end_ms = pz->start_ms + len;
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "in_progress")) && o->next == NULL) {
            d->paused = 1;          /* the last pause goes on */
            d->reason = pz->reason;
            inprog_len = len;
        } else {
            d->paused_closed_ms += len;
        }
    }

    /* the clock: elapsed = active + paused, so the session goes on where it stopped */
    d->start_ms = t - active - paused;
    d->last_ms = t;
    for (size_t i = 0; i < d->n; i++)
        if (d->segs[i].first_start_ms != LECTERN_DELIVERY_NO_TIME)
            d->segs[i].first_start_ms += d->start_ms;
    for (size_t i = 0; i < d->n_pauses; i++) {
        dl_pause *pz = &d->pauses[i];
        if (d->paused && i + 1 == d->n_pauses) {
            pz->start_ms = t - inprog_len;
            pz->end_ms = LECTERN_DELIVERY_NO_TIME;
        } else {
            pz->start_ms += d->start_ms;
            pz->end_ms += d->start_ms;
        }
    }

    /* position */
    const cJSON *cur = cJSON_GetObjectItemCaseSensitive(root, "current");
    const char *cur_id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cur, "segment"));
    size_t ci = d->n;
    for (size_t i = 0; cur_id && i < d->n; i++)
        if (strcmp(d->p->segments[i].id, cur_id) == 0)
            ci = i;
    for (size_t i = 0; ci == d->n && i < d->n; i++)
        if (d->segs[i].state == LECTERN_SEGSTATE_PENDING)
            ci = i;
    if (ci == d->n)
        ci = d->n - 1;
    d->cur = ci;
    d->segs[ci].state = LECTERN_SEGSTATE_CURRENT;
    if (d->segs[ci].first_start_ms == LECTERN_DELIVERY_NO_TIME)
        d->segs[ci].first_start_ms = t;
    double item = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(cur, "item"));
    d->item_pos = item >= 0 && item < (double)d->p->segments[ci].n_items ? (size_t)item : 0;

    /* settings and history */
    const char *mode = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "mode"));
    d->rehearsal = mode && strcmp(mode, "rehearsal") == 0;
    const cJSON *att = cJSON_GetObjectItemCaseSensitive(root, "attendance");
    d->attendance = cJSON_IsNumber(att) && att->valuedouble >= 0 && att->valuedouble < 1e6 ? (int)att->valuedouble : -1;
    const cJSON *wall = cJSON_GetObjectItemCaseSensitive(root, "start_epoch_ms");
    if (cJSON_IsNumber(wall) && fabs(wall->valuedouble) < 9e15) {
        d->has_wall = 1;
        d->wall_start = (int64_t)wall->valuedouble;
    }
    const cJSON *replans = cJSON_GetObjectItemCaseSensitive(root, "replans");
    for (const cJSON *o = replans ? replans->child : NULL; o; o = o->next) {
        dl_replan r = {d->start_ms + min_ms(o, "at_minutes", 0), min_ms(o, "behind_minutes", 0),
                       min_ms(o, "saves_minutes", 0),
                       small_int(cJSON_GetObjectItemCaseSensitive(o, "skipped")),
                       small_int(cJSON_GetObjectItemCaseSensitive(o, "shortened")),
                       cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "feasible"))};
        dl_note_replan(d, &r);
    }
    const cJSON *resumes = cJSON_GetObjectItemCaseSensitive(root, "resumes");
    size_t nr = (size_t)cJSON_GetArraySize(resumes);
    d->resumes = calloc(nr + 1, sizeof *d->resumes);
    if (!d->resumes) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "delivery: out of memory");
        goto done;
    }
    for (const cJSON *o = resumes ? resumes->child : NULL; o; o = o->next)
        d->resumes[d->n_resumes++] = d->start_ms + min_ms(o, "at_minutes", 0);
    d->resumes[d->n_resumes++] = t;
    *out = d;
    d = NULL;
done:
    lectern_delivery_destroy(d);
    cJSON_Delete(root);
    return rc;
}
