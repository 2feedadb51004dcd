#include "compute_rollup.h"

#include <math.h>
#include <string.h>

#include "compute.h"
#include "db.h"
#include "log.h"

/* Each commune of geo has exactly one commune-level row, coded by the
 * commune itself: then a commune row of the query, mapped through geo, lands
 * in exactly the territories its units' own rows would have. */
static bool geo_is_commune_keyed(sqlite3 *db)
{
    sqlite3_stmt *st = db_prepare(db,
        "SELECT (SELECT count(DISTINCT commune) FROM main.geo)"
        " = (SELECT count(*) FROM main.geo WHERE niveau = 'commune' AND code = commune)"
        " AND NOT EXISTS (SELECT 1 FROM main.geo WHERE niveau = 'commune' AND code <> commune)");
    bool ok = st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    sqlite3_finalize(st);
    return ok;
}

/* A temporary geo holding only the commune level shadows the main one for
 * the catalog query (unqualified names resolve to temp first). */
static const char shadow_sql[] =
    "DROP TABLE IF EXISTS temp.geo; DROP TABLE IF EXISTS temp.cumul_commune;"
    "CREATE TEMP TABLE geo(commune TEXT NOT NULL, niveau TEXT NOT NULL, code TEXT NOT NULL,"
    " PRIMARY KEY(commune, niveau, code)) WITHOUT ROWID;"
    "INSERT INTO temp.geo SELECT commune, niveau, code FROM main.geo WHERE niveau = 'commune';"
    /* no declared types: values keep the query's own */
    "CREATE TEMP TABLE cumul_commune(commune, annee, dimension, numerateur, denominateur, n_unites,"
    " plus_grande, part_de, deuxieme, PRIMARY KEY(commune, annee, dimension));";

/* Each territory sums its communes; its largest unit is its communes'
 * largest, and part_max is computed as the catalog queries do:
 * max(x) * 1.0 / nullif(sum(x), 0). */
static const char rollup_sql[] =
    "SELECT g.niveau, g.code, c.annee, c.dimension, sum(c.numerateur), sum(c.denominateur),"
    " sum(c.n_unites), max(c.plus_grande) * 1.0 / nullif(sum(c.part_de), 0)"
    " FROM temp.cumul_commune c JOIN main.geo g ON g.commune = c.commune"
    " GROUP BY g.niveau, g.code, c.annee, c.dimension";

/* The same with part_deuxieme, when the query returns it. The two largest
 * units of a territory are among its communes' two largest: the largest is
 * the communes' largest (commune K); the second is the largest of K's second
 * and of the other communes' largest (their seconds are no larger). So it
 * is the larger of every commune's second and of the second commune's
 * largest in decreasing order (ties included: two communes sharing the
 * largest give it as the second too); 0 with a single unit, as the catalog
 * queries write it. */
static const char rollup_second_sql[] =
    "SELECT niveau, code, annee, dimension, sum(numerateur), sum(denominateur), sum(n_unites),"
    " max(plus_grande) * 1.0 / nullif(sum(part_de), 0),"
    " max(max(deuxieme), coalesce(max(CASE WHEN rang = 2 THEN plus_grande END), 0)) * 1.0"
    " / nullif(sum(part_de), 0)"
    " FROM (SELECT g.niveau, g.code, c.*, row_number() OVER (PARTITION BY g.niveau, g.code, c.annee, c.dimension"
    "       ORDER BY c.plus_grande DESC) AS rang"
    "       FROM temp.cumul_commune c JOIN main.geo g ON g.commune = c.commune)"
    " GROUP BY niveau, code, annee, dimension";

/* The integer unit m whose share of s the double p is, exactly (m / s gives
 * back p bit for bit; two integers up to s <= 2^52 never share a quotient). */
static bool unit_of_share(double p, sqlite3_int64 s, sqlite3_int64 *unit)
{
    double m = nearbyint(p * (double)s);
    if (!(m >= 0 && m <= (double)s) || m / (double)s != p)
        return false;
    *unit = (sqlite3_int64)m;
    return true;
}

/* Checks one commune row; false when summing it would not give the query's
 * own result. Sums of integers are exact in any order. part_max = m / s with
 * s the declared column: m, the largest unit, is an integer to be found
 * again exactly; so is the second largest from part_deuxieme, when the
 * query returns it (*second: 0 otherwise). */
static bool commune_row(sqlite3_stmt *q, int share, sqlite3_int64 *largest, sqlite3_int64 *second)
{
    bool has_second = sqlite3_column_count(q) > CATALOG_COLUMNS;
    *second = 0;
    const unsigned char *niveau = sqlite3_column_text(q, 0);
    if (!niveau || strcmp((const char *)niveau, "commune") != 0 || sqlite3_column_type(q, 1) != SQLITE_TEXT ||
        sqlite3_column_type(q, 2) == SQLITE_NULL || sqlite3_column_type(q, 3) != SQLITE_TEXT)
        return false;
    for (int k = 4; k <= 6; k++)
        if (sqlite3_column_type(q, k) != SQLITE_INTEGER && sqlite3_column_type(q, k) != SQLITE_NULL)
            return false;
    if (sqlite3_column_type(q, share) != SQLITE_INTEGER)
        return false;
    sqlite3_int64 s = sqlite3_column_int64(q, share);
    if (s < 0 || s > ((sqlite3_int64)1 << 52))
        return false;
    if (sqlite3_column_type(q, 7) == SQLITE_NULL) {
        *largest = 0; /* nullif(sum, 0): units are never negative, so all are 0 */
        return s == 0 && (!has_second || sqlite3_column_type(q, CATALOG_COLUMNS) == SQLITE_NULL);
    }
    if (sqlite3_column_type(q, 7) != SQLITE_FLOAT || s == 0 || !unit_of_share(sqlite3_column_double(q, 7), s, largest))
        return false;
    if (!has_second)
        return true;
    return sqlite3_column_type(q, CATALOG_COLUMNS) == SQLITE_FLOAT &&
           unit_of_share(sqlite3_column_double(q, CATALOG_COLUMNS), s, second) && *second <= *largest;
}

/* Runs the query at commune level into temp.cumul_commune. Returns
 * ROLLUP_DONE when every row could be kept. */
static rollup_outcome fill_communes(sqlite3 *db, const indicator_def *d, bool *has_second)
{
    sqlite3_stmt *q = compute_prepare(db, d);
    if (!q)
        return ROLLUP_FAILED;
    *has_second = sqlite3_column_count(q) > CATALOG_COLUMNS;
    sqlite3_stmt *put = db_prepare(db, "INSERT INTO temp.cumul_commune VALUES(?,?,?,?,?,?,?,?,?)");
    if (!put) {
        sqlite3_finalize(q);
        return ROLLUP_FAILED;
    }
    rollup_outcome out = ROLLUP_DONE;
    int rc = SQLITE_DONE;
    while (out == ROLLUP_DONE && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_int64 largest, second;
        if (!commune_row(q, d->cumul_share, &largest, &second)) {
            obs_warn("indicateur %s : lignes par commune non additives, calcul direct sur tous les niveaux",
                     d->id);
            out = ROLLUP_FALLBACK;
            break;
        }
        sqlite3_reset(put);
        for (int k = 1; k <= 6; k++)
            sqlite3_bind_value(put, k, sqlite3_column_value(q, k));
        sqlite3_bind_int64(put, 7, largest);
        sqlite3_bind_int64(put, 8, sqlite3_column_int64(q, d->cumul_share));
        sqlite3_bind_int64(put, 9, second);
        int put_rc = sqlite3_step(put);
        if ((put_rc & 0xff) == SQLITE_CONSTRAINT) { /* two rows for one cell: not a sum per commune */
            obs_warn("indicateur %s : plusieurs lignes pour une même cellule communale, calcul direct sur"
                     " tous les niveaux", d->id);
            out = ROLLUP_FALLBACK;
        } else if (put_rc != SQLITE_DONE) {
            obs_error_at(d->file, d->sql_line, 1, "indicateur %s : écriture impossible : %s", d->id,
                         sqlite3_errmsg(db));
            out = ROLLUP_FAILED;
        }
    }
    if (out == ROLLUP_DONE && rc != SQLITE_DONE) {
        obs_error_at(d->file, d->sql_line, 1, "indicateur %s non calculé : %s", d->id, sqlite3_errmsg(db));
        out = ROLLUP_FAILED;
    }
    sqlite3_finalize(put);
    sqlite3_finalize(q);
    return out;
}

rollup_outcome rollup_compute(sqlite3 *db, int64_t run_id, const indicator_def *d, sqlite3_stmt *ins,
                              long *rows)
{
    if (!geo_is_commune_keyed(db)) {
        obs_warn("indicateur %s : la table geo n'a pas une ligne par commune au niveau commune, calcul direct"
                 " sur tous les niveaux", d->id);
        return ROLLUP_FALLBACK;
    }
    if (!db_exec(db, shadow_sql))
        return ROLLUP_FAILED;
    bool has_second = false;
    rollup_outcome out = fill_communes(db, d, &has_second);
    /* the shadow must go before anything else reads geo */
    if (!db_exec(db, "DROP TABLE temp.geo"))
        out = ROLLUP_FAILED;
    if (out == ROLLUP_DONE) {
        sqlite3_stmt *up = db_prepare(db, has_second ? rollup_second_sql : rollup_sql);
        if (!up || !compute_store(db, run_id, d, up, ins, rows))
            out = ROLLUP_FAILED;
    }
    if (!db_exec(db, "DROP TABLE temp.cumul_commune"))
        out = ROLLUP_FAILED;
    return out;
}
