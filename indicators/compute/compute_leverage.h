/* The leverage stage of compute: private money mobilised per public euro,
 * as a ratio of sums over supported projects, with a percentile bootstrap
 * interval resampling projects (seed and replicates from the configuration,
 * the seed recorded in the run ledger). */
#ifndef OBS_COMPUTE_LEVERAGE_H
#define OBS_COMPUTE_LEVERAGE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/compute/catalog.h"
#include "engine/core/config.h"

bool leverage_compute(sqlite3 *db, int64_t run, const indicator_def *d, const obs_config *cfg,
                      sqlite3_stmt *ins, long *rows);

#endif
