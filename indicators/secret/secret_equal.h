/* Equal indicators: two indicators whose values are the same wherever both
 * exist (projects financed and creations financed, for instance) are one
 * figure published twice. An attacker who sees them equal wherever both are
 * published copies the published one into the other's masked cell. */
#ifndef OBS_SECRET_EQUAL_H
#define OBS_SECRET_EQUAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/* Finds the pairs of indicators of run RUN that are equal: at least
 * SECRET_EQUAL_MIN_MATCH cells where both exist with the same raw value
 * (valeur_brute), at least 2 distinct such values, and no cell where both
 * are published (secret = 0) with different values -- looser than what an
 * attacker needs to learn the identity from the published figures. Then, at
 * each cell where both have the same raw value, adds to temp.members (the
 * secondary suppression's groups, secret.c) a group of the two cells, the
 * first as total: a lone secret cell in it makes the suppression hide the
 * other, and the equations "a - b = 0" join the combinations. Groups are
 * added to temp.groups too. *pairs, *cells (may be NULL): how many pairs
 * and cell pairs were found. Catalog-free: learned from the data. */
#define SECRET_EQUAL_MIN_MATCH 3
bool secret_equal_members(sqlite3 *db, int64_t run, long *pairs, long *cells);

/* Tells (obs_info) how many of the equal pairs' cells published when
 * secret_equal_members ran are now secret, and forgets them. */
bool secret_equal_report(sqlite3 *db, long pairs, long cells);

#endif
