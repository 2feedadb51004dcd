/* The audit's attacker, part 3: solving the relations. Exact substitution
 * (a relation with one unknown left), interval bounds (whole numbers for
 * counts, at least 1 for a count's row) propagated to a fixed point, and
 * exact linear combinations modulo 2^31 - 1 (linear_disclosure.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "indicators/audit/audit_attack_private.h"
#include "indicators/linear/linear_disclosure.h"

bool at_state_init(at_state *s, const at_model *m)
{
    size_t n = m->n_cells ? m->n_cells : 1;
    s->val = malloc(n * sizeof *s->val);
    s->lo = malloc(n * sizeof *s->lo);
    s->hi = malloc(n * sizeof *s->hi);
    s->how = malloc(n);
    s->by = malloc(n * sizeof *s->by);
    if (!s->val || !s->lo || !s->hi || !s->how || !s->by)
        return false;
    for (size_t i = 0; i < m->n_cells; i++) {
        const at_cell *c = &m->cell[i];
        s->val[i] = c->pub;
        s->how[i] = isnan(c->pub) ? 0xff : AT_PUBLISHED;
        s->by[i] = AT_NO_REL;
        s->lo[i] = isnan(c->pub) ? m->ind[c->ind].lower : c->pub;
        s->hi[i] = isnan(c->pub) ? INFINITY : c->pub;
    }
    return true;
}

bool at_state_copy(at_state *d, const at_state *s, const at_model *m)
{
    if (!at_state_init(d, m))
        return false;
    size_t n = m->n_cells;
    memcpy(d->val, s->val, n * sizeof *d->val);
    memcpy(d->lo, s->lo, n * sizeof *d->lo);
    memcpy(d->hi, s->hi, n * sizeof *d->hi);
    memcpy(d->how, s->how, n);
    memcpy(d->by, s->by, n * sizeof *d->by);
    return true;
}

void at_state_free(at_state *s)
{
    free(s->val);
    free(s->lo);
    free(s->hi);
    free(s->how);
    free(s->by);
    memset(s, 0, sizeof *s);
}

static double settle(const at_model *m, size_t c, double x)
{
    if (m->ind[m->cell[c].ind].integral && fabs(x - nearbyint(x)) <= 1e-6 * fmax(1.0, fabs(x)))
        return nearbyint(x);
    return x;
}

/* a work list of relations, each in it at most once */
typedef struct {
    uint32_t *r;
    size_t n;
    unsigned char *in;
} worklist;

static bool work_init(worklist *w, const at_model *m)
{
    w->r = malloc((m->n_rel ? m->n_rel : 1) * sizeof *w->r);
    w->in = calloc(m->n_rel ? m->n_rel : 1, 1);
    w->n = 0;
    return w->r && w->in;
}

static void work_free(worklist *w)
{
    free(w->r);
    free(w->in);
}

static void work_cell(worklist *w, const at_model *m, size_t c)
{
    for (size_t i = m->rel_start[c]; i < m->rel_start[c + 1]; i++) {
        uint32_t r = m->rel_of[i];
        if (!w->in[r]) {
            w->in[r] = 1;
            w->r[w->n++] = r;
        }
    }
}

static void work_start(worklist *w, const at_model *m, const uint32_t *start, size_t n_start)
{
    if (!start) {
        for (size_t r = m->n_rel; r-- > 0;) {
            w->in[r] = 1;
            w->r[w->n++] = (uint32_t)r;
        }
        return;
    }
    for (size_t i = 0; i < n_start; i++)
        work_cell(w, m, start[i]);
}

/* the one unknown of relation r and its value; false when not solvable */
static bool solve_one(const at_model *m, const at_state *s, uint32_t r, size_t *cell, double *x)
{
    const at_rel *rel = &m->rel[r];
    const uint32_t *t = m->term_cell + rel->start;
    if (rel->kind == AR_LIN) {
        const int32_t *k = m->term_coef + rel->start;
        size_t u = SIZE_MAX;
        long double sum = 0;
        for (uint32_t i = 0; i < rel->len; i++) {
            if (isnan(s->val[t[i]])) {
                if (u != SIZE_MAX)
                    return false;
                u = i;
            } else {
                sum += (long double)k[i] * s->val[t[i]];
            }
        }
        if (u == SIZE_MAX)
            return false;
        *cell = t[u];
        *x = (double)(-sum / k[u]);
        return true;
    }
    if (rel->kind != AR_RATIO)
        return false;
    double v = s->val[t[0]], n = s->val[t[1]], d = s->val[t[2]], f = rel->factor;
    int unknown = isnan(v) + isnan(n) + isnan(d);
    if (unknown != 1)
        return false;
    if (isnan(v) && d != 0) {
        *cell = t[0];
        *x = f * n / d;
    } else if (isnan(n)) {
        *cell = t[1];
        *x = v * d / f;
    } else if (isnan(d) && v != 0) {
        *cell = t[2];
        *x = f * n / v;
    } else {
        return false;
    }
    return isfinite(*x);
}

static long peel_list(const at_model *m, at_state *s, worklist *w)
{
    long got = 0;
    while (w->n) {
        uint32_t r = w->r[--w->n];
        w->in[r] = 0;
        size_t c;
        double x;
        if (!solve_one(m, s, r, &c, &x))
            continue;
        s->val[c] = settle(m, c, x);
        s->lo[c] = s->hi[c] = s->val[c];
        s->how[c] = m->rel[r].family;
        s->by[c] = r;
        got++;
        work_cell(w, m, c);
    }
    return got;
}

long at_peel(const at_model *m, at_state *s, const uint32_t *start, size_t n_start)
{
    worklist w;
    if (!work_init(&w, m)) {
        work_free(&w);
        return -1;
    }
    work_start(&w, m, start, n_start);
    long got = peel_list(m, s, &w);
    work_free(&w);
    return got;
}

/* ---- bounds ---- */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

typedef struct {
    const at_model *m;
    at_state *s;
    worklist *w;
    worklist *peel;
    long pinned;
} bounder;

static void tighten(bounder *b, size_t c, double lo, double hi, uint32_t r)
{
    at_state *s = b->s;
    if (!isnan(s->val[c]))
        return;
    bool integral = b->m->ind[b->m->cell[c].ind].integral;
    if (integral) {
        if (lo > -INFINITY)
            lo = ceil(lo - 1e-6);
        if (hi < INFINITY)
            hi = floor(hi + 1e-6);
    }
    double step = integral ? 0.5 : 1e-4 * fmax(1.0, fmax(isfinite(lo) ? fabs(lo) : 0, isfinite(hi) ? fabs(hi) : 0));
    bool moved = false;
    if (lo > s->lo[c] + step) {
        s->lo[c] = lo;
        moved = true;
    }
    if (hi < s->hi[c] - step) {
        s->hi[c] = hi;
        moved = true;
    }
    if (!moved)
        return;
    s->by[c] = r;
    if (s->lo[c] > s->hi[c] + 1e-6 * fmax(1.0, fabs(s->hi[c])))
        return; /* infeasible here (rounding): the self-check judges */
    if (isfinite(s->lo[c]) && isfinite(s->hi[c]) && s->hi[c] - s->lo[c] <= 1e-9 * fmax(1.0, fabs(s->hi[c]))) {
        s->val[c] = settle(b->m, c, (s->lo[c] + s->hi[c]) / 2);
        /* pinned by a cohort's inequality, or by bounds through the others */
        s->how[c] = b->m->rel[r].family == AUDIT_COHORT ? AUDIT_COHORT : AUDIT_BOUNDS;
        b->pinned++;
        work_cell(b->peel, b->m, c);
        b->pinned += peel_list(b->m, s, b->peel);
    }
    work_cell(b->w, b->m, c);
}

static void bound_lin(bounder *b, uint32_t r)
{
    const at_model *m = b->m;
    const at_state *s = b->s;
    const at_rel *rel = &m->rel[r];
    const uint32_t *t = m->term_cell + rel->start;
    const int32_t *k = m->term_coef + rel->start;
    /* sum of k x = 0: each term's range [mn, mx] */
    int inf_lo = 0, inf_hi = 0;
    long double slo = 0, shi = 0;
    for (uint32_t i = 0; i < rel->len; i++) {
        double lo = isnan(s->val[t[i]]) ? s->lo[t[i]] : s->val[t[i]];
        double hi = isnan(s->val[t[i]]) ? s->hi[t[i]] : s->val[t[i]];
        double mn = k[i] > 0 ? k[i] * lo : k[i] * hi, mx = k[i] > 0 ? k[i] * hi : k[i] * lo;
        if (mn == -INFINITY)
            inf_lo++;
        else
            slo += mn;
        if (mx == INFINITY)
            inf_hi++;
        else
            shi += mx;
    }
    for (uint32_t i = 0; i < rel->len; i++) {
        size_t c = t[i];
        if (!isnan(s->val[c]))
            continue;
        double lo = s->lo[c], hi = s->hi[c];
        double mn = k[i] > 0 ? k[i] * lo : k[i] * hi, mx = k[i] > 0 ? k[i] * hi : k[i] * lo;
        /* k x = -(the others) */
        double olo = inf_lo - (mn == -INFINITY) > 0 ? -INFINITY : (double)(slo - (mn == -INFINITY ? 0 : mn));
        double ohi = inf_hi - (mx == INFINITY) > 0 ? INFINITY : (double)(shi - (mx == INFINITY ? 0 : mx));
        double nlo, nhi;
        if (k[i] > 0) {
            nlo = -ohi / k[i];
            nhi = -olo / k[i];
        } else {
            nlo = -olo / k[i];
            nhi = -ohi / k[i];
        }
        tighten(b, c, nlo, nhi, r);
    }
}

static double range_lo(const at_state *s, size_t c)
{
    return isnan(s->val[c]) ? s->lo[c] : s->val[c];
}

static double range_hi(const at_state *s, size_t c)
{
    return isnan(s->val[c]) ? s->hi[c] : s->val[c];
}

static double quotient(double a, double b)
{
    if (b == 0)
        return a > 0 ? INFINITY : 0;
    return isinf(b) ? 0 : a / b;
}

static void bound_ratio(bounder *b, uint32_t r)
{
    const at_rel *rel = &b->m->rel[r];
    const uint32_t *t = b->m->term_cell + rel->start;
    double f = rel->factor;
    double vl = range_lo(b->s, t[0]), vh = range_hi(b->s, t[0]);
    double nl = range_lo(b->s, t[1]), nh = range_hi(b->s, t[1]);
    double dl = range_lo(b->s, t[2]), dh = range_hi(b->s, t[2]);
    if (vl < 0 || nl < 0 || dl < 0)
        return; /* signs unknown: nothing safe to say */
    tighten(b, t[0], quotient(f * nl, dh), isinf(nh) ? INFINITY : quotient(f * nh, dl), r);
    tighten(b, t[1], vl * dl / f, isinf(vh) || isinf(dh) ? INFINITY : vh * dh / f, r);
    tighten(b, t[2], quotient(f * nl, vh), isinf(nh) ? INFINITY : quotient(f * nh, vl), r);
}

static void bound_le(bounder *b, uint32_t r)
{
    const at_rel *rel = &b->m->rel[r];
    const uint32_t *t = b->m->term_cell + rel->start;
    tighten(b, t[0], -INFINITY, range_hi(b->s, t[1]), r);
    tighten(b, t[1], range_lo(b->s, t[0]), INFINITY, r);
}

long at_bounds(const at_model *m, at_state *s, const uint32_t *start, size_t n_start, double budget)
{
    worklist w, p;
    unsigned char *evals = calloc(m->n_rel ? m->n_rel : 1, 1);
    bool ok = work_init(&w, m) & work_init(&p, m) && evals;
    if (!ok) {
        work_free(&w);
        work_free(&p);
        free(evals);
        return -1;
    }
    work_start(&w, m, start, n_start);
    bounder b = {m, s, &w, &p, 0};
    double t0 = now();
    for (long steps = 0; w.n; steps++) {
        if ((steps & 4095) == 0 && now() - t0 > budget)
            break;
        uint32_t r = w.r[--w.n];
        w.in[r] = 0;
        if (evals[r] >= 30)
            continue; /* slow convergence (bounds creeping by one): stop there */
        evals[r]++;
        if (m->rel[r].kind == AR_LIN)
            bound_lin(&b, r);
        else if (m->rel[r].kind == AR_RATIO)
            bound_ratio(&b, r);
        else
            bound_le(&b, r);
    }
    work_free(&w);
    work_free(&p);
    free(evals);
    return b.pinned;
}

/* ---- exact combinations ---- */
static int unknowns_of(const at_model *m, const at_state *s, uint32_t r)
{
    int n = 0;
    for (uint32_t i = 0; i < m->rel[r].len; i++)
        n += isnan(s->val[m->term_cell[m->rel[r].start + i]]);
    return n;
}

long at_combinations(const at_model *m, at_state *s, const uint32_t *start, size_t n_start)
{
    /* the linear relations with two unknowns or more: all, or those
     * reachable from start through unknown cells */
    unsigned char *take = calloc(m->n_rel ? m->n_rel : 1, 1);
    uint32_t *queue = malloc((m->n_cells ? m->n_cells : 1) * sizeof *queue);
    unsigned char *seen = calloc(m->n_cells ? m->n_cells : 1, 1);
    if (!take || !queue || !seen) {
        free(take);
        free(queue);
        free(seen);
        return -1;
    }
    if (!start) {
        for (size_t r = 0; r < m->n_rel; r++)
            take[r] = m->rel[r].kind == AR_LIN && unknowns_of(m, s, (uint32_t)r) >= 2;
    } else {
        size_t head = 0, tail = 0;
        for (size_t i = 0; i < n_start; i++)
            if (!seen[start[i]]) {
                seen[start[i]] = 1;
                queue[tail++] = start[i];
            }
        while (head < tail) {
            size_t c = queue[head++];
            for (size_t i = m->rel_start[c]; i < m->rel_start[c + 1]; i++) {
                uint32_t r = m->rel_of[i];
                if (take[r] || m->rel[r].kind != AR_LIN || unknowns_of(m, s, r) < 2)
                    continue;
                take[r] = 1;
                for (uint32_t j = 0; j < m->rel[r].len; j++) {
                    uint32_t x = m->term_cell[m->rel[r].start + j];
                    if (isnan(s->val[x]) && !seen[x]) {
                        seen[x] = 1;
                        queue[tail++] = x;
                    }
                }
            }
        }
    }
    lin_system sys;
    lin_init(&sys);
    bool ok = true;
    for (size_t r = 0; ok && r < m->n_rel; r++) {
        if (!take[r])
            continue;
        for (uint32_t j = 0; ok && j < m->rel[r].len; j++) {
            uint32_t x = m->term_cell[m->rel[r].start + j];
            if (isnan(s->val[x]))
                ok = lin_add_term(&sys, x, m->term_coef[m->rel[r].start + j]);
        }
        ok = ok && lin_end_equation(&sys);
    }
    int64_t *cells = NULL;
    size_t n = 0;
    ok = ok && lin_determined(&sys, &cells, &n);
    long got = 0;
    for (size_t i = 0; ok && i < n; i++) {
        size_t c = (size_t)cells[i];
        if (!isnan(s->val[c]))
            continue;
        /* the combination gives its exact value: the true one */
        s->val[c] = s->lo[c] = s->hi[c] = m->cell[c].raw;
        s->how[c] = AUDIT_COMBINATION;
        s->by[c] = AT_NO_REL;
        for (size_t k = m->rel_start[c]; k < m->rel_start[c + 1]; k++)
            if (take[m->rel_of[k]]) {
                s->by[c] = m->rel_of[k];
                break;
            }
        got++;
    }
    free(cells);
    lin_free(&sys);
    free(take);
    free(queue);
    free(seen);
    return ok ? got : -1;
}
