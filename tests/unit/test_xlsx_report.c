/* The XLSX workbook: written from a results database, deterministic, secret
 * cells never carry their value. Cell-level checks against the database are
 * in tests/e2e/xlsx_cells.sh (openpyxl). */
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
#include "reports/data/layout.h"
#include "support/lead_fixture_db.h"
#include "engine/core/log.h"
#include "reports/data/report_data.h"
#include "reports/xlsx/xlsx_report.h"

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(*len);
    assert_int_equal(fread(buf, 1, *len, f), *len);
    fclose(f);
    return buf;
}

static void test_workbook_is_written_and_deterministic(void **state)
{
    (void)state;
    char dir[] = "/tmp/obs-xlsx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char dbpath[256], a[256], b[256];
    snprintf(dbpath, sizeof dbpath, "%s/r.sqlite", dir);
    snprintf(a, sizeof a, "%s/a.xlsx", dir);
    snprintf(b, sizeof b, "%s/b.xlsx", dir);
    sqlite3 *db = fixture_results_db(dbpath);
    assert_non_null(db);
    assert_int_equal(report_latest_run(db), 7);
    assert_int_equal(report_latest_year(db, 7), 2024);

    report_layout layout;
    assert_true(layout_load(&layout, OBS_SOURCE_DIR "/reports/layouts/rapport-annuel.ini"));
    obs_config cfg;
    config_defaults(&cfg);
    report_data rd;
    assert_true(report_data_open(&rd, db, 7, 2024, "etude", "boulonnais"));
    assert_string_equal(rd.territory.nom, "Boulonnais");
    assert_string_equal(rd.departement.code, "62");
    assert_string_equal(rd.region.nom, "Hauts-de-France");

    report_cell c;
    assert_true(report_cell_get(&rd, "postes_ess", &rd.territory, 2024, "famille=mutuelle", &c));
    assert_true(c.secret);
    assert_false(c.has_value);

    assert_true(xlsx_report_write(a, &rd, &layout, &cfg));
    sleep(1); /* a clock leaking into the file would now differ */
    assert_true(xlsx_report_write(b, &rd, &layout, &cfg));
    size_t la, lb;
    unsigned char *ba = slurp(a, &la), *bb = slurp(b, &lb);
    assert_true(la > 5000);
    assert_int_equal(la, lb);
    assert_memory_equal(ba, bb, la);
    free(ba);
    free(bb);

    report_data_close(&rd);
    layout_free(&layout);
    config_free(&cfg);
    db_close(db);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workbook_is_written_and_deterministic),
    };
    return cmocka_run_group_tests_name("xlsx_report", tests, NULL, NULL);
}
