/* Text systems come and go during a run (the error window, --watch reloads,
 * the presenter window, the PNG agenda in lectern-pack) while other code in
 * the process uses fontconfig too (libvlc's text renderer keeps font sets
 * from its caches). Destroying the last text system must leave fontconfig
 * alone (an FcFini there asserted in FcCacheFini, fontconfig's caches being
 * in use), and a new one still finds fonts through fontconfig (theme font by
 * pattern, per-script fallbacks by FcFontSort) and draws the same glyphs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

#include "player.h"

/* Ink pixels (differing from the white background) after drawing s. */
static int ink(textsys *ts, SDL_Renderer *ren, SDL_Surface *target, const char *s)
{
    SDL_SetRenderDrawColor(ren, 255, 255, 255, 255);
    SDL_RenderClear(ren);
    text_draw(ts, ren, FONT_BODY, 32, 600, ALIGN_LEFT, 0x000000, s, 10, 10);
    SDL_RenderPresent(ren);
    int n = 0;
    for (int y = 0; y < target->h; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)target->pixels + y * target->pitch);
        for (int x = 0; x < target->w; x++)
            n += (row[x] & 0xFFFFFF) != 0xFFFFFF;
    }
    return n;
}

static void recreated_after_the_last_is_gone(void **state)
{
    (void)state;
    /* another fontconfig user, as libvlc's freetype module: a font set
     * that references fontconfig's caches, held through the whole test */
    assert_true(FcInit());
    FcPattern *pat = FcNameParse((const FcChar8 *)"sans-serif");
    assert_non_null(pat);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcFontSet *held = FcFontSort(NULL, pat, FcTrue, NULL, &res);
    assert_non_null(held);
    assert_true(held->nfont > 0);
    SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, 640, 120, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(target);
    SDL_Renderer *ren = SDL_CreateSoftwareRenderer(target);
    assert_non_null(ren);
    /* the theme asks for fonts by fontconfig pattern */
    lectern_theme theme;
    memset(&theme, 0, sizeof theme);
    theme.heading_font = "DejaVu Sans:bold";
    theme.body_font = "DejaVu Sans";
    /* Latin; Arabic (its fallback); Devanagari and CJK found by FcFontSort
     * when a font here has them (ink is counted either way) */
    static const char *texts[] = {"Referral pathway", "\xD8\xA7\xD9\x84\xD8\xA5\xD8\xAD\xD8\xA7\xD9\x84\xD8\xA9",
                                  "\xE0\xA4\xB8\xE0\xA4\xB9\xE0\xA4\xBE\xE0\xA4\xAF\xE0\xA4\xA4\xE0\xA4\xBE "
                                  "\xE6\x8F\xB4\xE5\x8A\xA9"};
    int first[3] = {0};
    for (int round = 0; round < 3; round++) {
        textsys *ts = NULL, *second = NULL;
        lectern_error err = {0};
        assert_int_equal(textsys_create(NULL, NULL, &theme, &ts, &err), 0);
        /* two alive at once (the presenter window), the first destroyed first */
        assert_int_equal(textsys_create(NULL, NULL, &theme, &second, &err), 0);
        for (int k = 0; k < 3; k++) {
            int n = ink(ts, ren, target, texts[k]);
            assert_true(n > 50);
            if (round == 0)
                first[k] = n;
            else
                assert_int_equal(n, first[k]);   /* the same fonts every time */
            assert_int_equal(ink(second, ren, target, texts[k]), first[k]);
        }
        textsys_destroy(ts);
        assert_int_equal(ink(second, ren, target, texts[1]), first[1]);
        textsys_destroy(second);     /* the last one */
    }
    /* the other user's fonts are still good */
    FcChar8 *file = NULL;
    assert_int_equal(FcPatternGetString(held->fonts[0], FC_FILE, 0, &file), FcResultMatch);
    assert_non_null(file);
    FcFontSetDestroy(held);
    FcPatternDestroy(pat);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(target);
}

int main(void)
{
    if (TTF_Init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recreated_after_the_last_is_gone),
    };
    int rc = cmocka_run_group_tests_name("textsys_lifecycle", tests, NULL, NULL);
    TTF_Quit();
    return rc;
}
