/* Direct (O_DIRECT) writes of aligned chunks into a file being built, by a
 * few writer threads, so the disk works while the caller reads and hashes
 * the next chunks and no page cache is filled and written back
 * (package_write.c). Private to liblectern. */
#ifndef LECTERN_DIO_WRITE_H
#define LECTERN_DIO_WRITE_H

#include <stddef.h>
#include <stdint.h>

typedef struct lectern_dio lectern_dio;

#define DIO_ALIGN 4096u             /* offsets, lengths and buffers: whole pages */
#define DIO_CHUNK (4u << 20)        /* bytes per write, the size of each buffer */

/* Opens path (the file open as fd: same inode, else NULL) a second time
 * with O_DIRECT and starts the writer threads. NULL when the file system
 * refuses O_DIRECT, the file is not the same, or memory or threads are
 * short: the caller then writes through fd as usual. A write the file
 * system refuses later (EINVAL) goes through fd instead, same bytes. */
lectern_dio *lectern_dio_open(int fd, const char *path);

/* A DIO_CHUNK buffer aligned to DIO_ALIGN, waiting while all are in
 * flight. NULL once a write failed (lectern_dio_finish says which). */
unsigned char *lectern_dio_buffer(lectern_dio *d);

/* Queues buf (from lectern_dio_buffer; given back to the pool once
 * written) for writing len bytes at off; both multiples of DIO_ALIGN.
 * tag names the data in lectern_dio_finish's report. */
void lectern_dio_submit(lectern_dio *d, unsigned char *buf, size_t len, uint64_t off, size_t tag);

/* Gives back a buffer that will not be submitted (NULL: nothing). */
void lectern_dio_release(lectern_dio *d, unsigned char *buf);

/* Waits for every queued write, stops the threads, closes the O_DIRECT
 * descriptor and frees d (NULL: nothing). Returns 0, or -1 with the tag
 * and errno of the first failed write. bytes[0] gets the bytes written
 * direct, bytes[1] those the file system refused direct (written through
 * the page cache instead). */
int lectern_dio_finish(lectern_dio *d, size_t *bad_tag, int *bad_errno, uint64_t bytes[2]);

#endif
