/* The annual PDF report of a territory, laid out by the same layout file as
 * the workbook (reports/layouts/), from indicator_value, survival_curve and
 * survival_test of one run. */
#ifndef OBS_PDF_REPORT_H
#define OBS_PDF_REPORT_H

#include <stdbool.h>

#include "config.h"
#include "layout.h"
#include "pdf/pdf_doc.h"
#include "report_data.h"

typedef struct {
    pdf_doc d;
    report_data *rd;
    const obs_config *cfg;
    const report_layout *layout;
    const char *last_sheet; /* theme of the previous section: the same one continues its page */
} pdf_report;

/* Where the DejaVu fonts are: $OBS_FONT_DIR, else Debian's folder. */
const char *pdf_font_dir(void);
bool pdf_report_write(const char *path, report_data *rd, const report_layout *layout, const obs_config *cfg);

/* A section's title: a new chapter (new page) when its theme changes,
 * a sub-section otherwise; then its introduction. */
void pdf_open_section(pdf_report *r, const layout_section *sec);
/* The same on a page of its own (maps, which need most of a page). */
void pdf_open_section_on_new_page(pdf_report *r, const layout_section *sec);
/* Section renderers (pdf_sections*.c). */
void pdf_section_key_figures(pdf_report *r, const layout_section *sec);
void pdf_section_breakdown(pdf_report *r, const layout_section *sec);
void pdf_section_evolution(pdf_report *r, const layout_section *sec);
void pdf_section_table(pdf_report *r, const layout_section *sec);
void pdf_section_survival(pdf_report *r, const layout_section *sec);
void pdf_section_definitions(pdf_report *r, const layout_section *sec);
void pdf_section_sources(pdf_report *r, const layout_section *sec);
void pdf_section_secrecy(pdf_report *r);
void pdf_section_programmes(pdf_report *r, const layout_section *sec);
void pdf_section_map(pdf_report *r, const layout_section *sec);            /* pdf_sections_maps.c */
void pdf_section_subterritories(pdf_report *r, const layout_section *sec); /* pdf_sections_subterritories.c */
/* The comparison levels of the report's territory: itself, then its
 * département, région and France where they differ; returns the count. */
size_t pdf_levels(report_data *rd, const report_territory *out[4]);

#endif
