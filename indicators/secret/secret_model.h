/* The catalog's model of what the suppression protects (docs/confidentiality.md,
 * sections 0 and 3): each indicator's source family (public SIRENE counts
 * are published as they are, except what would locate a non-diffusible
 * unit), the declared relations (construit_de: a ratio, mean or leverage and
 * the published cells it divides), the cost of hiding each cell (a
 * τ-ARGUS-like order) and the loss a run records. The audit
 * (secret_audit.c) does not use this file. */
#ifndef OBS_SECRET_MODEL_H
#define OBS_SECRET_MODEL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/compute/catalog.h"
#include "indicators/rules/secret_rules.h"

/* temp.families(indicator, famille, public): each indicator's family; also
 * written to the run's indicator_meta (confidentialite,
 * dimensions_confidentielles, construit_de). */
bool secret_model_families(sqlite3 *db, int64_t run, const catalog *cat);

/* True when d's family (temp.families) is public. */
bool secret_model_is_public(sqlite3 *db, const char *indicator);

/* Primary rules of a public indicator, after secret_primary marked its
 * cells: only the cells of its confidential dimensions keep them; the
 * others are secret only where they would locate a non-diffusible unit
 * (fewer units than the threshold in a territory holding an establishment
 * whose etablissement.statut_diffusion is 'P'; no such column: none),
 * motif_secret = 'diffusion'. */
bool secret_model_public_primary(sqlite3 *db, int64_t run, const catalog *cat, const indicator_def *d,
                                 const secret_rules *rules);

/* temp.relations(indicator, a, b): for each declared construit_de whose
 * sides are all published or public (no interne:), the sides that can be
 * hidden (indicators of a confidential family; NULL otherwise). Each cell of
 * such an indicator and the same cells of a and b form a group that must
 * hold 0 or at least 2 secret cells. */
bool secret_model_relations(sqlite3 *db, const catalog *cat);

/* temp.cell_cost(id, big, level): the cost order of the victims: big = 1
 * for a France or région figure without breakdown (last resort), level =
 * 0 commune, 1 EPCI, 2 study territory, 3 département, 4 région, 5 France. */
bool secret_model_costs(sqlite3 *db, int64_t run);

/* secret_loss(run_id, niveau, famille, motif, n): the masked cells; logged
 * by level, family and primary versus secondary. */
bool secret_model_loss(sqlite3 *db, int64_t run);

#endif
