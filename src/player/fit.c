/* Fit check: lays every slide out at 1920x1080 in measure mode (no renderer)
 * and reports the items whose text does not fit even at the theme's
 * min_size. `lectern --check-fit` prints it; lectern-pack check links the
 * player library and warns through lectern_fit_check_each (fit.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"
#include "lectern/log.h"
#include "player.h"

int lectern_fit_check_each(lectern_reader *reader, const lectern_course *course,
                           const char *lang, lectern_fit_fn fn, void *ctx, lectern_error *err)
{
    int ttf_was = TTF_WasInit();
    if (!ttf_was && TTF_Init() < 0)
        return lectern_error_set(err, LECTERN_EIO, "cannot start SDL_ttf: %s", TTF_GetError());
    app a;
    memset(&a, 0, sizeof a);
    a.reader = reader;
    a.course = (lectern_course *)course;   /* layout only reads it */
    a.theme = lectern_course_theme(course);
    a.fallback = lectern_course_default_lang(course);
    a.lang = lang ? lang : a.fallback;
    canvas_fit(&a.cv, CANVAS_W, CANVAS_H);
    int rc = textsys_create(reader, NULL, a.theme, &a.text, err);
    if (rc < 0)
        goto done;
    /* a session, so exercises are measured as the player shows them
     * (interactive, exercise_view.c) rather than as a static list */
    rc = lectern_session_create(course, &a.session, err);
    if (rc < 0)
        goto done;
    /* images are not needed to measure text: no image cache */
    lectern_log_level old = lectern_log_get_level();
    lectern_log_set_level(LECTERN_LOG_ERROR);   /* we report, not the layout */
    int bad = 0;
    for (size_t i = 0; i < lectern_course_n_items(course); i++) {
        if (layout_draw_item(&a, lectern_course_item(course, i), i)) {
            bad++;
            if (fn)
                fn(ctx, i, a.theme->min_size);
        }
    }
    lectern_log_set_level(old);
    rc = bad;
done:
    lectern_session_destroy(a.session);
    textsys_destroy(a.text);
    for (size_t i = 0; i < a.n_warned; i++)
        free(a.warned[i]);
    free(a.warned);
    if (!ttf_was)
        TTF_Quit();
    return rc;
}

typedef struct fit_print {
    const lectern_course *course;
    FILE *out;
} fit_print;

static void print_one(void *ctx, size_t index, int min_size)
{
    fit_print *p = ctx;
    if (p->out)
        fprintf(p->out, "%s: text does not fit at 1920x1080 even at %d px (min_size); "
                "shorten it or split the slide\n", lectern_course_item(p->course, index)->id,
                min_size);
}

int lectern_fit_check_course(lectern_reader *reader, lectern_course *course,
                             const char *lang, FILE *out, lectern_error *err)
{
    fit_print p = { course, out };
    return lectern_fit_check_each(reader, course, lang, print_one, &p, err);
}
