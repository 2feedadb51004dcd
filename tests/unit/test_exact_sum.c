/* Exact sums of hundredths (exact_sum.h) and the rewriting of sum() calls
 * (sum_rewrite.h), against values worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "indicators/compute/exact_sum.h"
#include "indicators/compute/sum_rewrite.h"

static void test_cents(void **state)
{
    (void)state;
    int64_t k = -1;
    assert_true(exact_sum_cents(19.77, &k));
    assert_int_equal(k, 1977);
    assert_true(exact_sum_cents(649528.05, &k));
    assert_int_equal(k, 64952805);
    assert_true(exact_sum_cents(21.0, &k));
    assert_int_equal(k, 2100);
    assert_true(exact_sum_cents(-0.5, &k));
    assert_int_equal(k, -50);
    assert_true(exact_sum_cents(0.0, &k));
    assert_int_equal(k, 0);
    assert_true(exact_sum_cents(1e12, &k)); /* just below 2^40 */
    assert_int_equal(k, 100000000000000);
    assert_false(exact_sum_cents(0.125, &k));               /* three decimals */
    assert_false(exact_sum_cents(0.1 + 0.2, &k));           /* 0.30000000000000004, not the double of 0.30 */
    assert_false(exact_sum_cents(2e12, &k));                /* beyond 2^40 */
    assert_false(exact_sum_cents(NAN, &k));
    assert_false(exact_sum_cents(INFINITY, &k));
}

static sqlite3 *open_db(void)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_true(exact_sum_register(db));
    assert_true(exact_sum_register(db)); /* again: harmless */
    return db;
}

/* The one value of sql; its type in *type. */
static double value_of(sqlite3 *db, const char *sql, int *type)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    *type = sqlite3_column_type(st, 0);
    double v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void assert_fails(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ERROR);
    assert_string_equal(sqlite3_errmsg(db), exact_sum_inexact_message);
    sqlite3_finalize(st);
}

static void test_aggregate(void **state)
{
    (void)state;
    sqlite3 *db = open_db();
    int type;
    /* 0.10 + 0.20 = 0.30 exactly; adding the doubles gives 0.30000000000000004 */
    assert_true(value_of(db, "SELECT sum(x) FROM (SELECT 0.1 x UNION ALL SELECT 0.2)", &type) == 0.1 + 0.2);
    assert_true(value_of(db, "SELECT obs_somme_exacte(x) FROM (SELECT 0.1 x UNION ALL SELECT 0.2)", &type) ==
                0.3);
    assert_int_equal(type, SQLITE_FLOAT);
    /* ten times 0.10 is 1.00; the doubles give 0.9999999999999999 */
    assert_true(value_of(db, "WITH RECURSIVE t(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM t WHERE i < 10)"
                             " SELECT obs_somme_exacte(0.1) FROM t", &type) == 1.0);
    /* integers stay integers, as with sum(); mixed with hundredths they count as such */
    assert_true(value_of(db, "SELECT obs_somme_exacte(x) FROM (SELECT 3 x UNION ALL SELECT 4 UNION ALL"
                             " SELECT NULL)", &type) == 7);
    assert_int_equal(type, SQLITE_INTEGER);
    assert_true(value_of(db, "SELECT obs_somme_exacte(x) FROM (SELECT 3 x UNION ALL SELECT 19.77)", &type) ==
                22.77);
    assert_int_equal(type, SQLITE_FLOAT);
    assert_true(value_of(db, "SELECT obs_somme_exacte(x) FROM (SELECT 649528.05 x UNION ALL SELECT -0.05)",
                         &type) == 649528.0);
    /* no value: NULL, as sum() */
    value_of(db, "SELECT obs_somme_exacte(x) FROM (SELECT NULL x)", &type);
    assert_int_equal(type, SQLITE_NULL);
    value_of(db, "SELECT obs_somme_exacte(1) WHERE 0", &type);
    assert_int_equal(type, SQLITE_NULL);
    /* anything else: the statement fails, the caller computes another way */
    assert_fails(db, "SELECT obs_somme_exacte(x) FROM (SELECT 0.1 x UNION ALL SELECT 0.125)");
    assert_fails(db, "SELECT obs_somme_exacte('12')");
    assert_fails(db, "SELECT obs_somme_exacte(x) FROM (SELECT 9223372036854775807 x UNION ALL SELECT 1)");
    /* 100 x 1e12 = 1e16 hundredths, beyond 2^53: no longer exact as a double */
    assert_fails(db, "WITH RECURSIVE t(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM t WHERE i < 100)"
                     " SELECT obs_somme_exacte(1e12 + 0.5) FROM t");
    sqlite3_close(db);
}

static void assert_rewrite(const char *sql, const char *expected)
{
    char *out = sum_rewrite(sql);
    if (!expected) {
        assert_null(out);
        return;
    }
    assert_non_null(out);
    assert_string_equal(out, expected);
    free(out);
}

static void test_rewrite(void **state)
{
    (void)state;
    assert_rewrite("SELECT sum(m.etp), SUM (x), \"sum\"(y), Sum/* c */(z) FROM t",
                   "SELECT obs_somme_exacte(m.etp), obs_somme_exacte (x), obs_somme_exacte(y),"
                   " obs_somme_exacte/* c */(z) FROM t");
    /* names, strings and comments that are not calls stay */
    assert_rewrite("SELECT 'sum(x)', t.sum AS \"sum\", summary(x), sum_x(y), [sum] -- sum(\nFROM t /* sum( */",
                   "SELECT 'sum(x)', t.sum AS \"sum\", summary(x), sum_x(y), [sum] -- sum(\nFROM t /* sum( */");
    assert_rewrite("SELECT 'it''s sum(' || x, :sum, 1sum FROM t", "SELECT 'it''s sum(' || x, :sum, 1sum FROM t");
    assert_rewrite("SELECT max(x) / nullif(sum(x), 0)", "SELECT max(x) / nullif(obs_somme_exacte(x), 0)");
    assert_rewrite("SELECT sum(", "SELECT obs_somme_exacte(");
    assert_rewrite("SELECT 'unterminated sum(", "SELECT 'unterminated sum(");
    /* total() adds doubles and has no exact counterpart here */
    assert_rewrite("SELECT total(x) FROM t", NULL);
    assert_rewrite("SELECT 'total(x)' FROM t", "SELECT 'total(x)' FROM t");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cents),
        cmocka_unit_test(test_aggregate),
        cmocka_unit_test(test_rewrite),
    };
    return cmocka_run_group_tests_name("exact_sum", tests, NULL, NULL);
}
