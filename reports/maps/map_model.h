/* The model of a choropleth map before it is drawn: the class of every
 * shape, which shapes are hatched as secret or greyed as without data, and
 * the legend's labels in French. Built from published cells only. */
#ifndef OBS_MAP_MODEL_H
#define OBS_MAP_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/maps/map_classes.h"

typedef enum { MAP_CELL_VALUE, MAP_CELL_SECRET, MAP_CELL_NODATA } map_cell_state;

#define MAP_CLASS_SECRET (-1)
#define MAP_CLASS_NODATA (-2)

typedef struct {
    size_t n;             /* shapes */
    int *cls;             /* class of each shape, or MAP_CLASS_SECRET / MAP_CLASS_NODATA */
    size_t n_classes;
    double bounds[MAP_MAX_CLASSES + 1];
    char labels[MAP_MAX_CLASSES][112]; /* "de 1,2 % à 3,4 %", "plus de 3,4 % à 5,0 %" */
    bool any_secret, any_nodata;
} map_choropleth;

/* Classes of n shapes whose cells are state[i] (values[i] read only when
 * MAP_CELL_VALUE); unite is the catalog unit (pourcent, nombre, ...).
 * False when memory runs out. */
bool map_choropleth_build(const map_cell_state *state, const double *values, size_t n, size_t k,
                          map_class_method method, const char *unite, map_choropleth *out);
void map_choropleth_free(map_choropleth *m);

#endif
