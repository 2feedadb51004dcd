/* The section writers of the workbook (xlsx_section_*.c), called by
 * xlsx_report.c in the order of the layout. */
#ifndef OBS_XLSX_SECTIONS_H
#define OBS_XLSX_SECTIONS_H

#include "reports/xlsx/xlsx_sheet.h"

bool xlsx_section_key_figures(xlsx_report *x, const layout_section *sec);
bool xlsx_section_breakdown(xlsx_report *x, const layout_section *sec);
bool xlsx_section_evolution(xlsx_report *x, const layout_section *sec);
bool xlsx_section_table(xlsx_report *x, const layout_section *sec);
bool xlsx_section_survival(xlsx_report *x, const layout_section *sec);
bool xlsx_section_territories(xlsx_report *x, const layout_section *sec);
bool xlsx_section_definitions(xlsx_report *x, const layout_section *sec);
/* the directory of the territory's active ESS establishments (public SIRENE data) */
bool xlsx_section_directory(xlsx_report *x, const layout_section *sec);
bool xlsx_section_metadata(xlsx_report *x, const layout_section *sec);

#endif
