/* `lectern progress ...`: the coordinator's commands over a laptop's progress
 * store: list profiles, export CSV / xAPI / lossless events, import (merge)
 * another laptop's progress.sqlite or exported events. No window, no SDL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lectern/progress.h"
#include "progress_ui.h"

void cmd_progress_usage(FILE *f)
{
    fprintf(f,
        "usage: lectern progress profiles [--data-dir DIR]\n"
        "       lectern progress export --csv FILE | --xapi FILE | --events FILE [--data-dir DIR]\n"
        "       lectern progress import FILE [--data-dir DIR]\n"
        "  profiles   list the trainees on this computer (name, identifier, last used)\n"
        "  export     --csv: one row per trainee and item; --xapi: xAPI 1.0.3 statements\n"
        "             (JSON array); --events: everything, for import on another computer\n"
        "  import     merge another computer's progress.sqlite or --events export;\n"
        "             importing the same file twice adds nothing\n"
        "  The store is DIR/progress.sqlite (default $XDG_DATA_HOME/lectern).\n");
}

static void data_dir(char *buf, size_t n, const char *given)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (given)
        snprintf(buf, n, "%s", given);
    else if (xdg && *xdg)
        snprintf(buf, n, "%s/lectern", xdg);
    else
        snprintf(buf, n, "%s/.local/share/lectern", home ? home : ".");
}

static void fmt_time(char *buf, size_t n, int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
}

int cmd_progress(int argc, char **argv)
{
    const char *verb = argc > 1 ? argv[1] : NULL;
    const char *dir = NULL, *csv = NULL, *xapi = NULL, *events = NULL, *file = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = strcmp(a, "--data-dir") == 0 ? &dir :
                            strcmp(a, "--csv") == 0 ? &csv :
                            strcmp(a, "--xapi") == 0 ? &xapi :
                            strcmp(a, "--events") == 0 ? &events : NULL;
        if (slot) {
            if (!next) {
                fprintf(stderr, "lectern progress: %s needs a value\n", a);
                return 2;
            }
            *slot = next;
            i++;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "lectern progress: unknown option %s\n", a);
            cmd_progress_usage(stderr);
            return 2;
        } else if (!file) {
            file = a;
        } else {
            fprintf(stderr, "lectern progress: one file at a time\n");
            return 2;
        }
    }
    if (!verb || strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0) {
        cmd_progress_usage(verb ? stdout : stderr);
        return verb ? 0 : 2;
    }
    int is_export = strcmp(verb, "export") == 0, is_import = strcmp(verb, "import") == 0,
        is_profiles = strcmp(verb, "profiles") == 0;
    if (!is_export && !is_import && !is_profiles) {
        fprintf(stderr, "lectern progress: unknown command '%s'\n", verb);
        cmd_progress_usage(stderr);
        return 2;
    }
    if (is_export && !csv && !xapi && !events) {
        fprintf(stderr, "lectern progress export: give --csv FILE, --xapi FILE or --events FILE\n");
        return 2;
    }
    if (is_import && !file) {
        fprintf(stderr, "lectern progress import: which file? (progress.sqlite or an "
                        "--events export)\n");
        return 2;
    }
    if (!is_import && file) {
        fprintf(stderr, "lectern progress %s: unexpected argument %s\n", verb, file);
        return 2;
    }
    char d[1024];
    data_dir(d, sizeof d, dir);
    lectern_progress *p = NULL;
    lectern_error err = {0};
    int rc = 1;
    /* a damaged store is recovered as the player does (the damaged file is kept;
     * the log on stderr says what was done) */
    if (lectern_progress_open_recover(d, pui_wall_ms(), &p, NULL, &err) < 0) {
        fprintf(stderr, "lectern progress: %s\n", err.msg);
        return 1;
    }
    if (is_profiles) {
        lectern_profile *v = NULL;
        size_t n = 0;
        if (lectern_progress_profiles(p, &v, &n, &err) < 0)
            goto fail;
        printf("%-28s %-24s %-16s %s\n", "NAME", "IDENTIFIER", "LAST USED", "UID");
        for (size_t i = 0; i < n; i++) {
            char t[32] = "-";
            if (v[i].last_used_ms)
                fmt_time(t, sizeof t, v[i].last_used_ms);
            printf("%-28s %-24s %-16s %s\n", v[i].name, v[i].identifier ? v[i].identifier : "-",
                   t, v[i].uid);
        }
        lectern_profiles_free(v, n);
    } else if (is_export) {
        if (csv && lectern_progress_export_csv(p, csv, &err) < 0)
            goto fail;
        if (xapi && lectern_progress_export_xapi(p, xapi, &err) < 0)
            goto fail;
        if (events && lectern_progress_export_events(p, events, &err) < 0)
            goto fail;
        fprintf(stderr, "lectern progress: exported %lld events from %s\n",
                (long long)lectern_progress_n_events(p), lectern_progress_path(p));
    } else {
        lectern_import_stats st = {0};
        if (lectern_progress_import(p, file, &st, &err) < 0)
            goto fail;
        printf("imported %s: %lld events added, %lld already here; profiles: %d matched, "
               "%d created\n", file, (long long)st.events_added, (long long)st.events_skipped,
               st.profiles_matched, st.profiles_created);
    }
    rc = 0;
    goto done;
fail:
    fprintf(stderr, "lectern progress: %s\n", err.msg);
done:
    lectern_progress_close(p);
    return rc;
}
