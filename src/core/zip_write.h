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

/* CRC-32 as zip uses it (start with crc = 0), with PCLMULQDQ folding when
 * the CPU has it, zlib otherwise; same results as zlib's crc32(). */
uint32_t lectern_crc32(uint32_t crc, const void *data, size_t len);

/* Writes the central directory (zip64 records when needed). */
int lectern_zipw_finish(lectern_zipw *w, lectern_error *err);

void lectern_zipw_free(lectern_zipw *w);

#endif
