/* Sections with a native chart on the sheet's own cells: a breakdown (by
 * family, NAF section, programme...) with a bar chart, and an evolution over
 * the years with a line chart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/xlsx/xlsx_sections.h"

static void titled(xlsx_report *x, xlsx_sheet *s, const layout_section *sec)
{
    if (s->row > 0)
        s->row++;
    worksheet_write_string(s->ws, s->row++, 0, sec->titre, x->st.title);
}

static char *indicator_title(report_data *rd, const char *id, char **unite)
{
    report_meta m;
    char *title;
    if (report_meta_get(rd, id, &m)) {
        title = m.titre;
        m.titre = NULL;
        *unite = m.unite;
        m.unite = NULL;
    } else {
        title = strdup(id);
        *unite = NULL;
    }
    report_meta_free(&m);
    return title;
}

/* The header of a table whose first column is first_title and the others
 * the section's indicators, with each indicator's unit. */
typedef struct {
    const char **titles;
    char **owned, **units;
    size_t n;
} indicator_columns;

static bool columns_open(indicator_columns *c, report_data *rd, const layout_section *sec, const char *first_title)
{
    c->n = 1 + sec->n_indicateurs;
    c->titles = calloc(c->n, sizeof *c->titles);
    c->owned = calloc(c->n, sizeof *c->owned);
    c->units = calloc(c->n, sizeof *c->units);
    if (!c->titles || !c->owned || !c->units)
        return false;
    c->titles[0] = first_title;
    for (size_t i = 0; i < sec->n_indicateurs; i++)
        c->titles[1 + i] = c->owned[1 + i] = indicator_title(rd, sec->indicateurs[i], &c->units[1 + i]);
    return true;
}

static void columns_close(indicator_columns *c)
{
    for (size_t i = 0; c->owned && c->units && i < c->n; i++) {
        free(c->owned[i]);
        free(c->units[i]);
    }
    free(c->owned);
    free(c->units);
    free(c->titles);
}

static lxw_chart *add_chart(xlsx_report *x, uint8_t type, const char *title)
{
    lxw_chart *chart = workbook_add_chart(x->wb, type);
    chart_title_set_name(chart, title);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    return chart;
}

bool xlsx_section_breakdown(xlsx_report *x, const layout_section *sec)
{
    xlsx_sheet *s = xlsx_sheet_get(x, sec->feuille);
    if (!s || sec->n_indicateurs == 0 || !sec->dimension)
        return s != NULL;
    report_data *rd = x->rd;
    titled(x, s, sec);
    size_t n_dims;
    char **dims = report_section_dimensions(rd, (const char *const *)sec->indicateurs,
                                            sec->n_indicateurs, sec->dimension, &n_dims);
    const char *first = strcmp(sec->dimension, "famille") == 0   ? "Famille de l'ESS"
                        : strcmp(sec->dimension, "section") == 0 ? "Secteur d'activité (section NAF)"
                                                                 : sec->dimension;
    indicator_columns cols;
    if (!columns_open(&cols, rd, sec, first)) {
        columns_close(&cols);
        report_free_list(dims, n_dims);
        return false;
    }
    size_t n_cols = cols.n;
    const char **titles = cols.titles;
    char **units = cols.units;
    lxw_row_t header = xlsx_header(x, s, titles, n_cols);
    for (size_t d = 0; d <= n_dims; d++) {
        const char *dim = d < n_dims ? dims[d] : "";
        char label[256] = "Ensemble";
        if (d < n_dims)
            report_dimension_label(rd, dim, label, sizeof label);
        lxw_row_t row = s->row++;
        xlsx_text(x, s, row, 0, label, (int)d);
        for (size_t i = 0; i < sec->n_indicateurs; i++) {
            report_cell c;
            report_cell_get(rd, sec->indicateurs[i], &rd->territory, rd->year, dim, &c);
            xlsx_cell(x, s, row, (lxw_col_t)(1 + i), &c, xlsx_kind_for_unit(units[1 + i]), (int)d);
        }
    }
    xlsx_filter(s, header, s->row - 1, (lxw_col_t)(n_cols - 1));
    if (sec->graphique == CHART_BARS && n_dims > 0) {
        lxw_chart *chart = add_chart(x, LXW_CHART_BAR, titles[1]);
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(series, s->name, header + 1, 0, header + (lxw_row_t)n_dims, 0);
        chart_series_set_values(series, s->name, header + 1, 1, header + (lxw_row_t)n_dims, 1);
        chart_series_set_name(series, rd->territory.nom);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        worksheet_insert_chart(s->ws, header, (lxw_col_t)(n_cols + 1), chart);
        if (s->row < header + 16)
            s->row = header + 16; /* leave room for the chart before the next section */
    }
    columns_close(&cols);
    report_free_list(dims, n_dims);
    return true;
}

bool xlsx_section_evolution(xlsx_report *x, const layout_section *sec)
{
    xlsx_sheet *s = xlsx_sheet_get(x, sec->feuille);
    if (!s || sec->n_indicateurs == 0)
        return s != NULL;
    report_data *rd = x->rd;
    titled(x, s, sec);
    size_t n_years;
    int *years = report_years(rd, sec->indicateurs[0], &n_years);
    indicator_columns cols;
    if (!years || !columns_open(&cols, rd, sec, "Année")) {
        if (years)
            columns_close(&cols);
        free(years);
        return false;
    }
    size_t n_cols = cols.n;
    const char **titles = cols.titles;
    char **units = cols.units;
    lxw_row_t header = xlsx_header(x, s, titles, n_cols);
    for (size_t y = 0; y < n_years; y++) {
        lxw_row_t row = s->row++;
        worksheet_write_number(s->ws, row, 0, years[y], x->st.year[y & 1]);
        for (size_t i = 0; i < sec->n_indicateurs; i++) {
            report_cell c;
            report_cell_get(rd, sec->indicateurs[i], &rd->territory, years[y], "", &c);
            xlsx_cell(x, s, row, (lxw_col_t)(1 + i), &c, xlsx_kind_for_unit(units[1 + i]), (int)y);
        }
    }
    xlsx_filter(s, header, s->row - 1, (lxw_col_t)(n_cols - 1));
    if (sec->graphique == CHART_LINE && n_years > 1) {
        lxw_chart *chart = add_chart(x, LXW_CHART_LINE, titles[1]);
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(series, s->name, header + 1, 0, header + (lxw_row_t)n_years, 0);
        chart_series_set_values(series, s->name, header + 1, 1, header + (lxw_row_t)n_years, 1);
        chart_series_set_name(series, rd->territory.nom);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        worksheet_insert_chart(s->ws, header, (lxw_col_t)(n_cols + 1), chart);
        if (s->row < header + 16)
            s->row = header + 16;
    }
    columns_close(&cols);
    free(years);
    return true;
}
