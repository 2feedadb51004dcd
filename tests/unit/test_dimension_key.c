/* Breakdown keys as data: the canonical form written by dim() and read back
 * by the one decoder, checked against strings written by hand (a funder
 * named « Crédit Agricole; BPI », quotes, '=', accents), the errors of a
 * dimension not in that form, and the keys stored in dimension_cle with the
 * dimension each breakdown adds up to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/dimension_key.h"
#include "engine/core/log.h"

static void test_encode_by_hand(void **state)
{
    (void)state;
    char err[200];
    dimension_pair two[] = {{"financeur", "Crédit Agricole; BPI"}, {"dispositif", "D1"}};
    char *s = dimension_encode(two, 2, err, sizeof err);
    assert_string_equal(s, "dispositif=D1;financeur=\"Crédit Agricole; BPI\"");
    free(s);
    dimension_pair quoted[] = {{"financeur", "Fonds \"Avenir\" = 1"}};
    s = dimension_encode(quoted, 1, err, sizeof err);
    assert_string_equal(s, "financeur=\"Fonds \"\"Avenir\"\" = 1\"");
    free(s);
    dimension_pair plain[] = {{"famille", "coopérative | SCOP"}};
    s = dimension_encode(plain, 1, err, sizeof err);
    assert_string_equal(s, "famille=coopérative | SCOP");
    free(s);
    s = dimension_encode(NULL, 0, err, sizeof err);
    assert_string_equal(s, "");
    free(s);
    dimension_pair bad[] = {{"Financeur", "x"}};
    assert_null(dimension_encode(bad, 1, err, sizeof err));
    assert_non_null(strstr(err, "Financeur"));
    dimension_pair twice[] = {{"a", "x"}, {"a", "y"}};
    assert_null(dimension_encode(twice, 2, err, sizeof err));
    assert_non_null(strstr(err, "répétée"));
}

static void assert_decodes(const char *s, size_t n, const char *k0, const char *v0, const char *k1, const char *v1)
{
    dimension_pair p[DIMENSION_MAX_KEYS];
    size_t got = 99;
    char err[200];
    assert_true(dimension_decode(s, p, &got, err, sizeof err));
    assert_int_equal(got, n);
    if (n > 0) {
        assert_string_equal(p[0].key, k0);
        assert_string_equal(p[0].value, v0);
    }
    if (n > 1) {
        assert_string_equal(p[1].key, k1);
        assert_string_equal(p[1].value, v1);
    }
    dimension_pairs_free(p, got);
}

static void assert_refused(const char *s, const char *why)
{
    dimension_pair p[DIMENSION_MAX_KEYS];
    size_t got = 99;
    char err[200] = "";
    assert_false(dimension_decode(s, p, &got, err, sizeof err));
    assert_int_equal(got, 0);
    if (!strstr(err, why))
        fail_msg("« %s » : « %s » ne contient pas « %s »", s, err, why);
}

static void test_decode(void **state)
{
    (void)state;
    assert_decodes("", 0, NULL, NULL, NULL, NULL);
    assert_decodes("famille=association", 1, "famille", "association", NULL, NULL);
    assert_decodes("dispositif=D1;financeur=\"Crédit Agricole; BPI\"", 2, "dispositif", "D1", "financeur",
                   "Crédit Agricole; BPI");
    assert_decodes("financeur=\"Fonds \"\"Avenir\"\" = 1\"", 1, "financeur", "Fonds \"Avenir\" = 1", NULL, NULL);
    assert_decodes("financeur=\"\"", 1, "financeur", "", NULL, NULL);
    assert_decodes("phase=", 1, "phase", "", NULL, NULL);
    /* what the old concatenation wrote for that funder: refused, not misread */
    assert_refused("financeur=Crédit Agricole; BPI;dispositif=D1", "clé sans « = » à l'octet 28");
    assert_refused("financeur=a=b", "« = » hors guillemets à l'octet 12");
    assert_refused("financeur=\"abc", "guillemet non fermé à l'octet 15");
    assert_refused("financeur=\"a\"b", "« b » après un guillemet fermant à l'octet 14");
    assert_refused("a=1;a=2", "clé « a » répétée");
    assert_refused("A=1", "clé « A » invalide");
}

static void test_round_trip(void **state)
{
    (void)state;
    const char *values[] = {"Crédit Agricole; BPI", "\"", ";", "=", "a=b;c=\"d\"", "", " espace ", "État (DREETS)"};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        char err[200];
        dimension_pair in[] = {{"financeur", (char *)values[i]}, {"dispositif", (char *)values[i]}};
        char *s = dimension_encode(in, 2, err, sizeof err);
        assert_non_null(s);
        dimension_pair out[DIMENSION_MAX_KEYS];
        size_t n = 0;
        assert_true(dimension_decode(s, out, &n, err, sizeof err));
        assert_int_equal(n, 2);
        assert_string_equal(out[0].key, "dispositif");
        assert_string_equal(out[0].value, values[i]);
        assert_string_equal(out[1].key, "financeur");
        assert_string_equal(out[1].value, values[i]);
        dimension_pairs_free(out, n);
        free(s);
    }
}

static char *text_of(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *s = sqlite3_column_type(st, 0) == SQLITE_NULL ? NULL : strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return s;
}

static void assert_sql_text(sqlite3 *db, const char *sql, const char *expected)
{
    char *s = text_of(db, sql);
    if (!expected)
        assert_null(s);
    else
        assert_string_equal(s, expected);
    free(s);
}

static void test_sql_function_and_store(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_sql_text(db, "SELECT dim('financeur', 'Crédit Agricole; BPI', 'dispositif', 'D1')",
                    "dispositif=D1;financeur=\"Crédit Agricole; BPI\"");
    assert_sql_text(db, "SELECT dim()", "");
    assert_sql_text(db, "SELECT dim('groupe', 12)", "groupe=12");
    assert_sql_text(db, "SELECT dim('financeur', NULL, 'dispositif', 'D1')", NULL);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT dim('Financeur', 'x')", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ERROR);
    assert_non_null(strstr(sqlite3_errmsg(db), "clé « Financeur » invalide"));
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT dim('a')", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ERROR);
    sqlite3_finalize(st);

    assert_true(db_exec(db, "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension,"
                            " valeur) VALUES (1,'m','france','FR',2024,'',1),"
                            " (1,'m','france','FR',2024,dim('financeur','Crédit Agricole; BPI'),1),"
                            " (1,'m','france','FR',2024,dim('financeur','Crédit Agricole; BPI','dispositif','D1'),1)"));
    char err[600];
    assert_true(dimension_keys_store(db, 1, "m", err, sizeof err));
    assert_sql_text(db, "SELECT group_concat(dimension || ' | ' || cle || ' | ' || valeur || ' | ' || reste || ' | '"
                        " || n_cles, ' / ') FROM (SELECT * FROM dimension_cle ORDER BY dimension, cle)",
                    "dispositif=D1;financeur=\"Crédit Agricole; BPI\" | dispositif | D1"
                    " | financeur=\"Crédit Agricole; BPI\" | 2 / "
                    "dispositif=D1;financeur=\"Crédit Agricole; BPI\" | financeur | Crédit Agricole; BPI"
                    " | dispositif=D1 | 2 / "
                    "financeur=\"Crédit Agricole; BPI\" | financeur | Crédit Agricole; BPI |  | 1");
    /* a dimension written by concatenation is refused, naming it */
    assert_true(db_exec(db, "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension,"
                            " valeur) VALUES (1,'m','france','FR',2024,'financeur=A; B;dispositif=D1',1)"));
    assert_false(dimension_keys_store(db, 1, "m", err, sizeof err));
    assert_non_null(strstr(err, "dimension « financeur=A; B;dispositif=D1 » illisible : clé sans « = »"));
    db_close(db);
}

/* One indicator's keys, or every indicator's of the run (NULL): never
 * another indicator's, nor another run's. */
static void test_store_scope(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension,"
                            " valeur) VALUES (1,'a','france','FR',2024,'',1), (1,'a','france','FR',2024,'famille=x',1),"
                            " (1,'b','france','FR',2024,'section=y',1), (2,'a','france','FR',2024,'phase=z',1)"));
    char err[600];
    assert_true(dimension_keys_store(db, 1, "a", err, sizeof err));
    assert_sql_text(db, "SELECT group_concat(dimension, ' / ') FROM (SELECT dimension FROM dimension_cle ORDER BY 1)",
                    "famille=x");
    assert_true(dimension_keys_store(db, 1, "c", err, sizeof err)); /* no cell: nothing */
    assert_sql_text(db, "SELECT count(*) FROM dimension_cle", "1");
    assert_true(dimension_keys_store(db, 1, NULL, err, sizeof err));
    assert_sql_text(db, "SELECT group_concat(dimension || ' | ' || cle || ' | ' || valeur, ' / ')"
                        " FROM (SELECT * FROM dimension_cle ORDER BY dimension)",
                    "famille=x | famille | x / section=y | section | y");
    db_close(db);
}

int main(void)
{
    obs_log_set_quiet(true);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_encode_by_hand), cmocka_unit_test(test_decode),
                                       cmocka_unit_test(test_round_trip),
                                       cmocka_unit_test(test_sql_function_and_store),
                                       cmocka_unit_test(test_store_scope)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
