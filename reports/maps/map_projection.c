/* Lambert-93 and UTM written from the standard formulas, checked against PROJ
 * to 1 cm by tests/unit/test_map_projection.c (fixture made with cs2cs).
 *
 * Why not libproj: the five projections a map needs are a few dozen lines of
 * closed formulas, while PROJ is a large dependency with its own database of
 * CRS (proj.db) to find at run time; the test pins our figures to PROJ's.
 *
 * Datum: the outlines are in WGS 84 and are taken as RGF93 (metropolitan
 * France) or the local ITRF-based datum (RGAF09, RGFG95, RGR92, RGM04) with no
 * datum shift: all are realisations of the ITRS on the GRS80 ellipsoid and
 * differ from WGS 84 by well under a metre, far below what a printed map shows. */
#include "reports/maps/map_projection.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

#define DEG (M_PI / 180.0)

/* GRS80 */
static const double A_GRS80 = 6378137.0;
static const double F_GRS80 = 1.0 / 298.257222101;

map_crs map_crs_for_departement(const char *departement)
{
    if (!departement)
        return MAP_CRS_LAMBERT93;
    if (!strcmp(departement, "971") || !strcmp(departement, "972"))
        return MAP_CRS_ANTILLES;
    if (!strcmp(departement, "973"))
        return MAP_CRS_GUYANE;
    if (!strcmp(departement, "974"))
        return MAP_CRS_REUNION;
    if (!strcmp(departement, "976"))
        return MAP_CRS_MAYOTTE;
    return MAP_CRS_LAMBERT93;
}

/* Constants of the projections, computed once. */
static struct {
    double e;                          /* first eccentricity of GRS80 */
    double lcc_n, lcc_af, lcc_r0;      /* Lambert-93: cone constant, a*F, radius at phi0 */
    double tm_a, tm_alpha[7];          /* transverse Mercator: rectifying radius, Krüger alpha_1..6 */
} K;
static pthread_once_t constants_once = PTHREAD_ONCE_INIT;

static double lcc_t(double phi, double e);
static double lcc_m(double phi, double e);

static void constants_init(void)
{
    double e = sqrt(F_GRS80 * (2 - F_GRS80));
    K.e = e;
    const double phi1 = 44 * DEG, phi2 = 49 * DEG, phi0 = 46.5 * DEG;
    double m1 = lcc_m(phi1, e), m2 = lcc_m(phi2, e);
    double t1 = lcc_t(phi1, e), t2 = lcc_t(phi2, e);
    K.lcc_n = (log(m1) - log(m2)) / (log(t1) - log(t2));
    K.lcc_af = A_GRS80 * m1 / (K.lcc_n * pow(t1, K.lcc_n));
    K.lcc_r0 = K.lcc_af * pow(lcc_t(phi0, e), K.lcc_n);

    double n = F_GRS80 / (2 - F_GRS80), n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
    K.tm_a = A_GRS80 / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
    K.tm_alpha[1] = n / 2 - 2.0 / 3 * n2 + 5.0 / 16 * n3 + 41.0 / 180 * n4 - 127.0 / 288 * n5 + 7891.0 / 37800 * n6;
    K.tm_alpha[2] = 13.0 / 48 * n2 - 3.0 / 5 * n3 + 557.0 / 1440 * n4 + 281.0 / 630 * n5 - 1983433.0 / 1935360 * n6;
    K.tm_alpha[3] = 61.0 / 240 * n3 - 103.0 / 140 * n4 + 15061.0 / 26880 * n5 + 167603.0 / 181440 * n6;
    K.tm_alpha[4] = 49561.0 / 161280 * n4 - 179.0 / 168 * n5 + 6601661.0 / 7257600 * n6;
    K.tm_alpha[5] = 34729.0 / 80640 * n5 - 3418889.0 / 1995840 * n6;
    K.tm_alpha[6] = 212378941.0 / 319334400 * n6;
}

/* Isometric latitude helper t(phi) of Snyder (15-9). */
static double lcc_t(double phi, double e)
{
    double s = e * sin(phi);
    return tan(M_PI / 4 - phi / 2) / pow((1 - s) / (1 + s), e / 2);
}

static double lcc_m(double phi, double e)
{
    double s = sin(phi);
    return cos(phi) / sqrt(1 - e * e * s * s);
}

/* Lambert conformal conic, 2 standard parallels (Snyder, Map Projections - A
 * Working Manual, 15-1 to 15-10; IGN NTG_71), IGN parameters of Lambert-93. */
static void lambert93(double lon, double lat, double *x, double *y)
{
    pthread_once(&constants_once, constants_init);
    double e = K.e, n = K.lcc_n, af = K.lcc_af, r0 = K.lcc_r0;
    double r = af * pow(lcc_t(lat * DEG, e), n);
    double theta = n * (lon - 3.0) * DEG;
    *x = 700000.0 + r * sin(theta);
    *y = 6600000.0 + r0 - r * cos(theta);
}

/* Transverse Mercator by the Krüger series to order n^6 (Karney, "Transverse
 * Mercator with an accuracy of a few nanometers", J. Geodesy 85, 2011, eq. 7-9
 * and 35), sub-millimetre within the zones; UTM scale 0.9996. */
static void utm(double lon0, int south, double lon, double lat, double *x, double *y)
{
    pthread_once(&constants_once, constants_init);
    double e = K.e, big_a = K.tm_a;
    const double *alpha = K.tm_alpha;
    double phi = lat * DEG, dl = (lon - lon0) * DEG;
    double t = sinh(atanh(sin(phi)) - e * atanh(e * sin(phi)));
    double xi1 = atan2(t, cos(dl));
    double eta1 = atanh(sin(dl) / sqrt(1 + t * t));
    double xi = xi1, eta = eta1;
    for (int j = 1; j <= 6; j++) {
        xi += alpha[j] * sin(2 * j * xi1) * cosh(2 * j * eta1);
        eta += alpha[j] * cos(2 * j * xi1) * sinh(2 * j * eta1);
    }
    const double k0 = 0.9996;
    *x = 500000.0 + k0 * big_a * eta;
    *y = (south ? 10000000.0 : 0.0) + k0 * big_a * xi;
}

void map_project(map_crs crs, double lon, double lat, double *x, double *y)
{
    switch (crs) {
    case MAP_CRS_ANTILLES:
        utm(-63.0, 0, lon, lat, x, y);
        return;
    case MAP_CRS_GUYANE:
        utm(-51.0, 0, lon, lat, x, y);
        return;
    case MAP_CRS_REUNION:
        utm(57.0, 1, lon, lat, x, y);
        return;
    case MAP_CRS_MAYOTTE:
        utm(45.0, 1, lon, lat, x, y);
        return;
    case MAP_CRS_LAMBERT93:
    default:
        lambert93(lon, lat, x, y);
        return;
    }
}
