/* A funder's report: what a funder financed (amounts, projects, the
 * establishments they created, their jobs and how many are still active),
 * over the years and by study territory, from indicator_value cells broken
 * down by financeur=NAME, laid out by its own layout file
 * (reports/layouts/rapport-financeur.ini: which figures, in which sections). */
#ifndef OBS_PDF_FUNDER_H
#define OBS_PDF_FUNDER_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/core/config.h"
#include "reports/data/layout.h"
#include "reports/data/report_data.h"

/* "Crédit Coopératif" -> "credit-cooperatif" (ASCII, for file names). */
void pdf_funder_slug(const char *name, char *out, size_t len);
/* Writes the report of one funder, laid out by layout, from rd opened on
 * France ("france", "FR") for the run and year of the report. */
bool pdf_funder_write(const char *path, report_data *rd, const char *funder, const report_layout *layout,
                      const obs_config *cfg);

#endif
