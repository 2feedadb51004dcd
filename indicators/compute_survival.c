/* Survival indicators of compute: a survival definition's rows (one per
 * unit, level and group) become Kaplan–Meier curves in survival_curve and
 * log-rank tests in survival_test; survival_rate and survival_median
 * definitions read those curves back into indicator_value. */
#include "compute_survival.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authorizer.h"
#include "db.h"
#include "log.h"
#include "stats/km.h"

#define MAX_GROUPS 32

typedef struct {
    double *entry, *time;
    int *event, *group;
    size_t n, cap;
    char *groups[MAX_GROUPS];
    int n_groups;
    bool delayed;
} block;

static void block_reset(block *b)
{
    for (int g = 0; g < b->n_groups; g++)
        free(b->groups[g]);
    b->n = 0;
    b->n_groups = 0;
    b->delayed = false;
}

static bool block_push(block *b, const char *group, double entry, double time, int event)
{
    int g = 0;
    while (g < b->n_groups && strcmp(b->groups[g], group) != 0)
        g++;
    if (g == b->n_groups) {
        if (g == MAX_GROUPS)
            return false;
        b->groups[b->n_groups++] = strdup(group);
    }
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        double *e = realloc(b->entry, cap * sizeof *e);
        if (e)
            b->entry = e;
        double *t = realloc(b->time, cap * sizeof *t);
        if (t)
            b->time = t;
        int *ev = realloc(b->event, cap * sizeof *ev);
        if (ev)
            b->event = ev;
        int *gr = realloc(b->group, cap * sizeof *gr);
        if (gr)
            b->group = gr;
        if (!e || !t || !ev || !gr)
            return false;
        b->cap = cap;
    }
    b->entry[b->n] = entry;
    b->time[b->n] = time;
    b->event[b->n] = event;
    b->group[b->n] = g;
    b->delayed |= entry > 0;
    b->n++;
    return true;
}

static km_ci_type ci_of(const indicator_def *d)
{
    return d->ic == IC_KM_LOG ? KM_CI_LOG : d->ic == IC_KM_PLAIN ? KM_CI_PLAIN : KM_CI_LOGLOG;
}

/* Fits each group of the block, stores the curves and the log-rank test. */
static bool flush_block(int64_t run, const indicator_def *d, const char *niveau,
                        const char *territoire, block *b, sqlite3_stmt *curve_ins, sqlite3_stmt *test_ins,
                        long *rows)
{
    if (b->n == 0)
        return true;
    double *entry = malloc(b->n * sizeof *entry), *time = malloc(b->n * sizeof *time);
    int *event = malloc(b->n * sizeof *event);
    bool ok = entry && time && event;
    for (int g = 0; ok && g < b->n_groups; g++) {
        size_t m = 0;
        for (size_t i = 0; i < b->n; i++)
            if (b->group[i] == g) {
                entry[m] = b->entry[i];
                time[m] = b->time[i];
                event[m++] = b->event[i];
            }
        km_curve c;
        if (!km_fit(b->delayed ? entry : NULL, time, event, m, ci_of(d), 0.95, &c)) {
            ok = false;
            break;
        }
        for (size_t i = 0; ok && i < c.n; i++) {
            const km_row *r = &c.rows[i];
            sqlite3_reset(curve_ins);
            sqlite3_bind_int64(curve_ins, 1, run);
            sqlite3_bind_text(curve_ins, 2, d->id, -1, SQLITE_STATIC);
            sqlite3_bind_text(curve_ins, 3, niveau, -1, SQLITE_STATIC);
            sqlite3_bind_text(curve_ins, 4, territoire, -1, SQLITE_STATIC);
            sqlite3_bind_text(curve_ins, 5, b->groups[g], -1, SQLITE_STATIC);
            double v[] = {r->time, r->n_risk, r->n_event, r->n_censor, r->surv, r->std_err, r->lower, r->upper};
            for (int k = 0; k < 8; k++) {
                if (isnan(v[k]))
                    sqlite3_bind_null(curve_ins, 6 + k);
                else
                    sqlite3_bind_double(curve_ins, 6 + k, v[k]);
            }
            ok = sqlite3_step(curve_ins) == SQLITE_DONE;
            (*rows)++;
        }
        km_free(&c);
    }
    if (ok && b->n_groups >= 2) {
        double chisq, p;
        int df;
        if (km_logrank(b->delayed ? b->entry : NULL, b->time, b->event, b->group, b->n, b->n_groups, &chisq,
                       &df, &p)) {
            char names[512] = "";
            for (int g = 0; g < b->n_groups; g++)
                snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", g ? "," : "", b->groups[g]);
            sqlite3_reset(test_ins);
            sqlite3_bind_int64(test_ins, 1, run);
            sqlite3_bind_text(test_ins, 2, d->id, -1, SQLITE_STATIC);
            sqlite3_bind_text(test_ins, 3, niveau, -1, SQLITE_STATIC);
            sqlite3_bind_text(test_ins, 4, territoire, -1, SQLITE_STATIC);
            sqlite3_bind_text(test_ins, 5, names, -1, SQLITE_TRANSIENT);
            sqlite3_bind_double(test_ins, 6, chisq);
            sqlite3_bind_int(test_ins, 7, df);
            sqlite3_bind_double(test_ins, 8, p);
            ok = sqlite3_step(test_ins) == SQLITE_DONE;
        }
    }
    free(entry);
    free(time);
    free(event);
    block_reset(b);
    return ok;
}

bool survival_compute(sqlite3 *db, int64_t run, const indicator_def *d, long *rows)
{
    /* the engine sorts the analyst's rows into blocks of one comparison */
    char *sql = authorizer_wrap("SELECT * FROM (", d->sql, ") ORDER BY 1, 2, 3, 4");
    if (!sql)
        return false;
    sqlite3_stmt *q = NULL;
    char err[512];
    int rc = authorizer_prepare(db, sql, &q, err, sizeof err);
    free(sql);
    if (rc != SQLITE_OK || sqlite3_column_count(q) != SURVIVAL_COLUMNS) {
        obs_error_at(d->file, d->sql_line, 1, "indicateur %s non calculé : %s", d->id,
                     rc != SQLITE_OK ? err : "colonnes hors du contrat des indicateurs de survie");
        sqlite3_finalize(q);
        return false;
    }
    sqlite3_stmt *curve_ins = db_prepare(db, "INSERT OR REPLACE INTO survival_curve(run_id, indicator, niveau,"
                                             " territoire, groupe, time, n_risk, n_event, n_censor, surv, std_err,"
                                             " lower, upper) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
    sqlite3_stmt *test_ins = db_prepare(db, "INSERT OR REPLACE INTO survival_test(run_id, indicator, niveau,"
                                            " territoire, test, groupes, chisq, df, p)"
                                            " VALUES(?,?,?,?,'logrank',?,?,?,?)");
    block b = {0};
    char key[3][256] = {"", "", ""};
    bool ok = curve_ins && test_ins, started = false;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *cur[3];
        for (int k = 0; k < 3; k++) {
            const unsigned char *t = sqlite3_column_text(q, k);
            cur[k] = t ? (const char *)t : "";
        }
        if (!started || strcmp(cur[0], key[0]) || strcmp(cur[1], key[1]) || strcmp(cur[2], key[2])) {
            ok = flush_block(run, d, key[0], key[1], &b, curve_ins, test_ins, rows);
            for (int k = 0; k < 3; k++)
                snprintf(key[k], sizeof key[k], "%s", cur[k]);
            started = true;
        }
        const unsigned char *g = sqlite3_column_text(q, 3);
        double entry = sqlite3_column_double(q, 4), time = sqlite3_column_double(q, 5);
        if (sqlite3_column_type(q, 5) == SQLITE_NULL || time < 0 || entry < 0 || (entry > 0 && entry >= time))
            continue; /* not a valid duration: the unit leaves the curve */
        if (!block_push(&b, g ? (const char *)g : "ensemble", entry, time, sqlite3_column_int(q, 6) != 0)) {
            obs_error_at(d->file, d->sql_line, 1, "indicateur %s : plus de %d groupes dans une comparaison",
                         d->id, MAX_GROUPS);
            ok = false;
        }
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error_at(d->file, d->sql_line, 1, "indicateur %s non calculé : %s", d->id, sqlite3_errmsg(db));
        ok = false;
    }
    if (ok)
        ok = flush_block(run, d, key[0], key[1], &b, curve_ins, test_ins, rows);
    block_reset(&b);
    free(b.entry);
    free(b.time);
    free(b.event);
    free(b.group);
    sqlite3_finalize(curve_ins);
    sqlite3_finalize(test_ins);
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
    char dim[160];
    snprintf(dim, sizeof dim, "groupe=%s", group);
    double scale = d->kind == KIND_SURVIVAL_RATE ? 100.0 : 1.0;
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, run);
    sqlite3_bind_text(ins, 2, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, niveau, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 4, territoire, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(ins, 5, year);
    sqlite3_bind_text(ins, 6, dim, -1, SQLITE_TRANSIENT);
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
