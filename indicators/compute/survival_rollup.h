/* Roll-up of a survival definition written per commune (columns commune,
 * comparaison, groupe, entree, duree, evenement, poids): each commune's
 * counted units go into the blocks of every territory geo gives it at the
 * requested levels, as a per-unit query joined to geo would have put each
 * unit, so the curves are the same, counted once per commune instead of
 * once per unit and level. */
#ifndef OBS_SURVIVAL_ROLLUP_H
#define OBS_SURVIVAL_ROLLUP_H

#include <sqlite3.h>
#include <stdbool.h>

#include "indicators/compute/survival_block.h"

typedef struct surv_rollup surv_rollup;

/* The territories of each commune in table geo at the given levels (all
 * levels when n_levels is 0). NULL on failure (logged). */
surv_rollup *surv_rollup_new(sqlite3 *db, char *const *levels, int n_levels);
/* Adds units of (comparison, group) living in commune to every territory of
 * the commune; a commune absent from geo adds nothing. group NULL: the SQL
 * value was NULL (the group is named "ensemble"). group_class/group_num: SQL
 * order of the group value (see surv_block). False on allocation failure or
 * more than SURV_MAX_GROUPS groups in a comparison. */
bool surv_rollup_add(surv_rollup *r, const char *commune, const char *comparison, const char *group,
                     int group_class, double group_num, double entry, double time, int event, double units);
/* The blocks, sorted by level, territory and comparison; valid until
 * surv_rollup_free. */
surv_block **surv_rollup_blocks(surv_rollup *r, size_t *n);
void surv_rollup_free(surv_rollup *r);

#endif
