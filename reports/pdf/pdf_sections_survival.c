/* Survival in the PDF: Kaplan–Meier curves of survival_curve with their
 * bands and numbers at risk, supported vs not and ESS vs not, each with its
 * log-rank test from survival_test told in words. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/fr_format.h"
#include "reports/pdf/pdf_chart.h"
#include "reports/pdf/pdf_sections.h"
#include "reports/data/survival_curves.h"
#include "reports/data/survival_note.h"


static void comparison(pdf_report *r, const survival_curves *curves, const char *title, const char *a,
                       const char *b, const char *tested)
{
    report_data *rd = r->rd;
    const survival_curve *ca = survival_curves_find(curves, "survie_etablissements", a);
    const survival_curve *cb = survival_curves_find(curves, "survie_etablissements", b);
    if (!ca || !cb)
        return;
    /* under the axis: the establishments that leave the curve at each time */
    double *gone_a = malloc(ca->n * sizeof *gone_a), *gone_b = malloc(cb->n * sizeof *gone_b);
    if (!gone_a || !gone_b) {
        free(gone_a), free(gone_b);
        return;
    }
    for (size_t i = 0; i < ca->n; i++)
        gone_a[i] = ca->n_event[i] + ca->n_censor[i];
    for (size_t i = 0; i < cb->n; i++)
        gone_b[i] = cb->n_event[i] + cb->n_censor[i];
    char la[200], lb[200], dim[160];
    report_dimension_of("groupe", a, dim, sizeof dim);
    report_dimension_label(rd, dim, la, sizeof la);
    report_dimension_of("groupe", b, dim, sizeof dim);
    report_dimension_label(rd, dim, lb, sizeof lb);
    pdf_km_series s[2] = {
        {la, ca->n, ca->time, ca->surv, ca->lower, ca->upper, ca->n_risk, gone_a},
        {lb, cb->n, cb->time, cb->surv, cb->lower, cb->upper, cb->n_risk, gone_b},
    };
    double max_time = fmax(ca->time[ca->n - 1], cb->time[cb->n - 1]);
    pdf_chart_survival(&r->d, title, s, 2, fmin(max_time, 10));
    double p = survival_logrank_p(rd, tested);
    char line[400], pv[64];
    if (isfinite(p)) {
        if (p < 0.0001)
            snprintf(pv, sizeof pv, "p < 0,0001");
        else {
            fr_number(p, 4, pv + 4, sizeof pv - 4);
            memcpy(pv, "p = ", 4);
        }
        snprintf(line, sizeof line, "Test du log-rank (%s) : %s.", pv, fr_pvalue_words(p));
    } else {
        snprintf(line, sizeof line, "Test du log-rank : %s.", fr_pvalue_words(p));
    }
    pdf_set_fill(&r->d, PDF_INK);
    pdf_paragraph(&r->d, r->d.regular, 8.5f, 0, PDF_CONTENT_W, line);
    free(gone_a), free(gone_b);
}

void pdf_section_survival(pdf_report *r, const layout_section *sec)
{
    pdf_open_section(r, sec);
    pdf_paragraph(&r->d, r->d.regular, 8.5f, 0, PDF_CONTENT_W,
                  "Part des établissements créés encore actifs selon le temps écoulé depuis leur création "
                  "(estimateur de Kaplan–Meier), avec sa bande de confiance à 95 %. Sous l'axe : le nombre "
                  "d'établissements encore suivis à chaque date.");
    survival_gaps gaps;
    char notes[512];
    if (survival_gaps_count(r->rd, &gaps)) {
        survival_gaps_text(&gaps, notes, sizeof notes);
        for (char *save = NULL, *line = strtok_r(notes, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
            pdf_paragraph(&r->d, r->d.regular, 8.5f, 0, PDF_CONTENT_W, line);
    }
    survival_curves curves;
    if (!survival_curves_load(r->rd, &curves))
        return;
    comparison(r, &curves, "Établissements accompagnés et non accompagnés", "accompagne", "non_accompagne",
               "accompagne,non_accompagne");
    comparison(r, &curves, "Établissements de l'ESS et hors ESS", "ess", "hors_ess", "ess,hors_ess");
    survival_curves_free(&curves);
}
