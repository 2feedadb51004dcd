/* The ESS perimeter decided in memory at insertion (perimeter_family) agrees
 * with the set-based SQL (perimeter_update) on every case of the rule: own or
 * legal unit's category, own or legal unit's flag, excluded NAF codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/load/perimeter.h"
#include "engine/load/ref_index.h"

/* siret, naf, own category, own flag, expected family ("" outside the ESS) */
static const struct {
    const char *siret, *naf, *cj, *flag, *family;
} cases[] = {
    {"10000000100010", "88.99B", "9220", "", "association"},     /* own category */
    {"10000000100028", "88.99B", "5710", "O", "entreprise_ess"}, /* no family, flagged */
    {"10000000100036", "88.99B", "5710", "N", ""},
    {"10000000100044", "88.99B", "5710", "", "entreprise_ess"}, /* no family, the unit's flag */
    {"20000000200010", "88.99B", "", "", "cooperative"},        /* the unit's category */
    {"20000000200028", "84.11Z", "", "", ""},                   /* excluded NAF prefix 84 */
    {"20000000200036", "94.20Z", "9220", "O", ""},              /* excluded NAF prefix 94.2 */
    {"20000000200044", "94.99Z", "9220", "", "association"},    /* 94.99 is not 94.2 */
    {"30000000300010", "88.99B", "", "", "entreprise_ess"},     /* unit: no family, flag O */
    {"30000000300028", "88.99B", "", "N", ""},                  /* own flag beats the unit's */
    {"30000000300036", "88.99B", "9220", "", "association"},
    {"40000000400010", "88.99B", "", "", ""},                   /* unit with nothing */
    {"50000000500010", "88.99B", "", "O", "entreprise_ess"},    /* no unit, own flag */
    {"50000000500028", "88.99B", "", "", ""},                   /* no unit at all */
    {"60000000600010", "88.99B", "", "", ""},                   /* unit of unknown category */
    {"70000000700010", "88.99B", "", "", ""},                   /* unit: no family, flag N */
    {"70000000700028", "88.99B", "", "O", "entreprise_ess"},    /* own flag, unit of no family */
    {"70000000700036", "88.99B", "9220", "", "association"},    /* own category first */
};

static void test_memory_rule_agrees_with_sql(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, "INSERT INTO ref_categorie_juridique VALUES"
                            " ('9220', 'Association déclarée', 'association'),"
                            " ('5460', 'SA coopérative', 'cooperative'),"
                            " ('5710', 'SAS', NULL), ('5499', 'SARL', '');"
                            "INSERT INTO ref_naf_hors_ess VALUES ('84', 'administration'),"
                            " ('94.2', 'syndicats');"
                            "INSERT INTO unite_legale(siren, categorie_juridique, ess_flag) VALUES"
                            " ('100000001', '5710', 'O'), ('200000002', '5460', NULL),"
                            " ('300000003', '5499', 'O'), ('400000004', NULL, NULL),"
                            " ('600000006', '9999', NULL), ('700000007', '5710', 'N');"));
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "INSERT INTO etablissement(siret, siren, date_creation, code_commune, commune, naf,"
                 " naf_section, categorie_juridique, ess_flag) VALUES('%s', substr('%s', 1, 9),"
                 " '2020-01-01', '29019', '29019', '%s', 'Q', nullif('%s', ''), nullif('%s', ''))",
                 cases[i].siret, cases[i].siret, cases[i].naf, cases[i].cj, cases[i].flag);
        assert_true(db_exec(db, sql));
    }
    assert_true(perimeter_update(db));
    ref_map *cj = cj_index_load(db);
    perimeter_rules *rules = perimeter_rules_load(db, cj);
    assert_non_null(rules);
    sqlite3_stmt *st = db_prepare(db, "SELECT coalesce(famille_ess, ''), est_ess FROM etablissement"
                                      " WHERE siret = ?");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, cases[i].siret, -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        const char *by_sql = (const char *)sqlite3_column_text(st, 0);
        const char *in_memory = perimeter_family(rules, cases[i].naf, cases[i].siret, cases[i].cj, cases[i].flag);
        printf("%s: attendu « %s », SQL « %s », mémoire « %s »\n", cases[i].siret, cases[i].family, by_sql,
               in_memory ? in_memory : "");
        assert_string_equal(by_sql, cases[i].family);
        assert_string_equal(in_memory ? in_memory : "", cases[i].family);
        assert_int_equal(sqlite3_column_int(st, 1), cases[i].family[0] != '\0');
    }
    sqlite3_finalize(st);
    perimeter_rules_free(rules);
    ref_map_free(cj);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory_rule_agrees_with_sql),
    };
    return cmocka_run_group_tests_name("perimeter", tests, NULL, NULL);
}
