/* The survival stage of compute (see compute_survival.c). */
#ifndef OBS_COMPUTE_SURVIVAL_H
#define OBS_COMPUTE_SURVIVAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/compute/catalog.h"

/* Runs a survival definition: curves into survival_curve, log-rank tests
 * into survival_test. */
bool survival_compute(sqlite3 *db, int64_t run, const indicator_def *d, long *rows);
/* survival_rate / survival_median from the base's stored curves, into
 * indicator_value (annee = year, dimension groupe=<group>) through ins. */
bool survival_derive(sqlite3 *db, int64_t run, const indicator_def *d, int year, sqlite3_stmt *ins, long *rows);

#endif
