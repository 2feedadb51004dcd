/* The territories: commune keys, names of every territory, and the
 * long-format geo table mapping each current commune to all its levels
 * (commune, epci, departement, region, france, and the study territories of
 * the configuration). 98 communes belong to no EPCI: they have no epci row
 * but count in their département, région and France. */
#ifndef OBS_GEOGRAPHY_H
#define OBS_GEOGRAPHY_H

#include <sqlite3.h>
#include <stdbool.h>

#include "engine/core/config.h"

/* Rebuilds commune_key, territoire and geo from the reference tables and the
 * configuration's study territories (inside the caller's transaction). An
 * unknown EPCI or commune code in a study territory is an error naming it. */
bool geography_rebuild(sqlite3 *db, const obs_config *cfg);

#endif
