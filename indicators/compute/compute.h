/* Computing the catalog: every indicator, every territorial level (one
 * query covers them all through geo), every year the data allow, into
 * indicator_value for one run. A broken definition fails that indicator,
 * not the run. */
#ifndef OBS_COMPUTE_H
#define OBS_COMPUTE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/compute/catalog.h"
#include "engine/core/config.h"

typedef struct {
    int year;              /* one published year (the five before only for evolutions); 0: a series */
    int series;            /* without year: the series' length in years, ending at the last year
                            * of the data; 0: every year of the data */
    char **only;           /* NULL: every indicator */
    size_t n_only;
} compute_options;

typedef struct {
    int computed;          /* indicators computed */
    int failed;            /* indicators whose definition failed */
    long rows;             /* indicator_value rows written */
    int first_year, last_year; /* the years stored */
} compute_result;

/* Computes into indicator_value for run_id (inside its own transaction). */
bool compute_run(sqlite3 *db, int64_t run_id, const catalog *cat, const obs_config *cfg,
                 const compute_options *opts, compute_result *out);

/* Early warnings on the interview grid into alerte_grille for run_id (every
 * year): a score of 1 or less, or a fall of 2 points or more from the year
 * before. For the observatory's own team (obs alertes), never published. */
bool compute_grid_alerts(sqlite3 *db, int64_t run_id);

#endif
