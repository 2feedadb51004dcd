/* Borders of a layer, each segment once (interface shared with the map
 * drawing code). */
#ifndef OBS_MAP_BORDERS_H
#define OBS_MAP_BORDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/maps/map_shapes.h"

typedef struct {
    size_t n;
    double *xy; /* 2n metres */
} map_line;

typedef struct {
    map_line *lines;
    size_t n;
} map_lines;

/* Every border segment of the layer exactly once (a border shared by two
 * shapes once, outer borders once), chained into polylines. */
bool map_layer_borders(const map_layer *layer, map_lines *out);

void map_lines_free(map_lines *lines);

#endif
