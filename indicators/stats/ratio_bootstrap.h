/* Ratio of sums with a percentile bootstrap interval, for leverage
 * (private euros mobilised per public euro): resampling is by supported
 * project, so the interval reflects how much the ratio depends on which
 * projects were funded. GSL's mt19937 with a fixed seed (recorded in the
 * run ledger) makes the interval reproducible run to run. */
#ifndef OBS_RATIO_BOOTSTRAP_H
#define OBS_RATIO_BOOTSTRAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    double ratio;      /* sum(num) / sum(den) */
    double lower;      /* percentile interval at the given level */
    double upper;
    bool has_interval; /* false with fewer than 2 projects or too many degenerate replicates */
    size_t valid_replicates;
} ratio_estimate;

/* num[i], den[i]: one project's private and public amounts. Returns false
 * when sum(den) is 0 (no ratio). replicates >= 1; level in (0, 1). */
bool ratio_bootstrap(const double *num, const double *den, size_t n, size_t replicates,
                     unsigned long seed, double level, ratio_estimate *out);

#endif
