#include "indicators/secret/secret_funder_cells.h"

#include "engine/core/db.h"
#include "engine/core/log.h"

/* Whether the tables hold run's cells already. */
static bool built_for(sqlite3 *db, int64_t run)
{
    sqlite3_stmt *st = NULL;
    /* prepared quietly: the table does not exist before the first call */
    if (sqlite3_prepare_v2(db, "SELECT run FROM temp.funder_cells_run", -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return false;
    }
    bool same = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) == run;
    sqlite3_finalize(st);
    return same;
}

bool secret_funder_cells(sqlite3 *db, int64_t run)
{
    if (built_for(db, run))
        return true;
    bool ok = secret_funder_cells_drop(db) && db_exec_with_run(db,
        "CREATE TEMP TABLE funder_own(id INTEGER PRIMARY KEY, funder TEXT NOT NULL);"
        /* CROSS JOIN: each cell once, not every cell again for each funder's dimension */
        "INSERT INTO temp.funder_own SELECT v.rowid, k.valeur FROM indicator_value v"
        " CROSS JOIN dimension_cle k ON k.dimension = v.dimension AND k.cle = 'financeur' WHERE v.run_id = ?1;"
        "CREATE TEMP TABLE funder_parts(p INTEGER NOT NULL, funder TEXT NOT NULL, v INTEGER NOT NULL);"
        "INSERT INTO temp.funder_parts SELECT p.rowid, k.valeur, v.rowid FROM indicator_value v"
        " CROSS JOIN dimension_cle k ON k.dimension = v.dimension AND k.cle = 'financeur'"
        " CROSS JOIN indicator_value p ON p.run_id = v.run_id AND p.indicator = v.indicator"
        " AND p.niveau = v.niveau AND p.territoire = v.territoire AND p.annee = v.annee AND p.dimension = k.reste"
        " WHERE v.run_id = ?1;"
        /* a total its funder parts do not add up to (a count of projects
         * with several funders counts such a project under each) is not
         * known from one funder's part and the published ones: not a part
         * relation (the audit reads it so too) */
        "DELETE FROM temp.funder_parts WHERE p IN (SELECT f.p FROM temp.funder_parts f"
        " JOIN indicator_value v ON v.rowid = f.v JOIN indicator_value t ON t.rowid = f.p"
        " GROUP BY f.p HAVING abs(max(t.valeur_brute) - sum(v.valeur_brute))"
        " > 1e-7 * max(1.0, abs(max(t.valeur_brute)), abs(sum(v.valeur_brute))));"
        "CREATE TEMP TABLE funder_cells_run(run INTEGER NOT NULL);"
        "INSERT INTO temp.funder_cells_run VALUES(?1);",
        run);
    if (!ok)
        obs_error("secret statistique : lecture des cellules par financeur : %s", sqlite3_errmsg(db));
    return ok;
}

bool secret_funder_cells_drop(sqlite3 *db)
{
    return db_exec(db, "DROP TABLE IF EXISTS temp.funder_own; DROP TABLE IF EXISTS temp.funder_parts;"
                       " DROP TABLE IF EXISTS temp.funder_cells_run;");
}
