/* Outlines of the contour table (blobs of little-endian WGS 84 doubles),
 * projected into map shapes, and their simplification by grid snapping. */
#include "reports/maps/map_shapes.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/log.h"
#include "reports/data/report_outlines.h"

static double le_double(const unsigned char *p)
{
    uint64_t u = 0;
    for (int i = 7; i >= 0; i--)
        u = (u << 8) | p[i];
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

static void bbox_empty(double b[4])
{
    b[0] = b[1] = INFINITY;
    b[2] = b[3] = -INFINITY;
}

static void bbox_add(double b[4], double x, double y)
{
    if (x < b[0])
        b[0] = x;
    if (y < b[1])
        b[1] = y;
    if (x > b[2])
        b[2] = x;
    if (y > b[3])
        b[3] = y;
}

static void bbox_merge(double b[4], const double o[4])
{
    if (o[0] <= o[2]) {
        bbox_add(b, o[0], o[1]);
        bbox_add(b, o[2], o[3]);
    }
}

static void shape_bbox(map_shape *s)
{
    bbox_empty(s->bbox);
    for (size_t r = 0; r < s->n_rings; r++)
        for (size_t i = 0; i < s->rings[r].n; i++)
            bbox_add(s->bbox, s->rings[r].xy[2 * i], s->rings[r].xy[2 * i + 1]);
}

static void layer_bbox(map_layer *l)
{
    bbox_empty(l->bbox);
    for (size_t i = 0; i < l->n; i++)
        bbox_merge(l->bbox, l->shapes[i].bbox);
}

static void shape_free(map_shape *s)
{
    for (size_t r = 0; r < s->n_rings; r++)
        free(s->rings[r].xy);
    free(s->rings);
    free(s->code);
}

void map_layer_free(map_layer *layer)
{
    if (!layer)
        return;
    for (size_t i = 0; i < layer->n; i++)
        shape_free(&layer->shapes[i]);
    free(layer->shapes);
    memset(layer, 0, sizeof *layer);
}

/* One ring of contour into a projected ring; the closing vertex, when the
 * ring repeats its first one, is dropped. */
static bool ring_from_row(const report_outline_ring *row, const char *niveau, map_crs crs, map_ring *ring)
{
    long long anneau = row->anneau, n = row->n_points, bytes = row->bytes;
    const char *code = row->code;
    const unsigned char *blob = row->points;
    if (n < 0 || n > bytes / 16 || bytes != n * 16) {
        obs_error("contour %s %s, anneau %lld : %lld points annoncés mais %lld octets de coordonnées (16 par point)",
                  niveau, code, anneau, n, bytes);
        return false;
    }
    size_t m = (size_t)n;
    if (m >= 2 && !memcmp(blob, blob + 16 * (m - 1), 16))
        m--;
    ring->hole = row->trou != 0;
    ring->n = m;
    ring->xy = malloc((m ? m : 1) * 2 * sizeof(double));
    if (!ring->xy) {
        obs_error("mémoire insuffisante pour le contour %s %s", niveau, code);
        return false;
    }
    for (size_t i = 0; i < m; i++) {
        double lon = le_double(blob + 16 * i), lat = le_double(blob + 16 * i + 8);
        if (!isfinite(lon) || !isfinite(lat) || fabs(lon) > 180 || fabs(lat) > 90) {
            obs_error("contour %s %s, anneau %lld, point %zu : coordonnées hors du globe", niveau, code, anneau, i + 1);
            free(ring->xy);
            ring->xy = NULL;
            return false;
        }
        map_project(crs, lon, lat, &ring->xy[2 * i], &ring->xy[2 * i + 1]);
    }
    return true;
}

/* Appends a new empty shape named code; NULL when out of memory. */
static map_shape *layer_push(map_layer *l, size_t *cap, const char *code)
{
    if (l->n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        map_shape *p = realloc(l->shapes, c * sizeof *p);
        if (!p)
            return NULL;
        l->shapes = p;
        *cap = c;
    }
    map_shape *s = &l->shapes[l->n];
    memset(s, 0, sizeof *s);
    s->code = strdup(code);
    if (!s->code)
        return NULL;
    l->n++;
    return s;
}

static bool shape_add_ring(map_shape *s, size_t *cap, const report_outline_ring *row, const char *niveau,
                           map_crs crs)
{
    if (s->n_rings == *cap) {
        size_t c = *cap ? *cap * 2 : 4;
        map_ring *p = realloc(s->rings, c * sizeof *p);
        if (!p) {
            obs_error("mémoire insuffisante pour le contour %s %s", niveau, s->code);
            return false;
        }
        s->rings = p;
        *cap = c;
    }
    if (!ring_from_row(row, niveau, crs, &s->rings[s->n_rings]))
        return false;
    s->n_rings++;
    return true;
}

/* The rings of reports/data, one shape per territory; a requested code
 * without outline is counted in missing. */
static bool read_rings(const report_data *rd, const char *niveau, const char *const *codes, size_t n_codes, map_crs crs,
                       map_layer *out)
{
    report_outlines *it = report_outlines_open(rd, niveau, codes, n_codes);
    if (!it)
        return false;
    size_t cap = 0, ring_cap = 0;
    map_shape *cur = NULL;
    report_outline_ring row;
    int rc;
    bool ok = true;
    while (ok && (rc = report_outlines_next(it, &row)) == 1) {
        if (row.first) {
            ring_cap = 0;
            if (!(cur = layer_push(out, &cap, row.code))) {
                obs_error("mémoire insuffisante pour les contours (%s)", niveau);
                ok = false;
                break;
            }
        }
        ok = shape_add_ring(cur, &ring_cap, &row, niveau, crs);
    }
    if (ok && rc < 0)
        ok = false;
    report_outlines_close(it);
    if (ok && codes)
        out->missing = n_codes - out->n;
    return ok;
}

bool map_layer_read(const report_data *rd, const char *niveau, const char *const *codes, size_t n_codes, map_crs crs,
                    map_layer *out)
{
    memset(out, 0, sizeof *out);
    out->crs = crs;
    if (!read_rings(rd, niveau, codes, n_codes, crs, out)) {
        map_layer_free(out);
        out->crs = crs;
        bbox_empty(out->bbox);
        return false;
    }
    for (size_t i = 0; i < out->n; i++)
        shape_bbox(&out->shapes[i]);
    layer_bbox(out);
    return true;
}

static bool same(const double *a, const double *b)
{
    return a[0] == b[0] && a[1] == b[1];
}

/* Snaps a ring's vertices to the grid, then removes repeated vertices and the
 * spikes snapping makes (a, b, a -> a), cyclically. Every rule looks only at
 * the vertices themselves, so a border shared by two rings (walked in opposite
 * directions) becomes the same polyline in both. */
static void ring_simplify(map_ring *r, double grid)
{
    size_t m = 0;
    double *xy = r->xy;
    for (size_t i = 0; i < r->n; i++) {
        double p[2] = {round(xy[2 * i] / grid) * grid, round(xy[2 * i + 1] / grid) * grid};
        if (m >= 1 && same(&xy[2 * (m - 1)], p))
            continue;
        if (m >= 2 && same(&xy[2 * (m - 2)], p)) { /* spike: drop its tip */
            m--;
            continue;
        }
        xy[2 * m] = p[0];
        xy[2 * m + 1] = p[1];
        m++;
    }
    /* Across the start of the ring. */
    for (;;) {
        if (m >= 2 && same(&xy[0], &xy[2 * (m - 1)])) {
            m--;
        } else if (m >= 3 && same(&xy[2 * (m - 1)], &xy[2])) { /* spike at vertex 0 */
            memmove(xy, xy + 2, (m - 1) * 2 * sizeof(double));
            m--;
        } else if (m >= 3 && same(&xy[2 * (m - 2)], &xy[0])) { /* spike at vertex m-1 */
            m--;
        } else {
            break;
        }
    }
    r->n = m;
}

void map_layer_simplify(map_layer *layer, double grid)
{
    if (!layer || !(grid > 0))
        return;
    for (size_t i = 0; i < layer->n; i++) {
        map_shape *s = &layer->shapes[i];
        size_t kept = 0;
        for (size_t r = 0; r < s->n_rings; r++) {
            ring_simplify(&s->rings[r], grid);
            if (s->rings[r].n >= 3)
                s->rings[kept++] = s->rings[r];
            else
                free(s->rings[r].xy);
        }
        s->n_rings = kept;
        if (kept) /* a shape all of whose rings collapsed keeps its bbox: a place for a symbol or a label */
            shape_bbox(s);
    }
    layer_bbox(layer);
}
