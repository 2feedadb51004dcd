/* Survival counts per commune rolled up to the territories of geo: each
 * territory gets the sum of its communes' counts, only at the requested
 * levels, and its curves are those of its units one by one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "indicators/stats/km.h"
#include "indicators/compute/survival_block.h"
#include "indicators/compute/survival_rollup.h"

/* c1, c2 in departement 01, c3 in 02; all three in region 84 and in France. */
static sqlite3 *geo_db(void)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE geo(commune TEXT NOT NULL, niveau TEXT NOT NULL, code TEXT NOT NULL,"
                                  " PRIMARY KEY(commune, niveau, code)) WITHOUT ROWID;"
                                  "INSERT INTO geo VALUES"
                                  " ('c1','commune','c1'), ('c1','departement','01'), ('c1','region','84'),"
                                  " ('c1','france','FR'), ('c2','commune','c2'), ('c2','departement','01'),"
                                  " ('c2','region','84'), ('c2','france','FR'), ('c3','commune','c3'),"
                                  " ('c3','departement','02'), ('c3','region','84'), ('c3','france','FR');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    return db;
}

static double units_of(const surv_counts *t, double value, int event)
{
    for (size_t i = 0; i < t->cap; i++)
        if (t->used[i] && t->value[i] == value && t->event[i] == event)
            return t->units[i];
    return 0;
}

static const surv_block *find(surv_block **blocks, size_t n, const char *niveau, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(blocks[i]->niveau, niveau) == 0 && strcmp(blocks[i]->territoire, code) == 0)
            return blocks[i];
    return NULL;
}

static void test_counts_summed_per_territory(void **state)
{
    (void)state;
    sqlite3 *db = geo_db();
    char *levels[] = {"departement", "region"};
    surv_rollup *r = surv_rollup_new(db, levels, 2);
    assert_non_null(r);
    /* (commune, group, entry, time, event, units) */
    assert_true(surv_rollup_add(r, "c1", "perimetre", "ess", 2, 0, 0, 1.5, 1, 3));
    assert_true(surv_rollup_add(r, "c2", "perimetre", "ess", 2, 0, 0, 1.5, 1, 2));
    assert_true(surv_rollup_add(r, "c3", "perimetre", "ess", 2, 0, 0, 1.5, 1, 4));
    assert_true(surv_rollup_add(r, "c2", "perimetre", "hors_ess", 2, 0, 0.5, 2.0, 0, 1));
    assert_true(surv_rollup_add(r, "c3", "perimetre", NULL, 0, 0, 0, 3.0, 0, 5));
    assert_true(surv_rollup_add(r, "c9", "perimetre", "ess", 2, 0, 0, 1.5, 1, 100)); /* not in geo */
    size_t n;
    surv_block **blocks = surv_rollup_blocks(r, &n);
    assert_non_null(blocks);
    assert_int_equal(n, 3); /* 01, 02, 84: no commune or France block */
    assert_string_equal(blocks[0]->territoire, "01"); /* sorted by level, territory, comparison */
    assert_string_equal(blocks[1]->territoire, "02");
    assert_string_equal(blocks[2]->territoire, "84");
    const surv_block *d01 = find(blocks, n, "departement", "01"), *r84 = find(blocks, n, "region", "84");
    assert_non_null(d01);
    assert_non_null(r84);
    assert_true(d01->delayed && r84->delayed);
    assert_false(find(blocks, n, "departement", "02")->delayed);
    int *ids;
    assert_int_equal(surv_block_groups(d01, true, &ids), 2);
    assert_string_equal(d01->groups[ids[0]].name, "ess");
    assert_true(units_of(&d01->groups[ids[0]].exits, 1.5, 1) == 5); /* c1 + c2 */
    free(ids);
    /* the region: all three communes; NULL ("ensemble") sorts first, as in SQL */
    assert_int_equal(surv_block_groups(r84, true, &ids), 3);
    assert_string_equal(r84->groups[ids[0]].name, "ensemble");
    assert_string_equal(r84->groups[ids[1]].name, "ess");
    assert_string_equal(r84->groups[ids[2]].name, "hors_ess");
    assert_true(units_of(&r84->groups[ids[1]].exits, 1.5, 1) == 9);
    assert_true(units_of(&r84->groups[ids[1]].entries, 0, 0) == 9);
    assert_true(units_of(&r84->groups[ids[2]].entries, 0.5, 0) == 1);
    assert_true(units_of(&r84->groups[ids[0]].exits, 3.0, 0) == 5);
    free(ids);
    surv_rollup_free(r);
    sqlite3_close(db);
}

/* Pseudo-random units in the three communes, added once each (units 1) to
 * a roll-up, then counted by commune and added with their counts to another:
 * the region's curves and log-rank test are the same, and the same as km_fit
 * on the units themselves. */
enum { UNITS = 1500 };

static void test_rollup_curves_equal_units(void **state)
{
    (void)state;
    sqlite3 *db = geo_db();
    surv_rollup *one = surv_rollup_new(db, NULL, 0), *counted = surv_rollup_new(db, NULL, 0);
    assert_non_null(one);
    assert_non_null(counted);
    static double entry[UNITS], time[UNITS], weight[UNITS];
    static int event[UNITS], group[UNITS], commune[UNITS];
    static const char *const communes[] = {"c1", "c2", "c3"}, *const groups[] = {"ess", "hors_ess"};
    unsigned long long x = 7;
    size_t distinct = 0;
    for (int i = 0; i < UNITS; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned r = (unsigned)(x >> 33);
        commune[i] = (int)(r % 3);
        group[i] = (int)((r >> 3) % 2);
        entry[i] = (r >> 5) % 5 == 0 ? (double)((r >> 8) % 24) / 12.0 : 0;
        time[i] = entry[i] + (double)(1 + (r >> 13) % 40) / 12.0;
        event[i] = (r >> 21) % 2;
        assert_true(surv_rollup_add(one, communes[commune[i]], "perimetre", groups[group[i]], 2, 0, entry[i], time[i],
                                    event[i], 1));
        /* count the same (commune, group, entry, time, event) units */
        weight[i] = 0;
        int k = 0;
        while (k < i && !(commune[k] == commune[i] && group[k] == group[i] && entry[k] == entry[i] &&
                          time[k] == time[i] && event[k] == event[i] && weight[k] > 0))
            k++;
        if (k == i)
            distinct++;
        weight[k]++;
    }
    assert_true(distinct < UNITS);
    for (int i = 0; i < UNITS; i++)
        if (weight[i] > 0)
            assert_true(surv_rollup_add(counted, communes[commune[i]], "perimetre", groups[group[i]], 2, 0,
                                        entry[i], time[i], event[i], weight[i]));
    size_t n1, n2;
    surv_block **b1 = surv_rollup_blocks(one, &n1), **b2 = surv_rollup_blocks(counted, &n2);
    assert_int_equal(n1, n2);
    const surv_block *fr1 = find(b1, n1, "france", "FR"), *fr2 = find(b2, n2, "france", "FR");
    assert_non_null(fr1);
    assert_non_null(fr2);
    int *ids1, *ids2;
    assert_int_equal(surv_block_groups(fr1, true, &ids1), 2);
    assert_int_equal(surv_block_groups(fr2, true, &ids2), 2);
    for (int g = 0; g < 2; g++) {
        /* the units of group g, one by one */
        static double e[UNITS], t[UNITS];
        static int ev[UNITS];
        size_t m = 0;
        for (int i = 0; i < UNITS; i++)
            if (group[i] == g)
                e[m] = entry[i], t[m] = time[i], ev[m++] = event[i];
        km_curve ref, c1, c2;
        assert_true(km_fit(e, t, ev, m, KM_CI_LOGLOG, 0.95, &ref));
        km_sample s1, s2;
        assert_true(surv_block_sample(fr1, &ids1[g], 1, &s1));
        assert_true(surv_block_sample(fr2, &ids2[g], 1, &s2));
        assert_true(km_fit_sample(&s1, KM_CI_LOGLOG, 0.95, &c1));
        assert_true(km_fit_sample(&s2, KM_CI_LOGLOG, 0.95, &c2));
        assert_int_equal(ref.n, c1.n);
        assert_int_equal(ref.n, c2.n);
        for (size_t i = 0; i < ref.n; i++) {
            assert_true(ref.rows[i].n_risk == c1.rows[i].n_risk && ref.rows[i].n_risk == c2.rows[i].n_risk);
            assert_true(ref.rows[i].surv == c1.rows[i].surv && ref.rows[i].surv == c2.rows[i].surv);
            assert_true(ref.rows[i].n_event == c2.rows[i].n_event && ref.rows[i].n_censor == c2.rows[i].n_censor);
            assert_true((isnan(ref.rows[i].std_err) && isnan(c2.rows[i].std_err)) ||
                        ref.rows[i].std_err == c2.rows[i].std_err);
        }
        km_free(&ref);
        km_free(&c1);
        km_free(&c2);
        surv_sample_free(&s1);
        surv_sample_free(&s2);
    }
    double chisq, p, chisq2, p2;
    int df, df2;
    assert_true(km_logrank(entry, time, event, group, UNITS, 2, &chisq, &df, &p));
    km_sample all;
    assert_true(surv_block_sample(fr2, ids2, 2, &all));
    assert_true(km_logrank_sample(&all, 2, &chisq2, &df2, &p2));
    assert_true(chisq == chisq2 && df == df2 && p == p2);
    surv_sample_free(&all);
    free(ids1);
    free(ids2);
    surv_rollup_free(one);
    surv_rollup_free(counted);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_summed_per_territory),
        cmocka_unit_test(test_rollup_curves_equal_units),
    };
    return cmocka_run_group_tests_name("survival_rollup", tests, NULL, NULL);
}
