/* Trainer mode in the player (issue 7): a lectern_delivery driven by keys
 * and by --script on the app's clock, the projector (audience) view and the
 * presenter view, one window with a view switch or two windows on two
 * displays, delivery logs and rehearsal proposals in the data dir. The
 * timing itself lives in core (include/lectern/delivery.h). */
#ifndef LECTERN_DELIVER_H
#define LECTERN_DELIVER_H

#include "lectern/delivery.h"
#include "player.h"

/* A word of trainer mode (an English msgid, also picked up by xgettext as
 * TR:2) in the UI language: po/fr.po, po/ar.po. */
#define TR(a, s) ui_tr((a), (s))

typedef enum { DVIEW_PROJECTOR = 0, DVIEW_PRESENTER } deliver_viewmode;

#define DELIVER_MAX_HITS 48
/* A click region of the presenter view (output px of its window). */
typedef struct deliver_hit {
    SDL_Rect r;
    lectern_dcmd cmd;
} deliver_hit;

typedef struct deliver {
    lectern_delivery *d;
    char plan_id[128];
    int rehearsal;
    deliver_viewmode view;        /* one output: what it shows (Tab switches) */
    int show_timer;               /* the countdown on the projector (T) */
    uint64_t flash_until;         /* segment ended: presenter flashes until then */
    int64_t shown_second;         /* last countdown second drawn (redraw each second) */
    const lectern_item *synced;   /* item last put on the session */
    int syncing;
    /* an interrupted delivery of the same plan found in the data dir */
    lectern_delivery *offer;
    char offer_path[1400];
    /* files */
    char log_base[1400];          /* DATA/deliveries/<date>-<plan> (.json, .csv) */
    char rehearsal_path[1400];
    int saved_final;
    uint64_t last_autosave;
    uint64_t end_confirm_until;   /* X pressed once: X again ends */
    char status[300];             /* short notice on the presenter */
    uint64_t status_until;
    lectern_rehearsal_proposal prop;
    int prop_valid;
    /* two windows: the presenter's own output (NULL: one output) */
    app *pres;
    int beep;                     /* --beep: a short tone on the presenter's audio */
    /* presenter clicks: segment rows, the next item, the re-plan bar */
    deliver_hit hits[DELIVER_MAX_HITS];
    int n_hits;
    int quit_switched;            /* one output: the quit dialog switched to the presenter view */
    lectern_screen last_screen;   /* the session's screen last seen (redraw the presenter on change) */
} deliver;

/* Starts delivering (or rehearsing) plan_id on the app's clock; with a
 * window and two displays, opens the presenter window. LECTERN_ENOTFOUND
 * when the course has no such plan. */
int deliver_start(app *a, const char *plan_id, int rehearsal, lectern_error *err);
/* The time budget the next deliver_start fits its plan to (--budget, the
 * picker's +/-): minutes (0: the plan as written), days as parsed ("3d"),
 * day length. An infeasible budget makes deliver_start fail with
 * LECTERN_ELIMIT and the planner's message (shortest possible length). */
void deliver_set_budget(double minutes, int days, double day_minutes);
/* --budget LENGTH (NULL: none) parsed into deliver_set_budget; LECTERN_EINVAL. */
int deliver_budget_option(const char *text, lectern_error *err);
/* Saves the log (and the rehearsal proposal), closes the presenter window,
 * frees everything. Safe when not delivering. */
void deliver_stop(app *a);
/* Keys of trainer mode (and the start screen's plan picker); 1 when used. */
int deliver_key(app *a, SDL_Keycode key, uint16_t mod);
/* A mouse event (button, wheel, motion) of the presenter: on the
 * presenter's own window, or the one window showing the presenter view. It
 * acts on the presenter (its click regions, the quit dialog drawn there),
 * never on the projector. 1 when the event was the presenter's. */
int deliver_mouse(app *a, const SDL_Event *ev);
/* The quit dialog belongs to the presenter while delivering (app_render
 * leaves it off the projector). */
int deliver_owns_dialogs(const app *a);
/* After a session command: follow the session's item in the delivery. */
void deliver_after_command(app *a);
/* Applies a delivery command at the app's clock; the session follows. */
int deliver_command(app *a, const lectern_dcmd *c);
/* Each frame / tick: events (flash), autosave, presenter window redraw. */
void deliver_tick(app *a);
/* app_render hook: 1 when it drew the whole frame (presenter view, or the
 * projector's card for a segment without items). */
int deliver_draw(app *a);
/* app_render hook before present: projector extras (timer shown on purpose),
 * start screen entry and plan picker. */
void deliver_draw_over(app *a);
/* The view of the delivery now (latches events for the flash). */
void deliver_view(app *a, lectern_delivery_view *v);
/* Screenshot of one view ("presenter" / "projector") to path. */
int deliver_screenshot(app *a, const char *which, const char *path, lectern_error *err);
/* Script expectations: 0 held, 1 failed, 2 bad arguments, -1 unknown. */
int deliver_expect(app *a, const char *what, const char *arg, char *msg, size_t n);
void deliver_print_keys(FILE *f);

/* deliver_window.c: the presenter's own window on the first display when
 * there are two (the app's window becomes the projector, fullscreen on the
 * second); the beep; the start screen's plan picker. */
void deliver_windows_open(app *a, deliver *dl);
void deliver_windows_close(app *a, deliver *dl);
void deliver_windows_dirty(app *a, deliver *dl);
void deliver_windows_render(app *a, deliver *dl);
void deliver_beep(deliver *dl);
int deliver_picker_key(app *a, SDL_Keycode key, uint16_t mod);
/* The picker's time budget in minutes (+/-); 0: the plan as written. */
double deliver_picker_budget(void);
void deliver_draw_start_over(app *a);

/* presenter.c */
void presenter_draw(app *a, deliver *dl, const lectern_delivery_view *v);
/* Registers a click region of the presenter view (canvas units). */
void presenter_hit(app *a, deliver *dl, float x, float y, float w, float h, lectern_dcmd_kind k,
                   const char *id);
/* The answer key (in the course and UI languages, as the presenter shows
 * it) and the discussion prompt of exercise item it into buf / disc; ""
 * for other items; an unreadable exercise says why in buf. */
void presenter_answer_key(app *a, const lectern_item *it, char *buf, size_t n, char *disc,
                          size_t dn);
void projector_draw_card(app *a, const lectern_delivery_view *v);
void projector_draw_timer(app *a, const lectern_delivery_view *v);
/* The start screen's entry ("D: Deliver a plan") and, when open, the list. */
void deliver_draw_picker(app *a, int open, long row);

#endif
