/* Addenda: a small package that updates a base package to a new version of
 * the same course (courses/README.md, "Addenda and signatures"). Its
 * lectern.json has kind "addendum", the base's id, version and manifest
 * SHA-256, the files it carries (added and changed), the removed files, the
 * resulting version with its full file list ("result") and the human
 * changes from the new version's changelog ("changes").
 *
 *   lectern_addendum_diff("c-1.0.lectern", "src-1.1/", "c-1.1.add.lectern", NULL, NULL, &e);
 *   const char *chain[] = {"c-1.1.add.lectern"};
 *   lectern_addendum_apply("c-1.0.lectern", chain, 1, "c-1.1.lectern", NULL, &e);
 *   -> byte-identical to `lectern-pack build src-1.1 -o c-1.1.lectern`
 */
#ifndef LECTERN_ADDENDUM_H
#define LECTERN_ADDENDUM_H

#include <stddef.h>
#include <stdint.h>

#include "lectern/course.h"
#include "lectern/error.h"
#include "lectern/package.h"

typedef struct lectern_addendum {
    lectern_manifest m;             /* kind "addendum"; version = resulting version;
                                       files = the files it carries; base_*; removed */
    char *result_title;             /* title of the resulting package (NULL: none) */
    char *result_manifest_sha256;   /* SHA-256 of the resulting lectern.json */
    lectern_manifest_file *result;  /* every file of the resulting version, sorted */
    size_t n_result;
    lectern_change *changes;        /* changelog entries newer than the base, oldest first */
    size_t n_changes;
    int signed_;                    /* 1 when the addendum holds lectern.sig (not checked here) */
} lectern_addendum;

/* Opens an addendum package and parses its lectern.json (structure checked
 * by the reader; content hashes are not checked here: use
 * lectern_package_verify). LECTERN_EFORMAT when it is a course package.
 * Caller frees with lectern_addendum_free. */
int lectern_addendum_read(const char *path, lectern_addendum **out, lectern_error *err);
void lectern_addendum_free(lectern_addendum *a);

typedef struct lectern_diff_report {
    size_t n_added, n_changed, n_removed, n_unchanged;
    uint64_t carried_bytes;         /* content bytes in the addendum */
} lectern_diff_report;

/* Makes an addendum from base_pkg (a course package) to new_src (a course
 * package, or a source folder, listed and hashed as build would: only the
 * carried files are written). Same id required, new version greater
 * (dotted numeric compare). opts->sign_key signs it. Atomic (temp +
 * rename); report may be NULL. */
int lectern_addendum_diff(const char *base_pkg, const char *new_src, const char *out_path,
                          const lectern_build_opts *opts, lectern_diff_report *report,
                          lectern_error *err);

/* Applies addenda[0..n) in order to base_pkg and writes the resulting
 * course package to out_path, byte-identical to a build of the new source
 * (signed only when opts->sign_key is given). Each addendum must name the
 * current state as its base (id, version, manifest SHA-256): otherwise
 * LECTERN_EINVAL "expected X, found Y" and nothing is written. Addendum
 * content hashes are checked; base entries are copied as they are (their
 * CRC-32 and SHA-256 are checked when opts is NULL or verify_base is set). */
typedef struct lectern_apply_opts {
    const char *sign_key;           /* NULL: unsigned result */
    int verify_base;                /* 1: hash every base entry while copying */
} lectern_apply_opts;
int lectern_addendum_apply(const char *base_pkg, const char *const *addenda, size_t n,
                           const char *out_path, const lectern_apply_opts *opts,
                           lectern_error *err);

/* "What's new": the changes carried by addenda[0..n) (e.g. the `addenda`
 * of a resolved library course), oldest first, as copies in *out (caller
 * frees with lectern_changes_free). A version listed twice is kept once. */
int lectern_addendum_collect_changes(const char *const *addenda, size_t n, lectern_change **out,
                                     size_t *n_out, lectern_error *err);
void lectern_changes_free(lectern_change *c, size_t n);
/* The newest change that names item_id (for the "updated" mark and the
 * trainer's note), or NULL; *rule (may be NULL) gets its keep|review|reset. */
const lectern_change *lectern_changes_for_item(const lectern_change *c, size_t n, const char *item_id,
                                               const char **rule);

/* SHA-256 (hex) of a package's lectern.json entry bytes. */
int lectern_package_manifest_sha256(const char *pkg_path, char out[65], lectern_error *err);

#endif
