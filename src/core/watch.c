/* Watched stretches of a video from the positions seen while playing; see
 * include/lectern/watch.h. */
#include "lectern/watch.h"

void lectern_watch_init(lectern_watch *w, int64_t max_step_ms)
{
    w->from_ms = -1;
    w->last_ms = -1;
    w->max_step_ms = max_step_ms > 0 ? max_step_ms : LECTERN_WATCH_DEFAULT_STEP_MS;
}

int lectern_watch_break(lectern_watch *w, lectern_range *done)
{
    int out = 0;
    if (w->from_ms >= 0 && w->last_ms > w->from_ms) {
        done->from_ms = w->from_ms;
        done->to_ms = w->last_ms;
        out = 1;
    }
    w->from_ms = w->last_ms = -1;
    return out;
}

int lectern_watch_playing(lectern_watch *w, int64_t pos_ms, lectern_range *done)
{
    if (pos_ms < 0)
        return 0;
    if (w->from_ms < 0) {
        w->from_ms = w->last_ms = pos_ms;
        return 0;
    }
    int64_t step = pos_ms - w->last_ms;
    if (step > w->max_step_ms || step < -LECTERN_WATCH_JITTER_MS) {
        int out = lectern_watch_break(w, done);
        w->from_ms = w->last_ms = pos_ms;
        return out;
    }
    if (pos_ms > w->last_ms)
        w->last_ms = pos_ms;
    return 0;
}
