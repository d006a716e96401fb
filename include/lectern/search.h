/* Full-text search over a loaded course, for the player's `/` screen and
 * tools: titles, subtitles, texts, bullets, columns, captions, alt text,
 * notes, facilitator notes and exercise prompts and options, in every
 * language. Matching ignores case and diacritics (the fill-in answer
 * normalisation of quiz.h: "Trafic" finds "trafic", "e" finds "é").
 *
 *   lectern_search_index *ix;
 *   if (lectern_search_index_build(course, &ix, &err) < 0) ...
 *   lectern_search_opts o = { .lang = "fr", .audience = 1 };
 *   lectern_search_results *res;
 *   lectern_search_query(ix, "passeport", &o, &res, &err);
 *   for (size_t i = 0; i < res->n; i++)
 *       printf("%zu %s: %s\n", res->hits[i].item,
 *              lectern_search_field_name(res->hits[i].field), res->hits[i].snippet);
 *   lectern_search_results_free(res);
 *   lectern_search_index_free(ix);
 */
#ifndef LECTERN_SEARCH_H
#define LECTERN_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/course.h"
#include "lectern/error.h"

/* Where a hit is. Lower values rank first when scores tie. */
typedef enum {
    LECTERN_SEARCH_TITLE = 0,         /* item title */
    LECTERN_SEARCH_MODULE_TITLE,      /* module title: the hit's item is the module's first */
    LECTERN_SEARCH_SUBTITLE,
    LECTERN_SEARCH_TEXT,              /* paragraph, quote, column text */
    LECTERN_SEARCH_BULLET,            /* any bullet, columns included */
    LECTERN_SEARCH_HEADING,           /* two_columns column heading */
    LECTERN_SEARCH_CAPTION,
    LECTERN_SEARCH_ALT,               /* image alt text (imported decks keep page text here) */
    LECTERN_SEARCH_PROMPT,            /* exercise prompt, fill-in text, scenario step text */
    LECTERN_SEARCH_OPTION,            /* exercise option, pair, sequence entry, scenario choice */
    LECTERN_SEARCH_NOTES,             /* speaker notes */
    LECTERN_SEARCH_FACILITATOR,       /* facilitator notes and exercise discussion: trainer only */
    LECTERN_SEARCH_DESCRIPTION,       /* module description: the hit's item is the module's first */
    LECTERN_SEARCH_CUE,               /* a video's subtitle cue: time_ms says when */
    LECTERN_SEARCH_PLAN,              /* lesson plan or segment title: trainer only */
    LECTERN_SEARCH_PLAN_NOTES,        /* segment notes, instructions, materials: trainer only */
    LECTERN_SEARCH_FIELD_COUNT
} lectern_search_field;

/* "title", "module_title", "subtitle", "text", "bullet", "heading",
 * "caption", "alt", "prompt", "option", "notes", "facilitator_notes",
 * "description", "subtitle_cue", "plan", "plan_notes"; NULL out of range. */
const char *lectern_search_field_name(lectern_search_field f);
/* 1 for fields never shown on the audience view (facilitator notes,
 * exercise discussion prompts and lesson-plan texts). */
int lectern_search_field_private(lectern_search_field f);

typedef struct lectern_search_index lectern_search_index;

/* Indexes every text of `c`: items, module titles and descriptions, lesson
 * plans (plan and segment titles, notes, instructions, materials: a hit goes
 * to the segment's first item, else the nearest segment's that has items)
 * and the cues of every subtitle track, read through the course's reader
 * (the caller serialises the reader if other threads use it). The index
 * points into the course's strings: close the course only after
 * lectern_search_index_free. Fails only with LECTERN_ENOMEM (an exercise
 * whose JSON does not parse and a subtitle file that does not load are
 * skipped; check reports them). */
int lectern_search_index_build(const lectern_course *c, lectern_search_index **out,
                               lectern_error *err);
void lectern_search_index_free(lectern_search_index *ix);
/* Number of indexed strings (every language counted). */
size_t lectern_search_index_size(const lectern_search_index *ix);

typedef struct lectern_search_opts {
    const char *lang;   /* NULL: every language; else only the string each text shows
                           in this language (lectern_text_get with the course's
                           default language as fallback), and the cues of the
                           subtitle track the player picks for it by the same rule */
    int audience;       /* 1: leave out facilitator-only fields (the projector's view) */
    size_t max_hits;    /* 0: 200 */
    int all_fields;     /* 0: one hit per item (its best); 1: every matching field */
} lectern_search_opts;

typedef struct lectern_search_hit {
    size_t item;                /* index in the course's flat item list */
    lectern_search_field field;
    int is_private;             /* lectern_search_field_private(field) */
    const char *lang;           /* language of the matching string; "" for a plain string */
    size_t sub;                 /* which bullet/option/... within the field, from 0 */
    char *snippet;              /* UTF-8: the match with some context, on one line,
                                   "…" where text was cut; owned by the results */
    size_t match_off;           /* byte offset of the match in snippet */
    size_t match_len;           /* byte length of the match in snippet */
    int score;                  /* higher is better; hits are sorted by it */
    int64_t time_ms;            /* LECTERN_SEARCH_CUE: the cue's start; else -1 */
    const lectern_plan *plan;   /* LECTERN_SEARCH_PLAN(_NOTES): the plan; else NULL */
    const lectern_segment *segment;  /* ... and its segment (NULL for the plan's title) */
} lectern_search_hit;

typedef struct lectern_search_results {
    lectern_search_hit *hits;
    size_t n;
    size_t total;               /* matches before max_hits cut the list */
} lectern_search_results;

/* Searches for `query`: every word of it must occur (after normalising
 * case, diacritics and spaces) in one string; the whole phrase scores
 * higher, a match at a word start higher than inside a word, and the field
 * order above breaks ties (titles first), then course order. An empty
 * query gives no hits. Caller frees *out with lectern_search_results_free.
 * Fails with LECTERN_EINVAL (NULL arguments) or LECTERN_ENOMEM. */
int lectern_search_query(const lectern_search_index *ix, const char *query,
                         const lectern_search_opts *opts, lectern_search_results **out,
                         lectern_error *err);
void lectern_search_results_free(lectern_search_results *res);

/* Normalises s for matching and records, for each output byte, the byte
 * offset in s it came from (map gets strlen(result) + 1 entries, the last
 * one strlen(s)); map may be NULL. Same folding as lectern_quiz_normalize,
 * but spaces are kept (runs collapsed to one) so offsets stay meaningful.
 * Returns a malloc'd string, NULL when out of memory. */
char *lectern_search_normalize(const char *s, size_t **map);

#endif
