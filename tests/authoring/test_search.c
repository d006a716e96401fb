/* Course search (include/lectern/search.h) on real courses: the test course
 * tests/data/courses/rich, the sample course courses/trafficking-basics and
 * a course written here with every exercise kind. Checks fields, languages,
 * the audience filter, ranking, snippets, module descriptions, lesson plans
 * and subtitle cues (per track language), and that the folding agrees with
 * the fill-in normalisation of the quiz module. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lectern/course.h"
#include "lectern/quiz.h"
#include "lectern/reader.h"
#include "lectern/search.h"
#include "../testfs.h"

typedef struct loaded {
    lectern_reader *r;
    lectern_course *c;
    lectern_search_index *ix;
} loaded;

static void load(loaded *l, const char *rel)
{
    char path[4096];
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    if (rel[0] == '/')
        snprintf(path, sizeof path, "%s", rel);
    else
        snprintf(path, sizeof path, "%s/%s", root ? root : ".", rel);
    lectern_error e = {0};
    if (lectern_reader_open(path, 0, &l->r, &e) < 0 || lectern_course_load(l->r, &l->c, &e) < 0)
        fail_msg("%s: %s", path, e.msg);
    assert_int_equal(lectern_search_index_build(l->c, &l->ix, &e), 0);
    assert_true(lectern_search_index_size(l->ix) > 0);
}

static void unload(loaded *l)
{
    lectern_search_index_free(l->ix);
    lectern_course_close(l->c);
    lectern_reader_close(l->r);
}

static lectern_search_results *query(loaded *l, const char *q, const char *lang, int audience,
                                     int all_fields)
{
    lectern_search_opts o = { .lang = lang, .audience = audience, .all_fields = all_fields };
    lectern_search_results *res = NULL;
    lectern_error e = {0};
    assert_int_equal(lectern_search_query(l->ix, q, &o, &res, &e), 0);
    assert_non_null(res);
    /* every snippet marks a real span */
    for (size_t i = 0; i < res->n; i++) {
        const lectern_search_hit *h = &res->hits[i];
        assert_true(h->match_off + h->match_len <= strlen(h->snippet));
        assert_true(h->match_len > 0);
        assert_null(strchr(h->snippet, '\n'));
    }
    return res;
}

static const char *item_id(loaded *l, size_t i)
{
    return lectern_course_item(l->c, i)->id;
}

/* Asserts the hit count, listing the hits when it differs. */
#define expect_n(l, r, want) expect_n_at(l, r, want, __LINE__)
static void expect_n_at(loaded *l, const lectern_search_results *r, size_t want, int line)
{
    if (r->n == want)
        return;
    for (size_t i = 0; i < r->n; i++)
        print_message("  hit %zu: %s %s [%s] %s\n", i, item_id(l, r->hits[i].item),
                      lectern_search_field_name(r->hits[i].field), r->hits[i].lang, r->hits[i].snippet);
    fail_msg("line %d: %zu hits, want %zu", line, r->n, want);
}

/* The matched bytes of hit i. */
static const char *matched(const lectern_search_results *r, size_t i, char *buf, size_t cap)
{
    snprintf(buf, cap, "%.*s", (int)r->hits[i].match_len, r->hits[i].snippet + r->hits[i].match_off);
    return buf;
}

static void rich_fields(void **state)
{
    (void)state;
    loaded l;
    load(&l, "tests/data/courses/rich");
    char buf[256];

    lectern_search_results *r = query(&l, "speaker", NULL, 0, 0);
    expect_n(&l, r, 1);
    assert_string_equal(item_id(&l, r->hits[0].item), "m1-title");
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_NOTES);
    assert_string_equal(lectern_search_field_name(r->hits[0].field), "notes");
    assert_string_equal(matched(r, 0, buf, sizeof buf), "Speaker");
    assert_false(r->hits[0].is_private);
    lectern_search_results_free(r);

    /* facilitator notes are flagged, and the audience view leaves them out */
    r = query(&l, "FACILITATOR only", NULL, 0, 0);
    expect_n(&l, r, 1);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_FACILITATOR);
    assert_true(r->hits[0].is_private);
    lectern_search_results_free(r);
    r = query(&l, "facilitator", NULL, 1, 0);
    expect_n(&l, r, 0);
    lectern_search_results_free(r);
    r = query(&l, "discuss", NULL, 0, 0);
    expect_n(&l, r, 1);
    assert_string_equal(item_id(&l, r->hits[0].item), "m2-quiz");
    lectern_search_results_free(r);

    /* exercise prompt and options come from the exercise JSON */
    r = query(&l, "weather", NULL, 0, 0);
    expect_n(&l, r, 1);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_OPTION);
    assert_string_equal(item_id(&l, r->hits[0].item), "m2-quiz");
    lectern_search_results_free(r);
    /* "element" is inside the title "Three elements" too: titles rank first */
    r = query(&l, "element", NULL, 0, 0);
    expect_n(&l, r, 2);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_TITLE);
    assert_int_equal(r->hits[1].field, LECTERN_SEARCH_PROMPT);
    assert_string_equal(item_id(&l, r->hits[1].item), "m2-quiz");
    lectern_search_results_free(r);

    /* languages: every language by default, else what the language shows */
    r = query(&l, "tromperie", NULL, 0, 0);
    expect_n(&l, r, 1);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_BULLET);
    assert_string_equal(r->hits[0].lang, "fr");
    lectern_search_results_free(r);
    r = query(&l, "tromperie", "en", 0, 0);
    expect_n(&l, r, 0);
    lectern_search_results_free(r);
    r = query(&l, "tromperie", "fr-CA", 0, 0);
    expect_n(&l, r, 1);
    lectern_search_results_free(r);
    /* a plain string shows in every language */
    r = query(&l, "lead-in", "fr", 0, 0);
    expect_n(&l, r, 1);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_TEXT);
    lectern_search_results_free(r);
    r = query(&l, "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", NULL, 0, 0);   /* مرحبا */
    expect_n(&l, r, 1);
    assert_string_equal(r->hits[0].lang, "ar");
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_TITLE);
    lectern_search_results_free(r);

    /* alt text and captions (imported decks keep their page text in alt) */
    r = query(&l, "deux formes", NULL, 0, 0);
    expect_n(&l, r, 1);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_ALT);
    assert_string_equal(item_id(&l, r->hits[0].item), "m1-image");
    lectern_search_results_free(r);
    r = query(&l, "caption", NULL, 0, 0);
    expect_n(&l, r, 1);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_CAPTION);
    lectern_search_results_free(r);

    /* module titles point at the module's first item */
    r = query(&l, "les bases", "fr", 0, 0);
    expect_n(&l, r, 1);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_MODULE_TITLE);
    assert_string_equal(item_id(&l, r->hits[0].item), "m1-title");
    lectern_search_results_free(r);
    unload(&l);
}

static void rich_ranking(void **state)
{
    (void)state;
    loaded l;
    load(&l, "tests/data/courses/rich");
    /* "the act" is a bullet of m1-bullets and an option of m2-quiz; "trafficking"
     * is the title of m1-columns (first) and a column heading */
    lectern_search_results *r = query(&l, "The ACT", NULL, 0, 1);
    expect_n(&l, r, 2);
    assert_string_equal(item_id(&l, r->hits[0].item), "m1-bullets");
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_BULLET);
    assert_int_equal(r->hits[1].field, LECTERN_SEARCH_OPTION);
    lectern_search_results_free(r);

    r = query(&l, "trafficking", NULL, 0, 1);
    assert_true(r->n >= 2);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_TITLE);
    assert_string_equal(item_id(&l, r->hits[0].item), "m1-columns");
    assert_int_equal(r->hits[1].field, LECTERN_SEARCH_HEADING);
    assert_true(r->hits[0].score > r->hits[1].score);
    lectern_search_results_free(r);
    /* one hit per item by default: the best one */
    r = query(&l, "trafficking", NULL, 0, 0);
    expect_n(&l, r, 1);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_TITLE);
    lectern_search_results_free(r);

    /* every word must occur, in any order; the first word is highlighted */
    r = query(&l, "state crime", NULL, 0, 1);
    assert_true(r->n >= 1);
    for (size_t i = 0; i < r->n; i++)
        assert_string_equal(item_id(&l, r->hits[i].item), "m1-columns");
    lectern_search_results_free(r);
    r = query(&l, "state weather", NULL, 0, 1);
    expect_n(&l, r, 0);
    lectern_search_results_free(r);

    /* empty queries, max_hits and total */
    r = query(&l, "   ", NULL, 0, 0);
    expect_n(&l, r, 0);
    lectern_search_results_free(r);
    lectern_search_opts o = { .all_fields = 1, .max_hits = 2 };
    lectern_error e = {0};
    assert_int_equal(lectern_search_query(l.ix, "e", &o, &r, &e), 0);
    expect_n(&l, r, 2);
    assert_true(r->total > 2);
    lectern_search_results_free(r);
    assert_int_equal(lectern_search_query(NULL, "x", &o, &r, &e), LECTERN_EINVAL);
    unload(&l);
}

/* The first hit in `field`, or NULL. */
static const lectern_search_hit *in_field(const lectern_search_results *r, lectern_search_field f)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->hits[i].field == f)
            return &r->hits[i];
    return NULL;
}

/* Module descriptions, lesson plans and subtitle cues of the sample course. */
static void plans_cues_descriptions(void **state)
{
    (void)state;
    loaded l;
    load(&l, "courses/trafficking-basics");
    char buf[256];
    size_t m1 = lectern_course_find_module(l.c, "m1-definition")->first_item;

    /* a module's description leads to its first item, in the course language */
    lectern_search_results *r = query(&l, "compared with smuggling", "en", 0, 1);
    const lectern_search_hit *h = in_field(r, LECTERN_SEARCH_DESCRIPTION);
    assert_non_null(h);
    assert_int_equal(h->item, m1);
    assert_string_equal(lectern_search_field_name(h->field), "description");
    assert_false(h->is_private);
    lectern_search_results_free(r);
    r = query(&l, "compared with smuggling", "fr", 0, 1);
    assert_null(in_field(r, LECTERN_SEARCH_DESCRIPTION));      /* French shows its own */
    lectern_search_results_free(r);
    r = query(&l, "TRAFIC illicite de migrants", "fr", 0, 1);
    h = in_field(r, LECTERN_SEARCH_DESCRIPTION);
    assert_non_null(h);
    assert_string_equal(h->lang, "fr");
    lectern_search_results_free(r);

    /* a segment title: at the segment's first item, with its plan and segment */
    r = query(&l, "welcome and ground rules", "en", 0, 1);
    h = in_field(r, LECTERN_SEARCH_PLAN);
    assert_non_null(h);
    assert_string_equal(item_id(&l, h->item), "m1-title");
    assert_string_equal(h->plan->id, "awareness-1h");
    assert_string_equal(h->segment->id, "welcome");
    assert_true(h->is_private);
    assert_int_equal(h->time_ms, -1);
    lectern_search_results_free(r);
    r = query(&l, "welcome and ground rules", "en", 1, 1);    /* the room's view */
    assert_null(in_field(r, LECTERN_SEARCH_PLAN));
    lectern_search_results_free(r);
    /* a segment without items (questions at the end) leads to the previous one's last */
    r = query(&l, "identifiable real case in public", "en", 0, 1);
    h = in_field(r, LECTERN_SEARCH_PLAN_NOTES);
    assert_non_null(h);
    assert_string_equal(h->segment->id, "qa");
    long last = lectern_course_item_index(l.c, "m6-closing");
    assert_true(last >= 0);
    assert_int_equal(h->item, (size_t)last);
    lectern_search_results_free(r);

    /* subtitle cues: the video item at the cue's start, the track of the language */
    r = query(&l, "abuse of vulnerability", "en", 0, 1);
    h = in_field(r, LECTERN_SEARCH_CUE);
    assert_non_null(h);
    assert_string_equal(item_id(&l, h->item), "m1-video-elements");
    assert_int_equal(h->time_ms, 8002);
    assert_string_equal(h->lang, "en");
    assert_string_equal(lectern_search_field_name(h->field), "subtitle_cue");
    assert_false(h->is_private);
    assert_string_equal(matched(r, (size_t)(h - r->hits), buf, sizeof buf),
                        "abuse of vulnerability");
    lectern_search_results_free(r);
    r = query(&l, "abuse of vulnerability", "fr", 0, 1);      /* the French track shows */
    assert_null(in_field(r, LECTERN_SEARCH_CUE));
    lectern_search_results_free(r);
    r = query(&l, "trois ELEMENTS", "fr", 0, 1);               /* "éléments", folded */
    h = in_field(r, LECTERN_SEARCH_CUE);
    assert_non_null(h);
    assert_int_equal(h->time_ms, 400);
    assert_string_equal(h->lang, "fr");
    assert_non_null(strstr(h->snippet, "\xC3\xA9l\xC3\xA9" "ments"));
    lectern_search_results_free(r);
    r = query(&l, "\xD8\xA3\xD8\xB1\xD9\x83\xD8\xA7\xD9\x86", "ar", 0, 1);   /* the word for "elements" */
    h = in_field(r, LECTERN_SEARCH_CUE);
    assert_non_null(h);
    assert_string_equal(h->lang, "ar");
    assert_int_equal(h->time_ms, 400);
    lectern_search_results_free(r);
    /* a language with no track of its own (Portuguese): the cues of the course's
       first language, English */
    r = query(&l, "rights and options", "pt", 0, 1);
    h = in_field(r, LECTERN_SEARCH_CUE);
    assert_non_null(h);
    assert_string_equal(item_id(&l, h->item), "m4-video-referral");
    assert_string_equal(h->lang, "en");
    assert_int_equal(h->time_ms, 7403);
    lectern_search_results_free(r);
    /* the referral video's own Arabic track: "his rights" in the same cue */
    r = query(&l, "\xD8\xAD\xD9\x82\xD9\x88\xD9\x82\xD9\x87", "ar", 0, 1);
    h = in_field(r, LECTERN_SEARCH_CUE);
    assert_non_null(h);
    assert_string_equal(item_id(&l, h->item), "m4-video-referral");
    assert_string_equal(h->lang, "ar");
    assert_int_equal(h->time_ms, 7403);
    lectern_search_results_free(r);
    /* every language: both tracks of the same video */
    r = query(&l, "personne", NULL, 0, 1);
    h = in_field(r, LECTERN_SEARCH_CUE);
    assert_non_null(h);
    assert_string_equal(h->lang, "fr");
    lectern_search_results_free(r);
    unload(&l);
}

static void sample_course(void **state)
{
    (void)state;
    loaded l;
    load(&l, "courses/trafficking-basics");
    char buf[256];
    /* words that only appear in speaker notes */
    lectern_search_results *r = query(&l, "LOYAL", NULL, 0, 1);
    expect_n(&l, r, 1);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_NOTES);
    assert_string_equal(matched(r, 0, buf, sizeof buf), "loyal");
    assert_true(strncmp(r->hits[0].snippet, "\xE2\x80\xA6", 3) == 0);    /* cut: "…" */
    assert_true(strlen(r->hits[0].snippet) < 200);
    const lectern_item *it = lectern_course_item(l.c, r->hits[0].item);
    assert_non_null(strstr(lectern_text_get(&it->notes, "en", "en"), "loyal"));
    lectern_search_results_free(r);
    r = query(&l, "medical examination", NULL, 0, 1);
    expect_n(&l, r, 1);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_NOTES);
    assert_string_equal(matched(r, 0, buf, sizeof buf), "medical examination");
    lectern_search_results_free(r);

    /* facilitator notes (and the plans' segment notes): for the trainer, never the room */
    r = query(&l, "distribute the indicator checklist", NULL, 0, 1);
    assert_true(r->n >= 1);
    assert_int_equal(r->hits[0].field, LECTERN_SEARCH_FACILITATOR);
    for (size_t i = 1; i < r->n; i++)
        assert_int_equal(r->hits[i].field, LECTERN_SEARCH_PLAN_NOTES);
    lectern_search_results_free(r);
    r = query(&l, "distribute the indicator checklist", NULL, 1, 1);
    expect_n(&l, r, 0);
    lectern_search_results_free(r);

    /* diacritics either way; the snippet shows the original bytes */
    r = query(&l, "SCHEMA du parcours", "fr", 0, 1);
    assert_true(r->n >= 1);
    assert_string_equal(r->hits[0].lang, "fr");
    assert_string_equal(matched(r, 0, buf, sizeof buf), "Sch\xC3\xA9" "ma du parcours");
    lectern_search_results_free(r);
    r = query(&l, "sch\xC3\xA9" "ma", "en", 0, 1);
    for (size_t i = 0; i < r->n; i++)
        assert_string_not_equal(r->hits[i].lang, "fr");
    lectern_search_results_free(r);
    unload(&l);
}

static char tmp_root[64];

static void put(const char *rel, const char *text)
{
    testfs_put(tmp_root, rel, text);
}

static void exercises(void **state)
{
    (void)state;
    snprintf(tmp_root, sizeof tmp_root, "/tmp/lectern-search-XXXXXX");
    assert_non_null(mkdtemp(tmp_root));
    char mods[128];
    snprintf(mods, sizeof mods, "%s/modules", tmp_root);
    assert_int_equal(mkdir(mods, 0755), 0);
    put("course.json", "{\"format\": 1, \"id\": \"t.search\", \"version\": \"1.0.0\", \"title\": \"T\","
                       " \"languages\": [\"en\", \"fr\"], \"modules\": [\"m1\"]}");
    put("modules/m1.json",
        "{\"id\": \"m1\", \"title\": \"M\", \"items\": ["
        "{\"id\": \"q-match\", \"type\": \"exercise\", \"exercise\": {\"kind\": \"matching\","
        "  \"prompt\": \"Pair them\", \"discussion\": \"Ask about quokkas\","
        "  \"pairs\": [{\"left\": \"Alpha\", \"right\": \"Zebra\"}, {\"left\": \"Beta\", \"right\": \"Yak\"}]}},"
        "{\"id\": \"q-order\", \"type\": \"exercise\", \"exercise\": {\"kind\": \"ordering\","
        "  \"prompt\": \"Order\", \"sequence\": [\"Recruit\", {\"id\": \"x\", \"text\": {\"en\": \"Transport\", \"fr\": \"Transporter\"}}]}},"
        "{\"id\": \"q-fill\", \"type\": \"exercise\", \"exercise\": {\"kind\": \"fill_blank\","
        "  \"text\": \"The ___ of trafficking\", \"blanks\": [{\"accept\": [\"xylophonic\"], \"feedback\": \"Marmalade\"}]}},"
        "{\"id\": \"q-scen\", \"type\": \"exercise\", \"exercise\": {\"kind\": \"scenario\", \"steps\": ["
        "  {\"id\": \"s1\", \"text\": \"A worker at the harbour\", \"choices\": [{\"text\": \"Listen privately\", \"next\": \"e\"}]},"
        "  {\"id\": \"e\", \"text\": \"Ending\", \"ending\": true, \"score\": 1}]}},"
        "{\"id\": \"q-set\", \"type\": \"exercise\", \"exercise\": {\"kind\": \"set\", \"pass_percent\": 50,"
        "  \"questions\": [{\"kind\": \"true_false\", \"prompt\": \"Nested gazebo question\", \"answer\": true}]}}"
        "]}");
    loaded l;
    load(&l, tmp_root);
    static const struct { const char *q; const char *id; lectern_search_field f; } want[] = {
        {"zebra", "q-match", LECTERN_SEARCH_OPTION},
        {"quokkas", "q-match", LECTERN_SEARCH_FACILITATOR},
        {"transporter", "q-order", LECTERN_SEARCH_OPTION},
        {"recruit", "q-order", LECTERN_SEARCH_OPTION},
        {"of trafficking", "q-fill", LECTERN_SEARCH_PROMPT},
        {"harbour", "q-scen", LECTERN_SEARCH_PROMPT},
        {"privately", "q-scen", LECTERN_SEARCH_OPTION},
        {"gazebo", "q-set", LECTERN_SEARCH_PROMPT},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        lectern_search_results *r = query(&l, want[i].q, NULL, 0, 0);
        if (r->n != 1 || strcmp(item_id(&l, r->hits[0].item), want[i].id) || r->hits[0].field != want[i].f)
            fail_msg("%s: %zu hits", want[i].q, r->n);
        lectern_search_results_free(r);
    }
    /* answer keys are not searchable: that would give the answers away */
    static const char *const hidden[] = {"xylophonic", "marmalade"};
    for (size_t i = 0; i < 2; i++) {
        lectern_search_results *r = query(&l, hidden[i], NULL, 0, 1);
        expect_n(&l, r, 0);
        lectern_search_results_free(r);
    }
    unload(&l);
    testfs_rmtree(tmp_root);
}

static void encode_cp(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp, out[1] = 0;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6)), out[1] = (char)(0x80 | (cp & 0x3F)), out[2] = 0;
    } else {
        out[0] = (char)(0xE0 | (cp >> 12)), out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F)), out[3] = 0;
    }
}

static void folding_matches_quiz(void **state)
{
    (void)state;
    static const unsigned ranges[][2] = {
        {0x20, 0x7E}, {0xA0, 0x17F}, {0x300, 0x36F}, {0x370, 0x45F}, {0x600, 0x6FF},
        {0x2000, 0x206F}, {0xFEFF, 0xFEFF},
    };
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
        for (unsigned cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
            char s[16], in[24];
            encode_cp(cp, s);
            snprintf(in, sizeof in, "x%sY", s);
            char *a = lectern_search_normalize(in, NULL), *b = lectern_quiz_normalize(in);
            if (strcmp(a, b))
                fail_msg("U+%04X: search '%s' quiz '%s'", cp, a, b);
            free(a);
            free(b);
        }
    /* the map leads back to the original bytes */
    size_t *map;
    const char *src = "  \xC3\x89t\xC3\xA9   STRASSE \xC3\x9F";
    char *n = lectern_search_normalize(src, &map);
    assert_string_equal(n, "ete strasse ss");
    assert_int_equal(map[0], 2);            /* É */
    assert_int_equal(map[2], 5);            /* é */
    assert_int_equal(map[3], 7);            /* the first space of the run */
    assert_int_equal(map[4], 10);           /* S */
    assert_int_equal(map[12], 18);          /* ß -> "ss": both bytes from it */
    assert_int_equal(map[13], 18);
    assert_int_equal(map[14], strlen(src));
    free(n);
    free(map);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rich_fields),
        cmocka_unit_test(rich_ranking),
        cmocka_unit_test(sample_course),
        cmocka_unit_test(plans_cues_descriptions),
        cmocka_unit_test(exercises),
        cmocka_unit_test(folding_matches_quiz),
    };
    return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
