/* mt19937.h against GSL itself: the same words and the same bounded draws,
 * for seeds with their special cases (0 is 4357; only the low 32 bits count)
 * and bounds from 1 to 2^32 - 1, over several blocks of 624 words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <gsl/gsl_rng.h>

#include "indicators/stats/mt19937.h"

static const unsigned long seeds[] = {0, 1, 7, 42, 4357, 20241231, 0xffffffffUL, 0x100000000UL, 0x123456789UL};

static void test_words(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        gsl_rng_set(r, seeds[s]);
        mt19937 m;
        mt19937_seed(&m, seeds[s]);
        for (int i = 0; i < 5000; i++)
            assert_int_equal(mt19937_get(&m), gsl_rng_get(r));
    }
    /* the reference's first word for seed 5489 (Matsumoto and Nishimura's
     * mt19937ar.c, init_genrand(5489)): 3499211612 */
    mt19937 m;
    mt19937_seed(&m, 5489);
    assert_int_equal(mt19937_get(&m), 3499211612u);
    gsl_rng_free(r);
}

static void test_uniform_int(void **state)
{
    (void)state;
    static const uint32_t bounds[] = {1, 2, 3, 5, 10, 137, 1000, 65537, 1000003, 0x7fffffffu, 0x80000001u,
                                      0xfffffffeu, 0xffffffffu};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(r);
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++)
        for (size_t b = 0; b < sizeof bounds / sizeof bounds[0]; b++) {
            gsl_rng_set(r, seeds[s]);
            mt19937 m;
            mt19937_seed(&m, seeds[s]);
            for (int i = 0; i < 3000; i++) {
                /* bounds vary within a sequence too, as the bootstrap's do not */
                uint32_t n = i % 7 == 0 ? bounds[(b + (size_t)i) % (sizeof bounds / sizeof bounds[0])] : bounds[b];
                uint32_t k = mt19937_uniform_int(&m, n);
                assert_true(k < n);
                assert_int_equal(k, gsl_rng_uniform_int(r, n));
            }
        }
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_words), cmocka_unit_test(test_uniform_int)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
