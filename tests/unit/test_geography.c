/* Reference data, geography and the ESS perimeter, on the real reference
 * files of datasets/reference and on hand-built rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/core/config.h"
#include "engine/core/db.h"
#include "engine/load/geography.h"
#include "engine/core/log.h"
#include "engine/load/perimeter.h"
#include "engine/load/ref_index.h"
#include "engine/load/reference.h"
#include "support/remove_database.h"

static sqlite3 *db;
static char db_path[64];

static long long one(const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static char *text(const char *sql)
{
    static char buf[256];
    sqlite3_stmt *st = db_prepare(db, sql);
    assert_non_null(st);
    buf[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(buf, sizeof buf, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

static int setup(void **state)
{
    (void)state;
    snprintf(db_path, sizeof db_path, "/tmp/obs-geo-%d.sqlite", (int)getpid());
    unlink(db_path);
    db = db_open(db_path);
    assert_non_null(db);
    obs_config cfg;
    config_defaults(&cfg);
    cfg.n_territories = 1;
    config_territory *t = &cfg.territories[0];
    t->id = strdup("mixte");
    t->nom = strdup("Territoire mixte");
    t->epci = config_split_list("246200729", &t->n_epci);
    t->communes = config_split_list("29155, 13201", &t->n_communes); /* Ouessant, Marseille 1er */
    assert_true(db_begin(db));
    assert_true(reference_load(db, OBS_SOURCE_DIR "/datasets/reference"));
    assert_true(geography_rebuild(db, &cfg));
    assert_true(db_commit(db));
    config_free(&cfg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    remove_database(db_path);
    return 0;
}

static void test_reference_counts(void **state)
{
    (void)state;
    /* the official files: 34 969 current communes, 45 arrondissements municipaux */
    assert_int_equal(one("SELECT count(*) FROM territoire WHERE niveau='commune'"), 34969);
    assert_int_equal(one("SELECT count(*) FROM commune_key WHERE code <> commune"), 45);
    assert_int_equal(one("SELECT count(*) FROM ref_region"), 26);
    assert_int_equal(one("SELECT count(*) FROM ref_departement"), 109);
    assert_int_equal(one("SELECT count(*) FROM reference_version"), 9); /* with communes_anciennes and naf_ancienne */
    assert_string_equal(text("SELECT libelle FROM ref_naf WHERE code='88.99B'"),
                        "Action sociale sans hébergement n.c.a.");
}

static void test_geography_levels(void **state)
{
    (void)state;
    assert_string_equal(text("SELECT commune FROM commune_key WHERE code='13201'"), "13055");
    assert_string_equal(text("SELECT commune FROM commune_key WHERE code='75101'"), "75056");
    /* every current commune has commune, departement, region and france levels */
    assert_int_equal(one("SELECT count(*) FROM geo WHERE niveau='france'"), 34969);
    /* 98 communes belong to no EPCI: no epci row, but a département */
    assert_int_equal(one("SELECT count(*) FROM geo c WHERE c.niveau='commune' AND NOT EXISTS"
                         " (SELECT 1 FROM geo e WHERE e.commune=c.commune AND e.niveau='epci')"),
                     98);
    assert_string_equal(text("SELECT code FROM geo WHERE commune='29155' AND niveau='departement'"), "29");
    assert_string_equal(text("SELECT code FROM geo WHERE commune='62160' AND niveau='region'"), "32");
    /* the study territory: the 22 communes of the CA du Boulonnais, Ouessant,
     * and Marseille through its arrondissement */
    long long boulonnais = one("SELECT count(*) FROM geo WHERE niveau='epci' AND code='246200729'");
    assert_true(boulonnais > 15);
    assert_int_equal(one("SELECT count(*) FROM geo WHERE niveau='etude' AND code='mixte'"), boulonnais + 2);
    assert_int_equal(one("SELECT count(*) FROM geo WHERE niveau='etude' AND commune='13055'"), 1);
    assert_string_equal(text("SELECT nom FROM territoire WHERE niveau='etude' AND code='mixte'"),
                        "Territoire mixte");
}

static void test_unknown_study_codes_fail(void **state)
{
    (void)state;
    obs_config cfg;
    config_defaults(&cfg);
    cfg.n_territories = 1;
    config_territory *t = &cfg.territories[0];
    t->id = strdup("faux");
    t->nom = strdup("Faux");
    t->epci = config_split_list("999999999", &t->n_epci);
    assert_true(db_begin(db));
    assert_false(geography_rebuild(db, &cfg));
    db_rollback(db);
    config_free(&cfg);
}

static void test_reference_lookups(void **state)
{
    (void)state;
    ref_map *communes = commune_index_load(db), *naf = naf_index_load(db), *cj = cj_index_load(db);
    assert_string_equal(ref_map_get(communes, "69381"), "69123"); /* Lyon 1er */
    assert_string_equal(ref_map_get(communes, "62160"), "62160");
    assert_null(ref_map_get(communes, "62999"));
    assert_string_equal(ref_map_get(naf, "94.99Z"), "S");
    assert_null(ref_map_get(naf, "94.99"));            /* a class, not a sub-class */
    assert_string_equal(ref_map_get(cj, "9220"), "association");
    assert_string_equal(ref_map_get(cj, "5499"), "");  /* known, outside the ESS families */
    assert_null(ref_map_get(cj, "0000"));
    ref_map_free(communes);
    ref_map_free(naf);
    ref_map_free(cj);
}

static void test_perimeter_rules(void **state)
{
    (void)state;
    assert_true(db_exec(db,
        "DELETE FROM etablissement; DELETE FROM unite_legale;"
        "INSERT INTO unite_legale(siren, categorie_juridique, ess_flag) VALUES"
        " ('000000006', '8210', NULL), ('000000007', '5710', 'O');"
        "INSERT INTO etablissement(siret, siren, date_creation, code_commune, commune, naf, naf_section,"
        " categorie_juridique, ess_flag) VALUES"
        " ('A1', '000000001', '2020-01-01', '62160', '62160', '88.99B', 'Q', '9220', NULL),"   /* association */
        " ('A2', '000000002', '2020-01-01', '62160', '62160', '84.11Z', 'O', '9220', 'O'),"    /* excluded: 84 prefix */
        " ('A3', '000000003', '2020-01-01', '62160', '62160', '94.20Z', 'S', '9220', NULL),"   /* excluded: full code */
        " ('A4', '000000004', '2020-01-01', '62160', '62160', '62.01Z', 'J', '5710', 'O'),"    /* flagged O */
        " ('A5', '000000005', '2020-01-01', '62160', '62160', '62.01Z', 'J', '5710', 'N'),"    /* ordinary */
        " ('A6', '000000006', '2020-01-01', '62160', '62160', '65.12Z', 'K', NULL, NULL),"     /* CJ from the unit */
        " ('A7', '000000007', '2020-01-01', '62160', '62160', '38.32Z', 'E', '', NULL),"       /* flag from the unit */
        " ('A8', '000000008', '2020-01-01', '62160', '62160', '94.99Z', 'S', NULL, NULL),"     /* nothing known */
        " ('A9', '000000009', '2020-01-01', '62160', '62160', '43.21A', 'F', '5458', 'N');")); /* SCOP */
    assert_true(perimeter_update(db));
    assert_string_equal(text("SELECT famille_ess FROM etablissement WHERE siret='A1'"), "association");
    assert_string_equal(text("SELECT coalesce(famille_ess,'-') FROM etablissement WHERE siret='A2'"), "-");
    assert_string_equal(text("SELECT coalesce(famille_ess,'-') FROM etablissement WHERE siret='A3'"), "-");
    assert_string_equal(text("SELECT famille_ess FROM etablissement WHERE siret='A4'"), "entreprise_ess");
    assert_string_equal(text("SELECT coalesce(famille_ess,'-') FROM etablissement WHERE siret='A5'"), "-");
    assert_string_equal(text("SELECT famille_ess FROM etablissement WHERE siret='A6'"), "mutuelle");
    assert_string_equal(text("SELECT famille_ess FROM etablissement WHERE siret='A7'"), "entreprise_ess");
    assert_string_equal(text("SELECT coalesce(famille_ess,'-') FROM etablissement WHERE siret='A8'"), "-");
    assert_string_equal(text("SELECT famille_ess FROM etablissement WHERE siret='A9'"), "cooperative");
    assert_int_equal(one("SELECT sum(est_ess) FROM etablissement"), 5);
    assert_int_equal(one("SELECT count(*) FROM etablissement WHERE est_ess <> (famille_ess IS NOT NULL)"), 0);
}

int main(void)
{
    obs_log_set_timestamps(false);
    obs_log_set_quiet(true);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_counts),   cmocka_unit_test(test_geography_levels),
        cmocka_unit_test(test_unknown_study_codes_fail), cmocka_unit_test(test_reference_lookups),
        cmocka_unit_test(test_perimeter_rules),
    };
    return cmocka_run_group_tests_name("geography", tests, setup, teardown);
}
