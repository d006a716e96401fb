/* Private to the course model (course.c, course_fields.c, course_items.c,
 * plan.c, text.c): the lectern_course struct, the arena its strings live
 * in, and the loader context that collects diagnostics with file + JSON
 * path while the typed field readers walk the cJSON trees. */
#ifndef LECTERN_COURSE_PRIV_H
#define LECTERN_COURSE_PRIV_H

#include <stdarg.h>
#include "lectern/course.h"
#include "lectern/package.h"
#include "json.h"

/* ---- arena: every string and array of a loaded course ---------------- */

typedef struct cm_chunk cm_chunk;
typedef struct cm_arena {
    cm_chunk *head;
} cm_arena;

/* Zeroed memory that lives until cm_arena_free; NULL on out of memory. */
void *cm_alloc(cm_arena *a, size_t n);
char *cm_strdup(cm_arena *a, const char *s);
void cm_arena_free(cm_arena *a);

struct lectern_course {
    cm_arena arena;
    lectern_reader *reader;
    int format;
    char *id;
    char *version;
    lectern_text title, subtitle, description;
    char **authors;
    size_t n_authors;
    char **languages;
    size_t n_languages;
    lectern_theme theme;
    lectern_completion completion;
    lectern_module *modules;
    size_t n_modules;
    lectern_item *items;        /* malloc'd (grows while modules load) */
    size_t n_items, cap_items;
    lectern_item **by_id;       /* items with an id, sorted by id (malloc'd) */
    size_t n_by_id;
    lectern_plan *plans;
    size_t n_plans;
    lectern_change *changes;
    size_t n_changes;
    lectern_diag *diags;        /* warnings (malloc'd, lectern_diags_free) */
    size_t n_diags;
    lectern_media_ref *refs;    /* malloc'd, see cm_refs_free */
    size_t n_refs;
};

/* ---- loader context --------------------------------------------------- */

#define CM_PATH 512             /* JSON path buffers */
#define CM_MAX_DIAGS 2000       /* errors, and warnings, kept (all are counted) */

typedef struct cm_ctx {
    lectern_course *c;
    lectern_reader *r;
    const char *file;           /* file being read: "modules/m1.json" */
    lectern_diag *diags;
    size_t n_diags, cap_diags;
    size_t n_errors, n_warnings;
    lectern_error first;        /* the first error, formatted for lectern_error */
    lectern_media_ref *refs;
    size_t n_refs, cap_refs;
    int oom;                    /* set on any allocation failure: load gives up */
    lectern_course_theme_fn on_theme;   /* called once course.json is read */
    void *on_theme_user;
    int module_unread;          /* a module file did not parse: its item ids are
                                   unknown, so "no such item" would mislead */
} cm_ctx;

/* Records a problem in the current file. code: a LECTERN_E* code for an
 * error, 0 for a warning. path may be "" (the whole file). */
void cm_diag(cm_ctx *x, int code, const char *path, int line, int col,
             const char *fmt, ...) __attribute__((format(printf, 6, 7)));
#define cm_error(x, code, path, ...) cm_diag((x), (code), (path), 0, 0, __VA_ARGS__)
#define cm_warn(x, path, ...) cm_diag((x), 0, (path), 0, 0, __VA_ARGS__)
/* Remembers a media reference of the current file. */
void cm_ref(cm_ctx *x, const char *path, const char *target, lectern_media_class want);
void cm_refs_free(lectern_media_ref *refs, size_t n);
/* Deep copies (NULL on out of memory or when n is 0). */
lectern_diag *cm_diags_copy(const lectern_diag *d, size_t n, int warnings_only, size_t *n_out);
lectern_media_ref *cm_refs_copy(const lectern_media_ref *r, size_t n);

/* Reads and parses a JSON file from the reader; records a diagnostic and
 * returns NULL when it is missing, unreadable or not JSON (or not an object).
 * The tree lives in *arena: free it with lectern_json_arena_free, not cJSON_Delete. */
cJSON *cm_read_json(cm_ctx *x, const char *name, lectern_json_arena **arena);

/* "parent.key" / "parent[i]" (or just "key" at the top). */
void cm_pkey(char *out, size_t n, const char *parent, const char *key);
void cm_pidx(char *out, size_t n, const char *parent, size_t i);

/* "a number", "a string", "an object", "an array", "true/false", "null". */
const char *cm_type_name(const cJSON *v);

/* Typed field readers. Each returns 1 when `key` is present and valid, 0
 * when absent (recording an error if `required`), -1 when present but
 * invalid (error recorded). Strings are copied into the course arena. */
int cm_string(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
              int required, char **out);
int cm_id(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
          int required, char **out);
int cm_bool(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
            int required, int *out);
int cm_int(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
           int required, long lo, long hi, int *out);
/* lo is exclusive when lo_open; hi <= 0 means no upper bound. */
int cm_number(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
              int required, double lo, int lo_open, double hi, double *out);
int cm_text(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
            int required, lectern_text *out);
/* A media path: a safe relative name, remembered as a reference of class want. */
int cm_media(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
             int required, lectern_media_class want, char **out);
/* The value of `key` when it is an object / array; NULL when absent (an
 * error if required) or of another type (error recorded, *bad set to 1). */
const cJSON *cm_object(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
                       int required, int *bad);
const cJSON *cm_array(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
                      int required, int *bad);
/* Warns about every key of obj not in the NULL-terminated `known` list,
 * suggesting the closest known key. */
void cm_unknown_fields(cm_ctx *x, const cJSON *obj, const char *path,
                       const char *const *known);
/* Checks length and UTF-8 of a string value; records an error. 1 ok, 0 bad. */
int cm_string_ok(cm_ctx *x, const char *path, const char *s);

/* ---- texts (text.c) ---------------------------------------------------- */

/* 1 when s looks like a language code: en, fr, ar, pt-BR, zh-Hans. */
int cm_lang_valid(const char *s);
/* Parses a text value (string or language map) at `path`; warns about
 * languages the course does not declare. 1 ok, -1 invalid (recorded). */
int cm_text_value(cm_ctx *x, const cJSON *v, const char *path, lectern_text *out);
/* What a text should look like, for messages. */
#define CM_TEXT_EXPECTED lectern_error_tr("a text (string or {\"lang\": \"...\"})")

/* ---- items (course_items.c), plans (plan.c) --------------------------- */

/* Parses modules[mi]'s "items" array (already checked to be an array),
 * appending to c->items. */
void cm_parse_items(cm_ctx *x, size_t mi, const cJSON *items);
/* Loads every .json entry directly under plans/. Needs the item index. */
void cm_parse_plans(cm_ctx *x);
/* Parses a completion rule object at `path`. */
void cm_parse_completion(cm_ctx *x, const cJSON *obj, const char *path,
                         lectern_completion *out);

#endif
