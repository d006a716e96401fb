/* Script commands for trainee progress (see SCRIPT.md): `profile NAME [ID]`,
 * `profile-text TEXT`, `bookmark`, `summary`, `certificate FILE`, `recover`, and the expectations
 * `expect progress MODULE N/M`, `expect completed yes|no`, `expect passed yes|no`,
 * `expect bookmarked ID yes|no`, `expect review ID yes|no`, `expect progress-screen NAME`,
 * `expect profile NAME`, `expect recovered yes|no`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deliver.h"
#include "progress_ui.h"

enum { S_OK = 0, S_FAIL = 1, S_ERROR = 2 };

static int say(char *msg, size_t n, int code, const char *fmt, const char *a1, const char *a2)
{
    snprintf(msg, n, fmt, a1 ? a1 : "", a2 ? a2 : "");
    return code;
}

static const char *mode_name(const app *a)
{
    static const char *const names[] = { "none", "chooser", "new-profile", "problem", "summary",
                                         "certificate" };
    return a->pui ? names[a->pui->mode] : "none";
}

static int yes_no(const char *s)
{
    return strcmp(s, "yes") == 0 ? 1 : strcmp(s, "no") == 0 ? 0 : -1;
}

static int expect(app *a, int argc, char **argv, char *msg, size_t n)
{
    const char *what = argv[1];
    if (strcmp(what, "progress-screen") == 0) {
        if (argc != 3)
            return say(msg, n, S_ERROR, "expect progress-screen none|chooser|new-profile|"
                       "problem|summary|certificate", NULL, NULL);
        if (strcmp(mode_name(a), argv[2]) != 0)
            return say(msg, n, S_FAIL, "expected progress screen %s, got %s", argv[2],
                       mode_name(a));
        return S_OK;
    }
    if (strcmp(what, "recovered") == 0) {
        /* the store was damaged and recovered at open; the start screen says so */
        int want = argc == 3 ? yes_no(argv[2]) : -1, got = a->pui && a->pui->recovered;
        if (want < 0)
            return say(msg, n, S_ERROR, "expect recovered yes|no", NULL, NULL);
        if (got != want)
            return say(msg, n, S_FAIL, "expected recovered %s (notice: %s)", argv[2],
                       a->pui ? a->pui->notice : "");
        return S_OK;
    }
    if (strcmp(what, "profile") == 0) {
        const char *got = a->pui && a->pui->profile >= 0 && a->pui->profile_name ?
                          a->pui->profile_name : "(none)";
        char want[256] = "";
        for (int i = 2; i < argc; i++)      /* a name of several words */
            snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s", i > 2 ? " " : "",
                     argv[i]);
        if (argc < 3)
            return say(msg, n, S_ERROR, "expect profile NAME (or \"(none)\")", NULL, NULL);
        if (strcmp(got, want) != 0)
            return say(msg, n, S_FAIL, "expected profile %s, got %s", want, got);
        return S_OK;
    }
    if (strcmp(what, "watched") == 0 && progress_ui_active(a)) {
        long pct = argc == 4 ? strtol(argv[3], NULL, 10) : -1;
        if (pct < 0 || lectern_course_item_index(a->course, argv[2]) < 0)
            return say(msg, n, S_ERROR, "expect watched VIDEO-ITEM MIN-PERCENT", NULL, NULL);
        lectern_item_state st;
        lectern_error err = {0};
        if (lectern_progress_item(a->pui->store, a->pui->profile, lectern_course_id(a->course),
                                  argv[2], &st, &err) < 0)
            return say(msg, n, S_FAIL, "%s", err.msg, NULL);
        double got = st.watched_percent;
        lectern_item_state_clear(&st);
        if (got + 1e-9 < (double)pct) {
            char g[32];
            snprintf(g, sizeof g, "%.1f%%", got);
            return say(msg, n, S_FAIL, "expected at least %s%% watched, got %s", argv[3], g);
        }
        return S_OK;
    }
    if (strcmp(what, "progress") != 0 && strcmp(what, "completed") != 0 &&
        strcmp(what, "passed") != 0 && strcmp(what, "bookmarked") != 0 &&
        strcmp(what, "review") != 0)
        return -1;
    if (!progress_ui_active(a))
        return say(msg, n, S_FAIL, "expect %s: no profile chosen (use `profile NAME` or "
                   "--profile)", what, NULL);
    if (strcmp(what, "bookmarked") == 0 || strcmp(what, "review") == 0) {
        long i = argc == 4 ? lectern_course_item_index(a->course, argv[2]) : -1;
        int want = argc == 4 ? yes_no(argv[3]) : -1;
        if (i < 0 || want < 0)
            return say(msg, n, S_ERROR, "expect %s ITEM yes|no (a known item id)", what, NULL);
        /* from the store, not the cache: what a restart would see */
        lectern_item_state st;
        lectern_error err = {0};
        if (lectern_progress_item(a->pui->store, a->pui->profile, lectern_course_id(a->course),
                                  argv[2], &st, &err) < 0)
            return say(msg, n, S_FAIL, "%s", err.msg, NULL);
        int got = what[0] == 'b' ? st.bookmarked : st.review;
        lectern_item_state_clear(&st);
        if (got != want)
            return say(msg, n, S_FAIL, "expected %s %s", what, argv[3]);
        return S_OK;
    }
    const lectern_course_progress *cp = progress_ui_refresh(a);
    if (!cp)
        return say(msg, n, S_FAIL, "cannot evaluate progress", NULL, NULL);
    if (strcmp(what, "progress") == 0) {
        int want_done, want_total;
        if (argc != 4 || sscanf(argv[3], "%d/%d", &want_done, &want_total) != 2)
            return say(msg, n, S_ERROR, "expect progress MODULE N/M (module id or 1-based "
                       "number)", NULL, NULL);
        size_t m = cp->n_modules;
        for (size_t i = 0; i < cp->n_modules; i++)
            if (strcmp(cp->modules[i].module_id, argv[2]) == 0)
                m = i;
        long num;
        char *end;
        num = strtol(argv[2], &end, 10);
        if (m == cp->n_modules && !*end && num >= 1 && (size_t)num <= cp->n_modules)
            m = (size_t)num - 1;
        if (m == cp->n_modules)
            return say(msg, n, S_ERROR, "expect progress: no module '%s'", argv[2], NULL);
        int done, total, completed;
        float frac;
        progress_ui_module(a, m, &done, &total, &frac, &completed);
        if (done != want_done || total != want_total) {
            char got[64];
            snprintf(got, sizeof got, "%d/%d", done, total);
            char mod[300];
            snprintf(mod, sizeof mod, "%s %s", argv[2], argv[3]);
            return say(msg, n, S_FAIL, "expected progress %s, got %s", mod, got);
        }
        return S_OK;
    }
    int want = argc == 3 ? yes_no(argv[2]) : -1;
    if (want < 0)
        return say(msg, n, S_ERROR, "expect %s yes|no", what, NULL);
    int got = what[0] == 'c' ? cp->completed : cp->success;
    if (got != want)
        return say(msg, n, S_FAIL, "expected %s %s", what, argv[2]);
    return S_OK;
}

int progress_ui_script(app *a, int argc, char **argv, char *msg, size_t n)
{
    const char *cmd = argv[0];
    lectern_error err = {0};
    if (strcmp(cmd, "expect") == 0 && argc >= 2)
        return expect(a, argc, argv, msg, n);
    if (strcmp(cmd, "profile") == 0) {
        if (argc < 2 || argc > 3)
            return say(msg, n, S_ERROR, "profile NAME [IDENTIFIER] (one word each)", NULL, NULL);
        if (progress_ui_use_profile(a, argv[1], argc == 3 ? argv[2] : NULL, &err) < 0) {
            if (a->pui && a->pui->mode == PUI_PROBLEM)
                return S_OK;     /* the problem screen shows; `recover` or `key Escape` */
            return say(msg, n, S_FAIL, "profile: %s", err.msg, NULL);
        }
        return S_OK;
    }
    if (strcmp(cmd, "profile-text") == 0) {
        if (!a->pui || a->pui->mode != PUI_NEW)
            return say(msg, n, S_FAIL, "profile-text: the new profile form is not shown",
                       NULL, NULL);
        for (int i = 1; i < argc; i++) {
            if (i > 1)
                progress_ui_text(a, " ");
            progress_ui_text(a, argv[i]);
        }
        return S_OK;
    }
    if (strcmp(cmd, "play-wait") == 0) {
        /* real time passes (videos play): render and pump events for MS ms */
        long ms = argc == 2 ? strtol(argv[1], NULL, 10) : -1;
        if (ms < 0 || ms > 600000)
            return say(msg, n, S_ERROR, "play-wait MS (real milliseconds, at most 600000)",
                       NULL, NULL);
        uint64_t end = SDL_GetTicks64() + (uint64_t)ms;
        while (SDL_GetTicks64() < end) {
            SDL_Event ev;
            while (SDL_PollEvent(&ev))
                if (ev.type == SDL_WINDOWEVENT && a->deliver)   /* --window: a window */
                    deliver_windows_dirty(a, a->deliver);       /* mapped or exposed */
            app_render(a);
            if (a->deliver)
                deliver_windows_render(a, a->deliver);   /* the presenter window too */
            SDL_Delay(15);
        }
        return S_OK;
    }
    if (strcmp(cmd, "recover") == 0) {
        if (progress_ui_recover(a) <= 0)
            return say(msg, n, S_FAIL, "recover: no damaged store shown", NULL, NULL);
        return S_OK;
    }
    if (strcmp(cmd, "bookmark") == 0) {
        if (progress_ui_bookmark(a) != 1)
            return say(msg, n, S_FAIL, "bookmark: not on an item, or no profile", NULL, NULL);
        return S_OK;
    }
    if (strcmp(cmd, "summary") == 0) {
        progress_ui_open_summary(a);
        return progress_ui_active(a) ? S_OK :
               say(msg, n, S_FAIL, "summary: no profile chosen", NULL, NULL);
    }
    if (strcmp(cmd, "certificate") == 0) {
        if (argc != 2)
            return say(msg, n, S_ERROR, "certificate FILE.png", NULL, NULL);
        if (certificate_save(a, argv[1], NULL, 0, &err) < 0)
            return say(msg, n, S_FAIL, "certificate: %s", err.msg, NULL);
        return S_OK;
    }
    return -1;
}
