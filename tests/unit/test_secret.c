/* Statistical secrecy on hand-built tables: the frequency rule
 * (3 establishments, 5 people), the dominance rule (one establishment above
 * 85 %), inheritance by derived figures; secondary suppression on a breakdown,
 * on a territory and its parts, and on a 2-dimension table (communes x
 * families) inside a 3-level hierarchy (commune, département, région), with
 * the suppression pattern worked out by hand; a study territory overlapping
 * an EPCI; the audit on the result, including what only a combination of
 * several groups gives back; the optional p % rule, its boundary, and the
 * secondary suppression that protects what it hides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "indicators/compute/catalog.h"
#include "engine/core/db.h"
#include "engine/core/log.h"
#include "indicators/secret/secret.h"
#include "indicators/audit/secret_audit.h"

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

/* Applies the default rules to one summed indicator (establishments), with
 * the protection against combinations of groups. */
static void apply_to_sum(sqlite3 *db, const char *indicator)
{
    indicator_def items[] = {def(indicator, KIND_SUM, "etablissements", NULL)};
    catalog cat = {.items = items, .n = 1};
    secret_rules rules;
    secret_default_rules(&rules);
    rules.combinations = true;
    assert_true(secret_apply(db, 1, &cat, &rules));
}

/* The secret cells, each written as LABEL (an SQL expression), in LABEL
 * order; expected NULL: none. */
static void assert_secret_cells(sqlite3 *db, const char *label, const char *expected)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT group_concat(l, ' ') FROM (SELECT %s AS l FROM indicator_value WHERE secret = 1 ORDER BY l)",
             label);
    sqlite3_stmt *st = db_prepare(db, sql);
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    if (expected)
        assert_string_equal((const char *)sqlite3_column_text(st, 0), expected);
    else
        assert_int_equal(sqlite3_column_type(st, 0), SQLITE_NULL);
    sqlite3_finalize(st);
}

/* What obs audit-secret --combinaisons finds on run 1. */
static secret_audit_result audit(sqlite3 *db)
{
    secret_rules rules;
    secret_default_rules(&rules);
    rules.combinations = true;
    secret_audit_result r;
    assert_true(secret_audit(db, 1, &rules, &r));
    return r;
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

/* Integrality: in EPCI E (30 people), communes W and X hold 1 person
 * each (frequency rule for people, 5). The group has two secret cells, yet
 * W + X = 30 - 8 - 20 = 2, and each is a whole number at least 1: both are
 * 1. One more published part worth at least 2 is hidden, the cheapest: Y
 * (8 people, fewer than Z's 20); W is then between 1 and 9. */
static void test_integrality_pins_small_counts(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO geo VALUES ('W','commune','W'),('W','epci','E'),('X','commune','X'),('X','epci','E'),"
        " ('Y','commune','Y'),('Y','epci','E'),('Z','commune','Z'),('Z','epci','E');"
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites)"
        " VALUES (1,'accompagnes','epci','E',2024,'',30,30),"
        " (1,'accompagnes','commune','W',2024,'',1,1),(1,'accompagnes','commune','X',2024,'',1,1),"
        " (1,'accompagnes','commune','Y',2024,'',8,8),(1,'accompagnes','commune','Z',2024,'',20,20);"));
    indicator_def items[] = {def("accompagnes", KIND_COUNT, "personnes", NULL)};
    catalog cat = {.items = items, .n = 1};
    secret_rules rules;
    secret_default_rules(&rules);
    assert_true(secret_apply(db, 1, &cat, &rules));
    assert_secret_cells(db, "territoire || ':' || motif_secret", "W:frequence X:frequence Y:secondaire");
    db_close(db);
}

static void test_secondary_suppression(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    /* a breakdown: famille=c has 2 establishments (primary); the total and the
     * other parts would give it back: the smaller published part, famille=a,
     * goes too. A hierarchy: commune X (2 establishments, primary) in EPCI E
     * with Y (40) and Z (60): Y, the smaller, goes too. */
    assert_true(db_exec(db,
        "INSERT INTO geo VALUES ('X','commune','X'),('X','epci','E'),('Y','commune','Y'),('Y','epci','E'),"
        " ('Z','commune','Z'),('Z','epci','E');"
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
        " part_max) VALUES"
        " (1,'postes','france','FR',2024,'',300,12,0.2),"
        " (1,'postes','france','FR',2024,'famille=a',100,5,0.3),"
        " (1,'postes','france','FR',2024,'famille=b',150,5,0.3),"
        " (1,'postes','france','FR',2024,'famille=c',50,2,0.6),"
        " (1,'postes','epci','E',2024,'',130,11,0.2),"
        " (1,'postes','commune','X',2024,'',30,2,0.6),"
        " (1,'postes','commune','Y',2024,'',40,4,0.3),"
        " (1,'postes','commune','Z',2024,'',60,5,0.3);"));
    indicator_def items[] = {def("postes", KIND_SUM, "etablissements", NULL)};
    catalog cat = {.items = items, .n = 1};
    secret_rules rules;
    secret_default_rules(&rules);
    assert_true(secret_apply(db, 1, &cat, &rules));
    sqlite3_stmt *st = db_prepare(db, "SELECT territoire || ':' || dimension || ':' || coalesce(motif_secret, '-')"
                                      " FROM indicator_value ORDER BY territoire, dimension");
    const char *expected[] = {"E::-", "FR::-", "FR:famille=a:secondaire", "FR:famille=b:-",
                              "FR:famille=c:frequence", "X::frequence", "Y::secondaire", "Z::-"};
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), expected[i]);
    }
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    db_close(db);
}

/* Communes X1, X2 in département D1, X3, X4 in D2, all in région R; each
 * figure broken down by family a/b. Values (total = a + b):
 *   X1 30 = 28 + 2 (b: 1 establishment), X2 50 = 20 + 30, X3 40 = 25 + 15,
 *   X4 60 = 35 + 25; D1 80 = 48 + 32, D2 100 = 60 + 40, R 180 = 108 + 72.
 * By hand: X1|b is primary. Round 1: X1's breakdown loses X1|a (its
 * smallest part), the b communes of D1 lose X2|b, the b communes of R lose
 * X3|b (15). Round 2: X2|a (X2's breakdown, and the a communes of D1 and R),
 * X3|a (X3's breakdown), X4|b (b communes of D2). Round 3: X4|a (X4's
 * breakdown, a communes of D2). Then every group holds 0 or at least 2
 * secret cells: all eight commune-by-family cells are hidden, every total
 * stays published, and X1|a + 1, X1|b - 1, X2|a - 1, X2|b + 1 satisfies
 * every published equation, so no hidden cell can be solved for. */
static const char two_dimensions[] =
    "INSERT INTO geo VALUES ('X1','commune','X1'),('X1','departement','D1'),('X1','region','R'),"
    " ('X2','commune','X2'),('X2','departement','D1'),('X2','region','R'),"
    " ('X3','commune','X3'),('X3','departement','D2'),('X3','region','R'),"
    " ('X4','commune','X4'),('X4','departement','D2'),('X4','region','R');"
    "INSERT INTO ref_region VALUES ('R','Région');"
    "INSERT INTO ref_departement VALUES ('D1','Un','R'),('D2','Deux','R');"
    "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type, regle_secret)"
    " VALUES (1,'postes','Postes','nombre','sum','etablissements');"
    "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
    " part_max) VALUES"
    " (1,'postes','commune','X1',2024,'',30,5,0.3),(1,'postes','commune','X1',2024,'famille=a',28,4,0.3),"
    " (1,'postes','commune','X1',2024,'famille=b',2,1,1),"
    " (1,'postes','commune','X2',2024,'',50,8,0.2),(1,'postes','commune','X2',2024,'famille=a',20,4,0.3),"
    " (1,'postes','commune','X2',2024,'famille=b',30,4,0.3),"
    " (1,'postes','commune','X3',2024,'',40,6,0.2),(1,'postes','commune','X3',2024,'famille=a',25,3,0.4),"
    " (1,'postes','commune','X3',2024,'famille=b',15,3,0.4),"
    " (1,'postes','commune','X4',2024,'',60,6,0.2),(1,'postes','commune','X4',2024,'famille=a',35,3,0.4),"
    " (1,'postes','commune','X4',2024,'famille=b',25,3,0.4),"
    " (1,'postes','departement','D1',2024,'',80,13,0.2),(1,'postes','departement','D1',2024,'famille=a',48,8,0.2),"
    " (1,'postes','departement','D1',2024,'famille=b',32,5,0.3),"
    " (1,'postes','departement','D2',2024,'',100,12,0.2),(1,'postes','departement','D2',2024,'famille=a',60,6,0.2),"
    " (1,'postes','departement','D2',2024,'famille=b',40,6,0.3),"
    " (1,'postes','region','R',2024,'',180,25,0.1),(1,'postes','region','R',2024,'famille=a',108,14,0.1),"
    " (1,'postes','region','R',2024,'famille=b',72,11,0.2);";

static void test_two_dimensions_three_levels(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, two_dimensions));
    apply_to_sum(db, "postes");
    assert_secret_cells(db, "territoire || ':' || dimension || ':' || motif_secret",
                        "X1:famille=a:secondaire X1:famille=b:frequence X2:famille=a:secondaire"
                        " X2:famille=b:secondaire X3:famille=a:secondaire X3:famille=b:secondaire"
                        " X4:famille=a:secondaire X4:famille=b:secondaire");

    /* the audit agrees, and names a leak as soon as one cell is given back */
    secret_audit_result r = audit(db);
    assert_int_equal(r.leaks, 0);
    assert_int_equal(r.secret, 8);
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 0, valeur = valeur_brute"
                            " WHERE territoire = 'X4' AND dimension = 'famille=a'"));
    /* two groups now hold one secret cell: X4's breakdown (X4|b) and the a
     * communes of D2 (X3|a); the a communes of R still hold three. A third
     * leak takes two subtractions, which only the check of the equations
     * combined sees: X3|b = X3 - X3|a, once X3|a = D2|a - X4|a is known. */
    assert_int_equal(audit(db).leaks, 3);
    db_close(db);
}

/* Overlapping territories: study territory S = EPCI E (communes X, Y, Z) +
 * commune W outside E. W has 2 establishments (primary). Without relations
 * tying S to E, the rounds would hide X then Y (the smallest parts of S's
 * communes, then of E's) and leave S and E published: W = S - E = 10. The
 * groups here: E = X + Y + Z, S = X + Y + Z + W, S as its EPCIs
 * S = E + W, and the overlap relation of S and E with E as total:
 * E = S - W. By hand: round 1 hides X (S's communes), E (S = E + W) and S
 * (E = S - W); then every group holds 0 or at least 2 secret cells, and
 * E + 1, S + 1, X + 1 (or S + 1, W + 1) satisfies every published equation:
 * nothing can be solved for. */
static void test_overlapping_territories(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO geo VALUES ('X','commune','X'),('X','epci','E'),('X','etude','S'),"
        " ('Y','commune','Y'),('Y','epci','E'),('Y','etude','S'),('Z','commune','Z'),('Z','epci','E'),"
        " ('Z','etude','S'),('W','commune','W'),('W','etude','S');"
        "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type, regle_secret)"
        " VALUES (1,'postes','Postes','nombre','sum','etablissements');"
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
        " part_max) VALUES"
        " (1,'postes','etude','S',2024,'',140,14,0.2),(1,'postes','epci','E',2024,'',130,12,0.2),"
        " (1,'postes','commune','X',2024,'',40,4,0.3),(1,'postes','commune','Y',2024,'',40,4,0.3),"
        " (1,'postes','commune','Z',2024,'',50,4,0.3),(1,'postes','commune','W',2024,'',10,2,0.6);"));
    apply_to_sum(db, "postes");
    /* the study territory's total S is a headline figure, hidden last
     * (secret_model_costs): E and X protect W instead (X + W = S - Y - Z and
     * E - X = Y + Z leave one degree of freedom) */
    assert_secret_cells(db, "territoire || ':' || motif_secret", "E:secondaire W:frequence X:secondaire");
    assert_int_equal(audit(db).leaks, 0);
    /* publish E again (S is published): two cells given back, W = S - E
     * (S's EPCIs) and X = E - Y - Z (E's communes), each named once */
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 0, valeur = valeur_brute"
                            " WHERE territoire IN ('E', 'S')"));
    assert_int_equal(audit(db).leaks, 2);
    db_close(db);
}

/* A two-key breakdown: financeur=F splits into F;dispositif=a, b, c. The
 * cell c has 1 project (primary); the smallest other part, b, goes too. */
static void test_two_key_breakdown(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type, regle_secret)"
        " VALUES (1,'montant','Montant','euros','sum','etablissements');"
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
        " part_max) VALUES"
        " (1,'montant','france','FR',2024,'',300,20,0.1),"
        " (1,'montant','france','FR',2024,'financeur=F',100,10,0.2),"
        " (1,'montant','france','FR',2024,'financeur=G',200,10,0.2),"
        " (1,'montant','france','FR',2024,'financeur=F;dispositif=a',50,5,0.3),"
        " (1,'montant','france','FR',2024,'financeur=F;dispositif=b',48,4,0.3),"
        " (1,'montant','france','FR',2024,'financeur=F;dispositif=c',2,1,1);"));
    apply_to_sum(db, "montant");
    assert_secret_cells(db, "dimension || ':' || motif_secret",
                        "financeur=F;dispositif=b:secondaire financeur=F;dispositif=c:frequence");
    assert_int_equal(audit(db).leaks, 0);
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 0, valeur = valeur_brute"
                            " WHERE dimension = 'financeur=F;dispositif=b'"));
    assert_int_equal(audit(db).leaks, 1);
    db_close(db);
}

/* The p % rule on a breakdown of one total, contributions by hand:
 *   famille=a: 60, 35, 5   (100): 1 - 0.6 - 0.35 = 0.05 < 0.10 x 0.6 = 0.06: secret at p = 10
 *   famille=b: 60, 25, 15  (100): 0.15 >= 0.06: published
 *   famille=c: 40, 30, 10  (80):  1 - 0.5 - 0.375 = 0.125 >= 0.05: published
 *   total: the twelve together (380): 1 - 2 x 60/380 far above 0.1 x 60/380
 * Each passes the frequency rule (3 establishments) and the 85 % dominance
 * rule. famille=d has the same shares as famille=a but no part_deuxieme (a
 * query without the column): the rule does not apply to it. */
static const char p_rule_cells[] =
    "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type, regle_secret)"
    " VALUES (1,'montant','Montant','euros','sum','etablissements');"
    "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
    " part_max, part_deuxieme) VALUES"
    " (1,'montant','france','FR',2024,'',380,12,60.0/380,60.0/380),"
    " (1,'montant','france','FR',2024,'famille=a',100,3,0.6,0.35),"
    " (1,'montant','france','FR',2024,'famille=b',100,3,0.6,0.25),"
    " (1,'montant','france','FR',2024,'famille=c',80,3,0.5,0.375),"
    " (1,'montant','france','FR',2024,'famille=d',100,3,0.6,NULL);";

static void apply_p(sqlite3 *db, double p)
{
    indicator_def items[] = {def("montant", KIND_SUM, "etablissements", NULL)};
    catalog cat = {.items = items, .n = 1};
    secret_rules rules;
    secret_default_rules(&rules);
    rules.combinations = true;
    rules.p_percent = p;
    assert_true(secret_apply(db, 1, &cat, &rules));
}

static long audit_p(sqlite3 *db, double p)
{
    secret_rules rules;
    secret_default_rules(&rules);
    rules.combinations = true;
    rules.p_percent = p;
    secret_audit_result r;
    assert_true(secret_audit(db, 1, &rules, &r));
    return r.leaks;
}

static void test_p_rule(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, p_rule_cells));
    /* off by default: nothing to hide */
    apply_p(db, 0);
    assert_secret_cells(db, "dimension", NULL);
    assert_int_equal(audit_p(db, 0), 0);
    /* the same figures checked with p = 10: famille=a is a leak */
    assert_int_equal(audit_p(db, 10), 1);
    /* p = 10: famille=a by the p % rule, then the smallest published part of
     * the breakdown (famille=c, 80) so that the total minus the other parts
     * does not give it back */
    apply_p(db, 10);
    assert_secret_cells(db, "dimension || ':' || motif_secret", "famille=a:p_pourcent famille=c:secondaire");
    assert_int_equal(audit_p(db, 10), 0);
    db_close(db);
}

/* At the boundary: 40, 30, 10 (shares 0.5 and 0.375, exact in binary) leave
 * 0.125 to the others; p x 0.5 equals it at p = 25 (not below: published)
 * and exceeds it at p = 26 (secret). */
static void test_p_rule_boundary(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type, regle_secret)"
                            " VALUES (1,'montant','Montant','euros','sum','etablissements');"
                            "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension,"
                            " valeur, n_unites, part_max, part_deuxieme)"
                            " VALUES (1,'montant','france','FR',2024,'',80,3,0.5,0.375);"));
    apply_p(db, 25);
    assert_secret_cells(db, "territoire", NULL);
    apply_p(db, 26);
    assert_secret_cells(db, "territoire || ':' || motif_secret", "FR:p_pourcent");
    /* the frequency and dominance reasons come first */
    assert_true(db_exec(db, "UPDATE indicator_value SET part_max = 0.9, part_deuxieme = 0.05"));
    apply_p(db, 26);
    assert_secret_cells(db, "motif_secret", "dominance");
    db_close(db);
}

/* Counts of people: no dominance rule, no p % rule either. */
static void test_p_rule_not_for_people(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension,"
                            " valeur, n_unites, part_max, part_deuxieme)"
                            " VALUES (1,'personnes','france','FR',2024,'',100,6,0.6,0.35);"));
    indicator_def items[] = {def("personnes", KIND_COUNT, "personnes", NULL)};
    catalog cat = {.items = items, .n = 1};
    secret_rules rules;
    secret_default_rules(&rules);
    rules.p_percent = 10;
    assert_true(secret_apply(db, 1, &cat, &rules));
    assert_secret_cells(db, "territoire", NULL);
    db_close(db);
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_primary_rules_and_inheritance),
                                       cmocka_unit_test(test_secondary_suppression),
                                       cmocka_unit_test(test_integrality_pins_small_counts),
                                       cmocka_unit_test(test_two_dimensions_three_levels),
                                       cmocka_unit_test(test_overlapping_territories),
                                       cmocka_unit_test(test_two_key_breakdown),
                                       cmocka_unit_test(test_p_rule),
                                       cmocka_unit_test(test_p_rule_boundary),
                                       cmocka_unit_test(test_p_rule_not_for_people)};
    return cmocka_run_group_tests_name("secret", tests, NULL, NULL);
}
