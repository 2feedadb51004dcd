/* Class bounds of a choropleth map: Jenks natural breaks (Fisher's exact
 * optimal partition) or quantiles, computed from the published values only,
 * so a secret cell never shapes a bound the legend shows. */
#ifndef OBS_MAP_CLASSES_H
#define OBS_MAP_CLASSES_H

#include <stddef.h>

#define MAP_MAX_CLASSES 9

typedef enum { MAP_CLASSES_JENKS, MAP_CLASSES_QUANTILES } map_class_method;

/* Sorts values[0..n) in place and writes the bounds of at most k classes:
 * bounds[0] the minimum, bounds[i+1] the upper bound of class i, bounds[m]
 * the maximum. Returns the number m of classes (fewer than k when there are
 * fewer distinct values; 0 when n is 0). */
size_t map_classes(double *values, size_t n, size_t k, map_class_method method, double *bounds);

/* The class of v for bounds of m classes: the first i with v <= bounds[i+1]
 * (the last class for a value above the maximum). */
size_t map_class_of(const double *bounds, size_t m, double v);

#endif
