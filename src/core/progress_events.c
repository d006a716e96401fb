/* The append-only event log and the summaries derived from it: each recording
 * function inserts one event and applies it to item_state / course_state /
 * module_state in the same transaction; prog_rebuild replays a profile's
 * course from its events (after a merge or an out-of-order event). */
#include "progress_internal.h"
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- watched ranges --------------------------------------------------- */

int prog_ranges_add(lectern_range **v, size_t *n, int64_t from, int64_t to)
{
    if (to <= from)
        return 0;
    lectern_range *nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return LECTERN_ENOMEM;
    *v = nv;
    /* insert sorted by from, then merge overlapping or touching neighbours */
    size_t i = *n;
    while (i > 0 && nv[i - 1].from_ms > from) {
        nv[i] = nv[i - 1];
        i--;
    }
    nv[i].from_ms = from;
    nv[i].to_ms = to;
    (*n)++;
    size_t o = 0;
    for (size_t k = 1; k < *n; k++) {
        if (nv[k].from_ms <= nv[o].to_ms) {
            if (nv[k].to_ms > nv[o].to_ms)
                nv[o].to_ms = nv[k].to_ms;
        } else {
            nv[++o] = nv[k];
        }
    }
    *n = o + 1;
    return 0;
}

int64_t prog_ranges_covered(const lectern_range *v, size_t n, int64_t clip)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t a = v[i].from_ms < 0 ? 0 : v[i].from_ms;
        int64_t b = v[i].to_ms;
        if (clip > 0 && b > clip)
            b = clip;
        if (b > a)
            sum += b - a;
    }
    return sum;
}

static int ranges_parse(const char *json, lectern_range **v, size_t *n)
{
    *v = NULL;
    *n = 0;
    cJSON *a = cJSON_Parse(json ? json : "[]");
    cJSON *r;
    int rc = 0;
    cJSON_ArrayForEach(r, a) {
        cJSON *x = cJSON_GetArrayItem(r, 0), *y = cJSON_GetArrayItem(r, 1);
        if (cJSON_IsNumber(x) && cJSON_IsNumber(y)
            && (rc = prog_ranges_add(v, n, lectern_json_i64(x->valuedouble), lectern_json_i64(y->valuedouble))) < 0)
            break;
    }
    cJSON_Delete(a);
    return rc;
}

static char *ranges_json(const lectern_range *v, size_t n)
{
    size_t cap = 3 + n * 44;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    size_t o = 0;
    s[o++] = '[';
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(s + o, cap - o, "%s[%lld,%lld]", i ? "," : "",
                              (long long)v[i].from_ms, (long long)v[i].to_ms);
    s[o++] = ']';
    s[o] = '\0';
    return s;
}

/* ---- item_state rows -------------------------------------------------- */

static int item_load(lectern_progress *p, int64_t profile, const char *course_id,
                     const char *item_id, lectern_item_state *s, int *found, lectern_error *err)
{
    sqlite3_stmt *st = NULL;
    memset(s, 0, sizeof *s);
    s->best_score = -1;
    s->last_score = -1;
    *found = 0;
    if (prog_prepare(p, "SELECT " PROG_ITEM_COLUMNS " FROM item_state WHERE profile_id=?"
                           " AND course_id=? AND item_id=?", &st) != SQLITE_OK)
        return prog_db_err(p, err, LECTERN_EIO, "reading item state");
    sqlite3_bind_int64(st, 1, profile);
    sqlite3_bind_text(st, 2, course_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, item_id, -1, SQLITE_STATIC);
    int rc = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *found = 1;
        rc = prog_item_row(st, 0, s, err);
    }
    prog_release(p, st);
    return rc;
}

/* See progress_internal.h. */
int prog_item_row(sqlite3_stmt *st, int c0, lectern_item_state *s, lectern_error *err)
{
    int rc = 0;
    s->viewed = sqlite3_column_int(st, c0 + 0);
    s->time_ms = sqlite3_column_int64(st, c0 + 1);
    s->attempts = sqlite3_column_int(st, c0 + 2);
    if (sqlite3_column_type(st, c0 + 3) != SQLITE_NULL)
        s->best_score = sqlite3_column_double(st, c0 + 3);
    if (sqlite3_column_type(st, c0 + 4) != SQLITE_NULL)
        s->last_score = sqlite3_column_double(st, c0 + 4);
    s->passed = sqlite3_column_int(st, c0 + 5);
    s->duration_ms = sqlite3_column_int64(st, c0 + 6);
    if (ranges_parse((const char *)sqlite3_column_text(st, c0 + 7), &s->ranges, &s->n_ranges) < 0)
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    s->watched_ms = sqlite3_column_int64(st, c0 + 8);
    s->bookmarked = sqlite3_column_int(st, c0 + 9);
    const unsigned char *t = sqlite3_column_text(st, c0 + 10);
    s->reflection = t ? strdup((const char *)t) : NULL;
    s->review = sqlite3_column_int(st, c0 + 11);
    s->removed = sqlite3_column_int(st, c0 + 12);
    s->watched_percent = s->duration_ms > 0 ? 100.0 * (double)s->watched_ms
                                              / (double)s->duration_ms : 0;
    return rc;
}

static int item_store(lectern_progress *p, int64_t profile, const char *course_id,
                      const char *item_id, const lectern_item_state *s, int64_t t_ms,
                      lectern_error *err)
{
    sqlite3_stmt *st = NULL;
    char *rj = ranges_json(s->ranges, s->n_ranges);
    int rc = 0;
    if (!rj)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    if (prog_prepare(p, "INSERT OR REPLACE INTO item_state(profile_id, course_id, item_id,"
                           " viewed, time_ms, attempts, best_score, last_score, passed,"
                           " duration_ms, ranges, watched_ms, bookmarked, reflection, review,"
                           " removed, updated_ms) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st) != SQLITE_OK) {
        rc = prog_db_err(p, err, LECTERN_EIO, "writing item state");
        goto done;
    }
    sqlite3_bind_int64(st, 1, profile);
    sqlite3_bind_text(st, 2, course_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, item_id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, s->viewed);
    sqlite3_bind_int64(st, 5, s->time_ms);
    sqlite3_bind_int(st, 6, s->attempts);
    if (s->best_score >= 0)
        sqlite3_bind_double(st, 7, s->best_score);
    if (s->last_score >= 0)
        sqlite3_bind_double(st, 8, s->last_score);
    sqlite3_bind_int(st, 9, s->passed);
    sqlite3_bind_int64(st, 10, s->duration_ms);
    sqlite3_bind_text(st, 11, rj, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 12, s->watched_ms);
    sqlite3_bind_int(st, 13, s->bookmarked);
    if (s->reflection)
        sqlite3_bind_text(st, 14, s->reflection, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 15, s->review);
    sqlite3_bind_int(st, 16, s->removed);
    sqlite3_bind_int64(st, 17, t_ms);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = prog_db_err(p, err, LECTERN_EIO, "writing item state");
done:
    prog_release(p, st);
    free(rj);
    return rc;
}

void lectern_item_state_clear(lectern_item_state *s)
{
    if (!s)
        return;
    free(s->ranges);
    free(s->reflection);
    memset(s, 0, sizeof *s);
    s->best_score = -1;
    s->last_score = -1;
}

int lectern_progress_item(lectern_progress *p, int64_t profile, const char *course_id,
                          const char *item_id, lectern_item_state *out, lectern_error *err)
{
    int found;
    return item_load(p, profile, course_id, item_id, out, &found, err);
}

/* ---- applying events ---------------------------------------------------- */

static int64_t jint(const cJSON *o, const char *k, int64_t dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? lectern_json_i64(v->valuedouble) : dflt;
}

static int jbool(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsTrue(v) || (cJSON_IsNumber(v) && v->valuedouble != 0);
}

static void reset_exercise(lectern_item_state *s)
{
    s->attempts = 0;
    s->best_score = -1;
    s->last_score = -1;
    s->passed = 0;
}

/* Applies a per-item change of a version event to one item. */
static int version_items(lectern_progress *p, int64_t profile, const char *course_id,
                         const cJSON *list, int what, int64_t t_ms, lectern_error *err)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list) {
        if (!cJSON_IsString(e))
            continue;
        lectern_item_state s;
        int found, rc = item_load(p, profile, course_id, e->valuestring, &s, &found, err);
        if (rc == 0 && (found || what != 2)) {
            if (what == 0) {
                s.review = 1;
            } else if (what == 1) {
                reset_exercise(&s);
                s.review = 1;
            } else if (what == 2) {
                s.removed = 1;
            } else {
                s.removed = 0;
            }
            rc = item_store(p, profile, course_id, e->valuestring, &s, t_ms, err);
        }
        lectern_item_state_clear(&s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int course_touch(lectern_progress *p, int64_t profile, const char *course_id,
                        const char *version, int64_t t_ms, lectern_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (prog_prepare(p, "INSERT INTO course_state(profile_id, course_id, seen_version,"
                           " last_ms) VALUES(?1,?2,?3,?4) ON CONFLICT(profile_id, course_id)"
                           " DO UPDATE SET last_ms=max(last_ms, ?4),"
                           " seen_version=coalesce(seen_version, ?3)", &st)
        != SQLITE_OK)
        return prog_db_err(p, err, LECTERN_EIO, "writing course state");
    sqlite3_bind_int64(st, 1, profile);
    sqlite3_bind_text(st, 2, course_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, version, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, t_ms);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = prog_db_err(p, err, LECTERN_EIO, "writing course state");
    prog_release(p, st);
    return rc;
}

/* Runs `sql` with ?1 profile, ?2 course, ?3 text a, ?4 int b, ?5 int c, ?6 int d. */
static int course_sql(lectern_progress *p, const char *sql, int64_t profile,
                      const char *course_id, const char *a, int64_t b, int64_t c, int64_t d,
                      lectern_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (prog_prepare(p, sql, &st) != SQLITE_OK)
        return prog_db_err(p, err, LECTERN_EIO, sql);
    sqlite3_bind_int64(st, 1, profile);
    sqlite3_bind_text(st, 2, course_id, -1, SQLITE_STATIC);
    if (a)
        sqlite3_bind_text(st, 3, a, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, b);
    sqlite3_bind_int64(st, 5, c);
    sqlite3_bind_int64(st, 6, d);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = prog_db_err(p, err, LECTERN_EIO, sql);
    prog_release(p, st);
    return rc;
}

static int apply_completed(lectern_progress *p, int64_t profile, const char *course_id,
                           const char *item_id, const cJSON *pl, int64_t t_ms,
                           lectern_error *err)
{
    const cJSON *scope = cJSON_GetObjectItemCaseSensitive(pl, "scope");
    int comp = jbool(pl, "completed"), succ = jbool(pl, "success");
    if (cJSON_IsString(scope) && strcmp(scope->valuestring, "module") == 0)
        return course_sql(p,
                          "INSERT OR REPLACE INTO module_state(profile_id, course_id,"
                          " module_id, completed, passed, t_ms) VALUES(?1,?2,?3,?4,?5,?6)",
                          profile, course_id, item_id, comp, succ, t_ms, err);
    /* course: the date is when it became completed, or became successful */
    return course_sql(p,
                      "UPDATE course_state SET completed_ms = CASE"
                      " WHEN ?4 AND (NOT completed OR (?5 AND NOT success)) THEN ?6"
                      " WHEN ?4 THEN completed_ms ELSE 0 END,"
                      " completed=?4, success=?5 WHERE profile_id=?1 AND course_id=?2",
                      profile, course_id, NULL, comp, succ, t_ms, err);
}

int prog_apply(lectern_progress *p, int64_t profile, const char *course_id,
               const char *course_version, const char *item_id, const char *kind,
               const char *payload, int64_t t_ms, lectern_error *err)
{
    int rc = course_touch(p, profile, course_id, course_version, t_ms, err);
    if (rc < 0)
        return rc;
    cJSON *pl = cJSON_Parse(payload ? payload : "{}");
    lectern_item_state s;
    int found = 0, item_change = 1;
    memset(&s, 0, sizeof s);
    if (strcmp(kind, "completed") == 0) {
        rc = apply_completed(p, profile, course_id, item_id, pl, t_ms, err);
        goto done;
    }
    if (strcmp(kind, "position") == 0) {
        rc = course_sql(p, "UPDATE course_state SET position_item=?3, position_ms=?4"
                           " WHERE profile_id=?1 AND course_id=?2",
                        profile, course_id, item_id, jint(pl, "offset_ms", 0), 0, 0, err);
        goto done;
    }
    if (strcmp(kind, "version") == 0) {
        const cJSON *to = cJSON_GetObjectItemCaseSensitive(pl, "to");
        if ((rc = version_items(p, profile, course_id,
                                cJSON_GetObjectItemCaseSensitive(pl, "review"), 0, t_ms, err)) < 0
            || (rc = version_items(p, profile, course_id,
                                   cJSON_GetObjectItemCaseSensitive(pl, "reset"), 1, t_ms, err)) < 0
            || (rc = version_items(p, profile, course_id,
                                   cJSON_GetObjectItemCaseSensitive(pl, "removed"), 2, t_ms,
                                   err)) < 0
            || (rc = version_items(p, profile, course_id,
                                   cJSON_GetObjectItemCaseSensitive(pl, "restored"), 3, t_ms,
                                   err)) < 0)
            goto done;
        rc = course_sql(p, "UPDATE course_state SET seen_version=?3"
                           " WHERE profile_id=?1 AND course_id=?2", profile, course_id,
                        cJSON_IsString(to) ? to->valuestring : course_version, 0, 0, 0, err);
        goto done;
    }
    if (!*item_id)
        goto done;
    if ((rc = item_load(p, profile, course_id, item_id, &s, &found, err)) < 0)
        goto done;
    if (strcmp(kind, "viewed") == 0) {
        s.viewed = 1;
        s.review = 0;
    } else if (strcmp(kind, "time_spent") == 0) {
        int64_t ms = jint(pl, "ms", 0);
        s.time_ms += ms > 0 ? ms : 0;
    } else if (strcmp(kind, "video_range") == 0) {
        int64_t dur = jint(pl, "duration_ms", 0);
        if (dur > s.duration_ms)
            s.duration_ms = dur;
        if ((rc = prog_ranges_add(&s.ranges, &s.n_ranges, jint(pl, "from_ms", 0),
                                  jint(pl, "to_ms", 0))) < 0) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            goto done;
        }
        s.watched_ms = prog_ranges_covered(s.ranges, s.n_ranges, s.duration_ms);
    } else if (strcmp(kind, "attempt") == 0) {
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(pl, "score");
        double score = cJSON_IsNumber(sc) ? sc->valuedouble : 0;
        s.attempts++;
        s.last_score = score;
        if (score > s.best_score)
            s.best_score = score;
        if (jbool(pl, "success"))
            s.passed = 1;
        s.review = 0;
    } else if (strcmp(kind, "bookmark") == 0) {
        s.bookmarked = jbool(pl, "on");
    } else if (strcmp(kind, "reflection") == 0) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(pl, "text");
        free(s.reflection);
        s.reflection = cJSON_IsString(t) ? strdup(t->valuestring) : NULL;
    } else {
        item_change = 0;    /* unknown kinds are kept in the log only */
    }
    if (item_change)
        rc = item_store(p, profile, course_id, item_id, &s, t_ms, err);
done:
    lectern_item_state_clear(&s);
    cJSON_Delete(pl);
    return rc;
}

int prog_rebuild(lectern_progress *p, int64_t profile, const char *course_id,
                 lectern_error *err)
{
    static const char *const del[] = {
        "DELETE FROM item_state WHERE profile_id=?1 AND course_id=?2",
        "DELETE FROM course_state WHERE profile_id=?1 AND course_id=?2",
        "DELETE FROM module_state WHERE profile_id=?1 AND course_id=?2",
    };
    int rc = 0;
    for (int i = 0; i < 3; i++)
        if ((rc = course_sql(p, del[i], profile, course_id, NULL, 0, 0, 0, err)) < 0)
            return rc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(p->db,
                           "SELECT course_version, item_id, kind, payload, t_ms FROM event"
                           " WHERE profile_id=? AND course_id=? ORDER BY t_ms, id", -1, &st,
                           NULL) != SQLITE_OK)
        return prog_db_err(p, err, LECTERN_EIO, "reading events");
    sqlite3_bind_int64(st, 1, profile);
    sqlite3_bind_text(st, 2, course_id, -1, SQLITE_STATIC);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        rc = prog_apply(p, profile, course_id, (const char *)sqlite3_column_text(st, 0),
                        (const char *)sqlite3_column_text(st, 1),
                        (const char *)sqlite3_column_text(st, 2),
                        (const char *)sqlite3_column_text(st, 3), sqlite3_column_int64(st, 4),
                        err);
        if (rc < 0)
            break;
    }
    if (rc == 0 && s != SQLITE_DONE)
        rc = prog_db_err(p, err, LECTERN_EIO, "reading events");
    sqlite3_finalize(st);
    return rc;
}

int prog_course_state(lectern_progress *p, int64_t profile, const char *course_id,
                      char **seen_version, int *completed, int *success,
                      int64_t *completed_ms, lectern_error *err)
{
    sqlite3_stmt *st = NULL;
    if (seen_version)
        *seen_version = NULL;
    if (sqlite3_prepare_v2(p->db,
                           "SELECT seen_version, completed, success, completed_ms FROM"
                           " course_state WHERE profile_id=? AND course_id=?", -1, &st, NULL)
        != SQLITE_OK)
        return prog_db_err(p, err, LECTERN_EIO, "reading course state");
    sqlite3_bind_int64(st, 1, profile);
    sqlite3_bind_text(st, 2, course_id, -1, SQLITE_STATIC);
    int rc = LECTERN_ENOTFOUND;
    if (completed)
        *completed = 0;
    if (success)
        *success = 0;
    if (completed_ms)
        *completed_ms = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        rc = 0;
        const unsigned char *v = sqlite3_column_text(st, 0);
        if (seen_version && v)
            *seen_version = strdup((const char *)v);
        if (completed)
            *completed = sqlite3_column_int(st, 1);
        if (success)
            *success = sqlite3_column_int(st, 2);
        if (completed_ms)
            *completed_ms = sqlite3_column_int64(st, 3);
    }
    sqlite3_finalize(st);
    return rc;
}

static int64_t course_last_ms(lectern_progress *p, int64_t profile, const char *course_id)
{
    sqlite3_stmt *st = NULL;
    int64_t v = INT64_MIN;
    if (prog_prepare(p, "SELECT last_ms FROM course_state WHERE profile_id=? AND"
                                  " course_id=?", &st) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, profile);
        sqlite3_bind_text(st, 2, course_id, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
    }
    prog_release(p, st);
    return v;
}

int prog_insert_event(lectern_progress *p, const char *uid, int64_t profile,
                      const char *course_id, const char *course_version,
                      const char *item_id, const char *kind, const char *payload,
                      int64_t t_ms, int64_t *event_id, lectern_error *err)
{
    char ubuf[37];
    if (!uid) {
        if (prog_uuid4(ubuf) < 0)
            return lectern_error_set(err, LECTERN_EIO, "no random bytes for an event id");
        uid = ubuf;
    }
    int64_t last = course_last_ms(p, profile, course_id);
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (prog_prepare(p, "INSERT INTO event(uid, profile_id, course_id, course_version,"
                           " item_id, kind, payload, t_ms) VALUES(?,?,?,?,?,?,?,?)", &st) != SQLITE_OK)
        return prog_db_err(p, err, LECTERN_EIO, "recording an event");
    sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, profile);
    sqlite3_bind_text(st, 3, course_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, course_version, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, item_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, payload, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, t_ms);
    int s = sqlite3_step(st);
    prog_release(p, st);
    if ((s & 0xff) == SQLITE_CONSTRAINT)
        return lectern_error_set(err, LECTERN_ENOTFOUND, "%s: no profile %lld (or duplicate "
                                 "event %s)", p->path, (long long)profile, uid);
    if (s != SQLITE_DONE)
        return prog_db_err(p, err, LECTERN_EIO, "recording an event");
    if (event_id)
        *event_id = sqlite3_last_insert_rowid(p->db);
    if (t_ms < last)
        rc = prog_rebuild(p, profile, course_id, err);
    else
        rc = prog_apply(p, profile, course_id, course_version, item_id, kind, payload, t_ms,
                        err);
    return rc;
}

/* ---- public recording functions ----------------------------------------- */

int lectern_progress_record(lectern_progress *p, const lectern_progress_ref *r,
                            const char *item_id, const char *kind, const char *payload_json,
                            int64_t now_ms, int64_t *event_id, lectern_error *err)
{
    if (!r || !r->course_id || !*r->course_id || !kind || !*kind)
        return lectern_error_set(err, LECTERN_EINVAL, "progress: event without course or kind");
    const char *payload = payload_json ? payload_json : "{}";
    char *with_lang = NULL;
    cJSON *chk = cJSON_Parse(payload);
    int is_obj = cJSON_IsObject(chk);
    if (is_obj && r->lang && *r->lang && !cJSON_HasObjectItem(chk, "lang")) {
        cJSON_AddStringToObject(chk, "lang", r->lang);
        if (!(with_lang = cJSON_PrintUnformatted(chk))) {
            cJSON_Delete(chk);
            return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        }
        payload = with_lang;
    }
    cJSON_Delete(chk);
    if (!is_obj)
        return lectern_error_set(err, LECTERN_EINVAL, "progress: %s event payload is not a "
                                 "JSON object", kind);
    int rc = prog_begin(p, err);
    if (rc < 0) {
        free(with_lang);
        return rc;
    }
    rc = prog_insert_event(p, NULL, r->profile, r->course_id,
                           r->course_version ? r->course_version : "", item_id ? item_id : "",
                           kind, payload, now_ms, event_id, err);
    free(with_lang);
    if (rc < 0) {
        prog_rollback(p);
        return rc;
    }
    return prog_commit(p, err);
}

/* Records kind with a payload made of cJSON object o (consumed). */
static int record_obj(lectern_progress *p, const lectern_progress_ref *r, const char *item_id,
                      const char *kind, cJSON *o, int64_t now_ms, int64_t *event_id,
                      lectern_error *err)
{
    char *s = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!s)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    int rc = lectern_progress_record(p, r, item_id, kind, s, now_ms, event_id, err);
    free(s);
    return rc;
}

static int need_item(const char *item_id, lectern_error *err)
{
    if (!item_id || !*item_id)
        return lectern_error_set(err, LECTERN_EINVAL, "progress: no item id given");
    return 0;
}

int lectern_progress_viewed(lectern_progress *p, const lectern_progress_ref *r,
                            const char *item_id, int64_t now_ms, lectern_error *err)
{
    if (need_item(item_id, err) < 0)
        return LECTERN_EINVAL;
    return lectern_progress_record(p, r, item_id, "viewed", "{}", now_ms, NULL, err);
}

int lectern_progress_time_spent(lectern_progress *p, const lectern_progress_ref *r,
                                const char *item_id, int64_t ms, int64_t now_ms,
                                lectern_error *err)
{
    if (need_item(item_id, err) < 0)
        return LECTERN_EINVAL;
    if (ms < 0)
        return lectern_error_set(err, LECTERN_EINVAL, "progress: negative time spent");
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "ms", (double)ms);
    return record_obj(p, r, item_id, "time_spent", o, now_ms, NULL, err);
}

int lectern_progress_video_range(lectern_progress *p, const lectern_progress_ref *r,
                                 const char *item_id, int64_t from_ms, int64_t to_ms,
                                 int64_t duration_ms, int64_t now_ms, lectern_error *err)
{
    if (need_item(item_id, err) < 0)
        return LECTERN_EINVAL;
    if (from_ms < 0 || to_ms < from_ms || duration_ms < 0)
        return lectern_error_set(err, LECTERN_EINVAL, "progress: bad video range %lld..%lld",
                                 (long long)from_ms, (long long)to_ms);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "from_ms", (double)from_ms);
    cJSON_AddNumberToObject(o, "to_ms", (double)to_ms);
    cJSON_AddNumberToObject(o, "duration_ms", (double)duration_ms);
    return record_obj(p, r, item_id, "video_range", o, now_ms, NULL, err);
}

const char *lectern_interaction_name(lectern_interaction t)
{
    static const char *const names[LECTERN_INTERACTION_COUNT] = {
        "choice", "true-false", "matching", "sequencing", "fill-in", "long-fill-in", "other"};
    return (unsigned)t < LECTERN_INTERACTION_COUNT ? names[t] : "other";
}

int lectern_progress_attempt(lectern_progress *p, const lectern_progress_ref *r,
                             const char *item_id, const lectern_attempt *a,
                             int64_t now_ms, int64_t *event_id, lectern_error *err)
{
    if (need_item(item_id, err) < 0 || !a)
        return lectern_error_set(err, LECTERN_EINVAL, "progress: attempt without item");
    double score = isnan(a->score) ? 0 : a->score < 0 ? 0 : a->score > 1 ? 1 : a->score;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "response", a->response ? a->response : "");
    cJSON_AddNumberToObject(o, "score", score);
    cJSON_AddBoolToObject(o, "success", a->success != 0);
    cJSON_AddNumberToObject(o, "duration_ms", (double)(a->duration_ms > 0 ? a->duration_ms : 0));
    cJSON_AddStringToObject(o, "interaction", lectern_interaction_name(a->interaction));
    return record_obj(p, r, item_id, "attempt", o, now_ms, event_id, err);
}

int lectern_progress_bookmark(lectern_progress *p, const lectern_progress_ref *r,
                              const char *item_id, int on, int64_t now_ms, lectern_error *err)
{
    if (need_item(item_id, err) < 0)
        return LECTERN_EINVAL;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "on", on != 0);
    return record_obj(p, r, item_id, "bookmark", o, now_ms, NULL, err);
}

int lectern_progress_reflection(lectern_progress *p, const lectern_progress_ref *r,
                                const char *item_id, const char *text, int64_t now_ms,
                                lectern_error *err)
{
    if (need_item(item_id, err) < 0)
        return LECTERN_EINVAL;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "text", text ? text : "");
    return record_obj(p, r, item_id, "reflection", o, now_ms, NULL, err);
}

int lectern_progress_position(lectern_progress *p, const lectern_progress_ref *r,
                              const char *item_id, int64_t offset_ms, int64_t now_ms,
                              lectern_error *err)
{
    if (need_item(item_id, err) < 0)
        return LECTERN_EINVAL;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "offset_ms", (double)(offset_ms > 0 ? offset_ms : 0));
    return record_obj(p, r, item_id, "position", o, now_ms, NULL, err);
}

/* 1 when an attempt at item_id ("" : the course) is open: its latest
 * "attempted" event has no "attempt" (answer) after it. */
static int attempt_open(lectern_progress *p, const lectern_progress_ref *r, const char *item_id)
{
    sqlite3_stmt *st = NULL;
    int open = 0;
    if (prog_prepare(p, "SELECT kind FROM event WHERE profile_id=? AND course_id=? AND"
                        " item_id=? AND kind IN ('attempted', 'attempt')"
                        " ORDER BY t_ms DESC, id DESC LIMIT 1", &st) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, r->profile);
        sqlite3_bind_text(st, 2, r->course_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, item_id, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            open = strcmp((const char *)sqlite3_column_text(st, 0), "attempted") == 0;
    }
    prog_release(p, st);
    return open;
}

int lectern_progress_attempted(lectern_progress *p, const lectern_progress_ref *r,
                               const char *item_id, const char *name, int64_t now_ms,
                               int *recorded, lectern_error *err)
{
    if (recorded)
        *recorded = 0;
    if (!r || !r->course_id)
        return lectern_error_set(err, LECTERN_EINVAL, "progress: event without course");
    if (!item_id)
        item_id = "";
    if (attempt_open(p, r, item_id))
        return 0;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "scope", *item_id ? "item" : "course");
    if (name && *name)
        cJSON_AddStringToObject(o, "name", name);
    int rc = record_obj(p, r, item_id, "attempted", o, now_ms, NULL, err);
    if (rc == 0 && recorded)
        *recorded = 1;
    return rc;
}

int lectern_progress_resumed(lectern_progress *p, const lectern_progress_ref *r,
                             const char *item_id, int64_t offset_ms, const char *name,
                             int64_t now_ms, lectern_error *err)
{
    if (need_item(item_id, err) < 0)
        return LECTERN_EINVAL;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "at", item_id);
    cJSON_AddNumberToObject(o, "offset_ms", (double)(offset_ms > 0 ? offset_ms : 0));
    if (name && *name)
        cJSON_AddStringToObject(o, "name", name);
    /* a course-level event: the item it resumes at is in the payload */
    return record_obj(p, r, "", "resumed", o, now_ms, NULL, err);
}

int64_t lectern_progress_n_events(lectern_progress *p)
{
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(p->db, "SELECT count(*) FROM event", -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

int lectern_progress_has_event(lectern_progress *p, int64_t event_id)
{
    sqlite3_stmt *st = NULL;
    int has = 0;
    if (sqlite3_prepare_v2(p->db, "SELECT 1 FROM event WHERE id=?", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, event_id);
        has = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return has;
}

int lectern_progress_resume(lectern_progress *p, int64_t profile, const char *course_id,
                            char **item_id, int64_t *offset_ms, lectern_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = LECTERN_ENOTFOUND;
    *item_id = NULL;
    if (offset_ms)
        *offset_ms = 0;
    if (sqlite3_prepare_v2(p->db, "SELECT position_item, position_ms FROM course_state WHERE"
                                  " profile_id=? AND course_id=? AND position_item IS NOT NULL",
                           -1, &st, NULL) != SQLITE_OK)
        return prog_db_err(p, err, LECTERN_EIO, "reading the resume position");
    sqlite3_bind_int64(st, 1, profile);
    sqlite3_bind_text(st, 2, course_id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *item_id = strdup((const char *)sqlite3_column_text(st, 0));
        if (offset_ms)
            *offset_ms = sqlite3_column_int64(st, 1);
        rc = *item_id ? 0 : lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    } else {
        lectern_error_set(err, LECTERN_ENOTFOUND, "%s: no resume position for course %s",
                          p->path, course_id);
    }
    sqlite3_finalize(st);
    return rc;
}
