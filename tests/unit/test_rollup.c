/* The commune-first path ("-- cumul_communes: COL"): each query runs twice,
 * declared additive and not, and every stored figure must be the same bit
 * for bit; queries whose commune rows cannot be summed exactly fall back to
 * the direct computation; part_deuxieme is rebuilt exactly too. Sums of
 * whole hundredths are exact (the direct path's sum of doubles may differ in
 * the last bits). Fixture: three communes, two EPCIs, a study
 * territory holding two of them; establishments with hand-countable jobs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "indicators/compute/catalog.h"
#include "indicators/compute/compute.h"
#include "engine/core/config.h"
#include "engine/core/db.h"
#include "engine/core/log.h"

static sqlite3 *db;
static char dir[64], path[96];

static const char fixture[] =
    "INSERT INTO geo VALUES"
    " ('A','commune','A'),('A','epci','E1'),('A','france','FR'),('A','etude','et'),"
    " ('B','commune','B'),('B','epci','E1'),('B','france','FR'),"
    " ('C','commune','C'),('C','epci','E2'),('C','france','FR'),('C','etude','et');"
    "INSERT INTO etablissement(siret, siren, date_creation, code_commune, commune, naf, naf_section,"
    " famille_ess, est_ess) VALUES"
    " ('S1','1','2015-01-01','A','A','88.99B','Q','association',1),"
    " ('S2','2','2015-01-01','A','A','10.71C','C','cooperative',1),"
    " ('S3','3','2015-01-01','B','B','88.99B','Q','association',1),"
    " ('S4','4','2015-01-01','C','C','65.12Z','K','mutuelle',1),"
    " ('S5','5','2015-01-01','C','C','88.99B','Q','association',1);"
    "INSERT INTO emploi(siret, annee, postes, etp, masse_salariale) VALUES"
    " ('S1',2024,7,6.5,1), ('S2',2024,3,0.1,1), ('S3',2024,0,0,1), ('S4',2024,11,10.2,1),"
    " ('S5',2024,11,0.7,1), ('S1',2023,0,0,1), ('S3',2023,0,0,1);";

/* jobs per section; part_max as the catalog writes it */
#define POSTES_SQL(col)                                                                            \
    "SELECT g.niveau, g.code AS territoire, m.annee,"                                             \
    " CASE d.k WHEN 0 THEN '' ELSE 'section=' || e.naf_section END AS dimension,"                 \
    " sum(m." col ") AS numerateur, NULL AS denominateur, count(*) AS n_unites,"                  \
    " max(m." col ") * 1.0 / nullif(sum(m." col "), 0) AS part_max"                               \
    " FROM emploi m JOIN etablissement e ON e.siret = m.siret JOIN annees a ON a.annee = m.annee" \
    " JOIN geo g ON g.commune = e.commune CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1) d"       \
    " GROUP BY g.niveau, g.code, m.annee, dimension\n"

/* the same with part_deuxieme, as the catalog writes it: the second largest
 * is the largest again when two units share it, else the largest below it */
#define POSTES_SECOND_SQL(col)                                                                     \
    "WITH u AS (SELECT g.niveau, g.code, m.annee,"                                                \
    " CASE d.k WHEN 0 THEN '' ELSE 'section=' || e.naf_section END AS dimension, m." col " AS x"  \
    " FROM emploi m JOIN etablissement e ON e.siret = m.siret JOIN annees a ON a.annee = m.annee" \
    " JOIN geo g ON g.commune = e.commune CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1) d),"      \
    " r AS (SELECT u.*, max(x) OVER (PARTITION BY niveau, code, annee, dimension) AS x1 FROM u)"  \
    " SELECT niveau, code AS territoire, annee, dimension, sum(x) AS numerateur,"                 \
    " NULL AS denominateur, count(*) AS n_unites, max(x) * 1.0 / nullif(sum(x), 0) AS part_max,"  \
    " CASE WHEN sum(x = x1) > 1 THEN max(x) ELSE coalesce(max(CASE WHEN x < x1 THEN x END), 0)"   \
    " END * 1.0 / nullif(sum(x), 0) AS part_deuxieme FROM r GROUP BY niveau, code, annee, dimension\n"

static void write_def(const char *id, const char *type, const char *cumul, const char *sql)
{
    char file[160];
    snprintf(file, sizeof file, "%s/%s.sql", dir, id);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fprintf(f, "-- id: %s\n-- titre: t\n-- unite: nombre\n-- type: %s\n-- secret: etablissements\n"
               "-- theme: economie\n-- definition: d\n-- sources: s\n", id, type);
    if (cumul)
        fprintf(f, "-- cumul_communes: %s\n", cumul);
    fputs(sql, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/obs-rollup-%d", (int)getpid());
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/db.sqlite", dir);
    db = db_open(path);
    assert_non_null(db);
    assert_true(db_exec(db, fixture));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Computes the catalog in dir (every *.sql but the database) as run_id. */
static void compute(int64_t run_id)
{
    catalog cat;
    int errors;
    assert_true(catalog_load(&cat, dir, &errors));
    assert_int_equal(errors, 0);
    obs_config cfg;
    config_defaults(&cfg);
    compute_options opts = {0};
    compute_result res;
    assert_true(compute_run(db, run_id, &cat, &cfg, &opts, &res));
    assert_int_equal(res.failed, 0);
    catalog_free(&cat);
    config_free(&cfg);
}

/* Rows of `a` and `b` (same run) differing in any stored column, values
 * compared as stored (type and bits); and the number of rows of `a`. */
static void same_rows(int64_t run_id, const char *a, const char *b, int expected_rows)
{
    char sql[1280];
    snprintf(sql, sizeof sql,
             "SELECT count(*), (SELECT count(*) FROM indicator_value WHERE run_id = %lld AND indicator = '%s'),"
             " sum(y.run_id IS NULL OR x.valeur IS NOT y.valeur OR typeof(x.valeur) <> typeof(y.valeur)"
             " OR x.numerateur IS NOT y.numerateur OR x.denominateur IS NOT y.denominateur"
             " OR x.n_unites IS NOT y.n_unites OR typeof(x.n_unites) <> typeof(y.n_unites)"
             " OR x.part_max IS NOT y.part_max OR typeof(x.part_max) <> typeof(y.part_max)"
             " OR x.part_deuxieme IS NOT y.part_deuxieme OR typeof(x.part_deuxieme) <> typeof(y.part_deuxieme))"
             " FROM indicator_value x LEFT JOIN indicator_value y ON y.run_id = x.run_id AND y.indicator = '%s'"
             " AND y.niveau = x.niveau AND y.territoire = x.territoire AND y.annee = x.annee"
             " AND y.dimension = x.dimension WHERE x.run_id = %lld AND x.indicator = '%s'",
             (long long)run_id, b, b, (long long)run_id, a);
    sqlite3_stmt *st = db_prepare(db, sql);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), expected_rows);
    assert_int_equal(sqlite3_column_int(st, 1), expected_rows);
    assert_int_equal(sqlite3_column_int(st, 2), 0);
    sqlite3_finalize(st);
}

static void assert_cell(int64_t run_id, const char *ind, const char *niveau, const char *code, int year,
                        const char *dim, double num, int n, double part_max)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT numerateur, n_unites, part_max FROM indicator_value WHERE"
                                      " run_id = ? AND indicator = ? AND niveau = ? AND territoire = ?"
                                      " AND annee = ? AND dimension = ?");
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_text(st, 2, ind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, year);
    sqlite3_bind_text(st, 6, dim, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_true(sqlite3_column_double(st, 0) == num);
    assert_int_equal(sqlite3_column_int(st, 1), n);
    if (part_max < 0)
        assert_int_equal(sqlite3_column_type(st, 2), SQLITE_NULL);
    else
        assert_true(sqlite3_column_double(st, 2) == part_max);
    sqlite3_finalize(st);
}

static void test_additive_same_bits(void **state)
{
    (void)state;
    write_def("postes_cumul", "sum", "numerateur", POSTES_SQL("postes"));
    write_def("postes_direct", "sum", NULL, POSTES_SQL("postes"));
    compute(1);
    /* 2024: 4 levels x 2 dimensions, 2 dims x (3 communes + 2 EPCIs + FR + et) minus absent
     * sections: '' in 7 territories; Q in A, B, C, E1, E2, FR, et; C in A, E1, FR, et;
     * K in C, E2, FR, et: 7 + 7 + 4 + 4 = 22; 2023: '' and Q in A, B, E1, FR, et = 10 */
    same_rows(1, "postes_cumul", "postes_direct", 32);
    assert_cell(1, "postes_cumul", "france", "FR", 2024, "", 32, 5, 11.0 / 32);
    assert_cell(1, "postes_cumul", "etude", "et", 2024, "section=Q", 18, 2, 11.0 / 18); /* S1 7, S5 11 */
    assert_cell(1, "postes_cumul", "epci", "E1", 2024, "section=Q", 7, 2, 7.0 / 7);     /* S1 7, S3 0 */
    assert_cell(1, "postes_cumul", "commune", "B", 2024, "", 0, 1, -1);                 /* nullif(0) */
    assert_cell(1, "postes_cumul", "france", "FR", 2023, "", 0, 2, -1);
    /* the shadow geo is gone: later readers see every level */
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM geo");
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 11);
    sqlite3_finalize(st);
}

static void test_not_additive_falls_back(void **state)
{
    (void)state;
    char *files[] = {"postes_cumul", "postes_direct"};
    for (int i = 0; i < 2; i++) {
        char file[160];
        snprintf(file, sizeof file, "%s/%s.sql", dir, files[i]);
        unlink(file);
    }
    /* sums of values that are not whole hundredths: their order would change the last bits */
    write_def("etp_cumul", "sum", "numerateur", POSTES_SQL("etp * 1.001"));
    write_def("etp_direct", "sum", NULL, POSTES_SQL("etp * 1.001"));
    /* part_max is a share of numerateur, not of n_unites */
    write_def("postes_mal_declare", "sum", "n_unites", POSTES_SQL("postes"));
    write_def("postes_direct", "sum", NULL, POSTES_SQL("postes"));
    compute(2);
    same_rows(2, "etp_cumul", "etp_direct", 32);
    same_rows(2, "postes_mal_declare", "postes_direct", 32);
    assert_cell(2, "postes_mal_declare", "etude", "et", 2024, "section=Q", 18, 2, 11.0 / 18);
}

/* Whole hundredths add up exactly: each territory gets the double nearest to
 * its decimal sum, where the direct path adds doubles (0.1 + 0.2 gives
 * 0.30000000000000004). */
static void test_hundredths_exact(void **state)
{
    (void)state;
    /* 2022: S1 (commune A) 0.10, S3 (B) 0.20, S4 (C) 0.30 */
    assert_true(db_exec(db, "INSERT INTO emploi(siret, annee, postes, etp, masse_salariale) VALUES"
                            " ('S1',2022,1,0.1,1), ('S3',2022,1,0.2,1), ('S4',2022,1,0.3,1)"));
    write_def("etp_exact", "sum", "numerateur", POSTES_SQL("etp"));
    write_def("etp_sum", "sum", NULL, POSTES_SQL("etp"));
    compute(3);
    /* 2024: 6.5 + 0.1 + 0 + 10.2 + 0.7 = 17.50; A and C: 17.50; A and B: 6.60 */
    assert_cell(3, "etp_exact", "france", "FR", 2024, "", 17.5, 5, 10.2 / 17.5);
    assert_cell(3, "etp_exact", "etude", "et", 2024, "", 17.5, 4, 10.2 / 17.5);
    assert_cell(3, "etp_exact", "epci", "E1", 2024, "", 6.6, 3, 6.5 / 6.6);
    assert_cell(3, "etp_exact", "commune", "C", 2024, "section=K", 10.2, 1, 10.2 / 10.2);
    assert_cell(3, "etp_exact", "commune", "B", 2024, "", 0, 1, -1); /* nullif(0) */
    /* 2022: 0.10 + 0.20 = 0.30 and 0.10 + 0.20 + 0.30 = 0.60, as decimals */
    assert_cell(3, "etp_exact", "epci", "E1", 2022, "", 0.3, 2, 0.2 / 0.3);
    assert_cell(3, "etp_exact", "france", "FR", 2022, "", 0.6, 3, 0.3 / 0.6);
    assert_cell(3, "etp_sum", "epci", "E1", 2022, "", 0.1 + 0.2, 2, 0.2 / (0.1 + 0.2));
    assert_true(0.1 + 0.2 != 0.3);
    assert_true(db_exec(db, "DELETE FROM emploi WHERE annee = 2022"));
}

static double second_share(int64_t run_id, const char *ind, const char *code, int year, const char *dim)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT part_deuxieme FROM indicator_value WHERE run_id = ? AND indicator = ?"
                                      " AND territoire = ? AND annee = ? AND dimension = ?");
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_text(st, 2, ind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, year);
    sqlite3_bind_text(st, 5, dim, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    double v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* part_deuxieme rebuilt from the communes' two largest units, bit for bit;
 * 2022 adds a tie across communes: S1 5 (A) and S4 5 (C). */
static void test_second_share_same_bits(void **state)
{
    (void)state;
    const char *old[] = {"etp_cumul", "etp_direct", "postes_mal_declare", "postes_direct", "etp_exact", "etp_sum"};
    for (size_t i = 0; i < sizeof old / sizeof *old; i++) {
        char file[160];
        snprintf(file, sizeof file, "%s/%s.sql", dir, old[i]);
        unlink(file);
    }
    assert_true(db_exec(db, "INSERT INTO emploi(siret, annee, postes, etp, masse_salariale) VALUES"
                            " ('S1',2022,5,1,1), ('S2',2022,2,1,1), ('S4',2022,5,1,1)"));
    write_def("second_cumul", "sum", "numerateur", POSTES_SECOND_SQL("postes"));
    write_def("second_direct", "sum", NULL, POSTES_SECOND_SQL("postes"));
    FILE *log = tmpfile();
    assert_non_null(log);
    obs_log_set_file(log);
    compute(4);
    obs_log_set_file(NULL);
    char got[4096] = "";
    rewind(log);
    got[fread(got, 1, sizeof got - 1, log)] = '\0';
    fclose(log);
    assert_null(strstr(got, "calcul direct")); /* the commune path was taken */
    /* 2024: 22 rows, 2023: 10; 2022: '' in A, C, E1, E2, FR, et; Q (S1) and C (S2) in A, E1,
     * FR, et; K (S4) in C, E2, FR, et: 6 + 4 + 4 + 4 = 18 */
    same_rows(4, "second_cumul", "second_direct", 32 + 18);
    assert_true(second_share(4, "second_cumul", "FR", 2024, "") == 11.0 / 32);          /* S4, S5: 11 and 11 */
    assert_true(second_share(4, "second_cumul", "E1", 2024, "") == 3.0 / 10);           /* A's second */
    assert_true(second_share(4, "second_cumul", "FR", 2024, "section=Q") == 7.0 / 18);  /* A's largest */
    assert_true(second_share(4, "second_cumul", "FR", 2022, "") == 5.0 / 12);           /* tie across communes */
    assert_true(second_share(4, "second_cumul", "C", 2024, "section=K") == 0);           /* one unit */
    assert_true(second_share(4, "second_cumul", "FR", 2023, "") == -1);                 /* nullif(0) */
}

static void test_catalog_key_checked(void **state)
{
    (void)state;
    char sub[96];
    snprintf(sub, sizeof sub, "%s/bad", dir);
    mkdir(sub, 0700);
    char file[160];
    snprintf(file, sizeof file, "%s/bad_col.sql", sub);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("-- id: bad_col\n-- titre: t\n-- unite: nombre\n-- type: sum\n-- secret: etablissements\n"
          "-- theme: economie\n-- definition: d\n-- sources: s\n-- cumul_communes: part_max\nSELECT 1\n", f);
    fclose(f);
    snprintf(file, sizeof file, "%s/bad_kind.sql", sub);
    f = fopen(file, "w");
    assert_non_null(f);
    fputs("-- id: bad_kind\n-- titre: t\n-- unite: nombre\n-- type: evolution\n-- base: x\n"
          "-- secret: etablissements\n-- theme: economie\n-- definition: d\n-- sources: s\n"
          "-- cumul_communes: numerateur\n", f);
    fclose(f);
    catalog cat;
    int errors;
    assert_true(catalog_load(&cat, sub, &errors));
    assert_int_equal(errors, 2);
    assert_int_equal(cat.n, 0);
    catalog_free(&cat);
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_additive_same_bits),
        cmocka_unit_test(test_not_additive_falls_back),
        cmocka_unit_test(test_hundredths_exact),
        cmocka_unit_test(test_second_share_same_bits),
        cmocka_unit_test(test_catalog_key_checked),
    };
    return cmocka_run_group_tests_name("rollup", tests, setup, teardown);
}
