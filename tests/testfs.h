/* Files for the C tests that write their own inputs: a file written into a
 * folder with the folders on its path created, and a folder removed with
 * everything in it. Header only (static inline), cmocka asserts. */
#ifndef LECTERN_TESTFS_H
#define LECTERN_TESTFS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static inline int testfs_rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(p);
}

/* Removes dir and everything in it (links are removed, not followed). 0,
 * or -1 when something could not be removed. */
static inline int testfs_rmtree(const char *dir)
{
    return nftw(dir, testfs_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes text to dir/rel, creating the folders of rel first; fails the test
 * when the file cannot be written. */
static inline void testfs_put(const char *dir, const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    for (char *p = path + strlen(dir) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

#endif
