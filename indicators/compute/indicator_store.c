/* The steps of one SQL indicator, shared by the level-by-level path
 * (compute.c) and the commune-first path (compute_rollup.c). */
#include "indicators/compute/indicator_store.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

#include "indicators/compute/authorizer.h"
#include "engine/core/db.h"
#include "engine/core/log.h"

void wilson_interval(double k, double n, double *lower, double *upper)
{
    double z = gsl_cdf_ugaussian_Pinv(0.975);
    double p = k / n, z2 = z * z;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denom;
    double half = z / denom * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    *lower = centre - half;
    *upper = centre + half;
}

sqlite3_stmt *indicator_store_insert(sqlite3 *db)
{
    return db_prepare(db, "INSERT OR REPLACE INTO indicator_value(run_id, indicator, niveau, territoire,"
                          " annee, dimension, valeur, numerateur, denominateur, ic_bas, ic_haut, n_unites,"
                          " part_max, part_deuxieme, secret) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)");
}

static void bind_opt(sqlite3_stmt *st, int i, bool has, double v)
{
    if (has)
        sqlite3_bind_double(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

sqlite3_stmt *indicator_prepare(sqlite3 *db, const indicator_def *d)
{
    sqlite3_stmt *q = NULL;
    char err[512];
    if (authorizer_prepare(db, d->sql, &q, err, sizeof err) != SQLITE_OK) {
        obs_error_at(d->file, d->sql_line, 1, "indicateur %s non calculé : %s", d->id, err);
        return NULL;
    }
    if (!catalog_columns_ok(q)) {
        obs_error_at(d->file, d->sql_line, 1, "indicateur %s non calculé : %d colonnes au lieu de %d (ou %d avec"
                     " part_deuxieme)", d->id, sqlite3_column_count(q), CATALOG_COLUMNS, CATALOG_COLUMNS + 1);
        sqlite3_finalize(q);
        return NULL;
    }
    return q;
}

bool indicator_store(sqlite3 *db, int64_t run_id, const indicator_def *d, sqlite3_stmt *q, sqlite3_stmt *ins,
                     long *rows)
{
    int rc;
    double scale = d->unite && strcmp(d->unite, "pourcent") == 0 ? 100.0 : 1.0;
    bool second = sqlite3_column_count(q) > CATALOG_COLUMNS; /* part_deuxieme returned */
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        bool has_num = sqlite3_column_type(q, 4) != SQLITE_NULL;
        bool has_den = sqlite3_column_type(q, 5) != SQLITE_NULL;
        double num = sqlite3_column_double(q, 4), den = sqlite3_column_double(q, 5);
        double value;
        if (d->kind == KIND_COUNT || d->kind == KIND_SUM) {
            if (!has_num)
                continue;
            value = num;
        } else {
            if (!has_num || !has_den || den == 0)
                continue; /* no ratio without a denominator */
            value = num / den * (d->kind == KIND_RATIO ? scale : 1.0);
        }
        bool has_ic = false;
        double lo = 0, hi = 0;
        if (d->ic == IC_WILSON && den > 0 && num >= 0 && num <= den) {
            wilson_interval(num, den, &lo, &hi);
            lo *= scale;
            hi *= scale;
            has_ic = true;
        }
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, run_id);
        sqlite3_bind_text(ins, 2, d->id, -1, SQLITE_STATIC);
        sqlite3_bind_value(ins, 3, sqlite3_column_value(q, 0));
        sqlite3_bind_value(ins, 4, sqlite3_column_value(q, 1));
        sqlite3_bind_value(ins, 5, sqlite3_column_value(q, 2));
        const unsigned char *dim = sqlite3_column_text(q, 3);
        sqlite3_bind_text(ins, 6, dim ? (const char *)dim : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(ins, 7, value);
        bind_opt(ins, 8, has_num, num);
        bind_opt(ins, 9, has_den, den);
        bind_opt(ins, 10, has_ic, lo);
        bind_opt(ins, 11, has_ic, hi);
        sqlite3_bind_value(ins, 12, sqlite3_column_value(q, 6));
        sqlite3_bind_value(ins, 13, sqlite3_column_value(q, 7));
        if (second)
            sqlite3_bind_value(ins, 14, sqlite3_column_value(q, CATALOG_COLUMNS));
        else
            sqlite3_bind_null(ins, 14);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            obs_error_at(d->file, d->sql_line, 1, "indicateur %s : écriture impossible : %s", d->id,
                         sqlite3_errmsg(db));
            sqlite3_finalize(q);
            return false;
        }
        (*rows)++;
    }
    if (rc != SQLITE_DONE)
        obs_error_at(d->file, d->sql_line, 1, "indicateur %s non calculé : %s", d->id, sqlite3_errmsg(db));
    sqlite3_finalize(q);
    return rc == SQLITE_DONE;
}
