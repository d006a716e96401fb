/* Private to the exercise view (exercise_view.c, exercise_set_view.c): the
 * drawing context of one exercise frame and the row, text and result-panel
 * helpers both files draw with. Coordinates are 1920x1080 canvas units;
 * a right-to-left course draws mirrored (draw_set_mirror). */
#ifndef LECTERN_EXERCISE_VIEW_INTERNAL_H
#define LECTERN_EXERCISE_VIEW_INTERNAL_H

#include "exercise_view.h"
#include "lectern/exercise.h"

#define GOOD_RGB 0x38a169u
#define BAD_RGB 0xe53e3eu

typedef struct ctx {
    app *a;
    const lectern_item *it;
    const lectern_exercise *e;       /* NULL: a fresh try drawn without state */
    const lectern_quiz *q;           /* what is drawn: the exercise, or a set's question */
    const lectern_quiz_attempt *at;
    const lectern_quiz_result *r;
    const lectern_quiz *set;         /* a question set (q is then one of its questions), or NULL */
    const lectern_quiz_attempt *set_at;
    size_t qi;                       /* set: the question shown */
    int summary;                     /* set: submitted, the summary is shown */
    exview_mode mode;
    int submitted, show_key, show_marks, register_hits;
    float x, w, k;
    int draw;
    int content_rtl, ui_rtl;         /* the exercise's text / the player's words read right to left */
    uint32_t bg, fg, accent, muted, focus;
} ctx;

typedef enum { IND_NONE = 0, IND_RADIO, IND_CHECK } indicator;

typedef struct rowspec {
    const char *badge;       /* "1", "A" */
    indicator ind;
    int selected;
    int mark;                /* 1 right, -1 wrong, 0 none */
    const char *text;
    const char *sub;         /* feedback or key line under the text, or NULL */
    uint32_t sub_rgb;
    int is_focused;
    float w;                 /* 0: full width */
    float x;                 /* 0: c->x */
} rowspec;

/* Canvas units scaled by the frame's fit factor. */
static inline float S(const ctx *c, float v) { return v * c->k; }
/* The player's own controls (buttons, status, hints) follow the UI
 * language's direction (on = 1), the exercise itself its text's (on = 0). */
static inline void exv_chrome(const ctx *c, int on)
{
    draw_set_mirror(on ? c->ui_rtl : c->content_rtl);
}
/* The view's own words, through gettext (strings.c, po/). */
static inline const char *W(const app *a, ui_string w) { return ui_str(a, w); }
/* A course text in the course language ("" when absent). */
static inline const char *T(const app *a, const lectern_text *t)
{
    const char *s = t ? lectern_text_get(t, a->lang, a->fallback) : NULL;
    return s ? s : "";
}

/* Text at size (scaled) wrapped to w; returns its height (measured only
 * while c->draw is 0). */
float exv_text(ctx *c, font_role role, float size, float x, float y, float w, uint32_t rgb,
               const char *s);
/* One option row (badge, indicator, text, sub line, mark, focus ring,
 * click target); returns its height. */
float exv_row(ctx *c, float y, const rowspec *r, lectern_cmd click);
/* The result panel: verdict, score and the feedback texts; its height. */
float exv_result(ctx *c, float y);
/* 1 when control (k, n) has the keyboard focus (and the chrome is shown). */
int exv_focused(const ctx *c, lectern_exc_kind k, size_t n);

/* exercise_scenario_view.c: the scenario step on screen or its ending;
 * returns the height used. */
float exv_scenario(ctx *c, float y);

/* exercise_set_view.c: a set's progress line and segments above the
 * question on screen, and the summary after submitting (one row per
 * question, right or wrong, the answer when the solution shows). Both
 * return the height used. */
float exv_set_progress(ctx *c, float y);
float exv_set_summary(ctx *c, float y);

#endif
