#include "reports/maps/map_classes.h"

#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static size_t distinct(const double *v, size_t n)
{
    size_t d = n ? 1 : 0;
    for (size_t i = 1; i < n; i++)
        d += v[i] != v[i - 1];
    return d;
}

/* Fisher-Jenks natural breaks: the partition of the sorted values into k
 * contiguous classes that minimises the sum of squared deviations from the
 * class means, by exact dynamic programming (Fisher 1958, "On grouping for
 * maximum homogeneity", JASA 53:789-798; the algorithm Jenks 1977 popularised
 * for maps). GSL has no Jenks, hence this code. O(k n^2) time, O(k n) memory:
 * 5 classes of 3 800 communes is about 36 million steps.
 * cost(i, j) of the class v[i..j] from prefix sums of v and v^2. */
static size_t jenks(const double *v, size_t n, size_t k, double *bounds)
{
    double *s1 = calloc(n + 1, sizeof *s1), *s2 = calloc(n + 1, sizeof *s2);
    double *best = malloc(k * (n + 1) * sizeof *best); /* best[c*(n+1)+j]: first j values in c+1 classes */
    size_t *cut = malloc(k * (n + 1) * sizeof *cut);   /* start of the last class of that optimum */
    if (!s1 || !s2 || !best || !cut) {
        free(s1), free(s2), free(best), free(cut);
        return 0;
    }
    /* values centred on their mean, so the sums keep their precision */
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += v[i] / (double)n;
    for (size_t i = 0; i < n; i++) {
        double x = v[i] - mean;
        s1[i + 1] = s1[i] + x;
        s2[i + 1] = s2[i] + x * x;
    }
#define SSD(a, b) (s2[b] - s2[a] - (s1[b] - s1[a]) * (s1[b] - s1[a]) / (double)((b) - (a)))
    for (size_t j = 1; j <= n; j++) {
        best[j] = SSD(0, j);
        cut[j] = 0;
    }
    for (size_t c = 1; c < k; c++) {
        for (size_t j = c + 1; j <= n; j++) {
            double b = -1;
            size_t at = c;
            /* the last class is v[i..j), the first i values in c classes */
            for (size_t i = c; i < j; i++) {
                double cost = best[(c - 1) * (n + 1) + i] + SSD(i, j);
                if (b < 0 || cost < b - 1e-12 * (1 + b)) {
                    b = cost;
                    at = i;
                }
            }
            best[c * (n + 1) + j] = b;
            cut[c * (n + 1) + j] = at;
        }
    }
#undef SSD
    size_t end = n;
    bounds[0] = v[0];
    for (size_t c = k; c-- > 0;) {
        bounds[c + 1] = v[end - 1];
        end = cut[c * (n + 1) + end];
    }
    free(s1), free(s2), free(best), free(cut);
    return k;
}

/* Quantile bounds (GSL's interpolated quantiles of the sorted values);
 * classes that repeat a bound are merged. */
static size_t quantiles(const double *v, size_t n, size_t k, double *bounds)
{
    size_t m = 0;
    bounds[0] = v[0];
    for (size_t i = 1; i <= k; i++) {
        double q = i == k ? v[n - 1] : gsl_stats_quantile_from_sorted_data(v, 1, n, (double)i / (double)k);
        if (q > bounds[m])
            bounds[++m] = q;
    }
    if (m == 0) /* every value equal: one class */
        bounds[++m] = v[0];
    return m;
}

size_t map_classes(double *values, size_t n, size_t k, map_class_method method, double *bounds)
{
    if (n == 0 || k == 0)
        return 0;
    if (k > MAP_MAX_CLASSES)
        k = MAP_MAX_CLASSES;
    qsort(values, n, sizeof *values, cmp_double);
    size_t d = distinct(values, n);
    if (d <= k) {
        /* one class per distinct value */
        bounds[0] = values[0];
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (m == 0 || values[i] != bounds[m])
                bounds[++m] = values[i];
        return m;
    }
    return method == MAP_CLASSES_JENKS ? jenks(values, n, k, bounds) : quantiles(values, n, k, bounds);
}

size_t map_class_of(const double *bounds, size_t m, double v)
{
    for (size_t i = 0; i + 1 < m; i++)
        if (v <= bounds[i + 1])
            return i;
    return m ? m - 1 : 0;
}
