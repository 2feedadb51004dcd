/* What the survival section says about the establishments the Kaplan–Meier
 * curves cannot use as loaded: those without a creation date (left out) and
 * the closed ones without a closure date (followed as if still active). */
#ifndef OBS_SURVIVAL_NOTE_H
#define OBS_SURVIVAL_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "reports/data/report_data.h"

typedef struct {
    int64_t without_creation; /* date_creation empty: outside the survival analysis */
    int64_t closed_undated;   /* etat F, no closure date, a creation date: censored */
} survival_gaps;

/* The counts for the report's territory, from the etablissement table. */
bool survival_gaps_count(report_data *rd, survival_gaps *out);

/* One French sentence per non-zero count, each ending with '\n'; "" when
 * both are zero. */
void survival_gaps_text(const survival_gaps *g, char *out, size_t len);

#endif
