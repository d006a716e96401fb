/* The fit check without SDL in sight, for programs that link the player
 * library only for it (lectern-pack check): lays every slide out at
 * 1920x1080 in measure mode and reports the items whose text does not fit
 * even at the theme's min_size. Starts and stops SDL_ttf itself when the
 * caller has not. */
#ifndef LECTERN_PLAYER_FIT_H
#define LECTERN_PLAYER_FIT_H

#include <stddef.h>
#include "lectern/course.h"
#include "lectern/error.h"
#include "lectern/reader.h"

/* Called once per overflowing item: its index in the course and the
 * minimum size (px) it was measured at. */
typedef void (*lectern_fit_fn)(void *ctx, size_t item_index, int min_size);

/* Checks every item of `course` in language `lang` (NULL: the course's
 * first). Returns the number of items that overflow, or a negative code
 * (LECTERN_ENOTFOUND: no usable font; LECTERN_EIO: SDL_ttf did not start). */
int lectern_fit_check_each(lectern_reader *reader, const lectern_course *course,
                           const char *lang, lectern_fit_fn fn, void *ctx, lectern_error *err);

#endif
