#include "reports/pdf/pdf_table.h"

#include <stdio.h>
#include <string.h>

#define ROW_H 15.0f
#define ROW_H2 24.0f /* a row whose text needs two lines */
#define ROW_STEP 9.5f /* each line more */
#define HEADER_H 26.0f
#define FONT 8.5f

#define MAX_LINES 4

/* The longest first line of s that fits width at size, breaking at a space
 * (dropped) or after a hyphen (kept: « Hauts-de- / France »): its length, and
 * in *next where the rest starts; 0 when no break fits. */
static size_t first_line(pdf_doc *d, HPDF_Font f, const char *s, float width, float size, size_t *next)
{
    char buf[512];
    size_t best = 0;
    for (size_t i = 0; s[i] && i < sizeof buf - 1; i++) {
        size_t end, after;
        if (s[i] == ' ' && i > 0) {
            end = i;
            after = i + 1;
        } else if (s[i] == '-' && i > 0 && s[i + 1] && s[i + 1] != ' ') {
            end = i + 1;
            after = i + 1;
        } else {
            continue;
        }
        snprintf(buf, sizeof buf, "%.*s", (int)end, s);
        if (pdf_width(d, f, size, buf) > width)
            break; /* widths only grow */
        best = end;
        *next = after;
    }
    return best;
}

/* Splits s into at most max lines that fit width at size (shrinking down to
 * 6.5 pt); returns the number of lines and the size used. A word longer than
 * the width is left to pdf_text_fit, which shrinks or cuts it. */
static int split_lines(pdf_doc *d, HPDF_Font f, const char *s, float width, float *size, int max,
                       char lines[MAX_LINES][512])
{
    for (float sz = *size; sz >= 6.5f; sz -= 0.5f) {
        const char *p = s;
        int n = 0;
        while (n < max) {
            if (pdf_width(d, f, sz, p) <= width) {
                snprintf(lines[n++], sizeof lines[0], "%s", p);
                *size = sz;
                return n;
            }
            size_t next = 0, len = n + 1 < max ? first_line(d, f, p, width, sz, &next) : 0;
            if (len == 0)
                break;
            snprintf(lines[n++], sizeof lines[0], "%.*s", (int)len, p);
            p += next;
        }
    }
    /* the smallest size and max lines, the last one cut */
    float sz = 6.5f;
    const char *p = s;
    int n = 0;
    while (n + 1 < max) {
        size_t next = 0, len = pdf_width(d, f, sz, p) <= width ? 0 : first_line(d, f, p, width, sz, &next);
        if (len == 0)
            break;
        snprintf(lines[n++], sizeof lines[0], "%.*s", (int)len, p);
        p += next;
    }
    snprintf(lines[n++], sizeof lines[0], "%s", p);
    *size = n > 1 ? sz : *size;
    return n;
}

/* The number of lines the text of a cell takes. */
static int line_count(pdf_doc *d, HPDF_Font f, const char *s, float w, int max)
{
    char lines[MAX_LINES][512];
    float size = FONT;
    return split_lines(d, f, s, w, &size, max, lines);
}

/* A cell's text on up to max lines, vertically centred in a row of height h. */
static void cell(pdf_doc *d, HPDF_Font f, float x, float w, float h, const char *s, int align, int max)
{
    char lines[MAX_LINES][512];
    float size = FONT;
    int n = split_lines(d, f, s, w, &size, max, lines);
    float lead = size + 1.0f;
    /* baseline of the first line, the block centred on the row */
    float top = d->y - h / 2 + (n * lead) / 2 - size * 0.8f;
    for (int i = 0; i < n; i++)
        pdf_text_fit(d, f, size, 6, x, top - i * lead, w, lines[i], align);
}

/* The header's height: two lines, or three when a title needs them. */
static float header_height(pdf_doc *d, const pdf_table *t)
{
    int lines = 2;
    for (size_t i = 0; i < t->n; i++) {
        int n = line_count(d, d->bold, t->cols[i].title, t->cols[i].width - 8, MAX_LINES);
        lines = n > lines ? n : lines;
    }
    return HEADER_H + (float)(lines - 2) * ROW_STEP;
}

static void header(pdf_doc *d)
{
    pdf_table *t = d->table;
    float h = header_height(d, t);
    pdf_rect(d, PDF_MARGIN, d->y - h, PDF_CONTENT_W, h, PDF_ACCENT_LIGHT);
    float x = PDF_MARGIN;
    pdf_set_fill(d, PDF_INK);
    for (size_t i = 0; i < t->n; i++) {
        cell(d, d->bold, x + 4, t->cols[i].width - 8, h, t->cols[i].title, t->cols[i].align, MAX_LINES);
        x += t->cols[i].width;
    }
    d->y -= h;
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
    pdf_need(d, header_height(d, t) + 2 * ROW_H);
    d->table = t;
    d->on_new_page = pdf_table_repeat_header;
    header(d);
}

void pdf_table_row(pdf_doc *d, const char *const *cells, bool emphasis)
{
    pdf_table *t = d->table;
    HPDF_Font f = emphasis ? d->bold : d->regular;
    int lines = 1;
    for (size_t i = 0; i < t->n; i++)
        if (cells[i]) {
            int n = line_count(d, f, cells[i], t->cols[i].width - 8, MAX_LINES);
            lines = n > lines ? n : lines;
        }
    float h = lines == 1 ? ROW_H : ROW_H2 + (float)(lines - 2) * ROW_STEP;
    pdf_need(d, h);
    if (t->row % 2 == 1 || emphasis)
        pdf_rect(d, PDF_MARGIN, d->y - h, PDF_CONTENT_W, h, emphasis ? PDF_ACCENT_LIGHT : PDF_BAND);
    float x = PDF_MARGIN;
    for (size_t i = 0; i < t->n; i++) {
        const char *s = cells[i] ? cells[i] : "";
        pdf_set_fill(d, strcmp(s, "s") == 0 ? PDF_MUTED : PDF_INK);
        cell(d, f, x + 4, t->cols[i].width - 8, h, s, t->cols[i].align, MAX_LINES);
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
    d->on_new_page = NULL;
    d->y -= 10;
}
