/* Broken course sources, written into a mkdtemp() folder: each one must
 * give the right code and a message that names the file and JSON path,
 * and check must keep going to report every problem. Warnings (unknown
 * fields, undeclared languages) must not stop a load. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lectern/course.h"
#include "lectern/reader.h"
#include "../testfs.h"

static char tmp_root[256];

static const char *course_json =
    "{ \"format\": 1, \"id\": \"t.course\", \"version\": \"1.0.0\", \"title\": \"T\",\n"
    "  \"languages\": [\"en\", \"fr\"], \"modules\": [\"m1\", \"m2\"] }\n";
static const char *m1_json =
    "{ \"id\": \"m1\", \"title\": \"One\", \"items\": [\n"
    "  { \"id\": \"a\", \"type\": \"slide\", \"layout\": \"title\", \"title\": \"A\" },\n"
    "  { \"id\": \"b\", \"type\": \"slide\", \"layout\": \"bullets\", \"bullets\": [\"x\"] } ] }\n";
static const char *m2_json =
    "{ \"id\": \"m2\", \"title\": \"Two\", \"items\": [\n"
    "  { \"id\": \"c\", \"type\": \"slide\", \"layout\": \"quote\", \"text\": \"Q\" } ] }\n";

/* A fresh valid course in a new temp folder; returns its path. */
static const char *fresh(void)
{
    static int n;
    static char dir[300];
    snprintf(dir, sizeof dir, "%s/c%d", tmp_root, n++);
    mkdir(dir, 0755);
    testfs_put(dir, "course.json", course_json);
    testfs_put(dir, "modules/m1.json", m1_json);
    testfs_put(dir, "modules/m2.json", m2_json);
    return dir;
}

typedef struct result {
    int rc;
    lectern_error err;
    lectern_check_result res;
    lectern_reader *r;
} result;

static void run(const char *dir, result *out)
{
    memset(out, 0, sizeof *out);
    lectern_error e = {0};
    assert_int_equal(lectern_reader_open(dir, 0, &out->r, &e), 0);
    out->rc = lectern_course_check(out->r, &out->res, &out->err);
}

static void done(result *r)
{
    lectern_check_result_free(&r->res);
    lectern_reader_close(r->r);
}

/* The diagnostic at file + exact path (NULL: any path) whose message
 * contains `needle`; fails the test when there is none. */
static const lectern_diag *expect(const result *r, int error, const char *file, const char *path,
                                  const char *needle)
{
    for (size_t i = 0; i < r->res.n_diags; i++) {
        const lectern_diag *d = &r->res.diags[i];
        if (d->error == error && strcmp(d->file, file) == 0 && (!path || strcmp(d->path, path) == 0) &&
            strstr(d->msg, needle))
            return d;
    }
    for (size_t i = 0; i < r->res.n_diags; i++)
        fprintf(stderr, "  have: %s %s: %s: %s\n", r->res.diags[i].error ? "error" : "warning",
                r->res.diags[i].file, r->res.diags[i].path, r->res.diags[i].msg);
    fail_msg("no %s in %s at %s containing \"%s\"", error ? "error" : "warning", file,
             path ? path : "*", needle);
    return NULL;
}

static void valid_base_loads(void **state)
{
    (void)state;
    result r;
    run(fresh(), &r);
    assert_int_equal(r.rc, 0);
    assert_non_null(r.res.course);
    assert_int_equal(r.res.n_errors, 0);
    assert_int_equal(r.res.n_warnings, 0);
    assert_int_equal(lectern_course_n_items(r.res.course), 3);
    assert_int_equal(lectern_course_n_plans(r.res.course), 0);
    done(&r);
}

static void json_syntax_error_has_line_col(void **state)
{
    (void)state;
    const char *dir = fresh();
    testfs_put(dir, "modules/m2.json", "{ \"id\": \"m2\",\n  \"title\": \"Two\"\n  \"items\": [] }\n");
    /* a plan using m2's items: no cascade of "no item" errors */
    testfs_put(dir, "plans/p.json",
        "{ \"id\": \"p\", \"title\": \"P\", \"total_minutes\": 5, \"segments\": [\n"
        "  { \"id\": \"s\", \"title\": \"S\", \"kind\": \"qa\", \"minutes\": 5, \"items\": [\"a\", \"c\"] } ] }\n");
    result r;
    run(dir, &r);
    assert_int_equal(r.rc, LECTERN_EJSON);
    assert_null(r.res.course);
    assert_int_equal(r.res.n_errors, 1);
    const lectern_diag *d = expect(&r, 1, "modules/m2.json", "", "JSON");
    assert_int_equal(d->line, 3);
    assert_int_equal(d->column, 3);
    assert_non_null(strstr(r.err.msg, "modules/m2.json:3:3:"));
    done(&r);
    /* load fails with the same message */
    lectern_reader *rd;
    lectern_course *c = (lectern_course *)1;
    lectern_error e = {0};
    assert_int_equal(lectern_reader_open(dir, 0, &rd, &e), 0);
    assert_int_equal(lectern_course_load(rd, &c, &e), LECTERN_EJSON);
    assert_null(c);
    assert_non_null(strstr(e.msg, "modules/m2.json:3:3:"));
    lectern_reader_close(rd);
}






static void unknown_fields_are_warnings(void **state)
{
    (void)state;
    const char *dir = fresh();
    testfs_put(dir, "modules/m1.json",
        "{ \"id\": \"m1\", \"title\": { \"en\": \"One\", \"de\": \"Eins\" }, \"colour\": 1, \"items\": [\n"
        "  { \"id\": \"a\", \"type\": \"slide\", \"layout\": \"title\", \"title\": \"A\", \"tilte\": \"x\",\n"
        "    \"caption\": \"not for this layout\" } ] }\n");
    result r;
    run(dir, &r);
    assert_int_equal(r.rc, 0);
    assert_non_null(r.res.course);
    assert_int_equal(r.res.n_errors, 0);
    expect(&r, 0, "modules/m1.json", "colour", "unknown field");
    const lectern_diag *d = expect(&r, 0, "modules/m1.json", "items[0].tilte", "unknown field \"tilte\"");
    assert_non_null(strstr(d->msg, "did you mean \"title\""));
    expect(&r, 0, "modules/m1.json", "items[0].caption", "not used by the title layout");
    expect(&r, 0, "modules/m1.json", "title.de", "not in course.json \"languages\"");
    /* the loaded course keeps the warnings */
    assert_int_equal(lectern_course_n_diags(r.res.course), r.res.n_warnings);
    done(&r);
}

/* Version 1.2.0 removed item "old"; the 1.1.0 entry that asked trainees to
 * review it stays, and the 1.2.0 entry lists the removal: the course loads
 * (a warning names each such id), and the change keeps the removed id. */
static void changelog_names_removed_items(void **state)
{
    (void)state;
    const char *dir = fresh();
    testfs_put(dir, "course.json",
        "{ \"format\": 1, \"id\": \"t.course\", \"version\": \"1.2.0\", \"title\": \"T\",\n"
        "  \"languages\": [\"en\"], \"modules\": [\"m1\", \"m2\"],\n"
        "  \"changelog\": [\n"
        "    { \"version\": \"1.2.0\", \"date\": \"2027-01-10\", \"summary\": \"Removed the old slide\",\n"
        "      \"items\": [ { \"id\": \"old\", \"rule\": \"keep\" }, { \"id\": \"b\", \"rule\": \"review\" } ] },\n"
        "    { \"version\": \"1.1.0\", \"date\": \"2026-06-01\", \"summary\": \"New law\",\n"
        "      \"items\": [ { \"id\": \"old\", \"rule\": \"review\" } ] } ] }\n");
    result r;
    run(dir, &r);
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.res.n_errors, 0);
    assert_int_equal(r.res.n_warnings, 2);
    expect(&r, 0, "course.json", "changelog[0].items[0].id", "no item \"old\" in this version");
    expect(&r, 0, "course.json", "changelog[1].items[0].id", "no item \"old\" in this version");
    const lectern_course *c = r.res.course;
    assert_non_null(c);
    assert_int_equal(lectern_course_n_changes(c), 2);
    const lectern_change *ch = lectern_course_change(c, 0);
    assert_int_equal(ch->n_items, 2);
    assert_string_equal(ch->items[0].id, "old");
    assert_string_equal(ch->items[1].id, "b");
    done(&r);
}


static void unsafe_media_path(void **state)
{
    (void)state;
    const char *dir = fresh();
    testfs_put(dir, "modules/m2.json",
        "{ \"id\": \"m2\", \"title\": \"Two\", \"items\": [\n"
        "  { \"id\": \"c\", \"type\": \"slide\", \"layout\": \"image\", \"image\": \"../etc/passwd\", \"alt\": \"x\" } ] }\n");
    result r;
    run(dir, &r);
    assert_int_equal(r.rc, LECTERN_EUNSAFE);
    expect(&r, 1, "modules/m2.json", "items[0].image", "not a usable file path");
    assert_int_equal(r.res.n_refs, 0);
    done(&r);
}

/* Copies a PNG of the sample course to dir/rel. */
static void put_png(const char *dir, const char *rel)
{
    char src[1024], dst[1024];
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    snprintf(src, sizeof src, "%s/courses/trafficking-basics/media/child-elements.png",
             root ? root : ".");
    snprintf(dst, sizeof dst, "%s/%s", dir, rel);
    testfs_put(dir, rel, "");
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);
}

/* "image" as a language map: a picture per language, each checked; the
 * player's language picks one like a text. */
static void image_per_language(void **state)
{
    (void)state;
    const char *dir = fresh();
    put_png(dir, "media/p.png");
    put_png(dir, "media/p.fr.png");
    testfs_put(dir, "modules/m2.json",
        "{ \"id\": \"m2\", \"title\": \"Two\", \"items\": [\n"
        "  { \"id\": \"c\", \"type\": \"slide\", \"layout\": \"image\", \"alt\": \"x\",\n"
        "    \"image\": { \"en\": \"media/p.png\", \"fr\": \"media/p.fr.png\" } } ] }\n");
    result r;
    run(dir, &r);
    assert_int_equal(r.rc, 0);
    assert_int_equal(r.res.n_errors + r.res.n_warnings, 0);   /* both files count as used */
    assert_int_equal(r.res.n_refs, 2);
    assert_string_equal(r.res.refs[1].target, "media/p.fr.png");
    assert_string_equal(r.res.refs[1].path, "items[0].image.fr");
    const lectern_item *it = lectern_course_find_item(r.res.course, "c");
    assert_string_equal(it->image, "media/p.png");                 /* the first language's */
    assert_string_equal(lectern_item_image(it, "fr", "en"), "media/p.fr.png");
    assert_string_equal(lectern_item_image(it, "fr-CA", "en"), "media/p.fr.png");
    assert_string_equal(lectern_item_image(it, "ar", "en"), "media/p.png");
    assert_string_equal(lectern_item_image(lectern_course_find_item(r.res.course, "a"), "fr",
                                           "en") ? "x" : "none", "none");
    done(&r);

    /* en-GB and fr, and a file that is not there */
    testfs_put(dir, "modules/m2.json",
        "{ \"id\": \"m2\", \"title\": \"Two\", \"items\": [\n"
        "  { \"id\": \"c\", \"type\": \"slide\", \"layout\": \"image\", \"alt\": \"x\",\n"
        "    \"image\": { \"fr\": \"media/p.fr.png\", \"en-GB\": \"media/p.gb.png\" } } ] }\n");
    testfs_put(dir, "course.json",
        "{ \"format\": 1, \"id\": \"t.course\", \"version\": \"1.0.0\", \"title\": \"T\",\n"
        "  \"languages\": [\"en\", \"fr\", \"en-GB\"], \"modules\": [\"m1\", \"m2\"] }\n");
    run(dir, &r);
    assert_int_equal(r.rc, 0);      /* a missing file is check's error (cmd_check.c) */
    assert_int_equal(r.res.n_refs, 2);
    assert_string_equal(r.res.refs[1].path, "items[0].image.en-GB");
    assert_string_equal(r.res.refs[1].target, "media/p.gb.png");
    assert_int_equal(r.res.n_warnings, 0);   /* en-GB stands for the first language, en */
    /* without an "en" picture, en-GB is the closest: the item's default */
    assert_string_equal(lectern_course_find_item(r.res.course, "c")->image, "media/p.gb.png");
    done(&r);
    /* an unsafe path; a key that is no language code */
    testfs_put(dir, "modules/m2.json",
        "{ \"id\": \"m2\", \"title\": \"Two\", \"items\": [\n"
        "  { \"id\": \"c\", \"type\": \"slide\", \"layout\": \"image\", \"alt\": \"x\",\n"
        "    \"image\": { \"en\": \"media/p.png\", \"fr\": \"../p.png\" } },\n"
        "  { \"id\": \"d\", \"type\": \"slide\", \"layout\": \"image\", \"alt\": \"x\",\n"
        "    \"image\": { \"en\": \"media/p.png\", \"pictures\": \"media/p.png\" } } ] }\n");
    run(dir, &r);
    assert_true(r.rc < 0);
    expect(&r, 1, "modules/m2.json", "items[0].image.fr", "not a usable file path");
    expect(&r, 1, "modules/m2.json", "items[1].image.pictures", "not a language code");
    done(&r);
}

static void long_string_refused(void **state)
{
    (void)state;
    const char *dir = fresh();
    size_t n = LECTERN_MAX_STRING_BYTES + 10;
    char *big = malloc(n + 200);
    strcpy(big, "{ \"id\": \"m2\", \"title\": \"");
    size_t k = strlen(big);
    memset(big + k, 'x', n);
    strcpy(big + k + n, "\", \"items\": [] }");
    testfs_put(dir, "modules/m2.json", big);
    free(big);
    result r;
    run(dir, &r);
    assert_int_equal(r.rc, LECTERN_ELIMIT);
    expect(&r, 1, "modules/m2.json", "title", "byte limit");
    done(&r);
}

static void media_refs_even_with_errors(void **state)
{
    (void)state;
    const char *dir = fresh();
    testfs_put(dir, "modules/m2.json",
        "{ \"id\": \"m2\", \"title\": \"Two\", \"items\": [\n"
        "  { \"id\": \"c\", \"type\": \"video\", \"video\": \"media/v.webm\", \"subtitles\": { \"en\": \"media/v.vtt\" } },\n"
        "  { \"id\": \"c\", \"type\": \"slide\", \"layout\": \"image\", \"image\": \"media/p.png\", \"alt\": \"x\" } ] }\n");
    result r;
    run(dir, &r);
    assert_true(r.rc < 0);
    assert_int_equal(r.res.n_refs, 3);
    assert_string_equal(r.res.refs[1].target, "media/v.vtt");
    assert_int_equal(r.res.refs[1].want, LECTERN_MEDIA_CLASS_SUBTITLE);
    assert_string_equal(r.res.refs[2].path, "items[1].image");
    done(&r);
}


static void item_and_module_limits(void **state)
{
    (void)state;
    const char *dir = fresh();
    /* 201 modules listed */
    size_t cap = 8192;
    char *c = malloc(cap);
    size_t k = (size_t)snprintf(c, cap, "{ \"format\": 1, \"id\": \"t\", \"version\": \"1.0.0\", \"title\": \"T\", "
                                        "\"languages\": [\"en\"], \"modules\": [");
    for (int i = 0; i <= LECTERN_MAX_MODULES; i++)
        k += (size_t)snprintf(c + k, cap - k, "%s\"m%d\"", i ? ", " : "", i);
    snprintf(c + k, cap - k, "] }");
    testfs_put(dir, "course.json", c);
    result r;
    run(dir, &r);
    assert_int_equal(r.rc, LECTERN_ELIMIT);
    expect(&r, 1, "course.json", "modules", "more than the limit of 200");
    done(&r);
    free(c);

    /* 10,001 items in one module */
    dir = fresh();
    cap = 1u << 20;
    char *m = malloc(cap);
    k = (size_t)snprintf(m, cap, "{ \"id\": \"m2\", \"title\": \"Two\", \"items\": [");
    for (int i = 0; i <= LECTERN_MAX_ITEMS; i++)
        k += (size_t)snprintf(m + k, cap - k,
                              "%s{\"id\":\"i%d\",\"type\":\"slide\",\"layout\":\"quote\",\"text\":\"q\"}",
                              i ? "," : "", i);
    snprintf(m + k, cap - k, "] }");
    testfs_put(dir, "modules/m2.json", m);
    free(m);
    run(dir, &r);
    assert_int_equal(r.rc, LECTERN_ELIMIT);
    char path[64];
    snprintf(path, sizeof path, "items[%d]", LECTERN_MAX_ITEMS - 2);   /* m1 holds 2 items */
    expect(&r, 1, "modules/m2.json", path, "more than 10000 items");
    done(&r);
}

typedef struct theme_seen {
    int calls;
    char heading_font[64];
    uint32_t background;
} theme_seen;

static void on_theme(const lectern_theme *t, void *user)
{
    theme_seen *s = user;
    s->calls++;
    snprintf(s->heading_font, sizeof s->heading_font, "%s", t->heading_font ? t->heading_font : "");
    s->background = t->background;
}

/* lectern_course_load_notify (the player loads its fonts meanwhile): the
 * theme comes once course.json is read, before the modules (so also when a
 * module is broken); the result and error are lectern_course_load's. */
static void theme_callback_before_modules(void **state)
{
    (void)state;
    const char *themed =
        "{ \"format\": 1, \"id\": \"t.course\", \"version\": \"1.0.0\", \"title\": \"T\",\n"
        "  \"languages\": [\"en\", \"fr\"], \"modules\": [\"m1\", \"m2\"],\n"
        "  \"theme\": { \"heading_font\": \"Noto Serif\", \"background\": \"#102030\" } }\n";
    for (int k = 0; k < 3; k++) {
        const char *dir = fresh();
        testfs_put(dir, "course.json", k == 2 ? "{ \"format\": \"one\" }" : themed);
        if (k == 1)
            testfs_put(dir, "modules/m2.json", "{ \"id\": \"m2\",\n  \"title\": \"Two\"\n  \"items\": [] }\n");
        lectern_reader *r = NULL;
        lectern_course *plain = NULL, *c = NULL;
        lectern_error e = {0}, e1 = {0}, e2 = {0};
        assert_int_equal(lectern_reader_open(dir, 0, &r, &e), 0);
        theme_seen seen = {0};
        int rc1 = lectern_course_load(r, &plain, &e1);
        int rc2 = lectern_course_load_notify(r, &c, on_theme, &seen, &e2);
        assert_int_equal(rc1, rc2);
        assert_string_equal(e1.msg, e2.msg);
        if (k == 0) {
            assert_int_equal(rc2, 0);
            assert_int_equal(seen.calls, 1);
            assert_string_equal(seen.heading_font, "Noto Serif");
            assert_int_equal(seen.background, 0x102030);
            assert_string_equal(lectern_course_theme(c)->heading_font, "Noto Serif");
            assert_int_equal(lectern_course_n_items(c), 3);
        } else if (k == 1) {
            assert_int_equal(rc2, LECTERN_EJSON);
            assert_non_null(strstr(e2.msg, "modules/m2.json"));
            assert_int_equal(seen.calls, 1);
            assert_null(c);
        } else {
            assert_true(rc2 < 0);
            assert_non_null(strstr(e2.msg, "course.json"));
            assert_int_equal(seen.calls, 0);
            assert_null(c);
        }
        lectern_course_close(plain);
        lectern_course_close(c);
        lectern_reader_close(r);
    }
}

/* ---- broken sources as data: files written over a fresh course, the code
 * lectern_course_check returns and the diagnostics it must report ---- */

#define ANY_ERROR INT_MIN       /* any negative code */

typedef struct want_diag {
    int error;                  /* 1: an error, 0: a warning */
    const char *file, *path;
    const char *needles[3];     /* the first finds the diagnostic, the others are in it too */
} want_diag;

typedef struct broken_case {
    const char *name;
    const char *files[3][2];    /* {path in the course, text} */
    int rc;                     /* the code, or ANY_ERROR */
    int n_errors;               /* how many errors, when not 0 */
    const char *err_msg;        /* a part of the returned message, or NULL */
    want_diag diags[10];
} broken_case;

static const broken_case broken_cases[] = {
    { "missing_and_bad_ids",
      { { "modules/m1.json",
          "{ \"id\": \"m1\", \"title\": \"One\", \"items\": [\n"
          "  { \"type\": \"slide\", \"layout\": \"title\", \"title\": \"A\" },\n"
          "  { \"id\": \"Bad Id\", \"type\": \"slide\", \"layout\": \"title\", \"title\": \"B\" },\n"
          "  { \"id\": \"-dash\", \"type\": \"slide\", \"layout\": \"title\", \"title\": \"C\" } ] }\n" } },
      LECTERN_ESCHEMA, 3, "modules/m1.json: items[0]: missing required field \"id\"",
      { { 1, "modules/m1.json", "items[0]", { "missing required field \"id\"" } },
        { 1, "modules/m1.json", "items[1].id", { "\"Bad Id\" is not a valid id" } },
        { 1, "modules/m1.json", "items[2].id", { "not a valid id" } } } },
    { "duplicate_id_across_modules",
      { { "modules/m2.json",
          "{ \"id\": \"m2\", \"title\": \"Two\", \"items\": [\n"
          "  { \"id\": \"c\", \"type\": \"slide\", \"layout\": \"quote\", \"text\": \"Q\" },\n"
          "  { \"id\": \"b\", \"type\": \"slide\", \"layout\": \"quote\", \"text\": \"Q\" } ] }\n" } },
      LECTERN_ESCHEMA, 0, NULL,
      { { 1, "modules/m2.json", "items[1].id", { "duplicate item id \"b\"", "modules/m1.json items[1]" } } } },
    { "unknown_layout_and_type",
      { { "modules/m2.json",
          "{ \"id\": \"m2\", \"title\": \"Two\", \"items\": [\n"
          "  { \"id\": \"c\", \"type\": \"slide\", \"layout\": \"diagram\", \"text\": \"Q\" },\n"
          "  { \"id\": \"d\", \"type\": \"poll\" } ] }\n" } },
      LECTERN_ESCHEMA, 0, NULL,
      { { 1, "modules/m2.json", "items[0].layout", { "unknown layout \"diagram\"", "item \"c\"", "two_columns" } },
        { 1, "modules/m2.json", "items[1].type", { "unknown type \"poll\"" } } } },
    { "bullets_four_deep",
      { { "modules/m2.json",
          "{ \"id\": \"m2\", \"title\": \"Two\", \"items\": [\n"
          "  { \"id\": \"c\", \"type\": \"slide\", \"layout\": \"bullets\", \"bullets\": [\n"
          "    \"one\", { \"text\": \"l1\", \"sub\": [ { \"text\": \"l2\", \"sub\": [\n"
          "      { \"text\": \"l3\", \"sub\": [ \"l4\" ] } ] } ] } ] } ] }\n" } },
      LECTERN_ESCHEMA, 0, NULL,
      { { 1, "modules/m2.json", "items[0].bullets[1].sub[0].sub[0].sub[0]", { "at most 3 levels" } } } },
    { "wrong_types",
      { { "modules/m2.json",
          "{ \"id\": \"m2\", \"title\": \"Two\", \"items\": [\n"
          "  { \"id\": \"c\", \"type\": \"slide\", \"layout\": \"bullets\", \"title\": [\"x\"],\n"
          "    \"bullets\": [ \"a\", { \"text\": \"b\", \"sub\": [ 5 ] } ] },\n"
          "  { \"id\": \"d\", \"type\": \"video\", \"video\": \"media/v.webm\", \"autoplay\": \"yes\",\n"
          "    \"poster_time\": -1 },\n"
          "  { \"id\": \"e\", \"type\": \"slide\", \"layout\": \"title\", \"title\": { \"english\": \"x\" } } ] }\n" },
        { "course.json",
          "{ \"format\": 1, \"id\": \"t.course\", \"version\": \"1.0\", \"title\": \"T\",\n"
          "  \"languages\": [\"en\"], \"modules\": [\"m1\", \"m2\"], \"theme\": { \"accent\": \"red\", \"body_size\": \"40\" } }\n" } },
      LECTERN_ESCHEMA, 0, NULL,
      { { 1, "course.json", "version", { "not a version" } },
        { 1, "course.json", "theme.accent", { "#RRGGBB" } },
        { 1, "course.json", "theme.body_size", { "expected a whole number" } },
        { 1, "modules/m2.json", "items[0].title", { "expected a text (string or {\"lang\": \"...\"}), found an array" } },
        { 1, "modules/m2.json", "items[0].bullets[1].sub[0]", { "expected a text (string or {\"lang\": \"...\"}), found a number" } },
        { 1, "modules/m2.json", "items[1].autoplay", { "expected true or false" } },
        { 1, "modules/m2.json", "items[1].poster_time", { "out of range" } },
        { 1, "modules/m2.json", "items[2].title.english", { "not a language code" } } } },
    { "missing_required_fields",
      { { "course.json",
          "{ \"format\": 1, \"id\": \"t.course\", \"languages\": [\"en\"], \"modules\": [\"m1\", \"m3\"] }\n" },
        { "modules/m1.json",
          "{ \"id\": \"m1\", \"title\": \"One\", \"items\": [\n"
          "  { \"id\": \"a\", \"type\": \"slide\" },\n"
          "  { \"id\": \"b\", \"type\": \"slide\", \"layout\": \"image\", \"image\": \"media/x.png\" },\n"
          "  { \"id\": \"c\", \"type\": \"exercise\", \"exercise\": { \"prompt\": \"?\" } },\n"
          "  { \"id\": \"d\", \"type\": \"exercise\", \"exercise\": \"single_choice\" } ] }\n" } },
      ANY_ERROR, 0, NULL,
      { { 1, "course.json", "", { "missing required field \"version\"" } },
        { 1, "course.json", "", { "missing required field \"title\"" } },
        { 1, "course.json", "modules[1]", { "modules/m3.json not found" } },
        { 1, "modules/m1.json", "items[0]", { "missing required field \"layout\"" } },
        { 1, "modules/m1.json", "items[1]", { "missing \"alt\"" } },
        { 1, "modules/m1.json", "items[2].exercise", { "missing required field \"kind\"" } },
        { 1, "modules/m1.json", "items[3].exercise", { "expected an object" } },
        /* m2 exists but is not listed */
        { 0, "modules/m2.json", "", { "not listed in course.json" } } } },
    { "plan_errors",
      { { "plans/p1.json",
          "{ \"id\": \"p1\", \"title\": \"P\", \"total_minutes\": 30, \"segments\": [\n"
          "  { \"id\": \"s1\", \"title\": \"S\", \"kind\": \"presentation\", \"minutes\": 10, \"items\": [\"a\", \"ghost\"] },\n"
          "  { \"id\": \"s1\", \"title\": \"S\", \"kind\": \"lecture\", \"minutes\": 0 },\n"
          "  { \"id\": \"s3\", \"title\": \"S\", \"kind\": \"break\", \"minutes\": 5, \"min_minutes\": 8 } ] }\n" },
        { "plans/p2.json",
          "{ \"id\": \"other\", \"title\": \"P\", \"total_minutes\": 5, \"segments\": [] }\n" } },
      ANY_ERROR, 0, NULL,
      { { 1, "plans/p1.json", "segments[0].items[1]", { "no item \"ghost\"" } },
        { 1, "plans/p1.json", "segments[1].id", { "duplicate segment id \"s1\"" } },
        { 1, "plans/p1.json", "segments[1].kind", { "unknown kind \"lecture\"" } },
        { 1, "plans/p1.json", "segments[1].minutes", { "out of range" } },
        { 1, "plans/p1.json", "segments[2].min_minutes", { "more than minutes" } },
        { 1, "plans/p2.json", "id", { "does not match its file name" } },
        { 1, "plans/p2.json", "segments", { "empty list" } } } },
    { "plan_total_mismatch_is_a_warning",
      { { "plans/p1.json",
          "{ \"id\": \"p1\", \"title\": \"P\", \"total_minutes\": 30, \"segments\": [\n"
          "  { \"id\": \"s1\", \"title\": \"S\", \"kind\": \"presentation\", \"minutes\": 10, \"items\": [\"a\", \"c\"] } ] }\n" } },
      0, 0, NULL,
      { { 0, "plans/p1.json", "total_minutes", { "add up to 10" } } } },
    { "changelog_errors",
      { { "course.json",
          "{ \"format\": 1, \"id\": \"t.course\", \"version\": \"1.0.0\", \"title\": \"T\",\n"
          "  \"languages\": [\"en\"], \"modules\": [\"m1\", \"m2\"],\n"
          "  \"changelog\": [ { \"version\": \"1.0.0\", \"date\": \"2026-02-30\", \"summary\": \"S\",\n"
          "     \"items\": [ { \"id\": \"a\", \"rule\": \"forget\" }, { \"id\": \"zz\", \"rule\": \"keep\" } ] } ] }\n" } },
      ANY_ERROR, 0, NULL,
      { { 1, "course.json", "changelog[0].date", { "not a date" } },
        { 1, "course.json", "changelog[0].items[0].rule", { "unknown rule \"forget\"" } },
        /* an id the course does not have is a warning (a removed item, or a typo) */
        { 0, "course.json", "changelog[0].items[1].id", { "no item \"zz\" in this version" } } } },
    { "newer_format_refused",
      { { "course.json",
          "{ \"format\": 2, \"id\": \"t.course\", \"version\": \"1.0.0\", \"title\": \"T\",\n"
          "  \"languages\": [\"en\"], \"modules\": [\"m1\", \"m2\"] }\n" } },
      LECTERN_EUNSUPPORTED, 0, NULL,
      { { 1, "course.json", "format", { "newer than this Lectern" } } } },
    /* Whole numbers far beyond int and long (a fuzz finding: the cast was
     * undefined behaviour before the range check) are out of range errors. */
    { "huge_whole_numbers_out_of_range",
      { { "course.json",
          "{ \"format\": 2e72, \"id\": \"t.course\", \"version\": \"1.0.0\", \"title\": \"T\",\n"
          "  \"languages\": [\"en\"], \"modules\": [\"m1\", \"m2\"] }\n" },
        { "plans/p1.json",
          "{ \"id\": \"p1\", \"title\": \"P\", \"total_minutes\": 10, \"segments\": [\n"
          "  { \"id\": \"s1\", \"title\": \"S\", \"kind\": \"break\", \"minutes\": 10, \"priority\": -1e999 } ] }\n" } },
      LECTERN_ESCHEMA, 0, NULL,
      { { 1, "course.json", "format", { "2e+72 is out of range; use a number from 1 to 1000000" } },
        { 1, "plans/p1.json", "segments[0].priority", { "out of range" } } } },
    { "course_json_checks",
      { { "course.json",
          "{ \"format\": 1, \"id\": \"t.course\", \"version\": \"1.0.0\", \"title\": \"T\",\n"
          "  \"languages\": [\"en\", \"English\", \"en\"], \"modules\": [\"m1\", \"m2\", \"m1\"],\n"
          "  \"theme\": { \"min_size\": 50 },\n"
          "  \"completion\": { \"mastery\": { \"correct\": 5, \"of\": 3 }, \"video_percent\": 0 } }\n" },
        { "modules/m2.json",
          "{ \"id\": \"m3\", \"title\": \"Two\", \"items\": [] }\n" } },
      ANY_ERROR, 0, NULL,
      { { 1, "course.json", "languages[1]", { "\"English\" is not a language code" } },
        { 0, "course.json", "languages[2]", { "listed twice" } },
        { 1, "course.json", "modules[2]", { "module \"m1\" is listed twice" } },
        { 1, "course.json", "theme.min_size", { "larger than body_size" } },
        { 1, "course.json", "completion.mastery", { "can never be met" } },
        { 1, "course.json", "completion.video_percent", { "out of range" } },
        { 1, "modules/m2.json", "id", { "does not match its file name" } },
        { 0, "modules/m2.json", "items", { "no items" } } } },
    { "invalid_utf8_refused",
      { { "modules/m2.json",
          "{ \"id\": \"m2\", \"title\": \"Caf\xe9\", \"items\": [\n"
          "  { \"id\": \"c\", \"type\": \"slide\", \"layout\": \"quote\", \"text\": \"Q\" } ] }\n" } },
      LECTERN_ESCHEMA, 0, NULL,
      { { 1, "modules/m2.json", "title", { "not valid UTF-8" } } } },
};

static void check_broken(void **state)
{
    const broken_case *b = *state;
    const char *dir = fresh();
    for (size_t i = 0; i < 3 && b->files[i][0]; i++)
        testfs_put(dir, b->files[i][0], b->files[i][1]);
    result r;
    run(dir, &r);
    if (b->rc == ANY_ERROR)
        assert_true(r.rc < 0);
    else
        assert_int_equal(r.rc, b->rc);
    for (size_t i = 0; i < 10 && b->diags[i].file; i++) {
        const want_diag *w = &b->diags[i];
        const lectern_diag *d = expect(&r, w->error, w->file, w->path, w->needles[0]);
        for (size_t k = 1; k < 3 && w->needles[k]; k++)
            if (!strstr(d->msg, w->needles[k]))
                fail_msg("%s: %s at %s: \"%s\" is not in \"%s\"", b->name, w->file, w->path,
                         w->needles[k], d->msg);
    }
    if (b->n_errors)
        assert_int_equal(r.res.n_errors, b->n_errors);
    if (b->err_msg && !strstr(r.err.msg, b->err_msg))
        fail_msg("%s: \"%s\" is not in \"%s\"", b->name, b->err_msg, r.err.msg);
    done(&r);
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(tmp_root, sizeof tmp_root, "/tmp/lectern-course-XXXXXX");
    return mkdtemp(tmp_root) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    testfs_rmtree(tmp_root);
    return 0;
}

int main(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(valid_base_loads),
        cmocka_unit_test(json_syntax_error_has_line_col),
        cmocka_unit_test(unknown_fields_are_warnings),
        cmocka_unit_test(changelog_names_removed_items),
        cmocka_unit_test(unsafe_media_path),
        cmocka_unit_test(image_per_language),
        cmocka_unit_test(long_string_refused),
        cmocka_unit_test(media_refs_even_with_errors),
        cmocka_unit_test(theme_callback_before_modules),
        cmocka_unit_test(item_and_module_limits),
    };
    enum { N_FIXED = sizeof fixed / sizeof *fixed, N_BROKEN = sizeof broken_cases / sizeof *broken_cases };
    struct CMUnitTest tests[N_FIXED + N_BROKEN];
    memcpy(tests, fixed, sizeof fixed);
    for (size_t i = 0; i < N_BROKEN; i++)
        tests[N_FIXED + i] = (struct CMUnitTest){ broken_cases[i].name, check_broken, NULL, NULL,
                                                  (void *)&broken_cases[i] };
    return cmocka_run_group_tests_name("course-errors", tests, group_setup, group_teardown);
}
