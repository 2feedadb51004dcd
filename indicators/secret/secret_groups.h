/* The additive structures a run publishes, territory side: which territories
 * add up to which. Shared by secondary suppression (secret.c) and by the
 * audit (secret_audit.c), which otherwise work independently. */
#ifndef OBS_SECRET_GROUPS_H
#define OBS_SECRET_GROUPS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/* Fills temp.territory_links(cn, cc, pn, pc, grp): child level and code,
 * parent level and code, and the group the link belongs to, for every
 * "parent = sum of its children" relation. grp 'commune': the communes of
 * each EPCI, département, région, study territory and of France;
 * 'departement': the départements of each région and of France; 'region':
 * the régions of France; 'epci': a département, région, study territory or
 * France as the EPCIs wholly inside it plus its other communes. The last
 * kind ties the EPCIs to the other levels (EPCIs are not parts of
 * départements: some straddle two): without it, a study territory made of
 * an EPCI and one more commune would give that commune's hidden value as
 * the difference of two published totals. */
bool secret_groups_links(sqlite3 *db);

/* Fills temp.overlap_members(pair, niveau, code, total): for a study
 * territory and each territory it overlaps, the two of them (the other
 * one with total = 1) and the communes that tell them apart, a relation in which
 * a lone secret cell would be found by subtraction. Communes without figures
 * in run RUN are left out. */
bool secret_groups_overlaps(sqlite3 *db, int64_t run);

#endif
