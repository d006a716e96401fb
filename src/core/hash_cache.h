/* The build's hash cache (hash_cache.c), private to liblectern: SHA-256
 * and CRC-32 of a course folder's files from the previous build, keyed
 * like git's index by device, inode, size, mtime and ctime, so a rebuild
 * copies unchanged media without reading and hashing it again. Only
 * lectern_package_build uses it; verify and every reader never do. */
#ifndef LECTERN_HASH_CACHE_H
#define LECTERN_HASH_CACHE_H

#include <stdint.h>
#include <sys/stat.h>

/* An entry is trusted only when the file's mtime and ctime are at least
 * this much older than the moment it was hashed: a file written in the
 * same clock tick as (or during) its hashing could change again without
 * its times changing ("racily clean" in git). */
#define LECTERN_HCACHE_RACY_NS (2 * 1000000000LL)

typedef struct lectern_hcache lectern_hcache;

/* The cache of folder `root` kept under `dir` (DIR/build-hashes/, one file
 * per folder, named after a hash of its real path). A missing, unreadable,
 * truncated or malformed file gives an empty cache (a debug log says why).
 * NULL when dir or root is NULL or memory runs out: callers treat NULL as
 * "no cache". Free with lectern_hcache_free. */
lectern_hcache *lectern_hcache_open(const char *dir, const char *root);

/* 1 when `name` has an entry whose device, inode, size, mtime and ctime
 * are those of st and that is not racy (see LECTERN_HCACHE_RACY_NS):
 * fills hex, crc and the time it was hashed. 0 otherwise (and for a NULL
 * cache). Safe to call from several threads (the cache is read only). */
int lectern_hcache_get(const lectern_hcache *c, const char *name, const struct stat *st, char hex[65],
                       uint32_t *crc, int64_t *hashed_at);

/* Records a file's sums for the next build (not seen by get); racy entries
 * (see above) are not recorded. One thread at a time. */
void lectern_hcache_put(lectern_hcache *c, const char *name, const struct stat *st, int64_t hashed_at,
                        const char *hex, uint32_t crc);

/* Replaces the cache file by the recorded entries (temp file + rename, mode
 * 0600 in a 0700 folder). 0, or -1 (a warning is logged; the build is fine). */
int lectern_hcache_save(lectern_hcache *c);

void lectern_hcache_free(lectern_hcache *c);

/* Wall-clock time in nanoseconds since the epoch (the clock file times use). */
int64_t lectern_hcache_clock(void);

#endif
