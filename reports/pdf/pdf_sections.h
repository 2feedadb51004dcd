/* The section renderers of the annual PDF report (pdf_sections*.c), called
 * by pdf_report.c in the order of the layout. */
#ifndef OBS_PDF_SECTIONS_H
#define OBS_PDF_SECTIONS_H

#include "reports/pdf/pdf_section.h"

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

#endif
