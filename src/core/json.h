/* Internal JSON helpers over cJSON: parsing with line:column errors and a
 * depth limit, and typed field access that reports the JSON path. */
#ifndef LECTERN_JSON_H
#define LECTERN_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include "lectern/error.h"
#include "lectern/limits.h"


/* Parses `len` bytes of `text` (need not be NUL-terminated). On a syntax
 * error: LECTERN_EJSON with "FILE:LINE:COL: ..." and *line, *col set (either
 * may be NULL). Nesting deeper than LECTERN_JSON_MAX_DEPTH or input larger
 * than LECTERN_JSON_MAX_BYTES: LECTERN_ELIMIT. Caller frees with cJSON_Delete. */
int lectern_json_parse(const char *text, size_t len, const char *file, cJSON **out,
                       int *line, int *col, lectern_error *err);
/* The same with another size limit (progress exports may be up to
 * LECTERN_IMPORT_MAX_BYTES); the nesting limit stays LECTERN_JSON_MAX_DEPTH. */
int lectern_json_parse_max(const char *text, size_t len, unsigned long long max_bytes,
                           const char *file, cJSON **out, int *line, int *col, lectern_error *err);

/* The same, with the tree allocated in an arena that the caller frees with
 * lectern_json_arena_free (never cJSON_Delete on the tree or a part of it;
 * the tree is read-only: add or detach nothing). On failure *out and *arena
 * are NULL. Faster for big files: no malloc or free per node. */
typedef struct lectern_json_arena lectern_json_arena;
int lectern_json_parse_arena(const char *text, size_t len, const char *file, cJSON **out,
                             lectern_json_arena **arena, int *line, int *col,
                             lectern_error *err);
/* Frees a tree parsed by lectern_json_parse_arena (NULL: nothing). */
void lectern_json_arena_free(lectern_json_arena *a);

/* d as an int64_t, clamped to +-LECTERN_JSON_MAX_INT (9e15, beyond any time
 * in ms or size we store); 0 for NaN. A plain cast of a JSON number such as
 * 1e300 or 1e999 (infinity) is undefined behaviour. */
#define LECTERN_JSON_MAX_INT 9e15
int64_t lectern_json_i64(double d);

/* A new empty object appended to array (owned by it), or NULL when memory
 * runs out (nothing is left allocated). */
cJSON *lectern_json_append_object(cJSON *array);

/* Line and column (1-based) of byte offset `off` in text. */
void lectern_json_linecol(const char *text, size_t off, int *line, int *col);

#endif
