/* Private parts of the reader shared by reader.c (dispatch, folder backend),
 * reader_zip.c (package and plain-zip backend) and the package builder,
 * verifier and extractor. Not installed, not part of the public API. */
#ifndef LECTERN_READER_INTERNAL_H
#define LECTERN_READER_INTERNAL_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <zip.h>

#include "lectern/package.h"
#include "lectern/reader.h"

typedef struct reader_entry {
    lectern_entry_info info;        /* info.name == name */
    char *name;                     /* owned */
    uint64_t index;                 /* zip index (zip backends) */
    uint64_t comp_size;             /* compressed size (zip backends) */
    const lectern_manifest_file *mf;/* manifest record (packages) */
} reader_entry;

struct lectern_reader {
    lectern_source_kind kind;
    char *path;                     /* as given to open */
    const char *note;
    reader_entry *entries;          /* sorted by name */
    size_t n;
    char *root;                     /* folder: the path; zip: NULL */
    zip_t *za;                      /* zip backends */
    char *prefix;                   /* plain zip: "top/" or "" */
    lectern_manifest manifest;      /* packages */
    int has_manifest;
    int has_sig;
    pthread_mutex_t lock;           /* guards za */
};

struct lectern_stream {
    FILE *f;                        /* folder */
    zip_t *za;                      /* package: own handle */
    zip_file_t *zf;
    zip_uint64_t index;
    int stored;
    uint64_t size;
    uint64_t pos;
    char *name;
};

/* One file of a course source folder. */
typedef struct dir_file {
    char *name;                     /* relative, '/' separators */
    uint64_t size;
} dir_file;

/* Lists regular files under root recursively: names starting with '.' are
 * skipped, names must pass lectern_path_safe, symlinks are followed only to
 * regular files inside root. Sorted by name (strcmp). Caller frees with
 * lectern_dir_list_free. */
int lectern_dir_list(const char *root, dir_file **files, size_t *n, lectern_error *err);
void lectern_dir_list_free(dir_file *files, size_t n);

/* Compares entries / names for qsort and bsearch. */
int lectern_entry_cmp(const void *a, const void *b);

/* Zip backend (reader_zip.c). */
int lectern_reader_zip_open(lectern_reader *r, int flags, lectern_error *err);
int lectern_reader_zip_read(lectern_reader *r, reader_entry *e, void **data,
                            size_t *len, lectern_error *err);
int lectern_reader_zip_stream(lectern_reader *r, reader_entry *e, lectern_stream *s,
                              lectern_error *err);
/* Reads entry e in chunks, checks size, CRC (libzip) and, for packages, the
 * SHA-256 against the manifest; writes the bytes to out_fd when >= 0.
 * Used by verify and extract. */
int lectern_reader_zip_check(lectern_reader *r, reader_entry *e, int out_fd, lectern_error *err);
/* The same on a zip handle the caller owns (one per thread; see verify). */
int lectern_reader_zip_check_with(lectern_reader *r, zip_t *za, reader_entry *e, int out_fd,
                                  lectern_error *err);
int lectern_reader_zip_seek(lectern_stream *s, uint64_t offset);
void lectern_reader_zip_close(lectern_reader *r);
int lectern_zip_raw_scan(const char *path, lectern_error *err);

/* 1 when the file at path starts with a zip signature (or is any regular
 * file that is not a folder: the zip backend then reports the format). */
int lectern_is_dir(const char *path);

/* 1 when build stores `name` uncompressed (media, by extension), 0 when it
 * deflates it (package_build.c). */
int lectern_is_stored_ext(const char *name);

/* Fills m->id, version, title (default language), kind "course" and format
 * from ROOT/course.json, as build writes them into lectern.json (used by
 * build and by diff from a folder, so both give the same manifest). */
int lectern_manifest_from_course_dir(const char *root, lectern_manifest *m, lectern_error *err);

/* Hex of a finished SHA-256 digest. */
void lectern_hex32(const unsigned char md[32], char out[65]);

#endif
