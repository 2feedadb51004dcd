/* What the section renderers of the annual PDF report share: the report
 * being written, a section's opening, the comparison levels. */
#ifndef OBS_PDF_SECTION_H
#define OBS_PDF_SECTION_H

#include "engine/core/config.h"
#include "reports/data/layout.h"
#include "reports/pdf/pdf_doc.h"
#include "reports/data/report_data.h"

typedef struct {
    pdf_doc d;
    report_data *rd;
    const obs_config *cfg;
    const report_layout *layout;
    const char *last_sheet; /* theme of the previous section: the same one continues its page */
    const char *heading;    /* the title of the section being written */
} pdf_report;

/* A section's title: a new chapter (new page) when its theme changes,
 * a sub-section otherwise; then its introduction. */
void pdf_open_section(pdf_report *r, const layout_section *sec);
/* The same on a page of its own (maps, which need most of a page). */
void pdf_open_section_on_new_page(pdf_report *r, const layout_section *sec);
/* The comparison levels of the report's territory: itself, then its
 * département, région and France where they differ; returns the count. */
size_t pdf_levels(report_data *rd, const report_territory *out[4]);

#endif
