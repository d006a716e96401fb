/* Scoring: a pure function of the model and one attempt. Produces raw and
 * scaled scores, success against the pass mark, feedback to show, retry and
 * solution rights, and the xAPI interaction type and response strings. */
#include "quiz_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *s;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 32;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *g = realloc(b->s, cap);
        if (!g) {
            b->oom = 1;
            return;
        }
        b->s = g;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

/* Adds "[,]" before every element but the first. */
static void sb_item(sbuf *b, const char *s)
{
    if (b->len)
        sb_add(b, "[,]");
    sb_add(b, s);
}

/* Returns the string (never NULL unless out of memory). */
static char *sb_take(sbuf *b)
{
    if (b->oom) {
        free(b->s);
        return NULL;
    }
    if (!b->s)
        return strdup("");
    return b->s;
}

static const lectern_text *opt_text(const lectern_text *t)
{
    return t->n ? t : NULL;
}

/* 1 when typed text matches one of the blank's accepted answers. */
static int blank_right(const lectern_quiz_blank *b, const char *typed, int *oom)
{
    char *norm = lectern_quiz_normalize(typed ? typed : "");
    int ok = 0;
    if (!norm) {
        *oom = 1;
        return 0;
    }
    for (size_t i = 0; norm[0] && !ok && i < b->n_accept; i++) {
        char *acc = lectern_quiz_normalize(b->accept[i].s);
        if (!acc) {
            *oom = 1;
            break;
        }
        ok = strcmp(norm, acc) == 0;
        free(acc);
    }
    free(norm);
    return ok;
}

static int nonblank(const char *s)
{
    char *n = lectern_quiz_normalize(s ? s : "");
    int r = n && n[0];
    free(n);
    return r;
}

static int alloc_parts(lectern_quiz_result *r, size_t n)
{
    r->parts = calloc(n ? n : 1, sizeof *r->parts);
    if (!r->parts)
        return LECTERN_ENOMEM;
    r->n_parts = n;
    for (size_t i = 0; i < n; i++) {
        r->parts[i].index = i;
        r->parts[i].response = -1;
    }
    return 0;
}

static int score_one(const lectern_quiz *q, const lectern_quiz_attempt *a, lectern_quiz_result *r);

static int score_choice(const lectern_quiz *q, const lectern_quiz_attempt *a,
                        lectern_quiz_result *r, sbuf *resp, sbuf *key)
{
    if (alloc_parts(r, q->n_options) < 0)
        return LECTERN_ENOMEM;
    size_t n_sel = 0, good = 0, bad = 0;
    for (size_t i = 0; i < q->n_options; i++) {
        lectern_quiz_part *p = &r->parts[i];
        p->selected = a->selected[i];
        p->key = q->options[i].correct;
        p->right = p->selected == p->key;
        p->feedback = opt_text(&q->options[i].feedback);
        if (p->selected) {
            n_sel++;
            if (p->key)
                good++;
            else
                bad++;
            sb_item(resp, q->options[i].id);
        }
        if (p->key)
            sb_item(key, q->options[i].id);
    }
    r->answered = r->completed = n_sel > 0;
    if (q->kind == LECTERN_QUIZ_SINGLE_CHOICE)
        r->raw = n_sel == 1 && good == 1;
    else
        r->raw = good > bad ? (double)(good - bad) : 0;
    return 0;
}

static int score_matching(const lectern_quiz *q, const lectern_quiz_attempt *a,
                          lectern_quiz_result *r, sbuf *resp, sbuf *key)
{
    if (alloc_parts(r, q->n_pairs) < 0)
        return LECTERN_ENOMEM;
    size_t matched = 0;
    for (size_t i = 0; i < q->n_pairs; i++) {
        lectern_quiz_part *p = &r->parts[i];
        long j = a->match[i];
        p->response = j;
        p->right = j == (long)i;
        r->raw += p->right;
        if (j >= 0) {
            matched++;
            if (resp->len)
                sb_add(resp, "[,]");
            sb_add(resp, q->pairs[i].left_id);
            sb_add(resp, "[.]");
            sb_add(resp, q->pairs[j].right_id);
        }
        if (key->len)
            sb_add(key, "[,]");
        sb_add(key, q->pairs[i].left_id);
        sb_add(key, "[.]");
        sb_add(key, q->pairs[i].right_id);
    }
    r->answered = matched > 0;
    r->completed = matched == q->n_pairs;
    return 0;
}

static int score_ordering(const lectern_quiz *q, const lectern_quiz_attempt *a,
                          lectern_quiz_result *r, sbuf *resp, sbuf *key)
{
    if (alloc_parts(r, q->n_entries) < 0)
        return LECTERN_ENOMEM;
    for (size_t i = 0; i < q->n_entries; i++) {
        lectern_quiz_part *p = &r->parts[i];
        p->response = (long)a->order[i];
        p->right = a->order[i] == i;
        r->raw += p->right;
        sb_item(resp, q->entries[a->order[i]].id);
        sb_item(key, q->entries[i].id);
    }
    r->answered = r->completed = q->n_entries > 0;
    return 0;
}

static int score_fill(const lectern_quiz *q, const lectern_quiz_attempt *a,
                      lectern_quiz_result *r, sbuf *resp, sbuf *key)
{
    if (alloc_parts(r, q->n_blanks) < 0)
        return LECTERN_ENOMEM;
    int oom = 0;
    size_t filled = 0;
    for (size_t i = 0; i < q->n_blanks; i++) {
        lectern_quiz_part *p = &r->parts[i];
        const char *typed = a->fills[i] ? a->fills[i] : "";
        p->right = blank_right(&q->blanks[i], typed, &oom);
        p->feedback = opt_text(&q->blanks[i].feedback);
        r->raw += p->right;
        filled += nonblank(typed);
        if (i)
            sb_add(resp, "[,]");
        sb_add(resp, typed);
        if (i)
            sb_add(key, "[,]");
        sb_add(key, lectern_quiz_blank_solution(q, i, NULL));
    }
    if (oom)
        return LECTERN_ENOMEM;
    r->answered = filled > 0;
    r->completed = filled == q->n_blanks;
    if (!r->answered && resp->s) {   /* "[,]" alone says nothing */
        resp->len = 0;
        resp->s[0] = '\0';
    }
    return 0;
}

static int score_scenario(const lectern_quiz *q, const lectern_quiz_attempt *a,
                          lectern_quiz_result *r, sbuf *resp)
{
    if (alloc_parts(r, a->n_path) < 0)
        return LECTERN_ENOMEM;
    r->ending = -1;
    for (size_t i = 0; i < a->n_path; i++) {
        const lectern_quiz_step *s = &q->steps[a->path[i]];
        lectern_quiz_part *p = &r->parts[i];
        p->index = a->path[i];
        p->response = a->path_choice[i];
        if (p->response >= 0)
            p->feedback = opt_text(&s->choices[p->response].feedback);
        else
            p->feedback = opt_text(&s->feedback);
        sb_item(resp, s->id);
    }
    r->answered = a->n_path > 1;
    if (a->n_path && q->steps[a->path[a->n_path - 1]].ending) {
        const lectern_quiz_step *end = &q->steps[a->path[a->n_path - 1]];
        r->ending = (long)a->path[a->n_path - 1];
        r->completed = 1;
        r->raw = end->has_score ? end->score : 0;
        r->parts[a->n_path - 1].right = r->raw >= r->pass_mark - 1e-9;
    }
    return 0;
}

/* A set: each question scored on its own; the response names each question
 * (its id after "item/") and how it went: "q1[.]right[,]q2[.]wrong[,]
 * q3[.]done" (done: a reflection written; none: not answered). */
static int score_set(const lectern_quiz *q, const lectern_quiz_attempt *a, lectern_quiz_result *r,
                     sbuf *resp)
{
    if (alloc_parts(r, q->n_questions) < 0)
        return LECTERN_ENOMEM;
    r->questions = calloc(q->n_questions ? q->n_questions : 1, sizeof *r->questions);
    if (!r->questions)
        return LECTERN_ENOMEM;
    size_t done = 0, any = 0;
    for (size_t i = 0; i < q->n_questions; i++) {
        lectern_quiz_result *sub = &r->questions[i];
        r->n_questions++;
        int rc = score_one(&q->questions[i], &a->sub[i], sub);
        if (rc < 0)
            return rc;
        r->parts[i].right = sub->success;
        const char *qid = strrchr(sub->id, '/');
        sb_item(resp, qid ? qid + 1 : sub->id);
        sb_add(resp, "[.]");
        sb_add(resp, !sub->answered ? "none" : !sub->scored ? "done" :
                     sub->success ? "right" : "wrong");
        if (sub->scored)
            r->raw += sub->scaled;
        done += sub->completed;
        any += sub->answered;
    }
    r->answered = any > 0;
    r->completed = done == q->n_questions;
    return 0;
}

static int score_one(const lectern_quiz *q, const lectern_quiz_attempt *a, lectern_quiz_result *r)
{
    sbuf resp = {0}, key = {0};
    int rc = 0;
    memset(r, 0, sizeof *r);
    r->kind = q->kind;
    r->interaction = lectern_quiz_get_interaction(q);
    r->id = lectern_quiz_id(q);
    r->scored = q->kind != LECTERN_QUIZ_REFLECTION;
    r->max = lectern_quiz_max_score(q);
    r->pass_mark = lectern_quiz_pass_mark(q);
    r->ending = -1;
    r->try_no = a->try_no;
    r->duration_ms = a->submitted && a->submit_ms > a->begin_ms ? a->submit_ms - a->begin_ms : 0;

    switch (q->kind) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE:
        rc = score_choice(q, a, r, &resp, &key);
        break;
    case LECTERN_QUIZ_TRUE_FALSE:
        r->answered = r->completed = a->tf >= 0;
        r->raw = a->tf >= 0 && a->tf == q->answer;
        if (a->tf >= 0)
            sb_add(&resp, a->tf ? "true" : "false");
        if (q->answer >= 0)
            sb_add(&key, q->answer ? "true" : "false");
        break;
    case LECTERN_QUIZ_MATCHING:
        rc = score_matching(q, a, r, &resp, &key);
        break;
    case LECTERN_QUIZ_ORDERING:
        rc = score_ordering(q, a, r, &resp, &key);
        break;
    case LECTERN_QUIZ_FILL_BLANK:
        rc = score_fill(q, a, r, &resp, &key);
        break;
    case LECTERN_QUIZ_SCENARIO:
        rc = score_scenario(q, a, r, &resp);
        break;
    case LECTERN_QUIZ_REFLECTION:
        r->answered = r->completed = nonblank(a->text);
        sb_add(&resp, a->text ? a->text : "");
        break;
    case LECTERN_QUIZ_SET:
        rc = score_set(q, a, r, &resp);
        break;
    default:
        rc = LECTERN_EINVAL;
        break;
    }
    r->response = sb_take(&resp);
    r->correct_response = sb_take(&key);
    if (rc < 0)
        return rc;
    if (!r->response || !r->correct_response)
        return LECTERN_ENOMEM;

    r->scaled = r->max > 0 ? r->raw / r->max : 0;
    if (r->scaled < 0)
        r->scaled = 0;
    if (r->scaled > 1)
        r->scaled = 1;
    r->success = r->scored ? r->raw >= r->pass_mark - 1e-9 && r->max > 0 : r->completed;
    r->feedback = opt_text(r->success ? &q->fb_pass : &q->fb_fail);
    r->general_feedback = opt_text(&q->fb_general);
    for (size_t i = 0; r->scored && i < q->n_bands; i++)
        if (q->bands[i].min <= r->scaled + 1e-9)
            r->band_feedback = opt_text(&q->bands[i].text);
    r->retries_left = q->retries < 0 ? -1
                      : (q->retries - (a->try_no - 1) > 0 ? q->retries - (a->try_no - 1) : 0);
    r->can_retry = !r->success && r->retries_left != 0;
    r->show_solution = q->show_solution && a->submitted && q->kind != LECTERN_QUIZ_REFLECTION &&
                       (r->success || r->retries_left <= 0);
    /* a set's questions share the set's tries */
    for (size_t i = 0; i < r->n_questions; i++) {
        lectern_quiz_result *sub = &r->questions[i];
        sub->try_no = r->try_no;
        sub->retries_left = r->retries_left;
        sub->can_retry = r->can_retry;
        sub->show_solution = r->show_solution && q->questions[i].show_solution &&
                             sub->kind != LECTERN_QUIZ_REFLECTION;
    }
    return 0;
}

int lectern_quiz_score(const lectern_quiz *q, const lectern_quiz_attempt *a,
                       lectern_quiz_result *r)
{
    if (!r)
        return LECTERN_EINVAL;
    memset(r, 0, sizeof *r);
    if (!q || !a || a->q != q)
        return LECTERN_EINVAL;
    int rc = score_one(q, a, r);
    if (rc < 0)
        lectern_quiz_result_free(r);
    return rc;
}

void lectern_quiz_result_free(lectern_quiz_result *r)
{
    if (!r)
        return;
    free(r->response);
    free(r->correct_response);
    free(r->parts);
    for (size_t i = 0; i < r->n_questions; i++)
        lectern_quiz_result_free(&r->questions[i]);
    free(r->questions);
    memset(r, 0, sizeof *r);
}
