#include "secret.h"

#include <stdio.h>

#include "db.h"
#include "log.h"

void secret_default_rules(secret_rules *r)
{
    r->min_establishments = 3;
    r->min_people = 5;
    r->dominance = 0.85;
}

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

/* Frequency and dominance rules on one computed indicator's cells. */
static bool primary(sqlite3 *db, int64_t run, const indicator_def *d, const secret_rules *r)
{
    bool people = d->secret && d->secret[0] == 'p';
    double min_units = people ? r->min_people : r->min_establishments;
    /* dominance concerns amounts held by establishments, not counts of people */
    double dominance = people ? 2.0 : r->dominance;
    return exec_bound(db,
                      "UPDATE indicator_value SET secret = 1,"
                      " motif_secret = CASE WHEN coalesce(n_unites, 0) < ?3 THEN 'frequence' ELSE 'dominance' END"
                      " WHERE run_id = ?1 AND indicator = ?2 AND secret = 0"
                      " AND (coalesce(n_unites, 0) < ?3 OR coalesce(part_max, 0) > ?4)",
                      run, d->id, min_units, dominance);
}

/* A derived cell is secret when a cell it is computed from is. */
static bool inherited(sqlite3 *db, int64_t run, const indicator_def *d)
{
    char sql[1024];
    const char *match;
    switch (d->kind) {
    case KIND_EVOLUTION:
        match = "b.niveau = v.niveau AND b.territoire = v.territoire AND b.dimension = v.dimension"
                " AND b.annee IN (v.annee, v.annee - 1)";
        break;
    case KIND_GROWTH:
        match = "b.niveau = v.niveau AND b.territoire = v.territoire AND b.dimension = v.dimension"
                " AND b.annee IN (v.annee, v.annee - 5)";
        break;
    case KIND_SPECIFICITY:
        match = "b.dimension = v.dimension AND b.annee = v.annee"
                " AND ((b.niveau = v.niveau AND b.territoire = v.territoire) OR b.niveau = 'france')";
        break;
    default:
        return true;
    }
    snprintf(sql, sizeof sql,
             "UPDATE indicator_value AS v SET secret = 1, motif_secret = 'herite'"
             " WHERE v.run_id = ?1 AND v.indicator = ?2 AND v.secret = 0 AND EXISTS (SELECT 1 FROM"
             " indicator_value b WHERE b.run_id = v.run_id AND b.indicator = '%s' AND b.secret = 1 AND %s)",
             d->base, match);
    return exec_bound(db, sql, run, d->id, 0, 0);
}

bool secret_apply(sqlite3 *db, int64_t run, const catalog *cat, const secret_rules *rules)
{
    /* start from the raw values, so that applying the rules again is harmless */
    bool ok = exec_bound(db, "UPDATE indicator_value SET valeur = coalesce(valeur_brute, valeur),"
                             " valeur_brute = coalesce(valeur_brute, valeur), secret = 0, motif_secret = NULL"
                             " WHERE run_id = ?1 AND ?2 IS NOT NULL AND ?3 = ?3 AND ?4 = ?4",
                         run, "", 0, 0);
    /* computed cells first, then those derived from them, in catalog order */
    for (int pass = 0; pass < 2 && ok; pass++)
        for (size_t i = 0; i < cat->n && ok; i++) {
            const indicator_def *d = &cat->items[i];
            bool derived = d->kind == KIND_EVOLUTION || d->kind == KIND_GROWTH || d->kind == KIND_SPECIFICITY;
            if (derived != (pass == 1))
                continue;
            ok = derived ? inherited(db, run, d) : primary(db, run, d, rules);
        }
    if (ok)
        ok = exec_bound(db, "UPDATE indicator_value SET valeur = NULL WHERE run_id = ?1 AND secret = 1"
                            " AND ?2 IS NOT NULL AND ?3 = ?3 AND ?4 = ?4",
                        run, "", 0, 0);
    if (!ok)
        obs_error("application du secret statistique impossible");
    return ok;
}
