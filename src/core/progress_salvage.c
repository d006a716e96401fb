/* Recovery of a damaged progress store without losing what can be read: the
 * damaged file is moved aside (kept), the newest good backup (or a fresh
 * store) takes its place, and every profile and event row still readable in a
 * copy of the damaged file (damaged pages skipped, a garbage header rebuilt)
 * is merged back by event uid; the summaries are then rebuilt from the log. */
#include "progress_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lectern/log.h"

#define TAG "progress"
#define PROBE_UNKNOWN_MAX 200000    /* ids probed past a damaged page when max(id) is unreadable */

/* ---- the header of the copy ------------------------------------------------ */

static unsigned be16(const unsigned char *b)
{
    return (unsigned)b[0] << 8 | b[1];
}

static void put32(unsigned char *b, uint32_t v)
{
    b[0] = (unsigned char)(v >> 24);
    b[1] = (unsigned char)(v >> 16);
    b[2] = (unsigned char)(v >> 8);
    b[3] = (unsigned char)v;
}

/* 1 when the 100-byte database header looks like SQLite's (file format 3). */
static int header_ok(const unsigned char h[100])
{
    unsigned ps = be16(h + 16);
    if (memcmp(h, "SQLite format 3", 16) != 0)
        return 0;
    if (!(ps == 1 || (ps >= 512 && ps <= 32768 && (ps & (ps - 1)) == 0)))
        return 0;
    unsigned fmt = be16(h + 46);   /* low half of the 4-byte schema format */
    return h[18] >= 1 && h[18] <= 2 && h[19] >= 1 && h[19] <= 2 && h[21] == 64 && h[22] == 32
           && h[23] == 32 && be16(h + 44) == 0 && fmt >= 1 && fmt <= 4;
}

/* A header for a store as this code writes it (4096-byte pages, UTF-8, rollback
 * journal so no WAL is looked for); the size field is 0 so SQLite uses the file
 * size, the freelist is dropped (only read from, never written). */
static void header_make(unsigned char h[100])
{
    memset(h, 0, 100);
    memcpy(h, "SQLite format 3", 16);
    h[16] = 0x10;               /* 4096 */
    h[18] = h[19] = 1;
    h[21] = 64;
    h[22] = h[23] = 32;
    put32(h + 24, 1);           /* change counter */
    put32(h + 40, 1);           /* schema cookie */
    put32(h + 44, 4);           /* schema format */
    put32(h + 56, 1);           /* UTF-8 */
    put32(h + 60, LECTERN_PROGRESS_SCHEMA);
    put32(h + 92, 1);           /* version-valid-for */
    put32(h + 96, (uint32_t)sqlite3_libversion_number());
}

/* Copies the damaged file (and its WAL) to tmp for reading; a header that is not
 * SQLite's is replaced on the copy (the WAL is then left out), and the size the
 * header records is dropped. */
static int copy_for_salvage(const char *moved, const char *tmp, int *rebuilt)
{
    char a[4400], b[4400];
    unsigned char h[100];
    *rebuilt = 0;
    if (prog_copy_file(moved, tmp) < 0)
        return -1;
    int fd = open(tmp, O_RDWR);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, h, sizeof h);
    if (n < 0) {
        close(fd);
        return -1;
    }
    if (n < (ssize_t)sizeof h || !header_ok(h)) {
        header_make(h);
        *rebuilt = 1;
    }
    /* the size in the header may be wrong (a truncated file): 0 makes SQLite
     * go by the file's size */
    put32(h + 28, 0);
    if (pwrite(fd, h, sizeof h, 0) != (ssize_t)sizeof h) {
        close(fd);
        return -1;
    }
    close(fd);
    snprintf(a, sizeof a, "%s-wal", moved);
    snprintf(b, sizeof b, "%s-wal", tmp);
    if (!*rebuilt && access(a, F_OK) == 0)
        prog_copy_file(a, b);
    return 0;
}

/* ---- reading rows past damaged pages ------------------------------------- */

typedef int (*row_fn)(sqlite3_stmt *st, void *user);

static int64_t scalar(sqlite3 *db, const char *sql, int64_t dflt)
{
    sqlite3_stmt *st = NULL;
    int64_t v = dflt;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW
        && sqlite3_column_type(st, 0) == SQLITE_INTEGER)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Calls fn for each row of `cols` from `table` in id order. A damaged page
 * stops a scan; the next readable row is then looked for id by id (each probe
 * descends the b-tree from its root and reads the whole row, so it only fails
 * on rows inside damaged pages) up to the largest id known, and the scan goes
 * on after it. *bad counts the ids skipped. */
static int walk(sqlite3 *db, const char *table, const char *cols, row_fn fn, void *user,
                int64_t *bad)
{
    char sql[512], probe[512], q[128];
    sqlite3_stmt *st = NULL, *pr = NULL;
    int rc = 0;
    snprintf(sql, sizeof sql, "SELECT id, %s FROM %s WHERE id > ?1 ORDER BY id", cols, table);
    snprintf(probe, sizeof probe, "SELECT id, %s FROM %s WHERE id >= ?1 ORDER BY id LIMIT 1",
             cols, table);
    snprintf(q, sizeof q, "SELECT max(id) FROM %s", table);
    int64_t top = scalar(db, q, -1);
    if (strcmp(table, "event") == 0) {
        int64_t seq = scalar(db, "SELECT seq FROM sqlite_sequence WHERE name='event'", -1);
        if (seq > top)
            top = seq;
    }
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(db, probe, -1, &pr, NULL) != SQLITE_OK)
        goto done;      /* the schema itself is unreadable: nothing to read */
    int64_t k = 0;
    for (;;) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, k);
        int s;
        while ((s = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            if (id <= k)
                break;
            k = id;
            if ((rc = fn(st, user)) < 0)
                goto done;
        }
        if (s == SQLITE_DONE)
            break;
        /* a damaged page after k: the next row that can be read whole */
        int64_t limit = top > k ? top : k + PROBE_UNKNOWN_MAX, found = -1;
        for (int64_t j = k + 1; j <= limit && found < 0; j++) {
            sqlite3_reset(pr);
            sqlite3_bind_int64(pr, 1, j);
            int ps = sqlite3_step(pr);
            if (ps == SQLITE_ROW && sqlite3_column_int64(pr, 0) >= j) {
                found = sqlite3_column_int64(pr, 0);
                *bad += found - k - 1;
                k = found;
                if ((rc = fn(pr, user)) < 0)
                    goto done;
            } else if (ps == SQLITE_DONE) {
                break;
            }
        }
        if (found < 0)
            break;
    }
    if (top > k)
        *bad += top - k;    /* ids after the last readable row */
done:
    sqlite3_finalize(st);
    sqlite3_finalize(pr);
    return rc;
}

/* ---- merging what was read -------------------------------------------- */

typedef struct salv_profile {
    int64_t id, local, last_used;
} salv_profile;

typedef struct salvage {
    prog_merge m;
    int restored;               /* the store is a copy of a backup of the same file */
    salv_profile *v;
    size_t n, cap;
    int64_t skipped_rows;
    int64_t created;
} salvage;

static const char *col_text(sqlite3_stmt *st, int i, size_t max)
{
    if (sqlite3_column_type(st, i) != SQLITE_TEXT)
        return NULL;
    const char *s = (const char *)sqlite3_column_text(st, i);
    size_t n = (size_t)sqlite3_column_bytes(st, i);
    if (!s || n == 0 || n > max || strlen(s) != n)
        return NULL;
    return s;
}

static salv_profile *find(salvage *s, int64_t id)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].id == id)
            return &s->v[i];
    return NULL;
}

static salv_profile *add(salvage *s, int64_t id)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        salv_profile *nv = realloc(s->v, cap * sizeof *nv);
        if (!nv)
            return NULL;
        s->v = nv;
        s->cap = cap;
    }
    salv_profile *e = &s->v[s->n++];
    memset(e, 0, sizeof *e);
    e->id = id;
    return e;
}

/* cols: uid, name, identifier, origin_device, created_ms, last_used_ms */
static int on_profile(sqlite3_stmt *st, void *user)
{
    salvage *s = user;
    const char *uid = col_text(st, 1, 200), *name = col_text(st, 2, 400);
    const char *ident = col_text(st, 3, 400), *origin = col_text(st, 4, 200);
    if (!uid || !name || find(s, sqlite3_column_int64(st, 0))) {
        s->skipped_rows++;
        return 0;
    }
    salv_profile *e = add(s, sqlite3_column_int64(st, 0));
    if (!e)
        return lectern_error_set(s->m.err, LECTERN_ENOMEM, "out of memory");
    e->last_used = sqlite3_column_int64(st, 6);
    int64_t before = s->m.st.profiles_created;
    int rc = prog_merge_profile(&s->m, uid, name, ident, origin ? origin : "",
                                sqlite3_column_int64(st, 5), &e->local);
    s->created += s->m.st.profiles_created - before;
    return rc;
}

/* The local profile for an event whose profile row was lost. */
static int orphan(salvage *s, int64_t src_id, int64_t *local)
{
    lectern_progress *p = s->m.p;
    salv_profile *e = add(s, src_id);
    if (!e)
        return lectern_error_set(s->m.err, LECTERN_ENOMEM, "out of memory");
    if (s->restored) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(p->db, "SELECT id FROM profile WHERE id=?", -1, &st, NULL)
            == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, src_id);
            if (sqlite3_step(st) == SQLITE_ROW)
                e->local = src_id;
        }
        sqlite3_finalize(st);
        if (e->local) {
            *local = e->local;
            return 0;
        }
    }
    char name[64];
    snprintf(name, sizeof name, "Recovered trainee %lld", (long long)src_id);
    int64_t before = s->m.st.profiles_created;
    int rc = prog_merge_profile(&s->m, NULL, name, NULL, p->device_id, 0, &e->local);
    s->created += s->m.st.profiles_created - before;
    *local = e->local;
    return rc;
}

/* One event read back (by SQL or from a raw page): checked, then merged under
 * the local profile for src_profile. */
static int add_event(salvage *s, const char *uid, int64_t src, const char *cid,
                     const char *cver, const char *item, const char *kind, const char *payload,
                     int64_t t_ms)
{
    cJSON *pl = payload ? cJSON_Parse(payload) : NULL;
    int ok = uid && *uid && cid && *cid && kind && *kind && cJSON_IsObject(pl);
    cJSON_Delete(pl);
    if (!ok) {
        s->skipped_rows++;
        return 0;
    }
    int64_t local = 0;
    salv_profile *e = find(s, src);
    int rc = 0;
    if (e)
        local = e->local;
    else if ((rc = orphan(s, src, &local)) < 0)
        return rc;
    if (!local)
        return 0;
    return prog_merge_event(&s->m, uid, local, cid, cver, item, kind, payload, t_ms);
}

/* cols: uid, profile_id, course_id, course_version, item_id, kind, payload, t_ms */
static int on_event(sqlite3_stmt *st, void *user)
{
    salvage *s = user;
    if (sqlite3_column_type(st, 2) != SQLITE_INTEGER
        || sqlite3_column_type(st, 8) != SQLITE_INTEGER) {
        s->skipped_rows++;
        return 0;
    }
    return add_event(s, col_text(st, 1, 200), sqlite3_column_int64(st, 2), col_text(st, 3, 1000),
                     (const char *)sqlite3_column_text(st, 4),
                     (const char *)sqlite3_column_text(st, 5), col_text(st, 6, 64),
                     col_text(st, 7, 1 << 24), sqlite3_column_int64(st, 8));
}

/* ---- event rows on pages the b-tree no longer reaches --------------------- */

/* A varint inside [p, end): its length, 0 when it runs past end. */
static int get_varint(const unsigned char *p, const unsigned char *end, uint64_t *v)
{
    *v = 0;
    for (int i = 0; i < 9; i++) {
        if (p + i >= end)
            return 0;
        if (i == 8) {
            *v = (*v << 8) | p[i];
            return 9;
        }
        *v = (*v << 7) | (p[i] & 0x7f);
        if (!(p[i] & 0x80))
            return i + 1;
    }
    return 0;
}

typedef struct rawval {
    int type;                   /* 0 NULL, 1 integer, 3 text, 4 other */
    int64_t i;
    const unsigned char *s;
    size_t n;
} rawval;

/* Decodes a record of at most max columns; the number of columns or -1. */
static int decode_record(const unsigned char *rec, size_t len, rawval *v, int max)
{
    const unsigned char *end = rec + len;
    uint64_t hlen, t;
    int k = get_varint(rec, end, &hlen), n = 0;
    if (!k || hlen > len)
        return -1;
    const unsigned char *h = rec + k, *body = rec + hlen;
    static const int isz[] = {0, 1, 2, 3, 4, 6, 8};
    while (h < rec + hlen) {
        if (n == max || !(k = get_varint(h, rec + hlen, &t)))
            return -1;
        h += k;
        size_t sz = t <= 6 ? (size_t)isz[t] : t == 7 ? 8 : t < 12 ? 0 : (size_t)(t - 12) / 2;
        if (body + sz > end)
            return -1;
        rawval *x = &v[n++];
        memset(x, 0, sizeof *x);
        if (t == 0) {
            x->type = 0;
        } else if (t <= 6 || t == 8 || t == 9) {
            x->type = 1;
            if (t == 8 || t == 9)
                x->i = t == 9;
            for (size_t b = 0; b < sz; b++)
                x->i = (int64_t)((uint64_t)x->i << 8 | body[b]);
            if (sz && sz < 8 && (body[0] & 0x80))       /* sign-extend */
                x->i -= (int64_t)1 << (8 * sz);
        } else if (t >= 13 && (t & 1)) {
            x->type = 3;
            x->s = body;
            x->n = sz;
        } else {
            x->type = 4;
        }
        body += sz;
    }
    return n;
}

static char *dup_text(const rawval *v)
{
    if (v->type != 3 || memchr(v->s, '\0', v->n))
        return NULL;
    char *s = malloc(v->n + 1);
    if (s) {
        memcpy(s, v->s, v->n);
        s[v->n] = '\0';
    }
    return s;
}

/* Reads the event rows of every table-leaf page of the file at path that is
 * not on the free list (so deleted data never comes back): rows under a
 * damaged interior page are found this way. Cells with overflow pages are
 * left out. Needs a readable header (for the free list). */
static int raw_pass(salvage *s, const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char h[100], *pg = NULL, *freep = NULL;
    int rc = 0;
    if (!f)
        return 0;
    if (fread(h, 1, sizeof h, f) != sizeof h || !header_ok(h))
        goto done;
    size_t ps = be16(h + 16) == 1 ? 65536 : be16(h + 16), usable = ps - h[20];
    if (fseek(f, 0, SEEK_END) != 0)
        goto done;
    long flen = ftell(f);
    uint32_t npages = flen > 0 ? (uint32_t)((size_t)flen / ps) : 0;
    pg = malloc(ps);
    freep = calloc((size_t)npages + 1, 1);
    if (!pg || !freep) {
        rc = lectern_error_set(s->m.err, LECTERN_ENOMEM, "out of memory");
        goto done;
    }
    /* the free list: trunk pages and their leaves */
    uint32_t trunk = (uint32_t)be16(h + 32) << 16 | be16(h + 34);
    for (uint32_t guard = 0; trunk && trunk <= npages && guard < npages; guard++) {
        freep[trunk] = 1;
        if (fseek(f, (long)((size_t)(trunk - 1) * ps), SEEK_SET) != 0 || fread(pg, 1, ps, f) != ps)
            break;
        uint32_t nl = (uint32_t)be16(pg + 4) << 16 | be16(pg + 6);
        for (uint32_t i = 0; i < nl && 8 + 4 * i + 4 <= ps; i++) {
            uint32_t l = (uint32_t)be16(pg + 8 + 4 * i) << 16 | be16(pg + 10 + 4 * i);
            if (l && l <= npages)
                freep[l] = 1;
        }
        trunk = (uint32_t)be16(pg) << 16 | be16(pg + 2);
    }
    size_t max_local = usable - 35;
    for (uint32_t no = 2; no <= npages && rc == 0; no++) {
        if (freep[no] || fseek(f, (long)((size_t)(no - 1) * ps), SEEK_SET) != 0
            || fread(pg, 1, ps, f) != ps || pg[0] != 0x0D)
            continue;
        unsigned nc = be16(pg + 3);
        for (unsigned c = 0; c < nc && 8 + 2 * c + 2 <= usable && rc == 0; c++) {
            size_t off = be16(pg + 8 + 2 * c);
            uint64_t plen, rowid;
            int k1, k2;
            if (off < 8 || off >= usable || !(k1 = get_varint(pg + off, pg + usable, &plen))
                || !(k2 = get_varint(pg + off + k1, pg + usable, &rowid)) || plen > max_local
                || off + (size_t)k1 + (size_t)k2 + plen > usable)
                continue;
            rawval v[9];
            /* event(id NULL: the rowid, uid, profile_id, course_id, course_version,
             * item_id, kind, payload, t_ms) */
            if (decode_record(pg + off + k1 + k2, (size_t)plen, v, 9) != 9 || v[0].type != 0
                || v[2].type != 1 || v[8].type != 1)
                continue;
            char *t[6] = {dup_text(&v[1]), dup_text(&v[3]), dup_text(&v[4]), dup_text(&v[5]),
                          dup_text(&v[6]), dup_text(&v[7])};
            if (t[0] && t[1] && t[2] && t[3] && t[4] && t[5])
                rc = add_event(s, t[0], v[2].i, t[1], t[2], t[3], t[4], t[5], v[8].i);
            for (int i = 0; i < 6; i++)
                free(t[i]);
        }
    }
done:
    fclose(f);
    free(pg);
    free(freep);
    return rc;
}

/* Reads the copy at tmp into p (one transaction). */
static int salvage_into(lectern_progress *p, const char *tmp, int restored, int header_rebuilt,
                        lectern_recovery *rec, int64_t *skipped, lectern_error *err)
{
    sqlite3 *src = NULL;
    salvage s = {.m = {.p = p, .err = err}, .restored = restored};
    int rc = 0;
    if (sqlite3_open_v2(tmp, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        LOG_WARN(TAG, "%s: nothing can be read from the damaged copy: %s", tmp,
                 src ? sqlite3_errmsg(src) : "out of memory");
        goto done;
    }
    sqlite3_busy_timeout(src, 2000);
    /* the damaged store's device id, when the store was not restored from a backup */
    if (!restored) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(src, "SELECT value FROM meta WHERE key='device_id'", -1, &st,
                               NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
            const char *d = col_text(st, 0, 32);
            if (d && strspn(d, "0123456789abcdef") == 32) {
                char sql[128];
                snprintf(sql, sizeof sql, "UPDATE meta SET value='%s' WHERE key='device_id'", d);
                if (prog_exec(p, sql, err) == 0)
                    snprintf(p->device_id, sizeof p->device_id, "%s", d);
            }
        }
        sqlite3_finalize(st);
    }
    if ((rc = prog_merge_start(&s.m)) < 0)
        goto done;
    int64_t bad = 0;
    rc = walk(src, "profile", "uid, name, identifier, origin_device, created_ms, last_used_ms",
              on_profile, &s, &bad);
    if (rc == 0)
        rc = walk(src, "event", "uid, profile_id, course_id, course_version, item_id, kind,"
                                " payload, t_ms", on_event, &s, &bad);
    /* then the pages themselves, once the WAL is in the file: rows the b-tree
     * cannot reach any more (a damaged interior page) */
    if (rc == 0 && !header_rebuilt) {
        int64_t before = s.m.st.events_added;
        sqlite3_exec(src, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
        rc = raw_pass(&s, tmp);
        if (s.m.st.events_added > before)
            LOG_INFO(TAG, "%lld events read from pages the damaged b-tree no longer reaches",
                     (long long)(s.m.st.events_added - before));
    }
    /* the last chosen profile stays the last chosen one */
    int64_t newest = 0;
    for (size_t i = 0; rc == 0 && i < s.n; i++) {
        if (s.v[i].local && s.v[i].last_used > newest)
            newest = s.v[i].last_used;
        sqlite3_stmt *st = NULL;
        if (!s.v[i].local || !s.v[i].last_used)
            continue;
        if (sqlite3_prepare_v2(p->db, "UPDATE profile SET last_used_ms=max(last_used_ms, ?)"
                                      " WHERE id=?", -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, s.v[i].last_used);
            sqlite3_bind_int64(st, 2, s.v[i].local);
            if (sqlite3_step(st) != SQLITE_DONE)
                rc = prog_db_err(p, err, LECTERN_EIO, "recovering profiles");
        }
        sqlite3_finalize(st);
    }
    if (rc == 0 && newest > 0)
        rc = prog_exec(p, "INSERT INTO meta(key, value) SELECT 'last_profile', CAST(id AS TEXT)"
                          " FROM profile ORDER BY last_used_ms DESC LIMIT 1"
                          " ON CONFLICT(key) DO UPDATE SET value=excluded.value", err);
    rc = prog_merge_finish(&s.m, rc);
    if (rc == 0 && rec) {
        rec->events_salvaged = s.m.st.events_added;
        rec->profiles_salvaged = s.created;
    }
    *skipped = s.skipped_rows + bad;
done:
    sqlite3_close(src);
    free(s.v);
    return rc;
}

/* ---- the whole recovery --------------------------------------------------- */

static void unlink3(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        char f[4400];
        snprintf(f, sizeof f, "%s%s", path, suffix[i]);
        unlink(f);
    }
}

int lectern_progress_salvage(const char *data_dir, int64_t now_ms, lectern_recovery *rec,
                             lectern_error *err)
{
    lectern_recovery local;
    char path[4096], moved[4200], bdir[4096], tmp[4200];
    lectern_progress *p = NULL;
    int rc = 0, rebuilt = 0, have_copy = 0;
    int64_t skipped = 0;
    if (!rec)
        rec = &local;
    memset(rec, 0, sizeof *rec);
    snprintf(path, sizeof path, "%s/%s", data_dir, LECTERN_PROGRESS_FILE);
    snprintf(moved, sizeof moved, "%s.damaged-%lld", path, (long long)now_ms);
    snprintf(tmp, sizeof tmp, "%s.salvage-%lld", path, (long long)now_ms);
    if (access(path, F_OK) == 0 && rename(path, moved) < 0)
        return lectern_error_set(err, LECTERN_EIO, "%s: cannot move aside: %s", path,
                                 strerror(errno));
    static const char *const suffix[] = {"-wal", "-shm"};
    for (int i = 0; i < 2; i++) {
        char from[4200], side[4300];
        snprintf(from, sizeof from, "%s%s", path, suffix[i]);
        snprintf(side, sizeof side, "%s%s", moved, suffix[i]);
        if (access(from, F_OK) == 0)
            rename(from, side);
    }
    rec->recovered = 1;
    snprintf(rec->damaged_path, sizeof rec->damaged_path, "%s", moved);
    /* the newest backup that passes the integrity check */
    snprintf(bdir, sizeof bdir, "%s/backups", data_dir);
    char **names;
    size_t n;
    prog_list_backups(bdir, &names, &n);
    for (size_t i = n; i-- > 0 && !rec->restored_backup;) {
        char b[4400], msg[256];
        snprintf(b, sizeof b, "%s/%s", bdir, names[i]);
        sqlite3 *db = NULL;
        int good = sqlite3_open_v2(b, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
                   && prog_integrity_ok(db, msg, sizeof msg) == 0;
        sqlite3_close(db);
        if (good && prog_copy_file(b, path) == 0) {
            rec->restored_backup = 1;
            snprintf(rec->backup, sizeof rec->backup, "%s", names[i]);
        }
    }
    prog_free_names(names, n);
    /* what can still be read from the damaged file */
    unlink3(tmp);
    have_copy = access(moved, F_OK) == 0 && copy_for_salvage(moved, tmp, &rebuilt) == 0;
    rec->header_rebuilt = have_copy && rebuilt;
    if ((rc = lectern_progress_open_file(path, &p, err)) < 0)
        goto done;
    if (have_copy && (rc = salvage_into(p, tmp, rec->restored_backup, rebuilt, rec, &skipped,
                                            err)) < 0)
        LOG_WARN(TAG, "reading the damaged copy: %s", err ? err->msg : "failed");
    rc = 0;     /* what was restored stays, even when reading the damaged copy failed */
    rec->events_total = lectern_progress_n_events(p);
done:
    lectern_progress_close(p);
    unlink3(tmp);
    if (rc < 0)
        return rc;
    lectern_error_set(err, 0, "the damaged progress database was moved to %s (kept); %s%s; "
                      "%lld events recovered from it%s (%lld rows or ids unreadable); the store "
                      "now holds %lld events", moved,
                      rec->restored_backup ? "restored the backup " : "no good backup",
                      rec->restored_backup ? rec->backup : "",
                      (long long)rec->events_salvaged,
                      rec->header_rebuilt ? " after rebuilding its header" : "",
                      (long long)skipped, (long long)rec->events_total);
    LOG_WARN(TAG, "%s", err ? err->msg : "recovered");
    return 0;
}

int lectern_progress_recover(const char *data_dir, int64_t now_ms, int *restored,
                             lectern_error *err)
{
    lectern_recovery rec;
    int rc = lectern_progress_salvage(data_dir, now_ms, &rec, err);
    if (restored)
        *restored = rc == 0 && rec.restored_backup;
    return rc;
}

int lectern_progress_open_recover(const char *data_dir, int64_t now_ms, lectern_progress **out,
                                  lectern_recovery *rec, lectern_error *err)
{
    char why[LECTERN_ERROR_MSG_MAX + 1];
    if (rec)
        memset(rec, 0, sizeof *rec);
    int rc = lectern_progress_open(data_dir, out, err);
    if (rc != LECTERN_EFORMAT)
        return rc;
    snprintf(why, sizeof why, "%s", err ? err->msg : "damaged");
    char *cut = strstr(why, "; it was left as is");
    if (cut)
        *cut = '\0';
    LOG_WARN(TAG, "%s: recovering it", why);
    if ((rc = lectern_progress_salvage(data_dir, now_ms, rec, err)) < 0)
        return rc;
    char note[LECTERN_ERROR_MSG_MAX + 1];
    snprintf(note, sizeof note, "%s", err ? err->msg : "");
    if ((rc = lectern_progress_open(data_dir, out, err)) < 0)
        return rc;
    lectern_error_set(err, 0, "%s", note);
    return 0;
}
