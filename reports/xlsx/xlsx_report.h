/* The XLSX workbook that ships with a territory's report: one sheet per
 * theme as the layout says, real numbers with formats, "s" with a comment on
 * secret cells, frozen headers, filters, native charts on the sheet's cells,
 * a definitions sheet and a metadata sheet. Constant-memory mode keeps a
 * national workbook (every commune) bounded. */
#ifndef OBS_XLSX_REPORT_H
#define OBS_XLSX_REPORT_H

#include <stdbool.h>

#include "engine/core/config.h"
#include "reports/data/layout.h"
#include "reports/data/report_data.h"

/* Writes the workbook to path (the caller publishes it atomically). */
bool xlsx_report_write(const char *path, report_data *rd, const report_layout *layout,
                       const obs_config *cfg);

#endif
