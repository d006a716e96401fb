/* Parses an item's "exercise" JSON object into a lectern_quiz. Strict about
 * types and required fields, lenient about the answer key (quiz_check.c
 * reports a missing or inconsistent key with advice). */
#include "quiz_internal.h"
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_MAX_LEN 256

/* "item: path: message" */
static int qp_fail(lectern_error *err, int code, const char *item, const char *path,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int qp_fail(lectern_error *err, int code, const char *item, const char *path,
                const char *fmt, ...)
{
    char msg[LECTERN_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, lectern_error_tr(fmt), ap);
    va_end(ap);
    return lectern_error_set(err, code, "%s: %s: %s", item, path, msg);
}

/* "item: path.key: message" */
static int qp_fail_key(lectern_error *err, int code, const char *item, const char *path,
                    const char *key, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int qp_fail_key(lectern_error *err, int code, const char *item, const char *path,
                    const char *key, const char *fmt, ...)
{
    char msg[LECTERN_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, lectern_error_tr(fmt), ap);
    va_end(ap);
    return lectern_error_set(err, code, "%s: %s.%s: %s", item, path, key, msg);
}

/* Parses the text at obj[key] into *out. Absent: error when required. */
static int get_text(const cJSON *obj, const char *key, int required, const char *item,
                    const char *path, lectern_text *out, lectern_error *err)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!n || cJSON_IsNull(n)) {
        if (required)
            return qp_fail_key(err, LECTERN_ESCHEMA, item, path, key,
                            "missing; add it (a string or {\"en\": \"...\"})");
        return 0;
    }
    lectern_error sub = {0};
    int rc = quiz_text_parse(n, out, &sub);
    if (rc < 0)
        return qp_fail_key(err, rc, item, path, key, "%s", sub.msg);
    return 0;
}

static int get_bool(const cJSON *obj, const char *key, int def, const char *item,
                    const char *path, int *out, lectern_error *err)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = def;
    if (!n || cJSON_IsNull(n))
        return 0;
    if (!cJSON_IsBool(n))
        return qp_fail_key(err, LECTERN_ESCHEMA, item, path, key, "expected true or false");
    *out = cJSON_IsTrue(n);
    return 0;
}

static int get_number(const cJSON *obj, const char *key, const char *item, const char *path,
                      int *has, double *out, lectern_error *err)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
    *has = 0;
    if (!n || cJSON_IsNull(n))
        return 0;
    if (!cJSON_IsNumber(n))
        return qp_fail_key(err, LECTERN_ESCHEMA, item, path, key, "expected a number");
    *has = 1;
    *out = n->valuedouble;
    return 0;
}

static int get_string(const cJSON *obj, const char *key, const char *item, const char *path,
                      char **out, lectern_error *err)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!n || cJSON_IsNull(n))
        return 0;
    if (!cJSON_IsString(n))
        return qp_fail_key(err, LECTERN_ESCHEMA, item, path, key, "expected a string");
    *out = strdup(n->valuestring);
    if (!*out)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    return 0;
}

/* obj[key] as an array of 1..QUIZ_MAX_ITEMS elements; *n = 0 when absent
 * and not required. */
static int get_array(const cJSON *obj, const char *key, int required, const char *item,
                     const char *path, const cJSON **arr, size_t *n, lectern_error *err)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key);
    *arr = NULL;
    *n = 0;
    if (!a || cJSON_IsNull(a)) {
        if (required)
            return qp_fail_key(err, LECTERN_ESCHEMA, item, path, key, "missing; add a list [...]");
        return 0;
    }
    if (!cJSON_IsArray(a))
        return qp_fail_key(err, LECTERN_ESCHEMA, item, path, key, "expected a list [...]");
    size_t count = (size_t)cJSON_GetArraySize(a);
    if (count > QUIZ_MAX_ITEMS)
        return qp_fail_key(err, LECTERN_ELIMIT, item, path, key, "%zu entries, more than the limit of %d",
                        count, QUIZ_MAX_ITEMS);
    *arr = a;
    *n = count;
    return 0;
}

static char *dup_id(const char *given, size_t i, int digits)
{
    char buf[32];
    if (given)
        return strdup(given);
    if (digits)
        snprintf(buf, sizeof buf, "%zu", i + 1);
    else
        quiz_letter_id(i, buf, sizeof buf);
    return strdup(buf);
}

#define NOMEM() do { rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory"); goto out; } while (0)
#define TRY(x) do { rc = (x); if (rc < 0) goto out; } while (0)

static int parse_feedback(const cJSON *obj, const char *item, const char *path, lectern_quiz *q,
                          lectern_error *err)
{
    int rc = 0;
    char p[PATH_MAX_LEN];
    const cJSON *fb = cJSON_GetObjectItemCaseSensitive(obj, "feedback");
    if (!fb || cJSON_IsNull(fb))
        return 0;
    snprintf(p, sizeof p, "%s.feedback", path);
    int structured = cJSON_IsObject(fb) &&
                     (cJSON_HasObjectItem(fb, "pass") || cJSON_HasObjectItem(fb, "fail") ||
                      cJSON_HasObjectItem(fb, "bands") || cJSON_HasObjectItem(fb, "general"));
    if (!structured) {
        lectern_error sub = {0};
        rc = quiz_text_parse(fb, &q->fb_general, &sub);
        if (rc < 0)
            return qp_fail_key(err, rc, item, path, "feedback",
                            "%s (or an object with \"pass\", \"fail\", \"bands\")", sub.msg);
        return 0;
    }
    TRY(get_text(fb, "pass", 0, item, p, &q->fb_pass, err));
    TRY(get_text(fb, "fail", 0, item, p, &q->fb_fail, err));
    TRY(get_text(fb, "general", 0, item, p, &q->fb_general, err));
    const cJSON *bands;
    size_t n;
    TRY(get_array(fb, "bands", 0, item, p, &bands, &n, err));
    if (n) {
        q->bands = calloc(n, sizeof *q->bands);
        if (!q->bands)
            NOMEM();
    }
    size_t i = 0;
    for (const cJSON *b = bands ? bands->child : NULL; b; b = b->next, i++) {
        char bp[PATH_MAX_LEN + 64];
        snprintf(bp, sizeof bp, "%s.bands[%zu]", p, i);
        if (!cJSON_IsObject(b)) {
            rc = qp_fail(err, LECTERN_ESCHEMA, item, bp, "expected {\"min\": 0.8, \"text\": \"...\"}");
            goto out;
        }
        lectern_quiz_band *band = &q->bands[q->n_bands++];
        int has;
        TRY(get_number(b, "min", item, bp, &has, &band->min, err));
        if (!has) {
            rc = qp_fail(err, LECTERN_ESCHEMA, item, bp, "\"min\" is missing; add the lowest scaled score (0..1) of this band");
            goto out;
        }
        TRY(get_text(b, "text", 1, item, bp, &band->text, err));
    }
    /* insertion sort by min, stable */
    for (size_t a = 1; a < q->n_bands; a++) {
        lectern_quiz_band t = q->bands[a];
        size_t b = a;
        while (b > 0 && q->bands[b - 1].min > t.min) {
            q->bands[b] = q->bands[b - 1];
            b--;
        }
        q->bands[b] = t;
    }
out:
    return rc;
}

static int parse_options(const cJSON *obj, const char *item, const char *path, lectern_quiz *q,
                         lectern_error *err)
{
    int rc = 0;
    const cJSON *arr;
    size_t n;
    TRY(get_array(obj, "options", 1, item, path, &arr, &n, err));
    q->options = calloc(n ? n : 1, sizeof *q->options);
    if (!q->options)
        NOMEM();
    size_t i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        char p[PATH_MAX_LEN];
        snprintf(p, sizeof p, "%s.options[%zu]", path, i);
        lectern_quiz_option *opt = &q->options[q->n_options++];
        if (!cJSON_IsObject(o)) {
            rc = qp_fail(err, LECTERN_ESCHEMA, item, p,
                      "expected {\"text\": \"...\", \"correct\": true|false, \"feedback\": \"...\"}");
            goto out;
        }
        char *given;
        TRY(get_string(o, "id", item, p, &given, err));
        opt->id = dup_id(given, i, 0);
        free(given);
        if (!opt->id)
            NOMEM();
        TRY(get_text(o, "text", 1, item, p, &opt->text, err));
        TRY(get_bool(o, "correct", 0, item, p, &opt->correct, err));
        TRY(get_text(o, "feedback", 0, item, p, &opt->feedback, err));
    }
out:
    return rc;
}

static int parse_pairs(const cJSON *obj, const char *item, const char *path, lectern_quiz *q,
                       lectern_error *err)
{
    int rc = 0;
    const cJSON *arr;
    size_t n;
    TRY(get_array(obj, "pairs", 1, item, path, &arr, &n, err));
    q->pairs = calloc(n ? n : 1, sizeof *q->pairs);
    if (!q->pairs)
        NOMEM();
    size_t i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        char p[PATH_MAX_LEN];
        snprintf(p, sizeof p, "%s.pairs[%zu]", path, i);
        lectern_quiz_pair *pr = &q->pairs[q->n_pairs++];
        if (!cJSON_IsObject(o)) {
            rc = qp_fail(err, LECTERN_ESCHEMA, item, p, "expected {\"left\": \"...\", \"right\": \"...\"}");
            goto out;
        }
        char *given;
        TRY(get_string(o, "left_id", item, p, &given, err));
        pr->left_id = dup_id(given, i, 1);
        free(given);
        TRY(get_string(o, "right_id", item, p, &given, err));
        pr->right_id = dup_id(given, i, 0);
        free(given);
        if (!pr->left_id || !pr->right_id)
            NOMEM();
        TRY(get_text(o, "left", 1, item, p, &pr->left, err));
        TRY(get_text(o, "right", 1, item, p, &pr->right, err));
    }
out:
    return rc;
}

static int parse_sequence(const cJSON *obj, const char *item, const char *path, lectern_quiz *q,
                          lectern_error *err)
{
    int rc = 0;
    const cJSON *arr;
    size_t n;
    TRY(get_array(obj, "sequence", 1, item, path, &arr, &n, err));
    q->entries = calloc(n ? n : 1, sizeof *q->entries);
    if (!q->entries)
        NOMEM();
    size_t i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        char p[PATH_MAX_LEN];
        snprintf(p, sizeof p, "%s.sequence[%zu]", path, i);
        lectern_quiz_entry *e = &q->entries[q->n_entries++];
        char *given = NULL;
        if (cJSON_IsObject(o) && cJSON_HasObjectItem(o, "text")) {
            TRY(get_string(o, "id", item, p, &given, err));
            rc = get_text(o, "text", 1, item, p, &e->text, err);
        } else {
            lectern_error sub = {0};
            rc = quiz_text_parse(o, &e->text, &sub);
            if (rc < 0)
                rc = qp_fail(err, rc, item, p, "%s", sub.msg);
        }
        if (rc < 0) {
            free(given);
            goto out;
        }
        e->id = dup_id(given, i, 0);
        free(given);
        if (!e->id)
            NOMEM();
    }
out:
    return rc;
}

/* "accept": "x" | ["x", "y"] | {"en": ["x"], "fr": "y"} */
static int add_accepts(const cJSON *v, const char *lang, lectern_quiz_blank *b, const char *item,
                       const char *p, lectern_error *err)
{
    const cJSON *one = v;
    size_t n = cJSON_IsArray(v) ? (size_t)cJSON_GetArraySize(v) : 1;
    if (cJSON_IsArray(v))
        one = v->child;
    lectern_text_entry *grown = realloc(b->accept, (b->n_accept + n + 1) * sizeof *grown);
    if (!grown)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    b->accept = grown;
    for (size_t i = 0; i < n && one; i++, one = one->next) {
        if (!cJSON_IsString(one))
            return lang[0] ? qp_fail_key(err, LECTERN_ESCHEMA, item, p, "accept",
                                         "%s: expected a string or a list of strings", lang)
                           : qp_fail_key(err, LECTERN_ESCHEMA, item, p, "accept",
                                         "expected a string or a list of strings");
        lectern_text_entry *e = &b->accept[b->n_accept];
        e->lang = strdup(lang);
        e->s = strdup(one->valuestring);
        if (!e->lang || !e->s) {
            free(e->lang);
            free(e->s);
            return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        }
        b->n_accept++;
    }
    return 0;
}

static int parse_blanks(const cJSON *obj, const char *item, const char *path, lectern_quiz *q,
                        lectern_error *err)
{
    int rc = 0;
    const cJSON *arr;
    size_t n;
    TRY(get_text(obj, "text", 1, item, path, &q->text, err));
    TRY(get_array(obj, "blanks", 1, item, path, &arr, &n, err));
    q->blanks = calloc(n ? n : 1, sizeof *q->blanks);
    if (!q->blanks)
        NOMEM();
    size_t i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        char p[PATH_MAX_LEN];
        snprintf(p, sizeof p, "%s.blanks[%zu]", path, i);
        lectern_quiz_blank *b = &q->blanks[q->n_blanks++];
        if (!cJSON_IsObject(o)) {
            rc = qp_fail(err, LECTERN_ESCHEMA, item, p, "expected {\"accept\": [\"...\"]}");
            goto out;
        }
        const cJSON *acc = cJSON_GetObjectItemCaseSensitive(o, "accept");
        if (cJSON_IsObject(acc)) {
            for (const cJSON *l = acc->child; l; l = l->next)
                TRY(add_accepts(l, l->string, b, item, p, err));
        } else if (acc && !cJSON_IsNull(acc)) {
            TRY(add_accepts(acc, "", b, item, p, err));
        }
        TRY(get_text(o, "feedback", 0, item, p, &b->feedback, err));
    }
out:
    return rc;
}

static int parse_steps(const cJSON *obj, const char *item, const char *path, lectern_quiz *q,
                       lectern_error *err)
{
    int rc = 0;
    const cJSON *arr;
    size_t n;
    TRY(get_array(obj, "steps", 1, item, path, &arr, &n, err));
    TRY(get_string(obj, "start", item, path, &q->start, err));
    q->steps = calloc(n ? n : 1, sizeof *q->steps);
    if (!q->steps)
        NOMEM();
    size_t i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        char p[PATH_MAX_LEN];
        snprintf(p, sizeof p, "%s.steps[%zu]", path, i);
        lectern_quiz_step *s = &q->steps[q->n_steps++];
        if (!cJSON_IsObject(o)) {
            rc = qp_fail(err, LECTERN_ESCHEMA, item, p,
                      "expected {\"id\": \"...\", \"text\": \"...\", \"choices\": [...]}");
            goto out;
        }
        TRY(get_string(o, "id", item, p, &s->id, err));
        if (!s->id) {
            rc = qp_fail(err, LECTERN_ESCHEMA, item, p, "\"id\" is missing; give every step an id");
            goto out;
        }
        TRY(get_text(o, "text", 1, item, p, &s->text, err));
        TRY(get_text(o, "feedback", 0, item, p, &s->feedback, err));
        TRY(get_bool(o, "ending", 0, item, p, &s->ending, err));
        TRY(get_number(o, "score", item, p, &s->has_score, &s->score, err));
        const cJSON *ch;
        size_t nc;
        TRY(get_array(o, "choices", 0, item, p, &ch, &nc, err));
        if (nc) {
            s->choices = calloc(nc, sizeof *s->choices);
            if (!s->choices)
                NOMEM();
        }
        size_t j = 0;
        for (const cJSON *c = ch ? ch->child : NULL; c; c = c->next, j++) {
            char cp[PATH_MAX_LEN + 64];
            snprintf(cp, sizeof cp, "%s.choices[%zu]", p, j);
            lectern_quiz_choice *cc = &s->choices[s->n_choices++];
            cc->next_index = -1;
            if (!cJSON_IsObject(c)) {
                rc = qp_fail(err, LECTERN_ESCHEMA, item, cp, "expected {\"text\": \"...\", \"next\": \"step-id\"}");
                goto out;
            }
            TRY(get_text(c, "text", 1, item, cp, &cc->text, err));
            TRY(get_text(c, "feedback", 0, item, cp, &cc->feedback, err));
            TRY(get_string(c, "next", item, cp, &cc->next, err));
            if (!cc->next) {
                rc = qp_fail(err, LECTERN_ESCHEMA, item, cp, "\"next\" is missing; name the step this choice leads to");
                goto out;
            }
        }
    }
    for (i = 0; i < q->n_steps; i++)
        for (size_t j = 0; j < q->steps[i].n_choices; j++)
            q->steps[i].choices[j].next_index = lectern_quiz_find_step(q, q->steps[i].choices[j].next);
    q->start_index = q->start ? lectern_quiz_find_step(q, q->start) : (q->n_steps ? 0 : -1);
out:
    return rc;
}

static int parse_questions(const cJSON *obj, const char *item, const char *path, lectern_quiz *q,
                           lectern_error *err)
{
    int rc = 0;
    const cJSON *arr;
    size_t n;
    TRY(get_array(obj, "questions", 1, item, path, &arr, &n, err));
    q->questions = calloc(n ? n : 1, sizeof *q->questions);
    if (!q->questions)
        NOMEM();
    size_t i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        char p[PATH_MAX_LEN], qid[80];
        snprintf(p, sizeof p, "%s.questions[%zu]", path, i);
        const cJSON *idn = cJSON_GetObjectItemCaseSensitive(o, "id");
        if (cJSON_IsString(idn))
            snprintf(qid, sizeof qid, "%s", idn->valuestring);
        else
            snprintf(qid, sizeof qid, "q%zu", i + 1);
        rc = quiz_parse_object(o, item, qid, p, 0, &q->questions[i], err);
        q->n_questions++;   /* counted even on failure so clear() frees it */
        if (rc < 0)
            goto out;
    }
out:
    return rc;
}

int quiz_parse_object(const cJSON *obj, const char *item, const char *qid, const char *path,
                      int allow_set, lectern_quiz *q, lectern_error *err)
{
    int rc = 0;
    q->answer = -1;
    q->retries = -1;
    q->start_index = -1;
    if (!cJSON_IsObject(obj))
        return qp_fail(err, LECTERN_ESCHEMA, item, path, "expected an object {\"kind\": ..., ...}");
    if (qid) {
        size_t len = strlen(item) + strlen(qid) + 2;
        q->id = malloc(len);
        if (q->id)
            snprintf(q->id, len, "%s/%s", item, qid);
    } else {
        q->id = strdup(item);
    }
    if (!q->id)
        NOMEM();
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(obj, "kind");
    if (!cJSON_IsString(kind))
        return qp_fail_key(err, LECTERN_ESCHEMA, item, path, "kind",
                        "missing or not a string; use single_choice, multiple_response, "
                    "true_false, matching, ordering, fill_blank, scenario, reflection or set");
    int k = lectern_quiz_kind_from_name(kind->valuestring);
    /* whole sentences, for the translations */
    if (k == LECTERN_QUIZ_SET && !allow_set)
        return qp_fail_key(err, LECTERN_EUNSUPPORTED, item, path, "kind",
                           "\"%s\" is not known inside a set; use single_choice, multiple_response, "
                           "true_false, matching, ordering, fill_blank, scenario or reflection",
                           kind->valuestring);
    if (k < 0 && allow_set)
        return qp_fail_key(err, LECTERN_EUNSUPPORTED, item, path, "kind",
                           "\"%s\" is not known; use single_choice, multiple_response, true_false, "
                           "matching, ordering, fill_blank, scenario or reflection (or set)",
                           kind->valuestring);
    if (k < 0)
        return qp_fail_key(err, LECTERN_EUNSUPPORTED, item, path, "kind",
                           "\"%s\" is not known; use single_choice, multiple_response, true_false, "
                           "matching, ordering, fill_blank, scenario or reflection",
                           kind->valuestring);
    q->kind = (lectern_quiz_kind)k;

    int prompt_required = k != LECTERN_QUIZ_FILL_BLANK && k != LECTERN_QUIZ_SCENARIO &&
                          k != LECTERN_QUIZ_SET;
    TRY(get_text(obj, "prompt", prompt_required, item, path, &q->prompt, err));
    TRY(get_text(obj, "discussion", 0, item, path, &q->discussion, err));
    TRY(parse_feedback(obj, item, path, q, err));
    TRY(get_number(obj, "pass_mark", item, path, &q->has_pass_mark, &q->pass_mark_raw, err));
    TRY(get_number(obj, "pass_percent", item, path, &q->has_pass_percent, &q->pass_percent, err));
    int has_retries;
    double retries;
    TRY(get_number(obj, "retries", item, path, &has_retries, &retries, err));
    if (has_retries) {
        if (retries < -1 || retries > 1000 || retries != (double)(int)retries) {
            rc = qp_fail_key(err, LECTERN_ESCHEMA, item, path, "retries",
                          "expected a whole number 0..1000 (or -1 for unlimited)");
            goto out;
        }
        q->retries = (int)retries;
    }
    TRY(get_bool(obj, "show_solution", 1, item, path, &q->show_solution, err));
    TRY(get_bool(obj, "shuffle", 1, item, path, &q->shuffle, err));
    TRY(get_bool(obj, "feedback_required", 0, item, path, &q->feedback_required, err));
    TRY(get_number(obj, "countdown", item, path, &q->has_countdown, &q->countdown_s, err));

    switch (q->kind) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE:
        TRY(parse_options(obj, item, path, q, err));
        break;
    case LECTERN_QUIZ_TRUE_FALSE: {
        const cJSON *ans = cJSON_GetObjectItemCaseSensitive(obj, "answer");
        if (ans && !cJSON_IsNull(ans)) {
            if (!cJSON_IsBool(ans)) {
                rc = qp_fail_key(err, LECTERN_ESCHEMA, item, path, "answer", "expected true or false");
                goto out;
            }
            q->answer = cJSON_IsTrue(ans);
        }
        break;
    }
    case LECTERN_QUIZ_MATCHING:
        TRY(parse_pairs(obj, item, path, q, err));
        break;
    case LECTERN_QUIZ_ORDERING:
        TRY(parse_sequence(obj, item, path, q, err));
        break;
    case LECTERN_QUIZ_FILL_BLANK:
        TRY(parse_blanks(obj, item, path, q, err));
        break;
    case LECTERN_QUIZ_SCENARIO:
        TRY(parse_steps(obj, item, path, q, err));
        break;
    case LECTERN_QUIZ_SET:
        TRY(parse_questions(obj, item, path, q, err));
        break;
    default:
        break;
    }
out:
    return rc;
}

int lectern_quiz_parse(const char *json, const char *item_id, lectern_quiz **out,
                       lectern_error *err)
{
    int rc;
    cJSON *root = NULL;
    lectern_quiz *q = NULL;
    char where[160];
    *out = NULL;
    if (!item_id)
        item_id = "exercise";
    if (!json)
        return lectern_error_set(err, LECTERN_EINVAL, "%s: no exercise JSON", item_id);
    snprintf(where, sizeof where, "%s: exercise", item_id);
    rc = lectern_json_parse(json, strlen(json), where, &root, NULL, NULL, err);
    if (rc < 0)
        goto out;
    q = calloc(1, sizeof *q);
    if (!q) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    rc = quiz_parse_object(root, item_id, NULL, "exercise", 1, q, err);
    if (rc < 0)
        goto out;
    *out = q;
    q = NULL;
out:
    lectern_quiz_free(q);
    cJSON_Delete(root);
    return rc;
}
