/* Whether a column is a combination of hidden columns, and with which
 * coefficient on a given-back cell, on cases worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "indicators/linear/linear_span.h"

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

/* A table without margins: rows R0..R4 are coordinates 0..4, columns
 * C0..C4 are 5..9, R5 is 10 (in no hidden cell). A hidden cell (r, c) is
 * a part of row r and of column c (coefficient -1 in both). Side A: R0, R1,
 * R2 x C1, C2 hidden, and R0C0, R1C0; side B: R3, R4 x C3, C4 hidden; the
 * bridge R2C3 joins them, and no cycle goes through it: it is given back
 * (tracked, number 0). */
static void test_bridge_between_two_sides(void **state)
{
    (void)state;
    enum { R0, R1, R2, R3, R4, C0, C1, C2, C3, C4, R5 };
    lin_span *s = lin_span_new(11, 1);
    assert_non_null(s);
    const int side_a[][2] = {{R0, C1}, {R0, C2}, {R1, C1}, {R1, C2}, {R2, C1}, {R2, C2}, {R0, C0}, {R1, C0}};
    for (size_t i = 0; i < sizeof side_a / sizeof *side_a; i++)
        add(s, (uint32_t)side_a[i][0], (uint32_t)side_a[i][1], -1, -1, LIN_UNTRACKED);
    const int side_b[][2] = {{R3, C3}, {R3, C4}, {R4, C3}, {R4, C4}};
    for (size_t i = 0; i < sizeof side_b / sizeof *side_b; i++)
        add(s, (uint32_t)side_b[i][0], (uint32_t)side_b[i][1], -1, -1, LIN_UNTRACKED);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_vectors),
        cmocka_unit_test(test_bridge_between_two_sides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
