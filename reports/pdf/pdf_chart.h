/* Vector charts drawn in the PDF flow at the cursor: horizontal bars, lines
 * over the years, Kaplan–Meier curves with confidence bands and numbers at
 * risk below the axis, and a radar. French tick labels, legends, axis titles. */
#ifndef OBS_PDF_CHART_H
#define OBS_PDF_CHART_H

#include "reports/pdf/pdf_doc.h"

typedef struct {
    char label[200];
    double value;
    bool secret;  /* shown as "s", no bar */
    bool missing; /* shown as "—" */
} pdf_bar;

void pdf_chart_bars(pdf_doc *d, const char *title, const pdf_bar *bars, size_t n, const char *unite);

typedef struct {
    const char *name;
    const double *y;
    const bool *present; /* false: secret or missing, the line breaks there */
} pdf_line_series;

void pdf_chart_lines(pdf_doc *d, const char *title, const int *years, size_t n_years,
                     const pdf_line_series *s, size_t n_series, const char *unite);

typedef struct {
    const char *name;
    size_t n;
    const double *time, *surv, *lower, *upper, *n_risk, *n_gone; /* n_gone: events + censored */
} pdf_km_series;

void pdf_chart_survival(pdf_doc *d, const char *title, const pdf_km_series *s, size_t n, double max_time);

typedef struct {
    const char *name;
    const double *scores;
    const bool *present;
} pdf_radar_series;

void pdf_chart_radar(pdf_doc *d, const char *title, const char *const *axes, size_t n_axes,
                     const pdf_radar_series *s, size_t n, double max);

/* A "nice" step (1, 2 or 5 times a power of ten) giving about `ticks` ticks over range. */
double pdf_nice_step(double range, int ticks);

#endif
