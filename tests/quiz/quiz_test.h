/* Helpers shared by the quiz tests: JSON written with single quotes (turned
 * into double quotes), text lookup, and parse-or-fail. */
#ifndef QUIZ_TEST_H
#define QUIZ_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/quiz.h"

/* 'a' -> "a"; write a literal apostrophe as \u0027. Caller frees. */
static inline char *J(const char *s)
{
    char *d = strdup(s);
    for (char *p = d; *p; p++)
        if (*p == '\'')
            *p = '"';
    return d;
}

/* The string of a text for lang ("" = the first one). */
static inline const char *TL(const lectern_text *t, const char *lang)
{
    if (!t || t->n == 0)
        return "";
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].lang, lang) == 0)
            return t->v[i].s;
    return t->v[0].s;
}
#define T(t) TL((t), "")

/* Parses single-quoted JSON; fails the test on error. */
static inline lectern_quiz *parse_ok(const char *sq, const char *item)
{
    char *j = J(sq);
    lectern_quiz *q = NULL;
    lectern_error e = {0};
    int rc = lectern_quiz_parse(j, item, &q, &e);
    if (rc != 0)
        fail_msg("parse failed (%d): %s", rc, e.msg);
    free(j);
    return q;
}

/* Parses single-quoted JSON expecting failure; returns the code, fills e. */
static inline int parse_err(const char *sq, const char *item, lectern_error *e)
{
    char *j = J(sq);
    lectern_quiz *q = NULL;
    int rc = lectern_quiz_parse(j, item, &q, e);
    assert_null(q);
    free(j);
    return rc;
}

#endif
