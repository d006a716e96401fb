/* Session commands as text (see lectern/session.h): the names the script
 * language and the keymap use, their arguments, and the parser; screen
 * names. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtext.h"
#include "lectern/session.h"

static const char *const cmd_names[LECTERN_CMD_COUNT] = {
    [LECTERN_CMD_NONE] = "none",
    [LECTERN_CMD_NEXT] = "next",
    [LECTERN_CMD_PREV] = "prev",
    [LECTERN_CMD_FIRST] = "first",
    [LECTERN_CMD_LAST] = "last",
    [LECTERN_CMD_GOTO] = "goto",
    [LECTERN_CMD_GOTO_NUMBER] = "goto-number",
    [LECTERN_CMD_START] = "start",
    [LECTERN_CMD_HOME] = "home",
    [LECTERN_CMD_TOC] = "toc",
    [LECTERN_CMD_TOC_OPEN] = "toc-open",
    [LECTERN_CMD_TOC_CLOSE] = "toc-close",
    [LECTERN_CMD_MOVE] = "move",
    [LECTERN_CMD_MOVE_TO] = "move-to",
    [LECTERN_CMD_SELECT] = "select",
    [LECTERN_CMD_SELECT_ROW] = "select-row",
    [LECTERN_CMD_ENTER] = "enter",
    [LECTERN_CMD_BACK] = "back",
    [LECTERN_CMD_QUIT] = "quit",
    [LECTERN_CMD_QUIT_NOW] = "quit-now",
    [LECTERN_CMD_CONFIRM] = "confirm",
    [LECTERN_CMD_CANCEL] = "cancel",
    [LECTERN_CMD_DIGIT] = "digit",
    [LECTERN_CMD_BACKSPACE] = "backspace",
    [LECTERN_CMD_FULLSCREEN] = "fullscreen",
    [LECTERN_CMD_SCREENSHOT] = "screenshot",
    [LECTERN_CMD_ANSWER] = "answer",
    [LECTERN_CMD_CHOOSE] = "choose",
    [LECTERN_CMD_MATCH] = "match",
    [LECTERN_CMD_ORDER] = "order",
    [LECTERN_CMD_FILL] = "fill",
    [LECTERN_CMD_TEXT] = "text",
    [LECTERN_CMD_INPUT] = "input",
    [LECTERN_CMD_ERASE] = "erase",
    [LECTERN_CMD_SUBMIT] = "submit",
    [LECTERN_CMD_RETRY] = "retry",
    [LECTERN_CMD_REVEAL] = "reveal",
    [LECTERN_CMD_FOCUS] = "focus",
    [LECTERN_CMD_FOCUS_MOVE] = "focus-move",
    [LECTERN_CMD_ACTIVATE] = "activate",
    [LECTERN_CMD_REORDER] = "reorder",
    [LECTERN_CMD_NEXT_QUESTION] = "next-question",
    [LECTERN_CMD_PREV_QUESTION] = "prev-question",
    [LECTERN_CMD_CARET] = "caret",
    [LECTERN_CMD_DELETE] = "delete",
    [LECTERN_CMD_COUNTDOWN] = "countdown",
};

/* Argument each command takes: 0 none, 1 number, 2 text, 3 the rest of the line. */
static const unsigned char cmd_args[LECTERN_CMD_COUNT] = {
    [LECTERN_CMD_GOTO] = 2,
    [LECTERN_CMD_GOTO_NUMBER] = 1,
    [LECTERN_CMD_MOVE] = 1,
    [LECTERN_CMD_MOVE_TO] = 1,
    [LECTERN_CMD_SELECT_ROW] = 1,
    [LECTERN_CMD_DIGIT] = 1,
    [LECTERN_CMD_ANSWER] = 3,
    [LECTERN_CMD_CHOOSE] = 1,
    [LECTERN_CMD_MATCH] = 3,
    [LECTERN_CMD_ORDER] = 3,
    [LECTERN_CMD_FILL] = 3,
    [LECTERN_CMD_TEXT] = 3,
    [LECTERN_CMD_INPUT] = 3,
    [LECTERN_CMD_FOCUS] = 1,
    [LECTERN_CMD_FOCUS_MOVE] = 1,
    [LECTERN_CMD_REORDER] = 1,
    [LECTERN_CMD_CARET] = 2,
};

static const char *const screen_names[LECTERN_SCREEN_COUNT] = {
    [LECTERN_SCREEN_START] = "start",
    [LECTERN_SCREEN_SLIDE] = "slide",
    [LECTERN_SCREEN_TOC] = "toc",
    [LECTERN_SCREEN_CONFIRM_QUIT] = "confirm-quit",
};

const char *lectern_cmd_name(lectern_cmd_kind k)
{
    return lectern_cmdtext_name(cmd_names, LECTERN_CMD_COUNT, (int)k);
}

const char *lectern_screen_name(lectern_screen s)
{
    return lectern_cmdtext_name(screen_names, LECTERN_SCREEN_COUNT, (int)s);
}

int lectern_screen_from_name(const char *name)
{
    for (int i = 0; i < LECTERN_SCREEN_COUNT; i++)
        if (name && strcmp(name, screen_names[i]) == 0)
            return i;
    return -1;
}

lectern_cmd lectern_cmd_make(lectern_cmd_kind k, long n)
{
    lectern_cmd c;
    memset(&c, 0, sizeof c);
    c.kind = k;
    c.n = n;
    return c;
}

lectern_cmd lectern_cmd_make_id(lectern_cmd_kind k, const char *id)
{
    lectern_cmd c = lectern_cmd_make(k, 0);
    if (id) {
        size_t n = strlen(id);
        if (n > LECTERN_CMD_ID_MAX)
            n = LECTERN_CMD_ID_MAX;
        memcpy(c.id, id, n);
        c.id[n] = '\0';
    }
    return c;
}

int lectern_cmd_parse(const char *text, lectern_cmd *out, lectern_error *err)
{
    char name[64], arg[LECTERN_CMD_ID_MAX + 2];
    /* name, then the first word of the rest (arg) and what follows it (p) */
    const char *rest = lectern_cmdtext_word(text, name, sizeof name);
    const char *p = lectern_cmdtext_word(rest, arg, sizeof arg);
    size_t j = strlen(arg);
    int k = lectern_cmdtext_find(cmd_names, LECTERN_CMD_COUNT, name);
    if (k > 0 && cmd_args[k] == 3) {
        /* the rest of the line */
        size_t rn = lectern_cmdtext_trimmed_len(rest);
        if (rn == 0)
            return lectern_error_set(err, LECTERN_EINVAL, "command '%s' needs an argument", name);
        if (rn > LECTERN_CMD_ID_MAX)
            return lectern_error_set(err, LECTERN_EINVAL, "command '%s': argument too long", name);
        *out = lectern_cmd_make((lectern_cmd_kind)k, 0);
        memcpy(out->id, rest, rn);
        out->id[rn] = '\0';
        return 0;
    }
    if (*p)
        return lectern_error_set(err, LECTERN_EINVAL,
                                 "command '%s': unexpected text after the argument", name);
    if (k > 0) {
        *out = lectern_cmd_make((lectern_cmd_kind)k, 0);
        if (cmd_args[k] == 0) {
            if (arg[0])
                return lectern_error_set(err, LECTERN_EINVAL,
                                         "command '%s' takes no argument", name);
            return 0;
        }
        if (!arg[0])
            return lectern_error_set(err, LECTERN_EINVAL,
                                     "command '%s' needs an argument", name);
        if (cmd_args[k] == 2) {
            if (j > LECTERN_CMD_ID_MAX)
                return lectern_error_set(err, LECTERN_EINVAL,
                                         "command '%s': argument too long", name);
            memcpy(out->id, arg, j + 1);
            return 0;
        }
        char *end;
        errno = 0;
        long v = strtol(arg, &end, 10);
        if (*end || errno)
            return lectern_error_set(err, LECTERN_EINVAL,
                                     "command '%s': '%s' is not a number", name, arg);
        out->n = v;
        return 0;
    }
    return lectern_error_set(err, LECTERN_EINVAL, "unknown command '%s'", name);
}
