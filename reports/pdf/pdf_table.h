/* Tables in the PDF: a header row on a tinted band, figures right-aligned,
 * alternate rows banded, the header repeated at the top of each new page,
 * and every cell fitted to its column (shrunk, then cut with "…"). */
#ifndef OBS_PDF_TABLE_H
#define OBS_PDF_TABLE_H

#include "reports/pdf/pdf_doc.h"

#define PDF_TABLE_MAX_COLS 12

typedef struct {
    const char *title;
    float width; /* points; the first column takes what the others leave */
    int align;   /* -1 left, 0 centre, 1 right */
} pdf_col;

struct pdf_table {
    pdf_col cols[PDF_TABLE_MAX_COLS];
    char titles[PDF_TABLE_MAX_COLS][160];
    size_t n;
    int row;
};

void pdf_table_begin(pdf_doc *d, pdf_table *t, const pdf_col *cols, size_t n);
/* emphasis: a total row, in bold */
void pdf_table_row(pdf_doc *d, const char *const *cells, bool emphasis);
void pdf_table_end(pdf_doc *d);
/* Used by pdf_new_page while a table is open. */
void pdf_table_repeat_header(pdf_doc *d);

#endif
