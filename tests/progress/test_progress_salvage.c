/* Recovery of a really damaged store (lectern_progress_open_recover): pages
 * overwritten with garbage (table leaves, index pages, the profile table),
 * the file truncated, the header overwritten. The test reads the pristine
 * file's event b-tree itself (which event ids live on which page) so it knows
 * exactly what must survive: every event in the backup, and every event whose
 * page is intact, even when the pages above it are not; the damaged file is
 * kept as it was, and the rows of a deleted trainee never come back. */
#include "progress_test.h"

#include <sys/stat.h>

#define PG 4096

typedef struct store {
    char *dir, *db;
    int64_t amina, bilal;
    int n_events;
} store;

/* Records n events for two trainees in batches; a backup after `backup_at`
 * events (-1: none). Closed (checkpointed) at the end. */
static store make_store(int n, int backup_at)
{
    store s = {0};
    lectern_error err = {0};
    lectern_progress *p;
    s.dir = pt_tmpdir();
    s.db = pt_join(s.dir, LECTERN_PROGRESS_FILE);
    PT_OK(lectern_progress_open(s.dir, &p, &err));
    PT_OK(lectern_progress_profile_create(p, "Amina", "A-1", T0, &s.amina, &err));
    PT_OK(lectern_progress_profile_create(p, "Bilal", NULL, T0, &s.bilal, &err));
    PT_OK(lectern_progress_profile_use(p, s.bilal, T0 + 5, &err));
    for (int i = 0; i < n; i++) {
        if (i % 100 == 0)
            PT_OK(lectern_progress_batch_begin(p, &err));
        lectern_progress_ref r = {i % 3 ? s.amina : s.bilal, "org.x", "1.0.0", "fr"};
        char item[32];
        snprintf(item, sizeof item, "item-%03d", i % 97);
        if (i % 4 == 3) {
            lectern_attempt a = {"une r\xC3\xA9ponse assez longue pour remplir les pages",
                                 (i % 5) / 4.0, i % 5 == 4, 1000 + i, LECTERN_INTERACTION_FILL_IN};
            PT_OK(lectern_progress_attempt(p, &r, item, &a, T0 + 10 + i, NULL, &err));
        } else {
            PT_OK(lectern_progress_viewed(p, &r, item, T0 + 10 + i, &err));
        }
        if (i % 100 == 99 || i == n - 1)
            PT_OK(lectern_progress_batch_commit(p, &err));
        if (i + 1 == backup_at)
            PT_OK(lectern_progress_backup(p, T0 + 1, 3, &err));
    }
    lectern_progress_close(p);
    s.n_events = n;
    return s;
}

static void store_free(store *s)
{
    free(s->db);
    pt_rmdir(s->dir);
}

/* ---- a reader of the pristine file's b-tree ------------------------------ */

static unsigned be16(const unsigned char *b)
{
    return (unsigned)b[0] << 8 | b[1];
}

static uint32_t be32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static const unsigned char *varint(const unsigned char *p, uint64_t *v)
{
    *v = 0;
    for (int i = 0; i < 8; i++) {
        *v = (*v << 7) | (p[i] & 0x7f);
        if (!(p[i] & 0x80))
            return p + i + 1;
    }
    *v = (*v << 8) | p[8];
    return p + 9;
}

/* For each event id: the leaf page holding it and the deepest page on its path
 * from the root (page[id], maxpath[id]); 0 when not found. */
typedef struct tmap {
    uint32_t *leaf, *maxpath;
    size_t cap;
    uint32_t n_pages;
} tmap;

static void walk(const unsigned char *f, uint32_t page, uint32_t maxp, tmap *m)
{
    const unsigned char *pg = f + (size_t)(page - 1) * PG;
    int h = page == 1 ? 100 : 0;
    if (page > maxp)
        maxp = page;
    unsigned nc = be16(pg + h + 3);
    if (pg[h] == 0x0D) {
        for (unsigned i = 0; i < nc; i++) {
            uint64_t len, rowid;
            const unsigned char *c = varint(pg + be16(pg + h + 8 + 2 * i), &len);
            varint(c, &rowid);
            assert_true(rowid < m->cap);
            m->leaf[rowid] = page;
            m->maxpath[rowid] = maxp;
        }
        return;
    }
    assert_int_equal(pg[h], 0x05);
    for (unsigned i = 0; i < nc; i++)
        walk(f, be32(pg + be16(pg + h + 12 + 2 * i)), maxp, m);
    walk(f, be32(pg + h + 8), maxp, m);
}

static uint32_t rootpage(const char *db, const char *name)
{
    sqlite3 *raw;
    sqlite3_stmt *st;
    uint32_t r = 0;
    assert_int_equal(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(raw, "SELECT rootpage FROM sqlite_schema WHERE name=?",
                                        -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        r = (uint32_t)sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(raw);
    return r;
}

static tmap map_events(const char *db, const unsigned char *f, size_t len, int n)
{
    tmap m = {0};
    m.cap = (size_t)n + 16;
    m.leaf = calloc(m.cap, sizeof *m.leaf);
    m.maxpath = calloc(m.cap, sizeof *m.maxpath);
    m.n_pages = (uint32_t)(len / PG);
    walk(f, rootpage(db, "event"), 0, &m);
    for (int id = 1; id <= n; id++)
        assert_true(m.leaf[id] != 0);       /* ids are 1..n */
    return m;
}

static void tmap_free(tmap *m)
{
    free(m->leaf);
    free(m->maxpath);
}

/* 1 when event `id` is in the store file at path. */
static int uid_of(sqlite3 *raw, int64_t id, char out[64])
{
    sqlite3_stmt *st;
    int ok = 0;
    sqlite3_prepare_v2(raw, "SELECT uid FROM event WHERE id=?", -1, &st, NULL);
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(out, 64, "%s", sqlite3_column_text(st, 0));
        ok = 1;
    }
    sqlite3_finalize(st);
    return ok;
}

static int has_uid(sqlite3 *raw, const char *uid)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(raw, "SELECT 1 FROM event WHERE uid=?", -1, &st, NULL);
    sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
    int ok = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return ok;
}

/* ---- a store, its pristine copy and what a test damaged --------------------- */

typedef struct scene {
    store s;
    unsigned char *f;               /* the pristine file's bytes */
    size_t len;
    char *pristine;                 /* a copy of the file before the damage */
    tmap m;
    unsigned char *damaged;         /* per page: 1 when damaged (or cut off) */
    char *backup;                   /* the backup file, or NULL */
} scene;

static char *snapshot(store *s, unsigned char **bytes, size_t *len)
{
    char *copy = pt_join(s->dir, "pristine.sqlite");
    *bytes = (unsigned char *)pt_slurp(s->db, len);
    FILE *f = fopen(copy, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(*bytes, 1, *len, f), *len);
    fclose(f);
    return copy;
}

/* Copies the store as it is now and maps its events; nothing damaged yet. */
static void scene_snapshot(scene *sc)
{
    sc->pristine = snapshot(&sc->s, &sc->f, &sc->len);
    sc->m = map_events(sc->pristine, sc->f, sc->len, sc->s.n_events);
    sc->damaged = calloc(sc->m.n_pages + 1, 1);
    assert_non_null(sc->damaged);
}

/* make_store(n, backup_at), then scene_snapshot. */
static scene scene_make(int n, int backup_at)
{
    scene sc = {0};
    sc.s = make_store(n, backup_at);
    scene_snapshot(&sc);
    return sc;
}

static void scene_free(scene *sc)
{
    free(sc->backup);
    free(sc->damaged);
    tmap_free(&sc->m);
    free(sc->f);
    free(sc->pristine);
    store_free(&sc->s);
}

/* ---- the checks after recovery -------------------------------------------- */

/* Recovers, checks what must survive and returns how many events were lost. */
static int recover_and_check(scene *sc, lectern_recovery *rec)
{
    store *s = &sc->s;
    lectern_error err = {0};
    lectern_progress *p = NULL;
    size_t n0;
    char *before = pt_slurp(s->db, &n0);
    PT_OK(lectern_progress_open_recover(s->dir, T0 + 777, &p, rec, &err));
    assert_int_equal(rec->recovered, 1);
    assert_int_equal(err.code, 0);
    assert_non_null(strstr(err.msg, "damaged-"));
    /* the damaged file is kept, byte for byte */
    size_t n1;
    char *kept = pt_slurp(rec->damaged_path, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, kept, n0);
    free(before);
    free(kept);
    char *path = strdup(lectern_progress_path(p));
    lectern_progress_close(p);
    sqlite3 *now, *orig, *bk = NULL;
    assert_int_equal(sqlite3_open_v2(path, &now, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_open_v2(sc->pristine, &orig, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sc->backup)
        assert_int_equal(sqlite3_open_v2(sc->backup, &bk, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    int lost = 0;
    for (int id = 1; id <= s->n_events; id++) {
        char uid[64];
        assert_true(uid_of(orig, id, uid));
        /* the page holding it is intact (the pages above it may be damaged: the
         * salvage also reads the leaf pages themselves) */
        int intact = !sc->damaged[sc->m.leaf[id]];
        int in_backup = bk && has_uid(bk, uid);
        int there = has_uid(now, uid);
        if ((intact || in_backup) && !there)
            fail_msg("event %d (%s) on intact page %u or in the backup is lost", id, uid,
                     sc->m.leaf[id]);
        lost += !there;
    }
    /* the recovered store is sound, and its summaries are a replay of its log */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(now, "PRAGMA integrity_check", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_close(now);
    sqlite3_close(orig);
    sqlite3_close(bk);
    pt_assert_replay(s->dir);
    free(path);
    return lost;
}

static void scribble(const char *db, uint32_t page, unsigned seed)
{
    FILE *f = fopen(db, "r+b");
    assert_non_null(f);
    fseek(f, (long)(page - 1) * PG, SEEK_SET);
    srand(seed);
    for (int i = 0; i < PG; i++)
        fputc(rand() & 0xff, f);
    fclose(f);
}

static char *backup_path(store *s)
{
    char *bdir = pt_join(s->dir, "backups");
    char *b = pt_join(bdir, "progress-001795000000001.sqlite");
    free(bdir);
    assert_int_equal(access(b, F_OK), 0);
    return b;
}

/* The store's profiles after recovery: there are two; *last (unless NULL)
 * the one chosen last. */
static lectern_profile *two_profiles(store *s, int64_t *last)
{
    lectern_error err = {0};
    lectern_progress *p;
    lectern_profile *v;
    size_t np;
    PT_OK(lectern_progress_open(s->dir, &p, &err));
    PT_OK(lectern_progress_profiles(p, &v, &np, &err));
    assert_int_equal(np, 2);
    if (last)
        PT_OK(lectern_progress_profile_last(p, last, &err));
    lectern_progress_close(p);
    return v;
}

/* Table leaves overwritten with random bytes, a backup taken half-way. */
static void test_pages_overwritten(void **state)
{
    (void)state;
    scene sc = scene_make(3000, 1500);
    /* 4 event leaves (reached through the intact root), 2 of them after the
     * backup (ids > 1500) */
    uint32_t want[4] = {sc.m.leaf[200], sc.m.leaf[1400], sc.m.leaf[2100], sc.m.leaf[2900]};
    for (int i = 0; i < 4; i++) {
        sc.damaged[want[i]] = 1;
        scribble(sc.s.db, want[i], 7u + (unsigned)i);
    }
    sc.backup = backup_path(&sc.s);
    lectern_recovery rec;
    int lost = recover_and_check(&sc, &rec);
    assert_int_equal(rec.restored_backup, 1);
    assert_true(rec.events_salvaged > 1000);        /* most of what came after the backup */
    assert_true(lost > 0);                          /* the two pages after the backup */
    print_message("pages overwritten: %d of %d events lost, %lld salvaged beyond the backup\n",
                  lost, sc.s.n_events, (long long)rec.events_salvaged);
    scene_free(&sc);
}

/* Index pages (the uid index, the WITHOUT ROWID summaries) overwritten, no
 * backup: every event is read back (by rowid), summaries rebuilt. */
static void test_index_pages_overwritten(void **state)
{
    (void)state;
    scene sc = scene_make(1200, -1);
    int n = 0;
    for (uint32_t pg = 2; pg <= sc.m.n_pages && n < 6; pg++) {
        unsigned char t = sc.f[(size_t)(pg - 1) * PG];
        if (t == 0x0A || t == 0x02) {
            scribble(sc.s.db, pg, pg);
            sc.damaged[pg] = 1;
            n++;
        }
    }
    assert_int_equal(n, 6);
    lectern_recovery rec;
    assert_int_equal(recover_and_check(&sc, &rec), 0);
    assert_int_equal(rec.restored_backup, 0);
    assert_int_equal(rec.events_salvaged, sc.s.n_events);
    /* the profiles came back with their names, and the last chosen one */
    int64_t last;
    lectern_profile *v = two_profiles(&sc.s, &last);
    for (size_t i = 0; i < 2; i++)
        if (v[i].id == last)
            assert_string_equal(v[i].name, "Bilal");
    lectern_profiles_free(v, 2);
    scene_free(&sc);
}

/* The profile table's page overwritten, no backup: its events are kept under
 * a "Recovered trainee N" profile each. */
static void test_profile_page_overwritten(void **state)
{
    (void)state;
    scene sc = scene_make(600, -1);
    uint32_t root = rootpage(sc.s.db, "profile");
    scribble(sc.s.db, root, 99);
    sc.damaged[root] = 1;
    lectern_recovery rec;
    assert_int_equal(recover_and_check(&sc, &rec), 0);
    assert_int_equal(rec.profiles_salvaged, 2);
    lectern_profile *v = two_profiles(&sc.s, NULL);
    int named = 0;
    for (size_t i = 0; i < 2; i++)
        named += strncmp(v[i].name, "Recovered trainee ", 18) == 0;
    assert_int_equal(named, 2);
    lectern_profiles_free(v, 2);
    scene_free(&sc);
}

/* The event table's root (interior) page overwritten, no backup: every event
 * is read back from the leaf pages; a trainee deleted earlier (rows on pages
 * now on the free list) does not come back. */
static void test_root_page_overwritten(void **state)
{
    (void)state;
    lectern_error err = {0};
    scene sc = {0};
    sc.s = make_store(1500, -1);
    lectern_progress *p;
    int64_t zed;
    PT_OK(lectern_progress_open(sc.s.dir, &p, &err));
    PT_OK(lectern_progress_profile_create(p, "Zed", NULL, T0, &zed, &err));
    lectern_progress_ref r = {zed, "org.x", "1.0.0", NULL};
    PT_OK(lectern_progress_batch_begin(p, &err));
    for (int i = 0; i < 400; i++) {
        char item[64];
        snprintf(item, sizeof item, "zed-%03d-with-a-longer-id-to-fill-pages", i);
        PT_OK(lectern_progress_viewed(p, &r, item, T0 + 100000 + i, &err));
    }
    PT_OK(lectern_progress_batch_commit(p, &err));
    PT_OK(lectern_progress_profile_delete(p, zed, &err));
    lectern_progress_close(p);
    scene_snapshot(&sc);
    uint32_t root = rootpage(sc.s.db, "event");
    assert_int_equal(sc.f[(size_t)(root - 1) * PG], 0x05);      /* interior */
    scribble(sc.s.db, root, 5);
    sc.damaged[root] = 1;
    lectern_recovery rec;
    assert_int_equal(recover_and_check(&sc, &rec), 0);
    assert_int_equal(rec.events_salvaged, sc.s.n_events);
    assert_int_equal(rec.profiles_salvaged, 2);             /* Amina, Bilal: no Zed */
    sqlite3 *raw;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(sc.s.db, &raw), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(raw, "SELECT count(*) FROM event WHERE item_id LIKE"
                                        " 'zed-%'", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    sqlite3_close(raw);
    scene_free(&sc);
}

/* The file cut to 60 %: what lies in the part left is read back. */
static void test_truncated(void **state)
{
    (void)state;
    scene sc = scene_make(2000, -1);
    uint32_t keep = (uint32_t)(sc.len / PG * 6 / 10);
    assert_int_equal(truncate(sc.s.db, (off_t)keep * PG), 0);
    for (uint32_t pg = keep + 1; pg <= sc.m.n_pages; pg++)
        sc.damaged[pg] = 1;
    lectern_recovery rec;
    int lost = recover_and_check(&sc, &rec);
    assert_true(lost > 0 && lost < sc.s.n_events);
    assert_int_equal(rec.events_salvaged, sc.s.n_events - lost);
    print_message("truncated to %u of %u pages: %d of %d events lost\n", keep, sc.m.n_pages,
                  lost, sc.s.n_events);
    scene_free(&sc);
}

/* The first 100 bytes overwritten (no longer an SQLite file), no backup: the
 * header is rebuilt on a copy and every event is read back. */
static void test_garbage_header(void **state)
{
    (void)state;
    scene sc = scene_make(800, -1);
    FILE *g = fopen(sc.s.db, "r+b");
    assert_non_null(g);
    for (int i = 0; i < 100; i++)
        fputc("this is not a database "[i % 23], g);
    fclose(g);
    lectern_recovery rec;
    assert_int_equal(recover_and_check(&sc, &rec), 0);
    assert_int_equal(rec.header_rebuilt, 1);
    assert_int_equal(rec.events_salvaged, sc.s.n_events);
    scene_free(&sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_overwritten),
        cmocka_unit_test(test_index_pages_overwritten),
        cmocka_unit_test(test_profile_page_overwritten),
        cmocka_unit_test(test_root_page_overwritten),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_garbage_header),
    };
    return cmocka_run_group_tests_name("progress_salvage", tests, NULL, NULL);
}
