/* Rehearsal: from the time recorded per segment during a run-through,
 * propose planned minutes (rounded to whole minutes, 5-minute steps from
 * 30 minutes) and write them back into the plan's JSON for the author. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "delivery_internal.h"
#include "json.h"

static double round_minutes(int64_t ms)
{
    double m = (double)ms / 60000.0;
    double r = m >= 30.0 ? 5.0 * floor(m / 5.0 + 0.5) : floor(m + 0.5);
    return r < 1.0 ? 1.0 : r;
}

int lectern_delivery_rehearsal_proposal(lectern_delivery *d, uint64_t now_ms,
                                        lectern_rehearsal_proposal *p, lectern_error *err)
{
    memset(p, 0, sizeof *p);
    p->segments = calloc(d->n, sizeof *p->segments);
    if (!p->segments)
        return lectern_error_set(err, LECTERN_ENOMEM, "delivery: out of memory for the rehearsal proposal");
    p->n_segments = d->n;
    int64_t t = dl_clock(d, now_ms);
    for (size_t i = 0; i < d->n; i++) {
        const lectern_segment *seg = &d->p->segments[i];
        lectern_rehearsal_segment *r = &p->segments[i];
        int64_t actual = dl_actual(d, i, t);
        lectern_segstate st = d->segs[i].state;
        r->seg = seg;
        r->planned_minutes = seg->minutes;
        r->actual_minutes = (double)actual / 60000.0;
        r->rehearsed = actual > 0 && (st == LECTERN_SEGSTATE_DONE || st == LECTERN_SEGSTATE_CURRENT);
        r->proposed_minutes = r->rehearsed ? round_minutes(actual) : seg->minutes;
        r->proposed_min_minutes = seg->min_minutes < r->proposed_minutes ? seg->min_minutes : r->proposed_minutes;
        p->planned_total_minutes += seg->minutes;
        p->proposed_total_minutes += r->proposed_minutes;
    }
    return 0;
}

void lectern_rehearsal_proposal_free(lectern_rehearsal_proposal *p)
{
    if (!p)
        return;
    free(p->segments);
    p->segments = NULL;
    p->n_segments = 0;
}

static int set_number(cJSON *obj, const char *key, double v)
{
    cJSON *num = cJSON_CreateNumber(v);
    if (!num)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(obj, key))
        return cJSON_ReplaceItemInObjectCaseSensitive(obj, key, num) ? 0 : (cJSON_Delete(num), -1);
    return cJSON_AddItemToObject(obj, key, num) ? 0 : (cJSON_Delete(num), -1);
}

int lectern_delivery_rehearsal_plan_json(lectern_delivery *d, const lectern_rehearsal_proposal *p,
                                         char **out, lectern_error *err)
{
    int rc = 0;
    void *text = NULL;
    size_t len = 0;
    cJSON *root = NULL;
    *out = NULL;
    if (!p || p->n_segments != d->n)
        return lectern_error_set(err, LECTERN_EINVAL, "%s: the proposal is not for this plan", d->p->file);
    lectern_reader *r = lectern_course_reader(d->c);
    if (!r)
        return lectern_error_set(err, LECTERN_EINVAL, "%s: the course has no reader to re-read the plan", d->p->file);
    if ((rc = lectern_reader_read(r, d->p->file, &text, &len, err)) < 0)
        goto done;
    if ((rc = lectern_json_parse(text, len, d->p->file, &root, NULL, NULL, err)) < 0)
        goto done;
    cJSON *segs = cJSON_GetObjectItemCaseSensitive(root, "segments");
    if (!cJSON_IsArray(segs)) {
        rc = lectern_error_set(err, LECTERN_ESCHEMA, "%s: segments: not an array (the file changed since it was loaded)",
                               d->p->file);
        goto done;
    }
    for (cJSON *s = segs->child; s; s = s->next) {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "id"));
        for (size_t i = 0; id && i < p->n_segments; i++) {
            const lectern_rehearsal_segment *rs = &p->segments[i];
            if (strcmp(rs->seg->id, id) != 0)
                continue;
            int has_min = cJSON_GetObjectItemCaseSensitive(s, "min_minutes") != NULL;
            if (set_number(s, "minutes", rs->proposed_minutes) < 0 ||
                ((has_min || rs->proposed_min_minutes != rs->proposed_minutes) &&
                 set_number(s, "min_minutes", rs->proposed_min_minutes) < 0)) {
                rc = lectern_error_set(err, LECTERN_ENOMEM, "delivery: out of memory");
                goto done;
            }
            break;
        }
    }
    if (set_number(root, "total_minutes", p->proposed_total_minutes) < 0 || !(*out = cJSON_Print(root))) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "delivery: out of memory");
        goto done;
    }
done:
    cJSON_Delete(root);
    free(text);
    return rc;
}
