/* The trainee progress store: profiles, an append-only event log with derived
 * summaries, completion rules evaluated against the course model, version
 * reconciliation, CSV / xAPI reports and merging of other laptops' stores.
 * One SQLite file, <data_dir>/progress.sqlite. Core never reads the clock:
 * every function that records something takes `now_ms` (ms since the epoch).
 * Every recording function commits before it returns 0. A handle is for one
 * thread at a time (open one per thread if needed; SQLite's busy timeout
 * lets several handles and processes share the file).
 *
 *   lectern_progress *p;
 *   if (lectern_progress_open(dir, &p, &err) < 0) show(err.msg);
 *   int64_t me; lectern_progress_profile_create(p, "Amina", NULL, now, &me, &err);
 *   lectern_progress_ref ref = { me, lectern_course_id(c), lectern_course_version(c), "fr" };
 *   lectern_progress_reconcile(p, me, c, now, NULL, &err);   // when a course opens
 *   lectern_progress_viewed(p, &ref, "m1-intro", now, &err);
 *   lectern_course_progress *cp;
 *   lectern_progress_evaluate(p, me, c, now, &cp, &err);      // menu, summary
 *   lectern_course_progress_free(cp);
 *   lectern_progress_close(p);
 */
#ifndef LECTERN_PROGRESS_H
#define LECTERN_PROGRESS_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/course.h"
#include "lectern/error.h"

#define LECTERN_PROGRESS_SCHEMA 1           /* user_version this build writes */
#define LECTERN_PROGRESS_FILE "progress.sqlite"

typedef struct lectern_progress lectern_progress;

/* ---- store ---------------------------------------------------------- */

/* Opens or creates <data_dir>/progress.sqlite (data_dir is created with its
 * parents when missing). WAL + synchronous=FULL (DELETE journal when WAL cannot
 * be enabled, or when the environment has LECTERN_PROGRESS_JOURNAL=delete,
 * for data dirs on network shares), foreign keys, busy timeout, migrations up to
 * LECTERN_PROGRESS_SCHEMA, then PRAGMA integrity_check. Fails with
 * LECTERN_EUNSUPPORTED (file from a newer Lectern: left untouched),
 * LECTERN_EFORMAT (not a database or damaged: left untouched, the message names
 * the file; see lectern_progress_recover) or LECTERN_EIO. Close with
 * lectern_progress_close. */
int lectern_progress_open(const char *data_dir, lectern_progress **out, lectern_error *err);

/* Same, for an explicit database file path. */
int lectern_progress_open_file(const char *path, lectern_progress **out, lectern_error *err);

/* Closes the store (NULL is fine). */
void lectern_progress_close(lectern_progress *p);

/* The database path, the journal mode in use ("wal" or "delete") and this
 * store's random device id (32 hex chars, made at creation). Owned by p. */
const char *lectern_progress_path(const lectern_progress *p);
const char *lectern_progress_journal_mode(const lectern_progress *p);
const char *lectern_progress_device_id(const lectern_progress *p);

/* Writes a consistent copy of the store to <data_dir>/backups/progress-<now>.sqlite
 * and keeps the `keep` newest backups (older ones are deleted). */
int lectern_progress_backup(lectern_progress *p, int64_t now_ms, int keep, lectern_error *err);

/* For a store that lectern_progress_open refused as damaged: renames the file
 * to progress.sqlite.damaged-<now_ms> (never deleted or overwritten) and copies
 * the newest backup that passes integrity_check in its place (or leaves no
 * file, so the next open starts empty, when there is none). `restored` (may be
 * NULL) gets 1 when a backup was restored. The message in err (also on
 * success) tells the user where the damaged file went. */
int lectern_progress_recover(const char *data_dir, int64_t now_ms, int *restored,
                             lectern_error *err);

/* What lectern_progress_open_recover / lectern_progress_salvage did. */
typedef struct lectern_recovery {
    int recovered;              /* 1 when a damaged store was moved aside and replaced */
    int restored_backup;        /* 1 when the newest good backup was the starting point */
    int header_rebuilt;         /* 1 when the damaged file's header was unreadable */
    int64_t events_salvaged;    /* events read back from the damaged file (not in the backup) */
    int64_t profiles_salvaged;  /* profiles created from the damaged file's rows or orphans */
    int64_t events_total;       /* events in the recovered store */
    char damaged_path[4200];    /* where the damaged file was moved (kept, never deleted) */
    char backup[64];            /* the backup's file name, "" when none */
} lectern_recovery;

/* Opens the store like lectern_progress_open; when the file is damaged (not
 * SQLite, unreadable header, failing integrity check), recovers it by itself
 * (lectern_progress_salvage) and opens the result. rec (may be NULL) says what
 * happened; when rec->recovered, err->msg (code 0) holds a sentence for the
 * user (also logged). A store from a newer Lectern is not touched:
 * LECTERN_EUNSUPPORTED as from lectern_progress_open. */
int lectern_progress_open_recover(const char *data_dir, int64_t now_ms, lectern_progress **out,
                                  lectern_recovery *rec, lectern_error *err);

/* Recovers <data_dir>/progress.sqlite, loses nothing that can be read: the
 * file (and its -wal/-shm) is renamed to progress.sqlite.damaged-<now_ms>
 * (kept); the newest backup passing integrity_check is copied in its place
 * (else a fresh store is made); then every profile and event row that can
 * still be read from a copy of the damaged file (skipping damaged pages; a
 * garbage header is rebuilt on the copy; event rows on intact leaf pages that
 * a damaged interior page cuts off are read from the pages themselves, never
 * from pages on the free list) is merged in by event uid, and the summaries
 * are rebuilt from the log. Events whose profile row is lost go to
 * the backup's profile with the same id, else to a new "Recovered trainee N".
 * rec (may be NULL) gets the figures; err->msg (code 0) a sentence for the user. */
int lectern_progress_salvage(const char *data_dir, int64_t now_ms, lectern_recovery *rec,
                             lectern_error *err);

/* ---- batches -------------------------------------------------------- */

/* Groups the recording calls that follow (any of this header's functions that
 * record) into one transaction, so that several events cost one durable
 * commit (the player records a slide advance this way). Inside a batch a
 * recording function returns 0 once its event is in the transaction (a failed
 * one is undone alone, through a savepoint); NOTHING is durable until
 * lectern_progress_batch_commit returns 0. Batches do not nest (LECTERN_EINVAL);
 * closing the store inside a batch drops the batch. */
int lectern_progress_batch_begin(lectern_progress *p, lectern_error *err);
/* Commits the batch (synchronous=FULL). On failure the whole batch is undone. */
int lectern_progress_batch_commit(lectern_progress *p, lectern_error *err);
/* Undoes the batch (nothing of it is kept). No-op outside a batch. */
void lectern_progress_batch_abort(lectern_progress *p);
/* 1 inside a batch. */
int lectern_progress_in_batch(const lectern_progress *p);

/* ---- profiles ------------------------------------------------------- */

typedef struct lectern_profile {
    int64_t id;             /* local row id */
    char *uid;              /* random, kept across merges */
    char *name;
    char *identifier;       /* NULL when none (e.g. staff number, e-mail) */
    int64_t created_ms;
    int64_t last_used_ms;
} lectern_profile;

/* Creates a profile. Names are trimmed, 1..100 bytes; a name must be unique
 * (case-insensitive) among profiles without identifier, an identifier unique
 * among all: LECTERN_EINVAL otherwise. identifier may be NULL or "". */
int lectern_progress_profile_create(lectern_progress *p, const char *name,
                                    const char *identifier, int64_t now_ms,
                                    int64_t *id_out, lectern_error *err);

/* All profiles, most recently used first. Free with lectern_profiles_free. */
int lectern_progress_profiles(lectern_progress *p, lectern_profile **out, size_t *n_out,
                              lectern_error *err);
void lectern_profiles_free(lectern_profile *v, size_t n);

/* Marks a profile as chosen (remembered as the last one). */
int lectern_progress_profile_use(lectern_progress *p, int64_t id, int64_t now_ms,
                                 lectern_error *err);
/* The last chosen profile's id, or LECTERN_ENOTFOUND when none. */
int lectern_progress_profile_last(lectern_progress *p, int64_t *id_out, lectern_error *err);
int lectern_progress_profile_rename(lectern_progress *p, int64_t id, const char *name,
                                    lectern_error *err);
/* Deletes a profile and all its events and summaries. */
int lectern_progress_profile_delete(lectern_progress *p, int64_t id, lectern_error *err);

/* ---- recording events ----------------------------------------------- */

/* Who and which course an event is about. Strings are borrowed. lang (may
 * be NULL) is the language the trainee studies in: kept in each event's
 * payload and exported as the xAPI context.language. */
typedef struct lectern_progress_ref {
    int64_t profile;
    const char *course_id;
    const char *course_version;
    const char *lang;
} lectern_progress_ref;

typedef enum {
    LECTERN_INTERACTION_CHOICE = 0,
    LECTERN_INTERACTION_TRUE_FALSE,
    LECTERN_INTERACTION_MATCHING,
    LECTERN_INTERACTION_SEQUENCING,
    LECTERN_INTERACTION_FILL_IN,
    LECTERN_INTERACTION_LONG_FILL_IN,
    LECTERN_INTERACTION_OTHER,
    LECTERN_INTERACTION_COUNT
} lectern_interaction;

/* xAPI interactionType: "choice", "true-false", ... ("other" when out of range). */
const char *lectern_interaction_name(lectern_interaction t);

typedef struct lectern_attempt {
    const char *response;   /* xAPI response string, may be NULL */
    double score;           /* scaled 0..1 (clamped) */
    int success;            /* 1 passed, 0 failed */
    int64_t duration_ms;    /* time spent answering */
    lectern_interaction interaction;
} lectern_attempt;

/* Each records one event and updates the summaries in one transaction,
 * committed (synchronous=FULL) before returning 0. event_id (where present,
 * may be NULL) gets the new event's row id. */
int lectern_progress_viewed(lectern_progress *p, const lectern_progress_ref *r,
                            const char *item_id, int64_t now_ms, lectern_error *err);
int lectern_progress_time_spent(lectern_progress *p, const lectern_progress_ref *r,
                                const char *item_id, int64_t ms, int64_t now_ms,
                                lectern_error *err);
/* A played stretch of a video [from_ms, to_ms) of a video lasting duration_ms
 * (0 when unknown). Ranges merge; parts skipped by seeking never count. */
int lectern_progress_video_range(lectern_progress *p, const lectern_progress_ref *r,
                                 const char *item_id, int64_t from_ms, int64_t to_ms,
                                 int64_t duration_ms, int64_t now_ms, lectern_error *err);
int lectern_progress_attempt(lectern_progress *p, const lectern_progress_ref *r,
                             const char *item_id, const lectern_attempt *a,
                             int64_t now_ms, int64_t *event_id, lectern_error *err);
int lectern_progress_bookmark(lectern_progress *p, const lectern_progress_ref *r,
                              const char *item_id, int on, int64_t now_ms, lectern_error *err);
int lectern_progress_reflection(lectern_progress *p, const lectern_progress_ref *r,
                                const char *item_id, const char *text, int64_t now_ms,
                                lectern_error *err);
/* Resume position: the item and an offset inside it (video ms, 0 otherwise). */
int lectern_progress_position(lectern_progress *p, const lectern_progress_ref *r,
                              const char *item_id, int64_t offset_ms, int64_t now_ms,
                              lectern_error *err);

/* "attempted": a new attempt at an exercise (item_id) or at the course
 * (item_id NULL or ""): recorded only when no attempt is open, i.e. the item
 * has no earlier "attempted" event, or its latest one was followed by an
 * answer ("attempt" event); the course's only once. name (may be NULL) is the
 * activity's title in r->lang (the xAPI definition.name). recorded (may be
 * NULL) gets 1 when an event was written. */
int lectern_progress_attempted(lectern_progress *p, const lectern_progress_ref *r,
                               const char *item_id, const char *name, int64_t now_ms,
                               int *recorded, lectern_error *err);
/* "resumed": a session that picks the course up again at item_id / offset_ms
 * (where the trainee stopped). name as above (the course title). */
int lectern_progress_resumed(lectern_progress *p, const lectern_progress_ref *r,
                             const char *item_id, int64_t offset_ms, const char *name,
                             int64_t now_ms, lectern_error *err);

/* Low level: records an event of any kind with a JSON object payload (NULL:
 * "{}"). Known kinds: viewed, time_spent, video_range, attempt, bookmark,
 * reflection, position, completed, version, attempted, resumed. */
int lectern_progress_record(lectern_progress *p, const lectern_progress_ref *r,
                            const char *item_id, const char *kind, const char *payload_json,
                            int64_t now_ms, int64_t *event_id, lectern_error *err);

/* Number of events in the store (all profiles). */
int64_t lectern_progress_n_events(lectern_progress *p);
/* 1 when an event with this row id exists. */
int lectern_progress_has_event(lectern_progress *p, int64_t event_id);

/* ---- reading state -------------------------------------------------- */

typedef struct lectern_range {
    int64_t from_ms, to_ms;
} lectern_range;

typedef struct lectern_item_state {
    int viewed;
    int64_t time_ms;            /* total time spent */
    int attempts;
    double best_score;          /* -1 when never attempted */
    double last_score;          /* -1 when never attempted */
    int passed;                 /* some attempt succeeded (since the last reset) */
    int64_t duration_ms;        /* video length as reported, 0 unknown */
    int64_t watched_ms;         /* length covered by the merged ranges */
    double watched_percent;     /* 0..100; 0 when the duration is unknown */
    lectern_range *ranges;      /* merged, sorted; owned */
    size_t n_ranges;
    int bookmarked;
    char *reflection;           /* latest reflection or NULL; owned */
    int review;                 /* flagged by an update: look at it again */
    int removed;                /* gone from the current course version */
} lectern_item_state;

/* State of one item (all zero, best_score -1, when nothing recorded: still 0).
 * Free with lectern_item_state_clear. */
int lectern_progress_item(lectern_progress *p, int64_t profile, const char *course_id,
                          const char *item_id, lectern_item_state *out, lectern_error *err);
void lectern_item_state_clear(lectern_item_state *s);

/* Calls fn for each item of course_id with a recorded state for profile (in
 * no particular order; items never touched are not listed: their state is
 * lectern_progress_item's default). s and item_id are valid during the call
 * only; fn must not use the store, and a negative return stops the walk and
 * is returned. One query for the whole course, where the start screen and the
 * contents would otherwise ask item by item. */
typedef int (*lectern_item_state_fn)(const char *item_id, const lectern_item_state *s,
                                     void *user);
int lectern_progress_item_states(lectern_progress *p, int64_t profile, const char *course_id,
                                 lectern_item_state_fn fn, void *user, lectern_error *err);

/* Where to resume: item id (owned, free()) and offset. LECTERN_ENOTFOUND when
 * the trainee never opened the course. */
int lectern_progress_resume(lectern_progress *p, int64_t profile, const char *course_id,
                            char **item_id, int64_t *offset_ms, lectern_error *err);

/* ---- completion ----------------------------------------------------- */

typedef struct lectern_module_progress {
    const char *module_id;      /* borrowed from the course */
    int n_views;                /* slides and videos required to be viewed */
    int n_viewed;
    int n_exercises;
    int n_attempted;
    int n_passed;
    int mastery_needed;         /* exercises to pass for mastery; 0 = no mastery rule */
    int n_review;               /* items flagged for review */
    int64_t time_ms;            /* time spent on its items */
    double fraction;            /* 0..1, share of required units done */
    int completed;              /* every rule met (see courses/README.md) */
    int passed;                 /* exercise rule met */
} lectern_module_progress;

typedef struct lectern_course_progress {
    lectern_module_progress *modules;
    size_t n_modules;
    double fraction;            /* over the whole course */
    int64_t time_ms;            /* time spent, all modules */
    int completed;              /* every module completed */
    int success;                /* every module passed */
    int64_t completed_ms;       /* when it was first recorded completed, else 0 */
} lectern_course_progress;

/* Evaluates the course's completion rules for a profile, and records a
 * "completed" event for each module and the course whose completed/passed
 * state changed since the last recorded one (at now_ms). It reads every
 * item's state: call it when the course opens and after recording, not per
 * frame. Free *out with lectern_course_progress_free. */
int lectern_progress_evaluate(lectern_progress *p, int64_t profile, const lectern_course *c,
                              int64_t now_ms, lectern_course_progress **out,
                              lectern_error *err);
void lectern_course_progress_free(lectern_course_progress *cp);

/* ---- versions ------------------------------------------------------- */

typedef struct lectern_reconcile_result {
    int changed;                /* 1 when a version event was recorded */
    int n_review, n_reset, n_removed;
} lectern_reconcile_result;

/* Call when a course (or a course updated by an addendum) is opened for a
 * profile. When the profile last saw another version: items named in the
 * changelog entries newer than that version with rule "review" are flagged for
 * review, "reset" clears their exercise state (and flags them), "keep" and
 * unnamed items keep their state; items with state that the course no longer
 * has are marked removed (history kept, not counted). Recorded as one
 * "version" event. res may be NULL. */
int lectern_progress_reconcile(lectern_progress *p, int64_t profile, const lectern_course *c,
                               int64_t now_ms, lectern_reconcile_result *res,
                               lectern_error *err);

/* Same with explicit lists (ids borrowed); from_version is what the profile saw. */
int lectern_progress_reconcile_lists(lectern_progress *p, int64_t profile,
                                     const char *course_id, const char *to_version,
                                     const char *const *review, size_t n_review,
                                     const char *const *reset, size_t n_reset,
                                     const char *const *removed, size_t n_removed,
                                     int64_t now_ms, lectern_error *err);

/* <0, 0, >0 comparing dotted versions numerically ("1.10.0" > "1.9.2"). */
int lectern_version_compare(const char *a, const char *b);

/* ---- reports and merge ---------------------------------------------- */

/* CSV (RFC 4180, UTF-8, header row): one row per profile x item with state. */
int lectern_progress_export_csv(lectern_progress *p, const char *path, lectern_error *err);

/* xAPI 1.0.3 statements as one JSON array, in event time order. viewed ->
 * experienced; attempt -> answered (result: score.scaled, success, response,
 * ISO 8601 duration; cmi.interaction with interactionType); a module or course
 * becoming completed -> completed + passed|failed; attempted -> attempted (an
 * exercise or the course); resumed -> resumed (object: the course, the item
 * resumed at in contextActivities.other). Verb ids are the ADL vocabulary
 * (http://adlnet.gov/expapi/verbs/<verb>). context.language is the language the
 * trainee studied in (completions: that of the course's latest event, else
 * the course's first language); verb.display is a language map (en-US, plus
 * fr or ar when that is the statement's language) and course/module objects
 * carry definition.name {language: title}. Object ids
 * urn:lectern:course:<course>[/item/<item>|/module/<module>]; context.revision =
 * course version, parent = the course. Actor: account {homePage
 * "urn:lectern:identifier", name identifier} when the profile has one, else
 * {homePage "urn:lectern:<device id where the profile was made>", name profile
 * uid}; no mbox. Statement ids are UUIDv5 of the event uid and verb, so every
 * export (also from a merged store) names the same statement the same way. */
int lectern_progress_export_xapi(lectern_progress *p, const char *path, lectern_error *err);

/* Lossless JSON export of profiles and events, for lectern_progress_import. */
int lectern_progress_export_events(lectern_progress *p, const char *path, lectern_error *err);

typedef struct lectern_import_stats {
    int profiles_matched, profiles_created;
    int64_t events_added, events_skipped;
} lectern_import_stats;

/* Merges another store (a progress.sqlite file) or a lectern_progress_export_events
 * file into p: profiles matched by identifier, else by name (profiles without
 * identifier), events de-duplicated by their uid, summaries rebuilt. Importing
 * the same thing again adds nothing. st may be NULL. */
int lectern_progress_import(lectern_progress *p, const char *path, lectern_import_stats *st,
                            lectern_error *err);

#endif
