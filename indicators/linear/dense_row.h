/* What the two exact eliminations of secondary suppression share
 * (linear_disclosure.c, linear_span.c): a row being reduced, dense over its
 * positions with a bitmap of the non-zero ones (to find the next pivot
 * quickly), and pools of rows that grow by doubling. */
#ifndef OBS_DENSE_ROW_H
#define OBS_DENSE_ROW_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

enum { DENSE_ROW_WORD = 64 };

/* lo .. hi: the words of nz that may hold a bit (none when lo > hi; a
 * row zero-initialised starts with word 0 only), so that finding the next
 * non-zero position and clearing the row never scan the whole bitmap: the
 * rows of a national block have hundreds of thousands of positions and a
 * handful of non-zeros. */
typedef struct {
    uint32_t *val;
    uint64_t *nz;
    size_t n;
    size_t lo, hi;
} dense_row;

static inline void dense_row_set(dense_row *w, size_t p, uint32_t v)
{
    w->val[p] = v;
    if (v) {
        size_t i = p / DENSE_ROW_WORD;
        w->nz[i] |= (uint64_t)1 << (p % DENSE_ROW_WORD);
        if (i < w->lo)
            w->lo = i;
        if (i > w->hi)
            w->hi = i;
    } else
        w->nz[p / DENSE_ROW_WORD] &= ~((uint64_t)1 << (p % DENSE_ROW_WORD));
}

/* The first non-zero position at or after p, or w->n. */
static inline size_t dense_row_next(const dense_row *w, size_t p)
{
    size_t words = (w->n + DENSE_ROW_WORD - 1) / DENSE_ROW_WORD;
    size_t i = p / DENSE_ROW_WORD, end = w->hi + 1 < words ? w->hi + 1 : words;
    if (i >= end || w->lo > w->hi)
        return w->n;
    uint64_t bits;
    if (i < w->lo) {
        i = w->lo;
        bits = w->nz[i];
    } else
        bits = w->nz[i] & (~(uint64_t)0 << (p % DENSE_ROW_WORD));
    while (!bits) {
        if (++i >= end)
            return w->n;
        bits = w->nz[i];
    }
    return i * DENSE_ROW_WORD + (size_t)__builtin_ctzll(bits);
}

/* Sets every position back to zero. */
static inline void dense_row_clear(dense_row *w)
{
    for (size_t p = dense_row_next(w, 0); p < w->n; p = dense_row_next(w, p + 1))
        dense_row_set(w, p, 0);
    w->lo = SIZE_MAX;
    w->hi = 0;
}

/* p with room for need elements (capacity *cap, doubled as needed; at
 * least one, so that an empty pool is allocated all the same), or NULL
 * when out of memory (p is then left as it was). */
static inline void *pool_reserve(void *p, size_t *cap, size_t need, size_t size)
{
    if (need == 0)
        need = 1;
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 256;
    while (n < need)
        n *= 2;
    void *q = realloc(p, n * size);
    if (q)
        *cap = n;
    return q;
}

#endif
