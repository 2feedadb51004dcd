/* The survival section's note: establishments without a creation date (left
 * out of the Kaplan–Meier curves) and closed ones without a closure date,
 * counted in the report's territory; the French sentences. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <string.h>

#include "reports/data/report_data.h"
#include "reports/data/survival_note.h"

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, &err), SQLITE_OK);
}

/* Two communes in the study territory "t", one outside it. By hand, in "t":
 *   no creation date: A (active), B (closed, no date), C (closed 2020) -> 3
 *   closed, no closure date, with a creation date: D, E -> 2 (B is in the first count)
 *   counted in neither: F (active), G (closed 2019-05-01)
 * outside "t" (commune 99999): one of each kind, never counted. */
static void test_counts_in_territory(void **state)
{
    (void)state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    exec(db, "CREATE TABLE etablissement(siret TEXT, commune TEXT, date_creation TEXT, etat TEXT,"
             " date_fermeture TEXT);"
             "CREATE TABLE geo(commune TEXT, niveau TEXT, code TEXT);"
             "INSERT INTO geo VALUES('29019','etude','t'),('62160','etude','t'),('99999','etude','u');"
             "INSERT INTO etablissement VALUES"
             " ('A','29019',NULL,'A',NULL),('B','62160',NULL,'F',NULL),('C','29019',NULL,'F','2020-01-01'),"
             " ('D','29019','2001-02-03','F',NULL),('E','62160','2015-06-30','F',NULL),"
             " ('F','62160','2010-01-01','A',NULL),('G','29019','2000-01-01','F','2019-05-01'),"
             " ('H','99999',NULL,'A',NULL),('I','99999','2001-01-01','F',NULL);");
    report_data rd;
    memset(&rd, 0, sizeof rd);
    rd.db = db;
    strcpy(rd.territory.niveau, "etude");
    strcpy(rd.territory.code, "t");
    survival_gaps g;
    assert_true(survival_gaps_count(&rd, &g));
    assert_int_equal(g.without_creation, 3);
    assert_int_equal(g.closed_undated, 2);
    char text[512];
    survival_gaps_text(&g, text, sizeof text);
    assert_string_equal(text, "3 établissements sans date de création exclus de l'analyse de survie.\n"
                              "2 établissements fermés sans date de fermeture, suivis dans l'analyse de survie"
                              " comme encore actifs à la date d'observation.\n");
    strcpy(rd.territory.code, "nowhere");
    assert_true(survival_gaps_count(&rd, &g));
    assert_int_equal(g.without_creation, 0);
    assert_int_equal(g.closed_undated, 0);
    sqlite3_close(db);
}

static void test_sentences(void **state)
{
    (void)state;
    char text[512];
    survival_gaps none = {0, 0}, one = {1, 1}, many = {1234567, 0};
    survival_gaps_text(&none, text, sizeof text);
    assert_string_equal(text, "");
    survival_gaps_text(&one, text, sizeof text);
    assert_string_equal(text, "1 établissement sans date de création exclu de l'analyse de survie.\n"
                              "1 établissement fermé sans date de fermeture, suivi dans l'analyse de survie"
                              " comme encore actif à la date d'observation.\n");
    survival_gaps_text(&many, text, sizeof text);
    /* thousands separated by non-breaking spaces */
    assert_string_equal(text, "1\xc2\xa0" "234\xc2\xa0" "567 établissements sans date de création exclus de"
                              " l'analyse de survie.\n");
    /* a short buffer is cut, never overrun */
    char small[20];
    survival_gaps_text(&one, small, sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_in_territory),
        cmocka_unit_test(test_sentences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
