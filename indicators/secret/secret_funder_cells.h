/* The cells that name a funder and the parts by funder of the cells that
 * do not, read once per secondary suppression for the two funder-insider
 * steps (secret_insider_combined.c, secret_insider_intervals.c), which
 * read them at every pass of its loop: a scan of every cell of the run
 * joined with the breakdown keys (dimension_cle), a fifth of each pass's
 * time on the sample. Which cells exist and what keys they have do not
 * change during the suppression; whether a cell is hidden does, and is
 * read from indicator_value at each use, never cached. */
#ifndef OBS_SECRET_FUNDER_CELLS_H
#define OBS_SECRET_FUNDER_CELLS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/* Fills, when they do not exist yet, temp.funder_own(id, funder): each
 * cell of run whose breakdown has financeur = funder; and
 * temp.funder_parts(p, funder, v): each cell v with financeur = funder and
 * the cell p of the same indicator, place and year whose dimension is v's
 * without that key, for the cells p their funder parts add up to.
 * secret_funder_cells_drop() forgets them (secret.c,
 * at the start and end of each secondary suppression). False on a
 * database error (said on stderr). */
bool secret_funder_cells(sqlite3 *db, int64_t run);
bool secret_funder_cells_drop(sqlite3 *db);

#endif
