/* Value parsers, against hand-picked values (SIRETs computed by hand with Luhn). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "engine/load/parse.h"

static void test_dates(void **state)
{
    (void)state;
    char out[11];
    assert_true(parse_date("2024-02-29", out));
    assert_string_equal(out, "2024-02-29");
    assert_true(parse_date("29/02/2024", out));
    assert_string_equal(out, "2024-02-29");
    assert_true(parse_date(" 2000-02-29 ", out)); /* divisible by 400: leap */
    assert_false(parse_date("1900-02-29", out));  /* divisible by 100: not leap */
    assert_false(parse_date("2023-02-29", out));
    assert_false(parse_date("31/04/2024", out));
    assert_false(parse_date("2024-13-01", out));
    assert_false(parse_date("5/1/2024", out));
    assert_false(parse_date("2024/01/05", out));
    assert_false(parse_date("", out));
    assert_false(parse_date("1799-12-31", out));
}

static void test_integers(void **state)
{
    (void)state;
    int64_t v;
    assert_true(parse_int64("12", &v) && v == 12);
    assert_true(parse_int64("1 234 567", &v) && v == 1234567);
    assert_true(parse_int64("1\xc2\xa0" "234", &v) && v == 1234);     /* NBSP */
    assert_true(parse_int64("1\xe2\x80\xaf" "234", &v) && v == 1234); /* narrow NBSP */
    assert_true(parse_int64("-5", &v) && v == -5);
    assert_true(parse_int64(" 7 ", &v) && v == 7);
    assert_false(parse_int64("1.5", &v));
    assert_false(parse_int64("1 23", &v));
    assert_false(parse_int64("99999999999999999999", &v));
    assert_false(parse_int64("", &v));
    assert_false(parse_int64("12a", &v));
    assert_false(parse_int64("-", &v));
}

static void test_decimals(void **state)
{
    (void)state;
    double v;
    assert_true(parse_decimal("1 234,56", true, &v) && v == 1234.56);
    assert_true(parse_decimal("1.234,56", true, &v) && v == 1234.56);
    assert_true(parse_decimal("12\xc2\xa0" "500,00", true, &v) && v == 12500.0);
    assert_true(parse_decimal("1234.5", false, &v) && v == 1234.5);
    assert_true(parse_decimal("1234.5", true, &v) && v == 1234.5); /* '.' is always a decimal point */
    assert_true(parse_decimal("-3.5", false, &v) && v == -3.5);
    assert_false(parse_decimal("1234,5", false, &v)); /* ',' only in ';' files */
    assert_false(parse_decimal("nan", false, &v));
    assert_false(parse_decimal("inf", false, &v));
    assert_false(parse_decimal("1e5", false, &v));
    assert_false(parse_decimal("0x10", false, &v));
    assert_false(parse_decimal("1 23", true, &v));
    assert_false(parse_decimal("1,2,3", true, &v));
    assert_false(parse_decimal(".5", false, &v));
    assert_false(parse_decimal("5.", false, &v));
    assert_false(parse_decimal("", false, &v));
}

static void test_siren_siret(void **state)
{
    (void)state;
    /* 732829320, from the right, every second digit doubled (minus 9 above 9):
     * 0 + 4 + 3 + 9 + 2 + 7 + 2 + 6 + 7 = 40, a multiple of 10 */
    assert_true(siren_valid("732829320"));
    assert_false(siren_valid("732829321"));
    assert_false(siren_valid("73282932"));
    assert_true(siret_valid("73282932000074"));
    assert_false(siret_valid("73282932000075"));
    assert_false(siret_valid("7328293200007A"));
    assert_false(siret_valid("7328293200007"));
    /* La Poste: digit sum 3+5+6+4+9+8+3+7 = 45, a multiple of 5, though not Luhn-valid */
    assert_true(siret_valid("35600000049837"));
    assert_false(siret_valid("35600000049838"));
}

static void test_naf(void **state)
{
    (void)state;
    char out[7];
    assert_true(naf_normalize("8899B", out));
    assert_string_equal(out, "88.99B");
    assert_true(naf_normalize(" 88.99b ", out));
    assert_string_equal(out, "88.99B");
    assert_false(naf_normalize("88-99B", out));
    assert_false(naf_normalize("889B", out));
    assert_false(naf_normalize("88.99", out));
}

static void test_trim_blank(void **state)
{
    (void)state;
    char s[] = "\xc2\xa0  abc \xe2\x80\xaf";
    assert_string_equal(str_trim(s), "abc");
    assert_true(is_blank(NULL));
    assert_true(is_blank(" \xc2\xa0"));
    assert_false(is_blank(" a"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_decimals),     cmocka_unit_test(test_siren_siret),
        cmocka_unit_test(test_naf),          cmocka_unit_test(test_trim_blank),
    };
    return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
