/* libFuzzer target: SRT and WebVTT subtitles. The input is parsed three
 * times (format detected, forced SRT, forced WebVTT); every cue must be
 * sorted, within limits and valid UTF-8, and the lookups by time must agree
 * with a plain scan of the cues (active: the last 8 showing, in start order). */
#include "fuzz_common.h"

#include "lectern/subtitle.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    return 0;
}

/* 1 when s is valid UTF-8 (the parser replaces bad bytes with U+FFFD). */
static int utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0 || (n == 1 && *p < 0xC2))
            return 0;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

static void check(const lectern_subtitles *s)
{
    size_t n = lectern_subtitles_count(s);
    int64_t probes[6] = {0, 1, 999, 61000, LECTERN_SUBTITLE_MAX_MS, -5};
    for (size_t i = 0; i < n; i++) {
        const lectern_cue *c = lectern_subtitles_cue(s, i);
        if (!c || !c->text || c->end_ms <= c->start_ms || c->start_ms < 0 ||
            c->end_ms > LECTERN_SUBTITLE_MAX_MS || strlen(c->text) > LECTERN_SUBTITLE_MAX_TEXT * 4) {
            fprintf(stderr, "bad cue %zu: %lld..%lld\n", i, (long long)c->start_ms, (long long)c->end_ms);
            abort();
        }
        if (!utf8_ok(c->text)) {
            fprintf(stderr, "cue %zu text is not UTF-8\n", i);
            abort();
        }
        if (i > 0 && lectern_subtitles_cue(s, i - 1)->start_ms > c->start_ms)
            abort();    /* sorted by start */
        if (i < 2) {
            probes[2 + i] = c->start_ms;
            probes[4] = c->end_ms - 1;
        }
    }
    if (lectern_subtitles_cue(s, n))
        abort();
    for (int k = 0; k < 6; k++) {
        int64_t ms = probes[k];
        const lectern_cue *out[8];
        size_t got = lectern_subtitles_active(s, ms, out, 8);
        /* a scan: the showing cues in order; active gives the last 8 of them */
        size_t want = 0;
        const lectern_cue *act[8], *last = NULL;
        for (size_t i = 0; i < n; i++) {
            const lectern_cue *c = lectern_subtitles_cue(s, i);
            if (c->start_ms <= ms && ms < c->end_ms) {
                act[want % 8] = c;
                want++;
                last = c;
            }
        }
        if (got != (want < 8 ? want : 8)) {
            fprintf(stderr, "active(%lld): %zu cues, a scan finds %zu\n", (long long)ms, got, want);
            abort();
        }
        for (size_t i = 0; i < got; i++)
            if (out[i] != act[(want - got + i) % 8]) {
                fprintf(stderr, "active(%lld)[%zu] is not the scan's cue\n", (long long)ms, i);
                abort();
            }
        if (lectern_subtitles_at(s, ms) != last) {
            fprintf(stderr, "at(%lld) disagrees with a scan\n", (long long)ms);
            abort();
        }
        size_t nx = lectern_subtitles_next(s, ms);
        if (nx > n || (nx < n && lectern_subtitles_cue(s, nx)->start_ms <= ms) ||
            (nx > 0 && nx <= n && lectern_subtitles_cue(s, nx - 1)->start_ms > ms))
            abort();
    }
    if (lectern_subtitles_n_warnings(s) && !lectern_subtitles_first_warning(s))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const lectern_subtitle_format fmts[3] = {
        LECTERN_SUBTITLE_AUTO, LECTERN_SUBTITLE_SRT, LECTERN_SUBTITLE_VTT};
    for (int f = 0; f < 3; f++) {
        lectern_subtitles *s = NULL;
        lectern_error err;
        if (lectern_subtitles_parse((const char *)data, size, "fuzz.vtt", fmts[f], &s, &err) == 0) {
            check(s);
            lectern_subtitles_free(s);
        } else if (s) {
            abort();    /* failure leaves *out NULL */
        }
    }
    return 0;
}
