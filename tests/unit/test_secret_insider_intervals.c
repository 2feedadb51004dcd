/* Interval protection against a funder who knows its own cells
 * (secret_insider_intervals.h), on groups written by hand as secret.c
 * builds them, the funders read from the keys stored as data. Worked out
 * on paper. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/dimension_key.h"
#include "engine/core/log.h"
#include "indicators/compute/catalog.h"
#include "indicators/secret/secret_insider_intervals.h"
#include "indicators/secret/secret_intervals.h"

/* Amounts (whole, at least 0). g1: T 100 = F's part 60 + G's 30 + H's 10
 * (the three in commune a, T their total); g2: U 32 = G's part + K 1 + K'
 * 1; g3: W 12 = H's part + L 1 + L' 1. Hidden: the three parts, K, K', L,
 * L'. The outsider: G's part in [0, 32], H's in [0, 12], F's in [56, 100]:
 * each reaches beyond 10 % of its value on one side. F, who knows its 60:
 * G + H = 40, so G >= 40 - 12 = 28 and G <= 32, within [27, 33]: narrow;
 * H = 40 - G in [8, 12] (8 < 9: wide enough). G, knowing 30: F + H = 70,
 * F in [58, 70] (70 > 66), K + K' = 2 (each in [0, 2]); H, knowing 10: F
 * in [58, 90]. One published cell of G's part's groups is hidden, T or U,
 * never F's part (F knows it); then F bounds nothing. */
static sqlite3 *groups_db(void)
{
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, valeur_brute,"
        " secret) VALUES"
        " (1,'montant_prive','commune','a',2024,'',100,100,0),"
        " (1,'montant_prive','commune','a',2024,dim('financeur','F'),NULL,60,1),"
        " (1,'montant_prive','commune','a',2024,dim('financeur','G'),NULL,30,1),"
        " (1,'montant_prive','commune','a',2024,dim('financeur','H'),NULL,10,1),"
        " (1,'montant_prive','commune','u',2024,'',32,32,0),"
        " (1,'montant_prive','commune','k',2024,'',NULL,1,1),"
        " (1,'montant_prive','commune','k2',2024,'',NULL,1,1),"
        " (1,'montant_prive','commune','w',2024,'',12,12,0),"
        " (1,'montant_prive','commune','l',2024,'',NULL,1,1),"
        " (1,'montant_prive','commune','l2',2024,'',NULL,1,1);"));
    char why[300];
    assert_true(dimension_keys_store(db, 1, NULL, why, sizeof why));
    assert_true(db_exec(db,
        "CREATE TEMP TABLE members(grp TEXT NOT NULL, id INTEGER NOT NULL, x REAL, total INTEGER, secret INTEGER);"
        "INSERT INTO temp.members SELECT 'g1', rowid, valeur_brute, dimension = '', secret FROM indicator_value"
        " WHERE territoire = 'a';"
        "INSERT INTO temp.members SELECT 'g2', rowid, valeur_brute, territoire = 'u', secret FROM indicator_value"
        " WHERE territoire IN ('u', 'k', 'k2') OR dimension = dim('financeur','G');"
        "INSERT INTO temp.members SELECT 'g3', rowid, valeur_brute, territoire = 'w', secret FROM indicator_value"
        " WHERE territoire IN ('w', 'l', 'l2') OR dimension = dim('financeur','H');"
        "CREATE TEMP TABLE groups(grp TEXT PRIMARY KEY, nsecret INTEGER NOT NULL);"
        "INSERT INTO temp.groups SELECT grp, sum(secret) FROM temp.members GROUP BY grp;"
        "CREATE TEMP TABLE cell_cost(id INTEGER PRIMARY KEY, big INTEGER, level INTEGER, n INTEGER);"
        "INSERT INTO temp.cell_cost SELECT rowid, 0, 0, 5 FROM indicator_value;"));
    return db;
}

static long count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_a_funder_bounds_the_others(void **state)
{
    (void)state;
    sqlite3 *db = groups_db();
    indicator_def d;
    memset(&d, 0, sizeof d);
    d.id = (char *)"montant_prive";
    d.kind = KIND_SUM;
    catalog cat = {.items = &d, .n = 1};
    secret_intervals *iv = secret_intervals_load(db, &cat);
    assert_non_null(iv);
    size_t narrow, stuck;
    assert_true(secret_intervals_victims(iv, db, &narrow, &stuck));
    assert_int_equal(narrow, 0); /* nothing for the outsider */
    assert_true(secret_insider_intervals(db, 1, iv));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 1);
    /* never one of F's cells; a published cell of G's groups (T, U) */
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims x JOIN indicator_value v ON v.rowid = x.id"
                               " WHERE v.secret = 0 AND (v.territoire = 'u' OR (v.territoire = 'a' AND"
                               " v.dimension = ''))"), 1);
    /* the model as it was: the outsider still finds nothing */
    assert_true(secret_intervals_victims(iv, db, &narrow, &stuck));
    assert_int_equal(narrow, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 0);
    /* hidden, then called again until no funder bounds anything */
    assert_true(secret_insider_intervals(db, 1, iv));
    int calls = 0;
    while (count(db, "SELECT count(*) FROM temp.victims") > 0 && calls++ < 5) {
        assert_true(db_exec(db, "UPDATE indicator_value SET secret = 1 WHERE rowid IN (SELECT id FROM temp.victims)"));
        assert_true(secret_intervals_hide(iv, db, "SELECT id FROM temp.victims"));
        assert_true(secret_insider_intervals(db, 1, iv));
    }
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 0);
    assert_int_equal(calls, 1);
    assert_int_equal(count(db, "SELECT count(*) FROM indicator_value WHERE secret = 1 AND dimension = dim('financeur','F')"), 1);
    secret_intervals_free(iv);
    db_close(db);
}

/* The sample's pattern, a group further: programme X's 115 = F's part
 * 108 + A's 7 (g1, all hidden); A's total 140 = its part of Y 126 + of Z
 * 7 + of X 7 (g2; Y's part and the total published). The outsider: A's
 * parts of Z and X in [0, 14], X unbounded above. F, knowing its 108: X
 * in [108, 122], within [103,5, 126,5]. g1 has no published cell; A's
 * part of X, hidden in g1, is bounded in g2: a published cell of g2 is
 * hidden, Y's part (a part before the total); then X in [108, 248]. */
static void test_a_bound_one_group_further(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, valeur_brute,"
        " secret) VALUES"
        " (1,'montant_prive','commune','a',2024,dim('dispositif','X'),NULL,115,1),"
        " (1,'montant_prive','commune','a',2024,dim('dispositif','X','financeur','F'),NULL,108,1),"
        " (1,'montant_prive','commune','a',2024,dim('dispositif','X','financeur','A'),NULL,7,1),"
        " (1,'montant_prive','commune','a',2024,dim('financeur','A'),140,140,0),"
        " (1,'montant_prive','commune','a',2024,dim('dispositif','Y','financeur','A'),126,126,0),"
        " (1,'montant_prive','commune','a',2024,dim('dispositif','Z','financeur','A'),NULL,7,1);"));
    char why[300];
    assert_true(dimension_keys_store(db, 1, NULL, why, sizeof why));
    assert_true(db_exec(db,
        "CREATE TEMP TABLE members(grp TEXT NOT NULL, id INTEGER NOT NULL, x REAL, total INTEGER, secret INTEGER);"
        "INSERT INTO temp.members SELECT 'g1', rowid, valeur_brute, dimension = dim('dispositif','X'), secret"
        " FROM indicator_value WHERE dimension IN (dim('dispositif','X'), dim('dispositif','X','financeur','F'),"
        " dim('dispositif','X','financeur','A'));"
        "INSERT INTO temp.members SELECT 'g2', rowid, valeur_brute, dimension = dim('financeur','A'), secret"
        " FROM indicator_value WHERE dimension IN (dim('financeur','A'), dim('dispositif','X','financeur','A'),"
        " dim('dispositif','Y','financeur','A'), dim('dispositif','Z','financeur','A'));"
        "CREATE TEMP TABLE groups(grp TEXT PRIMARY KEY, nsecret INTEGER NOT NULL);"
        "INSERT INTO temp.groups SELECT grp, sum(secret) FROM temp.members GROUP BY grp;"
        "CREATE TEMP TABLE cell_cost(id INTEGER PRIMARY KEY, big INTEGER, level INTEGER, n INTEGER);"
        "INSERT INTO temp.cell_cost SELECT rowid, 0, 0, 5 FROM indicator_value;"));
    indicator_def d;
    memset(&d, 0, sizeof d);
    d.id = (char *)"montant_prive";
    d.kind = KIND_SUM;
    catalog cat = {.items = &d, .n = 1};
    secret_intervals *iv = secret_intervals_load(db, &cat);
    assert_non_null(iv);
    size_t narrow, stuck;
    assert_true(secret_intervals_victims(iv, db, &narrow, &stuck));
    assert_int_equal(narrow, 0);
    assert_true(secret_insider_intervals(db, 1, iv));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims x JOIN indicator_value v ON v.rowid = x.id"
                               " WHERE v.dimension = dim('dispositif','Y','financeur','A')"), 1);
    assert_true(secret_intervals_hide(iv, db, "SELECT id FROM temp.victims"));
    assert_true(secret_insider_intervals(db, 1, iv));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 0);
    secret_intervals_free(iv);
    db_close(db);
}

/* The first case with every published cell a headline figure (T, U, W:
 * cell_cost.big): nothing else can widen G's part for F, so a headline is
 * hidden, as for the outsider (before, the cell was left bounded). */
static void test_a_headline_as_last_resort(void **state)
{
    (void)state;
    sqlite3 *db = groups_db();
    assert_true(db_exec(db, "UPDATE temp.cell_cost SET big = 1 WHERE id IN (SELECT rowid FROM indicator_value"
                            " WHERE secret = 0)"));
    indicator_def d;
    memset(&d, 0, sizeof d);
    d.id = (char *)"montant_prive";
    d.kind = KIND_SUM;
    catalog cat = {.items = &d, .n = 1};
    secret_intervals *iv = secret_intervals_load(db, &cat);
    assert_non_null(iv);
    size_t narrow, stuck;
    assert_true(secret_intervals_victims(iv, db, &narrow, &stuck));
    assert_int_equal(narrow, 0);
    assert_true(secret_insider_intervals(db, 1, iv));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims x JOIN temp.cell_cost k ON k.id = x.id"
                               " WHERE k.big = 1"), 1);
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 1 WHERE rowid IN (SELECT id FROM temp.victims)"));
    assert_true(secret_intervals_hide(iv, db, "SELECT id FROM temp.victims"));
    assert_true(secret_insider_intervals(db, 1, iv));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 0);
    secret_intervals_free(iv);
    db_close(db);
}

int main(void)
{
    obs_log_set_quiet(true);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_funder_bounds_the_others),
        cmocka_unit_test(test_a_bound_one_group_further),
        cmocka_unit_test(test_a_headline_as_last_resort),
    };
    return cmocka_run_group_tests_name("secret_insider_intervals", tests, NULL, NULL);
}
