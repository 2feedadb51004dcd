/* Arithmetic modulo 2^31 - 1 (modp.h): values worked out by hand from
 * 2^31 = 1 (mod p), and the inverse checked against its definition. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "indicators/linear/modp.h"

static void test_reduce_and_products(void **state)
{
    (void)state;
    assert_int_equal(modp_reduce(MODP_P), 0);
    assert_int_equal(modp_reduce((uint64_t)MODP_P + 5), 5);
    /* 2^64 = 2^(2 * 31 + 2) = 4, so 2^64 - 1 = 3 */
    assert_int_equal(modp_reduce(UINT64_MAX), 3);
    /* 2^30 * 4 = 2^32 = 2 */
    assert_int_equal(modp_mul(1u << 30, 4), 2);
    /* (p - 1)^2 = (-1)^2 */
    assert_int_equal(modp_mul(MODP_P - 1, MODP_P - 1), 1);
    assert_int_equal(modp_mul(0, MODP_P - 1), 0);
    assert_int_equal(modp_add(MODP_P - 1, MODP_P - 1), MODP_P - 2);
    assert_int_equal(modp_add(MODP_P - 1, 1), 0);
    assert_int_equal(modp_sub(0, 1), MODP_P - 1);
    assert_int_equal(modp_sub(7, 5), 2);
    assert_int_equal(modp_of(-1), MODP_P - 1);
    assert_int_equal(modp_of(-(int64_t)MODP_P - 2), MODP_P - 2);
}

static void test_inverse(void **state)
{
    (void)state;
    assert_int_equal(modp_inverse(1), 1);
    /* 2 * 2^30 = 2^31 = 1 */
    assert_int_equal(modp_inverse(2), 1u << 30);
    /* 3 * 1 431 655 765 = 4 294 967 295 = 2p + 1 */
    assert_int_equal(modp_inverse(3), 1431655765u);
    assert_int_equal(modp_inverse(MODP_P - 1), MODP_P - 1);
    for (uint32_t a = 1; a < 100000; a += 7)
        assert_int_equal(modp_mul(a, modp_inverse(a)), 1);
    for (uint32_t a = MODP_P - 1; a > MODP_P - 100000; a -= 13)
        assert_int_equal(modp_mul(a, modp_inverse(a)), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reduce_and_products),
        cmocka_unit_test(test_inverse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
