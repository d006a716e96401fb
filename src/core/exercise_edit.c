/* Caret movement and editing inside an exercise's text field (a blank or a
 * reflection): UTF-8 safe (never splits a character), word motions skip
 * spaces and punctuation the way text editors do. */
#include "exercise_edit.h"

#include <stdlib.h>
#include <string.h>

static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

int exedit_motion_from_name(const char *name)
{
    static const char *const names[EXEDIT_COUNT] = {
        "left", "right", "home", "end", "word-left", "word-right"
    };
    for (int i = 0; name && i < EXEDIT_COUNT; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

size_t exedit_clamp(const char *s, size_t caret)
{
    size_t n = s ? strlen(s) : 0;
    if (caret > n)
        caret = n;
    while (caret > 0 && is_cont((unsigned char)s[caret]))
        caret--;
    return caret;
}

static size_t prev_char(const char *s, size_t i)
{
    if (i == 0)
        return 0;
    i--;
    while (i > 0 && is_cont((unsigned char)s[i]))
        i--;
    return i;
}

static size_t next_char(const char *s, size_t i)
{
    if (!s[i])
        return i;
    i++;
    while (s[i] && is_cont((unsigned char)s[i]))
        i++;
    return i;
}

/* A separator between words: ASCII space and punctuation, and the
 * no-break space; every other character (letters of any script, digits)
 * belongs to a word. */
static int is_sep_at(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80)
        return !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                 c == '_' || c == '\'');
    if (c == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
        return 1;
    /* Arabic comma and question mark, general punctuation (dashes, quotes) */
    if (c == 0xD8 && ((unsigned char)s[i + 1] == 0x8C || (unsigned char)s[i + 1] == 0x9F))
        return 1;
    if (c == 0xE2 && (unsigned char)s[i + 1] == 0x80)
        return 1;
    return 0;
}

size_t exedit_move(const char *s, size_t caret, exedit_motion m)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    caret = exedit_clamp(s, caret);
    switch (m) {
    case EXEDIT_LEFT: return prev_char(s, caret);
    case EXEDIT_RIGHT: return next_char(s, caret);
    case EXEDIT_HOME: return 0;
    case EXEDIT_END: return n;
    case EXEDIT_WORD_LEFT:
        while (caret > 0 && is_sep_at(s, prev_char(s, caret)))
            caret = prev_char(s, caret);
        while (caret > 0 && !is_sep_at(s, prev_char(s, caret)))
            caret = prev_char(s, caret);
        return caret;
    case EXEDIT_WORD_RIGHT:
        while (caret < n && is_sep_at(s, caret))
            caret = next_char(s, caret);
        while (caret < n && !is_sep_at(s, caret))
            caret = next_char(s, caret);
        return caret;
    default:
        return caret;
    }
}

int exedit_insert(const char *s, size_t *caret, const char *add, size_t max, char **out)
{
    *out = NULL;
    s = s ? s : "";
    size_t n = strlen(s), an = add ? strlen(add) : 0, at = exedit_clamp(s, *caret);
    if (n + an > max)
        return 1;
    char *buf = malloc(n + an + 1);
    if (!buf)
        return -1;
    memcpy(buf, s, at);
    memcpy(buf + at, add ? add : "", an);
    memcpy(buf + at + an, s + at, n - at + 1);
    *caret = at + an;
    *out = buf;
    return 0;
}

int exedit_erase(const char *s, size_t *caret, int forward, char **out)
{
    *out = NULL;
    s = s ? s : "";
    size_t n = strlen(s), at = exedit_clamp(s, *caret);
    size_t from = forward ? at : prev_char(s, at), to = forward ? next_char(s, at) : at;
    if (from == to)
        return 0;
    char *buf = malloc(n - (to - from) + 1);
    if (!buf)
        return -1;
    memcpy(buf, s, from);
    memcpy(buf + from, s + to, n - to + 1);
    *caret = from;
    *out = buf;
    return 0;
}
