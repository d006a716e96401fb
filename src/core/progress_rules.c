/* Completion rules evaluated against the course model (per module and course:
 * required views, exercises attempted and passed, mastery m of n), recording
 * of completion flips, and reconciliation when a newer course version arrives.
 * The rules are described in courses/README.md ("How completion is evaluated"). */
#include "progress_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 when what is left of a version is only zeros and dots ("", ".0", ".0.0"). */
static int rest_is_zero(const char *s)
{
    for (; *s; s++)
        if (*s != '0' && *s != '.')
            return 0;
    return 1;
}

int lectern_version_compare(const char *a, const char *b)
{
    a = a ? a : "";
    b = b ? b : "";
    while (*a || *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            char *ea, *eb;
            unsigned long long x = strtoull(a, &ea, 10), y = strtoull(b, &eb, 10);
            if (x != y)
                return x < y ? -1 : 1;
            a = ea;
            b = eb;
            continue;
        }
        if (!*a)
            return rest_is_zero(b) ? 0 : -1;
        if (!*b)
            return rest_is_zero(a) ? 0 : 1;
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return 0;
}

/* The rule that applies to module m: its own, else the course's, else defaults. */
static lectern_completion rule_for(const lectern_course *c, const lectern_module *m)
{
    lectern_completion r;
    if (m && m->completion.set)
        r = m->completion;
    else if (lectern_course_completion(c) && lectern_course_completion(c)->set)
        r = *lectern_course_completion(c);
    else {
        memset(&r, 0, sizeof r);
        r.require_viewed = 1;
        r.require_passed = 1;
        r.video_percent = 90;
    }
    if (r.video_percent < 0)
        r.video_percent = 0;
    if (r.video_percent > 100)
        r.video_percent = 100;
    return r;
}

/* ---- item states of a whole course ---------------------------------------- */

int lectern_progress_item_states(lectern_progress *p, int64_t profile, const char *course_id,
                                 lectern_item_state_fn fn, void *user, lectern_error *err)
{
    sqlite3_stmt *st = NULL;
    if (prog_prepare(p, "SELECT item_id, " PROG_ITEM_COLUMNS " FROM item_state"
                        " WHERE profile_id=? AND course_id=?", &st) != SQLITE_OK)
        return prog_db_err(p, err, LECTERN_EIO, "reading item states");
    sqlite3_bind_int64(st, 1, profile);
    sqlite3_bind_text(st, 2, course_id, -1, SQLITE_STATIC);
    int rc = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        lectern_item_state s;
        memset(&s, 0, sizeof s);
        s.best_score = -1;
        s.last_score = -1;
        const char *id = (const char *)sqlite3_column_text(st, 0);
        rc = prog_item_row(st, 1, &s, err);
        if (rc == 0 && id)
            rc = fn(id, &s, user);
        lectern_item_state_clear(&s);
        if (rc < 0)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = prog_db_err(p, err, LECTERN_EIO, "reading item states");
    prog_release(p, st);
    return rc;
}

/* The course's item states by item index (what completion needs of them). */
typedef struct states_by_index {
    const lectern_course *c;
    lectern_item_state *v;      /* ranges and reflection not kept */
} states_by_index;

static int keep_state(const char *item_id, const lectern_item_state *s, void *user)
{
    states_by_index *b = user;
    long i = lectern_course_item_index(b->c, item_id);
    if (i >= 0) {
        b->v[i] = *s;
        b->v[i].ranges = NULL;
        b->v[i].n_ranges = 0;
        b->v[i].reflection = NULL;
    }
    return 0;
}

/* states: by item index, NULL when they could not be read (all zero then,
 * as before when one item could not be read). */
static void eval_module(const lectern_item_state *states, const lectern_course *c,
                        const lectern_module *m, lectern_module_progress *mp, int *units,
                        int *done)
{
    lectern_completion r = rule_for(c, m);
    memset(mp, 0, sizeof *mp);
    mp->module_id = m->id;
    for (size_t k = 0; k < m->n_items; k++) {
        const lectern_item *it = lectern_course_item(c, m->first_item + k);
        if (!it)
            continue;
        lectern_item_state s;
        if (states)
            s = states[m->first_item + k];
        else
            memset(&s, 0, sizeof s);
        if (s.review)
            mp->n_review++;
        mp->time_ms += s.time_ms;
        if (it->kind == LECTERN_ITEM_EXERCISE) {
            mp->n_exercises++;
            mp->n_attempted += s.attempts > 0;
            mp->n_passed += s.passed != 0;
        } else if (r.require_viewed) {
            mp->n_views++;
            int ok;
            if (it->kind == LECTERN_ITEM_VIDEO)
                ok = r.video_percent == 0 ? (s.viewed || s.watched_ms > 0)
                     : s.duration_ms > 0
                       && s.watched_ms * 100 >= (int64_t)r.video_percent * s.duration_ms;
            else
                ok = s.viewed;
            mp->n_viewed += ok;
        }
    }
    int rule_ok;
    if (r.mastery_correct > 0 && r.mastery_of > 0) {
        /* m of n, scaled to the exercises the module has (rounded up) */
        int64_t need = ((int64_t)mp->n_exercises * r.mastery_correct + r.mastery_of - 1)
                       / r.mastery_of;
        mp->mastery_needed = (int)(need > mp->n_exercises ? mp->n_exercises : need);
        rule_ok = mp->n_passed >= mp->mastery_needed;
    } else if (r.require_passed) {
        rule_ok = mp->n_passed == mp->n_exercises;
    } else {
        rule_ok = 1;
    }
    int u = mp->n_views + mp->n_exercises, d = mp->n_viewed + mp->n_attempted;
    mp->fraction = u ? (double)d / u : 1.0;
    mp->completed = d == u;
    mp->passed = mp->completed && rule_ok;
    *units += u;
    *done += d;
}

/* Reads module_state (completed, passed) of one module; 0,0 when absent. */
static void module_state(lectern_progress *p, int64_t profile, const char *cid,
                         const char *mid, int *completed, int *passed)
{
    sqlite3_stmt *st = NULL;
    *completed = *passed = 0;
    if (sqlite3_prepare_v2(p->db, "SELECT completed, passed FROM module_state WHERE"
                                  " profile_id=? AND course_id=? AND module_id=?", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, profile);
        sqlite3_bind_text(st, 2, cid, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, mid, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            *completed = sqlite3_column_int(st, 0);
            *passed = sqlite3_column_int(st, 1);
        }
    }
    sqlite3_finalize(st);
}

/* The language the profile studies the course in: that of its latest event
 * carrying one, else the course's first language. Owned by the caller. */
static char *study_lang(lectern_progress *p, int64_t profile, const lectern_course *c)
{
    sqlite3_stmt *st = NULL;
    char *lang = NULL;
    if (prog_prepare(p, "SELECT json_extract(payload, '$.lang') FROM event WHERE profile_id=?"
                        " AND course_id=? AND json_extract(payload, '$.lang') IS NOT NULL"
                        " ORDER BY t_ms DESC, id DESC LIMIT 1", &st) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, profile);
        sqlite3_bind_text(st, 2, lectern_course_id(c), -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT)
            lang = strdup((const char *)sqlite3_column_text(st, 0));
    }
    prog_release(p, st);
    if (!lang && lectern_course_default_lang(c))
        lang = strdup(lectern_course_default_lang(c));
    return lang;
}

/* A completion flip of module `id` (scope "module") or of the course (id "",
 * scope "course"), with the language studied in and the title in it. */
static int record_completion(lectern_progress *p, int64_t profile, const lectern_course *c,
                             const lectern_text *title, const char *lang, const char *id,
                             const char *scope, int completed, int success, double fraction,
                             int64_t now_ms, lectern_error *err)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "scope", scope);
    cJSON_AddBoolToObject(o, "completed", completed);
    cJSON_AddBoolToObject(o, "success", success);
    cJSON_AddNumberToObject(o, "fraction", (double)(int64_t)(fraction * 10000 + 0.5) / 10000);
    if (lang && *lang)
        cJSON_AddStringToObject(o, "lang", lang);
    const char *name = title ? lectern_text_get(title, lang, lectern_course_default_lang(c)) : "";
    if (name && *name)
        cJSON_AddStringToObject(o, "name", name);
    char *payload = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!payload)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    int rc = prog_insert_event(p, NULL, profile, lectern_course_id(c),
                               lectern_course_version(c), id, "completed", payload, now_ms,
                               NULL, err);
    free(payload);
    return rc;
}

int lectern_progress_evaluate(lectern_progress *p, int64_t profile, const lectern_course *c,
                              int64_t now_ms, lectern_course_progress **out,
                              lectern_error *err)
{
    int rc = 0;
    size_t nm = lectern_course_n_modules(c);
    const char *cid = lectern_course_id(c);
    lectern_course_progress *cp = calloc(1, sizeof *cp);
    if (out)
        *out = NULL;
    if (!cp || !(cp->modules = calloc(nm ? nm : 1, sizeof *cp->modules))) {
        free(cp);
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    }
    cp->n_modules = nm;
    char *lang = NULL;
    states_by_index sb = { c, NULL };
    if ((rc = prog_begin(p, err)) < 0)
        goto fail_nort;
    /* Flips are recorded only once the trainee has done something in the course. */
    int oc = 0, os = 0, have = prog_course_state(p, profile, cid, NULL, &oc, &os, NULL, err);
    if (have < 0 && have != LECTERN_ENOTFOUND) {
        rc = have;
        goto fail;
    }
    /* every item's state in one query (a course has thousands of items) */
    size_t ni = lectern_course_n_items(c);
    sb.v = calloc(ni ? ni : 1, sizeof *sb.v);
    for (size_t i = 0; sb.v && i < ni; i++)
        sb.v[i].best_score = sb.v[i].last_score = -1;
    lectern_error serr = {0};
    if (sb.v && lectern_progress_item_states(p, profile, cid, keep_state, &sb, &serr) < 0) {
        free(sb.v);
        sb.v = NULL;
    }
    int units = 0, done = 0, all_completed = 1, all_passed = 1;
    for (size_t i = 0; i < nm; i++) {
        lectern_module_progress *mp = &cp->modules[i];
        eval_module(sb.v, c, lectern_course_module(c, i), mp, &units, &done);
        cp->time_ms += mp->time_ms;
        all_completed &= mp->completed;
        all_passed &= mp->passed;
        int mc, mpass;
        module_state(p, profile, cid, mp->module_id, &mc, &mpass);
        if (have == 0 && (mc != mp->completed || mpass != mp->passed)) {
            if (!lang)
                lang = study_lang(p, profile, c);
            if ((rc = record_completion(p, profile, c, &lectern_course_module(c, i)->title,
                                        lang, mp->module_id, "module", mp->completed,
                                        mp->passed, mp->fraction, now_ms, err)) < 0)
                goto fail;
        }
    }
    cp->fraction = units ? (double)done / units : 1.0;
    cp->completed = all_completed;
    cp->success = all_completed && all_passed;
    if (have == 0 && (oc != cp->completed || os != cp->success)) {
        if (!lang)
            lang = study_lang(p, profile, c);
        if ((rc = record_completion(p, profile, c, lectern_course_title(c), lang, "", "course",
                                    cp->completed, cp->success, cp->fraction, now_ms,
                                    err)) < 0)
            goto fail;
    }
    if ((rc = prog_course_state(p, profile, cid, NULL, NULL, NULL, &cp->completed_ms, err)) < 0
        && rc != LECTERN_ENOTFOUND)
        goto fail;
    rc = 0;
    if (!cp->completed)
        cp->completed_ms = 0;
    if ((rc = prog_commit(p, err)) < 0)
        goto fail_nort;
    free(lang);
    free(sb.v);
    if (out)
        *out = cp;
    else
        lectern_course_progress_free(cp);
    return 0;
fail:
    prog_rollback(p);
fail_nort:
    free(lang);
    free(sb.v);
    lectern_course_progress_free(cp);
    return rc;
}

void lectern_course_progress_free(lectern_course_progress *cp)
{
    if (!cp)
        return;
    free(cp->modules);
    free(cp);
}

/* ---- versions ----------------------------------------------------------- */

static cJSON *str_array(const char *const *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
    return a;
}

static int record_version(lectern_progress *p, int64_t profile, const char *cid,
                          const char *from, const char *to, cJSON *review, cJSON *reset,
                          cJSON *removed, cJSON *restored, int64_t now_ms, lectern_error *err)
{
    cJSON *o = cJSON_CreateObject();
    if (from)
        cJSON_AddStringToObject(o, "from", from);
    else
        cJSON_AddNullToObject(o, "from");
    cJSON_AddStringToObject(o, "to", to);
    cJSON_AddItemToObject(o, "review", review ? review : cJSON_CreateArray());
    cJSON_AddItemToObject(o, "reset", reset ? reset : cJSON_CreateArray());
    cJSON_AddItemToObject(o, "removed", removed ? removed : cJSON_CreateArray());
    cJSON_AddItemToObject(o, "restored", restored ? restored : cJSON_CreateArray());
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!s)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    int rc = prog_insert_event(p, NULL, profile, cid, to, "", "version", s, now_ms, NULL, err);
    free(s);
    return rc;
}

int lectern_progress_reconcile_lists(lectern_progress *p, int64_t profile,
                                     const char *course_id, const char *to_version,
                                     const char *const *review, size_t n_review,
                                     const char *const *reset, size_t n_reset,
                                     const char *const *removed, size_t n_removed,
                                     int64_t now_ms, lectern_error *err)
{
    char *seen = NULL;
    int rc = prog_begin(p, err);
    if (rc < 0)
        return rc;
    prog_course_state(p, profile, course_id, &seen, NULL, NULL, NULL, NULL);
    rc = record_version(p, profile, course_id, seen, to_version, str_array(review, n_review),
                        str_array(reset, n_reset), str_array(removed, n_removed), NULL,
                        now_ms, err);
    free(seen);
    if (rc < 0) {
        prog_rollback(p);
        return rc;
    }
    return prog_commit(p, err);
}

static int in_array(const cJSON *a, const char *s)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
        if (cJSON_IsString(e) && strcmp(e->valuestring, s) == 0)
            return 1;
    return 0;
}

int lectern_progress_reconcile(lectern_progress *p, int64_t profile, const lectern_course *c,
                               int64_t now_ms, lectern_reconcile_result *res,
                               lectern_error *err)
{
    const char *cid = lectern_course_id(c), *ver = lectern_course_version(c);
    char *seen = NULL;
    cJSON *review = cJSON_CreateArray(), *reset = cJSON_CreateArray();
    cJSON *removed = cJSON_CreateArray(), *restored = cJSON_CreateArray();
    sqlite3_stmt *st = NULL;
    int rc;
    if (res)
        memset(res, 0, sizeof *res);
    if ((rc = prog_begin(p, err)) < 0)
        goto done;
    rc = prog_course_state(p, profile, cid, &seen, NULL, NULL, NULL, err);
    if (rc == LECTERN_ENOTFOUND || (rc == 0 && (!seen || strcmp(seen, ver) == 0))) {
        rc = 0;     /* never opened, or the same version: nothing to do */
        goto commit;
    }
    if (rc < 0)
        goto done;
    /* Changelog entries newer than what the profile saw, up to this version;
     * reset wins over review, review over keep. */
    for (size_t i = 0; i < lectern_course_n_changes(c); i++) {
        const lectern_change *ch = lectern_course_change(c, i);
        if (lectern_version_compare(ch->version, seen) <= 0
            || lectern_version_compare(ch->version, ver) > 0)
            continue;
        for (size_t k = 0; k < ch->n_items; k++) {
            const char *id = ch->items[k].id, *rule = ch->items[k].rule;
            if (!lectern_course_find_item(c, id))
                continue;
            if (rule && strcmp(rule, "reset") == 0 && !in_array(reset, id))
                cJSON_AddItemToArray(reset, cJSON_CreateString(id));
            else if (rule && strcmp(rule, "review") == 0 && !in_array(review, id))
                cJSON_AddItemToArray(review, cJSON_CreateString(id));
        }
    }
    /* an item both reviewed and reset in different entries is reset */
    for (int i = cJSON_GetArraySize(review) - 1; i >= 0; i--)
        if (in_array(reset, cJSON_GetArrayItem(review, i)->valuestring))
            cJSON_DeleteItemFromArray(review, i);
    if (sqlite3_prepare_v2(p->db, "SELECT item_id, removed FROM item_state WHERE profile_id=?"
                                  " AND course_id=? ORDER BY item_id", -1, &st, NULL)
        != SQLITE_OK) {
        rc = prog_db_err(p, err, LECTERN_EIO, "reading item state");
        goto done;
    }
    sqlite3_bind_int64(st, 1, profile);
    sqlite3_bind_text(st, 2, cid, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        int was_removed = sqlite3_column_int(st, 1);
        int present = lectern_course_find_item(c, id) != NULL;
        if (!present && !was_removed)
            cJSON_AddItemToArray(removed, cJSON_CreateString(id));
        else if (present && was_removed)
            cJSON_AddItemToArray(restored, cJSON_CreateString(id));
    }
    sqlite3_finalize(st);
    st = NULL;
    if (res) {
        res->changed = 1;
        res->n_review = cJSON_GetArraySize(review);
        res->n_reset = cJSON_GetArraySize(reset);
        res->n_removed = cJSON_GetArraySize(removed);
    }
    rc = record_version(p, profile, cid, seen, ver, review, reset, removed, restored, now_ms,
                        err);
    review = reset = removed = restored = NULL;     /* owned by the event payload */
    if (rc < 0)
        goto done;
commit:
    rc = prog_commit(p, err);
done:
    if (rc < 0)
        prog_rollback(p);
    sqlite3_finalize(st);
    cJSON_Delete(review);
    cJSON_Delete(reset);
    cJSON_Delete(removed);
    cJSON_Delete(restored);
    free(seen);
    return rc;
}
