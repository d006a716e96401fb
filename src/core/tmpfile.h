/* Temporary files written next to their destination and renamed over it
 * when complete; whole-buffer reads and writes (tmpfile.c). Internal to the
 * core library. */
#ifndef LECTERN_TMPFILE_H
#define LECTERN_TMPFILE_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/error.h"

/* Creates PATH.tmp-PID-XXXXXX (mode 0644), returns its fd and name (*tmp,
 * caller frees). First removes the PATH.tmp-PID-* files left by processes
 * that no longer run (a build or install killed midway), so a crash leaves
 * at most one clearly named file, which the next write of PATH cleans. */
int lectern_tmp_create(const char *path, char **tmp, lectern_error *err);
/* fsyncs and closes fd, renames tmp over path, fsyncs the folder. Closes fd
 * and removes tmp on failure (ENOSPC and EFBIG say the disk is full). */
int lectern_tmp_commit(int fd, const char *tmp, const char *path, lectern_error *err);
/* Creates BASE.tmp-PID-XXXXXX in the folder open as dfd (BASE cut to 200
 * bytes when longer; no symlink followed). Does not sweep: call
 * lectern_tmp_sweep_at once per folder. Returns the fd and the temp file's
 * name in *tmp (caller frees), or -1 with errno set and *tmp NULL. */
int lectern_tmp_create_at(int dfd, const char *base, char **tmp);
/* Removes every NAME.tmp-PID-XXXXXX file (and .lectern-tmp-PID-N, the
 * older extract names) of a process that is gone, in the folder open as dfd
 * (extract: once per folder it writes into). */
void lectern_tmp_sweep_at(int dfd);
/* Removes PATH.tmp-PID-* files whose process PID is gone. */
void lectern_tmp_sweep(const char *path);
/* " (the disk is full: ...)" when errno value e says so (ENOSPC, EFBIG,
 * EDQUOT), else "": appended to write errors so the user knows what to do. */
const char *lectern_disk_hint(int e);
/* Writes all len bytes (short writes continue); 0, or -1 with errno set. */
int lectern_write_all(int fd, const void *buf, size_t len);
/* Writes all len bytes at offset at (pwrite: the file offset stays); 0, or
 * -1 with errno set. */
int lectern_pwrite_all(int fd, const void *buf, size_t len, uint64_t at);
/* Reads exactly len bytes from offset at (pread); 0, or -1 on a read error
 * (errno set) or when the file ends first. */
int lectern_pread_all(int fd, void *buf, size_t len, uint64_t at);
/* mkdir -p: creates path and the missing folders above it with mode (less
 * the umask); a folder already there is fine. 0, or LECTERN_ENOMEM, or
 * LECTERN_EIO with errno set and err (when not NULL) saying "DIR: cannot
 * create: REASON" for the folder that could not be made. */
int lectern_mkdirs(const char *path, unsigned mode, lectern_error *err);
/* fsyncs the folder holding path (after a rename into it). */
void lectern_fsync_parent(const char *path);

#endif
