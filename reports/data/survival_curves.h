/* The Kaplan–Meier curves and log-rank tests of the report's territory, as
 * the PDF and the workbook both show them (survival_curve, survival_test). */
#ifndef OBS_SURVIVAL_CURVES_H
#define OBS_SURVIVAL_CURVES_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/data/report_data.h"

/* One curve: one indicator and group, its points by increasing time. lower
 * and upper are NAN where the band is not defined. */
typedef struct {
    char *indicator, *group;
    size_t n;
    double *time, *surv, *lower, *upper, *n_risk, *n_event, *n_censor;
} survival_curve;

typedef struct {
    survival_curve *items; /* by indicator, then group */
    size_t n;
} survival_curves;

/* Every curve of the territory in the run; false (logged) when the query
 * fails or memory runs out. */
bool survival_curves_load(report_data *rd, survival_curves *out);
/* The curve of an indicator and group, NULL when there is none. */
const survival_curve *survival_curves_find(const survival_curves *c, const char *indicator, const char *group);
void survival_curves_free(survival_curves *c);

/* The log-rank p-value between the groups ("a,b") in the territory, NAN
 * when there is none. */
double survival_logrank_p(report_data *rd, const char *groups);

#endif
