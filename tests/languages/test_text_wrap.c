/* Word wrap keeps every line inside its box: the player wraps a paragraph at
 * a width in pixels and draws it left-aligned from x; no line may be wider
 * than that width when shaped and drawn (kerning, the spaces between words
 * shaped with them, Arabic joined across a run), neither by its measured
 * width nor by its ink. Exercise prompts ran about 1 % past the right margin
 * at 1920x1080 and 1280x720 when the wrap summed words measured one by one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player.h"

static const char *texts[] = {
    "For an adult, trafficking in persons has three elements: the act, the (1) ______ and the "
    "(2) ______. For a child, the (3) ______ is not needed.",
    "A young woman comes in with a badly bruised wrist. A man comes with her, holds her identity "
    "card and answers every question for her. She looks at him before she says anything. What do "
    "you do?",
    "Five questions on the definition. Answer each one, then submit the set: four right answers "
    "out of five pass. Traffickers often argue that the victim 'knew what she was getting into' "
    "or 'agreed to the job', yet, Tuesday, AVAWAY, \"quoted\", T.V., L'ouvrier, y'all.",
    "Une jeune femme arrive avec un poignet couvert d'ecchymoses. Un homme l'accompagne, tient sa "
    "carte d'identit\xC3\xA9 et r\xC3\xA9pond \xC3\xA0 toutes les questions \xC3\xA0 sa place. "
    "Elle le regarde avant de dire quoi que ce soit. Que faites-vous ?",
    /* Arabic: the m3 case study's first step */
    "\xD8\xAA\xD8\xA3\xD8\xAA\xD9\x8A \xD8\xB4\xD8\xA7\xD8\xA8\xD8\xA9 \xD9\x88\xD9\x85\xD8\xB9"
    "\xD8\xB5\xD9\x85\xD9\x87\xD8\xA7 \xD9\x85\xD8\xB5\xD8\xA7\xD8\xA8 \xD8\xA8\xD9\x83\xD8\xAF"
    "\xD9\x85\xD8\xA7\xD8\xAA \xD8\xB4\xD8\xAF\xD9\x8A\xD8\xAF\xD8\xA9. \xD9\x8A\xD8\xB1\xD8\xA7"
    "\xD9\x81\xD9\x82\xD9\x87\xD8\xA7 \xD8\xB1\xD8\xAC\xD9\x84 \xD9\x8A\xD9\x85\xD8\xB3\xD9\x83 "
    "\xD8\xA8\xD8\xA8\xD8\xB7\xD8\xA7\xD9\x82\xD8\xA9 \xD9\x87\xD9\x88\xD9\x8A\xD8\xAA\xD9\x87\xD8"
    "\xA7 \xD9\x88\xD9\x8A\xD8\xAC\xD9\x8A\xD8\xA8 \xD8\xB9\xD9\x86 \xD9\x83\xD9\x84 \xD8\xB3\xD8"
    "\xA4\xD8\xA7\xD9\x84 \xD8\xA8\xD8\xAF\xD9\x84\xD9\x8B\xD8\xA7 \xD9\x85\xD9\x86\xD9\x87\xD8\xA7"
    ". \xD9\x88\xD9\x87\xD9\x8A \xD8\xAA\xD9\x86\xD8\xB8\xD8\xB1 \xD8\xA5\xD9\x84\xD9\x8A\xD9\x87 "
    "\xD9\x82\xD8\xA8\xD9\x84 \xD8\xA3\xD9\x86 \xD8\xAA\xD9\x82\xD9\x88\xD9\x84 \xD8\xA3\xD9\x8A "
    "\xD8\xB4\xD9\x8A\xD8\xA1. \xD9\x85\xD8\xA7\xD8\xB0\xD8\xA7 \xD8\xAA\xD9\x81\xD8\xB9\xD9\x84"
    "\xD8\x9F (UN Protocol, 2000)",
};

/* Width of the widest word of s, unwrapped. */
static int widest_word(textsys *ts, font_role role, int px, const char *s)
{
    int widest = 0;
    while (*s) {
        size_t n = strcspn(s, " ");
        if (n > 0) {
            char word[256];
            int w = 0, h = 0;
            snprintf(word, sizeof word, "%.*s", (int)n, s);
            text_measure(ts, role, px, 0, word, &w, &h);
            widest = w > widest ? w : widest;
        }
        s += n + (s[n] == ' ');
    }
    return widest;
}

/* Rightmost column with ink (non-white) in the surface, or -1. */
static int ink_right(SDL_Surface *s)
{
    int right = -1;
    for (int y = 0; y < s->h; y++) {
        const uint32_t *row = (const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch);
        for (int x = s->w - 1; x > right; x--)
            if ((row[x] & 0xFFFFFF) != 0xFFFFFF) {
                right = x;
                break;
            }
    }
    return right;
}

static void lines_stay_inside_the_wrap_width(void **state)
{
    (void)state;
    SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, 2000, 900, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(target);
    SDL_Renderer *ren = SDL_CreateSoftwareRenderer(target);
    assert_non_null(ren);
    lectern_theme theme;
    memset(&theme, 0, sizeof theme);
    theme.heading_font = "DejaVu Sans:bold";
    theme.body_font = "DejaVu Sans";
    textsys *ts = NULL;
    lectern_error err = {0};
    assert_int_equal(textsys_create(NULL, NULL, &theme, &ts, &err), 0);
    /* the sizes of exercise text at 1280x720 and 1920x1080, 100 % and 200 % */
    static const int sizes[] = { 19, 24, 28, 36, 48, 56, 72 };
    static const font_role roles[] = { FONT_BODY, FONT_BOLD };
    int checked = 0, worst = 0;
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
        for (size_t r = 0; r < 2; r++)
            for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++)
                for (int wrap = 420; wrap <= 1700; wrap += 83) {
                    int tw = 0, th = 0;
                    if (widest_word(ts, roles[r], sizes[k], texts[t]) > wrap)
                        continue;       /* a word alone overflows: nothing to wrap */
                    assert_true(text_measure(ts, roles[r], sizes[k], wrap, texts[t], &tw, &th) > 0);
                    if (tw > wrap) {
                        print_error("text %zu, %s %d px wrapped at %d: %d px wide\n", t,
                                    r ? "bold" : "body", sizes[k], wrap, tw);
                        worst = tw - wrap > worst ? tw - wrap : worst;
                    }
                    /* the ink too (one pixel of antialiasing past the advance) */
                    SDL_SetRenderDrawColor(ren, 255, 255, 255, 255);
                    SDL_RenderClear(ren);
                    text_draw(ts, ren, roles[r], sizes[k], wrap, ALIGN_LEFT, 0x000000, texts[t], 50, 10);
                    SDL_RenderPresent(ren);
                    int right = ink_right(target);
                    if (right > 50 + wrap) {
                        print_error("text %zu, %s %d px wrapped at %d: ink to %d\n", t,
                                    r ? "bold" : "body", sizes[k], wrap, right - 50);
                        worst = right - 50 - wrap > worst ? right - 50 - wrap : worst;
                    }
                    checked++;
                }
    print_message("%d wrapped texts checked; worst overflow %d px\n", checked, worst);
    assert_int_equal(worst, 0);
    textsys_destroy(ts);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(target);
}

int main(void)
{
    if (TTF_Init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lines_stay_inside_the_wrap_width),
    };
    int rc = cmocka_run_group_tests_name("text_wrap", tests, NULL, NULL);
    TTF_Quit();
    return rc;
}
