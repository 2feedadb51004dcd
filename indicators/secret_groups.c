#include "secret_groups.h"

#include "db.h"

bool secret_groups_links(sqlite3 *db)
{
    return db_exec(db,
                   "DROP TABLE IF EXISTS temp.territory_links;"
                   "CREATE TEMP TABLE territory_links(cn TEXT NOT NULL, cc TEXT NOT NULL,"
                   " pn TEXT NOT NULL, pc TEXT NOT NULL);"
                   "INSERT INTO temp.territory_links"
                   " SELECT DISTINCT 'commune', commune, niveau, code FROM geo"
                   " WHERE niveau IN ('epci', 'departement', 'region', 'france', 'etude');"
                   "INSERT INTO temp.territory_links SELECT 'departement', code, 'region', region FROM ref_departement;"
                   "INSERT INTO temp.territory_links SELECT 'departement', code, 'france', 'FR' FROM ref_departement;"
                   "INSERT INTO temp.territory_links SELECT 'region', code, 'france', 'FR' FROM ref_region;"
                   "CREATE INDEX temp.territory_links_child ON territory_links(cn, cc);"
                   "CREATE INDEX temp.territory_links_parent ON territory_links(pn, pc);");
}
