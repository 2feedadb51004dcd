/* Interval protection of secondary suppression (secret_intervals.h) on
 * hand-built tables, each pattern worked out on paper: a 2 x 2 table of
 * counts whose hidden cells the margins bound within 10 % (15 in [15, 16]),
 * and bounds carried through three groups, with a victim chosen large
 * enough rather than smallest, and a group that does not add up left out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "indicators/compute/catalog.h"
#include "engine/core/db.h"
#include "engine/core/log.h"
#include "indicators/secret/secret.h"
#include "indicators/secret/secret_intervals.h"
#include "indicators/audit/secret_audit.h"

static void apply_count(sqlite3 *db)
{
    indicator_def d;
    memset(&d, 0, sizeof d);
    d.id = (char *)"creations";
    d.kind = KIND_COUNT;
    d.secret = (char *)"etablissements";
    catalog cat = {.items = &d, .n = 1};
    secret_rules rules;
    secret_default_rules(&rules);
    rules.combinations = true;
    assert_true(secret_apply(db, 1, &cat, &rules));
}

/* The secret cells as « dimension:motif », in that order. */
static void assert_secret_cells(sqlite3 *db, const char *expected)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT group_concat(l, ' / ') FROM (SELECT dimension || ':' || motif_secret"
                                      " AS l FROM indicator_value WHERE secret = 1 ORDER BY l)");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), expected);
    sqlite3_finalize(st);
}

static long audit_leaks(sqlite3 *db)
{
    secret_rules rules;
    secret_default_rules(&rules);
    rules.combinations = true;
    secret_audit_result r;
    assert_true(secret_audit(db, 1, &rules, &r));
    return r.leaks;
}

static const char meta[] = "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type, regle_secret)"
                           " VALUES (1,'creations','Créations','nombre','count','etablissements');";

/* creations by phase (F, G) and dispositif (p, q), a 2 x 2 table with
 * its margins: F;p 15, F;q 2, G;p 30, G;q 1; F 17, G 31, p 45, q 3, total
 * 48. F;p, F;q (2 establishments) and G;q (1) are secret (frequency). The
 * group rounds hide G;p (row G and column p would each hold one secret
 * cell; G;p is the cheapest published member of both). The four inner cells
 * then move together: F;p = t, F;q = 17 - t, G;p = 45 - t, G;q = t - 14,
 * each at least 1, so t lies in [15, 16]: F;p in [15, 16] and G;p in
 * [29, 30], each within 10 % of its value (13,5 to 16,5; 27 to 33). Both
 * are bounded from above as closely by their row as by their column; the
 * cheapest cell of those groups is F (a total like p, fewer contributors):
 * hidden. F = 48 - G is then a point: G goes too (a part, before the
 * total). With F and G hidden, t lies in [1, 44]. */
static void test_two_key_table(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, meta));
    assert_true(db_exec(db,
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
        " part_max) VALUES"
        " (1,'creations','france','FR',2024,'',48,35,0.5),"
        " (1,'creations','france','FR',2024,'phase=F',17,4,0.5),"
        " (1,'creations','france','FR',2024,'phase=G',31,31,0.5),"
        " (1,'creations','france','FR',2024,'dispositif=p',45,32,0.5),"
        " (1,'creations','france','FR',2024,'dispositif=q',3,3,0.5),"
        " (1,'creations','france','FR',2024,'phase=F;dispositif=p',15,2,0.5),"
        " (1,'creations','france','FR',2024,'phase=F;dispositif=q',2,2,0.5),"
        " (1,'creations','france','FR',2024,'phase=G;dispositif=p',30,30,0.5),"
        " (1,'creations','france','FR',2024,'phase=G;dispositif=q',1,1,0.5);"));
    apply_count(db);
    assert_secret_cells(db, "phase=F:secondaire / phase=F;dispositif=p:frequence"
                            " / phase=F;dispositif=q:frequence / phase=G:secondaire"
                            " / phase=G;dispositif=p:secondaire / phase=G;dispositif=q:frequence");
    assert_int_equal(audit_leaks(db), 0);
    /* F and G published again: the audit's attacker bounds F;p and G;p
     * within 10 % */
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 0, valeur = valeur_brute"
                            " WHERE dimension IN ('phase=F', 'phase=G')"));
    assert_int_equal(audit_leaks(db), 2);
    db_close(db);
}

/* The step alone, on groups written by hand (as secret.c builds them):
 * g1: t 31 = a 15 + b 5 + k 10 + m 1, g2: u 6 = b 5 + e 1, g3: w 3 = e 1 +
 * f 2; a, b, e, f hidden (counts), t, k, m, u, w published. From g3, e and
 * f lie in [1, 2]; from g2, b = 6 - e in [4, 5]; from g1, a = 31 - 11 - b
 * in [15, 16]: within 10 % of 15 (13,5 to 16,5), short of 16,5 by 0,5.
 * The others reach beyond on one side (b: 4 < 4,5; e: 2 > 1,1; f: 1 <
 * 1,8). Of g1's published parts, m would widen a's interval by 1 - 1 = 0
 * only, k by 10 - 1 = 9: k is hidden, though larger. Then a + k = 26 - b:
 * a in [1, 21], nothing short. */
static int64_t id_of(sqlite3 *db, const char *territoire)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT rowid FROM indicator_value WHERE territoire = ?1");
    sqlite3_bind_text(st, 1, territoire, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

static long victims(sqlite3 *db, int64_t *first)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*), min(id) FROM temp.victims");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long n = sqlite3_column_int(st, 0);
    *first = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    return n;
}

static void test_bounds_through_groups(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, valeur_brute)"
        " SELECT 1, 'creations', 'commune', column1, 2024, '', column2, column2 FROM (VALUES ('t', 31), ('a', 15),"
        " ('b', 5), ('k', 10), ('m', 1), ('u', 6), ('e', 1), ('w', 3), ('f', 2));"
        "CREATE TEMP TABLE members(grp TEXT NOT NULL, id INTEGER NOT NULL, x REAL, total INTEGER, secret INTEGER);"
        "INSERT INTO temp.members SELECT CASE WHEN territoire IN ('t', 'a', 'k', 'm') THEN 'g1'"
        "  WHEN territoire IN ('u', 'b') THEN 'g2' ELSE 'g3' END, rowid, valeur_brute,"
        "  territoire IN ('t', 'u', 'w'), territoire IN ('a', 'b', 'e', 'f') FROM indicator_value;"
        /* b and e are parts of two groups each */
        "INSERT INTO temp.members SELECT CASE territoire WHEN 'b' THEN 'g1' ELSE 'g2' END, rowid, valeur_brute, 0, 1"
        " FROM indicator_value WHERE territoire IN ('b', 'e');"
        "CREATE TEMP TABLE groups(grp TEXT PRIMARY KEY, nsecret INTEGER NOT NULL);"
        "INSERT INTO temp.groups SELECT grp, sum(secret) FROM temp.members GROUP BY grp;"
        "CREATE TEMP TABLE cell_cost(id INTEGER PRIMARY KEY, big INTEGER, level INTEGER, n INTEGER);"
        "INSERT INTO temp.cell_cost SELECT rowid, 0, 0, 5 FROM indicator_value;"));
    indicator_def d;
    memset(&d, 0, sizeof d);
    d.id = (char *)"creations";
    d.kind = KIND_COUNT;
    catalog cat = {.items = &d, .n = 1};
    secret_intervals *iv = secret_intervals_load(db, &cat);
    assert_non_null(iv);
    size_t narrow, stuck;
    int64_t first;
    assert_true(secret_intervals_victims(iv, db, &narrow, &stuck));
    assert_int_equal(narrow, 1); /* a */
    assert_int_equal(stuck, 0);
    assert_int_equal(victims(db, &first), 1);
    assert_int_equal(first, id_of(db, "k"));
    assert_true(secret_intervals_hide(iv, db, "SELECT id FROM temp.victims"));
    assert_true(secret_intervals_victims(iv, db, &narrow, &stuck));
    assert_int_equal(narrow, 0);
    assert_int_equal(victims(db, &first), 0);
    /* a group whose parts do not add up to its total (a person counted in
     * two parts) bounds nothing: w 4 instead of 3 leaves e and f in
     * [1, inf), b in [1, 5], a in [15, 19] */
    assert_true(db_exec(db, "UPDATE temp.members SET x = 4 WHERE id = (SELECT rowid FROM indicator_value"
                            " WHERE territoire = 'w'); UPDATE temp.members SET secret = 0 WHERE id ="
                            " (SELECT rowid FROM indicator_value WHERE territoire = 'k')"));
    secret_intervals_free(iv);
    iv = secret_intervals_load(db, &cat);
    assert_non_null(iv);
    assert_true(secret_intervals_victims(iv, db, &narrow, &stuck));
    assert_int_equal(narrow, 0);
    secret_intervals_free(iv);
    db_close(db);
}

/* A count declared on a frame is at most the frame's published cell
 * (national case, EPCI 200041507): employers 131 = 53 + 53 + a 2 (hidden,
 * frequency) + b 23 (hidden), the establishments (the frame, published) 4
 * in a's commune and 63 in b's. Without the frame a and b lie in [1, 24]
 * (whole, at least 1); with it a <= 4, so b in [21, 24], within
 * [20,7, 25,3]: b is narrow, and one of the published members of the
 * group is hidden (the audit learns employers <= establishments). */
static void test_a_frame_bounds_a_count(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, valeur_brute,"
        " secret) SELECT 1, 'employeurs', column1, column2, 2024, '', column3, column3, column4 FROM (VALUES"
        " ('epci', 'e', 131, 0), ('commune', 'p', 53, 0), ('commune', 'q', 53, 0), ('commune', 'a', 2, 1),"
        " ('commune', 'b', 23, 1));"
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, valeur_brute,"
        " secret) SELECT 1, 'etablissements', 'commune', column1, 2024, '', column2, column2, 0 FROM (VALUES"
        " ('p', 117), ('q', 111), ('a', 4), ('b', 63));"
        "CREATE TEMP TABLE members(grp TEXT NOT NULL, id INTEGER NOT NULL, x REAL, total INTEGER, secret INTEGER);"
        "INSERT INTO temp.members SELECT 'g', rowid, valeur_brute, niveau = 'epci', secret FROM indicator_value"
        " WHERE indicator = 'employeurs';"
        "CREATE TEMP TABLE groups(grp TEXT PRIMARY KEY, nsecret INTEGER NOT NULL);"
        "INSERT INTO temp.groups SELECT grp, sum(secret) FROM temp.members GROUP BY grp;"
        "CREATE TEMP TABLE cell_cost(id INTEGER PRIMARY KEY, big INTEGER, level INTEGER, n INTEGER);"
        "INSERT INTO temp.cell_cost SELECT rowid, 0, 0, 5 FROM indicator_value;"));
    indicator_def d[2];
    memset(d, 0, sizeof d);
    d[0].id = (char *)"employeurs";
    d[0].kind = KIND_COUNT;
    d[1].id = (char *)"etablissements";
    d[1].kind = KIND_COUNT;
    catalog cat = {.items = d, .n = 2};
    for (int framed = 0; framed < 2; framed++) {
        d[0].frame = framed ? (char *)"etablissements" : NULL;
        secret_intervals *iv = secret_intervals_load(db, &cat);
        assert_non_null(iv);
        size_t narrow, stuck;
        int64_t first;
        assert_true(secret_intervals_victims(iv, db, &narrow, &stuck));
        assert_int_equal(narrow, framed); /* b */
        assert_int_equal(stuck, 0);
        assert_int_equal(victims(db, &first), framed);
        secret_intervals_free(iv);
    }
    db_close(db);
}

/* A declared ratio (salaire = masse / etp, the national case of EPCI
 * 200041317 in miniature): masse m published (30 000 000), etp a hidden
 * (1 000) in a + b = 1 605 - c 500 = 1 105 with b hidden, and b in
 * b + d = 425 - e 300 = 125 with d hidden: a lies in [980, 1 105], which
 * reaches beyond + 10 % (a is safe), but the hidden ratio 30 000 lies in
 * [m / 1 105, m / 980], that is [-9,5 %, +2 %]: within 10 %. A victim
 * widens a upwards, from its group (c, a part, before the total). Without
 * the relation nothing is narrow. */
static void test_a_ratio_of_bounded_sides(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, valeur_brute,"
        " secret) SELECT 1, column1, 'commune', column2, 2024, '', column3, column3, column4 FROM (VALUES"
        " ('etp', 'T', 1605, 0), ('etp', 'a', 1000, 1), ('etp', 'b', 105, 1), ('etp', 'c', 500, 0),"
        " ('etp', 'U', 425, 0), ('etp', 'd', 20, 1), ('etp', 'e', 300, 0),"
        " ('masse', 'm', 30000000, 0), ('salaire', 'r', 30000, 1));"
        "CREATE TEMP TABLE members(grp TEXT NOT NULL, id INTEGER NOT NULL, x REAL, total INTEGER, secret INTEGER);"
        "INSERT INTO temp.members SELECT 'g', rowid, valeur_brute, territoire = 'T', secret FROM indicator_value"
        " WHERE territoire IN ('T', 'a', 'b', 'c');"
        "INSERT INTO temp.members SELECT 'g2', rowid, valeur_brute, territoire = 'U', secret FROM indicator_value"
        " WHERE territoire IN ('U', 'b', 'd', 'e');"
        "INSERT INTO temp.members SELECT 'r|salaire', rowid, valeur_brute, territoire <> 'r', secret"
        " FROM indicator_value WHERE territoire IN ('r', 'm', 'a');"
        "CREATE TEMP TABLE groups(grp TEXT PRIMARY KEY, nsecret INTEGER NOT NULL);"
        "INSERT INTO temp.groups SELECT grp, sum(secret) FROM temp.members GROUP BY grp;"
        "CREATE TEMP TABLE cell_cost(id INTEGER PRIMARY KEY, big INTEGER, level INTEGER, n INTEGER);"
        "INSERT INTO temp.cell_cost SELECT rowid, 0, 0, 5 FROM indicator_value;"
        "CREATE TEMP TABLE relations(indicator TEXT PRIMARY KEY, a TEXT, b TEXT);"));
    indicator_def d[2];
    memset(d, 0, sizeof d);
    d[0].id = (char *)"etp";
    d[0].kind = KIND_SUM;
    d[1].id = (char *)"masse";
    d[1].kind = KIND_SUM;
    catalog cat = {.items = d, .n = 2};
    for (int declared = 0; declared < 2; declared++) {
        if (declared)
            assert_true(db_exec(db, "INSERT INTO temp.relations VALUES ('salaire', 'masse', 'etp')"));
        secret_intervals *iv = secret_intervals_load(db, &cat);
        assert_non_null(iv);
        size_t narrow, stuck;
        int64_t first;
        assert_true(secret_intervals_victims(iv, db, &narrow, &stuck));
        assert_int_equal(narrow, declared); /* the ratio */
        assert_int_equal(stuck, 0);
        assert_int_equal(victims(db, &first), declared);
        if (declared) {
            assert_int_equal(first, id_of(db, "c"));
            /* c hidden: a in [980, 1 605 - 0], the ratio reaches below -10 % */
            assert_true(secret_intervals_hide(iv, db, "SELECT id FROM temp.victims"));
            assert_true(secret_intervals_victims(iv, db, &narrow, &stuck));
            assert_int_equal(narrow, 0);
        }
        secret_intervals_free(iv);
    }
    db_close(db);
}

int main(void)
{
    obs_log_set_quiet(true);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_key_table),
        cmocka_unit_test(test_bounds_through_groups),
        cmocka_unit_test(test_a_frame_bounds_a_count),
        cmocka_unit_test(test_a_ratio_of_bounded_sides),
    };
    return cmocka_run_group_tests_name("secret_intervals", tests, NULL, NULL);
}
