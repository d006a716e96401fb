/* The player's session state machine: which screen is shown (start, slide,
 * table of contents, quit confirmation), the current item, pending number
 * entry and short messages. Pure C over a loaded lectern_course: commands
 * come in as data, time comes in through lectern_session_tick, and the
 * player draws a read-only lectern_session_view each frame.
 *
 *   lectern_session *s;
 *   lectern_session_create(course, &s, &err);
 *   lectern_cmd c;
 *   lectern_cmd_parse("goto m1-intro", &c, &err);
 *   lectern_session_handle(s, &c);
 *   lectern_session_tick(s, now_ms);
 *   lectern_session_view v; lectern_session_get_view(s, &v);
 *   lectern_session_destroy(s);
 *
 * Extending: add a lectern_cmd_kind before LECTERN_CMD_COUNT, its name in the
 * table in session.c, and its case in lectern_session_handle. */
#ifndef LECTERN_SESSION_H
#define LECTERN_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/course.h"
#include "lectern/error.h"
#include "lectern/progress.h"   /* lectern_range */

typedef struct lectern_session lectern_session;

typedef enum {
    LECTERN_SCREEN_START = 0,   /* course title, modules, Start/Continue */
    LECTERN_SCREEN_SLIDE,       /* an item of the course (slide, video, exercise) */
    LECTERN_SCREEN_TOC,         /* table of contents over the slide or start screen */
    LECTERN_SCREEN_CONFIRM_QUIT,/* "Quit?" over whatever was shown */
    LECTERN_SCREEN_COUNT
} lectern_screen;

/* Named commands. The script language and the player's keymap use the names
 * (see lectern_cmd_name); arguments are in lectern_cmd.n / .id. */
typedef enum {
    LECTERN_CMD_NONE = 0,
    LECTERN_CMD_NEXT,           /* next item (from the start screen: start/continue) */
    LECTERN_CMD_PREV,
    LECTERN_CMD_FIRST,
    LECTERN_CMD_LAST,
    LECTERN_CMD_GOTO,           /* id: item id, or a 1-based number when no item has that id */
    LECTERN_CMD_GOTO_NUMBER,    /* n: 1-based item number */
    LECTERN_CMD_START,          /* start screen -> slides (continue where left) */
    LECTERN_CMD_HOME,           /* back to the start screen */
    LECTERN_CMD_TOC,            /* toggle the table of contents */
    LECTERN_CMD_TOC_OPEN,
    LECTERN_CMD_TOC_CLOSE,
    LECTERN_CMD_MOVE,           /* n: move the menu cursor by n rows (clamped) */
    LECTERN_CMD_MOVE_TO,        /* n: put the menu cursor on row n (0-based, clamped) */
    LECTERN_CMD_SELECT,         /* activate the row under the cursor (start screen, toc) */
    LECTERN_CMD_SELECT_ROW,     /* n: MOVE_TO n then SELECT (mouse clicks) */
    LECTERN_CMD_ENTER,          /* Enter: digits -> jump; menus -> select; confirm -> quit; slide -> next */
    LECTERN_CMD_BACK,           /* Esc: close overlay, clear digits, slide -> start, start -> ask to quit */
    LECTERN_CMD_QUIT,           /* ask before quitting (opens the confirmation) */
    LECTERN_CMD_QUIT_NOW,       /* quit without asking (window closed) */
    LECTERN_CMD_CONFIRM,        /* yes in the quit confirmation */
    LECTERN_CMD_CANCEL,         /* no in the quit confirmation */
    LECTERN_CMD_DIGIT,          /* n: 0..9, appended to the pending number (slide screen) */
    LECTERN_CMD_BACKSPACE,      /* drop the last pending digit */
    LECTERN_CMD_FULLSCREEN,     /* request: the player toggles fullscreen */
    LECTERN_CMD_SCREENSHOT,     /* request: the player saves a screenshot */
    /* exercises (include/lectern/exercise.h): positions are 1-based as shown */
    LECTERN_CMD_ANSWER,         /* id: "2", "1,3", "true"/"false": set the answer */
    LECTERN_CMD_CHOOSE,         /* n: what number key n does (select, toggle, match, step) */
    LECTERN_CMD_MATCH,          /* id: "L R": left row L gets the right shown at R (0 clears) */
    LECTERN_CMD_ORDER,          /* id: "3 1 2": the entries now at these positions, in order */
    LECTERN_CMD_FILL,           /* id: text for the focused (else first empty) blank */
    LECTERN_CMD_TEXT,           /* id: the reflection text */
    LECTERN_CMD_INPUT,          /* id: typed text inserted at the focused field's caret */
    LECTERN_CMD_ERASE,          /* backspace: the character before the caret */
    LECTERN_CMD_SUBMIT,
    LECTERN_CMD_RETRY,          /* a new try (new shuffle), within the retry limit */
    LECTERN_CMD_REVEAL,         /* show the key (classroom: to the room) */
    LECTERN_CMD_FOCUS,          /* n: focus control n (0-based, Tab order) */
    LECTERN_CMD_FOCUS_MOVE,     /* n: focus n controls on (Tab 1, Shift-Tab -1), wrapping */
    LECTERN_CMD_ACTIVATE,       /* Space/Enter on the focused control */
    LECTERN_CMD_REORDER,        /* n: move the focused ordering entry by n places */
    LECTERN_CMD_NEXT_QUESTION,  /* question set: on to the next question (this one answered) */
    LECTERN_CMD_PREV_QUESTION,  /* question set: back to the previous question */
    LECTERN_CMD_CARET,          /* id: left|right|home|end|word-left|word-right in the focused field */
    LECTERN_CMD_DELETE,         /* delete the character after the caret in the focused field */
    LECTERN_CMD_COUNTDOWN,      /* classroom: start/stop the exercise's countdown */
    LECTERN_CMD_COUNT
} lectern_cmd_kind;

#define LECTERN_CMD_ID_MAX 127

typedef struct lectern_cmd {
    lectern_cmd_kind kind;
    long n;                               /* numeric argument */
    char id[LECTERN_CMD_ID_MAX + 1];      /* text argument (GOTO) */
} lectern_cmd;

/* Requests the player carries out (bits returned by lectern_session_take_requests). */
enum {
    LECTERN_REQ_FULLSCREEN = 1u << 0,
    LECTERN_REQ_SCREENSHOT = 1u << 1
};

/* Timings of the session (ms of the injected clock). */
#define LECTERN_SESSION_DIGIT_TIMEOUT_MS 3000   /* pending digits expire */
#define LECTERN_SESSION_MESSAGE_MS 2500         /* how long a message shows */
#define LECTERN_SESSION_MAX_DIGITS 6
#define LECTERN_SESSION_PAGE_ROWS 10            /* suggested PgUp/PgDn step in menus */

/* Events for observers (progress store, video, trainer mode). */
typedef enum {
    LECTERN_EV_ITEM_ENTER = 0,  /* index: item now shown */
    LECTERN_EV_ITEM_LEAVE,      /* index: item no longer shown; dwell_ms: how long */
    LECTERN_EV_SCREEN,          /* screen changed (view.screen) */
    LECTERN_EV_QUIT,
    LECTERN_EV_ATTEMPT,         /* index: exercise item; attempt/result: the submitted try */
    LECTERN_EV_VIDEO_RANGE,     /* index: video item; [from_ms, to_ms) watched, duration_ms */
    LECTERN_EV_VIDEO_POSITION   /* index: video item left at position_ms (0: start or ended) */
} lectern_session_event_kind;

typedef struct lectern_session_event {
    lectern_session_event_kind kind;
    size_t index;
    uint64_t now_ms;
    uint64_t dwell_ms;
    /* LECTERN_EV_ATTEMPT (pointers valid during the call only): the xAPI
     * fields for lectern_progress_attempt (response, scaled score, success,
     * duration, interaction), the item id, and the full scored result. */
    const struct lectern_attempt *attempt;
    const char *item_id;
    const struct lectern_quiz_result *result;
    /* LECTERN_EV_VIDEO_*: milliseconds of the item's video (duration 0: unknown) */
    int64_t from_ms, to_ms, position_ms, duration_ms;
} lectern_session_event;

typedef void (*lectern_session_listener)(const lectern_session_event *ev, void *user);

/* What the player draws. Pointers stay valid until the next call that
 * changes the session (handle, tick) or destroy. */
typedef struct lectern_session_view {
    lectern_screen screen;      /* the screen on top */
    lectern_screen base;        /* START or SLIDE: what is under an overlay */
    int toc_open;               /* TOC shown (possibly under the quit confirmation) */
    size_t index;               /* current item (0-based) */
    size_t n_items;
    const lectern_item *item;   /* current item; NULL when the course has none */
    size_t module_index;
    const lectern_module *module;
    long cursor;                /* start screen: row (0 = Start/Continue, 1+m = module m); TOC: row */
    size_t n_rows;              /* rows of the menu on top (start screen or TOC) */
    const char *digits;         /* pending number entry, "" when none */
    int confirm_focus;          /* quit confirmation: focused button, 0 Quit, 1 Stay */
    const char *message;        /* short notice to show, "" when none */
    int can_continue;           /* the start screen offers Continue (resume_index) */
    size_t resume_index;
    int quit;                   /* the player should exit */
    uint64_t now_ms;
    unsigned long generation;   /* changes whenever anything visible changes */
} lectern_session_view;

/* A row of the table of contents: a module heading or an item. */
typedef struct lectern_toc_row {
    int is_module;
    size_t module_index;
    size_t item_index;          /* items: index in the course; modules: first item */
} lectern_toc_row;

/* Creates a session over `course` (borrowed; must outlive the session) on
 * the start screen, at item 0, clock 0. LECTERN_ENOMEM on allocation failure;
 * a course without items is allowed (navigation commands then do nothing). */
int lectern_session_create(const lectern_course *course, lectern_session **out,
                           lectern_error *err);

/* Frees the session. NULL is fine. */
void lectern_session_destroy(lectern_session *s);

/* Applies one command. Returns 1 when the visible state changed, 0 when the
 * command did nothing here (e.g. next on the last item), or a negative code:
 * LECTERN_ENOTFOUND for goto to an unknown id or number (a message is also
 * shown), LECTERN_EINVAL for a bad command. Never fails otherwise. */
int lectern_session_handle(lectern_session *s, const lectern_cmd *cmd);

/* Advances the injected clock to now_ms (monotonic; smaller values are
 * ignored). Expires pending digits and messages. */
void lectern_session_tick(lectern_session *s, uint64_t now_ms);

/* Fills *v with the current state. */
void lectern_session_get_view(const lectern_session *s, lectern_session_view *v);

/* Returns and clears the pending LECTERN_REQ_* bits. */
unsigned lectern_session_take_requests(lectern_session *s);

/* Sets the item Continue resumes at (the progress store calls this);
 * out-of-range indexes are ignored. */
void lectern_session_set_resume(lectern_session *s, size_t index);

/* 1 when the item was shown at least once in this session. */
int lectern_session_visited(const lectern_session *s, size_t index);

/* Rows of the table of contents: every module followed by its items. */
size_t lectern_session_toc_rows(const lectern_session *s);
int lectern_session_toc_row(const lectern_session *s, size_t row, lectern_toc_row *out);
/* TOC row of item `index`. */
size_t lectern_session_toc_row_of_item(const lectern_session *s, size_t index);

/* Installs an observer (one; NULL removes it). */
void lectern_session_set_listener(lectern_session *s, lectern_session_listener fn,
                                  void *user);

/* Sets a message shown for LECTERN_SESSION_MESSAGE_MS (the player uses it
 * for "Screenshot saved: ..."). */
void lectern_session_notify(lectern_session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Messages in the player's language: the session passes each English
 * message format (a printf format, e.g. "No item %ld: the course has items 1
 * to %zu") through fn and formats what it returns, which must take the same
 * arguments in the same order. NULL: English. */
typedef const char *(*lectern_session_translate)(const char *msgid, void *user);
void lectern_session_set_translator(lectern_session *s, lectern_session_translate fn,
                                    void *user);

/* Video items. The player reports what its video does; the session keeps,
 * per item, the last position, where play resumes, and the watched ranges,
 * and tells the listener (LECTERN_EV_VIDEO_RANGE when a stretch closes,
 * LECTERN_EV_VIDEO_POSITION when the item's video is closed). Out-of-range
 * indexes are ignored (0 / nothing returned). Allocation failures drop the
 * record (logged), never the session.
 *
 * playing: a position seen while the video plays (each frame); a jump of
 * more than LECTERN_WATCH_DEFAULT_STEP_MS closes the stretch before it.
 * duration_ms <= 0 keeps the known one. */
void lectern_session_video_playing(lectern_session *s, size_t index, int64_t pos_ms,
                                   int64_t duration_ms);
/* Playback stopped being continuous (pause, seek, end): closes the stretch. */
void lectern_session_video_break(lectern_session *s, size_t index);
/* The video of item index was closed at pos_ms (ended=1: it ran to the end,
 * or to its last seconds): closes the stretch, sets the resume offset (0
 * after the end) and emits LECTERN_EV_VIDEO_POSITION with it. */
void lectern_session_video_left(lectern_session *s, size_t index, int64_t pos_ms,
                                int64_t duration_ms, int ended);
/* Where play starts the next time the item plays: the progress store's
 * offset (set_resume) or where it was left in this session; 0: the start. */
int64_t lectern_session_video_resume(const lectern_session *s, size_t index);
void lectern_session_video_set_resume(lectern_session *s, size_t index, int64_t ms);
/* The last position reported (playing or left), -1 when the video never played. */
int64_t lectern_session_video_position(const lectern_session *s, size_t index);
/* The video's length as reported, 0 when unknown. */
int64_t lectern_session_video_duration(const lectern_session *s, size_t index);
/* Watched ranges (closed stretches, merged, sorted): copies up to max into
 * out and returns how many there are; *total_ms (may be NULL) gets their
 * summed length. */
size_t lectern_session_video_watched(const lectern_session *s, size_t index,
                                     lectern_range *out, size_t max, int64_t *total_ms);

/* "next", "goto", "toc-open" ...; NULL for an unknown kind. */
const char *lectern_cmd_name(lectern_cmd_kind k);

/* Parses "NAME [ARG]" (e.g. "next", "goto m1-intro", "move -1", "digit 4";
 * the exercise commands answer, match, order, fill, text and input take the
 * rest of the line: "fill the means", "order 3 1 2").
 * LECTERN_EINVAL with a message for an unknown name or a bad argument. */
int lectern_cmd_parse(const char *text, lectern_cmd *out, lectern_error *err);

/* Fills a command without argument / with a numeric / a text argument. */
lectern_cmd lectern_cmd_make(lectern_cmd_kind k, long n);
lectern_cmd lectern_cmd_make_id(lectern_cmd_kind k, const char *id);

/* "start", "slide", "toc", "confirm-quit"; and back (-1 when unknown). */
const char *lectern_screen_name(lectern_screen s);
int lectern_screen_from_name(const char *name);

#endif
