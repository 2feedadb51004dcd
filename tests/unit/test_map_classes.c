/* Class bounds of choropleth maps: Jenks natural breaks against cases worked
 * out by hand and against an exhaustive search of every partition; GSL
 * quantiles against their definition; the map model of a pair of communes
 * (classes, secret hatching, legend labels). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/fr_format.h"
#include "reports/maps/map_classes.h"
#include "reports/maps/map_model.h"

static void test_jenks_by_hand(void **state)
{
    (void)state;
    /* 1 2 4 5 7 8 9 in two classes, sums of squared deviations from the class means:
     *   {1}{2 4 5 7 8 9}       0 + 34.83 = 34.83
     *   {1 2}{4 5 7 8 9}       0.5 + 17.2 = 17.7
     *   {1 2 4}{5 7 8 9}       4.667 + 8.75 = 13.42
     *   {1 2 4 5}{7 8 9}       10 + 2 = 12        <- the least
     *   {1 2 4 5 7}{8 9}       22.8 + 0.5 = 23.3
     * so the breaks are 1, 5, 9. Given unsorted: map_classes sorts. */
    double v[] = {9, 1, 5, 7, 2, 8, 4}, b[MAP_MAX_CLASSES + 1];
    assert_int_equal(map_classes(v, 7, 2, MAP_CLASSES_JENKS, b), 2);
    assert_true(b[0] == 1 && b[1] == 5 && b[2] == 9);
    assert_int_equal(map_class_of(b, 2, 5), 0);
    assert_int_equal(map_class_of(b, 2, 7), 1);
    /* three obvious groups */
    double w[] = {1, 2, 3, 10, 11, 12, 20, 21, 22};
    assert_int_equal(map_classes(w, 9, 3, MAP_CLASSES_JENKS, b), 3);
    assert_true(b[0] == 1 && b[1] == 3 && b[2] == 12 && b[3] == 22);
}

/* The least within-class sum of squares over every way of cutting n sorted
 * values into k non-empty runs (recursive enumeration). */
static double ssd(const double *v, size_t a, size_t b)
{
    double m = 0, s = 0;
    for (size_t i = a; i < b; i++)
        m += v[i];
    m /= (double)(b - a);
    for (size_t i = a; i < b; i++)
        s += (v[i] - m) * (v[i] - m);
    return s;
}
static double brute(const double *v, size_t from, size_t n, size_t k)
{
    if (k == 1)
        return ssd(v, from, n);
    double best = INFINITY;
    for (size_t cut = from + 1; cut + k - 1 <= n; cut++) {
        double c = ssd(v, from, cut) + brute(v, cut, n, k - 1);
        if (c < best)
            best = c;
    }
    return best;
}
static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_jenks_optimal(void **state)
{
    (void)state;
    srand(19);
    for (int trial = 0; trial < 200; trial++) {
        size_t n = 6 + (size_t)(rand() % 9), k = 2 + (size_t)(rand() % 4);
        double v[16], s[16], b[MAP_MAX_CLASSES + 1];
        for (size_t i = 0; i < n; i++)
            v[i] = s[i] = (double)(rand() % 1000) / 10.0 + (double)i * 1e-6; /* distinct */
        size_t m = map_classes(v, n, k, MAP_CLASSES_JENKS, b);
        assert_int_equal(m, k);
        qsort(s, n, sizeof *s, cmp);
        /* the cost of the partition the bounds define */
        double cost = 0;
        size_t start = 0;
        for (size_t c = 0; c < m; c++) {
            size_t end = start;
            while (end < n && s[end] <= b[c + 1])
                end++;
            assert_true(end > start);
            cost += ssd(s, start, end);
            start = end;
        }
        assert_int_equal(start, n);
        assert_true(fabs(cost - brute(s, 0, n, k)) < 1e-9);
    }
}

static void test_quantiles(void **state)
{
    (void)state;
    /* GSL: quantile f of sorted data = v[i] + d (v[i+1] - v[i]), i = floor((n-1) f), d the rest.
     * 1..5 in 4 classes: (n-1) f = 1, 2, 3 -> 2, 3, 4. */
    double v[] = {5, 4, 3, 2, 1}, b[MAP_MAX_CLASSES + 1];
    assert_int_equal(map_classes(v, 5, 4, MAP_CLASSES_QUANTILES, b), 4);
    assert_true(b[0] == 1 && b[1] == 2 && b[2] == 3 && b[3] == 4 && b[4] == 5);
    /* 0 10 20 30 in 3 classes: (n-1) f = 1, 2 -> 10, 20 */
    double w[] = {0, 10, 20, 30};
    assert_int_equal(map_classes(w, 4, 3, MAP_CLASSES_QUANTILES, b), 3);
    assert_true(b[1] == 10 && b[2] == 20 && b[3] == 30);
    /* tied quantiles merge classes: 1 1 1 1 2 in 4 -> bounds 1, 2 */
    double t[] = {1, 1, 1, 1, 2, 3, 1};
    assert_int_equal(map_classes(t, 7, 4, MAP_CLASSES_QUANTILES, b), 3);
    /* fewer distinct values than classes: one class each */
    double u[] = {3, 3, 7};
    assert_int_equal(map_classes(u, 3, 5, MAP_CLASSES_JENKS, b), 2);
    assert_true(b[0] == 3 && b[1] == 3 && b[2] == 7);
    assert_int_equal(map_classes(u, 0, 5, MAP_CLASSES_JENKS, b), 0);
}

/* Two square communes, one published (12,5 %), one secret, one without data,
 * and four more published: the secret cell's value (99) never enters a bound. */
static void test_model_pair(void **state)
{
    (void)state;
    map_cell_state st[] = {MAP_CELL_VALUE, MAP_CELL_SECRET, MAP_CELL_NODATA, MAP_CELL_VALUE, MAP_CELL_VALUE,
                           MAP_CELL_VALUE};
    double v[] = {12.5, 99, 0, 1234.5, 3.26, 40};
    map_choropleth m;
    assert_true(map_choropleth_build(st, v, 6, 2, MAP_CLASSES_JENKS, "pourcent", &m));
    /* published 3,26 12.5 40 1234.5: two classes {3.26 12.5 40}{1234.5} (one outlier) */
    assert_int_equal(m.n_classes, 2);
    assert_true(m.bounds[0] == 3.26 && m.bounds[1] == 40 && m.bounds[2] == 1234.5);
    assert_int_equal(m.cls[0], 0);
    assert_int_equal(m.cls[1], MAP_CLASS_SECRET);
    assert_int_equal(m.cls[2], MAP_CLASS_NODATA);
    assert_int_equal(m.cls[3], 1);
    assert_true(m.any_secret && m.any_nodata);
    assert_string_equal(m.labels[0], "de 3,3" FR_NBSP "% à 40,0" FR_NBSP "%");
    assert_string_equal(m.labels[1], "plus de 40,0" FR_NBSP "% à 1" FR_NBSP "234,5" FR_NBSP "%");
    map_choropleth_free(&m);
    /* counts: whole numbers grouped by thousands */
    map_cell_state st2[] = {MAP_CELL_VALUE, MAP_CELL_VALUE};
    double v2[] = {1234, 56789};
    assert_true(map_choropleth_build(st2, v2, 2, 5, MAP_CLASSES_QUANTILES, "nombre", &m));
    assert_int_equal(m.n_classes, 2);
    assert_string_equal(m.labels[0], "1" FR_NBSP "234");
    assert_string_equal(m.labels[1], "plus de 1" FR_NBSP "234 à 56" FR_NBSP "789");
    assert_int_equal(m.cls[0], 0);
    assert_int_equal(m.cls[1], 1);
    map_choropleth_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jenks_by_hand),
        cmocka_unit_test(test_jenks_optimal),
        cmocka_unit_test(test_quantiles),
        cmocka_unit_test(test_model_pair),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
