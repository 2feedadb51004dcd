#include "reports/maps/map_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/fr_format.h"

bool map_choropleth_build(const map_cell_state *state, const double *values, size_t n, size_t k,
                          map_class_method method, const char *unite, map_choropleth *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    out->cls = malloc((n ? n : 1) * sizeof *out->cls);
    double *pub = malloc((n ? n : 1) * sizeof *pub);
    if (!out->cls || !pub) {
        free(pub);
        map_choropleth_free(out);
        return false;
    }
    /* the bounds come from the published values only */
    size_t n_pub = 0;
    for (size_t i = 0; i < n; i++)
        if (state[i] == MAP_CELL_VALUE)
            pub[n_pub++] = values[i];
    out->n_classes = map_classes(pub, n_pub, k, method, out->bounds);
    free(pub);
    for (size_t i = 0; i < n; i++) {
        if (state[i] == MAP_CELL_SECRET) {
            out->cls[i] = MAP_CLASS_SECRET;
            out->any_secret = true;
        } else if (state[i] == MAP_CELL_NODATA) {
            out->cls[i] = MAP_CLASS_NODATA;
            out->any_nodata = true;
        } else {
            out->cls[i] = (int)map_class_of(out->bounds, out->n_classes, values[i]);
        }
    }
    for (size_t c = 0; c < out->n_classes; c++) {
        char lo[48], hi[48]; /* fr_value writes a few dozen bytes at most */
        fr_value(out->bounds[c], unite, lo, sizeof lo);
        fr_value(out->bounds[c + 1], unite, hi, sizeof hi);
        if (strcmp(lo, hi) == 0)
            snprintf(out->labels[c], sizeof out->labels[c], "%s", hi);
        else
            snprintf(out->labels[c], sizeof out->labels[c], "%s %s à %s", c == 0 ? "de" : "plus de", lo, hi);
    }
    return true;
}

void map_choropleth_free(map_choropleth *m)
{
    free(m->cls);
    m->cls = NULL;
}
