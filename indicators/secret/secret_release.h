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
#include <stdint.h>

#include "indicators/secret/secret_combined.h"

/* Needs temp.members, temp.groups, temp.cell_cost and the equations C as
 * secondary suppression holds them after its last pass; keeps all of them
 * up to date. A cell is given back once per run at most (temp.released, made
 * here if absent), so that the insider step hiding it again ends the loop.
 * When publishing a block's totals at once gives cells back, the chooser
 * of victims may protect them with the block's breakdown cells (never a
 * headline): *hidden of them, hidden here, and the caller runs its rounds
 * again. Then the protection interval (10 %) and the ratio relations are
 * checked; a block failing them keeps its totals hidden.
 * *released: the cells published again, ratios included. */
/* memo: the blocks' states that published nothing, kept by the caller
 * from one call to the next (zeroed first, then secret_release_memo_free):
 * such a block is not tried again until it changes. */
typedef struct {
    uint64_t *key;
    size_t n, cap;
} secret_release_memo;
bool secret_release_headlines(sqlite3 *db, combined *c, secret_release_memo *memo, long *released, long *hidden);
void secret_release_memo_free(secret_release_memo *m);

#endif
