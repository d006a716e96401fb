/* Hashing the files of a course source folder, shared by the build
 * (package_build.c, package_write.c) and addenda made from a folder
 * (addendum_dir.c): one worker pool, one way to open a listed file and
 * one read loop computing SHA-256 and CRC-32. Private to liblectern. */
#ifndef LECTERN_FILE_HASH_H
#define LECTERN_FILE_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "lectern/error.h"

#define FHASH_CHUNK (4u << 20)      /* bytes read at a time */

enum { FHASH_SHA = 1, FHASH_CRC = 2 };

/* Per-thread scratch the pool gives each call: a FHASH_CHUNK buffer, a
 * SHA-256 context, and time counters (nanoseconds) for the debug profile. */
typedef struct fhash_scratch {
    unsigned char *buf;
    void *md;                       /* EVP_MD_CTX */
    uint64_t ns_read, ns_hash, ns_write, bytes;
} fhash_scratch;

/* One work item: does item `index`; returns 0 or a negative LECTERN_E*
 * code with err filled. */
typedef int (*fhash_fn)(void *user, size_t index, fhash_scratch *s, lectern_error *err);

/* Runs fn for the n indices in order[] (or 0..n-1 when order is NULL) on
 * up to min(online CPUs, 8) threads, the caller's included. After a
 * failure no new item starts; the error returned (and copied to err) is
 * that of the failing item with the lowest index, so the message does not
 * depend on thread timing. `tag` names the caller in the debug profile
 * (LECTERN_LOG=debug: time spent reading, hashing, writing; CPU per thread). */
int lectern_fhash_run(size_t n, const size_t *order, fhash_fn fn, void *user, const char *tag,
                      lectern_error *err);

/* Opens root/name for reading and checks it is still a regular file of
 * `size` bytes ("ROOT/NAME: changed while <doing>; try again" otherwise).
 * Returns the fd (caller closes) with *full (caller frees, also on
 * failure) and *st filled, or a negative LECTERN_E* code. */
int lectern_fhash_open(const char *root, const char *name, uint64_t size, const char *doing, char **full,
                       struct stat *st, lectern_error *err);

/* Called with each block of up to 256 KiB read, right after it was hashed
 * (still in the CPU cache), in file order; 0 to go on. */
typedef int (*fhash_each)(void *user, const unsigned char *data, size_t len, uint64_t at,
                          lectern_error *err);

/* Reads fd from its current position to its end, exactly `size` bytes
 * (more or fewer: "LABEL: changed while <doing> ...; try again"),
 * computing SHA-256 into hex when what has FHASH_SHA and CRC-32 into *crc
 * when it has FHASH_CRC, and passing each chunk to `each` when not NULL. */
int lectern_fhash_read(int fd, uint64_t size, int what, fhash_scratch *s, fhash_each each, void *each_user,
                       const char *label, const char *doing, char hex[65], uint32_t *crc, lectern_error *err);

/* 1 when a and b describe the same unchanged file: device, inode, size,
 * mtime and ctime (any write, truncation, rename over it or chmod changes
 * one of them). */
int lectern_fhash_same(const struct stat *a, const struct stat *b);

/* Monotonic nanoseconds, for the profile counters. */
uint64_t lectern_fhash_now(void);

#endif
