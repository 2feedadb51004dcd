/* Map projections: Lambert-93 for metropolitan France and the official UTM
 * projection of each overseas département (interface shared with the map
 * drawing code). */
#ifndef OBS_MAP_PROJECTION_H
#define OBS_MAP_PROJECTION_H

typedef enum {
    MAP_CRS_LAMBERT93 = 2154, /* RGF93 / Lambert-93 */
    MAP_CRS_ANTILLES = 5490,  /* RGAF09 / UTM zone 20N (Guadeloupe, Martinique) */
    MAP_CRS_GUYANE = 2972,    /* RGFG95 / UTM zone 22N */
    MAP_CRS_REUNION = 2975,   /* RGR92 / UTM zone 40S */
    MAP_CRS_MAYOTTE = 4471    /* RGM04 / UTM zone 38S */
} map_crs;

/* "971","972" -> ANTILLES, "973" -> GUYANE, "974" -> REUNION, "976" -> MAYOTTE,
 * anything else (NULL included) -> LAMBERT93. */
map_crs map_crs_for_departement(const char *departement);

/* Geographic degrees (longitude, latitude; WGS 84 taken as the CRS's own
 * ITRF-based datum) to projected metres (easting x, northing y). */
void map_project(map_crs crs, double lon, double lat, double *x, double *y);

#endif
