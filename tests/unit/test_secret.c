/* Primary statistical secrecy on a hand-built table: the frequency rule
 * (3 establishments, 5 people), the dominance rule (one establishment above
 * 85 %), and inheritance by derived figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "catalog.h"
#include "db.h"
#include "log.h"
#include "secret.h"

static const char cells[] =
    "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
    " part_max) VALUES"
    " (1,'postes','commune','A',2024,'',100,2,0.6),"     /* 2 establishments: frequency */
    " (1,'postes','commune','B',2024,'',100,3,0.9),"     /* one makes 90 %: dominance */
    " (1,'postes','commune','C',2024,'',100,3,0.85),"    /* exactly 85 %: published */
    " (1,'postes','commune','C',2023,'',80,3,0.5),"
    " (1,'postes','commune','B',2023,'',80,4,0.5),"
    " (1,'postes','france','FR',2024,'',300,8,0.3),"
    " (1,'personnes','commune','A',2024,'',4,4,0.25),"  /* 4 people: frequency for people */
    " (1,'personnes','commune','B',2024,'',5,5,0.9),"   /* 5 people, no dominance rule for people */
    " (1,'evolution','commune','C',2024,'',25,3,0.85),"  /* both years published */
    " (1,'evolution','commune','B',2024,'',25,3,0.9);"; /* 2024 base secret: inherited */

static indicator_def def(const char *id, indicator_kind kind, const char *secret, const char *base)
{
    indicator_def d;
    memset(&d, 0, sizeof d);
    d.id = (char *)id;
    d.kind = kind;
    d.secret = (char *)secret;
    d.base = (char *)base;
    return d;
}

static int cell(sqlite3 *db, const char *ind, const char *territoire, int year, char *why, double *raw,
                int *has_value)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT secret, coalesce(motif_secret,''), valeur_brute, valeur IS NOT NULL"
                                      " FROM indicator_value WHERE indicator=? AND territoire=? AND annee=?");
    sqlite3_bind_text(st, 1, ind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, territoire, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, year);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int secret = sqlite3_column_int(st, 0);
    strcpy(why, (const char *)sqlite3_column_text(st, 1));
    *raw = sqlite3_column_double(st, 2);
    *has_value = sqlite3_column_int(st, 3);
    sqlite3_finalize(st);
    return secret;
}

static void test_primary_rules_and_inheritance(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, cells));
    indicator_def items[] = {def("postes", KIND_SUM, "etablissements", NULL),
                             def("personnes", KIND_COUNT, "personnes", NULL),
                             def("evolution", KIND_EVOLUTION, "etablissements", "postes")};
    catalog cat = {.items = items, .n = 3};
    secret_rules rules;
    secret_default_rules(&rules);
    assert_true(secret_apply(db, 1, &cat, &rules));

    char why[32];
    double raw;
    int has;
    assert_int_equal(cell(db, "postes", "A", 2024, why, &raw, &has), 1);
    assert_string_equal(why, "frequence");
    assert_false(has);          /* valeur is NULL where secret = 1 */
    assert_true(raw == 100);    /* the raw value stays for internal use */
    assert_int_equal(cell(db, "postes", "B", 2024, why, &raw, &has), 1);
    assert_string_equal(why, "dominance");
    assert_int_equal(cell(db, "postes", "C", 2024, why, &raw, &has), 0);
    assert_true(has);
    assert_int_equal(cell(db, "postes", "FR", 2024, why, &raw, &has), 0);
    assert_int_equal(cell(db, "personnes", "A", 2024, why, &raw, &has), 1);
    assert_string_equal(why, "frequence");
    assert_int_equal(cell(db, "personnes", "B", 2024, why, &raw, &has), 0);
    assert_int_equal(cell(db, "evolution", "C", 2024, why, &raw, &has), 0);
    assert_int_equal(cell(db, "evolution", "B", 2024, why, &raw, &has), 1);
    assert_string_equal(why, "herite");

    /* applying twice gives the same result (it starts from the raw values) */
    assert_true(secret_apply(db, 1, &cat, &rules));
    assert_int_equal(cell(db, "postes", "A", 2024, why, &raw, &has), 1);
    assert_true(raw == 100);
    db_close(db);
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_primary_rules_and_inheritance)};
    return cmocka_run_group_tests_name("secret", tests, NULL, NULL);
}
