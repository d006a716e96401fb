/* Private to the exercise state (session_exercise*.c): caret movement and
 * editing of a text field's UTF-8 string, as pure functions over byte
 * offsets that always sit on character boundaries. */
#ifndef LECTERN_EXERCISE_EDIT_H
#define LECTERN_EXERCISE_EDIT_H

#include <stddef.h>

typedef enum {
    EXEDIT_LEFT = 0,        /* one character back (logical order) */
    EXEDIT_RIGHT,           /* one character on */
    EXEDIT_HOME,            /* start of the text */
    EXEDIT_END,             /* end of the text */
    EXEDIT_WORD_LEFT,       /* start of this word, else of the previous one */
    EXEDIT_WORD_RIGHT,      /* end of this word, else of the next one */
    EXEDIT_COUNT
} exedit_motion;

/* The motion for "left", "right", "home", "end", "word-left", "word-right",
 * or -1. */
int exedit_motion_from_name(const char *name);
/* caret clamped into s and moved back onto a character boundary. */
size_t exedit_clamp(const char *s, size_t caret);
/* Where motion m takes the caret in s. */
size_t exedit_move(const char *s, size_t caret, exedit_motion m);
/* A new string (malloc'd, *out) with add inserted at caret; *caret moves
 * after it. Returns 0, 1 when it would pass max bytes (nothing done) or
 * -1 when out of memory. add must be valid UTF-8 (cut on boundaries). */
int exedit_insert(const char *s, size_t *caret, const char *add, size_t max, char **out);
/* A new string without the character before (forward 0) or after (forward
 * 1) the caret; *out NULL when there is nothing to delete. 0, or -1 when
 * out of memory. */
int exedit_erase(const char *s, size_t *caret, int forward, char **out);

#endif
