/* Counted phrases in French and Arabic: the player's words (ngettext) and
 * core's sentences through the translation hook take the form of their
 * number, read back through real gettext from the built catalogues
 * (<build>/po): 0, 1, 2, 3, 11 and 100 each say what a reader expects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lectern/budget.h"
#include "player.h"

static const unsigned long counts[] = { 0, 1, 2, 3, 11, 100 };
#define N_COUNTS (sizeof counts / sizeof *counts)

/* The player's minutes ("20 min" in lists, the presenter, the picker). */
static void minutes_in_french_and_arabic(void **state)
{
    (void)state;
    static const char *const ar[N_COUNTS] = {
        "0 \xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd8\xa9",                       /* 0 دقيقة */
        "\xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd8\xa9 \xd9\x88\xd8\xa7\xd8\xad\xd8\xaf\xd8\xa9", /* دقيقة واحدة */
        "\xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd8\xaa\xd8\xa7\xd9\x86",           /* دقيقتان */
        "3 \xd8\xaf\xd9\x82\xd8\xa7\xd8\xa6\xd9\x82",                         /* 3 دقائق */
        "11 \xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd8\xa9",                        /* 11 دقيقة */
        "100 \xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd8\xa9",                       /* 100 دقيقة */
    };
    static const char *const fr[N_COUNTS] = { "0 min", "1 min", "2 min", "3 min", "11 min", "100 min" };
    char buf[64];
    assert_int_equal(ui_set_lang("ar"), 0);
    for (size_t i = 0; i < N_COUNTS; i++)
        assert_string_equal(ui_minutes(NULL, (double)counts[i], buf, sizeof buf), ar[i]);
    /* not whole: the singular after a fraction */
    assert_string_equal(ui_minutes(NULL, 7.5, buf, sizeof buf), "7.5 \xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd8\xa9");
    assert_int_equal(ui_set_lang("fr"), 0);
    for (size_t i = 0; i < N_COUNTS; i++)
        assert_string_equal(ui_minutes(NULL, (double)counts[i], buf, sizeof buf), fr[i]);
    ui_set_lang(NULL);
}

/* Search results and the progress summary's "and 3 more modules": French
 * says 0 and 1 in the singular, Arabic has six forms. */
static void nouns_in_french_and_arabic(void **state)
{
    (void)state;
    static const char *const fr_results[N_COUNTS] = {
        "0 r\xc3\xa9sultat", "1 r\xc3\xa9sultat", "2 r\xc3\xa9sultats", "3 r\xc3\xa9sultats",
        "11 r\xc3\xa9sultats", "100 r\xc3\xa9sultats",
    };
    static const char *const ar_results[N_COUNTS] = {
        "\xd9\x84\xd8\xa7 \xd9\x86\xd8\xaa\xd8\xa7\xd8\xa6\xd8\xac",                          /* لا نتائج */
        "\xd9\x86\xd8\xaa\xd9\x8a\xd8\xac\xd8\xa9 \xd9\x88\xd8\xa7\xd8\xad\xd8\xaf\xd8\xa9",  /* نتيجة واحدة */
        "\xd9\x86\xd8\xaa\xd9\x8a\xd8\xac\xd8\xaa\xd8\xa7\xd9\x86",                          /* نتيجتان */
        "3 \xd9\x86\xd8\xaa\xd8\xa7\xd8\xa6\xd8\xac",                                        /* 3 نتائج */
        "11 \xd9\x86\xd8\xaa\xd9\x8a\xd8\xac\xd8\xa9",                                       /* 11 نتيجة */
        "100 \xd9\x86\xd8\xaa\xd9\x8a\xd8\xac\xd8\xa9",                                      /* 100 نتيجة */
    };
    static const char *const fr_modules[N_COUNTS] = {
        "et 0 autre module", "et 1 autre module", "et 2 autres modules", "et 3 autres modules",
        "et 11 autres modules", "et 100 autres modules",
    };
    static const char *const ar_modules[N_COUNTS] = {
        "\xd9\x88\xd9\x84\xd8\xa7 \xd9\x88\xd8\xad\xd8\xaf\xd8\xa7\xd8\xaa \xd8\xa3\xd8\xae\xd8\xb1\xd9\x89", /* ولا وحدات أخرى */
        "\xd9\x88\xd9\x88\xd8\xad\xd8\xaf\xd8\xa9 \xd8\xa3\xd8\xae\xd8\xb1\xd9\x89",          /* ووحدة أخرى */
        "\xd9\x88\xd9\x88\xd8\xad\xd8\xaf\xd8\xaa\xd8\xa7\xd9\x86 \xd8\xa3\xd8\xae\xd8\xb1\xd9\x8a\xd8\xa7\xd9\x86", /* ووحدتان أخريان */
        "\xd9\x88" "3 \xd9\x88\xd8\xad\xd8\xaf\xd8\xa7\xd8\xaa \xd8\xa3\xd8\xae\xd8\xb1\xd9\x89", /* و3 وحدات أخرى */
        "\xd9\x88" "11 \xd9\x88\xd8\xad\xd8\xaf\xd8\xa9\xd9\x8b \xd8\xa3\xd8\xae\xd8\xb1\xd9\x89", /* و11 وحدةً أخرى */
        "\xd9\x88" "100 \xd9\x88\xd8\xad\xd8\xaf\xd8\xa9 \xd8\xa3\xd8\xae\xd8\xb1\xd9\x89",    /* و100 وحدة أخرى */
    };
    char buf[128];
    for (size_t i = 0; i < N_COUNTS; i++) {
        size_t n = counts[i];
        assert_int_equal(ui_set_lang("fr"), 0);
        snprintf(buf, sizeof buf, TRN(NULL, "%zu result", "%zu results", n), n);
        assert_string_equal(buf, fr_results[i]);
        snprintf(buf, sizeof buf, TRN(NULL, "and %zu more module", "and %zu more modules", n), n);
        assert_string_equal(buf, fr_modules[i]);
        assert_int_equal(ui_set_lang("ar"), 0);
        snprintf(buf, sizeof buf, TRN(NULL, "%zu result", "%zu results", n), n);
        assert_string_equal(buf, ar_results[i]);
        snprintf(buf, sizeof buf, TRN(NULL, "and %zu more module", "and %zu more modules", n), n);
        assert_string_equal(buf, ar_modules[i]);
        assert_int_equal(ui_set_lang("en"), 0);
        snprintf(buf, sizeof buf, TRN(NULL, "%zu result", "%zu results", n), n);
        char want[32];
        snprintf(want, sizeof want, n == 1 ? "%zu result" : "%zu results", n);
        assert_string_equal(buf, want);
    }
    ui_set_lang(NULL);
}

/* Core's lengths (budget planner, re-planning) through the player's hook:
 * minutes and hours take their plural forms; "1 h 30" stays an
 * abbreviation. */
static void core_lengths_through_the_hook(void **state)
{
    (void)state;
    static const char *const ar_min[N_COUNTS] = {
        "0 \xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd8\xa9",
        "\xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd8\xa9 \xd9\x88\xd8\xa7\xd8\xad\xd8\xaf\xd8\xa9",
        "\xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd8\xaa\xd8\xa7\xd9\x86",
        "3 \xd8\xaf\xd9\x82\xd8\xa7\xd8\xa6\xd9\x82",
        "11 \xd8\xaf\xd9\x82\xd9\x8a\xd9\x82\xd8\xa9",
        NULL,
    };
    static const char *const ar_hours[N_COUNTS] = {
        NULL,
        "\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xa9 \xd9\x88\xd8\xa7\xd8\xad\xd8\xaf\xd8\xa9",           /* ساعة واحدة */
        "\xd8\xb3\xd8\xa7\xd8\xb9\xd8\xaa\xd8\xa7\xd9\x86",                                 /* ساعتان */
        "3 \xd8\xb3\xd8\xa7\xd8\xb9\xd8\xa7\xd8\xaa",                                       /* 3 ساعات */
        "11 \xd8\xb3\xd8\xa7\xd8\xb9\xd8\xa9",                                              /* 11 ساعة */
        "100 \xd8\xb3\xd8\xa7\xd8\xb9\xd8\xa9",                                             /* 100 ساعة */
    };
    char buf[64];
    assert_int_equal(ui_set_lang("ar"), 0);
    for (size_t i = 0; i < N_COUNTS; i++) {
        if (ar_min[i])
            assert_string_equal(lectern_budget_format_tr((double)counts[i], ui_core_translate, NULL, buf,
                                                         sizeof buf), ar_min[i]);
        if (ar_hours[i])
            assert_string_equal(lectern_budget_format_tr(60.0 * (double)counts[i], ui_core_translate, NULL, buf,
                                                         sizeof buf), ar_hours[i]);
    }
    /* 1 h 30: abbreviations, no count agreement */
    assert_string_equal(lectern_budget_format_tr(90, ui_core_translate, NULL, buf, sizeof buf),
                        "1 \xd8\xb3 30 \xd8\xaf");
    assert_int_equal(ui_set_lang("fr"), 0);
    assert_string_equal(lectern_budget_format_tr(1, ui_core_translate, NULL, buf, sizeof buf), "1 min");
    assert_string_equal(lectern_budget_format_tr(120, ui_core_translate, NULL, buf, sizeof buf), "2 h");
    /* the English without a hook */
    assert_string_equal(lectern_budget_format_tr(2, NULL, NULL, buf, sizeof buf), "2 min");
    ui_set_lang(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(minutes_in_french_and_arabic),
        cmocka_unit_test(nouns_in_french_and_arabic),
        cmocka_unit_test(core_lengths_through_the_hook),
    };
    return cmocka_run_group_tests_name("plurals", tests, NULL, NULL);
}
