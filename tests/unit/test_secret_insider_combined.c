/* The funder insider against combinations of equations
 * (secret_insider_combined.h), on breakdowns by financeur built by hand
 * with dim(), the equations loaded as secondary suppression holds them.
 * Expected victims worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/dimension_key.h"
#include "indicators/secret/secret_combined.h"
#include "indicators/secret/secret_insider_combined.h"

/* One group per territory (the cell without breakdown is its total), and
 * the territory hierarchy per dimension when there are several: 'P' the
 * parent, the others its parts. */
static const char equations_sql[] =
    "SELECT 'b|' || territoire, rowid, CASE WHEN dimension = '' THEN 1 ELSE -1 END, secret, valeur_brute"
    " FROM indicator_value"
    " UNION ALL SELECT 'h|' || dimension, rowid, CASE WHEN territoire = 'P' THEN 1 ELSE -1 END, secret,"
    " valeur_brute FROM indicator_value WHERE (SELECT count(DISTINCT territoire) FROM indicator_value) > 1"
    " ORDER BY 1";

static sqlite3 *open_with(const char *values)
{
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    char sql[4096];
    snprintf(sql, sizeof sql,
             "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur,"
             " valeur_brute, secret) VALUES %s;",
             values);
    assert_true(db_exec(db, sql));
    char why[300];
    assert_true(dimension_keys_store(db, 1, NULL, why, sizeof why));
    return db;
}

/* The cells in temp.victims as their dimensions, joined by ' / ' (parts:
 * only those with a breakdown). */
static void assert_victims_where(sqlite3 *db, const char *expected, bool parts)
{
    sqlite3_stmt *st = db_prepare(db, parts ? "SELECT coalesce(group_concat(d, ' / '), '') FROM (SELECT v.territoire"
                                              " || ':' || v.dimension AS d FROM temp.victims x"
                                              " JOIN indicator_value v ON v.rowid = x.id WHERE v.dimension <> ''"
                                              " ORDER BY d)"
                                            : "SELECT coalesce(group_concat(d, ' / '), '') FROM (SELECT v.territoire"
                                              " || ':' || v.dimension AS d FROM temp.victims x"
                                              " JOIN indicator_value v ON v.rowid = x.id ORDER BY d)");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), expected);
    sqlite3_finalize(st);
}

static void assert_victims(sqlite3 *db, const char *expected)
{
    assert_victims_where(db, expected, false);
}

static void assert_outsider_gets_nothing(combined *c)
{
    int64_t *victims;
    size_t n, found;
    assert_true(combined_victims(c, &victims, &n, &found));
    assert_int_equal(found, 0);
    assert_int_equal(n, 0);
    free(victims);
}

/* 100 = F 50 + G 30 + H 15 + I 5, F and G hidden: the outsider sees two
 * unknowns adding up to 80. F, who knows its 50, reads G = 100 - 50 - 15
 * - 5 = 30, and G reads F the same way. The smallest published part, I's
 * 5, is hidden: F then has G + I = 35, G has F + I = 55, H and I (whose
 * parts are published or their own) have F + G = 80 or F + G + I = 85. */
static void test_two_hidden_funders_take_the_smallest_part(void **state)
{
    (void)state;
    sqlite3 *db = open_with("(1,'montant_prive','commune','A',2024,'',100,100,0),"
                            " (1,'montant_prive','commune','A',2024,dim('financeur','F'),NULL,50,1),"
                            " (1,'montant_prive','commune','A',2024,dim('financeur','G'),NULL,30,1),"
                            " (1,'montant_prive','commune','A',2024,dim('financeur','H'),15,15,0),"
                            " (1,'montant_prive','commune','A',2024,dim('financeur','I'),5,5,0)");
    combined *c = combined_load(db, equations_sql);
    assert_non_null(c);
    assert_outsider_gets_nothing(c);
    assert_true(secret_insider_combined(db, 1, c));
    assert_victims(db, "A:financeur=I");
    /* hidden in the equations too: the outsider gets nothing back, and a
     * second look finds nothing more */
    assert_outsider_gets_nothing(c);
    assert_true(secret_insider_combined(db, 1, c));
    assert_victims(db, "");
    combined_free(c);
    db_close(db);
}

/* Three funders hidden out of four: F knows its part, G + H = 100 - 50 - 5
 * = 45 is all it learns. Nothing to hide. */
static void test_three_hidden_funders_are_safe(void **state)
{
    (void)state;
    sqlite3 *db = open_with("(1,'montant_prive','commune','A',2024,'',100,100,0),"
                            " (1,'montant_prive','commune','A',2024,dim('financeur','F'),NULL,50,1),"
                            " (1,'montant_prive','commune','A',2024,dim('financeur','G'),NULL,30,1),"
                            " (1,'montant_prive','commune','A',2024,dim('financeur','H'),NULL,15,1),"
                            " (1,'montant_prive','commune','A',2024,dim('financeur','I'),5,5,0)");
    combined *c = combined_load(db, equations_sql);
    assert_non_null(c);
    assert_true(secret_insider_combined(db, 1, c));
    assert_victims(db, "");
    combined_free(c);
    db_close(db);
}

/* Two communes A and B and their parent P (P = A + B for the total and
 * each funder), each with funders F, G (« Crédit Agricole; BPI », its key
 * read as data) and H. Hidden: F's and G's cells in the three territories.
 * The outsider: in each territory two unknowns of known sum, and along
 * the hierarchy F_P = F_A + F_B, G_P = G_A + G_B: 6 unknowns, rank 4,
 * every one free (F_A = t, G_A = -t, F_B = s, G_B = -s, F_P = t + s). G
 * knows its three cells: F_A = 60 - 17 - 3, F_B and F_P come back (and F
 * reads G's the same way). Each territory needs another hidden cell next
 * to F's, one that is not G's: H's part (smaller than the total). H_A
 * alone would be pinned by H_P = H_A + H_B, so H_A and H_B go; then G has
 * F_A + H_A and F_B + H_B, and F_P = 90 - 25 - H_P: H_P goes too. With
 * the three, G has F_x + H_x known and the hierarchy: 6 unknowns, rank 4,
 * none pinned; F has G_x + H_x the same way; H has F_x + G_x, the
 * outsider's case. The parts hidden are H's three, none of F's or G's
 * (the chooser, which credits a victim only with what its own combination
 * protects, may hide territories' totals as well: they are not asserted);
 * then no funder gets another's cell back, nor the outsider anything. */
static void test_hierarchy_with_a_funder_named_with_semicolon(void **state)
{
    (void)state;
    sqlite3 *db = open_with(
        "(1,'montant_prive','commune','A',2024,'',60,60,0),"
        " (1,'montant_prive','commune','A',2024,dim('financeur','F'),NULL,40,1),"
        " (1,'montant_prive','commune','A',2024,dim('financeur','Crédit Agricole; BPI'),NULL,17,1),"
        " (1,'montant_prive','commune','A',2024,dim('financeur','H'),3,3,0),"
        " (1,'montant_prive','commune','B',2024,'',30,30,0),"
        " (1,'montant_prive','commune','B',2024,dim('financeur','F'),NULL,20,1),"
        " (1,'montant_prive','commune','B',2024,dim('financeur','Crédit Agricole; BPI'),NULL,8,1),"
        " (1,'montant_prive','commune','B',2024,dim('financeur','H'),2,2,0),"
        " (1,'montant_prive','commune','P',2024,'',90,90,0),"
        " (1,'montant_prive','commune','P',2024,dim('financeur','F'),NULL,60,1),"
        " (1,'montant_prive','commune','P',2024,dim('financeur','Crédit Agricole; BPI'),NULL,25,1),"
        " (1,'montant_prive','commune','P',2024,dim('financeur','H'),5,5,0)");
    combined *c = combined_load(db, equations_sql);
    assert_non_null(c);
    assert_outsider_gets_nothing(c);
    assert_true(secret_insider_combined(db, 1, c));
    assert_victims_where(db, "A:financeur=H / B:financeur=H / P:financeur=H", true);
    assert_outsider_gets_nothing(c);
    assert_true(secret_insider_combined(db, 1, c));
    assert_victims(db, "");
    combined_free(c);
    db_close(db);
}

/* A territory's total by programme, each programme by funder: key 'T|'
 * the territory's total and its programmes, key 'D|' a programme and its
 * funders' parts (found through the keys stored as data). */
static const char programme_sql[] =
    "SELECT 'T|' || territoire, rowid, CASE WHEN dimension = '' THEN 1 ELSE -1 END, secret, valeur_brute"
    " FROM indicator_value v WHERE NOT EXISTS (SELECT 1 FROM dimension_cle k WHERE k.dimension = v.dimension"
    " AND k.cle = 'financeur')"
    " UNION ALL SELECT 'D|' || v.territoire || '|' || v.dimension, v.rowid, 1, v.secret, v.valeur_brute"
    " FROM indicator_value v WHERE v.dimension <> '' AND NOT EXISTS (SELECT 1 FROM dimension_cle k"
    " WHERE k.dimension = v.dimension AND k.cle = 'financeur')"
    " UNION ALL SELECT 'D|' || v.territoire || '|' || k.reste, v.rowid, -1, v.secret, v.valeur_brute"
    " FROM indicator_value v JOIN dimension_cle k ON k.dimension = v.dimension AND k.cle = 'financeur'"
    " ORDER BY 1";

/* 100.25 = programme X 70.5 + Y 20.5 + Z 9.25, all hidden but the total;
 * X funded by F alone (70.5), Y by G alone, Z by H alone, their parts
 * hidden. The outsider has three unknowns of known sum. F, who knows its
 * part, gets X back: its money alone, nothing to protect (Y + Z = 29.75
 * is all it learns of the others); G and H likewise. Nothing hidden. */
static void test_a_total_of_one_funder_alone_is_its_own(void **state)
{
    (void)state;
    sqlite3 *db = open_with("(1,'montant_public','commune','A',2024,'',100.25,100.25,0),"
                            " (1,'montant_public','commune','A',2024,dim('dispositif','X'),NULL,70.5,1),"
                            " (1,'montant_public','commune','A',2024,dim('dispositif','Y'),NULL,20.5,1),"
                            " (1,'montant_public','commune','A',2024,dim('dispositif','Z'),NULL,9.25,1),"
                            " (1,'montant_public','commune','A',2024,dim('dispositif','X','financeur','F'),NULL,70.5,1),"
                            " (1,'montant_public','commune','A',2024,dim('dispositif','Y','financeur','G'),NULL,20.5,1),"
                            " (1,'montant_public','commune','A',2024,dim('dispositif','Z','financeur','H'),NULL,9.25,1)");
    combined *c = combined_load(db, programme_sql);
    assert_non_null(c);
    assert_outsider_gets_nothing(c);
    assert_true(secret_insider_combined(db, 1, c));
    assert_victims(db, "");
    combined_free(c);
    db_close(db);
}

/* 100.25 = programme X 70.5 + Y 29.75, all hidden but the total; X funded
 * by F alone, Y by G (20.5) and H (9.25), every part hidden. The outsider:
 * X + Y = 100.25, X = F's part, Y = G's + H's: nothing. F knows its part,
 * hence X, hence Y = 29.75: the sum of G's and H's parts, a total of
 * several funders that F must not get back. The only published cell, the
 * total, is hidden; then F has Y = total - 70.5 and nothing else. */
static void test_a_total_of_several_funders_is_protected(void **state)
{
    (void)state;
    sqlite3 *db = open_with("(1,'montant_public','commune','A',2024,'',100.25,100.25,0),"
                            " (1,'montant_public','commune','A',2024,dim('dispositif','X'),NULL,70.5,1),"
                            " (1,'montant_public','commune','A',2024,dim('dispositif','Y'),NULL,29.75,1),"
                            " (1,'montant_public','commune','A',2024,dim('dispositif','X','financeur','F'),NULL,70.5,1),"
                            " (1,'montant_public','commune','A',2024,dim('dispositif','Y','financeur','G'),NULL,20.5,1),"
                            " (1,'montant_public','commune','A',2024,dim('dispositif','Y','financeur','H'),NULL,9.25,1)");
    combined *c = combined_load(db, programme_sql);
    assert_non_null(c);
    assert_outsider_gets_nothing(c);
    assert_true(secret_insider_combined(db, 1, c));
    assert_victims(db, "A:");
    assert_outsider_gets_nothing(c);
    assert_true(secret_insider_combined(db, 1, c));
    assert_victims(db, "");
    combined_free(c);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_hidden_funders_take_the_smallest_part),
        cmocka_unit_test(test_three_hidden_funders_are_safe),
        cmocka_unit_test(test_hierarchy_with_a_funder_named_with_semicolon),
        cmocka_unit_test(test_a_total_of_one_funder_alone_is_its_own),
        cmocka_unit_test(test_a_total_of_several_funders_is_protected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
