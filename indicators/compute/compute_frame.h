/* An indicator's frame ("-- cadre: ID" in the catalog): a confidential count
 * whose rows would exist only where it is at least 1 tells an attacker that
 * a masked cell is at least 1; next to a public count that bounds it (the
 * ESS employers among the ESS establishments), a masked cell is then
 * pinned where the public count is 1. Its cells are made to exist wherever
 * the frame's do, 0 where nothing is counted: with no contributor, the
 * frequency rule masks that 0, and a masked cell may be 0, 1 or 2. */
#ifndef OBS_COMPUTE_FRAME_H
#define OBS_COMPUTE_FRAME_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/compute/catalog.h"

/* Adds, for each cell of d->frame in run RUN whose year and dimension d
 * has somewhere and where d has no cell, a cell of d worth 0 (numerateur 0,
 * n_unites 0, part_max NULL). *rows grows by the cells added. True when d
 * has no frame. */
bool frame_fill(sqlite3 *db, int64_t run, const indicator_def *d, long *rows);

#endif
