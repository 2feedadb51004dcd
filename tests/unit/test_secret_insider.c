/* Statistical secrecy against a funder who knows its own parts, on
 * hand-built breakdowns by financeur written with dim(): a funder named
 * « Crédit Agricole; BPI » whose masked part no longer comes back by
 * subtraction, the completion that keeps a funder's own secret part from
 * giving another back, the primary insider rule, and the audit's
 * independent check of both. Expected cells worked out by hand. */
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

static indicator_def sum_def(const char *id)
{
    indicator_def d;
    memset(&d, 0, sizeof d);
    d.id = (char *)id;
    d.kind = KIND_SUM;
    d.secret = (char *)"etablissements";
    return d;
}

static void apply(sqlite3 *db, const char *indicator)
{
    indicator_def items[] = {sum_def(indicator)};
    catalog cat = {.items = items, .n = 1};
    secret_rules rules;
    secret_default_rules(&rules);
    rules.combinations = true;
    assert_true(secret_apply(db, 1, &cat, &rules));
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

/* The case: montant_prive 357 132,73 = Crédit Agricole; BPI
 * 53 265,47 (1 project: frequency) + A 190 284,92 + B 53 146,43 + C
 * 60 435,91. Keys read as data, the group is whole: the lone secret part
 * takes the smallest published one, B, with it (secondary). B's funder
 * knows B and Crédit Agricole; BPI's knows its own: each would get the
 * other back by subtraction, so the next smallest, C, goes too. A and the
 * total stay published. No remainder needs the insider rule: removing any
 * funder leaves at least 3 others, the largest at most 64 % of the rest
 * (A: 190 284,92 / 296 696,82 without C). */
static void test_funder_with_semicolon(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type, regle_secret)"
        " VALUES (1,'montant_prive','Montant privé','euros','sum','etablissements');"
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
        " part_max) VALUES"
        " (1,'montant_prive','france','FR',2024,'',357132.73,40,0.1),"
        " (1,'montant_prive','france','FR',2024,dim('financeur','Crédit Agricole; BPI'),53265.47,1,1),"
        " (1,'montant_prive','france','FR',2024,dim('financeur','A'),190284.92,20,0.2),"
        " (1,'montant_prive','france','FR',2024,dim('financeur','B'),53146.43,9,0.3),"
        " (1,'montant_prive','france','FR',2024,dim('financeur','C'),60435.91,10,0.3);"));
    apply(db, "montant_prive");
    assert_secret_cells(db, "financeur=\"Crédit Agricole; BPI\":frequence / financeur=B:secondaire"
                            " / financeur=C:secondaire");
    assert_int_equal(audit_leaks(db), 0);
    /* without the completion, B's funder would read Crédit Agricole; BPI's
     * part (and the reverse): the audit names both */
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 0, valeur = valeur_brute"
                            " WHERE dimension = 'financeur=C'"));
    assert_int_equal(audit_leaks(db), 2);
    /* and publishing B too leaves the lone secret part, found by the
     * breakdown check (the one-key group) and the insider check */
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 0, valeur = valeur_brute"
                            " WHERE dimension = 'financeur=B'"));
    assert_true(audit_leaks(db) >= 1);
    db_close(db);
}

/* The completion hides a cell that is the total of another group, which
 * the suppression then protects on the model it already built (the groups
 * are not built again). Combinations off, so that the completion, not the
 * funders' combinations, finds it. montant_prive 357 132,73 = K 53 265,47
 * (1 project: frequency) + A 190 284,92 (20) + B 53 146,43 (9) + C
 * 60 435,91 (10), and C = C;x 30 000 (5) + C;y 30 435,91 (5). The lone
 * secret part K takes B (fewest contributors); K's and B's funders would
 * each get the other back, so the completion hides C, the smallest
 * published part; C is then the lone secret cell of its own breakdown,
 * which takes C;x (as few contributors as C;y, smaller). */
static void test_completion_then_groups(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type, regle_secret)"
        " VALUES (1,'montant_prive','Montant privé','euros','sum','etablissements');"
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
        " part_max) VALUES"
        " (1,'montant_prive','france','FR',2024,'',357132.73,40,0.1),"
        " (1,'montant_prive','france','FR',2024,'financeur=K',53265.47,1,1),"
        " (1,'montant_prive','france','FR',2024,'financeur=A',190284.92,20,0.2),"
        " (1,'montant_prive','france','FR',2024,'financeur=B',53146.43,9,0.3),"
        " (1,'montant_prive','france','FR',2024,'financeur=C',60435.91,10,0.3),"
        " (1,'montant_prive','france','FR',2024,'financeur=C;dispositif=x',30000,5,0.3),"
        " (1,'montant_prive','france','FR',2024,'financeur=C;dispositif=y',30435.91,5,0.3);"));
    indicator_def items[] = {sum_def("montant_prive")};
    catalog cat = {.items = items, .n = 1};
    secret_rules rules;
    secret_default_rules(&rules);
    rules.combinations = false;
    assert_true(secret_apply(db, 1, &cat, &rules));
    assert_secret_cells(db, "financeur=B:secondaire / financeur=C:secondaire / financeur=C;dispositif=x:secondaire"
                            " / financeur=K:frequence");
    /* applied again (as the stage does on a run it protected before): the same */
    assert_true(secret_apply(db, 1, &cat, &rules));
    assert_secret_cells(db, "financeur=B:secondaire / financeur=C:secondaire / financeur=C;dispositif=x:secondaire"
                            " / financeur=K:frequence");
    db_close(db);
}

/* The insider rule: montant_public 1 000 = F 600 + G 390 + H 10 (1
 * project: frequency). Without F, the remainder 400 comes from 2 funders,
 * one of them secret. The total becomes secret (initie), which protects H
 * as well: the group holds two secret cells, the total and H, and H's
 * funder, who knows H, gets only the total, H + 990. */
static void test_insider_rule(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type, regle_secret)"
        " VALUES (1,'montant_public','Montant public','euros','sum','etablissements');"
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
        " part_max) VALUES"
        " (1,'montant_public','france','FR',2024,'',1000,21,0.1),"
        " (1,'montant_public','france','FR',2024,dim('financeur','F'),600,10,0.2),"
        " (1,'montant_public','france','FR',2024,dim('financeur','G'),390,10,0.2),"
        " (1,'montant_public','france','FR',2024,dim('financeur','H'),10,1,1);"));
    apply(db, "montant_public");
    assert_secret_cells(db, ":initie / financeur=H:frequence");
    assert_int_equal(audit_leaks(db), 0);
    /* the total published: the audit's own insider check names it, for F
     * (2 others, one secret) and for G (2 others: F and H); and the
     * breakdown's lone secret cell, H */
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 0, valeur = valeur_brute WHERE dimension = ''"));
    assert_int_equal(audit_leaks(db), 3);
    db_close(db);
}

/* Four funders with published parts: nothing for the insider rule, even
 * with a dominant one (a remainder of published parts tells nothing new). */
static void test_published_parts_need_nothing(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db,
        "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type, regle_secret)"
        " VALUES (1,'montant_public','Montant public','euros','sum','etablissements');"
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
        " part_max) VALUES"
        " (1,'montant_public','france','FR',2024,'',1000,40,0.1),"
        " (1,'montant_public','france','FR',2024,dim('financeur','F'),900,10,0.2),"
        " (1,'montant_public','france','FR',2024,dim('financeur','G'),50,10,0.2),"
        " (1,'montant_public','france','FR',2024,dim('financeur','H'),50,10,0.2);"));
    apply(db, "montant_public");
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM indicator_value WHERE secret = 1");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    db_close(db);
}

int main(void)
{
    obs_log_set_quiet(true);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_funder_with_semicolon), cmocka_unit_test(test_insider_rule),
                                       cmocka_unit_test(test_completion_then_groups),
                                       cmocka_unit_test(test_published_parts_need_nothing)};
    return cmocka_run_group_tests_name("secret_insider", tests, NULL, NULL);
}
