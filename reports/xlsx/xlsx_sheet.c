/* The workbook's sheets and the cells every section writes. */
#include "reports/xlsx/xlsx_sheet.h"

#include <stdio.h>
#include <string.h>

#include "engine/core/log.h"

#define SECRET_COMMENT                                                                             \
    "Secret statistique : valeur non diffusée (moins de 3 établissements ou 5 personnes, "        \
    "un établissement dominant, ou valeur qui permettrait de recalculer une cellule secrète)."

xlsx_sheet *xlsx_sheet_get(xlsx_report *x, const char *name)
{
    for (size_t i = 0; i < x->n_sheets; i++)
        if (strcmp(x->sheets[i].name, name) == 0)
            return &x->sheets[i];
    if (x->n_sheets == XLSX_MAX_SHEETS)
        return NULL;
    xlsx_sheet *s = &x->sheets[x->n_sheets];
    s->ws = workbook_add_worksheet(x->wb, name);
    if (!s->ws) {
        obs_error("classeur : feuille « %s » impossible (nom invalide ou en double)", name);
        return NULL;
    }
    x->n_sheets++;
    snprintf(s->name, sizeof s->name, "%s", name);
    s->row = 0;
    worksheet_set_column(s->ws, 0, 0, 42, NULL);
    worksheet_set_column(s->ws, 1, 12, 16, NULL);
    return s;
}

lxw_row_t xlsx_header(xlsx_report *x, xlsx_sheet *s, const char *const *titles, size_t n)
{
    lxw_row_t row = s->row++;
    worksheet_set_row(s->ws, row, 30, NULL);
    for (size_t i = 0; i < n; i++)
        worksheet_write_string(s->ws, row, (lxw_col_t)i, titles[i], x->st.header);
    if (!s->has_freeze) {
        worksheet_freeze_panes(s->ws, row + 1, 0);
        s->has_freeze = true;
    }
    return row;
}

void xlsx_text(xlsx_report *x, xlsx_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, int band)
{
    /* write_string never makes a formula: "=HYPERLINK(...)" stays text */
    worksheet_write_string(s->ws, row, col, text ? text : "", x->st.text[band & 1]);
}

void xlsx_cell(xlsx_report *x, xlsx_sheet *s, lxw_row_t row, lxw_col_t col, const report_cell *c,
               xlsx_kind kind, int band)
{
    band &= 1;
    if (c->found && c->secret) {
        worksheet_write_string(s->ws, row, col, "s", x->st.secret[band]);
        worksheet_write_comment(s->ws, row, col, SECRET_COMMENT);
        return;
    }
    if (!c->found || !c->has_value) {
        worksheet_write_blank(s->ws, row, col, x->st.missing[band]);
        return;
    }
    double v = kind == XLSX_PERCENT ? c->valeur / 100.0 : c->valeur;
    worksheet_write_number(s->ws, row, col, v, x->st.kind[kind][band]);
}

void xlsx_filter(xlsx_sheet *s, lxw_row_t first, lxw_row_t last, lxw_col_t last_col)
{
    if (s->has_filter || last <= first)
        return;
    worksheet_autofilter(s->ws, first, 0, last, last_col);
    s->has_filter = true;
}
