/* Map shapes: reading the contour table, simplification by grid snapping and
 * borders drawn once, on hand-built shapes whose edges are counted by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/core/db.h"
#include "engine/load/geo_outlines.h"
#include "engine/core/log.h"
#include "reports/maps/map_borders.h"
#include "reports/maps/map_shapes.h"
#include "support/remove_database.h"

/* ---- layers built in memory (coordinates already in metres) ---- */

static void set_ring(map_ring *r, const double *xy, size_t n, int hole)
{
    r->n = n;
    r->hole = hole;
    r->xy = malloc(2 * n * sizeof *r->xy);
    assert_non_null(r->xy);
    memcpy(r->xy, xy, 2 * n * sizeof *r->xy);
}

static map_shape *add_shape(map_layer *l, const char *code, size_t n_rings)
{
    l->shapes = realloc(l->shapes, (l->n + 1) * sizeof *l->shapes);
    assert_non_null(l->shapes);
    map_shape *s = &l->shapes[l->n++];
    memset(s, 0, sizeof *s);
    s->code = strdup(code);
    s->rings = calloc(n_rings, sizeof *s->rings);
    s->n_rings = n_rings;
    return s;
}

static size_t segments(const map_lines *ls)
{
    size_t n = 0;
    for (size_t i = 0; i < ls->n; i++) {
        assert_true(ls->lines[i].n >= 2);
        n += ls->lines[i].n - 1;
    }
    return n;
}

/* True when the segment (a, b), either way, is in the lines exactly once. */
static int segment_count(const map_lines *ls, double ax, double ay, double bx, double by)
{
    int k = 0;
    for (size_t i = 0; i < ls->n; i++)
        for (size_t j = 0; j + 1 < ls->lines[i].n; j++) {
            const double *p = &ls->lines[i].xy[2 * j];
            if ((p[0] == ax && p[1] == ay && p[2] == bx && p[3] == by) ||
                (p[0] == bx && p[1] == by && p[2] == ax && p[3] == ay))
                k++;
        }
    return k;
}

/* Two unit squares side by side: 4 + 4 edges, one shared, so 7 borders; the
 * two ends of the shared edge are where three borders meet, so 3 polylines:
 * the shared edge, A's three outer edges, B's three outer edges. */
static void two_squares_seven_edges(void **state)
{
    (void)state;
    map_layer l = {0};
    const double a[] = {0, 0, 1, 0, 1, 1, 0, 1};
    const double b[] = {1, 0, 2, 0, 2, 1, 1, 1};
    set_ring(&add_shape(&l, "A", 1)->rings[0], a, 4, 0);
    set_ring(&add_shape(&l, "B", 1)->rings[0], b, 4, 0);
    map_lines ls;
    assert_true(map_layer_borders(&l, &ls));
    assert_int_equal(segments(&ls), 7);
    assert_int_equal(ls.n, 3);
    assert_int_equal(segment_count(&ls, 1, 0, 1, 1), 1); /* shared, once */
    assert_int_equal(segment_count(&ls, 0, 0, 1, 0), 1);
    assert_int_equal(segment_count(&ls, 0, 0, 0, 1), 1);
    assert_int_equal(segment_count(&ls, 0, 1, 1, 1), 1);
    assert_int_equal(segment_count(&ls, 1, 0, 2, 0), 1);
    assert_int_equal(segment_count(&ls, 2, 0, 2, 1), 1);
    assert_int_equal(segment_count(&ls, 2, 1, 1, 1), 1);
    map_lines_free(&ls);
    map_layer_free(&l);
}

/* A 4 x 4 square with a 2 x 2 hole, and the shape filling the hole: 4 outer
 * edges + 4 hole edges (the enclave's 4 edges are the hole's), 8 borders in two
 * closed polylines of 5 points (first = last). */
static void ring_with_hole_and_enclave(void **state)
{
    (void)state;
    map_layer l = {0};
    const double outer[] = {0, 0, 4, 0, 4, 4, 0, 4};
    const double hole[] = {1, 1, 1, 3, 3, 3, 3, 1};
    const double enclave[] = {1, 1, 3, 1, 3, 3, 1, 3};
    map_shape *c = add_shape(&l, "C", 2);
    set_ring(&c->rings[0], outer, 4, 0);
    set_ring(&c->rings[1], hole, 4, 1);
    set_ring(&add_shape(&l, "D", 1)->rings[0], enclave, 4, 0);
    map_lines ls;
    assert_true(map_layer_borders(&l, &ls));
    assert_int_equal(segments(&ls), 8);
    assert_int_equal(ls.n, 2);
    for (size_t i = 0; i < ls.n; i++) {
        assert_int_equal(ls.lines[i].n, 5);
        assert_true(ls.lines[i].xy[0] == ls.lines[i].xy[8] && ls.lines[i].xy[1] == ls.lines[i].xy[9]);
    }
    assert_int_equal(segment_count(&ls, 1, 1, 3, 1), 1);
    assert_int_equal(segment_count(&ls, 0, 4, 0, 0), 1);
    map_lines_free(&ls);
    map_layer_free(&l);
}

static size_t total_edges(const map_layer *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        for (size_t r = 0; r < l->shapes[i].n_rings; r++)
            n += l->shapes[i].rings[r].n;
    return n;
}

/* Neighbours sharing a wiggly border: after snapping to a 1 m grid, the shared
 * part is the same polyline in both (every edge of it found twice), the spike
 * snapping makes (4,0) (5,0) (4,0) is gone, and a shape within one grid cell
 * disappears. */
static void simplify_keeps_neighbours(void **state)
{
    (void)state;
    map_layer l = {0};
    /* A: the shared border goes up x = 10 through (10, 3.4) and (10.3, 5.2) */
    const double a[] = {0, 0, 4, 0, 4.9, 0.2, 4.2, 0.1, 10, 0, 10, 3.4, 10.3, 5.2, 10, 10, 0, 10};
    /* B walks the same border downwards */
    const double b[] = {10, 0, 20, 0, 20, 10, 10, 10, 10.3, 5.2, 10, 3.4};
    const double tiny[] = {30.1, 30.1, 30.3, 30.1, 30.2, 30.3};
    set_ring(&add_shape(&l, "A", 1)->rings[0], a, 9, 0);
    set_ring(&add_shape(&l, "B", 1)->rings[0], b, 6, 0);
    map_shape *t = add_shape(&l, "T", 1);
    set_ring(&t->rings[0], tiny, 3, 0);
    memcpy(t->bbox, (double[4]){30.1, 30.1, 30.3, 30.3}, sizeof t->bbox); /* as map_layer_read sets it */
    map_layer_simplify(&l, 1.0);
    /* A: (0,0) (4,0) [(5,0) (4,0) spike] (10,0) (10,3) (10,5) (10,10) (0,10) */
    const map_ring *ra = &l.shapes[0].rings[0];
    const double a_expected[] = {0, 0, 4, 0, 10, 0, 10, 3, 10, 5, 10, 10, 0, 10};
    assert_int_equal(ra->n, 7);
    for (size_t i = 0; i < 14; i++)
        assert_true(ra->xy[i] == a_expected[i]);
    const map_ring *rb = &l.shapes[1].rings[0];
    const double b_expected[] = {10, 0, 20, 0, 20, 10, 10, 10, 10, 5, 10, 3};
    assert_int_equal(rb->n, 6);
    for (size_t i = 0; i < 12; i++)
        assert_true(rb->xy[i] == b_expected[i]);
    assert_int_equal(l.shapes[2].n_rings, 0); /* the tiny shape vanished, its bbox stays */
    const double *tb = l.shapes[2].bbox;
    assert_true(tb[0] == 30.1 && tb[1] == 30.1 && tb[2] == 30.3 && tb[3] == 30.3);
    assert_true(l.shapes[0].bbox[0] == 0 && l.shapes[0].bbox[2] == 10 && l.shapes[1].bbox[2] == 20);
    assert_true(l.bbox[0] == 0 && l.bbox[1] == 0 && l.bbox[2] == 30.3 && l.bbox[3] == 30.3);
    /* 7 + 6 ring edges, the 3 of x = 10 shared: 10 borders */
    assert_int_equal(total_edges(&l), 13);
    map_lines ls;
    assert_true(map_layer_borders(&l, &ls));
    assert_int_equal(segments(&ls), 10);
    assert_int_equal(segment_count(&ls, 10, 3, 10, 5), 1);
    map_lines_free(&ls);
    map_layer_free(&l);
}

/* A spike across the start of the ring: (5,0) is the first vertex, between (4,0) last and (4,0) second. */
static void simplify_spike_at_start(void **state)
{
    (void)state;
    map_layer l = {0};
    const double r[] = {5.2, 0.1, 4, 0, 4, 4, 0, 4, 0, 0, 4.1, 0.2};
    set_ring(&add_shape(&l, "S", 1)->rings[0], r, 6, 0);
    map_layer_simplify(&l, 1.0);
    /* snapped: (5,0) (4,0) (4,4) (0,4) (0,0) (4,0): the spike (4,0) (5,0) (4,0) and then the
     * repeated (4,0) go, leaving the square (4,0) (4,4) (0,4) (0,0) */
    const map_ring *s = &l.shapes[0].rings[0];
    assert_int_equal(s->n, 4);
    const double expected[] = {4, 0, 4, 4, 0, 4, 0, 0};
    for (size_t i = 0; i < 8; i++)
        assert_true(s->xy[i] == expected[i]);
    map_layer_free(&l);
}

/* ---- reading the contour table ---- */

static sqlite3 *db;
static char db_path[64];

static void insert_ring(const char *niveau, const char *code, int anneau, int trou, const double *lonlat, size_t n)
{
    unsigned char blob[16 * 16];
    assert_true(n <= 16);
    geo_outlines_encode(lonlat, n, blob);
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO contour VALUES(?, ?, ?, ?, ?, ?)");
    assert_non_null(st);
    sqlite3_bind_text(st, 1, niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, anneau);
    sqlite3_bind_int(st, 4, trou);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)n);
    sqlite3_bind_blob(st, 6, blob, (int)(16 * n), SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

static int setup(void **state)
{
    (void)state;
    obs_log_set_timestamps(false);
    snprintf(db_path, sizeof db_path, "/tmp/obs-shapes-%d.sqlite", (int)getpid());
    remove_database(db_path);
    db = db_open(db_path);
    assert_non_null(db);
    /* 62160 with a hole, closed as in GeoJSON (the closing vertex is dropped on reading) */
    const double outer[] = {1.60, 50.70, 1.64, 50.70, 1.64, 50.74, 1.60, 50.74, 1.60, 50.70};
    const double hole[] = {1.61, 50.71, 1.61, 50.72, 1.62, 50.72, 1.62, 50.71};
    const double other[] = {1.64, 50.70, 1.68, 50.70, 1.68, 50.74, 1.64, 50.74};
    insert_ring("commune", "62160", 0, 0, outer, 5);
    insert_ring("commune", "62160", 1, 1, hole, 4);
    insert_ring("commune", "62193", 0, 0, other, 4);
    insert_ring("epci", "246200364", 0, 0, outer, 4);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    remove_database(db_path);
    return 0;
}

static void read_codes_in_order_missing_counted(void **state)
{
    (void)state;
    const char *codes[] = {"62193", "99999", "62160", NULL};
    map_layer l;
    assert_true(map_layer_read(&(report_data){.db = db}, "commune", codes, 4, MAP_CRS_LAMBERT93, &l));
    assert_int_equal(l.n, 2);
    assert_int_equal(l.missing, 2);
    assert_string_equal(l.shapes[0].code, "62193");
    assert_string_equal(l.shapes[1].code, "62160");
    assert_int_equal(l.crs, MAP_CRS_LAMBERT93);
    const map_shape *s = &l.shapes[1];
    assert_int_equal(s->n_rings, 2);
    assert_int_equal(s->rings[0].n, 4);
    assert_int_equal(s->rings[0].hole, 0);
    assert_int_equal(s->rings[1].n, 4);
    assert_int_equal(s->rings[1].hole, 1);
    double x, y;
    map_project(MAP_CRS_LAMBERT93, 1.64, 50.74, &x, &y);
    assert_true(s->rings[0].xy[4] == x && s->rings[0].xy[5] == y);
    /* bboxes: the extremes of the projected corners (hole vertices are inside) */
    const double corners[] = {1.60, 50.70, 1.64, 50.70, 1.64, 50.74, 1.60, 50.74, 1.68, 50.70, 1.68, 50.74};
    double e[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY}, e62160[4];
    for (int i = 0; i < 6; i++) {
        map_project(MAP_CRS_LAMBERT93, corners[2 * i], corners[2 * i + 1], &x, &y);
        e[0] = fmin(e[0], x), e[1] = fmin(e[1], y), e[2] = fmax(e[2], x), e[3] = fmax(e[3], y);
        if (i == 3)
            memcpy(e62160, e, sizeof e);
    }
    for (int k = 0; k < 4; k++) {
        assert_true(l.bbox[k] == e[k]);
        assert_true(s->bbox[k] == e62160[k]);
    }
    map_layer_free(&l);
}

static void read_whole_level(void **state)
{
    (void)state;
    map_layer l;
    assert_true(map_layer_read(&(report_data){.db = db}, "commune", NULL, 0, MAP_CRS_LAMBERT93, &l));
    assert_int_equal(l.n, 2);
    assert_int_equal(l.missing, 0);
    assert_string_equal(l.shapes[0].code, "62160");
    assert_string_equal(l.shapes[1].code, "62193");
    /* the shared edge of the two communes is one border */
    map_lines ls;
    assert_true(map_layer_borders(&l, &ls));
    assert_int_equal(segments(&ls), 4 + 4 + 3);
    map_lines_free(&ls);
    map_layer_free(&l);
    assert_true(map_layer_read(&(report_data){.db = db}, "region", NULL, 0, MAP_CRS_LAMBERT93, &l));
    assert_int_equal(l.n, 0);
    map_layer_free(&l);
}

static void bad_blob_is_an_error(void **state)
{
    (void)state;
    assert_true(db_exec(db, "INSERT INTO contour VALUES('departement', '62', 0, 0, 3, x'0000')"));
    map_layer l;
    assert_false(map_layer_read(&(report_data){.db = db}, "departement", NULL, 0, MAP_CRS_LAMBERT93, &l));
    assert_int_equal(l.n, 0);
    const char *codes[] = {"62"};
    assert_false(map_layer_read(&(report_data){.db = db}, "departement", codes, 1, MAP_CRS_LAMBERT93, &l));
    assert_true(db_exec(db, "DELETE FROM contour WHERE niveau = 'departement'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_squares_seven_edges),
        cmocka_unit_test(ring_with_hole_and_enclave),
        cmocka_unit_test(simplify_keeps_neighbours),
        cmocka_unit_test(simplify_spike_at_start),
        cmocka_unit_test(read_codes_in_order_missing_counted),
        cmocka_unit_test(read_whole_level),
        cmocka_unit_test(bad_blob_is_an_error),
    };
    return cmocka_run_group_tests_name("map shapes", tests, setup, teardown);
}
