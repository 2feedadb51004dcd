/* A funder's own cells. What a funder financed -- its public and private
 * amounts, the projects it financed and the establishments they created,
 * by programme, territory and year -- is its own data: its report shows
 * these cells in full (their raw value), whatever the public secrecy.
 * Everything else in its report (other funders, all funders together,
 * employment) is the published figure. See docs/confidentiality.md, « Le
 * financeur et ses propres chiffres ». */
#ifndef OBS_FUNDER_OWN_H
#define OBS_FUNDER_OWN_H

#include <stdbool.h>

#include "reports/data/report_data.h"

/* True for the indicators whose funder cells are the funder's own data. */
bool funder_own_indicator(const char *indicator);

/* The funder's cell of indicator (dimension: one of its own, with its
 * financeur key): the raw value for an own indicator, else the published
 * cell. */
bool funder_cell_get(report_data *rd, const char *indicator, const report_territory *t, int year,
                     const char *dimension, report_cell *out);

#endif
