/* Video items in the session (see lectern/session.h): the player reports
 * positions as its video plays, pauses, seeks and closes; the session keeps
 * the last position, the resume offset and the merged watched ranges per
 * item, and tells the listener (the progress store) about each closed
 * stretch and where a video was left. No clock, no SDL. */
#include <stdlib.h>
#include <string.h>

#include "lectern/log.h"
#include "session_internal.h"

#define TAG "session"

/* The record of item index, made (with every other item's) on first use;
 * NULL when out of range or out of memory. */
static session_video *video_of(lectern_session *s, size_t index)
{
    if (!s || index >= s->n_items)
        return NULL;
    if (!s->videos) {
        s->videos = calloc(s->n_items, sizeof *s->videos);
        if (!s->videos) {
            LOG_WARN(TAG, "out of memory: video positions not kept");
            return NULL;
        }
        for (size_t i = 0; i < s->n_items; i++) {
            s->videos[i].position_ms = -1;
            lectern_watch_init(&s->videos[i].watch, 0);
        }
    }
    return &s->videos[index];
}

static const session_video *peek(const lectern_session *s, size_t index)
{
    return s && s->videos && index < s->n_items ? &s->videos[index] : NULL;
}

void session_videos_free(lectern_session *s)
{
    if (!s->videos)
        return;
    for (size_t i = 0; i < s->n_items; i++)
        free(s->videos[i].ranges);
    free(s->videos);
    s->videos = NULL;
}

/* Adds [from, to) to the sorted, merged list. */
static void add_range(session_video *v, int64_t from, int64_t to)
{
    size_t i = 0;
    while (i < v->n_ranges && v->ranges[i].to_ms < from)
        i++;
    size_t j = i;           /* ranges i..j-1 touch [from, to): merge them */
    while (j < v->n_ranges && v->ranges[j].from_ms <= to) {
        if (v->ranges[j].from_ms < from)
            from = v->ranges[j].from_ms;
        if (v->ranges[j].to_ms > to)
            to = v->ranges[j].to_ms;
        j++;
    }
    if (j == i) {           /* nothing to merge: insert at i */
        if (v->n_ranges == v->cap_ranges) {
            size_t cap = v->cap_ranges ? v->cap_ranges * 2 : 4;
            lectern_range *r = realloc(v->ranges, cap * sizeof *r);
            if (!r) {
                LOG_WARN(TAG, "out of memory: a watched range not kept");
                return;
            }
            v->ranges = r;
            v->cap_ranges = cap;
        }
        memmove(v->ranges + i + 1, v->ranges + i, (v->n_ranges - i) * sizeof *v->ranges);
        v->n_ranges++;
    } else if (j > i + 1) {
        memmove(v->ranges + i + 1, v->ranges + j, (v->n_ranges - j) * sizeof *v->ranges);
        v->n_ranges -= j - i - 1;
    }
    v->ranges[i].from_ms = from;
    v->ranges[i].to_ms = to;
}

static void closed_stretch(lectern_session *s, size_t index, session_video *v,
                           const lectern_range *r)
{
    add_range(v, r->from_ms, r->to_ms);
    LOG_DEBUG(TAG, "item %zu: watched %lld..%lld ms", index, (long long)r->from_ms,
              (long long)r->to_ms);
    lectern_session_event ev = { .kind = LECTERN_EV_VIDEO_RANGE, .index = index,
                                 .now_ms = s->now, .from_ms = r->from_ms, .to_ms = r->to_ms,
                                 .duration_ms = v->duration_ms };
    session_emit(s, &ev);
}

void lectern_session_video_playing(lectern_session *s, size_t index, int64_t pos_ms,
                                   int64_t duration_ms)
{
    session_video *v = video_of(s, index);
    if (!v || pos_ms < 0)
        return;
    if (duration_ms > 0)
        v->duration_ms = duration_ms;
    v->position_ms = pos_ms;
    lectern_range r;
    if (lectern_watch_playing(&v->watch, pos_ms, &r))
        closed_stretch(s, index, v, &r);
}

void lectern_session_video_break(lectern_session *s, size_t index)
{
    session_video *v = video_of(s, index);
    lectern_range r;
    if (v && lectern_watch_break(&v->watch, &r))
        closed_stretch(s, index, v, &r);
}

void lectern_session_video_left(lectern_session *s, size_t index, int64_t pos_ms,
                                int64_t duration_ms, int ended)
{
    session_video *v = video_of(s, index);
    if (!v)
        return;
    if (duration_ms > 0)
        v->duration_ms = duration_ms;
    lectern_session_video_break(s, index);
    if (pos_ms < 0)
        pos_ms = 0;
    v->position_ms = pos_ms;
    v->resume_ms = ended ? 0 : pos_ms;
    lectern_session_event ev = { .kind = LECTERN_EV_VIDEO_POSITION, .index = index,
                                 .now_ms = s->now, .position_ms = v->resume_ms,
                                 .duration_ms = v->duration_ms };
    session_emit(s, &ev);
}

int64_t lectern_session_video_resume(const lectern_session *s, size_t index)
{
    const session_video *v = peek(s, index);
    return v ? v->resume_ms : 0;
}

void lectern_session_video_set_resume(lectern_session *s, size_t index, int64_t ms)
{
    session_video *v = video_of(s, index);
    if (v)
        v->resume_ms = ms > 0 ? ms : 0;
}

int64_t lectern_session_video_position(const lectern_session *s, size_t index)
{
    const session_video *v = peek(s, index);
    return v ? v->position_ms : -1;
}

int64_t lectern_session_video_duration(const lectern_session *s, size_t index)
{
    const session_video *v = peek(s, index);
    return v ? v->duration_ms : 0;
}

size_t lectern_session_video_watched(const lectern_session *s, size_t index,
                                     lectern_range *out, size_t max, int64_t *total_ms)
{
    const session_video *v = peek(s, index);
    int64_t total = 0;
    size_t n = v ? v->n_ranges : 0;
    for (size_t i = 0; i < n; i++) {
        if (out && i < max)
            out[i] = v->ranges[i];
        total += v->ranges[i].to_ms - v->ranges[i].from_ms;
    }
    if (total_ms)
        *total_ms = total;
    return n;
}
