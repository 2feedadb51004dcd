#include "indicators/secret/secret_insider.h"

#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "indicators/secret/secret_trace.h"

/* what a funder knows of its own projects; the same list, as SQL, below */
static const char *const known[] = {"montant_public", "montant_prive", "projets_finances", "creations_financees"};
#define KNOWN_SQL "('montant_public', 'montant_prive', 'projets_finances', 'creations_financees')"

bool secret_insider_known(const char *indicator)
{
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strcmp(known[i], indicator) == 0)
            return true;
    return false;
}

/* Each funder's part next to its total, for the additive indicators under
 * a secrecy rule that funders know their parts of: total (the total's rowid), c (its raw value), x (the
 * part's), type, rule. */
#define PARTS_SQL                                                                                               \
    "SELECT t.rowid AS total, t.valeur_brute AS c, v.rowid AS id, v.valeur_brute AS x, v.secret,"              \
    "       m.type, m.regle_secret"                                                                             \
    " FROM indicator_value v JOIN dimension_cle k ON k.dimension = v.dimension AND k.cle = 'financeur'"        \
    " JOIN indicator_meta m ON m.run_id = v.run_id AND m.indicator = v.indicator AND m.type IN ('count', 'sum')" \
    " AND m.regle_secret IS NOT NULL AND m.indicator IN " KNOWN_SQL                                             \
    " JOIN indicator_value t ON t.run_id = v.run_id AND t.indicator = v.indicator AND t.niveau = v.niveau"     \
    " AND t.territoire = v.territoire AND t.annee = v.annee AND t.dimension = k.reste"                        \
    " WHERE v.run_id = ?1"

/* ?1 run, ?2 dominance share, ?3 and ?4 frequency thresholds
 * (establishments, people). For each funder F with a positive part x in a
 * total c: n funders with a positive part, x1 and x2 the two largest
 * parts (x2 = x1 when two share it), the largest other part being x2 when
 * F holds x1, else x1; secret_others: how many of the other parts are
 * secret after the primary rules (a remainder made of published parts
 * tells F nothing the public does not know). */
static const char primary_sql[] =
    "UPDATE indicator_value SET secret = 1, motif_secret = 'initie' WHERE secret = 0 AND rowid IN ("
    " WITH p AS (" PARTS_SQL " AND v.valeur_brute > 0),"
    " r AS (SELECT p.*, count(*) OVER w AS n, sum(secret) OVER w - secret AS secret_others, max(x) OVER w AS x1,"
    "       nth_value(x, 2) OVER (PARTITION BY total ORDER BY x DESC"
    "                             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS x2"
    "       FROM p WINDOW w AS (PARTITION BY total))"
    " SELECT total FROM r WHERE secret_others > 0 AND ("
    "  (type = 'sum' AND (n IN (2, 3) OR (c - x > 0"
    "   AND CASE WHEN x = x1 THEN coalesce(x2, 0) ELSE x1 END > ?2 * (c - x))))"
    "  OR (type = 'count' AND c - x > 0"
    "   AND c - x < CASE WHEN regle_secret = 'personnes' THEN ?4 ELSE ?3 END)))";

bool secret_insider_primary(sqlite3 *db, int64_t run, const secret_rules *rules)
{
    sqlite3_stmt *st = db_prepare(db, primary_sql);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_double(st, 2, rules->dominance);
    sqlite3_bind_int(st, 3, rules->min_establishments);
    sqlite3_bind_int(st, 4, rules->min_people);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    if (ok) {
        long n = (long)sqlite3_changes(db);
        obs_info("secret statistique : %ld %s secret%s pour un financeur qui connaît sa part (règle de"
                 " l'initié)", n, n > 1 ? "totaux" : "total", n > 1 ? "s" : "");
    }
    return ok;
}

/* The groups (total published) whose secret cells are exactly two funders'
 * parts: each funder, knowing its own, would get the other's back. Hide
 * the smallest published part, else the total. (A group whose secret cells
 * are a funder's part and the total gives that funder the total, which is
 * its own part plus published ones: nothing of another funder.) */
static const char complete_sql[] =
    "DROP TABLE IF EXISTS temp.insider_parts;"
    "CREATE TEMP TABLE insider_parts AS " PARTS_SQL ";"
    "CREATE INDEX temp.insider_parts_total ON insider_parts(total, secret, x, id);"
    "DROP TABLE IF EXISTS temp.insider_victims;"
    "CREATE TEMP TABLE insider_victims AS SELECT DISTINCT id FROM ("
    " SELECT coalesce((SELECT p.id FROM temp.insider_parts p WHERE p.total = g.total AND p.secret = 0"
    "                  ORDER BY p.x, p.id LIMIT 1),"
    "                 CASE WHEN t.secret = 0 THEN g.total END) AS id"
    " FROM (SELECT total, sum(secret) AS s FROM temp.insider_parts GROUP BY total) g"
    " JOIN indicator_value t ON t.rowid = g.total"
    " WHERE t.secret = 0 AND g.s = 2) WHERE id IS NOT NULL;"
    "UPDATE indicator_value SET secret = 1, motif_secret = 'secondaire'"
    " WHERE secret = 0 AND rowid IN (SELECT id FROM temp.insider_victims);";

bool secret_insider_complete(sqlite3 *db, int64_t run, long *hidden)
{
    *hidden = 0;
    if (!db_exec_with_run(db, complete_sql, run))
        return false;
    *hidden = (long)sqlite3_changes(db);
    secret_trace_victims(db, "temp.insider_victims", "initié, complément", false);
    db_exec(db, "DROP TABLE IF EXISTS temp.insider_parts; DROP TABLE IF EXISTS temp.insider_victims;");
    if (*hidden > 0)
        obs_info("secret statistique : %ld cellule%s masquée%s pour qu'un financeur qui connaît sa part n'en"
                 " retrouve pas une autre", *hidden, *hidden > 1 ? "s" : "", *hidden > 1 ? "s" : "");
    return true;
}
