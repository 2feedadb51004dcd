#include "reports/pdf/map_draw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/fr_format.h"

#define RGB8(r, g, b) {(float)(r) / 255.0f, (float)(g) / 255.0f, (float)(b) / 255.0f}
const pdf_rgb MAP_BLUES5[5] = {RGB8(0xef, 0xf3, 0xff), RGB8(0xbd, 0xd7, 0xe7), RGB8(0x6b, 0xae, 0xd6),
                               RGB8(0x31, 0x82, 0xbd), RGB8(0x08, 0x51, 0x9c)};
const pdf_rgb MAP_NODATA_GREY = RGB8(0xdd, 0xdd, 0xdd);
const pdf_rgb MAP_BORDER = RGB8(0xff, 0xff, 0xff);
const pdf_rgb MAP_INK = RGB8(0x33, 0x33, 0x33);

map_frame map_frame_fit(const double bbox[4], float x, float y, float w, float h)
{
    map_frame f = {.x = x, .y = y, .w = w, .h = h, .scale = 1};
    double bw = bbox[2] - bbox[0], bh = bbox[3] - bbox[1];
    if (!(bw > 0) || !(bh > 0))
        bw = bh = 1000;
    double sx = w / bw, sy = h / bh;
    f.scale = sx < sy ? sx : sy;
    f.ox = bbox[0] - (w / f.scale - bw) / 2;
    f.oy = bbox[1] - (h / f.scale - bh) / 2;
    return f;
}

double map_frame_metres_per_point(const map_frame *f) { return 1.0 / f->scale; }

void map_to_page(const map_frame *f, double mx, double my, float *px, float *py)
{
    *px = f->x + (float)((mx - f->ox) * f->scale);
    *py = f->y + (float)((my - f->oy) * f->scale);
}

static void ring_path(HPDF_Page p, const map_frame *f, const map_ring *r)
{
    if (r->n < 3)
        return;
    float x, y;
    map_to_page(f, r->xy[0], r->xy[1], &x, &y);
    HPDF_Page_MoveTo(p, x, y);
    for (size_t i = 1; i < r->n; i++) {
        map_to_page(f, r->xy[2 * i], r->xy[2 * i + 1], &x, &y);
        HPDF_Page_LineTo(p, x, y);
    }
    HPDF_Page_ClosePath(p);
}

static bool shape_path(HPDF_Page p, const map_frame *f, const map_shape *s)
{
    bool any = false;
    for (size_t i = 0; i < s->n_rings; i++)
        if (s->rings[i].n >= 3) {
            ring_path(p, f, &s->rings[i]);
            any = true;
        }
    return any;
}

void map_fill_shape(pdf_doc *d, const map_frame *f, const map_shape *s, pdf_rgb fill)
{
    HPDF_Page_GSave(d->page);
    pdf_set_fill(d, fill);
    if (shape_path(d->page, f, s))
        HPDF_Page_Eofill(d->page); /* holes by the even-odd rule */
    HPDF_Page_GRestore(d->page);
}

static void hatch_box(pdf_doc *d, float x0, float y0, float x1, float y1, pdf_rgb ink)
{
    const float step = 2.8f;
    pdf_set_stroke(d, ink);
    HPDF_Page_SetLineWidth(d->page, 0.45f);
    /* lines of slope 1: y - x = c, c from y0 - x1 to y1 - x0 */
    float c0 = floorf((y0 - x1) / step) * step;
    for (float c = c0; c <= y1 - x0; c += step) {
        HPDF_Page_MoveTo(d->page, x0, x0 + c);
        HPDF_Page_LineTo(d->page, x1, x1 + c);
    }
    HPDF_Page_Stroke(d->page);
}

void map_hatch_shape(pdf_doc *d, const map_frame *f, const map_shape *s, pdf_rgb ink)
{
    HPDF_Page_GSave(d->page);
    if (shape_path(d->page, f, s)) {
        HPDF_Page_Eoclip(d->page);
        HPDF_Page_EndPath(d->page);
        float x0, y0, x1, y1;
        map_to_page(f, s->bbox[0], s->bbox[1], &x0, &y0);
        map_to_page(f, s->bbox[2], s->bbox[3], &x1, &y1);
        hatch_box(d, x0, y0, x1, y1, ink);
    }
    HPDF_Page_GRestore(d->page);
}

static void stroke_style(pdf_doc *d, float width, pdf_rgb ink)
{
    pdf_set_stroke(d, ink);
    HPDF_Page_SetLineWidth(d->page, width);
    HPDF_Page_SetLineJoin(d->page, HPDF_ROUND_JOIN);
    HPDF_Page_SetLineCap(d->page, HPDF_ROUND_END);
}

void map_stroke_lines(pdf_doc *d, const map_frame *f, const map_lines *lines, float width, pdf_rgb ink)
{
    HPDF_Page_GSave(d->page);
    stroke_style(d, width, ink);
    for (size_t i = 0; i < lines->n; i++) {
        const map_line *l = &lines->lines[i];
        if (l->n < 2)
            continue;
        float x, y;
        map_to_page(f, l->xy[0], l->xy[1], &x, &y);
        HPDF_Page_MoveTo(d->page, x, y);
        for (size_t k = 1; k < l->n; k++) {
            map_to_page(f, l->xy[2 * k], l->xy[2 * k + 1], &x, &y);
            HPDF_Page_LineTo(d->page, x, y);
        }
    }
    HPDF_Page_Stroke(d->page);
    HPDF_Page_GRestore(d->page);
}

typedef struct {
    double a[2], b[2]; /* a < b lexicographically */
} segment;

static int cmp_point(const double *p, const double *q)
{
    if (p[0] != q[0])
        return p[0] < q[0] ? -1 : 1;
    if (p[1] != q[1])
        return p[1] < q[1] ? -1 : 1;
    return 0;
}

static int cmp_segment(const void *x, const void *y)
{
    const segment *s = x, *t = y;
    int c = cmp_point(s->a, t->a);
    return c ? c : cmp_point(s->b, t->b);
}

void map_stroke_outline(pdf_doc *d, const map_frame *f, const map_layer *layer, const size_t *which, size_t n,
                        float width, pdf_rgb ink)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < layer->shapes[which[i]].n_rings; r++)
            total += layer->shapes[which[i]].rings[r].n;
    segment *seg = malloc((total ? total : 1) * sizeof *seg);
    if (!seg)
        return;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const map_shape *s = &layer->shapes[which[i]];
        for (size_t r = 0; r < s->n_rings; r++) {
            const map_ring *ring = &s->rings[r];
            for (size_t k = 0; k < ring->n; k++) {
                size_t k2 = (k + 1) % ring->n;
                const double *p = &ring->xy[2 * k], *q = &ring->xy[2 * k2];
                int c = cmp_point(p, q);
                if (c == 0)
                    continue;
                segment sg;
                memcpy(sg.a, c < 0 ? p : q, sizeof sg.a);
                memcpy(sg.b, c < 0 ? q : p, sizeof sg.b);
                seg[m++] = sg;
            }
        }
    }
    /* the same segment in two shapes is a shared, inner border */
    qsort(seg, m, sizeof *seg, cmp_segment);
    HPDF_Page_GSave(d->page);
    stroke_style(d, width, ink);
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && cmp_segment(&seg[i], &seg[j]) == 0)
            j++;
        if (j - i == 1) {
            float x, y;
            map_to_page(f, seg[i].a[0], seg[i].a[1], &x, &y);
            HPDF_Page_MoveTo(d->page, x, y);
            map_to_page(f, seg[i].b[0], seg[i].b[1], &x, &y);
            HPDF_Page_LineTo(d->page, x, y);
        }
        i = j;
    }
    HPDF_Page_Stroke(d->page);
    HPDF_Page_GRestore(d->page);
    free(seg);
}

/* Signed area and centroid of a ring (shoelace formula), relative to its
 * first vertex for precision. */
static double ring_centroid(const map_ring *r, double *cx, double *cy)
{
    double a = 0, sx = 0, sy = 0, x0 = r->xy[0], y0 = r->xy[1];
    for (size_t i = 0; i < r->n; i++) {
        size_t j = (i + 1) % r->n;
        double xi = r->xy[2 * i] - x0, yi = r->xy[2 * i + 1] - y0;
        double xj = r->xy[2 * j] - x0, yj = r->xy[2 * j + 1] - y0;
        double cr = xi * yj - xj * yi;
        a += cr;
        sx += (xi + xj) * cr;
        sy += (yi + yj) * cr;
    }
    if (a == 0) {
        *cx = x0;
        *cy = y0;
        return 0;
    }
    *cx = x0 + sx / (3 * a);
    *cy = y0 + sy / (3 * a);
    return fabs(a) / 2;
}

void map_shape_anchor(const map_shape *s, double *mx, double *my)
{
    double best = -1;
    *mx = (s->bbox[0] + s->bbox[2]) / 2;
    *my = (s->bbox[1] + s->bbox[3]) / 2;
    for (size_t i = 0; i < s->n_rings; i++) {
        if (s->rings[i].hole || s->rings[i].n < 3)
            continue;
        double cx, cy, a = ring_centroid(&s->rings[i], &cx, &cy);
        if (a > best) {
            best = a;
            *mx = cx;
            *my = cy;
        }
    }
}

void map_scale_bar(pdf_doc *d, const map_frame *f, float x, float y)
{
    static const double km[] = {0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000};
    double target = f->w / 5.0 / f->scale / 1000.0; /* km of a fifth of the frame */
    double len = km[0];
    for (size_t i = 0; i < sizeof km / sizeof *km; i++)
        if (km[i] <= target)
            len = km[i];
    float w = (float)(len * 1000.0 * f->scale);
    HPDF_Page_GSave(d->page);
    /* on a white ground, readable over land and borders */
    pdf_rect(d, x - 4, y - 3, w + 30, 17, (pdf_rgb){1, 1, 1});
    pdf_rect(d, x, y, w / 2, 3, MAP_INK);
    pdf_rect(d, x + w / 2, y, w / 2, 3, (pdf_rgb){1, 1, 1});
    pdf_set_stroke(d, MAP_INK);
    HPDF_Page_SetLineWidth(d->page, 0.5f);
    HPDF_Page_Rectangle(d->page, x, y, w, 3);
    HPDF_Page_Stroke(d->page);
    char label[32], n[24];
    fr_number(len, len < 1 ? 1 : 0, n, sizeof n);
    snprintf(label, sizeof label, "%s" FR_NBSP "km", n);
    pdf_set_fill(d, MAP_INK);
    pdf_text(d, d->regular, 6.5f, x, y + 5, "0");
    pdf_text_right(d, d->regular, 6.5f, x + w + pdf_width(d, d->regular, 6.5f, label) / 2, y + 5, label);
    HPDF_Page_GRestore(d->page);
}

float map_legend_swatch(pdf_doc *d, float x, float y, pdf_rgb fill, bool hatched, const char *label)
{
    const float w = 16, h = 9;
    HPDF_Page_GSave(d->page);
    pdf_rect(d, x, y, w, h, fill);
    if (hatched) {
        HPDF_Page_GSave(d->page);
        HPDF_Page_Rectangle(d->page, x, y, w, h);
        HPDF_Page_Clip(d->page);
        HPDF_Page_EndPath(d->page);
        hatch_box(d, x, y, x + w, y + h, MAP_INK);
        HPDF_Page_GRestore(d->page);
    }
    pdf_set_stroke(d, (pdf_rgb){0.6f, 0.6f, 0.6f});
    HPDF_Page_SetLineWidth(d->page, 0.4f);
    HPDF_Page_Rectangle(d->page, x, y, w, h);
    HPDF_Page_Stroke(d->page);
    pdf_set_fill(d, PDF_INK);
    pdf_text(d, d->regular, 7.5f, x + w + 5, y + 1.5f, label);
    HPDF_Page_GRestore(d->page);
    return h + 4;
}

bool map_label(pdf_doc *d, map_labels *placed, const map_frame *f, HPDF_Font font, float size, float cx, float cy,
               const char *text)
{
    float w = pdf_width(d, font, size, text), h = size;
    float b[4] = {cx - w / 2 - 1, cy - h / 2 - 1, cx + w / 2 + 1, cy + h / 2 + 1};
    if (b[0] < f->x || b[2] > f->x + f->w || b[1] < f->y || b[3] > f->y + f->h)
        return false;
    for (size_t i = 0; i < placed->n; i++) {
        const float *o = placed->box[i];
        if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3])
            return false;
    }
    if (placed->n == placed->cap) {
        size_t cap = placed->cap ? 2 * placed->cap : 32;
        void *grown = realloc(placed->box, cap * sizeof *placed->box);
        if (!grown)
            return false;
        placed->box = grown;
        placed->cap = cap;
    }
    memcpy(placed->box[placed->n++], b, sizeof b);
    /* a white halo under dark text, readable over any fill */
    HPDF_Page_GSave(d->page);
    HPDF_Page_SetTextRenderingMode(d->page, HPDF_FILL_THEN_STROKE);
    pdf_set_stroke(d, (pdf_rgb){1, 1, 1});
    HPDF_Page_SetLineWidth(d->page, 1.6f);
    HPDF_Page_SetLineJoin(d->page, HPDF_ROUND_JOIN);
    pdf_set_fill(d, PDF_INK);
    pdf_text(d, font, size, cx - w / 2, cy - size * 0.35f, text);
    HPDF_Page_SetTextRenderingMode(d->page, HPDF_FILL);
    pdf_set_fill(d, PDF_INK);
    pdf_text(d, font, size, cx - w / 2, cy - size * 0.35f, text);
    HPDF_Page_GRestore(d->page);
    return true;
}

void map_labels_free(map_labels *placed)
{
    free(placed->box);
    memset(placed, 0, sizeof *placed);
}
