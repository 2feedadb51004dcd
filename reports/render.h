/* Rendering of a territory's publication: the formats asked for, each
 * written to a temporary file and renamed into place (atomic publication). */
#ifndef OBS_RENDER_H
#define OBS_RENDER_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/core/config.h"
#include "reports/data/layout.h"

typedef struct {
    bool pdf;
    bool xlsx;
} render_formats;

/* Parses "pdf", "xlsx" or "pdf,xlsx"; false on an unknown format. */
bool render_parse_formats(const char *s, render_formats *out);

/* Renders DIR/<code>-<year>.<ext> for one territory (niveau, code). */
bool render_territory(sqlite3 *db, int64_t run_id, int year, const char *niveau, const char *code,
                      const report_layout *layout, const obs_config *cfg, render_formats formats,
                      const char *out_dir);

/* Renders DIR/financeur-<slug>-<year>.pdf for one funder. */
bool render_funder(sqlite3 *db, int64_t run_id, int year, const char *funder, const obs_config *cfg,
                   const char *out_dir);

#endif
