/* Sub-territories and other basins (type sous_territoires in the layout):
 * the study territory's EPCIs side by side, in a table and on a map of the
 * section's first indicator, then the other study territories of the
 * configuration on the same indicators. Published cells only: « s » for a
 * secret one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/fr_format.h"
#include "reports/data/report_places.h"
#include "reports/pdf/pdf_map_page.h"
#include "reports/pdf/pdf_table.h"

#define MAX_IND 4

static void row_of(pdf_report *r, const report_territory *t, const layout_section *sec, size_t n_ind,
                   report_meta *metas, const bool *known, bool bold)
{
    char v[MAX_IND][128];
    const char *cells[1 + MAX_IND] = {t->nom};
    for (size_t i = 0; i < n_ind; i++) {
        report_cell c;
        if (!report_cell_get(r->rd, sec->indicateurs[i], t, r->rd->year, "", &c))
            c.found = false;
        fr_cell(&c, known[i] ? metas[i].unite : NULL, v[i], sizeof v[i]);
        cells[1 + i] = v[i];
    }
    pdf_table_row(&r->d, cells, bold);
}

void pdf_section_subterritories(pdf_report *r, const layout_section *sec)
{
    report_data *rd = r->rd;
    pdf_doc *d = &r->d;
    pdf_open_section_on_new_page(r, sec); /* the table and the map of the EPCIs together */
    size_t n_ind = sec->n_indicateurs < MAX_IND ? sec->n_indicateurs : MAX_IND;
    if (n_ind == 0)
        return;
    report_meta metas[MAX_IND];
    bool known[MAX_IND];
    pdf_col cols[1 + MAX_IND] = {{"Territoire", 0, -1}};
    for (size_t i = 0; i < n_ind; i++) {
        known[i] = report_meta_get(rd, sec->indicateurs[i], &metas[i]);
        cols[1 + i] = (pdf_col){known[i] ? metas[i].titre : sec->indicateurs[i], 86, 1};
    }
    /* the EPCIs of the study territory, then the territory itself */
    size_t n = 0;
    char **codes = report_unit_codes(rd, "epci", rd->territory.niveau, rd->territory.code, &n);
    pdf_table t;
    pdf_table_begin(d, &t, cols, 1 + n_ind);
    for (size_t k = 0; k < n; k++) {
        report_territory e = {.niveau = "epci"};
        snprintf(e.code, sizeof e.code, "%s", codes[k]);
        report_territory_name(rd, "epci", codes[k], e.nom, sizeof e.nom);
        row_of(r, &e, sec, n_ind, metas, known, false);
    }
    row_of(r, &rd->territory, sec, n_ind, metas, known, true);
    pdf_table_end(d);
    d->y -= 6;
    /* the map of the first indicator by EPCI of the territory */
    map_layer layer;
    if (map_read_layer(r, "epci", codes, n, &layer)) {
        char title[300];
        snprintf(title, sizeof title, "%s, par EPCI", known[0] ? metas[0].titre : sec->indicateurs[0]);
        map_draw_choropleth(r, title, sec->indicateurs[0], "epci", &layer, sec->nombre_classes, sec->quantiles,
                            NULL, 0, 300, true, NULL);
    }
    map_layer_free(&layer);
    for (size_t k = 0; k < n; k++)
        free(codes[k]);
    free(codes);
    /* the other study territories of the configuration */
    pdf_heading(d, 2, "Comparaison avec les autres territoires d'étude");
    size_t n_other = 0;
    report_territory *others = NULL;
    if (report_territories_at(rd, rd->territory.niveau, &others, &n_other)) {
        pdf_table_begin(d, &t, cols, 1 + n_ind);
        for (size_t k = 0; k < n_other; k++)
            row_of(r, &others[k], sec, n_ind, metas, known, strcmp(others[k].code, rd->territory.code) == 0);
        if (rd->region.code[0])
            row_of(r, &rd->region, sec, n_ind, metas, known, false);
        pdf_table_end(d);
        free(others);
    }
    pdf_set_fill(d, PDF_MUTED);
    pdf_paragraph(d, d->regular, 7.5f, 0, PDF_CONTENT_W,
                  "Chiffres publiés de l'année ; « s » : secret statistique ; « — » : pas de donnée. "
                  "En gras : le territoire du rapport.");
    pdf_set_fill(d, PDF_INK);
    for (size_t i = 0; i < n_ind; i++)
        if (known[i])
            report_meta_free(&metas[i]);
}
