#include "reports/pdf/pdf_chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/core/fr_format.h"

double pdf_nice_step(double range, int ticks)
{
    if (!(range > 0))
        return 1;
    double raw = range / ticks;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static void chart_title(pdf_doc *d, const char *title)
{
    pdf_set_fill(d, PDF_INK);
    pdf_text_fit(d, d->bold, 10, 7, PDF_MARGIN, d->y - 10, PDF_CONTENT_W, title, -1);
    d->y -= 20;
}

static void tick_label(double v, const char *unite, double step, char *out, size_t len)
{
    int decimals = step >= 1 ? 0 : (int)ceil(-log10(step));
    char n[48];
    if (unite && strcmp(unite, "euros") == 0 && fabs(v) >= 1e6) {
        fr_number(v / 1e6, step >= 1e6 ? 0 : 1, n, sizeof n);
        snprintf(out, len, "%s" FR_NBSP "M€", n);
    } else if (unite && strcmp(unite, "pourcent") == 0) {
        fr_number(v, decimals, n, sizeof n);
        snprintf(out, len, "%s" FR_NBSP "%%", n);
    } else {
        fr_number(v, decimals, out, len);
    }
}

static void legend(pdf_doc *d, float x, float y, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pdf_rect(d, x, y, 10, 6, PDF_SERIES[i % 6]);
        pdf_set_fill(d, PDF_INK);
        pdf_text(d, d->regular, 8, x + 14, y, names[i]);
        x += 24 + pdf_width(d, d->regular, 8, names[i]);
    }
}

void pdf_chart_bars(pdf_doc *d, const char *title, const pdf_bar *bars, size_t n, const char *unite)
{
    if (n == 0)
        return;
    const float bar_h = 12, gap = 5, label_w = 170, value_w = 70;
    float height = 20 + (float)n * (bar_h + gap) + 10;
    pdf_need(d, height);
    chart_title(d, title);
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (!bars[i].secret && !bars[i].missing && bars[i].value > max)
            max = bars[i].value;
    float x0 = PDF_MARGIN + label_w, span = PDF_CONTENT_W - label_w - value_w;
    float top = d->y;
    for (size_t i = 0; i < n; i++) {
        float y = top - (float)i * (bar_h + gap) - bar_h;
        pdf_set_fill(d, PDF_INK);
        pdf_text_fit(d, d->regular, 8, 6, PDF_MARGIN, y + 3, label_w - 8, bars[i].label, 1);
        char v[64];
        float w = 0;
        if (bars[i].secret) {
            snprintf(v, sizeof v, "s");
        } else if (bars[i].missing) {
            snprintf(v, sizeof v, "—");
        } else {
            fr_value(bars[i].value, unite, v, sizeof v);
            w = max > 0 && bars[i].value > 0 ? (float)(bars[i].value / max) * span : 0;
            pdf_rect(d, x0, y, w, bar_h, PDF_SERIES[0]);
        }
        pdf_set_fill(d, bars[i].secret ? PDF_MUTED : PDF_INK);
        pdf_text(d, d->regular, 8, x0 + w + 4, y + 3, v);
    }
    pdf_line(d, x0, top + 2, x0, top - (float)n * (bar_h + gap) + gap - 2, 0.6f, PDF_MUTED);
    d->y = top - (float)n * (bar_h + gap) - 14;
}

void pdf_chart_lines(pdf_doc *d, const char *title, const int *years, size_t n_years,
                     const pdf_line_series *s, size_t n_series, const char *unite)
{
    if (n_years < 2 || n_series == 0)
        return;
    const float plot_h = 170, left = 62, bottom_room = 34;
    pdf_need(d, 20 + plot_h + bottom_room + 16);
    chart_title(d, title);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < n_series; k++)
        for (size_t i = 0; i < n_years; i++)
            if (s[k].present[i]) {
                lo = fmin(lo, s[k].y[i]);
                hi = fmax(hi, s[k].y[i]);
            }
    if (!isfinite(lo)) {
        pdf_paragraph(d, d->regular, 9, 0, PDF_CONTENT_W, "Aucune valeur publiable sur la période.");
        return;
    }
    if (lo > 0 && lo < hi * 0.5)
        lo = 0; /* start at zero unless it would flatten the curve */
    double step = pdf_nice_step(hi - lo > 0 ? hi - lo : fabs(hi) + 1, 5);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    if (hi <= lo)
        hi = lo + step;
    float x0 = PDF_MARGIN + left, x1 = PDF_MARGIN + PDF_CONTENT_W - 10;
    float y1 = d->y - 4, y0 = y1 - plot_h;
    /* grid and y ticks */
    for (double v = lo; v <= hi + step / 2; v += step) {
        float y = y0 + (float)((v - lo) / (hi - lo)) * plot_h;
        pdf_line(d, x0, y, x1, y, 0.4f, PDF_RULE);
        char t[96];
        tick_label(v, unite, step, t, sizeof t);
        pdf_set_fill(d, PDF_MUTED);
        pdf_text_right(d, d->regular, 7.5f, x0 - 4, y - 2.5f, t);
    }
    float dx = (x1 - x0) / (float)(n_years - 1);
    size_t every = n_years > 12 ? 2 : 1;
    for (size_t i = 0; i < n_years; i += every) {
        char t[16];
        snprintf(t, sizeof t, "%d", years[i]);
        pdf_text_center(d, d->regular, 7.5f, x0 + dx * (float)i, y0 - 12, t);
    }
    pdf_line(d, x0, y0, x1, y0, 0.8f, PDF_MUTED);
    for (size_t k = 0; k < n_series; k++) {
        pdf_rgb c = PDF_SERIES[k % 6];
        HPDF_Page_GSave(d->page);
        pdf_set_stroke(d, c);
        HPDF_Page_SetLineWidth(d->page, 1.8f);
        bool pen = false;
        for (size_t i = 0; i < n_years; i++) {
            if (!s[k].present[i]) {
                if (pen)
                    HPDF_Page_Stroke(d->page);
                pen = false;
                continue;
            }
            float x = x0 + dx * (float)i, y = y0 + (float)((s[k].y[i] - lo) / (hi - lo)) * plot_h;
            if (pen)
                HPDF_Page_LineTo(d->page, x, y);
            else
                HPDF_Page_MoveTo(d->page, x, y);
            pen = true;
        }
        if (pen)
            HPDF_Page_Stroke(d->page);
        HPDF_Page_GRestore(d->page);
        for (size_t i = 0; i < n_years; i++)
            if (s[k].present[i])
                pdf_rect(d, x0 + dx * (float)i - 2, y0 + (float)((s[k].y[i] - lo) / (hi - lo)) * plot_h - 2, 4, 4, c);
    }
    pdf_set_fill(d, PDF_MUTED);
    pdf_text_center(d, d->regular, 8, (x0 + x1) / 2, y0 - 24, "Année (au 31 décembre)");
    const char *names[6];
    for (size_t k = 0; k < n_series && k < 6; k++)
        names[k] = s[k].name;
    legend(d, x0, y0 - 38, names, n_series < 6 ? n_series : 6);
    d->y = y0 - 50;
}

/* Survival at time t of a step curve: the last point at or before t. */
static size_t step_index(const pdf_km_series *s, double t)
{
    size_t k = s->n;
    for (size_t i = 0; i < s->n && s->time[i] <= t; i++)
        k = i;
    return k; /* s->n: before the first point */
}

static double at_risk(const pdf_km_series *s, double t)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->time[i] >= t)
            return s->n_risk[i];
    return s->n ? s->n_risk[s->n - 1] - s->n_gone[s->n - 1] : 0;
}

void pdf_chart_survival(pdf_doc *d, const char *title, const pdf_km_series *s, size_t n, double max_time)
{
    if (n == 0)
        return;
    const float plot_h = 200, left = 112; /* the left band holds the groups' names under the axis */
    float table_h = 16 + 12 * (float)n;
    pdf_need(d, 20 + plot_h + 34 + table_h + 10);
    chart_title(d, title);
    int years = (int)ceil(max_time);
    if (years < 1)
        years = 1;
    float x0 = PDF_MARGIN + left, x1 = PDF_MARGIN + PDF_CONTENT_W - 10;
    float y1 = d->y - 4, y0 = y1 - plot_h;
    float sx = (x1 - x0) / (float)years;
#define PX(t) (x0 + (float)(t) * sx)
#define PY(v) (y0 + (float)(v) * plot_h)
    for (int p = 0; p <= 100; p += 20) {
        float y = PY(p / 100.0);
        pdf_line(d, x0, y, x1, y, 0.4f, PDF_RULE);
        char t[16];
        snprintf(t, sizeof t, "%d" FR_NBSP "%%", p);
        pdf_set_fill(d, PDF_MUTED);
        pdf_text_right(d, d->regular, 7.5f, x0 - 4, y - 2.5f, t);
    }
    for (int t = 0; t <= years; t++) {
        char l[16];
        snprintf(l, sizeof l, "%d", t);
        pdf_text_center(d, d->regular, 7.5f, PX(t), y0 - 12, l);
    }
    pdf_line(d, x0, y0, x1, y0, 0.8f, PDF_MUTED);
    pdf_line(d, x0, y0, x0, y1, 0.8f, PDF_MUTED);
    for (size_t k = 0; k < n; k++) {
        const pdf_km_series *c = &s[k];
        pdf_rgb col = PDF_SERIES[k % 6];
        pdf_rgb band = {col.r + (1 - col.r) * 0.75f, col.g + (1 - col.g) * 0.75f, col.b + (1 - col.b) * 0.75f};
        /* the confidence band: upper steps forward, lower steps back */
        HPDF_Page_GSave(d->page);
        pdf_set_fill(d, band);
        HPDF_Page_MoveTo(d->page, PX(0), PY(1));
        double prev = 1;
        for (size_t i = 0; i < c->n && c->time[i] <= years; i++) {
            double up = isfinite(c->upper[i]) ? c->upper[i] : c->surv[i];
            HPDF_Page_LineTo(d->page, PX(c->time[i]), PY(prev));
            HPDF_Page_LineTo(d->page, PX(c->time[i]), PY(up));
            prev = up;
        }
        size_t last = step_index(c, years);
        HPDF_Page_LineTo(d->page, PX(years), PY(prev));
        double lo_end = last < c->n ? (isfinite(c->lower[last]) ? c->lower[last] : c->surv[last]) : 1;
        HPDF_Page_LineTo(d->page, PX(years), PY(lo_end));
        for (size_t i = last < c->n ? last + 1 : 0; i-- > 0;) {
            double lo = isfinite(c->lower[i]) ? c->lower[i] : c->surv[i];
            double before = i > 0 ? (isfinite(c->lower[i - 1]) ? c->lower[i - 1] : c->surv[i - 1]) : 1;
            HPDF_Page_LineTo(d->page, PX(c->time[i]), PY(lo));
            HPDF_Page_LineTo(d->page, PX(c->time[i]), PY(before));
        }
        HPDF_Page_ClosePath(d->page);
        HPDF_Page_Fill(d->page);
        HPDF_Page_GRestore(d->page);
    }
    for (size_t k = 0; k < n; k++) {
        const pdf_km_series *c = &s[k];
        HPDF_Page_GSave(d->page);
        pdf_set_stroke(d, PDF_SERIES[k % 6]);
        HPDF_Page_SetLineWidth(d->page, 1.6f);
        HPDF_Page_MoveTo(d->page, PX(0), PY(1));
        double prev = 1;
        for (size_t i = 0; i < c->n && c->time[i] <= years; i++) {
            HPDF_Page_LineTo(d->page, PX(c->time[i]), PY(prev));
            HPDF_Page_LineTo(d->page, PX(c->time[i]), PY(c->surv[i]));
            prev = c->surv[i];
        }
        HPDF_Page_LineTo(d->page, PX(years), PY(prev));
        HPDF_Page_Stroke(d->page);
        HPDF_Page_GRestore(d->page);
    }
    pdf_set_fill(d, PDF_MUTED);
    pdf_text_center(d, d->regular, 8, (x0 + x1) / 2, y0 - 24, "Années depuis la création");
    /* numbers at risk below the axis, one line per group */
    float y = y0 - 40;
    pdf_set_fill(d, PDF_INK);
    pdf_text(d, d->bold, 7.5f, PDF_MARGIN, y, "Effectifs à risque");
    for (size_t k = 0; k < n; k++) {
        y -= 12;
        pdf_rect(d, PDF_MARGIN, y, 8, 6, PDF_SERIES[k % 6]);
        pdf_set_fill(d, PDF_INK);
        pdf_text_fit(d, d->regular, 7.5f, 6, PDF_MARGIN + 11, y, left - 34, s[k].name, -1);
        for (int t = 0; t <= years; t++) {
            char v[32];
            fr_number(at_risk(&s[k], t), 0, v, sizeof v);
            pdf_text_center(d, d->regular, 7, PX(t), y, v);
        }
    }
    d->y = y - 14;
#undef PX
#undef PY
}

void pdf_chart_radar(pdf_doc *d, const char *title, const char *const *axes, size_t n_axes,
                     const pdf_radar_series *s, size_t n, double max)
{
    if (n_axes < 3 || n == 0)
        return;
    const float r = 95;
    pdf_need(d, 20 + 2 * r + 70);
    chart_title(d, title);
    float cx = PDF_MARGIN + PDF_CONTENT_W / 2, cy = d->y - 30 - r;
    for (int ring = 1; ring <= (int)max; ring++) {
        float rr = r * (float)ring / (float)max;
        HPDF_Page_GSave(d->page);
        pdf_set_stroke(d, PDF_RULE);
        HPDF_Page_SetLineWidth(d->page, 0.4f);
        for (size_t i = 0; i <= n_axes; i++) {
            double a = M_PI / 2 - 2 * M_PI * (double)(i % n_axes) / (double)n_axes;
            float x = cx + rr * (float)cos(a), y = cy + rr * (float)sin(a);
            if (i == 0)
                HPDF_Page_MoveTo(d->page, x, y);
            else
                HPDF_Page_LineTo(d->page, x, y);
        }
        HPDF_Page_Stroke(d->page);
        HPDF_Page_GRestore(d->page);
        char t[16];
        snprintf(t, sizeof t, "%d", ring);
        pdf_set_fill(d, PDF_MUTED);
        pdf_text(d, d->regular, 6.5f, cx + 2, cy + rr + 1, t);
    }
    for (size_t i = 0; i < n_axes; i++) {
        double a = M_PI / 2 - 2 * M_PI * (double)i / (double)n_axes;
        float x = cx + r * (float)cos(a), y = cy + r * (float)sin(a);
        pdf_line(d, cx, cy, x, y, 0.4f, PDF_RULE);
        float lx = cx + (r + 12) * (float)cos(a), ly = cy + (r + 12) * (float)sin(a) - 3;
        pdf_set_fill(d, PDF_INK);
        float w = pdf_width(d, d->regular, 8, axes[i]);
        float at = cos(a) > 0.2 ? lx : cos(a) < -0.2 ? lx - w : lx - w / 2;
        pdf_text(d, d->regular, 8, at, ly, axes[i]);
    }
    for (size_t k = 0; k < n; k++) {
        HPDF_Page_GSave(d->page);
        pdf_set_stroke(d, PDF_SERIES[k % 6]);
        HPDF_Page_SetLineWidth(d->page, 1.6f);
        bool started = false;
        for (size_t i = 0; i <= n_axes; i++) {
            size_t j = i % n_axes;
            if (!s[k].present[j])
                continue;
            double a = M_PI / 2 - 2 * M_PI * (double)j / (double)n_axes;
            float rr = r * (float)(s[k].scores[j] / max);
            float x = cx + rr * (float)cos(a), y = cy + rr * (float)sin(a);
            if (started)
                HPDF_Page_LineTo(d->page, x, y);
            else
                HPDF_Page_MoveTo(d->page, x, y);
            started = true;
        }
        if (started)
            HPDF_Page_Stroke(d->page);
        HPDF_Page_GRestore(d->page);
    }
    const char *names[6];
    for (size_t k = 0; k < n && k < 6; k++)
        names[k] = s[k].name;
    legend(d, PDF_MARGIN, cy - r - 30, names, n < 6 ? n : 6);
    d->y = cy - r - 44;
}
