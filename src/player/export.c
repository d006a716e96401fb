/* --export-slides: renders every item of the course, as the slide screen
 * shows it (no overlays), to DIR/NNNN-<item-id>.png on the offscreen target,
 * waiting for each item's image so the PNGs are complete. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lectern/log.h"
#include "player.h"

int export_slides(app *a, const char *dir)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "lectern: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    size_t n = lectern_course_n_items(a->course);
    int failed = 0, overflow = 0;
    for (size_t i = 0; i < n; i++) {
        const lectern_item *it = lectern_course_item(a->course, i);
        char id[80];
        lectern_cmd c = lectern_cmd_make(LECTERN_CMD_GOTO_NUMBER, (long)i + 1);
        lectern_session_handle(a->session, &c);
        app_prefetch(a);
        app_wait_current(a);
        app_render_item(a, i);
        overflow += a->slide_overflow;
        snprintf(id, sizeof id, "%s", it->id);
        char path[2048];
        snprintf(path, sizeof path, "%s/%04zu-%s.png", dir, i + 1, id);
        lectern_error err = {0};
        LOG_DEBUG("export", "%s at %llu ms", path, (unsigned long long)SDL_GetTicks64());
        if (app_screenshot(a, path, NULL, 0, &err) < 0) {
            fprintf(stderr, "lectern: %s\n", err.msg);
            failed++;
        }
    }
    fprintf(stderr, "lectern: exported %zu item%s to %s (%d with text that does not fit)\n",
            n - (size_t)failed, n - (size_t)failed == 1 ? "" : "s", dir, overflow);
    return failed ? 1 : 0;
}
