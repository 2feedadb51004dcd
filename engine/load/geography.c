#include "engine/load/geography.h"

#include <stdio.h>

#include "engine/core/db.h"
#include "engine/core/log.h"

static const char rebuild_sql[] =
    "DELETE FROM commune_key; DELETE FROM territoire; DELETE FROM geo;"
    /* keys: current communes, and arrondissements municipaux to their commune */
    "INSERT OR IGNORE INTO commune_key SELECT code, code FROM ref_commune"
    " WHERE type = 'commune-actuelle';"
    "INSERT OR IGNORE INTO commune_key SELECT code, commune_parent FROM ref_commune"
    " WHERE type = 'arrondissement-municipal' AND commune_parent <> '';"
    "INSERT OR IGNORE INTO territoire SELECT 'commune', code, nom FROM ref_commune"
    " WHERE type = 'commune-actuelle';"
    "INSERT OR IGNORE INTO territoire SELECT 'epci', code, nom FROM ref_epci;"
    "INSERT OR IGNORE INTO territoire SELECT 'departement', code, nom FROM ref_departement;"
    "INSERT OR IGNORE INTO territoire SELECT 'region', code, nom FROM ref_region;"
    "INSERT OR IGNORE INTO territoire VALUES('france', 'FR', 'France');"
    "INSERT OR IGNORE INTO geo SELECT code, 'commune', code FROM ref_commune"
    " WHERE type = 'commune-actuelle';"
    "INSERT OR IGNORE INTO geo SELECT code, 'epci', epci FROM ref_commune"
    " WHERE type = 'commune-actuelle' AND epci <> '';"
    "INSERT OR IGNORE INTO geo SELECT code, 'departement', departement FROM ref_commune"
    " WHERE type = 'commune-actuelle' AND departement <> '';"
    "INSERT OR IGNORE INTO geo SELECT code, 'region', region FROM ref_commune"
    " WHERE type = 'commune-actuelle' AND region <> '';"
    "INSERT OR IGNORE INTO geo SELECT code, 'france', 'FR' FROM ref_commune"
    " WHERE type = 'commune-actuelle';";

static bool add_members(sqlite3 *db, const config_territory *t, const char *sql, char **codes,
                        size_t n, const char *what)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return false;
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, codes[i], -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            obs_error("territoire d'étude « %s » : %s", t->id, sqlite3_errmsg(db));
            ok = false;
        } else if (sqlite3_changes(db) == 0) {
            obs_error("territoire d'étude « %s » : %s inconnu « %s » dans le référentiel", t->id, what,
                      codes[i]);
            ok = false;
        }
    }
    sqlite3_finalize(st);
    return ok;
}

bool geography_rebuild(sqlite3 *db, const obs_config *cfg)
{
    if (!db_exec(db, rebuild_sql))
        return false;
    sqlite3_stmt *name = db_prepare(db, "INSERT OR REPLACE INTO territoire VALUES('etude', ?, ?)");
    if (!name)
        return false;
    bool ok = true;
    for (size_t i = 0; i < cfg->n_territories && ok; i++) {
        const config_territory *t = &cfg->territories[i];
        sqlite3_reset(name);
        sqlite3_bind_text(name, 1, t->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(name, 2, t->nom, -1, SQLITE_STATIC);
        ok = sqlite3_step(name) == SQLITE_DONE &&
             add_members(db, t,
                         "INSERT OR IGNORE INTO geo SELECT commune, 'etude', ?1 FROM geo"
                         " WHERE niveau = 'epci' AND code = ?2",
                         t->epci, t->n_epci, "EPCI") &&
             add_members(db, t,
                         "INSERT OR IGNORE INTO geo SELECT k.commune, 'etude', ?1 FROM commune_key k"
                         " WHERE k.code = ?2",
                         t->communes, t->n_communes, "commune");
    }
    sqlite3_finalize(name);
    return ok;
}
