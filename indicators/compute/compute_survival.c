/* Survival indicators of compute: a survival definition's rows (one per
 * unit, level and group; or counted units, per level or per commune) become
 * Kaplan–Meier curves in survival_curve and log-rank tests in
 * survival_test; survival_rate and survival_median definitions read those
 * curves back into indicator_value. */
#include "indicators/compute/compute_survival.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators/compute/authorizer.h"
#include "engine/core/db.h"
#include "engine/core/dimension_key.h"
#include "engine/core/log.h"
#include "indicators/stats/km.h"
#include "indicators/compute/survival_block.h"
#include "indicators/compute/survival_rollup.h"

static km_ci_type ci_of(const indicator_def *d)
{
    return d->ic == IC_KM_LOG ? KM_CI_LOG : d->ic == IC_KM_PLAIN ? KM_CI_PLAIN : KM_CI_LOGLOG;
}

typedef struct {
    int64_t run;
    const indicator_def *d;
    sqlite3_stmt *curve_ins, *test_ins;
    long *rows;
} sink;

static bool store_curve(const sink *k, const surv_block *b, const char *group, const km_curve *c)
{
    bool ok = true;
    for (size_t i = 0; ok && i < c->n; i++) {
        const km_row *r = &c->rows[i];
        sqlite3_reset(k->curve_ins);
        sqlite3_bind_int64(k->curve_ins, 1, k->run);
        sqlite3_bind_text(k->curve_ins, 2, k->d->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(k->curve_ins, 3, b->niveau, -1, SQLITE_STATIC);
        sqlite3_bind_text(k->curve_ins, 4, b->territoire, -1, SQLITE_STATIC);
        sqlite3_bind_text(k->curve_ins, 5, group, -1, SQLITE_STATIC);
        double v[] = {r->time, r->n_risk, r->n_event, r->n_censor, r->surv, r->std_err, r->lower, r->upper};
        for (int f = 0; f < 8; f++) {
            if (isnan(v[f]))
                sqlite3_bind_null(k->curve_ins, 6 + f);
            else
                sqlite3_bind_double(k->curve_ins, 6 + f, v[f]);
        }
        ok = sqlite3_step(k->curve_ins) == SQLITE_DONE;
        (*k->rows)++;
    }
    return ok;
}

static bool store_test(const sink *k, const surv_block *b, const int *ids, int n, double chisq, int df, double p)
{
    char names[512] = "";
    for (int g = 0; g < n; g++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", g ? "," : "",
                 b->groups[ids[g]].name);
    sqlite3_reset(k->test_ins);
    sqlite3_bind_int64(k->test_ins, 1, k->run);
    sqlite3_bind_text(k->test_ins, 2, k->d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(k->test_ins, 3, b->niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(k->test_ins, 4, b->territoire, -1, SQLITE_STATIC);
    sqlite3_bind_text(k->test_ins, 5, names, -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(k->test_ins, 6, chisq);
    sqlite3_bind_int(k->test_ins, 7, df);
    sqlite3_bind_double(k->test_ins, 8, p);
    return sqlite3_step(k->test_ins) == SQLITE_DONE;
}

/* Fits each group of the block (in SQL order of the group values when
 * sorted), stores the curves and the log-rank test between the groups. */
static bool flush_block(const sink *k, const surv_block *b, bool sorted)
{
    int *ids = NULL;
    int n = surv_block_groups(b, sorted, &ids);
    if (n < 0) {
        if (n == -1)
            obs_error_at(k->d->file, k->d->sql_line, 1, "indicateur %s : plus de %d groupes dans une comparaison",
                         k->d->id, SURV_MAX_GROUPS);
        else
            obs_error("indicateur %s : mémoire insuffisante pour ordonner les groupes", k->d->id);
        free(ids);
        return false;
    }
    bool ok = true;
    for (int g = 0; ok && g < n; g++) {
        km_sample one;
        km_curve c;
        ok = surv_block_sample(b, &ids[g], 1, &one);
        if (ok) {
            ok = km_fit_sample(&one, ci_of(k->d), 0.95, &c);
            surv_sample_free(&one);
        }
        if (ok) {
            ok = store_curve(k, b, b->groups[ids[g]].name, &c);
            km_free(&c);
        }
    }
    if (ok && n >= 2) {
        km_sample all;
        ok = surv_block_sample(b, ids, n, &all);
        double chisq, p;
        int df;
        if (ok && km_logrank_sample(&all, n, &chisq, &df, &p))
            ok = store_test(k, b, ids, n, chisq, df, p);
        surv_sample_free(&all);
    }
    free(ids);
    return ok;
}

/* The three forms of a survival query, told by their columns. */
typedef enum { FORM_UNITS, FORM_COUNTED, FORM_COMMUNES, FORM_UNKNOWN } query_form;

static query_form form_of(sqlite3_stmt *q)
{
    int n = sqlite3_column_count(q);
    const char *first = sqlite3_column_name(q, 0), *last = sqlite3_column_name(q, n - 1);
    if (n == SURVIVAL_COLUMNS && strcmp(first, "niveau") == 0)
        return FORM_UNITS;
    if (n == SURVIVAL_COLUMNS + 1 && strcmp(first, "niveau") == 0 && strcmp(last, "poids") == 0)
        return FORM_COUNTED;
    if (n == SURVIVAL_COLUMNS && strcmp(first, "commune") == 0 && strcmp(last, "poids") == 0)
        return FORM_COMMUNES;
    return FORM_UNKNOWN;
}

/* One row's observation from column `at` on (entree, duree, evenement[, poids]).
 * Returns 1 when valid, 0 when the unit leaves the curve (not a valid
 * duration), -1 when the weight is not a whole number of units. */
static int observation(sqlite3_stmt *q, int at, bool weighted, double *entry, double *time, int *event,
                       double *units)
{
    *entry = sqlite3_column_double(q, at);
    *time = sqlite3_column_double(q, at + 1);
    *event = sqlite3_column_int(q, at + 2) != 0;
    *units = 1;
    if (sqlite3_column_type(q, at + 1) == SQLITE_NULL || *time < 0 || *entry < 0 || (*entry > 0 && *entry >= *time))
        return 0;
    if (weighted) {
        /* whole counts keep the sums exact, hence the curves those of the units one by one */
        if (sqlite3_column_type(q, at + 3) != SQLITE_INTEGER || sqlite3_column_int64(q, at + 3) < 1 ||
            sqlite3_column_int64(q, at + 3) > ((sqlite3_int64)1 << 52))
            return -1;
        *units = (double)sqlite3_column_int64(q, at + 3);
    }
    return 1;
}

static void group_order(sqlite3_stmt *q, int col, int *cls, double *num)
{
    int type = sqlite3_column_type(q, col);
    *cls = type == SQLITE_NULL ? 0 : type == SQLITE_INTEGER || type == SQLITE_FLOAT ? 1 : type == SQLITE_TEXT ? 2 : 3;
    *num = *cls == 1 ? sqlite3_column_double(q, col) : 0;
}

static bool bad_weight(const indicator_def *d)
{
    obs_error_at(d->file, d->sql_line, 1, "indicateur %s : poids doit être un nombre entier d'unités (1 ou plus)",
                 d->id);
    return false;
}

/* Per unit (or counted) rows at every level, sorted into blocks of one
 * territory and comparison; groups in their order of appearance. */
static bool compute_by_rows(const sink *k, sqlite3_stmt *q, bool weighted)
{
    surv_block b = {0};
    char key[3][256] = {"", "", ""};
    bool ok = true, started = false;
    int rc;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *cur[3];
        for (int f = 0; f < 3; f++) {
            const unsigned char *t = sqlite3_column_text(q, f);
            cur[f] = t ? (const char *)t : "";
        }
        if (!started || strcmp(cur[0], key[0]) || strcmp(cur[1], key[1]) || strcmp(cur[2], key[2])) {
            if (started)
                ok = flush_block(k, &b, false);
            surv_block_free(&b);
            for (int f = 0; f < 3; f++)
                snprintf(key[f], sizeof key[f], "%s", cur[f]);
            b.niveau = strdup(key[0]);
            b.territoire = strdup(key[1]);
            b.comparaison = strdup(key[2]);
            ok = ok && b.niveau && b.territoire && b.comparaison;
            started = true;
        }
        double entry, time, units;
        int event, valid = observation(q, 4, weighted, &entry, &time, &event, &units);
        if (valid < 0)
            ok = bad_weight(k->d);
        if (valid <= 0)
            continue;
        const unsigned char *g = sqlite3_column_text(q, 3);
        const char *name = g ? (const char *)g : "ensemble";
        int id = 0;
        while (id < b.n_slots && b.groups[id].name && strcmp(b.groups[id].name, name) != 0)
            id++;
        if (id == SURV_MAX_GROUPS) {
            obs_error_at(k->d->file, k->d->sql_line, 1, "indicateur %s : plus de %d groupes dans une comparaison",
                         k->d->id, SURV_MAX_GROUPS);
            ok = false;
        } else {
            ok = surv_block_add(&b, id, name, 0, 0, entry, time, event, units);
        }
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error_at(k->d->file, k->d->sql_line, 1, "indicateur %s non calculé : %s", k->d->id,
                     sqlite3_errmsg(sqlite3_db_handle(q)));
        ok = false;
    }
    if (ok && started)
        ok = flush_block(k, &b, false);
    surv_block_free(&b);
    return ok;
}

/* Counted rows per commune, rolled up to the territories of geo. */
static bool compute_by_communes(const sink *k, sqlite3 *db, sqlite3_stmt *q)
{
    surv_rollup *r = surv_rollup_new(db, k->d->levels, k->d->n_levels);
    if (!r)
        return false;
    bool ok = true;
    int rc;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        double entry, time, units;
        int event, valid = observation(q, 3, true, &entry, &time, &event, &units);
        if (valid < 0)
            ok = bad_weight(k->d);
        if (valid <= 0)
            continue;
        const unsigned char *comp = sqlite3_column_text(q, 1);
        int cls;
        double num;
        group_order(q, 2, &cls, &num);
        ok = surv_rollup_add(r, (const char *)sqlite3_column_text(q, 0), comp ? (const char *)comp : "",
                             (const char *)sqlite3_column_text(q, 2), cls, num, entry, time, event, units);
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error_at(k->d->file, k->d->sql_line, 1, "indicateur %s non calculé : %s", k->d->id, sqlite3_errmsg(db));
        ok = false;
    }
    size_t n = 0;
    surv_block **blocks = ok ? surv_rollup_blocks(r, &n) : NULL;
    ok = ok && blocks;
    for (size_t i = 0; ok && i < n; i++)
        ok = flush_block(k, blocks[i], true);
    surv_rollup_free(r);
    return ok;
}

bool survival_compute(sqlite3 *db, int64_t run, const indicator_def *d, long *rows)
{
    sqlite3_stmt *q = NULL;
    char err[512];
    int rc = authorizer_prepare(db, d->sql, &q, err, sizeof err);
    query_form form = rc == SQLITE_OK ? form_of(q) : FORM_UNKNOWN;
    sqlite3_finalize(q);
    q = NULL;
    if (rc == SQLITE_OK && form != FORM_UNKNOWN) {
        /* the engine sorts per-level rows into blocks of one comparison */
        char *sql = form == FORM_COMMUNES ? authorizer_wrap("", d->sql, "")
                                          : authorizer_wrap("SELECT * FROM (", d->sql, ") ORDER BY 1, 2, 3, 4");
        rc = sql ? authorizer_prepare(db, sql, &q, err, sizeof err) : SQLITE_NOMEM;
        if (!sql)
            snprintf(err, sizeof err, "mémoire insuffisante");
        free(sql);
    }
    if (rc != SQLITE_OK || form == FORM_UNKNOWN) {
        obs_error_at(d->file, d->sql_line, 1, "indicateur %s non calculé : %s", d->id,
                     rc != SQLITE_OK ? err : "colonnes hors du contrat des indicateurs de survie");
        sqlite3_finalize(q);
        return false;
    }
    sink k = {.run = run, .d = d, .rows = rows};
    k.curve_ins = db_prepare(db, "INSERT OR REPLACE INTO survival_curve(run_id, indicator, niveau,"
                                 " territoire, groupe, time, n_risk, n_event, n_censor, surv, std_err,"
                                 " lower, upper) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
    k.test_ins = db_prepare(db, "INSERT OR REPLACE INTO survival_test(run_id, indicator, niveau,"
                                " territoire, test, groupes, chisq, df, p)"
                                " VALUES(?,?,?,?,'logrank',?,?,?,?)");
    bool ok = k.curve_ins && k.test_ins;
    if (ok)
        ok = form == FORM_COMMUNES ? compute_by_communes(&k, db, q) : compute_by_rows(&k, q, form == FORM_COUNTED);
    sqlite3_finalize(k.curve_ins);
    sqlite3_finalize(k.test_ins);
    sqlite3_finalize(q);
    return ok;
}

/* Writes one derived value of a group's curve. */
static bool write_value(sqlite3_stmt *ins, int64_t run, const indicator_def *d, const char *niveau,
                        const char *territoire, int year, const char *group, double value, double lo, double hi,
                        double n_units)
{
    if (isnan(value))
        return true;
    char err[160];
    dimension_pair pair = {"groupe", (char *)group};
    char *dim = dimension_encode(&pair, 1, err, sizeof err);
    if (!dim)
        return false;
    double scale = d->kind == KIND_SURVIVAL_RATE ? 100.0 : 1.0;
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, run);
    sqlite3_bind_text(ins, 2, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, niveau, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 4, territoire, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(ins, 5, year);
    sqlite3_bind_text(ins, 6, dim, -1, free);
    sqlite3_bind_double(ins, 7, scale * value);
    sqlite3_bind_null(ins, 8);
    sqlite3_bind_null(ins, 9);
    if (isnan(lo) || isnan(hi)) {
        sqlite3_bind_null(ins, 10);
        sqlite3_bind_null(ins, 11);
    } else {
        sqlite3_bind_double(ins, 10, scale * lo);
        sqlite3_bind_double(ins, 11, scale * hi);
    }
    sqlite3_bind_double(ins, 12, n_units);
    sqlite3_bind_null(ins, 13);
    return sqlite3_step(ins) == SQLITE_DONE;
}

static bool derive_curve(const indicator_def *d, km_curve *c, sqlite3_stmt *ins, int64_t run,
                         const char *niveau, const char *territoire, int year, const char *group, long *rows)
{
    if (c->n == 0)
        return true;
    double value = NAN, lo = NAN, hi = NAN;
    if (d->kind == KIND_SURVIVAL_RATE) {
        /* published only when someone was followed up to the horizon */
        if (c->rows[c->n - 1].time < d->horizon)
            return true;
        double se;
        km_at(c, d->horizon, &value, &lo, &hi, &se);
    } else {
        km_median(c, &value, &lo, &hi);
    }
    bool ok = write_value(ins, run, d, niveau, territoire, year, group, value, lo, hi, c->rows[0].n_risk);
    if (!isnan(value))
        (*rows)++;
    return ok;
}

bool survival_derive(sqlite3 *db, int64_t run, const indicator_def *d, int year, sqlite3_stmt *ins, long *rows)
{
    sqlite3_stmt *q = db_prepare(db, "SELECT niveau, territoire, groupe, time, n_risk, n_event, n_censor, surv,"
                                     " std_err, lower, upper FROM survival_curve WHERE run_id = ? AND indicator = ?"
                                     " ORDER BY niveau, territoire, groupe, time");
    if (!q)
        return false;
    sqlite3_bind_int64(q, 1, run);
    sqlite3_bind_text(q, 2, d->base, -1, SQLITE_STATIC);
    km_curve c = {0};
    size_t cap = 0;
    char key[3][256] = {"", "", ""};
    bool ok = true;
    int rc;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *cur[3];
        for (int k = 0; k < 3; k++)
            cur[k] = (const char *)sqlite3_column_text(q, k);
        if (c.n > 0 && (strcmp(cur[0], key[0]) || strcmp(cur[1], key[1]) || strcmp(cur[2], key[2]))) {
            ok = derive_curve(d, &c, ins, run, key[0], key[1], year, key[2], rows);
            c.n = 0;
        }
        for (int k = 0; k < 3; k++)
            snprintf(key[k], sizeof key[k], "%s", cur[k]);
        if (c.n == cap) {
            cap = cap ? cap * 2 : 256;
            km_row *grown = realloc(c.rows, cap * sizeof *grown);
            if (!grown) {
                ok = false;
                break;
            }
            c.rows = grown;
        }
        km_row *r = &c.rows[c.n++];
        double *f[] = {&r->time, &r->n_risk, &r->n_event, &r->n_censor, &r->surv, &r->std_err, &r->lower, &r->upper};
        for (int k = 0; k < 8; k++)
            *f[k] = sqlite3_column_type(q, 3 + k) == SQLITE_NULL ? NAN : sqlite3_column_double(q, 3 + k);
    }
    if (ok && c.n > 0)
        ok = derive_curve(d, &c, ins, run, key[0], key[1], year, key[2], rows);
    free(c.rows);
    sqlite3_finalize(q);
    return ok;
}
