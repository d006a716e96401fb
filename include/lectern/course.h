/* The course model: course.json, modules, items, lesson plans, loaded from a
 * lectern_reader. The model is read-only after load; all strings and arrays
 * are owned by the lectern_course and freed by lectern_course_close.
 * The file format is specified in courses/README.md.
 *
 *   lectern_course *c;
 *   if (lectern_course_load(reader, &c, &err) < 0) fprintf(stderr, "%s\n", err.msg);
 *   const lectern_item *it = lectern_course_find_item(c, "m1-intro");
 *   puts(lectern_text_get(&it->title, "fr", lectern_course_default_lang(c)));
 */
#ifndef LECTERN_COURSE_H
#define LECTERN_COURSE_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/error.h"
#include "lectern/limits.h"
#include "lectern/media.h"
#include "lectern/reader.h"

#define LECTERN_BULLET_LEVELS 3

/* A text that is either one plain string (lang "") or a per-language map. */
typedef struct lectern_text_entry {
    char *lang;   /* "" for a plain string */
    char *s;
} lectern_text_entry;

typedef struct lectern_text {
    lectern_text_entry *v;
    size_t n;     /* 0: field absent */
} lectern_text;

/* The string for `lang` (case-insensitive; else the same base language:
 * "fr" answers "fr-CA"); else the same for `fallback`; else the plain
 * string; else the first one; else "". Never NULL. lang and fallback may
 * be NULL. The string is owned by the text. */
const char *lectern_text_get(const lectern_text *t, const char *lang, const char *fallback);
/* 1 when the text has any non-empty string. */
int lectern_text_present(const lectern_text *t);

/* Copies into buf (n > 0 bytes) the longest start of s (NULL: "") that
 * fits in lim bytes and in buf, cut between UTF-8 characters, never inside
 * one (a "%.80s" that keeps whole letters). Returns buf. */
char *lectern_text_cut(const char *s, size_t lim, char *buf, size_t n);
/* The picture of an image or image_text slide in `lang`: the "image" map's
 * entry chosen like a text (lectern_text_get), or the plain path; NULL for
 * an item without a picture. Owned by the course. */
struct lectern_item;
const char *lectern_item_image(const struct lectern_item *it, const char *lang,
                               const char *fallback);

typedef enum {
    LECTERN_ITEM_SLIDE = 0,
    LECTERN_ITEM_VIDEO = 1,
    LECTERN_ITEM_EXERCISE = 2
} lectern_item_kind;

typedef enum {
    LECTERN_LAYOUT_TITLE = 0,
    LECTERN_LAYOUT_BULLETS,
    LECTERN_LAYOUT_IMAGE,
    LECTERN_LAYOUT_IMAGE_TEXT,
    LECTERN_LAYOUT_TWO_COLUMNS,
    LECTERN_LAYOUT_QUOTE,
    LECTERN_LAYOUT_SECTION,
    LECTERN_LAYOUT_COUNT
} lectern_layout;

/* "title", "bullets", ... ; NULL for an out-of-range value. */
const char *lectern_layout_name(lectern_layout l);

/* A bullet list flattened in reading order; level is 1..3. */
typedef struct lectern_bullet {
    int level;
    lectern_text text;
} lectern_bullet;

typedef struct lectern_column {
    lectern_text heading;
    lectern_text text;          /* a paragraph, may be absent */
    lectern_bullet *bullets;
    size_t n_bullets;
} lectern_column;

typedef struct lectern_subtitle_track {
    char *lang;
    char *path;                 /* media/... .srt or .vtt */
} lectern_subtitle_track;

typedef struct lectern_item {
    char *id;                   /* stable id, unique in the course */
    lectern_item_kind kind;
    size_t module_index;        /* index of the module holding it */
    size_t index_in_module;
    lectern_text title;
    lectern_text notes;             /* speaker notes (trainer and self-study) */
    lectern_text facilitator_notes; /* facilitator only: never on the audience view */

    /* slides */
    lectern_layout layout;
    lectern_text subtitle;      /* title, section */
    lectern_text text;          /* paragraph: image_text, quote (the quote), bullets (lead-in) */
    lectern_text attribution;   /* quote */
    lectern_text caption;       /* image */
    lectern_bullet *bullets;    /* bullets, image_text */
    size_t n_bullets;
    lectern_column left, right; /* two_columns */
    char *image;                /* image, image_text: path in the course, or NULL; with
                                   a language map, the course's first language's */
    lectern_text images;        /* "image" as a language map of paths; else empty */
    lectern_text alt;           /* alt text for the image */
    int image_fill;             /* 0: fit (letterbox), 1: fill (crop) */
    int image_right;            /* image_text: 1 when the image is on the right */

    /* videos */
    char *video;                /* media/... */
    char *poster;               /* optional poster image */
    double poster_time;         /* seconds, default 0 */
    int autoplay;
    lectern_subtitle_track *subtitles;
    size_t n_subtitles;

    /* exercises: the "exercise" object as compact JSON text; the quiz module
     * parses and scores it. Its "kind" is copied here. */
    char *exercise_json;
    char *exercise_kind;
} lectern_item;

typedef struct lectern_completion {
    int set;                    /* 0 when the file gave no rule (defaults apply) */
    int require_viewed;         /* all required slides viewed (default 1) */
    int require_passed;         /* all exercises passed (default 1) */
    int video_percent;          /* watched percentage that counts a video (default 90) */
    int mastery_correct;        /* optional: m of n exercises correct; 0 = unused */
    int mastery_of;
} lectern_completion;

typedef struct lectern_module {
    char *id;
    char *file;                 /* modules/<id>.json */
    lectern_text title;
    lectern_text description;
    lectern_completion completion;
    size_t first_item;          /* index into the course's flat item list */
    size_t n_items;
} lectern_module;

typedef enum {
    LECTERN_SEG_PRESENTATION = 0,
    LECTERN_SEG_VIDEO,
    LECTERN_SEG_EXERCISE,
    LECTERN_SEG_DISCUSSION,
    LECTERN_SEG_GROUP_ACTIVITY,
    LECTERN_SEG_BREAK,
    LECTERN_SEG_QA,
    LECTERN_SEG_COUNT
} lectern_segment_kind;

const char *lectern_segment_kind_name(lectern_segment_kind k);

/* The English label a person reads for a segment kind ("group activity",
 * "questions"): a static string that is also the gettext msgid, so callers
 * translate it. NULL for a kind out of range. */
const char *lectern_segment_kind_label(lectern_segment_kind k);

typedef struct lectern_segment {
    char *id;
    lectern_text title;
    lectern_segment_kind kind;
    double minutes;             /* planned */
    double min_minutes;         /* shortest acceptable (<= minutes) */
    int optional;
    int priority;               /* 1 = keep first; higher = drop first */
    int day;                    /* multi-day plans: 1-based day; 0 when the plan has no days */
    char **items;               /* item ids covered, in order */
    size_t n_items;
    lectern_text notes;         /* what to do, what to say */
    lectern_text materials;
    lectern_text instructions;
} lectern_segment;

typedef struct lectern_plan {
    char *id;
    char *file;                 /* plans/<id>.json */
    lectern_text title;
    lectern_text audience;
    double total_minutes;
    lectern_segment *segments;
    size_t n_segments;
} lectern_plan;

typedef struct lectern_theme {
    uint32_t background;        /* 0xRRGGBB */
    uint32_t text;
    uint32_t heading;
    uint32_t accent;
    uint32_t muted;
    char *heading_font;         /* family name for fontconfig, or fonts/... in the course */
    char *body_font;
    int title_size;             /* pixels on the 1920x1080 virtual canvas */
    int heading_size;
    int body_size;
    int min_size;               /* shrink-to-fit floor */
} lectern_theme;

typedef struct lectern_change_item {
    char *id;
    char *rule;                 /* "keep", "review" or "reset" */
} lectern_change_item;

typedef struct lectern_change {
    char *version;
    char *date;                 /* effective date, YYYY-MM-DD */
    lectern_text summary;
    lectern_change_item *items;
    size_t n_items;
} lectern_change;

typedef struct lectern_course lectern_course;

/* A problem found while loading: severity, file, JSON path, message. */
typedef struct lectern_diag {
    int error;                  /* 1 error, 0 warning */
    char *file;                 /* "modules/m1.json" */
    char *path;                 /* "items[3].bullets[0]" (may be "") */
    char *msg;
    int line, column;           /* JSON syntax errors; 0 when unknown */
    int code;                   /* errors: the LECTERN_E* code; warnings: 0 */
} lectern_diag;

/* A media file the course refers to, and where: lectern-pack check looks
 * each one up in the reader and decodes it as `want`. */
typedef struct lectern_media_ref {
    char *file;                 /* "modules/m1.json" */
    char *path;                 /* "items[2].image" */
    char *target;               /* "media/x.png" */
    lectern_media_class want;   /* IMAGE, VIDEO, SUBTITLE or FONT */
} lectern_media_ref;

/* Everything lectern_course_check found. */
typedef struct lectern_check_result {
    lectern_course *course;     /* the model, or NULL when there were errors */
    lectern_diag *diags;        /* in file order (the first 2000 errors and 2000 warnings) */
    size_t n_diags;
    size_t n_errors, n_warnings;  /* all of them, kept or not */
    lectern_media_ref *refs;    /* every media reference, even with errors */
    size_t n_refs;
} lectern_check_result;

/* Loads course.json, every module and plan from `r`. Fails (LECTERN_EJSON,
 * LECTERN_ESCHEMA, LECTERN_ENOTFOUND...) on the first error, with a message
 * naming the file and JSON path; warnings are collected (see diags). The
 * reader must outlive the course. */
int lectern_course_load(lectern_reader *r, lectern_course **out, lectern_error *err);

/* Called once course.json is read without error, before the modules are: the
 * theme (fonts, colours) is final. theme and its strings belong to the course
 * being loaded and are valid only during the call (copy what you keep); the
 * call is on the loading thread. */
typedef void (*lectern_course_theme_fn)(const lectern_theme *theme, void *user);

/* lectern_course_load that calls on_theme (may be NULL) as soon as the theme
 * is known, so a player can load its fonts while the modules are parsed. The
 * result and errors are those of lectern_course_load. */
int lectern_course_load_notify(lectern_reader *r, lectern_course **out,
                               lectern_course_theme_fn on_theme, void *user,
                               lectern_error *err);

/* Like load, but keeps going after errors to collect every problem for
 * `lectern-pack check`. *out is set only when there were no errors; diags
 * are always returned through lectern_course_diags or *diags_out.
 * Caller frees with lectern_diags_free. */
int lectern_course_check_load(lectern_reader *r, lectern_course **out,
                              lectern_diag **diags_out, size_t *n_out,
                              lectern_error *err);
void lectern_diags_free(lectern_diag *d, size_t n);

/* The full check load behind `lectern-pack check`: every problem (as
 * check_load), plus the list of media references, which is filled even
 * when loading had errors. Returns 0 when there were no errors, else the
 * code of the first error (its message in err). LECTERN_ENOMEM leaves res
 * empty. Free with lectern_check_result_free (which closes res->course). */
int lectern_course_check(lectern_reader *r, lectern_check_result *res, lectern_error *err);
void lectern_check_result_free(lectern_check_result *res);

void lectern_course_close(lectern_course *c);

const char *lectern_course_id(const lectern_course *c);
const char *lectern_course_version(const lectern_course *c);
const lectern_text *lectern_course_title(const lectern_course *c);
const lectern_text *lectern_course_subtitle(const lectern_course *c);
const lectern_text *lectern_course_description(const lectern_course *c);
size_t lectern_course_n_languages(const lectern_course *c);
const char *lectern_course_language(const lectern_course *c, size_t i);
const char *lectern_course_default_lang(const lectern_course *c);   /* first language */
const lectern_theme *lectern_course_theme(const lectern_course *c);
const lectern_completion *lectern_course_completion(const lectern_course *c);
/* Source format version (course.json "format"). */
int lectern_course_format(const lectern_course *c);
size_t lectern_course_n_authors(const lectern_course *c);
const char *lectern_course_author(const lectern_course *c, size_t i);
/* Media references of a loaded course (images, posters, videos, subtitles,
 * font files), in file order. */
size_t lectern_course_n_media_refs(const lectern_course *c);
const lectern_media_ref *lectern_course_media_ref(const lectern_course *c, size_t i);
lectern_reader *lectern_course_reader(const lectern_course *c);

size_t lectern_course_n_modules(const lectern_course *c);
const lectern_module *lectern_course_module(const lectern_course *c, size_t i);
const lectern_module *lectern_course_find_module(const lectern_course *c, const char *id);

/* Items in course order (module by module). */
size_t lectern_course_n_items(const lectern_course *c);
const lectern_item *lectern_course_item(const lectern_course *c, size_t i);
const lectern_item *lectern_course_find_item(const lectern_course *c, const char *id);
/* Index of an item id in the flat list, or -1. */
long lectern_course_item_index(const lectern_course *c, const char *id);

size_t lectern_course_n_plans(const lectern_course *c);
const lectern_plan *lectern_course_plan(const lectern_course *c, size_t i);
const lectern_plan *lectern_course_find_plan(const lectern_course *c, const char *id);

size_t lectern_course_n_changes(const lectern_course *c);
const lectern_change *lectern_course_change(const lectern_course *c, size_t i);

/* Warnings collected by lectern_course_load (unknown fields and the like). */
size_t lectern_course_n_diags(const lectern_course *c);
const lectern_diag *lectern_course_diag(const lectern_course *c, size_t i);

/* 1 when `id` is a well-formed id: [a-z0-9][a-z0-9._-]{0,63}. */
int lectern_id_valid(const char *id);

#endif
