/* Statistical secrecy against a funder, an insider who knows its own
 * contributions (docs/confidentiality.md, « A funder and its own figures »).
 *
 * Every cell of an additive indicator (count, sum) that a funder knows its
 * part of (secret_insider_known) broken down by
 * `financeur` -- a total C and its parts P_G, one per funder G, found
 * through the keys stored as data (dimension_cle: cle = 'financeur', the
 * total being the cell `reste`) -- is published to all funders, each of
 * which knows its own part P_F exactly. Its report shows it.
 *
 * Primary rule (secret_insider_primary): for every funder F with a part in
 * C, the remainder R_F = C - P_F, which is what the other funders put in,
 * must be safe to F:
 *   - sums (amounts): R_F comes from 0 or at least 3 other funders, and
 *     the largest of them is at most the dominance share (85 %) of R_F;
 *   - counts (projects, creations): R_F is 0 or at least the frequency
 *     threshold (3).
 * A remainder that breaks this and holds a secret part of another funder
 * (after the primary rules) makes C secret (motif_secret = 'initie'); one
 * made of published parts only tells F nothing the public cannot read.
 *
 * Completion (secret_insider_complete): after the secondary suppression,
 * F still sees its own part P_F, secret or not. In a financeur group (C
 * and its parts) whose secret cells are exactly P_F and another funder's
 * part P_G, C being published, F gets P_G back by subtraction (and G gets
 * P_F). The smallest published part (or, if none, the total) is hidden too
 * (motif_secret = 'secondaire'); the caller then runs the secondary
 * suppression again, until no such group is left. A group whose secret
 * cells are P_F and C gives F only C = P_F + published parts. */
#ifndef OBS_SECRET_INSIDER_H
#define OBS_SECRET_INSIDER_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/rules/secret_rules.h"

/* The indicators whose funder cells a funder knows itself -- what it gave
 * and to which projects (amounts, projects, creations): the rules apply to
 * them, and a funder's report shows them in full (reports/data/funder_own.c).
 * Not employment (DSN data the funder does not hold). */
bool secret_insider_known(const char *indicator);

bool secret_insider_primary(sqlite3 *db, int64_t run, const secret_rules *rules);

/* *hidden: how many cells it hid (0: every group is safe to every funder). */
bool secret_insider_complete(sqlite3 *db, int64_t run, long *hidden);

#endif
