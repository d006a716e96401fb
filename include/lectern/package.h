/* Building, verifying and extracting .lectern packages, and their manifest
 * (lectern.json). The package layout is specified in courses/README.md:
 * a zip whose first entry is the stored `mimetype`, then `lectern.json`,
 * then the content sorted by name, media stored, text deflated, fixed
 * timestamps, zip64; optional `lectern.sig` (detached Ed25519 signature
 * over lectern.json). */
#ifndef LECTERN_PACKAGE_H
#define LECTERN_PACKAGE_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/error.h"

#define LECTERN_MIMETYPE "application/vnd.lectern.course+zip"
#define LECTERN_MANIFEST "lectern.json"
#define LECTERN_SIGNATURE "lectern.sig"
#define LECTERN_FORMAT_VERSION 1

typedef struct lectern_manifest_file {
    char *path;
    uint64_t size;
    char sha256[65];            /* lowercase hex */
} lectern_manifest_file;

typedef struct lectern_manifest {
    int format;                 /* LECTERN_FORMAT_VERSION */
    char *kind;                 /* "course" or "addendum" */
    char *id;
    char *version;
    char *title;                /* default-language title, for `info` */
    lectern_manifest_file *files;   /* sorted by path */
    size_t n_files;
    /* addendum only (NULL/0 for a course) */
    char *base_id;
    char *base_version;
    char *base_manifest_sha256;
    char **removed;
    size_t n_removed;
} lectern_manifest;

/* Parses lectern.json. Checks types, sorted unique safe paths, hex hashes.
 * Fills *m (caller frees with lectern_manifest_free). */
int lectern_manifest_parse(const char *json, size_t len, lectern_manifest *m,
                           lectern_error *err);
/* Serialises deterministically (fixed key order, 2-space indent, trailing
 * newline). Caller frees the result with free(); NULL on out of memory. */
char *lectern_manifest_to_json(const lectern_manifest *m);
void lectern_manifest_free(lectern_manifest *m);
/* Binary search by path; NULL when absent. */
const lectern_manifest_file *lectern_manifest_find(const lectern_manifest *m, const char *path);

typedef struct lectern_build_opts {
    const char *sign_key;       /* PEM Ed25519 private key file, or NULL (issue: trust) */
    int quiet;
    /* Folder of the hash cache (the CLI gives $XDG_CACHE_HOME/lectern, or
     * ~/.cache/lectern; NULL: no cache). A rebuild takes the SHA-256 and
     * CRC-32 of files unchanged since the last build (same device, inode,
     * size, mtime and ctime, and not modified within 2 s of being hashed)
     * from it instead of reading them; the package bytes are the same. */
    const char *cache_dir;
} lectern_build_opts;

/* Builds a package from a course source folder into out_path. Does not run
 * the checker (lectern-pack does, first). Atomic: writes out_path.tmp-XXXX
 * in the same folder, fsyncs, renames; on any failure nothing is left.
 * Reproducible: same files -> same bytes. */
int lectern_package_build(const char *src_dir, const char *out_path,
                          const lectern_build_opts *opts, lectern_error *err);

typedef struct lectern_verify_report {
    size_t n_files;             /* files checked */
    uint64_t bytes;             /* content bytes hashed */
    int signed_;                /* 1 when lectern.sig is present */
} lectern_verify_report;

/* Checks structure and every hash of a package; names the first bad entry.
 * report may be NULL. */
int lectern_package_verify(const char *path, lectern_verify_report *report,
                           lectern_error *err);

/* Extracts a package's (or plain zip's) content into dir (created if
 * missing). Never writes outside dir: hostile names are refused before
 * anything is written; files go through temp + rename. */
int lectern_package_extract(const char *path, const char *dir, lectern_error *err);

/* The manifest of a reader opened on a package; NULL for a folder or a
 * plain zip. Owned by the reader. */
struct lectern_reader;
const lectern_manifest *lectern_reader_manifest(const struct lectern_reader *r);
/* 1 when the package holds lectern.sig (the signature is not checked here). */
int lectern_reader_signed(const struct lectern_reader *r);

/* 1 when `name` is a safe relative entry name: non-empty, < LECTERN_MAX_NAME,
 * no leading '/', no '\\', no NUL, no control characters, no "." or ".."
 * component, no empty component, valid UTF-8. Fills why with the reason. */
int lectern_path_safe(const char *name, size_t len, const char **why);

/* SHA-256 of a buffer as lowercase hex (out has 65 bytes). */
void lectern_sha256_hex(const void *data, size_t len, char out[65]);

#endif
