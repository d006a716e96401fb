/* The base direction of the player's words in a right-to-left UI: a string
 * that starts with a Latin name ("Lectern", a key "D", a course id) but is
 * Arabic reads from the right: drawn into the real text system and read
 * back, it is right-aligned with the Latin word at its right end. A
 * string without Arabic letters (English fallback text, "0 / 16") keeps the
 * direction of its first strong character; a right-to-left
 * course's slide text is right to left even when it starts with "DNA". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player.h"

#define LATIN "Lectern"
/* "Lectern لم يتمكن من فتح هذه الدورة": the error screen's sentence in Arabic */
#define SENTENCE LATIN " \xD9\x84\xD9\x85 \xD9\x8A\xD8\xAA\xD9\x85\xD9\x83\xD9\x86 \xD9\x85\xD9\x86 " \
    "\xD9\x81\xD8\xAA\xD8\xAD \xD9\x87\xD8\xB0\xD9\x87 \xD8\xA7\xD9\x84\xD8\xAF\xD9\x88\xD8\xB1\xD8\xA9"
#define BOX_X 100.0f
#define BOX_W 1000.0f

typedef struct fixture {
    lectern_theme theme;
    SDL_Surface *target;
    app a;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx || SDL_Init(SDL_INIT_VIDEO) < 0 || TTF_Init() < 0)
        return -1;
    fx->theme.heading_font = strdup("Noto Sans");
    fx->theme.body_font = strdup("Noto Sans");
    lectern_error err = {0};
    if (textsys_create(NULL, NULL, &fx->theme, &fx->a.text, &err) < 0)
        return -1;
    fx->target = SDL_CreateRGBSurfaceWithFormat(0, CANVAS_W, CANVAS_H, 32, SDL_PIXELFORMAT_ARGB8888);
    fx->a.ren = fx->target ? SDL_CreateSoftwareRenderer(fx->target) : NULL;
    canvas_fit(&fx->a.cv, CANVAS_W, CANVAS_H);
    *state = fx;
    return fx->a.ren ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    textsys_destroy(fx->a.text);
    SDL_DestroyRenderer(fx->a.ren);
    SDL_FreeSurface(fx->target);
    free(fx->theme.heading_font);
    free(fx->theme.body_font);
    free(fx);
    TTF_Quit();
    SDL_Quit();
    return 0;
}

/* Draws s (white on black) left-aligned in the box as a screen does, with
 * the direction policy (as_is 0) or without it; returns the ink's columns
 * as a 0/1 map per column in cols[CANVAS_W] and its extent. */
static void draw_row(fixture *fx, const char *s, int as_is, unsigned char *ink, int *x0, int *x1)
{
    SDL_SetRenderDrawColor(fx->a.ren, 0, 0, 0, 255);
    SDL_RenderClear(fx->a.ren);
    if (as_is)
        draw_text_as_is(&fx->a, FONT_BODY, 40, BOX_X, 100, BOX_W, ALIGN_LEFT, 0xffffff, s);
    else
        draw_text(&fx->a, FONT_BODY, 40, BOX_X, 100, BOX_W, ALIGN_LEFT, 0xffffff, s);
    SDL_RenderPresent(fx->a.ren);
    const uint32_t *px = fx->target->pixels;
    int pitch = fx->target->pitch / 4;
    *x0 = CANVAS_W;
    *x1 = -1;
    for (int y = 90; y < 200; y++)
        for (int x = 0; x < CANVAS_W; x++) {
            int on = (px[y * pitch + x] & 0xff) > 128;
            ink[y * CANVAS_W + x] = (unsigned char)on;
            if (on) {
                *x0 = x < *x0 ? x : *x0;
                *x1 = x > *x1 ? x : *x1;
            }
        }
}

/* Pixels that differ between two drawings within columns [x0, x1]. */
static int differ(const unsigned char *p, const unsigned char *q, int x0, int x1)
{
    int d = 0;
    for (int y = 90; y < 200; y++)
        for (int x = x0; x <= x1; x++)
            d += p[y * CANVAS_W + x] != q[y * CANVAS_W + x];
    return d;
}

static int ink_in(const unsigned char *p, int x0, int x1)
{
    int n = 0;
    for (int y = 90; y < 200; y++)
        for (int x = x0; x <= x1; x++)
            n += p[y * CANVAS_W + x];
    return n;
}

/* Mirrored (Arabic UI): the box is on the right half; the sentence ends at
 * the box's right edge and its right end is the word "Lectern", drawn
 * exactly as "Lectern" alone; without the policy (first strong character)
 * "Lectern" would stand at the left end, Arabic at the right. */
static void arabic_ui_string_starting_latin_reads_from_the_right(void **state)
{
    fixture *fx = *state;
    static unsigned char full[CANVAS_W * CANVAS_H], word[CANVAS_W * CANVAS_H], old[CANVAS_W * CANVAS_H];
    int f0, f1, w0, w1, o0, o1;
    fx->a.lang = "en";    /* an English course in an Arabic UI: the UI's words still read from the right */
    draw_set_mirror(1);
    draw_row(fx, SENTENCE, 0, full, &f0, &f1);
    draw_row(fx, LATIN, 0, word, &w0, &w1);
    draw_row(fx, SENTENCE, 1, old, &o0, &o1);
    draw_set_mirror(0);
    int box_right = CANVAS_W - (int)BOX_X;
    print_message("sentence ink %d..%d, word %d..%d, box right %d\n", f0, f1, w0, w1, box_right);
    assert_true(f1 <= box_right && f1 >= box_right - 12);           /* right-aligned */
    assert_true(w1 - w0 > 60 && f1 - f0 > 3 * (w1 - w0));           /* the word is a part of it */
    int wink = ink_in(word, w0, w1);
    assert_true(differ(full, word, w0, w1) * 20 < wink);            /* "Lectern" at the right end */
    assert_true(ink_in(full, f0, w0 - 12) > 4 * wink / 2);          /* the Arabic to its left */
    /* the old first-strong layout put "Lectern" at the left end instead */
    assert_true(differ(old, word, w0, w1) * 4 > wink);
    assert_true(draw_text_is_rtl(&fx->a, SENTENCE) == 0);           /* unmirrored: first strong */
}

/* Which strings read right to left. */
static void direction_by_context(void **state)
{
    fixture *fx = *state;
    app *a = &fx->a;
    const char *key = "D  \xC2\xB7  \xD8\xAA\xD9\x82\xD8\xAF\xD9\x8A\xD9\x85";   /* "D · تقديم" */
    const char *dna = "DNA \xD9\x87\xD9\x88";                                     /* "DNA هو" */
    a->lang = "en";
    draw_set_mirror(1);
    assert_true(draw_text_is_rtl(a, key));
    assert_false(draw_text_is_rtl(a, "Welcome, trainers."));    /* an English course's title */
    assert_false(draw_text_is_rtl(a, "trafficking-basics"));
    a->lang = "ar";
    assert_false(draw_text_is_rtl(a, "What protects against re-trafficking?"));   /* English fallback text */
    assert_false(draw_text_is_rtl(a, "0 / 16"));
    draw_set_mirror(0);
    assert_false(draw_text_is_rtl(a, key));                      /* a left-to-right UI: first strong */
    /* slides: the course language's direction for text with Arabic in it */
    int was = draw_set_text_dir(DRAW_DIR_COURSE);
    assert_true(draw_text_is_rtl(a, dna));
    assert_false(draw_text_is_rtl(a, "Palermo Protocol"));
    a->lang = "en";
    assert_false(draw_text_is_rtl(a, dna));
    assert_true(draw_text_is_rtl(a, "\xD9\x87\xD9\x88 DNA"));   /* first strong */
    draw_set_text_dir(was);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arabic_ui_string_starting_latin_reads_from_the_right),
        cmocka_unit_test(direction_by_context),
    };
    return cmocka_run_group_tests_name("ui_direction", tests, setup, teardown);
}
