/* Private to the exercise state (session_exercise.c and
 * session_exercise_text.c): the per-item state and the helpers the command
 * handling and the text-field editing share. */
#ifndef LECTERN_EXERCISE_INTERNAL_H
#define LECTERN_EXERCISE_INTERNAL_H

#include "exercise_edit.h"
#include "lectern/exercise.h"

#define BLANK_MAX 200           /* bytes typed into one blank */
#define TEXT_MAX 4000           /* bytes of a reflection */

struct lectern_exercise {
    const lectern_item *it;
    lectern_quiz *q;
    lectern_quiz_attempt *a;
    lectern_quiz_result r;
    int has_result;
    int revealed;
    int n_submits;
    lectern_exc *ctl;
    size_t n_ctl, cap_ctl;
    long focus;
    int cd_on;
    uint64_t cd_start;
    size_t qi;                  /* set: the question on screen */
    long caret_ctl;             /* the control the caret belongs to (-1: none yet) */
    size_t caret;               /* byte offset in that field's text */
};

/* The attempt of the question on screen (a set's current question). */
lectern_quiz_attempt *exercise_ca(const lectern_exercise *e);
/* A notice for the trainee; exercise_bad also returns LECTERN_EINVAL. */
void exercise_say(lectern_exercise_out *out, const char *msg);
int exercise_bad(lectern_exercise_out *out, const char *msg);
/* 1 (with a notice) when the try is submitted and can no longer change. */
int exercise_locked(lectern_exercise *e, lectern_exercise_out *out);

/* session_exercise_text.c */
/* The text of field control c (a blank or the reflection) on screen. */
const char *exercise_field_text(const lectern_exercise *e, lectern_exc c);
/* The focused field's index (blank number, 0 for the reflection) and kind,
 * or -1 when the focus is not on a text field. */
long exercise_focused_field(const lectern_exercise *e, lectern_exc_kind *k);
/* Typed text (add), Backspace (add NULL, forward 0) or Delete (forward 1)
 * at the focused field's caret: 1 changed, 0 not, LECTERN_ENOMEM. */
int exercise_edit_field(lectern_exercise *e, const char *add, int forward,
                        lectern_exercise_out *out);
/* `caret left|right|home|end|word-left|word-right`: 1 when it moved. */
int exercise_move_caret(lectern_exercise *e, const char *how, lectern_exercise_out *out);

#endif
