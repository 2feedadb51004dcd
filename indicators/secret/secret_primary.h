/* Primary suppression: the rules that make a cell secret by itself --
 * frequency, dominance and, if asked, p % -- from the n_unites, part_max and
 * part_deuxieme columns of its indicator's cells. */
#ifndef OBS_SECRET_PRIMARY_H
#define OBS_SECRET_PRIMARY_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/compute/catalog.h"
#include "indicators/rules/secret_rules.h"

/* Marks the cells of one computed indicator that break a rule (motif_secret
 * frequence, dominance or p_pourcent, in that order). */
bool secret_primary(sqlite3 *db, int64_t run, const indicator_def *d, const secret_rules *r);
/* When the p % rule is on, logs which indicators it applies to and which it
 * cannot (no part_deuxieme). */
bool secret_p_coverage(sqlite3 *db, int64_t run, const catalog *cat, const secret_rules *r);
/* Records the p of the run in run.secret_p, for obs audit-secret. */
bool secret_record_p(sqlite3 *db, int64_t run, const secret_rules *r);

#endif
