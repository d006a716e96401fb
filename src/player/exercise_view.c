/* Draws an exercise item interactively from its session state: prompt,
 * numbered options / pairs / sequence / blanks / scenario step / text box,
 * a visible focus ring, Submit / Try again / Show solution / Continue,
 * feedback per option and overall, in three modes (trainee, classroom
 * audience without the key, trainer with key and discussion prompt). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise_view.h"
#include "lectern/exercise.h"
#include "lectern/log.h"

#define GOOD_RGB 0x38a169u
#define BAD_RGB 0xe53e3eu
#define MAX_HITS 96

/* Click targets of the main output's exercise (the slide's hit list is
 * cleared by app_render, so exercises keep their own). */
static struct {
    app *owner;
    int n;
    SDL_Rect r[MAX_HITS];
    lectern_cmd c[MAX_HITS];
    SDL_Rect body;
} hits;
static int forced_mode = -1;

/* ---------------------------------------------------------------- words */

typedef enum {
    W_SUBMIT, W_SAVE, W_RETRY, W_SOLUTION, W_CONTINUE, W_TRY_OF, W_TRY_UNLIMITED, W_CORRECT,
    W_PARTLY, W_WRONG, W_SAVED, W_PASSED, W_NOT_PASSED, W_KEY, W_DISCUSSION, W_TYPE_HERE,
    W_HINT_CHOICE, W_HINT_MATCH, W_HINT_ORDER, W_HINT_FILL, W_HINT_TEXT, W_HINT_SCEN,
    W_HINT_DONE, W_BELONGS, W_ANSWER, W_COUNTDOWN, W_SOLUTION_SHOWN, W_HIDDEN, W_STEP,
    W_OUTCOME,
    W_COUNT
} word;

static const char *const words_en[W_COUNT] = {
    [W_SUBMIT] = "Submit", [W_SAVE] = "Save", [W_RETRY] = "Try again",
    [W_SOLUTION] = "Show solution", [W_CONTINUE] = "Continue \xE2\x86\x92",
    [W_TRY_OF] = "Try %d of %d", [W_TRY_UNLIMITED] = "Try %d",
    [W_CORRECT] = "\xE2\x9C\x93 Correct", [W_PARTLY] = "Partly right",
    [W_WRONG] = "\xE2\x9C\x97 Not quite", [W_SAVED] = "\xE2\x9C\x93 Saved in your notes",
    [W_PASSED] = "passed", [W_NOT_PASSED] = "not passed", [W_KEY] = "Answer key",
    [W_DISCUSSION] = "Discussion (trainer only)", [W_TYPE_HERE] = "Type here\xE2\x80\xA6",
    [W_HINT_CHOICE] = "Number keys or click: choose  \xC2\xB7  Tab: move  \xC2\xB7  "
                      "Space: select  \xC2\xB7  Enter: submit",
    [W_HINT_MATCH] = "Tab or click: pick a row  \xC2\xB7  its number: its match  \xC2\xB7  "
                     "Enter: submit",
    [W_HINT_ORDER] = "Number key or click: pick  \xC2\xB7  \xE2\x86\x91\xE2\x86\x93: move it  "
                     "\xC2\xB7  Enter: submit",
    [W_HINT_FILL] = "Type the missing words  \xC2\xB7  Tab: next blank  \xC2\xB7  Enter: submit",
    [W_HINT_TEXT] = "Type your answer  \xC2\xB7  Tab: to the button  \xC2\xB7  Enter: save",
    [W_HINT_SCEN] = "Number keys or click: choose what you would do",
    [W_HINT_DONE] = "Tab: move  \xC2\xB7  Enter: press  \xC2\xB7  \xE2\x86\x92: next item",
    [W_BELONGS] = "belongs at %zu", [W_ANSWER] = "Answer: %s",
    [W_COUNTDOWN] = "Group work", [W_SOLUTION_SHOWN] = "Solution",
    [W_HIDDEN] = "The answer is shown when the trainer reveals it", [W_STEP] = "Step %zu",
    [W_OUTCOME] = "Outcome",
};

static const char *const words_fr[W_COUNT] = {
    [W_SUBMIT] = "Valider", [W_SAVE] = "Enregistrer", [W_RETRY] = "R\xC3\xA9" "essayer",
    [W_SOLUTION] = "Voir la solution", [W_CONTINUE] = "Continuer \xE2\x86\x92",
    [W_TRY_OF] = "Essai %d sur %d", [W_TRY_UNLIMITED] = "Essai %d",
    [W_CORRECT] = "\xE2\x9C\x93 Correct", [W_PARTLY] = "En partie juste",
    [W_WRONG] = "\xE2\x9C\x97 Pas tout \xC3\xA0 fait",
    [W_SAVED] = "\xE2\x9C\x93 Enregistr\xC3\xA9 dans vos notes",
    [W_PASSED] = "r\xC3\xA9" "ussi", [W_NOT_PASSED] = "non r\xC3\xA9" "ussi",
    [W_KEY] = "Corrig\xC3\xA9", [W_DISCUSSION] = "Discussion (formateur seulement)",
    [W_TYPE_HERE] = "Tapez ici\xE2\x80\xA6",
    [W_HINT_CHOICE] = "Chiffres ou clic : choisir  \xC2\xB7  Tab : d\xC3\xA9placer  \xC2\xB7  "
                      "Espace : cocher  \xC2\xB7  Entr\xC3\xA9" "e : valider",
    [W_HINT_MATCH] = "Tab ou clic : une ligne  \xC2\xB7  son num\xC3\xA9ro : sa r\xC3\xA9ponse  "
                     "\xC2\xB7  Entr\xC3\xA9" "e : valider",
    [W_HINT_ORDER] = "Chiffre ou clic : choisir  \xC2\xB7  \xE2\x86\x91\xE2\x86\x93 : d\xC3\xA9"
                     "placer  \xC2\xB7  Entr\xC3\xA9" "e : valider",
    [W_HINT_FILL] = "Tapez les mots manquants  \xC2\xB7  Tab : blanc suivant  \xC2\xB7  "
                    "Entr\xC3\xA9" "e : valider",
    [W_HINT_TEXT] = "Tapez votre r\xC3\xA9ponse  \xC2\xB7  Entr\xC3\xA9" "e : enregistrer",
    [W_HINT_SCEN] = "Chiffres ou clic : choisissez ce que vous feriez",
    [W_HINT_DONE] = "Tab : d\xC3\xA9placer  \xC2\xB7  Entr\xC3\xA9" "e : appuyer  \xC2\xB7  "
                    "\xE2\x86\x92 : suite",
    [W_BELONGS] = "place %zu", [W_ANSWER] = "R\xC3\xA9ponse : %s",
    [W_COUNTDOWN] = "Travail en groupe", [W_SOLUTION_SHOWN] = "Solution",
    [W_HIDDEN] = "La r\xC3\xA9ponse s'affiche quand le formateur la r\xC3\xA9v\xC3\xA8le",
    [W_STEP] = "\xC3\x89tape %zu", [W_OUTCOME] = "D\xC3\xA9nouement",
};

static const char *W(const app *a, word w)
{
    if (a->lang && strncmp(a->lang, "fr", 2) == 0 && words_fr[w])
        return words_fr[w];
    return words_en[w];
}

static const char *T(const app *a, const lectern_text *t)
{
    const char *s = t ? lectern_text_get(t, a->lang, a->fallback) : NULL;
    return s ? s : "";
}

/* ---------------------------------------------------------------- context */

typedef struct ctx {
    app *a;
    const lectern_item *it;
    const lectern_exercise *e;       /* NULL: a fresh try drawn without state */
    const lectern_quiz *q;
    const lectern_quiz_attempt *at;
    const lectern_quiz_result *r;
    exview_mode mode;
    int submitted, show_key, show_marks, register_hits;
    float x, w, k;
    int draw;
    uint32_t bg, fg, accent, muted, focus;
} ctx;

static float S(const ctx *c, float v) { return v * c->k; }

static void hit(ctx *c, float x, float y, float w, float h, lectern_cmd cmd)
{
    if (!c->draw || !c->register_hits || hits.n >= MAX_HITS)
        return;
    hits.r[hits.n] = canvas_rect(&c->a->cv, x, y, w, h);
    hits.c[hits.n++] = cmd;
}

static int focused(const ctx *c, lectern_exc_kind k, size_t n)
{
    if (!c->e || !c->a->show_chrome)
        return 0;
    long f = lectern_exercise_focus(c->e);
    if (f < 0)
        return 0;
    lectern_exc x = lectern_exercise_control(c->e, (size_t)f);
    return x.kind == k && x.n == n;
}

static long control_index(const ctx *c, lectern_exc_kind k, size_t n)
{
    if (!c->e)
        return -1;
    for (size_t i = 0; i < lectern_exercise_n_controls(c->e); i++) {
        lectern_exc x = lectern_exercise_control(c->e, i);
        if (x.kind == k && x.n == n)
            return (long)i;
    }
    return -1;
}

/* A 5-unit ring around a box, outside it: visible on the box and the page. */
static void ring(ctx *c, float x, float y, float w, float h)
{
    if (c->draw)
        draw_outline(c->a, x - 8, y - 8, w + 16, h + 16, 5, c->focus, 255);
}

static float text(ctx *c, font_role role, float size, float x, float y, float w, uint32_t rgb,
                  const char *s)
{
    if (!s || !*s)
        return 0;
    if (c->draw)
        return draw_text(c->a, role, S(c, size), x, y, w, ALIGN_LEFT, rgb, s);
    return measure_text(c->a, role, S(c, size), w, s, NULL);
}

typedef enum { IND_NONE = 0, IND_RADIO, IND_CHECK } indicator;

typedef struct rowspec {
    const char *badge;       /* "1", "A" */
    indicator ind;
    int selected;
    int mark;                /* 1 right, -1 wrong, 0 none */
    const char *text;
    const char *sub;         /* feedback or key line under the text, or NULL */
    uint32_t sub_rgb;
    int is_focused;
    float w;                 /* 0: full width */
    float x;                 /* 0: c->x */
} rowspec;

/* One option row; returns its height. */
static float row(ctx *c, float y, const rowspec *r, lectern_cmd click)
{
    app *a = c->a;
    float x = r->x > 0 ? r->x : c->x, w = r->w > 0 ? r->w : c->w;
    float pad = S(c, 14), bw = S(c, 56), tx = x + bw + S(c, 28) + (r->ind ? S(c, 50) : 0);
    float tw = x + w - tx - S(c, 70);
    float th = measure_text(a, FONT_BODY, S(c, 32), tw, r->text, NULL);
    float sh = 0;
    if (r->sub && *r->sub)
        sh = S(c, 6) + measure_text(a, FONT_ITALIC, S(c, 26), tw, r->sub, NULL);
    float h = pad * 2 + (th + sh > bw ? th + sh : bw);
    if (!c->draw)
        return h;
    /* a short text sits level with its badge */
    float ty = y + pad + (th + sh < bw ? (bw - th - sh) / 2 : 0);
    uint32_t box = r->selected ? color_mix(c->bg, c->accent, 0.22f) : color_mix(c->bg, c->fg, 0.07f);
    draw_fill(a, x, y, w, h, box, 255);
    if (r->selected)
        draw_outline(a, x, y, w, h, 3, c->accent, 255);
    if (r->mark)
        draw_fill(a, x, y, S(c, 10), h, r->mark > 0 ? GOOD_RGB : BAD_RGB, 255);
    draw_fill(a, x + S(c, 20), y + pad, bw, bw, color_mix(c->bg, c->fg, 0.16f), 255);
    draw_text(a, FONT_BOLD, S(c, 30), x + S(c, 20), y + pad + S(c, 8), bw, ALIGN_CENTER,
              c->accent, r->badge);
    float ix = x + bw + S(c, 44), iy = y + pad + bw / 2;
    if (r->ind == IND_RADIO) {
        draw_disc(a, ix + S(c, 14), iy, S(c, 15), c->fg, 255);
        draw_disc(a, ix + S(c, 14), iy, S(c, 11), box, 255);
        if (r->selected)
            draw_disc(a, ix + S(c, 14), iy, S(c, 7), c->accent, 255);
    } else if (r->ind == IND_CHECK) {
        draw_outline(a, ix, iy - S(c, 15), S(c, 30), S(c, 30), S(c, 3), c->fg, 255);
        if (r->selected)
            draw_fill(a, ix + S(c, 7), iy - S(c, 8), S(c, 16), S(c, 16), c->accent, 255);
    }
    draw_text(a, FONT_BODY, S(c, 32), tx, ty, tw, ALIGN_LEFT, c->fg, r->text);
    if (r->sub && *r->sub)
        draw_text(a, FONT_ITALIC, S(c, 26), tx, ty + th + S(c, 6), tw, ALIGN_LEFT,
                  r->sub_rgb, r->sub);
    if (r->mark)
        draw_text(a, FONT_BOLD, S(c, 40), x + w - S(c, 56), y + pad, S(c, 50), ALIGN_CENTER,
                  r->mark > 0 ? GOOD_RGB : BAD_RGB, r->mark > 0 ? "\xE2\x9C\x93" : "\xE2\x9C\x97");
    if (r->is_focused)
        ring(c, x, y, w, h);
    if (click.kind != LECTERN_CMD_NONE)
        hit(c, x, y, w, h, click);
    return h;
}

/* The part of the result for authored index i (or position), or NULL. */
static const lectern_quiz_part *part(const ctx *c, size_t index)
{
    if (!c->r)
        return NULL;
    for (size_t i = 0; i < c->r->n_parts; i++)
        if (c->r->parts[i].index == index)
            return &c->r->parts[i];
    return NULL;
}

static lectern_cmd cmd_n(lectern_cmd_kind k, long n) { return lectern_cmd_make(k, n); }

/* ---------------------------------------------------------------- kinds */

static float draw_choices(ctx *c, float y)
{
    lectern_quiz_kind kind = lectern_quiz_get_kind(c->q);
    size_t n = kind == LECTERN_QUIZ_TRUE_FALSE ? 2 : lectern_quiz_n_options(c->q);
    float y0 = y;
    for (size_t pos = 0; pos < n; pos++) {
        char badge[24];
        snprintf(badge, sizeof badge, "%zu", pos + 1);
        rowspec r = { badge, kind == LECTERN_QUIZ_MULTIPLE_RESPONSE ? IND_CHECK : IND_RADIO,
                      0, 0, NULL, NULL, c->muted, focused(c, LECTERN_EXC_OPTION, pos), 0, 0 };
        if (kind == LECTERN_QUIZ_TRUE_FALSE) {
            r.text = ui_str(c->a, pos == 0 ? UI_TRUE : UI_FALSE);
            r.selected = lectern_quiz_get_bool(c->at) == (pos == 0);
            int key = lectern_quiz_answer(c->q) == (pos == 0);
            if (c->show_marks && r.selected)
                r.mark = key ? 1 : -1;
            else if (c->show_key && key)
                r.mark = 1;
        } else {
            size_t i = lectern_quiz_attempt_shown(c->at, pos);
            const lectern_quiz_option *o = lectern_quiz_get_option(c->q, i);
            r.text = T(c->a, &o->text);
            r.selected = lectern_quiz_selected(c->at, i);
            if (c->show_marks && r.selected)
                r.mark = o->correct ? 1 : -1;
            else if (c->show_key && o->correct)
                r.mark = 1;
            if ((c->show_marks && r.selected) || (c->show_key && (o->correct || r.selected)))
                r.sub = T(c->a, &o->feedback);
            r.sub_rgb = r.mark > 0 ? color_mix(c->fg, GOOD_RGB, 0.6f) :
                        r.mark < 0 ? color_mix(c->fg, BAD_RGB, 0.5f) : c->muted;
        }
        y += row(c, y, &r, c->submitted ? cmd_n(LECTERN_CMD_NONE, 0)
                                        : cmd_n(LECTERN_CMD_CHOOSE, (long)pos + 1)) + S(c, 14);
    }
    return y - y0;
}

static float draw_matching(ctx *c, float y)
{
    size_t n = lectern_quiz_n_pairs(c->q);
    float gap = S(c, 40), lw = c->w * 0.6f - gap / 2, rx = c->x + c->w * 0.6f + gap / 2;
    float rw = c->x + c->w - rx, y0 = y, yl = y, yr = y;
    /* the row a click on the right column fills: the focused one, else the first open */
    long target = -1;
    if (c->e && lectern_exercise_focus(c->e) >= 0) {
        lectern_exc f = lectern_exercise_control(c->e, (size_t)lectern_exercise_focus(c->e));
        if (f.kind == LECTERN_EXC_OPTION)
            target = (long)f.n;
    }
    for (size_t i = 0; i < n && target < 0; i++)
        if (lectern_quiz_matched(c->at, i) < 0)
            target = (long)i;
    for (size_t i = 0; i < n; i++) {
        char badge[24], sub[400] = "";
        snprintf(badge, sizeof badge, "%c", (int)('A' + (i % 26)));
        long m = lectern_quiz_matched(c->at, i);
        if (m >= 0) {
            size_t pos = 0;
            while (pos < n && lectern_quiz_attempt_shown(c->at, pos) != (size_t)m)
                pos++;
            snprintf(sub, sizeof sub, "\xE2\x86\x92 %zu  %s", pos + 1,
                     T(c->a, &lectern_quiz_get_pair(c->q, (size_t)m)->right));
        } else {
            snprintf(sub, sizeof sub, "\xE2\x86\x92 ?");
        }
        rowspec r = { badge, IND_NONE, 0, 0, T(c->a, &lectern_quiz_get_pair(c->q, i)->left), sub,
                      c->accent, focused(c, LECTERN_EXC_OPTION, i), lw, c->x };
        const lectern_quiz_part *p = part(c, i);
        if (c->show_marks && p)
            r.mark = p->right ? 1 : -1;
        char key[900];
        if (c->show_key && (!p || !p->right)) {
            snprintf(key, sizeof key, "%s   \xE2\x9C\x93 %s", sub,
                     T(c->a, &lectern_quiz_get_pair(c->q, i)->right));
            r.sub = key;
        }
        long fi = control_index(c, LECTERN_EXC_OPTION, i);
        yl += row(c, yl, &r, c->submitted || fi < 0 ? cmd_n(LECTERN_CMD_NONE, 0)
                                                    : cmd_n(LECTERN_CMD_FOCUS, fi)) + S(c, 12);
    }
    for (size_t pos = 0; pos < n; pos++) {
        char badge[24];
        snprintf(badge, sizeof badge, "%zu", pos + 1);
        size_t j = lectern_quiz_attempt_shown(c->at, pos);
        int used = 0;
        for (size_t i = 0; i < n; i++)
            used |= lectern_quiz_matched(c->at, i) == (long)j;
        rowspec r = { badge, IND_NONE, used, 0, T(c->a, &lectern_quiz_get_pair(c->q, j)->right),
                      NULL, c->muted, 0, rw, rx };
        lectern_cmd click = cmd_n(LECTERN_CMD_NONE, 0);
        if (!c->submitted && target >= 0) {
            char arg[48];
            snprintf(arg, sizeof arg, "%ld %zu", target + 1, pos + 1);
            click = lectern_cmd_make_id(LECTERN_CMD_MATCH, arg);
        }
        yr += row(c, yr, &r, click) + S(c, 12);
    }
    return (yl > yr ? yl : yr) - y0;
}

static float draw_ordering(ctx *c, float y)
{
    size_t n = lectern_quiz_n_entries(c->q);
    float y0 = y;
    for (size_t pos = 0; pos < n; pos++) {
        char badge[24], sub[80] = "";
        snprintf(badge, sizeof badge, "%zu", pos + 1);
        size_t i = lectern_quiz_order_at(c->at, pos);
        rowspec r = { badge, IND_NONE, 0, 0, T(c->a, &lectern_quiz_get_entry(c->q, i)->text),
                      NULL, c->muted, focused(c, LECTERN_EXC_OPTION, pos), 0, 0 };
        r.selected = r.is_focused && !c->submitted;
        const lectern_quiz_part *p = part(c, pos);
        if (c->show_marks && p)
            r.mark = p->right ? 1 : -1;
        if (c->show_key && i != pos) {
            snprintf(sub, sizeof sub, W(c->a, W_BELONGS), i + 1);
            r.sub = sub;
            r.sub_rgb = color_mix(c->fg, GOOD_RGB, 0.6f);
        }
        y += row(c, y, &r, c->submitted ? cmd_n(LECTERN_CMD_NONE, 0)
                                        : cmd_n(LECTERN_CMD_CHOOSE, (long)pos + 1)) + S(c, 12);
    }
    return y - y0;
}

/* The blank text with each marker shown as "(1) typed" or "(1) ______". */
static float draw_blanks(ctx *c, float y)
{
    const char *src = T(c->a, lectern_quiz_blank_text(c->q));
    size_t offs[32], lens[32], nm = lectern_quiz_blank_markers(src, offs, lens, 32);
    char buf[4096];
    size_t o = 0, last = 0;
    for (size_t m = 0; m < nm && m < 32; m++) {
        const char *typed = lectern_quiz_filled(c->at, m);
        o += (size_t)snprintf(buf + o, o < sizeof buf ? sizeof buf - o : 0, "%.*s(%zu) %s",
                              (int)(offs[m] - last), src + last, m + 1,
                              *typed ? typed : "______");
        last = offs[m] + lens[m];
        if (o >= sizeof buf)
            break;
    }
    if (o < sizeof buf)
        snprintf(buf + o, sizeof buf - o, "%s", src + last);
    float y0 = y;
    y += text(c, FONT_BODY, 34, c->x, y, c->w, c->fg, buf) + S(c, 24);
    for (size_t b = 0; b < lectern_quiz_n_blanks(c->q); b++) {
        char badge[24], typed[300], sub[300] = "";
        snprintf(badge, sizeof badge, "%zu", b + 1);
        const char *t = lectern_quiz_filled(c->at, b);
        int foc = focused(c, LECTERN_EXC_BLANK, b);
        snprintf(typed, sizeof typed, "%s%s", t, foc && !c->submitted ? "\xE2\x96\x8F" : "");
        rowspec r = { badge, IND_NONE, 0, 0, *typed ? typed : " ", NULL, c->muted, foc,
                      c->w * 0.62f, 0 };
        const lectern_quiz_part *p = part(c, b);
        if (c->show_marks && p)
            r.mark = p->right ? 1 : -1;
        if (c->show_marks && p && p->feedback && *T(c->a, p->feedback))
            snprintf(sub, sizeof sub, "%s", T(c->a, p->feedback));
        if (c->show_key && (!p || !p->right || !c->show_marks)) {
            char k2[300];
            snprintf(k2, sizeof k2, W(c->a, W_ANSWER),
                     lectern_quiz_blank_solution(c->q, b, c->a->lang));
            snprintf(sub, sizeof sub, "%s", k2);
            r.sub_rgb = color_mix(c->fg, GOOD_RGB, 0.6f);
        }
        r.sub = sub[0] ? sub : NULL;
        long fi = control_index(c, LECTERN_EXC_BLANK, b);
        y += row(c, y, &r, fi < 0 ? cmd_n(LECTERN_CMD_NONE, 0) : cmd_n(LECTERN_CMD_FOCUS, fi)) +
             S(c, 12);
    }
    return y - y0;
}

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

static float draw_scenario(ctx *c, float y)
{
    float y0 = y;
    size_t len = lectern_quiz_path_len(c->at);
    long cur = lectern_quiz_current_step(c->at);
    if (cur < 0)
        return 0;
    const lectern_quiz_step *st = lectern_quiz_get_step(c->q, (size_t)cur);
    char label[64];
    if (st->ending)
        snprintf(label, sizeof label, "%s", W(c->a, W_OUTCOME));
    else
        snprintf(label, sizeof label, W(c->a, W_STEP), len);
    /* what the last choice led to */
    if (len >= 2) {
        const lectern_quiz_step *prev = lectern_quiz_get_step(c->q,
                                        (size_t)lectern_quiz_path_step(c->at, len - 2));
        long ch = lectern_quiz_path_choice(c->at, len - 2);
        if (prev && ch >= 0) {
            char took[600];
            snprintf(took, sizeof took, "\xE2\x96\xB8 %s", T(c->a, &prev->choices[ch].text));
            y += text(c, FONT_ITALIC, 26, c->x, y, c->w, c->muted, took) + S(c, 6);
            const char *fb = T(c->a, &prev->choices[ch].feedback);
            if (*fb)
                y += text(c, FONT_ITALIC, 26, c->x, y, c->w, c->accent, fb) + S(c, 6);
            y += S(c, 10);
        }
    }
    y += text(c, FONT_BOLD, 24, c->x, y, c->w, c->accent, label) + S(c, 6);
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
    y += text(c, FONT_BODY, 32, c->x, y, c->w, c->fg, T(c->a, &st->text)) + S(c, 18);
    long key = c->show_key ? key_choice(c, cur) : -1;
    for (size_t i = 0; i < st->n_choices; i++) {
        char badge[24];
        snprintf(badge, sizeof badge, "%zu", i + 1);
        rowspec r = { badge, IND_NONE, 0, key == (long)i, T(c->a, &st->choices[i].text), NULL,
                      c->muted, focused(c, LECTERN_EXC_OPTION, i), 0, 0 };
        y += row(c, y, &r, cmd_n(LECTERN_CMD_CHOOSE, (long)i + 1)) + S(c, 12);
    }
    return y - y0;
}

static float draw_reflection(ctx *c, float y)
{
    const char *t = lectern_quiz_get_text(c->at);
    int foc = focused(c, LECTERN_EXC_TEXT, 0);
    char buf[4200];
    snprintf(buf, sizeof buf, "%s%s", t, foc && !c->submitted ? "\xE2\x96\x8F" : "");
    float pad = S(c, 20), tw = c->w - 2 * pad;
    float th = measure_text(c->a, FONT_BODY, S(c, 30), tw, *t ? buf : "x", NULL);
    float minh = S(c, 30) * 1.2f * 5;
    float h = (th > minh ? th : minh) + 2 * pad;
    if (c->draw) {
        draw_fill(c->a, c->x, y, c->w, h, color_mix(c->bg, c->fg, 0.07f), 255);
        draw_outline(c->a, c->x, y, c->w, h, 2, c->muted, 255);
        if (*t || foc)
            draw_text(c->a, FONT_BODY, S(c, 30), c->x + pad, y + pad, tw, ALIGN_LEFT, c->fg,
                      *t ? buf : "\xE2\x96\x8F");
        else
            draw_text(c->a, FONT_ITALIC, S(c, 30), c->x + pad, y + pad, tw, ALIGN_LEFT, c->muted,
                      W(c->a, W_TYPE_HERE));
        if (foc)
            ring(c, c->x, y, c->w, h);
        long fi = control_index(c, LECTERN_EXC_TEXT, 0);
        if (fi >= 0)
            hit(c, c->x, y, c->w, h, cmd_n(LECTERN_CMD_FOCUS, fi));
    }
    return h;
}

/* ---------------------------------------------------------------- panels */

static float draw_result(ctx *c, float y)
{
    const lectern_quiz_result *r = c->r;
    char head[200];
    uint32_t col;
    if (!r->scored) {
        snprintf(head, sizeof head, "%s", W(c->a, W_SAVED));
        col = GOOD_RGB;
    } else {
        const char *what = r->success ? W(c->a, W_CORRECT) : r->raw > 0 ? W(c->a, W_PARTLY)
                                                                        : W(c->a, W_WRONG);
        snprintf(head, sizeof head, "%s   %g / %g  \xC2\xB7  %s", what, r->raw, r->max,
                 r->success ? W(c->a, W_PASSED) : W(c->a, W_NOT_PASSED));
        col = r->success ? GOOD_RGB : r->raw > 0 ? c->accent : BAD_RGB;
    }
    const char *fb[3] = { r->feedback ? T(c->a, r->feedback) : "",
                          r->band_feedback ? T(c->a, r->band_feedback) : "",
                          r->general_feedback ? T(c->a, r->general_feedback) : "" };
    float pad = S(c, 18), tw = c->w - 2 * pad - S(c, 10);
    float h = measure_text(c->a, FONT_BOLD, S(c, 34), tw, head, NULL);
    for (int i = 0; i < 3; i++)
        if (*fb[i])
            h += S(c, 8) + measure_text(c->a, FONT_BODY, S(c, 28), tw, fb[i], NULL);
    h += 2 * pad;
    if (c->draw) {
        draw_fill(c->a, c->x, y, c->w, h, color_mix(c->bg, col, 0.16f), 255);
        draw_fill(c->a, c->x, y, S(c, 10), h, col, 255);
        float ty = y + pad, tx = c->x + pad + S(c, 10);
        ty += draw_text(c->a, FONT_BOLD, S(c, 34), tx, ty, tw, ALIGN_LEFT, col == c->accent ?
                        c->accent : color_mix(col, c->fg, 0.25f), head);
        for (int i = 0; i < 3; i++)
            if (*fb[i])
                ty += S(c, 8) + draw_text(c->a, FONT_BODY, S(c, 28), tx, ty + S(c, 8), tw,
                                          ALIGN_LEFT, c->fg, fb[i]);
    }
    return h;
}

static float draw_discussion(ctx *c, float y)
{
    const char *d = T(c->a, lectern_quiz_discussion(c->q));
    if (!*d)
        return 0;
    float pad = S(c, 16), tw = c->w - 2 * pad;
    float h = measure_text(c->a, FONT_BOLD, S(c, 24), tw, W(c->a, W_DISCUSSION), NULL) + S(c, 6) +
              measure_text(c->a, FONT_ITALIC, S(c, 28), tw, d, NULL) + 2 * pad;
    if (c->draw) {
        draw_outline(c->a, c->x, y, c->w, h, 2, c->accent, 255);
        float th = draw_text(c->a, FONT_BOLD, S(c, 24), c->x + pad, y + pad, tw, ALIGN_LEFT,
                             c->accent, W(c->a, W_DISCUSSION));
        draw_text(c->a, FONT_ITALIC, S(c, 28), c->x + pad, y + pad + th + S(c, 6), tw,
                  ALIGN_LEFT, c->fg, d);
    }
    return h;
}

static float button(ctx *c, float x, float y, const char *label, int primary, int foc,
                    lectern_cmd click, float *bw_out)
{
    float tw = 0;
    measure_text(c->a, FONT_BOLD, S(c, 30), 0, label, &tw);
    float bw = tw + S(c, 60), bh = S(c, 66);
    if (c->draw) {
        if (primary)
            draw_fill(c->a, x, y, bw, bh, c->accent, 255);
        else
            draw_outline(c->a, x, y, bw, bh, 3, c->accent, 255);
        uint32_t tc = primary ? (color_luma(c->accent) > 0.5f ? 0x111111 : 0xffffff) : c->fg;
        draw_text(c->a, FONT_BOLD, S(c, 30), x + S(c, 30), y + S(c, 14), 0, ALIGN_LEFT, tc, label);
        if (foc)
            ring(c, x, y, bw, bh);
        hit(c, x, y, bw, bh, click);
    }
    *bw_out = bw;
    return bh;
}

static float draw_buttons(ctx *c, float y)
{
    if (!c->e || c->mode == EXVIEW_TRAINER)
        return 0;
    float x = c->x, h = 0, bw = 0;
    size_t n = lectern_exercise_n_controls(c->e);
    for (size_t i = 0; i < n; i++) {
        lectern_exc k = lectern_exercise_control(c->e, i);
        const char *label = NULL;
        lectern_cmd click;
        int primary = 0;
        switch (k.kind) {
        case LECTERN_EXC_SUBMIT:
            label = W(c->a, lectern_quiz_get_kind(c->q) == LECTERN_QUIZ_REFLECTION ? W_SAVE
                                                                                   : W_SUBMIT);
            click = cmd_n(LECTERN_CMD_SUBMIT, 0);
            primary = 1;
            break;
        case LECTERN_EXC_RETRY:
            label = W(c->a, W_RETRY);
            click = cmd_n(LECTERN_CMD_RETRY, 0);
            primary = 1;
            break;
        case LECTERN_EXC_SOLUTION:
            label = W(c->a, W_SOLUTION);
            click = cmd_n(LECTERN_CMD_REVEAL, 0);
            break;
        case LECTERN_EXC_CONTINUE:
            label = W(c->a, W_CONTINUE);
            click = cmd_n(LECTERN_CMD_NEXT, 0);
            primary = !c->r || !c->r->can_retry;
            break;
        default:
            break;
        }
        if (!label)
            continue;
        float bh = button(c, x, y, label, primary, focused(c, k.kind, k.n), click, &bw);
        h = bh;
        x += bw + S(c, 28);
    }
    return h;
}

/* ---------------------------------------------------------------- main */

static float render(ctx *c, float y, float h)
{
    app *a = c->a;
    lectern_quiz_kind kind = lectern_quiz_get_kind(c->q);
    float y0 = y;
    /* status line: how many tries; classroom countdown */
    char status[120] = "";
    if (c->e && kind != LECTERN_QUIZ_REFLECTION && c->mode != EXVIEW_AUDIENCE) {
        int t = lectern_quiz_attempt_try(c->at), rt = lectern_quiz_retries(c->q);
        if (rt >= 0)
            snprintf(status, sizeof status, W(a, W_TRY_OF), t, rt + 1);
        else
            snprintf(status, sizeof status, W(a, W_TRY_UNLIMITED), t);
    }
    if (c->e && lectern_quiz_countdown(c->q) > 0 && c->mode != EXVIEW_TRAINEE) {
        int64_t left = lectern_exercise_countdown_left(c->e, a->clock_ms);
        long sec = (long)((left + 999) / 1000);
        snprintf(status, sizeof status, "%s  %ld:%02ld", W(a, W_COUNTDOWN), sec / 60, sec % 60);
        if (lectern_exercise_countdown_on(c->e) && left > 0)
            a->dirty = 1;      /* redraw while it runs */
    }
    float sw = 0;
    if (status[0]) {
        measure_text(a, FONT_BOLD, S(c, 26), 0, status, &sw);
        text(c, FONT_BOLD, 26, c->x + c->w - sw, y, 0, c->muted, status);
    }
    if (c->show_key && c->mode != EXVIEW_TRAINEE) {
        const char *tag = c->mode == EXVIEW_TRAINER ? W(a, W_KEY) : W(a, W_SOLUTION_SHOWN);
        float tw = 0;
        measure_text(a, FONT_BOLD, S(c, 26), 0, tag, &tw);
        if (c->draw)
            draw_fill(a, c->x + c->w - sw - tw - S(c, 60), y - S(c, 4), tw + S(c, 24), S(c, 40),
                      GOOD_RGB, 255);
        text(c, FONT_BOLD, 26, c->x + c->w - sw - tw - S(c, 48), y, 0, 0xffffff, tag);
    }
    static const ui_string labels[LECTERN_QUIZ_KIND_COUNT] = {
        UI_EX_SINGLE, UI_EX_MULTIPLE, UI_EX_TRUE_FALSE, UI_EX_MATCHING, UI_EX_ORDERING,
        UI_EX_FILL, UI_EX_SCENARIO, UI_EX_REFLECTION, UI_EX_SET
    };
    y += text(c, FONT_BOLD, 26, c->x, y, c->w - sw - S(c, 300), c->accent, ui_str(a, labels[kind]))
         + S(c, 12);
    y += text(c, FONT_BODY, kind == LECTERN_QUIZ_SCENARIO || kind == LECTERN_QUIZ_FILL_BLANK ? 28 : 36,
              c->x, y, c->w, kind == LECTERN_QUIZ_SCENARIO || kind == LECTERN_QUIZ_FILL_BLANK ?
              c->muted : c->fg, T(a, lectern_quiz_prompt(c->q))) + S(c, 22);
    switch (kind) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE:
    case LECTERN_QUIZ_TRUE_FALSE:
        y += draw_choices(c, y);
        break;
    case LECTERN_QUIZ_MATCHING:
        y += draw_matching(c, y);
        break;
    case LECTERN_QUIZ_ORDERING:
        y += draw_ordering(c, y);
        break;
    case LECTERN_QUIZ_FILL_BLANK:
        y += draw_blanks(c, y);
        break;
    case LECTERN_QUIZ_SCENARIO:
        y += draw_scenario(c, y);
        break;
    case LECTERN_QUIZ_REFLECTION:
        y += draw_reflection(c, y);
        break;
    default:
        break;
    }
    y += S(c, 24);
    if (c->r && (c->mode != EXVIEW_AUDIENCE || c->show_key))
        y += draw_result(c, y) + S(c, 18);
    if (c->mode == EXVIEW_TRAINER)
        y += draw_discussion(c, y) + S(c, 18);
    float bh = draw_buttons(c, y);
    if (bh > 0)
        y += bh + S(c, 14);
    /* the keys, for a trainee at a keyboard */
    if (c->mode == EXVIEW_TRAINEE && c->e && a->show_chrome) {
        word hw = c->submitted ? W_HINT_DONE :
                  kind == LECTERN_QUIZ_MATCHING ? W_HINT_MATCH :
                  kind == LECTERN_QUIZ_ORDERING ? W_HINT_ORDER :
                  kind == LECTERN_QUIZ_FILL_BLANK ? W_HINT_FILL :
                  kind == LECTERN_QUIZ_REFLECTION ? W_HINT_TEXT :
                  kind == LECTERN_QUIZ_SCENARIO ? W_HINT_SCEN : W_HINT_CHOICE;
        float hh = measure_text(a, FONT_BODY, 22, c->w, W(a, hw), NULL);
        float hy = y0 + h - hh > y ? y0 + h - hh : y;
        if (c->draw)
            draw_text(a, FONT_BODY, 22, c->x, hy, c->w, ALIGN_LEFT, c->muted, W(a, hw));
        y = hy + hh;
    } else if (c->mode == EXVIEW_AUDIENCE && !c->show_key && c->draw) {
        draw_text(a, FONT_ITALIC, 24, c->x, y0 + h - 30, c->w, ALIGN_LEFT, c->muted,
                  W(a, W_HIDDEN));
    }
    return y - y0;
}

int exercise_view_draw(app *a, const lectern_item *it, size_t index, exview_mode mode,
                       float x, float y, float w, float h)
{
    if (!it || it->kind != LECTERN_ITEM_EXERCISE || !a->session)
        return 0;
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    const lectern_exercise *e = NULL;
    if (v.base == LECTERN_SCREEN_SLIDE && v.index == index)
        e = lectern_session_exercise(a->session);
    else
        e = lectern_session_exercise_at(a->session, index);
    lectern_quiz *tmpq = NULL;
    lectern_quiz_attempt *tmpa = NULL;
    ctx c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.it = it;
    c.e = e;
    c.mode = mode;
    if (e) {
        c.q = lectern_exercise_quiz(e);
        c.at = lectern_exercise_attempt(e);
        c.r = lectern_exercise_result(e);
    } else {
        lectern_error err = {0};
        if (!it->exercise_json || lectern_quiz_parse(it->exercise_json, it->id, &tmpq, &err) < 0 ||
            lectern_quiz_attempt_begin(tmpq, lectern_quiz_seed(it->id, 1), 0, &tmpa) < 0) {
            lectern_quiz_free(tmpq);
            return 0;
        }
        c.q = tmpq;
        c.at = tmpa;
    }
    if (lectern_quiz_get_kind(c.q) == LECTERN_QUIZ_SET) {
        lectern_quiz_attempt_free(tmpa);
        lectern_quiz_free(tmpq);
        return 0;      /* sets keep the static card */
    }
    c.submitted = lectern_quiz_attempt_submitted(c.at);
    int revealed = e && lectern_exercise_revealed(e);
    c.show_key = mode == EXVIEW_TRAINER || revealed;
    c.show_marks = c.submitted && mode != EXVIEW_AUDIENCE;
    const lectern_theme *th = a->theme;
    c.bg = th->background;
    c.fg = th->text;
    c.accent = th->accent;
    c.muted = th->muted;
    c.focus = color_luma(th->background) > 0.5f ? 0x1a56dbu : 0x4fd1ffu;
    c.x = x;
    c.w = w;
    c.register_hits = mode != EXVIEW_TRAINER && e && !a->warming && a->ren &&
                      v.base == LECTERN_SCREEN_SLIDE && v.index == index;
    if (c.register_hits) {
        hits.owner = a;
        hits.n = 0;
        hits.body = canvas_rect(&a->cv, x, y, w, h);
    }
    /* shrink everything together until it fits the box */
    c.k = 1.0f;
    for (int i = 0; i < 4; i++) {
        float used = render(&c, y, h);
        if (used <= h || c.k <= 0.55f)
            break;
        float nk = c.k * (h / used) * 0.98f;
        c.k = nk < 0.55f ? 0.55f : nk;
    }
    c.draw = a->ren != NULL;
    render(&c, y, h);
    lectern_quiz_attempt_free(tmpa);
    lectern_quiz_free(tmpq);
    return 1;
}

int exercise_view_hit(app *a, int x, int y, lectern_cmd *out, int *in_body)
{
    SDL_Point p = { x, y };
    *in_body = 0;
    if (hits.owner != a)
        return 0;
    *in_body = SDL_PointInRect(&p, &hits.body);
    for (int i = hits.n - 1; i >= 0; i--) {
        if (SDL_PointInRect(&p, &hits.r[i])) {
            *out = hits.c[i];
            return 1;
        }
    }
    return 0;
}

void exercise_view_force_mode(int mode)
{
    forced_mode = mode;
}

exview_mode exercise_view_mode(app *a)
{
    if (forced_mode >= 0)
        return (exview_mode)forced_mode;
    return a->session && lectern_session_classroom(a->session) ? EXVIEW_AUDIENCE : EXVIEW_TRAINEE;
}
