/* The source policy, the declared relations and the loss table of
 * statistical secrecy (indicators/secret/secret_model.c, indicators/compute/sources.c), on
 * tables small enough to be worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "indicators/compute/catalog.h"
#include "engine/core/db.h"
#include "engine/core/log.h"
#include "indicators/secret/secret.h"
#include "indicators/audit/secret_audit.h"
#include "indicators/compute/sources.h"

static indicator_def def(const char *id, indicator_kind kind, const char *family)
{
    indicator_def d;
    memset(&d, 0, sizeof d);
    d.id = (char *)id;
    d.kind = kind;
    d.secret = (char *)"etablissements";
    d.family = (char *)family;
    return d;
}

/* The secret cells as "indicator:territoire:dimension:motif", sorted. */
static void assert_secret(sqlite3 *db, const char *expected)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT group_concat(l, ' ') FROM (SELECT indicator || ':' || territoire"
                                      " || ':' || dimension || ':' || motif_secret AS l FROM indicator_value"
                                      " WHERE secret = 1 ORDER BY l)");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "", expected);
    sqlite3_finalize(st);
}

static void apply(sqlite3 *db, catalog *cat)
{
    secret_rules rules;
    secret_default_rules(&rules);
    rules.combinations = true;
    assert_true(secret_apply(db, 1, cat, &rules));
}

/* A public count is published at 1 unit; its confidential dimension keeps
 * the frequency rule, and the group it is alone in hides its other part
 * (not the public total). */
static void test_public_family(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension,"
                            " valeur, n_unites, part_max) VALUES"
                            " (1,'etab','commune','A',2024,'',5,5,0.2),"
                            " (1,'etab','commune','A',2024,'groupe=accompagne',1,1,1),"
                            " (1,'etab','commune','A',2024,'groupe=non_accompagne',4,4,0.25),"
                            " (1,'etab','commune','B',2024,'',1,1,1);"));
    indicator_def items[] = {def("etab", KIND_COUNT, FAMILY_PUBLIC)};
    items[0].conf_dims = (char *)"groupe=accompagne, groupe=non_accompagne";
    catalog cat = {.items = items, .n = 1};
    apply(db, &cat);
    assert_secret(db, "etab:A:groupe=accompagne:frequence etab:A:groupe=non_accompagne:secondaire");
    db_close(db);
}

/* Once establishments carry statut_diffusion: a small public cell of a
 * territory holding a non-diffusible one is masked, and protected. */
static void test_diffusion_status(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, /* statut_diffusion is in the schema (SIRENE loader) */
                            "INSERT INTO etablissement(siret, siren, date_creation, code_commune, commune, naf,"
                            " naf_section, est_ess, statut_diffusion) VALUES"
                            " ('1','1','2020-01-01','P1','P1','88.99B','Q',1,'P'),"
                            " ('2','2','2020-01-01','Q','Q','88.99B','Q',1,'O');"
                            "INSERT INTO geo VALUES ('P1','commune','P1'),('P1','epci','E'),('Q','commune','Q'),"
                            " ('Q','epci','E');"
                            "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension,"
                            " valeur, n_unites, part_max) VALUES"
                            " (1,'etab','commune','P1',2024,'',2,2,0.5),"
                            " (1,'etab','commune','Q',2024,'',2,2,0.5),"
                            " (1,'etab','epci','E',2024,'',4,4,0.25);"));
    indicator_def items[] = {def("etab", KIND_COUNT, FAMILY_PUBLIC)};
    catalog cat = {.items = items, .n = 1};
    apply(db, &cat);
    /* P1 locates the non-diffusible unit; E = P1 + Q would give it back, so Q
     * goes too (a part before the total); E (4 units) stays */
    assert_secret(db, "etab:P1::diffusion etab:Q::secondaire");
    db_close(db);
}

static const char leverage_cells[] =
    "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type) VALUES"
    " (1,'levier','L','ratio','leverage'),(1,'prive','P','euros','sum'),(1,'public','U','euros','sum');"
    "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, n_unites,"
    " part_max) VALUES"
    /* A: public funding from 2 projects (primary); leverage = prive / public and
     * prive published would give it back */
    " (1,'levier','commune','A',2024,'',5,5,0.3),"
    " (1,'prive','commune','A',2024,'',500,5,0.3),"
    " (1,'public','commune','A',2024,'',100,2,0.6),"
    /* B: the leverage itself from 2 projects; prive and public would give it:
     * the smaller (public, 100) goes too */
    " (1,'levier','commune','B',2024,'',3,2,0.6),"
    " (1,'prive','commune','B',2024,'',300,5,0.3),"
    " (1,'public','commune','B',2024,'',100,5,0.3);";

static void test_relation_groups(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, leverage_cells));
    indicator_def items[] = {def("levier", KIND_LEVERAGE, "financement"), def("prive", KIND_SUM, "financement"),
                             def("public", KIND_SUM, "financement")};
    items[0].built_num = (char *)"prive";
    items[0].built_den = (char *)"public";
    catalog cat = {.items = items, .n = 3};
    apply(db, &cat);
    assert_secret(db, "levier:A::secondaire levier:B::frequence public:A::frequence public:B::secondaire");

    /* the loss table: by level, family and reason */
    sqlite3_stmt *st = db_prepare(db, "SELECT group_concat(niveau || '/' || famille || '/' || motif || '/' || n, ' ')"
                                      " FROM (SELECT * FROM secret_loss WHERE run_id = 1 ORDER BY motif)");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0),
                        "commune/financement/frequence/2 commune/financement/secondaire/2");
    sqlite3_finalize(st);

    /* the audit, which reads the relation from indicator_meta, finds
     * nothing; publish the leverage of A and it names the relation */
    secret_rules rules;
    secret_default_rules(&rules);
    secret_audit_result r;
    assert_true(secret_audit(db, 1, &rules, &r));
    assert_int_equal(r.leaks, 0);
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 0, valeur = valeur_brute"
                            " WHERE indicator = 'levier' AND territoire = 'A'"));
    assert_true(secret_audit(db, 1, &rules, &r));
    assert_int_equal(r.leaks, 1);
    db_close(db);
}

/* With an interne: side the outsider lacks a quantity: no group. */
static void test_internal_side_makes_no_group(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, leverage_cells));
    indicator_def items[] = {def("levier", KIND_LEVERAGE, "financement"), def("prive", KIND_SUM, "financement"),
                             def("public", KIND_SUM, "financement")};
    items[0].built_num = (char *)"interne:prive_non_publie";
    items[0].built_den = (char *)"public";
    catalog cat = {.items = items, .n = 3};
    apply(db, &cat);
    assert_secret(db, "levier:B::frequence public:A::frequence");
    db_close(db);
}

static void test_family_from_tables(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, "CREATE TEMP TABLE annees(annee INTEGER)"));
    assert_string_equal(sources_of_sql(db, "SELECT count(*) FROM etablissement e JOIN geo g ON g.commune = e.commune"
                                           " JOIN annees a ON a.annee = 2024 JOIN ref_commune c ON c.code = e.commune"),
                        FAMILY_PUBLIC);
    assert_string_equal(sources_of_sql(db, "SELECT sum(postes) FROM emploi m JOIN etablissement e ON e.siret = m.siret"),
                        "dsn");
    assert_string_equal(sources_of_sql(db, "WITH f AS (SELECT * FROM financement) SELECT count(*) FROM f"
                                           " JOIN accompagnement a ON a.id_accompagnement = f.id_accompagnement"),
                        "financement");
    assert_string_equal(sources_of_sql(db, "SELECT count(*) FROM accompagnement"), "accompagnement");
    assert_string_equal(sources_of_sql(db, "SELECT count(*) FROM grille"), "grille");
    assert_string_equal(sources_of_sql(db, "SELECT count(*) FROM nulle_part"), "inconnue");
    assert_string_equal(sources_of_sql(db, NULL), "inconnue");
    db_close(db);
}

int main(void)
{
    obs_log_set_quiet(true);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_public_family), cmocka_unit_test(test_diffusion_status),
                                       cmocka_unit_test(test_relation_groups),
                                       cmocka_unit_test(test_internal_side_makes_no_group),
                                       cmocka_unit_test(test_family_from_tables)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
