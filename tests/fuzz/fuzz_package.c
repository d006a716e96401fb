/* libFuzzer target: the package reader (zip central directory, mimetype,
 * lectern.json manifest, entry names, sizes, hashes), verify and extract.
 * Two input shapes:
 *   - anything not starting with '{' is the .lectern file itself;
 *   - '{...}' is a lectern.json, optionally followed by "=== NAME" files
 *     (fuzz_common.h): the manifest is parsed alone and serialised back,
 *     then a package is written around it (mimetype, lectern.json, the
 *     files) so the reader checks a fuzzed manifest against real entries. */
#include "fuzz_common.h"

#include <fcntl.h>

#include "lectern/course.h"
#include "lectern/package.h"
#include "lectern/reader.h"
#include "reader_internal.h"
#include "zip_write.h"

static char pkg[700], out_dir[700], files_dir[700];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    const char *s = fuzz_scratch_dir();
    snprintf(pkg, sizeof pkg, "%s/in.lectern", s);
    snprintf(out_dir, sizeof out_dir, "%s/out", s);
    snprintf(files_dir, sizeof files_dir, "%s/files", s);
    return 0;
}

/* The manifest alone: parse, serialise, parse again: same manifest. */
static void manifest_roundtrip(const char *json, size_t len)
{
    lectern_manifest m, m2;
    lectern_error err;
    memset(&m, 0, sizeof m);
    memset(&m2, 0, sizeof m2);
    if (lectern_manifest_parse(json, len, &m, &err) < 0) {
        fuzz_debug("manifest", err.msg);
        lectern_manifest_free(&m);
        return;
    }
    char *txt = lectern_manifest_to_json(&m);
    if (txt) {
        if (lectern_manifest_parse(txt, strlen(txt), &m2, &err) < 0) {
            fprintf(stderr, "manifest does not re-parse: %s\n%s\n", err.msg, txt);
            abort();
        }
        if (m2.n_files != m.n_files || m2.n_removed != m.n_removed)
            abort();
        for (size_t i = 0; i < m.n_files; i++) {
            if (strcmp(m.files[i].path, m2.files[i].path) != 0 || m.files[i].size != m2.files[i].size ||
                strcmp(m.files[i].sha256, m2.files[i].sha256) != 0)
                abort();
            if (lectern_manifest_find(&m, m.files[i].path) != &m.files[i])
                abort();
        }
        lectern_manifest_free(&m2);
        free(txt);
    }
    lectern_manifest_free(&m);
}

/* Writes mimetype, lectern.json (the first mlen bytes of the input) and the
 * "=== NAME" files after it into pkg. 0 or -1. */
static int write_package(const uint8_t *data, size_t size, size_t mlen)
{
    const uint8_t *m = data;
    fuzz_rmtree(files_dir, 1);
    fuzz_write_files(files_dir, data + mlen, size - mlen, NULL, NULL);
    int fd = open(pkg, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    lectern_error err;
    lectern_zipw *w = lectern_zipw_new(fd);
    int rc = w ? 0 : -1;
    if (rc == 0)
        rc = lectern_zipw_add_buffer(w, "mimetype", LECTERN_MIMETYPE, strlen(LECTERN_MIMETYPE), 0, &err);
    if (rc == 0)
        rc = lectern_zipw_add_buffer(w, LECTERN_MANIFEST, m, mlen, 1, &err);
    /* the files in name order, as build writes them */
    lectern_reader *r = NULL;
    if (rc == 0 && lectern_reader_open(files_dir, 0, &r, &err) == 0) {
        for (size_t i = 0; rc == 0 && i < lectern_reader_count(r); i++) {
            const char *name = lectern_reader_entry(r, i)->name;
            void *buf = NULL;
            size_t n = 0;
            if (lectern_reader_read(r, name, &buf, &n, &err) == 0)
                rc = lectern_zipw_add_buffer(w, name, buf, n, !lectern_is_stored_ext(name), &err);
            free(buf);
        }
        lectern_reader_close(r);
    }
    if (rc == 0)
        rc = lectern_zipw_finish(w, &err);
    lectern_zipw_free(w);
    close(fd);
    return rc < 0 ? -1 : 0;
}

static void read_package(void)
{
    lectern_reader *r = NULL;
    lectern_error err;
    for (int flags = 0; flags <= LECTERN_READER_VERIFY; flags += LECTERN_READER_VERIFY) {
        if (lectern_reader_open(pkg, flags, &r, &err) < 0) {
            fuzz_debug("open", err.msg);
            continue;
        }
        for (size_t i = 0; i < lectern_reader_count(r); i++) {
            const lectern_entry_info *e = lectern_reader_entry(r, i);
            if (lectern_reader_find(r, e->name) != e)
                abort();
            void *buf = NULL;
            size_t n = 0;
            if (lectern_reader_read(r, e->name, &buf, &n, &err) == 0) {
                if (n != e->size)
                    abort();    /* the size read must be the size listed */
                fuzz_sink += n;
            }
            free(buf);
            lectern_stream *s = NULL;
            if (i < 4 && lectern_stream_open(r, e->name, &s, &err) == 0) {
                char tmp[512];
                long long got;
                while ((got = lectern_stream_read(s, tmp, sizeof tmp)) > 0)
                    fuzz_sink += (size_t)got;
                if (lectern_stream_size(s) > 3 && lectern_stream_seek(s, lectern_stream_size(s) / 3) == 0)
                    fuzz_sink += (size_t)lectern_stream_read(s, tmp, sizeof tmp);
                lectern_stream_close(s);
            }
        }
        fuzz_sink += strlen(lectern_reader_note(r));
        if (flags == 0) {
            lectern_course *c = NULL;
            if (lectern_course_load(r, &c, &err) == 0)
                fuzz_sink += lectern_course_n_items(c);
            else
                fuzz_debug("course", err.msg);
            lectern_course_close(c);
        }
        lectern_reader_close(r);
    }
    lectern_verify_report rep;
    if (lectern_package_verify(pkg, &rep, &err) < 0)
        fuzz_debug("verify", err.msg);
    if (lectern_package_extract(pkg, out_dir, &err) == 0)
        fuzz_sink++;
    fuzz_rmtree(out_dir, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    if (size > 0 && data[0] == '{') {
        size_t mlen = size;
        for (size_t i = 0; i + 5 <= size; i++)
            if (data[i] == '\n' && memcmp(data + i + 1, "=== ", 4) == 0) {
                mlen = i + 1;
                break;
            }
        manifest_roundtrip((const char *)data, mlen);
        if (write_package(data, size, mlen) < 0)
            return 0;
    } else if (fuzz_write(fuzz_scratch_dir(), "in.lectern", data, size) < 0) {
        return 0;
    }
    read_package();
    return 0;
}
