/* BiDi ordering of mixed lines (logical -> visual) as the player draws them:
 * Arabic runs right to left, Latin names and numbers inside them left to
 * right, in a right-to-left or left-to-right paragraph. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "player.h"

static void visual(const char *in, int rtl, const char *want)
{
    char out[512];
    assert_int_equal(bidi_visual(in, rtl, out, sizeof out), 0);
    assert_string_equal(out, want);
}

static void arabic_with_latin_name_and_number(void **state)
{
    (void)state;
    /* "بروتوكول Palermo 2000" logical: Arabic word, then the name and year;
     * on screen (left to right): "Palermo 2000" at the left, the Arabic word
     * (its letters reversed) at the right */
    visual("\xD8\xA8\xD8\xB1\xD9\x88 Palermo 2000", 1,
           "Palermo 2000 \xD9\x88\xD8\xB1\xD8\xA8");
}

static void number_inside_arabic_keeps_its_digit_order(void **state)
{
    (void)state;
    /* "دون 18 سنة": the 18 is read left to right between the Arabic words */
    visual("\xD8\xAF\xD9\x88\xD9\x86 18 \xD8\xB3\xD9\x86\xD8\xA9", 1,
           "\xD8\xA9\xD9\x86\xD8\xB3 18 \xD9\x86\xD9\x88\xD8\xAF");
}

static void brackets_take_the_arabic_direction(void **state)
{
    (void)state;
    /* "(Palermo)" inside Arabic: by rule N0 the brackets take the paragraph's
     * direction, so they sit in the right-to-left runs (reversed here;
     * HarfBuzz draws their mirrored glyphs, which shows "(Palermo)") */
    visual("\xD8\xA8 (Palermo) \xD8\xAC", 1, "\xD8\xAC )Palermo( \xD8\xA8");
}

static void arabic_inside_latin_paragraph(void **state)
{
    (void)state;
    visual("Article 3 \xD8\xA7\xD9\x84\xD9\x85\xD8\xA7\xD8\xAF\xD8\xA9 here", 0,
           "Article 3 \xD8\xA9\xD8\xAF\xD8\xA7\xD9\x85\xD9\x84\xD8\xA7 here");
}

static void plain_latin_unchanged(void **state)
{
    (void)state;
    visual("Trafficking in persons (2000)", 0, "Trafficking in persons (2000)");
}

static int pick_by_script(void *ctx, uint32_t cp, int want)
{
    (void)ctx;
    if (want >= 0)
        return want;
    return bidi_is_arabic(cp) ? 1 : 0;
}

static void runs_split_by_font_and_level(void **state)
{
    (void)state;
    const char *s = "\xD8\xA8\xD8\xB1\xD9\x88 Palermo";
    bidi_run r[8];
    int n = bidi_runs(s, strlen(s), 1, pick_by_script, NULL, r, 8);
    assert_int_equal(n, 2);
    /* visual order: the Latin run first (left), even level, face 0 */
    assert_int_equal(r[0].level % 2, 0);
    assert_int_equal(r[0].face, 0);
    assert_memory_equal(s + r[0].off, "Palermo", 7);
    assert_int_equal(r[1].level % 2, 1);
    assert_int_equal(r[1].face, 1);
}

static void rtl_languages(void **state)
{
    (void)state;
    assert_true(bidi_lang_is_rtl("ar"));
    assert_true(bidi_lang_is_rtl("ar-EG"));
    assert_true(bidi_lang_is_rtl("he"));
    assert_false(bidi_lang_is_rtl("en"));
    assert_false(bidi_lang_is_rtl("fr"));
    assert_false(bidi_lang_is_rtl("arn"));
    assert_false(bidi_lang_is_rtl(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arabic_with_latin_name_and_number),
        cmocka_unit_test(number_inside_arabic_keeps_its_digit_order),
        cmocka_unit_test(brackets_take_the_arabic_direction),
        cmocka_unit_test(arabic_inside_latin_paragraph),
        cmocka_unit_test(plain_latin_unchanged),
        cmocka_unit_test(runs_split_by_font_and_level),
        cmocka_unit_test(rtl_languages),
    };
    return cmocka_run_group_tests_name("bidi", tests, NULL, NULL);
}
