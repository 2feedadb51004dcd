#include "secret_audit.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "dimension_key.h"
#include "log.h"
#include "secret_groups.h"
#include "secret_linear.h"

/* Each check is a query whose rows are leaks, described by five columns:
 * indicator, niveau, territoire, annee, and a detail. Parameters: ?1 run,
 * ?2 and ?3 the frequency thresholds (establishments, people), ?4 the
 * dominance share, ?5 the p of the p % rule over 100 (0: off). */
typedef struct {
    const char *what;
    const char *sql;
} audit_check;

/* A cell of a public SIRENE indicator outside its confidential dimensions:
 * no frequency, dominance or p % rule (docs/confidentiality.md, section 0). */
#define PUBLIC_CELL                                                                                          \
    " (coalesce(m.confidentialite, '') = 'public_sirene' AND (coalesce(m.dimensions_confidentielles, '') = ''" \
    " OR instr(',' || replace(replace(m.dimensions_confidentielles, ', ', ','), ' ,', ',') || ',',"             \
    " ',' || v.dimension || ',') = 0))"

static const audit_check checks[] = {
    {"valeur publiée pour une cellule secrète",
     "SELECT indicator, niveau, territoire, annee, dimension FROM indicator_value"
     " WHERE run_id = ?1 AND secret = 1 AND valeur IS NOT NULL"},
    {"règle de fréquence non appliquée",
     "SELECT v.indicator, v.niveau, v.territoire, v.annee, v.dimension || ' (' || coalesce(v.n_unites, 0) || ' unités)'"
     " FROM indicator_value v JOIN indicator_meta m ON m.run_id = v.run_id AND m.indicator = v.indicator"
     " WHERE v.run_id = ?1 AND v.secret = 0 AND m.regle_secret IS NOT NULL"
     " AND m.type NOT IN ('evolution', 'growth', 'specificity')"
     " AND coalesce(v.n_unites, 0) < CASE WHEN m.regle_secret = 'personnes' THEN ?3 ELSE ?2 END"
     " AND NOT" PUBLIC_CELL},
    {"règle de dominance non appliquée",
     "SELECT v.indicator, v.niveau, v.territoire, v.annee, v.dimension || ' (part maximale ' || v.part_max || ')'"
     " FROM indicator_value v JOIN indicator_meta m ON m.run_id = v.run_id AND m.indicator = v.indicator"
     " WHERE v.run_id = ?1 AND v.secret = 0 AND m.regle_secret = 'etablissements'"
     " AND m.type NOT IN ('evolution', 'growth', 'specificity') AND v.part_max > ?4 AND NOT" PUBLIC_CELL},
    {"règle du p % non appliquée",
     "SELECT v.indicator, v.niveau, v.territoire, v.annee, v.dimension || ' (parts ' || v.part_max || ' et '"
     " || v.part_deuxieme || ')'"
     " FROM indicator_value v JOIN indicator_meta m ON m.run_id = v.run_id AND m.indicator = v.indicator"
     " WHERE v.run_id = ?1 AND v.secret = 0 AND m.regle_secret = 'etablissements'"
     " AND m.type NOT IN ('evolution', 'growth', 'specificity') AND ?5 > 0 AND v.part_deuxieme IS NOT NULL"
     " AND 1 - v.part_max - v.part_deuxieme < ?5 * v.part_max AND NOT" PUBLIC_CELL},
    {"part publiée alors que son numérateur est secret",
     "SELECT v.indicator, v.niveau, v.territoire, v.annee, v.dimension || ' (' || m.secret_herite || ')'"
     " FROM indicator_value v JOIN indicator_meta m ON m.run_id = v.run_id AND m.indicator = v.indicator"
     " JOIN indicator_value b ON b.run_id = v.run_id AND b.indicator = m.secret_herite AND b.niveau = v.niveau"
     " AND b.territoire = v.territoire AND b.annee = v.annee AND b.dimension = v.dimension"
     " WHERE v.run_id = ?1 AND v.secret = 0 AND b.secret = 1"},
    /* a declared relation (construit_de: R = A / B): where each side is a
     * published cell or a public quantity, one secret cell among R, A and B
     * is the others' quotient or product */
    {"seule cellule secrète d'une relation déclarée (construit_de)",
     "WITH rel AS (SELECT indicator, trim(substr(construit_de, 1, instr(construit_de, '/') - 1)) AS a,"
     "             trim(substr(construit_de, instr(construit_de, '/') + 1)) AS b FROM indicator_meta"
     "             WHERE run_id = ?1 AND instr(construit_de, '/') > 0 AND instr(construit_de, 'interne:') = 0)"
     " SELECT v.indicator, v.niveau, v.territoire, v.annee, v.dimension || ' (' || r.a || ' / ' || r.b || ')'"
     " FROM rel r JOIN indicator_value v ON v.run_id = ?1 AND v.indicator = r.indicator"
     " LEFT JOIN indicator_value x ON x.run_id = ?1 AND x.indicator = r.a AND x.niveau = v.niveau"
     " AND x.territoire = v.territoire AND x.annee = v.annee AND x.dimension = v.dimension"
     " LEFT JOIN indicator_value y ON y.run_id = ?1 AND y.indicator = r.b AND y.niveau = v.niveau"
     " AND y.territoire = v.territoire AND y.annee = v.annee AND y.dimension = v.dimension"
     " WHERE (substr(r.a, 1, 7) = 'public:' OR x.rowid IS NOT NULL)"
     " AND (substr(r.b, 1, 7) = 'public:' OR y.rowid IS NOT NULL)"
     " AND v.secret + coalesce(x.secret, 0) + coalesce(y.secret, 0) = 1"},
    /* a total and its breakdown by one key: the total plus its parts (keys
     * read from dimension_cle) */
    {"seule cellule secrète d'une ventilation (retrouvable par différence)",
     "SELECT t.indicator, t.niveau, t.territoire, t.annee, 'ventilation par ' || p.cle"
     " FROM indicator_value t JOIN indicator_meta m ON m.run_id = t.run_id AND m.indicator = t.indicator"
     " AND m.type IN ('count', 'sum')"
     " JOIN (SELECT v.indicator, v.niveau, v.territoire, v.annee, k.cle, v.secret FROM indicator_value v"
     "       JOIN dimension_cle k ON k.dimension = v.dimension AND k.n_cles = 1 WHERE v.run_id = ?1) p"
     " ON p.indicator = t.indicator AND p.niveau = t.niveau AND p.territoire = t.territoire AND p.annee = t.annee"
     " WHERE t.run_id = ?1 AND t.dimension = ''"
     " GROUP BY t.indicator, t.niveau, t.territoire, t.annee, p.cle HAVING t.secret + sum(p.secret) = 1"},
    /* a breakdown by several keys along one of them: the cell without that
     * key (reste) plus its parts */
    {"seule cellule secrète d'une ventilation croisée (retrouvable par différence)",
     "SELECT t.indicator, t.niveau, t.territoire, t.annee, p.reste || ', ventilation par ' || p.cle"
     " FROM (SELECT v.indicator, v.niveau, v.territoire, v.annee, k.reste, k.cle, v.secret FROM indicator_value v"
     "       JOIN dimension_cle k ON k.dimension = v.dimension AND k.n_cles > 1 WHERE v.run_id = ?1) p"
     " JOIN indicator_value t ON t.run_id = ?1 AND t.indicator = p.indicator AND t.niveau = p.niveau"
     " AND t.territoire = p.territoire AND t.annee = p.annee AND t.dimension = p.reste"
     " JOIN indicator_meta m ON m.run_id = t.run_id AND m.indicator = t.indicator AND m.type IN ('count', 'sum')"
     " GROUP BY t.indicator, t.niveau, t.territoire, t.annee, p.reste, p.cle HAVING t.secret + sum(p.secret) = 1"},
    /* the insider rule (docs/confidentiality.md): a published total by
     * financeur, of what funders know their parts of, where removing one
     * funder's part leaves 1 or 2 other funders, or one making more than
     * the dominance share, or (counts) fewer units than the threshold, one
     * of the others being secret by a primary rule */
    {"règle de l'initié non appliquée",
     "SELECT t.indicator, t.niveau, t.territoire, t.annee,"
     "        CASE WHEN f.reste = '' THEN '' ELSE f.reste || ', ' END || 'sans la part de ' || f.valeur"
     " FROM indicator_value t JOIN indicator_meta m ON m.run_id = t.run_id AND m.indicator = t.indicator"
     " AND m.regle_secret IS NOT NULL AND m.type IN ('count', 'sum')"
     " AND m.indicator IN ('montant_public', 'montant_prive', 'projets_finances', 'creations_financees')"
     " JOIN (SELECT v.indicator, v.niveau, v.territoire, v.annee, v.valeur_brute AS x, k.reste, k.valeur"
     "       FROM indicator_value v JOIN dimension_cle k ON k.dimension = v.dimension AND k.cle = 'financeur'"
     "       WHERE v.run_id = ?1 AND v.valeur_brute > 0) f"
     " ON f.indicator = t.indicator AND f.niveau = t.niveau AND f.territoire = t.territoire AND f.annee = t.annee"
     " AND f.reste = t.dimension"
     " WHERE t.run_id = ?1 AND t.secret = 0"
     " AND EXISTS (SELECT 1 FROM indicator_value o JOIN dimension_cle ko ON ko.dimension = o.dimension"
     "             AND ko.cle = 'financeur' AND ko.reste = f.reste AND ko.valeur <> f.valeur"
     "             WHERE o.run_id = ?1 AND o.indicator = t.indicator AND o.niveau = t.niveau"
     "             AND o.territoire = t.territoire AND o.annee = t.annee AND o.valeur_brute > 0"
     "             AND o.motif_secret IN ('frequence', 'dominance', 'p_pourcent'))"
     " AND ((m.type = 'sum'"
     "       AND ((SELECT count(*) FROM indicator_value o JOIN dimension_cle ko ON ko.dimension = o.dimension"
     "             AND ko.cle = 'financeur' AND ko.reste = f.reste AND ko.valeur <> f.valeur"
     "             WHERE o.run_id = ?1 AND o.indicator = t.indicator AND o.niveau = t.niveau"
     "             AND o.territoire = t.territoire AND o.annee = t.annee AND o.valeur_brute > 0) IN (1, 2)"
     "        OR (SELECT max(o.valeur_brute) FROM indicator_value o JOIN dimension_cle ko ON ko.dimension = o.dimension"
     "            AND ko.cle = 'financeur' AND ko.reste = f.reste AND ko.valeur <> f.valeur"
     "            WHERE o.run_id = ?1 AND o.indicator = t.indicator AND o.niveau = t.niveau"
     "            AND o.territoire = t.territoire AND o.annee = t.annee) > ?4 * (t.valeur_brute - f.x)))"
     "   OR (m.type = 'count' AND t.valeur_brute - f.x > 0"
     "       AND t.valeur_brute - f.x < CASE WHEN m.regle_secret = 'personnes' THEN ?3 ELSE ?2 END))"},
    /* a funder sees its own part, secret or not, of what it gave (amounts,
     * projects, creations): in a breakdown by financeur (keys from
     * dimension_cle) whose total is published, its secret part and exactly
     * one other funder's give that one back to it */
    {"seule autre part secrète d'une ventilation par financeur, pour un financeur qui connaît la sienne",
     "WITH p AS (SELECT v.indicator, v.niveau, v.territoire, v.annee, k.reste, k.valeur AS financeur, v.secret"
     "           FROM indicator_value v JOIN dimension_cle k ON k.dimension = v.dimension AND k.cle = 'financeur'"
     "           WHERE v.run_id = ?1),"
     " g AS (SELECT indicator, niveau, territoire, annee, reste, sum(secret) AS s FROM p"
     "       GROUP BY indicator, niveau, territoire, annee, reste)"
     " SELECT t.indicator, t.niveau, t.territoire, t.annee,"
     "        CASE WHEN g.reste = '' THEN '' ELSE g.reste || ', ' END || 'part connue de ' || x.financeur"
     " FROM g JOIN indicator_value t ON t.run_id = ?1 AND t.indicator = g.indicator AND t.niveau = g.niveau"
     " AND t.territoire = g.territoire AND t.annee = g.annee AND t.dimension = g.reste"
     " JOIN indicator_meta m ON m.run_id = t.run_id AND m.indicator = t.indicator AND m.type IN ('count', 'sum')"
     " AND m.indicator IN ('montant_public', 'montant_prive', 'projets_finances', 'creations_financees')"
     " JOIN p x ON x.indicator = g.indicator AND x.niveau = g.niveau AND x.territoire = g.territoire"
     " AND x.annee = g.annee AND x.reste = g.reste AND x.secret = 1"
     " WHERE t.secret = 0 AND g.s = 2"},
    /* a territory and its parts at one level, for the same dimension
     * (temp.audit_parts: the parts' secret cells, per parent) */
    {"seule cellule secrète d'un territoire et de ses parties (retrouvable par différence)",
     "SELECT t.indicator, t.niveau, t.territoire, t.annee, t.dimension || ' (' || g.cn || 's)'"
     " FROM temp.audit_parts g JOIN indicator_value t ON t.run_id = ?1 AND t.indicator = g.indicator"
     " AND t.niveau = g.pn AND t.territoire = g.pc AND t.annee = g.annee AND t.dimension = g.dimension"
     " WHERE t.secret + g.secret = 1"},
    /* a study territory, a territory it overlaps and the communes that tell
     * them apart (temp.audit_overlaps: each relation with its count of
     * secret cells) */
    {"seule cellule secrète d'un territoire d'étude et d'un territoire qui le recoupe (retrouvable par différence)",
     "SELECT indicator, niveau, code, annee, dimension || ' (' || replace(pair, '/', ' et ') || ')'"
     " FROM temp.audit_overlaps WHERE secret = 1"},
    /* temp.audit_determined: what the equations of all groups, combined,
     * give back (see determined_sql) */
    {"cellule secrète retrouvable en combinant plusieurs groupes additifs",
     "SELECT indicator, niveau, territoire, annee, dimension FROM indicator_value"
     " WHERE rowid IN (SELECT id FROM temp.audit_determined) AND ?1 IS NOT NULL ORDER BY rowid"},
};

/* Every additive equation of the published tables, over its secret cells:
 * (equation key, cell, +1 for the total / -1 for a part). A total and its
 * breakdown by one key; a two-key breakdown along one key and the one-key
 * cell it adds up to; a territory and its communes, a région and its
 * départements, France and its régions. The other groups checked above
 * (EPCIs inside a territory, study territories overlapping others) are
 * sums and differences of these, so they add no equation. */
static const char determined_sql[] =
    "WITH v AS NOT MATERIALIZED (SELECT * FROM temp.audit_cells),"
    " keyed AS (SELECT v.id, v.indicator, v.niveau, v.territoire, v.annee, v.secret, k.reste, k.cle FROM v"
    "           JOIN dimension_cle k ON k.dimension = v.dimension),"
    " hier AS (SELECT c.id AS cid, c.secret AS cs, p.id AS pid, p.secret AS ps, l.grp FROM v c"
    "          JOIN temp.territory_links l ON l.cn = c.niveau AND l.cc = c.territoire"
    "          AND l.grp IN ('commune', 'departement', 'region')"
    "          JOIN v p ON p.indicator = c.indicator AND p.niveau = l.pn AND p.territoire = l.pc"
    "          AND p.annee = c.annee AND p.dimension = c.dimension)"
    " SELECT 'b' || t.id || '|' || o.cle, o.id, -1 FROM keyed o JOIN v t ON t.indicator = o.indicator"
    "  AND t.niveau = o.niveau AND t.territoire = o.territoire AND t.annee = o.annee AND t.dimension = o.reste"
    "  WHERE o.secret = 1"
    " UNION SELECT 'b' || t.id || '|' || o.cle, t.id, 1 FROM keyed o JOIN v t ON t.indicator = o.indicator"
    "  AND t.niveau = o.niveau AND t.territoire = o.territoire AND t.annee = o.annee AND t.dimension = o.reste"
    "  WHERE t.secret = 1"
    " UNION ALL SELECT 'h' || pid || '|' || grp, cid, -1 FROM hier WHERE cs = 1"
    " UNION SELECT 'h' || pid || '|' || grp, pid, 1 FROM hier WHERE ps = 1"
    " ORDER BY 1";

/* Fills temp.audit_determined with the secret cells the equations give
 * back (left empty unless asked for). */
static bool find_determined(sqlite3 *db, int64_t run, bool asked)
{
    int64_t *cells = NULL;
    size_t n = 0;
    /* the run's additive cells, indexed by their key: each branch of
     * determined_sql looks a cell's total or parent up there (without the
     * index, SQLite scanned them all for each cell, and the sample's check
     * did not end in ten minutes) */
    if (asked && !db_exec_with_run(db,
                                   "DROP TABLE IF EXISTS temp.audit_cells;"
                                   " CREATE TEMP TABLE audit_cells AS SELECT x.rowid AS id, x.indicator, x.niveau,"
                                   " x.territoire, x.annee, x.dimension, x.secret FROM indicator_value x"
                                   " JOIN indicator_meta m ON m.run_id = x.run_id AND m.indicator = x.indicator"
                                   " AND m.type IN ('count', 'sum') WHERE x.run_id = ?1;"
                                   " CREATE INDEX temp.audit_cells_key"
                                   " ON audit_cells(indicator, niveau, territoire, annee, dimension);",
                                   run))
        return false;
    if (asked && !secret_linear_determined(db, determined_sql, run, &cells, &n))
        return false;
    bool ok = db_exec(db, "DROP TABLE IF EXISTS temp.audit_determined;"
                          " CREATE TEMP TABLE audit_determined(id INTEGER PRIMARY KEY)");
    sqlite3_stmt *st = ok ? db_prepare(db, "INSERT INTO temp.audit_determined VALUES(?1)") : NULL;
    for (size_t i = 0; st && ok && i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, cells[i]);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    free(cells);
    return ok && st;
}

enum { SHOWN_PER_CHECK = 20 };

static sqlite3_stmt *prepare_bound(sqlite3 *db, const char *sql, int64_t run, const secret_rules *rules)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int(st, 2, rules->min_establishments);
    sqlite3_bind_int(st, 3, rules->min_people);
    sqlite3_bind_double(st, 4, rules->dominance);
    sqlite3_bind_double(st, 5, rules->p_percent / 100.0); /* SQLITE_RANGE where unused: harmless */
    return st;
}

static bool run_check(sqlite3 *db, const audit_check *c, int64_t run, const secret_rules *rules, long *leaks)
{
    sqlite3_stmt *st = prepare_bound(db, c->sql, run, rules);
    if (!st)
        return false;
    long n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n++ < SHOWN_PER_CHECK)
            obs_error("fuite : %s : %s, %s %s, %d%s%s", c->what, (const char *)sqlite3_column_text(st, 0),
                      (const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2),
                      sqlite3_column_int(st, 3), *(const char *)sqlite3_column_text(st, 4) ? ", " : "",
                      (const char *)sqlite3_column_text(st, 4));
    }
    sqlite3_finalize(st);
    if (n > SHOWN_PER_CHECK)
        obs_error("fuite : %s : %ld cas en tout", c->what, n);
    *leaks += n;
    return rc == SQLITE_DONE;
}

static long count_of(sqlite3 *db, const char *sql, int64_t run, const secret_rules *rules)
{
    sqlite3_stmt *st = prepare_bound(db, sql, run, rules);
    long n = st && sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return n;
}

bool secret_audit(sqlite3 *db, int64_t run, const secret_rules *rules, secret_audit_result *out)
{
    memset(out, 0, sizeof *out);
    /* the breakdown keys as data, for cells written by other means than
     * obs compute (compute stores them already) */
    char why[600];
    if (!dimension_keys_store(db, run, NULL, why, sizeof why)) {
        obs_error("audit du secret : %s", why);
        return false;
    }
    if (!secret_groups_links(db) || !secret_groups_overlaps(db, run))
        return false;
    out->cells = count_of(db, "SELECT count(*) FROM indicator_value WHERE run_id = ?1", run, rules);
    out->secret = count_of(db, "SELECT count(*) FROM indicator_value WHERE run_id = ?1 AND secret = 1", run, rules);
    /* the territorial groups, from the parts that exist (a parent has
     * thousands of possible communes, few of which have figures) */
    bool ok = db_exec_with_run(db,
                                 "DROP TABLE IF EXISTS temp.audit_parts;"
                                 "CREATE TEMP TABLE audit_parts AS"
                                 " SELECT c.indicator, l.pn, l.pc, c.annee, c.dimension, l.grp AS cn, sum(c.secret) AS secret"
                                 " FROM indicator_value c JOIN indicator_meta m ON m.run_id = c.run_id"
                                 " AND m.indicator = c.indicator AND m.type IN ('count', 'sum')"
                                 " JOIN temp.territory_links l ON l.cn = c.niveau AND l.cc = c.territoire"
                                 " WHERE c.run_id = ?1 GROUP BY c.indicator, l.pn, l.pc, c.annee, c.dimension, l.grp",
                               run);
    ok = ok && db_exec_with_run(db,
                                "DROP TABLE IF EXISTS temp.audit_overlaps;"
                                "CREATE TEMP TABLE audit_overlaps AS"
                                " SELECT o.pair, c.indicator, min(CASE WHEN o.total = 1 THEN o.niveau END) AS niveau,"
                                " min(CASE WHEN o.total = 1 THEN o.code END) AS code, c.annee, c.dimension,"
                                " sum(c.secret) AS secret"
                                " FROM temp.overlap_members o JOIN indicator_value c ON c.run_id = ?1"
                                " AND c.niveau = o.niveau AND c.territoire = o.code"
                                " JOIN indicator_meta m ON m.run_id = c.run_id AND m.indicator = c.indicator"
                                " AND m.type IN ('count', 'sum')"
                                " GROUP BY o.pair, c.indicator, c.annee, c.dimension"
                                " HAVING sum(o.total) = 1 AND count(*) > 1",
                                run);
    /* how many groups the group checks look at */
    out->groups = count_of(db,
                           "SELECT (SELECT count(*) FROM (SELECT DISTINCT v.indicator, v.niveau, v.territoire, v.annee,"
                           " k.cle FROM indicator_value v JOIN dimension_cle k ON k.dimension = v.dimension"
                           " AND k.n_cles = 1 JOIN indicator_meta m ON m.run_id = v.run_id"
                           " AND m.indicator = v.indicator AND m.type IN ('count', 'sum') WHERE v.run_id = ?1))"
                           " + (SELECT count(*) FROM temp.audit_parts g JOIN indicator_value t ON t.run_id = ?1"
                           " AND t.indicator = g.indicator AND t.niveau = g.pn AND t.territoire = g.pc"
                           " AND t.annee = g.annee AND t.dimension = g.dimension)"
                           " + (SELECT count(*) FROM temp.audit_overlaps)",
                           run, rules);
    ok = ok && find_determined(db, run, rules->combinations);
    for (size_t i = 0; i < sizeof checks / sizeof *checks && ok; i++)
        ok = run_check(db, &checks[i], run, rules, &out->leaks);
    /* once the establishments carry INSEE's statutDiffusion: a small public
     * cell of a territory holding a non-diffusible establishment */
    sqlite3_stmt *probe = NULL;
    bool status = sqlite3_prepare_v2(db, "SELECT statut_diffusion FROM etablissement LIMIT 0", -1, &probe, NULL) ==
                  SQLITE_OK;
    sqlite3_finalize(probe);
    static const audit_check diffusion = {
        "cellule publique qui localise un établissement non diffusible (statutDiffusion P)",
        "SELECT v.indicator, v.niveau, v.territoire, v.annee, v.dimension || ' (' || coalesce(v.n_unites, 0)"
        " || ' unités)' FROM indicator_value v JOIN indicator_meta m ON m.run_id = v.run_id"
        " AND m.indicator = v.indicator WHERE v.run_id = ?1 AND v.secret = 0 AND" PUBLIC_CELL
        " AND coalesce(v.n_unites, 0) < ?2 AND (v.niveau, v.territoire) IN (SELECT g.niveau, g.code"
        " FROM etablissement e JOIN geo g ON g.commune = e.commune WHERE e.statut_diffusion = 'P')"};
    /* (the territories holding a non-diffusible establishment are listed once:
     * a correlated EXISTS scanned the establishments for every small cell) */
    if (ok && status)
        ok = run_check(db, &diffusion, run, rules, &out->leaks);
    db_exec(db, "DROP TABLE IF EXISTS temp.territory_links; DROP TABLE IF EXISTS temp.audit_parts;"
                " DROP TABLE IF EXISTS temp.overlap_members; DROP TABLE IF EXISTS temp.audit_overlaps;"
                " DROP TABLE IF EXISTS temp.audit_determined; DROP TABLE IF EXISTS temp.audit_cells;");
    return ok;
}
