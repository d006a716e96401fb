/* The delivery log: a record of one session (plan, course, start, planned
 * and actual minutes per segment, skips, pauses, re-plans, attendance) as
 * JSON and CSV text for the coordinator. Format in courses/README.md. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "delivery_internal.h"

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

    cJSON *segs = cJSON_AddArrayToObject(root, "segments");
    for (size_t i = 0; segs && i < d->n; i++) {
        const dl_seg *g = &d->segs[i];
        const lectern_segment *seg = &d->p->segments[i];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(segs, o)) {
            cJSON_Delete(o);
            goto oom;
        }
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
            cJSON_AddStringToObject(o, "skipped_by", g->skipped_by_replan ? "replan" : "trainer");
        else
            cJSON_AddNullToObject(o, "skipped_by");
        add_num(o, "start_minutes", g->first_start_ms >= 0, minutes2(g->first_start_ms - d->start_ms));
    }
    cJSON *pauses = cJSON_AddArrayToObject(root, "pauses");
    for (size_t k = 0; pauses && k < d->n_pauses; k++) {
        const dl_pause *pz = &d->pauses[k];
        int64_t end = pz->end_ms >= 0 ? pz->end_ms : (t > pz->start_ms ? t : pz->start_ms);
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(pauses, o)) {
            cJSON_Delete(o);
            goto oom;
        }
        cJSON_AddStringToObject(o, "reason", pause_name(pz->reason));
        cJSON_AddStringToObject(o, "segment", d->p->segments[pz->segment].id);
        cJSON_AddNumberToObject(o, "start_minutes", minutes2(pz->start_ms - d->start_ms));
        cJSON_AddNumberToObject(o, "minutes", minutes2(end - pz->start_ms));
        cJSON_AddBoolToObject(o, "in_progress", pz->end_ms < 0);
    }
    cJSON *replans = cJSON_AddArrayToObject(root, "replans");
    for (size_t k = 0; replans && k < d->n_replans; k++) {
        const dl_replan *r = &d->replans[k];
        cJSON *o = cJSON_CreateObject();
        if (!o || !cJSON_AddItemToArray(replans, o)) {
            cJSON_Delete(o);
            goto oom;
        }
        cJSON_AddNumberToObject(o, "at_minutes", minutes2(r->at_ms - d->start_ms));
        cJSON_AddNumberToObject(o, "behind_minutes", minutes2(r->behind_ms));
        cJSON_AddNumberToObject(o, "saves_minutes", minutes2(r->saves_ms));
        cJSON_AddNumberToObject(o, "skipped", r->n_skipped);
        cJSON_AddNumberToObject(o, "shortened", r->n_shortened);
        cJSON_AddBoolToObject(o, "feasible", r->feasible);
    }
    if (!segs || !pauses || !replans || !(*out = cJSON_Print(root)))
        goto oom;
    cJSON_Delete(root);
    return 0;
oom:
    cJSON_Delete(root);
    return lectern_error_set(err, LECTERN_ENOMEM, "delivery log: out of memory");
}

/* ---- CSV ---- */

typedef struct sbuf {
    char *s;
    size_t len, cap;
    int oom;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sbuf *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int w = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (w < 0) {
            b->oom = 1;
            return;
        }
        if (b->s && b->len + (size_t)w < b->cap) {
            b->len += (size_t)w;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->len + (size_t)w + 1)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->oom = 1;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
}

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void put_field(sbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        put(b, "%s,", s);
        return;
    }
    put(b, "\"");
    for (const char *p = s; *p; p++)
        if (*p == '"')
            put(b, "\"\"");
        else
            put(b, "%c", *p);
    put(b, "\",");
}

static void row_head(sbuf *b, const lectern_delivery *d, const char *record, const char *start)
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
    sbuf b = {0};
    char start[64] = "";
    *out = NULL;
    if (d->has_wall)
        lectern_delivery_format_utc(d->wall_start, start, sizeof start);
    put(&b, "record,course_id,course_version,plan_id,mode,start_utc,index,segment_id,title,kind,state,"
            "planned_min,final_min,actual_min,at_min,pause_reason,paused_min\r\n");
    for (size_t i = 0; i < d->n; i++) {
        const dl_seg *g = &d->segs[i];
        const lectern_segment *seg = &d->p->segments[i];
        row_head(&b, d, "segment", start);
        put(&b, "%zu,", i + 1);
        put_field(&b, seg->id);
        put_field(&b, dl_title(d, i));
        put_field(&b, lectern_segment_kind_name(seg->kind));
        put_field(&b, lectern_segstate_name(g->state));
        put(&b, "%.2f,%.2f,%.2f,", minutes2(g->original_ms),
            minutes2(g->state == LECTERN_SEGSTATE_SKIPPED ? 0 : g->planned_ms), minutes2(dl_actual(d, i, t)));
        if (g->first_start_ms >= 0)
            put(&b, "%.2f,,\r\n", minutes2(g->first_start_ms - d->start_ms));
        else
            put(&b, ",,\r\n");
    }
    for (size_t k = 0; k < d->n_pauses; k++) {
        const dl_pause *pz = &d->pauses[k];
        int64_t end = pz->end_ms >= 0 ? pz->end_ms : (t > pz->start_ms ? t : pz->start_ms);
        row_head(&b, d, "pause", start);
        put(&b, "%zu,", pz->segment + 1);
        put_field(&b, d->p->segments[pz->segment].id);
        put(&b, ",,,,,,%.2f,%s,%.2f\r\n", minutes2(pz->start_ms - d->start_ms), pause_name(pz->reason),
            minutes2(end - pz->start_ms));
    }
    int64_t paused = dl_paused_total(d, t);
    row_head(&b, d, "total", start);
    put(&b, ",,");
    put_field(&b, lectern_text_get(&d->p->title, d->lang, lectern_course_default_lang(d->c)));
    put(&b, ",%s,%.2f,%.2f,%.2f,%.2f,,%.2f\r\n", d->finished ? "finished" : "in_progress",
        minutes2(d->planned_total_ms), minutes2(final_total(d)), minutes2(t - d->start_ms - paused),
        minutes2(t - d->start_ms), minutes2(paused));
    if (b.oom) {
        free(b.s);
        return lectern_error_set(err, LECTERN_ENOMEM, "delivery log: out of memory");
    }
    *out = b.s;
    return 0;
}
