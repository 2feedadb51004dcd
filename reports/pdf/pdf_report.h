/* The annual PDF report of a territory, laid out by the same layout file as
 * the workbook (reports/layouts/), from indicator_value, survival_curve and
 * survival_test of one run. */
#ifndef OBS_PDF_REPORT_H
#define OBS_PDF_REPORT_H

#include <stdbool.h>

#include "engine/core/config.h"
#include "reports/data/layout.h"
#include "reports/data/report_data.h"

/* Writes the report of rd's territory to path (the caller publishes it atomically). */
bool pdf_report_write(const char *path, report_data *rd, const report_layout *layout, const obs_config *cfg);

#endif
