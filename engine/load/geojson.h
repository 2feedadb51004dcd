/* GeoJSON FeatureCollections of polygons (the outlines of
 * datasets/reference/geo/), parsed with jansson and checked strictly: every
 * problem is reported with the file and the feature's number, never a crash. */
#ifndef OBS_GEOJSON_H
#define OBS_GEOJSON_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int hole;       /* 0 outer ring of a polygon, 1 hole */
    size_t n;       /* vertices, the closing one (equal to the first) dropped */
    double *lonlat; /* 2n degrees: lon0, lat0, lon1, lat1, ... */
} geojson_ring;

typedef struct {
    size_t number;        /* 1-based position in the features array */
    const char *code;     /* the key property; NULL when it is null or "" */
    geojson_ring *rings;  /* polygons one after the other, outer ring first */
    size_t n_rings;       /* 0 when the geometry is null */
} geojson_feature;

/* Called once per feature; returning false stops the parse (the callback has
 * said why). */
typedef bool (*geojson_feature_fn)(void *ctx, const geojson_feature *f);

/* Parses text[0..len) as a FeatureCollection whose features carry the code in
 * properties[key] (a string, or null or "" for none) and a Polygon, MultiPolygon or null
 * geometry. Rings need 3 distinct vertices at least and coordinates within
 * [-180, 180] x [-90, 90]. On malformed input logs "file: ..." (with line and
 * column for JSON syntax, else the feature's number) and returns false. */
bool geojson_parse(const char *text, size_t len, const char *file, const char *key, geojson_feature_fn fn, void *ctx);

#endif
