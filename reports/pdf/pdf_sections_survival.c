/* Survival in the PDF: Kaplan–Meier curves of survival_curve with their
 * bands and numbers at risk, supported vs not and ESS vs not, each with its
 * log-rank test from survival_test told in words. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/fr_format.h"
#include "reports/pdf/pdf_chart.h"
#include "reports/pdf/pdf_sections.h"
#include "reports/data/survival_note.h"


typedef struct {
    double *time, *surv, *lower, *upper, *n_risk, *n_gone;
    size_t n;
} curve;

static void curve_free(curve *c)
{
    free(c->time), free(c->surv), free(c->lower), free(c->upper), free(c->n_risk), free(c->n_gone);
}

static bool load_curve(report_data *rd, const char *group, curve *c)
{
    memset(c, 0, sizeof *c);
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT time, surv, lower, upper, n_risk, n_event + n_censor"
                                          " FROM survival_curve WHERE run_id = ? AND indicator = 'survie_etablissements'"
                                          " AND niveau = ? AND territoire = ? AND groupe = ? ORDER BY time");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, rd->run_id);
    sqlite3_bind_text(st, 2, rd->territory.niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, rd->territory.code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, group, -1, SQLITE_STATIC);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (c->n == cap) {
            cap = cap ? 2 * cap : 256;
            double **cols[] = {&c->time, &c->surv, &c->lower, &c->upper, &c->n_risk, &c->n_gone};
            for (size_t k = 0; k < 6; k++) {
                double *grown = realloc(*cols[k], cap * sizeof **cols[k]);
                if (!grown) {
                    sqlite3_finalize(st);
                    return false;
                }
                *cols[k] = grown;
            }
        }
        c->time[c->n] = sqlite3_column_double(st, 0);
        c->surv[c->n] = sqlite3_column_double(st, 1);
        c->lower[c->n] = sqlite3_column_type(st, 2) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 2);
        c->upper[c->n] = sqlite3_column_type(st, 3) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 3);
        c->n_risk[c->n] = sqlite3_column_double(st, 4);
        c->n_gone[c->n] = sqlite3_column_double(st, 5);
        c->n++;
    }
    sqlite3_finalize(st);
    return c->n > 0;
}

/* The log-rank p-value between the groups ("a,b"), NAN when absent. */
static double logrank_p(report_data *rd, const char *groups)
{
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT p FROM survival_test WHERE run_id = ? AND niveau = ?"
                                          " AND territoire = ? AND groupes = ?");
    double p = NAN;
    if (!st)
        return p;
    sqlite3_bind_int64(st, 1, rd->run_id);
    sqlite3_bind_text(st, 2, rd->territory.niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, rd->territory.code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, groups, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        p = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return p;
}

static void comparison(pdf_report *r, const char *title, const char *a, const char *b, const char *tested)
{
    report_data *rd = r->rd;
    curve ca, cb;
    bool has_a = load_curve(rd, a, &ca), has_b = load_curve(rd, b, &cb);
    if (!has_a || !has_b) {
        curve_free(&ca), curve_free(&cb);
        return;
    }
    char la[200], lb[200], dim[160];
    report_dimension_of("groupe", a, dim, sizeof dim);
    report_dimension_label(rd, dim, la, sizeof la);
    report_dimension_of("groupe", b, dim, sizeof dim);
    report_dimension_label(rd, dim, lb, sizeof lb);
    pdf_km_series s[2] = {
        {la, ca.n, ca.time, ca.surv, ca.lower, ca.upper, ca.n_risk, ca.n_gone},
        {lb, cb.n, cb.time, cb.surv, cb.lower, cb.upper, cb.n_risk, cb.n_gone},
    };
    double max_time = fmax(ca.time[ca.n - 1], cb.time[cb.n - 1]);
    pdf_chart_survival(&r->d, title, s, 2, fmin(max_time, 10));
    double p = logrank_p(rd, tested);
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
    curve_free(&ca), curve_free(&cb);
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
    comparison(r, "Établissements accompagnés et non accompagnés", "accompagne", "non_accompagne",
               "accompagne,non_accompagne");
    comparison(r, "Établissements de l'ESS et hors ESS", "ess", "hors_ess", "ess,hors_ess");
}
