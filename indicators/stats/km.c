#include "indicators/stats/km.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------- sorting helpers ---------- */

/* A value with its index: the sort carries its own key, so no file-level
 * state is shared (obs runs a reading thread beside this code). */
typedef struct {
    double value;
    size_t index;
} keyed_index;

/* Ascending values; equal values keep their original order. */
static int by_value_then_index(const void *a, const void *b)
{
    const keyed_index *x = a, *y = b;
    if (x->value != y->value)
        return (x->value > y->value) - (x->value < y->value);
    return (x->index > y->index) - (x->index < y->index);
}

/* Indices of values sorted ascending. */
static size_t *sorted_indices(const double *values, size_t n)
{
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    keyed_index *keyed = malloc((n ? n : 1) * sizeof *keyed);
    if (!idx || !keyed) {
        free(idx);
        free(keyed);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        keyed[i] = (keyed_index){values[i], i};
    qsort(keyed, n, sizeof *keyed, by_value_then_index);
    for (size_t i = 0; i < n; i++)
        idx[i] = keyed[i].index;
    free(keyed);
    return idx;
}

/* ---------- confidence intervals, as survival:::survfit_confint ---------- */

static void interval(km_ci_type type, double z, double s, double se_log, double *lower, double *upper)
{
    if (isnan(se_log) || s <= 0) {
        *lower = *upper = NAN;
        return;
    }
    switch (type) {
    case KM_CI_PLAIN:
        *lower = fmax(s - z * se_log * s, 0);
        *upper = fmin(s + z * se_log * s, 1);
        break;
    case KM_CI_LOG:
        *lower = exp(log(s) - z * se_log);
        *upper = fmin(exp(log(s) + z * se_log), 1);
        break;
    case KM_CI_LOGLOG:
        if (s >= 1) {
            *lower = *upper = NAN;
            break;
        }
        double w = z * se_log / log(s);
        double a = exp(-exp(log(-log(s)) + w)), b = exp(-exp(log(-log(s)) - w));
        *lower = fmin(a, b);
        *upper = fmax(a, b);
        break;
    }
}

/* ---------- the product-limit estimator ---------- */

/* Weight of exit i or entry i: 1 when the sample has no weights. */
static double weight_of(const double *w, size_t i) { return w ? w[i] : 1.0; }

bool km_fit_sample(const km_sample *smp, km_ci_type ci, double level, km_curve *out)
{
    memset(out, 0, sizeof *out);
    size_t n = smp->n, n_entry = smp->entry ? smp->n_entry : 0;
    size_t *by_exit = sorted_indices(smp->time, n);
    size_t *by_entry = smp->entry ? sorted_indices(smp->entry, n_entry) : NULL;
    out->rows = malloc((n ? n : 1) * sizeof *out->rows);
    if (!by_exit || (smp->entry && !by_entry) || !out->rows) {
        free(by_exit);
        free(by_entry);
        km_free(out);
        return false;
    }
    double z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
    double s = 1.0, greenwood = 0.0;
    /* sums of unit counts: exact in any order, so equal to counting units one by one */
    double entered = 0, exited = 0;
    if (!smp->entry)
        for (size_t i = 0; i < n; i++)
            entered += weight_of(smp->weight, i);
    size_t i = 0, next_entry = 0;
    while (i < n) {
        double t = smp->time[by_exit[i]];
        /* at risk at t: entered strictly before t, not yet exited before t */
        while (next_entry < n_entry && smp->entry[by_entry[next_entry]] < t)
            entered += weight_of(smp->entry_weight, by_entry[next_entry++]);
        double at_risk = entered - exited;
        double d = 0, c = 0;
        size_t j = i;
        for (; j < n && smp->time[by_exit[j]] == t; j++) {
            if (smp->event[by_exit[j]])
                d += weight_of(smp->weight, by_exit[j]);
            else
                c += weight_of(smp->weight, by_exit[j]);
        }
        if (d > 0) {
            s *= 1.0 - d / at_risk;
            greenwood += at_risk > d ? d / (at_risk * (at_risk - d)) : INFINITY;
        }
        km_row *r = &out->rows[out->n++];
        r->time = t;
        r->n_risk = at_risk;
        r->n_event = d;
        r->n_censor = c;
        r->surv = s;
        double se_log = isinf(greenwood) ? NAN : sqrt(greenwood);
        r->std_err = s > 0 && !isnan(se_log) ? s * se_log : NAN;
        interval(ci, z, s, se_log, &r->lower, &r->upper);
        exited += d + c;
        i = j;
    }
    free(by_exit);
    free(by_entry);
    return true;
}

bool km_fit(const double *entry, const double *time, const int *event, size_t n, km_ci_type ci,
            double level, km_curve *out)
{
    km_sample smp = {.time = time, .event = event, .n = n, .entry = entry, .n_entry = entry ? n : 0};
    return km_fit_sample(&smp, ci, level, out);
}

void km_free(km_curve *c)
{
    free(c->rows);
    memset(c, 0, sizeof *c);
}

void km_at(const km_curve *c, double t, double *surv, double *lower, double *upper, double *std_err)
{
    *surv = 1.0;
    *lower = *upper = *std_err = NAN;
    for (size_t i = 0; i < c->n && c->rows[i].time <= t; i++) {
        *surv = c->rows[i].surv;
        *lower = c->rows[i].lower;
        *upper = c->rows[i].upper;
        *std_err = c->rows[i].std_err;
    }
}

/* R's minmin() in print.survfit / quantile.survfit. */
static double first_below_half(const km_curve *c, int which)
{
    const double tolerance = 1.4901161193847656e-08; /* .Machine$double.eps^0.5 */
    size_t first = c->n;
    for (size_t i = 0; i < c->n; i++) {
        double y = which == 0 ? c->rows[i].surv : which == 1 ? c->rows[i].upper : c->rows[i].lower;
        if (!isnan(y) && y < 0.5 + tolerance) {
            first = i;
            break;
        }
    }
    if (first == c->n)
        return NAN;
    double y1 = which == 0 ? c->rows[first].surv : which == 1 ? c->rows[first].upper : c->rows[first].lower;
    if (fabs(y1 - 0.5) < tolerance) {
        for (size_t i = first + 1; i < c->n; i++) {
            double y = which == 0 ? c->rows[i].surv : which == 1 ? c->rows[i].upper : c->rows[i].lower;
            if (!isnan(y) && y < y1)
                return (c->rows[first].time + c->rows[i].time) / 2.0;
        }
    }
    return c->rows[first].time;
}

void km_median(const km_curve *c, double *median, double *lower, double *upper)
{
    *median = first_below_half(c, 0);
    *lower = first_below_half(c, 2); /* the lower curve crosses 0.5 first */
    *upper = first_below_half(c, 1);
}

/* ---------- log-rank ---------- */

bool km_logrank_sample(const km_sample *smp, int k, double *chisq, int *df, double *p)
{
    *chisq = NAN;
    *df = 0;
    *p = NAN;
    if (k < 2)
        return false;
    size_t n = smp->n, n_entry = smp->entry ? smp->n_entry : 0;
    const int *group = smp->group, *entry_group = smp->entry_group;
    size_t *by_exit = sorted_indices(smp->time, n);
    size_t *by_entry = smp->entry ? sorted_indices(smp->entry, n_entry) : NULL;
    double *risk = calloc((size_t)k, sizeof *risk), *dg = calloc((size_t)k, sizeof *dg);
    gsl_vector *u = gsl_vector_calloc((size_t)k);
    gsl_matrix *v = gsl_matrix_calloc((size_t)k, (size_t)k);
    bool ok = by_exit && (!smp->entry || by_entry) && risk && dg && u && v;
    if (ok && !smp->entry)
        for (size_t i = 0; i < n; i++)
            risk[group[i]] += weight_of(smp->weight, i);
    size_t i = 0, entered = 0;
    while (ok && i < n) {
        double t = smp->time[by_exit[i]];
        for (; entered < n_entry && smp->entry[by_entry[entered]] < t; entered++)
            risk[entry_group[by_entry[entered]]] += weight_of(smp->entry_weight, by_entry[entered]);
        memset(dg, 0, (size_t)k * sizeof *dg);
        double d = 0, total = 0;
        size_t j = i;
        for (; j < n && smp->time[by_exit[j]] == t; j++)
            if (smp->event[by_exit[j]]) {
                double w = weight_of(smp->weight, by_exit[j]);
                dg[group[by_exit[j]]] += w;
                d += w;
            }
        for (int g = 0; g < k; g++)
            total += risk[g];
        if (d > 0 && total > 0) {
            /* observed minus expected, and the hypergeometric covariance */
            double f = total > 1 ? d * (total - d) / (total * total * (total - 1)) : 0;
            for (int g = 0; g < k; g++) {
                gsl_vector_set(u, (size_t)g, gsl_vector_get(u, (size_t)g) + dg[g] - d * risk[g] / total);
                for (int h = 0; h < k; h++) {
                    double cov = f * risk[g] * ((g == h ? total : 0) - risk[h]);
                    gsl_matrix_set(v, (size_t)g, (size_t)h, gsl_matrix_get(v, (size_t)g, (size_t)h) + cov);
                }
            }
        }
        for (; i < j; i++)
            risk[group[by_exit[i]]] -= weight_of(smp->weight, by_exit[i]);
    }
    if (ok) {
        /* generalized inverse through the eigen-decomposition of V (symmetric,
         * rank k-1 when every group has events): eigenvalues below a relative
         * tolerance count as zero, like R's survdiff. */
        gsl_matrix *vc = gsl_matrix_alloc((size_t)k, (size_t)k), *vecs = gsl_matrix_alloc((size_t)k, (size_t)k);
        gsl_vector *vals = gsl_vector_alloc((size_t)k);
        gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc((size_t)k);
        ok = vc && vecs && vals && w;
        if (ok) {
            gsl_matrix_memcpy(vc, v);
            gsl_eigen_symmv(vc, vals, vecs, w);
            double largest = 0;
            for (int g = 0; g < k; g++)
                largest = fmax(largest, fabs(gsl_vector_get(vals, (size_t)g)));
            double sum = 0;
            int rank = 0;
            for (int g = 0; g < k; g++) {
                double lambda = gsl_vector_get(vals, (size_t)g);
                if (lambda <= largest * 1e-10)
                    continue;
                rank++;
                double proj = 0;
                for (int h = 0; h < k; h++)
                    proj += gsl_matrix_get(vecs, (size_t)h, (size_t)g) * gsl_vector_get(u, (size_t)h);
                sum += proj * proj / lambda;
            }
            *chisq = sum;
            *df = rank;
            *p = rank > 0 ? gsl_cdf_chisq_Q(sum, rank) : NAN;
        }
        gsl_eigen_symmv_free(w);
        gsl_vector_free(vals);
        gsl_matrix_free(vecs);
        gsl_matrix_free(vc);
    }
    gsl_vector_free(u);
    gsl_matrix_free(v);
    free(risk);
    free(dg);
    free(by_exit);
    free(by_entry);
    return ok && *df > 0;
}

bool km_logrank(const double *entry, const double *time, const int *event, const int *group, size_t n,
                int k, double *chisq, int *df, double *p)
{
    km_sample smp = {.time = time, .event = event, .group = group, .n = n,
                     .entry = entry, .entry_group = group, .n_entry = entry ? n : 0};
    return km_logrank_sample(&smp, k, chisq, df, p);
}
