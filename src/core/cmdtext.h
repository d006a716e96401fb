/* Commands as text, shared by the session's commands (session_cmd.c) and
 * the delivery commands (delivery.c): a name table indexed by kind, and
 * splitting "name argument" lines. Internal to the core library. */
#ifndef LECTERN_CMDTEXT_H
#define LECTERN_CMDTEXT_H

#include <stddef.h>

/* names[k] for 0 <= k < count, else NULL. */
const char *lectern_cmdtext_name(const char *const *names, int count, int k);

/* The kind (1 .. count-1; 0 is "none") whose name is `name`, or -1. */
int lectern_cmdtext_find(const char *const *names, int count, const char *name);

/* Skips leading white space in text (NULL: ""), copies the first word into
 * name (at most cap - 1 bytes: the rest of a longer word stays in the
 * line), skips the white space after it, and returns where the line goes
 * on. */
const char *lectern_cmdtext_word(const char *text, char *name, size_t cap);

/* Length of s without its trailing white space. */
size_t lectern_cmdtext_trimmed_len(const char *s);

#endif
