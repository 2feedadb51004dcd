/* The outlines of datasets/reference/geo/ (GeoJSON, WGS 84) loaded into the
 * contour table by obs init, keyed by the official codes of the territoire
 * table, for the maps of the reports. */
#ifndef OBS_GEO_OUTLINES_H
#define OBS_GEO_OUTLINES_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

/* Replaces the contour table with the outlines of reference_dir/geo/
 * (communes, epci, departements, regions .geojson), inside the caller's
 * transaction and after geography_rebuild (codes are checked against
 * territoire). A feature whose code is unknown is not loaded (one warning line
 * per file counts them); a territory without outline has no row (one info line
 * counts the communes). A missing geo folder or file leaves that level
 * without outlines, with a warning; malformed GeoJSON is an error naming the
 * file and the feature. */
bool geo_outlines_load(sqlite3 *db, const char *reference_dir);

/* Encodes n (lon, lat) pairs as the contour blob: little-endian IEEE-754
 * doubles, 16n bytes into out. */
void geo_outlines_encode(const double *lonlat, size_t n, unsigned char *out);

#endif
