/* The interactive exercise in the player (issue 5): draws an exercise item
 * from its session state (include/lectern/exercise.h) for the trainee, the
 * room (classroom audience: no key until revealed) or the trainer (key,
 * discussion prompt, countdown), and turns keys, typed text and clicks into
 * session commands. Only src/player includes this. */
#ifndef LECTERN_EXERCISE_VIEW_H
#define LECTERN_EXERCISE_VIEW_H

#include "player.h"

typedef enum {
    EXVIEW_TRAINEE = 0,     /* studying alone: feedback after submit, key on "show solution" */
    EXVIEW_AUDIENCE,        /* classroom projector: the question, no key until `reveal` */
    EXVIEW_TRAINER          /* the trainer's screen: key, discussion prompt, countdown */
} exview_mode;

/* Draws exercise item `index` (its state is created when it is the current
 * item; otherwise a fresh try is shown) in the box x,y,w,h of the 1920x1080
 * canvas (below the slide title). The presenter screen calls it with
 * EXVIEW_TRAINER on its own app/box; only the main output's slide registers
 * click targets. Returns 0 when the item is not an exercise that parses
 * (the caller draws its fallback card). */
int exercise_view_draw(app *a, const lectern_item *it, size_t index, exview_mode mode,
                       float x, float y, float w, float h);
/* The click target at output px x,y of the last frame drawn on app a (its
 * command in *out): 1, else 0; *in_body: the point is inside the exercise. */
int exercise_view_hit(app *a, int x, int y, lectern_cmd *out, int *in_body);
/* 1 when the exercise drawn last reads right to left (its text as resolved
 * for the course language, fallback included): the view is mirrored and
 * Left moves the caret towards the end of the text. */
int exercise_view_rtl(void);
/* The mode the main output uses: EXVIEW_AUDIENCE in classroom mode, else
 * EXVIEW_TRAINEE (a script may force one with `exercise-view`). */
exview_mode exercise_view_mode(app *a);
void exercise_view_force_mode(int mode);    /* -1: follow the session */

/* Input on the slide screen when the current item is an exercise: 1 when
 * used (the keymap then does not see the key). While a text field has the
 * focus every key that types is kept for it (text arrives as text input). */
int exercise_ui_key(app *a, SDL_Keycode key, uint16_t mod);
int exercise_ui_text(app *a, const char *utf8);
/* IME composition (SDL_TEXTEDITING): the text being composed, shown at the
 * caret until the IME commits it as text input; "" clears it. */
void exercise_ui_editing(app *a, const char *utf8);
const char *exercise_ui_composition(void);
int exercise_ui_click(app *a, int x, int y, int button);
/* 1 when a text field of the current exercise has the focus. */
int exercise_ui_typing(app *a);
void exercise_ui_print_keys(FILE *f);
/* --script commands: the exercise session commands (answer 2, match 1 3,
 * order 3 1 2, fill WORDS, text ..., submit ...), `classroom on|off` and
 * `exercise-view trainee|audience|trainer|auto`. 0 ok, 1 failed, 2 bad
 * line, -1 not one of these. line: the whole line. */
int exercise_ui_script(app *a, int argc, char **argv, const char *line, char *msg, size_t n);
/* --script expectations (score, passed, feedback, focus ...): 0 held, 1
 * failed, 2 bad arguments, -1 not an exercise expectation; msg says why. */
int exercise_ui_expect(app *a, const char *what, const char *rest, char *msg, size_t n);

#endif
