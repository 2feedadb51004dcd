#include "indicators/linear/linear_disclosure.h"

#include "indicators/linear/linear_blocks.h"

#include <stdlib.h>
#include <string.h>

#include "indicators/linear/dense_row.h"
#include "indicators/linear/modp.h"

void lin_init(lin_system *s)
{
    memset(s, 0, sizeof *s);
}

void lin_free(lin_system *s)
{
    free(s->eq_start);
    free(s->cell);
    free(s->coef);
    lin_init(s);
}

bool lin_add_term(lin_system *s, int64_t cell, int32_t coef)
{
    if (s->n_terms == s->cap_terms) {
        size_t cap = s->cap_terms ? 2 * s->cap_terms : 1024;
        int64_t *cells = realloc(s->cell, cap * sizeof *cells);
        if (!cells)
            return false;
        s->cell = cells;
        int32_t *coefs = realloc(s->coef, cap * sizeof *coefs);
        if (!coefs)
            return false;
        s->coef = coefs;
        s->cap_terms = cap;
    }
    s->cell[s->n_terms] = cell;
    s->coef[s->n_terms] = coef;
    s->n_terms++;
    return true;
}

bool lin_end_equation(lin_system *s)
{
    size_t *start = pool_reserve(s->eq_start, &s->cap_eq, s->n_eq + 2, sizeof *start);
    if (!start)
        return false;
    s->eq_start = start;
    if (s->n_eq == 0)
        s->eq_start[0] = 0;
    if (s->n_terms > s->eq_start[s->n_eq])
        s->eq_start[++s->n_eq] = s->n_terms;
    return true;
}

int lin_cmp_cell(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The pivot rows of one block, sparse, each starting with its pivot
 * (coefficient 1) and sorted by position. */
typedef struct {
    size_t *start, *len;    /* per position: where its pivot row is, or len 0 when free */
    uint32_t *pos;          /* pool of the rows' positions */
    uint32_t *val;          /* and coefficients */
    size_t used, cap;
} pivots;

/* Reduces the row in w by the pivots; makes it a new pivot row when
 * something is left. */
static bool reduce_and_store(dense_row *w, pivots *pv)
{
    size_t p = dense_row_next(w, 0);
    while (p < w->n && pv->len[p]) {
        uint32_t f = w->val[p];
        const uint32_t *ps = pv->pos + pv->start[p], *vs = pv->val + pv->start[p];
        for (size_t k = 0; k < pv->len[p]; k++) {
            uint32_t q = ps[k];
            uint32_t sub = modp_mul(f, vs[k]);
            dense_row_set(w, q, modp_sub(w->val[q], sub));
        }
        p = dense_row_next(w, p + 1);
    }
    if (p >= w->n)
        return true; /* a consequence of the rows already there */
    size_t len = 0;
    for (size_t q = p; q < w->n; q = dense_row_next(w, q + 1))
        len++;
    size_t cap = pv->cap;
    uint32_t *pos = pool_reserve(pv->pos, &cap, pv->used + len, sizeof *pos);
    if (!pos)
        return false;
    pv->pos = pos;
    if (cap != pv->cap) {
        uint32_t *val = realloc(pv->val, cap * sizeof *val);
        if (!val)
            return false;
        pv->val = val;
        pv->cap = cap;
    }
    uint32_t inv = w->val[p] == 1 ? 1 : modp_inverse(w->val[p]);
    pv->start[p] = pv->used;
    pv->len[p] = len;
    for (size_t q = p; q < w->n; q = dense_row_next(w, q + 1)) {
        pv->pos[pv->used] = (uint32_t)q;
        pv->val[pv->used++] = modp_mul(w->val[q], inv);
    }
    return true;
}

typedef struct {
    size_t len;
    size_t eq;
} eq_order;

static int cmp_eq_order(const void *a, const void *b)
{
    const eq_order *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return (x->eq > y->eq) - (x->eq < y->eq);
}

/* One connected block: its n unknowns (block_vars, at positions 0..n-1
 * given by pos_of_var), its equations; writes each unknown's value in a
 * random solution of A x = 0 to value[variable]. */
static bool solve_block(const size_t *eq_start, const int32_t *coef, const size_t *var_of_term,
                        const size_t *pos_of_var, const size_t *block_vars, size_t n, eq_order *eqs, size_t n_eqs,
                        uint32_t *value)
{
    bool ok = false;
    pivots pv = {0};
    dense_row w = {.n = n};
    w.val = calloc(n, sizeof *w.val);
    w.nz = calloc((n + DENSE_ROW_WORD - 1) / DENSE_ROW_WORD, sizeof *w.nz);
    pv.start = calloc(n, sizeof *pv.start);
    pv.len = calloc(n, sizeof *pv.len);
    uint32_t *x = calloc(n, sizeof *x);
    if (!w.val || !w.nz || !pv.start || !pv.len || !x)
        goto done;
    /* short equations first: they make short pivot rows */
    qsort(eqs, n_eqs, sizeof *eqs, cmp_eq_order);
    for (size_t i = 0; i < n_eqs; i++) {
        size_t e = eqs[i].eq;
        for (size_t t = eq_start[e]; t < eq_start[e + 1]; t++) {
            size_t q = pos_of_var[var_of_term[t]];
            dense_row_set(&w, q, modp_add(w.val[q], modp_of(coef[t])));
        }
        if (!reduce_and_store(&w, &pv))
            goto done;
        dense_row_clear(&w);
    }
    /* a random solution of A x = 0: free unknowns drawn, the others follow */
    uint64_t seed = 20241124u + n;
    for (size_t q = n; q-- > 0;) {
        if (!pv.len[q]) {
            x[q] = modp_random_nonzero(&seed);
            continue;
        }
        uint64_t sum = 0;
        for (size_t k = 1; k < pv.len[q]; k++)
            sum = modp_reduce(sum + (uint64_t)pv.val[pv.start[q] + k] * x[pv.pos[pv.start[q] + k]]);
        x[q] = modp_sub(0, (uint32_t)sum);
    }
    for (size_t q = 0; q < n; q++)
        value[block_vars[q]] = x[q];
    ok = true;
done:
    free(w.val);
    free(w.nz);
    free(pv.start);
    free(pv.len);
    free(pv.pos);
    free(pv.val);
    free(x);
    return ok;
}

bool lin_null_vector(const lin_system *s, int64_t **cells, uint32_t **values, size_t *n_cells)
{
    *cells = NULL;
    *values = NULL;
    *n_cells = 0;
    if (s->n_terms == 0)
        return true;
    int64_t *vars = malloc(s->n_terms * sizeof *vars);
    size_t *var_of_term = malloc(s->n_terms * sizeof *var_of_term);
    uint32_t *value = NULL;
    bool ok = vars && var_of_term;
    size_t n = 0;
    if (ok) {
        /* the unknowns, numbered 0..n-1 in cell order */
        memcpy(vars, s->cell, s->n_terms * sizeof *vars);
        qsort(vars, s->n_terms, sizeof *vars, lin_cmp_cell);
        for (size_t i = 0; i < s->n_terms; i++)
            if (n == 0 || vars[n - 1] != vars[i])
                vars[n++] = vars[i];
        for (size_t t = 0; t < s->n_terms; t++)
            var_of_term[t] = (size_t)((int64_t *)bsearch(&s->cell[t], vars, n, sizeof *vars, lin_cmp_cell) - vars);
        value = malloc(n * sizeof *value);
        ok = value && lin_null_numbered(n, s->n_eq, s->eq_start, var_of_term, s->coef, value);
    }
    free(var_of_term);
    if (!ok) {
        free(vars);
        free(value);
        return false;
    }
    *cells = vars;
    *values = value;
    *n_cells = n;
    return true;
}

bool lin_null_numbered(size_t n, size_t n_eq, const size_t *eq_start, const size_t *var_of_term,
                       const int32_t *coef, uint32_t *value)
{
    if (n == 0)
        return true;
    bool ok = false;
    size_t *parent = NULL, *pos_of_var = NULL, *block_start = NULL, *block_vars = NULL, *fill = NULL;
    size_t *eq_block_start = NULL;
    eq_order *eqs = NULL;
    /* blocks: unknowns linked by some equation */
    parent = malloc(n * sizeof *parent);
    if (!parent)
        goto done;
    linear_blocks(n, n_eq, eq_start, var_of_term, parent);
    /* each block's unknowns together (block_vars), in number order, and
     * each unknown's position inside its block */
    block_start = calloc(n + 1, sizeof *block_start);
    block_vars = malloc(n * sizeof *block_vars);
    pos_of_var = malloc(n * sizeof *pos_of_var);
    fill = calloc(n, sizeof *fill);
    eq_block_start = calloc(n + 1, sizeof *eq_block_start);
    eqs = malloc((n_eq ? n_eq : 1) * sizeof *eqs);
    if (!block_start || !block_vars || !pos_of_var || !fill || !eq_block_start || !eqs)
        goto done;
    for (size_t v = 0; v < n; v++)
        block_start[parent[v] + 1]++;
    for (size_t r = 0; r < n; r++)
        block_start[r + 1] += block_start[r];
    for (size_t v = 0; v < n; v++) {
        size_t r = parent[v];
        pos_of_var[v] = fill[r];
        block_vars[block_start[r] + fill[r]++] = v;
    }
    /* each block's equations together */
    for (size_t e = 0; e < n_eq; e++)
        eq_block_start[parent[var_of_term[eq_start[e]]] + 1]++;
    for (size_t r = 0; r < n; r++)
        eq_block_start[r + 1] += eq_block_start[r];
    memset(fill, 0, n * sizeof *fill);
    for (size_t e = 0; e < n_eq; e++) {
        size_t r = parent[var_of_term[eq_start[e]]];
        eqs[eq_block_start[r] + fill[r]++] = (eq_order){eq_start[e + 1] - eq_start[e], e};
    }
    for (size_t r = 0; r < n; r++) {
        size_t nv = block_start[r + 1] - block_start[r];
        if (nv == 0)
            continue;
        if (!solve_block(eq_start, coef, var_of_term, pos_of_var, block_vars + block_start[r], nv,
                         eqs + eq_block_start[r], eq_block_start[r + 1] - eq_block_start[r], value))
            goto done;
    }
    ok = true;
done:
    free(parent);
    free(pos_of_var);
    free(block_start);
    free(block_vars);
    free(fill);
    free(eq_block_start);
    free(eqs);
    return ok;
}

bool lin_determined(const lin_system *s, int64_t **cells, size_t *n_cells)
{
    uint32_t *value;
    size_t n;
    if (!lin_null_vector(s, cells, &value, &n))
        return false;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (value[i] == 0)
            (*cells)[k++] = (*cells)[i];
    free(value);
    *n_cells = k;
    if (k == 0) {
        free(*cells);
        *cells = NULL;
    }
    return true;
}
