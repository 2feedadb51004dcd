/* The additive structures a run publishes, territory side: which territories
 * add up to which. Shared by secondary suppression (secret.c) and by the
 * audit (secret_audit.c), which otherwise work independently. */
#ifndef OBS_SECRET_GROUPS_H
#define OBS_SECRET_GROUPS_H

#include <sqlite3.h>
#include <stdbool.h>

/* Fills temp.territory_links(cn, cc, pn, pc): child level and code, parent
 * level and code, for every "parent = sum of its children" relation:
 * the communes of each EPCI, département, région, study territory and of
 * France; the départements of each région and of France; the régions of
 * France. (EPCIs are not parts of départements: some straddle two.) */
bool secret_groups_links(sqlite3 *db);

#endif
