/* Leverage ratio with its bootstrap interval, against hand-worked cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "indicators/stats/ratio_bootstrap.h"

static void test_ratio_of_sums(void **state)
{
    (void)state;
    /* private 10 000 + 30 000 + 2 000 = 42 000 for public 5 000 + 5 000 + 4 000 = 14 000: 3,0 */
    double prive[] = {10000, 30000, 2000}, public[] = {5000, 5000, 4000};
    ratio_estimate e;
    assert_true(ratio_bootstrap(prive, public, 3, 2000, 1, 0.95, &e));
    assert_true(e.ratio == 3.0);
    assert_true(e.has_interval);
    assert_true(e.lower <= e.ratio && e.ratio <= e.upper);
    /* bounds cannot leave the range of what any resample can give: all from
     * project 3 (0.5) to all from project 2 (6) */
    assert_true(e.lower >= 0.5 && e.upper <= 6.0);
}

static void test_two_projects_known_distribution(void **state)
{
    (void)state;
    /* Projects (1, 1) and (3, 1). A resample of two is {1,1} -> 1, {2,2} -> 3
     * or mixed -> 2 (probability 1/2); the 2.5 % and 97.5 % percentiles of
     * this distribution are 1 and 3. */
    double prive[] = {1, 3}, public[] = {1, 1};
    ratio_estimate e;
    assert_true(ratio_bootstrap(prive, public, 2, 4000, 7, 0.95, &e));
    assert_true(e.ratio == 2.0);
    assert_true(e.lower == 1.0);
    assert_true(e.upper == 3.0);
}

static void test_constant_ratio_has_degenerate_interval(void **state)
{
    (void)state;
    double prive[] = {4, 8, 12, 40}, public[] = {1, 2, 3, 10};
    ratio_estimate e;
    assert_true(ratio_bootstrap(prive, public, 4, 500, 3, 0.95, &e));
    assert_true(fabs(e.lower - 4.0) < 1e-12 && fabs(e.upper - 4.0) < 1e-12);
}

static void test_reproducible_with_seed(void **state)
{
    (void)state;
    double prive[] = {5, 1, 9, 2, 7, 0}, public[] = {1, 2, 3, 1, 2, 2};
    ratio_estimate a, b, c;
    assert_true(ratio_bootstrap(prive, public, 6, 2000, 42, 0.95, &a));
    assert_true(ratio_bootstrap(prive, public, 6, 2000, 42, 0.95, &b));
    assert_true(ratio_bootstrap(prive, public, 6, 2000, 43, 0.95, &c));
    assert_true(a.lower == b.lower && a.upper == b.upper);
    assert_true(a.lower != c.lower || a.upper != c.upper);
}

static void test_degenerate_inputs(void **state)
{
    (void)state;
    double prive[] = {5, 1}, nothing[] = {0, 0}, public[] = {2, 0};
    ratio_estimate e;
    assert_false(ratio_bootstrap(prive, nothing, 2, 100, 1, 0.95, &e)); /* no public money */
    assert_false(ratio_bootstrap(prive, public, 0, 100, 1, 0.95, &e));  /* no project */
    assert_true(ratio_bootstrap(prive, public, 1, 100, 1, 0.95, &e));   /* one project: no interval */
    assert_false(e.has_interval);
    assert_true(e.ratio == 2.5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ratio_of_sums),
        cmocka_unit_test(test_two_projects_known_distribution),
        cmocka_unit_test(test_constant_ratio_has_degenerate_interval),
        cmocka_unit_test(test_reproducible_with_seed),
        cmocka_unit_test(test_degenerate_inputs),
    };
    return cmocka_run_group_tests_name("ratio_bootstrap", tests, NULL, NULL);
}
