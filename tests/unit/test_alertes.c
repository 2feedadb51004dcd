/* obs alertes on a grid small enough to check by hand: which axes are in
 * warning (score <= 1, or a fall of 2 points or more from the year before),
 * the reasons, and the priority order (most axes in warning, then the
 * largest fall, then the SIRET). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/data/alertes.h"
#include "indicators/compute/compute.h"
#include "engine/core/db.h"
#include "engine/core/log.h"
#include "support/remove_database.h"
#include "reports/xlsx/xlsx_alertes.h"

static sqlite3 *db;
static char path[64];

/* A: gouvernance 2 -> 1 (score bas, fall 1), rh 4 -> 2 (fall 2): 2 axes, fall 2
 * B: finances 3 -> 0 (score bas and fall 3): 1 axis, fall 3
 * C: marche 1, no 2023 (score bas): 1 axis, fall 0
 * D: rh 4 -> 3 (fall 1, score 3): no warning
 * E: utilite 4 -> 2 (fall 2), valeurs 1 -> 1 (score bas): 2 axes, fall 2
 *    (in 2023 too: valeurs 1, the only warning of 2023)
 * Order in 2024: A and E (2 axes, fall 2; A's SIRET first), B, C. */
static const char fixture[] =
    "INSERT INTO territoire VALUES ('commune','62160','Boulogne-sur-Mer'),('commune','62178','Le Portel');"
    "INSERT INTO etablissement(siret, siren, date_creation, code_commune, commune, naf, naf_section,"
    " denomination, est_ess) VALUES"
    " ('11111111100011','111111111','2010-01-01','62160','62160','88.99B','Q','Alpha',1),"
    " ('22222222200022','222222222','2010-01-01','62178','62178','88.99B','Q','Bêta',1),"
    " ('55555555500055','555555555','2010-01-01','62160','62160','88.99B','Q','Epsilon',1);"
    "INSERT INTO unite_legale(siren, denomination) VALUES ('333333333','Gamma (unité légale)');"
    "INSERT INTO grille(siret, annee, axe, score) VALUES"
    " ('11111111100011',2023,'gouvernance',2),('11111111100011',2024,'gouvernance',1),"
    " ('11111111100011',2023,'rh',4),('11111111100011',2024,'rh',2),"
    " ('22222222200022',2023,'finances',3),('22222222200022',2024,'finances',0),"
    " ('33333333300033',2024,'marche',1),"
    " ('44444444400044',2023,'rh',4),('44444444400044',2024,'rh',3),"
    " ('55555555500055',2023,'utilite',4),('55555555500055',2024,'utilite',2),"
    " ('55555555500055',2023,'valeurs',1),('55555555500055',2024,'valeurs',1);";

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/obs-alertes-%d.sqlite", (int)getpid());
    remove_database(path);
    db = db_open(path);
    assert_non_null(db);
    assert_true(db_exec(db, fixture));
    assert_true(compute_grid_alerts(db, 7));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    remove_database(path);
    return 0;
}

static void test_priority_order(void **state)
{
    (void)state;
    alerte_list l;
    assert_true(alertes_load(db, 7, 2024, &l));
    assert_int_equal(l.n, 6);
    assert_int_equal(l.structures, 4);
    static const struct {
        int rank;
        const char *siret, *nom, *commune, *axe;
        double score;
        int has_previous;
        double previous;
        int axes;
        double max_fall;
        const char *reason;
    } want[] = {
        {1, "11111111100011", "Alpha", "Boulogne-sur-Mer", "rh", 2, 1, 4, 2, 2, "baisse de 2 points"},
        {1, "11111111100011", "Alpha", "Boulogne-sur-Mer", "gouvernance", 1, 1, 2, 2, 2, "score de 1 ou moins"},
        {2, "55555555500055", "Epsilon", "Boulogne-sur-Mer", "utilite", 2, 1, 4, 2, 2, "baisse de 2 points"},
        {2, "55555555500055", "Epsilon", "Boulogne-sur-Mer", "valeurs", 1, 1, 1, 2, 2, "score de 1 ou moins"},
        {3, "22222222200022", "Bêta", "Le Portel", "finances", 0, 1, 3, 1, 3,
         "score de 1 ou moins ; baisse de 3 points"},
        {4, "33333333300033", "Gamma (unité légale)", "", "marche", 1, 0, 0, 1, 0, "score de 1 ou moins"},
    };
    for (size_t i = 0; i < l.n; i++) {
        const alerte *a = &l.items[i];
        assert_int_equal(a->rank, want[i].rank);
        assert_string_equal(a->siret, want[i].siret);
        assert_string_equal(a->nom, want[i].nom);
        assert_string_equal(a->commune, want[i].commune);
        assert_string_equal(a->axe, want[i].axe);
        assert_true(a->score == want[i].score);
        assert_int_equal(a->has_previous, want[i].has_previous);
        if (a->has_previous)
            assert_true(a->previous == want[i].previous);
        assert_int_equal(a->axes, want[i].axes);
        assert_true(a->max_fall == want[i].max_fall);
        char reason[128];
        alertes_reason(a, reason, sizeof reason);
        assert_string_equal(reason, want[i].reason);
    }
    alertes_free(&l);

    assert_true(alertes_load(db, 7, 2023, &l));
    assert_int_equal(l.n, 1);
    assert_string_equal(l.items[0].siret, "55555555500055");
    assert_string_equal(l.items[0].axe, "valeurs");
    assert_false(l.items[0].has_previous);
    alertes_free(&l);
}

static void test_workbook_marked_internal(void **state)
{
    (void)state;
    alerte_list l;
    assert_true(alertes_load(db, 7, 2024, &l));
    char xlsx[80];
    snprintf(xlsx, sizeof xlsx, "/tmp/obs-alertes-%d.xlsx", (int)getpid());
    assert_true(xlsx_alertes_write(xlsx, &l, 2024, "Observatoire test"));
    alertes_free(&l);
    if (access("/usr/bin/unzip", X_OK) == 0) {
        char cmd[512];
        snprintf(cmd, sizeof cmd,
                 "unzip -p %s xl/sharedStrings.xml | grep -q 'USAGE INTERNE' &&"
                 " unzip -p %s docProps/core.xml | grep -q 'usage interne' &&"
                 " unzip -p %s xl/sharedStrings.xml | grep -q 'Epsilon'",
                 xlsx, xlsx, xlsx);
        assert_int_equal(system(cmd), 0);
    }
    unlink(xlsx);
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_priority_order),
        cmocka_unit_test(test_workbook_marked_internal),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
