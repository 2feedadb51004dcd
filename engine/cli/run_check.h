/* What `obs report`, `obs export` and `obs alertes` may publish: a complete
 * run, a year and an indicator that exist in it. Misuse is refused with exit 2
 * and a message naming what exists. */
#ifndef OBS_RUN_CHECK_H
#define OBS_RUN_CHECK_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/* The last complete run: every indicator computed without error (compute
 * without --only, or obs run whose compute and secrecy stages succeeded),
 * with values. 0 when none. */
int64_t run_check_last_complete(sqlite3 *db);
/* requested 0 means the last complete run (or, with allow_partial, the last
 * complete or partial one: `obs export` after `compute --only`). Sets *run
 * and returns OBS_EXIT_OK; OBS_EXIT_USAGE for a run that does not exist or is
 * partial (unless allowed), failed or interrupted; OBS_EXIT_FAILURE when
 * nothing was ever computed. */
int run_check_resolve(sqlite3 *db, long long requested, bool allow_partial, int64_t *run);
/* OBS_EXIT_OK when the run has values for that year, else OBS_EXIT_USAGE
 * naming the years it has. */
int run_check_year(sqlite3 *db, int64_t run, int year);
/* OBS_EXIT_OK when the run has values of that indicator, else OBS_EXIT_USAGE
 * with the nearest indicator id of the run. */
int run_check_indicator(sqlite3 *db, int64_t run, const char *indicator);

#endif
