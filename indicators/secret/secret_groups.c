#include "indicators/secret/secret_groups.h"

#include "engine/core/db.h"

bool secret_groups_links(sqlite3 *db)
{
    return db_exec(db,
                   "DROP TABLE IF EXISTS temp.territory_links;"
                   "CREATE TEMP TABLE territory_links(cn TEXT NOT NULL, cc TEXT NOT NULL,"
                   " pn TEXT NOT NULL, pc TEXT NOT NULL, grp TEXT NOT NULL);"
                   "INSERT INTO temp.territory_links"
                   " SELECT DISTINCT 'commune', commune, niveau, code, 'commune' FROM geo"
                   " WHERE niveau IN ('epci', 'departement', 'region', 'france', 'etude');"
                   "INSERT INTO temp.territory_links"
                   " SELECT 'departement', code, 'region', region, 'departement' FROM ref_departement;"
                   "INSERT INTO temp.territory_links SELECT 'departement', code, 'france', 'FR', 'departement'"
                   " FROM ref_departement;"
                   "INSERT INTO temp.territory_links SELECT 'region', code, 'france', 'FR', 'region' FROM ref_region;"
                   /* a territory as its EPCIs: those wholly inside it, plus its
                    * communes outside them (no EPCI, or one that straddles) */
                   "DROP TABLE IF EXISTS temp.epci_inside;"
                   "CREATE TEMP TABLE epci_inside AS"
                   " SELECT x.code AS epci, p.niveau AS pn, p.code AS pc FROM geo x"
                   " JOIN geo p ON p.commune = x.commune AND p.niveau IN ('departement', 'region', 'france', 'etude')"
                   " WHERE x.niveau = 'epci' GROUP BY x.code, p.niveau, p.code"
                   " HAVING count(*) = (SELECT count(*) FROM geo n WHERE n.niveau = 'epci' AND n.code = x.code);"
                   "CREATE INDEX temp.epci_inside_parent ON epci_inside(pn, pc, epci);"
                   "INSERT INTO temp.territory_links SELECT 'epci', epci, pn, pc, 'epci' FROM temp.epci_inside;"
                   "INSERT INTO temp.territory_links"
                   " SELECT 'commune', p.commune, p.niveau, p.code, 'epci' FROM geo p"
                   " WHERE p.niveau IN ('departement', 'region', 'france', 'etude')"
                   " AND EXISTS (SELECT 1 FROM temp.epci_inside i WHERE i.pn = p.niveau AND i.pc = p.code)"
                   /* the commune's EPCI first (CROSS JOIN fixes the order): from the
                    * parent's side, France would try its 1 250 EPCIs per commune */
                   " AND NOT EXISTS (SELECT 1 FROM geo e CROSS JOIN temp.epci_inside i ON i.pn = p.niveau"
                   "   AND i.pc = p.code AND i.epci = e.code WHERE e.commune = p.commune AND e.niveau = 'epci');"
                   "DROP TABLE temp.epci_inside;"
                   "CREATE INDEX temp.territory_links_child ON territory_links(cn, cc);"
                   "CREATE INDEX temp.territory_links_parent ON territory_links(pn, pc);");
}

/* A study territory is drawn freely (EPCIs and loose communes): it can
 * overlap any other territory without either being built from the other's
 * parts. For each pair (A, B) of a study territory and an EPCI, a
 * département, a région, France or another study territory sharing
 * communes with it, A - B = (communes of A outside B) - (communes of B
 * outside A): A, B and those communes form one relation. Only communes with
 * figures in the run are listed (one without any adds zero). The other
 * territory is the relation's total, so the study territory is hidden before
 * it (measured: the other way round, the independent attack of
 * tests/oracle recovers ten times more cells). There are few
 * study territories, so this stays small even at national scale. */
bool secret_groups_overlaps(sqlite3 *db, int64_t run)
{
    return db_exec_with_run(
        db,
        "DROP TABLE IF EXISTS temp.active_commune;"
        "CREATE TEMP TABLE active_commune(code TEXT PRIMARY KEY) WITHOUT ROWID;"
        "INSERT INTO temp.active_commune SELECT DISTINCT territoire FROM indicator_value"
        " WHERE run_id = ?1 AND niveau = 'commune';"
        "DROP TABLE IF EXISTS temp.overlap_pairs;"
        "CREATE TEMP TABLE overlap_pairs AS"
        " SELECT DISTINCT b.niveau AS an, b.code AS ac, a.niveau AS bn, a.code AS bc"
        " FROM geo a JOIN geo b ON b.commune = a.commune"
        " WHERE a.niveau = 'etude' AND (b.niveau IN ('epci', 'departement', 'region', 'france')"
        "   OR (b.niveau = 'etude' AND b.code < a.code));"
        "DROP TABLE IF EXISTS temp.overlap_members;"
        "CREATE TEMP TABLE overlap_members(pair TEXT NOT NULL, niveau TEXT NOT NULL, code TEXT NOT NULL,"
        " total INTEGER NOT NULL);"
        "INSERT INTO temp.overlap_members"
        " SELECT an || ':' || ac || '/' || bn || ':' || bc, an, ac, 1 FROM temp.overlap_pairs"
        " UNION ALL SELECT an || ':' || ac || '/' || bn || ':' || bc, bn, bc, 0 FROM temp.overlap_pairs"
        " UNION ALL SELECT p.an || ':' || p.ac || '/' || p.bn || ':' || p.bc, 'commune', g.commune, 0"
        "  FROM temp.overlap_pairs p JOIN geo g ON g.niveau = p.an AND g.code = p.ac"
        "  JOIN temp.active_commune c ON c.code = g.commune"
        "  WHERE NOT EXISTS (SELECT 1 FROM geo h WHERE h.commune = g.commune AND h.niveau = p.bn AND h.code = p.bc)"
        " UNION ALL SELECT p.an || ':' || p.ac || '/' || p.bn || ':' || p.bc, 'commune', g.commune, 0"
        "  FROM temp.overlap_pairs p JOIN geo g ON g.niveau = p.bn AND g.code = p.bc"
        "  JOIN temp.active_commune c ON c.code = g.commune"
        "  WHERE NOT EXISTS (SELECT 1 FROM geo h WHERE h.commune = g.commune AND h.niveau = p.an AND h.code = p.ac);"
        /* looked up from each cell: without it, every cell would scan the table */
        "CREATE INDEX temp.overlap_members_territory ON overlap_members(niveau, code);"
        "DROP TABLE temp.active_commune; DROP TABLE temp.overlap_pairs;",
        run);
}
