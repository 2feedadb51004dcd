/* obs annuaire on a hand-made case: only the active ESS establishments of the
 * territory, sorted by commune then name, without the non-diffusible units
 * once the column statut_diffusion exists (all diffusible before). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "reports/data/annuaire.h"
#include "engine/core/db.h"
#include "engine/core/log.h"
#include "support/remove_database.h"

static sqlite3 *db;
static char path[64];

/* Study territory "t": communes 62160 (Boulogne-sur-Mer) and 62178 (Le Portel);
 * 29019 (Brest) is outside. */
static const char fixture[] =
    "INSERT INTO territoire VALUES ('etude','t','Territoire T'),('commune','62160','Boulogne-sur-Mer'),"
    " ('commune','62178','Le Portel'),('commune','29019','Brest');"
    "INSERT INTO geo VALUES ('62160','etude','t'),('62178','etude','t'),('62160','commune','62160');"
    "INSERT INTO ref_naf(code, libelle, niveau, section) VALUES ('88.99B','Action sociale sans hébergement n.c.a.','sous-classe','Q');"
    "INSERT INTO unite_legale(siren, denomination) VALUES ('666666666','Zèbre (unité légale)');"
    "INSERT INTO etablissement(siret, siren, date_creation, date_fermeture, etat, code_commune, commune, naf,"
    " naf_section, famille_ess, tranche_effectifs, denomination, est_ess) VALUES"
    /* in: Le Portel after Boulogne; within Boulogne, Alpha before Mutuelle */
    " ('11111111100011','111111111','2010-01-01',NULL,'A','62178','62178','88.99B','Q','association','11','Alpha Portel',1),"
    " ('22222222200022','222222222','2010-01-01',NULL,'A','62160','62160','88.99B','Q','mutuelle','02','Mutuelle B',1),"
    " ('33333333300033','333333333','2010-01-01',NULL,'A','62160','62160','88.99B','Q','cooperative',NULL,'Alpha Coop',1),"
    /* out: closed, not ESS, outside the territory */
    " ('44444444400044','444444444','2010-01-01','2020-01-01','F','62160','62160','88.99B','Q','association','00','Fermée',1),"
    " ('55555555500055','555555555','2010-01-01',NULL,'A','62160','62160','88.99B','Q',NULL,'00','Pas ESS',0),"
    " ('77777777700077','777777777','2010-01-01',NULL,'A','29019','29019','88.99B','Q','association','00','Brest',1),"
    /* in, its name from the legal unit */
    " ('66666666600066','666666666','2010-01-01',NULL,'A','62178','62178','88.99B','Q','fondation','NN',NULL,1);";

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/obs-annuaire-%d.sqlite", (int)getpid());
    remove_database(path);
    db = db_open(path);
    assert_non_null(db);
    assert_true(db_exec(db, fixture));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    remove_database(path);
    return 0;
}

static void expect(const annuaire_list *l, const char *const *sirets, size_t n)
{
    assert_int_equal(l->n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(l->items[i].f[ANNUAIRE_SIRET], sirets[i]);
}

static void test_directory(void **state)
{
    (void)state;
    annuaire_list l;
    bool unknown;
    assert_true(annuaire_load(db, "etude", "t", &l, &unknown));
    assert_string_equal(l.territory_name, "Territoire T");
    const char *const all[] = {"33333333300033", "22222222200022", "11111111100011", "66666666600066"};
    expect(&l, all, 4);
    const annuaire_entry *e = &l.items[1];
    assert_string_equal(e->f[ANNUAIRE_NOM], "Mutuelle B");
    assert_string_equal(annuaire_family_label(e->f[ANNUAIRE_FAMILLE]), "Mutuelle");
    assert_string_equal(e->f[ANNUAIRE_NAF], "88.99B");
    assert_string_equal(e->f[ANNUAIRE_ACTIVITE], "Action sociale sans hébergement n.c.a.");
    assert_string_equal(e->f[ANNUAIRE_ADRESSE], "");
    assert_string_equal(e->f[ANNUAIRE_CODE_COMMUNE], "62160");
    assert_string_equal(e->f[ANNUAIRE_COMMUNE], "Boulogne-sur-Mer");
    assert_string_equal(annuaire_size_label(e->f[ANNUAIRE_TRANCHE]), "3 à 5 salariés");
    assert_string_equal(annuaire_size_label(l.items[0].f[ANNUAIRE_TRANCHE]), "Non renseigné");
    assert_string_equal(l.items[3].f[ANNUAIRE_NOM], "Zèbre (unité légale)");
    assert_string_equal(annuaire_size_label(l.items[3].f[ANNUAIRE_TRANCHE]), "Non employeur");
    annuaire_free(&l);

    /* the address, which the loader does not keep yet */
    assert_true(db_exec(db, /* statut_diffusion is in the schema (SIRENE loader) */
                            "ALTER TABLE etablissement ADD COLUMN adresse TEXT;"
                            "UPDATE etablissement SET statut_diffusion = 'O';"
                            "UPDATE etablissement SET statut_diffusion = 'P' WHERE siret = '22222222200022';"
                            "UPDATE etablissement SET statut_diffusion = 'N' WHERE siret = '66666666600066';"
                            "UPDATE etablissement SET statut_diffusion = NULL WHERE siret = '11111111100011';"
                            "UPDATE etablissement SET adresse = '1 rue du Port' WHERE siret = '33333333300033';"));
    assert_true(annuaire_load(db, "etude", "t", &l, &unknown));
    const char *const diffusible[] = {"33333333300033", "11111111100011"};
    expect(&l, diffusible, 2);
    assert_string_equal(l.items[0].f[ANNUAIRE_ADRESSE], "1 rue du Port");
    annuaire_free(&l);

    /* NIVEAU:CODE, and an unknown territory */
    assert_true(annuaire_load(db, "commune", "62160", &l, &unknown));
    assert_int_equal(l.n, 1);
    annuaire_free(&l);
    assert_false(annuaire_load(db, "etude", "nulle-part", &l, &unknown));
    assert_true(unknown);
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_directory)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
