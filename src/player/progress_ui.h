/* The player's progress half (issue 6): the store, the chosen profile, what
 * is recorded, and the screens over the session (profile chooser, store
 * problem, summary, certificate). progress_ui.c records, progress_screens.c
 * draws and takes input, certificate.c makes the certificate, cmd_progress.c
 * is `lectern progress ...`. Only src/player includes this. */
#ifndef LECTERN_PROGRESS_UI_H
#define LECTERN_PROGRESS_UI_H

#include "lectern/progress.h"
#include "player.h"

typedef enum {
    PUI_NONE = 0,       /* nothing over the session */
    PUI_CHOOSER,        /* who is studying? */
    PUI_NEW,            /* new profile: name, identifier */
    PUI_PROBLEM,        /* the store is damaged or newer */
    PUI_SUMMARY,        /* the trainee's state */
    PUI_CERT            /* the certificate on screen */
} pui_mode;

enum { PUI_F_VIEWED = 1, PUI_F_REVIEW = 2, PUI_F_BOOKMARK = 4 };

struct progress_ui {
    lectern_progress *store;
    int backed_up;
    int64_t profile;                /* -1: none chosen (nothing is recorded) */
    char *profile_name;
    lectern_progress_ref ref;
    lectern_profile *profiles;      /* chooser list, most recently used first */
    size_t n_profiles;
    unsigned char *flags;           /* PUI_F_* per item */
    lectern_course_progress *cp;    /* cached evaluation */
    int cp_dirty;
    pui_mode mode;
    long cursor;                    /* chooser row; n_profiles + 1: the skip button */
    int field;                      /* new profile: 0 name, 1 identifier, 2 Create, 3 Back */
    char name[128], ident[128];
    char pending_name[128];         /* profile asked for while the store had a problem */
    int problem_code;
    char problem[LECTERN_ERROR_MSG_MAX + 1];
    char cert_path[1200];           /* last certificate saved */
    long n_recorded;
    /* a damaged store recovered at open: the start screen says so */
    int recovered;
    char notice[1600];
    /* the item left, recorded with the next item entered (one commit per advance) */
    struct { int set; size_t index; int64_t dwell_ms, at_ms; } leave;
};
typedef struct progress_ui progress_ui;

/* ---- progress_ui.c */
progress_ui *pui_get(app *a);
int64_t pui_wall_ms(void);
/* Opens the store: with a profile name, uses (or creates) it; else shows the
 * chooser. A damaged or newer store shows its problem instead. */
void progress_ui_start(app *a, const char *profile);
void progress_ui_destroy(app *a);
/* Uses the profile with this name (identifier NULL) or identifier, creating
 * it when missing; 0 or a negative code with err. */
int progress_ui_use_profile(app *a, const char *name, const char *identifier,
                            lectern_error *err);
int progress_ui_use_index(app *a, size_t i);
int progress_ui_reload_profiles(app *a);
/* The problem screen's choices: recover (1 when done), or go on unsaved. A
 * damaged store is recovered at open by itself; the problem screen stays for a
 * store from a newer Lectern or a recovery that failed. */
int progress_ui_recover(app *a);
void progress_ui_skip(app *a);
/* 1 when a profile is chosen and events are recorded. */
int progress_ui_active(const app *a);
/* Records (committed before returning; a failure shows a message). */
void progress_ui_video_range(app *a, const lectern_item *it, int64_t from_ms, int64_t to_ms,
                             int64_t length_ms);
int progress_ui_attempt(app *a, const lectern_item *it, const lectern_attempt *at);
int progress_ui_reflection(app *a, const lectern_item *it, const char *text);
/* Toggles the bookmark on the current item: 1 when toggled. */
int progress_ui_bookmark(app *a);
/* The evaluated progress (re-evaluated when something was recorded), NULL
 * without a profile. Owned by the progress ui. */
const lectern_course_progress *progress_ui_refresh(app *a);
/* Module m's counted units done/total: 1 when from the store, 0 otherwise. */
int progress_ui_module(app *a, size_t m, int *done, int *total, float *fraction,
                       int *completed);
unsigned progress_ui_item_flags(const app *a, size_t index);

/* ---- progress_screens.c */
/* Keys and clicks for the progress screens and keys (B bookmark, S summary,
 * P profiles): 1 when used. */
int progress_ui_key(app *a, SDL_Keycode key, uint16_t mod);
int progress_ui_click(app *a, int x, int y, int button);
void progress_ui_text(app *a, const char *utf8);
/* 1 when a progress screen covers the session (it takes every input). */
int progress_ui_modal(const app *a);
/* Draws the bookmark mark on slides and the progress screens on top. */
void progress_ui_draw(app *a, const lectern_session_view *v);
void progress_ui_open_summary(app *a);

/* ---- progress_script.c: the script commands and expectations (SCRIPT.md);
 * -1 when argv is not one of them, else S_OK/S_FAIL/S_ERROR with msg. */
int progress_ui_script(app *a, int argc, char **argv, char *msg, size_t n);

/* ---- certificate.c */
/* Draws the certificate in a box of the canvas (virtual units). */
void certificate_draw(app *a, float x, float y, float w, float h, const char *date);
/* Saves the certificate as PNG to path (NULL: DATA_DIR/certificates/...);
 * the course must be completed. The saved path goes to saved. */
int certificate_save(app *a, const char *path, char *saved, size_t saved_len,
                     lectern_error *err);
/* "28 November 2026" (or French) for ms since the epoch, local time. */
void certificate_date(const app *a, int64_t ms, char *buf, size_t n);

/* ---- cmd_progress.c: `lectern progress ...`; argv[0] is "progress". */
int cmd_progress(int argc, char **argv);
void cmd_progress_usage(FILE *f);

#endif
