#include "reports/pdf/pdf_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/log.h"
#include "reports/pdf/pdf_tounicode.h"

const pdf_rgb PDF_INK = {0.13f, 0.15f, 0.18f};
const pdf_rgb PDF_MUTED = {0.42f, 0.45f, 0.50f};
const pdf_rgb PDF_ACCENT = {0.00f, 0.40f, 0.45f};
const pdf_rgb PDF_ACCENT_LIGHT = {0.86f, 0.93f, 0.94f};
const pdf_rgb PDF_BAND = {0.95f, 0.96f, 0.97f};
const pdf_rgb PDF_RULE = {0.80f, 0.82f, 0.85f};
/* Okabe–Ito palette, darkened for print */
const pdf_rgb PDF_SERIES[6] = {{0.00f, 0.45f, 0.70f}, {0.90f, 0.62f, 0.00f}, {0.00f, 0.62f, 0.45f},
                               {0.80f, 0.47f, 0.65f}, {0.34f, 0.71f, 0.91f}, {0.84f, 0.37f, 0.00f}};

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    pdf_doc *d = user;
    if (!d->failed)
        snprintf(d->error, sizeof d->error, "libharu : erreur 0x%04X (détail %u)", (unsigned)error_no,
                 (unsigned)detail_no);
    d->failed = true;
}

void pdf_doc_fail(pdf_doc *d, const char *why)
{
    if (!d->failed)
        snprintf(d->error, sizeof d->error, "%s", why);
    d->failed = true;
}

bool pdf_doc_open(pdf_doc *d, const char *font_dir)
{
    memset(d, 0, sizeof *d);
    d->doc = HPDF_New(on_error, d);
    if (!d->doc) {
        obs_error("PDF : création du document impossible");
        return false;
    }
    HPDF_SetCompressionMode(d->doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d->doc);
    HPDF_SetCurrentEncoder(d->doc, "UTF-8");
    char path[4096];
    const char *files[2] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"};
    HPDF_Font *fonts[2] = {&d->regular, &d->bold};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", font_dir, files[i]);
        FILE *probe = fopen(path, "rb");
        if (!probe) {
            obs_error("PDF : police %s introuvable (paquet Debian fonts-dejavu-core)", path);
            pdf_doc_free(d);
            return false;
        }
        fclose(probe);
        /* embedded: the PDF reads the same everywhere */
        const char *name = HPDF_LoadTTFontFromFile(d->doc, path, HPDF_TRUE);
        *fonts[i] = name ? HPDF_GetFont(d->doc, name, "UTF-8") : NULL;
        if (!*fonts[i]) {
            obs_error("PDF : police %s illisible (%s)", path, d->error);
            pdf_doc_free(d);
            return false;
        }
        if (!pdf_tounicode_fix(*fonts[i])) {
            obs_error("PDF : table ToUnicode de la police %s impossible à écrire", path);
            pdf_doc_free(d);
            return false;
        }
    }
    return true;
}

void pdf_doc_info(pdf_doc *d, const char *title, const char *author, const char *subject, const char *when)
{
    HPDF_SetInfoAttr(d->doc, HPDF_INFO_TITLE, title);
    HPDF_SetInfoAttr(d->doc, HPDF_INFO_AUTHOR, author);
    HPDF_SetInfoAttr(d->doc, HPDF_INFO_SUBJECT, subject);
    HPDF_SetInfoAttr(d->doc, HPDF_INFO_CREATOR, "obs");
    HPDF_Date date = {0};
    if (when && sscanf(when, "%d-%d-%dT%d:%d:%d", &date.year, &date.month, &date.day, &date.hour,
                       &date.minutes, &date.seconds) == 6) {
        date.ind = 'Z';
        HPDF_SetInfoDateAttr(d->doc, HPDF_INFO_CREATION_DATE, date);
        HPDF_SetInfoDateAttr(d->doc, HPDF_INFO_MOD_DATE, date);
    }
}

void pdf_new_page(pdf_doc *d)
{
    if (d->n_pages == d->cap_pages) {
        size_t cap = d->cap_pages ? 2 * d->cap_pages : 32;
        HPDF_Page *p = realloc(d->pages, cap * sizeof *p);
        if (!p) {
            pdf_doc_fail(d, "mémoire insuffisante pour les pages");
            return;
        }
        d->pages = p;
        d->cap_pages = cap;
    }
    d->page = HPDF_AddPage(d->doc);
    HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    d->pages[d->n_pages++] = d->page;
    d->y = PDF_TOP;
    if (d->table && d->on_new_page)
        d->on_new_page(d);
}

bool pdf_need(pdf_doc *d, float height)
{
    if (d->page && d->y - height >= PDF_BOTTOM)
        return false;
    pdf_new_page(d);
    return true;
}

float pdf_width(pdf_doc *d, HPDF_Font f, float size, const char *s)
{
    HPDF_Page_SetFontAndSize(d->page, f, size);
    return HPDF_Page_TextWidth(d->page, s);
}

void pdf_text(pdf_doc *d, HPDF_Font f, float size, float x, float y, const char *s)
{
    if (!s || !*s)
        return;
    HPDF_Page_BeginText(d->page);
    HPDF_Page_SetFontAndSize(d->page, f, size);
    HPDF_Page_TextOut(d->page, x, y, s);
    HPDF_Page_EndText(d->page);
}

void pdf_text_right(pdf_doc *d, HPDF_Font f, float size, float x_right, float y, const char *s)
{
    pdf_text(d, f, size, x_right - pdf_width(d, f, size, s), y, s);
}

void pdf_text_center(pdf_doc *d, HPDF_Font f, float size, float x_center, float y, const char *s)
{
    pdf_text(d, f, size, x_center - pdf_width(d, f, size, s) / 2, y, s);
}

/* Length of the longest UTF-8 prefix of s (whole characters) that fits width
 * once followed by an ellipsis. */
static size_t fitting_prefix(pdf_doc *d, HPDF_Font f, float size, const char *s, float width)
{
    char buf[1024];
    size_t best = 0, n = strlen(s);
    if (n >= sizeof buf - 4)
        n = sizeof buf - 4;
    for (size_t i = 1; i <= n; i++) {
        if (i < n && (s[i] & 0xC0) == 0x80)
            continue; /* inside a character */
        memcpy(buf, s, i);
        memcpy(buf + i, "…", sizeof "…");
        if (pdf_width(d, f, size, buf) > width)
            break;
        best = i;
    }
    return best;
}

void pdf_text_fit(pdf_doc *d, HPDF_Font f, float size, float min_size, float x, float y, float width,
                  const char *s, int align)
{
    if (!s || !*s)
        return;
    float sz = size;
    float w = pdf_width(d, f, sz, s);
    while (w > width && sz > min_size) {
        sz -= 0.5f;
        w = pdf_width(d, f, sz, s);
    }
    char buf[1024];
    const char *text = s;
    if (w > width) {
        size_t keep = fitting_prefix(d, f, sz, s, width);
        snprintf(buf, sizeof buf, "%.*s…", (int)keep, s);
        text = buf;
        w = pdf_width(d, f, sz, text);
    }
    float at = align < 0 ? x : align == 0 ? x + (width - w) / 2 : x + width - w;
    pdf_text(d, f, sz, at, y, text);
}

/* Calls line(start, len) for each wrapped line of s; returns the count. */
static int wrap(pdf_doc *d, HPDF_Font f, float size, float width, const char *s,
                void (*line)(pdf_doc *, const char *, size_t, void *), void *ctx)
{
    int lines = 0;
    char buf[2048];
    const char *p = s;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        /* take words while they fit; an explicit newline ends the line */
        size_t best = 0, i = 0;
        for (;;) {
            size_t j = i;
            while (p[j] && p[j] != ' ' && p[j] != '\n')
                j++;
            if (j >= sizeof buf)
                break;
            memcpy(buf, p, j);
            buf[j] = '\0';
            if (best > 0 && pdf_width(d, f, size, buf) > width)
                break;
            best = j;
            if (!p[j] || p[j] == '\n')
                break;
            i = j + 1;
        }
        if (best == 0) /* a single word wider than the line: cut it */
            best = strcspn(p, " \n");
        line(d, p, best, ctx);
        lines++;
        p += best;
        if (*p == '\n')
            p++;
    }
    return lines;
}

typedef struct {
    HPDF_Font f;
    float size, indent, leading;
} para_ctx;

static void draw_line(pdf_doc *d, const char *s, size_t n, void *vctx)
{
    para_ctx *c = vctx;
    pdf_need(d, c->leading);
    char buf[2048];
    snprintf(buf, sizeof buf, "%.*s", (int)n, s);
    pdf_text(d, c->f, c->size, PDF_MARGIN + c->indent, d->y - c->size, buf);
    d->y -= c->leading;
}

static void count_line(pdf_doc *d, const char *s, size_t n, void *ctx)
{
    (void)d, (void)s, (void)n, (void)ctx;
}

void pdf_paragraph(pdf_doc *d, HPDF_Font f, float size, float indent, float width, const char *s)
{
    if (!s)
        return;
    para_ctx c = {f, size, indent, size * 1.4f};
    if (!d->page)
        pdf_new_page(d);
    wrap(d, f, size, width, s, draw_line, &c);
    d->y -= size * 0.6f;
}

float pdf_paragraph_height(pdf_doc *d, HPDF_Font f, float size, float width, const char *s)
{
    if (!s)
        return 0;
    if (!d->page)
        pdf_new_page(d);
    return (float)wrap(d, f, size, width, s, count_line, NULL) * size * 1.4f + size * 0.6f;
}

void pdf_heading(pdf_doc *d, int level, const char *title)
{
    if (level == 1)
        pdf_new_page(d);
    else
        pdf_need(d, 90); /* never a title alone at the bottom of a page */
    if (d->n_toc == d->cap_toc) {
        size_t cap = d->cap_toc ? 2 * d->cap_toc : 32;
        pdf_toc_entry *t = realloc(d->toc, cap * sizeof *t);
        if (!t) {
            pdf_doc_fail(d, "mémoire insuffisante pour la table des matières");
            return;
        }
        d->toc = t;
        d->cap_toc = cap;
    }
    char *copy = strdup(title);
    if (!copy) {
        pdf_doc_fail(d, "mémoire insuffisante pour la table des matières");
        return;
    }
    d->toc[d->n_toc++] = (pdf_toc_entry){copy, level, d->n_pages - 1};
    float size = level == 1 ? 20 : 13;
    if (level == 2)
        d->y -= 8;
    pdf_set_fill(d, level == 1 ? PDF_ACCENT : PDF_INK);
    pdf_text_fit(d, d->bold, size, 10, PDF_MARGIN, d->y - size, PDF_CONTENT_W, title, -1);
    d->y -= size + 6;
    if (level == 1) {
        pdf_line(d, PDF_MARGIN, d->y, PDF_MARGIN + 60, d->y, 2.5f, PDF_ACCENT);
        d->y -= 18;
    } else {
        d->y -= 4;
    }
    pdf_set_fill(d, PDF_INK);
}

void pdf_set_fill(pdf_doc *d, pdf_rgb c)
{
    HPDF_Page_SetRGBFill(d->page, c.r, c.g, c.b);
}

void pdf_set_stroke(pdf_doc *d, pdf_rgb c)
{
    HPDF_Page_SetRGBStroke(d->page, c.r, c.g, c.b);
}

void pdf_rect(pdf_doc *d, float x, float y, float w, float h, pdf_rgb fill)
{
    HPDF_Page_GSave(d->page);
    pdf_set_fill(d, fill);
    HPDF_Page_Rectangle(d->page, x, y, w, h);
    HPDF_Page_Fill(d->page);
    HPDF_Page_GRestore(d->page);
}

void pdf_line(pdf_doc *d, float x1, float y1, float x2, float y2, float width, pdf_rgb c)
{
    HPDF_Page_GSave(d->page);
    pdf_set_stroke(d, c);
    HPDF_Page_SetLineWidth(d->page, width);
    HPDF_Page_MoveTo(d->page, x1, y1);
    HPDF_Page_LineTo(d->page, x2, y2);
    HPDF_Page_Stroke(d->page);
    HPDF_Page_GRestore(d->page);
}

/* The contents page, inserted after the cover once every page is known;
 * each line links to its page. */
static void contents_page(pdf_doc *d)
{
    if (d->n_pages < 2 || d->n_toc == 0)
        return;
    HPDF_Page toc = HPDF_InsertPage(d->doc, d->pages[1]);
    HPDF_Page_SetSize(toc, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    HPDF_Page saved = d->page;
    d->page = toc;
    float y = PDF_TOP - 20;
    pdf_set_fill(d, PDF_ACCENT);
    pdf_text(d, d->bold, 20, PDF_MARGIN, y, "Sommaire");
    pdf_line(d, PDF_MARGIN, y - 8, PDF_MARGIN + 60, y - 8, 2.5f, PDF_ACCENT);
    y -= 40;
    for (size_t i = 0; i < d->n_toc && y > PDF_BOTTOM + 10; i++) {
        const pdf_toc_entry *e = &d->toc[i];
        float size = e->level == 1 ? 12 : 10;
        float indent = e->level == 1 ? 0 : 16;
        HPDF_Font f = e->level == 1 ? d->bold : d->regular;
        char num[16];
        snprintf(num, sizeof num, "%zu", e->page + 2); /* the contents page comes before */
        pdf_set_fill(d, e->level == 1 ? PDF_INK : PDF_MUTED);
        pdf_text_fit(d, f, size, 7, PDF_MARGIN + indent, y, PDF_CONTENT_W - indent - 40, e->title, -1);
        pdf_text_right(d, f, size, PDF_MARGIN + PDF_CONTENT_W, y, num);
        HPDF_Rect r = {PDF_MARGIN, y - 3, PDF_MARGIN + PDF_CONTENT_W, y + size};
        HPDF_Annotation link = HPDF_Page_CreateLinkAnnot(toc, r, HPDF_Page_CreateDestination(d->pages[e->page]));
        HPDF_LinkAnnot_SetBorderStyle(link, 0, 0, 0);
        y -= e->level == 1 ? 22 : 16;
    }
    d->page = saved;
    /* keep pages[] in reading order */
    HPDF_Page *grown = realloc(d->pages, (d->n_pages + 1) * sizeof *grown);
    if (!grown) {
        pdf_doc_fail(d, "mémoire insuffisante pour les pages");
        return;
    }
    d->pages = grown;
    memmove(d->pages + 2, d->pages + 1, (d->n_pages - 1) * sizeof *d->pages);
    d->pages[1] = toc;
    d->n_pages++;
}

static void footers(pdf_doc *d, const char *left)
{
    for (size_t i = 1; i < d->n_pages; i++) { /* not on the cover */
        d->page = d->pages[i];
        char right[64];
        snprintf(right, sizeof right, "page %zu / %zu", i + 1, d->n_pages);
        pdf_line(d, PDF_MARGIN, PDF_MARGIN - 6, PDF_MARGIN + PDF_CONTENT_W, PDF_MARGIN - 6, 0.5f, PDF_RULE);
        pdf_set_fill(d, PDF_MUTED);
        pdf_text_fit(d, d->regular, 7.5f, 6, PDF_MARGIN, PDF_MARGIN - 18, PDF_CONTENT_W - 70, left, -1);
        pdf_text_right(d, d->regular, 7.5f, PDF_MARGIN + PDF_CONTENT_W, PDF_MARGIN - 18, right);
    }
}

bool pdf_doc_finish(pdf_doc *d, const char *path, const char *footer_left)
{
    contents_page(d);
    footers(d, footer_left);
    bool ok = !d->failed && HPDF_SaveToFile(d->doc, path) == HPDF_OK && !d->failed;
    if (!ok)
        obs_error("PDF : écriture de %s impossible : %s", path, d->error[0] ? d->error : "erreur de libharu");
    pdf_doc_free(d);
    return ok;
}

void pdf_doc_free(pdf_doc *d)
{
    if (d->doc)
        HPDF_Free(d->doc);
    for (size_t i = 0; i < d->n_toc; i++)
        free(d->toc[i].title);
    free(d->toc);
    free(d->pages);
    memset(d, 0, sizeof *d);
}

const char *pdf_font_dir(void)
{
    const char *dir = getenv("OBS_FONT_DIR");
    return dir && *dir ? dir : "/usr/share/fonts/truetype/dejavu";
}
