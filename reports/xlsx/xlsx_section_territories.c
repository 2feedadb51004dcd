/* Every territory of every level with the section's indicators for the
 * year: communes, EPCI, départements, régions, France and study territories.
 * Rows stream from one ordered query of the data layer, so a national sheet
 * (35 000 communes) is written in constant memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/log.h"
#include "reports/data/report_territory_values.h"
#include "reports/xlsx/xlsx_sections.h"

static const char *level_label(const char *niveau)
{
    static const char *const labels[][2] = {
        {"etude", "Territoire d'étude"}, {"france", "France"},   {"region", "Région"},
        {"departement", "Département"},  {"epci", "EPCI"},       {"commune", "Commune"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (strcmp(labels[i][0], niveau) == 0)
            return labels[i][1];
    return niveau;
}

bool xlsx_section_territories(xlsx_report *x, const layout_section *sec)
{
    xlsx_sheet *s = xlsx_sheet_get(x, sec->feuille);
    if (!s || sec->n_indicateurs == 0)
        return s != NULL;
    report_data *rd = x->rd;
    size_t n = sec->n_indicateurs;
    const char **titles = calloc(3 + n, sizeof *titles);
    report_meta *metas = calloc(n, sizeof *metas);
    if (!titles || !metas) {
        free(titles);
        free(metas);
        return false;
    }
    titles[0] = "Niveau";
    titles[1] = "Code";
    titles[2] = "Nom";
    for (size_t i = 0; i < n; i++) {
        if (!report_meta_get(rd, sec->indicateurs[i], &metas[i]) &&
            !(metas[i].titre = strdup(sec->indicateurs[i]))) {
            obs_error("feuille « %s » : mémoire insuffisante", sec->feuille);
            for (size_t k = 0; k <= i; k++)
                report_meta_free(&metas[k]);
            free(metas);
            free(titles);
            return false;
        }
        titles[3 + i] = metas[i].titre;
    }
    worksheet_set_column(s->ws, 0, 0, 18, NULL);
    worksheet_set_column(s->ws, 1, 1, 12, NULL);
    worksheet_set_column(s->ws, 2, 2, 36, NULL);
    lxw_row_t header = xlsx_header(x, s, titles, 3 + n);

    /* One value per (territory, indicator), ordered by level then code
     * (reports/data); the indicator's position in the section gives the column. */
    report_territory_values *it = report_territory_values_open(rd);
    if (!it) {
        free(titles);
        free(metas);
        return false;
    }
    char current[96] = "";
    lxw_row_t row = header;
    int band = 1;
    report_territory_value v;
    while (report_territory_values_next(it, &v)) {
        size_t col = n;
        for (size_t i = 0; i < n; i++)
            if (strcmp(sec->indicateurs[i], v.indicator) == 0)
                col = i;
        if (col == n)
            continue;
        char key[96];
        snprintf(key, sizeof key, "%s/%s", v.niveau, v.code);
        if (strcmp(key, current) != 0) {
            snprintf(current, sizeof current, "%s", key);
            row = s->row++;
            band ^= 1;
            xlsx_text(x, s, row, 0, level_label(v.niveau), band);
            xlsx_text(x, s, row, 1, v.code, band);
            xlsx_text(x, s, row, 2, v.nom, band);
            for (size_t i = 0; i < n; i++) /* blanks keep the banding; values overwrite below */
                worksheet_write_blank(s->ws, row, (lxw_col_t)(3 + i), x->st.missing[band]);
        }
        xlsx_cell(x, s, row, (lxw_col_t)(3 + col), &v.cell, xlsx_kind_for_unit(metas[col].unite), band);
    }
    bool ok = report_territory_values_close(it);
    xlsx_filter(s, header, s->row - 1, (lxw_col_t)(2 + n));
    for (size_t i = 0; i < n; i++)
        report_meta_free(&metas[i]);
    free(metas);
    free(titles);
    return ok;
}
