/* Exercise state in the player's session: one lectern_exercise per exercise
 * item (the parsed quiz, the current try, its result once submitted, which
 * control has the keyboard focus, the classroom reveal and countdown),
 * driven by session commands (answer, choose, match, order, fill, text,
 * input, erase, submit, retry, reveal, focus ...) so tests need no window.
 * The player draws from these getters (src/player/exercise_view.c).
 *
 *   lectern_session_set_classroom(s, 1);             // optional
 *   lectern_cmd c = lectern_cmd_make(LECTERN_CMD_CHOOSE, 2);
 *   lectern_session_handle(s, &c);                   // option 2 as shown
 *   c = lectern_cmd_make(LECTERN_CMD_SUBMIT, 0);
 *   lectern_session_handle(s, &c);                   // emits LECTERN_EV_ATTEMPT
 *   const lectern_exercise *e = lectern_session_exercise(s);
 *   const lectern_quiz_result *r = lectern_exercise_result(e);
 *
 * Positions in commands are 1-based DISPLAY positions (what the trainee sees
 * numbered on screen); the quiz API underneath takes authored indices. */
#ifndef LECTERN_EXERCISE_H
#define LECTERN_EXERCISE_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/quiz.h"
#include "lectern/session.h"

typedef struct lectern_exercise lectern_exercise;

/* What a focusable control is. n: OPTION = display position (choices,
 * true/false 0 true 1 false, matching left row, ordering position, scenario
 * choice of the current step); BLANK = blank index; others 0. */
typedef enum {
    LECTERN_EXC_OPTION = 0,
    LECTERN_EXC_BLANK,
    LECTERN_EXC_TEXT,           /* reflection text field */
    LECTERN_EXC_SUBMIT,
    LECTERN_EXC_RETRY,
    LECTERN_EXC_SOLUTION,
    LECTERN_EXC_CONTINUE,       /* after submitting: next item */
    LECTERN_EXC_NEXT_QUESTION,  /* question set: on to the next question */
    LECTERN_EXC_PREV_QUESTION   /* question set: back to the previous one */
} lectern_exc_kind;

typedef struct lectern_exc {
    lectern_exc_kind kind;
    size_t n;
} lectern_exc;

/* The state of the current item when it is an exercise that parses (created
 * on first use; kept for the whole session), else NULL. */
lectern_exercise *lectern_session_exercise(lectern_session *s);
/* The state of item `index` if it was created already, else NULL. */
const lectern_exercise *lectern_session_exercise_at(const lectern_session *s, size_t index);
/* Classroom mode: the room sees the question without the key until
 * `reveal`; the trainer's view shows the key and discussion prompts. */
void lectern_session_set_classroom(lectern_session *s, int on);
int lectern_session_classroom(const lectern_session *s);

const lectern_quiz *lectern_exercise_quiz(const lectern_exercise *e);
const lectern_quiz_attempt *lectern_exercise_attempt(const lectern_exercise *e);
/* The scored try once submitted (the last submitted try), else NULL. */
const lectern_quiz_result *lectern_exercise_result(const lectern_exercise *e);
int lectern_exercise_submitted(const lectern_exercise *e);
/* The solution (key) is shown: "show solution" or the classroom reveal. */
int lectern_exercise_revealed(const lectern_exercise *e);
/* How many tries were submitted in this session. */
int lectern_exercise_n_submits(const lectern_exercise *e);
/* Focusable controls in Tab order, and the focused one (-1: none). */
size_t lectern_exercise_n_controls(const lectern_exercise *e);
lectern_exc lectern_exercise_control(const lectern_exercise *e, size_t i);
long lectern_exercise_focus(const lectern_exercise *e);
/* 1 when the focused control takes typed text (a blank or the reflection). */
int lectern_exercise_text_focused(const lectern_exercise *e);
/* The caret in the focused text field: a byte offset into its text (on a
 * character boundary; at the end when the field was just focused), or -1
 * when no field has the focus. Input, erase and delete act there; `caret`
 * commands move it. */
long lectern_exercise_caret(const lectern_exercise *e);
/* Question sets are answered one question at a time: the question on
 * screen (its index, its model and its attempt inside the set's attempt).
 * For other kinds: 0, the exercise's quiz and attempt. Commands (answer,
 * fill, ...) act on the question on screen; Submit on the last question
 * scores the whole set (lectern_exercise_result is then the set's result,
 * with one result per question). */
size_t lectern_exercise_question_index(const lectern_exercise *e);
const lectern_quiz *lectern_exercise_shown_quiz(const lectern_exercise *e);
const lectern_quiz_attempt *lectern_exercise_shown_attempt(const lectern_exercise *e);
/* Classroom countdown: 1 while running (or ended, showing 0); remaining ms
 * at now_ms (0 when over); total from the exercise's "countdown". */
int lectern_exercise_countdown_on(const lectern_exercise *e);
int64_t lectern_exercise_countdown_left(const lectern_exercise *e, uint64_t now_ms);

/* ---- used by session.c ---- */

typedef struct lectern_exercises lectern_exercises;
/* One slot per item of the course (borrowed). NULL when out of memory. */
lectern_exercises *lectern_exercises_create(const lectern_course *c);
void lectern_exercises_free(lectern_exercises *x);
/* The state of item index (parsed on first use), or NULL (not an exercise,
 * or it does not parse). now_ms starts the first try's clock. */
lectern_exercise *lectern_exercises_get(lectern_exercises *x, size_t index, uint64_t now_ms);
const lectern_exercise *lectern_exercises_peek(const lectern_exercises *x, size_t index);

/* What an exercise command asks the session to do afterwards. */
typedef struct lectern_exercise_out {
    int attempt;                /* a try was submitted: emit LECTERN_EV_ATTEMPT */
    int go_next;                /* "Continue" activated */
    char message[200];          /* a notice for the trainee, "" when none */
} lectern_exercise_out;

/* 1 for the commands this module handles (answer ... countdown). */
int lectern_exercise_is_cmd(lectern_cmd_kind k);
/* Applies an exercise command to e at now_ms. classroom: reveal is always
 * allowed. Returns 1 when something changed, 0 when not, LECTERN_EINVAL for
 * a malformed argument (out->message says why). */
int lectern_exercise_handle(lectern_exercise *e, const lectern_cmd *cmd, uint64_t now_ms,
                            int classroom, lectern_exercise_out *out);

#endif
