/* The steps of one SQL indicator of the catalog: prepare its query under the
 * read-only authorizer, checking the column contract, then write the rows it
 * returns into indicator_value. Used by compute.c (every level at once) and
 * compute_rollup.c (communes first, summed up). */
#ifndef OBS_INDICATOR_STORE_H
#define OBS_INDICATOR_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/compute/catalog.h"

/* The INSERT into indicator_value that indicator_store binds (NULL, logged, on error). */
sqlite3_stmt *indicator_store_insert(sqlite3 *db);

/* Prepares d's query (NULL, logged with file:line, on an error or a wrong column count). */
sqlite3_stmt *indicator_prepare(sqlite3 *db, const indicator_def *d);

/* Writes the rows of q (any statement with the contract's columns) through ins,
 * finalizing q; *rows counts the rows written. */
bool indicator_store(sqlite3 *db, int64_t run_id, const indicator_def *d, sqlite3_stmt *q, sqlite3_stmt *ins,
                     long *rows);

/* Wilson score interval for k successes out of n at 95 %, as proportions. */
void wilson_interval(double k, double n, double *lower, double *upper);

#endif
