/* Survival: the Kaplan–Meier curves of survival_curve for the territory, one
 * block per curve and group, with a line chart of the survival by group. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/data/survival_curves.h"
#include "reports/data/survival_note.h"
#include "reports/xlsx/xlsx_sections.h"


bool xlsx_section_survival(xlsx_report *x, const layout_section *sec)
{
    xlsx_sheet *s = xlsx_sheet_get(x, sec->feuille);
    if (!s)
        return false;
    report_data *rd = x->rd;
    if (s->row > 0)
        s->row++;
    worksheet_write_string(s->ws, s->row++, 0, sec->titre, x->st.title);
    survival_gaps gaps;
    char notes[512];
    if (survival_gaps_count(rd, &gaps)) {
        survival_gaps_text(&gaps, notes, sizeof notes);
        for (char *save = NULL, *line = strtok_r(notes, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
            worksheet_write_string(s->ws, s->row++, 0, line, x->st.note);
    }
    survival_curves curves;
    if (!survival_curves_load(rd, &curves))
        return false;
    const char *titles[] = {"Courbe", "Groupe", "Années depuis la création", "Effectif à risque",
                            "Fermetures", "Censures", "Survie", "IC 95 % bas", "IC 95 % haut"};
    lxw_row_t header = xlsx_header(x, s, titles, 9);
    lxw_chart *chart = NULL;
    for (size_t k = 0; k < curves.n; k++) {
        const survival_curve *c = &curves.items[k];
        int band = (int)k + 1;
        lxw_row_t group_start = s->row;
        char label[256], dim[160];
        report_dimension_of("groupe", c->group, dim, sizeof dim);
        report_dimension_label(rd, dim, label, sizeof label);
        for (size_t i = 0; i < c->n; i++) {
            lxw_row_t row = s->row++;
            xlsx_text(x, s, row, 0, c->indicator, band);
            xlsx_text(x, s, row, 1, label, band);
            worksheet_write_number(s->ws, row, 2, c->time[i], x->st.kind[XLSX_RATIO][band & 1]);
            const double counts[] = {c->n_risk[i], c->n_event[i], c->n_censor[i]};
            for (int j = 0; j < 3; j++)
                worksheet_write_number(s->ws, row, (lxw_col_t)(3 + j), counts[j], x->st.kind[XLSX_NUMBER][band & 1]);
            const double shares[] = {c->surv[i], c->lower[i], c->upper[i]};
            for (int j = 0; j < 3; j++) {
                if (isnan(shares[j]))
                    worksheet_write_blank(s->ws, row, (lxw_col_t)(6 + j), x->st.missing[band & 1]);
                else
                    worksheet_write_number(s->ws, row, (lxw_col_t)(6 + j), shares[j],
                                           x->st.kind[XLSX_PERCENT][band & 1]);
            }
        }
        if (s->row > group_start && sec->graphique == CHART_SURVIVAL) {
            /* one scatter series per group: time on x, survival on y */
            if (!chart) {
                chart = workbook_add_chart(x->wb, LXW_CHART_SCATTER_STRAIGHT);
                chart_title_set_name(chart, "Survie des établissements (Kaplan–Meier)");
                chart_axis_set_name(chart->x_axis, "Années depuis la création");
                chart_axis_set_name(chart->y_axis, "Part encore active");
                chart_axis_set_min(chart->y_axis, 0);
                chart_axis_set_max(chart->y_axis, 1);
                chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
            }
            lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
            chart_series_set_categories(series, s->name, group_start, 2, s->row - 1, 2);
            chart_series_set_values(series, s->name, group_start, 6, s->row - 1, 6);
            char name[300];
            snprintf(name, sizeof name, "%s — %s", c->indicator, c->group);
            chart_series_set_name(series, name);
        }
    }
    survival_curves_free(&curves);
    xlsx_filter(s, header, s->row - 1, 8);
    if (chart)
        worksheet_insert_chart(s->ws, header, 10, chart);
    if (s->row == header + 1)
        worksheet_write_string(s->ws, s->row++, 0, "Aucune courbe de survie pour ce territoire.",
                               x->st.note);
    return true;
}
