/* A PDF publication being written with libharu: A4 pages, embedded DejaVu
 * TrueType fonts in UTF-8, a cursor that flows content down the page and
 * breaks pages, headings collected for the table of contents, and the
 * finishing touches (contents page, footers with page numbers). */
#ifndef OBS_PDF_DOC_H
#define OBS_PDF_DOC_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#define PDF_PAGE_W 595.276f
#define PDF_PAGE_H 841.89f
#define PDF_MARGIN 56.0f
#define PDF_TOP (PDF_PAGE_H - PDF_MARGIN)
#define PDF_BOTTOM (PDF_MARGIN + 14.0f) /* room for the footer */
#define PDF_CONTENT_W (PDF_PAGE_W - 2 * PDF_MARGIN)

typedef struct {
    float r, g, b;
} pdf_rgb;

extern const pdf_rgb PDF_INK, PDF_MUTED, PDF_ACCENT, PDF_ACCENT_LIGHT, PDF_BAND, PDF_RULE;
/* Series colours of charts, distinct in print and for colour-blind readers. */
extern const pdf_rgb PDF_SERIES[6];

typedef struct {
    char *title;
    int level; /* 1 section, 2 sub-section */
    size_t page; /* index in pages[] */
} pdf_toc_entry;

typedef struct pdf_table pdf_table;

typedef struct pdf_doc {
    HPDF_Doc doc;
    HPDF_Font regular, bold;
    HPDF_Page page;
    HPDF_Page *pages;
    size_t n_pages, cap_pages;
    float y; /* top of the next block, points from the bottom of the page */
    pdf_toc_entry *toc;
    size_t n_toc, cap_toc;
    pdf_table *table; /* the table being written: its header repeats on a new page */
    void (*on_new_page)(struct pdf_doc *d); /* set by the table being written (pdf_table.c) */
    bool failed;
    char error[256];
} pdf_doc;

/* Creates the document with the fonts of font_dir (DejaVuSans.ttf and
 * DejaVuSans-Bold.ttf); false with a message when they cannot be loaded. */
bool pdf_doc_open(pdf_doc *d, const char *font_dir);
/* Marks the document failed with the reason pdf_doc_finish prints (the
 * first one given is kept): out of memory in a section, for instance. */
void pdf_doc_fail(pdf_doc *d, const char *why);
/* Sets title, author, subject and the creation date (from the run ledger,
 * "YYYY-MM-DDTHH:MM:SS", so the same run gives the same file). */
void pdf_doc_info(pdf_doc *d, const char *title, const char *author, const char *subject, const char *when);
/* Where the DejaVu fonts are: $OBS_FONT_DIR, else Debian's folder. */
const char *pdf_font_dir(void);
void pdf_new_page(pdf_doc *d);
/* Starts a new page unless `height` points fit below the cursor. */
bool pdf_need(pdf_doc *d, float height);

float pdf_width(pdf_doc *d, HPDF_Font f, float size, const char *s);
void pdf_text(pdf_doc *d, HPDF_Font f, float size, float x, float y, const char *s);
void pdf_text_right(pdf_doc *d, HPDF_Font f, float size, float x_right, float y, const char *s);
void pdf_text_center(pdf_doc *d, HPDF_Font f, float size, float x_center, float y, const char *s);
/* Text that must fit `width`: shrunk down to min_size, then cut with "…". */
void pdf_text_fit(pdf_doc *d, HPDF_Font f, float size, float min_size, float x, float y, float width,
                  const char *s, int align /* -1 left, 0 centre, 1 right */);
/* A paragraph wrapped to `width` at the cursor (x from the left margin),
 * breaking pages as needed; the cursor moves below it. */
void pdf_paragraph(pdf_doc *d, HPDF_Font f, float size, float indent, float width, const char *s);
/* Height the paragraph would take. */
float pdf_paragraph_height(pdf_doc *d, HPDF_Font f, float size, float width, const char *s);
/* A section (level 1: new page) or sub-section (level 2) title, listed in
 * the table of contents. */
void pdf_heading(pdf_doc *d, int level, const char *title);

void pdf_set_fill(pdf_doc *d, pdf_rgb c);
void pdf_set_stroke(pdf_doc *d, pdf_rgb c);
void pdf_rect(pdf_doc *d, float x, float y, float w, float h, pdf_rgb fill);
void pdf_line(pdf_doc *d, float x1, float y1, float x2, float y2, float width, pdf_rgb c);

/* Inserts the table of contents after the cover, draws every footer
 * ("left text", "page N / M") and saves to path. Frees everything. */
bool pdf_doc_finish(pdf_doc *d, const char *path, const char *footer_left);
void pdf_doc_free(pdf_doc *d);

#endif
