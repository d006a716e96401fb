/* Progress store benchmark (not a test): durable events recorded per second
 * against a baseline of raw SQLite single-row commits in the same run and
 * on the same disk, then a 100,000-event merge and its CSV/xAPI exports.
 *   bench_progress DIR [N_DURABLE] [N_EXPORT]   (DIR must not exist yet)
 * LECTERN_PROGRESS_JOURNAL=delete measures the DELETE journal instead. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sqlite3.h>
#include "lectern/progress.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The median of v (reordered). */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double baseline(const char *dir, int n)
{
    char path[4096];
    sqlite3 *db;
    sqlite3_stmt *st;
    snprintf(path, sizeof path, "%s/baseline.sqlite", dir);
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return 0;
    sqlite3_exec(db, getenv("LECTERN_PROGRESS_JOURNAL") ? "PRAGMA journal_mode=DELETE"
                                                        : "PRAGMA journal_mode=WAL", 0, 0, 0);
    sqlite3_exec(db, "PRAGMA synchronous=FULL; CREATE TABLE t(a TEXT, b INTEGER)", 0, 0, 0);
    sqlite3_prepare_v2(db, "INSERT INTO t VALUES('item', ?)", -1, &st, 0);
    double t0 = now();
    for (int i = 0; i < n; i++) {
        sqlite3_bind_int(st, 1, i);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    double rate = n / (now() - t0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rate;
}

/* Writes an events export with n events over 20 trainees and 200 items. */
static int make_export(const char *path, int n)
{
    static const char *const payload[4] = {
        "{}",
        ("{\"response\":\"A\",\"score\":1,\"success\":true,\"duration_ms\":1500,"
         "\"interaction\":\"choice\"}"),
        "{\"ms\":1000}", "{\"from_ms\":0,\"to_ms\":5000,\"duration_ms\":60000}"};
    static const char *const kind[4] = {"viewed", "attempt", "time_spent", "video_range"};
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("{\"format\":\"lectern-progress-events\",\"version\":1,\"profiles\":[", f);
    for (int j = 0; j < 20; j++)
        fprintf(f, "%s{\"uid\":\"p-%d\",\"name\":\"Trainee %d\"}", j ? "," : "", j, j);
    fputs("],\"events\":[", f);
    for (int i = 0; i < n; i++)
        fprintf(f, "%s{\"uid\":\"bench-%d\",\"profile\":\"p-%d\",\"course_id\":\"org.x\","
                   "\"course_version\":\"1.0.0\",\"item_id\":\"item-%d\",\"kind\":\"%s\","
                   "\"payload\":%s,\"t_ms\":%" PRId64 "}",
                i ? ",\n" : "", i, i % 20, i % 200, kind[i % 4], payload[i % 4],
                (int64_t)1795000000000LL + i);
    fputs("]}\n", f);
    return fclose(f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [N_DURABLE] [N_EXPORT]\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    int n = argc > 2 ? atoi(argv[2]) : 1000, nx = argc > 3 ? atoi(argv[3]) : 100000;
    lectern_error e = {0};
    lectern_progress *p;
    char path[4200];
    mkdir(dir, 0700);
    double base = baseline(dir, n);
    if (lectern_progress_open(dir, &p, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    int64_t me;
    lectern_progress_profile_create(p, "Amina", NULL, 1795000000000LL, &me, &e);
    lectern_progress_ref r = {me, "org.x", "1.0.0", "en"};
    double t0 = now();
    for (int i = 0; i < n; i++) {
        char it[16];
        snprintf(it, sizeof it, "item-%d", i % 50);
        lectern_attempt a = {"A", 1, 1, 1000, LECTERN_INTERACTION_CHOICE};
        int rc = (i & 1) ? lectern_progress_viewed(p, &r, it, 1795000000000LL + i, &e)
                         : lectern_progress_attempt(p, &r, it, &a, 1795000000000LL + i, NULL, &e);
        if (rc < 0) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
    }
    double rate = n / (now() - t0);
    printf("durable events (%s journal): %.0f/s; raw SQLite commits: %.0f/s; ratio %.2f\n",
           lectern_progress_journal_mode(p), rate, base, base > 0 ? rate / base : 0);
    /* A slide advance records the time on the item left, the resume position and
     * viewed: as three commits (before) and as one batch (what the player does).
     * Rounds alternate the two so that a change of load on a shared machine
     * hits both; the figures are the medians over the rounds. */
    enum { ROUNDS = 11 };
    int na = n / 40 > 10 ? n / 40 : 10;
    double wall[2][ROUNDS], cpu[2][ROUNDS], ratio[ROUNDS];
    int64_t tick = 1796000000000LL;
    for (int round = 0; round < ROUNDS; round++) {
        for (int mode = 0; mode < 2; mode++) {
            double w0 = now(), c0 = cpu_now();
            for (int i = 0; i < na; i++) {
                char prev[16], it[16];
                int64_t t = tick++;
                snprintf(prev, sizeof prev, "item-%d", i % 50);
                snprintf(it, sizeof it, "item-%d", (i + 1) % 50);
                int rc = mode ? lectern_progress_batch_begin(p, &e) : 0;
                if (rc == 0)
                    rc = lectern_progress_time_spent(p, &r, prev, 4000, t, &e);
                if (rc == 0)
                    rc = lectern_progress_position(p, &r, it, 0, t, &e);
                if (rc == 0)
                    rc = lectern_progress_viewed(p, &r, it, t, &e);
                if (rc == 0 && mode)
                    rc = lectern_progress_batch_commit(p, &e);
                if (rc < 0) {
                    fprintf(stderr, "%s\n", e.msg);
                    return 1;
                }
            }
            wall[mode][round] = (now() - w0) * 1000.0 / na;
            cpu[mode][round] = (cpu_now() - c0) * 1000.0 / na;
        }
        ratio[round] = wall[0][round] > 0 ? wall[1][round] / wall[0][round] : 0;
    }
    printf("slide advance (time spent + position + viewed), %d rounds of %d: %.2f ms as 3 "
           "commits, %.2f ms as one transaction (CPU %.2f / %.2f ms); ratio %.2f\n", ROUNDS,
           na, median(wall[0], ROUNDS), median(wall[1], ROUNDS), median(cpu[0], ROUNDS),
           median(cpu[1], ROUNDS), median(ratio, ROUNDS));
    snprintf(path, sizeof path, "%s/events.json", dir);
    if (make_export(path, nx) < 0)
        return 1;
    lectern_import_stats st;
    t0 = now();
    if (lectern_progress_import(p, path, &st, &e) < 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    printf("import of %" PRId64 " events (summaries rebuilt): %.2f s\n", st.events_added,
           now() - t0);
    snprintf(path, sizeof path, "%s/statements.json", dir);
    t0 = now();
    lectern_progress_export_xapi(p, path, &e);
    printf("xAPI export of %" PRId64 " events: %.2f s\n", lectern_progress_n_events(p),
           now() - t0);
    snprintf(path, sizeof path, "%s/report.csv", dir);
    t0 = now();
    lectern_progress_export_csv(p, path, &e);
    printf("CSV export: %.3f s\n", now() - t0);
    lectern_progress_close(p);
    t0 = now();
    if (lectern_progress_open(dir, &p, &e) < 0)
        return 1;
    printf("reopen with integrity_check: %.3f s\n", now() - t0);
    lectern_progress_close(p);
    return 0;
}
