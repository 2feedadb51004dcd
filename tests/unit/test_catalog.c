/* The catalog: parsing, errors with file:line, the read-only authorizer,
 * and the Wilson interval against a hand-computed case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "indicators/compute/authorizer.h"
#include "indicators/compute/catalog.h"
#include "indicators/compute/compute.h"
#include "indicators/compute/indicator_store.h"
#include "engine/core/db.h"
#include "engine/core/log.h"

static void test_shipped_catalog_is_valid(void **state)
{
    (void)state;
    catalog c;
    int errors = -1;
    assert_true(catalog_load(&c, OBS_SOURCE_DIR "/indicators/catalog", &errors));
    assert_int_equal(errors, 0);
    assert_true(c.n >= 30);
    const indicator_def *d = catalog_find(&c, "part_femmes_accompagnes");
    assert_non_null(d);
    assert_int_equal(d->kind, KIND_RATIO);
    assert_int_equal(d->ic, IC_WILSON);
    assert_string_equal(d->unite, "pourcent");
    assert_string_equal(d->secret, "personnes");
    assert_non_null(strstr(d->definition, "intervalle de confiance de Wilson")); /* continued lines joined */
    d = catalog_find(&c, "tcam_postes_ess");
    assert_int_equal(d->kind, KIND_GROWTH);
    assert_string_equal(d->base, "postes_ess");
    assert_null(d->sql);
    d = catalog_find(&c, "survie_etablissements"); /* survival counted per commune, rolled up */
    assert_int_equal(d->kind, KIND_SURVIVAL);
    assert_int_equal(d->n_levels, 4);
    assert_string_equal(d->levels[0], "etude");
    assert_string_equal(d->levels[3], "france");
    sqlite3 *db = db_open(":memory:");
    assert_true(db_exec(db, "CREATE TEMP TABLE annees(annee INTEGER PRIMARY KEY);"
                            "CREATE TEMP TABLE parametres(date_observation TEXT, debut_observation TEXT)"));
    assert_int_equal(catalog_check(&c, db), 0);
    db_close(db);
    catalog_free(&c);
}

static void test_broken_catalog_errors(void **state)
{
    (void)state;
    catalog c;
    int errors = 0;
    assert_true(catalog_load(&c, OBS_SOURCE_DIR "/tests/fixtures/catalog_broken", &errors));
    assert_int_equal(errors, 1);  /* bad_unit: its metadata line */
    assert_int_equal(c.n, 5);     /* the other files parse, their SQL is checked below */
    sqlite3 *db = db_open(":memory:");
    db_exec(db, "CREATE TEMP TABLE annees(annee INTEGER PRIMARY KEY)");
    /* bad_columns, bad_sql, bad_write, missing_base, missing_frame */
    assert_int_equal(catalog_check(&c, db), 5);
    db_close(db);
    catalog_free(&c);
}

static void test_authorizer_denies_everything_but_reading(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    const char *denied[] = {"DELETE FROM etablissement", "INSERT INTO meta VALUES('a','b')",
                            "UPDATE meta SET value='x'", "CREATE TABLE t(x)", "DROP TABLE meta",
                            "ATTACH DATABASE '/tmp/x.sqlite' AS x", "DETACH DATABASE main",
                            "PRAGMA writable_schema=1", "BEGIN", "COMMIT", "CREATE TEMP VIEW v AS SELECT 1",
                            "ALTER TABLE meta ADD COLUMN y", "ANALYZE", "VACUUM", "REINDEX"};
    char err[256];
    for (size_t i = 0; i < sizeof denied / sizeof *denied; i++) {
        sqlite3_stmt *st = NULL;
        if (authorizer_prepare(db, denied[i], &st, err, sizeof err) == SQLITE_OK) {
            fprintf(stderr, "not denied: %s\n", denied[i]);
            fail();
        }
        assert_null(st);
    }
    const char *allowed[] = {"SELECT count(*) FROM geo",
                             "WITH RECURSIVE y(a) AS (SELECT 1 UNION ALL SELECT a + 1 FROM y WHERE a < 3)"
                             " SELECT sum(a) FROM y",
                             "SELECT max(length(code)) FROM territoire WHERE niveau = 'commune'"};
    for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++) {
        sqlite3_stmt *st = NULL;
        assert_int_equal(authorizer_prepare(db, allowed[i], &st, err, sizeof err), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        sqlite3_finalize(st);
    }
    db_close(db);
}

static void test_wilson_hand_computed(void **state)
{
    (void)state;
    /* k = 7, n = 10, z = 1.959963985: p = 0.7, z^2/n = 0.384146,
     * centre = (0.7 + 0.192073) / 1.384146 = 0.644493,
     * half = 1.959964 / 1.384146 * sqrt(0.021 + 0.0096037) = 0.247714 */
    double lo, hi;
    wilson_interval(7, 10, &lo, &hi);
    assert_true(fabs(lo - 0.396778) < 1e-6);
    assert_true(fabs(hi - 0.892209) < 1e-6);
    /* 0 out of 5: the lower bound is exactly 0 */
    wilson_interval(0, 5, &lo, &hi);
    assert_true(fabs(lo) < 1e-15);
    assert_true(fabs(hi - 0.434482) < 1e-6);
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_catalog_is_valid),
        cmocka_unit_test(test_broken_catalog_errors),
        cmocka_unit_test(test_authorizer_denies_everything_but_reading),
        cmocka_unit_test(test_wilson_hand_computed),
    };
    return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
