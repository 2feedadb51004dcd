#include "indicators/linear/linear_span.h"

#include <stdlib.h>
#include <string.h>

#include "indicators/linear/dense_row.h"
#include "indicators/linear/linear_span_private.h"
#include "indicators/linear/modp.h"

lin_span *lin_span_new(size_t n_pos, size_t n_tracked)
{
    lin_span *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->n_pos = n_pos;
    s->w.row.n = n_pos;
    s->n_tracked = n_tracked;
    size_t np = n_pos ? n_pos : 1, nt = n_tracked ? n_tracked : 1;
    s->start = calloc(np, sizeof *s->start);
    s->len = calloc(np, sizeof *s->len);
    s->cstart = calloc(np, sizeof *s->cstart);
    s->clen = calloc(np, sizeof *s->clen);
    s->w.row.val = calloc(np, sizeof *s->w.row.val);
    s->w.row.nz = calloc((np + DENSE_ROW_WORD - 1) / DENSE_ROW_WORD, sizeof *s->w.row.nz);
    s->w.combo = calloc(nt, sizeof *s->w.combo);
    s->w.touched = malloc(nt * sizeof *s->w.touched);
    s->w.is_touched = calloc(nt, 1);
    if (!s->start || !s->len || !s->cstart || !s->clen || !s->w.row.val || !s->w.row.nz || !s->w.combo ||
        !s->w.touched || !s->w.is_touched) {
        lin_span_free(s);
        return NULL;
    }
    return s;
}

void lin_span_free(lin_span *s)
{
    if (!s)
        return;
    free(s->start);
    free(s->len);
    free(s->cstart);
    free(s->clen);
    free(s->pos);
    free(s->val);
    free(s->cidx);
    free(s->cval);
    free(s->w.row.val);
    free(s->w.row.nz);
    free(s->w.combo);
    free(s->w.touched);
    free(s->w.is_touched);
    span_forms_free(s->forms);
    free(s);
}

static void add_combo(work *w, size_t k, uint32_t v)
{
    if (!w->is_touched[k]) {
        w->is_touched[k] = 1;
        w->touched[w->n_touched++] = k;
    }
    w->combo[k] = modp_add(w->combo[k], v);
}

/* Loads a sparse vector into the work row. */
static void load(lin_span *s, const uint32_t *pos, const int32_t *coef, size_t len)
{
    for (size_t i = 0; i < len; i++)
        dense_row_set(&s->w.row, pos[i], modp_add(s->w.row.val[pos[i]], modp_of(coef[i])));
}

/* Subtracts the rows of the echelon form until the work row is zero or
 * leads with a coordinate that has no row yet; returns that coordinate
 * (n_pos when zero). The combination follows. */
static size_t reduce(lin_span *s)
{
    work *w = &s->w;
    size_t p = dense_row_next(&w->row, 0);
    while (p < s->n_pos && s->len[p]) {
        uint32_t f = w->row.val[p];
        const uint32_t *ps = s->pos + s->start[p], *vs = s->val + s->start[p];
        for (size_t k = 0; k < s->len[p]; k++)
            dense_row_set(&w->row, ps[k], modp_sub(w->row.val[ps[k]], modp_mul(f, vs[k])));
        for (size_t k = 0; k < s->clen[p]; k++)
            add_combo(w, s->cidx[s->cstart[p] + k], modp_sub(0, modp_mul(f, s->cval[s->cstart[p] + k])));
        p = dense_row_next(&w->row, p + 1);
    }
    return p;
}

static void clear(lin_span *s)
{
    work *w = &s->w;
    dense_row_clear(&w->row);
    for (size_t i = 0; i < w->n_touched; i++) {
        w->combo[w->touched[i]] = 0;
        w->is_touched[w->touched[i]] = 0;
    }
    w->n_touched = 0;
}

/* Stores the work row, leading at p, as a new row of the echelon form. */
static bool store(lin_span *s, size_t p)
{
    work *w = &s->w;
    size_t len = 0;
    for (size_t q = p; q < s->n_pos; q = dense_row_next(&w->row, q + 1))
        len++;
    size_t cap = s->cap;
    uint32_t *pos = pool_reserve(s->pos, &cap, s->used + len, sizeof *pos);
    if (!pos)
        return false;
    s->pos = pos;
    if (cap != s->cap) {
        uint32_t *val = realloc(s->val, cap * sizeof *val);
        if (!val)
            return false;
        s->val = val;
        s->cap = cap;
    }
    size_t ccap = s->ccap;
    size_t *cidx = pool_reserve(s->cidx, &ccap, s->cused + w->n_touched, sizeof *cidx);
    if (!cidx)
        return false;
    s->cidx = cidx;
    if (ccap != s->ccap) {
        uint32_t *cval = realloc(s->cval, ccap * sizeof *cval);
        if (!cval)
            return false;
        s->cval = cval;
        s->ccap = ccap;
    }
    uint32_t inv = modp_inverse(w->row.val[p]);
    s->start[p] = s->used;
    s->len[p] = len;
    for (size_t q = p; q < s->n_pos; q = dense_row_next(&w->row, q + 1)) {
        s->pos[s->used] = (uint32_t)q;
        s->val[s->used++] = modp_mul(w->row.val[q], inv);
    }
    s->cstart[p] = s->cused;
    for (size_t i = 0; i < w->n_touched; i++) {
        size_t k = w->touched[i];
        if (w->combo[k]) {
            s->cidx[s->cused] = k;
            s->cval[s->cused++] = modp_mul(w->combo[k], inv);
        }
    }
    s->clen[p] = s->cused - s->cstart[p];
    s->rank++;
    return !s->forms || span_forms_row_added(s, p);
}

bool lin_span_add(lin_span *s, const uint32_t *pos, const int32_t *coef, size_t len, size_t tracked)
{
    load(s, pos, coef, len);
    if (tracked != LIN_UNTRACKED)
        add_combo(&s->w, tracked, 1);
    size_t p = reduce(s);
    /* a vector the others already give adds nothing (nor does its
     * combination: it is a dependency, and tracked vectors take part in none) */
    bool ok = p >= s->n_pos || store(s, p);
    clear(s);
    return ok;
}

bool lin_span_express(lin_span *s, const uint32_t *pos, const int32_t *coef, size_t len, uint32_t *z)
{
    load(s, pos, coef, len);
    bool in = reduce(s) >= s->n_pos;
    /* v - sum f_k row_k = 0, and the work combination holds -sum f_k combo_k */
    if (in) {
        memset(z, 0, s->n_tracked * sizeof *z);
        for (size_t i = 0; i < s->w.n_touched; i++)
            z[s->w.touched[i]] = modp_sub(0, s->w.combo[s->w.touched[i]]);
    }
    clear(s);
    return in;
}
