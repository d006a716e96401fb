/* Exercises: parse an item's "exercise" object, run one attempt (responses,
 * seeded shuffling, scenario steps), score it as a pure function, and check
 * it for authoring mistakes. No clock and no I/O: times are passed in.
 * The JSON schema is specified in courses/README.md ("Exercise kinds").
 *
 *   lectern_quiz *q;
 *   if (lectern_quiz_parse(item->exercise_json, item->id, &q, &err) < 0) ...
 *   lectern_quiz_attempt *a;
 *   lectern_quiz_attempt_begin(q, lectern_quiz_seed(item->id, try_no), now_ms, &a);
 *   for (size_t p = 0; p < lectern_quiz_n_options(q); p++)
 *       draw(lectern_quiz_get_option(q, lectern_quiz_attempt_shown(a, p)));
 *   lectern_quiz_select(a, 2, 1);               // authored index, not position
 *   lectern_quiz_attempt_submit(a, later_ms);
 *   lectern_quiz_result r;
 *   lectern_quiz_score(q, a, &r);               // r.success, r.scaled, r.response ...
 *   lectern_quiz_result_free(&r);
 *   lectern_quiz_attempt_free(a);
 *   lectern_quiz_free(q);
 *
 * Every index a setter takes or a getter returns is an AUTHORED index (the
 * position in the JSON arrays); lectern_quiz_attempt_shown maps a display
 * position to an authored index, so scoring never depends on the shuffle. */
#ifndef LECTERN_QUIZ_H
#define LECTERN_QUIZ_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/course.h"
#include "lectern/error.h"
#include "lectern/progress.h"

typedef enum {
    LECTERN_QUIZ_SINGLE_CHOICE = 0,
    LECTERN_QUIZ_MULTIPLE_RESPONSE,
    LECTERN_QUIZ_TRUE_FALSE,
    LECTERN_QUIZ_MATCHING,
    LECTERN_QUIZ_ORDERING,
    LECTERN_QUIZ_FILL_BLANK,
    LECTERN_QUIZ_SCENARIO,
    LECTERN_QUIZ_REFLECTION,
    LECTERN_QUIZ_SET,
    LECTERN_QUIZ_KIND_COUNT
} lectern_quiz_kind;

/* xAPI / SCORM interaction types: the progress store's enum
 * (LECTERN_INTERACTION_CHOICE ... _OTHER), so a result maps straight onto a
 * lectern_attempt:
 *   lectern_attempt at = { r.response, r.scaled, r.success, r.duration_ms, r.interaction }; */
typedef lectern_interaction lectern_quiz_interaction;

/* "single_choice", ... ; NULL when out of range. */
const char *lectern_quiz_kind_name(lectern_quiz_kind k);
/* The kind for a name, or -1. */
int lectern_quiz_kind_from_name(const char *name);
/* "choice", "true-false", "matching", "sequencing", "fill-in",
 * "long-fill-in", "other" (the xAPI interactionType); NULL when out of range. */
const char *lectern_quiz_interaction_name(lectern_quiz_interaction t);

/* ---- the model (read-only after parse; owned by the lectern_quiz) ---- */

typedef struct lectern_quiz_option {
    char *id;               /* "a", "b", ... unless the author gave "id" */
    lectern_text text;
    int correct;
    lectern_text feedback;  /* n == 0 when absent */
} lectern_quiz_option;

typedef struct lectern_quiz_pair {
    char *left_id;          /* "1", "2", ... unless "left_id" given */
    char *right_id;         /* "a", "b", ... unless "right_id" given */
    lectern_text left;
    lectern_text right;
} lectern_quiz_pair;

typedef struct lectern_quiz_entry {   /* one element of an ordering sequence */
    char *id;               /* "a", "b", ... in the correct order, unless given */
    lectern_text text;
} lectern_quiz_entry;

typedef struct lectern_quiz_blank {
    lectern_text_entry *accept;  /* accepted answers; lang "" = any language */
    size_t n_accept;
    lectern_text feedback;
} lectern_quiz_blank;

typedef struct lectern_quiz_choice {  /* a scenario branch */
    lectern_text text;
    char *next;             /* step id */
    long next_index;        /* step index, -1 when the id is unknown */
    lectern_text feedback;
} lectern_quiz_choice;

typedef struct lectern_quiz_step {
    char *id;
    lectern_text text;
    lectern_quiz_choice *choices;
    size_t n_choices;
    int ending;
    int has_score;          /* 0: ending without "score" (scores 0; check flags it) */
    double score;
    lectern_text feedback;
} lectern_quiz_step;

typedef struct lectern_quiz_band {
    double min;             /* 0..1 on the scaled score */
    lectern_text text;
} lectern_quiz_band;

typedef struct lectern_quiz lectern_quiz;

/* Parses an "exercise" object (JSON text) into a new model. item_id names the
 * item in messages ("m1-q1: exercise.options[2].text: ..."). Fails with
 * LECTERN_EJSON (syntax), LECTERN_ESCHEMA (missing field, wrong type),
 * LECTERN_EUNSUPPORTED (unknown kind) or LECTERN_ENOMEM; *out is NULL then.
 * Parsing is lenient about the answer key (a true_false without "answer"
 * parses): lectern_quiz_check reports those. Free with lectern_quiz_free. */
int lectern_quiz_parse(const char *json, const char *item_id, lectern_quiz **out,
                       lectern_error *err);
void lectern_quiz_free(lectern_quiz *q);

lectern_quiz_kind lectern_quiz_get_kind(const lectern_quiz *q);
lectern_quiz_interaction lectern_quiz_get_interaction(const lectern_quiz *q);
/* The item id; for a question in a set "item/qid" (qid: "id" or q1, q2 ...). */
const char *lectern_quiz_id(const lectern_quiz *q);
const lectern_text *lectern_quiz_prompt(const lectern_quiz *q);
/* fill_blank: the text with "___" markers (runs of 3+ underscores). */
const lectern_text *lectern_quiz_blank_text(const lectern_quiz *q);
/* Discussion prompt for the trainer's view (classroom mode). */
const lectern_text *lectern_quiz_discussion(const lectern_quiz *q);
/* Overall feedback: shown on success / failure / always (each may be absent). */
const lectern_text *lectern_quiz_feedback_pass(const lectern_quiz *q);
const lectern_text *lectern_quiz_feedback_fail(const lectern_quiz *q);
const lectern_text *lectern_quiz_feedback_general(const lectern_quiz *q);
size_t lectern_quiz_n_bands(const lectern_quiz *q);            /* sorted by min */
const lectern_quiz_band *lectern_quiz_get_band(const lectern_quiz *q, size_t i);

/* Raw points a full answer earns (options correct, pairs, entries, blanks,
 * best ending, or questions in a set); 0 for reflection. */
double lectern_quiz_max_score(const lectern_quiz *q);
/* Raw points needed to pass ("pass_mark", or pass_percent of max, default
 * max). */
double lectern_quiz_pass_mark(const lectern_quiz *q);
/* Retries after the first try; -1 = unlimited (the default). */
int lectern_quiz_retries(const lectern_quiz *q);
int lectern_quiz_show_solution(const lectern_quiz *q);   /* default 1 */
int lectern_quiz_shuffle(const lectern_quiz *q);         /* choice kinds; default 1 */
/* Classroom mode: the optional countdown for group work, in seconds ("countdown");
 * 0 when the author gave none. */
double lectern_quiz_countdown(const lectern_quiz *q);

size_t lectern_quiz_n_options(const lectern_quiz *q);
const lectern_quiz_option *lectern_quiz_get_option(const lectern_quiz *q, size_t i);
/* true_false: 1 true, 0 false, -1 when the author gave no answer. */
int lectern_quiz_answer(const lectern_quiz *q);
size_t lectern_quiz_n_pairs(const lectern_quiz *q);
const lectern_quiz_pair *lectern_quiz_get_pair(const lectern_quiz *q, size_t i);
size_t lectern_quiz_n_entries(const lectern_quiz *q);    /* ordering, correct order */
const lectern_quiz_entry *lectern_quiz_get_entry(const lectern_quiz *q, size_t i);
size_t lectern_quiz_n_blanks(const lectern_quiz *q);
const lectern_quiz_blank *lectern_quiz_get_blank(const lectern_quiz *q, size_t i);
/* The first accepted answer of blank i for lang (else any); "" if none.
 * For show-solution and the trainer's key. */
const char *lectern_quiz_blank_solution(const lectern_quiz *q, size_t i, const char *lang);
size_t lectern_quiz_n_steps(const lectern_quiz *q);
const lectern_quiz_step *lectern_quiz_get_step(const lectern_quiz *q, size_t i);
long lectern_quiz_start_step(const lectern_quiz *q);      /* -1 when unknown */
long lectern_quiz_find_step(const lectern_quiz *q, const char *id);
size_t lectern_quiz_n_questions(const lectern_quiz *q);   /* set */
const lectern_quiz *lectern_quiz_question(const lectern_quiz *q, size_t i);

/* Finds blank markers (runs of 3+ '_') in s: up to max byte offsets and
 * lengths; returns the total number of markers (may exceed max). */
size_t lectern_quiz_blank_markers(const char *s, size_t *offs, size_t *lens, size_t max);

/* Answer normalisation for fill-in: case-folds (ASCII, Latin-1, Latin
 * Extended-A, Greek, Cyrillic), strips diacritics (é -> e, ß -> ss, Arabic
 * harakat U+064B-U+0652, superscript alef U+0670, tatweel U+0640, combining
 * marks U+0300-U+036F), maps curly quotes to straight ones, collapses
 * whitespace (incl. no-break spaces) and trims. Returns a malloc'd string
 * (NULL only when out of memory). */
char *lectern_quiz_normalize(const char *s);

/* A 64-bit seed from an item id and a salt (e.g. learner + try number);
 * FNV-1a, the same on every platform. */
uint64_t lectern_quiz_seed(const char *item_id, uint64_t salt);

/* ---- an attempt: one try at one exercise ---- */

typedef struct lectern_quiz_attempt lectern_quiz_attempt;

/* Starts try 1 of q, shuffling with `seed` (the same seed gives the same
 * order). begin_ms is the caller's clock (never read here). q must outlive
 * the attempt. Fails with LECTERN_ENOMEM. Free with lectern_quiz_attempt_free. */
int lectern_quiz_attempt_begin(const lectern_quiz *q, uint64_t seed, int64_t begin_ms,
                               lectern_quiz_attempt **out);
void lectern_quiz_attempt_free(lectern_quiz_attempt *a);
/* Clears the responses and starts the next try with a new seed. Fails with
 * LECTERN_ELIMIT when no retries are left (the attempt is unchanged). */
int lectern_quiz_attempt_retry(lectern_quiz_attempt *a, uint64_t seed, int64_t begin_ms);
/* Sets the try number (1-based), e.g. when resuming from the progress store. */
int lectern_quiz_attempt_set_try(lectern_quiz_attempt *a, int try_no);
int lectern_quiz_attempt_try(const lectern_quiz_attempt *a);
const lectern_quiz *lectern_quiz_attempt_quiz(const lectern_quiz_attempt *a);
/* How many things are shown in shuffled order (options, matching rights,
 * ordering entries as first presented) and which authored index is shown at
 * display position pos. Identity for kinds without shuffling. */
size_t lectern_quiz_attempt_n_shown(const lectern_quiz_attempt *a);
size_t lectern_quiz_attempt_shown(const lectern_quiz_attempt *a, size_t pos);
/* Records the submit time; later setters fail with LECTERN_EINVAL. */
int lectern_quiz_attempt_submit(lectern_quiz_attempt *a, int64_t submit_ms);
int lectern_quiz_attempt_submitted(const lectern_quiz_attempt *a);
/* A set's question attempt (owned by the set attempt), or NULL. */
lectern_quiz_attempt *lectern_quiz_attempt_question(lectern_quiz_attempt *a, size_t i);

/* Setters: 0, or LECTERN_EINVAL for a wrong kind, an index out of range or a
 * submitted attempt. Indices are authored indices. */
/* single_choice: on=1 selects option i and deselects the others; on=0 clears.
 * multiple_response: toggles option i on or off. */
int lectern_quiz_select(lectern_quiz_attempt *a, size_t option, int on);
int lectern_quiz_selected(const lectern_quiz_attempt *a, size_t option);
/* true_false: value 0/1; -1 clears. */
int lectern_quiz_set_bool(lectern_quiz_attempt *a, int value);
int lectern_quiz_get_bool(const lectern_quiz_attempt *a);    /* -1: no answer */
/* matching: left pair i gets right pair j (-1 clears); a right is used by
 * one left at most, so j is taken away from any other left. */
int lectern_quiz_match(lectern_quiz_attempt *a, size_t left, long right);
long lectern_quiz_matched(const lectern_quiz_attempt *a, size_t left);
/* ordering: the learner's order as authored entry indices (a permutation of
 * 0..n-1). The attempt starts with the shuffled order (never the answer when
 * n >= 2). move takes the entry at position from to position to. */
int lectern_quiz_set_order(lectern_quiz_attempt *a, const size_t *order, size_t n);
int lectern_quiz_move(lectern_quiz_attempt *a, size_t from, size_t to);
size_t lectern_quiz_order_at(const lectern_quiz_attempt *a, size_t pos);
/* fill_blank: the typed text for blank i (copied; NULL clears). */
int lectern_quiz_fill(lectern_quiz_attempt *a, size_t blank, const char *text);
const char *lectern_quiz_filled(const lectern_quiz_attempt *a, size_t blank); /* "" */
/* scenario: takes choice c of the current step. LECTERN_ENOTFOUND when the
 * choice leads to an unknown step, LECTERN_EINVAL at an ending,
 * LECTERN_ELIMIT after 256 steps. */
int lectern_quiz_choose(lectern_quiz_attempt *a, size_t choice);
long lectern_quiz_current_step(const lectern_quiz_attempt *a); /* -1: none */
/* The steps visited so far (the start first, the current step last) and the
 * choice taken at each (-1 at the current step); e.g. to show the feedback of
 * the last choice: step(len-2).choices[choice(len-2)].feedback. */
size_t lectern_quiz_path_len(const lectern_quiz_attempt *a);
long lectern_quiz_path_step(const lectern_quiz_attempt *a, size_t i);    /* -1 out of range */
long lectern_quiz_path_choice(const lectern_quiz_attempt *a, size_t i);  /* -1 none */
int lectern_quiz_scenario_ended(const lectern_quiz_attempt *a);
/* reflection: the learner's text (copied). */
int lectern_quiz_set_text(lectern_quiz_attempt *a, const char *text);
const char *lectern_quiz_get_text(const lectern_quiz_attempt *a);            /* "" */

/* Replaces the responses with the answer key: the correct options, the
 * answer, every pair matched, the correct order, the first accepted answer of
 * each blank for lang, the shortest path to the best-scoring ending (a
 * reflection stays empty). For the classroom "reveal" and scripted runs.
 * LECTERN_EINVAL once submitted. */
int lectern_quiz_attempt_fill_key(lectern_quiz_attempt *a, const char *lang);

/* ---- scoring ---- */

/* One judged part: an option (choice kinds, authored order), a left item
 * (matching), a position (ordering), a blank, a visited step (scenario) or a
 * question (set). Pointers point into the model. */
typedef struct lectern_quiz_part {
    size_t index;           /* authored index of the option/pair/blank/step/question;
                               ordering: the position */
    long response;          /* matching: right chosen; ordering: entry placed
                               here; scenario: choice taken (-1 at the last step);
                               -1 when none */
    int selected;           /* choice kinds: the learner selected it */
    int key;                /* choice kinds: the option is correct in the key */
    int right;              /* this part of the response is right */
    const lectern_text *feedback;  /* option/blank/choice feedback, or NULL */
} lectern_quiz_part;

typedef struct lectern_quiz_result {
    lectern_quiz_kind kind;
    lectern_quiz_interaction interaction;
    const char *id;         /* lectern_quiz_id */
    int scored;             /* 0 for reflection (not scored) */
    int answered;           /* the learner gave some response */
    int completed;          /* fully answered (scenario: an ending reached) */
    double raw, max, scaled;/* scaled = raw / max in 0..1 (0 when max is 0) */
    double pass_mark;       /* raw points needed */
    int success;            /* raw >= pass_mark (reflection: completed) */
    const lectern_text *feedback;       /* pass or fail feedback, or NULL */
    const lectern_text *general_feedback; /* or NULL */
    const lectern_text *band_feedback;  /* band with the highest min <= scaled, or NULL */
    int try_no;             /* 1-based */
    int retries_left;       /* -1 = unlimited */
    int can_retry;          /* not succeeded and retries left */
    int show_solution;      /* allowed now: author allows it and the learner
                               passed or has no retries left */
    char *response;         /* xAPI response: "a[,]c", "1[.]b[,]2[.]a",
                               "true", "c[,]a[,]b", "means[,]act", path of
                               step ids "s1[,]s2[,]end"; "" when none */
    char *correct_response; /* xAPI correct-response pattern, "" for
                               scenario, reflection and set */
    int64_t duration_ms;    /* submit - begin; 0 before submit */
    long ending;            /* scenario: step index of the ending, or -1 */
    lectern_quiz_part *parts;
    size_t n_parts;
    struct lectern_quiz_result *questions;  /* set: one result per question */
    size_t n_questions;
} lectern_quiz_result;

/* Scores attempt a of q into *r (a pure function of q and a). r owns its
 * strings and arrays: free with lectern_quiz_result_free. Fails with
 * LECTERN_EINVAL (a is not an attempt of q) or LECTERN_ENOMEM (r is then
 * empty and safe to free). */
int lectern_quiz_score(const lectern_quiz *q, const lectern_quiz_attempt *a,
                       lectern_quiz_result *r);
void lectern_quiz_result_free(lectern_quiz_result *r);

/* Writes an ISO 8601 duration ("PT1M5.25S", "PT0S") for xAPI. */
void lectern_quiz_duration_iso(int64_t ms, char *buf, size_t size);

/* ---- authoring checks (lectern-pack check) ---- */

/* Called once per problem: error 1 / warning 0; path is the JSON path from
 * the exercise object ("exercise.options[2]"); msg is the full message
 * ("m1-q1: exercise.options[2]: ... ; do ..."). */
typedef void (*lectern_quiz_diag_fn)(void *user, int error, const char *path,
                                     const char *msg);

/* Checks an "exercise" object for authoring mistakes (missing or
 * inconsistent key, duplicate options, scenario dead ends, loops and
 * unreachable steps, missing required feedback, pass mark out of range...).
 * Parse errors are reported through fn too. Returns the number of errors
 * (warnings are not counted), or LECTERN_ENOMEM / LECTERN_EINVAL. */
int lectern_quiz_check(const char *json, const char *item_id, lectern_quiz_diag_fn fn,
                       void *user);

#endif
