/* Linear forms on the span of linear_span.c (see linear_span.h), kept up to
 * date as rows are added rather than computed again over the whole echelon
 * form: secondary suppression asks for them once per given-back cell, and
 * nationally a block's echelon form holds hundreds of thousands of entries
 * while a new row changes the forms at a few coordinates.
 *
 * Both kinds of form y are solved from the rows: for the row leading at q,
 * y_q = b_q - sum_{p > q} y_p row_q[p] (a row holds no coordinate before
 * its leading one), with b_q = row q's coefficient of tracked vector k for
 * the functional and 0 for an orthogonal form, whose coordinates that lead
 * no row are drawn at random. When y_p changes, only the rows holding p
 * need solving again, and they lead before p: the rows are solved from the
 * highest leading coordinate down (a heap), each once, starting from the
 * rows that changed. */
#include <stdlib.h>
#include <string.h>

#include "indicators/linear/linear_span_private.h"
#include "indicators/linear/modp.h"

#define NONE ((size_t)-1)

/* Lists of row numbers (leading coordinates) hanging from heads, in one pool. */
typedef struct {
    size_t *head;        /* per key, its first entry or NONE */
    size_t *row, *next;  /* per entry */
    size_t used, cap;
} row_lists;

struct span_forms {
    row_lists holding;   /* per coordinate: the rows holding it after their leading one */
    row_lists combining; /* per tracked vector: the rows whose combination holds it */
    uint32_t *y;         /* the functional, zero but at y_nz[0..n_y_nz - 1] */
    size_t *y_nz, n_y_nz, y_for, y_rank;
    uint32_t *r[2];      /* the orthogonal forms */
    size_t *pending, n_pending; /* rows added since the orthogonal forms were brought up to date */
    size_t *heap, n_heap;
    unsigned char *queued, *in_y;
};

static bool lists_init(row_lists *l, size_t n_keys)
{
    l->head = malloc((n_keys ? n_keys : 1) * sizeof *l->head);
    if (!l->head)
        return false;
    for (size_t i = 0; i < n_keys; i++)
        l->head[i] = NONE;
    return true;
}

static bool lists_add(row_lists *l, size_t key, size_t row)
{
    size_t cap = l->cap;
    size_t *r = pool_reserve(l->row, &cap, l->used + 1, sizeof *r);
    if (!r)
        return false;
    l->row = r;
    if (cap != l->cap) {
        size_t *n = realloc(l->next, cap * sizeof *n);
        if (!n)
            return false;
        l->next = n;
        l->cap = cap;
    }
    l->row[l->used] = row;
    l->next[l->used] = l->head[key];
    l->head[key] = l->used++;
    return true;
}

static void lists_free(row_lists *l)
{
    free(l->head);
    free(l->row);
    free(l->next);
}

void span_forms_free(span_forms *f)
{
    if (!f)
        return;
    lists_free(&f->holding);
    lists_free(&f->combining);
    free(f->y);
    free(f->y_nz);
    free(f->r[0]);
    free(f->r[1]);
    free(f->pending);
    free(f->heap);
    free(f->queued);
    free(f->in_y);
    free(f);
}

static bool index_row(lin_span *s, size_t p)
{
    span_forms *f = s->forms;
    bool ok = true;
    for (size_t i = 1; ok && i < s->len[p]; i++) /* entry 0 is p itself */
        ok = lists_add(&f->holding, s->pos[s->start[p] + i], p);
    for (size_t i = 0; ok && i < s->clen[p]; i++)
        ok = lists_add(&f->combining, s->cidx[s->cstart[p] + i], p);
    return ok;
}

bool span_forms_row_added(lin_span *s, size_t p)
{
    span_forms *f = s->forms;
    if (!index_row(s, p))
        return false;
    f->pending[f->n_pending++] = p; /* at most one row per coordinate */
    return true;
}

/* The forms and their indexes, from the rows stored so far. */
static bool forms_start(lin_span *s)
{
    size_t np = s->n_pos ? s->n_pos : 1;
    span_forms *f = calloc(1, sizeof *f);
    if (!f)
        return false;
    s->forms = f;
    f->y = calloc(np, sizeof *f->y);
    f->y_nz = malloc(np * sizeof *f->y_nz);
    f->r[0] = malloc(np * sizeof *f->r[0]);
    f->r[1] = malloc(np * sizeof *f->r[1]);
    f->pending = malloc(np * sizeof *f->pending);
    f->heap = malloc(np * sizeof *f->heap);
    f->queued = calloc(np, 1);
    f->in_y = calloc(np, 1);
    f->y_for = NONE;
    bool ok = f->y && f->y_nz && f->r[0] && f->r[1] && f->pending && f->heap && f->queued && f->in_y &&
              lists_init(&f->holding, s->n_pos) && lists_init(&f->combining, s->n_tracked);
    for (size_t p = 0; ok && p < s->n_pos; p++)
        if (s->len[p])
            ok = index_row(s, p);
    /* random on every coordinate; the leading ones are solved below, all
     * of them pending */
    uint64_t seed[2] = {0x6f62735f72300000u, 0x6f62735f72310000u};
    for (size_t p = 0; ok && p < s->n_pos; p++) {
        f->r[0][p] = modp_random_nonzero(&seed[0]);
        f->r[1][p] = modp_random_nonzero(&seed[1]);
        if (s->len[p])
            f->pending[f->n_pending++] = p;
    }
    return ok;
}

static void heap_push(span_forms *f, size_t q)
{
    if (f->queued[q])
        return;
    f->queued[q] = 1;
    size_t i = f->n_heap++;
    while (i > 0 && f->heap[(i - 1) / 2] < q) {
        f->heap[i] = f->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    f->heap[i] = q;
}

static size_t heap_pop(span_forms *f)
{
    size_t top = f->heap[0], last = f->heap[--f->n_heap], i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= f->n_heap)
            break;
        if (c + 1 < f->n_heap && f->heap[c + 1] > f->heap[c])
            c++;
        if (f->heap[c] <= last)
            break;
        f->heap[i] = f->heap[c];
        i = c;
    }
    if (f->n_heap)
        f->heap[i] = last;
    f->queued[top] = 0;
    return top;
}

/* Row q's coefficient of tracked vector k in its combination. */
static uint32_t combination_of(const lin_span *s, size_t q, size_t k)
{
    for (size_t i = 0; i < s->clen[q]; i++)
        if (s->cidx[s->cstart[q] + i] == k)
            return s->cval[s->cstart[q] + i];
    return 0;
}

/* Solves the queued rows of y again, and the rows each change reaches.
 * k: the tracked vector of the functional (NONE: an orthogonal form);
 * list_nonzero: list the coordinates that become non-zero in f->y_nz. */
static void solve_queued(const lin_span *s, uint32_t *y, size_t k, span_forms *f, bool list_nonzero)
{
    while (f->n_heap) {
        size_t q = heap_pop(f);
        uint32_t acc = k == NONE ? 0 : combination_of(s, q, k);
        const uint32_t *ps = s->pos + s->start[q], *vs = s->val + s->start[q];
        for (size_t i = 1; i < s->len[q]; i++)
            if (y[ps[i]])
                acc = modp_sub(acc, modp_mul(y[ps[i]], vs[i]));
        if (acc == y[q])
            continue;
        if (list_nonzero && !f->in_y[q]) {
            f->in_y[q] = 1;
            f->y_nz[f->n_y_nz++] = q;
        }
        y[q] = acc;
        for (size_t e = f->holding.head[q]; e != NONE; e = f->holding.next[e])
            heap_push(f, f->holding.row[e]);
    }
}

const uint32_t *lin_span_functional(lin_span *s, size_t k)
{
    if (!s->forms && !forms_start(s))
        return NULL;
    span_forms *f = s->forms;
    if (f->y_for == k && f->y_rank == s->rank)
        return f->y;
    for (size_t i = 0; i < f->n_y_nz; i++) {
        f->y[f->y_nz[i]] = 0;
        f->in_y[f->y_nz[i]] = 0;
    }
    f->n_y_nz = 0;
    /* every other row solves to 0 */
    for (size_t e = k < s->n_tracked ? f->combining.head[k] : NONE; e != NONE; e = f->combining.next[e])
        heap_push(f, f->combining.row[e]);
    solve_queued(s, f->y, k, f, true);
    f->y_for = k;
    f->y_rank = s->rank;
    return f->y;
}

const uint32_t *lin_span_orthogonal(lin_span *s, int which)
{
    if (!s->forms && !forms_start(s))
        return NULL;
    span_forms *f = s->forms;
    if (f->n_pending) {
        for (int w = 0; w < 2; w++) {
            for (size_t i = 0; i < f->n_pending; i++)
                heap_push(f, f->pending[i]);
            solve_queued(s, f->r[w], NONE, f, false);
        }
        f->n_pending = 0;
    }
    return f->r[which];
}

uint32_t lin_span_dot(const uint32_t *y, const uint32_t *pos, const int32_t *coef, size_t len)
{
    uint32_t d = 0;
    for (size_t i = 0; i < len; i++)
        if (y[pos[i]])
            d = modp_add(d, modp_mul(y[pos[i]], modp_of(coef[i])));
    return d;
}
