/* A funder's narrowing (iv_narrow_known, secret_intervals_private.h): the
 * bounds carried onward from the outsider's once the funder's hidden cells
 * are taken as published must be those a propagation from scratch gives
 * with those cells published, on random tables with margins (each cell of
 * a rows x columns table in its row's group and its column's, the margins
 * in the grand total's two groups; rows of 81 cells among them); the cells listed as moved must be
 * exactly those whose bounds changed, by cell; and the undo must give back
 * the outsider's bounds and hidden cells bit for bit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "indicators/compute/catalog.h"
#include "indicators/secret/secret_intervals_private.h"

/* small tables, and wide ones whose rows are large groups (evaluated
 * after the small ones, secret_intervals_propagate.c) */
enum { MAX_ROWS = 7, MAX_COLS = 80, TRIALS = 40 };
static int n_rows, n_cols; /* of the trial under way */

static uint64_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* Cell (r, c) of the table with its margins: r == n_rows is the columns'
 * totals, c == n_cols the rows'. */
static int64_t rowid_of(int r, int c)
{
    return (int64_t)r * (n_cols + 1) + c + 1;
}

/* The table's cells and groups, with random whole amounts and random
 * hidden cells; known: a random part of the hidden ones. */
static sqlite3 *random_table(uint64_t *seed, int64_t *known, size_t *n_known)
{
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    long v[MAX_ROWS + 1][MAX_COLS + 1];
    memset(v, 0, sizeof v);
    for (int r = 0; r < n_rows; r++)
        for (int c = 0; c < n_cols; c++) {
            v[r][c] = 1 + (long)(next(seed) % 200);
            v[r][n_cols] += v[r][c];
            v[n_rows][c] += v[r][c];
            v[n_rows][n_cols] += v[r][c];
        }
    assert_true(db_exec(db, "CREATE TEMP TABLE members(grp TEXT NOT NULL, id INTEGER NOT NULL, x REAL,"
                            " total INTEGER, secret INTEGER);"
                            "CREATE TEMP TABLE cell_cost(id INTEGER PRIMARY KEY, big INTEGER, level INTEGER,"
                            " n INTEGER);"));
    sqlite3_stmt *cell = db_prepare(db, "INSERT INTO indicator_value(rowid, run_id, indicator, niveau, territoire,"
                                        " annee, dimension, valeur, valeur_brute, secret) VALUES(?1, 1,"
                                        " 'montant_prive', 'commune', printf('t%d', ?1), 2024, '', ?2, ?2, ?3)");
    sqlite3_stmt *member = db_prepare(db, "INSERT INTO temp.members VALUES(?1, ?2, ?3, ?4, ?5)");
    assert_non_null(cell);
    assert_non_null(member);
    *n_known = 0;
    for (int r = 0; r <= n_rows; r++)
        for (int c = 0; c <= n_cols; c++) {
            /* a third of the inner cells hidden, a fifth of the margins */
            bool inner = r < n_rows && c < n_cols;
            int hidden = next(seed) % (inner ? 3 : 5) == 0;
            if (hidden && next(seed) % 3 == 0)
                known[(*n_known)++] = rowid_of(r, c);
            sqlite3_reset(cell);
            sqlite3_bind_int64(cell, 1, rowid_of(r, c));
            sqlite3_bind_int64(cell, 2, v[r][c]);
            sqlite3_bind_int(cell, 3, hidden);
            assert_int_equal(sqlite3_step(cell), SQLITE_DONE);
            /* in its row's group (total: c == n_cols) and its column's */
            char grp[32];
            for (int side = 0; side < 2; side++) {
                snprintf(grp, sizeof grp, side ? "col%02d" : "row%02d", side ? c : r);
                sqlite3_reset(member);
                sqlite3_bind_text(member, 1, grp, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int64(member, 2, rowid_of(r, c));
                sqlite3_bind_int64(member, 3, v[r][c]);
                sqlite3_bind_int(member, 4, side ? r == n_rows : c == n_cols);
                sqlite3_bind_int(member, 5, hidden);
                assert_int_equal(sqlite3_step(member), SQLITE_DONE);
            }
        }
    sqlite3_finalize(cell);
    sqlite3_finalize(member);
    assert_true(db_exec(db, "CREATE TEMP TABLE groups(grp TEXT PRIMARY KEY, nsecret INTEGER NOT NULL);"
                            "INSERT INTO temp.groups SELECT grp, sum(secret) FROM temp.members GROUP BY grp;"
                            "INSERT INTO temp.cell_cost SELECT rowid, 0, 0, 5 FROM indicator_value;"));
    return db;
}

static secret_intervals *load(sqlite3 *db)
{
    indicator_def d;
    memset(&d, 0, sizeof d);
    d.id = (char *)"montant_prive";
    d.kind = KIND_SUM;
    catalog cat = {.items = &d, .n = 1};
    secret_intervals *iv = secret_intervals_load(db, &cat);
    assert_non_null(iv);
    assert_true(iv_propagate(iv));
    return iv;
}

static void one_trial(uint64_t *seed)
{
    int64_t known_ids[(MAX_ROWS + 1) * (MAX_COLS + 1)];
    size_t n_known;
    sqlite3 *db = random_table(seed, known_ids, &n_known);
    secret_intervals *iv = load(db);
    size_t n = iv->n_cells;
    iv_cell *before = malloc(n * sizeof *before);
    assert_non_null(before);
    memcpy(before, iv->cell, n * sizeof *before);
    uint32_t known[(MAX_ROWS + 1) * (MAX_COLS + 1) + 1];
    for (size_t i = 0; i < n_known; i++) {
        known[i] = iv_find(iv, known_ids[i]);
        assert_int_not_equal(known[i], UINT32_MAX);
    }
    /* a published cell in the list is passed over */
    uint32_t published = UINT32_MAX;
    for (uint32_t c = 0; c < n && published == UINT32_MAX; c++)
        if (!iv->cell[c].hidden)
            published = c;
    known[n_known] = published;

    /* from scratch, with the funder's cells published */
    for (size_t i = 0; i < n_known; i++) {
        char *sql = sqlite3_mprintf("UPDATE temp.members SET secret = 0 WHERE id = %lld", (long long)known_ids[i]);
        assert_true(db_exec(db, sql));
        sqlite3_free(sql);
    }
    secret_intervals *scratch = load(db);
    assert_int_equal(scratch->n_cells, n);

    const iv_moved *moved;
    size_t n_moved;
    assert_true(iv_narrow_known(iv, known, n_known + 1, &moved, &n_moved));
    size_t m = 0, changed = 0;
    for (uint32_t c = 0; c < n; c++) {
        assert_int_equal(iv->cell[c].id, scratch->cell[c].id);
        assert_int_equal(iv->cell[c].hidden, scratch->cell[c].hidden);
        assert_true(iv->cell[c].lo == scratch->cell[c].lo);
        assert_true(iv->cell[c].hi == scratch->cell[c].hi);
        bool moves = iv->cell[c].lo != before[c].lo || iv->cell[c].hi != before[c].hi;
        changed += moves;
        if (m < n_moved && moved[m].c == c) {
            /* listed once, by cell, with its bounds before */
            assert_true(moved[m].lo == before[c].lo && moved[m].hi == before[c].hi);
            assert_int_equal(moved[m].unhid, before[c].hidden && !iv->cell[c].hidden);
            m++;
        } else
            assert_false(moves);
    }
    assert_int_equal(m, n_moved);
    assert_true(changed <= n_moved);
    iv_narrow_undo(iv);
    assert_memory_equal(iv->cell, before, n * sizeof *before);
    /* and the workspace with it: the same narrowing again, the same bounds */
    assert_true(iv_narrow_known(iv, known, n_known, &moved, &n_moved));
    for (uint32_t c = 0; c < n; c++)
        assert_true(iv->cell[c].lo == scratch->cell[c].lo && iv->cell[c].hi == scratch->cell[c].hi);
    iv_narrow_undo(iv);
    assert_memory_equal(iv->cell, before, n * sizeof *before);
    secret_intervals_free(scratch);
    secret_intervals_free(iv);
    free(before);
    db_close(db);
}

static void test_narrowing_equals_scratch(void **state)
{
    (void)state;
    uint64_t seed = 20261208;
    for (int t = 0; t < TRIALS; t++) {
        n_rows = t % 2 ? 5 : 7;
        n_cols = t % 2 ? 80 : 6;
        one_trial(&seed);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_narrowing_equals_scratch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
