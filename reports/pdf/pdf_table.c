#include "pdf/pdf_table.h"

#include <stdio.h>
#include <string.h>

#define ROW_H 15.0f
#define ROW_H2 24.0f /* a row whose text needs two lines */
#define HEADER_H 26.0f
#define FONT 8.5f

/* Splits s into at most two lines that fit width at size (shrinking down to
 * 6.5 pt); returns the number of lines and the size used. */
static int two_lines(pdf_doc *d, HPDF_Font f, const char *s, float width, float *size, char *l1, char *l2,
                     size_t len)
{
    snprintf(l1, len, "%s", s);
    l2[0] = '\0';
    if (pdf_width(d, f, *size, s) <= width)
        return 1;
    for (float sz = *size; sz >= 6.5f; sz -= 0.5f) {
        /* the last space that keeps the first line within width */
        size_t best = 0;
        for (size_t i = 0; s[i]; i++) {
            if (s[i] != ' ')
                continue;
            snprintf(l1, len, "%.*s", (int)i, s);
            if (pdf_width(d, f, sz, l1) <= width)
                best = i;
        }
        if (best > 0) {
            snprintf(l1, len, "%.*s", (int)best, s);
            snprintf(l2, len, "%s", s + best + 1);
            if (pdf_width(d, f, sz, l2) <= width || sz <= 6.5f) {
                *size = sz;
                return 2;
            }
        }
    }
    snprintf(l1, len, "%s", s);
    l2[0] = '\0';
    return 1; /* one long word: pdf_text_fit shrinks or cuts it */
}

/* A cell's text on one or two lines, vertically centred in a row of height h. */
static void cell(pdf_doc *d, HPDF_Font f, float x, float w, float h, const char *s, int align)
{
    char l1[512], l2[512];
    float size = FONT;
    int n = two_lines(d, f, s, w, &size, l1, l2, sizeof l1);
    float mid = d->y - h / 2;
    if (n == 1) {
        pdf_text_fit(d, f, size, 6, x, mid - size / 3, w, l1, align);
    } else {
        pdf_text_fit(d, f, size, 6, x, mid + 1.5f, w, l1, align);
        pdf_text_fit(d, f, size, 6, x, mid - size - 0.5f, w, l2, align);
    }
}

static bool needs_two_lines(pdf_doc *d, HPDF_Font f, const char *s, float w)
{
    return pdf_width(d, f, FONT, s) > w;
}

static void header(pdf_doc *d)
{
    pdf_table *t = d->table;
    pdf_rect(d, PDF_MARGIN, d->y - HEADER_H, PDF_CONTENT_W, HEADER_H, PDF_ACCENT_LIGHT);
    float x = PDF_MARGIN;
    pdf_set_fill(d, PDF_INK);
    for (size_t i = 0; i < t->n; i++) {
        cell(d, d->bold, x + 4, t->cols[i].width - 8, HEADER_H, t->cols[i].title, t->cols[i].align);
        x += t->cols[i].width;
    }
    d->y -= HEADER_H;
    t->row = 0;
}

void pdf_table_repeat_header(pdf_doc *d)
{
    header(d);
}

void pdf_table_begin(pdf_doc *d, pdf_table *t, const pdf_col *cols, size_t n)
{
    if (n > PDF_TABLE_MAX_COLS)
        n = PDF_TABLE_MAX_COLS;
    float others = 0;
    for (size_t i = 0; i < n; i++) {
        t->cols[i] = cols[i];
        snprintf(t->titles[i], sizeof t->titles[i], "%s", cols[i].title ? cols[i].title : "");
        t->cols[i].title = t->titles[i];
        if (i > 0)
            others += cols[i].width;
    }
    t->n = n;
    t->cols[0].width = PDF_CONTENT_W - others;
    /* the header and two rows at least stay together */
    d->table = NULL;
    pdf_need(d, HEADER_H + 2 * ROW_H);
    d->table = t;
    header(d);
}

void pdf_table_row(pdf_doc *d, const char *const *cells, bool emphasis)
{
    pdf_table *t = d->table;
    HPDF_Font f = emphasis ? d->bold : d->regular;
    float h = ROW_H;
    for (size_t i = 0; i < t->n; i++)
        if (cells[i] && needs_two_lines(d, f, cells[i], t->cols[i].width - 8))
            h = ROW_H2;
    pdf_need(d, h);
    if (t->row % 2 == 1 || emphasis)
        pdf_rect(d, PDF_MARGIN, d->y - h, PDF_CONTENT_W, h, emphasis ? PDF_ACCENT_LIGHT : PDF_BAND);
    float x = PDF_MARGIN;
    for (size_t i = 0; i < t->n; i++) {
        const char *s = cells[i] ? cells[i] : "";
        pdf_set_fill(d, strcmp(s, "s") == 0 ? PDF_MUTED : PDF_INK);
        cell(d, f, x + 4, t->cols[i].width - 8, h, s, t->cols[i].align);
        x += t->cols[i].width;
    }
    pdf_set_fill(d, PDF_INK);
    d->y -= h;
    t->row++;
}

void pdf_table_end(pdf_doc *d)
{
    pdf_line(d, PDF_MARGIN, d->y, PDF_MARGIN + PDF_CONTENT_W, d->y, 0.6f, PDF_RULE);
    d->table = NULL;
    d->y -= 10;
}
