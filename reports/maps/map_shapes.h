/* Outlines read from the contour table, projected, and simplified for a
 * map's scale (interface shared with the map drawing code). */
#ifndef OBS_MAP_SHAPES_H
#define OBS_MAP_SHAPES_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/data/report_data.h"
#include "reports/maps/map_projection.h"

typedef struct {
    size_t n;   /* vertices; the ring is closed implicitly (last != first) */
    double *xy; /* 2n projected metres: x0, y0, x1, y1, ... */
    int hole;   /* 0 outer ring, 1 hole */
} map_ring;

typedef struct {
    char *code;
    map_ring *rings;
    size_t n_rings;
    double bbox[4]; /* xmin, ymin, xmax, ymax */
} map_shape;

typedef struct {
    map_shape *shapes;
    size_t n;
    map_crs crs;
    double bbox[4];
    size_t missing; /* requested codes without any outline */
} map_layer;

/* Reads the outlines of `niveau` (reports/data/report_outlines.h) whose code is among codes[0..n_codes) (all of
 * the level when codes is NULL), projected in crs, in the order of codes. A
 * code without outline is skipped and counted in missing. False with a message
 * on error. */
bool map_layer_read(const report_data *rd, const char *niveau, const char *const *codes, size_t n_codes, map_crs crs,
                    map_layer *out);

/* Drops detail finer than grid metres by snapping every vertex to a grid of
 * that step and removing repeated vertices (the same rule for every ring, so
 * neighbours keep sharing their borders exactly). A ring left with fewer than
 * 3 vertices is dropped; a shape may so end with n_rings == 0 (smaller than
 * the grid: Le Wast, 62880, at the scale of a map of its région), and then
 * keeps its bbox from before. */
void map_layer_simplify(map_layer *layer, double grid);

void map_layer_free(map_layer *layer);

#endif
