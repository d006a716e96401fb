/* Error codes and the error record every fallible lectern_* function fills.
 * Functions return 0 on success or a negative LECTERN_E* code, and write a
 * human message that names the file, entry and JSON path into a caller-owned
 * lectern_error (which may be NULL when the caller does not want the text). */
#ifndef LECTERN_ERROR_H
#define LECTERN_ERROR_H

#include <stddef.h>

#include "lectern/translate.h"

enum {
    LECTERN_OK = 0,
    LECTERN_EIO = -1,        /* a file could not be read or written */
    LECTERN_ENOMEM = -2,     /* out of memory */
    LECTERN_EFORMAT = -3,    /* not a zip / not a course / bad structure */
    LECTERN_ENOTFOUND = -4,  /* entry, id or file does not exist */
    LECTERN_EUNSAFE = -5,    /* hostile name: absolute, .., backslash, NUL, symlink, duplicate */
    LECTERN_EHASH = -6,      /* size or SHA-256 differs from the manifest, or bad CRC */
    LECTERN_ELIMIT = -7,     /* a documented limit was exceeded (size, ratio, depth, count) */
    LECTERN_EINVAL = -8,     /* bad argument from the caller */
    LECTERN_EJSON = -9,      /* JSON syntax error (message has line:column) */
    LECTERN_ESCHEMA = -10,   /* JSON is valid but a field is missing or has the wrong type */
    LECTERN_ESIGNATURE = -11,/* signature missing, malformed or not matching */
    LECTERN_EMEDIA = -12,    /* a media file does not decode as its kind */
    LECTERN_EUNSUPPORTED = -13 /* a newer format version or an unknown kind */
};

#define LECTERN_ERROR_MSG_MAX 1024

typedef struct lectern_error {
    int code;                           /* last code set, 0 if none */
    char msg[LECTERN_ERROR_MSG_MAX];    /* "course.json: modules[2]: ..." */
} lectern_error;

/* Sets err->code and formats err->msg (truncated to fit). Returns code, so
 * callers can write `return lectern_error_set(err, LECTERN_EIO, "...")`.
 * err may be NULL. */
int lectern_error_set(lectern_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the existing message with "prefix: " (e.g. a file name). */
void lectern_error_prefix(lectern_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Installs the process-wide message catalogue hook (NULL: English). Every
 * English printf format given to lectern_error_set, lectern_error_prefix and
 * core's check reports (course, exercise and subtitle diagnostics) goes
 * through fn before formatting; its answer must take the same arguments in
 * the same order (msgfmt -c checks the catalogues; a translation whose
 * conversions differ from the English is ignored at run time). The player and
 * lectern-pack install dgettext("lectern", ...); core never calls gettext.
 * Install it before starting threads that fill errors; fn itself must be
 * safe to call from any thread.
 *
 *   static const char *tr(const char *f, void *u) { return dgettext("lectern", f); }
 *   lectern_error_set_translator(tr, NULL);
 */
void lectern_error_set_translator(lectern_translate fn, void *user);

/* fmt (an English printf format, a msgid) through the installed hook: its
 * translation when there is one with the same conversions, else fmt itself.
 * Never NULL. Mark the literal for xgettext (po/meson.build keywords). */
const char *lectern_error_tr(const char *fmt) __attribute__((format_arg(1)));

/* 1 when format b takes the same arguments as a, in the same order (the
 * same conversions, the same '*' widths, no positional %n$). */
int lectern_format_compatible(const char *a, const char *b);

/* Clears an error record. */
void lectern_error_clear(lectern_error *err);

/* Short English name of a code ("hash mismatch"); never NULL. */
const char *lectern_strerror(int code);

#endif
