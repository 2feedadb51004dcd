/* Interval protection, part 2: the bounds carried through the groups to a
 * fixed point (see secret_intervals.h), from scratch in the parts where a
 * cell was hidden (iv_propagate), or, for a funder who knows some hidden
 * cells, onward from the outsider's bounds (iv_narrow_known). */
#include "indicators/secret/secret_intervals_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/log.h"
#include "indicators/linear/dense_row.h"

/* Evaluations of one group in a round of a propagation (bounds creeping by
 * one), and rounds: a group that ran out of evaluations while its members
 * still moved is taken up again in the next round, with a fresh budget.
 * One round alone stopped the propagation short of its fixed point on the
 * sample: a funder's bounds on the hub groups of a study territory never
 * reached a total of several funders the audit bounds within 10 %. */
#define MAX_EVALS 60
#define MAX_ROUNDS 16

/* What the propagation reads and writes of each cell, packed apart from
 * the cells (iv_cell is 56 bytes, of which it uses 17): cell c's bounds
 * are b[2c] (lo) and b[2c + 1] (hi), its flags flag[c]. The national
 * groups (a région's or France's communes) are summed over and over: a
 * member's bounds then share a cache line with three others' instead of
 * taking one of their own. Copied from the cells before, back after; the
 * same operations on the same values, in the same order. Kept from call
 * to call (allocating and clearing it for each of a funder's narrowings
 * cost more than the narrowing); between calls stack is empty and queued,
 * evals, waiting and seen are all zero. */
enum { IV_HIDDEN = 1, IV_WHOLE = 2 };

/* Groups of more members than this wait in w->large, and their sums are
 * remembered (iv_bound_in). */
#define LARGE_GROUP 64

/* The sums of the parts' bounds, with the infinite ones counted apart. */
typedef struct {
    double lo, hi;
    int lo_inf, hi_inf;
} part_sums;

struct iv_work {
    double *b;
    unsigned char *flag;
    bool synced; /* b and flag are the cells' bounds and hidden flags */
    /* groups to evaluate: the small ones first, a large one (a région's or
     * France's communes) only once no small one is left, so that it sums
     * its members once for many of their moves rather than once for each */
    uint32_t *stack, *large;
    size_t n, n_large;
    unsigned char *queued, *evals;
    /* groups pushed once their budget ran out, for the next round */
    uint32_t *later;
    size_t n_later;
    unsigned char *waiting;
    /* a funder's narrowing (iv_narrow_known): the cells that moved, with
     * their bounds before, so that iv_narrow_undo puts them back */
    bool track;
    unsigned char *seen;
    iv_moved *moved;
    size_t n_moved, cap_moved;
    /* the parts' sums of each large group, as iv_bound_in last summed
     * them, while no bound moved since (sum_at[k] == sum_now): choosing
     * victims asks them of France's group of communes for one cell after
     * another */
    uint32_t *large_slot; /* per group: its place in sum, or UINT32_MAX */
    size_t n_sums;        /* large groups */
    part_sums *sum;
    uint32_t *sum_at, sum_now;
};

void iv_work_free(secret_intervals *iv)
{
    iv_work *w = iv->work;
    if (!w)
        return;
    free(w->b);
    free(w->flag);
    free(w->stack);
    free(w->large);
    free(w->queued);
    free(w->evals);
    free(w->later);
    free(w->waiting);
    free(w->seen);
    free(w->moved);
    free(w->large_slot);
    free(w->sum);
    free(w->sum_at);
    free(w);
    iv->work = NULL;
}

static iv_work *work_of(secret_intervals *iv)
{
    if (iv->work)
        return iv->work;
    size_t ng = iv->n_groups ? iv->n_groups : 1, nc = iv->n_cells ? iv->n_cells : 1;
    iv_work *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    iv->work = w;
    w->b = malloc(2 * nc * sizeof *w->b);
    w->flag = malloc(nc);
    w->stack = malloc(ng * sizeof *w->stack);
    w->large = malloc(ng * sizeof *w->large);
    w->queued = calloc(ng, 1);
    w->evals = calloc(ng, 1);
    w->later = malloc(ng * sizeof *w->later);
    w->waiting = calloc(ng, 1);
    w->seen = calloc(nc, 1);
    w->large_slot = malloc(ng * sizeof *w->large_slot);
    for (size_t g = 0; w->large_slot && g < iv->n_groups; g++)
        w->large_slot[g] = iv->gs[g + 1] - iv->gs[g] > LARGE_GROUP ? (uint32_t)w->n_sums++ : UINT32_MAX;
    w->sum = malloc((w->n_sums ? w->n_sums : 1) * sizeof *w->sum);
    w->sum_at = calloc(w->n_sums ? w->n_sums : 1, sizeof *w->sum_at);
    w->sum_now = 1;
    if (!w->b || !w->flag || !w->stack || !w->large || !w->queued || !w->evals || !w->later || !w->waiting ||
        !w->seen || !w->large_slot || !w->sum || !w->sum_at) {
        iv_work_free(iv);
        return NULL;
    }
    return w;
}

/* The cells' bounds moved: every large group's sums to be summed again. */
static void bounds_moved(iv_work *w)
{
    if (++w->sum_now == 0) {
        memset(w->sum_at, 0, (w->n_sums ? w->n_sums : 1) * sizeof *w->sum_at);
        w->sum_now = 1;
    }
}

/* The cells' bounds and flags into the workspace. */
static void sync_work(const secret_intervals *iv, iv_work *w)
{
    for (size_t c = 0; c < iv->n_cells; c++) {
        const iv_cell *x = &iv->cell[c];
        w->b[2 * c] = x->lo;
        w->b[2 * c + 1] = x->hi;
        w->flag[c] = (unsigned char)((x->hidden ? IV_HIDDEN : 0) | (iv->ind[x->ind].whole ? IV_WHOLE : 0));
    }
    w->synced = true;
}

static void push(iv_work *w, const secret_intervals *iv, uint32_t g)
{
    if (w->queued[g])
        return;
    if (w->evals[g] >= MAX_EVALS) {
        if (!w->waiting[g]) {
            w->waiting[g] = 1;
            w->later[w->n_later++] = g;
        }
        return;
    }
    w->queued[g] = 1;
    if (iv->gs[g + 1] - iv->gs[g] > LARGE_GROUP)
        w->large[w->n_large++] = g;
    else
        w->stack[w->n++] = g;
}

void iv_work_stale(secret_intervals *iv)
{
    if (iv->work) {
        iv->work->synced = false;
        bounds_moved(iv->work);
    }
}

/* While tracking, cell c's bounds before its first move are kept. */
static bool note_move(iv_work *w, uint32_t c)
{
    if (!w->track || w->seen[c])
        return true;
    iv_moved *moved = pool_reserve(w->moved, &w->cap_moved, w->n_moved + 1, sizeof *moved);
    if (!moved)
        return false;
    w->moved = moved;
    w->seen[c] = 1;
    w->moved[w->n_moved++] = (iv_moved){c, false, w->b[2 * (size_t)c], w->b[2 * (size_t)c + 1]};
    return true;
}

/* Narrows hidden cell c to [lo, hi] (whole numbers for a whole
 * indicator); its groups are looked at again when it moved. False only
 * when a move could not be noted (out of memory). */
static bool tighten(iv_work *w, const secret_intervals *iv, uint32_t c, double lo, double hi)
{
    unsigned char f = w->flag[c];
    if (!(f & IV_HIDDEN))
        return true;
    double *x = &w->b[2 * (size_t)c]; /* x[0] lo, x[1] hi */
    /* nothing narrower: neither bound can move (most calls). For a whole
     * indicator the bounds are whole (or infinite), so ceil(lo - 1e-6) is
     * at most x[0] when lo is, and floor(hi + 1e-6) at least x[1]: the
     * rounding below would not move them either. */
    if (lo <= x[0] && hi >= x[1])
        return true;
    if (f & IV_WHOLE) {
        lo = ceil(lo - 1e-6);
        hi = floor(hi + 1e-6);
    }
    bool raise = lo > x[0] && (isinf(x[0]) || lo > x[0] + 1e-9 * fmax(1.0, fabs(x[0])));
    bool lower = hi < x[1] && (isinf(x[1]) || hi < x[1] - 1e-9 * fmax(1.0, fabs(x[1])));
    if (!raise && !lower)
        return true;
    if (!note_move(w, c))
        return false;
    if (raise)
        x[0] = lo;
    if (lower)
        x[1] = hi;
    for (uint32_t i = iv->cs[c]; i < iv->cs[c + 1]; i++)
        push(w, iv, iv->cg[i]);
    return true;
}

static part_sums sums_of_parts(const secret_intervals *iv, uint32_t g)
{
    part_sums s = {0, 0, 0, 0};
    for (uint32_t i = iv->gs[g] + 1; i < iv->gs[g + 1]; i++) {
        const iv_cell *x = &iv->cell[iv->gm[i]];
        if (isinf(x->lo))
            s.lo_inf++;
        else
            s.lo += x->lo;
        if (isinf(x->hi))
            s.hi_inf++;
        else
            s.hi += x->hi;
    }
    return s;
}

/* Part p's interval: the total minus the others' sums. */
static void part_bound(const iv_cell *t, const iv_cell *p, const part_sums *s, double *lo, double *hi)
{
    int hi_inf = s->hi_inf - (isinf(p->hi) ? 1 : 0), lo_inf = s->lo_inf - (isinf(p->lo) ? 1 : 0);
    double others_hi = s->hi - (isinf(p->hi) ? 0 : p->hi), others_lo = s->lo - (isinf(p->lo) ? 0 : p->lo);
    *lo = hi_inf || isinf(t->lo) ? -INFINITY : t->lo - others_hi;
    *hi = lo_inf || isinf(t->hi) ? INFINITY : t->hi - others_lo;
}

void iv_bound_in(const secret_intervals *iv, uint32_t g, uint32_t c, double *lo, double *hi)
{
    iv_work *w = iv->work;
    uint32_t k = w ? w->large_slot[g] : UINT32_MAX;
    if (k != UINT32_MAX && w->sum_at[k] != w->sum_now) {
        w->sum[k] = sums_of_parts(iv, g);
        w->sum_at[k] = w->sum_now;
    }
    part_sums s = k != UINT32_MAX ? w->sum[k] : sums_of_parts(iv, g);
    const iv_cell *t = &iv->cell[iv->gm[iv->gs[g]]];
    if (iv->gm[iv->gs[g]] == c) {
        *lo = s.lo_inf ? -INFINITY : s.lo;
        *hi = s.hi_inf ? INFINITY : s.hi;
    } else
        part_bound(t, &iv->cell[c], &s, lo, hi);
}

/* sums_of_parts and part_bound on the packed bounds */
static part_sums packed_sums_of_parts(const iv_work *w, const secret_intervals *iv, uint32_t g)
{
    part_sums s = {0, 0, 0, 0};
    for (uint32_t i = iv->gs[g] + 1; i < iv->gs[g + 1]; i++) {
        const double *x = &w->b[2 * (size_t)iv->gm[i]];
        if (isinf(x[0]))
            s.lo_inf++;
        else
            s.lo += x[0];
        if (isinf(x[1]))
            s.hi_inf++;
        else
            s.hi += x[1];
    }
    return s;
}

static void packed_part_bound(const double *t, const double *p, const part_sums *s, double *lo, double *hi)
{
    int hi_inf = s->hi_inf - (isinf(p[1]) ? 1 : 0), lo_inf = s->lo_inf - (isinf(p[0]) ? 1 : 0);
    double others_hi = s->hi - (isinf(p[1]) ? 0 : p[1]), others_lo = s->lo - (isinf(p[0]) ? 0 : p[0]);
    *lo = hi_inf || isinf(t[0]) ? -INFINITY : t[0] - others_hi;
    *hi = lo_inf || isinf(t[1]) ? INFINITY : t[1] - others_lo;
}

static bool eval_group(iv_work *w, const secret_intervals *iv, uint32_t g)
{
    uint32_t tc = iv->gm[iv->gs[g]];
    part_sums s = packed_sums_of_parts(w, iv, g);
    bool ok = tighten(w, iv, tc, s.lo_inf ? -INFINITY : s.lo, s.hi_inf ? INFINITY : s.hi);
    const double *t = &w->b[2 * (size_t)tc];
    for (uint32_t i = iv->gs[g] + 1; ok && i < iv->gs[g + 1]; i++) {
        uint32_t c = iv->gm[i];
        if (!(w->flag[c] & IV_HIDDEN))
            continue;
        double lo, hi;
        packed_part_bound(t, &w->b[2 * (size_t)c], &s, &lo, &hi);
        ok = tighten(w, iv, c, lo, hi);
    }
    return ok;
}

/* The groups pushed, evaluated until nothing moves or the rounds run out;
 * the workspace left clear for the next call. */
static bool run_rounds(iv_work *w, const secret_intervals *iv)
{
    size_t ng = iv->n_groups ? iv->n_groups : 1;
    bool ok = true;
    for (int round = 0; ok; round++) {
        while (w->n || w->n_large) {
            uint32_t g = w->n ? w->stack[--w->n] : w->large[--w->n_large];
            w->queued[g] = 0;
            w->evals[g]++;
            ok = ok && eval_group(w, iv, g);
        }
        if (w->n_later && round + 1 >= MAX_ROUNDS)
            /* bounds looser than the attacker's may let a leak through: the
             * audit that follows the suppression would name it */
            obs_log_only("secret statistique, intervalles : propagation arrêtée après %d tours, %zu groupes encore "
                         "mobiles", MAX_ROUNDS, w->n_later);
        if (!w->n_later || round + 1 >= MAX_ROUNDS)
            break;
        /* the groups whose budget ran out while their members moved: again */
        memset(w->evals, 0, ng);
        size_t n_later = w->n_later;
        w->n_later = 0;
        for (size_t i = 0; i < n_later; i++) {
            w->waiting[w->later[i]] = 0;
            push(w, iv, w->later[i]);
        }
    }
    memset(w->evals, 0, ng);
    for (size_t i = 0; i < w->n_later; i++)
        w->waiting[w->later[i]] = 0;
    w->n_later = 0;
    return ok;
}

bool iv_propagate(secret_intervals *iv)
{
    iv_work *w = work_of(iv);
    if (!w) {
        obs_error("secret statistique, intervalles : mémoire insuffisante");
        return false;
    }
    /* the bounds of a part where nothing was hidden since stay as they are */
    for (size_t c = 0; c < iv->n_cells; c++) {
        iv_cell *x = &iv->cell[c];
        if (!iv->all_dirty && !iv->dirty[iv->comp[c]])
            continue;
        if (x->hidden) {
            x->lo = iv->ind[x->ind].lower;
            x->hi = x->cap;
        } else
            x->lo = x->hi = x->x;
    }
    sync_work(iv, w);
    for (size_t g = 0; g < iv->n_groups; g++)
        for (uint32_t i = iv->gs[g]; (iv->all_dirty || iv->dirty[iv->comp[iv->gm[iv->gs[g]]]]) && i < iv->gs[g + 1];
             i++)
            if (iv->cell[iv->gm[i]].hidden) {
                push(w, iv, (uint32_t)g);
                break;
            }
    w->track = false;
    run_rounds(w, iv); /* untracked: cannot fail */
    for (size_t c = 0; c < iv->n_cells; c++) {
        iv->cell[c].lo = w->b[2 * c];
        iv->cell[c].hi = w->b[2 * c + 1];
    }
    memset(iv->dirty, 0, iv->n_cells ? iv->n_cells : 1);
    iv->all_dirty = false;
    bounds_moved(w);
    return true;
}

static int by_cell(const void *pa, const void *pb)
{
    const iv_moved *a = pa, *b = pb;
    return (a->c > b->c) - (a->c < b->c);
}

bool iv_narrow_known(secret_intervals *iv, const uint32_t *known, size_t n_known, const iv_moved **moved,
                     size_t *n_moved)
{
    iv_work *w = work_of(iv);
    bool ok = w != NULL;
    if (ok && !w->synced)
        sync_work(iv, w);
    if (ok) {
        w->track = true;
        w->n_moved = 0;
    }
    for (size_t i = 0; ok && i < n_known; i++) {
        uint32_t c = known[i];
        if (!iv->cell[c].hidden || w->seen[c])
            continue; /* published: a point already */
        ok = note_move(w, c);
        if (!ok)
            break;
        w->moved[w->n_moved - 1].unhid = true;
        iv->cell[c].hidden = 0;
        w->flag[c] &= (unsigned char)~IV_HIDDEN;
        w->b[2 * (size_t)c] = w->b[2 * (size_t)c + 1] = iv->cell[c].x;
        for (uint32_t j = iv->cs[c]; j < iv->cs[c + 1]; j++)
            push(w, iv, iv->cg[j]);
    }
    ok = ok && run_rounds(w, iv);
    if (w)
        for (size_t i = 0; i < w->n_moved; i++) {
            uint32_t c = w->moved[i].c;
            iv->cell[c].lo = w->b[2 * (size_t)c];
            iv->cell[c].hi = w->b[2 * (size_t)c + 1];
        }
    if (w)
        bounds_moved(w);
    if (ok && w->n_moved)
        qsort(w->moved, w->n_moved, sizeof *w->moved, by_cell);
    *moved = w ? w->moved : NULL;
    *n_moved = w ? w->n_moved : 0;
    if (!ok)
        obs_error("secret statistique, intervalles des financeurs : mémoire insuffisante");
    return ok;
}

void iv_narrow_undo(secret_intervals *iv)
{
    iv_work *w = iv->work;
    if (!w || !w->track)
        return;
    /* the stacks are empty unless a narrowing failed half-way */
    for (; w->n; w->n--)
        w->queued[w->stack[w->n - 1]] = 0;
    for (; w->n_large; w->n_large--)
        w->queued[w->large[w->n_large - 1]] = 0;
    for (size_t i = 0; i < w->n_moved; i++) {
        const iv_moved *m = &w->moved[i];
        w->b[2 * (size_t)m->c] = iv->cell[m->c].lo = m->lo;
        w->b[2 * (size_t)m->c + 1] = iv->cell[m->c].hi = m->hi;
        w->seen[m->c] = 0;
        if (m->unhid) {
            iv->cell[m->c].hidden = 1;
            w->flag[m->c] |= IV_HIDDEN;
        }
    }
    w->n_moved = 0;
    w->track = false;
    bounds_moved(w);
}
