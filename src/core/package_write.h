/* The one-pass package writer (package_write.c), private to liblectern:
 * lectern_package_build lays the package out before hashing and lets
 * threads hash and write the content in place. */
#ifndef LECTERN_PACKAGE_WRITE_H
#define LECTERN_PACKAGE_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include <sys/stat.h>

#include "hash_cache.h"
#include "lectern/error.h"

#define PW_TEXT_MAX (32u << 20)          /* a deflated file kept in memory at most */
#define PW_TEXT_TOTAL_MAX (128u << 20)   /* all of them (else: two passes) */

typedef struct pw_file {
    const char *name;           /* borrowed, relative to the root */
    uint64_t size;              /* as listed */
    int deflate;
    /* filled by lectern_pw_write */
    char hex[65];               /* SHA-256 */
    uint32_t crc;
    uint64_t csize;             /* stored: size; deflated: compressed size */
    uint64_t header_off, data_off;
    unsigned char *zdata;       /* deflated bytes (freed by lectern_pw_free) */
    struct stat st;             /* of the file as it was read */
    int64_t hashed_at;          /* lectern_hcache_clock() before it was opened */
    int cached;                 /* hex and crc came from the hash cache */
} pw_file;

/* 1 when the text files are small enough to deflate in memory first. */
int lectern_pw_fits(const pw_file *f, size_t n);

/* Writes the content entries' data into out_fd, laid out from content_off
 * in the order given (each entry's local header, then its data; headers
 * are left for lectern_zipw_add_placed), and fills hex, crc, csize, the
 * offsets, st, hashed_at and cached. Reads each file once; a file that
 * changes size is an error naming it. With a cache (else NULL), a media
 * file with a trusted entry is copied without being read or hashed.
 * out_path names the file open as out_fd: it is opened again with
 * O_DIRECT for the whole pages of media files (dio_write.h), unless the
 * file system refuses or LECTERN_BUILD_DIRECT=0. */
int lectern_pw_write(const char *root, pw_file *f, size_t n, int out_fd, const char *out_path,
                     uint64_t content_off, const lectern_hcache *cache, lectern_error *err);

void lectern_pw_free(pw_file *f, size_t n);

#endif
