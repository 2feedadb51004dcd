/* make bench: the geometry of a map of a whole région by commune (issue 19,
 * item 7): read the outlines from the contour table and project them,
 * simplify them for the map's print scale, compute the borders drawn once.
 * Measured, never asserted.
 *   bench_maps DB [REGION [FRAME_W_MM FRAME_H_MM [GRID_MM]]]
 * defaults: région 32 (Hauts-de-France), a map frame of 170 x 230 mm (an A4
 * page less its margins, title and legend), a grid of 0.2 mm on paper. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "reports/maps/map_borders.h"
#include "reports/maps/map_shapes.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t vertices(const map_layer *l, size_t *rings)
{
    size_t n = 0;
    *rings = 0;
    for (size_t i = 0; i < l->n; i++)
        for (size_t r = 0; r < l->shapes[i].n_rings; r++) {
            n += l->shapes[i].rings[r].n;
            (*rings)++;
        }
    return n;
}

static size_t line_vertices(const map_lines *ls)
{
    size_t n = 0;
    for (size_t i = 0; i < ls->n; i++)
        n += ls->lines[i].n;
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_maps DB [REGION [FRAME_W_MM FRAME_H_MM [GRID_MM]]]\n");
        return 2;
    }
    const char *region = argc > 2 ? argv[2] : "32";
    double frame_w = argc > 4 ? atof(argv[3]) : 170, frame_h = argc > 4 ? atof(argv[4]) : 230;
    double grid_mm = argc > 5 ? atof(argv[5]) : 0.2;
    db_setup_process();
    sqlite3 *db = db_open_existing(argv[1]);
    if (!db)
        return 1;
    /* the région's communes, as a report asks for them */
    sqlite3_stmt *st = db_prepare(db, "SELECT commune FROM geo WHERE niveau = 'region' AND code = ?1 ORDER BY commune");
    if (!st)
        return 1;
    sqlite3_bind_text(st, 1, region, -1, SQLITE_STATIC);
    char **codes = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            codes = realloc(codes, cap * sizeof *codes);
            if (!codes)
                return 1;
        }
        codes[n++] = strdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);

    double t0 = now();
    map_layer layer;
    if (!map_layer_read(&(report_data){.db = db}, "commune", (const char *const *)codes, n, MAP_CRS_LAMBERT93, &layer))
        return 1;
    double t1 = now();
    size_t rings0, v0 = vertices(&layer, &rings0);
    map_lines raw;
    if (!map_layer_borders(&layer, &raw))
        return 1;
    double t2 = now();
    double w = layer.bbox[2] - layer.bbox[0], h = layer.bbox[3] - layer.bbox[1];
    double scale = fmax(w / (frame_w / 1000), h / (frame_h / 1000)); /* 1 : scale */
    double grid = grid_mm / 1000 * scale;
    map_layer_simplify(&layer, grid);
    double t3 = now();
    map_lines lines;
    if (!map_layer_borders(&layer, &lines))
        return 1;
    double t4 = now();
    size_t rings1, v1 = vertices(&layer, &rings1);

    printf("région %s : %zu communes demandées, %zu avec contour, %zu sans\n", region, n, layer.n, layer.missing);
    printf("étendue %.1f x %.1f km, cadre %.0f x %.0f mm : échelle 1:%.0f, grille %.1f mm = %.1f m\n", w / 1000,
           h / 1000, frame_w, frame_h, scale, grid_mm, grid);
    printf("lecture + projection   %8.3f s  %zu anneaux, %zu sommets\n", t1 - t0, rings0, v0);
    /* every ring edge is a border segment; shared borders make two ring edges
     * one segment, so edges / segments near 2 means neighbours share exactly */
    size_t seg0 = line_vertices(&raw) - raw.n, seg1 = line_vertices(&lines) - lines.n;
    printf("frontières (brutes)    %8.3f s  %zu lignes, %zu sommets, %zu segments pour %zu côtés d'anneaux (%.3f)\n",
           t2 - t1, raw.n, line_vertices(&raw), seg0, v0, (double)v0 / (double)(seg0 ? seg0 : 1));
    printf("simplification         %8.3f s  %zu anneaux, %zu sommets (%.1f %% gardés)\n", t3 - t2, rings1, v1,
           100.0 * (double)v1 / (double)(v0 ? v0 : 1));
    printf("frontières (simplif.)  %8.3f s  %zu lignes, %zu sommets, %zu segments pour %zu côtés d'anneaux (%.3f)\n",
           t4 - t3, lines.n, line_vertices(&lines), seg1, v1, (double)v1 / (double)(seg1 ? seg1 : 1));
    printf("total lecture, projection, simplification, frontières : %.3f s\n", (t1 - t0) + (t4 - t2));
    map_lines_free(&raw);
    map_lines_free(&lines);
    map_layer_free(&layer);
    for (size_t i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
    db_close(db);
    return 0;
}
