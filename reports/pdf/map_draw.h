/* Drawing outlines on a PDF page with libharu, vector only: a frame that
 * maps projected metres to points, filled and hatched shapes, borders,
 * the outer outline of a group of shapes, a scale bar, legend swatches and
 * labels that never overlap (a label that does not fit is skipped). */
#ifndef OBS_MAP_DRAW_H
#define OBS_MAP_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/maps/map_borders.h"
#include "reports/maps/map_shapes.h"
#include "reports/pdf/pdf_doc.h"

typedef struct {
    float x, y, w, h;   /* the frame on the page, points */
    double scale;       /* points per metre */
    double ox, oy;      /* metres at the frame's lower-left corner */
} map_frame;

/* The frame that shows bbox (metres) whole and centred in x, y, w, h. */
map_frame map_frame_fit(const double bbox[4], float x, float y, float w, float h);
/* Metres of one printed point: the grid step of map_layer_simplify that drops
 * vertices closer than 0.2 mm on the page is 0.567 of it. */
double map_frame_metres_per_point(const map_frame *f);
void map_to_page(const map_frame *f, double mx, double my, float *px, float *py);

void map_fill_shape(pdf_doc *d, const map_frame *f, const map_shape *s, pdf_rgb fill);
/* Diagonal hatching inside the shape (secret cells). */
void map_hatch_shape(pdf_doc *d, const map_frame *f, const map_shape *s, pdf_rgb ink);
void map_stroke_lines(pdf_doc *d, const map_frame *f, const map_lines *lines, float width, pdf_rgb ink);
/* The outer outline of the shapes listed in which[0..n) (a segment shared by
 * two of them is inside and not drawn). */
void map_stroke_outline(pdf_doc *d, const map_frame *f, const map_layer *layer, const size_t *which, size_t n,
                        float width, pdf_rgb ink);
/* A label point inside the shape: the centroid of its largest outer ring. */
void map_shape_anchor(const map_shape *s, double *mx, double *my);

/* A bar of a round length (1, 2, 5, 10, 20, 50, 100 … km) about a fifth of
 * the frame's width, with its length, left end at x, y. */
void map_scale_bar(pdf_doc *d, const map_frame *f, float x, float y);

/* A legend line: a swatch (filled, hatched if asked) then its label;
 * returns the height used. */
float map_legend_swatch(pdf_doc *d, float x, float y, pdf_rgb fill, bool hatched, const char *label);

/* Labels placed so far on a map: a new one is drawn only if its box falls
 * inside the frame and clear of the others. */
typedef struct {
    float (*box)[4];
    size_t n, cap;
} map_labels;
bool map_label(pdf_doc *d, map_labels *placed, const map_frame *f, HPDF_Font font, float size, float cx, float cy,
               const char *text);
void map_labels_free(map_labels *placed);

/* ColorBrewer's 5-class sequential « Blues » (Cynthia Brewer, colorbrewer2.org,
 * Apache License 2.0): #eff3ff #bdd7e7 #6baed6 #3182bd #08519c. */
extern const pdf_rgb MAP_BLUES5[5];
extern const pdf_rgb MAP_NODATA_GREY, MAP_BORDER, MAP_INK;

#endif
