#include "indicators/secret/secret_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "indicators/compute/sources.h"

static bool secret_model_families_of(sqlite3 *db, int64_t run, const catalog *cat);

static bool step_done(sqlite3_stmt *st)
{
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_reset(st);
    return ok;
}

/* Creates the temporary table the catalog's queries read besides the
 * database's own (compute makes them; secrecy applied again without a
 * compute has none): true when it did, to drop it after. */
static bool make_temp(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

bool secret_model_families(sqlite3 *db, int64_t run, const catalog *cat)
{
    /* the family comes from the tables a query reads: it must prepare */
    bool years = make_temp(db, "CREATE TEMP TABLE annees(annee INTEGER PRIMARY KEY)");
    bool params = make_temp(db, "CREATE TEMP TABLE parametres(date_observation TEXT, debut_observation TEXT)");
    bool ok = secret_model_families_of(db, run, cat);
    if (years)
        ok = db_exec(db, "DROP TABLE temp.annees") && ok;
    if (params)
        ok = db_exec(db, "DROP TABLE temp.parametres") && ok;
    return ok;
}

static bool secret_model_families_of(sqlite3 *db, int64_t run, const catalog *cat)
{
    if (!db_exec(db, "DROP TABLE IF EXISTS temp.families;"
                     "CREATE TEMP TABLE families(indicator TEXT PRIMARY KEY, famille TEXT NOT NULL,"
                     " public INTEGER NOT NULL)"))
        return false;
    sqlite3_stmt *ins = db_prepare(db, "INSERT OR REPLACE INTO temp.families VALUES(?1, ?2, ?3)");
    sqlite3_stmt *meta = db_prepare(db, "UPDATE indicator_meta SET confidentialite = ?3,"
                                        " dimensions_confidentielles = ?4, construit_de = ?5"
                                        " WHERE run_id = ?1 AND indicator = ?2");
    bool ok = ins && meta;
    for (size_t i = 0; ok && i < cat->n; i++) {
        const indicator_def *d = &cat->items[i];
        const indicator_def *owner = sources_owner(cat, d);
        const char *family = sources_family(cat, d, db);
        char built[512] = "";
        if (d->built_num)
            snprintf(built, sizeof built, "%s / %s", d->built_num, d->built_den);
        sqlite3_bind_text(ins, 1, d->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, family, -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 3, sources_is_public(family));
        ok = step_done(ins);
        sqlite3_bind_int64(meta, 1, run);
        sqlite3_bind_text(meta, 2, d->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(meta, 3, family, -1, SQLITE_STATIC);
        sqlite3_bind_text(meta, 4, owner->conf_dims, -1, SQLITE_STATIC);
        sqlite3_bind_text(meta, 5, d->built_num ? built : NULL, -1, SQLITE_TRANSIENT);
        ok = ok && step_done(meta);
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(meta);
    return ok;
}

bool secret_model_is_public(sqlite3 *db, const char *indicator)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT public FROM temp.families WHERE indicator = ?1");
    bool pub = false;
    if (st) {
        sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
        pub = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return pub;
}

/* True when the establishment table has statut_diffusion (the INSEE
 * statutDiffusion of each establishment). */
static bool has_diffusion_status(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT statut_diffusion FROM etablissement LIMIT 0", -1, &st, NULL);
    sqlite3_finalize(st);
    return rc == SQLITE_OK;
}

bool secret_model_public_primary(sqlite3 *db, int64_t run, const catalog *cat, const indicator_def *d,
                                 const secret_rules *rules)
{
    const indicator_def *owner = sources_owner(cat, d);
    /* the confidential dimensions keep what secret_primary marked */
    sqlite3_stmt *cells = db_prepare(db, "SELECT rowid, dimension FROM indicator_value"
                                         " WHERE run_id = ?1 AND indicator = ?2 AND secret = 1");
    sqlite3_stmt *clear = db_prepare(db, "UPDATE indicator_value SET secret = 0, motif_secret = NULL"
                                         " WHERE rowid = ?1");
    bool ok = cells && clear;
    if (ok) {
        sqlite3_bind_int64(cells, 1, run);
        sqlite3_bind_text(cells, 2, d->id, -1, SQLITE_STATIC);
    }
    int rc = SQLITE_DONE;
    /* rowids first, updates after: no update while the scan runs */
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    while (ok && (rc = sqlite3_step(cells)) == SQLITE_ROW) {
        if (sources_conf_dimension(owner, (const char *)sqlite3_column_text(cells, 1)))
            continue;
        if (n == cap) {
            size_t grown_cap = cap ? 2 * cap : 256;
            int64_t *grown = realloc(ids, grown_cap * sizeof *grown);
            if (!grown) {
                ok = false;
                break;
            }
            ids = grown;
            cap = grown_cap;
        }
        ids[n++] = sqlite3_column_int64(cells, 0);
    }
    ok = ok && rc == SQLITE_DONE;
    for (size_t i = 0; ok && i < n; i++) {
        sqlite3_bind_int64(clear, 1, ids[i]);
        ok = step_done(clear);
    }
    free(ids);
    sqlite3_finalize(cells);
    sqlite3_finalize(clear);
    if (!ok || !has_diffusion_status(db))
        return ok;
    /* what would locate a non-diffusible unit: a small cell of a territory
     * holding one (whatever its year or dimension: this can only hide more) */
    sqlite3_stmt *st = db_prepare(db, "UPDATE indicator_value SET secret = 1, motif_secret = 'diffusion'"
                                      " WHERE run_id = ?1 AND indicator = ?2 AND secret = 0"
                                      " AND coalesce(n_unites, 0) < ?3 AND (niveau, territoire) IN"
                                      " (SELECT g.niveau, g.code FROM etablissement e JOIN geo g"
                                      "  ON g.commune = e.commune WHERE e.statut_diffusion = 'P')");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, rules->min_establishments);
    ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

/* The side of a relation that can be hidden: an indicator of a confidential
 * family; NULL for a public one or a public:NAME quantity. *unknown: an
 * interne:NAME quantity, which an outsider does not have. */
static const char *hideable(sqlite3 *db, const catalog *cat, const char *side, bool *unknown)
{
    if (strncmp(side, "interne:", 8) == 0) {
        *unknown = true;
        return NULL;
    }
    if (!catalog_find(cat, side))
        return NULL;
    return secret_model_is_public(db, side) ? NULL : side;
}

bool secret_model_relations(sqlite3 *db, const catalog *cat)
{
    if (!db_exec(db, "DROP TABLE IF EXISTS temp.relations;"
                     "CREATE TEMP TABLE relations(indicator TEXT PRIMARY KEY, a TEXT, b TEXT)"))
        return false;
    sqlite3_stmt *ins = db_prepare(db, "INSERT INTO temp.relations VALUES(?1, ?2, ?3)");
    bool ok = ins != NULL;
    for (size_t i = 0; ok && i < cat->n; i++) {
        const indicator_def *d = &cat->items[i];
        if (!d->built_num)
            continue;
        bool unknown = false;
        const char *a = hideable(db, cat, d->built_num, &unknown);
        const char *b = hideable(db, cat, d->built_den, &unknown);
        if (unknown || (!a && !b))
            continue;
        sqlite3_bind_text(ins, 1, d->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, a, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, b, -1, SQLITE_STATIC);
        ok = step_done(ins);
    }
    sqlite3_finalize(ins);
    return ok;
}

bool secret_model_costs(sqlite3 *db, int64_t run)
{
    return db_exec_with_run(db, "DROP TABLE IF EXISTS temp.cell_cost;"
                                "CREATE TEMP TABLE cell_cost(id INTEGER PRIMARY KEY, big INTEGER, level INTEGER,"
                                " n INTEGER);"
                                "INSERT INTO temp.cell_cost SELECT v.rowid,"
                                " CASE WHEN v.dimension <> '' THEN 0 WHEN v.niveau IN ('france', 'region') THEN 2"
                                " WHEN v.niveau IN ('etude', 'departement') THEN 1 ELSE 0 END,"
                                " CASE v.niveau WHEN 'commune' THEN 0 WHEN 'epci' THEN 1 WHEN 'etude' THEN 2"
                                " WHEN 'departement' THEN 3 WHEN 'region' THEN 4 ELSE 5 END,"
                                " coalesce(v.n_unites, 0)"
                                " FROM indicator_value v WHERE v.run_id = ?1 AND v.rowid IN"
                                " (SELECT id FROM temp.members)",
                            run);
}

bool secret_model_loss(sqlite3 *db, int64_t run)
{
    if (!db_exec_with_run(db, "DELETE FROM secret_loss WHERE run_id = ?1;"
                              "INSERT INTO secret_loss(run_id, niveau, famille, motif, n)"
                              " SELECT ?1, v.niveau, coalesce(f.famille, 'inconnue'), v.motif_secret, count(*)"
                              " FROM indicator_value v LEFT JOIN temp.families f ON f.indicator = v.indicator"
                              " WHERE v.run_id = ?1 AND v.secret = 1"
                              " GROUP BY v.niveau, f.famille, v.motif_secret",
                          run))
        return false;
    /* the same table logged twice: by level, then by family, each split into
     * primary (the rules on the cell itself, the funder insider's included),
     * secondary and inherited */
    static const char *const by[] = {"niveau", "famille"};
    for (size_t i = 0; i < sizeof by / sizeof *by; i++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "SELECT %s, sum(n), sum(CASE WHEN motif IN ('frequence', 'dominance', 'p_pourcent', 'diffusion',"
                 " 'initie') THEN n ELSE 0 END), sum(CASE WHEN motif = 'secondaire' THEN n ELSE 0 END),"
                 " sum(CASE WHEN motif = 'herite' THEN n ELSE 0 END)"
                 " FROM secret_loss WHERE run_id = ?1 GROUP BY 1 ORDER BY 1",
                 by[i]);
        sqlite3_stmt *st = db_prepare(db, sql);
        if (!st)
            return false;
        sqlite3_bind_int64(st, 1, run);
        while (sqlite3_step(st) == SQLITE_ROW)
            obs_info("secret statistique, cellules masquées (%s%s) : %lld dont %lld primaires, %lld secondaires,"
                     " %lld héritées", i ? "famille " : "", (const char *)sqlite3_column_text(st, 0),
                     sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                     sqlite3_column_int64(st, 4));
        sqlite3_finalize(st);
    }
    return true;
}
