/* Watched stretches of a video: turns the positions a player sees while a
 * video plays into [from, to) ranges for lectern_progress_video_range (the
 * progress store merges them). A stretch closes when playback stops being
 * continuous: pause, end, leaving the item (lectern_watch_break), or a jump
 * in the positions (a seek) seen by lectern_watch_playing. Parts skipped by
 * seeking never count. Pure C, no clock: the caller passes positions.
 *
 *   lectern_watch w; lectern_range r;
 *   lectern_watch_init(&w, 0);
 *   each frame while playing: if (lectern_watch_playing(&w, pos, &r)) record(r);
 *   on pause/seek/end/leave:   if (lectern_watch_break(&w, &r)) record(r);
 */
#ifndef LECTERN_WATCH_H
#define LECTERN_WATCH_H

#include <stdint.h>
#include "lectern/progress.h"   /* lectern_range */

#define LECTERN_WATCH_DEFAULT_STEP_MS 2000  /* larger forward jumps are seeks */
#define LECTERN_WATCH_JITTER_MS 250         /* smaller backward steps are noise */

typedef struct lectern_watch {
    int64_t from_ms;            /* start of the open stretch, -1 when none */
    int64_t last_ms;            /* furthest position seen in it */
    int64_t max_step_ms;
} lectern_watch;

/* Starts with no open stretch. max_step_ms <= 0 picks the default. */
void lectern_watch_init(lectern_watch *w, int64_t max_step_ms);

/* A position seen while playing (negative ones are ignored). Returns 1 and
 * fills *done when this position shows a seek (a jump forward by more than
 * max_step_ms or backward by more than the jitter) and the stretch before
 * it was not empty; the new stretch starts at pos_ms. Else 0. */
int lectern_watch_playing(lectern_watch *w, int64_t pos_ms, lectern_range *done);

/* Playback is no longer continuous: closes the open stretch. Returns 1 and
 * fills *done when it was not empty, else 0. */
int lectern_watch_break(lectern_watch *w, lectern_range *done);

#endif
