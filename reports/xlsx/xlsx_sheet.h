/* What the section writers of the workbook share (xlsx_section_*.c): the
 * workbook being written, its sheets, and the cells they hold. */
#ifndef OBS_XLSX_SHEET_H
#define OBS_XLSX_SHEET_H

#include <stdbool.h>
#include <xlsxwriter.h>

#include "engine/core/config.h"
#include "reports/data/layout.h"
#include "reports/data/report_data.h"
#include "reports/xlsx/xlsx_styles.h"

#define XLSX_MAX_SHEETS 24

typedef struct {
    lxw_worksheet *ws;
    char name[32];
    lxw_row_t row;       /* next free row */
    bool has_filter;     /* Excel allows one autofilter per sheet */
    bool has_freeze;
} xlsx_sheet;

typedef struct {
    lxw_workbook *wb;
    xlsx_styles st;
    xlsx_sheet sheets[XLSX_MAX_SHEETS];
    size_t n_sheets;
    report_data *rd;
    const obs_config *cfg;
    const report_layout *layout;
} xlsx_report;

xlsx_sheet *xlsx_sheet_get(xlsx_report *x, const char *name);
/* Writes a header row at the sheet's current row; freezes the first header
 * of a sheet and returns its row. */
lxw_row_t xlsx_header(xlsx_report *x, xlsx_sheet *s, const char *const *titles, size_t n);
/* A published cell: number in the unit's format, "s" with a comment when
 * secret, blank when absent; band alternates row shading. */
void xlsx_cell(xlsx_report *x, xlsx_sheet *s, lxw_row_t row, lxw_col_t col, const report_cell *c,
               xlsx_kind kind, int band);
void xlsx_text(xlsx_report *x, xlsx_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, int band);
/* Adds an autofilter over a table if the sheet has none yet. */
void xlsx_filter(xlsx_sheet *s, lxw_row_t first, lxw_row_t last, lxw_col_t last_col);

#endif
