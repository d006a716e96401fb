/* Question sets in the exercise view: the progress line ("Question 2 of 5")
 * with one segment per question above the question on screen, and after
 * submitting the summary: the set's verdict and feedback, then one row per
 * question marked right or wrong, with the answer once the solution shows. */
#include <stdio.h>
#include <string.h>

#include "exercise_view_internal.h"

/* 1 when question i of the set has an answer. */
static int answered(const ctx *c, size_t i)
{
    lectern_quiz_attempt *sub = lectern_quiz_attempt_question((lectern_quiz_attempt *)c->set_at, i);
    lectern_quiz_result r;
    if (!sub || lectern_quiz_score(lectern_quiz_question(c->set, i), sub, &r) < 0) {
        lectern_quiz_result_free(&r);
        return 0;
    }
    int yes = r.answered;
    lectern_quiz_result_free(&r);
    return yes;
}

float exv_set_progress(ctx *c, float y)
{
    size_t nq = lectern_quiz_n_questions(c->set);
    char line[120];
    snprintf(line, sizeof line, W(c->a, UI_EXV_QUESTION_OF), c->qi + 1, nq);
    float seg = S(c, 56), gap = S(c, 10), bar = S(c, 12);
    float segs_w = nq * seg + (nq ? nq - 1 : 0) * gap;
    float h = exv_text(c, FONT_BOLD, 30, c->x, y, c->w - segs_w - S(c, 40), c->fg, line);
    if (c->draw) {
        /* the segments sit level with the line, on the far side */
        float sx = c->x + c->w - segs_w, sy = y + (h - bar) / 2;
        for (size_t i = 0; i < nq; i++) {
            uint32_t col = i == c->qi ? c->accent :
                           answered(c, i) ? color_mix(c->bg, c->accent, 0.55f)
                                          : color_mix(c->bg, c->fg, 0.18f);
            draw_fill(c->a, sx + i * (seg + gap), sy, seg, bar, col, 255);
            if (i == c->qi)
                draw_outline(c->a, sx + i * (seg + gap) - S(c, 3), sy - S(c, 3), seg + S(c, 6),
                             bar + S(c, 6), S(c, 2), c->fg, 255);
        }
    }
    return h + S(c, 10);
}

/* Appends s to out (n bytes) with sep before it unless out is empty. */
static void join(char *out, size_t n, const char *sep, const char *s)
{
    size_t o = strlen(out);
    if (o + 1 >= n || !s || !*s)
        return;
    snprintf(out + o, n - o, "%s%s", o ? sep : "", s);
}

/* The answer key of question q as one line ("" when it has none to show:
 * scenario, reflection). */
static void key_line(const ctx *c, const lectern_quiz *q, char *out, size_t n)
{
    char buf[600];
    out[0] = buf[0] = '\0';
    const char *sep = bidi_lang_is_rtl(c->a->lang) ? "\xD8\x9B " : "; ";   /* Arabic semicolon */
    switch (lectern_quiz_get_kind(q)) {
    case LECTERN_QUIZ_TRUE_FALSE:
        if (lectern_quiz_answer(q) >= 0)
            join(buf, sizeof buf, "", ui_str(c->a, lectern_quiz_answer(q) ? UI_TRUE : UI_FALSE));
        break;
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE:
        for (size_t i = 0; i < lectern_quiz_n_options(q); i++)
            if (lectern_quiz_get_option(q, i)->correct)
                join(buf, sizeof buf, sep, T(c->a, &lectern_quiz_get_option(q, i)->text));
        break;
    case LECTERN_QUIZ_FILL_BLANK:
        for (size_t i = 0; i < lectern_quiz_n_blanks(q); i++)
            join(buf, sizeof buf, sep, lectern_quiz_blank_solution(q, i, c->a->lang));
        break;
    case LECTERN_QUIZ_MATCHING:
        for (size_t i = 0; i < lectern_quiz_n_pairs(q); i++) {
            char pair[300];
            snprintf(pair, sizeof pair, "%s \xE2\x80\x94 %s", T(c->a, &lectern_quiz_get_pair(q, i)->left),
                     T(c->a, &lectern_quiz_get_pair(q, i)->right));
            join(buf, sizeof buf, sep, pair);
        }
        break;
    case LECTERN_QUIZ_ORDERING:
        for (size_t i = 0; i < lectern_quiz_n_entries(q); i++) {
            char e[300];
            snprintf(e, sizeof e, "%zu. %s", i + 1, T(c->a, &lectern_quiz_get_entry(q, i)->text));
            join(buf, sizeof buf, "  ", e);
        }
        break;
    default:
        break;
    }
    if (buf[0])
        snprintf(out, n, W(c->a, UI_EXV_ANSWER), buf);
}

/* What a question says in one row: its prompt, else its text with blanks,
 * else the first step of a case study. */
static const char *question_text(const ctx *c, const lectern_quiz *q)
{
    const char *s = T(c->a, lectern_quiz_prompt(q));
    if (lectern_quiz_get_kind(q) == LECTERN_QUIZ_FILL_BLANK &&
        *T(c->a, lectern_quiz_blank_text(q)))
        s = T(c->a, lectern_quiz_blank_text(q));
    if (!*s && lectern_quiz_n_steps(q))
        s = T(c->a, &lectern_quiz_get_step(q, 0)->text);
    return s;
}

float exv_set_summary(ctx *c, float y)
{
    float y0 = y;
    if (c->r && (c->mode != EXVIEW_AUDIENCE || c->show_key))
        y += exv_result(c, y) + S(c, 18);
    size_t nq = lectern_quiz_n_questions(c->set);
    for (size_t i = 0; i < nq; i++) {
        const lectern_quiz *q = lectern_quiz_question(c->set, i);
        const lectern_quiz_result *qr = c->r && i < c->r->n_questions ? &c->r->questions[i] : NULL;
        char badge[24], sub[700] = "";
        snprintf(badge, sizeof badge, "%zu", i + 1);
        rowspec r = { badge, IND_NONE, 0, 0, question_text(c, q), NULL, c->muted, 0, 0, 0 };
        if (qr && c->show_marks && qr->scored)
            r.mark = qr->success ? 1 : -1;
        if (qr && !qr->scored)
            snprintf(sub, sizeof sub, "%s", W(c->a, UI_EXV_NOT_SCORED));
        else if (c->show_key)
            key_line(c, q, sub, sizeof sub);
        if (sub[0]) {
            r.sub = sub;
            r.sub_rgb = qr && !qr->scored ? c->muted : color_mix(c->fg, GOOD_RGB, 0.6f);
        }
        y += exv_row(c, y, &r, lectern_cmd_make(LECTERN_CMD_NONE, 0)) + S(c, 10);
    }
    return y - y0;
}
