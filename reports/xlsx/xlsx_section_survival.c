/* Survival: the Kaplan–Meier curves of survival_curve for the territory, one
 * block per curve and group, with a line chart of the survival by group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
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
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT indicator, groupe, time, n_risk, n_event, n_censor,"
                                          " surv, lower, upper FROM survival_curve WHERE run_id=?"
                                          " AND niveau=? AND territoire=? ORDER BY indicator, groupe, time");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, rd->run_id);
    sqlite3_bind_text(st, 2, rd->territory.niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, rd->territory.code, -1, SQLITE_STATIC);
    const char *titles[] = {"Courbe", "Groupe", "Années depuis la création", "Effectif à risque",
                            "Fermetures", "Censures", "Survie", "IC 95 % bas", "IC 95 % haut"};
    lxw_row_t header = xlsx_header(x, s, titles, 9);
    lxw_chart *chart = NULL;
    char group[128] = "", curve[128] = "";
    lxw_row_t group_start = header + 1;
    int band = 0;
    for (;;) {
        int rc = sqlite3_step(st);
        const char *ind = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "";
        const char *grp = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 1) : "";
        bool new_group = rc != SQLITE_ROW || strcmp(grp, group) != 0 || strcmp(ind, curve) != 0;
        if (new_group && group[0] && s->row > group_start && sec->graphique == CHART_SURVIVAL) {
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
            snprintf(name, sizeof name, "%s — %s", curve, group);
            chart_series_set_name(series, name);
        }
        if (rc != SQLITE_ROW)
            break;
        if (new_group) {
            snprintf(group, sizeof group, "%s", grp);
            snprintf(curve, sizeof curve, "%s", ind);
            group_start = s->row;
            band++;
        }
        lxw_row_t row = s->row++;
        char label[256];
        char dim[160];
        report_dimension_of("groupe", grp, dim, sizeof dim);
        report_dimension_label(rd, dim, label, sizeof label);
        xlsx_text(x, s, row, 0, ind, band);
        xlsx_text(x, s, row, 1, label, band);
        worksheet_write_number(s->ws, row, 2, sqlite3_column_double(st, 2), x->st.kind[XLSX_RATIO][band & 1]);
        for (int c = 3; c <= 5; c++)
            worksheet_write_number(s->ws, row, (lxw_col_t)c, sqlite3_column_double(st, c),
                                   x->st.kind[XLSX_NUMBER][band & 1]);
        for (int c = 6; c <= 8; c++) {
            if (sqlite3_column_type(st, c) == SQLITE_NULL)
                worksheet_write_blank(s->ws, row, (lxw_col_t)c, x->st.missing[band & 1]);
            else
                worksheet_write_number(s->ws, row, (lxw_col_t)c, sqlite3_column_double(st, c),
                                       x->st.kind[XLSX_PERCENT][band & 1]);
        }
    }
    sqlite3_finalize(st);
    xlsx_filter(s, header, s->row - 1, 8);
    if (chart)
        worksheet_insert_chart(s->ws, header, 10, chart);
    if (s->row == header + 1)
        worksheet_write_string(s->ws, s->row++, 0, "Aucune courbe de survie pour ce territoire.",
                               x->st.note);
    return true;
}
