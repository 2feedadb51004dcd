/* Interval protection, part 2: which hidden cells an outsider bounds too
 * closely, and which published cells to hide for them (see
 * secret_intervals.h). */
#include "indicators/secret/secret_intervals.h"
#include "indicators/secret/secret_intervals_private.h"

#include <math.h>
#include <stdlib.h>

#include "engine/core/db.h"
#include "engine/core/log.h"

/* How far cell c's interval [lo, hi] falls short of leaving the protection
 * interval [x·(1 - 10 %), x·(1 + 10 %)] (0: it reaches beyond it on one
 * side at least). What is missing is counted above: hiding a published part
 * of the group that bounds c from above widens that side by the part's
 * value at least, less its lowest possible value. A point is always short. */
double iv_missing(const iv_cell *c, double lo, double hi)
{
    double x = c->x, tol = 1e-6 * fmax(1.0, fabs(x));
    double up = (1 + SECRET_INTERVAL_WITHIN) * x + tol - hi;
    double down = lo - ((1 - SECRET_INTERVAL_WITHIN) * x - tol);
    return up > 0 && down > 0 ? up : 0;
}

/* How much hiding published member m of group g widens the interval of
 * another member: the total, without bounds of its own, widens it without
 * limit; a part by its value less its lowest possible value. */
static double widening(const secret_intervals *iv, uint32_t g, uint32_t m)
{
    if (iv->gm[iv->gs[g]] == m)
        return INFINITY;
    const iv_cell *x = &iv->cell[m];
    return x->x - iv->ind[x->ind].lower;
}

/* Whether published member a of group ga is a better victim than b of
 * gb for a missing amount need: never a France or région figure without
 * breakdown if anything else can be, then one large enough (else the
 * widest), then a part before a total, a smaller territory, fewer
 * contributors, a smaller value (temp.cell_cost, as secret.c's rounds). */
static bool cheaper(const secret_intervals *iv, uint32_t ga, uint32_t a, uint32_t gb, uint32_t b, double need)
{
    const iv_cell *x = &iv->cell[a], *y = &iv->cell[b];
    if (x->big != y->big)
        return x->big < y->big;
    double wa = widening(iv, ga, a), wb = widening(iv, gb, b);
    bool xa = wa >= need, ya = wb >= need;
    if (xa != ya)
        return xa;
    if (!xa && wa != wb)
        return wa > wb;
    bool xt = iv->gm[iv->gs[ga]] == a, yt = iv->gm[iv->gs[gb]] == b;
    if (xt != yt)
        return yt;
    if (x->level != y->level)
        return x->level < y->level;
    if (x->n != y->n)
        return x->n < y->n;
    if (x->x != y->x)
        return x->x < y->x;
    return x->id < y->id;
}

double iv_miss_in(const secret_intervals *iv, uint32_t g, uint32_t c)
{
    double lo, hi;
    iv_bound_in(iv, g, c, &lo, &hi);
    double x = iv->cell[c].x, tol = 1e-6 * fmax(1.0, fabs(x));
    return (1 + SECRET_INTERVAL_WITHIN) * x + tol - hi;
}

/* Within the propagation's own tolerance (a bound moves only by more than
 * 1e-9 of itself, secret_intervals_propagate.c) */
static bool reaches(double bound, double at)
{
    return fabs(bound - at) <= 2e-9 * fmax(1.0, fabs(at));
}

bool iv_binds(const secret_intervals *iv, uint32_t g, uint32_t c)
{
    const iv_cell *x = &iv->cell[c];
    double lo, hi;
    iv_bound_in(iv, g, c, &lo, &hi);
    if (iv->ind[x->ind].whole) {
        lo = ceil(lo - 1e-6);
        hi = floor(hi + 1e-6);
    }
    return (isfinite(hi) && (hi <= x->hi || reaches(hi, x->hi))) ||
           (isfinite(lo) && (lo >= x->lo || reaches(lo, x->lo)));
}

/* Whether group g has a member neither hidden nor kept (iv->published
 * remembers it when set). */
static bool has_published(const secret_intervals *iv, uint32_t g)
{
    if (iv->published && iv->published[g])
        return iv->published[g] == 2;
    bool published = false;
    for (uint32_t j = iv->gs[g]; j < iv->gs[g + 1] && !published; j++)
        published = !iv->cell[iv->gm[j]].hidden && !(iv->keep && iv->keep[iv->gm[j]]);
    if (iv->published)
        iv->published[g] = published ? 2 : 1;
    return published;
}

/* The published cell to hide for hidden cell c, short by need: the
 * cheapest member of the groups that bound c most closely (several when
 * they tie, as a part of one group that is the total of another often
 * does), or UINT32_MAX when no group of c has a published member; *from:
 * its group. */
uint32_t iv_victim_for(const secret_intervals *iv, uint32_t c, double need, uint32_t *from)
{
    double best_miss = -INFINITY;
    bool any = false;
    for (uint32_t i = iv->cs[c]; i < iv->cs[c + 1]; i++) {
        uint32_t g = iv->cg[i];
        if (!has_published(iv, g) || (iv->binding_only && !iv_binds(iv, g, c)))
            continue;
        double m = iv_miss_in(iv, g, c);
        if (!any || m > best_miss)
            best_miss = m;
        any = true;
    }
    if (!any)
        return UINT32_MAX;
    double tie = 1e-9 * fmax(1.0, fabs(iv->cell[c].x));
    uint32_t best = UINT32_MAX, best_g = 0;
    for (uint32_t i = iv->cs[c]; i < iv->cs[c + 1]; i++) {
        uint32_t g = iv->cg[i];
        if (iv_miss_in(iv, g, c) < best_miss - tie || (iv->binding_only && !iv_binds(iv, g, c)))
            continue;
        for (uint32_t j = iv->gs[g]; j < iv->gs[g + 1]; j++) {
            uint32_t m = iv->gm[j];
            if (!iv->cell[m].hidden && !(iv->keep && iv->keep[m]) &&
                (best == UINT32_MAX || cheaper(iv, g, m, best_g, best, need))) {
                best = m;
                best_g = g;
            }
        }
    }
    *from = best_g;
    return best;
}

/* A hidden cell too closely bounded, and the cell chosen to widen it,
 * with the keys of cheaper() fixed for it (a consistent sort order). */
typedef struct {
    uint32_t cell, victim;
    uint8_t big, short_of, total, level;
    double wide;
    int64_t n, id;
    double x;
} choice;

static int by_cost(const void *pa, const void *pb)
{
    const choice *a = pa, *b = pb;
    if (a->big != b->big)
        return a->big < b->big ? -1 : 1;
    if (a->short_of != b->short_of)
        return a->short_of < b->short_of ? -1 : 1;
    if (a->short_of && a->wide != b->wide)
        return a->wide > b->wide ? -1 : 1;
    if (a->total != b->total)
        return a->total < b->total ? -1 : 1;
    if (a->level != b->level)
        return a->level < b->level ? -1 : 1;
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    if (a->id != b->id)
        return a->id < b->id ? -1 : 1;
    return a->cell < b->cell ? -1 : a->cell > b->cell;
}

/* Groups of at most this many members are marked when a victim widens a
 * cell of theirs; larger ones (a France of communes) are not: one victim
 * there rarely serves another cell. */
#define SMALL_GROUP 64

void iv_mark(const secret_intervals *iv, uint32_t c, unsigned char *touched)
{
    for (uint32_t i = iv->cs[c]; i < iv->cs[c + 1]; i++) {
        uint32_t g = iv->cg[i];
        if (iv->gs[g + 1] - iv->gs[g] <= SMALL_GROUP)
            touched[g] = 1;
    }
}

bool iv_marked(const secret_intervals *iv, uint32_t c, const unsigned char *touched)
{
    for (uint32_t i = iv->cs[c]; i < iv->cs[c + 1]; i++)
        if (touched[iv->cg[i]])
            return true;
    return false;
}

/* Appends the choice of victim v (from group g) for hidden cell c, short
 * by need; false when out of memory. */
static bool push_choice(const secret_intervals *iv, choice **ch, size_t *n, size_t *cap, uint32_t c, uint32_t v,
                        uint32_t g, double need)
{
    if (*n == *cap) {
        size_t more = *cap ? 2 * *cap : 1024;
        choice *p = realloc(*ch, more * sizeof *p);
        if (!p)
            return false;
        *ch = p;
        *cap = more;
    }
    const iv_cell *y = &iv->cell[v];
    double wide = widening(iv, g, v);
    (*ch)[(*n)++] = (choice){c, v, y->big, wide < need, iv->gm[iv->gs[g]] == v, y->level, wide, y->n, y->id, y->x};
    return true;
}

bool secret_intervals_victims(secret_intervals *iv, sqlite3 *db, size_t *narrow, size_t *stuck)
{
    *narrow = *stuck = 0;
    if (!iv_propagate(iv))
        return false;
    choice *ch = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    for (uint32_t c = 0; ok && c < iv->n_cells; c++) {
        const iv_cell *x = &iv->cell[c];
        if (!x->hidden || isnan(x->x))
            continue;
        double need = iv_missing(x, x->lo, x->hi);
        if (need <= 0)
            continue;
        ++*narrow;
        uint32_t g = 0, v = iv_victim_for(iv, c, need, &g);
        if (v == UINT32_MAX) {
            ++*stuck;
            continue;
        }
        ok = push_choice(iv, &ch, &n, &cap, c, v, g, need);
    }
    /* a declared ratio bounded within 10 % through its sides: a victim that
     * widens its numerator upwards, else its denominator
     * (secret_interval_ratios.c) */
    for (size_t i = 0; ok && i < iv->n_ratio; i++) {
        double need[2];
        if (!iv_ratio_narrow(iv, &iv->ratio[i], need))
            continue;
        ++*narrow;
        uint32_t g = 0, c, v = iv_ratio_victim(iv, &iv->ratio[i], need, &c, &g);
        if (v == UINT32_MAX) {
            ++*stuck;
            continue;
        }
        ok = push_choice(iv, &ch, &n, &cap, c, v, g, need[0] + need[1]);
    }
    /* the cheapest victims first; a cell whose small groups a victim
     * already widens waits for the next call, where the bounds are new
     * (two cells bounding each other need one victim, not two) */
    unsigned char *touched = ok ? calloc(iv->n_groups ? iv->n_groups : 1, 1) : NULL;
    ok = ok && touched && db_exec(db, "DROP TABLE IF EXISTS temp.victims;"
                                      " CREATE TEMP TABLE victims(id INTEGER PRIMARY KEY);");
    sqlite3_stmt *st = ok ? db_prepare(db, "INSERT OR IGNORE INTO temp.victims VALUES(?1)") : NULL;
    if (st && n)
        qsort(ch, n, sizeof *ch, by_cost);
    for (size_t i = 0; st && ok && i < n; i++) {
        if (iv_marked(iv, ch[i].cell, touched))
            continue;
        iv_mark(iv, ch[i].cell, touched);
        iv_mark(iv, ch[i].victim, touched);
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, iv->cell[ch[i].victim].id);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    free(touched);
    free(ch);
    if (!ok && !st)
        obs_error("secret statistique, intervalles : mémoire insuffisante ou base illisible");
    return ok && st;
}
