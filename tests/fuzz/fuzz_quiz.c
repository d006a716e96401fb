/* libFuzzer target: exercises. The input is an "exercise" object (JSON
 * text), then optionally a NUL byte and response bytes. The exercise is
 * parsed and checked (lectern_quiz_check); the bytes drive an attempt
 * (select, true/false, match, order, fill, scenario choices, reflection
 * text, answer key, retry, a set's questions), which is then submitted and
 * scored; the result must be self-consistent. */
#include "fuzz_common.h"

#include <math.h>

#include "lectern/quiz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    return 0;
}

static void on_diag(void *user, int error, const char *path, const char *msg)
{
    (void)error;
    *(size_t *)user += strlen(path) + strlen(msg);
}

typedef struct bytes {
    const uint8_t *p, *end;
} bytes;

static unsigned next(bytes *b)
{
    return b->p < b->end ? *b->p++ : 0;
}

/* One response action on attempt a of q from the bytes. */
static void act(const lectern_quiz *q, lectern_quiz_attempt *a, bytes *b, int depth)
{
    unsigned op = next(b) % 12, x = next(b), y = next(b);
    size_t no = lectern_quiz_n_options(q), np = lectern_quiz_n_pairs(q),
           ne = lectern_quiz_n_entries(q), nb = lectern_quiz_n_blanks(q);
    char text[64];
    switch (op) {
    case 0:
        lectern_quiz_select(a, x % (no + 1), (int)(y & 1));
        break;
    case 1:
        lectern_quiz_set_bool(a, (int)(x % 3) - 1);
        break;
    case 2:
        lectern_quiz_match(a, x % (np + 1), (long)(y % (np + 2)) - 1);
        break;
    case 3:
        lectern_quiz_move(a, x % (ne + 1), y % (ne + 1));
        break;
    case 4: {
        size_t order[64], n = ne < 64 ? ne : 64;
        for (size_t i = 0; i < n; i++)
            order[i] = next(b) % (n + 1);
        lectern_quiz_set_order(a, order, n);
        break;
    }
    case 5:
    case 6: {
        size_t n = y % sizeof text;
        for (size_t i = 0; i < n; i++)
            text[i] = (char)(next(b) | 1);  /* no NUL inside */
        text[n] = '\0';
        if (op == 5)
            lectern_quiz_fill(a, x % (nb + 1), text);
        else
            lectern_quiz_set_text(a, text);
        char *norm = lectern_quiz_normalize(text);
        free(norm);
        break;
    }
    case 7:
        lectern_quiz_choose(a, x % 8);
        break;
    case 8:
        lectern_quiz_attempt_fill_key(a, (x & 1) ? "fr" : "en");
        break;
    case 9:
        lectern_quiz_attempt_retry(a, x, 1000 + y);
        break;
    case 10:
        if (depth == 0 && lectern_quiz_n_questions(q) > 0) {
            size_t i = x % lectern_quiz_n_questions(q);
            lectern_quiz_attempt *qa = lectern_quiz_attempt_question(a, i);
            if (qa)
                act(lectern_quiz_question(q, i), qa, b, 1);
        }
        break;
    default:
        lectern_quiz_attempt_set_try(a, (int)(x % 5));
        break;
    }
}

static void check_result(const lectern_quiz_result *r)
{
    if (isnan(r->scaled) || r->scaled < 0 || r->scaled > 1) {
        fprintf(stderr, "scaled score %g out of 0..1 (raw %g, max %g)\n", r->scaled, r->raw, r->max);
        abort();
    }
    if (!r->response || !r->correct_response)
        abort();
    for (size_t i = 0; i < r->n_questions; i++)
        check_result(&r->questions[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    const uint8_t *nul = memchr(data, 0, size);
    size_t jlen = nul ? (size_t)(nul - data) : size;
    char *json = malloc(jlen + 1);
    if (!json)
        return 0;
    memcpy(json, data, jlen);
    json[jlen] = '\0';
    bytes b = {nul ? nul + 1 : data + size, data + size};

    size_t sum = 0;
    lectern_quiz_check(json, "q1", on_diag, &sum);
    lectern_quiz *q = NULL;
    lectern_error err;
    if (lectern_quiz_parse(json, "q1", &q, &err) == 0) {
        lectern_quiz_attempt *a = NULL;
        if (lectern_quiz_attempt_begin(q, lectern_quiz_seed("q1", size), 1000, &a) == 0) {
            for (size_t i = 0; i < lectern_quiz_attempt_n_shown(a); i++)
                if (lectern_quiz_attempt_shown(a, i) >= lectern_quiz_attempt_n_shown(a))
                    abort();    /* a display position maps to an authored index */
            for (int i = 0; i < 64 && b.p < b.end; i++)
                act(q, a, &b, 0);
            lectern_quiz_result r;
            memset(&r, 0, sizeof r);
            if (lectern_quiz_score(q, a, &r) == 0)
                check_result(&r);
            lectern_quiz_result_free(&r);
            memset(&r, 0, sizeof r);
            lectern_quiz_attempt_submit(a, 5000);
            if (lectern_quiz_score(q, a, &r) == 0) {
                check_result(&r);
                if (r.duration_ms < 0)
                    abort();
            }
            lectern_quiz_result_free(&r);
        }
        lectern_quiz_attempt_free(a);
    }
    lectern_quiz_free(q);
    free(json);
    fuzz_sink += sum;
    return 0;
}
