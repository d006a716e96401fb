/* Nothing lost: a child process records events in a loop and writes each
 * event id to a pipe after its commit returned; the parent SIGKILLs it at a
 * random moment, then reopens the store: it must open, pass
 * PRAGMA integrity_check, hold every id the child reported, and its summaries
 * must equal a replay of its events; one of the four steps is a batch of three
 * events (a slide advance), which is never found in part. 20 kills by default, 200 with
 * LECTERN_LONG_TESTS=1, every other one with the DELETE journal. The random
 * moments come from a fixed seed. */
#include "progress_test.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

static void child(const char *dir, int64_t me, int fd, unsigned seed)
{
    lectern_error err = {0};
    lectern_progress *p;
    if (lectern_progress_open(dir, &p, &err) < 0)
        _exit(3);
    lectern_progress_ref r = {me, "org.lectern.test.progress", "1.0.0", NULL};
    int64_t t = T0 + (int64_t)seed * 1000000;
    for (unsigned i = 0;; i++) {
        char item[16], payload[128];
        int64_t id = 0;
        int rc;
        snprintf(item, sizeof item, "item-%u", (i * 7 + seed) % 23);
        switch (i % 4) {
        case 0: {
            /* a slide advance as the player records it: one batch of three events
             * sharing a time, reported only once the batch is committed */
            int64_t ids[3];
            rc = lectern_progress_batch_begin(p, &err);
            if (rc == 0)
                rc = lectern_progress_record(p, &r, item, "time_spent",
                                             "{\"ms\":1000,\"batch\":1}", t, &ids[0], &err);
            if (rc == 0)
                rc = lectern_progress_record(p, &r, item, "position", "{\"batch\":1}", t,
                                             &ids[1], &err);
            if (rc == 0)
                rc = lectern_progress_record(p, &r, item, "viewed", "{\"batch\":1}", t, &ids[2],
                                             &err);
            if (rc == 0)
                rc = lectern_progress_batch_commit(p, &err);
            t++;
            if (rc < 0)
                _exit(4);
            if (write(fd, ids, 2 * sizeof id) != (ssize_t)(2 * sizeof id))
                _exit(5);
            id = ids[2];
            break;
        }
        case 1:
            snprintf(payload, sizeof payload, "{\"ms\":%u}", 100 + i % 900);
            rc = lectern_progress_record(p, &r, item, "time_spent", payload, t++, &id, &err);
            break;
        case 2:
            snprintf(payload, sizeof payload,
                     "{\"from_ms\":%u,\"to_ms\":%u,\"duration_ms\":60000}", (i % 50) * 1000,
                     (i % 50) * 1000 + 3000);
            rc = lectern_progress_record(p, &r, item, "video_range", payload, t++, &id, &err);
            break;
        default: {
            lectern_attempt a = {"A", (i % 3) / 2.0, i % 3 == 2, 1500, LECTERN_INTERACTION_CHOICE};
            rc = lectern_progress_attempt(p, &r, item, &a, t++, &id, &err);
        }
        }
        if (rc < 0)
            _exit(4);
        if (write(fd, &id, sizeof id) != (ssize_t)sizeof id)
            _exit(5);
    }
}

static void test_sigkill_loop(void **state)
{
    (void)state;
    lectern_error err = {0};
    const char *longm = getenv("LECTERN_LONG_TESTS");
    int rounds = longm && *longm && strcmp(longm, "0") != 0 ? 200 : 20;
    char *dir = pt_tmpdir();
    lectern_progress *p;
    int64_t me;
    PT_OK(lectern_progress_open(dir, &p, &err));
    PT_OK(lectern_progress_profile_create(p, "Amina", NULL, T0, &me, &err));
    lectern_progress_close(p);
    size_t cap = 1 << 12, n_ids = 0;
    int64_t *ids = malloc(cap * sizeof *ids);
    srand(20261128);
    for (int round = 0; round < rounds; round++) {
        /* odd rounds use the DELETE journal (network file systems) */
        if (round % 2)
            setenv("LECTERN_PROGRESS_JOURNAL", "delete", 1);
        else
            unsetenv("LECTERN_PROGRESS_JOURNAL");
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            child(dir, me, fds[1], (unsigned)round);
            _exit(6);
        }
        close(fds[1]);
        /* let it commit some events, then kill it at a random point */
        int want = rand() % 40;
        int64_t id;
        for (int k = 0; k < want; k++) {
            if (read(fds[0], &id, sizeof id) != (ssize_t)sizeof id)
                break;
            if (n_ids == cap)
                ids = realloc(ids, (cap *= 2) * sizeof *ids);
            ids[n_ids++] = id;
        }
        for (volatile int spin = rand() % 200000; spin > 0; spin--)
            ;
        kill(pid, SIGKILL);
        /* everything the child reported before dying counts */
        ssize_t got;
        while ((got = read(fds[0], &id, sizeof id)) == (ssize_t)sizeof id) {
            if (n_ids == cap)
                ids = realloc(ids, (cap *= 2) * sizeof *ids);
            ids[n_ids++] = id;
        }
        close(fds[0]);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFSIGNALED(status))
            fail_msg("round %d: child exited with %d instead of being killed", round,
                     WEXITSTATUS(status));
        /* reopen: integrity check (inside open, and again here), every id */
        if (lectern_progress_open(dir, &p, &err) < 0)
            fail_msg("round %d: reopen failed: %s", round, err.msg);
        assert_string_equal(lectern_progress_journal_mode(p), round % 2 ? "delete" : "wal");
        for (size_t k = 0; k < n_ids; k++)
            if (!lectern_progress_has_event(p, ids[k]))
                fail_msg("round %d: committed event %lld is missing", round,
                         (long long)ids[k]);
        assert_true(lectern_progress_n_events(p) >= (int64_t)n_ids);
        lectern_progress_close(p);
        /* a batch is all there or not at all: never 1 or 2 of its 3 events */
        {
            char *dbp = pt_join(dir, LECTERN_PROGRESS_FILE);
            sqlite3 *raw;
            sqlite3_stmt *st;
            assert_int_equal(sqlite3_open(dbp, &raw), SQLITE_OK);
            assert_int_equal(sqlite3_prepare_v2(raw, "SELECT t_ms, count(*) FROM event WHERE"
                                                " json_extract(payload, '$.batch') = 1"
                                                " GROUP BY t_ms HAVING count(*) != 3", -1, &st,
                                                NULL), SQLITE_OK);
            if (sqlite3_step(st) == SQLITE_ROW)
                fail_msg("round %d: a batch at %lld has %d of its 3 events", round,
                         (long long)sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1));
            sqlite3_finalize(st);
            sqlite3_close(raw);
            free(dbp);
        }
        char *db = pt_join(dir, LECTERN_PROGRESS_FILE);
        sqlite3 *raw;
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &st, NULL),
                         SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
        sqlite3_finalize(st);
        sqlite3_close(raw);
        free(db);
    }
    unsetenv("LECTERN_PROGRESS_JOURNAL");
    assert_true(n_ids > 0);
    print_message("%d kills, %zu committed events reported, all present\n", rounds, n_ids);
    /* the summaries are exactly what replaying the log gives */
    pt_assert_replay(dir);
    free(ids);
    pt_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sigkill_loop),
    };
    return cmocka_run_group_tests_name("progress_crash", tests, NULL, NULL);
}
