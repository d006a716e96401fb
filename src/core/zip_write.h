/* A small streaming zip writer for reproducible packages: fixed time and
 * attributes, no extra fields except zip64 where sizes or offsets need it,
 * stored entries copied with copy_file_range, deflated entries with zlib.
 * Private to liblectern (package_build.c, addendum.c). */
#ifndef LECTERN_ZIP_WRITE_H
#define LECTERN_ZIP_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "lectern/error.h"

typedef struct lectern_zipw lectern_zipw;

/* Starts a zip on fd (an empty file, written from offset 0). NULL on ENOMEM. */
lectern_zipw *lectern_zipw_new(int fd);

/* Adds an entry from memory; crc is computed here. */
int lectern_zipw_add_buffer(lectern_zipw *w, const char *name, const void *data, size_t len,
                            int deflate, lectern_error *err);

/* Adds an entry from src_fd (read from offset 0, exactly size bytes, whose
 * CRC-32 the caller computed). `label` names the file in errors. */
int lectern_zipw_add_fd(lectern_zipw *w, const char *name, int src_fd, uint64_t size,
                        uint32_t crc, int deflate, const char *label, lectern_error *err);

/* Adds an entry by copying its already compressed (or stored) data: csize
 * bytes of src_fd from src_off, taken from another package written by this
 * writer, so the result is the same bytes as adding the file itself
 * (addendum.c: diff and apply). */
int lectern_zipw_add_raw(lectern_zipw *w, const char *name, int src_fd, uint64_t src_off,
                         uint64_t csize, uint64_t usize, uint32_t crc, int deflated,
                         const char *label, lectern_error *err);

/* Deflates len bytes of memory exactly as lectern_zipw_add_fd would (same
 * level, window and input steps) into a new buffer (*out, free()); 0, or
 * -1 on out of memory. package_write.c compresses text before writing. */
int lectern_zipw_deflate_mem(const void *data, size_t len, unsigned char **out, size_t *out_len);

/* Bytes of the local header add_fd / add_placed write for this entry. */
uint64_t lectern_zipw_header_size(const char *name, uint64_t usize, int deflated);

/* Adds an entry whose data (csize bytes, stored or deflated as by add_fd)
 * the caller already wrote at expect_off + its header size: writes only
 * the header at expect_off, which must be the writer's current end (else
 * an internal error), and moves past the data. Same bytes as add_fd. */
int lectern_zipw_add_placed(lectern_zipw *w, const char *name, uint64_t usize, uint64_t csize, uint32_t crc,
                            int deflated, uint64_t expect_off, lectern_error *err);

/* CRC-32 as zip uses it (start with crc = 0), with PCLMULQDQ folding when
 * the CPU has it, zlib otherwise; same results as zlib's crc32(). */
uint32_t lectern_crc32(uint32_t crc, const void *data, size_t len);

/* Writes the central directory (zip64 records when needed). */
int lectern_zipw_finish(lectern_zipw *w, lectern_error *err);

void lectern_zipw_free(lectern_zipw *w);

#endif
