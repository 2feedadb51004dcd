#include "indicators/compute/compute_rollup.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators/compute/authorizer.h"
#include "indicators/compute/indicator_store.h"
#include "engine/core/db.h"
#include "indicators/compute/exact_sum.h"
#include "engine/core/log.h"
#include "indicators/compute/sum_rewrite.h"

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

/* How a column of the commune rows adds up, set by its first non-NULL
 * value: integers as they are, fractional values as whole numbers of
 * hundredths (exact_sum.h), so that the sums below are exact in any order. */
typedef enum { COL_UNSEEN, COL_INTEGER, COL_CENTS } col_kind;

typedef struct {
    col_kind kind[3];    /* numerateur, denominateur, n_unites */
    bool null[3];        /* this row's value is NULL */
    int64_t value[3];    /* this row's value, in hundredths for COL_CENTS */
    int64_t magnitude[3]; /* sum of |value| over the rows so far (COL_CENTS) */
    int64_t largest;     /* this row's largest unit, in the unit of value */
    bool has_second;     /* the query returns part_deuxieme */
    int64_t second;      /* this row's second largest unit, likewise */
} commune_sums;

/* Each territory sums its communes; its largest unit is its communes'
 * largest, and part_max is computed as the catalog queries do:
 * max(x) * 1.0 / nullif(sum(x), 0). Hundredths are divided by 100.0 after
 * the exact integer sum: the result is the double nearest to the decimal
 * sum, as the commune query's own EXACT_SUM_FUNCTION gives it.
 * part_deuxieme, when the query returns it: the two largest units of a
 * territory are among its communes' two largest. The largest is the
 * communes' largest (commune K); the second is the largest of K's second
 * and of the other communes' largest (their seconds are no larger). So it
 * is the larger of every commune's second and of the second commune's
 * largest in decreasing order (ties included: two communes sharing the
 * largest give it as the second too); 0 with a single unit, as the catalog
 * queries write it. */
static char *rollup_sql(const commune_sums *c, int share)
{
    static const char *const col[3] = {"numerateur", "denominateur", "n_unites"};
    char sums[3][64];
    for (int k = 0; k < 3; k++)
        snprintf(sums[k], sizeof sums[k], c->kind[k] == COL_CENTS ? "sum(%s) / 100.0" : "sum(%s)", col[k]);
    const char *of_share = c->kind[share - 4] == COL_CENTS ? "((%s) / 100.0) / nullif(sum(part_de) / 100.0, 0)"
                                                           : "(%s) * 1.0 / nullif(sum(part_de), 0)";
    char *part = sqlite3_mprintf(of_share, "max(plus_grande)");
    char *second = sqlite3_mprintf(of_share, "max(max(deuxieme), coalesce(max(CASE WHEN rang = 2 THEN plus_grande END), 0))");
    char *sql = NULL;
    if (part && second && c->has_second)
        sql = sqlite3_mprintf("SELECT niveau, code, annee, dimension, %s, %s, %s, %s, %s"
                              " FROM (SELECT g.niveau, g.code, c.*, row_number() OVER (PARTITION BY g.niveau,"
                              "       g.code, c.annee, c.dimension ORDER BY c.plus_grande DESC) AS rang"
                              "       FROM temp.cumul_commune c JOIN main.geo g ON g.commune = c.commune)"
                              " GROUP BY niveau, code, annee, dimension",
                              sums[0], sums[1], sums[2], part, second);
    else if (part && second)
        sql = sqlite3_mprintf("SELECT g.niveau, g.code, c.annee, c.dimension, %s, %s, %s, %s"
                              " FROM temp.cumul_commune c JOIN main.geo g ON g.commune = c.commune"
                              " GROUP BY g.niveau, g.code, c.annee, c.dimension",
                              sums[0], sums[1], sums[2], part);
    sqlite3_free(part);
    sqlite3_free(second);
    return sql;
}

/* Reads the sums of one commune row into c; false when a column is neither
 * an integer nor a whole number of hundredths, or not of the same kind as
 * in the other rows. */
static bool row_sums(sqlite3_stmt *q, commune_sums *c)
{
    for (int k = 0; k < 3; k++) {
        int type = sqlite3_column_type(q, 4 + k);
        c->null[k] = type == SQLITE_NULL;
        if (c->null[k])
            continue;
        col_kind kind = type == SQLITE_INTEGER ? COL_INTEGER : type == SQLITE_FLOAT ? COL_CENTS : COL_UNSEEN;
        if (kind == COL_UNSEEN || (c->kind[k] != COL_UNSEEN && c->kind[k] != kind))
            return false;
        c->kind[k] = kind;
        if (kind == COL_INTEGER) {
            c->value[k] = sqlite3_column_int64(q, 4 + k);
            continue;
        }
        /* every territory's total stays below 2^53 hundredths: exact as a double */
        if (!exact_sum_cents(sqlite3_column_double(q, 4 + k), &c->value[k]) ||
            __builtin_add_overflow(c->magnitude[k], c->value[k] < 0 ? -c->value[k] : c->value[k],
                                   &c->magnitude[k]) ||
            c->magnitude[k] > EXACT_SUM_MAX_CENTS)
            return false;
    }
    return true;
}

/* The unit m whose share of the row's declared sum s (in the unit of
 * value: hundredths or integers) is the double in column col, exactly:
 * m / s gives it back bit for bit (for hundredths, m / 100.0 / sum, as the
 * query computed it); two integers up to s <= 2^52 never share a quotient. */
static bool unit_of_share(sqlite3_stmt *q, int col, int share, const commune_sums *c, sqlite3_int64 s,
                          int64_t *unit)
{
    double p = sqlite3_column_double(q, col), m;
    if (c->kind[share - 4] == COL_CENTS) { /* max(x) / sum(x), both doubles of hundredths */
        double sum = sqlite3_column_double(q, share);
        m = nearbyint(p * sum * 100.0);
        if (!(m >= 0 && m <= (double)s) || m / 100.0 / sum != p)
            return false;
    } else {
        m = nearbyint(p * (double)s);
        if (!(m >= 0 && m <= (double)s) || m / (double)s != p)
            return false;
    }
    *unit = (int64_t)m;
    return true;
}

/* Checks one commune row; false when summing it would not give the query's
 * own result. Sums of integers, and of hundredths counted as integers, are
 * exact in any order. part_max = m / s with s the declared column: m, the
 * largest unit, is an integer (of hundredths when s is) to be found again
 * exactly (m / s must give back part_max bit for bit); so is the second
 * largest from part_deuxieme, when the query returns it. */
static bool commune_row(sqlite3_stmt *q, int share, commune_sums *c)
{
    const unsigned char *niveau = sqlite3_column_text(q, 0);
    if (!niveau || strcmp((const char *)niveau, "commune") != 0 || sqlite3_column_type(q, 1) != SQLITE_TEXT ||
        sqlite3_column_type(q, 2) == SQLITE_NULL || sqlite3_column_type(q, 3) != SQLITE_TEXT)
        return false;
    if (!row_sums(q, c) || c->null[share - 4])
        return false;
    sqlite3_int64 s = c->value[share - 4];
    if (s < 0 || s > ((sqlite3_int64)1 << 52))
        return false;
    c->second = 0;
    if (sqlite3_column_type(q, 7) == SQLITE_NULL) {
        c->largest = 0; /* nullif(sum, 0): units are never negative, so all are 0 */
        return s == 0 && (!c->has_second || sqlite3_column_type(q, CATALOG_COLUMNS) == SQLITE_NULL);
    }
    if (sqlite3_column_type(q, 7) != SQLITE_FLOAT || s == 0)
        return false;
    if (!unit_of_share(q, 7, share, c, s, &c->largest))
        return false;
    if (!c->has_second)
        return true;
    return sqlite3_column_type(q, CATALOG_COLUMNS) == SQLITE_FLOAT &&
           unit_of_share(q, CATALOG_COLUMNS, share, c, s, &c->second) && c->second <= c->largest;
}

/* The query with its sum() calls exact (sum_rewrite.h), prepared under the
 * read-only authorizer; NULL (warned) when that is not possible: the
 * direct path then runs, and reports the query's own errors. */
static sqlite3_stmt *prepare_exact(sqlite3 *db, const indicator_def *d)
{
    sqlite3_stmt *probe = NULL, *q = NULL;
    /* registered once per connection: registering again would expire its statements */
    if (sqlite3_prepare_v2(db, "SELECT " EXACT_SUM_FUNCTION "(1)", -1, &probe, NULL) != SQLITE_OK &&
        !exact_sum_register(db)) {
        sqlite3_finalize(probe);
        obs_error("indicateur %s : fonction %s non enregistrée : %s", d->id, EXACT_SUM_FUNCTION, sqlite3_errmsg(db));
        return NULL;
    }
    sqlite3_finalize(probe);
    char *sql = sum_rewrite(d->sql), err[512];
    if (!sql)
        obs_warn("indicateur %s : total() n'est pas une somme exacte, calcul direct sur tous les niveaux", d->id);
    else if (authorizer_prepare(db, sql, &q, err, sizeof err) != SQLITE_OK)
        obs_warn("indicateur %s : requête aux sommes exactes impossible (%s), calcul direct sur tous les niveaux",
                 d->id, err);
    else if (sqlite3_column_count(q) != CATALOG_COLUMNS && sqlite3_column_count(q) != CATALOG_COLUMNS + 1) {
        sqlite3_finalize(q);
        q = NULL;
    }
    free(sql);
    return q;
}

/* Runs the query at commune level into temp.cumul_commune. Returns
 * ROLLUP_DONE when every row could be kept, with the columns' kinds in c. */
static rollup_outcome fill_communes(sqlite3 *db, const indicator_def *d, commune_sums *c)
{
    sqlite3_stmt *q = prepare_exact(db, d);
    if (!q)
        return ROLLUP_FALLBACK;
    c->has_second = sqlite3_column_count(q) > CATALOG_COLUMNS;
    sqlite3_stmt *put = db_prepare(db, "INSERT INTO temp.cumul_commune VALUES(?,?,?,?,?,?,?,?,?)");
    if (!put) {
        sqlite3_finalize(q);
        return ROLLUP_FAILED;
    }
    rollup_outcome out = ROLLUP_DONE;
    int rc = SQLITE_DONE;
    while (out == ROLLUP_DONE && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!commune_row(q, d->cumul_share, c)) {
            obs_warn("indicateur %s : lignes par commune non additives, calcul direct sur tous les niveaux",
                     d->id);
            out = ROLLUP_FALLBACK;
            break;
        }
        sqlite3_reset(put);
        for (int k = 1; k <= 3; k++)
            sqlite3_bind_value(put, k, sqlite3_column_value(q, k));
        for (int k = 0; k < 3; k++) {
            if (c->null[k])
                sqlite3_bind_null(put, 4 + k);
            else
                sqlite3_bind_int64(put, 4 + k, c->value[k]);
        }
        sqlite3_bind_int64(put, 7, c->largest);
        sqlite3_bind_int64(put, 8, c->value[d->cumul_share - 4]);
        sqlite3_bind_int64(put, 9, c->second);
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
        if (strcmp(sqlite3_errmsg(db), exact_sum_inexact_message) == 0) {
            obs_warn("indicateur %s : sommes de valeurs qui ne sont pas des centièmes entiers, calcul direct"
                     " sur tous les niveaux", d->id);
            out = ROLLUP_FALLBACK;
        } else {
            obs_error_at(d->file, d->sql_line, 1, "indicateur %s non calculé : %s", d->id, sqlite3_errmsg(db));
            out = ROLLUP_FAILED;
        }
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
    commune_sums c = {0};
    rollup_outcome out = fill_communes(db, d, &c);
    /* the shadow must go before anything else reads geo */
    if (!db_exec(db, "DROP TABLE temp.geo"))
        out = ROLLUP_FAILED;
    if (out == ROLLUP_DONE) {
        char *sql = rollup_sql(&c, d->cumul_share);
        sqlite3_stmt *up = sql ? db_prepare(db, sql) : NULL;
        sqlite3_free(sql);
        if (!up || !indicator_store(db, run_id, d, up, ins, rows))
            out = ROLLUP_FAILED;
    }
    if (!db_exec(db, "DROP TABLE temp.cumul_commune"))
        out = ROLLUP_FAILED;
    return out;
}
