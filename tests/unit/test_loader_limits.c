/* The loader has no silent limit: a file whose rows are rejected for 60
 * different reasons prints all 60 in the summary (a fixed list of 48 used to
 * drop the rest), and a wide file with more years than the layout can hold
 * is refused with its file, line and column, not loaded without them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "engine/load/dataset.h"
#include "engine/load/loader.h"
#include "support/remove_database.h"

#define N_REASONS 60

static const char *const reasons[N_REASONS] = {
    "motif_00", "motif_01", "motif_02", "motif_03", "motif_04", "motif_05", "motif_06", "motif_07", "motif_08",
    "motif_09", "motif_10", "motif_11", "motif_12", "motif_13", "motif_14", "motif_15", "motif_16", "motif_17",
    "motif_18", "motif_19", "motif_20", "motif_21", "motif_22", "motif_23", "motif_24", "motif_25", "motif_26",
    "motif_27", "motif_28", "motif_29", "motif_30", "motif_31", "motif_32", "motif_33", "motif_34", "motif_35",
    "motif_36", "motif_37", "motif_38", "motif_39", "motif_40", "motif_41", "motif_42", "motif_43", "motif_44",
    "motif_45", "motif_46", "motif_47", "motif_48", "motif_49", "motif_50", "motif_51", "motif_52", "motif_53",
    "motif_54", "motif_55", "motif_56", "motif_57", "motif_58", "motif_59",
};

/* rejects the row whose value is k for reasons[k] */
static bool reject_all(load_row *row, sqlite3_stmt *insert)
{
    (void)insert;
    int k = atoi(row_get(row, 0));
    return row_reject(row, 0, reasons[k], "valeur %d refusée", k);
}

static const char *const columns[] = {"k", NULL};
static const char *const required[] = {"k", NULL};
static const dataset_def many_reasons = {
    .name = "essai_motifs",
    .table = "essai",
    .columns = columns,
    .required = required,
    .insert_sql = "INSERT INTO essai(k) VALUES(?)",
    .handle_row = reject_all,
};

static char dir[64], dbpath[128];

static sqlite3 *fresh_db(void)
{
    snprintf(dbpath, sizeof dbpath, "%s/t.sqlite", dir);
    remove_database(dbpath);
    sqlite3 *db = db_open(dbpath);
    assert_non_null(db);
    assert_true(db_exec(db, "CREATE TABLE essai(k TEXT)"));
    return db;
}

/* Runs the load with stdout in a file; returns that output (malloc'd). */
static char *load_capturing(const dataset_def *def, const char *csv, sqlite3 *db, load_result *res)
{
    char out[128];
    snprintf(out, sizeof out, "%s/stdout.txt", dir);
    fflush(stdout);
    int saved = dup(1);
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, 1);
    close(fd);
    load_refs refs = {.db = db};
    load_options opts = {.max_reject_percent = 100, .run_id = 1, .quiet = true};
    const char *files[] = {csv};
    *res = loader_load_dataset(def, files, 1, &refs, &opts);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    char *text = calloc(1, 65536);
    assert_non_null(text);
    size_t n = fread(text, 1, 65535, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

static void every_reason_is_counted(void **state)
{
    (void)state;
    char csv[128];
    snprintf(csv, sizeof csv, "%s/motifs.csv", dir);
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fprintf(f, "k\n");
    /* reason k on k + 1 rows: 1 + 2 + ... + 60 = 1 830 rows */
    for (int k = 0; k < N_REASONS; k++)
        for (int i = 0; i <= k; i++)
            fprintf(f, "%d\n", k);
    fclose(f);
    sqlite3 *db = fresh_db();
    load_result res;
    char *out = load_capturing(&many_reasons, csv, db, &res);
    assert_int_equal(res.rows, 1830);
    assert_int_equal(res.rejected, 1830);
    assert_int_equal(res.loaded, 0);
    /* one summary line per reason, with its count */
    for (int k = 0; k < N_REASONS; k++) {
        char line[64];
        snprintf(line, sizeof line, "%8d × %s\n", k + 1, reasons[k]);
        if (!strstr(out, line))
            fail_msg("summary without « %s »:\n%s", line, out);
    }
    assert_null(strstr(out, "non compté"));
    free(out);
    db_close(db);
}

static void too_many_years_refused(void **state)
{
    (void)state;
    const dataset_def *def = dataset_named("emploi_territoire");
    assert_non_null(def);
    assert_non_null(def->wide_column);
    char csv[128];
    snprintf(csv, sizeof csv, "%s/annees.csv", dir);
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    /* 65 years of one yearly column, 1960 to 2024: one more than the 64 a
     * layout holds; the 65th is field 66 (after the commune's code) */
    fprintf(f, "code_commune");
    for (int y = 1960; y <= 2024; y++)
        fprintf(f, ";effectifs_salaries_%d", y);
    fprintf(f, "\n62160");
    for (int y = 1960; y <= 2024; y++)
        fprintf(f, ";1");
    fprintf(f, "\n");
    fclose(f);
    sqlite3 *db = fresh_db();
    char errpath[128];
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", dir);
    FILE *err = fopen(errpath, "w+");
    assert_non_null(err);
    obs_log_set_file(err);
    obs_log_set_quiet(true);
    load_result res;
    char *out = load_capturing(def, csv, db, &res);
    free(out);
    obs_log_set_file(NULL);
    obs_log_set_quiet(false);
    assert_int_equal(res.outcome, LOAD_FAILED);
    assert_int_equal(res.loaded, 0);
    rewind(err);
    char text[4096] = "";
    size_t n = fread(text, 1, sizeof text - 1, err);
    text[n] = '\0';
    fclose(err);
    char want[256];
    snprintf(want, sizeof want, "%s:1:66: erreur : plus de 64 années en colonnes (« effectifs_salaries_2024 »)", csv);
    if (!strstr(text, want))
        fail_msg("no « %s » in:\n%s", want, text);
    db_close(db);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/obs-loader-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_reason_is_counted),
        cmocka_unit_test(too_many_years_refused),
    };
    return cmocka_run_group_tests_name("loader_limits", tests, setup, teardown);
}
