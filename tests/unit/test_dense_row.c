/* The dense row of the exact eliminations (dense_row.h): the next non-zero
 * position and the clearing, with the range of words it keeps, on
 * positions chosen by hand across several 64-bit words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "indicators/linear/dense_row.h"

static void test_next_and_clear(void **state)
{
    (void)state;
    enum { N = 1000 };
    uint32_t val[N] = {0};
    uint64_t nz[(N + 63) / 64] = {0};
    dense_row w = {.val = val, .nz = nz, .n = N};
    assert_int_equal(dense_row_next(&w, 0), N);
    dense_row_set(&w, 700, 5);
    dense_row_set(&w, 130, 7);
    dense_row_set(&w, 999, 1);
    assert_int_equal(dense_row_next(&w, 0), 130);
    assert_int_equal(dense_row_next(&w, 131), 700);
    assert_int_equal(dense_row_next(&w, 700), 700);
    assert_int_equal(dense_row_next(&w, 701), 999);
    assert_int_equal(dense_row_next(&w, 1000), N);
    dense_row_set(&w, 700, 0); /* a zero set in the middle */
    assert_int_equal(dense_row_next(&w, 131), 999);
    dense_row_clear(&w);
    assert_int_equal(dense_row_next(&w, 0), N);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(val[i], 0);
    for (size_t i = 0; i < (N + 63) / 64; i++)
        assert_true(nz[i] == 0);
    /* after a clear, a position below the former range is found */
    dense_row_set(&w, 3, 2);
    dense_row_set(&w, 64, 4);
    assert_int_equal(dense_row_next(&w, 0), 3);
    assert_int_equal(dense_row_next(&w, 4), 64);
    assert_int_equal(dense_row_next(&w, 65), N);
    dense_row_clear(&w);
    dense_row_set(&w, 999, 9);
    assert_int_equal(dense_row_next(&w, 0), 999);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_next_and_clear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
