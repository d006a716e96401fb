/* Merging another laptop's progress into this store: from its progress.sqlite
 * (opened read-only) or from a lectern_progress_export_events file. Profiles
 * are matched by identifier, else by name; events are keyed by their uid so a
 * second import adds nothing; touched summaries are rebuilt from the log. */
#include "progress_internal.h"
#include "json.h"
#include "lectern/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t lookup(lectern_progress *p, const char *sql, const char *arg)
{
    sqlite3_stmt *st = NULL;
    int64_t id = 0;
    if (prog_prepare(p, sql, &st) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            id = sqlite3_column_int64(st, 0);
    }
    prog_release(p, st);
    return id;
}

int prog_merge_profile(prog_merge *m, const char *uid, const char *name, const char *ident,
                       const char *origin, int64_t created_ms, int64_t *id)
{
    lectern_progress *p = m->p;
    if (ident && !*ident)
        ident = NULL;
    *id = 0;
    if (ident)
        *id = lookup(p, "SELECT id FROM profile WHERE identifier=?", ident);
    else
        *id = lookup(p, "SELECT id FROM profile WHERE identifier IS NULL AND"
                        " name=? COLLATE NOCASE", name);
    if (!*id && uid)
        *id = lookup(p, "SELECT id FROM profile WHERE uid=?", uid);
    if (*id) {
        m->st.profiles_matched++;
        return 0;
    }
    char ubuf[37];
    if (!uid) {
        if (prog_uuid4(ubuf) < 0)
            return lectern_error_set(m->err, LECTERN_EIO, "no random bytes");
        uid = ubuf;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(p->db,
                           "INSERT INTO profile(uid, name, identifier, origin_device, created_ms,"
                           " last_used_ms) VALUES(?,?,?,?,?,0)", -1, &st, NULL) != SQLITE_OK)
        return prog_db_err(p, m->err, LECTERN_EIO, "importing a profile");
    sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    if (ident)
        sqlite3_bind_text(st, 3, ident, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, origin ? origin : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, created_ms);
    int s = sqlite3_step(st);
    sqlite3_finalize(st);
    if (s != SQLITE_DONE)
        return lectern_error_set(m->err, LECTERN_EINVAL,
                                 "%s: cannot import profile \"%s\": %s", p->path, name,
                                 sqlite3_errmsg(p->db));
    *id = sqlite3_last_insert_rowid(p->db);
    m->st.profiles_created++;
    return 0;
}

int prog_merge_event(prog_merge *m, const char *uid, int64_t profile, const char *cid,
                     const char *cver, const char *item, const char *kind, const char *payload,
                     int64_t t_ms)
{
    lectern_progress *p = m->p;
    sqlite3_stmt *st = NULL;
    if (!uid || !cid || !kind)
        return lectern_error_set(m->err, LECTERN_EFORMAT, "import: event without uid, course "
                                 "or kind");
    if (prog_prepare(p, "INSERT OR IGNORE INTO event(uid, profile_id, course_id,"
                           " course_version, item_id, kind, payload, t_ms)"
                           " VALUES(?,?,?,?,?,?,?,?)", &st) != SQLITE_OK)
        return prog_db_err(p, m->err, LECTERN_EIO, "importing an event");
    sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, profile);
    sqlite3_bind_text(st, 3, cid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, cver ? cver : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, item ? item : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, payload ? payload : "{}", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, t_ms);
    int s = sqlite3_step(st);
    int changed = s == SQLITE_DONE ? sqlite3_changes(p->db) : 0;
    if (s != SQLITE_DONE) {
        int rc = prog_db_err(p, m->err, LECTERN_EIO, "importing an event");
        prog_release(p, st);
        return rc;
    }
    prog_release(p, st);
    if (changed == 0) {
        m->st.events_skipped++;
        return 0;
    }
    m->st.events_added++;
    if (prog_prepare(p, "INSERT OR IGNORE INTO temp.merge_touched VALUES(?,?)", &st) != SQLITE_OK)
        return prog_db_err(p, m->err, LECTERN_EIO, "importing an event");
    sqlite3_bind_int64(st, 1, profile);
    sqlite3_bind_text(st, 2, cid, -1, SQLITE_STATIC);
    s = sqlite3_step(st);
    prog_release(p, st);
    return s == SQLITE_DONE ? 0 : prog_db_err(p, m->err, LECTERN_EIO, "importing an event");
}

/* ---- sources ------------------------------------------------------------ */

static const char *text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static int import_sqlite(prog_merge *m, const char *path)
{
    sqlite3 *src = NULL;
    sqlite3_stmt *st = NULL;
    int64_t *map_from = NULL, *map_to = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        rc = lectern_error_set(m->err, LECTERN_EIO, "%s: cannot open: %s", path,
                               src ? sqlite3_errmsg(src) : "out of memory");
        goto done;
    }
    if (sqlite3_prepare_v2(src, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK
        || sqlite3_step(st) != SQLITE_ROW) {
        rc = lectern_error_set(m->err, LECTERN_EFORMAT, "%s: not a readable progress database: "
                               "%s", path, sqlite3_errmsg(src));
        goto done;
    }
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (v > LECTERN_PROGRESS_SCHEMA) {
        rc = lectern_error_set(m->err, LECTERN_EUNSUPPORTED, "%s: progress schema %lld is newer "
                               "than this Lectern (%d): import it with a newer Lectern", path,
                               (long long)v, LECTERN_PROGRESS_SCHEMA);
        goto done;
    }
    if (v < 1)
        goto done;  /* an empty store: nothing to merge */
    if (sqlite3_prepare_v2(src, "SELECT id, uid, name, identifier, origin_device, created_ms"
                                " FROM profile ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
        rc = lectern_error_set(m->err, LECTERN_EFORMAT, "%s: %s", path, sqlite3_errmsg(src));
        goto done;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t *a = realloc(map_from, cap * sizeof *a), *b;
            if (a)
                map_from = a;
            b = a ? realloc(map_to, cap * sizeof *b) : NULL;
            if (!b) {
                rc = lectern_error_set(m->err, LECTERN_ENOMEM, "out of memory");
                goto done;
            }
            map_to = b;
        }
        map_from[n] = sqlite3_column_int64(st, 0);
        if ((rc = prog_merge_profile(m, text(st, 1), text(st, 2), text(st, 3), text(st, 4),
                              sqlite3_column_int64(st, 5), &map_to[n])) < 0)
            goto done;
        n++;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(src, "SELECT uid, profile_id, course_id, course_version, item_id,"
                                " kind, payload, t_ms FROM event ORDER BY id", -1, &st, NULL)
        != SQLITE_OK) {
        rc = lectern_error_set(m->err, LECTERN_EFORMAT, "%s: %s", path, sqlite3_errmsg(src));
        goto done;
    }
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t from = sqlite3_column_int64(st, 1), to = 0;
        for (size_t i = 0; i < n && !to; i++)
            if (map_from[i] == from)
                to = map_to[i];
        if (!to)
            continue;
        if ((rc = prog_merge_event(m, text(st, 0), to, text(st, 2), text(st, 3), text(st, 4),
                            text(st, 5), text(st, 6), sqlite3_column_int64(st, 7))) < 0)
            goto done;
    }
    if (s != SQLITE_DONE)
        rc = lectern_error_set(m->err, LECTERN_EFORMAT, "%s: reading events: %s", path,
                               sqlite3_errmsg(src));
done:
    sqlite3_finalize(st);
    sqlite3_close(src);
    free(map_from);
    free(map_to);
    return rc;
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int import_json(prog_merge *m, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL, *pl = NULL;
    cJSON *root = NULL;
    int64_t *ids = NULL;
    int rc = 0;
    if (!f)
        return lectern_error_set(m->err, LECTERN_EIO, "%s: cannot read", path);
    if (fseek(f, 0, SEEK_END) != 0) {
        rc = lectern_error_set(m->err, LECTERN_EIO, "%s: cannot read", path);
        goto done;
    }
    long len = ftell(f);
    rewind(f);
    if (len < 0 || (unsigned long long)len > LECTERN_IMPORT_MAX_BYTES || !(buf = malloc((size_t)len + 1))
        || fread(buf, 1, (size_t)len, f) != (size_t)len) {
        rc = lectern_error_set(m->err, len > 0 && (unsigned long long)len > LECTERN_IMPORT_MAX_BYTES
                                           ? LECTERN_ELIMIT : LECTERN_EIO,
                               "%s: cannot read (or larger than the %llu-byte import limit)", path,
                               (unsigned long long)LECTERN_IMPORT_MAX_BYTES);
        goto done;
    }
    buf[len] = '\0';
    /* the same nesting limit as every other JSON Lectern reads */
    if ((rc = lectern_json_parse_max(buf, (size_t)len, LECTERN_IMPORT_MAX_BYTES, path, &root, NULL,
                                     NULL, m->err)) < 0) {
        if (m->err) {
            char why[LECTERN_ERROR_MSG_MAX];
            snprintf(why, sizeof why, "%s", m->err->msg);
            lectern_error_set(m->err, rc, "%s; not a Lectern progress export (make one with "
                              "`lectern progress export --events FILE`)", why);
        }
        goto done;
    }
    const char *fmt = jstr(root, "format");
    if (!root || !fmt || strcmp(fmt, "lectern-progress-events") != 0) {
        rc = lectern_error_set(m->err, LECTERN_EFORMAT, "%s: not a Lectern progress export "
                               "(expected \"format\": \"lectern-progress-events\")", path);
        goto done;
    }
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
    if (!cJSON_IsNumber(ver) || ver->valuedouble > 1) {
        rc = lectern_error_set(m->err, LECTERN_EUNSUPPORTED, "%s: version: export format newer "
                               "than this Lectern", path);
        goto done;
    }
    const cJSON *profiles = cJSON_GetObjectItemCaseSensitive(root, "profiles");
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(root, "events");
    const cJSON *e;
    int i = 0, np = cJSON_GetArraySize(profiles);
    ids = calloc((size_t)(np > 0 ? np : 1), sizeof *ids);
    if (!ids) {
        rc = lectern_error_set(m->err, LECTERN_ENOMEM, "out of memory");
        goto done;
    }
    cJSON_ArrayForEach(e, profiles) {
        const char *name = jstr(e, "name"), *uid = jstr(e, "uid");
        if (!name || !uid) {
            rc = lectern_error_set(m->err, LECTERN_ESCHEMA, "%s: profiles[%d]: name and uid "
                                   "are required", path, i);
            goto done;
        }
        const cJSON *cm = cJSON_GetObjectItemCaseSensitive(e, "created_ms");
        if ((rc = prog_merge_profile(m, uid, name, jstr(e, "identifier"), jstr(e, "origin_device"),
                              cJSON_IsNumber(cm) ? lectern_json_i64(cm->valuedouble) : 0, &ids[i])) < 0)
            goto done;
        i++;
    }
    i = 0;
    cJSON_ArrayForEach(e, events) {
        const char *puid = jstr(e, "profile");
        int64_t pid = 0;
        for (int k = 0; puid && k < np && !pid; k++) {
            const char *u = jstr(cJSON_GetArrayItem(profiles, k), "uid");
            if (u && strcmp(u, puid) == 0)
                pid = ids[k];
        }
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "t_ms");
        const cJSON *payload = cJSON_GetObjectItemCaseSensitive(e, "payload");
        if (!pid || !cJSON_IsNumber(t)) {
            rc = lectern_error_set(m->err, LECTERN_ESCHEMA, "%s: events[%d]: unknown profile or "
                                   "no t_ms", path, i);
            goto done;
        }
        free(pl);
        pl = payload ? cJSON_PrintUnformatted(payload) : NULL;
        if ((rc = prog_merge_event(m, jstr(e, "uid"), pid, jstr(e, "course_id"),
                            jstr(e, "course_version"), jstr(e, "item_id"), jstr(e, "kind"), pl,
                            lectern_json_i64(t->valuedouble))) < 0) {
            lectern_error_prefix(m->err, "%s: events[%d]", path, i);
            goto done;
        }
        i++;
    }
done:
    if (f)
        fclose(f);
    free(buf);
    free(pl);
    free(ids);
    cJSON_Delete(root);
    return rc;
}

int prog_merge_start(prog_merge *m)
{
    int rc = prog_exec(m->p, "CREATE TEMP TABLE IF NOT EXISTS merge_touched(profile_id INTEGER,"
                             " course_id TEXT, PRIMARY KEY(profile_id, course_id))", m->err);
    if (rc < 0 || (rc = prog_begin(m->p, m->err)) < 0)
        return rc;
    if ((rc = prog_exec(m->p, "DELETE FROM temp.merge_touched", m->err)) < 0)
        prog_rollback(m->p);
    return rc;
}

int prog_merge_finish(prog_merge *m, int rc)
{
    lectern_progress *p = m->p;
    sqlite3_stmt *st = NULL;
    if (rc < 0)
        goto fail;
    if (sqlite3_prepare_v2(p->db, "SELECT profile_id, course_id FROM temp.merge_touched", -1,
                           &st, NULL) != SQLITE_OK) {
        rc = prog_db_err(p, m->err, LECTERN_EIO, "rebuilding summaries");
        goto fail;
    }
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        char *cid = strdup(text(st, 1));
        rc = cid ? prog_rebuild(p, sqlite3_column_int64(st, 0), cid, m->err)
                 : lectern_error_set(m->err, LECTERN_ENOMEM, "out of memory");
        free(cid);
    }
    sqlite3_finalize(st);
    if (rc < 0)
        goto fail;
    return prog_commit(p, m->err);
fail:
    prog_rollback(p);
    return rc;
}

int lectern_progress_import(lectern_progress *p, const char *path, lectern_import_stats *stats,
                            lectern_error *err)
{
    prog_merge m = {.p = p, .err = err};
    char head[16] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return lectern_error_set(err, LECTERN_EIO, "%s: cannot read", path);
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    int is_db = got == 16 && memcmp(head, "SQLite format 3", 16) == 0;
    if (stats)
        memset(stats, 0, sizeof *stats);
    int rc = prog_merge_start(&m);
    if (rc < 0)
        return rc;
    rc = is_db ? import_sqlite(&m, path) : import_json(&m, path);
    if ((rc = prog_merge_finish(&m, rc)) < 0)
        return rc;
    if (stats)
        *stats = m.st;
    return 0;
}
