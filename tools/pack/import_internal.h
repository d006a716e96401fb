/* Helpers shared by lectern-pack import (cmd_import.c, import_util.c,
 * import_text.c): a growable string, subprocesses run from argv arrays
 * (never a shell), file-tree helpers and slide-text clean-up. */
#ifndef LECTERN_PACK_IMPORT_INTERNAL_H
#define LECTERN_PACK_IMPORT_INTERNAL_H

#include <stddef.h>

/* A growable NUL-terminated string; oom is set (and further appends are
 * ignored) when memory runs out. Free s with free(). */
typedef struct strbuf {
    char *s;
    size_t n, cap;
    int oom;
} strbuf;

void sb_add(strbuf *b, const char *s, size_t n);
void sb_puts(strbuf *b, const char *s);
void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included. */
void sb_json(strbuf *b, const char *s);

/* Full path of an executable found on PATH (into out), or NULL. */
const char *imp_which(const char *prog, char *out, size_t cap);

/* Runs argv[0] (looked up on PATH) with argv, stdin and stdout on
 * /dev/null and stderr into `errlog` (or inherited when NULL). Returns the
 * exit status, 127 when it could not start, 128+signal when killed. */
int imp_run(char *const argv[], const char *errlog);
/* imp_run with stdout into `outfile`. */
int imp_run_capture(char *const argv[], const char *outfile, const char *errlog);
/* Runs n (at most IMP_MAX_PARALLEL) commands at once, as imp_run; returns
 * 0 when all succeeded, else the first failing status. */
#define IMP_MAX_PARALLEL 8
int imp_run_many(char **const argvs[], const char *const errlogs[], int n);
/* Sends SIGTERM to the tools imp_run is waiting for (async-signal-safe). */
void imp_stop_child(void);

/* Reads a whole file (NUL-terminated); NULL with errno set on failure. */
char *imp_read_file(const char *path, size_t *len);
/* Writes a new file (fails when it exists), fsynced. 0 or -1 (errno). */
int imp_write_file(const char *path, const void *data, size_t len);
/* Copies a file's bytes to a new file. 0 or -1 (errno). */
int imp_copy_file(const char *from, const char *to);
/* mkdir -p for a folder (0755). 0 or -1. */
int imp_mkdirs(const char *path);
/* rm -rf. 0 or -1. NULL or "" is a no-op. */
int imp_rm_tree(const char *path);
/* Recreates the tree `from` under the new folder `to` with hard links to
 * its files (copies when linking fails) and its symlinks as symlinks. */
int imp_link_tree(const char *from, const char *to);
/* Swaps two paths atomically (renameat2 RENAME_EXCHANGE), or, where the
 * file system cannot, moves `a` aside then renames. 0 or -1. */
int imp_exchange(const char *a, const char *b);

/* Renders every page of `pdf` to PREFIX-N.png, 1920 px wide (import_render.c).
 * Returns 0 or the failing pdftoppm's status, with `log` naming its stderr. */
int imp_render_pdf(const char *pdf, const char *prefix, const char *work, char *log, size_t log_cap);

/* "png", "jpg" or "webp" from the first bytes of a file; NULL otherwise. */
const char *imp_sniff_image(const char *path);

/* Page text clean-up (import_text.c). Each returns a malloc'd string
 * (NULL only when out of memory). */
/* Valid UTF-8, lines right-trimmed, runs of spaces collapsed, at most one
 * blank line in a row, no leading/trailing blank lines, cut at max bytes. */
char *imp_text_clean(const char *raw, size_t max);
/* The whole text on one line (lines joined by a space), cut at a word
 * boundary near max bytes with an ellipsis. */
char *imp_text_oneline(const char *clean, size_t max);
/* The first non-empty line, cut near max bytes. */
char *imp_text_first_line(const char *clean, size_t max);
/* A lowercase id fragment from a file name: [a-z0-9-], no leading or
 * trailing '-', at most max bytes; "" when nothing is left. */
void imp_slug(const char *name, char *out, size_t max);

#endif
