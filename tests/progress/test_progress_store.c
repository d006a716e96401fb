/* The progress store file: creation, WAL and pragmas, schema migration from
 * an empty (v0) database, refusal of newer or damaged files without touching
 * them, backups and recovery, and trainee profiles. */
#include "progress_test.h"

#include <sys/stat.h>

static void test_open_creates(void **state)
{
    (void)state;
    lectern_error err = {0};
    char *dir = pt_tmpdir();
    char *data = pt_join(dir, "a/b/data");   /* parents are created */
    lectern_progress *p = NULL;
    PT_OK(lectern_progress_open(data, &p, &err));
    char *db = pt_join(data, LECTERN_PROGRESS_FILE);
    assert_string_equal(lectern_progress_path(p), db);
    assert_string_equal(lectern_progress_journal_mode(p), "wal");
    char dev[40];
    snprintf(dev, sizeof dev, "%s", lectern_progress_device_id(p));
    assert_int_equal(strlen(dev), 32);
    lectern_progress_close(p);
    assert_int_equal(pt_sql_int(db, "PRAGMA user_version"), LECTERN_PROGRESS_SCHEMA);
    assert_int_equal(pt_sql_int(db, "SELECT count(*) FROM sqlite_master WHERE name='event'"), 1);
    /* reopening keeps the device id */
    PT_OK(lectern_progress_open(data, &p, &err));
    assert_string_equal(lectern_progress_device_id(p), dev);
    lectern_progress_close(p);
    free(db);
    free(data);
    pt_rmdir(dir);
}

static void test_migrates_v0(void **state)
{
    (void)state;
    lectern_error err = {0};
    char *dir = pt_tmpdir();
    char *db = pt_join(dir, LECTERN_PROGRESS_FILE);
    sqlite3 *raw;
    /* an empty SQLite file at user_version 0, with an unrelated table */
    assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, "CREATE TABLE other(x); INSERT INTO other VALUES(7)",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    assert_int_equal(pt_sql_int(db, "PRAGMA user_version"), 0);
    lectern_progress *p = NULL;
    PT_OK(lectern_progress_open(dir, &p, &err));
    int64_t id;
    PT_OK(lectern_progress_profile_create(p, "Amina", NULL, T0, &id, &err));
    lectern_progress_close(p);
    assert_int_equal(pt_sql_int(db, "PRAGMA user_version"), LECTERN_PROGRESS_SCHEMA);
    assert_int_equal(pt_sql_int(db, "SELECT x FROM other"), 7);
    assert_int_equal(pt_sql_int(db, "SELECT count(*) FROM profile"), 1);
    free(db);
    pt_rmdir(dir);
}

static void test_refuses_newer(void **state)
{
    (void)state;
    lectern_error err = {0};
    char *dir = pt_tmpdir();
    char *db = pt_join(dir, LECTERN_PROGRESS_FILE);
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_exec(raw, "CREATE TABLE future(x); PRAGMA user_version=99",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    size_t n0, n1;
    char *before = pt_slurp(db, &n0);
    lectern_progress *p = NULL;
    int rc = lectern_progress_open(dir, &p, &err);
    assert_int_equal(rc, LECTERN_EUNSUPPORTED);
    assert_null(p);
    assert_non_null(strstr(err.msg, "99"));
    assert_non_null(strstr(err.msg, "not modified"));
    assert_non_null(strstr(err.msg, db));
    char *after = pt_slurp(db, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    char *wal = pt_join(dir, LECTERN_PROGRESS_FILE "-wal");
    assert_int_equal(access(wal, F_OK), -1);    /* not switched to WAL either */
    free(wal);
    free(before);
    free(after);
    free(db);
    pt_rmdir(dir);
}

static void test_refuses_garbage(void **state)
{
    (void)state;
    lectern_error err = {0};
    char *dir = pt_tmpdir();
    char *db = pt_join(dir, LECTERN_PROGRESS_FILE);
    FILE *f = fopen(db, "wb");
    fputs("this is not a database, it is a shopping list\n", f);
    fclose(f);
    lectern_progress *p = NULL;
    assert_int_equal(lectern_progress_open(dir, &p, &err), LECTERN_EFORMAT);
    assert_non_null(strstr(err.msg, db));
    char *after = pt_slurp(db, NULL);
    assert_string_equal(after, "this is not a database, it is a shopping list\n");
    free(after);
    free(db);
    pt_rmdir(dir);
}

/* Damages a page in the middle of a real store: open refuses, recover moves
 * the file aside, restores the newest good backup and reads back the event
 * recorded after it. */
static void test_damaged_and_recover(void **state)
{
    (void)state;
    lectern_error err = {0};
    char *dir = pt_tmpdir();
    char *db = pt_join(dir, LECTERN_PROGRESS_FILE);
    lectern_progress *p = NULL;
    PT_OK(lectern_progress_open(dir, &p, &err));
    int64_t me;
    PT_OK(lectern_progress_profile_create(p, "Amina", "A-1", T0, &me, &err));
    lectern_progress_ref ref = {me, "course", "1.0.0", NULL};
    for (int i = 0; i < 300; i++) {
        char item[32];
        snprintf(item, sizeof item, "item-%03d", i);
        PT_OK(lectern_progress_viewed(p, &ref, item, T0 + i, &err));
    }
    PT_OK(lectern_progress_backup(p, T0 + 1000, 2, &err));
    PT_OK(lectern_progress_backup(p, T0 + 2000, 2, &err));
    PT_OK(lectern_progress_backup(p, T0 + 3000, 2, &err));
    char *bdir = pt_join(dir, "backups");
    char *old = pt_join(bdir, "progress-001795000001000.sqlite");
    assert_int_equal(access(old, F_OK), -1);      /* only the 2 newest are kept */
    PT_OK(lectern_progress_viewed(p, &ref, "after-backup", T0 + 4000, &err));
    lectern_progress_close(p);
    /* checkpointed on close: scribble over a b-tree page in the middle */
    struct stat sb;
    assert_int_equal(stat(db, &sb), 0);
    assert_true(sb.st_size > 8 * 4096);
    FILE *f = fopen(db, "r+b");
    for (int pg = 2; pg < 8; pg++) {      /* b-tree page headers */
        fseek(f, pg * 4096, SEEK_SET);
        for (int i = 0; i < 12; i++)
            fputc(0xA5, f);
    }
    fclose(f);
    size_t n0;
    char *before = pt_slurp(db, &n0);
    assert_int_equal(lectern_progress_open(dir, &p, &err), LECTERN_EFORMAT);
    assert_non_null(strstr(err.msg, db));
    assert_non_null(strstr(err.msg, "damaged"));
    size_t n1;
    char *after = pt_slurp(db, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);     /* never overwritten */
    int restored = 0;
    PT_OK(lectern_progress_recover(dir, T0 + 5000, &restored, &err));
    assert_int_equal(restored, 1);
    assert_non_null(strstr(err.msg, "damaged-"));
    char moved[4200];
    snprintf(moved, sizeof moved, "%s.damaged-%lld", db, (long long)(T0 + 5000));
    char *kept = pt_slurp(moved, NULL);
    assert_non_null(kept);
    assert_memory_equal(kept, before, n0);
    PT_OK(lectern_progress_open(dir, &p, &err));
    /* the backup's 300 events, and the one recorded after it read back from the
     * damaged file (its page is intact) */
    assert_int_equal(lectern_progress_n_events(p), 301);
    lectern_item_state is;
    PT_OK(lectern_progress_item(p, me, "course", "after-backup", &is, &err));
    assert_int_equal(is.viewed, 1);
    lectern_item_state_clear(&is);
    lectern_progress_close(p);
    /* without any backup: moved aside, the next open starts empty */
    char *bk = pt_join(bdir, "progress-001795000003000.sqlite");
    char *bk2 = pt_join(bdir, "progress-001795000002000.sqlite");
    assert_int_equal(unlink(bk), 0);
    assert_int_equal(unlink(bk2), 0);
    free(bk);
    free(bk2);
    FILE *g = fopen(db, "wb");
    fputs("garbage garbage garbage", g);
    fclose(g);
    assert_int_equal(lectern_progress_open(dir, &p, &err), LECTERN_EFORMAT);
    PT_OK(lectern_progress_recover(dir, T0 + 6000, &restored, &err));
    assert_int_equal(restored, 0);
    assert_non_null(strstr(err.msg, "no good backup"));
    PT_OK(lectern_progress_open(dir, &p, &err));
    assert_int_equal(lectern_progress_n_events(p), 0);
    lectern_progress_close(p);
    free(kept);
    free(before);
    free(after);
    free(old);
    free(bdir);
    free(db);
    pt_rmdir(dir);
}

static void test_profiles(void **state)
{
    (void)state;
    lectern_error err = {0};
    char *dir = pt_tmpdir();
    lectern_progress *p = NULL;
    PT_OK(lectern_progress_open(dir, &p, &err));
    int64_t a, b, c, last;
    assert_int_equal(lectern_progress_profile_last(p, &last, &err), LECTERN_ENOTFOUND);
    PT_OK(lectern_progress_profile_create(p, "  Amina  ", NULL, T0, &a, &err));
    PT_OK(lectern_progress_profile_create(p, "Bruno", "staff-42", T0 + 1, &b, &err));
    /* same name without identifier: refused; with an identifier: fine */
    assert_int_equal(lectern_progress_profile_create(p, "amina", NULL, T0, &c, &err),
                     LECTERN_EINVAL);
    assert_non_null(strstr(err.msg, "already exists"));
    PT_OK(lectern_progress_profile_create(p, "Amina", "staff-7", T0 + 2, &c, &err));
    assert_int_equal(lectern_progress_profile_create(p, "Other", "staff-7", T0, NULL, &err),
                     LECTERN_EINVAL);
    assert_int_equal(lectern_progress_profile_create(p, "   ", NULL, T0, NULL, &err),
                     LECTERN_EINVAL);
    PT_OK(lectern_progress_profile_use(p, b, T0 + 10, &err));
    PT_OK(lectern_progress_profile_use(p, a, T0 + 20, &err));
    PT_OK(lectern_progress_profile_last(p, &last, &err));
    assert_int_equal(last, a);
    lectern_profile *v;
    size_t n;
    PT_OK(lectern_progress_profiles(p, &v, &n, &err));
    assert_int_equal(n, 3);
    assert_int_equal(v[0].id, a);            /* most recently used first */
    assert_string_equal(v[0].name, "Amina");
    assert_null(v[0].identifier);
    assert_int_equal(v[1].id, b);
    assert_string_equal(v[1].identifier, "staff-42");
    assert_int_equal(strlen(v[0].uid), 36);
    lectern_profiles_free(v, n);
    /* remembered across a reopen */
    lectern_progress_close(p);
    PT_OK(lectern_progress_open(dir, &p, &err));
    PT_OK(lectern_progress_profile_last(p, &last, &err));
    assert_int_equal(last, a);
    PT_OK(lectern_progress_profile_rename(p, b, "Bruno M.", &err));
    assert_int_equal(lectern_progress_profile_rename(p, c, "Bruno M.", &err), 0); /* has an id */
    assert_int_equal(lectern_progress_profile_rename(p, 999, "X", &err), LECTERN_ENOTFOUND);
    /* delete takes its events and summaries along */
    lectern_progress_ref ra = {a, "course", "1", NULL}, rb = {b, "course", "1", NULL};
    PT_OK(lectern_progress_viewed(p, &ra, "s1", T0, &err));
    PT_OK(lectern_progress_viewed(p, &rb, "s1", T0, &err));
    PT_OK(lectern_progress_profile_delete(p, a, &err));
    assert_int_equal(lectern_progress_profile_last(p, &last, &err), LECTERN_ENOTFOUND);
    assert_int_equal(lectern_progress_n_events(p), 1);
    assert_int_equal(lectern_progress_viewed(p, &ra, "s1", T0, &err), LECTERN_ENOTFOUND);
    const char *db = lectern_progress_path(p);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM item_state WHERE profile_id=%lld",
             (long long)a);
    assert_int_equal(pt_sql_int(db, sql), 0);
    assert_int_equal(pt_sql_int(db, "SELECT count(*) FROM item_state"), 1);
    assert_int_equal(lectern_progress_profile_delete(p, a, &err), LECTERN_ENOTFOUND);
    lectern_progress_close(p);
    pt_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_creates),
        cmocka_unit_test(test_migrates_v0),
        cmocka_unit_test(test_refuses_newer),
        cmocka_unit_test(test_refuses_garbage),
        cmocka_unit_test(test_damaged_and_recover),
        cmocka_unit_test(test_profiles),
    };
    return cmocka_run_group_tests_name("progress_store", tests, NULL, NULL);
}
