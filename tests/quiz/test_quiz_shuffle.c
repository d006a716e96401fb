/* Seeded shuffling: stable for one seed, different across seeds, never the
 * answer for ordering and matching, and scoring maps display positions back
 * to authored indices. */
#include "quiz_test.h"

#define SC8 "{'kind': 'single_choice', 'prompt': 'p', 'options': [{'text': 'A'}, {'text': 'B'}, " \
    "{'text': 'C'}, {'text': 'D', 'correct': true}, {'text': 'E'}, {'text': 'F'}, {'text': 'G'}, {'text': 'H'}]}"
#define OR5 "{'kind': 'ordering', 'prompt': 'p', 'sequence': ['1', '2', '3', '4', '5']}"
#define OR2 "{'kind': 'ordering', 'prompt': 'p', 'sequence': ['1', '2']}"
#define MA3 "{'kind': 'matching', 'prompt': 'p', 'pairs': [{'left': 'a', 'right': 'A'}, {'left': 'b', 'right': 'B'}, {'left': 'c', 'right': 'C'}]}"

static void order_of(const lectern_quiz *q, uint64_t seed, size_t *out, size_t *n)
{
    lectern_quiz_attempt *a;
    assert_int_equal(lectern_quiz_attempt_begin(q, seed, 0, &a), 0);
    *n = lectern_quiz_attempt_n_shown(a);
    for (size_t i = 0; i < *n; i++)
        out[i] = lectern_quiz_attempt_shown(a, i);
    lectern_quiz_attempt_free(a);
}

static int is_perm(const size_t *v, size_t n)
{
    int seen[32] = {0};
    for (size_t i = 0; i < n; i++) {
        if (v[i] >= n || seen[v[i]])
            return 0;
        seen[v[i]] = 1;
    }
    return 1;
}

static void stable_for_a_seed(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(SC8, "q");
    size_t a[8], b[8], n, m;
    for (uint64_t seed = 0; seed < 50; seed++) {
        order_of(q, seed, a, &n);
        order_of(q, seed, b, &m);
        assert_int_equal(n, 8);
        assert_int_equal(m, 8);
        assert_memory_equal(a, b, sizeof a);
        assert_true(is_perm(a, n));
    }
    /* the same seed from lectern_quiz_seed is reproducible too */
    assert_true(lectern_quiz_seed("m1-q1", 3) == lectern_quiz_seed("m1-q1", 3));
    assert_true(lectern_quiz_seed("m1-q1", 3) != lectern_quiz_seed("m1-q1", 4));
    assert_true(lectern_quiz_seed("m1-q1", 3) != lectern_quiz_seed("m1-q2", 3));
    lectern_quiz_free(q);
}

static void differs_across_seeds(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(SC8, "q");
    size_t first[8], other[8], n;
    order_of(q, lectern_quiz_seed("m1-q1", 1), first, &n);
    int differing = 0, identity = 0;
    for (uint64_t s = 2; s < 22; s++) {
        order_of(q, lectern_quiz_seed("m1-q1", s), other, &n);
        differing += memcmp(first, other, sizeof first) != 0;
        int id = 1;
        for (size_t i = 0; i < n; i++)
            id &= other[i] == i;
        identity += id;
    }
    assert_true(differing >= 18);       /* 8! orders: collisions are rare */
    assert_true(identity <= 1);
    lectern_quiz_free(q);
}

static void no_shuffle_keeps_order(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok("{'kind': 'single_choice', 'prompt': 'p', 'shuffle': false, "
                               "'options': [{'text': 'A', 'correct': true}, {'text': 'B'}, {'text': 'All of the above'}]}", "q");
    size_t o[3], n;
    for (uint64_t s = 0; s < 10; s++) {
        order_of(q, s, o, &n);
        assert_int_equal(o[0], 0);
        assert_int_equal(o[1], 1);
        assert_int_equal(o[2], 2);
    }
    lectern_quiz_free(q);
}

static void ordering_never_starts_solved(void **state)
{
    (void)state;
    const char *js[] = { OR5, OR2, MA3 };
    for (size_t k = 0; k < 3; k++) {
        lectern_quiz *q = parse_ok(js[k], "q");
        for (uint64_t s = 0; s < 300; s++) {
            lectern_quiz_attempt *a;
            assert_int_equal(lectern_quiz_attempt_begin(q, s, 0, &a), 0);
            size_t n = lectern_quiz_attempt_n_shown(a), fixed = 0;
            size_t v[8];
            for (size_t i = 0; i < n; i++) {
                v[i] = lectern_quiz_attempt_shown(a, i);
                fixed += v[i] == i;
            }
            assert_true(is_perm(v, n));
            assert_true(fixed < n);
            if (k != 2) {
                /* the learner starts from the shuffled order, which scores < max */
                for (size_t i = 0; i < n; i++)
                    assert_int_equal(lectern_quiz_order_at(a, i), v[i]);
                lectern_quiz_result r;
                assert_int_equal(lectern_quiz_score(q, a, &r), 0);
                assert_false(r.success);
                lectern_quiz_result_free(&r);
            }
            lectern_quiz_attempt_free(a);
        }
        lectern_quiz_free(q);
    }
}

static void scoring_maps_back(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(SC8, "q");
    for (uint64_t s = 0; s < 40; s++) {
        lectern_quiz_attempt *a;
        assert_int_equal(lectern_quiz_attempt_begin(q, s, 0, &a), 0);
        /* the learner clicks the row showing "D", wherever it is */
        for (size_t pos = 0; pos < lectern_quiz_attempt_n_shown(a); pos++) {
            size_t i = lectern_quiz_attempt_shown(a, pos);
            if (strcmp(T(&lectern_quiz_get_option(q, i)->text), "D") == 0)
                assert_int_equal(lectern_quiz_select(a, i, 1), 0);
        }
        lectern_quiz_result r;
        assert_int_equal(lectern_quiz_score(q, a, &r), 0);
        assert_true(r.success);
        assert_string_equal(r.response, "d");
        lectern_quiz_result_free(&r);
        lectern_quiz_attempt_free(a);
    }
    lectern_quiz_free(q);

    /* ordering: the learner moves rows until the order is right */
    q = parse_ok(OR5, "q");
    for (uint64_t s = 0; s < 40; s++) {
        lectern_quiz_attempt *a;
        assert_int_equal(lectern_quiz_attempt_begin(q, s, 0, &a), 0);
        for (size_t want = 0; want < 5; want++) {
            size_t at = want;
            while (lectern_quiz_order_at(a, at) != want)
                at++;
            assert_int_equal(lectern_quiz_move(a, at, want), 0);
        }
        lectern_quiz_result r;
        assert_int_equal(lectern_quiz_score(q, a, &r), 0);
        assert_true(r.success);
        assert_string_equal(r.response, "a[,]b[,]c[,]d[,]e");
        lectern_quiz_result_free(&r);
        lectern_quiz_attempt_free(a);
    }
    lectern_quiz_free(q);

    /* matching: right column shuffled, matches by authored index */
    q = parse_ok(MA3, "q");
    lectern_quiz_attempt *a;
    assert_int_equal(lectern_quiz_attempt_begin(q, 99, 0, &a), 0);
    for (size_t pos = 0; pos < 3; pos++) {
        size_t right = lectern_quiz_attempt_shown(a, pos);
        assert_int_equal(lectern_quiz_match(a, right, (long)right), 0);
    }
    lectern_quiz_result r;
    assert_int_equal(lectern_quiz_score(q, a, &r), 0);
    assert_true(r.success);
    lectern_quiz_result_free(&r);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

static void retry_reshuffles(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(SC8, "q");
    lectern_quiz_attempt *a;
    size_t before[8], after[8], again[8], n;
    assert_int_equal(lectern_quiz_attempt_begin(q, 11, 0, &a), 0);
    for (size_t i = 0; i < 8; i++)
        before[i] = lectern_quiz_attempt_shown(a, i);
    lectern_quiz_select(a, 3, 1);
    assert_int_equal(lectern_quiz_attempt_retry(a, 12, 10), 0);
    for (size_t i = 0; i < 8; i++)
        after[i] = lectern_quiz_attempt_shown(a, i);
    assert_memory_not_equal(before, after, sizeof before);
    assert_false(lectern_quiz_selected(a, 3));
    order_of(q, 12, again, &n);          /* same as a fresh attempt with that seed */
    assert_memory_equal(after, again, sizeof after);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

static void order_setters_validate(void **state)
{
    (void)state;
    lectern_quiz *q = parse_ok(OR5, "q");
    lectern_quiz_attempt *a;
    assert_int_equal(lectern_quiz_attempt_begin(q, 1, 0, &a), 0);
    size_t dup[5] = {0, 1, 1, 3, 4}, out[5] = {0, 1, 2, 3, 5}, ok[5] = {4, 3, 2, 1, 0};
    assert_int_equal(lectern_quiz_set_order(a, dup, 5), LECTERN_EINVAL);
    assert_int_equal(lectern_quiz_set_order(a, out, 5), LECTERN_EINVAL);
    assert_int_equal(lectern_quiz_set_order(a, ok, 4), LECTERN_EINVAL);
    assert_int_equal(lectern_quiz_set_order(a, ok, 5), 0);
    assert_int_equal(lectern_quiz_move(a, 0, 4), 0);   /* 3 2 1 0 4 */
    assert_int_equal(lectern_quiz_order_at(a, 0), 3);
    assert_int_equal(lectern_quiz_order_at(a, 4), 4);
    assert_int_equal(lectern_quiz_move(a, 4, 1), 0);   /* 3 4 2 1 0 */
    assert_int_equal(lectern_quiz_order_at(a, 1), 4);
    assert_int_equal(lectern_quiz_order_at(a, 2), 2);
    assert_int_equal(lectern_quiz_move(a, 5, 0), LECTERN_EINVAL);
    lectern_quiz_attempt_free(a);
    lectern_quiz_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stable_for_a_seed),
        cmocka_unit_test(differs_across_seeds),
        cmocka_unit_test(no_shuffle_keeps_order),
        cmocka_unit_test(ordering_never_starts_solved),
        cmocka_unit_test(scoring_maps_back),
        cmocka_unit_test(retry_reshuffles),
        cmocka_unit_test(order_setters_validate),
    };
    return cmocka_run_group_tests_name("quiz_shuffle", tests, NULL, NULL);
}
