/* Datasets recognised by their header: header names as normalised by hand,
 * and the dataset each published or contract header designates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "engine/load/dataset.h"

static void expect_normalised(const char *name, const char *want)
{
    char out[256];
    header_normalise(name, out, sizeof out);
    assert_string_equal(out, want);
}

static void test_normalise(void **state)
{
    (void)state;
    expect_normalised("Nombre d'établissements 2019", "nombre_d_etablissements_2019");
    expect_normalised("Effectifs salariés 2019", "effectifs_salaries_2019");
    expect_normalised("effectifs_salaries_2019", "effectifs_salaries_2019");
    expect_normalised("Code commune", "code_commune");
    expect_normalised("Intitulé commune", "intitule_commune");
    expect_normalised("Zone d'emploi", "zone_d_emploi");
    expect_normalised("Région", "region");
    expect_normalised("  dateCreationEtablissement ", "datecreationetablissement");
    expect_normalised("Œuvre — « x »", "oeuvre_x");
    expect_normalised("", "");
}

/* Into a buffer of exactly `size` bytes (ASan sees one byte too many): the
 * name cut where it no longer fits, the NUL always inside. "a œ" into 4
 * bytes once wrote '_', 'o', 'e' after "a" and the NUL one byte past the
 * end (found by tests/fuzz/fuzz_csv). */
static void expect_cut(const char *name, size_t size, const char *want)
{
    char *out = malloc(size);
    assert_non_null(out);
    header_normalise(name, out, size);
    assert_string_equal(out, want);
    free(out);
}

static void test_normalise_short_buffer(void **state)
{
    (void)state;
    expect_cut("a \xc5\x93", 4, "a");
    expect_cut("a \xc5\x93", 5, "a_oe");
    expect_cut("c\xc5\x93ur", 4, "coe");
    expect_cut("c\xc5\x93ur", 3, "c");
    expect_cut("Code commune", 5, "cod"); /* a plain character needs room for itself, a gap and the NUL */
    expect_cut("Code commune", 6, "code");
    expect_cut("Code commune", 7, "code_c");
    expect_cut("abc", 1, "");
}

static const dataset_def *of(const char *path, const char *const *fields, size_t n)
{
    return dataset_for_header(fields, n, path);
}

static void test_recognise(void **state)
{
    (void)state;
    /* the URSSAF file is named etablissements...: its header says what it is */
    const char *urssaf_labels[] = {"Région", "Commune", "Code commune", "Code APE", "Nombre d'établissements 2019",
                                   "Effectifs salariés 2019"};
    assert_ptr_equal(of("etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last.csv", urssaf_labels, 6),
                     &dataset_emploi_territoire);
    const char *urssaf_fields[] = {"code_commune", "code_ape", "nombre_d_etablissements_2019"};
    assert_ptr_equal(of("x.csv", urssaf_fields, 3), &dataset_emploi_territoire);
    const char *long_form[] = {"code_commune", "annee", "etablissements_employeurs", "postes", "masse_salariale"};
    assert_ptr_equal(of("donnees.csv", long_form, 5), &dataset_emploi_territoire);
    const char *stock_etab[] = {"siren", "nic", "siret", "statutDiffusionEtablissement", "codeCommuneEtablissement",
                                "activitePrincipaleEtablissement"};
    assert_ptr_equal(of("export.csv", stock_etab, 6), &dataset_etablissements);
    const char *stock_ul[] = {"siren", "statutDiffusionUniteLegale", "categorieJuridiqueUniteLegale",
                              "economieSocialeSolidaireUniteLegale"};
    assert_ptr_equal(of("StockEtablissement.csv", stock_ul, 4), &dataset_unites_legales);
    const char *emploi[] = {"siret", "annee", "postes", "etp", "masse_salariale"};
    assert_ptr_equal(of("a.csv", emploi, 5), &dataset_emploi);
    const char *grille[] = {"siret", "annee", "axe", "score"};
    assert_ptr_equal(of("emploi.csv", grille, 4), &dataset_grille);
    const char *nothing[] = {"a", "b", "c"};
    assert_null(of("etablissements.csv", nothing, 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_normalise_short_buffer),
        cmocka_unit_test(test_recognise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
