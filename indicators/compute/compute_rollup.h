/* Commune first, then every level: for an indicator declared additive
 * ("-- cumul_communes: COL"), its query runs once with geo limited to the
 * commune level, and the commune rows are summed up to every territory
 * through geo. At national scale this replaces a sort of about six rows per
 * unit (one per level) by a sort of one row per commune.
 *
 * The result is the same as the query's own over every level only when the
 * sums are exact, so the commune rows are checked first: integer numerateur,
 * denominateur and n_unites, one row per (commune, annee, dimension), and a
 * part_max (and part_deuxieme, when returned) that gives back an integer
 * largest (second largest) unit. Anything else falls back to the query over
 * every level. */
#ifndef OBS_COMPUTE_ROLLUP_H
#define OBS_COMPUTE_ROLLUP_H

#include <sqlite3.h>
#include <stdint.h>

#include "indicators/compute/catalog.h"

typedef enum {
    ROLLUP_DONE,     /* values written */
    ROLLUP_FAILED,   /* an error, logged */
    ROLLUP_FALLBACK, /* nothing written: the query must run over every level */
} rollup_outcome;

rollup_outcome rollup_compute(sqlite3 *db, int64_t run_id, const indicator_def *d, sqlite3_stmt *ins,
                              long *rows);

#endif
