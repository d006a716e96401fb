/* A case study (scenario) in the exercise view: what the last choice led
 * to and its feedback, the step's text and its numbered choices (the
 * trainer's view marks the one on the way to the best ending), or the
 * ending reached, coloured by its score. */
#include <stdio.h>

#include "exercise_view_internal.h"

/* The steps on the shortest path to the best ending (the trainer's key). */
static long key_choice(const ctx *c, long step)
{
    lectern_quiz_attempt *k = NULL;
    long out = -1;
    if (lectern_quiz_attempt_begin(c->q, 1, 0, &k) < 0)
        return -1;
    if (lectern_quiz_attempt_fill_key(k, c->a->lang) == 0)
        for (size_t i = 0; i + 1 < lectern_quiz_path_len(k); i++)
            if (lectern_quiz_path_step(k, i) == step)
                out = lectern_quiz_path_choice(k, i);
    lectern_quiz_attempt_free(k);
    return out;
}

float exv_scenario(ctx *c, float y)
{
    float y0 = y;
    size_t len = lectern_quiz_path_len(c->at);
    long cur = lectern_quiz_current_step(c->at);
    if (cur < 0)
        return 0;
    const lectern_quiz_step *st = lectern_quiz_get_step(c->q, (size_t)cur);
    char label[64];
    if (st->ending)
        snprintf(label, sizeof label, "%s", W(c->a, UI_EXV_OUTCOME));
    else
        snprintf(label, sizeof label, W(c->a, UI_EXV_STEP), len);
    /* what the last choice led to */
    if (len >= 2) {
        const lectern_quiz_step *prev = lectern_quiz_get_step(c->q,
                                        (size_t)lectern_quiz_path_step(c->at, len - 2));
        long ch = lectern_quiz_path_choice(c->at, len - 2);
        if (prev && ch >= 0) {
            char took[600];
            snprintf(took, sizeof took, "\xE2\x96\xB8 %s", T(c->a, &prev->choices[ch].text));
            y += exv_text(c, FONT_ITALIC, 26, c->x, y, c->w, c->muted, took) + S(c, 6);
            const char *fb = T(c->a, &prev->choices[ch].feedback);
            if (*fb)
                y += exv_text(c, FONT_ITALIC, 26, c->x, y, c->w, c->accent, fb) + S(c, 6);
            y += S(c, 10);
        }
    }
    y += exv_text(c, FONT_BOLD, 24, c->x, y, c->w, c->accent, label) + S(c, 6);
    if (st->ending) {
        float th = measure_text(c->a, FONT_BODY, S(c, 32), c->w - S(c, 60), T(c->a, &st->text), NULL);
        float fh = 0;
        if (*T(c->a, &st->feedback))
            fh = S(c, 10) + measure_text(c->a, FONT_ITALIC, S(c, 26), c->w - S(c, 60),
                                         T(c->a, &st->feedback), NULL);
        float h = th + fh + S(c, 40);
        if (c->draw) {
            int good = st->has_score && st->score > 0;
            draw_fill(c->a, c->x, y, c->w, h, color_mix(c->bg, good ? GOOD_RGB : BAD_RGB, 0.18f), 255);
            draw_fill(c->a, c->x, y, S(c, 10), h, good ? GOOD_RGB : BAD_RGB, 255);
            draw_text(c->a, FONT_BODY, S(c, 32), c->x + S(c, 30), y + S(c, 20), c->w - S(c, 60),
                      ALIGN_LEFT, c->fg, T(c->a, &st->text));
            if (fh > 0)
                draw_text(c->a, FONT_ITALIC, S(c, 26), c->x + S(c, 30), y + S(c, 30) + th,
                          c->w - S(c, 60), ALIGN_LEFT, c->muted, T(c->a, &st->feedback));
        }
        return y + h - y0;
    }
    y += exv_text(c, FONT_BODY, 32, c->x, y, c->w, c->fg, T(c->a, &st->text)) + S(c, 18);
    long key = c->show_key ? key_choice(c, cur) : -1;
    for (size_t i = 0; i < st->n_choices; i++) {
        char badge[24];
        snprintf(badge, sizeof badge, "%zu", i + 1);
        rowspec r = { badge, IND_NONE, 0, key == (long)i, T(c->a, &st->choices[i].text), NULL,
                      c->muted, exv_focused(c, LECTERN_EXC_OPTION, i), 0, 0 };
        y += exv_row(c, y, &r, lectern_cmd_make(LECTERN_CMD_CHOOSE, (long)i + 1)) + S(c, 12);
    }
    return y - y0;
}
