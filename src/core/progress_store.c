/* The progress store's file: opening (WAL + synchronous=FULL, integrity check,
 * schema migrations in user_version), backups and recovery of a damaged file.
 * Profiles are in progress_profiles.c, events and summaries in progress_events.c. */
#include "progress_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include "lectern/log.h"
#include "tmpfile.h"

#define TAG "progress"

/* Schema migrations: migrations[i] takes user_version i to i+1. Never edit a
 * shipped step; append a new one and bump LECTERN_PROGRESS_SCHEMA. */
static const char *const migrations[LECTERN_PROGRESS_SCHEMA] = {
    /* 0 -> 1 */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE profile("
    " id INTEGER PRIMARY KEY,"
    " uid TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL,"
    " identifier TEXT UNIQUE,"
    " origin_device TEXT NOT NULL,"
    " created_ms INTEGER NOT NULL,"
    " last_used_ms INTEGER NOT NULL DEFAULT 0);"
    "CREATE UNIQUE INDEX profile_name ON profile(name COLLATE NOCASE) WHERE identifier IS NULL;"
    "CREATE TABLE event("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " uid TEXT NOT NULL UNIQUE,"
    " profile_id INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,"
    " course_id TEXT NOT NULL,"
    " course_version TEXT NOT NULL,"
    " item_id TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " payload TEXT NOT NULL,"
    " t_ms INTEGER NOT NULL);"
    "CREATE INDEX event_pc ON event(profile_id, course_id, t_ms, id);"
    "CREATE TABLE item_state("
    " profile_id INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,"
    " course_id TEXT NOT NULL,"
    " item_id TEXT NOT NULL,"
    " viewed INTEGER NOT NULL DEFAULT 0,"
    " time_ms INTEGER NOT NULL DEFAULT 0,"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " best_score REAL,"
    " last_score REAL,"
    " passed INTEGER NOT NULL DEFAULT 0,"
    " duration_ms INTEGER NOT NULL DEFAULT 0,"
    " ranges TEXT NOT NULL DEFAULT '[]',"
    " watched_ms INTEGER NOT NULL DEFAULT 0,"
    " bookmarked INTEGER NOT NULL DEFAULT 0,"
    " reflection TEXT,"
    " review INTEGER NOT NULL DEFAULT 0,"
    " removed INTEGER NOT NULL DEFAULT 0,"
    " updated_ms INTEGER NOT NULL,"
    " PRIMARY KEY(profile_id, course_id, item_id)) WITHOUT ROWID;"
    "CREATE TABLE course_state("
    " profile_id INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,"
    " course_id TEXT NOT NULL,"
    " seen_version TEXT,"
    " position_item TEXT,"
    " position_ms INTEGER NOT NULL DEFAULT 0,"
    " completed INTEGER NOT NULL DEFAULT 0,"
    " success INTEGER NOT NULL DEFAULT 0,"
    " completed_ms INTEGER NOT NULL DEFAULT 0,"
    " last_ms INTEGER NOT NULL,"
    " PRIMARY KEY(profile_id, course_id)) WITHOUT ROWID;"
    "CREATE TABLE module_state("
    " profile_id INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,"
    " course_id TEXT NOT NULL,"
    " module_id TEXT NOT NULL,"
    " completed INTEGER NOT NULL DEFAULT 0,"
    " passed INTEGER NOT NULL DEFAULT 0,"
    " t_ms INTEGER NOT NULL,"
    " PRIMARY KEY(profile_id, course_id, module_id)) WITHOUT ROWID;",
};

int prog_db_err(lectern_progress *p, lectern_error *err, int code, const char *what)
{
    int sys = p->db ? sqlite3_system_errno(p->db) : 0;
    int ext = p->db ? sqlite3_extended_errcode(p->db) : 0;
    const char *hint = "";
    if ((ext & 0xff) == SQLITE_FULL || sys == ENOSPC || sys == EFBIG || sys == EDQUOT)
        hint = " (the disk is full: free some space; what was saved before is kept)";
    else if (ext == SQLITE_IOERR_WRITE || ext == SQLITE_IOERR_FSYNC || ext == SQLITE_IOERR_TRUNCATE)
        hint = " (writing failed: the disk may be full or failing; what was saved before is kept)";
    return lectern_error_set(err, code, "%s: %s: %s%s", p->path, what,
                             p->db ? sqlite3_errmsg(p->db) : "no database", hint);
}

int prog_exec(lectern_progress *p, const char *sql, lectern_error *err)
{
    if (sqlite3_exec(p->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return prog_db_err(p, err, LECTERN_EIO, sql);
    return 0;
}

int prog_prepare(lectern_progress *p, const char *sql, sqlite3_stmt **st)
{
    for (int i = 0; i < p->n_cache; i++)
        if (p->cache[i].sql == sql || strcmp(p->cache[i].sql, sql) == 0) {
            *st = p->cache[i].st;
            return SQLITE_OK;
        }
    int rc = sqlite3_prepare_v3(p->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    if (rc == SQLITE_OK && p->n_cache < (int)(sizeof p->cache / sizeof p->cache[0])) {
        p->cache[p->n_cache].sql = sql;
        p->cache[p->n_cache++].st = *st;
    }
    return rc;
}

void prog_release(lectern_progress *p, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (int i = 0; i < p->n_cache; i++)
        if (p->cache[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return;
        }
    sqlite3_finalize(st);
}

int prog_begin(lectern_progress *p, lectern_error *err)
{
    if (p->batch) {
        int rc = prog_exec(p, "SAVEPOINT prog_op", err);
        if (rc == 0)
            p->sp++;
        return rc;
    }
    return prog_exec(p, "BEGIN IMMEDIATE", err);
}

int prog_commit(lectern_progress *p, lectern_error *err)
{
    if (p->batch) {
        if (p->sp > 0 && sqlite3_exec(p->db, "RELEASE prog_op", NULL, NULL, NULL) != SQLITE_OK) {
            int rc = prog_db_err(p, err, LECTERN_EIO, "release savepoint");
            prog_rollback(p);
            return rc;
        }
        if (p->sp > 0)
            p->sp--;
        return 0;
    }
    if (sqlite3_exec(p->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        int rc = prog_db_err(p, err, LECTERN_EIO, "commit");
        prog_rollback(p);
        return rc;
    }
    return 0;
}

void prog_rollback(lectern_progress *p)
{
    if (p->batch) {
        if (p->sp > 0) {
            sqlite3_exec(p->db, "ROLLBACK TO prog_op", NULL, NULL, NULL);
            sqlite3_exec(p->db, "RELEASE prog_op", NULL, NULL, NULL);
            p->sp--;
        }
        return;
    }
    if (!sqlite3_get_autocommit(p->db))
        sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
}

int lectern_progress_batch_begin(lectern_progress *p, lectern_error *err)
{
    if (p->batch)
        return lectern_error_set(err, LECTERN_EINVAL, "%s: a batch is already open", p->path);
    int rc = prog_exec(p, "BEGIN IMMEDIATE", err);
    if (rc == 0) {
        p->batch = 1;
        p->sp = 0;
    }
    return rc;
}

int lectern_progress_batch_commit(lectern_progress *p, lectern_error *err)
{
    if (!p->batch)
        return lectern_error_set(err, LECTERN_EINVAL, "%s: no batch is open", p->path);
    p->batch = 0;
    p->sp = 0;
    return prog_commit(p, err);
}

void lectern_progress_batch_abort(lectern_progress *p)
{
    if (!p || !p->batch)
        return;
    p->batch = 0;
    p->sp = 0;
    prog_rollback(p);
}

int lectern_progress_in_batch(const lectern_progress *p)
{
    return p && p->batch;
}

static void uuid_format(unsigned char b[16], char buf[37])
{
    static const char hx[] = "0123456789abcdef";
    int o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            buf[o++] = '-';
        buf[o++] = hx[b[i] >> 4];
        buf[o++] = hx[b[i] & 15];
    }
    buf[o] = '\0';
}

int prog_uuid4(char buf[37])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1)
        return LECTERN_EIO;
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    uuid_format(b, buf);
    return 0;
}

void prog_uuid5(const char *name, char buf[37])
{
    /* Namespace: the URL namespace of RFC 4122, names are "urn:lectern:..." */
    static const unsigned char ns[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                         0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    memset(md, 0, sizeof md);
    if (ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) == 1) {
        EVP_DigestUpdate(ctx, ns, sizeof ns);
        EVP_DigestUpdate(ctx, name, strlen(name));
        EVP_DigestFinal_ex(ctx, md, &mdlen);
    }
    EVP_MD_CTX_free(ctx);
    md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);
    md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
    uuid_format(md, buf);
}

static int64_t pragma_int(sqlite3 *db, const char *sql, int *ok)
{
    sqlite3_stmt *st = NULL;
    int64_t v = 0;
    *ok = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        v = sqlite3_column_int64(st, 0);
        *ok = 1;
    }
    sqlite3_finalize(st);
    return v;
}

int prog_integrity_ok(sqlite3 *db, char *msg, size_t cap)
{
    sqlite3_stmt *st = NULL;
    int ok = 0;
    snprintf(msg, cap, "%s", "integrity check did not run");
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
        snprintf(msg, cap, "%s", sqlite3_errmsg(db));
        goto done;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        ok = r && strcmp(r, "ok") == 0;
        snprintf(msg, cap, "%s", r ? r : "?");
        for (char *c = msg; *c; c++)      /* one line, for messages and logs */
            if (*c == '\n')
                *c = ' ';
        if (strlen(msg) > 160 && cap > 165)
            memcpy(msg + 157, "...", 4);
    } else {
        snprintf(msg, cap, "%s", sqlite3_errmsg(db));
    }
done:
    sqlite3_finalize(st);
    return ok ? 0 : -1;
}

/* Reads the first 16 bytes: 1 when absent/empty, 0 when SQLite, -1 otherwise. */
static int file_kind(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 1;
    char h[16];
    size_t n = fread(h, 1, sizeof h, f);
    fclose(f);
    if (n == 0)
        return 1;
    return (n == 16 && memcmp(h, "SQLite format 3", 16) == 0) ? 0 : -1;
}

static int migrate(lectern_progress *p, lectern_error *err)
{
    int rc = prog_begin(p, err);
    if (rc < 0)
        return rc;
    int ok;
    int64_t v = pragma_int(p->db, "PRAGMA user_version", &ok);
    for (; ok && v < LECTERN_PROGRESS_SCHEMA; v++) {
        if (sqlite3_exec(p->db, migrations[v], NULL, NULL, NULL) != SQLITE_OK) {
            char what[64];
            snprintf(what, sizeof what, "schema migration %lld -> %lld", (long long)v,
                     (long long)v + 1);
            rc = prog_db_err(p, err, LECTERN_EIO, what);
            goto fail;
        }
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version=%lld", (long long)v + 1);
        if ((rc = prog_exec(p, sql, err)) < 0)
            goto fail;
        LOG_INFO(TAG, "%s: migrated schema to version %lld", p->path, (long long)v + 1);
    }
    /* The device id: made once, when the store is created. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(p->db, "SELECT value FROM meta WHERE key='device_id'", -1, &st,
                           NULL) != SQLITE_OK) {
        rc = prog_db_err(p, err, LECTERN_EIO, "reading meta");
        goto fail;
    }
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(p->device_id, sizeof p->device_id, "%s", sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    } else {
        sqlite3_finalize(st);
        unsigned char b[16];
        if (RAND_bytes(b, sizeof b) != 1) {
            rc = lectern_error_set(err, LECTERN_EIO, "%s: no random bytes for the device id",
                                   p->path);
            goto fail;
        }
        for (int i = 0; i < 16; i++)
            snprintf(p->device_id + 2 * i, 3, "%02x", b[i]);
        char sql[128];
        snprintf(sql, sizeof sql, "INSERT INTO meta(key, value) VALUES('device_id', '%s')",
                 p->device_id);
        if ((rc = prog_exec(p, sql, err)) < 0)
            goto fail;
    }
    return prog_commit(p, err);
fail:
    prog_rollback(p);
    return rc;
}

int lectern_progress_open_file(const char *path, lectern_progress **out, lectern_error *err)
{
    int rc = 0;
    char msg[512];
    *out = NULL;
    lectern_progress *p = calloc(1, sizeof *p);
    if (!p)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    p->path = strdup(path);
    const char *slash = strrchr(path, '/');
    p->dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    if (!p->path || !p->dir) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto fail;
    }
    int kind = file_kind(path);
    if (kind < 0) {
        rc = lectern_error_set(err, LECTERN_EFORMAT,
                               "%s: not a progress database (not SQLite); it was left as is: "
                               "move it away or restore a backup", path);
        goto fail;
    }
    if (sqlite3_open_v2(path, &p->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
        != SQLITE_OK) {
        rc = prog_db_err(p, err, LECTERN_EIO, "cannot open");
        goto fail;
    }
    sqlite3_busy_timeout(p->db, 5000);
    sqlite3_extended_result_codes(p->db, 1);
    int ok;
    int64_t v = pragma_int(p->db, "PRAGMA user_version", &ok);
    if (!ok) {
        rc = lectern_error_set(err, LECTERN_EFORMAT,
                               "%s: damaged progress database (%s); it was left as is: "
                               "restore a backup (lectern_progress_recover) or move it away",
                               path, sqlite3_errmsg(p->db));
        goto fail;
    }
    if (v > LECTERN_PROGRESS_SCHEMA) {
        rc = lectern_error_set(err, LECTERN_EUNSUPPORTED,
                               "%s: progress database schema version %lld is newer than this "
                               "Lectern supports (%d); it was not modified: use a newer Lectern",
                               path, (long long)v, LECTERN_PROGRESS_SCHEMA);
        goto fail;
    }
    if (kind == 0 && prog_integrity_ok(p->db, msg, sizeof msg) < 0) {
        rc = lectern_error_set(err, LECTERN_EFORMAT,
                               "%s: damaged progress database (integrity check: %s); it was "
                               "left as is: restore a backup (lectern_progress_recover) or "
                               "move it away", path, msg);
        goto fail;
    }
    /* WAL where the file system allows it (not on most network file systems);
     * LECTERN_PROGRESS_JOURNAL=delete forces the DELETE journal (a data dir on
     * a network share where WAL seems to work but is not safe). */
    sqlite3_stmt *st = NULL;
    const char *force = getenv("LECTERN_PROGRESS_JOURNAL");
    snprintf(p->journal, sizeof p->journal, "%s", "delete");
    if (!(force && strcmp(force, "delete") == 0)
        && sqlite3_prepare_v2(p->db, "PRAGMA journal_mode=WAL", -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW) {
        const char *m = (const char *)sqlite3_column_text(st, 0);
        if (m && strcmp(m, "wal") == 0)
            snprintf(p->journal, sizeof p->journal, "%s", "wal");
    }
    sqlite3_finalize(st);
    if (strcmp(p->journal, "wal") != 0) {
        if (!force)
            LOG_WARN(TAG, "%s: WAL journal not available here, using DELETE journal", path);
        if ((rc = prog_exec(p, "PRAGMA journal_mode=DELETE", err)) < 0)
            goto fail;
    }
    if ((rc = prog_exec(p, "PRAGMA synchronous=FULL", err)) < 0
        || (rc = prog_exec(p, "PRAGMA foreign_keys=ON", err)) < 0)
        goto fail;
    if ((rc = migrate(p, err)) < 0)
        goto fail;
    *out = p;
    return 0;
fail:
    lectern_progress_close(p);
    return rc;
}

int lectern_progress_open(const char *data_dir, lectern_progress **out, lectern_error *err)
{
    *out = NULL;
    if (!data_dir || !*data_dir)
        return lectern_error_set(err, LECTERN_EINVAL, "progress: no data folder given");
    if (lectern_mkdirs(data_dir, 0700, NULL) < 0)
        return lectern_error_set(err, LECTERN_EIO, "%s: cannot create the data folder: %s",
                                 data_dir, strerror(errno));
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", data_dir, LECTERN_PROGRESS_FILE)
        >= sizeof path)
        return lectern_error_set(err, LECTERN_EINVAL, "%s: path too long", data_dir);
    return lectern_progress_open_file(path, out, err);
}

void lectern_progress_close(lectern_progress *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->n_cache; i++)
        sqlite3_finalize(p->cache[i].st);
    if (p->db)
        sqlite3_close(p->db);
    free(p->path);
    free(p->dir);
    free(p);
}

const char *lectern_progress_path(const lectern_progress *p)
{
    return p->path;
}

const char *lectern_progress_journal_mode(const lectern_progress *p)
{
    return p->journal;
}

const char *lectern_progress_device_id(const lectern_progress *p)
{
    return p->device_id;
}

/* ---- backups and recovery ------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int prog_list_backups(const char *dir, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    size_t cap = 0;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (strncmp(e->d_name, "progress-", 9) != 0 || l < 16
            || strcmp(e->d_name + l - 7, ".sqlite") != 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            char **nv = realloc(*names, cap * sizeof *nv);
            if (!nv)
                break;
            *names = nv;
        }
        (*names)[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    if (*n)
        qsort(*names, *n, sizeof **names, cmp_str);
    return 0;
}

void prog_free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

int lectern_progress_backup(lectern_progress *p, int64_t now_ms, int keep, lectern_error *err)
{
    char bdir[4096], path[4200];
    snprintf(bdir, sizeof bdir, "%s/backups", p->dir);
    if (lectern_mkdirs(bdir, 0700, NULL) < 0)
        return lectern_error_set(err, LECTERN_EIO, "%s: cannot create: %s", bdir,
                                 strerror(errno));
    snprintf(path, sizeof path, "%s/progress-%015lld.sqlite", bdir, (long long)now_ms);
    sqlite3 *dst = NULL;
    int rc = 0;
    if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
        != SQLITE_OK) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot create backup", path);
        goto done;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", p->db, "main");
    if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: backup failed: %s", path,
                               sqlite3_errmsg(dst));
        sqlite3_backup_finish(b);
        goto done;
    }
    sqlite3_backup_finish(b);
    char **names;
    size_t n;
    prog_list_backups(bdir, &names, &n);
    for (size_t i = 0; keep > 0 && i + (size_t)keep < n; i++) {
        char old[4400];
        snprintf(old, sizeof old, "%s/%s", bdir, names[i]);
        unlink(old);
    }
    prog_free_names(names, n);
done:
    if (dst)
        sqlite3_close(dst);
    if (rc < 0)
        unlink(path);
    return rc;
}

int prog_copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY), outfd = -1, rc = -1;
    if (in < 0)
        return -1;
    outfd = open(to, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (outfd < 0)
        goto done;
    char buf[65536];
    ssize_t r;
    while ((r = read(in, buf, sizeof buf)) > 0)
        if (write(outfd, buf, (size_t)r) != r)
            goto done;
    if (r == 0 && fsync(outfd) == 0)
        rc = 0;
done:
    close(in);
    if (outfd >= 0)
        close(outfd);
    if (rc < 0)
        unlink(to);
    return rc;
}
