#include "reports/pdf/pdf_map_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/fr_format.h"
#include "reports/data/report_outlines.h"
#include "reports/data/report_places.h"
#include "reports/maps/map_model.h"

static void muted_note(pdf_report *r, const char *text)
{
    pdf_set_fill(&r->d, PDF_MUTED);
    pdf_paragraph(&r->d, r->d.regular, 7.5f, 0, PDF_CONTENT_W, text);
    pdf_set_fill(&r->d, PDF_INK);
}

bool map_read_layer(pdf_report *r, const char *niveau, char **codes, size_t n, map_layer *out)
{
    memset(out, 0, sizeof *out);
    if (!report_outlines_loaded(r->rd)) {
        muted_note(r, "Carte non dessinée : les contours des territoires ne sont pas chargés dans la base "
                      "(obs init les charge).");
        return false;
    }
    if (n == 0 || !codes) { /* never NULL codes: map_layer_read would read the whole level */
        muted_note(r, "Carte non dessinée : aucun territoire à représenter.");
        return false;
    }
    map_crs crs = map_crs_for_departement(r->rd->departement.code);
    if (!map_layer_read(r->rd, niveau, (const char *const *)codes, n, crs, out) || out->n == 0) {
        map_layer_free(out);
        muted_note(r, "Carte non dessinée : aucun contour pour ces territoires.");
        return false;
    }
    return true;
}

void map_simplify_for(const map_frame *f, map_layer **layers, size_t n_layers)
{
    /* 0.2 mm on the page, in metres of the map */
    double grid = 0.2 / 25.4 * 72.0 * map_frame_metres_per_point(f);
    for (size_t i = 0; i < n_layers; i++)
        map_layer_simplify(layers[i], grid);
}

map_frame map_begin_width(pdf_report *r, const char *title, const double bbox[4], float w, float h,
                          map_layer **layers, size_t n_layers)
{
    pdf_doc *d = &r->d;
    pdf_need(d, h + 150);
    char line[400];
    /* the map's title with its year; under a heading of the same words, the year alone */
    if (r->heading && strcmp(title, r->heading) == 0)
        snprintf(line, sizeof line, "Année %d", r->rd->year);
    else
        snprintf(line, sizeof line, "%s, %d", title, r->rd->year);
    pdf_set_fill(d, PDF_INK);
    pdf_text_fit(d, d->bold, 10, 7, PDF_MARGIN, d->y - 10, PDF_CONTENT_W, line, -1);
    d->y -= 16;
    map_frame f = map_frame_fit(bbox, PDF_MARGIN, d->y - h, w, h);
    map_simplify_for(&f, layers, n_layers);
    d->y -= h + 8;
    return f;
}

map_frame map_begin(pdf_report *r, const char *title, const double bbox[4], float h, map_layer **layers,
                    size_t n_layers)
{
    return map_begin_width(r, title, bbox, PDF_CONTENT_W, h, layers, n_layers);
}

void map_finish(pdf_report *r, const map_frame *f, const char *extra_note)
{
    pdf_doc *d = &r->d;
    map_scale_bar(d, f, f->x + f->w - 110, f->y + 6);
    d->y -= 4;
    if (extra_note)
        muted_note(r, extra_note);
    muted_note(r, MAP_SOURCE " ; traitement de l'observatoire.");
    d->y -= 6;
}

void map_draw_choropleth(pdf_report *r, const char *title, const char *indicator, const char *niveau,
                         map_layer *layer, int n_classes, bool quantiles, const size_t *bold, size_t n_bold,
                         float height, bool names, map_layer *overlay)
{
    pdf_doc *d = &r->d;
    report_meta meta;
    bool known = report_meta_get(r->rd, indicator, &meta);
    map_layer *layers[2] = {layer, overlay};
    map_frame f = map_begin(r, title ? title : known ? meta.titre : indicator, layer->bbox, height, layers,
                            overlay ? 2 : 1);
    map_cell_state *state = calloc(layer->n ? layer->n : 1, sizeof *state);
    double *values = calloc(layer->n ? layer->n : 1, sizeof *values);
    map_choropleth m = {0};
    if (!state || !values || !known) {
        free(state), free(values);
        if (known)
            report_meta_free(&meta);
        return;
    }
    for (size_t i = 0; i < layer->n; i++) {
        report_territory t = {0};
        snprintf(t.niveau, sizeof t.niveau, "%s", niveau);
        snprintf(t.code, sizeof t.code, "%s", layer->shapes[i].code);
        report_cell c;
        if (!report_cell_get(r->rd, indicator, &t, r->rd->year, "", &c) || !c.found)
            state[i] = MAP_CELL_NODATA;
        else if (c.secret)
            state[i] = MAP_CELL_SECRET;
        else if (!c.has_value)
            state[i] = MAP_CELL_NODATA;
        else {
            state[i] = MAP_CELL_VALUE;
            values[i] = c.valeur;
        }
    }
    if (!map_choropleth_build(state, values, layer->n, (size_t)n_classes, quantiles ? MAP_CLASSES_QUANTILES
                                                                                     : MAP_CLASSES_JENKS,
                              meta.unite, &m)) {
        free(state), free(values);
        report_meta_free(&meta);
        return;
    }
    /* a ramp of the classes used: 5 blues, fewer spread over them */
    pdf_rgb ramp[MAP_MAX_CLASSES];
    for (size_t c = 0; c < m.n_classes; c++) {
        size_t at = m.n_classes <= 1 ? 2 : c * 4 / (m.n_classes - 1);
        ramp[c] = MAP_BLUES5[at > 4 ? 4 : at];
    }
    for (size_t i = 0; i < layer->n; i++) {
        const map_shape *s = &layer->shapes[i];
        if (m.cls[i] >= 0)
            map_fill_shape(d, &f, s, ramp[m.cls[i]]);
        else if (m.cls[i] == MAP_CLASS_NODATA)
            map_fill_shape(d, &f, s, MAP_NODATA_GREY);
        else {
            map_fill_shape(d, &f, s, (pdf_rgb){1, 1, 1});
            map_hatch_shape(d, &f, s, MAP_INK);
        }
    }
    map_lines borders = {0};
    if (map_layer_borders(layer, &borders))
        map_stroke_lines(d, &f, &borders, layer->n > 400 ? 0.15f : 0.3f, (pdf_rgb){0.45f, 0.45f, 0.45f});
    map_lines_free(&borders);
    if (overlay && map_layer_borders(overlay, &borders))
        map_stroke_lines(d, &f, &borders, 1.0f, (pdf_rgb){0.2f, 0.2f, 0.2f});
    map_lines_free(&borders);
    if (n_bold)
        map_stroke_outline(d, &f, layer, bold, n_bold, 1.6f, MAP_INK);
    if (names) {
        map_labels placed = {0};
        for (size_t i = 0; i < layer->n; i++) {
            double mx, my;
            float px, py;
            char name[256];
            map_shape_anchor(&layer->shapes[i], &mx, &my);
            map_to_page(&f, mx, my, &px, &py);
            report_territory_name(r->rd, niveau, layer->shapes[i].code, name, sizeof name);
            map_label(d, &placed, &f, d->bold, 7, px, py, name);
        }
        map_labels_free(&placed);
    }
    /* legend: classes, then secret and no data */
    float x = PDF_MARGIN, y = d->y - 9;
    char head[300];
    snprintf(head, sizeof head, "%s (%s)", meta.titre,
             quantiles ? "classes : quantiles" : "classes : seuils naturels de Jenks");
    pdf_set_fill(d, PDF_INK);
    pdf_text_fit(d, d->bold, 7.5f, 6, x, d->y - 2, PDF_CONTENT_W, head, -1);
    y -= 6;
    size_t rows = m.n_classes + (m.any_secret ? 1 : 0) + (m.any_nodata ? 1 : 0);
    size_t per_col = (rows + 1) / 2;
    size_t row = 0;
    float col_w = PDF_CONTENT_W / 2;
    float y0 = y;
#define NEXT_POS() (x = PDF_MARGIN + (float)(row / per_col) * col_w, y = y0 - (float)(row % per_col) * 13, row++)
    for (size_t c = 0; c < m.n_classes; c++) {
        NEXT_POS();
        map_legend_swatch(d, x, y, ramp[c], false, m.labels[c]);
    }
    if (m.any_secret) {
        NEXT_POS();
        map_legend_swatch(d, x, y, (pdf_rgb){1, 1, 1}, true, "s : secret statistique");
    }
    if (m.any_nodata) { /* shapes without outline are not drawn: the note under the map counts them */
        NEXT_POS();
        map_legend_swatch(d, x, y, MAP_NODATA_GREY, false, "donnée non disponible");
    }
#undef NEXT_POS
    d->y = y0 - (float)per_col * 13 - 2;
    char extra[300] = "";
    if (layer->missing)
        snprintf(extra, sizeof extra, "%zu territoire%s sans contour, non dessiné%s. ", layer->missing,
                 layer->missing > 1 ? "s" : "", layer->missing > 1 ? "s" : "");
    if (overlay) {
        size_t len = strlen(extra);
        snprintf(extra + len, sizeof extra - len, "Traits épais : limites des EPCI.");
    }
    if (n_bold) {
        size_t len = strlen(extra);
        snprintf(extra + len, sizeof extra - len, "Trait épais noir : %s.", r->rd->territory.nom);
    }
    map_finish(r, &f, extra[0] ? extra : NULL);
    map_choropleth_free(&m);
    free(state), free(values);
    report_meta_free(&meta);
}
