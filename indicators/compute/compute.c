#include "indicators/compute/compute.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators/compute/authorizer.h"
#include "indicators/compute/compute_frame.h"
#include "indicators/compute/compute_leverage.h"
#include "indicators/compute/compute_rollup.h"
#include "indicators/compute/compute_survival.h"
#include "indicators/compute/indicator_store.h"
#include "engine/core/db.h"
#include "engine/core/dimension_key.h"
#include "engine/core/ledger.h"
#include "engine/core/log.h"
#include "engine/core/stage_progress.h"

static bool wanted(const compute_options *opts, const char *id)
{
    if (!opts->only)
        return true;
    for (size_t i = 0; i < opts->n_only; i++)
        if (strcmp(opts->only[i], id) == 0)
            return true;
    return false;
}

/* temp.annees, the years the catalog queries compute: first to last. */
static bool fill_years(sqlite3 *db, int first, int last)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "DROP TABLE IF EXISTS temp.annees; CREATE TEMP TABLE annees(annee INTEGER PRIMARY KEY);"
             "WITH RECURSIVE y(a) AS (SELECT %d UNION ALL SELECT a + 1 FROM y WHERE a < %d)"
             " INSERT INTO annees SELECT a FROM y;",
             first, last);
    return db_exec(db, sql);
}

/* True when a derived indicator of the catalog builds on id. */
static bool is_base(const catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->n; i++)
        if (cat->items[i].base && strcmp(cat->items[i].base, id) == 0)
            return true;
    return false;
}

/* The years a run stores: those of the data (employment, denominators,
 * support episodes, grid), up to the observation date's year, at most the
 * last `series` of them; or the one year asked for. *base_first is the first
 * year computed: five years earlier for the indicators others derive from
 * (evolution, growth), which need them, when the stored years leave data out. */
static bool make_years(sqlite3 *db, const obs_config *cfg, const compute_options *opts, compute_result *out,
                       int *base_first)
{
    int obs_year = atoi(cfg->observation_date);
    int first = 0, last = 0;
    if (opts->year) {
        first = last = opts->year;
        *base_first = opts->year - 5;
    } else {
        sqlite3_stmt *st = db_prepare(db,
            "SELECT min(y), max(y) FROM (SELECT annee AS y FROM emploi UNION ALL"
            " SELECT annee FROM emploi_territoire UNION ALL"
            " SELECT CAST(substr(date_debut, 1, 4) AS INTEGER) FROM accompagnement UNION ALL"
            " SELECT annee FROM grille)");
        if (!st)
            return false;
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
            first = sqlite3_column_int(st, 0);
            last = sqlite3_column_int(st, 1);
        }
        sqlite3_finalize(st);
        if (last > obs_year)
            last = obs_year;
        *base_first = first;
        if (opts->series > 0 && last - opts->series + 1 > first) {
            first = last - opts->series + 1;
            *base_first = first - 5 > *base_first ? first - 5 : *base_first;
        }
    }
    if (first == 0 || first > last) {
        obs_error("aucune année de données à calculer (chargez emploi, emploi_territoire ou"
                  " accompagnements)");
        return false;
    }
    out->first_year = first;
    out->last_year = last;
    if (!fill_years(db, *base_first, last))
        return false;
    /* the observation date and window, for survival definitions */
    sqlite3_stmt *st = NULL;
    bool ok = db_exec(db, "DROP TABLE IF EXISTS temp.parametres;"
                          " CREATE TEMP TABLE parametres(date_observation TEXT NOT NULL, debut_observation TEXT)") &&
              (st = db_prepare(db, "INSERT INTO parametres VALUES(?, ?)"));
    if (ok) {
        sqlite3_bind_text(st, 1, cfg->observation_date, -1, SQLITE_STATIC);
        db_bind_text_or_null(st, 2, cfg->window_start);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok;
}

/* Runs one computed indicator's SQL (read-only) and writes its values. */
static bool compute_sql(sqlite3 *db, int64_t run_id, const indicator_def *d, sqlite3_stmt *ins, long *rows)
{
    sqlite3_stmt *q = indicator_prepare(db, d);
    return q && indicator_store(db, run_id, d, q, ins, rows);
}

/* Derived indicators pair each base total (dimension '') with another base
 * value of the same run: the same cell a year (evolution) or five years
 * (growth) before, or the reference level's cell of the same year
 * (specificity). */
static bool compute_derived(sqlite3 *db, int64_t run_id, const indicator_def *d, const obs_config *cfg,
                            sqlite3_stmt *ins, long *rows)
{
    char sql[1024];
    if (d->kind == KIND_SPECIFICITY)
        snprintf(sql, sizeof sql,
                 "SELECT a.niveau, a.territoire, a.annee, a.dimension, a.valeur, b.valeur, a.n_unites,"
                 " a.part_max FROM indicator_value a JOIN indicator_value b ON b.run_id = a.run_id"
                 " AND b.indicator = a.indicator AND b.annee = a.annee AND b.dimension = a.dimension"
                 " AND b.niveau = ?3 AND b.territoire = (SELECT min(code) FROM geo WHERE niveau = ?3"
                 "   AND commune IN (SELECT commune FROM geo WHERE niveau = a.niveau AND code = a.territoire))"
                 " WHERE a.run_id = ?1 AND a.indicator = ?2 AND a.dimension = '' AND a.valeur IS NOT NULL"
                 " AND b.valeur > 0");
    else
        snprintf(sql, sizeof sql,
                 "SELECT a.niveau, a.territoire, a.annee, a.dimension, a.valeur, b.valeur,"
                 " min(a.n_unites, b.n_unites), max(a.part_max, b.part_max) FROM indicator_value a"
                 " JOIN indicator_value b ON b.run_id = a.run_id AND b.indicator = a.indicator"
                 " AND b.niveau = a.niveau AND b.territoire = a.territoire AND b.dimension = a.dimension"
                 " AND b.annee = a.annee - %d"
                 " WHERE a.run_id = ?1 AND a.indicator = ?2 AND a.dimension = '' AND a.valeur IS NOT NULL"
                 " AND b.valeur > 0",
                 d->kind == KIND_GROWTH ? 5 : 1);
    sqlite3_stmt *q = db_prepare(db, sql);
    if (!q)
        return false;
    sqlite3_bind_int64(q, 1, run_id);
    sqlite3_bind_text(q, 2, d->base, -1, SQLITE_STATIC);
    if (d->kind == KIND_SPECIFICITY)
        sqlite3_bind_text(q, 3, cfg->reference_level, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        double now = sqlite3_column_double(q, 4), before = sqlite3_column_double(q, 5);
        double value = d->kind == KIND_EVOLUTION ? 100.0 * (now / before - 1.0)
                       : d->kind == KIND_GROWTH  ? 100.0 * (pow(now / before, 1.0 / 5.0) - 1.0)
                                                 : now / before;
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, run_id);
        sqlite3_bind_text(ins, 2, d->id, -1, SQLITE_STATIC);
        for (int k = 0; k < 4; k++)
            sqlite3_bind_value(ins, 3 + k, sqlite3_column_value(q, k));
        sqlite3_bind_double(ins, 7, value);
        sqlite3_bind_double(ins, 8, now);
        sqlite3_bind_double(ins, 9, before);
        sqlite3_bind_null(ins, 10);
        sqlite3_bind_null(ins, 11);
        sqlite3_bind_value(ins, 12, sqlite3_column_value(q, 6));
        sqlite3_bind_value(ins, 13, sqlite3_column_value(q, 7));
        sqlite3_bind_null(ins, 14); /* derived cells inherit their secrecy */
        if (sqlite3_step(ins) != SQLITE_DONE) {
            sqlite3_finalize(q);
            return false;
        }
        (*rows)++;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE;
}

static bool write_meta(sqlite3 *db, int64_t run_id, const indicator_def *d)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT OR REPLACE INTO indicator_meta(run_id, indicator, titre, unite,"
                                      " type, theme, ordre, definition, sources, regle_secret, secret_herite, cadre)"
                                      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_text(st, 2, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, d->titre, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, d->unite, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, indicator_kind_name(d->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, d->theme, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 7, d->ordre);
    sqlite3_bind_text(st, 8, d->definition, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, d->sources, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, d->secret, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, d->secret_from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, d->frame, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

/* The keys of the indicator's new dimensions, as data (dimension_key.h). */
static bool store_keys(sqlite3 *db, int64_t run_id, const indicator_def *d)
{
    char err[600];
    if (dimension_keys_store(db, run_id, d->id, err, sizeof err))
        return true;
    obs_error_at(d->file, d->sql_line, 1, "indicateur %s non calculé : %s", d->id, err);
    return false;
}

/* Early warnings on the interview grid, for analysts only (never published):
 * a score of 1 or less, or a fall of 2 points or more from the year before. */
bool compute_grid_alerts(sqlite3 *db, int64_t run_id)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "DELETE FROM alerte_grille WHERE run_id = %lld;"
             "INSERT INTO alerte_grille(run_id, siret, annee, axe, score, score_precedent, motif)"
             " SELECT %lld, g.siret, g.annee, g.axe, g.score, p.score,"
             " CASE WHEN p.score - g.score >= 2 THEN 'baisse' ELSE 'score_bas' END"
             " FROM grille g LEFT JOIN grille p ON p.siret = g.siret AND p.axe = g.axe AND p.annee = g.annee - 1"
             " WHERE g.score <= 1 OR p.score - g.score >= 2;",
             (long long)run_id, (long long)run_id);
    return db_exec(db, sql);
}

bool compute_run(sqlite3 *db, int64_t run_id, const catalog *cat, const obs_config *cfg,
                 const compute_options *opts, compute_result *out)
{
    memset(out, 0, sizeof *out);
    /* Statistics on employment and on the ESS establishments' index, from a
     * sample (a few milliseconds nationally): without them SQLite reads every
     * employment row and looks its establishment up, where starting from the
     * ESS establishments reads a twentieth of them. Only these two: with
     * statistics on etablissement_commune too, the commune-first queries
     * would read the establishments through that index, ten times slower. */
    int base_first = 0;
    if (!make_years(db, cfg, opts, out, &base_first) || !db_begin(db) ||
        !db_exec(db, "PRAGMA analysis_limit=1000; ANALYZE main.etablissement_ess; ANALYZE main.emploi;")) {
        db_rollback(db);
        return false;
    }
    sqlite3_stmt *ins = indicator_store_insert(db);
    bool ok = ins != NULL, years_all = true;
    bool earlier = base_first < out->first_year; /* years computed for evolutions only */
    /* computed kinds first, those with a frame after the others (the frame
     * complete), then those derived from them (in catalog order, so a
     * derived indicator may build on another derived one before it) */
    size_t n_wanted = 0, step = 0;
    for (size_t i = 0; i < cat->n; i++)
        n_wanted += wanted(opts, cat->items[i].id);
    stage_progress sp; /* on a terminal, after 2 s: indicator i/n */
    stage_progress_start(&sp, "calcul", n_wanted);
    for (int pass = 0; pass < 3 && ok; pass++) {
        for (size_t i = 0; i < cat->n && ok; i++) {
            const indicator_def *d = &cat->items[i];
            bool derived = d->base != NULL;
            if ((derived ? 2 : d->frame ? 1 : 0) != pass || !wanted(opts, d->id))
                continue;
            stage_progress_step(&sp, ++step, d->id);
            /* in the journal too: the ledger's stages are written with the
             * compute's transaction, so a run stopped during it names none */
            obs_log_only("calcul : indicateur %zu/%zu %s", step, n_wanted, d->id);
            /* The five years before the stored ones serve only the indicators
             * that others derive from (evolution, growth); each query gives every
             * year its own rows, so the others compute the stored years alone (the
             * earlier years' rows are deleted below anyway). */
            if (earlier && !derived) {
                bool all_years = is_base(cat, d->id);
                if (all_years != years_all &&
                    !fill_years(db, all_years ? base_first : out->first_year, out->last_year)) {
                    ok = false;
                    break;
                }
                years_all = all_years;
            }
            ledger_stage_begin(db, run_id, d->id);
            long rows = 0;
            sqlite3_exec(db, "SAVEPOINT indicator", NULL, NULL, NULL);
            /* sqlite3_reset keeps bindings: nothing of the previous indicator
             * (part_deuxieme) may reach one whose code does not bind it */
            sqlite3_clear_bindings(ins);
            bool done;
            if (d->kind == KIND_SURVIVAL)
                done = survival_compute(db, run_id, d, &rows);
            else if (d->kind == KIND_LEVERAGE)
                done = leverage_compute(db, run_id, d, cfg, ins, &rows);
            else if (d->kind == KIND_SURVIVAL_RATE || d->kind == KIND_SURVIVAL_MEDIAN)
                done = survival_derive(db, run_id, d, atoi(cfg->observation_date), ins, &rows);
            else if (d->cumul_share) {
                rollup_outcome r = rollup_compute(db, run_id, d, ins, &rows);
                done = r == ROLLUP_DONE || (r == ROLLUP_FALLBACK && compute_sql(db, run_id, d, ins, &rows));
            } else
                done = derived ? compute_derived(db, run_id, d, cfg, ins, &rows)
                               : compute_sql(db, run_id, d, ins, &rows);
            done = done && frame_fill(db, run_id, d, &rows) && write_meta(db, run_id, d) && store_keys(db, run_id, d);
            /* a failed indicator leaves nothing half-written */
            sqlite3_exec(db, done ? "RELEASE indicator" : "ROLLBACK TO indicator; RELEASE indicator",
                         NULL, NULL, NULL);
            ledger_stage_end(db, run_id, d->id, done, done ? NULL : "définition en erreur");
            if (done) {
                out->computed++;
                out->rows += rows;
            } else {
                out->failed++;
            }
        }
    }
    stage_progress_end(&sp);
    sqlite3_finalize(ins);
    ok = ok && compute_grid_alerts(db, run_id);
    if (ok && earlier) { /* earlier years only served evolutions */
        char sql[160];
        snprintf(sql, sizeof sql,
                 "DELETE FROM indicator_value WHERE run_id = %lld AND (annee < %d OR %d AND annee <> %d)",
                 (long long)run_id, out->first_year, opts->year != 0, opts->year);
        ok = db_exec(db, sql);
    }
    if (ok)
        ok = db_commit(db);
    else
        db_rollback(db);
    return ok;
}
