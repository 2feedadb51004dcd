#include "indicators/stats/ratio_bootstrap.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdint.h>
#include <stdlib.h>

#include "indicators/stats/mt19937.h"

bool ratio_bootstrap(const double *num, const double *den, size_t n, size_t replicates,
                     unsigned long seed, double level, ratio_estimate *out)
{
    out->has_interval = false;
    out->valid_replicates = 0;
    double sn = 0, sd = 0;
    for (size_t i = 0; i < n; i++) {
        sn += num[i];
        sd += den[i];
    }
    if (n == 0 || sd <= 0)
        return false;
    out->ratio = sn / sd;
    out->lower = out->upper = out->ratio;
    if (n < 2 || replicates == 0)
        return true;

    /* GSL's mt19937 and gsl_rng_uniform_int, inline (mt19937.h): the same
     * draws; n is far below their limit, 2^32 - 1 */
    double *stats = n <= UINT32_MAX ? malloc(replicates * sizeof *stats) : NULL;
    mt19937 *rng = malloc(sizeof *rng);
    if (!stats || !rng) {
        free(stats);
        free(rng);
        return true; /* the point estimate stands; no interval */
    }
    mt19937_seed(rng, seed);
    size_t valid = 0;
    for (size_t b = 0; b < replicates; b++) {
        double bn = 0, bd = 0;
        for (size_t k = 0; k < n; k++) {
            size_t i = mt19937_uniform_int(rng, (uint32_t)n);
            bn += num[i];
            bd += den[i];
        }
        if (bd > 0) /* a resample with no public money has no ratio */
            stats[valid++] = bn / bd;
    }
    /* Percentiles need most replicates to be defined to mean anything. */
    if (valid >= replicates / 2 && valid >= 2) {
        gsl_sort(stats, 1, valid);
        double alpha = (1.0 - level) / 2.0;
        out->lower = gsl_stats_quantile_from_sorted_data(stats, 1, valid, alpha);
        out->upper = gsl_stats_quantile_from_sorted_data(stats, 1, valid, 1.0 - alpha);
        out->has_interval = true;
    }
    out->valid_replicates = valid;
    free(stats);
    free(rng);
    return true;
}
