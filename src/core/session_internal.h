/* Inside the session (session.c, session_video.c): the state behind
 * lectern_session. Only src/core/session*.c include this. */
#ifndef LECTERN_SESSION_INTERNAL_H
#define LECTERN_SESSION_INTERNAL_H

#include "lectern/exercise.h"
#include "lectern/session.h"
#include "lectern/watch.h"

/* A video item in this session (session_video.c). */
typedef struct session_video {
    int64_t position_ms;        /* last position reported, -1 none */
    int64_t resume_ms;          /* where play starts next time, 0 the start */
    int64_t duration_ms;        /* 0 unknown */
    lectern_watch watch;        /* the open watched stretch */
    lectern_range *ranges;      /* watched, merged and sorted */
    size_t n_ranges, cap_ranges;
} session_video;

struct lectern_session {
    const lectern_course *c;
    size_t n_items, n_modules;
    lectern_screen base;        /* START or SLIDE */
    int toc_open, confirm_open;
    long confirm_focus;         /* quit confirmation: 0 Quit, 1 Stay (Tab) */
    size_t index;
    long start_cursor, toc_cursor;
    int can_continue;
    size_t resume_index;
    char digits[LECTERN_SESSION_MAX_DIGITS + 1];
    uint64_t digits_at;
    char message[200];
    uint64_t message_until;
    uint64_t now;
    unsigned requests;
    int quit;
    unsigned char *visited;
    int showing_item;           /* an item is on screen (base SLIDE) */
    uint64_t item_entered_at;
    lectern_session_listener listener;
    void *listener_user;
    unsigned long generation;
    lectern_exercises *ex;      /* exercise states per item (session_exercise.c) */
    int classroom;
    session_video *videos;      /* per item, made on first use (session_video.c) */
    lectern_session_translate tr;   /* the player's words for messages */
    void *tr_user;
};

/* session.c: sends an event to the listener. */
void session_emit(lectern_session *s, const lectern_session_event *ev);
/* session_video.c: frees the video records. */
void session_videos_free(lectern_session *s);

#endif
