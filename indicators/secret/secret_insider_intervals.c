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

/* When no group that bounds hidden cell c as closely as all together
 * (iv_binds) has a published cell to hide (its other members all hidden,
 * or known to f): one group further. A hidden member m of such a group
 * that f does not know bounds c as closely as it is bounded itself (c =
 * f's part + m), so a published cell of m's groups widens c by what it
 * widens m; a looser group's members widen nothing. UINT32_MAX when there
 * is none either. */
static uint32_t victim_one_further(const secret_intervals *iv, const secret_funders *fu, int32_t f, uint32_t c, double need)
{
    for (uint32_t i = iv->cs[c]; i < iv->cs[c + 1]; i++) {
        uint32_t g = iv->cg[i];
        if (!iv_binds(iv, g, c))
            continue;
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

/* The cells each funder knows: funder f's are cell[start[f] .. start[f + 1]). */
typedef struct {
    uint32_t *start, *cell;
} known_cells;

static bool known_by_funder(const secret_intervals *iv, const secret_funders *fu, known_cells *k)
{
    k->start = calloc(fu->n + 2, sizeof *k->start);
    k->cell = malloc((iv->n_cells ? iv->n_cells : 1) * sizeof *k->cell);
    if (!k->start || !k->cell)
        return false;
    /* a cell is known to one funder at most (secret_funder_knows) */
    for (uint32_t c = 0; c < iv->n_cells; c++) {
        int32_t f = fu->owner[c] >= 0 ? fu->owner[c] : fu->only[c];
        if (f >= 0)
            k->start[f + 2]++;
    }
    for (size_t f = 0; f < fu->n; f++)
        k->start[f + 2] += k->start[f + 1];
    for (uint32_t c = 0; c < iv->n_cells; c++) {
        int32_t f = fu->owner[c] >= 0 ? fu->owner[c] : fu->only[c];
        if (f >= 0)
            k->cell[k->start[f + 1]++] = c;
    }
    return true;
}

/* Inserts victim v (with ins) for hidden cell c, unless a victim of this
 * call already widens c's small groups (c then waits for the next call).
 * False on a database error. */
static bool insert_victim(const secret_intervals *iv, uint32_t c, uint32_t v, unsigned char *touched,
                          sqlite3_stmt *ins, tally *t)
{
    if (iv_marked(iv, c, touched))
        return true;
    iv_mark(iv, c, touched);
    iv_mark(iv, v, touched);
    sqlite3_reset(ins);
    sqlite3_bind_int64(ins, 1, iv->cell[v].id);
    bool ok = sqlite3_step(ins) == SQLITE_DONE;
    t->hidden += ok && sqlite3_changes(sqlite3_db_handle(ins)) > 0;
    return ok;
}

/* Funder f, who knows cells known[0 .. n): its hidden cells taken as
 * published, the bounds carried onward (iv_narrow_known); the victims for
 * the cells it bounds too closely are inserted with ins. The model is
 * left as it was. */
static bool one_funder(secret_intervals *iv, const secret_funders *fu, int32_t f, const uint32_t *known, size_t n,
                       unsigned char *keep, unsigned char *keep_f, unsigned char *published,
                       unsigned char *published_f, unsigned char *touched, sqlite3_stmt *ins, tally *t)
{
    for (size_t i = 0; i < n; i++)
        keep[known[i]] = 1; /* never a victim: f knows it */
    bool headlines_ready = false; /* keep_f: what f knows only */
    const iv_moved *moved = NULL;
    size_t n_moved = 0;
    bool ok = iv_narrow_known(iv, known, n, &moved, &n_moved);
    if (ok && n_moved) {
        /* from here to the loop's end neither the hidden cells nor keep
         * nor keep_f change: what iv_victim_for learns of a group holds */
        size_t ng = iv->n_groups ? iv->n_groups : 1;
        memset(published, 0, ng);
        memset(published_f, 0, ng);
        iv->published = published;
    }
    /* only a cell f's cells moved can be narrower for f than for everyone */
    for (size_t i = 0; ok && i < n_moved; i++) {
        uint32_t c = moved[i].c;
        const iv_cell *x = &iv->cell[c];
        if (!x->hidden || isnan(x->x))
            continue;
        double need = iv_missing(x, x->lo, x->hi);
        if (need <= 0 || iv_missing(x, moved[i].lo, moved[i].hi) > 0)
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
                for (size_t k = 0; k < n; k++)
                    keep_f[known[k]] = 1;
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
        if (v == UINT32_MAX)
            t->stuck++;
        else
            ok = insert_victim(iv, c, v, touched, ins, t);
    }
    /* the declared ratios with a side that moved (secret_interval_ratios.c):
     * a side f knows is exact for it */
    iv->ratio_stamp++;
    for (size_t i = 0; ok && i < n_moved; i++) {
        uint32_t c = moved[i].c;
        for (uint32_t j = iv->rs[c]; ok && j < iv->rs[c + 1]; j++) {
            uint32_t r = iv->rr[j];
            double need[2];
            if (iv->ratio_seen[r] == iv->ratio_stamp)
                continue;
            iv->ratio_seen[r] = iv->ratio_stamp;
            if (!iv_ratio_narrow(iv, &iv->ratio[r], need))
                continue;
            t->narrow++;
            uint32_t g = 0, side, v = iv_ratio_victim(iv, &iv->ratio[r], need, &side, &g);
            if (v == UINT32_MAX)
                t->stuck++;
            else
                ok = insert_victim(iv, side, v, touched, ins, t);
        }
    }
    iv->published = NULL;
    /* as it was: f's cells hidden, not kept, the outsider's bounds */
    iv_narrow_undo(iv);
    for (size_t i = 0; i < n; i++) {
        keep[known[i]] = iv->cell[known[i]].big;
        keep_f[known[i]] = 0;
    }
    return ok;
}

bool secret_insider_intervals(sqlite3 *db, int64_t run, secret_intervals *iv, secret_funders *fu)
{
    if (!db_exec(db, "DROP TABLE IF EXISTS temp.victims; CREATE TEMP TABLE victims(id INTEGER PRIMARY KEY);"))
        return false;
    if (!iv_propagate(iv)) /* the outsider's bounds, to a fixed point */
        return false;
    secret_funder_slots slots = {iv->n_cells, cell_slot, cell_hidden, iv};
    bool ok = true;
    if (fu->owner)
        secret_funders_refresh(fu, &slots);
    else
        ok = secret_funders_read(db, run, &slots, fu);
    size_t n = iv->n_cells ? iv->n_cells : 1;
    size_t ng = iv->n_groups ? iv->n_groups : 1;
    unsigned char *keep = malloc(n), *keep_f = calloc(n, 1), *touched = calloc(ng, 1);
    unsigned char *published = malloc(ng), *published_f = malloc(ng);
    known_cells known = {NULL, NULL};
    sqlite3_stmt *ins = db_prepare(db, "INSERT OR IGNORE INTO temp.victims VALUES(?1)");
    bool memory = keep && keep_f && touched && published && published_f && (!ok || known_by_funder(iv, fu, &known));
    ok = ok && memory && ins;
    for (uint32_t c = 0; ok && c < iv->n_cells; c++)
        keep[c] = iv->cell[c].big; /* never a France or région figure without breakdown */
    iv->keep = keep;
    iv->binding_only = true;
    tally t = {0, 0, 0};
    for (size_t f = 0; ok && f < fu->n; f++)
        ok = one_funder(iv, fu, (int32_t)f, known.cell + known.start[f], known.start[f + 1] - known.start[f], keep,
                        keep_f, published, published_f, touched, ins, &t);
    iv->keep = NULL;
    iv->binding_only = false;
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
    if (!ok && memory)
        obs_error("secret statistique, intervalles des financeurs : base illisible ou mémoire insuffisante");
    else if (!ok)
        obs_error("secret statistique, intervalles des financeurs : mémoire insuffisante");
    sqlite3_finalize(ins);
    free(known.start);
    free(known.cell);
    free(keep);
    free(keep_f);
    free(published);
    free(published_f);
    free(touched);
    return ok;
}
