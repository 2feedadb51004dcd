/* The victims chosen against combinations of groups, on a table worked out
 * by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "engine/core/db.h"
#include "indicators/secret/secret_combined.h"

/* A 4 x 4 table without margins: cell (r, c), id 10 r + c + 1, is a part
 * (coefficient -1) of row group Rr and of column group Cc. Hidden: R0, R1 x
 * C0, C1 (side A), R2, R3 x C2, C3 (side B) and (R1, C2), which joins them.
 * Rows and columns are linked by hidden cells as a graph; every hidden cell
 * of a side lies on a cycle (a + 1, b - 1, c + 1, d - 1 around it keeps
 * every sum), but (R1, C2) is the only link between the sides: R1's row
 * minus side A's column sums, done by hand, gives it back. Every published
 * cell joins the two sides (its row on one, its column on the other), so
 * each would protect it; the nearest are those of its own groups, R1
 * ((R1, C3) = 7) and C2 ((R0, C2) = 5), and the smaller is taken, although
 * (R3, C0) = 1 is smaller still: it is farther. */
static void test_bridge_gets_the_nearest_smallest_victim(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, "CREATE TABLE cells(r INTEGER, c INTEGER, secret INTEGER, x REAL);"
                            "INSERT INTO cells VALUES"
                            " (0,0,1,10),(0,1,1,10),(1,0,1,10),(1,1,1,10),"
                            " (2,2,1,10),(2,3,1,10),(3,2,1,10),(3,3,1,10),(1,2,1,10),"
                            " (0,2,0,5),(0,3,0,9),(1,3,0,7),(2,0,0,8),(2,1,0,6),(3,0,0,1),(3,1,0,2);"));
    combined *c = combined_load(db, "SELECT 'R' || r, 10 * r + c + 1, -1, secret, x FROM cells"
                                    " UNION ALL SELECT 'C' || c, 10 * r + c + 1, -1, secret, x FROM cells"
                                    " ORDER BY 1");
    assert_non_null(c);
    int64_t *victims;
    size_t n, found;
    assert_true(combined_victims(c, &victims, &n, &found));
    assert_int_equal(found, 1);       /* (R1, C2) */
    assert_int_equal(n, 1);
    assert_int_equal(victims[0], 3);  /* (R0, C2) */
    free(victims);
    /* nothing is given back any more */
    assert_true(combined_victims(c, &victims, &n, &found));
    assert_int_equal(found, 0);
    assert_int_equal(n, 0);
    combined_free(c);
    db_close(db);
}

/* The same table, the two nearest protectors, (R0, C2) and (R1, C3), being
 * headline figures (COMBINED_HEADLINE added to their value, as a study
 * territory's total): a farther cell that protects as well is hidden
 * instead, the smallest of the next ring, (R3, C0) = 1 (id 31). */
static void test_headline_protects_only_last(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, "CREATE TABLE cells(r INTEGER, c INTEGER, secret INTEGER, x REAL);"
                            "INSERT INTO cells VALUES"
                            " (0,0,1,10),(0,1,1,10),(1,0,1,10),(1,1,1,10),"
                            " (2,2,1,10),(2,3,1,10),(3,2,1,10),(3,3,1,10),(1,2,1,10),"
                            " (0,2,0,1e18 + 5),(0,3,0,9),(1,3,0,1e18 + 7),(2,0,0,8),(2,1,0,6),(3,0,0,1),(3,1,0,2);"));
    combined *c = combined_load(db, "SELECT 'R' || r, 10 * r + c + 1, -1, secret, x FROM cells"
                                    " UNION ALL SELECT 'C' || c, 10 * r + c + 1, -1, secret, x FROM cells"
                                    " ORDER BY 1");
    assert_non_null(c);
    int64_t *victims;
    size_t n, found;
    assert_true(combined_victims(c, &victims, &n, &found));
    assert_int_equal(found, 1);      /* (R1, C2) */
    assert_int_equal(n, 1);
    assert_int_equal(victims[0], 31); /* (R3, C0), not a headline */
    free(victims);
    assert_true(combined_victims(c, &victims, &n, &found));
    assert_int_equal(found, 0);
    combined_free(c);
    db_close(db);
}

/* A ladder of groups: j = u1 + v1 = u2 + v2 = ... = u4 + v4 = p, with p
 * published and every other cell hidden. Each pair (ui, vi) can trade
 * value without changing any sum, but j equals p: it is given back. The
 * nearest published cell, p, is five groups away, beyond the rings that
 * are searched first (MAX_RING = 4); the search of the whole block finds
 * it, and hiding it protects j (z_j = -1 in -e4 = -(a_j + a_u1 + ... +
 * a_u4), worked out by hand). */
static void test_far_victim_found_in_the_whole_block(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    /* (group, cell id, coefficient, secret, value): j = 1, ui = 2i, vi = 2i + 1, p = 10 */
    assert_true(db_exec(db, "CREATE TABLE terms(g TEXT, id INTEGER, coef INTEGER, secret INTEGER, x REAL);"
                            "INSERT INTO terms VALUES"
                            " ('E0',1,1,1,6),('E0',2,-1,1,3),('E0',3,-1,1,3),"
                            " ('E1',2,1,1,3),('E1',3,1,1,3),('E1',4,-1,1,2),('E1',5,-1,1,4),"
                            " ('E2',4,1,1,2),('E2',5,1,1,4),('E2',6,-1,1,1),('E2',7,-1,1,5),"
                            " ('E3',6,1,1,1),('E3',7,1,1,5),('E3',8,-1,1,3),('E3',9,-1,1,3),"
                            " ('E4',8,1,1,3),('E4',9,1,1,3),('E4',10,-1,0,6);"));
    combined *c = combined_load(db, "SELECT g, id, coef, secret, x FROM terms ORDER BY g");
    assert_non_null(c);
    int64_t *victims;
    size_t n, found;
    assert_true(combined_victims(c, &victims, &n, &found));
    assert_int_equal(found, 1);      /* j */
    assert_int_equal(n, 1);
    assert_int_equal(victims[0], 10); /* p */
    free(victims);
    assert_true(combined_victims(c, &victims, &n, &found));
    assert_int_equal(found, 0);
    assert_int_equal(n, 0);
    combined_free(c);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bridge_gets_the_nearest_smallest_victim),
        cmocka_unit_test(test_far_victim_found_in_the_whole_block),
        cmocka_unit_test(test_headline_protects_only_last),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
