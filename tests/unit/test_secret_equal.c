/* Equal indicators in the secondary suppression (secret_equal.c), on a
 * hand-built table: communes X, Y, Z of EPCI E. Indicators a and b are
 * equal everywhere (X 2, Y 8, Z 5, E 15); a's X has 2 establishments
 * (primary), b's Y has 2 (primary). Indicator c agrees with them on X and Y
 * only (Z 6, E 16, published): not equal, left alone.
 * By hand, round 1: a's EPCI group loses Z (5 establishments, fewer than Y's
 * 8), b's loses X (4, fewer than Z's 5); the pair (a.X, b.X) loses b.X and
 * the pair (a.Y, b.Y) loses a.Y. Round 2: the pair (a.Z, b.Z) loses b.Z.
 * Then both places X and Y are masked in both indicators, every group
 * holds 0 or at least 2 secret cells, and E stays published: a.X + a.Y +
 * a.Z = 15 with nothing else known. Without the pairs, b.Z = 5 published
 * would give a.Z, then a.X = 15 - 8 - 5. c: X primary, its EPCI group loses
 * Z (6 establishments, fewer than Y's 8); Y stays published. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "indicators/audit/secret_audit.h"
#include "indicators/compute/catalog.h"
#include "indicators/secret/secret.h"

static const char table[] =
    "INSERT INTO geo VALUES ('X','commune','X'),('X','epci','E'),('Y','commune','Y'),('Y','epci','E'),"
    " ('Z','commune','Z'),('Z','epci','E');"
    "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
    " part_max) VALUES"
    " (1,'a','epci','E',2024,'',15,15,0.1),(1,'a','commune','X',2024,'',2,2,0.5),"
    " (1,'a','commune','Y',2024,'',8,8,0.1),(1,'a','commune','Z',2024,'',5,5,0.1),"
    " (1,'b','epci','E',2024,'',15,11,0.1),(1,'b','commune','X',2024,'',2,4,0.5),"
    " (1,'b','commune','Y',2024,'',8,2,0.5),(1,'b','commune','Z',2024,'',5,5,0.2),"
    " (1,'c','epci','E',2024,'',16,16,0.1),(1,'c','commune','X',2024,'',2,2,0.5),"
    " (1,'c','commune','Y',2024,'',8,8,0.1),(1,'c','commune','Z',2024,'',6,6,0.1);";

static indicator_def count(const char *id)
{
    indicator_def d;
    memset(&d, 0, sizeof d);
    d.id = (char *)id;
    d.kind = KIND_COUNT;
    d.secret = (char *)"etablissements";
    return d;
}

static void assert_secret_cells(sqlite3 *db, const char *expected)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT group_concat(l, ' ') FROM (SELECT indicator || ':' || territoire"
                                      " || ':' || motif_secret AS l FROM indicator_value WHERE secret = 1 ORDER BY l)");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), expected);
    sqlite3_finalize(st);
}

static void test_equal_indicators_masked_together(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, table));
    indicator_def items[] = {count("a"), count("b"), count("c")};
    catalog cat = {.items = items, .n = 3};
    secret_rules rules;
    secret_default_rules(&rules);
    rules.combinations = true;
    assert_true(secret_apply(db, 1, &cat, &rules));
    assert_secret_cells(db, "a:X:frequence a:Y:secondaire a:Z:secondaire b:X:secondaire b:Y:frequence"
                            " b:Z:secondaire c:X:frequence c:Z:secondaire");
    /* the audit's attacker finds nothing either */
    secret_audit_result r;
    assert_true(secret_audit(db, 1, &rules, &r));
    assert_int_equal(r.leaks, 0);
    db_close(db);
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_equal_indicators_masked_together)};
    return cmocka_run_group_tests_name("secret_equal", tests, NULL, NULL);
}
