/* Authoring checks for `lectern-pack check`: a missing or inconsistent answer
 * key, duplicate options, blanks that do not match their markers, scenario
 * dead ends, loops and unreachable steps, required feedback left empty, pass
 * marks out of range, unknown fields. Every message names item and path. */
#include "quiz_internal.h"
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define P 256

typedef struct {
    const char *item;
    lectern_quiz_diag_fn fn;
    void *user;
    int errors;
    int oom;
} ctx;

static void qc_diag(ctx *c, int error, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void qc_diag(ctx *c, int error, const char *path, const char *fmt, ...)
{
    char text[768], msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, lectern_error_tr(fmt), ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "%s: %s: %s", c->item, path, text);
    if (error)
        c->errors++;
    if (c->fn)
        c->fn(c->user, error, path, msg);
}

static int present(const lectern_text *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].s && t->v[i].s[0])
            return 1;
    return 0;
}

/* 1 when a and b have the same normalised string in some common language
 * (or both plain). */
static int same_text(ctx *c, const lectern_text *a, const lectern_text *b)
{
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++) {
            if (strcmp(a->v[i].lang, b->v[j].lang) != 0)
                continue;
            char *x = lectern_quiz_normalize(a->v[i].s), *y = lectern_quiz_normalize(b->v[j].s);
            int same = x && y && x[0] && strcmp(x, y) == 0;
            if (!x || !y)
                c->oom = 1;
            free(x);
            free(y);
            if (same)
                return 1;
        }
    return 0;
}

/* ---- unknown fields ---- */

static void known_fields(ctx *c, const cJSON *obj, const char *path, const char *const *keys,
                         const char *kind)
{
    if (!cJSON_IsObject(obj))
        return;
    for (const cJSON *f = obj->child; f; f = f->next) {
        int ok = 0;
        for (size_t i = 0; keys[i] && !ok; i++)
            ok = strcmp(keys[i], f->string) == 0;
        if (ok)
            continue;
        if (kind)
            qc_diag(c, 0, path, "field \"%s\" is not used by kind %s and is ignored; check its "
                 "spelling or the kind (see \"Exercise kinds\" in courses/README.md)",
                 f->string, kind);
        else
            qc_diag(c, 0, path, "unknown field \"%s\" is ignored; check its spelling "
                 "(see \"Exercise kinds\" in courses/README.md)", f->string);
    }
}

/* A list's entries are leaves: their paths go only to diag, so their buffer
 * holds all of a path of up to P - 1 bytes plus ".key[index]" (a key of up to
 * 9 bytes, an index of up to 20 digits) and is never cut. */
#define LIST_KEY_MAX 9
#define P_ENTRY (P + 1 + LIST_KEY_MAX + 1 + 20 + 1)

static void known_list(ctx *c, const cJSON *obj, const char *key, const char *path,
                       const char *const *keys)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key);
    size_t i = 0;
    for (const cJSON *e = cJSON_IsArray(a) ? a->child : NULL; e; e = e->next, i++) {
        char p[P_ENTRY];
        snprintf(p, sizeof p, "%s.%s[%zu]", path, key, i);
        known_fields(c, e, p, keys, NULL);
    }
}

static void check_fields(ctx *c, const cJSON *obj, const lectern_quiz *q, const char *path)
{
    static const char *const common[] = {
        "kind", "id", "prompt", "discussion", "feedback", "pass_mark", "pass_percent",
        "retries", "show_solution", "feedback_required", "countdown", NULL };
    /* the fields each kind adds, in lectern_quiz_kind order */
    static const char *const own[LECTERN_QUIZ_KIND_COUNT][3] = {
        { "options", "shuffle", NULL }, { "options", "shuffle", NULL }, { "answer", NULL },
        { "pairs", NULL }, { "sequence", NULL }, { "text", "blanks", NULL },
        { "start", "steps", NULL }, { NULL }, { "questions", NULL } };
    const char *top[16];
    size_t nt = 0;
    for (size_t i = 0; common[i]; i++)
        top[nt++] = common[i];
    for (size_t i = 0; own[q->kind][i]; i++)
        top[nt++] = own[q->kind][i];
    top[nt] = NULL;
    static const char *const option[] = { "id", "text", "correct", "feedback", NULL };
    static const char *const pair[] = { "left", "right", "left_id", "right_id", NULL };
    static const char *const blank[] = { "accept", "feedback", NULL };
    static const char *const step[] = { "id", "text", "choices", "ending", "score", "feedback", NULL };
    static const char *const choice[] = { "text", "next", "feedback", NULL };
    static const char *const fb[] = { "pass", "fail", "general", "bands", NULL };
    static const char *const band[] = { "min", "text", NULL };
    known_fields(c, obj, path, top, lectern_quiz_kind_name(q->kind));
    known_list(c, obj, "options", path, option);
    known_list(c, obj, "pairs", path, pair);
    known_list(c, obj, "blanks", path, blank);
    known_list(c, obj, "steps", path, step);
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(obj, "steps");
    size_t i = 0;
    for (const cJSON *s = cJSON_IsArray(steps) ? steps->child : NULL; s; s = s->next, i++) {
        char p[P];
        snprintf(p, sizeof p, "%s.steps[%zu]", path, i);
        known_list(c, s, "choices", p, choice);
    }
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(obj, "feedback");
    if (q->n_bands || present(&q->fb_pass) || present(&q->fb_fail) ||
        (cJSON_IsObject(f) && cJSON_HasObjectItem(f, "general"))) {
        char p[P];
        snprintf(p, sizeof p, "%s.feedback", path);
        known_fields(c, f, p, fb, NULL);
        known_list(c, f, "bands", p, band);
    }
}

/* ---- per kind ---- */

static void check_options(ctx *c, const lectern_quiz *q, const char *path)
{
    char p[P];
    size_t n_correct = 0;
    char which[256] = "";
    for (size_t i = 0; i < q->n_options; i++) {
        const lectern_quiz_option *o = &q->options[i];
        snprintf(p, sizeof p, "%s.options[%zu]", path, i);
        if (!present(&o->text))
            qc_diag(c, 1, p, "the option text is empty; write the option");
        if (o->correct) {
            size_t len = strlen(which);
            snprintf(which + len, sizeof which - len, "%soptions[%zu]", n_correct ? ", " : "", i);
            n_correct++;
        }
        if (q->feedback_required && !present(&o->feedback))
            qc_diag(c, 1, p, "\"feedback\" is empty but the exercise sets \"feedback_required\": true; "
                 "write feedback for this option");
        for (size_t j = 0; j < i; j++) {
            if (same_text(c, &o->text, &q->options[j].text))
                qc_diag(c, 1, p, "same text as options[%zu] (\"%s\"); make every option different",
                     j, quiz_text_first(&o->text));
            if (strcmp(o->id, q->options[j].id) == 0)
                qc_diag(c, 1, p, "id \"%s\" is already used by options[%zu]; give each option its own id",
                     o->id, j);
        }
    }
    snprintf(p, sizeof p, "%s.options", path);
    if (q->n_options < 2)
        qc_diag(c, 1, p, "%zu option(s); give at least 2", q->n_options);
    if (q->kind == LECTERN_QUIZ_SINGLE_CHOICE) {
        if (n_correct == 0)
            qc_diag(c, 1, p, "no option is marked correct; mark exactly one with \"correct\": true");
        else if (n_correct > 1)
            qc_diag(c, 1, p, "%zu options are marked correct (%s); a single_choice has exactly one: "
                 "unmark the others, or use kind multiple_response", n_correct, which);
    } else {
        if (n_correct == 0)
            qc_diag(c, 1, p, "no option is marked correct; mark at least one with \"correct\": true");
        else if (n_correct == q->n_options && q->n_options > 1)
            qc_diag(c, 0, p, "every option is marked correct; is the key right?");
    }
}

static void check_pairs(ctx *c, const lectern_quiz *q, const char *path)
{
    char p[P];
    snprintf(p, sizeof p, "%s.pairs", path);
    if (q->n_pairs < 2)
        qc_diag(c, 1, p, "%zu pair(s); matching needs at least 2 pairs", q->n_pairs);
    for (size_t i = 0; i < q->n_pairs; i++)
        for (size_t j = 0; j < i; j++) {
            const lectern_quiz_pair *a = &q->pairs[i], *b = &q->pairs[j];
            snprintf(p, sizeof p, "%s.pairs[%zu].left", path, i);
            if (same_text(c, &a->left, &b->left))
                qc_diag(c, 1, p, "same left text as pairs[%zu] (\"%s\"); every left item must differ",
                     j, quiz_text_first(&a->left));
            snprintf(p, sizeof p, "%s.pairs[%zu].right", path, i);
            if (same_text(c, &a->right, &b->right))
                qc_diag(c, 1, p, "same right text as pairs[%zu] (\"%s\"); every right item must differ, "
                     "or the key is ambiguous", j, quiz_text_first(&a->right));
            snprintf(p, sizeof p, "%s.pairs[%zu]", path, i);
            if (strcmp(a->left_id, b->left_id) == 0 || strcmp(a->right_id, b->right_id) == 0)
                qc_diag(c, 1, p, "left_id or right_id repeats pairs[%zu]; ids must be unique", j);
        }
    for (size_t i = 0; i < q->n_pairs; i++) {
        snprintf(p, sizeof p, "%s.pairs[%zu]", path, i);
        if (!present(&q->pairs[i].left) || !present(&q->pairs[i].right))
            qc_diag(c, 1, p, "a side of this pair is empty; write both \"left\" and \"right\"");
    }
}

static void check_sequence(ctx *c, const lectern_quiz *q, const char *path)
{
    char p[P];
    snprintf(p, sizeof p, "%s.sequence", path);
    if (q->n_entries == 1)
        qc_diag(c, 1, p, "1 entry; ordering needs at least 2");
    else if (q->n_entries < 2)
        qc_diag(c, 1, p, "%zu entries; ordering needs at least 2", q->n_entries);
    for (size_t i = 0; i < q->n_entries; i++) {
        snprintf(p, sizeof p, "%s.sequence[%zu]", path, i);
        if (!present(&q->entries[i].text))
            qc_diag(c, 1, p, "the entry text is empty; write it");
        for (size_t j = 0; j < i; j++) {
            if (same_text(c, &q->entries[i].text, &q->entries[j].text))
                qc_diag(c, 1, p, "same text as sequence[%zu] (\"%s\"); the order would be ambiguous, "
                     "make every entry different", j, quiz_text_first(&q->entries[i].text));
            if (strcmp(q->entries[i].id, q->entries[j].id) == 0)
                qc_diag(c, 1, p, "id \"%s\" is already used by sequence[%zu]", q->entries[i].id, j);
        }
    }
}

static void check_blanks(ctx *c, const lectern_quiz *q, const char *path)
{
    char p[P];
    snprintf(p, sizeof p, "%s.text", path);
    for (size_t i = 0; i < q->text.n; i++) {
        size_t m = lectern_quiz_blank_markers(q->text.v[i].s, NULL, NULL, 0);
        const char *lang = q->text.v[i].lang;
        /* whole sentences, for the translations */
        if (m != q->n_blanks && lang[0])
            qc_diag(c, 1, p, "the \"%s\" text has %zu \"___\" marker(s) but %zu blank(s) in \"blanks\"; "
                    "put one ___ where each answer goes, and one entry in \"blanks\" per marker",
                    lang, m, q->n_blanks);
        else if (m != q->n_blanks)
            qc_diag(c, 1, p, "the text has %zu \"___\" marker(s) but %zu blank(s) in \"blanks\"; put "
                    "one ___ where each answer goes, and one entry in \"blanks\" per marker",
                    m, q->n_blanks);
    }
    for (size_t i = 0; i < q->n_blanks; i++) {
        const lectern_quiz_blank *b = &q->blanks[i];
        snprintf(p, sizeof p, "%s.blanks[%zu].accept", path, i);
        size_t usable = 0;
        for (size_t j = 0; j < b->n_accept; j++) {
            char *n = lectern_quiz_normalize(b->accept[j].s);
            if (!n)
                c->oom = 1;
            usable += n && n[0];
            free(n);
        }
        if (usable == 0)
            qc_diag(c, 1, p, "no accepted answer; list at least one, e.g. \"accept\": [\"means\"]");
        snprintf(p, sizeof p, "%s.blanks[%zu]", path, i);
        if (q->feedback_required && !present(&b->feedback))
            qc_diag(c, 1, p, "\"feedback\" is empty but the exercise sets \"feedback_required\": true; "
                 "write feedback for this blank");
    }
}

/* DFS from s inside the steps that cannot end, looking for a way back to
 * root; seen[] is cleared by the caller per root, so each search is linear.
 * Fills cyc with the cycle and returns its length, or 0. */
static size_t find_cycle(const lectern_quiz *q, const int *can_end, size_t root, size_t s,
                         int *seen, size_t *cyc, size_t depth)
{
    cyc[depth] = s;
    seen[s] = 1;
    const lectern_quiz_step *st = &q->steps[s];
    for (size_t j = 0; j < st->n_choices; j++) {
        long nx = st->choices[j].next_index;
        if (nx < 0 || can_end[nx])
            continue;
        if ((size_t)nx == root)
            return depth + 1;
        if (seen[nx])
            continue;
        size_t len = find_cycle(q, can_end, root, (size_t)nx, seen, cyc, depth + 1);
        if (len)
            return len;
    }
    return 0;
}

/* [a-z0-9][a-z0-9._-]{0,63}, as lectern_id_valid in the course model. */
static int id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 64 || !((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9')))
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') ||
              id[i] == '.' || id[i] == '_' || id[i] == '-'))
            return 0;
    return 1;
}

static void check_scenario(ctx *c, const lectern_quiz *q, const char *path)
{
    char p[P];
    size_t n = q->n_steps;
    int *reach = NULL, *can_end = NULL, *on = NULL, *done = NULL;
    size_t *stack = NULL;
    snprintf(p, sizeof p, "%s.steps", path);
    if (n == 0) {
        qc_diag(c, 1, p, "no steps; add the steps of the case study");
        return;
    }
    reach = calloc(n, sizeof *reach);
    can_end = calloc(n, sizeof *can_end);
    on = calloc(n, sizeof *on);
    done = calloc(n, sizeof *done);
    stack = calloc(n + 1, sizeof *stack);
    if (!reach || !can_end || !on || !done || !stack) {
        c->oom = 1;
        goto out;
    }
    if (q->start && q->start_index < 0) {
        snprintf(p, sizeof p, "%s.start", path);
        qc_diag(c, 1, p, "\"%s\" is not the id of a step; use one of the steps' ids", q->start);
    }
    size_t endings = 0;
    for (size_t i = 0; i < n; i++) {
        const lectern_quiz_step *s = &q->steps[i];
        snprintf(p, sizeof p, "%s.steps[%zu]", path, i);
        for (size_t j = 0; j < i; j++)
            if (strcmp(s->id, q->steps[j].id) == 0)
                qc_diag(c, 1, p, "id \"%s\" is already used by steps[%zu]; step ids must be unique",
                     s->id, j);
        if (!id_ok(s->id))
            qc_diag(c, 0, p, "id \"%s\" is not a well-formed id ([a-z0-9][a-z0-9._-]*); "
                 "xAPI responses and progress use it", s->id);
        if (s->ending) {
            endings++;
            if (!s->has_score)
                qc_diag(c, 1, p, "ending \"%s\" has no \"score\"; add \"score\" (e.g. 1 for the best "
                     "ending, 0 for a poor one)", s->id);
            if (s->n_choices)
                qc_diag(c, 0, p, "ending \"%s\" has choices; they are never shown (remove them or "
                     "drop \"ending\")", s->id);
        } else if (s->n_choices == 0) {
            qc_diag(c, 1, p, "dead end: step \"%s\" has no choices and is not an ending; add choices "
                 "or mark it \"ending\": true with a \"score\"", s->id);
        } else if (s->has_score) {
            qc_diag(c, 0, p, "\"score\" on step \"%s\" is ignored: only endings are scored", s->id);
        }
        for (size_t j = 0; j < s->n_choices; j++) {
            char cp[P];
            snprintf(cp, sizeof cp, "%s.steps[%zu].choices[%zu]", path, i, j);
            if (s->choices[j].next_index < 0) {
                snprintf(cp + strlen(cp), sizeof cp - strlen(cp), ".next");
                qc_diag(c, 1, cp, "\"%s\" is not the id of a step; point it at an existing step",
                     s->choices[j].next);
            } else if (q->feedback_required && !present(&s->choices[j].feedback)) {
                qc_diag(c, 1, cp, "\"feedback\" is empty but the exercise sets \"feedback_required\": "
                     "true; write feedback for this choice");
            }
        }
    }
    if (endings == 0) {
        snprintf(p, sizeof p, "%s.steps", path);
        qc_diag(c, 1, p, "no step is an ending; mark the final steps \"ending\": true with a \"score\"");
    }
    /* reachable from start */
    size_t top = 0;
    if (q->start_index >= 0) {
        stack[top++] = (size_t)q->start_index;
        reach[q->start_index] = 1;
    }
    while (top) {
        const lectern_quiz_step *s = &q->steps[stack[--top]];
        for (size_t j = 0; j < s->n_choices; j++) {
            long nx = s->choices[j].next_index;
            if (nx >= 0 && !reach[nx]) {
                reach[nx] = 1;
                stack[top++] = (size_t)nx;
            }
        }
    }
    /* can reach an ending: fixpoint */
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < n; i++) {
            if (can_end[i])
                continue;
            const lectern_quiz_step *s = &q->steps[i];
            int e = s->ending;
            for (size_t j = 0; !e && j < s->n_choices; j++)
                e = s->choices[j].next_index >= 0 && can_end[s->choices[j].next_index];
            if (e)
                can_end[i] = changed = 1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(p, sizeof p, "%s.steps[%zu]", path, i);
        if (q->start_index >= 0 && !reach[i])
            qc_diag(c, 0, p, "step \"%s\" cannot be reached from the start; link a choice to it or "
                 "remove it", q->steps[i].id);
        if (!reach[i] || can_end[i] || done[i] || q->steps[i].n_choices == 0)
            continue;
        memset(on, 0, n * sizeof *on);
        size_t len = find_cycle(q, can_end, i, i, on, stack, 0);
        if (!len)
            continue;
        char cyc[400] = "";
        for (size_t k = 0; k <= len; k++) {
            size_t at = k < len ? stack[k] : stack[0];
            size_t l = strlen(cyc);
            snprintf(cyc + l, sizeof cyc - l, "%s%s", k ? " -> " : "", q->steps[at].id);
            if (k < len)
                done[at] = 1;
        }
        qc_diag(c, 1, p, "loop: %s never reaches an ending; add a choice on this path that "
             "leads to an ending", cyc);
    }
out:
    free(reach);
    free(can_end);
    free(on);
    free(done);
    free(stack);
}

static void check_model(ctx *c, const cJSON *obj, const lectern_quiz *q, const char *path)
{
    char p[P];
    double max = lectern_quiz_max_score(q);
    check_fields(c, obj, q, path);
    if (q->kind != LECTERN_QUIZ_SCENARIO && q->kind != LECTERN_QUIZ_FILL_BLANK &&
        q->kind != LECTERN_QUIZ_SET && !present(&q->prompt)) {
        snprintf(p, sizeof p, "%s.prompt", path);
        qc_diag(c, 1, p, "the prompt is empty; write the question");
    }
    if (q->has_pass_mark) {
        snprintf(p, sizeof p, "%s.pass_mark", path);
        if (q->kind == LECTERN_QUIZ_REFLECTION)
            qc_diag(c, 0, p, "a reflection is not scored; remove \"pass_mark\"");
        else if (q->pass_mark_raw <= 0 || q->pass_mark_raw > max + 1e-9)
            qc_diag(c, 1, p, "%g is out of range; use a number above 0 and at most %g (the points a "
                 "full answer earns)", q->pass_mark_raw, max);
    }
    if (q->has_pass_percent) {
        snprintf(p, sizeof p, "%s.pass_percent", path);
        if (q->pass_percent <= 0 || q->pass_percent > 100)
            qc_diag(c, 1, p, "%g is out of range; use a percentage above 0 and at most 100",
                 q->pass_percent);
        if (q->has_pass_mark)
            qc_diag(c, 0, p, "both \"pass_mark\" and \"pass_percent\" are given; \"pass_mark\" wins, "
                 "remove one");
    }
    if (q->has_countdown && (q->countdown_s <= 0 || q->countdown_s > 4 * 3600)) {
        snprintf(p, sizeof p, "%s.countdown", path);
        qc_diag(c, 1, p, "%g is out of range; give the group-work time in seconds (1 to 14400)",
             q->countdown_s);
    }
    for (size_t i = 0; i < q->n_bands; i++) {
        snprintf(p, sizeof p, "%s.feedback.bands[%zu]", path, i);
        if (q->bands[i].min < 0 || q->bands[i].min > 1)
            qc_diag(c, 1, p, "min %g is out of range; bands use the scaled score 0..1", q->bands[i].min);
        if (i && q->bands[i].min == q->bands[i - 1].min)
            qc_diag(c, 0, p, "two bands start at %g; only the last one is shown", q->bands[i].min);
    }
    if (q->feedback_required && q->kind != LECTERN_QUIZ_REFLECTION && q->kind != LECTERN_QUIZ_SET &&
        !q->n_bands && (!present(&q->fb_pass) || !present(&q->fb_fail))) {
        snprintf(p, sizeof p, "%s.feedback", path);
        qc_diag(c, 1, p, "\"pass\" or \"fail\" feedback is empty but the exercise sets "
             "\"feedback_required\": true; write both");
    }
    switch (q->kind) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE:
        check_options(c, q, path);
        break;
    case LECTERN_QUIZ_TRUE_FALSE:
        if (q->answer < 0) {
            snprintf(p, sizeof p, "%s.answer", path);
            qc_diag(c, 1, p, "\"answer\" is missing; add \"answer\": true or \"answer\": false");
        }
        break;
    case LECTERN_QUIZ_MATCHING:
        check_pairs(c, q, path);
        break;
    case LECTERN_QUIZ_ORDERING:
        check_sequence(c, q, path);
        break;
    case LECTERN_QUIZ_FILL_BLANK:
        check_blanks(c, q, path);
        break;
    case LECTERN_QUIZ_SCENARIO:
        check_scenario(c, q, path);
        break;
    case LECTERN_QUIZ_SET: {
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, "questions");
        if (q->n_questions == 0) {
            snprintf(p, sizeof p, "%s.questions", path);
            qc_diag(c, 1, p, "no questions; add the exercises of the set");
        }
        for (size_t i = 0; i < q->n_questions; i++) {
            snprintf(p, sizeof p, "%s.questions[%zu]", path, i);
            for (size_t j = 0; j < i; j++)
                if (strcmp(q->questions[i].id, q->questions[j].id) == 0)
                    qc_diag(c, 1, p, "id \"%s\" is already used by questions[%zu]; give each question "
                         "its own id", strchr(q->questions[i].id, '/') + 1, j);
            check_model(c, cJSON_GetArrayItem(arr, (int)i), &q->questions[i], p);
        }
        break;
    }
    default:
        break;
    }
}

int lectern_quiz_check(const char *json, const char *item_id, lectern_quiz_diag_fn fn, void *user)
{
    ctx c = { item_id ? item_id : "exercise", fn, user, 0, 0 };
    lectern_quiz *q = NULL;
    cJSON *root = NULL;
    lectern_error err = {0};
    if (!json)
        return LECTERN_EINVAL;
    int rc = lectern_quiz_parse(json, c.item, &q, &err);
    if (rc == LECTERN_ENOMEM)
        return rc;
    if (rc < 0) {
        /* the message is "item: path: text"; report it with its path */
        char path[P] = "exercise";
        size_t il = strlen(c.item);
        if (strncmp(err.msg, c.item, il) == 0 && strncmp(err.msg + il, ": ", 2) == 0) {
            const char *s = err.msg + il + 2, *e = s + strcspn(s, ":");
            if (*e && (size_t)(e - s) < sizeof path && strncmp(s, "exercise", 8) == 0)
                snprintf(path, sizeof path, "%.*s", (int)(e - s), s);
        }
        c.errors++;
        if (fn)
            fn(user, 1, path, err.msg);
        return c.errors;
    }
    if (lectern_json_parse(json, strlen(json), c.item, &root, NULL, NULL, &err) < 0) {
        lectern_quiz_free(q);
        return LECTERN_ENOMEM;   /* parsed a moment ago, so only memory can fail */
    }
    check_model(&c, root, q, "exercise");
    cJSON_Delete(root);
    lectern_quiz_free(q);
    return c.oom ? LECTERN_ENOMEM : c.errors;
}
