/* Internals shared by the progress_*.c files: the store handle, SQLite
 * helpers (errors, transactions) and the event -> summary apply step. */
#ifndef LECTERN_PROGRESS_INTERNAL_H
#define LECTERN_PROGRESS_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "lectern/progress.h"

struct lectern_progress {
    sqlite3 *db;
    char *path;             /* the database file */
    char *dir;              /* its folder (backups go to dir/backups) */
    char journal[8];        /* "wal" or "delete" */
    char device_id[33];
    struct { const char *sql; sqlite3_stmt *st; } cache[24];   /* hot statements */
    int n_cache;
    int batch;              /* inside lectern_progress_batch_begin/commit */
    int sp;                 /* open savepoints inside the batch */
};

/* Fills err with "<path>: <what>: <sqlite message>" and returns code. */
int prog_db_err(lectern_progress *p, lectern_error *err, int code, const char *what);
int prog_exec(lectern_progress *p, const char *sql, lectern_error *err);
/* BEGIN IMMEDIATE; inside a batch a SAVEPOINT (commit releases it, rollback
 * undoes only it). */
int prog_begin(lectern_progress *p, lectern_error *err);
int prog_commit(lectern_progress *p, lectern_error *err);
void prog_rollback(lectern_progress *p);
/* Prepared statement for sql, kept across calls (sqlite return code);
 * prog_release resets a cached one (or finalizes one that did not fit). */
int prog_prepare(lectern_progress *p, const char *sql, sqlite3_stmt **st);
void prog_release(lectern_progress *p, sqlite3_stmt *st);

/* Reads the 13 item_state columns viewed, time_ms, attempts, best_score,
 * last_score, passed, duration_ms, ranges, watched_ms, bookmarked,
 * reflection, review, removed (from column c0 on) into s, whose scores are
 * already -1. LECTERN_ENOMEM when the ranges cannot be kept. */
#define PROG_ITEM_COLUMNS "viewed, time_ms, attempts, best_score, last_score, passed," \
    " duration_ms, ranges, watched_ms, bookmarked, reflection, review, removed"
int prog_item_row(sqlite3_stmt *st, int c0, lectern_item_state *s, lectern_error *err);

/* A random UUID (version 4) into buf[37]. */
int prog_uuid4(char buf[37]);
/* A name-based UUID (version 5, SHA-1) from namespace text + name into buf[37]. */
void prog_uuid5(const char *name, char buf[37]);

/* Inserts an event row (uid given or made) and applies it to the summaries
 * (or rebuilds the profile+course when the event is older than the latest).
 * Must run inside a transaction. */
int prog_insert_event(lectern_progress *p, const char *uid, int64_t profile,
                      const char *course_id, const char *course_version,
                      const char *item_id, const char *kind, const char *payload,
                      int64_t t_ms, int64_t *event_id, lectern_error *err);

/* Applies one event to the summary tables. */
int prog_apply(lectern_progress *p, int64_t profile, const char *course_id,
               const char *course_version, const char *item_id, const char *kind,
               const char *payload, int64_t t_ms, lectern_error *err);

/* Drops and replays the summaries of one profile+course from its events. */
int prog_rebuild(lectern_progress *p, int64_t profile, const char *course_id,
                 lectern_error *err);

/* Merges [from,to) into the sorted, disjoint list v (capacity grows). */
int prog_ranges_add(lectern_range **v, size_t *n, int64_t from, int64_t to);
int64_t prog_ranges_covered(const lectern_range *v, size_t n, int64_t clip);

/* The course_state row (seen_version owned by caller, free()); 0 when found,
 * LECTERN_ENOTFOUND otherwise. Any out pointer may be NULL. */
int prog_course_state(lectern_progress *p, int64_t profile, const char *course_id,
                      char **seen_version, int *completed, int *success,
                      int64_t *completed_ms, lectern_error *err);

/* ---- merging (progress_merge.c), shared with the salvage of a damaged store */
typedef struct prog_merge {
    lectern_progress *p;
    lectern_import_stats st;
    lectern_error *err;
} prog_merge;

/* Starts a merge: one transaction, a temp table of touched profile+course. */
int prog_merge_start(prog_merge *m);
/* Finds (identifier, else name, else uid) or creates the local profile for an
 * incoming one. */
int prog_merge_profile(prog_merge *m, const char *uid, const char *name, const char *ident,
                       const char *origin, int64_t created_ms, int64_t *id);
/* Adds one event unless its uid is known (counted in m->st). */
int prog_merge_event(prog_merge *m, const char *uid, int64_t profile, const char *cid,
                     const char *cver, const char *item, const char *kind, const char *payload,
                     int64_t t_ms);
/* Rebuilds the touched summaries and commits (rc < 0: rolls back, returns rc). */
int prog_merge_finish(prog_merge *m, int rc);

/* 0 when PRAGMA integrity_check says ok; else -1 and the first problem in msg. */
int prog_integrity_ok(sqlite3 *db, char *msg, size_t cap);
/* Names of the backups in dir (progress-*.sqlite), sorted, newest last. */
int prog_list_backups(const char *dir, char ***names, size_t *n);
void prog_free_names(char **v, size_t n);
int prog_copy_file(const char *from, const char *to);

#endif
