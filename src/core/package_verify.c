/* Package verification: zip consistency (central directory against local
 * headers), the reader's structural checks, then size, CRC and SHA-256 of
 * every entry; the first bad entry is named. */
#include "reader_internal.h"

#include <string.h>

/* See package.h. */
int lectern_package_verify(const char *path, lectern_verify_report *report,
                           lectern_error *err)
{
    lectern_reader *r = NULL;
    int rc, ze = 0;
    if (report)
        memset(report, 0, sizeof *report);
    if (lectern_is_dir(path))
        return lectern_error_set(err, LECTERN_EINVAL, "%s: is a folder; verify takes a .lectern package "
                                 "(use `lectern-pack check` for a source folder)", path);
    if ((rc = lectern_reader_open(path, 0, &r, err)) < 0)
        return rc;
    /* then the stricter libzip pass: local headers against the central directory */
    zip_t *za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!za) {
        zip_error_t zerr;
        zip_error_init_with_code(&zerr, ze);
        rc = lectern_error_set(err, LECTERN_EFORMAT,
                               "%s: damaged zip: %s (local headers disagree with the central directory)",
                               path, zip_error_strerror(&zerr));
        zip_error_fini(&zerr);
        goto out;
    }
    zip_discard(za);
    if (r->kind != LECTERN_SOURCE_PACKAGE) {
        rc = lectern_error_set(err, LECTERN_EFORMAT,
                               "%s: not a Lectern package (no lectern.json): an unverified zip of a course folder",
                               path);
        goto out;
    }
    for (size_t i = 0; i < r->n; i++) {
        if ((rc = lectern_reader_zip_check(r, &r->entries[i], -1, err)) < 0)
            goto out;
        if (report) {
            report->n_files++;
            report->bytes += r->entries[i].info.size;
        }
    }
    if (report)
        report->signed_ = r->has_sig;
    rc = 0;
out:
    lectern_reader_close(r);
    return rc;
}
