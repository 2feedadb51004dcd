/* Kaplan–Meier survival (product-limit estimator) with GSL, matching R's
 * survival package: right censoring, left truncation (delayed entry: a
 * subject is at risk at t when entry < t <= exit, as Surv(start, stop,
 * event)), ties with events before censorings, Greenwood variance, intervals
 * "log-log", "log" and "plain" at any level, medians with their interval as
 * quantile.survfit, survival at a horizon, and the log-rank test (survdiff,
 * rho = 0) across groups. Missing values (R's NA) are NAN.
 * Observations may come counted (km_sample): units sharing an exit time and
 * event, or an entry time, are given once with their number; the estimator
 * only ever sums those numbers, so with whole counts the results are exactly
 * (bit for bit) those of the units given one by one. */
#ifndef OBS_KM_H
#define OBS_KM_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { KM_CI_LOGLOG, KM_CI_LOG, KM_CI_PLAIN } km_ci_type;

typedef struct {
    double time;
    double n_risk, n_event, n_censor;
    double surv;
    double std_err;   /* standard error of the survival: surv * sqrt(Greenwood sum) */
    double lower, upper;
} km_row;

typedef struct {
    km_row *rows;     /* one per distinct time with an event or a censoring */
    size_t n;
} km_curve;

/* Counted observations of one sample: n exits (time[i], event[i] 0 or 1,
 * weight[i] units; weight NULL: one each), and, for delayed entry, n_entry
 * entries (entry[i], entry_weight[i] units entering at entry[i]; NULL: one
 * each). entry NULL: every unit is at risk from the start. Every unit has one
 * exit and, with entry, one entry before it. group and entry_group (0..k-1)
 * are read by the log-rank test only. */
typedef struct {
    const double *time;
    const int *event;
    const double *weight;
    const int *group;
    size_t n;
    const double *entry;
    const double *entry_weight;
    const int *entry_group;
    size_t n_entry;
} km_sample;

/* km_fit on counted observations. */
bool km_fit_sample(const km_sample *s, km_ci_type ci, double level, km_curve *out);
/* km_logrank on counted observations. */
bool km_logrank_sample(const km_sample *s, int k, double *chisq, int *df, double *p);

/* Fits one group. entry may be NULL (no delayed entry). time[i] > entry[i];
 * event[i] is 0 or 1. Returns false on allocation failure or invalid input
 * (the curve is then empty). */
bool km_fit(const double *entry, const double *time, const int *event, size_t n, km_ci_type ci,
            double level, km_curve *out);
void km_free(km_curve *c);

/* Survival at time t (the step function's value), with its interval and
 * standard error; before the first time, 1 with no interval. */
void km_at(const km_curve *c, double t, double *surv, double *lower, double *upper, double *std_err);

/* Median survival and its interval as R's quantile.survfit: the first time
 * the curve is at or below 0.5, or the midpoint to the next drop when it
 * equals 0.5 over a flat stretch; the bounds where the lower and the upper
 * confidence curves cross 0.5. */
void km_median(const km_curve *c, double *median, double *lower, double *upper);

/* Log-rank test across k groups (group[i] in 0..k-1), with delayed entry
 * when entry is not NULL: chisq = U' V^- U, df = rank of V, p from the
 * chi-square distribution. */
bool km_logrank(const double *entry, const double *time, const int *event, const int *group, size_t n,
                int k, double *chisq, int *df, double *p);

#endif
