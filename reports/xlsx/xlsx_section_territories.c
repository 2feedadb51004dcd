/* Every territory of every level with the section's indicators for the
 * year: communes, EPCI, départements, régions, France and study territories.
 * Rows stream from one ordered query, so a national sheet (35 000 communes)
 * is written in constant memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
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
        if (!report_meta_get(rd, sec->indicateurs[i], &metas[i]))
            metas[i].titre = strdup(sec->indicateurs[i]);
        titles[3 + i] = metas[i].titre;
    }
    worksheet_set_column(s->ws, 0, 0, 18, NULL);
    worksheet_set_column(s->ws, 1, 1, 12, NULL);
    worksheet_set_column(s->ws, 2, 2, 36, NULL);
    lxw_row_t header = xlsx_header(x, s, titles, 3 + n);

    /* One row per (territory, indicator), ordered by level then code; the
     * indicator's position in the section gives the column. */
    sqlite3_stmt *st = db_prepare(
        rd->db, "SELECT v.niveau, v.territoire, coalesce(t.nom, v.territoire), v.indicator,"
                " v.valeur, v.secret FROM indicator_value v"
                " LEFT JOIN territoire t ON t.niveau = v.niveau AND t.code = v.territoire"
                " WHERE v.run_id = ? AND v.annee = ? AND v.dimension = ''"
                " ORDER BY CASE v.niveau WHEN 'etude' THEN 0 WHEN 'france' THEN 1 WHEN 'region' THEN 2"
                " WHEN 'departement' THEN 3 WHEN 'epci' THEN 4 ELSE 5 END, v.territoire");
    if (!st) {
        free(titles);
        free(metas);
        return false;
    }
    sqlite3_bind_int64(st, 1, rd->run_id);
    sqlite3_bind_int(st, 2, rd->year);
    char current[96] = "";
    lxw_row_t row = header;
    int band = 1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *niveau = (const char *)sqlite3_column_text(st, 0);
        const char *code = (const char *)sqlite3_column_text(st, 1);
        const char *indicator = (const char *)sqlite3_column_text(st, 3);
        size_t col = n;
        for (size_t i = 0; i < n; i++)
            if (strcmp(sec->indicateurs[i], indicator) == 0)
                col = i;
        if (col == n)
            continue;
        char key[96];
        snprintf(key, sizeof key, "%s/%s", niveau, code);
        if (strcmp(key, current) != 0) {
            snprintf(current, sizeof current, "%s", key);
            row = s->row++;
            band ^= 1;
            xlsx_text(x, s, row, 0, level_label(niveau), band);
            xlsx_text(x, s, row, 1, code, band);
            xlsx_text(x, s, row, 2, (const char *)sqlite3_column_text(st, 2), band);
            for (size_t i = 0; i < n; i++) /* blanks keep the banding; values overwrite below */
                worksheet_write_blank(s->ws, row, (lxw_col_t)(3 + i), x->st.missing[band]);
        }
        report_cell c = {.found = true, .secret = sqlite3_column_int(st, 5) != 0};
        c.has_value = !c.secret && sqlite3_column_type(st, 4) != SQLITE_NULL;
        c.valeur = sqlite3_column_double(st, 4);
        xlsx_cell(x, s, row, (lxw_col_t)(3 + col), &c, xlsx_kind_for_unit(metas[col].unite), band);
    }
    sqlite3_finalize(st);
    xlsx_filter(s, header, s->row - 1, (lxw_col_t)(2 + n));
    for (size_t i = 0; i < n; i++)
        report_meta_free(&metas[i]);
    free(metas);
    free(titles);
    return true;
}
