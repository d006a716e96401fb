/* Private to the quiz module (quiz*.c): the model and attempt structs and the
 * helpers the parse, attempt, score and check files share. */
#ifndef LECTERN_QUIZ_INTERNAL_H
#define LECTERN_QUIZ_INTERNAL_H

#include <cjson/cJSON.h>
#include "lectern/quiz.h"

#define QUIZ_MAX_ITEMS 200      /* options, pairs, entries, blanks, steps, questions */
#define QUIZ_MAX_PATH 256       /* scenario steps one attempt may visit */

struct lectern_quiz {
    lectern_quiz_kind kind;
    char *id;
    lectern_text prompt;
    lectern_text text;          /* fill_blank */
    lectern_text discussion;
    lectern_text fb_pass, fb_fail, fb_general;
    lectern_quiz_band *bands;
    size_t n_bands;
    int has_pass_mark;
    double pass_mark_raw;       /* as given */
    int has_pass_percent;
    double pass_percent;
    int retries;                /* -1 unlimited */
    int show_solution;
    int shuffle;
    int feedback_required;
    int has_countdown;
    double countdown_s;         /* classroom group-work timer, seconds */

    lectern_quiz_option *options;
    size_t n_options;
    int answer;                 /* true_false: -1 none */
    lectern_quiz_pair *pairs;
    size_t n_pairs;
    lectern_quiz_entry *entries;
    size_t n_entries;
    lectern_quiz_blank *blanks;
    size_t n_blanks;
    lectern_quiz_step *steps;
    size_t n_steps;
    char *start;                /* scenario start id (NULL: first step) */
    long start_index;
    lectern_quiz *questions;    /* set: array of n_questions models */
    size_t n_questions;
};

struct lectern_quiz_attempt {
    const lectern_quiz *q;
    int try_no;
    int64_t begin_ms, submit_ms;
    int submitted;
    size_t *shown;              /* display order (n_shown) */
    size_t n_shown;
    int *selected;              /* choice kinds: per option */
    int tf;                     /* true_false: -1 none */
    long *match;                /* matching: per left, right index or -1 */
    size_t *order;              /* ordering: learner's order */
    char **fills;               /* fill_blank: per blank, NULL = empty */
    size_t *path;               /* scenario: visited steps */
    long *path_choice;          /* scenario: choice taken at each visited step */
    size_t n_path;
    char *text;                 /* reflection */
    lectern_quiz_attempt *sub;  /* set: one attempt per question */
    size_t n_sub;
};

/* Turns a string or a {"lang": "string"} object into a lectern_text.
 * Returns 0, LECTERN_ESCHEMA (message "<what>: expected ...", no prefix) or
 * LECTERN_ENOMEM. */
int quiz_text_parse(const cJSON *node, lectern_text *out, lectern_error *err);
void quiz_text_free(lectern_text *t);
/* The first string, or "" (texts are non-NULL). */
const char *quiz_text_first(const lectern_text *t);

/* Frees the contents of a model (not the struct itself). */
void quiz_model_clear(lectern_quiz *q);

/* Parses one exercise object into *q (zeroed by the caller). `path` is the
 * JSON path of the object ("exercise", "exercise.questions[1]"). */
int quiz_parse_object(const cJSON *obj, const char *item_id, const char *qid,
                      const char *path, int allow_set, lectern_quiz *q,
                      lectern_error *err);

/* Default option/right/entry id for index i: "a".."z", then "a27"... */
void quiz_letter_id(size_t i, char *buf, size_t size);

#endif
