/* One try at an exercise: the seeded display order, the learner's responses
 * per kind and the scenario state machine. Times come from the caller. */
#include "quiz_internal.h"

#include <stdlib.h>
#include <string.h>

/* splitmix64: small, fast, the same sequence on every platform. */
static uint64_t next_rand(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Fisher-Yates over 0..n-1; avoid_identity: never leave the authored order
 * (rotates by one if the shuffle happened to produce it). */
static void shuffle(size_t *v, size_t n, uint64_t seed, int do_shuffle, int avoid_identity)
{
    for (size_t i = 0; i < n; i++)
        v[i] = i;
    if (!do_shuffle || n < 2)
        return;
    uint64_t st = seed;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = (size_t)(next_rand(&st) % (uint64_t)(i + 1));
        size_t t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
    if (avoid_identity && n > 1) {
        size_t i = 0;
        while (i < n && v[i] == i)
            i++;
        if (i == n) {
            size_t first = v[0];
            memmove(v, v + 1, (n - 1) * sizeof *v);
            v[n - 1] = first;
        }
    }
}

static void clear_responses(lectern_quiz_attempt *a)
{
    const lectern_quiz *q = a->q;
    a->submitted = 0;
    a->submit_ms = 0;
    a->tf = -1;
    if (a->selected)
        memset(a->selected, 0, q->n_options * sizeof *a->selected);
    for (size_t i = 0; a->match && i < q->n_pairs; i++)
        a->match[i] = -1;
    for (size_t i = 0; a->fills && i < q->n_blanks; i++) {
        free(a->fills[i]);
        a->fills[i] = NULL;
    }
    free(a->text);
    a->text = NULL;
    a->n_path = 0;
    if (q->kind == LECTERN_QUIZ_SCENARIO && q->start_index >= 0) {
        a->path[0] = (size_t)q->start_index;
        a->path_choice[0] = -1;
        a->n_path = 1;
    }
}

/* (Re)computes the display order and the ordering's starting order. */
static void deal(lectern_quiz_attempt *a, uint64_t seed)
{
    const lectern_quiz *q = a->q;
    switch (q->kind) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE:
        shuffle(a->shown, a->n_shown, seed, q->shuffle, 0);
        break;
    case LECTERN_QUIZ_MATCHING:
        shuffle(a->shown, a->n_shown, seed, 1, 1);
        break;
    case LECTERN_QUIZ_ORDERING:
        shuffle(a->shown, a->n_shown, seed, 1, 1);
        if (a->n_shown)     /* an empty sequence (refused by check) has no order */
            memcpy(a->order, a->shown, a->n_shown * sizeof *a->order);
        break;
    default:
        shuffle(a->shown, a->n_shown, seed, 0, 0);
        break;
    }
    uint64_t st = seed ^ 0x5DEECE66DULL;
    for (size_t i = 0; i < a->n_sub; i++)
        deal(&a->sub[i], next_rand(&st));
}

static void attempt_clear(lectern_quiz_attempt *a)
{
    if (!a)
        return;
    free(a->shown);
    free(a->selected);
    free(a->match);
    free(a->order);
    for (size_t i = 0; a->fills && i < a->q->n_blanks; i++)
        free(a->fills[i]);
    free(a->fills);
    free(a->path);
    free(a->path_choice);
    free(a->text);
    for (size_t i = 0; i < a->n_sub; i++)
        attempt_clear(&a->sub[i]);
    free(a->sub);
}

static int attempt_init(lectern_quiz_attempt *a, const lectern_quiz *q, int64_t begin_ms)
{
    memset(a, 0, sizeof *a);
    a->q = q;
    a->try_no = 1;
    a->begin_ms = begin_ms;
    a->tf = -1;
    switch (q->kind) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE: a->n_shown = q->n_options; break;
    case LECTERN_QUIZ_MATCHING: a->n_shown = q->n_pairs; break;
    case LECTERN_QUIZ_ORDERING: a->n_shown = q->n_entries; break;
    default: a->n_shown = 0; break;
    }
    a->shown = calloc(a->n_shown + 1, sizeof *a->shown);
    if (!a->shown)
        return LECTERN_ENOMEM;
    if (q->n_options && !(a->selected = calloc(q->n_options, sizeof *a->selected)))
        return LECTERN_ENOMEM;
    if (q->n_pairs && !(a->match = calloc(q->n_pairs, sizeof *a->match)))
        return LECTERN_ENOMEM;
    if (q->n_entries && !(a->order = calloc(q->n_entries, sizeof *a->order)))
        return LECTERN_ENOMEM;
    if (q->n_blanks && !(a->fills = calloc(q->n_blanks, sizeof *a->fills)))
        return LECTERN_ENOMEM;
    if (q->kind == LECTERN_QUIZ_SCENARIO) {
        a->path = calloc(QUIZ_MAX_PATH, sizeof *a->path);
        a->path_choice = calloc(QUIZ_MAX_PATH, sizeof *a->path_choice);
        if (!a->path || !a->path_choice)
            return LECTERN_ENOMEM;
    }
    if (q->n_questions) {
        a->sub = calloc(q->n_questions, sizeof *a->sub);
        if (!a->sub)
            return LECTERN_ENOMEM;
        for (size_t i = 0; i < q->n_questions; i++) {
            a->n_sub++;
            int rc = attempt_init(&a->sub[i], &q->questions[i], begin_ms);
            if (rc < 0)
                return rc;
        }
    }
    clear_responses(a);
    return 0;
}

int lectern_quiz_attempt_begin(const lectern_quiz *q, uint64_t seed, int64_t begin_ms,
                               lectern_quiz_attempt **out)
{
    *out = NULL;
    if (!q)
        return LECTERN_EINVAL;
    lectern_quiz_attempt *a = calloc(1, sizeof *a);
    if (!a)
        return LECTERN_ENOMEM;
    int rc = attempt_init(a, q, begin_ms);
    if (rc < 0) {
        attempt_clear(a);
        free(a);
        return rc;
    }
    deal(a, seed);
    *out = a;
    return 0;
}

void lectern_quiz_attempt_free(lectern_quiz_attempt *a)
{
    if (!a)
        return;
    attempt_clear(a);
    free(a);
}

static void reset_tree(lectern_quiz_attempt *a, int64_t begin_ms)
{
    clear_responses(a);
    a->begin_ms = begin_ms;
    for (size_t i = 0; i < a->n_sub; i++)
        reset_tree(&a->sub[i], begin_ms);
}

int lectern_quiz_attempt_retry(lectern_quiz_attempt *a, uint64_t seed, int64_t begin_ms)
{
    if (!a)
        return LECTERN_EINVAL;
    if (a->q->retries >= 0 && a->try_no > a->q->retries)
        return LECTERN_ELIMIT;
    reset_tree(a, begin_ms);
    a->try_no++;
    deal(a, seed);
    return 0;
}

int lectern_quiz_attempt_set_try(lectern_quiz_attempt *a, int try_no)
{
    if (!a || try_no < 1)
        return LECTERN_EINVAL;
    a->try_no = try_no;
    return 0;
}

int lectern_quiz_attempt_try(const lectern_quiz_attempt *a) { return a->try_no; }
const lectern_quiz *lectern_quiz_attempt_quiz(const lectern_quiz_attempt *a) { return a->q; }
size_t lectern_quiz_attempt_n_shown(const lectern_quiz_attempt *a) { return a->n_shown; }

size_t lectern_quiz_attempt_shown(const lectern_quiz_attempt *a, size_t pos)
{
    return pos < a->n_shown ? a->shown[pos] : pos;
}

static void mark_submitted(lectern_quiz_attempt *a, int64_t ms)
{
    a->submitted = 1;
    a->submit_ms = ms;
    for (size_t i = 0; i < a->n_sub; i++)
        mark_submitted(&a->sub[i], ms);
}

int lectern_quiz_attempt_submit(lectern_quiz_attempt *a, int64_t submit_ms)
{
    if (!a || a->submitted)
        return LECTERN_EINVAL;
    mark_submitted(a, submit_ms);
    return 0;
}

int lectern_quiz_attempt_submitted(const lectern_quiz_attempt *a) { return a->submitted; }

lectern_quiz_attempt *lectern_quiz_attempt_question(lectern_quiz_attempt *a, size_t i)
{
    return a && i < a->n_sub ? &a->sub[i] : NULL;
}

/* ---- responses ---- */

static int writable(const lectern_quiz_attempt *a, lectern_quiz_kind k1, lectern_quiz_kind k2)
{
    return a && !a->submitted && (a->q->kind == k1 || a->q->kind == k2);
}

int lectern_quiz_select(lectern_quiz_attempt *a, size_t option, int on)
{
    if (!writable(a, LECTERN_QUIZ_SINGLE_CHOICE, LECTERN_QUIZ_MULTIPLE_RESPONSE) ||
        option >= a->q->n_options)
        return LECTERN_EINVAL;
    if (a->q->kind == LECTERN_QUIZ_SINGLE_CHOICE && on)
        memset(a->selected, 0, a->q->n_options * sizeof *a->selected);
    a->selected[option] = on != 0;
    return 0;
}

int lectern_quiz_selected(const lectern_quiz_attempt *a, size_t option)
{
    return a->selected && option < a->q->n_options ? a->selected[option] : 0;
}

int lectern_quiz_set_bool(lectern_quiz_attempt *a, int value)
{
    if (!writable(a, LECTERN_QUIZ_TRUE_FALSE, LECTERN_QUIZ_TRUE_FALSE) || value < -1 || value > 1)
        return LECTERN_EINVAL;
    a->tf = value;
    return 0;
}

int lectern_quiz_get_bool(const lectern_quiz_attempt *a) { return a->tf; }

int lectern_quiz_match(lectern_quiz_attempt *a, size_t left, long right)
{
    if (!writable(a, LECTERN_QUIZ_MATCHING, LECTERN_QUIZ_MATCHING) || left >= a->q->n_pairs ||
        right < -1 || right >= (long)a->q->n_pairs)
        return LECTERN_EINVAL;
    if (right >= 0)
        for (size_t i = 0; i < a->q->n_pairs; i++)
            if (a->match[i] == right)
                a->match[i] = -1;
    a->match[left] = right;
    return 0;
}

long lectern_quiz_matched(const lectern_quiz_attempt *a, size_t left)
{
    return a->match && left < a->q->n_pairs ? a->match[left] : -1;
}

int lectern_quiz_set_order(lectern_quiz_attempt *a, const size_t *order, size_t n)
{
    if (!writable(a, LECTERN_QUIZ_ORDERING, LECTERN_QUIZ_ORDERING) || n != a->q->n_entries || !order)
        return LECTERN_EINVAL;
    /* must be a permutation */
    for (size_t i = 0; i < n; i++) {
        if (order[i] >= n)
            return LECTERN_EINVAL;
        for (size_t j = 0; j < i; j++)
            if (order[j] == order[i])
                return LECTERN_EINVAL;
    }
    if (n)      /* an empty sequence has nothing to order */
        memcpy(a->order, order, n * sizeof *order);
    return 0;
}

int lectern_quiz_move(lectern_quiz_attempt *a, size_t from, size_t to)
{
    size_t n = a ? a->q->n_entries : 0;
    if (!writable(a, LECTERN_QUIZ_ORDERING, LECTERN_QUIZ_ORDERING) || from >= n || to >= n)
        return LECTERN_EINVAL;
    size_t v = a->order[from];
    if (from < to)
        memmove(a->order + from, a->order + from + 1, (to - from) * sizeof *a->order);
    else if (from > to)
        memmove(a->order + to + 1, a->order + to, (from - to) * sizeof *a->order);
    a->order[to] = v;
    return 0;
}

size_t lectern_quiz_order_at(const lectern_quiz_attempt *a, size_t pos)
{
    return a->order && pos < a->q->n_entries ? a->order[pos] : pos;
}

int lectern_quiz_fill(lectern_quiz_attempt *a, size_t blank, const char *text)
{
    if (!writable(a, LECTERN_QUIZ_FILL_BLANK, LECTERN_QUIZ_FILL_BLANK) || blank >= a->q->n_blanks)
        return LECTERN_EINVAL;
    char *copy = NULL;
    if (text && !(copy = strdup(text)))
        return LECTERN_ENOMEM;
    free(a->fills[blank]);
    a->fills[blank] = copy;
    return 0;
}

const char *lectern_quiz_filled(const lectern_quiz_attempt *a, size_t blank)
{
    return a->fills && blank < a->q->n_blanks && a->fills[blank] ? a->fills[blank] : "";
}

int lectern_quiz_choose(lectern_quiz_attempt *a, size_t choice)
{
    if (!writable(a, LECTERN_QUIZ_SCENARIO, LECTERN_QUIZ_SCENARIO) || a->n_path == 0)
        return LECTERN_EINVAL;
    const lectern_quiz_step *s = &a->q->steps[a->path[a->n_path - 1]];
    if (s->ending || choice >= s->n_choices)
        return LECTERN_EINVAL;
    long next = s->choices[choice].next_index;
    if (next < 0)
        return LECTERN_ENOTFOUND;
    if (a->n_path >= QUIZ_MAX_PATH)
        return LECTERN_ELIMIT;
    a->path_choice[a->n_path - 1] = (long)choice;
    a->path[a->n_path] = (size_t)next;
    a->path_choice[a->n_path] = -1;
    a->n_path++;
    return 0;
}

long lectern_quiz_current_step(const lectern_quiz_attempt *a)
{
    return a->n_path ? (long)a->path[a->n_path - 1] : -1;
}

size_t lectern_quiz_path_len(const lectern_quiz_attempt *a) { return a->n_path; }

long lectern_quiz_path_step(const lectern_quiz_attempt *a, size_t i)
{
    return i < a->n_path ? (long)a->path[i] : -1;
}

long lectern_quiz_path_choice(const lectern_quiz_attempt *a, size_t i)
{
    return i < a->n_path ? a->path_choice[i] : -1;
}

int lectern_quiz_scenario_ended(const lectern_quiz_attempt *a)
{
    return a->q->kind == LECTERN_QUIZ_SCENARIO && a->n_path &&
           a->q->steps[a->path[a->n_path - 1]].ending;
}

int lectern_quiz_set_text(lectern_quiz_attempt *a, const char *text)
{
    if (!writable(a, LECTERN_QUIZ_REFLECTION, LECTERN_QUIZ_REFLECTION))
        return LECTERN_EINVAL;
    char *copy = NULL;
    if (text && !(copy = strdup(text)))
        return LECTERN_ENOMEM;
    free(a->text);
    a->text = copy;
    return 0;
}

const char *lectern_quiz_get_text(const lectern_quiz_attempt *a) { return a->text ? a->text : ""; }

/* ---- the key as a response (reveal, scripted runs) ---- */

/* Walks the scenario from the start to the best-scoring reachable ending by
 * the shortest path (breadth first). */
static int fill_scenario_key(lectern_quiz_attempt *a)
{
    const lectern_quiz *q = a->q;
    int rc = 0;
    long *from = NULL, *via = NULL, *queue = NULL;
    if (q->start_index < 0)
        return 0;
    from = malloc(q->n_steps * sizeof *from);
    via = malloc(q->n_steps * sizeof *via);
    queue = malloc(q->n_steps * sizeof *queue);
    if (!from || !via || !queue) {
        rc = LECTERN_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < q->n_steps; i++)
        from[i] = -2;              /* unvisited */
    size_t head = 0, tail = 0;
    long best = -1;
    queue[tail++] = q->start_index;
    from[q->start_index] = -1;
    while (head < tail) {
        long s = queue[head++];
        const lectern_quiz_step *st = &q->steps[s];
        if (st->ending) {
            if (best < 0 || st->score > q->steps[best].score)
                best = s;
            continue;
        }
        for (size_t j = 0; j < st->n_choices; j++) {
            long nx = st->choices[j].next_index;
            if (nx >= 0 && from[nx] == -2) {
                from[nx] = s;
                via[nx] = (long)j;
                queue[tail++] = nx;
            }
        }
    }
    if (best < 0)
        goto out;
    /* reverse the chain into queue[], then take the choices in order */
    size_t n = 0;
    for (long s = best; from[s] >= 0; s = from[s])
        queue[n++] = via[s];
    for (size_t k = n; k-- > 0;) {
        rc = lectern_quiz_choose(a, (size_t)queue[k]);
        if (rc < 0)
            goto out;
    }
out:
    free(from);
    free(via);
    free(queue);
    return rc;
}

int lectern_quiz_attempt_fill_key(lectern_quiz_attempt *a, const char *lang)
{
    if (!a || a->submitted)
        return LECTERN_EINVAL;
    const lectern_quiz *q = a->q;
    int rc = 0;
    clear_responses(a);
    switch (q->kind) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE:
        for (size_t i = 0; i < q->n_options; i++) {
            a->selected[i] = q->options[i].correct;
            if (a->selected[i] && q->kind == LECTERN_QUIZ_SINGLE_CHOICE)
                break;
        }
        break;
    case LECTERN_QUIZ_TRUE_FALSE:
        a->tf = q->answer;
        break;
    case LECTERN_QUIZ_MATCHING:
        for (size_t i = 0; i < q->n_pairs; i++)
            a->match[i] = (long)i;
        break;
    case LECTERN_QUIZ_ORDERING:
        for (size_t i = 0; i < q->n_entries; i++)
            a->order[i] = i;
        break;
    case LECTERN_QUIZ_FILL_BLANK:
        for (size_t i = 0; i < q->n_blanks && rc == 0; i++)
            rc = lectern_quiz_fill(a, i, lectern_quiz_blank_solution(q, i, lang));
        break;
    case LECTERN_QUIZ_SCENARIO:
        rc = fill_scenario_key(a);
        break;
    case LECTERN_QUIZ_SET:
        for (size_t i = 0; i < a->n_sub && rc == 0; i++)
            rc = lectern_quiz_attempt_fill_key(&a->sub[i], lang);
        break;
    default:
        break;
    }
    return rc;
}
