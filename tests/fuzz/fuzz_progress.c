/* libFuzzer target: importing progress (lectern_progress_import) from a
 * lectern-progress-events JSON export or, when the input starts with the
 * SQLite header, from another progress.sqlite. Each input goes into a fresh
 * copy of an empty store; after a successful import, importing the same
 * file again must add nothing, and the store must export (events, CSV,
 * xAPI) and re-import its own export. */
#include "fuzz_common.h"

#include "lectern/progress.h"

static char tmpl[700], store[700], in[700], out[700];
static char *tmpl_bytes;
static size_t tmpl_len;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = b ? (size_t)n : 0;
    return b;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    const char *s = fuzz_scratch_dir();
    snprintf(tmpl, sizeof tmpl, "%s/template.sqlite", s);
    snprintf(store, sizeof store, "%s/progress.sqlite", s);
    snprintf(in, sizeof in, "%s/in.json", s);
    snprintf(out, sizeof out, "%s/out.json", s);
    /* an empty store made once (schema and device id), copied per input */
    setenv("LECTERN_PROGRESS_JOURNAL", "delete", 1);
    lectern_progress *p = NULL;
    lectern_error err;
    if (lectern_progress_open_file(tmpl, &p, &err) < 0) {
        fprintf(stderr, "fuzz_progress: %s\n", err.msg);
        abort();
    }
    lectern_progress_close(p);
    tmpl_bytes = slurp(tmpl, &tmpl_len);
    if (!tmpl_bytes)
        abort();
    return 0;
}

static lectern_progress *fresh_store(void)
{
    char side[760];
    snprintf(side, sizeof side, "%s-journal", store);
    unlink(side);
    if (fuzz_write(fuzz_scratch_dir(), "progress.sqlite", tmpl_bytes, tmpl_len) < 0)
        abort();
    lectern_progress *p = NULL;
    lectern_error err;
    if (lectern_progress_open_file(store, &p, &err) < 0) {
        fprintf(stderr, "fuzz_progress: reopening the empty store: %s\n", err.msg);
        abort();
    }
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    if (fuzz_write(fuzz_scratch_dir(), "in.json", data, size) < 0)
        return 0;
    lectern_progress *p = fresh_store();
    lectern_import_stats st, st2;
    lectern_error err;
    int rc = lectern_progress_import(p, in, &st, &err);
    if (rc < 0)
        fuzz_debug("import", err.msg);
    if (rc == 0) {
        int64_t n = lectern_progress_n_events(p);
        if (st.events_added < 0 || st.events_added > n)
            abort();
        if (lectern_progress_import(p, in, &st2, &err) < 0 || st2.events_added != 0) {
            fprintf(stderr, "second import of the same file: %s, %lld events added\n",
                    err.msg, (long long)st2.events_added);
            abort();
        }
        if (lectern_progress_export_csv(p, out, &err) < 0 || lectern_progress_export_xapi(p, out, &err) < 0)
            abort();
        if (lectern_progress_export_events(p, out, &err) < 0)
            abort();
        /* the export imports again, adding nothing */
        if (lectern_progress_import(p, out, &st2, &err) < 0 || st2.events_added != 0) {
            fprintf(stderr, "re-importing the store's own export: %s, %lld events added\n",
                    err.msg, (long long)st2.events_added);
            abort();
        }
        if (lectern_progress_n_events(p) != n)
            abort();
    }
    lectern_progress_close(p);
    return 0;
}
