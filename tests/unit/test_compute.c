/* obs compute on a fixture small enough to compute every figure by hand
 * (the arithmetic is in the comments): three communes in two EPCIs, two
 * départements, two régions and a study territory; four ESS establishments
 * and one ordinary; two years; four support episodes; a grid. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "indicators/compute/catalog.h"
#include "indicators/compute/compute.h"
#include "indicators/compute/indicator_store.h"
#include "engine/core/config.h"
#include "engine/core/db.h"
#include "engine/core/log.h"
#include "support/remove_database.h"

static sqlite3 *db;
static char path[64];

static const char fixture[] =
    "INSERT INTO geo VALUES"
    " ('62160','commune','62160'),('62160','epci','E1'),('62160','departement','62'),('62160','region','32'),"
    " ('62160','france','FR'),('62160','etude','et'),"
    " ('62178','commune','62178'),('62178','epci','E1'),('62178','departement','62'),('62178','region','32'),"
    " ('62178','france','FR'),"
    " ('29019','commune','29019'),('29019','epci','E2'),('29019','departement','29'),('29019','region','53'),"
    " ('29019','france','FR'),('29019','etude','et');"
    "INSERT INTO etablissement(siret, siren, date_creation, date_fermeture, code_commune, commune, naf,"
    " naf_section, famille_ess, est_ess) VALUES"
    " ('S1','1','2015-01-01',NULL,'62160','62160','88.99B','Q','association',1),"
    " ('S2','2','2019-06-01','2023-12-31','62160','62160','10.71C','C','cooperative',1),"
    " ('S3','3','2023-05-05',NULL,'62178','62178','88.99B','Q','association',1),"
    " ('S4','4','2010-01-01',NULL,'29019','29019','65.12Z','K','mutuelle',1),"
    " ('N1','5','2010-01-01',NULL,'62160','62160','47.11F','G',NULL,0);"
    "INSERT INTO emploi(siret, annee, postes, etp, masse_salariale, postes_femmes, postes_insertion, benevoles) VALUES"
    " ('S1',2023,10,8,240000,7,NULL,20), ('S1',2024,12,10,300000,9,2,25),"
    " ('S2',2023,5,5,150000,2,0,NULL), ('S3',2024,0,0,0,NULL,NULL,NULL),"
    " ('S4',2023,20,18,720000,NULL,NULL,NULL), ('S4',2024,22,20,800000,15,NULL,NULL),"
    " ('N1',2024,100,90,3000000,50,NULL,NULL);"
    "INSERT INTO emploi_territoire(code_commune, commune, annee, section, etablissements_employeurs, postes,"
    " masse_salariale) VALUES"
    " ('62160','62160',2023,'',50,100,0),('62160','62160',2024,'',60,120,0),"
    " ('62178','62178',2023,'',10,20,0),('62178','62178',2024,'',10,30,0),"
    " ('29019','29019',2023,'',40,200,0),('29019','29019',2024,'',40,220,0);"
    "INSERT INTO accompagnement(id_accompagnement, id_porteur, id_dispositif, date_debut, date_fin, phase,"
    " heures, sexe, tranche_age, qpv, rsa, demandeur_emploi, code_commune, commune, issue) VALUES"
    " ('A1','P1','D1','2023-02-01','2023-11-30','creation',10,'F','moins_26',1,0,1,'62160','62160','emploi'),"
    " ('A2','P2','D1','2023-06-01','2024-03-31','creation',30,'M','26_49',0,1,NULL,'62160','62160','creation'),"
    " ('A3','P3','D2','2024-01-10',NULL,'emergence',NULL,'F','50_plus',NULL,0,0,'29019','29019','en_cours'),"
    " ('A4','P1','D2','2022-09-01','2024-06-30','emergence',50,'F','moins_26',1,0,1,'29019','29019','abandon');"
    "INSERT INTO grille VALUES ('S1',2023,'rh',3), ('S1',2024,'rh',1), ('S4',2024,'rh',4);";

static double value(const char *ind, const char *niveau, const char *code, int year, const char *dim)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT valeur FROM indicator_value WHERE indicator=? AND niveau=?"
                                      " AND territoire=? AND annee=? AND dimension=?");
    sqlite3_bind_text(st, 1, ind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, year);
    sqlite3_bind_text(st, 5, dim, -1, SQLITE_STATIC);
    double v = NAN;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

#define EXPECT(v, expected)                                                                        \
    do {                                                                                           \
        double got_ = (v), want_ = (expected);                                                     \
        if (!(fabs(got_ - want_) <= 1e-9 * fmax(1, fabs(want_)))) {                                \
            fprintf(stderr, "%s = %.17g, expected %.17g\n", #v, got_, want_);                      \
            fail();                                                                                \
        }                                                                                          \
    } while (0)

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/obs-compute-%d.sqlite", (int)getpid());
    unlink(path);
    db = db_open(path);
    assert_non_null(db);
    assert_true(db_exec(db, fixture));
    catalog cat;
    int errors;
    assert_true(catalog_load(&cat, OBS_SOURCE_DIR "/indicators/catalog", &errors));
    obs_config cfg;
    config_defaults(&cfg);
    compute_options opts = {0};
    compute_result res;
    assert_true(compute_run(db, 1, &cat, &cfg, &opts, &res));
    assert_int_equal(res.failed, 0);
    assert_int_equal(res.first_year, 2022); /* A4 starts in 2022 */
    assert_int_equal(res.last_year, 2024);
    catalog_free(&cat);
    config_free(&cfg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    remove_database(path);
    return 0;
}

static void test_establishments(void **state)
{
    (void)state;
    /* 2024: S1, S3, S4 active; S2 closed on 31/12/2023 is not */
    EXPECT(value("etablissements_ess", "france", "FR", 2024, ""), 3);
    EXPECT(value("etablissements_ess", "commune", "62160", 2024, ""), 1);
    EXPECT(value("etablissements_ess", "epci", "E1", 2024, ""), 2);
    EXPECT(value("etablissements_ess", "region", "53", 2024, ""), 1);
    EXPECT(value("etablissements_ess", "etude", "et", 2024, ""), 2);  /* S1 and S4 */
    EXPECT(value("etablissements_ess", "france", "FR", 2023, ""), 3); /* S1, S3 (May), S4 */
    EXPECT(value("etablissements_ess", "france", "FR", 2024, "famille=association"), 2);
    /* employers: postes > 0; S3 declares 0 */
    EXPECT(value("etablissements_employeurs_ess", "france", "FR", 2024, ""), 2);
    EXPECT(value("etablissements_employeurs_ess", "france", "FR", 2023, ""), 3);
}

static void test_employment(void **state)
{
    (void)state;
    EXPECT(value("postes_ess", "france", "FR", 2024, ""), 34);   /* 12 + 0 + 22, N1 left out */
    EXPECT(value("postes_ess", "france", "FR", 2023, ""), 35);   /* 10 + 5 + 20 */
    EXPECT(value("postes_ess", "france", "FR", 2024, "section=Q"), 12);
    EXPECT(value("postes_ess", "france", "FR", 2024, "famille=mutuelle"), 22);
    EXPECT(value("masse_salariale_ess", "departement", "62", 2024, ""), 300000);
    /* weight: 34 / (120 + 30 + 220) */
    EXPECT(value("poids_postes_ess", "france", "FR", 2024, ""), 100.0 * 34 / 370);
    EXPECT(value("poids_postes_ess", "epci", "E1", 2024, ""), 8.0);  /* 12 / 150 */
    EXPECT(value("poids_etablissements_employeurs_ess", "france", "FR", 2024, ""), 100.0 * 2 / 110);
    EXPECT(value("evolution_postes_ess", "france", "FR", 2024, ""), 100.0 * (34.0 / 35 - 1));
    assert_true(isnan(value("tcam_postes_ess", "france", "FR", 2024, ""))); /* needs 2019 */
    /* specificity: 8 % in E1 against 9.189... % in France */
    EXPECT(value("indice_specificite_ess", "epci", "E1", 2024, ""), 8.0 / (100.0 * 34 / 370));
    EXPECT(value("indice_specificite_ess", "france", "FR", 2024, ""), 1.0);
    EXPECT(value("salaire_moyen_etp_ess", "france", "FR", 2024, ""), 1100000.0 / 30);
    /* women where known: (9 + 15) / (12 + 22); 2023: (7 + 2) / (10 + 5) */
    EXPECT(value("part_femmes_postes_ess", "france", "FR", 2024, ""), 100.0 * 24 / 34);
    EXPECT(value("part_femmes_postes_ess", "france", "FR", 2023, ""), 60.0);
    EXPECT(value("part_postes_insertion_ess", "france", "FR", 2024, ""), 100.0 * 2 / 12);
    EXPECT(value("benevoles_ess", "france", "FR", 2024, ""), 25);
}

/* etablissements_employeurs_ess has etablissements_ess as frame: 62178 has
 * one ESS establishment (S3, created 2023-05-05) and no employer in 2023
 * (no row) nor 2024 (no post): 0 employers, with 0 units. Not in 2022 (no
 * employment data that year) nor by famille (employers have no breakdown).
 * Its share of the private employers is 0 / 10. */
static void test_frame(void **state)
{
    (void)state;
    EXPECT(value("etablissements_ess", "commune", "62178", 2024, ""), 1);
    EXPECT(value("etablissements_employeurs_ess", "commune", "62178", 2024, ""), 0);
    EXPECT(value("etablissements_employeurs_ess", "commune", "62178", 2023, ""), 0);
    EXPECT(value("etablissements_employeurs_ess", "commune", "62160", 2024, ""), 1); /* S1 */
    EXPECT(value("etablissements_employeurs_ess", "epci", "E1", 2024, ""), 1);
    EXPECT(value("etablissements_employeurs_ess", "france", "FR", 2024, ""), 2);      /* S1, S4 */
    assert_true(isnan(value("etablissements_employeurs_ess", "commune", "62178", 2022, "")));
    assert_true(isnan(value("etablissements_employeurs_ess", "commune", "62160", 2024, "famille=association")));
    EXPECT(value("poids_etablissements_employeurs_ess", "commune", "62178", 2024, ""), 0);
    sqlite3_stmt *st = db_prepare(db, "SELECT n_unites, numerateur FROM indicator_value WHERE indicator ="
                                      " 'etablissements_employeurs_ess' AND territoire = '62178' AND annee = 2024");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    assert_int_equal(sqlite3_column_int(st, 1), 0);
    sqlite3_finalize(st);
    st = db_prepare(db, "SELECT cadre FROM indicator_meta WHERE indicator = 'etablissements_employeurs_ess'");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "etablissements_ess");
    sqlite3_finalize(st);
}

static void test_support(void **state)
{
    (void)state;
    /* running in 2024: A2 (to March), A3, A4 -> P2, P3, P1 */
    EXPECT(value("porteurs_accompagnes", "france", "FR", 2024, ""), 3);
    EXPECT(value("porteurs_accompagnes", "france", "FR", 2023, ""), 2);  /* P1 twice, P2 */
    EXPECT(value("porteurs_accompagnes", "commune", "29019", 2024, ""), 2);
    EXPECT(value("porteurs_accompagnes", "france", "FR", 2024, "dispositif=D2"), 2);
    EXPECT(value("porteurs_accompagnes", "france", "FR", 2024, "phase=emergence"), 2);
    /* women among P1, P2, P3: 2 of 3, Wilson bounds */
    EXPECT(value("part_femmes_accompagnes", "france", "FR", 2024, ""), 200.0 / 3);
    double lo, hi;
    wilson_interval(2, 3, &lo, &hi);
    sqlite3_stmt *st = db_prepare(db, "SELECT ic_bas, ic_haut FROM indicator_value WHERE indicator ="
                                      " 'part_femmes_accompagnes' AND niveau='france' AND annee=2024");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    EXPECT(sqlite3_column_double(st, 0), 100 * lo);
    EXPECT(sqlite3_column_double(st, 1), 100 * hi);
    sqlite3_finalize(st);
    /* QPV known for P1 (1) and P2 (0); P3 unknown */
    EXPECT(value("part_qpv_accompagnes", "france", "FR", 2024, ""), 50.0);
    /* ended in 2024: A2 creation, A4 abandon; in 2023: A1 emploi */
    EXPECT(value("taux_sortie_positive", "france", "FR", 2024, ""), 50.0);
    EXPECT(value("taux_sortie_positive", "france", "FR", 2023, ""), 100.0);
    EXPECT(value("taux_creation", "france", "FR", 2024, ""), 50.0);
    EXPECT(value("heures_moyennes_accompagnement", "france", "FR", 2024, ""), 40.0);
}

static void test_grid(void **state)
{
    (void)state;
    EXPECT(value("radar_rh", "france", "FR", 2024, ""), 2.5); /* (1 + 4) / 2 */
    EXPECT(value("radar_rh", "france", "FR", 2024, "section=K"), 4);
    EXPECT(value("radar_rh", "france", "FR", 2023, ""), 3);
    sqlite3_stmt *st = db_prepare(db, "SELECT siret, annee, motif FROM alerte_grille");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW); /* S1 fell from 3 to 1 */
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "S1");
    assert_int_equal(sqlite3_column_int(st, 1), 2024);
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "baisse");
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

static void test_contribution_shares(void **state)
{
    (void)state;
    sqlite3_stmt *st = db_prepare(db, "SELECT n_unites, part_max FROM indicator_value WHERE indicator ="
                                      " 'postes_ess' AND niveau='france' AND annee=2024 AND dimension=''");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 3);
    EXPECT(sqlite3_column_double(st, 1), 22.0 / 34);
    sqlite3_finalize(st);
}

/* Computes run `run` with opts and checks it against run 1 (every year):
 * the years from `from` on hold the same cells, bit for bit, and nothing
 * else; evolution_postes_ess of year `from` is there (its year before was
 * computed, not stored) with as many cells as in run 1. */
static void check_against_every_year(int64_t run, const compute_options *opts, int from)
{
    catalog cat;
    int errors;
    assert_true(catalog_load(&cat, OBS_SOURCE_DIR "/indicators/catalog", &errors));
    obs_config cfg;
    config_defaults(&cfg);
    compute_result res;
    assert_true(compute_run(db, run, &cat, &cfg, opts, &res));
    assert_int_equal(res.failed, 0);
    assert_int_equal(res.first_year, from);
    assert_int_equal(res.last_year, 2024);
    catalog_free(&cat);
    config_free(&cfg);
    sqlite3_stmt *st = db_prepare(db,
        "SELECT count(*), sum(b.run_id IS NULL OR a.valeur IS NOT b.valeur OR a.numerateur IS NOT b.numerateur"
        " OR a.denominateur IS NOT b.denominateur OR a.n_unites IS NOT b.n_unites OR a.part_max IS NOT b.part_max),"
        " (SELECT count(*) FROM indicator_value WHERE run_id = ?1),"
        " (SELECT min(annee) FROM indicator_value WHERE run_id = ?1),"
        " (SELECT count(*) FROM indicator_value WHERE run_id = ?1 AND annee = ?2"
        "  AND indicator = 'evolution_postes_ess'),"
        " (SELECT count(*) FROM indicator_value WHERE run_id = 1 AND annee = ?2"
        "  AND indicator = 'evolution_postes_ess')"
        " FROM indicator_value a LEFT JOIN indicator_value b ON b.run_id = ?1 AND b.indicator = a.indicator"
        " AND b.niveau = a.niveau AND b.territoire = a.territoire AND b.annee = a.annee"
        " AND b.dimension = a.dimension WHERE a.run_id = 1 AND a.annee >= ?2");
    assert_non_null(st);
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int(st, 2, from);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_true(sqlite3_column_int(st, 0) > 100);
    assert_int_equal(sqlite3_column_int(st, 1), 0);
    assert_int_equal(sqlite3_column_int(st, 2), sqlite3_column_int(st, 0));
    assert_int_equal(sqlite3_column_int(st, 3), from);
    assert_true(sqlite3_column_int(st, 4) > 0); /* the evolution still has its year before */
    assert_int_equal(sqlite3_column_int(st, 4), sqlite3_column_int(st, 5));
    sqlite3_finalize(st);
}

/* --year: the indicators no other derives from compute that year alone, the
 * bases (postes_ess for its evolution) the five years before too; the
 * published year is the same as in the run over every year, bit for bit. */
static void test_one_year(void **state)
{
    (void)state;
    compute_options opts = {.year = 2024};
    check_against_every_year(2, &opts, 2024);
}

/* serie = 1: the last year of the data (2024) is stored, each cell the same
 * as in the run over every year, bit for bit; the years before still serve
 * its evolution and are not stored. */
static void test_series(void **state)
{
    (void)state;
    compute_options opts = {.series = 1};
    check_against_every_year(3, &opts, 2024);
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_establishments), cmocka_unit_test(test_employment), cmocka_unit_test(test_frame),
        cmocka_unit_test(test_support),        cmocka_unit_test(test_grid),
        cmocka_unit_test(test_contribution_shares), cmocka_unit_test(test_one_year),
        cmocka_unit_test(test_series),
    };
    return cmocka_run_group_tests_name("compute", tests, setup, teardown);
}
