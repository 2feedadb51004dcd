/* A map drawn from a hand-built pair of square communes: their classes,
 * the hatching of the secret one, the legend's bounds, the outline of the
 * pair without its shared side, and a PDF that libharu writes without error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/core/fr_format.h"
#include "reports/maps/map_borders.h"
#include "reports/pdf/map_draw.h"
#include "reports/maps/map_model.h"
#include "reports/pdf/pdf_report.h"

/* Two 10 km squares side by side, sharing the side x = 10 000 m. */
static double sq_a[] = {0, 0, 10000, 0, 10000, 10000, 0, 10000};
static double sq_b[] = {10000, 0, 20000, 0, 20000, 10000, 10000, 10000};
static map_ring rings[2] = {{4, sq_a, 0}, {4, sq_b, 0}};
static map_shape shapes[2] = {{"62001", &rings[0], 1, {0, 0, 10000, 10000}},
                              {"62002", &rings[1], 1, {10000, 0, 20000, 10000}}};

static void test_pair_of_squares(void **state)
{
    (void)state;
    map_layer layer = {shapes, 2, MAP_CRS_LAMBERT93, {0, 0, 20000, 10000}, 0};
    /* published commune 62001: 12,5 %; commune 62002: secret */
    map_cell_state st[2] = {MAP_CELL_VALUE, MAP_CELL_SECRET};
    double v[2] = {12.5, 80};
    map_choropleth m;
    assert_true(map_choropleth_build(st, v, 2, 5, MAP_CLASSES_JENKS, "pourcent", &m));
    assert_int_equal(m.n_classes, 1); /* one published value, one class */
    assert_int_equal(m.cls[0], 0);
    assert_int_equal(m.cls[1], MAP_CLASS_SECRET); /* hatched, not coloured */
    assert_true(m.any_secret);
    assert_false(m.any_nodata);
    assert_true(m.bounds[0] == 12.5 && m.bounds[1] == 12.5); /* the secret 80 is in no bound */
    assert_string_equal(m.labels[0], "12,5" FR_NBSP "%");

    /* the frame: 20 km by 10 km into 200 x 200 points, 0.01 point per metre, centred */
    map_frame f = map_frame_fit(layer.bbox, 100, 100, 200, 200);
    assert_true(f.scale == 0.01);
    float px, py;
    map_to_page(&f, 10000, 5000, &px, &py);
    assert_true(px == 200 && py == 200);

    /* the borders: 7 sides, the shared one once */
    map_lines borders;
    assert_true(map_layer_borders(&layer, &borders));
    size_t segments = 0;
    for (size_t i = 0; i < borders.n; i++)
        segments += borders.lines[i].n - 1;
    assert_int_equal(segments, 7);

    /* the label point of a square is its centre */
    double cx, cy;
    map_shape_anchor(&shapes[1], &cx, &cy);
    assert_true(cx == 15000 && cy == 5000);

    /* drawn into a PDF: fills, hatching, borders, outline, legend, scale bar, labels */
    pdf_doc d;
    assert_true(pdf_doc_open(&d, pdf_font_dir()));
    pdf_new_page(&d);
    map_fill_shape(&d, &f, &shapes[0], MAP_BLUES5[m.cls[0] * 4]);
    map_fill_shape(&d, &f, &shapes[1], (pdf_rgb){1, 1, 1});
    map_hatch_shape(&d, &f, &shapes[1], MAP_INK);
    map_stroke_lines(&d, &f, &borders, 0.3f, MAP_INK);
    size_t both[2] = {0, 1};
    map_stroke_outline(&d, &f, &layer, both, 2, 1.6f, MAP_INK);
    map_legend_swatch(&d, 100, 80, MAP_BLUES5[0], false, m.labels[0]);
    map_legend_swatch(&d, 100, 67, (pdf_rgb){1, 1, 1}, true, "s : secret statistique");
    map_scale_bar(&d, &f, 200, 110);
    map_labels placed = {0};
    assert_true(map_label(&d, &placed, &f, d.regular, 7, 150, 200, "Commune A"));
    assert_false(map_label(&d, &placed, &f, d.regular, 7, 152, 201, "Commune A bis")); /* overlaps: skipped */
    assert_false(map_label(&d, &placed, &f, d.regular, 7, 99, 200, "Hors cadre"));     /* outside the frame */
    assert_true(map_label(&d, &placed, &f, d.regular, 7, 250, 200, "Commune B"));
    assert_int_equal(placed.n, 2);
    map_labels_free(&placed);
    char path[] = "/tmp/obs-map-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_true(pdf_doc_finish(&d, path, "test"));
    FILE *pdf = fopen(path, "rb");
    assert_non_null(pdf);
    char head[5] = {0};
    assert_int_equal(fread(head, 1, 4, pdf), 4);
    assert_string_equal(head, "%PDF");
    fclose(pdf);
    unlink(path);
    map_lines_free(&borders);
    map_choropleth_free(&m);
}

static void test_scale_of_simplification(void **state)
{
    (void)state;
    /* 0.2 mm on paper at 0.01 point per metre: 0.2 / 25.4 * 72 points = 56.7 m */
    double bbox[4] = {0, 0, 20000, 10000};
    map_frame f = map_frame_fit(bbox, 0, 0, 200, 200);
    double grid = 0.2 / 25.4 * 72.0 * map_frame_metres_per_point(&f);
    assert_true(grid > 56.69 && grid < 56.70);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pair_of_squares),
        cmocka_unit_test(test_scale_of_simplification),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
