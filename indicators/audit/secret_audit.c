#include "indicators/audit/secret_audit.h"

#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/dimension_key.h"
#include "engine/core/log.h"
#include "indicators/audit/audit_attack.h"

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
    /* a declared relation (construit_de: R = A / public:B) with a public
     * quantity: one secret cell among R and A is the others' quotient or
     * product (relations between indicators are the attacker's, audit_attack.h) */
    {"seule cellule secrète d'une relation déclarée (construit_de)",
     "WITH rel AS (SELECT indicator, trim(substr(construit_de, 1, instr(construit_de, '/') - 1)) AS a,"
     "             trim(substr(construit_de, instr(construit_de, '/') + 1)) AS b FROM indicator_meta"
     "             WHERE run_id = ?1 AND instr(construit_de, '/') > 0 AND instr(construit_de, 'interne:') = 0"
     "             AND instr(construit_de, 'public:') > 0)"
     " SELECT v.indicator, v.niveau, v.territoire, v.annee, v.dimension || ' (' || r.a || ' / ' || r.b || ')'"
     " FROM rel r JOIN indicator_value v ON v.run_id = ?1 AND v.indicator = r.indicator"
     " LEFT JOIN indicator_value x ON x.run_id = ?1 AND x.indicator = r.a AND x.niveau = v.niveau"
     " AND x.territoire = v.territoire AND x.annee = v.annee AND x.dimension = v.dimension"
     " LEFT JOIN indicator_value y ON y.run_id = ?1 AND y.indicator = r.b AND y.niveau = v.niveau"
     " AND y.territoire = v.territoire AND y.annee = v.annee AND y.dimension = v.dimension"
     " WHERE (substr(r.a, 1, 7) = 'public:' OR x.rowid IS NOT NULL)"
     " AND (substr(r.b, 1, 7) = 'public:' OR y.rowid IS NOT NULL)"
     " AND v.secret + coalesce(x.secret, 0) + coalesce(y.secret, 0) = 1"},
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
};

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
    return secret_audit_named(db, run, rules, SHOWN_PER_CHECK, out);
}

bool secret_audit_named(sqlite3 *db, int64_t run, const secret_rules *rules, long max_named,
                        secret_audit_result *out)
{
    memset(out, 0, sizeof *out);
    /* the breakdown keys as data, for cells written by other means than
     * obs compute (compute stores them already) */
    char why[600];
    if (!dimension_keys_store(db, run, NULL, why, sizeof why)) {
        obs_error("audit du secret : %s", why);
        return false;
    }
    out->cells = count_of(db, "SELECT count(*) FROM indicator_value WHERE run_id = ?1", run, rules);
    out->secret = count_of(db, "SELECT count(*) FROM indicator_value WHERE run_id = ?1 AND secret = 1", run, rules);
    bool ok = true;
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
    out->rule_leaks = out->leaks;
    /* the attacker: what the published figures give back */
    ok = ok && audit_attack(db, run, rules->combinations, true, max_named, &out->attack);
    for (int k = 0; ok && k < AUDIT_FAMILIES; k++)
        out->leaks += out->attack.exact[k];
    if (ok)
        out->leaks += out->attack.near + out->attack.insider_exact + out->attack.insider_near;
    out->groups = out->attack.relations;
    return ok;
}
