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

/* The interval model of db's montant_prive cells (amounts), checked to
 * give the outsider nothing to protect: each case is about a funder. */
static secret_intervals *amounts_nothing_for_outsider(sqlite3 *db)
{
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
    return iv;
}

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

/* The victims of the last call hidden, and the funders called again, as
 * secret.c's loop does, until they hide nothing (at most 5 times): how
 * many times. */
static int hide_until_nothing(sqlite3 *db, secret_intervals *iv, secret_funders *fu)
{
    int calls = 0;
    while (count(db, "SELECT count(*) FROM temp.victims") > 0 && calls++ < 5) {
        assert_true(db_exec(db, "UPDATE indicator_value SET secret = 1 WHERE rowid IN (SELECT id FROM temp.victims)"));
        assert_true(secret_intervals_hide(iv, db, "SELECT id FROM temp.victims"));
        assert_true(secret_insider_intervals(db, 1, iv, fu));
    }
    return calls;
}

static void test_a_funder_bounds_the_others(void **state)
{
    (void)state;
    sqlite3 *db = groups_db();
    secret_intervals *iv = amounts_nothing_for_outsider(db);
    secret_funders fu = {0}; /* read at the first call, kept while only victims are hidden */
    assert_true(secret_insider_intervals(db, 1, iv, &fu));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 1);
    /* never one of F's cells; a published cell of G's groups (T, U) */
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims x JOIN indicator_value v ON v.rowid = x.id"
                               " WHERE v.secret = 0 AND (v.territoire = 'u' OR (v.territoire = 'a' AND"
                               " v.dimension = ''))"), 1);
    /* the model as it was: the outsider still finds nothing */
    size_t narrow, stuck;
    assert_true(secret_intervals_victims(iv, db, &narrow, &stuck));
    assert_int_equal(narrow, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 0);
    /* hidden, then called again until no funder bounds anything */
    assert_true(secret_insider_intervals(db, 1, iv, &fu));
    int calls = hide_until_nothing(db, iv, &fu);
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 0);
    assert_int_equal(calls, 1);
    assert_int_equal(count(db, "SELECT count(*) FROM indicator_value WHERE secret = 1 AND dimension = dim('financeur','F')"), 1);
    secret_funders_free(&fu);
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
    secret_intervals *iv = amounts_nothing_for_outsider(db);
    secret_funders fu = {0}; /* read at the first call, kept while only victims are hidden */
    assert_true(secret_insider_intervals(db, 1, iv, &fu));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims x JOIN indicator_value v ON v.rowid = x.id"
                               " WHERE v.dimension = dim('dispositif','Y','financeur','A')"), 1);
    assert_true(secret_intervals_hide(iv, db, "SELECT id FROM temp.victims"));
    assert_true(secret_insider_intervals(db, 1, iv, &fu));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 0);
    secret_funders_free(&fu);
    secret_intervals_free(iv);
    db_close(db);
}

/* A looser group's published cell widens nothing. Amounts (whole, at
 * least 0), one cell per place, F's three (k, k2, n: financeur F) known
 * to F. Group a: Z 230 (published) = G 30 + M 100 + M2 100; b: U 32 = G +
 * K 1 + K' 1; c: Y 33 (published) = U + N 1. Hidden: all but Z and Y. The
 * outsider: U, N, G, K, K' in [0, 33], M, M2 in [0, 230]: each reaches
 * beyond 10 % of its value on one side. F: U = 33 - 1 = 32 and G = 32 - 2
 * = 30, points (M and M2 in [0, 200]). G's groups: b bounds it to 30, a
 * only to [0, 230]. Hiding Z (a's published cell, the only one of G's
 * groups) leaves G at 30; one group further, U's group c binds U: Y is
 * hidden, and then U and G are unbounded above for F. Y alone, Z stays
 * published (before, Z was hidden first, then Y). */
static void test_a_looser_group_widens_nothing(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, valeur_brute,"
        " secret) VALUES"
        " (1,'montant_prive','commune','z',2024,'',230,230,0),"
        " (1,'montant_prive','commune','g',2024,'',NULL,30,1),"
        " (1,'montant_prive','commune','m',2024,'',NULL,100,1),"
        " (1,'montant_prive','commune','m2',2024,'',NULL,100,1),"
        " (1,'montant_prive','commune','u',2024,'',NULL,32,1),"
        " (1,'montant_prive','commune','k',2024,dim('financeur','F'),NULL,1,1),"
        " (1,'montant_prive','commune','k2',2024,dim('financeur','F'),NULL,1,1),"
        " (1,'montant_prive','commune','y',2024,'',33,33,0),"
        " (1,'montant_prive','commune','n',2024,dim('financeur','F'),NULL,1,1);"));
    char why[300];
    assert_true(dimension_keys_store(db, 1, NULL, why, sizeof why));
    assert_true(db_exec(db,
        "CREATE TEMP TABLE members(grp TEXT NOT NULL, id INTEGER NOT NULL, x REAL, total INTEGER, secret INTEGER);"
        "INSERT INTO temp.members SELECT 'a', rowid, valeur_brute, territoire = 'z', secret FROM indicator_value"
        " WHERE territoire IN ('z', 'g', 'm', 'm2') ORDER BY rowid;"
        "INSERT INTO temp.members SELECT 'b', rowid, valeur_brute, territoire = 'u', secret FROM indicator_value"
        " WHERE territoire IN ('u', 'g', 'k', 'k2') ORDER BY rowid;"
        "INSERT INTO temp.members SELECT 'c', rowid, valeur_brute, territoire = 'y', secret FROM indicator_value"
        " WHERE territoire IN ('y', 'u', 'n') ORDER BY rowid;"
        "CREATE TEMP TABLE groups(grp TEXT PRIMARY KEY, nsecret INTEGER NOT NULL);"
        "INSERT INTO temp.groups SELECT grp, sum(secret) FROM temp.members GROUP BY grp;"
        "CREATE TEMP TABLE cell_cost(id INTEGER PRIMARY KEY, big INTEGER, level INTEGER, n INTEGER);"
        "INSERT INTO temp.cell_cost SELECT rowid, 0, 0, 5 FROM indicator_value;"));
    secret_intervals *iv = amounts_nothing_for_outsider(db);
    secret_funders fu = {0}; /* read at the first call, kept while only victims are hidden */
    assert_true(secret_insider_intervals(db, 1, iv, &fu));
    int calls = hide_until_nothing(db, iv, &fu);
    assert_int_equal(calls, 1);
    assert_int_equal(count(db, "SELECT count(*) FROM indicator_value WHERE secret = 1 AND territoire = 'y'"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM indicator_value WHERE secret = 0"), 1); /* Z */
    secret_funders_free(&fu);
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
    secret_intervals *iv = amounts_nothing_for_outsider(db);
    secret_funders fu = {0}; /* read at the first call, kept while only victims are hidden */
    assert_true(secret_insider_intervals(db, 1, iv, &fu));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims x JOIN temp.cell_cost k ON k.id = x.id"
                               " WHERE k.big = 1"), 1);
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 1 WHERE rowid IN (SELECT id FROM temp.victims)"));
    assert_true(secret_intervals_hide(iv, db, "SELECT id FROM temp.victims"));
    assert_true(secret_insider_intervals(db, 1, iv, &fu));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 0);
    secret_funders_free(&fu);
    secret_intervals_free(iv);
    db_close(db);
}

/* A bound that takes many evaluations of one group to build (the sample's
 * hub groups: a study territory's total as the sum of its EPCIs, each the
 * sum of its funders). Amounts, whole, at least 0. Hub z: H 1400 = p_0 +
 * ... + p_69, each p_i 20 (commune c_i, without a funder). Group s_i: S_i
 * 31 = p_i + F's part f_i 10 + K's part r_i 1 (S_i published). y: Y
 * 1700 = H + e 300; x: X 305 = e + e2 5 (Y, X published; H, e, e2
 * hidden, without a funder). The outsider: e, e2 in [0, 305], H in
 * [1700 - 305, 1700] = [1395, 1700], p_i, f_i, r_i in [0, 31]: each
 * reaches beyond 10 % of its value on one side. F, knowing its 70 parts
 * f_i: p_i <= 21, so H in [1395, 70 x 21 = 1470], within [1260, 1540]:
 * narrow (e in [230, 305] and p_i in [0, 21] are not), and Y (H's only
 * group with a published cell) is hidden: then H in [0, 1470]. K, knowing
 * its r_i: p_i <= 30, nothing narrow. Each s_i, evaluated after the hub
 * (the groups come in key order and the last is evaluated first), moves
 * a p_i and sends the hub back to work: 71 evaluations of the hub. Before,
 * a group was evaluated 60 times at most in a propagation, the last ten
 * p_i never reached H, H stayed unbounded above for F and nothing was
 * hidden. */
static void test_a_bound_built_over_many_evaluations(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM i WHERE k < 69)"
        " INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, valeur_brute,"
        " secret)"
        " SELECT 1, 'montant_prive', 'epci', printf('s%02d', k), 2024, '', 31, 31, 0 FROM i"
        " UNION ALL SELECT 1, 'montant_prive', 'commune', printf('c%02d', k), 2024, '', NULL, 20, 1 FROM i"
        " UNION ALL SELECT 1, 'montant_prive', 'commune', printf('c%02d', k), 2024, dim('financeur','F'), NULL, 10, 1"
        " FROM i"
        " UNION ALL SELECT 1, 'montant_prive', 'commune', printf('c%02d', k), 2024, dim('financeur','K'), NULL, 1, 1"
        " FROM i;"
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, valeur_brute,"
        " secret) VALUES"
        " (1,'montant_prive','epci','h',2024,'',NULL,1400,1),"
        " (1,'montant_prive','epci','y',2024,'',1700,1700,0),"
        " (1,'montant_prive','epci','e',2024,'',NULL,300,1),"
        " (1,'montant_prive','epci','x',2024,'',305,305,0),"
        " (1,'montant_prive','epci','e2',2024,'',NULL,5,1);"));
    char why[300];
    assert_true(dimension_keys_store(db, 1, NULL, why, sizeof why));
    assert_true(db_exec(db,
        "CREATE TEMP TABLE members(grp TEXT NOT NULL, id INTEGER NOT NULL, x REAL, total INTEGER, secret INTEGER);"
        "INSERT INTO temp.members SELECT 's' || substr(territoire, 2), rowid, valeur_brute, niveau = 'epci', secret"
        " FROM indicator_value WHERE (niveau = 'commune' OR territoire LIKE 's%') AND annee = 2024;"
        "INSERT INTO temp.members SELECT 'z', rowid, valeur_brute, niveau = 'epci', secret FROM indicator_value"
        " WHERE (niveau = 'commune' AND dimension = '') OR territoire = 'h';"
        "INSERT INTO temp.members SELECT 'y', rowid, valeur_brute, territoire = 'y', secret FROM indicator_value"
        " WHERE territoire IN ('y', 'h', 'e');"
        "INSERT INTO temp.members SELECT 'x', rowid, valeur_brute, territoire = 'x', secret FROM indicator_value"
        " WHERE territoire IN ('x', 'e', 'e2');"
        "CREATE TEMP TABLE groups(grp TEXT PRIMARY KEY, nsecret INTEGER NOT NULL);"
        "INSERT INTO temp.groups SELECT grp, sum(secret) FROM temp.members GROUP BY grp;"
        "CREATE TEMP TABLE cell_cost(id INTEGER PRIMARY KEY, big INTEGER, level INTEGER, n INTEGER);"
        "INSERT INTO temp.cell_cost SELECT rowid, 0, 0, 5 FROM indicator_value;"));
    secret_intervals *iv = amounts_nothing_for_outsider(db);
    secret_funders fu = {0}; /* read at the first call, kept while only victims are hidden */
    assert_true(secret_insider_intervals(db, 1, iv, &fu));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims x JOIN indicator_value v ON v.rowid = x.id"
                               " WHERE v.territoire = 'y'"), 1);
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 1 WHERE rowid IN (SELECT id FROM temp.victims)"));
    assert_true(secret_intervals_hide(iv, db, "SELECT id FROM temp.victims"));
    assert_true(secret_insider_intervals(db, 1, iv, &fu));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 0);
    secret_funders_free(&fu);
    secret_intervals_free(iv);
    db_close(db);
}

/* A declared ratio r = m / a (m published 30 000 000, r hidden 30 000),
 * a hidden (1 000) in T 1 605 = a + b (hidden, 105) + c 500, and b in
 * U 605 = b + d (hidden, 200) + e 300, d = F's part 180 + G's 20 (both
 * hidden). The outsider: b in [0, 305], a in [800, 1 105], the ratio in
 * [-9,5 %, +25 %]: nothing. F, knowing its 180: d >= 180, b <= 125, a in
 * [980, 1 105] -- a still reaches beyond +10 % (1 105 > 1 100), but the
 * ratio lies in [-9,5 %, +2 %]: within 10 %. A victim widens a upwards:
 * c, a part of T (F does not know it). */
static void test_a_ratio_a_funder_narrows(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, valeur_brute,"
        " secret) VALUES"
        " (1,'montant_public','commune','T',2024,'',1605,1605,0),"
        " (1,'montant_public','commune','a',2024,'',NULL,1000,1),"
        " (1,'montant_public','commune','b',2024,'',NULL,105,1),"
        " (1,'montant_public','commune','c',2024,'',500,500,0),"
        " (1,'montant_public','commune','U',2024,'',605,605,0),"
        " (1,'montant_public','commune','d',2024,'',NULL,200,1),"
        " (1,'montant_public','commune','d',2024,dim('financeur','F'),NULL,180,1),"
        " (1,'montant_public','commune','d',2024,dim('financeur','G'),NULL,20,1),"
        " (1,'montant_public','commune','e',2024,'',300,300,0),"
        " (1,'masse','commune','a',2024,'',30000000,30000000,0),"
        " (1,'salaire','commune','a',2024,'',NULL,30000,1);"));
    char why[300];
    assert_true(dimension_keys_store(db, 1, NULL, why, sizeof why));
    assert_true(db_exec(db,
        "CREATE TEMP TABLE members(grp TEXT NOT NULL, id INTEGER NOT NULL, x REAL, total INTEGER, secret INTEGER);"
        "INSERT INTO temp.members SELECT 'gT', rowid, valeur_brute, territoire = 'T', secret FROM indicator_value"
        " WHERE indicator = 'montant_public' AND territoire IN ('T', 'a', 'b', 'c');"
        "INSERT INTO temp.members SELECT 'gU', rowid, valeur_brute, territoire = 'U', secret FROM indicator_value"
        " WHERE indicator = 'montant_public' AND territoire IN ('U', 'b', 'd', 'e') AND dimension = '';"
        "INSERT INTO temp.members SELECT 'gd', rowid, valeur_brute, dimension = '', secret FROM indicator_value"
        " WHERE territoire = 'd';"
        "INSERT INTO temp.members SELECT 'r|salaire', rowid, valeur_brute, indicator <> 'salaire', secret"
        " FROM indicator_value WHERE territoire = 'a';"
        "CREATE TEMP TABLE groups(grp TEXT PRIMARY KEY, nsecret INTEGER NOT NULL);"
        "INSERT INTO temp.groups SELECT grp, sum(secret) FROM temp.members GROUP BY grp;"
        "CREATE TEMP TABLE cell_cost(id INTEGER PRIMARY KEY, big INTEGER, level INTEGER, n INTEGER);"
        "INSERT INTO temp.cell_cost SELECT rowid, 0, 0, 5 FROM indicator_value;"
        "CREATE TEMP TABLE relations(indicator TEXT PRIMARY KEY, a TEXT, b TEXT);"
        "INSERT INTO temp.relations VALUES ('salaire', 'masse', 'montant_public');"));
    indicator_def d[2];
    memset(d, 0, sizeof d);
    d[0].id = (char *)"montant_public";
    d[0].kind = KIND_SUM;
    d[1].id = (char *)"masse";
    d[1].kind = KIND_SUM;
    catalog cat = {.items = d, .n = 2};
    secret_intervals *iv = secret_intervals_load(db, &cat);
    assert_non_null(iv);
    size_t narrow, stuck;
    assert_true(secret_intervals_victims(iv, db, &narrow, &stuck));
    assert_int_equal(narrow, 0);
    secret_funders fu = {0};
    assert_true(secret_insider_intervals(db, 1, iv, &fu));
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims x JOIN indicator_value v ON v.rowid = x.id"
                               " WHERE v.territoire = 'c'"), 1);
    /* c hidden: a in [980, 1 605] for F, the ratio reaches below -10 % */
    int calls = hide_until_nothing(db, iv, &fu);
    assert_int_equal(calls, 1);
    assert_int_equal(count(db, "SELECT count(*) FROM temp.victims"), 0);
    secret_funders_free(&fu);
    secret_intervals_free(iv);
    db_close(db);
}

int main(void)
{
    obs_log_set_quiet(true);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_funder_bounds_the_others),
        cmocka_unit_test(test_a_bound_one_group_further),
        cmocka_unit_test(test_a_looser_group_widens_nothing),
        cmocka_unit_test(test_a_headline_as_last_resort),
        cmocka_unit_test(test_a_bound_built_over_many_evaluations),
        cmocka_unit_test(test_a_ratio_a_funder_narrows),
    };
    return cmocka_run_group_tests_name("secret_insider_intervals", tests, NULL, NULL);
}
