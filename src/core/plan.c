/* Lesson plans (plans/<id>.json): timed segments over the course's items.
 * The loader checks structure, kinds, minutes and that every item id
 * resolves; the timing and re-planning live with the trainer mode. */
#include "course_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const seg_kind_names[LECTERN_SEG_COUNT] = {
    "presentation", "video", "exercise", "discussion", "group_activity", "break", "qa",
};

const char *lectern_segment_kind_name(lectern_segment_kind k)
{
    if ((int)k < 0 || k >= LECTERN_SEG_COUNT)
        return NULL;
    return seg_kind_names[k];
}

/* N_ marks the English labels for xgettext (po/POTFILES). */
#define N_(s) s

static const char *const seg_kind_labels[LECTERN_SEG_COUNT] = {
    N_("presentation"), N_("video"), N_("exercise"), N_("discussion"), N_("group activity"),
    N_("break"), N_("questions"),
};

const char *lectern_segment_kind_label(lectern_segment_kind k)
{
    if ((int)k < 0 || k >= LECTERN_SEG_COUNT)
        return NULL;
    return seg_kind_labels[k];
}

#define SEG_KIND_LIST "presentation, video, exercise, discussion, group_activity, break, qa"

static void parse_segment(cm_ctx *x, const cJSON *v, const char *path, lectern_segment *s)
{
    static const char *const known[] = {
        "id", "title", "kind", "minutes", "min_minutes", "optional", "priority", "day", "items",
        "notes", "materials", "instructions", NULL};
    lectern_course *c = x->c;
    char p[CM_PATH], q[CM_PATH];
    cm_unknown_fields(x, v, path, known);
    cm_id(x, v, path, "id", 1, &s->id);
    cm_text(x, v, path, "title", 1, &s->title);
    char *kind = NULL;
    cm_pkey(p, sizeof p, path, "kind");
    if (cm_string(x, v, path, "kind", 1, &kind) > 0) {
        int k = -1;
        for (int i = 0; i < LECTERN_SEG_COUNT; i++)
            if (strcmp(kind, seg_kind_names[i]) == 0)
                k = i;
        if (k < 0)
            cm_error(x, LECTERN_ESCHEMA, p, "unknown kind \"%.40s\"; use one of %s", kind, SEG_KIND_LIST);
        else
            s->kind = (lectern_segment_kind)k;
    }
    int have_min = cm_number(x, v, path, "minutes", 1, 0, 1, 100000, &s->minutes);
    cm_pkey(p, sizeof p, path, "min_minutes");
    int have_mm = cm_number(x, v, path, "min_minutes", 0, 0, 1, 100000, &s->min_minutes);
    if (have_mm <= 0)
        s->min_minutes = s->minutes;
    else if (have_min > 0 && s->min_minutes > s->minutes)
        cm_error(x, LECTERN_ESCHEMA, p, "min_minutes (%g) is more than minutes (%g); make it at most %g",
                 s->min_minutes, s->minutes, s->minutes);
    cm_bool(x, v, path, "optional", 0, &s->optional);
    s->priority = 1;
    cm_int(x, v, path, "priority", 0, 1, 1000, &s->priority);
    cm_int(x, v, path, "day", 0, 1, 100, &s->day);
    cm_text(x, v, path, "notes", 0, &s->notes);
    cm_text(x, v, path, "materials", 0, &s->materials);
    cm_text(x, v, path, "instructions", 0, &s->instructions);
    const cJSON *items = cm_array(x, v, path, "items", 0, NULL);
    if (!items)
        return;
    cm_pkey(p, sizeof p, path, "items");
    size_t n = (size_t)cJSON_GetArraySize(items);
    s->items = cm_alloc(&c->arena, (n ? n : 1) * sizeof *s->items);
    if (!s->items) {
        x->oom = 1;
        return;
    }
    size_t j = 0;
    for (const cJSON *it = items->child; it; it = it->next, j++) {
        cm_pidx(q, sizeof q, p, j);
        if (!cJSON_IsString(it)) {
            cm_error(x, LECTERN_ESCHEMA, q, "expected an item id (a string), found %s", cm_type_name(it));
            continue;
        }
        if (!lectern_course_find_item(c, it->valuestring) && !x->module_unread) {
            cm_error(x, LECTERN_ENOTFOUND, q,
                     "no item \"%.80s\" in the course; fix the id or remove it from the plan", it->valuestring);
            continue;
        }
        if (!(s->items[s->n_items++] = cm_strdup(&c->arena, it->valuestring)))
            x->oom = 1;
    }
}

static void parse_plan(cm_ctx *x, const char *file, lectern_plan *pl)
{
    static const char *const known[] = {"id", "title", "audience", "total_minutes", "segments", NULL};
    lectern_course *c = x->c;
    char p[CM_PATH];
    lectern_json_arena *arena;
    cJSON *root = cm_read_json(x, file, &arena);
    if (!root)
        return;
    const char *saved = x->file;
    x->file = file;
    cm_unknown_fields(x, root, "", known);
    /* the id the file name promises: plans/<id>.json */
    char want[CM_PATH];
    snprintf(want, sizeof want, "%.*s", (int)(strlen(file) - 5 - 6), file + 6);
    if (cm_id(x, root, "", "id", 1, &pl->id) > 0 && strcmp(pl->id, want) != 0)
        cm_error(x, LECTERN_ESCHEMA, "id", "plan id \"%s\" does not match its file name %s; make them the same",
                 pl->id, file);
    cm_text(x, root, "", "title", 1, &pl->title);
    cm_text(x, root, "", "audience", 0, &pl->audience);
    int have_total = cm_number(x, root, "", "total_minutes", 1, 0, 1, 1000000, &pl->total_minutes);
    const cJSON *segs = cm_array(x, root, "", "segments", 1, NULL);
    if (segs) {
        size_t n = (size_t)cJSON_GetArraySize(segs);
        if (n == 0)
            cm_error(x, LECTERN_ESCHEMA, "segments", "empty list; add at least one segment");
        else if (n > LECTERN_MAX_SEGMENTS)
            cm_error(x, LECTERN_ELIMIT, "segments", "%zu segments, more than the limit of %d",
                     n, LECTERN_MAX_SEGMENTS);
        else if (!(pl->segments = cm_alloc(&c->arena, n * sizeof *pl->segments)))
            x->oom = 1;
        size_t i = 0;
        double sum = 0;
        for (const cJSON *v = segs->child; v && pl->segments && !x->oom; v = v->next, i++) {
            cm_pidx(p, sizeof p, "segments", i);
            if (!cJSON_IsObject(v)) {
                cm_error(x, LECTERN_ESCHEMA, p, "expected a segment object {\"id\", \"title\", \"kind\", \"minutes\", ...}, found %s",
                         cm_type_name(v));
                continue;
            }
            lectern_segment *s = &pl->segments[pl->n_segments++];
            parse_segment(x, v, p, s);
            sum += s->minutes;
            const lectern_segment *prev = pl->n_segments > 1 ? s - 1 : NULL;
            if (prev && (s->day < prev->day || (s->day != 0) != (prev->day != 0))) {
                char dp[CM_PATH];
                cm_pkey(dp, sizeof dp, p, "day");
                if (s->day && prev->day)
                    cm_error(x, LECTERN_ESCHEMA, dp, "day %d comes after day %d; put the segments in day order",
                             s->day, prev->day);
                else if (prev->day)
                    cm_error(x, LECTERN_ESCHEMA, dp, "give every segment a day, or none (the segment before has one)");
                else
                    cm_error(x, LECTERN_ESCHEMA, dp, "give every segment a day, or none (the segment before has not one)");
            }
            for (size_t k = 0; s->id && k + 1 < pl->n_segments; k++) {
                if (pl->segments[k].id && strcmp(pl->segments[k].id, s->id) == 0) {
                    char ip[CM_PATH];
                    cm_pkey(ip, sizeof ip, p, "id");
                    cm_error(x, LECTERN_ESCHEMA, ip,
                             "duplicate segment id \"%s\": also used by segments[%zu]; segment ids must be unique in a plan",
                             s->id, k);
                    break;
                }
            }
        }
        if (have_total > 0 && pl->n_segments && fabs(sum - pl->total_minutes) > 0.01)
            cm_warn(x, "total_minutes",
                    "total_minutes is %g but the segments add up to %g minutes; make them agree", pl->total_minutes, sum);
    }
    x->file = saved;
    lectern_json_arena_free(arena);
}

void cm_parse_plans(cm_ctx *x)
{
    lectern_course *c = x->c;
    size_t n = 0, count = lectern_reader_count(x->r);
    for (size_t e = 0; e < count; e++) {
        const char *name = lectern_reader_entry(x->r, e)->name;
        size_t len = strlen(name);
        if (strncmp(name, "plans/", 6) == 0 && len > 11 && strcmp(name + len - 5, ".json") == 0 &&
            !strchr(name + 6, '/'))
            n++;
    }
    if (n == 0)
        return;
    if (n > LECTERN_MAX_PLANS) {
        const char *saved = x->file;
        x->file = "plans/";
        cm_error(x, LECTERN_ELIMIT, "", "%zu plans, more than the limit of %d", n, LECTERN_MAX_PLANS);
        x->file = saved;
        return;
    }
    c->plans = cm_alloc(&c->arena, n * sizeof *c->plans);
    if (!c->plans) {
        x->oom = 1;
        return;
    }
    for (size_t e = 0; e < count && !x->oom; e++) {
        const char *name = lectern_reader_entry(x->r, e)->name;
        size_t len = strlen(name);
        if (strncmp(name, "plans/", 6) != 0 || len <= 11 || strcmp(name + len - 5, ".json") != 0 ||
            strchr(name + 6, '/'))
            continue;
        lectern_plan *pl = &c->plans[c->n_plans++];
        if (!(pl->file = cm_strdup(&c->arena, name))) {
            x->oom = 1;
            return;
        }
        parse_plan(x, pl->file, pl);
    }
}
