#include "engine/cli/run_check.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/core/log.h"
#include "engine/core/suggest.h"

/* compute ok (not --only, whose runs are 'partial'), or an obs run whose
 * compute and secrecy stages succeeded (its outcome is 'failed' when a file
 * had too many rejects, yet everything was computed on the previous version) */
#define COMPLETE_SQL                                                                                      \
    "(r.outcome = 'ok' AND r.command = 'compute' OR r.command = 'run' AND"                                \
    " (SELECT count(*) FROM run_stage s WHERE s.run_id = r.id AND s.stage IN ('compute', 'secret')"       \
    " AND s.outcome = 'ok') = 2) AND EXISTS (SELECT 1 FROM indicator_value v WHERE v.run_id = r.id)"

/* complete, or partial when ?9 is 1 */
#define PUBLISHABLE_SQL "(" COMPLETE_SQL " OR ?9 = 1 AND r.outcome = 'partial' AND r.command = 'compute' AND" \
    " EXISTS (SELECT 1 FROM indicator_value v WHERE v.run_id = r.id))"

static int64_t query_int(sqlite3 *db, const char *sql, int64_t bind)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    int64_t v = 0;
    if (st) {
        if (sqlite3_bind_parameter_count(st) > 0)
            sqlite3_bind_int64(st, 1, bind);
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return v;
}

int64_t run_check_last_complete(sqlite3 *db)
{
    return query_int(db, "SELECT coalesce(max(r.id), 0) FROM run r WHERE " COMPLETE_SQL, 0);
}

static void last_complete_hint(sqlite3 *db, char *buf, size_t len)
{
    int64_t last = run_check_last_complete(db);
    if (last)
        snprintf(buf, len, "dernière exécution complète : n° %lld", (long long)last);
    else
        snprintf(buf, len, "aucune exécution complète : lancez `obs compute` sans --only");
}

static int64_t publishable(sqlite3 *db, long long requested, bool allow_partial)
{
    sqlite3_stmt *st = db_prepare(db, requested ? "SELECT count(*) FROM run r WHERE r.id = ?1 AND " PUBLISHABLE_SQL
                                                : "SELECT coalesce(max(r.id), 0) FROM run r WHERE " PUBLISHABLE_SQL);
    int64_t v = 0;
    if (st) {
        if (requested)
            sqlite3_bind_int64(st, 1, requested);
        sqlite3_bind_int(st, 9, allow_partial);
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return v;
}

int run_check_resolve(sqlite3 *db, long long requested, bool allow_partial, int64_t *run)
{
    char hint[128];
    *run = 0;
    if (requested == 0) {
        *run = publishable(db, 0, allow_partial);
        if (*run)
            return OBS_EXIT_OK;
        int64_t any = query_int(db, "SELECT coalesce(max(run_id), 0) FROM indicator_value", 0);
        if (!any) {
            obs_error("aucune valeur calculée : lancez d'abord `obs compute`");
            return OBS_EXIT_FAILURE;
        }
        if (allow_partial)
            obs_error("aucune exécution complète (la dernière, n° %lld, est partielle ou en échec) :"
                      " lancez `obs compute` sans --only, ou choisissez-la avec --run %lld",
                      (long long)any, (long long)any);
        else
            obs_error("aucune exécution complète (la dernière, n° %lld, est partielle ou en échec) :"
                      " lancez `obs compute` sans --only",
                      (long long)any);
        return OBS_EXIT_USAGE;
    }
    last_complete_hint(db, hint, sizeof hint);
    bool exists = query_int(db, "SELECT count(*) FROM indicator_value WHERE run_id = ?1 LIMIT 1", requested) > 0;
    if (!exists) {
        obs_error("l'exécution n° %lld n'existe pas ou n'a calculé aucune valeur ; %s", requested, hint);
        return OBS_EXIT_USAGE;
    }
    if (!publishable(db, requested, allow_partial)) {
        sqlite3_stmt *st = db_prepare(db, "SELECT outcome FROM run WHERE id = ?1");
        char outcome[32] = "inconnue";
        if (st) {
            sqlite3_bind_int64(st, 1, requested);
            if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
                snprintf(outcome, sizeof outcome, "%s", (const char *)sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
        const char *what = strcmp(outcome, "partial") == 0       ? "partielle (compute --only)"
                           : strcmp(outcome, "interrupted") == 0 ? "interrompue"
                           : strcmp(outcome, "running") == 0     ? "en cours"
                                                                 : "en échec";
        obs_error("l'exécution n° %lld est %s : elle n'est pas publiable ; %s", requested, what, hint);
        return OBS_EXIT_USAGE;
    }
    *run = requested;
    return OBS_EXIT_OK;
}

int run_check_year(sqlite3 *db, int64_t run, int year)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM indicator_value WHERE run_id = ?1 AND annee = ?2");
    int64_t n = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_int(st, 2, year);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (n > 0)
        return OBS_EXIT_OK;
    int64_t first = query_int(db, "SELECT min(annee) FROM indicator_value WHERE run_id = ?1", run);
    int64_t last = query_int(db, "SELECT max(annee) FROM indicator_value WHERE run_id = ?1", run);
    obs_error("aucune donnée pour l'année %d dans l'exécution n° %lld (années disponibles : %lld à %lld)", year,
              (long long)run, (long long)first, (long long)last);
    return OBS_EXIT_USAGE;
}

int run_check_indicator(sqlite3 *db, int64_t run, const char *indicator)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT DISTINCT indicator FROM indicator_value WHERE run_id = ?1"
                                      " ORDER BY indicator");
    if (!st)
        return OBS_EXIT_FAILURE;
    sqlite3_bind_int64(st, 1, run);
    char **ids = NULL;
    size_t n = 0, cap = 0;
    bool found = false;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (strcmp(id, indicator) == 0) {
            found = true;
            break;
        }
        /* the names only serve the suggestion below: out of memory, the
         * search for the indicator goes on without collecting more */
        if (n == cap) {
            char **grown = realloc(ids, (cap ? cap * 2 : 64) * sizeof *ids);
            if (grown) {
                ids = grown;
                cap = cap ? cap * 2 : 64;
            }
        }
        if (n < cap && (ids[n] = strdup(id)))
            n++;
    }
    sqlite3_finalize(st);
    if (!found) {
        const char *near = suggest_nearest(indicator, (const char *const *)ids, n);
        if (near)
            obs_error("indicateur inconnu « %s » dans l'exécution n° %lld, vouliez-vous dire %s ?"
                      " (voir `obs indicators list`)", indicator, (long long)run, near);
        else
            obs_error("indicateur inconnu « %s » dans l'exécution n° %lld (voir `obs indicators list`)", indicator,
                      (long long)run);
    }
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    return found ? OBS_EXIT_OK : OBS_EXIT_USAGE;
}
