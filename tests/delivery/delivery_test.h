/* Helpers shared by the delivery tests: open the fixture course
 * (tests/delivery/data/course, plan "fixture") or the sample course, minutes
 * on the injected clock, and a view shortcut. */
#ifndef DELIVERY_TEST_H
#define DELIVERY_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/course.h"
#include "lectern/delivery.h"
#include "lectern/reader.h"

#define MIN(m) ((int64_t)((m) * 60000.0))
#define T0 ((uint64_t)1000000)          /* session ms when the delivery starts */
#define AT(m) (T0 + (uint64_t)MIN(m))   /* T0 + m minutes */
#define SEC(s) ((int64_t)(s) * 1000)

/* Fixture segments: intro 10 (min 8), video 5 (opt, p3), talk 20 (min 12, p2),
 * exercise 15 (min 10, opt, p2), break 10, extra 10 (min 5, opt, p4), close 5 (min 3). */
enum { F_INTRO, F_VIDEO, F_TALK, F_EXERCISE, F_BREAK, F_EXTRA, F_CLOSE, F_N };

typedef struct dfix {
    lectern_reader *r;
    lectern_course *c;
    lectern_delivery *d;
} dfix;

static inline int dfix_open(dfix *f, const char *course_rel, const char *plan)
{
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    char path[1024];
    lectern_error e = {0};
    snprintf(path, sizeof path, "%s/%s", root ? root : ".", course_rel);
    memset(f, 0, sizeof *f);
    if (lectern_reader_open(path, 0, &f->r, &e) < 0 || lectern_course_load(f->r, &f->c, &e) < 0 ||
        lectern_delivery_create(f->c, plan, T0, &f->d, &e) < 0) {
        fprintf(stderr, "setup %s %s: %s\n", course_rel, plan, e.msg);
        return -1;
    }
    return 0;
}

static inline void dfix_close(dfix *f)
{
    lectern_delivery_destroy(f->d);
    lectern_course_close(f->c);
    lectern_reader_close(f->r);
}

static inline int setup_fixture(void **state)
{
    dfix *f = calloc(1, sizeof *f);
    if (!f || dfix_open(f, "tests/delivery/data/course", "fixture") < 0)
        return -1;
    *state = f;
    return 0;
}

static inline int setup_sample(void **state)
{
    dfix *f = calloc(1, sizeof *f);
    if (!f || dfix_open(f, "courses/trafficking-basics", "awareness-1h") < 0)
        return -1;
    *state = f;
    return 0;
}

static inline int teardown_fix(void **state)
{
    dfix *f = *state;
    dfix_close(f);
    free(f);
    return 0;
}

static inline lectern_delivery_view V(lectern_delivery *d, uint64_t now)
{
    lectern_delivery_view v;
    lectern_delivery_get_view(d, now, &v);
    return v;
}

static inline const char *item_id(const lectern_delivery_view *v)
{
    return v->item ? v->item->id : "";
}

#endif
