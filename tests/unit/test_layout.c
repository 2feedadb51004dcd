/* Report layouts: the shipped layout parses, mistakes are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/data/layout.h"
#include "engine/core/log.h"

static void test_shipped_layout(void **state)
{
    (void)state;
    report_layout l;
    assert_true(layout_load(&l, OBS_SOURCE_DIR "/reports/layouts/rapport-annuel.ini"));
    assert_string_equal(l.titre, "Observatoire de l'économie sociale et solidaire");
    assert_true(l.n_sections >= 10);
    assert_string_equal(l.sections[0].id, "chiffres-cles");
    assert_int_equal(l.sections[0].type, SECTION_CHIFFRES_CLES);
    assert_string_equal(l.sections[0].feuille, "Synthèse");
    assert_string_equal(l.sections[0].indicateurs[0], "etablissements_ess");
    assert_int_equal(l.sections[0].n_indicateurs, 11); /* continued on indented lines */
    assert_string_equal(l.sections[0].indicateurs[10], "salaire_moyen_etp_ess");
    assert_string_equal(l.sections[1].dimension, "famille");
    assert_int_equal(l.sections[1].graphique, CHART_BARS);
    layout_free(&l);
}

/* The funder's layout: its sections in order, short column titles kept
 * whole (spaces and accents inside, trimmed around). */
static void test_shipped_funder_layout(void **state)
{
    (void)state;
    report_layout l;
    assert_true(layout_load(&l, OBS_SOURCE_DIR "/reports/layouts/rapport-financeur.ini"));
    assert_string_equal(l.titre, "Rapport au financeur");
    assert_int_equal(l.n_sections, 5);
    assert_int_equal(l.sections[0].type, SECTION_FINANCEUR_CHIFFRES);
    assert_string_equal(l.sections[0].indicateur, "effet_levier");
    assert_int_equal(l.sections[0].n_indicateurs, 6);
    assert_int_equal(l.sections[0].n_colonnes, 0);
    assert_int_equal(l.sections[1].type, SECTION_FINANCEUR_EVOLUTION);
    assert_int_equal(l.sections[2].type, SECTION_FINANCEUR_DISPOSITIFS);
    assert_int_equal(l.sections[3].type, SECTION_FINANCEUR_TERRITOIRES);
    assert_int_equal(l.sections[3].n_colonnes, 5);
    assert_string_equal(l.sections[3].colonnes[0], "Montant public");
    assert_string_equal(l.sections[3].colonnes[1], "Montant privé");
    assert_string_equal(l.sections[3].colonnes[2], "Projets financés");
    assert_string_equal(l.sections[3].colonnes[4], "Postes");
    assert_int_equal(l.sections[4].type, SECTION_DEFINITIONS);
    layout_free(&l);
}

static bool load_text(const char *text)
{
    char path[] = "/tmp/obs-layout-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    report_layout l;
    bool ok = layout_load(&l, path);
    if (ok)
        layout_free(&l);
    unlink(path);
    return ok;
}

static void test_mistakes_are_refused(void **state)
{
    (void)state;
    assert_true(load_text("[section a]\ntype = tableau\nindicateurs = x\n"));
    assert_false(load_text("[section a]\ntype = camembert\n"));
    assert_false(load_text("[section a]\ngraphique = camembert\n"));
    assert_false(load_text("[section a]\nfeuille = un nom de feuille beaucoup trop long pour Excel\n"));
    assert_false(load_text("[autre]\ncle = 1\n"));
    assert_false(load_text("[rapport]\ntitre = vide\n"));
    assert_false(load_text("[section a]\ntype = tableau\n[section b]\ntype = tableau\n[section a]\ntitre = x\n"));
    /* one column title per indicator, continued lines included */
    assert_true(load_text("[section a]\ntype = financeur_territoires\nindicateurs = x, y\ncolonnes = X ,\n  Y y\n"));
    assert_false(load_text("[section a]\ntype = financeur_territoires\nindicateurs = x, y\ncolonnes = X\n"));
    assert_false(load_text("[section a]\ntype = financeur_territoires\nindicateurs = x\ncolonnes = X, Y\n"));
}

/* Maps: the keys of a carte section, their defaults, and mistakes refused. */
static void test_map_sections(void **state)
{
    (void)state;
    report_layout l;
    assert_true(layout_load(&l, OBS_SOURCE_DIR "/reports/layouts/rapport-annuel.ini"));
    size_t maps = 0;
    for (size_t i = 0; i < l.n_sections; i++) {
        const layout_section *s = &l.sections[i];
        if (s->type != SECTION_CARTE)
            continue;
        maps++;
        if (strcmp(s->id, "carte-poids-epci-region") == 0) {
            assert_int_equal(s->carte, MAP_KIND_CHOROPLETHE);
            assert_string_equal(s->indicateur, "poids_postes_ess");
            assert_true(s->niveau_epci && s->perimetre_region && !s->quantiles);
            assert_int_equal(s->nombre_classes, 5);
        }
    }
    assert_int_equal(maps, 4); /* territoire, two choropleths, programmes */
    layout_free(&l);
    assert_true(load_text("[section c]\ntype = carte\ncarte = choroplethe\nindicateur = x\nclasses = quantiles\n"
                          "nombre_classes = 3\nniveau = epci\nperimetre = region\n"));
    assert_true(load_text("[section c]\ntype = carte\ncarte = territoire\n"));
    assert_false(load_text("[section c]\ntype = carte\n"));                         /* which map? */
    assert_false(load_text("[section c]\ntype = carte\ncarte = choroplethe\n"));   /* of what? */
    assert_false(load_text("[section c]\ntype = carte\ncarte = relief\n"));
    assert_false(load_text("[section c]\ntype = carte\ncarte = territoire\nniveau = region\n"));
    assert_false(load_text("[section c]\ntype = carte\ncarte = territoire\nperimetre = france\n"));
    assert_false(load_text("[section c]\ntype = carte\ncarte = territoire\nclasses = egales\n"));
    assert_false(load_text("[section c]\ntype = carte\ncarte = territoire\nnombre_classes = 12\n"));
    assert_false(load_text("[section c]\ntype = carte\ncarte = territoire\nnombre_classes = 5x\n"));
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_layout),
        cmocka_unit_test(test_shipped_funder_layout),
        cmocka_unit_test(test_mistakes_are_refused),
        cmocka_unit_test(test_map_sections),
    };
    return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
