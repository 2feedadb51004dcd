#include "indicators/secret/secret_insider_intervals.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "indicators/secret/secret_funders.h"
#include "indicators/secret/secret_intervals_private.h"

/* The cells of the interval model, as the funders' reading sees them. */
static size_t cell_slot(const void *model, int64_t id)
{
    const secret_intervals *iv = model;
    uint32_t c = iv_find(iv, id);
    return c == UINT32_MAX ? iv->n_cells : c;
}

static bool cell_hidden(const void *model, size_t c)
{
    return ((const secret_intervals *)model)->cell[c].hidden != 0;
}

typedef struct {
    size_t narrow, stuck, hidden;
} tally;

/* When no group of hidden cell c has a published cell to hide (its groups'
 * other members all hidden, or known to f): one group further. A hidden
 * member m of c's groups that f does not know bounds c as closely as it
 * is bounded itself (c = f's part + m), so a published cell of m's groups
 * widens c by what it widens m. UINT32_MAX when there is none either. */
static uint32_t victim_one_further(const secret_intervals *iv, const secret_funders *fu, int32_t f, uint32_t c, double need)
{
    for (uint32_t i = iv->cs[c]; i < iv->cs[c + 1]; i++) {
        uint32_t g = iv->cg[i];
        for (uint32_t j = iv->gs[g]; j < iv->gs[g + 1]; j++) {
            uint32_t m = iv->gm[j], from;
            if (m == c || !iv->cell[m].hidden || secret_funder_knows(fu, m, f))
                continue;
            uint32_t v = iv_victim_for(iv, m, need, &from);
            if (v != UINT32_MAX)
                return v;
        }
    }
    return UINT32_MAX;
}

/* Funder f: its hidden cells taken as published, the parts holding them
 * propagated again; the victims for the cells it bounds too closely are
 * inserted with ins. The model is left as it was. */
static bool one_funder(secret_intervals *iv, const secret_funders *fu, int32_t f, uint32_t *stamp, uint32_t *unhid,
                       const double *lo0, const double *hi0, unsigned char *keep, unsigned char *keep_f,
                       unsigned char *published, unsigned char *published_f, unsigned char *touched,
                       sqlite3_stmt *ins, tally *t)
{
    size_t n_known = 0;
    bool headlines_ready = false; /* keep_f: what f knows only */
    for (uint32_t c = 0; c < iv->n_cells; c++) {
        if (!secret_funder_knows(fu, c, f))
            continue;
        keep[c] = 1; /* never a victim: f knows it */
        if (iv->cell[c].hidden) {
            iv->cell[c].hidden = 0;
            iv->dirty[iv->comp[c]] = 1;
            stamp[iv->comp[c]] = (uint32_t)f + 1;
            unhid[n_known++] = c;
        }
    }
    bool ok = true;
    if (n_known) {
        ok = iv_propagate(iv); /* the parts marked dirty only */
        /* from here to the loop's end neither the hidden cells nor keep
         * nor keep_f change: what iv_victim_for learns of a group holds */
        size_t ng = iv->n_groups ? iv->n_groups : 1;
        memset(published, 0, ng);
        memset(published_f, 0, ng);
        iv->published = published;
        for (uint32_t c = 0; ok && c < iv->n_cells; c++) {
            const iv_cell *x = &iv->cell[c];
            if (stamp[iv->comp[c]] != (uint32_t)f + 1 || !x->hidden || isnan(x->x))
                continue;
            double need = iv_missing(x, x->lo, x->hi);
            if (need <= 0 || iv_missing(x, lo0[c], hi0[c]) > 0)
                continue; /* wide enough, or the outsider's own case (secret_intervals.h) */
            t->narrow++;
            uint32_t g = 0, v = iv_victim_for(iv, c, need, &g);
            if (v == UINT32_MAX)
                v = victim_one_further(iv, fu, f, c, need);
            if (v == UINT32_MAX) {
                /* last resort, as for the outsider: a headline figure (a
                 * study territory's total of an earlier year bounding a
                 * total of several funders that f narrows) */
                if (!headlines_ready) {
                    for (uint32_t k = 0; k < iv->n_cells; k++)
                        keep_f[k] = secret_funder_knows(fu, k, f);
                    headlines_ready = true;
                }
                iv->keep = keep_f;
                iv->published = published_f;
                v = iv_victim_for(iv, c, need, &g);
                if (v == UINT32_MAX)
                    v = victim_one_further(iv, fu, f, c, need);
                iv->keep = keep;
                iv->published = published;
            }
            if (v == UINT32_MAX) {
                t->stuck++;
                continue;
            }
            if (iv_marked(iv, c, touched))
                continue;
            iv_mark(iv, c, touched);
            iv_mark(iv, v, touched);
            sqlite3_reset(ins);
            sqlite3_bind_int64(ins, 1, iv->cell[v].id);
            ok = sqlite3_step(ins) == SQLITE_DONE;
            t->hidden += ok && sqlite3_changes(sqlite3_db_handle(ins)) > 0;
        }
    }
    iv->published = NULL;
    /* as it was: f's cells hidden, not kept, the outsider's bounds */
    for (size_t i = 0; i < n_known; i++)
        iv->cell[unhid[i]].hidden = 1;
    for (uint32_t c = 0; c < iv->n_cells; c++) {
        if (secret_funder_knows(fu, c, f))
            keep[c] = iv->cell[c].big;
        if (stamp[iv->comp[c]] == (uint32_t)f + 1) {
            iv->cell[c].lo = lo0[c];
            iv->cell[c].hi = hi0[c];
        }
    }
    return ok;
}

bool secret_insider_intervals(sqlite3 *db, int64_t run, secret_intervals *iv)
{
    if (!db_exec(db, "DROP TABLE IF EXISTS temp.victims; CREATE TEMP TABLE victims(id INTEGER PRIMARY KEY);"))
        return false;
    if (!iv_propagate(iv)) /* the outsider's bounds, to a fixed point */
        return false;
    secret_funders fu;
    secret_funder_slots slots = {iv->n_cells, cell_slot, cell_hidden, iv};
    bool ok = secret_funders_read(db, run, &slots, &fu);
    size_t n = iv->n_cells ? iv->n_cells : 1;
    double *lo0 = malloc(n * sizeof *lo0), *hi0 = malloc(n * sizeof *hi0);
    size_t ng = iv->n_groups ? iv->n_groups : 1;
    unsigned char *keep = malloc(n), *keep_f = malloc(n), *touched = calloc(ng, 1);
    unsigned char *published = malloc(ng), *published_f = malloc(ng);
    uint32_t *stamp = calloc(n, sizeof *stamp), *unhid = malloc(n * sizeof *unhid);
    sqlite3_stmt *ins = db_prepare(db, "INSERT OR IGNORE INTO temp.victims VALUES(?1)");
    ok = ok && lo0 && hi0 && keep && keep_f && touched && published && published_f && stamp && unhid && ins;
    for (uint32_t c = 0; ok && c < iv->n_cells; c++) {
        lo0[c] = iv->cell[c].lo;
        hi0[c] = iv->cell[c].hi;
        keep[c] = iv->cell[c].big; /* never a France or région figure without breakdown */
    }
    iv->keep = keep;
    tally t = {0, 0, 0};
    for (size_t f = 0; ok && f < fu.n; f++)
        ok = one_funder(iv, &fu, (int32_t)f, stamp, unhid, lo0, hi0, keep, keep_f, published, published_f, touched,
                        ins, &t);
    iv->keep = NULL;
    if (ok && t.narrow)
        obs_info("secret statistique : financeurs initiés, %zu cellule%s qu'ils ne connaissent pas bornée%s à moins de"
                 " 10 %% près par les sommes, %zu cellule%s masquée%s en plus",
                 t.narrow, t.narrow > 1 ? "s" : "", t.narrow > 1 ? "s" : "", t.hidden, t.hidden > 1 ? "s" : "",
                 t.hidden > 1 ? "s" : "");
    if (ok && t.stuck)
        /* in the log only: a pass of the loop says it, the later ones (the
         * outsider's rounds on the cells hidden since) often protect them,
         * and obs audit-secret tells what is left at the end */
        obs_log_only("secret statistique : financeurs initiés, %zu cellule%s bornée%s à moins de 10 %% près sans cellule"
                 " publiée à masquer avec (cellules du financeur exceptées), pour l'instant",
                 t.stuck, t.stuck > 1 ? "s" : "", t.stuck > 1 ? "s" : "");
    if (!ok && lo0 && hi0 && keep && touched && published && published_f && stamp && unhid)
        obs_error("secret statistique, intervalles des financeurs : base illisible ou mémoire insuffisante");
    else if (!ok)
        obs_error("secret statistique, intervalles des financeurs : mémoire insuffisante");
    sqlite3_finalize(ins);
    secret_funders_free(&fu);
    free(lo0);
    free(hi0);
    free(keep);
    free(keep_f);
    free(published);
    free(published_f);
    free(touched);
    free(stamp);
    free(unhid);
    return ok;
}
