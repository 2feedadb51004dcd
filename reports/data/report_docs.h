/* What a report says about itself, read once for both renderers: the
 * definitions of the indicators, the data the run loaded, the run's
 * provenance, and the programmes established in the territory. The PDF and
 * the workbook take these same rows, in the same order. */
#ifndef OBS_REPORT_DOCS_H
#define OBS_REPORT_DOCS_H

#include <stdbool.h>
#include <stddef.h>

#include "reports/data/report_data.h"

/* Rows of text cells (NULL for an SQL NULL), n_cols per row. */
typedef struct {
    size_t n_rows, n_cols;
    char **cells;
} report_rows;

/* The cell at (row, col), NULL when absent. */
const char *report_rows_at(const report_rows *r, size_t row, size_t col);
void report_rows_free(report_rows *r);

/* indicator, titre, unite, definition, sources: the run's catalog, by theme,
 * then the catalog's order, then identifier. */
bool report_definitions(report_data *rd, report_rows *out);

/* dataset, files, loaded, rejected, checksum, loaded_at: the loaded datasets, by name. */
bool report_dataset_loads(report_data *rd, report_rows *out);

/* One row: started, end of the computations (the run's end, or when obs run
 * renders inside the run, the end of its last stage before the reports),
 * engine_version, config, config_checksum, seed. No row for an unknown run. */
bool report_run_info(report_data *rd, report_rows *out);

/* id_dispositif, nom, phases ("|a|b|"): the programmes established in the
 * report's territory and active in its year, by identifier. */
bool report_programmes(report_data *rd, report_rows *out);

#endif
