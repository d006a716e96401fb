/* Helpers shared by the progress tests: a temporary data folder removed
 * afterwards, fixture courses loaded from tests/progress/data, and a few
 * SQL peeks at the store file. Header-only: each test is one executable. */
#ifndef PROGRESS_TEST_H
#define PROGRESS_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "lectern/course.h"
#include "lectern/progress.h"
#include "lectern/reader.h"

#define T0 1795000000000LL  /* a fixed "now": 2026-11-18T... */

static inline int pt_rm_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(path);
}

/* A fresh folder under TMPDIR (or /tmp); caller frees and pt_rmdir()s it. */
static inline char *pt_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/lectern-progress-XXXXXX", base && *base ? base : "/tmp");
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static inline void pt_rmdir(char *dir)
{
    if (dir)
        nftw(dir, pt_rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

static inline char *pt_join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    assert_non_null(s);
    snprintf(s, n, "%s/%s", a, b);
    return s;
}

/* Loads tests/progress/data/<name> through a folder reader. */
typedef struct pt_course {
    lectern_reader *r;
    lectern_course *c;
} pt_course;

static inline pt_course pt_load(const char *name)
{
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    char path[4096];
    lectern_error err = {0};
    pt_course pc = {0};
    snprintf(path, sizeof path, "%s/tests/progress/data/%s", root ? root : ".", name);
    if (lectern_reader_open(path, 0, &pc.r, &err) < 0)
        fail_msg("%s", err.msg);
    if (lectern_course_load(pc.r, &pc.c, &err) < 0)
        fail_msg("%s", err.msg);
    return pc;
}

static inline void pt_unload(pt_course *pc)
{
    lectern_course_close(pc->c);
    lectern_reader_close(pc->r);
}

/* One integer from a query on the store file (a separate connection). */
static inline int64_t pt_sql_int(const char *db_path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t v = -999;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* The whole file as a malloc'd NUL-terminated string (len may be NULL). */
static inline char *pt_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return s;
}

/* Summary rows (and the event count) as text, to compare stores. */
static inline char *pt_dump(lectern_progress *p)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(lectern_progress_path(p), &db, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    size_t cap = 1 << 16, n = 0;
    char *out = calloc(1, cap);
    const char *q[] = {
        "SELECT profile_id||course_id||item_id||viewed||time_ms||attempts||"
        "ifnull(best_score,'-')||ifnull(last_score,'-')||passed||duration_ms||ranges||"
        "watched_ms||bookmarked||ifnull(reflection,'-')||review||removed FROM item_state"
        " ORDER BY 1",
        "SELECT profile_id||course_id||ifnull(seen_version,'-')||ifnull(position_item,'-')||"
        "position_ms||completed||success||completed_ms FROM course_state ORDER BY 1",
        "SELECT profile_id||course_id||module_id||completed||passed FROM module_state"
        " ORDER BY 1",
        "SELECT 'events '||count(*)||' profiles '||(SELECT count(*) FROM profile) FROM event",
    };
    for (int i = 0; i < 4; i++) {
        assert_int_equal(sqlite3_prepare_v2(db, q[i], -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *t = (const char *)sqlite3_column_text(st, 0);
            size_t l = strlen(t);
            if (n + l + 2 > cap) {
                cap = 2 * (n + l + 2);
                out = realloc(out, cap);
            }
            memcpy(out + n, t, l);
            n += l;
            out[n++] = '\n';
            out[n] = '\0';
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
}

#define PT_OK(call)                                                     \
    do {                                                                \
        int rc_ = (call);                                               \
        if (rc_ != 0)                                                   \
            fail_msg("%s -> %d: %s", #call, rc_, err.msg);              \
    } while (0)

/* Fails unless the summaries of the store in dir are what replaying its
 * event log gives: the log imported into a new store (dir/replay, removed
 * after) dumps the same. */
static inline void pt_assert_replay(const char *dir)
{
    lectern_error err = {0};
    lectern_progress *p, *q;
    PT_OK(lectern_progress_open(dir, &p, &err));
    char *replay_dir = pt_join(dir, "replay");
    PT_OK(lectern_progress_open(replay_dir, &q, &err));
    PT_OK(lectern_progress_import(q, lectern_progress_path(p), NULL, &err));
    char *d1 = pt_dump(p), *d2 = pt_dump(q);
    assert_string_equal(d1, d2);
    free(d1);
    free(d2);
    lectern_progress_close(q);
    lectern_progress_close(p);
    pt_rmdir(replay_dir);
}

#endif
