#include "reports/data/survival_curves.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"

static void curve_free(survival_curve *c)
{
    free(c->indicator), free(c->group);
    free(c->time), free(c->surv), free(c->lower), free(c->upper);
    free(c->n_risk), free(c->n_event), free(c->n_censor);
}

/* Room for one more point in c (cap: its capacity). */
static bool grow(survival_curve *c, size_t *cap)
{
    if (c->n < *cap)
        return true;
    size_t want = *cap ? 2 * *cap : 64;
    double **cols[] = {&c->time, &c->surv, &c->lower, &c->upper, &c->n_risk, &c->n_event, &c->n_censor};
    for (size_t k = 0; k < sizeof cols / sizeof *cols; k++) {
        double *grown = realloc(*cols[k], want * sizeof **cols[k]);
        if (!grown)
            return false;
        *cols[k] = grown;
    }
    *cap = want;
    return true;
}

static double real_or_nan(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? NAN : sqlite3_column_double(st, col);
}

bool survival_curves_load(report_data *rd, survival_curves *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT indicator, groupe, time, n_risk, n_event, n_censor,"
                                          " surv, lower, upper FROM survival_curve WHERE run_id=?"
                                          " AND niveau=? AND territoire=? ORDER BY indicator, groupe, time");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, rd->run_id);
    sqlite3_bind_text(st, 2, rd->territory.niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, rd->territory.code, -1, SQLITE_STATIC);
    size_t cap = 0, points = 0;
    survival_curve *c = NULL;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *ind = (const char *)sqlite3_column_text(st, 0), *grp = (const char *)sqlite3_column_text(st, 1);
        if (!c || strcmp(c->indicator, ind) != 0 || strcmp(c->group, grp) != 0) {
            if (out->n == cap) {
                size_t want = cap ? 2 * cap : 8;
                survival_curve *grown = realloc(out->items, want * sizeof *grown);
                if (!(ok = grown != NULL))
                    break;
                out->items = grown;
                cap = want;
            }
            c = &out->items[out->n++];
            memset(c, 0, sizeof *c);
            points = 0;
            if (!(ok = (c->indicator = strdup(ind)) && (c->group = strdup(grp))))
                break;
        }
        if (!(ok = grow(c, &points)))
            break;
        c->time[c->n] = sqlite3_column_double(st, 2);
        c->n_risk[c->n] = sqlite3_column_double(st, 3);
        c->n_event[c->n] = sqlite3_column_double(st, 4);
        c->n_censor[c->n] = sqlite3_column_double(st, 5);
        c->surv[c->n] = sqlite3_column_double(st, 6);
        c->lower[c->n] = real_or_nan(st, 7);
        c->upper[c->n] = real_or_nan(st, 8);
        c->n++;
    }
    if (!ok)
        obs_error("mémoire insuffisante pour les courbes de survie");
    else if (rc != SQLITE_DONE) {
        obs_error("lecture des courbes de survie : %s", sqlite3_errmsg(rd->db));
        ok = false;
    }
    sqlite3_finalize(st);
    if (!ok)
        survival_curves_free(out);
    return ok;
}

const survival_curve *survival_curves_find(const survival_curves *c, const char *indicator, const char *group)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->items[i].indicator, indicator) == 0 && strcmp(c->items[i].group, group) == 0)
            return &c->items[i];
    return NULL;
}

void survival_curves_free(survival_curves *c)
{
    for (size_t i = 0; i < c->n; i++)
        curve_free(&c->items[i]);
    free(c->items);
    memset(c, 0, sizeof *c);
}

double survival_logrank_p(report_data *rd, const char *groups)
{
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT p FROM survival_test WHERE run_id = ? AND niveau = ?"
                                          " AND territoire = ? AND groupes = ?");
    double p = NAN;
    if (!st)
        return p;
    sqlite3_bind_int64(st, 1, rd->run_id);
    sqlite3_bind_text(st, 2, rd->territory.niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, rd->territory.code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, groups, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        p = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return p;
}
