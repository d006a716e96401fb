/* Private to the budget planner (budget.c, budget_words.c, budget_agenda.c). */
#ifndef LECTERN_BUDGET_INTERNAL_H
#define LECTERN_BUDGET_INTERNAL_H

#include "lectern/budget.h"

/* Segment i's reason from its code (why, after, pool_minutes) and figures,
 * through tr (NULL: English), into buf; returns buf. */
char *budget_reason(const lectern_budget_segment *segs, size_t i, const lectern_course *c,
                    const char *lang, lectern_translate tr, void *user, char *buf, size_t n);

#endif
