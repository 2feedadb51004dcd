/* Whether a column is a combination of hidden columns, and with which
 * coefficient on a given-back cell, on cases worked out by hand; and the
 * linear forms that tell the same (lin_span_functional, lin_span_orthogonal)
 * on those cases and against lin_span_express on random vectors, the span
 * growing between the questions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "indicators/linear/linear_span.h"
#include "indicators/linear/modp.h"

#define P 2147483647u

static void add(lin_span *s, uint32_t a, uint32_t b, int32_t ca, int32_t cb, size_t tracked)
{
    const uint32_t pos[] = {a, b};
    const int32_t coef[] = {ca, cb};
    assert_true(lin_span_add(s, pos, coef, 2, tracked));
}

static bool express(lin_span *s, uint32_t a, uint32_t b, int32_t ca, int32_t cb, uint32_t *z)
{
    const uint32_t pos[] = {a, b};
    const int32_t coef[] = {ca, cb};
    return lin_span_express(s, pos, coef, 2, z);
}

/* a0 = (1, 1, 0), a1 = (0, 1, 1), both tracked */
static void test_two_vectors(void **state)
{
    (void)state;
    lin_span *s = lin_span_new(3, 2);
    assert_non_null(s);
    add(s, 0, 1, 1, 1, 0);
    add(s, 1, 2, 1, 1, 1);
    uint32_t z[2];
    /* (1, 2, 1) = a0 + a1, written with a repeated coordinate: 1 + 1 at 1 */
    const uint32_t pos[] = {0, 1, 1, 2};
    const int32_t coef[] = {1, 1, 1, 1};
    assert_true(lin_span_express(s, pos, coef, 4, z));
    assert_int_equal(z[0], 1);
    assert_int_equal(z[1], 1);
    /* (1, 0, -1) = a0 - a1 */
    assert_true(express(s, 0, 2, 1, -1, z));
    assert_int_equal(z[0], 1);
    assert_int_equal(z[1], P - 1);
    /* (3, 0, -3) = 3 a0 - 3 a1 */
    assert_true(express(s, 0, 2, 3, -3, z));
    assert_int_equal(z[0], 3);
    assert_int_equal(z[1], P - 3);
    /* (1, 0, 0) and (1, 0, 1) are not combinations of a0 and a1 */
    assert_false(express(s, 0, 0, 1, 0, z));
    assert_false(express(s, 0, 2, 1, 1, z));
    /* the zero vector is, with nothing */
    assert_true(lin_span_express(s, NULL, NULL, 0, z));
    assert_int_equal(z[0], 0);
    assert_int_equal(z[1], 0);
    /* with (1, 0, 0) added, (1, 0, 1) is */
    add(s, 0, 0, 1, 0, LIN_UNTRACKED);
    assert_true(express(s, 0, 2, 1, 1, z));
    /* (1, 0, 1) = 2 (1, 0, 0) - a0 + a1 */
    assert_int_equal(z[0], P - 1);
    assert_int_equal(z[1], 1);
    lin_span_free(s);
}

enum { R0, R1, R2, R3, R4, C0, C1, C2, C3, C4, R5 };

/* The two sides of the table below, without the bridge. */
static void add_two_sides(lin_span *s)
{
    const int side_a[][2] = {{R0, C1}, {R0, C2}, {R1, C1}, {R1, C2}, {R2, C1}, {R2, C2}, {R0, C0}, {R1, C0}};
    for (size_t i = 0; i < sizeof side_a / sizeof *side_a; i++)
        add(s, (uint32_t)side_a[i][0], (uint32_t)side_a[i][1], -1, -1, LIN_UNTRACKED);
    const int side_b[][2] = {{R3, C3}, {R3, C4}, {R4, C3}, {R4, C4}};
    for (size_t i = 0; i < sizeof side_b / sizeof *side_b; i++)
        add(s, (uint32_t)side_b[i][0], (uint32_t)side_b[i][1], -1, -1, LIN_UNTRACKED);
}

/* A table without margins: rows R0..R4 are coordinates 0..4, columns
 * C0..C4 are 5..9, R5 is 10 (in no hidden cell). A hidden cell (r, c) is
 * a part of row r and of column c (coefficient -1 in both). Side A: R0, R1,
 * R2 x C1, C2 hidden, and R0C0, R1C0; side B: R3, R4 x C3, C4 hidden; the
 * bridge R2C3 joins them, and no cycle goes through it: it is given back
 * (tracked, number 0). */
static void test_bridge_between_two_sides(void **state)
{
    (void)state;
    lin_span *s = lin_span_new(11, 1);
    assert_non_null(s);
    add_two_sides(s);
    add(s, R2, C3, -1, -1, 0);
    uint32_t z[1];
    /* R0C4 joins the sides: its only paths cross the bridge, with
     * alternating signs R0-C1-R2-C3-R3-C4: the bridge counts +1 */
    assert_true(express(s, R0, C4, -1, -1, z));
    assert_int_equal(z[0], 1);
    /* R3C0 also crosses it: R3-C3-R2-C1-R0-C0, the bridge second: -1 */
    assert_true(express(s, R3, C0, -1, -1, z));
    assert_int_equal(z[0], P - 1);
    /* R2C0 stays on side A (R2-C1-R0-C0): hidden, it would be protected,
     * but would leave the bridge given back */
    assert_true(express(s, R2, C0, -1, -1, z));
    assert_int_equal(z[0], 0);
    /* R5C0: R5 is in no hidden cell, so R5C0 would be given back */
    assert_false(express(s, R5, C0, -1, -1, z));
    lin_span_free(s);
}

static uint32_t dot(const uint32_t *y, uint32_t a, uint32_t b, int32_t ca, int32_t cb)
{
    const uint32_t pos[] = {a, b};
    const int32_t coef[] = {ca, cb};
    return lin_span_dot(y, pos, coef, 2);
}

/* Whether both orthogonal forms vanish on the vector. */
static bool orthogonal(lin_span *s, uint32_t a, uint32_t b, int32_t ca, int32_t cb)
{
    const uint32_t *r0 = lin_span_orthogonal(s, 0), *r1 = lin_span_orthogonal(s, 1);
    assert_non_null(r0);
    assert_non_null(r1);
    return dot(r0, a, b, ca, cb) == 0 && dot(r1, a, b, ca, cb) == 0;
}

/* The first case, through the forms. */
static void test_forms_two_vectors(void **state)
{
    (void)state;
    lin_span *s = lin_span_new(3, 2);
    assert_non_null(s);
    add(s, 0, 1, 1, 1, 0);
    add(s, 1, 2, 1, 1, 1);
    const uint32_t *y = lin_span_functional(s, 0);
    assert_non_null(y);
    assert_int_equal(dot(y, 0, 2, 1, -1), 1); /* (1, 0, -1) = a0 - a1 */
    assert_int_equal(dot(y, 0, 2, 3, -3), 3);
    assert_int_equal(dot(y, 0, 1, 1, 1), 1); /* a0 itself */
    assert_int_equal(dot(y, 1, 2, 1, 1), 0); /* a1 */
    y = lin_span_functional(s, 1);
    assert_int_equal(dot(y, 0, 2, 1, -1), P - 1);
    assert_int_equal(dot(y, 0, 2, 3, -3), P - 3);
    assert_true(orthogonal(s, 0, 1, 1, 1));
    assert_true(orthogonal(s, 0, 2, 1, -1));
    assert_false(orthogonal(s, 0, 0, 1, 0)); /* (1, 0, 0) is outside */
    assert_false(orthogonal(s, 0, 2, 1, 1)); /* (1, 0, 1) too */
    /* with (1, 0, 0) added the span is everything: the forms follow */
    add(s, 0, 0, 1, 0, LIN_UNTRACKED);
    assert_true(orthogonal(s, 0, 0, 1, 0));
    assert_true(orthogonal(s, 0, 2, 1, 1));
    assert_true(orthogonal(s, 2, 2, 1, 0));
    y = lin_span_functional(s, 0);
    assert_int_equal(dot(y, 0, 2, 1, 1), P - 1); /* (1, 0, 1) = 2 (1, 0, 0) - a0 + a1 */
    y = lin_span_functional(s, 1);
    assert_int_equal(dot(y, 0, 2, 1, 1), 1);
    lin_span_free(s);
}

/* The bridge, through the forms: asked before the bridge is added, so that
 * the forms are brought up to date by its row. */
static void test_forms_bridge(void **state)
{
    (void)state;
    lin_span *s = lin_span_new(11, 1);
    assert_non_null(s);
    add_two_sides(s);
    assert_false(orthogonal(s, R0, C4, -1, -1)); /* no bridge yet: R0C4 is outside */
    assert_true(orthogonal(s, R2, C0, -1, -1));
    add(s, R2, C3, -1, -1, 0);
    assert_true(orthogonal(s, R0, C4, -1, -1));
    assert_true(orthogonal(s, R3, C0, -1, -1));
    assert_true(orthogonal(s, R2, C0, -1, -1));
    assert_false(orthogonal(s, R5, C0, -1, -1));
    const uint32_t *y = lin_span_functional(s, 0);
    assert_non_null(y);
    assert_int_equal(dot(y, R0, C4, -1, -1), 1);
    assert_int_equal(dot(y, R3, C0, -1, -1), P - 1);
    assert_int_equal(dot(y, R2, C0, -1, -1), 0);
    lin_span_free(s);
}

/* 40 coordinates, vectors of 2 or 3 of them with small coefficients added
 * one by one (every third tracked); after each, 50 random vectors: both
 * orthogonal forms vanish on a vector exactly when lin_span_express finds
 * it in the span, and then the functional of each tracked vector gives its
 * coefficient. The forms are brought up to date row by row; lin_span_express
 * reduces against the whole echelon form. */
static void test_forms_against_express(void **state)
{
    (void)state;
    enum { N = 40, VECTORS = 60, TRACKED = VECTORS / 3 + 1, TRIES = 50 };
    lin_span *s = lin_span_new(N, TRACKED);
    assert_non_null(s);
    uint64_t seed = 12345;
    size_t n_tracked = 0, in = 0, out = 0;
    uint32_t z[TRACKED];
    for (int v = 0; v < VECTORS; v++) {
        uint32_t pos[3];
        int32_t coef[3];
        size_t len = 2 + (size_t)(v % 2);
        for (size_t i = 0; i < len; i++) {
            pos[i] = modp_random_nonzero(&seed) % N;
            coef[i] = (int32_t)(modp_random_nonzero(&seed) % 5) - 2;
        }
        size_t t = v % 3 == 0 ? n_tracked++ : LIN_UNTRACKED;
        assert_true(lin_span_add(s, pos, coef, len, t));
        for (int k = 0; k < TRIES; k++) {
            /* a sum of two earlier-style vectors, often in the span late on */
            uint32_t p2[4];
            int32_t c2[4];
            for (size_t i = 0; i < 4; i++) {
                p2[i] = modp_random_nonzero(&seed) % N;
                c2[i] = (int32_t)(modp_random_nonzero(&seed) % 5) - 2;
            }
            bool expressed = lin_span_express(s, p2, c2, 4, z);
            const uint32_t *r0 = lin_span_orthogonal(s, 0), *r1 = lin_span_orthogonal(s, 1);
            bool vanish = lin_span_dot(r0, p2, c2, 4) == 0 && lin_span_dot(r1, p2, c2, 4) == 0;
            assert_int_equal(vanish, expressed);
            if (!expressed) {
                out++;
                continue;
            }
            in++;
            for (size_t j = 0; j < n_tracked; j++)
                assert_int_equal(lin_span_dot(lin_span_functional(s, j), p2, c2, 4), z[j]);
        }
    }
    /* both sides were exercised */
    assert_true(in > 100);
    assert_true(out > 100);
    lin_span_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_vectors),
        cmocka_unit_test(test_bridge_between_two_sides),
        cmocka_unit_test(test_forms_two_vectors),
        cmocka_unit_test(test_forms_bridge),
        cmocka_unit_test(test_forms_against_express),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
