#include "indicators/secret/secret.h"

#include <stdio.h>
#include <stdlib.h>

#include "engine/core/db.h"
#include "engine/core/dimension_key.h"
#include "engine/core/log.h"
#include "engine/core/progress.h"
#include "indicators/secret/secret_groups.h"
#include "indicators/secret/secret_insider.h"
#include "indicators/secret/secret_insider_combined.h"
#include "indicators/secret/secret_insider_intervals.h"
#include "engine/core/stage_progress.h"
#include "indicators/secret/secret_primary.h"
#include "indicators/secret/secret_combined.h"
#include "indicators/secret/secret_equal.h"
#include "indicators/secret/secret_funder_cells.h"
#include "indicators/secret/secret_intervals.h"
#include "indicators/secret/secret_model.h"
#include "indicators/secret/secret_trace.h"
#include "indicators/secret/secret_release.h"
#include "indicators/secret/secret_timing.h"

static bool exec_bound(sqlite3 *db, const char *sql, int64_t run, const char *indicator, double a, double b)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, indicator, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 3, a);
    sqlite3_bind_double(st, 4, b);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

/* A derived cell is secret when a cell it is computed from is. */
static bool inherited(sqlite3 *db, int64_t run, const indicator_def *d)
{
    /* which cells of the base indicator a derived cell v is computed from */
    const char *same_cell = "b.niveau = v.niveau AND b.territoire = v.territoire AND b.dimension = v.dimension";
    const char *years;
    switch (d->kind) {
    case KIND_EVOLUTION:
        years = "b.annee IN (v.annee, v.annee - 1)";
        break;
    case KIND_GROWTH:
        years = "b.annee IN (v.annee, v.annee - 5)";
        break;
    case KIND_SPECIFICITY:
        years = "b.annee = v.annee";
        break;
    default:
        return true;
    }
    char sql[2048];
    int n = snprintf(sql, sizeof sql,
                     "UPDATE indicator_value AS v SET secret = 1, motif_secret = 'herite'"
                     " WHERE v.run_id = ?1 AND v.indicator = ?2 AND v.secret = 0 AND (EXISTS (SELECT 1 FROM"
                     " indicator_value b WHERE b.run_id = v.run_id AND b.indicator = ?3 AND b.secret = 1"
                     " AND %s AND %s)",
                     same_cell, years);
    /* a specificity index also divides by France's share: a second lookup,
     * since an OR inside the first would defeat the primary key */
    if (d->kind == KIND_SPECIFICITY)
        n += snprintf(sql + n, sizeof sql - (size_t)n,
                      " OR EXISTS (SELECT 1 FROM indicator_value b WHERE b.run_id = v.run_id AND b.indicator = ?3"
                      " AND b.secret = 1 AND b.niveau = 'france' AND b.territoire = 'FR'"
                      " AND b.dimension = v.dimension AND b.annee = v.annee)");
    snprintf(sql + n, sizeof sql - (size_t)n, ")");
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, d->base, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

/* Secondary suppression. In every additive group -- a cell and its
 * breakdown (famille=..., section=...; with two keys, dispositif=Y;financeur=X
 * along one key adds up to financeur=X or dispositif=Y; keys read from
 * dimension_cle, never from the string), or a territory and its parts
 * (communes of an EPCI, a département or a study territory; départements of
 * a région; régions of France; the EPCIs inside a département, a région, a
 * study territory or France; a study territory, a territory it overlaps and
 * the communes that tell them apart), for the same indicator, year and
 * dimension --
 * a single suppressed cell could be recovered by subtraction. The smallest
 * published member of such a group is suppressed too (a part before the
 * total), until no group holds exactly one: losing the smallest values loses
 * the least information. Applied to every count and sum (people are counted
 * where they live, so communes add up to their territories; where a person
 * appears in several parts of a breakdown the group is treated as additive
 * all the same, which can only hide more). Rates are not sums of their
 * parts: they inherit the secrecy of their cells through the primary rules
 * on their own counts. */
/* The members of every group, once: a group key, the cell, its raw value,
 * whether it is the group's total, and whether it is secret. */
static const char members_sql[] =
    "DROP TABLE IF EXISTS temp.members;"
    "CREATE TEMP TABLE members(grp TEXT NOT NULL, id INTEGER NOT NULL, x REAL, total INTEGER, secret INTEGER);"
    /* breakdowns, read from the keys stored as data (dimension_cle): each
     * cell with keys is a part of one group per key, with the cell whose
     * dimension is the same without that key (reste) as total -- a one-key
     * cell (famille=a) adds up to the total, a two-key cell
     * (dispositif=b;financeur=F) to dispositif=b along financeur and to
     * financeur=F along dispositif. Group key: the cell's place, then the
     * key alone for a one-key breakdown, else reste|key. */
    "DROP TABLE IF EXISTS temp.keyed;"
    "CREATE TEMP TABLE keyed AS"
    " SELECT v.rowid AS id, v.indicator, v.niveau, v.territoire, v.annee, v.valeur_brute AS x, v.secret,"
    "        k.reste, k.cle FROM indicator_value v JOIN temp.additive a ON a.indicator = v.indicator"
    " JOIN dimension_cle k ON k.dimension = v.dimension WHERE v.run_id = ?1;"
    "INSERT INTO temp.members"
    " SELECT indicator || '|' || niveau || '|' || territoire || '|' || annee || '|'"
    "        || CASE WHEN reste = '' THEN cle ELSE reste || '|' || cle END, id, x, 0, secret FROM temp.keyed;"
    /* each total, once per key it is broken down by */
    "INSERT INTO temp.members"
    " SELECT t.indicator || '|' || t.niveau || '|' || t.territoire || '|' || t.annee || '|' || d.cle,"
    "        t.rowid, t.valeur_brute, 1, t.secret"
    " FROM (SELECT DISTINCT indicator, cle FROM temp.keyed WHERE reste = '') d"
    " JOIN indicator_value t ON t.run_id = ?1 AND t.indicator = d.indicator AND t.dimension = '';"
    /* each cell with keys that others add up to, once per key they vary along */
    "INSERT INTO temp.members"
    " SELECT g.indicator || '|' || g.niveau || '|' || g.territoire || '|' || g.annee || '|' || g.reste || '|'"
    "        || g.cle, t.rowid, t.valeur_brute, 1, t.secret"
    " FROM (SELECT DISTINCT indicator, niveau, territoire, annee, reste, cle FROM temp.keyed WHERE reste <> '') g"
    " JOIN indicator_value t ON t.run_id = ?1 AND t.indicator = g.indicator AND t.niveau = g.niveau"
    " AND t.territoire = g.territoire AND t.annee = g.annee AND t.dimension = g.reste;"
    "DROP TABLE temp.keyed;"
    /* the territorial hierarchy: a territory and its parts */
    "INSERT INTO temp.members"
    " SELECT 'h|' || l.grp || '|' || l.pn || '|' || l.pc || '|' || c.indicator || '|' || c.annee || '|' || c.dimension,"
    "        c.rowid, c.valeur_brute, 0, c.secret"
    " FROM temp.territory_links l JOIN indicator_value c ON c.run_id = ?1 AND c.niveau = l.cn AND c.territoire = l.cc"
    " JOIN temp.additive a ON a.indicator = c.indicator;"
    "INSERT INTO temp.members"
    " SELECT 'h|' || k.grp || '|' || p.niveau || '|' || p.territoire || '|' || p.indicator || '|' || p.annee"
    "        || '|' || p.dimension, p.rowid, p.valeur_brute, 1, p.secret"
    " FROM (SELECT DISTINCT grp, pn FROM temp.territory_links) k"
    " JOIN indicator_value p ON p.run_id = ?1 AND p.niveau = k.pn"
    " JOIN temp.additive a ON a.indicator = p.indicator;"
    /* a study territory, a territory it overlaps and the communes that tell them apart */
    "INSERT INTO temp.members"
    " SELECT 'o|' || o.pair || '|' || c.indicator || '|' || c.annee || '|' || c.dimension,"
    "        c.rowid, c.valeur_brute, o.total, c.secret"
    " FROM temp.overlap_members o JOIN temp.additive a"
    " JOIN indicator_value c ON c.run_id = ?1 AND c.indicator = a.indicator AND c.niveau = o.niveau"
    " AND c.territoire = o.code;"
    /* a declared relation (construit_de): a ratio, mean or leverage cell and
     * the same cells of what it divides, where those can be hidden */
    "INSERT INTO temp.members"
    " SELECT 'r|' || v.indicator || '|' || v.niveau || '|' || v.territoire || '|' || v.annee || '|' || v.dimension,"
    "        v.rowid, v.valeur_brute, 0, v.secret"
    " FROM temp.relations r JOIN indicator_value v ON v.run_id = ?1 AND v.indicator = r.indicator;"
    "INSERT INTO temp.members"
    " SELECT 'r|' || v.indicator || '|' || v.niveau || '|' || v.territoire || '|' || v.annee || '|' || v.dimension,"
    "        b.rowid, b.valeur_brute, 1, b.secret"
    " FROM temp.relations r JOIN indicator_value v ON v.run_id = ?1 AND v.indicator = r.indicator"
    " JOIN indicator_value b ON b.run_id = ?1 AND b.indicator = r.a AND b.niveau = v.niveau"
    " AND b.territoire = v.territoire AND b.annee = v.annee AND b.dimension = v.dimension;"
    "INSERT INTO temp.members"
    " SELECT 'r|' || v.indicator || '|' || v.niveau || '|' || v.territoire || '|' || v.annee || '|' || v.dimension,"
    "        b.rowid, b.valeur_brute, 1, b.secret"
    " FROM temp.relations r JOIN indicator_value v ON v.run_id = ?1 AND v.indicator = r.indicator"
    " JOIN indicator_value b ON b.run_id = ?1 AND b.indicator = r.b AND b.niveau = v.niveau"
    " AND b.territoire = v.territoire AND b.annee = v.annee AND b.dimension = v.dimension;"
    "CREATE INDEX temp.members_grp ON members(grp, secret, total, x, id);"
    "CREATE INDEX temp.members_id ON members(id);"
    /* the groups that have a total and parts, with their count of secret
     * cells, kept up to date round after round */
    "DROP TABLE IF EXISTS temp.groups;"
    "CREATE TEMP TABLE groups(grp TEXT PRIMARY KEY, nsecret INTEGER NOT NULL);"
    "INSERT INTO temp.groups SELECT grp, sum(secret) FROM temp.members GROUP BY grp"
    " HAVING (sum(total) = 1 OR substr(grp, 1, 2) = 'r|') AND count(*) > 1;"
    "CREATE INDEX temp.groups_nsecret ON groups(nsecret);";

/* A breakdown whose parts do not add up to its total on the true values
 * (a project with two funders counts once in the total and once per
 * funder: creations_financees, projets_finances by financeur) is no
 * equation anyone can use -- both attackers drop such relations -- and
 * taken as one it makes the exact solver find hidden cells "given back"
 * where every cell of the block is hidden. Such groups are left out. */
static const char false_groups_sql[] =
    "DROP TABLE IF EXISTS temp.false_groups;"
    "CREATE TEMP TABLE false_groups(grp TEXT PRIMARY KEY);"
    "INSERT INTO temp.false_groups SELECT grp FROM temp.members WHERE substr(grp, 1, 2) NOT IN ('r|', 'o|')"
    " GROUP BY grp HAVING sum(total) = 1 AND abs(sum(CASE WHEN total = 1 THEN coalesce(x, 0) ELSE -coalesce(x, 0) END))"
    " > 1e-6 * max(1.0, max(abs(coalesce(x, 0))));"
    "DELETE FROM temp.members WHERE grp IN (SELECT grp FROM temp.false_groups);"
    "DELETE FROM temp.groups WHERE grp IN (SELECT grp FROM temp.false_groups);"
    "DROP TABLE temp.false_groups;";

/* One round: in each group with exactly one secret cell (and something to
 * hide it with), the published member that costs least (temp.cell_cost, as
 * τ-ARGUS's cost functions): never a France or région figure without
 * breakdown if anything else protects, a part before the total (a ratio
 * before what it divides), a commune before larger territories, then the
 * fewest contributors, then the smallest value. A ratio relation (r|)
 * with a hidden side hides its ratio (the ratio, its numerator and its
 * denominator published together or the ratio masked with them). */
static const char round_sql[] =
    "DROP TABLE IF EXISTS temp.victims;"
    "CREATE TEMP TABLE victims AS SELECT DISTINCT id FROM ("
    "  SELECT (SELECT m.id FROM temp.members m JOIN temp.cell_cost k ON k.id = m.id"
    "          WHERE m.grp = g.grp AND m.secret = 0"
    "          ORDER BY k.big, m.total, k.level, k.n, m.x, m.id LIMIT 1) AS id"
    "  FROM temp.groups g WHERE g.nsecret = 1"
    /* and a ratio whose side is hidden: hidden too, whatever else is (both
     * sides hidden and the ratio published leave one unknown once a sum,
     * a bound or integrality narrows either side: a mean times a whole
     * count, the audit found 22 such cells on the sample) */
    "  UNION ALL SELECT m.id FROM temp.groups g JOIN temp.members m ON m.grp = g.grp"
    "  WHERE g.grp > 'r|' AND g.grp < 'r}' AND g.nsecret >= 2 AND m.total = 0 AND m.secret = 0)"
    " WHERE id IS NOT NULL;";

/* Integrality (docs/confidentiality.md, « Integrality »): a hidden count is
 * a whole number, at least 1 since its row exists. In a group whose total is
 * published, k hidden parts adding up to k are each 1, given back however
 * many they are. In each such group, hide one more published part worth
 * at least 2 (then each hidden part lies between 1 and at least 3), the
 * cheapest as in round_sql, else the total. Amounts rarely add up so; a
 * group of them that does is protected all the same. Ratio and overlap
 * relations are not sums of parts: left out. Only the groups whose
 * members were hidden or published again since the last look
 * (temp.pin_dirty, filled by hide_sql) are looked at: the others are as
 * they were then, not pinned (a pinned group has a victim, hidden with
 * the others, which puts it back in temp.pin_dirty). Reading every group
 * at every pass took most of the secrecy stage's time on the sample. */
static const char pinned_sql[] =
    "DROP TABLE IF EXISTS temp.victims;"
    "CREATE TEMP TABLE victims AS SELECT DISTINCT id FROM ("
    "  SELECT (SELECT m.id FROM temp.members m JOIN temp.cell_cost k ON k.id = m.id"
    "          WHERE m.grp = p.grp AND m.secret = 0"
    "          ORDER BY k.big, m.total, m.x < 2, k.level, k.n, m.x, m.id LIMIT 1) AS id"
    "  FROM (SELECT m.grp FROM temp.pin_dirty d CROSS JOIN temp.groups g ON g.grp = d.grp"
    "        CROSS JOIN temp.members m ON m.grp = g.grp"
    "        WHERE g.nsecret >= 2 AND substr(g.grp, 1, 2) NOT IN ('r|', 'o|')"
    "        GROUP BY m.grp HAVING max(m.total * m.secret) = 0"
    "        AND sum(CASE WHEN m.secret = 1 THEN m.x ELSE 0 END) = sum(m.secret)) p)"
    " WHERE id IS NOT NULL;"
    "DELETE FROM temp.pin_dirty;";

/* Every group to be looked at again by pinned_sql: at the start, and after
 * secret_release.c published cells again or hid its own. */
static const char pin_all_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS pin_dirty(grp TEXT PRIMARY KEY) WITHOUT ROWID;"
    "INSERT OR IGNORE INTO temp.pin_dirty SELECT grp FROM temp.groups;";

/* Hides the victims, in the published table and in the groups. The joins
 * from the victims (and from temp.pin_dirty in pinned_sql) are CROSS JOINs:
 * without statistics on the temporary tables SQLite read every member
 * through members_grp (its order serves the GROUP BY) and looked each up
 * among the victims when temp.victims has an INTEGER PRIMARY KEY, a scan
 * of every member at each pass (most of the interval passes' time
 * nationally). */
static const char hide_sql[] =
    "UPDATE indicator_value SET secret = 1, motif_secret = 'secondaire' WHERE rowid IN (SELECT id FROM temp.victims);"
    "UPDATE temp.members SET secret = 1 WHERE id IN (SELECT id FROM temp.victims);"
    /* counted up from the victims, not summed again over every member: a
     * territory such as France has thousands */
    "DROP TABLE IF EXISTS temp.bumps;"
    "CREATE TEMP TABLE bumps(grp TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;"
    "INSERT INTO temp.bumps SELECT m.grp, count(*) FROM temp.victims v CROSS JOIN temp.members m ON m.id = v.id"
    " GROUP BY m.grp;"
    "UPDATE temp.groups SET nsecret = nsecret + (SELECT b.n FROM temp.bumps b WHERE b.grp = groups.grp)"
    " WHERE grp IN (SELECT grp FROM temp.bumps);"
    "INSERT OR IGNORE INTO temp.pin_dirty SELECT grp FROM temp.bumps;";

/* The equations "total - parts = 0", each member with its coefficient
 * and whether it is hidden. The EPCI groups and the overlap relations are
 * left out: they are sums and differences of the communes' groups, so they
 * add nothing an outsider could not derive. */
static const char equations_sql[] =
    "SELECT m.grp, m.id, CASE WHEN m.total = 1 THEN 1 ELSE -1 END, m.secret,"
    " CASE WHEN k.big > 0 THEN 1e18 + coalesce(m.x, 0) ELSE m.x END FROM temp.members m"
    " JOIN temp.groups g ON g.grp = m.grp JOIN temp.cell_cost k ON k.id = m.id"
    " WHERE substr(m.grp, 1, 2) NOT IN ('o|', 'r|') AND substr(m.grp, 1, 7) <> 'h|epci|'"
    " ORDER BY m.grp";

static long count_victims(sqlite3 *db)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM temp.victims");
    long n = st && sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

/* What the passes hold in memory: the equations and the bounds (NULL: not used). */
typedef struct {
    combined *eqs;
    secret_intervals *ivs;
} held;

/* Hides temp.victims, and tells what is held in memory. */
static bool hide(sqlite3 *db, const held *h)
{
    return SECRET_TIMED("masquage (tables)", db_exec(db, hide_sql)) &&
           (!h->eqs || SECRET_TIMED("masquage (équations)", combined_hide(h->eqs, db, "SELECT id FROM temp.victims"))) &&
           (!h->ivs || SECRET_TIMED("masquage (bornes)", secret_intervals_hide(h->ivs, db, "SELECT id FROM temp.victims")));
}

/* Group rounds until no group holds a lone secret cell; *rounds counts them. */
static bool group_rounds(sqlite3 *db, int64_t run, const held *h, int *rounds, stage_progress *sp)
{
    /* a suppression can leave a new lone secret cell in another group:
     * repeat until a round finds nothing (each round adds at least one
     * secret cell, so this ends) */
    for (;;) {
        if (!SECRET_TIMED("tours de groupes (requête)", db_exec_with_run(db, round_sql, run)))
            return false;
        long n = count_victims(db);
        ++*rounds;
        stage_progress_step(sp, (size_t)*rounds, NULL);
        if (n <= 0)
            return n == 0;
        secret_trace_victims(db, "temp.victims", "groupes", true);
        if (!hide(db, h))
            return false;
    }
}

/* Interval protection (secret_intervals.h) pass after pass (held in
 * memory: a lone hidden cell of a group with its total is a point, so the
 * passes do the additive groups' work too), then the group rounds for the
 * rest (relation groups), until neither hides anything; *hidden counts the
 * cells hidden for the intervals. */
static bool interval_rounds(sqlite3 *db, int64_t run, const held *h, int *rounds, stage_progress *sp, long *hidden)
{
    for (;;) {
        long here = 0;
        for (;;) {
            size_t narrow, stuck;
            if (!SECRET_TIMED("intervalles (victimes)", secret_intervals_victims(h->ivs, db, &narrow, &stuck)))
                return false;
            long n = count_victims(db);
            if (n < 0)
                return false;
            if (n == 0) {
                if (narrow)
                    obs_warn("secret statistique : %zu cellule%s masquée%s bornée%s à moins de 10 %% près sans"
                             " cellule publiée à masquer avec", narrow, narrow > 1 ? "s" : "",
                             narrow > 1 ? "s" : "", narrow > 1 ? "s" : "");
                break;
            }
            obs_info("secret statistique : %zu cellule%s masquée%s bornée%s à moins de 10 %% près par les"
                     " sommes, %ld cellule%s masquée%s en plus", narrow, narrow > 1 ? "s" : "",
                     narrow > 1 ? "s" : "", narrow > 1 ? "s" : "", n, n > 1 ? "s" : "", n > 1 ? "s" : "");
            here += n;
            if (!hide(db, h))
                return false;
        }
        *hidden += here;
        int before = *rounds;
        if (here == 0 || !group_rounds(db, run, h, rounds, sp))
            return here == 0;
        if (*rounds - before <= 1)
            return true; /* the group rounds found nothing more */
    }
}

/* Victims for the cells that combinations of equations give back, in
 * temp.victims (see combined_victims). *found: how many cells. */
static bool combination_victims(sqlite3 *db, combined *eqs, size_t *found)
{
    int64_t *victims;
    size_t n;
    if (!SECRET_TIMED("combinaisons (solveur)", combined_victims(eqs, &victims, &n, found)))
        return false;
    bool ok = db_exec(db, "DROP TABLE IF EXISTS temp.victims; CREATE TEMP TABLE victims(id INTEGER PRIMARY KEY);");
    sqlite3_stmt *st = ok ? db_prepare(db, "INSERT INTO temp.victims VALUES(?1)") : NULL;
    for (size_t i = 0; st && i < n && ok; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, victims[i]);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    free(victims);
    return ok && st;
}

/* The model of the secondary suppression: the temporary tables (members,
 * groups, costs, relations) and, with combinations, the equations and bounds
 * held in memory. Built once per secrecy stage and kept across the funder
 * insider's loop (model_sync): rebuilding it took most of the second
 * suppression's time, for the same groups. */
typedef struct {
    held h;
    long eq_pairs, eq_cells; /* equal indicators: groups of two cells (secret_equal.h) */
    double t0;               /* when the model was built or brought up to date */
} model;

static bool model_build(sqlite3 *db, int64_t run, const catalog *cat, bool combinations, model *m)
{
    *m = (model){0};
    bool ok = db_exec(db, "DROP TABLE IF EXISTS temp.additive;"
                          " CREATE TEMP TABLE additive(indicator TEXT PRIMARY KEY)");
    sqlite3_stmt *add = ok ? db_prepare(db, "INSERT INTO temp.additive VALUES(?)") : NULL;
    for (size_t i = 0; add && i < cat->n; i++) {
        const indicator_def *d = &cat->items[i];
        if (d->kind == KIND_COUNT || d->kind == KIND_SUM) {
            sqlite3_reset(add);
            sqlite3_bind_text(add, 1, d->id, -1, SQLITE_STATIC);
            ok &= sqlite3_step(add) == SQLITE_DONE;
        }
    }
    sqlite3_finalize(add);
    m->t0 = progress_now();
    ok = ok && SECRET_TIMED("préparation : relations, liens, recouvrements", secret_model_relations(db, cat) &&
                                secret_groups_links(db) && secret_groups_overlaps(db, run)) &&
         SECRET_TIMED("préparation : membres des groupes", db_exec_with_run(db, members_sql, run)) &&
         SECRET_TIMED("préparation : groupes faux", db_exec(db, false_groups_sql)) &&
         SECRET_TIMED("préparation : indicateurs égaux", secret_equal_members(db, run, &m->eq_pairs, &m->eq_cells)) &&
         SECRET_TIMED("préparation : coûts", secret_model_costs(db, run)) &&
         db_exec(db, "DROP TABLE IF EXISTS temp.pin_dirty;") && db_exec(db, pin_all_sql) &&
         secret_funder_cells_drop(db);
    secret_timing_mark();
    m->h.eqs = ok && combinations ? combined_load(db, equations_sql) : NULL;
    secret_timing_done("préparation : équations en mémoire", true);
    ok = ok && (m->h.eqs || !combinations);
    secret_timing_mark();
    m->h.ivs = ok && combinations ? secret_intervals_load(db, cat) : NULL;
    secret_timing_done("préparation : bornes en mémoire", true);
    ok = ok && (m->h.ivs || !combinations);
    if (ok) /* in the log only: where the stage's time goes */
        obs_log_only("secret statistique : groupes et équations préparés en %.0f s", progress_now() - m->t0);
    return ok;
}

/* The secondary suppression on the model, until no step hides anything. */
static bool model_protect(sqlite3 *db, int64_t run, const catalog *cat, model *m)
{
    bool ok = true;
    held h = m->h;
    combined *eqs = h.eqs;
    /* first the groups one by one (cheap, and most of the work), then, if
     * asked, the equations taken together, until neither finds anything */
    int rounds = 0, passes = 0;
    size_t given_back = 0;
    stage_progress sp; /* on a terminal, after 2 s: the round */
    stage_progress_start(&sp, "secret statistique, tours de suppression secondaire", 0);
    long widened = 0; /* cells hidden for the intervals */
    /* release steps (secret_release.h): each publishes totals again, the
     * passes then check them; bounded so that hiding and publishing again
     * cannot take turns for ever */
    enum { MAX_RELEASES = 4 };
    int releases = 0;
    while (ok) {
        ok = SECRET_TIMED("tours de groupes", group_rounds(db, run, &h, &rounds, &sp));
        /* then the parts that integrality pins, and the groups again */
        for (long pinned = 1; ok && pinned > 0;) {
            ok = SECRET_TIMED("intégralité (requête)", db_exec(db, pinned_sql));
            pinned = ok ? count_victims(db) : -1;
            if (pinned > 0)
                secret_trace_victims(db, "temp.victims", "intégralité", true);
            ok = ok && pinned >= 0 && (pinned == 0 || (hide(db, &h) && group_rounds(db, run, &h, &rounds, &sp)));
        }
        ok = ok && (!h.ivs || SECRET_TIMED("intervalles", interval_rounds(db, run, &h, &rounds, &sp, &widened)));
        size_t found = 0;
        if (!eqs)
            break; /* the groups one by one only */
        ok = ok && combination_victims(db, eqs, &found);
        passes++;
        given_back += found;
        long n = ok ? count_victims(db) : -1;
        bool insider = false;
        if (n == 0 && found == 0) { /* nothing for the outsider: then each funder (secret_insider_combined.h) */
            ok = SECRET_TIMED("financeurs initiés, combinaisons", secret_insider_combined(db, run, eqs));
            n = ok ? count_victims(db) : -1;
            if (n == 0 && h.ivs) { /* and their bounds (secret_insider_intervals.h) */
                secret_funders fu = {0}; /* read at the first call, kept for the loop */
                ok = SECRET_TIMED("financeurs initiés, bornes", secret_insider_intervals(db, run, h.ivs, &fu));
                n = ok ? count_victims(db) : -1;
                /* hidden and checked again at once, until no funder bounds
                 * anything: one cell widened often lets another funder
                 * narrow the next, and a whole pass for each took most of
                 * the stage's time on the sample; the next pass checks
                 * the victims against every other rule */
                for (long more = n; ok && more > 0;) {
                    secret_trace_victims(db, "temp.victims", "financeurs, bornes", false);
                    ok = hide(db, &h) &&
                         SECRET_TIMED("financeurs initiés, bornes", secret_insider_intervals(db, run, h.ivs, &fu));
                    more = ok ? count_victims(db) : -1;
                }
                secret_funders_free(&fu);
            }
            insider = n > 0;
        }
        stage_progress_end(&sp);
        if (n > 0 && !insider)
            obs_info("secret statistique : passe %d, %zu cellule%s retrouvable%s par combinaison, %ld à masquer",
                     passes, found, found > 1 ? "s" : "", found > 1 ? "s" : "", n);
        if (n <= 0) {
            if (n == 0 && found)
                obs_error("secret statistique : %zu cellule%s retrouvable%s par combinaison d'équations sans cellule"
                          " publiée à masquer avec", found, found > 1 ? "s" : "", found > 1 ? "s" : "");
            ok = ok && found == 0;
            /* then the large territories' totals that the hidden breakdown
             * protects as well are published again (secret_release.h); the
             * breakdown cells hidden for them call for the rounds again */
            if (releases >= MAX_RELEASES)
                break; /* checked by the passes since the last release */
            long released = 0, more = 0;
            ok = ok && SECRET_TIMED("totaux publiés de nouveau", secret_release_headlines(db, eqs, &released, &more));
            releases++;
            if (ok && (released > 0 || more > 0))
                ok = db_exec(db, pin_all_sql); /* its members changed outside hide_sql */
            if (ok && released > 0 && h.ivs) {
                /* the bounds held in memory knew the released cells hidden:
                 * read them again from temp.members, then the passes check
                 * the released cells against every rule */
                secret_intervals_free(h.ivs);
                secret_timing_mark();
                h.ivs = secret_intervals_load(db, cat);
                ok = secret_timing_done("bornes relues", h.ivs != NULL);
            }
            if (ok && (more > 0 || released > 0))
                continue;
            break;
        }
        secret_trace_victims(db, "temp.victims", "combinaison", false);
        ok = SECRET_TIMED("masquage", hide(db, &h));
    }
    stage_progress_end(&sp);
    if (ok && eqs)
        obs_info("secret statistique : suppression secondaire en %d tour%s ; %zu cellule%s retrouvable%s par"
                 " combinaison de groupes, protégée%s en %d passe%s",
                 rounds, rounds > 1 ? "s" : "", given_back, given_back > 1 ? "s" : "", given_back > 1 ? "s" : "",
                 given_back > 1 ? "s" : "", passes, passes > 1 ? "s" : "");
    else if (ok)
        obs_info("secret statistique : suppression secondaire en %d tour%s", rounds, rounds > 1 ? "s" : "");
    if (ok)
        obs_log_only("secret statistique : suppression secondaire faite en %.0f s", progress_now() - m->t0);
    if (ok && h.ivs)
        obs_info("secret statistique : %ld cellule%s masquée%s en plus pour que chaque cellule masquée reste"
                 " indéterminée à 10 %% près (bornes propagées dans les sommes)",
                 widened, widened > 1 ? "s" : "", widened > 1 ? "s" : "");
    m->h = h; /* the bounds may have been read again */
    return ok && secret_equal_report(db, m->eq_pairs, m->eq_cells);
}

/* Frees the model and drops its tables. */
static bool model_close(sqlite3 *db, model *m)
{
    secret_timing_mark();
    combined_free(m->h.eqs);
    secret_intervals_free(m->h.ivs);
    m->h = (held){0};
    bool ok = secret_funder_cells_drop(db);
    ok = ok && db_exec(db, "DROP TABLE IF EXISTS temp.members; DROP TABLE IF EXISTS temp.victims;"
                          " DROP TABLE IF EXISTS temp.groups; DROP TABLE IF EXISTS temp.overlap_members;"
                          " DROP TABLE IF EXISTS temp.bumps; DROP TABLE IF EXISTS temp.cell_cost;"
                          " DROP TABLE IF EXISTS temp.relations; DROP TABLE IF EXISTS temp.pin_dirty;");
    return secret_timing_done("libération", ok);
}

static long count_of(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    long n = st && sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

/* The cells whose flag in the model is not their flag in indicator_value
 * (hidden or published since the model last saw them), in temp.sync_diff. */
static const char sync_diff_sql[] =
    "DROP TABLE IF EXISTS temp.sync_diff;"
    "CREATE TEMP TABLE sync_diff AS SELECT DISTINCT m.id AS id, v.secret AS secret FROM temp.members m"
    " JOIN indicator_value v ON v.rowid = m.id WHERE m.secret <> v.secret;";

/* The cells of temp.victims hidden in the model's tables: their members,
 * and the count of secret cells of their groups (as a build counts them);
 * every group to be looked at again, as after a build. */
static const char sync_hide_sql[] =
    "DROP TABLE IF EXISTS temp.sync_groups;"
    "CREATE TEMP TABLE sync_groups(grp TEXT PRIMARY KEY) WITHOUT ROWID;"
    "INSERT OR IGNORE INTO temp.sync_groups SELECT m.grp FROM temp.victims v CROSS JOIN temp.members m"
    " ON m.id = v.id;"
    "UPDATE temp.members SET secret = 1 WHERE id IN (SELECT id FROM temp.victims);"
    "UPDATE temp.groups SET nsecret = (SELECT sum(m.secret) FROM temp.members m WHERE m.grp = groups.grp)"
    " WHERE grp IN (SELECT grp FROM temp.sync_groups);"
    "DROP TABLE temp.sync_groups;"
    "INSERT OR IGNORE INTO temp.pin_dirty SELECT grp FROM temp.groups;";

/* The model brought up to date after cells were hidden outside it
 * (secret_insider_complete): what a new build would hold, without building
 * the groups again. The equal indicators are found again (which pairs are
 * equal depends on which cells are published); if they changed, or if a
 * cell of the model was published again meanwhile, the model is built
 * again instead. The equations and bounds are read again from the tables,
 * as a build reads them (the order of each group's terms depends on which
 * cells are hidden). */
static bool model_sync(sqlite3 *db, int64_t run, const catalog *cat, bool combinations, model *m)
{
    double t0 = progress_now();
    /* the bounds are read again at the end: freed first, so that they are
     * not held while the equal indicators are looked for */
    secret_intervals_free(m->h.ivs);
    m->h.ivs = NULL;
    bool ok = db_exec(db, "DROP TABLE IF EXISTS temp.equal_before;"
                          "CREATE TEMP TABLE equal_before AS SELECT grp, id, x, total FROM temp.members"
                          " WHERE grp >= 'e|' AND grp < 'e}';"
                          "DELETE FROM temp.members WHERE grp >= 'e|' AND grp < 'e}';"
                          "DELETE FROM temp.groups WHERE grp >= 'e|' AND grp < 'e}';");
    ok = ok && SECRET_TIMED("mise à jour : indicateurs égaux",
                            secret_equal_members(db, run, &m->eq_pairs, &m->eq_cells));
    long changed = ok ? count_of(db, "SELECT count(*) FROM (SELECT * FROM (SELECT grp, id, x, total FROM temp.members"
                                     " WHERE grp >= 'e|' AND grp < 'e}' EXCEPT SELECT * FROM temp.equal_before)"
                                     " UNION ALL SELECT * FROM (SELECT * FROM temp.equal_before EXCEPT"
                                     " SELECT grp, id, x, total FROM temp.members WHERE grp >= 'e|' AND grp < 'e}'))")
                      : -1;
    ok = ok && changed >= 0 && db_exec(db, "DROP TABLE temp.equal_before;");
    long published = -1;
    if (ok && changed == 0) {
        ok = SECRET_TIMED("mise à jour : cellules changées", db_exec(db, sync_diff_sql));
        published = ok ? count_of(db, "SELECT count(*) FROM temp.sync_diff WHERE secret = 0") : -1;
    }
    if (ok && (changed > 0 || published != 0)) {
        obs_log_only("secret statistique : modèle reconstruit (%ld membre%s d'indicateurs égaux changé%s)",
                     changed, changed > 1 ? "s" : "", changed > 1 ? "s" : "");
        return model_close(db, m) && model_build(db, run, cat, combinations, m);
    }
    ok = ok && db_exec(db, "DROP TABLE IF EXISTS temp.victims;"
                           "CREATE TEMP TABLE victims AS SELECT id FROM temp.sync_diff;"
                           "DROP TABLE temp.sync_diff;");
    ok = ok && SECRET_TIMED("mise à jour : tables", db_exec(db, sync_hide_sql));
    /* the equations read again too, not told the hidden cells: a build
     * reads each group's terms in the order of members_grp, which puts
     * hidden cells after published ones, and the search for candidates
     * stops at MAX_GATHERED in that order (secret_victims.c) */
    if (ok && combinations) {
        combined_free(m->h.eqs);
        secret_timing_mark();
        m->h.eqs = combined_load(db, equations_sql);
        ok = secret_timing_done("mise à jour : équations relues", m->h.eqs != NULL);
    }
    if (ok && combinations) {
        secret_timing_mark();
        m->h.ivs = secret_intervals_load(db, cat);
        ok = secret_timing_done("mise à jour : bornes relues", m->h.ivs != NULL);
    }
    ok = ok && db_exec(db, "DROP TABLE IF EXISTS temp.victims;");
    m->t0 = t0;
    if (ok)
        obs_log_only("secret statistique : groupes et équations mis à jour en %.0f s", progress_now() - t0);
    return ok;
}

/* A part whose denominator is public gives its numerator back: it is
 * secret wherever the count it is built on is (same cell). */
static bool follows(sqlite3 *db, int64_t run, const indicator_def *d)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE indicator_value AS v SET secret = 1, motif_secret = 'herite'"
                                      " WHERE v.run_id = ?1 AND v.indicator = ?2 AND v.secret = 0 AND EXISTS ("
                                      " SELECT 1 FROM indicator_value b WHERE b.run_id = v.run_id AND b.indicator = ?3"
                                      " AND b.niveau = v.niveau AND b.territoire = v.territoire AND b.annee = v.annee"
                                      " AND b.dimension = v.dimension AND b.secret = 1)");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, d->secret_from, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

bool secret_apply(sqlite3 *db, int64_t run, const catalog *cat, const secret_rules *rules)
{
    /* start from the raw values, so that applying the rules again is harmless */
    /* the breakdown keys as data, for cells written by other means than
     * obs compute (compute stores them already) */
    char why[600];
    double t_start = progress_now();
    secret_timing_mark();
    if (!secret_timing_done("clés de ventilation", dimension_keys_store(db, run, NULL, why, sizeof why))) {
        obs_error("secret statistique : %s", why);
        return false;
    }
    bool ok = db_exec(db, "DROP TABLE IF EXISTS temp.release_tried");
    ok = ok && SECRET_TIMED("remise à zéro", exec_bound(db, "UPDATE indicator_value SET valeur = coalesce(valeur_brute, valeur),"
                             " valeur_brute = coalesce(valeur_brute, valeur), secret = 0, motif_secret = NULL"
                             " WHERE run_id = ?1 AND ?2 IS NOT NULL AND ?3 = ?3 AND ?4 = ?4",
                         run, "", 0, 0));
    /* computed cells first (primary, then secondary), then those derived
     * from them, in catalog order */
    ok = ok && SECRET_TIMED("familles", secret_model_families(db, run, cat));
    secret_timing_mark();
    for (size_t i = 0; i < cat->n && ok; i++)
        if (!(cat->items[i].kind == KIND_EVOLUTION || cat->items[i].kind == KIND_GROWTH ||
              cat->items[i].kind == KIND_SPECIFICITY)) {
            ok = secret_primary(db, run, &cat->items[i], rules);
            /* public SIRENE counts: published as they are (section 0) */
            if (ok && secret_model_is_public(db, cat->items[i].id))
                ok = secret_model_public_primary(db, run, cat, &cat->items[i], rules);
        }
    secret_timing_done("règles primaires", ok);
    if (ok)
        obs_info("secret statistique : règles primaires appliquées");
    ok = ok && SECRET_TIMED("règle p %", secret_p_coverage(db, run, cat, rules) && secret_record_p(db, run, rules));
    ok = ok && SECRET_TIMED("règle de l'initié (primaire)", secret_insider_primary(db, run, rules));
    model m = {0};
    bool tried = ok; /* the model's tables and memory are released whatever happens */
    bool built = ok && SECRET_TIMED("suppression secondaire : modèle", model_build(db, run, cat, rules->combinations, &m));
    ok = built && SECRET_TIMED("suppression secondaire (1re)", model_protect(db, run, cat, &m));
    /* a funder sees its own parts: hide more until none gives another cell
     * back, then the groups again (secret_insider.h), on the same model */
    for (long hidden = 1; ok && hidden > 0;) {
        ok = SECRET_TIMED("financeurs initiés, parts", secret_insider_complete(db, run, &hidden));
        if (ok && hidden > 0)
            ok = SECRET_TIMED("suppression secondaire : modèle mis à jour",
                              model_sync(db, run, cat, rules->combinations, &m)) &&
                 SECRET_TIMED("suppression secondaire (suivantes)", model_protect(db, run, cat, &m));
    }
    ok = (!tried || model_close(db, &m)) && ok;
    secret_timing_mark();
    for (size_t i = 0; i < cat->n && ok; i++)
        if (cat->items[i].secret_from)
            ok = follows(db, run, &cat->items[i]);
    for (size_t i = 0; i < cat->n && ok; i++)
        if (cat->items[i].kind == KIND_EVOLUTION || cat->items[i].kind == KIND_GROWTH ||
            cat->items[i].kind == KIND_SPECIFICITY)
            ok = inherited(db, run, &cat->items[i]);
    secret_timing_done("héritage", ok);
    if (ok)
        ok = exec_bound(db, "UPDATE indicator_value SET valeur = NULL WHERE run_id = ?1 AND secret = 1"
                            " AND ?2 IS NOT NULL AND ?3 = ?3 AND ?4 = ?4",
                        run, "", 0, 0);
    ok = ok && SECRET_TIMED("perte", secret_model_loss(db, run));
    obs_log_only("secret statistique : étape faite en %.0f s", progress_now() - t_start);
    secret_timing_report();
    if (!ok)
        obs_error("application du secret statistique impossible");
    return ok;
}
