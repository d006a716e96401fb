/* Private parts of addenda and the library: an index of a package's raw zip
 * entries (where each entry's data starts) so diff and apply copy entries
 * byte for byte, and shared helpers. Not installed. */
#ifndef LECTERN_ADDENDUM_INTERNAL_H
#define LECTERN_ADDENDUM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "lectern/error.h"
#include "tmpfile.h"

typedef struct zidx_entry {
    char *name;
    uint64_t data_off;          /* first byte of the (compressed) data */
    uint64_t csize, usize;
    uint32_t crc;
    int deflated;
} zidx_entry;

typedef struct zidx {
    int fd;
    char *path;
    zidx_entry *e;              /* sorted by name */
    size_t n;
} zidx;

/* Reads the central directory and every local header of a package written
 * by Lectern's writer (stored or deflated entries only). Fills *z (caller
 * calls zidx_close). The package should have been opened with the reader
 * first, which checks names and the manifest. */
int zidx_open(const char *path, zidx *z, lectern_error *err);
const zidx_entry *zidx_find(const zidx *z, const char *name);
void zidx_close(zidx *z);

struct lectern_reader;
struct lectern_addendum;

/* Opens a .lectern package with the reader (structure checked) and gives
 * the SHA-256 of its lectern.json bytes. */
int addendum_open_package(const char *path, struct lectern_reader **r, char hex[65], lectern_error *err);
/* Parses the addendum a reader is open on (addendum.h). */
int addendum_from_reader(struct lectern_reader *r, struct lectern_addendum **out, lectern_error *err);

/* One entry of an output package: where its bytes come from, either an
 * entry of a package (src) or a file of a course folder (dir + mf). */
typedef struct out_entry {
    const char *path;
    const zidx *src;
    const char *dir;
    const struct lectern_manifest_file *mf;
} out_entry;

/* Lists and hashes a course folder exactly as lectern_package_build would
 * (same listing, reserved names, limits, manifest fields). Fills *m (kind
 * "course"); caller frees with lectern_manifest_free. */
struct lectern_manifest;
int addendum_scan_dir(const char *root, struct lectern_manifest *m, lectern_error *err);
/* Adds root/f->path to a package being written, as build would (stored or
 * deflated by extension), after checking it still has f's SHA-256. */
struct lectern_zipw;
int addendum_add_from_dir(struct lectern_zipw *zw, const char *root, const struct lectern_manifest_file *f,
                          lectern_error *err);

/* Writes out_path atomically: mimetype, lectern.json (json), the entries
 * copied raw from their sources, lectern.sig when sign_key is given. */
int addendum_write_package(const char *out_path, const char *json, const out_entry *ents, size_t n,
                           const char *sign_key, lectern_error *err);

/* Reads a whole file (at most max bytes) into a NUL-terminated buffer. */
int lectern_slurp(const char *path, size_t max, char **data, size_t *len, lectern_error *err);

/* lectern_tmp_create, lectern_tmp_commit, lectern_fsync_parent: tmpfile.h */

#endif
