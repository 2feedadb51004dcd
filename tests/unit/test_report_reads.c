/* What the renderers read through reports/data (the same structures for the
 * PDF and the workbook): survival curves and log-rank tests, the places a
 * report names and maps, a funder's programmes. Small hand-built tables;
 * every expected value is read off the rows inserted here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/log.h"
#include "reports/data/funders.h"
#include "reports/data/report_data.h"
#include "reports/data/report_places.h"
#include "reports/data/survival_curves.h"

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, &err), SQLITE_OK);
}

static sqlite3 *open_db(const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    exec(db, sql);
    return db;
}

static report_data data_for(sqlite3 *db, int64_t run, int year, const char *niveau, const char *code)
{
    report_data rd;
    memset(&rd, 0, sizeof rd);
    rd.db = db;
    rd.run_id = run;
    rd.year = year;
    strcpy(rd.territory.niveau, niveau);
    strcpy(rd.territory.code, code);
    return rd;
}

/* Run 7, territory etude/t: two groups of one curve inserted out of order,
 * the band of the first point NULL; another territory and another run
 * that must not be read. */
static void survival_curves_of_the_territory(void **state)
{
    (void)state;
    sqlite3 *db = open_db(
        "CREATE TABLE survival_curve(run_id, indicator, niveau, territoire, groupe, time, n_risk, n_event,"
        " n_censor, surv, std_err, lower, upper);"
        "CREATE TABLE survival_test(run_id, indicator, niveau, territoire, test, groupes, chisq, df, p);"
        "INSERT INTO survival_curve VALUES"
        " (7,'survie','etude','t','non_accompagne',2,8,2,0,0.6,NULL,0.4,0.8),"
        " (7,'survie','etude','t','accompagne',1,10,1,1,0.9,NULL,NULL,NULL),"
        " (7,'survie','etude','t','accompagne',3,8,2,1,0.675,NULL,0.5,0.85),"
        " (7,'survie','etude','t','non_accompagne',1,10,2,0,0.8,NULL,0.6,0.95),"
        " (7,'survie','etude','u','accompagne',1,99,9,9,0.1,NULL,0,1),"
        " (8,'survie','etude','t','accompagne',1,99,9,9,0.1,NULL,0,1);"
        "INSERT INTO survival_test VALUES (7,'survie','etude','t','logrank','accompagne,non_accompagne',4.2,1,0.0404),"
        " (7,'survie','etude','t','logrank','ess,hors_ess',1,1,NULL);");
    report_data rd = data_for(db, 7, 2024, "etude", "t");
    survival_curves c;
    assert_true(survival_curves_load(&rd, &c));
    assert_int_equal(c.n, 2);
    const survival_curve *a = &c.items[0], *b = &c.items[1];
    assert_string_equal(a->indicator, "survie");
    assert_string_equal(a->group, "accompagne"); /* by group, then time */
    assert_string_equal(b->group, "non_accompagne");
    assert_int_equal(a->n, 2);
    assert_true(a->time[0] == 1 && a->time[1] == 3);
    assert_true(a->n_risk[1] == 8 && a->n_event[1] == 2 && a->n_censor[1] == 1 && a->surv[1] == 0.675);
    assert_true(isnan(a->lower[0]) && isnan(a->upper[0]));
    assert_true(a->lower[1] == 0.5 && a->upper[1] == 0.85);
    assert_int_equal(b->n, 2);
    assert_true(b->time[0] == 1 && b->surv[0] == 0.8 && b->time[1] == 2 && b->surv[1] == 0.6);
    assert_ptr_equal(survival_curves_find(&c, "survie", "non_accompagne"), b);
    assert_null(survival_curves_find(&c, "survie", "ess"));
    assert_null(survival_curves_find(&c, "autre", "accompagne"));
    survival_curves_free(&c);
    assert_true(survival_logrank_p(&rd, "accompagne,non_accompagne") == 0.0404);
    assert_true(isnan(survival_logrank_p(&rd, "ess,hors_ess"))); /* p NULL */
    assert_true(isnan(survival_logrank_p(&rd, "x,y")));          /* no test */
    rd = data_for(db, 7, 2024, "etude", "nowhere");
    assert_true(survival_curves_load(&rd, &c));
    assert_int_equal(c.n, 0);
    survival_curves_free(&c);
    sqlite3_close(db);
}

/* Study territory t: communes 62001 and 62002 (EPCI e1) and 62003 (EPCI
 * e2); 62004 in e2 but outside t. */
static const char places[] =
    "CREATE TABLE geo(commune, niveau, code);"
    "CREATE TABLE territoire(niveau, code, nom);"
    "CREATE TABLE dispositif(id_dispositif, nom, type, code_commune, commune, phases, date_debut, date_fin);"
    "INSERT INTO geo VALUES ('62001','etude','t'),('62002','etude','t'),('62003','etude','t'),"
    " ('62001','epci','e1'),('62002','epci','e1'),('62003','epci','e2'),('62004','epci','e2'),"
    " ('62001','commune','62001'),('62002','commune','62002'),('62003','commune','62003'),"
    " ('62004','commune','62004');"
    "INSERT INTO territoire VALUES ('epci','e1','Zeta'),('epci','e2','Alpha'),('epci','e3','Alpha'),"
    " ('etude','t','Territoire');"
    /* in 2024: D1 (no end), D3 (ends 2024-01-01), D4 (starts 2024-12-31); not D2 (ended 2023), not
     * D5 (starts 2025), not D6 (outside t) */
    "INSERT INTO dispositif VALUES ('D3','c','incubateur','62003','62003','|a|','2020-01-01','2024-01-01'),"
    " ('D1','a','couveuse','62001','62001','|a|','2019-05-01',NULL),"
    " ('D2','b','incubateur','62001','62001','|a|','2019-05-01','2023-12-31'),"
    " ('D4','d','pépinière','62001','62001','|a|','2024-12-31',NULL),"
    " ('D5','e','couveuse','62002','62002','|a|','2025-01-01',NULL),"
    " ('D6','f','couveuse','62004','62004','|a|','2019-01-01',NULL);";

static void places_of_a_territory(void **state)
{
    (void)state;
    sqlite3 *db = open_db(places);
    report_data rd = data_for(db, 1, 2024, "etude", "t");
    size_t n = 0;
    char **codes = report_unit_codes(&rd, "epci", "etude", "t", &n);
    assert_int_equal(n, 2);
    assert_string_equal(codes[0], "e1");
    assert_string_equal(codes[1], "e2");
    report_free_list(codes, n);
    codes = report_unit_codes(&rd, "commune", "epci", "e2", &n);
    assert_int_equal(n, 2);
    assert_string_equal(codes[0], "62003");
    assert_string_equal(codes[1], "62004");
    report_free_list(codes, n);
    /* none: an empty list (NULL is kept for an error) */
    codes = report_unit_codes(&rd, "commune", "etude", "nowhere", &n);
    assert_non_null(codes);
    assert_int_equal(n, 0);
    assert_null(codes[0]);
    free(codes);

    char name[8];
    report_territory_name(&rd, "epci", "e1", name, sizeof name);
    assert_string_equal(name, "Zeta");
    report_territory_name(&rd, "epci", "e9", name, sizeof name); /* unknown: its code */
    assert_string_equal(name, "e9");
    report_territory_name(&rd, "etude", "t", name, sizeof name); /* cut, never overrun */
    assert_string_equal(name, "Territo");

    report_territory *list = NULL;
    assert_true(report_territories_at(&rd, "epci", &list, &n));
    assert_int_equal(n, 3); /* by name, then code */
    assert_string_equal(list[0].code, "e2");
    assert_string_equal(list[1].code, "e3");
    assert_string_equal(list[2].code, "e1");
    assert_string_equal(list[2].nom, "Zeta");
    assert_string_equal(list[2].niveau, "epci");
    free(list);
    assert_true(report_territories_at(&rd, "region", &list, &n));
    assert_int_equal(n, 0);
    assert_null(list);

    report_programme_place *pg = NULL;
    assert_true(report_programme_places(&rd, &pg, &n));
    assert_int_equal(n, 3); /* by commune, then id */
    assert_string_equal(pg[0].id, "D1");
    assert_string_equal(pg[0].commune, "62001");
    assert_string_equal(pg[1].id, "D4");
    assert_string_equal(pg[1].type, "pépinière");
    assert_string_equal(pg[2].id, "D3");
    assert_string_equal(pg[2].commune, "62003");
    report_programme_places_free(pg, n);
    sqlite3_close(db);
}

/* Run 3: funders A and B at the France level (C only in a commune); A
 * financed programmes P1 and P2 in 2024 (P2 through the second indicator
 * only), P3 in 2023; B financed P1. */
static void funders_and_their_programmes(void **state)
{
    (void)state;
    sqlite3 *db = open_db(
        "CREATE TABLE indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur);"
        "CREATE TABLE dimension_cle(dimension, cle, valeur, reste, n_cles);"
        "INSERT INTO dimension_cle VALUES ('financeur=A','financeur','A','',1),('financeur=B','financeur','B','',1),"
        " ('financeur=C','financeur','C','',1),"
        " ('dispositif=P1;financeur=A','financeur','A','dispositif=P1',2),"
        " ('dispositif=P1;financeur=A','dispositif','P1','financeur=A',2),"
        " ('dispositif=P2;financeur=A','financeur','A','dispositif=P2',2),"
        " ('dispositif=P2;financeur=A','dispositif','P2','financeur=A',2),"
        " ('dispositif=P3;financeur=A','financeur','A','dispositif=P3',2),"
        " ('dispositif=P3;financeur=A','dispositif','P3','financeur=A',2),"
        " ('dispositif=P1;financeur=B','financeur','B','dispositif=P1',2),"
        " ('dispositif=P1;financeur=B','dispositif','P1','financeur=B',2);"
        "INSERT INTO indicator_value VALUES (3,'montant','france','FR',2024,'financeur=B',1),"
        " (3,'montant','france','FR',2024,'financeur=A',1),(3,'montant','commune','62001',2024,'financeur=C',1),"
        " (3,'montant','france','FR',2024,'dispositif=P1;financeur=A',1),"
        " (3,'projets','france','FR',2024,'dispositif=P1;financeur=A',1),"
        " (3,'projets','france','FR',2024,'dispositif=P2;financeur=A',1),"
        " (3,'montant','france','FR',2023,'dispositif=P3;financeur=A',1),"
        " (3,'montant','france','FR',2024,'dispositif=P1;financeur=B',1),"
        " (4,'montant','france','FR',2024,'financeur=C',1);");
    size_t n = 0;
    char **f = report_funders(db, 3, &n);
    assert_int_equal(n, 2);
    assert_string_equal(f[0], "A");
    assert_string_equal(f[1], "B");
    assert_null(f[2]);
    report_free_list(f, n);

    report_data rd = data_for(db, 3, 2024, "france", "FR");
    const char *both[] = {"montant", "projets"}, *amount[] = {"montant"};
    funder_programme *p = NULL;
    assert_true(funder_programmes(&rd, "A", both, 2, &p, &n));
    assert_int_equal(n, 2); /* P1 once although two indicators have it */
    assert_string_equal(p[0].cells, "dispositif=P1;financeur=A");
    assert_string_equal(p[0].programme, "dispositif=P1");
    assert_string_equal(p[1].programme, "dispositif=P2");
    funder_programmes_free(p, n);
    assert_true(funder_programmes(&rd, "A", amount, 1, &p, &n));
    assert_int_equal(n, 1);
    assert_string_equal(p[0].programme, "dispositif=P1");
    funder_programmes_free(p, n);
    assert_true(funder_programmes(&rd, "B", both, 2, &p, &n));
    assert_int_equal(n, 1);
    assert_string_equal(p[0].cells, "dispositif=P1;financeur=B");
    funder_programmes_free(p, n);
    rd.year = 2023;
    assert_true(funder_programmes(&rd, "A", both, 2, &p, &n));
    assert_int_equal(n, 1);
    assert_string_equal(p[0].programme, "dispositif=P3");
    funder_programmes_free(p, n);
    assert_true(funder_programmes(&rd, "Z", both, 2, &p, &n));
    assert_int_equal(n, 0);
    assert_null(p);
    sqlite3_close(db);
}

int main(void)
{
    obs_log_set_quiet(true);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(survival_curves_of_the_territory),
        cmocka_unit_test(places_of_a_territory),
        cmocka_unit_test(funders_and_their_programmes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
