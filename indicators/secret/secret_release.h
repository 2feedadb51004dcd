/* Headline totals given back to publication (issue 16, item 3): once
 * secondary suppression has converged, each France, région, département or
 * study-territory amount without breakdown that it hid as secondary is
 * published again when the exact solver shows every hidden cell of its
 * block still protected without it (τ-ARGUS's cost: such a total is worth
 * more than the many breakdown cells that protect as well), and the group,
 * integrality, ratio and funder-insider rules still hold. The greedy victim
 * choice hides them when a cascade of breakdown cells has run out; on the
 * sample the hidden breakdown then protects the total's parts on its own. */
#ifndef OBS_SECRET_RELEASE_H
#define OBS_SECRET_RELEASE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "indicators/secret/secret_combined.h"

/* Needs temp.members, temp.groups, temp.cell_cost and the equations C as
 * secondary suppression holds them after its last pass; keeps all of them
 * up to date. A cell is tried once per run (temp.release_tried, made here if
 * absent): given back at most once, so that the insider step hiding it
 * again ends the loop, and a total given up is not tried again at the next
 * step. Trying again could give one back now and then (nationally, 2 of 60
 * at the second step), but took, nationally, 6 minutes per step: the
 * national amounts' blocks have about 60 candidates each, and each given up
 * costs a repair of 6 s.
 * When publishing a block's totals at once gives cells back, the chooser
 * of victims may protect them with the block's breakdown cells (never a
 * headline): *hidden of them, hidden here, and the caller runs its rounds
 * again. Then the protection interval (10 %) and the ratio relations are
 * checked; a block failing them keeps its totals hidden.
 * *released: the cells published again, ratios included. */
bool secret_release_headlines(sqlite3 *db, combined *c, long *released, long *hidden);

#endif
