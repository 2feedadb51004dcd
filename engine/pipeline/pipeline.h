/* The publication pipeline, written once: compute the catalog, protect the
 * cells (statistical secrecy), render the reports. `obs compute`, `obs run`
 * and `obs report` call these steps; the commands only parse their options,
 * hold the lock and report. Loading has its own module (load_job.h). */
#ifndef OBS_PIPELINE_H
#define OBS_PIPELINE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "indicators/compute/catalog.h"
#include "indicators/compute/compute.h"
#include "engine/core/config.h"
#include "reports/data/layout.h"
#include "reports/render.h"

/* Computes the catalog into run (compute_run, its own transaction). */
bool pipeline_compute(sqlite3 *db, int64_t run, const catalog *cat, const obs_config *cfg,
                      const compute_options *co, compute_result *res);

/* Applies the secrecy rules of cfg to run's cells, in one transaction
 * (rolled back on failure: nothing is published half protected). */
bool pipeline_protect(sqlite3 *db, int64_t run, const catalog *cat, const obs_config *cfg);

/* What to render. territories: the study territories of cfg (only `territory`
 * when set: a study territory's id, or "niveau:code" for any territory);
 * funders: every funder's report (only `funder` when set). */
typedef struct {
    bool territories;
    const char *territory;
    bool funders;
    const char *funder;
} pipeline_selection;

/* Renders the selection of run for year into out_dir, inside one read
 * transaction so that every file sees the same state. Goes on after a failed
 * file (the others are still published) and returns false if any failed;
 * *rendered counts the files attempted (0: the selection matched nothing). */
bool pipeline_render(sqlite3 *db, int64_t run, int year, const report_layout *layout, const obs_config *cfg,
                     render_formats formats, const char *out_dir, const pipeline_selection *what,
                     size_t *rendered);

#endif
