/* Text fields of an exercise in the session (a fill-in blank, a
 * reflection): which field has the focus, its caret, and typing, erasing and
 * caret moves at the caret (UTF-8 safe, exercise_edit.c). */
#include <string.h>
#include <stdlib.h>

#include "exercise_internal.h"

/* The text of field control c of the question on screen. */
const char *exercise_field_text(const lectern_exercise *e, lectern_exc c)
{
    return c.kind == LECTERN_EXC_BLANK ? lectern_quiz_filled(exercise_ca(e), c.n)
                                       : lectern_quiz_get_text(exercise_ca(e));
}

long lectern_exercise_caret(const lectern_exercise *e)
{
    if (!lectern_exercise_text_focused(e))
        return -1;
    const char *t = exercise_field_text(e, e->ctl[e->focus]);
    /* a field just focused puts its caret at the end */
    return (long)(e->caret_ctl == e->focus ? exedit_clamp(t, e->caret) : strlen(t));
}

int lectern_exercise_text_focused(const lectern_exercise *e)
{
    if (!e || e->focus < 0 || (size_t)e->focus >= e->n_ctl)
        return 0;
    lectern_exc_kind k = e->ctl[e->focus].kind;
    return k == LECTERN_EXC_BLANK || k == LECTERN_EXC_TEXT;
}

long exercise_focused_field(const lectern_exercise *e, lectern_exc_kind *k)
{
    if (e->focus < 0 || (size_t)e->focus >= e->n_ctl)
        return -1;
    *k = e->ctl[e->focus].kind;
    if (*k != LECTERN_EXC_BLANK && *k != LECTERN_EXC_TEXT)
        return -1;
    return (long)e->ctl[e->focus].n;
}

/* Typed text (add), Backspace (add NULL, forward 0) or Delete (forward 1)
 * at the caret of the focused field. */
int exercise_edit_field(lectern_exercise *e, const char *add, int forward, lectern_exercise_out *out)
{
    lectern_exc_kind k;
    long f = exercise_focused_field(e, &k);
    if (f < 0)
        return 0;
    if (exercise_locked(e, out))
        return 0;
    const char *cur = exercise_field_text(e, e->ctl[e->focus]);
    size_t caret = (size_t)lectern_exercise_caret(e);
    char *buf = NULL;
    int rc = add ? exedit_insert(cur, &caret, add, k == LECTERN_EXC_BLANK ? BLANK_MAX : TEXT_MAX,
                                 &buf)
                 : exedit_erase(cur, &caret, forward, &buf);
    if (rc < 0)
        return LECTERN_ENOMEM;
    if (rc > 0) {
        exercise_say(out, "That is as much as this field takes");
        return 0;
    }
    if (!buf)
        return 0;           /* nothing to delete there */
    if (k == LECTERN_EXC_BLANK)
        rc = lectern_quiz_fill(exercise_ca(e), (size_t)f, buf);
    else
        rc = lectern_quiz_set_text(exercise_ca(e), buf);
    free(buf);
    if (rc < 0)
        return rc;
    e->caret_ctl = e->focus;
    e->caret = caret;
    return 1;
}

int exercise_move_caret(lectern_exercise *e, const char *how, lectern_exercise_out *out)
{
    int m = exedit_motion_from_name(how);
    if (m < 0)
        return exercise_bad(out, "caret left|right|home|end|word-left|word-right");
    if (!lectern_exercise_text_focused(e) || lectern_quiz_attempt_submitted(e->a))
        return 0;
    size_t was = (size_t)lectern_exercise_caret(e);
    size_t to = exedit_move(exercise_field_text(e, e->ctl[e->focus]), was, (exedit_motion)m);
    e->caret_ctl = e->focus;
    e->caret = to;
    return to != was;
}
