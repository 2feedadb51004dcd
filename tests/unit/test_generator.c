/* The generator: deterministic bytes, valid keys, coherent rows, denominators
 * that contain the ESS figures (checked by reading its files back). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/core/checksum.h"
#include "engine/core/config.h"
#include "engine/load/csv_reader.h"
#include "datasets/generator/gen.h"
#include "engine/core/log.h"
#include "engine/load/parse.h"

static char dir_a[64], dir_b[64];
static const char *const files[] = {"etablissements.csv", "unites_legales.csv", "emploi.csv",
                                    "emploi_territoire.csv", "dispositifs.csv", "accompagnements.csv",
                                    "financements.csv", "grille.csv"};

static void generate(const char *dir)
{
    obs_config cfg;
    config_defaults(&cfg);
    gen_options o = {.out_dir = dir, .seed = 7, .scale = GEN_TEST, .reference_dir = cfg.reference_dir};
    assert_true(gen_run(&o));
    config_free(&cfg);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir_a, sizeof dir_a, "/tmp/obs-gen-a-%d", (int)getpid());
    snprintf(dir_b, sizeof dir_b, "/tmp/obs-gen-b-%d", (int)getpid());
    generate(dir_a);
    generate(dir_b);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s %s", dir_a, dir_b);
    return system(cmd);
}

static void test_same_seed_same_bytes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char a[128], b[128];
        snprintf(a, sizeof a, "%s/%s", dir_a, files[i]);
        snprintf(b, sizeof b, "%s/%s", dir_b, files[i]);
        char *sa = checksum_file(a), *sb = checksum_file(b);
        assert_non_null(sa);
        assert_non_null(sb);
        assert_string_equal(sa, sb);
        free(sa);
        free(sb);
    }
}

typedef void (*row_fn)(csv_record *rec, void *user);

static long each_row(const char *file, row_fn fn, void *user)
{
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/%s", dir_a, file);
    csv_reader *r = csv_open(path, err, sizeof err);
    assert_non_null(r);
    csv_record rec;
    csv_problem p;
    long n = 0;
    assert_int_equal(csv_next(r, &rec, &p), CSV_RECORD); /* header */
    csv_status s;
    while ((s = csv_next(r, &rec, &p)) != CSV_EOF) {
        assert_int_equal(s, CSV_RECORD);
        fn(&rec, user);
        n++;
    }
    csv_close(r);
    return n;
}

typedef struct {
    char (*sirets)[15];
    long n, cap;
} siret_set;

static void check_establishment(csv_record *rec, void *user)
{
    siret_set *set = user;
    assert_int_equal(rec->nfields, 10);
    assert_true(siret_valid(rec->fields[0]));
    char created[11], closed[11];
    assert_true(parse_date(rec->fields[1], created));
    if (rec->fields[3][0]) {
        assert_true(parse_date(rec->fields[3], closed));
        assert_true(strcmp(closed, created) >= 0);
        assert_string_equal(rec->fields[2], "F");
    }
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 1024;
        set->sirets = realloc(set->sirets, (size_t)set->cap * sizeof *set->sirets);
    }
    memcpy(set->sirets[set->n++], rec->fields[0], 15);
}

static int compare_siret(const void *a, const void *b) { return strcmp(a, b); }

static void test_establishments_valid_and_unique(void **state)
{
    (void)state;
    siret_set set = {0};
    long n = each_row("etablissements.csv", check_establishment, &set);
    assert_true(n > 200);
    qsort(set.sirets, (size_t)set.n, sizeof *set.sirets, compare_siret);
    for (long i = 1; i < set.n; i++)
        assert_true(strcmp(set.sirets[i - 1], set.sirets[i]) != 0);
    free(set.sirets);
}

typedef struct {
    double ess_postes_2024;
} totals;

static void check_employment(csv_record *rec, void *user)
{
    totals *t = user;
    int64_t postes, part;
    assert_true(parse_int64(rec->fields[2], &postes));
    assert_true(postes >= 0);
    for (int f = 5; f <= 10; f++)
        if (rec->fields[f][0]) {
            assert_true(parse_int64(rec->fields[f], &part));
            assert_true(part <= postes); /* the test scale carries no deliberate defect */
        }
    if (strcmp(rec->fields[1], "2024") == 0)
        t->ess_postes_2024 += (double)postes;
}

static void sum_territory(csv_record *rec, void *user)
{
    totals *t = user;
    if (strcmp(rec->fields[1], "2024") == 0)
        t->ess_postes_2024 -= atof(rec->fields[3]);
}

static void test_denominators_contain_the_ess(void **state)
{
    (void)state;
    totals t = {0};
    each_row("emploi.csv", check_employment, &t);
    double generated = t.ess_postes_2024;
    assert_true(generated > 0);
    each_row("emploi_territoire.csv", sum_territory, &t);
    /* all private jobs of the EPCI minus those of the generated employers */
    assert_true(t.ess_postes_2024 < 0);
    double share = generated / (generated - t.ess_postes_2024);
    assert_true(share > 0.05 && share < 0.25);
}

int main(void)
{
    obs_log_set_timestamps(false);
    obs_log_set_quiet(true);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_same_bytes),
        cmocka_unit_test(test_establishments_valid_and_unique),
        cmocka_unit_test(test_denominators_contain_the_ess),
    };
    return cmocka_run_group_tests_name("generator", tests, setup, teardown);
}
