/* One reader over a course: a .lectern package, a hand-made zip of a course
 * folder, or the course source folder itself. Everything above (course model,
 * player, lectern-pack) reads course files only through this interface.
 *
 *   lectern_reader *r; lectern_error e;
 *   if (lectern_reader_open("course.lectern", 0, &r, &e) < 0) puts(e.msg);
 *   void *buf; size_t n;
 *   lectern_reader_read(r, "course.json", &buf, &n, &e); ... free(buf);
 *   lectern_reader_close(r);
 */
#ifndef LECTERN_READER_H
#define LECTERN_READER_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/error.h"
#include "lectern/limits.h"

typedef struct lectern_reader lectern_reader;
typedef struct lectern_stream lectern_stream;

typedef enum {
    LECTERN_SOURCE_DIR = 0,      /* a course source folder */
    LECTERN_SOURCE_PACKAGE = 1,  /* a .lectern package with lectern.json */
    LECTERN_SOURCE_PLAIN_ZIP = 2 /* a zip of a course folder without manifest: unverified */
} lectern_source_kind;

typedef struct lectern_entry_info {
    const char *name;   /* relative path with '/' separators, owned by the reader */
    uint64_t size;      /* uncompressed size in bytes */
    int stored;         /* 1 when the entry is stored uncompressed (streamable with seek) */
} lectern_entry_info;

/* Open flags. */
enum {
    LECTERN_READER_VERIFY = 1 << 0  /* packages: check every entry's size and SHA-256
                                       against lectern.json at open (slow for big media) */
};

/* Opens `path` (folder, .lectern package or plain zip). For packages the
 * structure is always checked at open: safe unique names, mimetype first,
 * manifest present and parseable, every manifest file present and every
 * entry listed, declared sizes within limits. Content hashes are checked
 * at open with LECTERN_READER_VERIFY, and always on lectern_reader_read.
 * A plain zip may hold the course under one top folder; names are then
 * relative to that folder. On failure *out is NULL and err says why. */
int lectern_reader_open(const char *path, int flags, lectern_reader **out,
                        lectern_error *err);

/* Closes the reader; streams opened from it must be closed first. NULL ok. */
void lectern_reader_close(lectern_reader *r);

lectern_source_kind lectern_reader_kind(const lectern_reader *r);

/* Human note on trust: "" for a package, "unverified: zip without
 * lectern.json" for a plain zip, "source folder" for a folder. */
const char *lectern_reader_note(const lectern_reader *r);

/* The path given to open. */
const char *lectern_reader_path(const lectern_reader *r);

/* Number of content entries (the manifest, mimetype and signature of a
 * package are not counted), sorted by name; and the i-th entry. */
size_t lectern_reader_count(const lectern_reader *r);
const lectern_entry_info *lectern_reader_entry(const lectern_reader *r, size_t i);

/* Looks an entry up by name; NULL when absent. */
const lectern_entry_info *lectern_reader_find(const lectern_reader *r, const char *name);

/* Reads a whole entry into a new buffer (NUL-terminated for convenience;
 * *len excludes the NUL). Caller frees *data with free(). For packages the
 * SHA-256 is checked against the manifest: LECTERN_EHASH on mismatch.
 * Entries larger than LECTERN_MAX_READ_BYTES are refused (LECTERN_ELIMIT). */
int lectern_reader_read(lectern_reader *r, const char *name, void **data,
                        size_t *len, lectern_error *err);

/* Opens a seekable stream on an entry. Stored zip entries (packages store
 * media) seek directly; a deflated entry (text, or media in a hand-made
 * zip) streams too, but seeking re-reads it from the start. Each stream has
 * its own zip handle, so several may run at once on different threads.
 * Streams are not hash-checked (verify or LECTERN_READER_VERIFY does that). */
int lectern_stream_open(lectern_reader *r, const char *name, lectern_stream **out,
                        lectern_error *err);
/* Reads up to len bytes; returns bytes read, 0 at end, negative code on error. */
long long lectern_stream_read(lectern_stream *s, void *buf, size_t len);
/* Seeks to an absolute offset; 0 or a negative code. */
int lectern_stream_seek(lectern_stream *s, uint64_t offset);
uint64_t lectern_stream_size(const lectern_stream *s);
void lectern_stream_close(lectern_stream *s);


#endif
