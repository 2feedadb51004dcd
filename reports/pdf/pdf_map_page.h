/* What the map sections of the PDF report share: the outlines of the units
 * a map shows (reports/data/report_places.h lists them) simplified for the
 * page, the map's frame, title block, scale bar and source line. */
#ifndef OBS_PDF_MAP_PAGE_H
#define OBS_PDF_MAP_PAGE_H

#include "reports/pdf/map_draw.h"
#include "reports/maps/map_shapes.h"
#include "reports/pdf/pdf_sections.h"

#define MAP_SOURCE "Sources : IGN — Admin Express ; INSEE ; URSSAF"

/* Reads the outlines of codes; false (with a note in the PDF) when there are
 * none, or no code. */
bool map_read_layer(pdf_report *r, const char *niveau, char **codes, size_t n, map_layer *out);

/* Starts a map: title and year above a frame of height h fitted to bbox
 * (whole width of the page); simplifies the layers for the map's scale
 * (vertices closer than 0.2 mm merged). Moves the cursor below the frame. */
map_frame map_begin(pdf_report *r, const char *title, const double bbox[4], float h, map_layer **layers,
                    size_t n_layers);
/* The same in a frame w points wide at the left margin (room on its right for an inset). */
map_frame map_begin_width(pdf_report *r, const char *title, const double bbox[4], float w, float h,
                          map_layer **layers, size_t n_layers);
/* Simplifies layers for frame f (vertices closer than 0.2 mm on the page merged). */
void map_simplify_for(const map_frame *f, map_layer **layers, size_t n_layers);
/* The scale bar in the frame's lower-right corner, the source line under the
 * legend (at the cursor). */
void map_finish(pdf_report *r, const map_frame *f, const char *extra_note);

/* A choropleth of `indicator` for the layer's shapes, bounds from the
 * published cells; the shapes listed in bold[0..n_bold) outlined in bold;
 * with `names`, each shape named where its label fits; the borders of
 * `overlay` (EPCIs over communes; NULL for none) drawn over the fills. */
void map_draw_choropleth(pdf_report *r, const char *title, const char *indicator, const char *niveau,
                         map_layer *layer, int n_classes, bool quantiles, const size_t *bold, size_t n_bold,
                         float height, bool names, map_layer *overlay);

#endif
