/* Exercise model: names, texts, accessors and freeing. Parsing lives in
 * quiz_parse.c, attempts in quiz_attempt.c, scoring in quiz_score.c, checks in
 * quiz_check.c and answer normalisation in quiz_norm.c. */
#include "quiz_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[LECTERN_QUIZ_KIND_COUNT] = {
    "single_choice", "multiple_response", "true_false", "matching",
    "ordering", "fill_blank", "scenario", "reflection", "set",
};

static const char *const interaction_names[LECTERN_INTERACTION_COUNT] = {
    "choice", "true-false", "matching", "sequencing", "fill-in", "long-fill-in", "other",
};

const char *lectern_quiz_kind_name(lectern_quiz_kind k)
{
    return (unsigned)k < LECTERN_QUIZ_KIND_COUNT ? kind_names[k] : NULL;
}

int lectern_quiz_kind_from_name(const char *name)
{
    for (int i = 0; name && i < LECTERN_QUIZ_KIND_COUNT; i++)
        if (strcmp(kind_names[i], name) == 0)
            return i;
    return -1;
}

const char *lectern_quiz_interaction_name(lectern_quiz_interaction t)
{
    return (unsigned)t < LECTERN_INTERACTION_COUNT ? interaction_names[t] : NULL;
}

void quiz_letter_id(size_t i, char *buf, size_t size)
{
    if (i < 26)
        snprintf(buf, size, "%c", (char)('a' + i));
    else
        snprintf(buf, size, "o%zu", i + 1);
}

/* ---- texts ---- */

int quiz_text_parse(const cJSON *node, lectern_text *out, lectern_error *err)
{
    memset(out, 0, sizeof *out);
    if (cJSON_IsString(node)) {
        out->v = calloc(1, sizeof *out->v);
        if (!out->v)
            goto nomem;
        out->n = 1;
        out->v[0].lang = strdup("");
        out->v[0].s = strdup(node->valuestring);
        if (!out->v[0].lang || !out->v[0].s)
            goto nomem;
        return 0;
    }
    if (!cJSON_IsObject(node))
        return lectern_error_set(err, LECTERN_ESCHEMA,
                                 "expected a text (a string, or an object of language: string)");
    size_t n = 0;
    for (const cJSON *c = node->child; c; c = c->next) {
        if (!cJSON_IsString(c))
            return lectern_error_set(err, LECTERN_ESCHEMA,
                                     "the \"%s\" translation is not a string", c->string);
        n++;
    }
    if (n == 0)
        return lectern_error_set(err, LECTERN_ESCHEMA,
                                 "empty object; give a string or {\"en\": \"...\"}");
    out->v = calloc(n, sizeof *out->v);
    if (!out->v)
        goto nomem;
    for (const cJSON *c = node->child; c; c = c->next) {
        lectern_text_entry *e = &out->v[out->n++];
        e->lang = strdup(c->string);
        e->s = strdup(c->valuestring);
        if (!e->lang || !e->s)
            goto nomem;
    }
    return 0;
nomem:
    quiz_text_free(out);
    return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
}

void quiz_text_free(lectern_text *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->v && i < t->n; i++) {
        free(t->v[i].lang);
        free(t->v[i].s);
    }
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

const char *quiz_text_first(const lectern_text *t)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (t->v[i].s)
            return t->v[i].s;
    return "";
}

/* ---- freeing ---- */

void quiz_model_clear(lectern_quiz *q)
{
    free(q->id);
    quiz_text_free(&q->prompt);
    quiz_text_free(&q->text);
    quiz_text_free(&q->discussion);
    quiz_text_free(&q->fb_pass);
    quiz_text_free(&q->fb_fail);
    quiz_text_free(&q->fb_general);
    for (size_t i = 0; i < q->n_bands; i++)
        quiz_text_free(&q->bands[i].text);
    free(q->bands);
    for (size_t i = 0; i < q->n_options; i++) {
        free(q->options[i].id);
        quiz_text_free(&q->options[i].text);
        quiz_text_free(&q->options[i].feedback);
    }
    free(q->options);
    for (size_t i = 0; i < q->n_pairs; i++) {
        free(q->pairs[i].left_id);
        free(q->pairs[i].right_id);
        quiz_text_free(&q->pairs[i].left);
        quiz_text_free(&q->pairs[i].right);
    }
    free(q->pairs);
    for (size_t i = 0; i < q->n_entries; i++) {
        free(q->entries[i].id);
        quiz_text_free(&q->entries[i].text);
    }
    free(q->entries);
    for (size_t i = 0; i < q->n_blanks; i++) {
        for (size_t j = 0; j < q->blanks[i].n_accept; j++) {
            free(q->blanks[i].accept[j].lang);
            free(q->blanks[i].accept[j].s);
        }
        free(q->blanks[i].accept);
        quiz_text_free(&q->blanks[i].feedback);
    }
    free(q->blanks);
    for (size_t i = 0; i < q->n_steps; i++) {
        lectern_quiz_step *s = &q->steps[i];
        free(s->id);
        quiz_text_free(&s->text);
        quiz_text_free(&s->feedback);
        for (size_t j = 0; j < s->n_choices; j++) {
            quiz_text_free(&s->choices[j].text);
            quiz_text_free(&s->choices[j].feedback);
            free(s->choices[j].next);
        }
        free(s->choices);
    }
    free(q->steps);
    free(q->start);
    for (size_t i = 0; i < q->n_questions; i++)
        quiz_model_clear(&q->questions[i]);
    free(q->questions);
    memset(q, 0, sizeof *q);
}

void lectern_quiz_free(lectern_quiz *q)
{
    if (!q)
        return;
    quiz_model_clear(q);
    free(q);
}

/* ---- accessors ---- */

lectern_quiz_kind lectern_quiz_get_kind(const lectern_quiz *q) { return q->kind; }

lectern_quiz_interaction lectern_quiz_get_interaction(const lectern_quiz *q)
{
    switch (q->kind) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE: return LECTERN_INTERACTION_CHOICE;
    case LECTERN_QUIZ_TRUE_FALSE: return LECTERN_INTERACTION_TRUE_FALSE;
    case LECTERN_QUIZ_MATCHING: return LECTERN_INTERACTION_MATCHING;
    case LECTERN_QUIZ_ORDERING: return LECTERN_INTERACTION_SEQUENCING;
    case LECTERN_QUIZ_FILL_BLANK: return LECTERN_INTERACTION_FILL_IN;
    case LECTERN_QUIZ_REFLECTION: return LECTERN_INTERACTION_LONG_FILL_IN;
    default: return LECTERN_INTERACTION_OTHER;
    }
}

const char *lectern_quiz_id(const lectern_quiz *q) { return q->id ? q->id : ""; }
const lectern_text *lectern_quiz_prompt(const lectern_quiz *q) { return &q->prompt; }
const lectern_text *lectern_quiz_blank_text(const lectern_quiz *q) { return &q->text; }
const lectern_text *lectern_quiz_discussion(const lectern_quiz *q) { return &q->discussion; }
const lectern_text *lectern_quiz_feedback_pass(const lectern_quiz *q) { return &q->fb_pass; }
const lectern_text *lectern_quiz_feedback_fail(const lectern_quiz *q) { return &q->fb_fail; }
const lectern_text *lectern_quiz_feedback_general(const lectern_quiz *q) { return &q->fb_general; }
size_t lectern_quiz_n_bands(const lectern_quiz *q) { return q->n_bands; }

const lectern_quiz_band *lectern_quiz_get_band(const lectern_quiz *q, size_t i)
{
    return i < q->n_bands ? &q->bands[i] : NULL;
}

double lectern_quiz_max_score(const lectern_quiz *q)
{
    switch (q->kind) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_TRUE_FALSE:
        return 1;
    case LECTERN_QUIZ_MULTIPLE_RESPONSE: {
        size_t n = 0;
        for (size_t i = 0; i < q->n_options; i++)
            n += q->options[i].correct != 0;
        return n ? (double)n : 1;
    }
    case LECTERN_QUIZ_MATCHING: return (double)q->n_pairs;
    case LECTERN_QUIZ_ORDERING: return (double)q->n_entries;
    case LECTERN_QUIZ_FILL_BLANK: return (double)q->n_blanks;
    case LECTERN_QUIZ_SCENARIO: {
        double best = 0;
        for (size_t i = 0; i < q->n_steps; i++)
            if (q->steps[i].ending && q->steps[i].score > best)
                best = q->steps[i].score;
        return best;
    }
    case LECTERN_QUIZ_SET: {
        size_t n = 0;
        for (size_t i = 0; i < q->n_questions; i++)
            n += q->questions[i].kind != LECTERN_QUIZ_REFLECTION;
        return (double)n;
    }
    default: return 0;
    }
}

double lectern_quiz_pass_mark(const lectern_quiz *q)
{
    double max = lectern_quiz_max_score(q);
    if (q->has_pass_mark)
        return q->pass_mark_raw;
    if (q->has_pass_percent)
        return max * q->pass_percent / 100.0;
    return max;
}

int lectern_quiz_retries(const lectern_quiz *q) { return q->retries; }
int lectern_quiz_show_solution(const lectern_quiz *q) { return q->show_solution; }
int lectern_quiz_shuffle(const lectern_quiz *q) { return q->shuffle; }

double lectern_quiz_countdown(const lectern_quiz *q)
{
    return q->has_countdown && q->countdown_s > 0 ? q->countdown_s : 0;
}
size_t lectern_quiz_n_options(const lectern_quiz *q) { return q->n_options; }

const lectern_quiz_option *lectern_quiz_get_option(const lectern_quiz *q, size_t i)
{
    return i < q->n_options ? &q->options[i] : NULL;
}

int lectern_quiz_answer(const lectern_quiz *q) { return q->answer; }
size_t lectern_quiz_n_pairs(const lectern_quiz *q) { return q->n_pairs; }

const lectern_quiz_pair *lectern_quiz_get_pair(const lectern_quiz *q, size_t i)
{
    return i < q->n_pairs ? &q->pairs[i] : NULL;
}

size_t lectern_quiz_n_entries(const lectern_quiz *q) { return q->n_entries; }

const lectern_quiz_entry *lectern_quiz_get_entry(const lectern_quiz *q, size_t i)
{
    return i < q->n_entries ? &q->entries[i] : NULL;
}

size_t lectern_quiz_n_blanks(const lectern_quiz *q) { return q->n_blanks; }

const lectern_quiz_blank *lectern_quiz_get_blank(const lectern_quiz *q, size_t i)
{
    return i < q->n_blanks ? &q->blanks[i] : NULL;
}

const char *lectern_quiz_blank_solution(const lectern_quiz *q, size_t i, const char *lang)
{
    if (i >= q->n_blanks)
        return "";
    const lectern_quiz_blank *b = &q->blanks[i];
    for (size_t j = 0; lang && j < b->n_accept; j++)
        if (strcmp(b->accept[j].lang, lang) == 0)
            return b->accept[j].s;
    for (size_t j = 0; j < b->n_accept; j++)
        if (b->accept[j].lang[0] == '\0')
            return b->accept[j].s;
    return b->n_accept ? b->accept[0].s : "";
}

size_t lectern_quiz_n_steps(const lectern_quiz *q) { return q->n_steps; }

const lectern_quiz_step *lectern_quiz_get_step(const lectern_quiz *q, size_t i)
{
    return i < q->n_steps ? &q->steps[i] : NULL;
}

long lectern_quiz_start_step(const lectern_quiz *q) { return q->start_index; }

long lectern_quiz_find_step(const lectern_quiz *q, const char *id)
{
    for (size_t i = 0; id && i < q->n_steps; i++)
        if (strcmp(q->steps[i].id, id) == 0)
            return (long)i;
    return -1;
}

size_t lectern_quiz_n_questions(const lectern_quiz *q) { return q->n_questions; }

const lectern_quiz *lectern_quiz_question(const lectern_quiz *q, size_t i)
{
    return i < q->n_questions ? &q->questions[i] : NULL;
}

/* ---- small helpers ---- */

size_t lectern_quiz_blank_markers(const char *s, size_t *offs, size_t *lens, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; s && s[i];) {
        if (s[i] != '_') {
            i++;
            continue;
        }
        size_t j = i;
        while (s[j] == '_')
            j++;
        if (j - i >= 3) {
            if (n < max) {
                if (offs) offs[n] = i;
                if (lens) lens[n] = j - i;
            }
            n++;
        }
        i = j;
    }
    return n;
}

uint64_t lectern_quiz_seed(const char *item_id, uint64_t salt)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)(item_id ? item_id : ""); *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    for (int i = 0; i < 8; i++) {
        h ^= (salt >> (8 * i)) & 0xff;
        h *= 0x100000001b3ULL;
    }
    return h;
}

void lectern_quiz_duration_iso(int64_t ms, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    if (ms < 0)
        ms = 0;
    int64_t h = ms / 3600000, m = (ms / 60000) % 60, s = (ms / 1000) % 60, frac = ms % 1000;
    char part[64];
    size_t len = 0;
    buf[0] = '\0';
    len += (size_t)snprintf(buf, size, "PT");
    if (h && len < size)
        len += (size_t)snprintf(buf + len, size - len, "%lldH", (long long)h);
    if (m && len < size)
        len += (size_t)snprintf(buf + len, size - len, "%lldM", (long long)m);
    if (frac) {
        snprintf(part, sizeof part, "%lld.%03lld", (long long)s, (long long)frac);
        size_t pl = strlen(part);
        while (part[pl - 1] == '0')   /* 5.250 -> 5.25 */
            part[--pl] = '\0';
    } else {
        snprintf(part, sizeof part, "%lld", (long long)s);
    }
    if ((s || frac || (!h && !m)) && len < size)
        snprintf(buf + len, size - len, "%sS", part);
}
