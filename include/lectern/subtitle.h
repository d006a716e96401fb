/* Sidecar subtitles for video items: SRT and WebVTT files parsed into cues
 * (start, end, plain text) and looked up by playback time. Pure C, no
 * rendering: the player draws the text of the active cues.
 *
 *   lectern_subtitles *s;
 *   if (lectern_subtitles_load(reader, "media/intro.en.vtt", &s, &err) < 0) ...
 *   const lectern_cue *c[4];
 *   size_t n = lectern_subtitles_active(s, pos_ms, c, 4);   // c[0..n) in start order
 *   lectern_subtitles_free(s);
 *
 * Parsing is tolerant: a UTF-8 BOM, CRLF or CR line ends, SRT times with '.'
 * and WebVTT times without hours are accepted. A malformed cue (bad timing
 * line, end before start, text too long) is skipped with a warning naming
 * file:line (logged under the "subtitle" tag and counted); the rest of the
 * file still loads. Markup is reduced to plain text: tags (<b>, <i>,
 * <c.x>, <v Name>, <00:01.000>, <font ...>) and SRT {\an8} overrides are
 * removed, the entities &amp; &lt; &gt; &nbsp; &lrm; &rlm; are decoded,
 * invalid UTF-8 bytes become U+FFFD. Lines of a cue are joined by '\n'. */
#ifndef LECTERN_SUBTITLE_H
#define LECTERN_SUBTITLE_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/error.h"
#include "lectern/limits.h"
#include "lectern/reader.h"


typedef enum {
    LECTERN_SUBTITLE_AUTO = 0,  /* WebVTT when the text starts with "WEBVTT", else SRT */
    LECTERN_SUBTITLE_SRT,
    LECTERN_SUBTITLE_VTT
} lectern_subtitle_format;

typedef struct lectern_cue {
    int64_t start_ms;           /* shown from start_ms ... */
    int64_t end_ms;             /* ... until before end_ms (end_ms > start_ms) */
    char *text;                 /* plain UTF-8, lines joined by '\n'; owned */
    int line;                   /* 1-based line of the timing line in the file */
} lectern_cue;

typedef struct lectern_subtitles lectern_subtitles;

/* Parses `len` bytes of subtitle text. `name` (may be NULL) names the file
 * in warnings and errors. Cues come out sorted by start time (stable).
 * Fails with LECTERN_ELIMIT when the data is larger than
 * LECTERN_SUBTITLE_MAX_BYTES or holds more than LECTERN_SUBTITLE_MAX_CUES
 * cues, LECTERN_EFORMAT when a VTT file lacks its WEBVTT header (format
 * VTT forced) or when nothing at all looks like a cue in a non-empty file,
 * LECTERN_ENOMEM. An empty file (or header only) gives zero cues. On
 * failure *out is NULL. The caller frees *out with lectern_subtitles_free. */
int lectern_subtitles_parse(const char *data, size_t len, const char *name,
                            lectern_subtitle_format format, lectern_subtitles **out,
                            lectern_error *err);

/* Reads `path` through the course reader and parses it (format from the
 * content). Errors name the path; LECTERN_ENOTFOUND when it is absent. */
int lectern_subtitles_load(lectern_reader *r, const char *path, lectern_subtitles **out,
                           lectern_error *err);

/* Frees the cues. NULL is fine. */
void lectern_subtitles_free(lectern_subtitles *s);

/* Number of cues and the i-th one (sorted by start; NULL when out of range). */
size_t lectern_subtitles_count(const lectern_subtitles *s);
const lectern_cue *lectern_subtitles_cue(const lectern_subtitles *s, size_t i);

/* The format that was parsed (SRT or VTT). */
lectern_subtitle_format lectern_subtitles_format(const lectern_subtitles *s);

/* Cues skipped with a warning, and the first warning's text ("" if none),
 * e.g. "media/a.srt:12: bad timing line, cue skipped". */
size_t lectern_subtitles_n_warnings(const lectern_subtitles *s);
const char *lectern_subtitles_first_warning(const lectern_subtitles *s);

/* The cues showing at time ms (start <= ms < end), oldest start first: at
 * most `max` are written to out (when more are showing, the `max` that
 * started last), the count written is returned. Binary search: O(log n +
 * overlapping cues). */
size_t lectern_subtitles_active(const lectern_subtitles *s, int64_t ms,
                                const lectern_cue **out, size_t max);

/* The cue showing at ms that started last, or NULL. */
const lectern_cue *lectern_subtitles_at(const lectern_subtitles *s, int64_t ms);

/* Index of the first cue starting after ms (count when none): for
 * "next subtitle" and for tests. */
size_t lectern_subtitles_next(const lectern_subtitles *s, int64_t ms);

#endif
