/* The equations of secondary suppression, held in memory across its passes:
 * every additive group with its hidden and published members, so that each
 * pass only marks the newly hidden cells and solves again the blocks of
 * cells they touch (reading a million members from SQLite on every pass
 * would take longer than the solving). */
#ifndef OBS_SECRET_COMBINED_H
#define OBS_SECRET_COMBINED_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct combined combined;

/* SQL yields rows (equation key, cell id, coefficient, secret 0/1) ordered
 * by key. NULL on a database error or out of memory (said on stderr). */
combined *combined_load(sqlite3 *db, const char *sql);
/* Marks hidden the cells SQL yields (one column: cell id). */
bool combined_hide(combined *c, sqlite3 *db, const char *sql);
/* Among the blocks changed since the last call (all of them at the first),
 * the hidden cells that the equations, combined, give back (*found; only
 * the watched ones when the system has a watch list, see
 * secret_combined_private.h), and
 * the published cells to hide so that they are not (*victims, malloc'd, *n
 * of them, no duplicates; see secret_victims.c). A block
 * still giving cells back after its rounds stays changed, for the next
 * call. False when out of memory (said on stderr). */
bool combined_victims(combined *c, int64_t **victims, size_t *n, size_t *found);
void combined_free(combined *c);

#endif
