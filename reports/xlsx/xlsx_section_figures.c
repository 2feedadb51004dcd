/* Sections made of figures: key figures with comparison levels, and plain
 * tables of indicators (optionally broken down) with their intervals. */
#include <stdio.h>
#include <string.h>

#include "reports/xlsx/xlsx_sections.h"

static const char *unit_label(const char *unite)
{
    if (!unite) return "";
    if (strcmp(unite, "euros") == 0) return "€";
    if (strcmp(unite, "pourcent") == 0) return "%";
    if (strcmp(unite, "annees") == 0) return "années";
    if (strcmp(unite, "ratio") == 0) return "ratio";
    return "nombre";
}

/* Title and optional introduction of a section on its sheet. */
static void section_title(xlsx_report *x, xlsx_sheet *s, const layout_section *sec)
{
    if (s->row > 0)
        s->row++;
    worksheet_write_string(s->ws, s->row++, 0, sec->titre, x->st.title);
    if (sec->texte) {
        worksheet_set_row(s->ws, s->row, 45, NULL);
        worksheet_merge_range(s->ws, s->row, 0, s->row, 6, sec->texte, x->st.note);
        s->row++;
    }
}

static void footnote(xlsx_report *x, xlsx_sheet *s)
{
    char note[160];
    snprintf(note, sizeof note, "Année %d. « s » : secret statistique (voir la feuille Définitions).",
             x->rd->year);
    worksheet_write_string(s->ws, s->row++, 0, note, x->st.note);
}

bool xlsx_section_key_figures(xlsx_report *x, const layout_section *sec)
{
    xlsx_sheet *s = xlsx_sheet_get(x, sec->feuille);
    if (!s)
        return false;
    report_data *rd = x->rd;
    section_title(x, s, sec);
    char notes[600];
    report_comparison_notes(rd, notes, sizeof notes);
    for (char *save = NULL, *line = strtok_r(notes, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        worksheet_write_string(s->ws, s->row++, 0, line, x->st.note);
    const report_territory *levels[4] = {&rd->territory};
    size_t n_levels = 1;
    const report_territory *candidates[] = {&rd->departement, &rd->region, &rd->france};
    for (size_t i = 0; i < 3; i++)
        if (candidates[i]->code[0] && strcmp(candidates[i]->niveau, rd->territory.niveau) != 0)
            levels[n_levels++] = candidates[i];
    const char *titles[6] = {"Indicateur", "Unité"};
    for (size_t i = 0; i < n_levels; i++)
        titles[2 + i] = levels[i]->nom;
    lxw_row_t first = xlsx_header(x, s, titles, 2 + n_levels);
    for (size_t i = 0; i < sec->n_indicateurs; i++) {
        report_meta m;
        bool known = report_meta_get(rd, sec->indicateurs[i], &m);
        xlsx_kind kind = xlsx_kind_for_unit(known ? m.unite : NULL);
        lxw_row_t row = s->row++;
        xlsx_text(x, s, row, 0, known ? m.titre : sec->indicateurs[i], (int)i);
        xlsx_text(x, s, row, 1, unit_label(known ? m.unite : NULL), (int)i);
        for (size_t l = 0; l < n_levels; l++) {
            report_cell c;
            report_cell_get(rd, sec->indicateurs[i], levels[l], rd->year, "", &c);
            xlsx_cell(x, s, row, (lxw_col_t)(2 + l), &c, kind, (int)i);
        }
        report_meta_free(&m);
    }
    xlsx_filter(s, first, s->row - 1, (lxw_col_t)(1 + n_levels));
    footnote(x, s);
    return true;
}

/* The comparison levels of the territory, as the PDF shows them. */
static size_t comparison_levels(report_data *rd, const report_territory *levels[4])
{
    size_t n = 0;
    levels[n++] = &rd->territory;
    const report_territory *candidates[] = {&rd->departement, &rd->region, &rd->france};
    for (size_t i = 0; i < 3; i++)
        if (candidates[i]->code[0] && strcmp(candidates[i]->niveau, rd->territory.niveau) != 0)
            levels[n++] = candidates[i];
    return n;
}

/* One row of the plain table: indicator, detail, value, interval, the value
 * at each comparison level, unit. */
static void table_row(xlsx_report *x, xlsx_sheet *s, const char *indicator, const report_meta *m,
                      const char *dimension, const char *detail, int band,
                      const report_territory *const *levels, size_t n_levels)
{
    report_data *rd = x->rd;
    xlsx_kind kind = xlsx_kind_for_unit(m->unite);
    report_cell c;
    report_cell_get(rd, indicator, &rd->territory, rd->year, dimension, &c);
    lxw_row_t row = s->row++;
    xlsx_text(x, s, row, 0, m->titre ? m->titre : indicator, band);
    xlsx_text(x, s, row, 1, detail, band);
    xlsx_cell(x, s, row, 2, &c, kind, band);
    report_cell lo = c, hi = c;
    lo.has_value = c.has_ic;
    lo.valeur = c.ic_bas;
    hi.has_value = c.has_ic;
    hi.valeur = c.ic_haut;
    xlsx_cell(x, s, row, 3, &lo, kind, band);
    xlsx_cell(x, s, row, 4, &hi, kind, band);
    for (size_t l = 1; l < n_levels; l++) {
        report_cell lc;
        report_cell_get(rd, indicator, levels[l], rd->year, dimension, &lc);
        xlsx_cell(x, s, row, (lxw_col_t)(4 + l), &lc, kind, band);
    }
    xlsx_text(x, s, row, (lxw_col_t)(4 + n_levels), unit_label(m->unite), band);
}

bool xlsx_section_table(xlsx_report *x, const layout_section *sec)
{
    xlsx_sheet *s = xlsx_sheet_get(x, sec->feuille);
    if (!s)
        return false;
    report_data *rd = x->rd;
    section_title(x, s, sec);
    const report_territory *levels[4];
    size_t n_levels = comparison_levels(rd, levels);
    const char *titles[9] = {"Indicateur", "Détail", rd->territory.nom, "IC 95 % bas", "IC 95 % haut"};
    for (size_t l = 1; l < n_levels; l++)
        titles[4 + l] = levels[l]->nom;
    titles[4 + n_levels] = "Unité";
    size_t n_cols = 5 + n_levels;
    lxw_row_t first = xlsx_header(x, s, titles, n_cols);
    int band = 0;
    for (size_t i = 0; i < sec->n_indicateurs; i++) {
        report_meta m;
        if (!report_meta_get(rd, sec->indicateurs[i], &m))
            m.titre = NULL;
        size_t n = 0;
        char **dims = sec->dimension ? report_dimension_values(rd, sec->indicateurs[i], sec->dimension, &n) : NULL;
        /* no "Ensemble" row for figures computed by group only (survival) */
        report_cell total;
        bool has_total = report_cell_get(rd, sec->indicateurs[i], &rd->territory, rd->year, "", &total) &&
                         total.found;
        if (has_total || n == 0)
            table_row(x, s, sec->indicateurs[i], &m, "", "Ensemble", band++, levels, n_levels);
        for (size_t d = 0; d < n; d++) {
            char label[256];
            report_dimension_label(rd, dims[d], label, sizeof label);
            table_row(x, s, sec->indicateurs[i], &m, dims[d], label, band++, levels, n_levels);
        }
        report_free_list(dims, n);
        report_meta_free(&m);
    }
    xlsx_filter(s, first, s->row - 1, (lxw_col_t)(n_cols - 1));
    footnote(x, s);
    return true;
}
