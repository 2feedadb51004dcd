#include "indicators/compute/compute_leverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators/compute/authorizer.h"
#include "engine/core/log.h"
#include "indicators/stats/ratio_bootstrap.h"

typedef struct {
    double *pub, *priv;
    size_t n, cap;
} projects;

static bool add_project(projects *p, double pub, double priv)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        double *a = realloc(p->pub, cap * sizeof *a);
        if (a)
            p->pub = a;
        double *b = realloc(p->priv, cap * sizeof *b);
        if (b)
            p->priv = b;
        if (!a || !b)
            return false;
        p->cap = cap;
    }
    p->pub[p->n] = pub;
    p->priv[p->n] = priv;
    p->n++;
    return true;
}

typedef struct {
    char niveau[32], territoire[128], dimension[256];
    int annee;
} cell_key;

static void read_key(sqlite3_stmt *q, cell_key *k)
{
    const unsigned char *t;
    snprintf(k->niveau, sizeof k->niveau, "%s", (t = sqlite3_column_text(q, 0)) ? (const char *)t : "");
    snprintf(k->territoire, sizeof k->territoire, "%s", (t = sqlite3_column_text(q, 1)) ? (const char *)t : "");
    k->annee = sqlite3_column_int(q, 2);
    snprintf(k->dimension, sizeof k->dimension, "%s", (t = sqlite3_column_text(q, 3)) ? (const char *)t : "");
}

static bool same_key(const cell_key *a, const cell_key *b)
{
    return a->annee == b->annee && strcmp(a->niveau, b->niveau) == 0 &&
           strcmp(a->territoire, b->territoire) == 0 && strcmp(a->dimension, b->dimension) == 0;
}

/* Writes the cell's ratio and interval; a cell without public money has none. */
static bool flush(sqlite3_stmt *ins, int64_t run, const indicator_def *d, const obs_config *cfg,
                  const cell_key *key, projects *p, long *rows)
{
    ratio_estimate e;
    bool ok = true;
    if (p->n > 0 && ratio_bootstrap(p->priv, p->pub, p->n, (size_t)cfg->bootstrap_replicates, cfg->seed, 0.95, &e)) {
        double num = 0, den = 0, largest = 0;
        for (size_t i = 0; i < p->n; i++) {
            num += p->priv[i];
            den += p->pub[i];
            if (p->priv[i] > largest)
                largest = p->priv[i];
        }
        sqlite3_reset(ins);
        sqlite3_bind_int64(ins, 1, run);
        sqlite3_bind_text(ins, 2, d->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, key->niveau, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 4, key->territoire, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(ins, 5, key->annee);
        sqlite3_bind_text(ins, 6, key->dimension, -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(ins, 7, e.ratio);
        sqlite3_bind_double(ins, 8, num);
        sqlite3_bind_double(ins, 9, den);
        if (e.has_interval) {
            sqlite3_bind_double(ins, 10, e.lower);
            sqlite3_bind_double(ins, 11, e.upper);
        } else {
            sqlite3_bind_null(ins, 10);
            sqlite3_bind_null(ins, 11);
        }
        sqlite3_bind_int64(ins, 12, (sqlite3_int64)p->n);
        sqlite3_bind_double(ins, 13, num > 0 ? largest / num : 0);
        ok = sqlite3_step(ins) == SQLITE_DONE;
        (*rows)++;
    }
    p->n = 0;
    return ok;
}

bool leverage_compute(sqlite3 *db, int64_t run, const indicator_def *d, const obs_config *cfg,
                      sqlite3_stmt *ins, long *rows)
{
    /* one row per project and cell: the engine sums the fundings of a project */
    char *sql = authorizer_wrap("SELECT niveau, territoire, annee, dimension, projet, sum(public), sum(prive)"
                                " FROM (", d->sql, ") GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5");
    if (!sql)
        return false;
    sqlite3_stmt *q = NULL;
    char err[512];
    int rc = authorizer_prepare(db, sql, &q, err, sizeof err);
    free(sql);
    if (rc != SQLITE_OK) {
        obs_error_at(d->file, d->sql_line, 1, "indicateur %s non calculé : %s", d->id, err);
        return false;
    }
    projects p = {0};
    cell_key current = {.annee = 0}, row;
    bool ok = true, started = false;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        read_key(q, &row);
        if (started && !same_key(&row, &current))
            ok = flush(ins, run, d, cfg, &current, &p, rows);
        current = row;
        started = true;
        if (ok)
            ok = add_project(&p, sqlite3_column_double(q, 5), sqlite3_column_double(q, 6));
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error_at(d->file, d->sql_line, 1, "indicateur %s non calculé : %s", d->id, sqlite3_errmsg(db));
        ok = false;
    }
    if (ok && started)
        ok = flush(ins, run, d, cfg, &current, &p, rows);
    free(p.pub);
    free(p.priv);
    sqlite3_finalize(q);
    return ok;
}
