/* Zip backends of the reader (packages and plain zips): being written. */
#include "reader_internal.h"

int lectern_reader_zip_open(lectern_reader *r, int flags, lectern_error *err)
{
    (void)flags;
    return lectern_error_set(err, LECTERN_EUNSUPPORTED, "%s: zip packages not supported yet", r->path);
}

int lectern_reader_zip_read(lectern_reader *r, reader_entry *e, void **data, size_t *len,
                            lectern_error *err)
{
    (void)data; (void)len;
    return lectern_error_set(err, LECTERN_EUNSUPPORTED, "%s: %s: not supported yet", r->path, e->name);
}

int lectern_reader_zip_stream(lectern_reader *r, reader_entry *e, lectern_stream *s,
                              lectern_error *err)
{
    (void)s;
    return lectern_error_set(err, LECTERN_EUNSUPPORTED, "%s: %s: not supported yet", r->path, e->name);
}

void lectern_reader_zip_close(lectern_reader *r)
{
    (void)r;
}
