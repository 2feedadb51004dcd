/* Lambert-93 and the UTM projections of the DROM against PROJ: every point of
 * tests/fixtures/proj/points.csv (made with cs2cs, see its README) to 1 cm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/maps/map_projection.h"

static void crs_of_departements(void **state)
{
    (void)state;
    assert_int_equal(map_crs_for_departement("971"), MAP_CRS_ANTILLES);
    assert_int_equal(map_crs_for_departement("972"), MAP_CRS_ANTILLES);
    assert_int_equal(map_crs_for_departement("973"), MAP_CRS_GUYANE);
    assert_int_equal(map_crs_for_departement("974"), MAP_CRS_REUNION);
    assert_int_equal(map_crs_for_departement("976"), MAP_CRS_MAYOTTE);
    assert_int_equal(map_crs_for_departement("62"), MAP_CRS_LAMBERT93);
    assert_int_equal(map_crs_for_departement("2A"), MAP_CRS_LAMBERT93);
    assert_int_equal(map_crs_for_departement("975"), MAP_CRS_LAMBERT93);
    assert_int_equal(map_crs_for_departement(NULL), MAP_CRS_LAMBERT93);
}

/* The IGN's definition: the projection's origin is (X0, Y0) exactly. */
static void lambert93_origin(void **state)
{
    (void)state;
    double x, y;
    map_project(MAP_CRS_LAMBERT93, 3.0, 46.5, &x, &y);
    assert_true(fabs(x - 700000.0) < 1e-6);
    assert_true(fabs(y - 6600000.0) < 1e-6);
    /* UTM: on the central meridian at the equator, x = 500 000 and y = 0 (north)
     * or 10 000 000 (south) */
    map_project(MAP_CRS_ANTILLES, -63.0, 0.0, &x, &y);
    assert_true(fabs(x - 500000.0) < 1e-6 && fabs(y) < 1e-6);
    map_project(MAP_CRS_REUNION, 57.0, 0.0, &x, &y);
    assert_true(fabs(x - 500000.0) < 1e-6 && fabs(y - 10000000.0) < 1e-6);
}

static void against_proj(void **state)
{
    (void)state;
    FILE *f = fopen(OBS_SOURCE_DIR "/tests/fixtures/proj/points.csv", "r");
    assert_non_null(f);
    char line[256];
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    int n = 0, per_crs[5] = {0};
    const int crs_list[5] = {MAP_CRS_LAMBERT93, MAP_CRS_ANTILLES, MAP_CRS_GUYANE, MAP_CRS_REUNION, MAP_CRS_MAYOTTE};
    double worst = 0;
    while (fgets(line, sizeof line, f)) {
        int crs;
        char name[64];
        double lon, lat, px, py, x, y;
        assert_int_equal(sscanf(line, "%d,%63[^,],%lf,%lf,%lf,%lf", &crs, name, &lon, &lat, &px, &py), 6);
        map_project((map_crs)crs, lon, lat, &x, &y);
        double d = hypot(x - px, y - py);
        if (d >= 0.01)
            fail_msg("%s (EPSG:%d): %.4f %.4f, PROJ %.4f %.4f, %.4f m apart", name, crs, x, y, px, py, d);
        if (d > worst)
            worst = d;
        for (int k = 0; k < 5; k++)
            per_crs[k] += crs == crs_list[k];
        n++;
    }
    fclose(f);
    assert_int_equal(n, 57);
    for (int k = 0; k < 5; k++)
        assert_true(per_crs[k] >= 6);
    printf("projection: %d points against PROJ, largest gap %.2f mm\n", n, worst * 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crs_of_departements),
        cmocka_unit_test(lambert93_origin),
        cmocka_unit_test(against_proj),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
