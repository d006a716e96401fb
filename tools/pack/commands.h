/* Verbs of lectern-pack that live in their own files. argv[0] is the verb;
 * each returns the process exit code (0 ok, 1 errors, 2 usage). */
#ifndef LECTERN_PACK_COMMANDS_H
#define LECTERN_PACK_COMMANDS_H

#include "lectern/course.h"
#include "lectern/reader.h"

int cmd_check(int argc, char **argv);
int cmd_init(int argc, char **argv);
/* cmd_import.c: decks and image folders to a course source */
int cmd_import(int argc, char **argv);
/* cmd_search.c: the player's search from the command line */
int cmd_search(int argc, char **argv);
/* cmd_sign.c and cmd_addendum.c (addenda and trust) */
int cmd_verify(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_apply(int argc, char **argv);
/* cmd_plan.c: a lesson plan fitted to a time budget (exit 3: too short) */
int cmd_plan(int argc, char **argv);
/* main.c: prints "lectern-pack: " and e's message (or its code's text) to
 * stderr; returns 1, the exit code of a refused command. */
int pack_fail(const lectern_error *e);
/* main.c: prints "lectern-pack: MSG" and where the usage is to stderr;
 * returns 2, the exit code of a usage mistake. */
int pack_usage_hint(const char *msg);
/* Runs the checker on a source folder without the summary: prints the
 * errors (and warnings) and returns 0 when there are no errors. Used by build. */
int cmd_check_quiet(const char *dir);

#endif
