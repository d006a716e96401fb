/* Internal JSON helpers over cJSON: parsing with line:column errors and a
 * depth limit, and typed field access that reports the JSON path. */
#ifndef LECTERN_JSON_H
#define LECTERN_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include "lectern/error.h"

#define LECTERN_JSON_MAX_DEPTH 64
#define LECTERN_JSON_MAX_BYTES (16u << 20)

/* Parses `len` bytes of `text` (need not be NUL-terminated). On a syntax
 * error: LECTERN_EJSON with "FILE:LINE:COL: ..." and *line, *col set (either
 * may be NULL). Nesting deeper than LECTERN_JSON_MAX_DEPTH or input larger
 * than LECTERN_JSON_MAX_BYTES: LECTERN_ELIMIT. Caller frees with cJSON_Delete. */
int lectern_json_parse(const char *text, size_t len, const char *file, cJSON **out,
                       int *line, int *col, lectern_error *err);

/* Line and column (1-based) of byte offset `off` in text. */
void lectern_json_linecol(const char *text, size_t off, int *line, int *col);

#endif
