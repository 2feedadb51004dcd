/* Which hidden cells additive equations give back, on systems worked out by
 * hand (x_j is given back when e_j is a combination of the equations). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "indicators/linear/linear_disclosure.h"

/* Equations as rows of {cell, coef} pairs ended by {0, 0}; the list ended
 * by an empty row. */
typedef struct {
    int64_t cell;
    int32_t coef;
} term;

static void build(lin_system *s, const term *terms)
{
    lin_init(s);
    for (const term *t = terms; !(t->cell == 0 && t[1].cell == 0 && t->coef == 0); t++) {
        if (t->cell == 0)
            assert_true(lin_end_equation(s));
        else
            assert_true(lin_add_term(s, t->cell, t->coef));
    }
    assert_true(lin_end_equation(s));
}

static size_t determined(const term *terms, int64_t **cells)
{
    lin_system s;
    build(&s, terms);
    size_t n;
    assert_true(lin_determined(&s, cells, &n));
    lin_free(&s);
    return n;
}

static void test_no_equation(void **state)
{
    (void)state;
    lin_system s;
    lin_init(&s);
    int64_t *cells;
    size_t n = 99;
    assert_true(lin_determined(&s, &cells, &n));
    assert_int_equal(n, 0);
    assert_null(cells);
}

static void test_a_lone_hidden_cell(void **state)
{
    (void)state;
    /* total 7 published, parts 11 (hidden) and 12 (published): 11 alone */
    const term t[] = {{11, -1}, {0, 0}, {0, 0}};
    int64_t *cells;
    assert_int_equal(determined(t, &cells), 1);
    assert_int_equal(cells[0], 11);
    free(cells);
}

static void test_two_by_two_table_with_margins(void **state)
{
    (void)state;
    /* a 2x2 table, its four inner cells hidden, every margin published:
     * x1 + x2 = r1, x3 + x4 = r2, x1 + x3 = c1, x2 + x4 = c2. Rank 3 for 4
     * unknowns: x1 = t, x2 = r1 - t, x3 = c1 - t, x4 = ... any t fits, so
     * no cell is given back (the textbook safe pattern). */
    const term t[] = {{1, 1}, {2, 1}, {0, 0}, {3, 1}, {4, 1}, {0, 0}, {1, 1}, {3, 1}, {0, 0},
                      {2, 1}, {4, 1}, {0, 0}, {0, 0}};
    int64_t *cells;
    assert_int_equal(determined(t, &cells), 0);
    assert_null(cells);
}

static void test_three_groups_each_with_two_hidden_cells(void **state)
{
    (void)state;
    /* No group holds a lone hidden cell, yet x + y = a, y + z = b,
     * x + z = c give x = (a - b + c) / 2, and so on: all three are given
     * back by combining the groups (what the group rule cannot see). A
     * fourth cell w, hidden with x in a group of its own... x known gives w
     * too. A fifth, v, in a group with u only: neither is given back. */
    const term t[] = {{10, 1}, {20, 1}, {0, 0}, {20, 1}, {30, 1}, {0, 0}, {10, 1}, {30, 1}, {0, 0},
                      {10, -1}, {40, 1}, {0, 0}, {50, 1}, {60, -1}, {0, 0}, {0, 0}};
    int64_t *cells;
    assert_int_equal(determined(t, &cells), 4);
    assert_int_equal(cells[0], 10);
    assert_int_equal(cells[1], 20);
    assert_int_equal(cells[2], 30);
    assert_int_equal(cells[3], 40);
    free(cells);
}

static void test_territory_levels(void **state)
{
    (void)state;
    /* Two départements D1 (cells 1, 2 hidden) and D2 (cells 3, 4 hidden)
     * of a région whose total is published, D1 and D2 hidden:
     *   D1 - c1 - c2 = 0, D2 - c3 - c4 = 0, D1 + D2 = R (published)
     * and the EPCI {c2, c3}, published: c2 + c3 = E. Unknowns D1, D2, c1..c4;
     * rank 4 for 6: nothing is given back. Publishing c1 (remove it) and c4
     * too would leave D1 - c2 = 0, D2 - c3 = 0, D1 + D2, c2 + c3: rank 3
     * for 4, still nothing; with D2 published as well, everything follows. */
    const term open_[] = {{100, 1}, {1, -1}, {2, -1}, {0, 0}, {200, 1}, {3, -1}, {4, -1}, {0, 0},
                          {100, 1}, {200, 1}, {0, 0}, {2, 1}, {3, 1}, {0, 0}, {0, 0}};
    int64_t *cells;
    assert_int_equal(determined(open_, &cells), 0);
    const term closed[] = {{100, 1}, {2, -1}, {0, 0}, {3, -1}, {0, 0}, {100, 1}, {0, 0},
                           {2, 1}, {3, 1}, {0, 0}, {0, 0}};
    assert_int_equal(determined(closed, &cells), 3);
    assert_int_equal(cells[0], 2);
    assert_int_equal(cells[1], 3);
    assert_int_equal(cells[2], 100);
    free(cells);
}

static void test_coefficients_and_repeated_terms(void **state)
{
    (void)state;
    /* 2x - y = a and x + x - y + z = b (x twice): subtracting gives z;
     * x and y stay open. A term cancelled within its own equation (y - y)
     * adds nothing. */
    const term t[] = {{1, 2}, {2, -1}, {0, 0}, {1, 1}, {1, 1}, {2, -1}, {3, 1}, {0, 0},
                      {4, 1}, {4, -1}, {5, 1}, {5, 1}, {6, 1}, {0, 0}, {0, 0}};
    int64_t *cells;
    assert_int_equal(determined(t, &cells), 1);
    assert_int_equal(cells[0], 3);
    free(cells);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_equation),
        cmocka_unit_test(test_a_lone_hidden_cell),
        cmocka_unit_test(test_two_by_two_table_with_margins),
        cmocka_unit_test(test_three_groups_each_with_two_hidden_cells),
        cmocka_unit_test(test_territory_levels),
        cmocka_unit_test(test_coefficients_and_repeated_terms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
