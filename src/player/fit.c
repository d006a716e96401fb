/* Fit check: lays every slide out at 1920x1080 in measure mode (no renderer)
 * and reports the items whose text does not fit even at the theme's
 * min_size. `lectern --check-fit` prints it; lectern-pack check can link
 * the player library or run that command to warn authors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/log.h"
#include "player.h"

int lectern_fit_check_course(lectern_reader *reader, lectern_course *course,
                             const char *lang, FILE *out, lectern_error *err)
{
    app a;
    memset(&a, 0, sizeof a);
    a.reader = reader;
    a.course = course;
    a.theme = lectern_course_theme(course);
    a.fallback = lectern_course_default_lang(course);
    a.lang = lang ? lang : a.fallback;
    canvas_fit(&a.cv, CANVAS_W, CANVAS_H);
    int rc = textsys_create(reader, NULL, a.theme, &a.text, err);
    if (rc < 0)
        return rc;
    /* images are not needed to measure text: no image cache */
    lectern_log_level old = lectern_log_get_level();
    lectern_log_set_level(LECTERN_LOG_ERROR);   /* we report, not the layout */
    int bad = 0;
    for (size_t i = 0; i < lectern_course_n_items(course); i++) {
        const lectern_item *it = lectern_course_item(course, i);
        if (layout_draw_item(&a, it, i)) {
            bad++;
            if (out)
                fprintf(out, "%s: text does not fit at 1920x1080 even at %d px (min_size); "
                        "shorten it or split the slide\n", it->id, a.theme->min_size);
        }
    }
    lectern_log_set_level(old);
    textsys_destroy(a.text);
    for (size_t i = 0; i < a.n_warned; i++)
        free(a.warned[i]);
    free(a.warned);
    return bad;
}
