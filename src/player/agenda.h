/* The facilitator's agenda of a budget plan as a printable PNG (white page,
 * dark ink): title, summary, per day a table of start time, minutes,
 * segment and kind, then what changed from the plan and why. Drawn with the
 * player's text system (theme fonts, fallback, Arabic shaping) through a
 * software renderer; needs SDL_ttf only, no window. */
#ifndef LECTERN_PLAYER_AGENDA_H
#define LECTERN_PLAYER_AGENDA_H

#include "lectern/budget.h"
#include "lectern/reader.h"

/* Writes the agenda of bp (a feasible plan) to path; start_hhmm: minutes
 * after midnight of each day's start. lang: NULL for the course's default.
 * LECTERN_EIO (cannot write, SDL_ttf), LECTERN_ENOTFOUND (no font). */
int agenda_png_write(lectern_reader *reader, const lectern_course *c, const lectern_budget_plan *bp,
                     const char *lang, int start_hhmm, const char *path, lectern_error *err);

#endif
