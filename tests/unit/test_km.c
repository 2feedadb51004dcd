/* Kaplan–Meier and log-rank against cases worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>

#include "stats/km.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_left_truncation),
        cmocka_unit_test(test_median_on_a_flat_half),
        cmocka_unit_test(test_logrank_two_groups),
        cmocka_unit_test(test_ties_events_before_censorings),
    };
    return cmocka_run_group_tests_name("km", tests, NULL, NULL);
}
