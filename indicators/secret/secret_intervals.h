/* Interval protection of secondary suppression (docs/confidentiality.md,
 * « Intervals »), as τ-ARGUS and sdcTable think of it: an outsider who
 * reads the published cells of an additive group (a total and its parts)
 * bounds each hidden part by the total minus what the others can be at
 * most and at least, a hidden count being a whole number at least 1 (and
 * at most its frame's published cell, `-- cadre:`) and a hidden amount at
 * least 0, and carries the bounds from group to group
 * until nothing moves. A hidden cell x must keep an interval that is not
 * a point and does not lie within [x·(1 - 10 %), x·(1 + 10 %)]: it reaches
 * beyond on one side at least (what the attackers of indicators/audit and
 * tests/oracle count as a leak; requiring both sides, τ-ARGUS's upper and
 * lower protection levels, flagged 3,5 times more cells on the sample and
 * hides study territories' totals that are bounded above by a larger
 * published one). Where it does, one more published cell of the group
 * that bounds it most closely from above is hidden (of the groups that
 * tie, the cheapest cell): in the order of temp.cell_cost, among those
 * large enough to widen the interval by what is missing. The additive groups are those of
 * secret.c (temp.members, temp.groups) whose raw values add up; ratio and
 * overlap relations are left out (not sums of parts). Held in memory
 * across the passes of one secondary suppression; each pass propagates
 * again from every group holding a hidden cell. */
#ifndef OBS_SECRET_INTERVALS_H
#define OBS_SECRET_INTERVALS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "indicators/compute/catalog.h"

#define SECRET_INTERVAL_WITHIN 0.10

typedef struct secret_intervals secret_intervals;

/* Reads the additive groups from temp.members, temp.groups and
 * temp.cell_cost (with indicator_value for each cell's indicator); cat
 * tells counts from sums and their frames. An indicator whose values are all whole numbers
 * is whole; a hidden cell is at least 1 for a count whose values are all
 * at least 1, else at least 0 for an indicator whose values are all at
 * least 0. NULL on a database error or out of memory (said on stderr). */
secret_intervals *secret_intervals_load(sqlite3 *db, const catalog *cat);
/* Marks hidden the cells SQL yields (one column: cell id). */
bool secret_intervals_hide(secret_intervals *iv, sqlite3 *db, const char *sql);
/* Propagates the bounds to a fixed point, then writes into temp.victims
 * (id INTEGER PRIMARY KEY) the published cells to hide, cheapest first; a
 * cell whose small groups an earlier victim of the call already widens
 * waits for the next call. *narrow: hidden cells whose interval is too narrow;
 * *stuck: those of them with no published cell left to hide in their
 * groups. False on a database error or out of memory. */
bool secret_intervals_victims(secret_intervals *iv, sqlite3 *db, size_t *narrow, size_t *stuck);
void secret_intervals_free(secret_intervals *iv);

#endif
