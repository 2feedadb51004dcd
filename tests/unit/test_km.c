/* Kaplan–Meier and log-rank against cases worked out by hand, and counted
 * observations against the same units one by one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>

#include "indicators/stats/km.h"

static int near(double a, double b) { return fabs(a - b) <= 1e-12 * fmax(1, fabs(b)); }
#define NEAR(a, b) assert_true(near((a), (b)))

static void test_left_truncation(void **state)
{
    (void)state;
    /* (entry, exit, event): (0,2,1) (0,3,0) (1,4,1) (2.5,5,1). At risk when entry < t <= exit:
     * t=2: subjects 1,2,3 -> 3, one event: S = 2/3, Greenwood 1/(3*2)
     * t=3: subjects 2,3,4 (entered at 2.5) -> 3, one censoring: S = 2/3
     * t=4: subjects 3,4 -> 2, one event: S = 1/3, Greenwood 1/6 + 1/(2*1) = 2/3
     * t=5: subject 4 -> 1, one event: S = 0 */
    double entry[] = {0, 0, 1, 2.5}, exit[] = {2, 3, 4, 5};
    int event[] = {1, 0, 1, 1};
    km_curve c;
    assert_true(km_fit(entry, exit, event, 4, KM_CI_LOG, 0.95, &c));
    assert_int_equal(c.n, 4);
    NEAR(c.rows[0].n_risk, 3);
    NEAR(c.rows[1].n_risk, 3);
    NEAR(c.rows[1].n_censor, 1);
    NEAR(c.rows[2].n_risk, 2);
    NEAR(c.rows[3].n_risk, 1);
    NEAR(c.rows[0].surv, 2.0 / 3);
    NEAR(c.rows[2].surv, 1.0 / 3);
    NEAR(c.rows[3].surv, 0);
    NEAR(c.rows[0].std_err, 2.0 / 3 * sqrt(1.0 / 6));
    NEAR(c.rows[2].std_err, 1.0 / 3 * sqrt(2.0 / 3));
    assert_true(isnan(c.rows[3].std_err)); /* R: NA once the curve reaches 0 */
    double z = gsl_cdf_ugaussian_Pinv(0.975);
    NEAR(c.rows[0].lower, 2.0 / 3 * exp(-z * sqrt(1.0 / 6)));
    NEAR(c.rows[0].upper, 1.0); /* clipped */
    double med, lo, hi;
    km_median(&c, &med, &lo, &hi);
    NEAR(med, 4);
    double s, l, u, se;
    km_at(&c, 3.5, &s, &l, &u, &se);
    NEAR(s, 2.0 / 3);
    km_at(&c, 1, &s, &l, &u, &se);
    NEAR(s, 1);
    km_free(&c);
}

static void test_median_on_a_flat_half(void **state)
{
    (void)state;
    /* times 1,2,3,4 all events: S = 3/4, 1/2, 1/4, 0; the curve equals 0.5 from
     * t=2 to t=3, so the median is the midpoint 2.5 (R's quantile.survfit) */
    double exit[] = {1, 2, 3, 4};
    int event[] = {1, 1, 1, 1};
    km_curve c;
    assert_true(km_fit(NULL, exit, event, 4, KM_CI_LOGLOG, 0.95, &c));
    double med, lo, hi;
    km_median(&c, &med, &lo, &hi);
    NEAR(med, 2.5);
    km_free(&c);
}

static void test_logrank_two_groups(void **state)
{
    (void)state;
    /* A: 1 (event), 3 (event); B: 2 (event), 4 (censored).
     * t=1: n=4, nA=2, d=1 in A: E_A = 1/2, V = 1*3/(16*3) * 2*2 = 1/4
     * t=2: n=3, nA=1, d=1 in B: E_A = 1/3, V = 1*2/(9*2) * 1*2 = 2/9
     * t=3: n=2, nA=1, d=1 in A: E_A = 1/2, V = 1*1/(4*1) * 1*1 = 1/4
     * O_A - E_A = 2 - 4/3 = 2/3; V = 13/18; chisq = (4/9) / (13/18) = 8/13 */
    double time[] = {1, 3, 2, 4};
    int event[] = {1, 1, 1, 0}, group[] = {0, 0, 1, 1};
    double chisq, p;
    int df;
    assert_true(km_logrank(NULL, time, event, group, 4, 2, &chisq, &df, &p));
    NEAR(chisq, 8.0 / 13);
    assert_int_equal(df, 1);
    NEAR(p, gsl_cdf_chisq_Q(8.0 / 13, 1));
    /* one group only: no test */
    int one[] = {0, 0, 0, 0};
    assert_false(km_logrank(NULL, time, event, one, 4, 1, &chisq, &df, &p));
}

static void test_ties_events_before_censorings(void **state)
{
    (void)state;
    /* at t=2 one event and one censoring among 3 at risk: both are at risk at 2 */
    double exit[] = {2, 2, 5};
    int event[] = {1, 0, 1};
    km_curve c;
    assert_true(km_fit(NULL, exit, event, 3, KM_CI_PLAIN, 0.9, &c));
    assert_int_equal(c.n, 2);
    NEAR(c.rows[0].n_risk, 3);
    NEAR(c.rows[0].n_event, 1);
    NEAR(c.rows[0].n_censor, 1);
    NEAR(c.rows[0].surv, 2.0 / 3);
    NEAR(c.rows[1].n_risk, 1);
    NEAR(c.rows[1].surv, 0);
    km_free(&c);
}

/* Same double, NaN (R's NA) included: the counted results must be the units' bit for bit. */
static int same(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

static void assert_same_curve(const km_curve *a, const km_curve *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const km_row *x = &a->rows[i], *y = &b->rows[i];
        assert_true(same(x->time, y->time) && same(x->n_risk, y->n_risk) && same(x->n_event, y->n_event) &&
                    same(x->n_censor, y->n_censor) && same(x->surv, y->surv) && same(x->std_err, y->std_err) &&
                    same(x->lower, y->lower) && same(x->upper, y->upper));
    }
}

static void test_counted_by_hand(void **state)
{
    (void)state;
    /* 3 units close at 2, 1 is censored at 3, 2 close at 4; 6 at risk at first:
     * t=2: S = 1 - 3/6 = 1/2, Greenwood 3/(6*3) = 1/6
     * t=3: 3 at risk, one censoring: S = 1/2
     * t=4: 2 at risk, 2 events: S = 0 */
    double time[] = {4, 2, 3};
    int event[] = {1, 1, 0};
    double weight[] = {2, 3, 1};
    km_sample s = {.time = time, .event = event, .weight = weight, .n = 3};
    km_curve c;
    assert_true(km_fit_sample(&s, KM_CI_LOG, 0.95, &c));
    assert_int_equal(c.n, 3);
    NEAR(c.rows[0].n_risk, 6);
    NEAR(c.rows[0].n_event, 3);
    NEAR(c.rows[0].surv, 0.5);
    NEAR(c.rows[0].std_err, 0.5 * sqrt(1.0 / 6));
    NEAR(c.rows[1].n_risk, 3);
    NEAR(c.rows[1].n_censor, 1);
    NEAR(c.rows[1].surv, 0.5);
    NEAR(c.rows[2].n_risk, 2);
    NEAR(c.rows[2].n_event, 2);
    NEAR(c.rows[2].surv, 0);
    km_free(&c);
    /* delayed entry: 2 of the 3 closing at 4 entered at 2.5, so they are not
     * at risk at 2 (4 at risk, 3 events: S = 1/4); at 3: 6 entered - 3 gone = 3 */
    double time2[] = {2, 3, 4};
    int event2[] = {1, 0, 1};
    double weight2[] = {3, 1, 2}, entry[] = {0, 2.5}, entry_weight[] = {4, 2};
    km_sample d = {.time = time2, .event = event2, .weight = weight2, .n = 3,
                   .entry = entry, .entry_weight = entry_weight, .n_entry = 2};
    assert_true(km_fit_sample(&d, KM_CI_LOG, 0.95, &c));
    NEAR(c.rows[0].n_risk, 4);
    NEAR(c.rows[0].surv, 0.25);
    NEAR(c.rows[1].n_risk, 3);
    NEAR(c.rows[2].n_risk, 2);
    NEAR(c.rows[2].surv, 0);
    km_free(&c);
}

/* Units with heavily tied whole-month times (as the catalog's), some entering
 * late, in three groups; then the same units counted by (group, time, event)
 * and (group, entry): every curve and the log-rank test must be identical. */
enum { UNITS = 3000 };

static void test_counted_equals_units(void **state)
{
    (void)state;
    static double entry[UNITS], time[UNITS];
    static int event[UNITS], group[UNITS];
    unsigned long long x = 20241231;
    for (int i = 0; i < UNITS; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned r = (unsigned)(x >> 33);
        group[i] = (int)(r % 3);
        entry[i] = (r >> 2) % 4 == 0 ? (double)((r >> 4) % 60) / 12.0 : 0;
        time[i] = entry[i] + (double)(1 + (r >> 10) % 150) / 12.0;
        event[i] = (r >> 20) % 3 != 0;
    }
    /* the counted form, built by plain search */
    static double ctime[UNITS], cweight[UNITS], centry[UNITS], centry_weight[UNITS];
    static int cevent[UNITS], cgroup[UNITS], centry_group[UNITS];
    size_t n = 0, n_entry = 0;
    for (int i = 0; i < UNITS; i++) {
        size_t k = 0;
        while (k < n && !(ctime[k] == time[i] && cevent[k] == event[i] && cgroup[k] == group[i]))
            k++;
        if (k == n) {
            ctime[n] = time[i], cevent[n] = event[i], cgroup[n] = group[i], cweight[n++] = 0;
        }
        cweight[k]++;
        for (k = 0; k < n_entry && !(centry[k] == entry[i] && centry_group[k] == group[i]); k++)
            ;
        if (k == n_entry) {
            centry[n_entry] = entry[i], centry_group[n_entry] = group[i], centry_weight[n_entry++] = 0;
        }
        centry_weight[k]++;
    }
    assert_true(n < UNITS / 2); /* the ties do compress */
    for (int g = 0; g < 3; g++) {
        static double e1[UNITS], t1[UNITS], ct[UNITS], cw[UNITS], ce[UNITS], cew[UNITS];
        static int ev1[UNITS], cev[UNITS];
        size_t m = 0, cm = 0, cme = 0;
        for (int i = 0; i < UNITS; i++)
            if (group[i] == g)
                e1[m] = entry[i], t1[m] = time[i], ev1[m++] = event[i];
        for (size_t k = 0; k < n; k++)
            if (cgroup[k] == g)
                ct[cm] = ctime[k], cev[cm] = cevent[k], cw[cm++] = cweight[k];
        for (size_t k = 0; k < n_entry; k++)
            if (centry_group[k] == g)
                ce[cme] = centry[k], cew[cme++] = centry_weight[k];
        for (int delayed = 0; delayed < 2; delayed++) {
            km_curve a, b;
            assert_true(km_fit(delayed ? e1 : NULL, t1, ev1, m, KM_CI_LOGLOG, 0.95, &a));
            km_sample s = {.time = ct, .event = cev, .weight = cw, .n = cm};
            if (delayed)
                s.entry = ce, s.entry_weight = cew, s.n_entry = cme;
            assert_true(km_fit_sample(&s, KM_CI_LOGLOG, 0.95, &b));
            assert_same_curve(&a, &b);
            km_free(&a);
            km_free(&b);
        }
    }
    for (int delayed = 0; delayed < 2; delayed++) {
        double chisq, p, cchisq, cp;
        int df, cdf;
        assert_true(km_logrank(delayed ? entry : NULL, time, event, group, UNITS, 3, &chisq, &df, &p));
        km_sample s = {.time = ctime, .event = cevent, .weight = cweight, .group = cgroup, .n = n};
        if (delayed)
            s.entry = centry, s.entry_weight = centry_weight, s.entry_group = centry_group, s.n_entry = n_entry;
        assert_true(km_logrank_sample(&s, 3, &cchisq, &cdf, &cp));
        assert_true(chisq == cchisq && df == cdf && p == cp);
        assert_int_equal(df, 2);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_left_truncation),
        cmocka_unit_test(test_median_on_a_flat_half),
        cmocka_unit_test(test_logrank_two_groups),
        cmocka_unit_test(test_ties_events_before_censorings),
        cmocka_unit_test(test_counted_by_hand),
        cmocka_unit_test(test_counted_equals_units),
    };
    return cmocka_run_group_tests_name("km", tests, NULL, NULL);
}
