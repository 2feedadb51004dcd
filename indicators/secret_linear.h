/* Disclosure by combining equations, for the tables kept in SQLite: the
 * bridge between a query listing the hidden members of additive groups and
 * linear_disclosure.c. Used by secondary suppression (secret.c) and by the
 * audit (secret_audit.c), each with its own query. */
#ifndef OBS_SECRET_LINEAR_H
#define OBS_SECRET_LINEAR_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* SQL yields, for run ?1, rows (equation key, cell id, coefficient) -- the
 * hidden cells of each equation, the published ones left out -- ordered by
 * key. Returns the cells the equations determine, except those alone in
 * an equation, which a single subtraction gives (sorted; *cells malloc'd,
 * possibly with *n = 0). False on a database error or out of memory (said on
 * stderr). */
bool secret_linear_determined(sqlite3 *db, const char *sql, int64_t run, int64_t **cells, size_t *n);

#endif
