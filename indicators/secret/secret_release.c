#include "indicators/secret/secret_release.h"

#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "engine/core/progress.h"
#include "indicators/secret/secret_combined_private.h"
#include "indicators/secret/secret_trace.h"

/* The candidates: secondary amounts without breakdown of the large
 * territories, not tried before (temp.release_tried: a cell is tried once
 * per run, given back or not); France first, then région, département and
 * study territory. */
static const char candidates_sql[] =
    "CREATE TABLE IF NOT EXISTS temp.release_tried(id INTEGER PRIMARY KEY);"
    "DROP TABLE IF EXISTS temp.release_try;"
    "CREATE TEMP TABLE release_try(id INTEGER PRIMARY KEY, ok INTEGER NOT NULL DEFAULT 0);"
    "DROP TABLE IF EXISTS temp.release_victims;"
    "CREATE TEMP TABLE release_victims(id INTEGER PRIMARY KEY, blk INTEGER NOT NULL);"
    "INSERT INTO temp.release_try(id) SELECT v.rowid FROM temp.cell_cost k"
    " JOIN indicator_value v ON v.rowid = k.id"
    " JOIN indicator_meta m ON m.run_id = v.run_id AND m.indicator = v.indicator AND m.type = 'sum'"
    " WHERE k.big > 0 AND v.secret = 1 AND v.motif_secret = 'secondaire'"
    " AND v.rowid NOT IN (SELECT id FROM temp.release_tried);"
    /* what does not depend on the other candidates: a funder who knows its
     * part must not find another's (two secret funder parts, secret_insider.c),
     * and a group with the candidate as total whose hidden parts add up to
     * their count (each is then 1: integrality) */
    "DELETE FROM temp.release_try WHERE id IN ("
    " SELECT t.rowid FROM indicator_value t JOIN indicator_value v ON v.run_id = t.run_id"
    "  AND v.indicator = t.indicator AND v.niveau = t.niveau AND v.territoire = t.territoire"
    "  AND v.annee = t.annee JOIN dimension_cle k ON k.dimension = v.dimension AND k.cle = 'financeur'"
    "  AND k.reste = t.dimension"
    " WHERE t.rowid IN (SELECT id FROM temp.release_try)"
    " GROUP BY t.rowid HAVING sum(v.secret) = 2);"
    "DELETE FROM temp.release_try WHERE id IN ("
    " SELECT t.id FROM temp.members t JOIN temp.members m ON m.grp = t.grp AND m.id <> t.id"
    " WHERE t.id IN (SELECT id FROM temp.release_try) AND t.total = 1"
    "  AND substr(t.grp, 1, 2) NOT IN ('r|', 'o|') AND m.secret = 1"
    " GROUP BY t.id, t.grp HAVING sum(m.x) = count(*));";

/* Candidates in an order: France, région, département, study territory. */
static const char order_sql[] =
    "SELECT r.id FROM temp.release_try r JOIN temp.cell_cost k ON k.id = r.id ORDER BY k.level DESC, r.id";

/* A ratio relation (r|) that a given-back cell would leave with a single
 * hidden member: fine when that member is the ratio itself, hidden as
 * secondary (published again with it), else the cell stays hidden. ?1: 1
 * to list the cells that fail, 2 the ratios to publish with them. */
static const char ratio_sql[] =
    "WITH g AS (SELECT r.id AS cand, m.grp FROM temp.release_try r JOIN temp.members m ON m.id = r.id"
    "           WHERE r.ok = 1 AND substr(m.grp, 1, 2) = 'r|'),"
    " h AS (SELECT g.cand, g.grp, count(*) AS n, max(o.id) AS lone, max(o.total) AS lone_total"
    "       FROM g JOIN temp.members o ON o.grp = g.grp"
    "       AND (o.secret = 1 OR o.id IN (SELECT id FROM temp.release_victims))"
    "       AND o.id NOT IN (SELECT id FROM temp.release_try WHERE ok = 1) GROUP BY g.cand, g.grp)"
    " SELECT CASE ?1 WHEN 1 THEN h.cand ELSE h.lone END FROM h JOIN indicator_value v ON v.rowid = h.lone"
    " WHERE h.n = 1 AND ((?1 = 1 AND (h.lone_total = 1 OR v.motif_secret <> 'secondaire'))"
    "  OR (?1 = 2 AND h.lone_total = 0 AND v.motif_secret = 'secondaire'))";

/* The protection interval (10 %, as the audit's): in a group of a
 * given-back cell, the hidden members other than the largest must add up to
 * more than 10 % of it, else publishing the cell bounds the largest within
 * 10 % (as soon as the others are known to be small). Not enough in every
 * case: the attacker also bounds the small ones from below (measured on the
 * sample, see docs/confidentiality.md). Lists the cells that fail. */
static const char interval_sql[] =
    "WITH cand AS (SELECT id FROM temp.release_try WHERE ok = 1),"
    " g AS (SELECT m.id AS cand, m.grp FROM temp.members m WHERE m.id IN (SELECT id FROM cand)"
    "       AND substr(m.grp, 1, 2) <> 'r|'),"
    " h AS (SELECT g.cand, g.grp, max(abs(o.x)) AS big, sum(abs(o.x)) AS s FROM g"
    "       JOIN temp.members o ON o.grp = g.grp"
    "       AND (o.secret = 1 OR o.id IN (SELECT id FROM temp.release_victims))"
    "       AND o.id NOT IN (SELECT id FROM cand) GROUP BY g.cand, g.grp)"
    " SELECT DISTINCT cand FROM h WHERE s - big <= 0.1 * big";

/* Publishes v (and shows it in the equations); true when every hidden cell
 * of its block is still protected (else v is hidden again). */
static bool try_publish(combined *c, const size_t *vs, size_t n, uint32_t *value, bool *kept)
{
    size_t b = c->block[vs[0]];
    for (size_t i = 0; i < n; i++)
        combined_set_secret(c, vs[i], 0);
    if (!combined_block_solution(c, b, value))
        return false;
    *kept = true;
    for (size_t i = c->block_var_start[b]; *kept && i < c->block_var_start[b + 1]; i++)
        *kept = !c->secret[c->block_vars[i]] || value[c->block_vars[i]] != 0;
    if (!*kept)
        for (size_t i = 0; i < n; i++)
            combined_set_secret(c, vs[i], 1);
    return true;
}


/* The candidates' variables, in order. */
static bool read_candidates(sqlite3 *db, combined *c, size_t **vs, size_t *n)
{
    sqlite3_stmt *st = db_prepare(db, order_sql);
    if (!st)
        return false;
    size_t cap = 0;
    *vs = NULL;
    *n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t v = combined_var_of(c, sqlite3_column_int64(st, 0));
        if (v >= c->n_vars || !c->secret[v])
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            size_t *p = realloc(*vs, cap * sizeof *p);
            if (!p) {
                sqlite3_finalize(st);
                return false;
            }
            *vs = p;
        }
        (*vs)[(*n)++] = v;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
}

/* vs[0..n-1] published, all in block b: lets the chooser of victims
 * (secret_victims.c) protect what they give back with cells of the block
 * other than headlines (solved: try_publish's solution with them
 * published). *kept: it did, the victims recorded in temp.release_victims;
 * else all is as before. */
static bool repair(sqlite3 *db, combined *c, const size_t *vs, size_t n, const uint32_t *solved, bool *kept)
{
    size_t b = c->block[vs[0]];
    unsigned char *dirty = malloc(c->n_vars ? c->n_vars : 1);
    if (!dirty)
        return false;
    memcpy(dirty, c->dirty, c->n_vars);
    memset(c->dirty, 0, c->n_vars);
    for (size_t i = 0; i < n; i++)
        combined_set_secret(c, vs[i], 0);
    c->dirty[b] = 1;
    int64_t *victims = NULL;
    size_t n_victims = 0, found = 0;
    c->stop_at_headline = 1; /* a headline victim fails the repair: no need to go on */
    c->solved = solved;      /* try_publish solved this very state */
    bool ok = combined_victims(c, &victims, &n_victims, &found);
    c->stop_at_headline = 0;
    c->solved = NULL;
    *kept = ok && !c->dirty[b];
    for (size_t i = 0; *kept && i < n_victims; i++) {
        size_t v = combined_var_of(c, victims[i]);
        *kept = v < c->n_vars && c->x[v] < COMBINED_HEADLINE && c->block[v] == b;
        for (size_t j = 0; *kept && j < n; j++)
            *kept = vs[j] != v; /* not a candidate hidden again */
    }
    sqlite3_stmt *ins = ok && *kept ? db_prepare(db, "INSERT OR IGNORE INTO temp.release_victims VALUES(?1, ?2)") : NULL;
    ok = ok && (!*kept || ins);
    for (size_t i = 0; ok && *kept && i < n_victims; i++) {
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, victims[i]);
        sqlite3_bind_int64(ins, 2, (int64_t)b);
        ok = sqlite3_step(ins) == SQLITE_DONE;
    }
    sqlite3_finalize(ins);
    if (!*kept) {
        for (size_t i = 0; i < n_victims; i++) {
            size_t v = combined_var_of(c, victims[i]);
            if (v < c->n_vars)
                combined_set_secret(c, v, 0);
        }
        for (size_t i = 0; i < n; i++)
            combined_set_secret(c, vs[i], 1);
    }
    memcpy(c->dirty, dirty, c->n_vars);
    c->dirty[b] = 0;
    free(dirty);
    free(victims);
    return ok;
}

/* Sets ok for the candidates s[0..k-1]. */
static bool set_ok(sqlite3 *db, const combined *c, const size_t *s, size_t k, int value)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE temp.release_try SET ok = ?2 WHERE id = ?1");
    bool ok = st != NULL;
    for (size_t j = 0; ok && j < k; j++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, c->cell[s[j]]);
        sqlite3_bind_int(st, 2, value);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok;
}

/* fail[j] for each s[j] that the interval or ratio rule refuses (*any). */
static bool failing(sqlite3 *db, const combined *c, const size_t *s, size_t k, unsigned char *fail, bool *any)
{
    *any = false;
    memset(fail, 0, k ? k : 1);
    const char *const sqls[] = {interval_sql, ratio_sql};
    bool ok = true;
    for (size_t q = 0; ok && q < 2; q++) {
        sqlite3_stmt *st = db_prepare(db, sqls[q]);
        ok = st != NULL;
        if (ok && sqlite3_bind_parameter_count(st) > 0)
            sqlite3_bind_int(st, 1, 1);
        int rc = SQLITE_DONE;
        while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            for (size_t j = 0; j < k; j++)
                if (c->cell[s[j]] == id) {
                    fail[j] = 1;
                    *any = true;
                    if (secret_trace_on())
                        obs_info("trace secret [publication] : cellule %lld refusée (%s)", (long long)id,
                                 q ? "ratio" : "intervalle");
                }
        }
        ok = ok && rc == SQLITE_DONE;
        sqlite3_finalize(st);
    }
    return ok;
}

/* Hides s[0..k-1] again in the equations, and shows the victims hidden
 * for block b. */
static bool unpublish(sqlite3 *db, combined *c, const size_t *s, size_t k, size_t b)
{
    for (size_t j = 0; j < k; j++)
        combined_set_secret(c, s[j], 1);
    sqlite3_stmt *st = db_prepare(db, "SELECT id FROM temp.release_victims WHERE blk = ?1");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, (int64_t)b);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t v = combined_var_of(c, sqlite3_column_int64(st, 0));
        if (v < c->n_vars)
            combined_set_secret(c, v, 0);
    }
    sqlite3_finalize(st);
    st = db_prepare(db, "DELETE FROM temp.release_victims WHERE blk = ?1");
    bool ok = st && rc == SQLITE_DONE;
    if (ok) {
        sqlite3_bind_int64(st, 1, (int64_t)b);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok;
}

/* Removes variable w from s, with every candidate of the same value (a
 * total equal to it up the hierarchy: publishing one gives the other). */
static void drop(const combined *c, size_t *s, size_t *k, size_t w)
{
    double x = c->x[w];
    size_t m = 0;
    for (size_t j = 0; j < *k; j++)
        if (s[j] != w && c->x[s[j]] != x)
            s[m++] = s[j];
    *k = m;
}

/* The candidate to give up when publishing s gives cells back (value from
 * the solve): the last (lowest level) that shares an equation with one of
 * them, else the last. */
static size_t to_drop(const combined *c, const size_t *s, size_t k, const uint32_t *value)
{
    size_t b = c->block[s[0]], at = k, best = k - 1;
    for (size_t i = c->block_var_start[b]; i < c->block_var_start[b + 1]; i++) {
        size_t v = c->block_vars[i];
        if (!c->secret[v] || value[v] != 0)
            continue;
        for (size_t t = c->var_start[v]; t < c->var_start[v + 1]; t++) {
            size_t e = c->eq_of_term[c->var_terms[t]];
            for (size_t u = c->eq_start[e]; u < c->eq_start[e + 1]; u++)
                for (size_t j = 0; j < k; j++)
                    if (s[j] == c->var_of_term[u] && (at == k || j > at))
                        at = j;
        }
    }
    return s[at < k ? at : best];
}

/* Block of s[0..k-1] (the candidates of one block, France first): publishes
 * the largest set it can, giving up a candidate (with its equal totals) at
 * each failure -- the one next to a cell given back, else the lowest level,
 * or those the interval and ratio rules refuse. Marks ok = 1 those kept. */
static bool settle_block(sqlite3 *db, combined *c, size_t *s, size_t k, uint32_t *value, unsigned char *fail)
{
    size_t b = c->block[s[0]], first = k;
    double t0 = progress_now();
    int iters = 0, repairs = 0;
    bool ok = true, accepted = false;
    for (int iter = 0; ok && k > 0 && iter < 64 && !accepted; iter++) {
        bool kept;
        iters++;
        ok = try_publish(c, s, k, value, &kept);
        size_t w = ok && !kept ? to_drop(c, s, k, value) : c->n_vars;
        if (ok && !kept)
            repairs++, ok = repair(db, c, s, k, value, &kept);
        if (!ok)
            break;
        if (!kept) {
            drop(c, s, &k, w);
            continue;
        }
        bool any;
        ok = set_ok(db, c, s, k, 1) && failing(db, c, s, k, fail, &any);
        if (!ok || !any) {
            accepted = ok;
            break;
        }
        ok = set_ok(db, c, s, k, 0) && unpublish(db, c, s, k, b);
        size_t n_fail = 0;
        for (size_t j = 0; j < k; j++)
            if (fail[j])
                value[n_fail++] = (uint32_t)j; /* scratch: the indices that fail */
        size_t *gone = malloc((n_fail ? n_fail : 1) * sizeof *gone);
        ok = ok && gone;
        for (size_t j = 0; ok && j < n_fail; j++)
            gone[j] = s[value[j]];
        for (size_t j = 0; ok && j < n_fail; j++)
            drop(c, s, &k, gone[j]);
        free(gone);
    }
    if (ok && !accepted && k > 0)
        ok = unpublish(db, c, s, k, b); /* gave up: all hidden again */
    double dt = progress_now() - t0;
    if (dt >= 1.0) /* in the log only: where the step's time goes */
        obs_log_only("secret statistique : publication de nouveau, bloc de la cellule %lld (%zu équations) : %zu"
                     " candidat%s, %zu publié%s, %d essai%s dont %d réparation%s, %.1f s",
                     (long long)c->cell[b], c->block_eq_start[b + 1] - c->block_eq_start[b], first,
                     first > 1 ? "s" : "", accepted ? k : 0, accepted && k > 1 ? "s" : "", iters, iters > 1 ? "s" : "",
                     repairs, repairs > 1 ? "s" : "", dt);
    if (secret_trace_on())
        obs_info("trace secret [publication] : bloc de la cellule %lld, %zu %s candidat%s, %zu publié%s",
                 (long long)c->cell[b], first, first > 1 ? "totaux" : "total", first > 1 ? "s" : "", accepted ? k : 0,
                 accepted && k > 1 ? "s" : "");
    return ok;
}

/* Marks ok = 1 the candidates kept, block by block (settle_block). */
static bool linear_pass(sqlite3 *db, combined *c, const size_t *vs, size_t n)
{
    uint32_t *value = malloc((c->n_vars ? c->n_vars : 1) * sizeof *value);
    size_t *same = malloc((n ? n : 1) * sizeof *same);
    unsigned char *done = calloc(n ? n : 1, 1), *fail = malloc(n ? n : 1);
    bool ok = value && same && done && fail;
    for (size_t i = 0; ok && i < n; i++) {
        if (done[i])
            continue;
        size_t k = 0;
        for (size_t j = i; j < n; j++)
            if (!done[j] && c->block[vs[j]] == c->block[vs[i]])
                same[k++] = vs[j], done[j] = 1;
        ok = settle_block(db, c, same, k, value, fail);
    }
    free(value);
    free(same);
    free(done);
    free(fail);
    return ok;
}

/* Hides again, in the equations, the kept candidates of the blocks of the
 * cells that SQL lists (their whole block: the block was checked with all
 * of them published), and shows again the victims hidden for them. */
static bool fail_pass(sqlite3 *db, combined *c, const char *sql, bool *changed)
{
    *changed = false;
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return false;
    if (sqlite3_bind_parameter_count(st) > 0)
        sqlite3_bind_int(st, 1, 1);
    int rc;
    size_t *bad = NULL, n = 0, cap = 0;
    bool ok = true;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t v = combined_var_of(c, sqlite3_column_int64(st, 0));
        if (secret_trace_on())
            obs_info("trace secret [publication] : cellule %lld refusée (%s)", (long long)sqlite3_column_int64(st, 0),
                     sql == interval_sql ? "intervalle" : "ratio");
        if (v >= c->n_vars)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            size_t *p = realloc(bad, cap * sizeof *p);
            ok = p != NULL;
            bad = p ? p : bad;
        }
        if (ok)
            bad[n++] = c->block[v];
    }
    ok = ok && rc == SQLITE_DONE;
    sqlite3_finalize(st);
    sqlite3_stmt *all = ok && n ? db_prepare(db, "SELECT id FROM temp.release_try WHERE ok = 1") : NULL;
    sqlite3_stmt *unmark = all ? db_prepare(db, "UPDATE temp.release_try SET ok = 0 WHERE id = ?1") : NULL;
    ok = ok && (!n || (all && unmark));
    /* ids first, then updates */
    int64_t *ids = NULL;
    size_t n_ids = 0, cap_ids = 0;
    while (ok && all && (rc = sqlite3_step(all)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(all, 0);
        size_t v = combined_var_of(c, id);
        bool hit = false;
        for (size_t i = 0; v < c->n_vars && i < n && !hit; i++)
            hit = c->block[v] == bad[i];
        if (!hit)
            continue;
        if (n_ids == cap_ids) {
            cap_ids = cap_ids ? 2 * cap_ids : 16;
            int64_t *p = realloc(ids, cap_ids * sizeof *p);
            ok = p != NULL;
            ids = p ? p : ids;
        }
        if (ok) {
            ids[n_ids++] = id;
            combined_set_secret(c, v, 1);
        }
    }
    for (size_t i = 0; ok && i < n_ids; i++) {
        sqlite3_reset(unmark);
        sqlite3_bind_int64(unmark, 1, ids[i]);
        ok = sqlite3_step(unmark) == SQLITE_DONE;
    }
    *changed = n_ids > 0;
    /* the victims of those blocks are published again */
    sqlite3_stmt *vic = ok && n ? db_prepare(db, "SELECT id, blk FROM temp.release_victims") : NULL;
    while (vic && (rc = sqlite3_step(vic)) == SQLITE_ROW) {
        size_t blk = (size_t)sqlite3_column_int64(vic, 1), v = combined_var_of(c, sqlite3_column_int64(vic, 0));
        for (size_t i = 0; v < c->n_vars && i < n; i++)
            if (bad[i] == blk)
                combined_set_secret(c, v, 0);
    }
    sqlite3_finalize(vic);
    for (size_t i = 0; ok && i < n; i++) {
        sqlite3_stmt *del = db_prepare(db, "DELETE FROM temp.release_victims WHERE blk = ?1");
        ok = del != NULL;
        if (ok) {
            sqlite3_bind_int64(del, 1, (int64_t)bad[i]);
            ok = sqlite3_step(del) == SQLITE_DONE;
        }
        sqlite3_finalize(del);
    }
    sqlite3_finalize(all);
    sqlite3_finalize(unmark);
    free(ids);
    free(bad);
    return ok;
}

/* Publishes the kept candidates and the ratios that go with them. */
static const char apply_sql[] =
    "INSERT INTO temp.release_try(id, ok) SELECT id, 1 FROM temp.release_ratio WHERE true"
    " ON CONFLICT(id) DO UPDATE SET ok = 1;"
    "UPDATE indicator_value SET secret = 0, motif_secret = NULL"
    " WHERE rowid IN (SELECT id FROM temp.release_try WHERE ok = 1);"
    "INSERT OR IGNORE INTO temp.release_tried SELECT id FROM temp.release_try;"
    "UPDATE indicator_value SET secret = 1, motif_secret = 'secondaire'"
    " WHERE rowid IN (SELECT id FROM temp.release_victims);"
    "UPDATE temp.members SET secret = 1 WHERE id IN (SELECT id FROM temp.release_victims);"
    "UPDATE temp.groups SET nsecret = nsecret + (SELECT count(*) FROM temp.members m"
    " JOIN temp.release_victims r ON r.id = m.id WHERE m.grp = groups.grp)"
    " WHERE grp IN (SELECT m.grp FROM temp.members m JOIN temp.release_victims r ON r.id = m.id);"
    "UPDATE temp.members SET secret = 0 WHERE id IN (SELECT id FROM temp.release_try WHERE ok = 1);"
    "UPDATE temp.groups SET nsecret = nsecret - (SELECT count(*) FROM temp.members m"
    " JOIN temp.release_try r ON r.id = m.id AND r.ok = 1 WHERE m.grp = groups.grp)"
    " WHERE grp IN (SELECT m.grp FROM temp.members m JOIN temp.release_try r ON r.id = m.id AND r.ok = 1);";

static bool collect_ratios(sqlite3 *db)
{
    if (!db_exec(db, "DROP TABLE IF EXISTS temp.release_ratio;"
                     "CREATE TEMP TABLE release_ratio(id INTEGER PRIMARY KEY);"))
        return false;
    sqlite3_stmt *st = db_prepare(db, ratio_sql);
    sqlite3_stmt *ins = db_prepare(db, "INSERT OR IGNORE INTO temp.release_ratio VALUES(?1)");
    bool ok = st && ins;
    if (ok)
        sqlite3_bind_int(st, 1, 2);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            int64_t *p = realloc(ids, cap * sizeof *p);
            ok = p != NULL;
            ids = p ? p : ids;
        }
        if (ok)
            ids[n++] = sqlite3_column_int64(st, 0);
    }
    ok = ok && rc == SQLITE_DONE;
    for (size_t i = 0; ok && i < n; i++) {
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, ids[i]);
        ok = sqlite3_step(ins) == SQLITE_DONE;
    }
    free(ids);
    sqlite3_finalize(st);
    sqlite3_finalize(ins);
    return ok;
}

static long count_sql(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    long n = st && sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

bool secret_release_headlines(sqlite3 *db, combined *c, long *released, long *hidden)
{
    *released = *hidden = 0;
    size_t *vs = NULL, n = 0;
    bool ok = db_exec(db, candidates_sql) && read_candidates(db, c, &vs, &n) && linear_pass(db, c, vs, n);
    free(vs);
    for (bool changed = true; ok && changed;) {
        bool more = false;
        ok = fail_pass(db, c, interval_sql, &changed) && fail_pass(db, c, ratio_sql, &more);
        changed = changed || more;
    }
    ok = ok && collect_ratios(db) && db_exec(db, apply_sql);
    long totals = ok ? count_sql(db, "SELECT count(*) FROM temp.release_try WHERE ok = 1") : 0;
    long ratios = ok ? count_sql(db, "SELECT count(*) FROM temp.release_ratio") : 0;
    long victims = ok ? count_sql(db, "SELECT count(*) FROM temp.release_victims") : 0;
    totals -= ratios;
    if (ok && totals + ratios > 0)
        obs_info("secret statistique : %ld %s de France, région, département ou territoire d'étude publié%s de"
                 " nouveau, et %ld ratio%s qui en découle%s : leur ventilation masquée protège autant (%ld cellule%s"
                 " de ventilation masquée%s en plus)",
                 totals, totals > 1 ? "totaux" : "total", totals > 1 ? "s" : "", ratios, ratios > 1 ? "s" : "",
                 ratios > 1 ? "nt" : "", victims, victims > 1 ? "s" : "", victims > 1 ? "s" : "");
    db_exec(db, "DROP TABLE IF EXISTS temp.release_try; DROP TABLE IF EXISTS temp.release_ratio;"
                " DROP TABLE IF EXISTS temp.release_victims;");
    *released = ok ? totals + ratios : 0;
    *hidden = ok ? victims : 0;
    return ok;
}
