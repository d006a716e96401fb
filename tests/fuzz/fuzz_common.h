/* Helpers shared by the libFuzzer targets in tests/fuzz: a private scratch
 * folder (on /dev/shm when it is there, removed at exit), writing and
 * clearing files in it, and the "=== name" multi-file input format that
 * lets one fuzz input carry a small course folder. */
#ifndef LECTERN_FUZZ_COMMON_H
#define LECTERN_FUZZ_COMMON_H

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lectern/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char fuzz_scratch[512];

/* Results are added here so the compiler keeps the reads that feed them. */
volatile size_t fuzz_sink;

static inline int fuzz_rm_cb(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(p);
    return 0;
}

/* Removes everything under dir (and dir itself when keep_dir is 0). */
static inline void fuzz_rmtree(const char *dir, int keep_dir)
{
    char top[600];
    snprintf(top, sizeof top, "%s", dir);
    nftw(top, fuzz_rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    if (keep_dir)
        mkdir(top, 0700);
}

static inline void fuzz_scratch_cleanup(void)
{
    if (fuzz_scratch[0])
        fuzz_rmtree(fuzz_scratch, 0);
}

/* The process's scratch folder, created on first use; aborts when it
 * cannot be made (the fuzzer could not test anything). */
static inline const char *fuzz_scratch_dir(void)
{
    if (fuzz_scratch[0])
        return fuzz_scratch;
    const char *base = getenv("LECTERN_FUZZ_TMP");
    if (!base || !*base)
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    snprintf(fuzz_scratch, sizeof fuzz_scratch, "%s/lectern-fuzz-XXXXXX", base);
    if (!mkdtemp(fuzz_scratch)) {
        fprintf(stderr, "fuzz: cannot make a scratch folder under %s: %s\n", base, strerror(errno));
        abort();
    }
    atexit(fuzz_scratch_cleanup);
    return fuzz_scratch;
}

/* Writes len bytes to dir/rel, creating parent folders. 0 or -1. */
static inline int fuzz_write(const char *dir, const char *rel, const void *data, size_t len)
{
    char path[1200];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, rel) >= sizeof path)
        return -1;
    for (char *s = path + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
        *s = '\0';
        mkdir(path, 0700);
        *s = '/';
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t put = len ? fwrite(data, 1, len, f) : 0;
    int rc = fclose(f);
    return put == len && rc == 0 ? 0 : -1;
}

/* 1 when rel is a name the multi-file format accepts: 1-100 bytes of
 * [A-Za-z0-9._/-], no leading '/', no "..", no empty component. The
 * reader itself rejects worse names; this only keeps the fuzzer inside
 * its scratch folder. */
static inline int fuzz_name_ok(const char *rel, size_t n)
{
    if (n == 0 || n > 100 || rel[0] == '/' || rel[n - 1] == '/')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = rel[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '/'))
            return 0;
        if (c == '/' && i + 1 < n && rel[i + 1] == '/')
            return 0;
        if (c == '.' && i + 1 < n && rel[i + 1] == '.')
            return 0;
    }
    return 1;
}

/* 1 when name (n bytes) starts with one of the NULL-terminated prefixes
 * (allow NULL: every name). */
static inline int fuzz_name_allowed(const char *name, size_t n, const char *const *allow)
{
    if (!allow)
        return 1;
    for (; *allow; allow++)
        if (n >= strlen(*allow) && memcmp(name, *allow, strlen(*allow)) == 0)
            return 1;
    return 0;
}

/* Writes a multi-file input into dir: the text before the first line
 * "=== NAME" is `first` (when first is not NULL), and each "=== NAME\n"
 * line starts file NAME, running up to the next such line. Names that
 * fuzz_name_ok refuses or that start with none of the `allow` prefixes
 * (NULL: any) are skipped, as are files past the 64th. Returns the number
 * of files written. */
static inline int fuzz_write_files(const char *dir, const uint8_t *data, size_t size, const char *first,
                            const char *const *allow)
{
    static const char mark[] = "=== ";
    const char *p = (const char *)data, *end = p + size;
    int n = 0;
    const char *name = first;
    size_t name_len = first ? strlen(first) : 0;
    const char *body = p;
    for (;;) {
        /* the next marker at a line start */
        const char *m = body;
        const char *next = NULL;
        while (m < end) {
            if ((m == (const char *)data || m[-1] == '\n') && (size_t)(end - m) >= 4 &&
                memcmp(m, mark, 4) == 0) {
                next = m;
                break;
            }
            const char *nl = memchr(m, '\n', (size_t)(end - m));
            if (!nl)
                break;
            m = nl + 1;
        }
        const char *body_end = next ? next : end;
        if (name && n < 64 && fuzz_name_ok(name, name_len) && fuzz_name_allowed(name, name_len, allow)) {
            char nm[128];
            memcpy(nm, name, name_len);
            nm[name_len] = '\0';
            if (fuzz_write(dir, nm, body, (size_t)(body_end - body)) == 0)
                n++;
        }
        if (!next)
            break;
        const char *nl = memchr(next, '\n', (size_t)(end - next));
        name = next + 4;
        name_len = (size_t)((nl ? nl : end) - name);
        body = nl ? nl + 1 : end;
    }
    return n;
}

/* With LECTERN_FUZZ_DEBUG set, prints why an input stopped early (to check
 * that seeds reach deep); silent otherwise. */
static inline void fuzz_debug(const char *what, const char *msg)
{
    static int on = -1;
    if (on < 0)
        on = getenv("LECTERN_FUZZ_DEBUG") != NULL;
    if (on)
        fprintf(stderr, "fuzz: %s: %s\n", what, msg);
}

#ifdef LECTERN_FUZZ_SOURCE_ROOT
/* Copies LECTERN_FUZZ_SOURCE_ROOT/from/rel to dir/rel; aborts when it cannot
 * (a file of 1 MiB or more included: the courses copied are small). */
static inline void fuzz_copy(const char *from, const char *dir, const char *rel)
{
    char src[1200];
    snprintf(src, sizeof src, "%s/%s/%s", LECTERN_FUZZ_SOURCE_ROOT, from, rel);
    FILE *f = fopen(src, "rb");
    if (!f) {
        fprintf(stderr, "fuzz: cannot read %s\n", src);
        abort();
    }
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (n == sizeof buf || fuzz_write(dir, rel, buf, n) < 0)
        abort();
}

/* The course around the plans of the plan and budget targets: course.json
 * and every modules/ *.json of the course folder `from` (under the source
 * tree) copied once into <scratch>/course, whose path goes to root (n
 * bytes). Aborts on failure. */
static inline void fuzz_copy_course(const char *from, char *root, size_t n)
{
    snprintf(root, n, "%s/course", fuzz_scratch_dir());
    mkdir(root, 0700);
    fuzz_copy(from, root, "course.json");
    char mdir[1200];
    snprintf(mdir, sizeof mdir, "%s/%s/modules", LECTERN_FUZZ_SOURCE_ROOT, from);
    DIR *d = opendir(mdir);
    if (!d)
        abort();
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0) {
            char rel[300];
            snprintf(rel, sizeof rel, "modules/%s", de->d_name);
            fuzz_copy(from, root, rel);
        }
    }
    closedir(d);
}
#endif

/* Quiet logging: the targets exercise error paths on purpose. */
static inline void fuzz_quiet(void)
{
    lectern_log_set_level(LECTERN_LOG_QUIET);
}

#endif
