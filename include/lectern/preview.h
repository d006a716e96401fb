/* Live preview of a course source folder (`lectern --watch DIR`): a folder
 * watcher (inotify, recursive, with a quiet period so an editor's several
 * writes give one reload) and a reload that keeps the position and, when the
 * course has errors, returns the check messages to show instead of closing.
 * No SDL and no wall clock: the caller passes its own milliseconds.
 *
 *   lectern_dirwatch *w;
 *   lectern_dirwatch_open(dir, &w, &err);
 *   each frame (or when lectern_dirwatch_fd(w) is readable):
 *     lectern_dirwatch_poll(w, now_ms);
 *     if (lectern_dirwatch_settled(w, now_ms, 250)) {
 *         lectern_preview_load l;
 *         if (lectern_preview_reload(dir, cur_id, cur_index, &l, &err) == 0)
 *             ... swap in l.course (and l.reader), go to l.position ...
 *         else
 *             ... show l.report (or err.msg when l.report is NULL) ...
 *     }
 */
#ifndef LECTERN_PREVIEW_H
#define LECTERN_PREVIEW_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/course.h"
#include "lectern/error.h"
#include "lectern/reader.h"

#define LECTERN_DIRWATCH_MAX_DIRS 4096

typedef struct lectern_dirwatch lectern_dirwatch;

/* Watches `dir` and every folder below it (new folders too, up to
 * LECTERN_DIRWATCH_MAX_DIRS), except hidden ones (.git). Changes to hidden
 * files and editor leftovers (name~, .swp, .swx, 4913, #name#) are ignored.
 * Fails with LECTERN_EIO (not a folder, no inotify) or LECTERN_ENOMEM. */
int lectern_dirwatch_open(const char *dir, lectern_dirwatch **out, lectern_error *err);
void lectern_dirwatch_close(lectern_dirwatch *w);

/* A non-blocking descriptor that becomes readable when changes wait (for
 * poll(2) or a thread); lectern_dirwatch_poll reads it. */
int lectern_dirwatch_fd(const lectern_dirwatch *w);

/* Reads every pending change without blocking; remembers now_ms as the time
 * of the last one. Returns how many relevant changes it read (0: none), or
 * LECTERN_EIO. The watched folder itself disappearing counts as a change. */
int lectern_dirwatch_poll(lectern_dirwatch *w, uint64_t now_ms);

/* 1 when changes were seen and none came in the last quiet_ms: time to
 * reload. It then forgets them (the next call gives 0 until a new change). */
int lectern_dirwatch_settled(lectern_dirwatch *w, uint64_t now_ms, uint64_t quiet_ms);

/* The last changed path, relative to the watched folder ("modules/m1.json"),
 * "" before any change. Owned by the watcher; valid until the next poll. */
const char *lectern_dirwatch_last(const lectern_dirwatch *w);

/* A course loaded for preview, or why it could not be. */
typedef struct lectern_preview_load {
    lectern_reader *reader;     /* must outlive course; NULL on failure */
    lectern_course *course;     /* NULL when the course has errors */
    char *report;               /* on errors: "error: FILE:LINE:COL: msg" or
                                   "error: FILE: PATH: msg", one a line, the
                                   first 20, like `lectern-pack check`; else NULL */
    size_t n_errors;
    size_t position;            /* item index to show after the reload */
} lectern_preview_load;

/* Loads the course in `dir` (a folder, or a package) as the player does and
 * finds where to stand: the item `keep_id` if it still exists, else
 * old_index clamped to the last item (0 for an empty course). Returns 0
 * with reader and course set; on errors in the course returns the first
 * error's code with `report` set (reader and course NULL); LECTERN_ENOMEM
 * or LECTERN_EIO (folder gone) with only err set. Free with
 * lectern_preview_load_free (also after a failure). */
int lectern_preview_reload(const char *dir, const char *keep_id, size_t old_index,
                           lectern_preview_load *out, lectern_error *err);
void lectern_preview_load_free(lectern_preview_load *l);

#endif
