/* Trainee profiles in the progress store: create (name, optional identifier),
 * list, remember the last one chosen, rename, delete with all their data. */
#include "progress_internal.h"

#include <stdlib.h>
#include <string.h>

static char *trim_dup(const char *s)
{
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return strndup(s, n);
}

static int profile_conflict(lectern_progress *p, const char *name, const char *ident,
                            lectern_error *err)
{
    if (ident)
        return lectern_error_set(err, LECTERN_EINVAL,
                                 "%s: a profile with identifier \"%s\" already exists", p->path,
                                 ident);
    return lectern_error_set(err, LECTERN_EINVAL,
                             "%s: a profile named \"%s\" already exists: add an identifier "
                             "or choose another name", p->path, name);
}

int lectern_progress_profile_create(lectern_progress *p, const char *name,
                                    const char *identifier, int64_t now_ms,
                                    int64_t *id_out, lectern_error *err)
{
    int rc = 0;
    sqlite3_stmt *st = NULL;
    char uid[37];
    char *nm = trim_dup(name ? name : "");
    char *id = trim_dup(identifier);
    if (!nm || (identifier && !id)) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto done;
    }
    if (id && !*id) {
        free(id);
        id = NULL;
    }
    if (!*nm || strlen(nm) > 100) {
        rc = lectern_error_set(err, LECTERN_EINVAL, "profile name must be 1 to 100 bytes");
        goto done;
    }
    if (prog_uuid4(uid) < 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "no random bytes for a profile id");
        goto done;
    }
    if (sqlite3_prepare_v2(p->db,
                           "INSERT INTO profile(uid, name, identifier, origin_device, created_ms,"
                           " last_used_ms) VALUES(?,?,?,?,?,0)", -1, &st, NULL) != SQLITE_OK) {
        rc = prog_db_err(p, err, LECTERN_EIO, "creating a profile");
        goto done;
    }
    sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, nm, -1, SQLITE_STATIC);
    if (id)
        sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, p->device_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, now_ms);
    int s = sqlite3_step(st);
    if ((s & 0xff) == SQLITE_CONSTRAINT) {
        rc = profile_conflict(p, nm, id, err);
        goto done;
    }
    if (s != SQLITE_DONE) {
        rc = prog_db_err(p, err, LECTERN_EIO, "creating a profile");
        goto done;
    }
    if (id_out)
        *id_out = sqlite3_last_insert_rowid(p->db);
done:
    sqlite3_finalize(st);
    free(nm);
    free(id);
    return rc;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

int lectern_progress_profiles(lectern_progress *p, lectern_profile **out, size_t *n_out,
                              lectern_error *err)
{
    sqlite3_stmt *st = NULL;
    lectern_profile *v = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    *out = NULL;
    *n_out = 0;
    if (sqlite3_prepare_v2(p->db,
                           "SELECT id, uid, name, identifier, created_ms, last_used_ms FROM "
                           "profile ORDER BY last_used_ms DESC, name COLLATE NOCASE, id",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = prog_db_err(p, err, LECTERN_EIO, "listing profiles");
        goto done;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            lectern_profile *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
                goto done;
            }
            v = nv;
        }
        lectern_profile *pr = &v[n++];
        pr->id = sqlite3_column_int64(st, 0);
        pr->uid = col_dup(st, 1);
        pr->name = col_dup(st, 2);
        pr->identifier = col_dup(st, 3);
        pr->created_ms = sqlite3_column_int64(st, 4);
        pr->last_used_ms = sqlite3_column_int64(st, 5);
    }
done:
    sqlite3_finalize(st);
    if (rc < 0) {
        lectern_profiles_free(v, n);
        return rc;
    }
    *out = v;
    *n_out = n;
    return 0;
}

void lectern_profiles_free(lectern_profile *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].uid);
        free(v[i].name);
        free(v[i].identifier);
    }
    free(v);
}

/* Runs one statement binding (int64 a, text t or NULL, int64 b) as ?1 ?2 ?3;
 * returns the number of changed rows or a negative code. */
static int run3(lectern_progress *p, const char *sql, int64_t a, const char *t, int64_t b,
                lectern_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(p->db, sql, -1, &st, NULL) != SQLITE_OK)
        return prog_db_err(p, err, LECTERN_EIO, sql);
    sqlite3_bind_int64(st, 1, a);
    if (t)
        sqlite3_bind_text(st, 2, t, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, b);
    int s = sqlite3_step(st);
    sqlite3_finalize(st);
    if ((s & 0xff) == SQLITE_CONSTRAINT)
        return LECTERN_EINVAL;
    if (s != SQLITE_DONE)
        return prog_db_err(p, err, LECTERN_EIO, sql);
    return sqlite3_changes(p->db);
}

int lectern_progress_profile_use(lectern_progress *p, int64_t id, int64_t now_ms,
                                 lectern_error *err)
{
    int rc = prog_begin(p, err);
    if (rc < 0)
        return rc;
    rc = run3(p, "UPDATE profile SET last_used_ms=?3 WHERE id=?1", id, NULL, now_ms, err);
    if (rc == 0)
        rc = lectern_error_set(err, LECTERN_ENOTFOUND, "%s: no profile %lld", p->path,
                               (long long)id);
    if (rc < 0)
        goto fail;
    rc = run3(p, "INSERT INTO meta(key, value) VALUES('last_profile', ?1) "
                 "ON CONFLICT(key) DO UPDATE SET value=excluded.value", id, NULL, 0, err);
    if (rc < 0)
        goto fail;
    return prog_commit(p, err);
fail:
    prog_rollback(p);
    return rc;
}

int lectern_progress_profile_last(lectern_progress *p, int64_t *id_out, lectern_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = LECTERN_ENOTFOUND;
    if (sqlite3_prepare_v2(p->db,
                           "SELECT p.id FROM meta m JOIN profile p ON p.id = CAST(m.value AS "
                           "INTEGER) WHERE m.key='last_profile'", -1, &st, NULL) != SQLITE_OK)
        return prog_db_err(p, err, LECTERN_EIO, "reading the last profile");
    if (sqlite3_step(st) == SQLITE_ROW) {
        *id_out = sqlite3_column_int64(st, 0);
        rc = 0;
    } else {
        lectern_error_set(err, LECTERN_ENOTFOUND, "%s: no profile chosen yet", p->path);
    }
    sqlite3_finalize(st);
    return rc;
}

int lectern_progress_profile_rename(lectern_progress *p, int64_t id, const char *name,
                                    lectern_error *err)
{
    char *nm = trim_dup(name ? name : "");
    int rc;
    if (!nm)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    if (!*nm || strlen(nm) > 100) {
        rc = lectern_error_set(err, LECTERN_EINVAL, "profile name must be 1 to 100 bytes");
        goto done;
    }
    rc = run3(p, "UPDATE profile SET name=?2 WHERE id=?1", id, nm, 0, err);
    if (rc == LECTERN_EINVAL)
        rc = profile_conflict(p, nm, NULL, err);
    else if (rc == 0)
        rc = lectern_error_set(err, LECTERN_ENOTFOUND, "%s: no profile %lld", p->path,
                               (long long)id);
    else if (rc > 0)
        rc = 0;
done:
    free(nm);
    return rc;
}

int lectern_progress_profile_delete(lectern_progress *p, int64_t id, lectern_error *err)
{
    int rc = prog_begin(p, err);
    if (rc < 0)
        return rc;
    /* Summaries and events go with the profile (ON DELETE CASCADE). */
    rc = run3(p, "DELETE FROM profile WHERE id=?1", id, NULL, 0, err);
    if (rc == 0)
        rc = lectern_error_set(err, LECTERN_ENOTFOUND, "%s: no profile %lld", p->path,
                               (long long)id);
    if (rc < 0)
        goto fail;
    rc = run3(p, "DELETE FROM meta WHERE key='last_profile' AND value=CAST(?1 AS TEXT)", id,
              NULL, 0, err);
    if (rc < 0)
        goto fail;
    return prog_commit(p, err);
fail:
    prog_rollback(p);
    return rc;
}
