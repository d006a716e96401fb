/* Fill-in normalisation: case, spacing, Latin diacritics (Latin-1 and Latin
 * Extended-A), Arabic harakat, combining marks, and how blanks use it. */
#include "quiz_test.h"

static const struct {
    const char *in, *out;
} cases[] = {
    { "Means", "means" },
    { "  the   MEANS\t\n", "the means" },
    { "\xC2\xA0non\xC2\xA0" "breaking\xE2\x80\x83space", "non breaking space" },
    { "Éducation à la citoyenneté", "education a la citoyennete" },
    { "ÀÁÂÃÄÅ àáâãäå Çç ÈÉÊË ÌÍÎÏ Ññ ÒÓÔÕÖØ ÙÚÛÜ Ýýÿ", "aaaaaa aaaaaa cc eeee iiii nn oooooo uuuu yyy" },
    { "Straße Æsop Œuvre Þing", "strasse aesop oeuvre thing" },
    { "Łódź Kraków Gdańsk", "lodz krakow gdansk" },
    { "Dvořák Škoda Žižkov", "dvorak skoda zizkov" },
    { "Ğüneş İstanbul ılık", "gunes istanbul ilik" },
    { "Ĳssel ŉ ſ Đorđe Ħamrun", "ijssel n s dorde hamrun" },
    { "× ÷", "× ÷" },                              /* kept */
    { "e\xCC\x81tude", "etude" },                   /* e + combining acute */
    /* Arabic: مُهَرِّب (smuggler with harakat) -> مهرب; tatweel removed */
    { "\xD9\x85\xD9\x8F\xD9\x87\xD9\x8E\xD8\xB1\xD9\x91\xD9\x90\xD8\xA8", "\xD9\x85\xD9\x87\xD8\xB1\xD8\xA8" },
    { "\xD8\xA7\xD8\xAA\xD9\x80\xD9\x80\xD8\xAC\xD8\xA7\xD8\xB1", "\xD8\xA7\xD8\xAA\xD8\xAC\xD8\xA7\xD8\xB1" },
    { "ΑΘΗΝΑ Москва", "αθηνα москва" },
    { "it\xE2\x80\x99s \xE2\x80\x9C" "free\xE2\x80\x9D", "it's \"free\"" },
    { "", "" },
    { "   ", "" },
    { "bad \xFF byte", "bad \xFF byte" },           /* invalid UTF-8 kept */
    { "cut \xC3", "cut \xC3" },                     /* truncated sequence kept */
};

static void normalise_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *n = lectern_quiz_normalize(cases[i].in);
        assert_non_null(n);
        if (strcmp(n, cases[i].out) != 0)
            fail_msg("case %zu: \"%s\" -> \"%s\", want \"%s\"", i, cases[i].in, n, cases[i].out);
        free(n);
    }
    char *n = lectern_quiz_normalize(NULL);
    assert_string_equal(n, "");
    free(n);
}

static void every_latin_letter_folds_to_ascii(void **state)
{
    (void)state;
    /* U+00C0..U+017F except × and ÷: the result is ASCII lower case */
    for (unsigned cp = 0xC0; cp <= 0x17F; cp++) {
        if (cp == 0xD7 || cp == 0xF7)
            continue;
        char in[3] = { (char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F)), 0 };
        char *n = lectern_quiz_normalize(in);
        assert_non_null(n);
        size_t len = strlen(n);
        if (len < 1 || len > 2)
            fail_msg("U+%04X -> \"%s\"", cp, n);
        for (size_t i = 0; i < len; i++)
            if (n[i] < 'a' || n[i] > 'z')
                fail_msg("U+%04X -> \"%s\"", cp, n);
        free(n);
    }
}

static void blanks_use_it(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(
        "{'kind': 'fill_blank', 'text': {'en': 'Victims of ___', 'ar': 'ضحايا ___'},"
        " 'blanks': [{'accept': {'en': ['trafficking'], 'ar': ['الاتجار']}}]}", "q");
    const char *typed[] = { "TRAFFICKING", " trafficking ", "Trafficking", "الاتِّجار", "الاتجـار" };
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
        lectern_quiz_attempt *a;
        lectern_quiz_result r;
        assert_int_equal(lectern_quiz_attempt_begin(q, 1, 0, &a), 0);
        assert_int_equal(lectern_quiz_fill(a, 0, typed[i]), 0);
        assert_string_equal(lectern_quiz_filled(a, 0), typed[i]);
        assert_int_equal(lectern_quiz_score(q, a, &r), 0);
        if (!r.success)
            fail_msg("\"%s\" not accepted", typed[i]);
        assert_string_equal(r.response, typed[i]);   /* as typed, for xAPI */
        lectern_quiz_result_free(&r);
        lectern_quiz_attempt_free(a);
    }
    /* a near miss is still wrong */
    lectern_quiz_attempt *a;
    lectern_quiz_result r;
    assert_int_equal(lectern_quiz_attempt_begin(q, 1, 0, &a), 0);
    lectern_quiz_fill(a, 0, "traffic king");
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_false(r.success);
    assert_false(r.parts[0].right);
    lectern_quiz_result_free(&r);
    lectern_quiz_fill(a, 0, NULL);
    assert_string_equal(lectern_quiz_filled(a, 0), "");
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normalise_table),
        cmocka_unit_test(every_latin_letter_folds_to_ascii),
        cmocka_unit_test(blanks_use_it),
    };
    return cmocka_run_group_tests_name("quiz_norm", tests, NULL, NULL);
}
