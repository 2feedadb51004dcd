/* The choice of victims against combinations of equations (see
 * combined_victims in secret_combined.h).
 *
 * Let A_H be the columns of the hidden cells. A hidden cell j is given back
 * when no linear dependency among these columns involves a_j. Hiding a
 * published cell w adds its column a_w:
 *  - if a_w is not a combination of A_H, w itself is given back (some
 *    combination of equations isolates it), and every cell given back
 *    before still is;
 *  - if a_w = A_H z, w is protected, and so is each given-back cell j with
 *    z_j != 0 (the dependency a_w - A_H z now involves a_j); z_j is the same
 *    for every such z.
 * So the victim for j is a published cell whose column is a combination of
 * the hidden ones with j in it (linear_span.h tells both at once), the
 * nearest first (in j's smallest group), parts before totals, the smallest
 * value first. Such a victim is never the only hidden cell of a group (its
 * column would have a coordinate no hidden column has), so the group rule
 * needs nothing more. Only when no published cell nearby qualifies is a
 * cell hidden that will be given back itself: it widens the span for the
 * next round. */
#include <stdlib.h>
#include <string.h>

#include "indicators/linear/linear_span.h"
#include "engine/core/log.h"
#include "indicators/secret/secret_combined_dump.h"
#include "indicators/secret/secret_combined_private.h"
#include "indicators/secret/secret_trace.h"

enum {
    ROUNDS = 30,     /* rounds in a block, each followed by a solve */
    MAX_TESTS = 2048,    /* candidates tested for one given-back cell */
    MAX_GATHERED = 2048, /* candidates gathered for one given-back cell */
    MAX_RING = 4,        /* rings of groups searched around a given-back cell */
    MAX_WIDENING = 4096, /* cells hidden in a round of a block that are given back themselves, tracked */
};

/* A published cell that could be hidden, and how near and small it is. */
typedef struct {
    size_t v;
    int ring;      /* 1: in a group of j; r: in a group of a cell of ring r - 1 */
    size_t eq_len; /* the size of the (smallest) group it was found in */
    int lone;      /* groups it would be the only hidden cell of */
    int total;
    double x;
} candidate;

/* Scratch shared by the blocks. */
typedef struct {
    combined *c;
    size_t *eq_pos;    /* per equation: its coordinate in its block */
    size_t *track;     /* per variable: its number among the given-back cells */
    unsigned *mark;    /* per variable: the stamp of the last gathering */
    unsigned *eq_mark; /* per equation: the stamp of the last gathering that read it */
    unsigned stamp;
    uint32_t *col_pos;
    int32_t *col_coef;
    size_t col_cap;
    uint32_t *z;       /* per given-back cell of the block */
    /* per equation of the block, the screens (draw_screens): y gives z[k]
     * of any cell of the span, r1 and r2 are orthogonal to the span */
    const uint32_t *y, *r1, *r2;
    candidate *cand;
    size_t n_cand, cap_cand;
    size_t *queue, n_queue, ring_from; /* cells reached by the search, by ring */
    lin_span *span;
} chooser;

/* The column of variable v over its block's equations, in ch->col_*. */
static bool column_of(chooser *ch, size_t v, size_t *len)
{
    const combined *c = ch->c;
    size_t n = c->var_start[v + 1] - c->var_start[v];
    if (n > ch->col_cap) {
        uint32_t *p = realloc(ch->col_pos, n * sizeof *p);
        if (!p)
            return false;
        ch->col_pos = p;
        int32_t *k = realloc(ch->col_coef, n * sizeof *k);
        if (!k)
            return false;
        ch->col_coef = k;
        ch->col_cap = n;
    }
    for (size_t i = 0; i < n; i++) {
        size_t t = c->var_terms[c->var_start[v] + i];
        ch->col_pos[i] = (uint32_t)ch->eq_pos[c->eq_of_term[t]];
        ch->col_coef[i] = c->coef[t];
    }
    *len = n;
    return true;
}

/* The span of block b's hidden columns, the given-back cells det[0..n_det-1]
 * tracked (numbers up to n_tracked - 1 left for more). */
static bool build_span(chooser *ch, size_t b, const size_t *det, size_t n_det, size_t n_tracked)
{
    const combined *c = ch->c;
    lin_span_free(ch->span);
    size_t n_eq = c->block_eq_start[b + 1] - c->block_eq_start[b];
    ch->span = lin_span_new(n_eq, n_tracked);
    if (!ch->span)
        return false;
    for (size_t i = 0; i < n_eq; i++)
        ch->eq_pos[c->block_eqs[c->block_eq_start[b] + i]] = i;
    for (size_t k = 0; k < n_det; k++)
        ch->track[det[k]] = k;
    bool ok = true;
    for (size_t i = c->block_var_start[b]; ok && i < c->block_var_start[b + 1]; i++) {
        size_t v = c->block_vars[i], len;
        if (c->secret[v])
            ok = column_of(ch, v, &len) && lin_span_add(ch->span, ch->col_pos, ch->col_coef, len, ch->track[v]);
    }
    for (size_t k = 0; k < n_det; k++)
        ch->track[det[k]] = LIN_UNTRACKED;
    return ok;
}

/* Whether the column in ch->col_* (len terms) is in the span (then ch->z
 * holds its combination). */
static bool column_in_span(chooser *ch, size_t len)
{
    return lin_span_express(ch->span, ch->col_pos, ch->col_coef, len, ch->z);
}

/* Whether w's column is in the span (then ch->z holds its combination). */
static bool in_span(chooser *ch, size_t w, bool *in)
{
    size_t len;
    if (!column_of(ch, w, &len))
        return false;
    *in = column_in_span(ch, len);
    return true;
}

static bool push_candidate(chooser *ch, candidate k)
{
    if (ch->n_cand == ch->cap_cand) {
        size_t cap = ch->cap_cand ? 2 * ch->cap_cand : 256;
        candidate *p = realloc(ch->cand, cap * sizeof *p);
        if (!p)
            return false;
        ch->cand = p;
        ch->cap_cand = cap;
    }
    ch->cand[ch->n_cand++] = k;
    return true;
}

/* The groups published cell w would be the only hidden cell of. */
static int lone_groups(const combined *c, size_t w)
{
    int lone = 0;
    for (size_t i = c->var_start[w]; i < c->var_start[w + 1]; i++)
        lone += c->nsecret[c->eq_of_term[c->var_terms[i]]] == 0;
    return lone;
}

/* The members of equation e not seen yet: queued for the next ring, and
 * the published ones gathered as candidates. */
static bool gather_equation(chooser *ch, size_t e, int ring)
{
    const combined *c = ch->c;
    /* read once per search: a second reading finds every cell marked (or
     * the candidates already at MAX_GATHERED), so adds nothing. Nationally,
     * each of France's thousands of communes reached by a search read
     * France's group of them again (most of the combinations' time). */
    if (ch->eq_mark[e] == ch->stamp)
        return true;
    ch->eq_mark[e] = ch->stamp;
    size_t len = c->eq_start[e + 1] - c->eq_start[e];
    for (size_t t = c->eq_start[e]; t < c->eq_start[e + 1] && ch->n_cand < MAX_GATHERED; t++) {
        size_t w = c->var_of_term[t];
        if (ch->mark[w] == ch->stamp)
            continue;
        ch->mark[w] = ch->stamp;
        ch->queue[ch->n_queue++] = w;
        if (c->secret[w])
            continue;
        if (!push_candidate(ch, (candidate){w, ring, len, lone_groups(c, w), c->coef[t] > 0, c->x[w]}))
            return false;
    }
    return true;
}

/* Starts a search around cells[0..n-1]: no candidate yet, ring 0 = them. */
static void gather_begin(chooser *ch, const size_t *cells, size_t n)
{
    if (++ch->stamp == 0) { /* wrapped: start the stamps again */
        memset(ch->mark, 0, ch->c->n_vars * sizeof *ch->mark);
        memset(ch->eq_mark, 0, ch->c->n_eq * sizeof *ch->eq_mark);
        ch->stamp = 1;
    }
    ch->n_cand = ch->n_queue = 0;
    for (size_t i = 0; i < n; i++) {
        ch->mark[cells[i]] = ch->stamp;
        ch->queue[ch->n_queue++] = cells[i];
    }
    ch->ring_from = 0;
}

/* Gathers (appends) the published cells of the next ring: those of the
 * groups of the cells of the ring before, a cell's groups by increasing
 * size (a candidate in two of them counts as near as the smaller). Stops
 * at MAX_GATHERED: a région's group holds hundreds of communes, each in
 * groups of its own. */
static bool gather_ring(chooser *ch, int ring)
{
    const combined *c = ch->c;
    size_t to = ch->n_queue;
    bool ok = true;
    for (size_t q = ch->ring_from; ok && q < to && ch->n_cand < MAX_GATHERED; q++) {
        size_t u = ch->queue[q], last = 0, last_e = 0;
        for (size_t done = 0; ok && done < c->var_start[u + 1] - c->var_start[u]; done++) {
            size_t best = c->n_eq, best_len = 0;
            for (size_t k = c->var_start[u]; k < c->var_start[u + 1]; k++) {
                size_t e = c->eq_of_term[c->var_terms[k]], len = c->eq_start[e + 1] - c->eq_start[e];
                bool after = done == 0 || len > last || (len == last && e > last_e);
                if (after && (best == c->n_eq || len < best_len || (len == best_len && e < best)))
                    best = e, best_len = len;
            }
            if (best == c->n_eq)
                break; /* u was twice in one group */
            last = best_len, last_e = best;
            ok = gather_equation(ch, best, ring);
        }
    }
    ch->ring_from = to;
    return ok;
}

/* Parts before totals, then the smallest value (then the variable, for a
 * total order). */
static int cmp_part_then_small(const candidate *a, const candidate *b)
{
    if (a->total != b->total)
        return a->total - b->total;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return (a->v > b->v) - (a->v < b->v);
}

/* Headline figures last (COMBINED_HEADLINE), whatever their distance. */
static int cmp_headline(const candidate *a, const candidate *b)
{
    return (a->x >= COMBINED_HEADLINE) - (b->x >= COMBINED_HEADLINE);
}

/* Nearest first, then parts before totals, then the smallest value
 * (headline figures last). */
static int cmp_near(const void *pa, const void *pb)
{
    const candidate *a = pa, *b = pb;
    if (cmp_headline(a, b))
        return cmp_headline(a, b);
    if (a->ring != b->ring)
        return a->ring - b->ring;
    if (a->eq_len != b->eq_len)
        return a->eq_len < b->eq_len ? -1 : 1;
    return cmp_part_then_small(a, b);
}

/* For the cells that widen the span: the nearest, then the fewest lone
 * groups (each needs a partner), then the smaller groups, parts, and the
 * smallest value. */
static int cmp_fallback(const void *pa, const void *pb)
{
    const candidate *a = pa, *b = pb;
    if (cmp_headline(a, b))
        return cmp_headline(a, b);
    if (a->ring != b->ring)
        return a->ring - b->ring;
    if (a->lone != b->lone)
        return a->lone - b->lone;
    if (a->eq_len != b->eq_len)
        return a->eq_len < b->eq_len ? -1 : 1;
    return cmp_part_then_small(a, b);
}

/* The smallest published member of equation e, a part before the total;
 * c->n_vars if none. */
static size_t smallest_published(const combined *c, size_t e)
{
    size_t best = c->n_vars;
    int best_total = 0;
    for (size_t t = c->eq_start[e]; t < c->eq_start[e + 1]; t++) {
        size_t w = c->var_of_term[t];
        int total = c->coef[t] > 0;
        if (c->secret[w])
            continue;
        if (best == c->n_vars || total < best_total ||
            (total == best_total && (c->x[w] < c->x[best] || (c->x[w] == c->x[best] && w < best))))
            best = w, best_total = total;
    }
    return best;
}

/* Hides v, then does what the group rule would: in each equation where a
 * newly hidden cell is the only one, hides the smallest published member
 * too, and so on. Appends the newly hidden variables to hidden (which
 * doubles as the queue). */
static void hide_with_partners(combined *c, size_t v, size_t *hidden, size_t *n)
{
    if (c->secret[v])
        return;
    size_t next = *n;
    combined_set_secret(c, v, 1);
    hidden[(*n)++] = v;
    while (next < *n) {
        size_t h = hidden[next++];
        for (size_t i = c->var_start[h]; i < c->var_start[h + 1]; i++) {
            size_t e = c->eq_of_term[c->var_terms[i]];
            if (c->nsecret[e] != 1)
                continue;
            size_t w = smallest_published(c, e);
            if (w < c->n_vars) {
                combined_set_secret(c, w, 1);
                hidden[(*n)++] = w;
            }
        }
    }
}

/* The given-back cells of a block in a round (those watched, when c->watch
 * is set): found by the solve, then
 * the victims hidden in the round that are given back themselves. */
typedef struct {
    size_t *cell;             /* variables, by tracked number */
    unsigned char *protected; /* by tracked number */
    size_t n, cap;            /* cap: the span's tracked numbers */
} given_back;

/* With OBS_SECRET_TRACE: the headline figures among out[from..n_out - 1],
 * hidden for the given-back cell number k. */
static void trace_headlines(const chooser *ch, const given_back *g, size_t k, const size_t *out, size_t from,
                            size_t n_out, const char *how)
{
    if (!secret_trace_on())
        return;
    for (size_t h = from; h < n_out; h++)
        if (ch->c->x[out[h]] >= COMBINED_HEADLINE)
            secret_trace_combined(ch->c->cell[out[h]], ch->c->cell[g->cell[k]], h == from ? how : "partenaire");
}

/* Hides v with its partners (hide_with_partners) and gives their columns
 * to the span: tracked, and to protect in this round, when they are
 * given back themselves. */
static bool hide_and_track(chooser *ch, size_t k, size_t v, given_back *g, size_t *out, size_t *n_out)
{
    size_t from = *n_out, len;
    hide_with_partners(ch->c, v, out, n_out);
    trace_headlines(ch, g, k, out, from, *n_out, "élargit");
    for (size_t h = from; h < *n_out; h++) {
        bool in;
        if (!in_span(ch, out[h], &in))
            return false;
        if (in)
            continue; /* protected, and the span does not change */
        size_t tracked = LIN_UNTRACKED;
        if (g->n < g->cap) {
            tracked = g->n++;
            g->cell[tracked] = out[h];
            g->protected[tracked] = 0;
        }
        if (!column_of(ch, out[h], &len) || !lin_span_add(ch->span, ch->col_pos, ch->col_coef, len, tracked))
            return false;
    }
    return true;
}

/* Hides w, whose column is in the span (its combination in ch->z), and
 * crosses off every given-back cell it protects. No partner is needed: such
 * a cell is never the only hidden one of a group. */
static void hide_protecting(chooser *ch, size_t k, size_t w, given_back *g, size_t *out, size_t *n_out)
{
    size_t from = *n_out;
    hide_with_partners(ch->c, w, out, n_out);
    trace_headlines(ch, g, k, out, from, *n_out, "protège");
    for (size_t l = 0; l < g->n; l++)
        g->protected[l] |= ch->z[l] != 0;
}

static bool is_headline(const candidate *k)
{
    return k->x >= COMBINED_HEADLINE;
}

/* The screens for the given-back cell number k (linear_span.h: the span
 * keeps them up to date as it grows). Testing a candidate exactly reduces
 * its column against the echelon form; a screen is a product with a few
 * coordinates. Nationally a search tests up to MAX_TESTS candidates per
 * given-back cell, nearly all in the span without k. False when out of
 * memory. */
static bool draw_screens(chooser *ch, size_t k)
{
    ch->r1 = lin_span_orthogonal(ch->span, 0);
    ch->r2 = ch->r1 ? lin_span_orthogonal(ch->span, 1) : NULL;
    ch->y = ch->r2 ? lin_span_functional(ch->span, k) : NULL;
    return ch->y != NULL;
}

/* Whether w (its column in ch->col_*) can be passed over without the exact
 * test: outside the span (proven: a form orthogonal to the span does not
 * vanish on it; *outside set), or in the span with z[k] = 0 (both forms
 * orthogonal to the span vanish on it -- a column outside the span does
 * that with probability 1/p^2, p = 2^31 - 1 -- and y gives z[k] = 0). Only
 * the cells that may protect k are then tested exactly. */
static bool screened(const chooser *ch, size_t len, bool *outside)
{
    *outside = lin_span_dot(ch->r1, ch->col_pos, ch->col_coef, len) != 0 ||
               lin_span_dot(ch->r2, ch->col_pos, ch->col_coef, len) != 0;
    return *outside || lin_span_dot(ch->y, ch->col_pos, ch->col_coef, len) == 0;
}

/* Tests the candidates from .. to - 1 in their order: hides the first that
 * protects the given-back cell number k (*hidden), else keeps in *widen
 * the best one outside the span (cmp_fallback). A headline figure
 * (COMBINED_HEADLINE) protects only when headlines is true: a farther cell
 * that protects as well, or one that widens the span, is hidden first. */
static bool try_candidates(chooser *ch, size_t k, size_t from, size_t to, given_back *g, size_t *out,
                           size_t *n_out, candidate *widen, bool headlines, bool *hidden)
{
    *hidden = false;
    if (!draw_screens(ch, k))
        return false;
    for (size_t i = from; i < to; i++) {
        if (headlines && !is_headline(&ch->cand[i]))
            continue; /* the second sweep looks at the headlines only */
        size_t len;
        bool in, outside;
        if (!column_of(ch, ch->cand[i].v, &len))
            return false;
        if (screened(ch, len, &outside)) {
            if (outside && (widen->v == ch->c->n_vars || cmp_fallback(&ch->cand[i], widen) < 0))
                *widen = ch->cand[i];
            continue;
        }
        in = column_in_span(ch, len); /* the column is already built */
        if (in && ch->z[k] && (headlines || !is_headline(&ch->cand[i]))) {
            hide_protecting(ch, k, ch->cand[i].v, g, out, n_out);
            *hidden = true;
            return true;
        }
        if (!in && (widen->v == ch->c->n_vars || cmp_fallback(&ch->cand[i], widen) < 0))
            *widen = ch->cand[i];
    }
    return true;
}

/* Published cell w as a candidate of the block search: no distance, its
 * smallest group, whether it is a total somewhere. */
static candidate block_candidate(const combined *c, size_t w)
{
    int total = 0;
    size_t eq_len = 0;
    for (size_t t = c->var_start[w]; t < c->var_start[w + 1]; t++) {
        size_t e = c->eq_of_term[c->var_terms[t]], len = c->eq_start[e + 1] - c->eq_start[e];
        total |= c->coef[c->var_terms[t]] > 0;
        if (!eq_len || len < eq_len)
            eq_len = len;
    }
    return (candidate){w, MAX_RING + 1, eq_len, lone_groups(c, w), total, c->x[w]};
}

/* The first of ch->cand[0..n_cand - 1] (in order) that protects the
 * given-back cell number k, headline figures or the others: hidden
 * (*hidden). A candidate the exact test finds outside the span competes
 * for *widen. */
static bool protect_with(chooser *ch, size_t k, bool headlines, given_back *g, size_t *out, size_t *n_out,
                         candidate *widen, bool *hidden)
{
    *hidden = false;
    for (size_t i = 0; i < ch->n_cand; i++) {
        if (is_headline(&ch->cand[i]) != headlines)
            continue;
        bool in;
        if (!in_span(ch, ch->cand[i].v, &in))
            return false;
        if (in && ch->z[k]) {
            hide_protecting(ch, k, ch->cand[i].v, g, out, n_out);
            *hidden = true;
            return true;
        }
        if (!in && (widen->v == ch->c->n_vars || cmp_fallback(&ch->cand[i], widen) < 0))
            *widen = ch->cand[i];
    }
    return true;
}

/* When the rings around j hold no cell that protects it nor one outside the
 * span (a région's groups fill MAX_GATHERED with cells all in the span), or
 * only headline figures, the whole of j's block, in the order of
 * cmp_fallback without distance: the first cell that protects j, else the
 * first outside the span, a headline figure only when no other cell does
 * either. A national block is an indicator's whole territorial hierarchy
 * (135 000 cells), and it is searched for hundreds of given-back cells, so
 * the cells that may protect j are found from the screens' form y
 * (draw_screens): y . a_w = z[k] != 0 needs a column with a coordinate
 * where y is not zero, so only the members of those equations are
 * candidates; and the first cell outside the span is the least of those
 * the orthogonal forms prove outside, without sorting the block. Same
 * choice as testing every cell of the block exactly in that order, but
 * for a column outside the span on which both orthogonal forms vanish
 * (probability 1/p^2 each, p = 2^31 - 1). */
static bool protect_from_block(chooser *ch, size_t k, given_back *g, size_t *out, size_t *n_out)
{
    combined *c = ch->c;
    size_t j = g->cell[k], b = c->block[j], len;
    bool outside, hidden;
    if (!draw_screens(ch, k))
        return false;
    gather_begin(ch, &j, 1);
    for (size_t i = 0; i < c->block_eq_start[b + 1] - c->block_eq_start[b]; i++) {
        if (!ch->y[i])
            continue;
        size_t e = c->block_eqs[c->block_eq_start[b] + i];
        for (size_t t = c->eq_start[e]; t < c->eq_start[e + 1]; t++) {
            size_t w = c->var_of_term[t];
            if (c->secret[w] || ch->mark[w] == ch->stamp)
                continue;
            ch->mark[w] = ch->stamp;
            if (!column_of(ch, w, &len))
                return false;
            if (!screened(ch, len, &outside) && !push_candidate(ch, block_candidate(c, w)))
                return false;
        }
    }
    if (ch->n_cand)
        qsort(ch->cand, ch->n_cand, sizeof *ch->cand, cmp_fallback);
    candidate widen = {.v = c->n_vars};
    if (!protect_with(ch, k, false, g, out, n_out, &widen, &hidden))
        return false;
    if (hidden)
        return true;
    for (size_t i = c->block_var_start[b]; i < c->block_var_start[b + 1]; i++) {
        size_t w = c->block_vars[i];
        if (c->secret[w])
            continue;
        if (!column_of(ch, w, &len))
            return false;
        screened(ch, len, &outside);
        if (!outside)
            continue;
        candidate outside_cell = block_candidate(c, w);
        if (widen.v == c->n_vars || cmp_fallback(&outside_cell, &widen) < 0)
            widen = outside_cell;
    }
    if ((widen.v == c->n_vars || is_headline(&widen)) &&
        !protect_with(ch, k, true, g, out, n_out, &widen, &hidden))
        return false;
    if (hidden || widen.v == c->n_vars)
        return true; /* protected, or no published cell of the block helps: the caller says so */
    return hide_and_track(ch, k, widen.v, g, out, n_out);
}

/* Hides a victim for the given-back cell number k: the nearest candidate
 * that protects it, marking every cell it protects; else the best
 * candidate outside the span (it widens the span, and is then to be
 * protected itself in this round). Headline figures come last whatever
 * their ring: a headline that protects is hidden only when no other cell
 * of the rings protects or widens the span, nor any of its block
 * (protect_from_block). */
static bool protect_cell(chooser *ch, size_t k, given_back *g, size_t *out, size_t *n_out)
{
    combined *c = ch->c;
    size_t j = g->cell[k], tested = 0;
    candidate widen = {.v = c->n_vars};
    gather_begin(ch, &j, 1);
    for (int ring = 1; ring <= MAX_RING && tested < MAX_TESTS; ring++) {
        size_t from = ch->n_cand;
        if (!gather_ring(ch, ring))
            return false;
        if (ch->n_cand > from)
            qsort(ch->cand + from, ch->n_cand - from, sizeof *ch->cand, cmp_near);
        size_t to = ch->n_cand - from < MAX_TESTS - tested ? ch->n_cand : from + (MAX_TESTS - tested);
        bool hidden;
        if (!try_candidates(ch, k, from, to, g, out, n_out, &widen, false, &hidden))
            return false;
        if (hidden)
            return true;
        tested += to - from;
    }
    if (widen.v == c->n_vars || is_headline(&widen))
        return protect_from_block(ch, k, g, out, n_out);
    return hide_and_track(ch, k, widen.v, g, out, n_out);
}

/* Whether one of out[from..to - 1] is a headline figure. */
static bool hides_headline(const combined *c, const size_t *out, size_t from, size_t to)
{
    for (size_t h = from; h < to; h++)
        if (c->x[out[h]] >= COMBINED_HEADLINE)
            return true;
    return false;
}

/* Block b: in rounds, the cells the equations give back (a solve), each
 * with a victim (protect_cell), until none is given back or ROUNDS. Appends
 * the victims to out; *clean: whether nothing is given back any more. With
 * c->stop_at_headline, stops (not clean) once a headline figure is hidden. */
static bool protect_block(chooser *ch, size_t b, uint32_t *value, given_back *g, size_t *out, size_t *n_out,
                          size_t *found, bool *clean)
{
    combined *c = ch->c;
    bool ok = true;
    if (c->solved) /* the caller's, for this very state */
        for (size_t i = c->block_var_start[b]; i < c->block_var_start[b + 1]; i++)
            value[c->block_vars[i]] = c->solved[c->block_vars[i]];
    else
        ok = combined_block_solution(c, b, value);
    *clean = false;
    for (int round = 0; ok && round < ROUNDS; round++) {
        g->n = 0;
        for (size_t i = c->block_var_start[b]; i < c->block_var_start[b + 1]; i++) {
            size_t v = c->block_vars[i];
            if (c->secret[v] && value[v] == 0 && (!c->watch || c->watch[v])) {
                g->cell[g->n] = v;
                g->protected[g->n++] = 0;
            }
        }
        if (round == 0)
            *found += g->n;
        if (g->n == 0) {
            *clean = true;
            break;
        }
        g->cap = g->n + MAX_WIDENING;
        ok = build_span(ch, b, g->cell, g->n, g->cap);
        size_t hidden = *n_out;
        for (size_t k = 0; ok && k < g->n; k++)
            if (!g->protected[k]) {
                size_t from = *n_out;
                ok = protect_cell(ch, k, g, out, n_out);
                if (c->stop_at_headline && hides_headline(c, out, from, *n_out))
                    return ok; /* not clean */
            }
        if (!ok || *n_out == hidden)
            break; /* nothing left to hide */
        ok = combined_block_solution(c, b, value);
    }
    return ok;
}

bool combined_victims(combined *c, int64_t **victims, size_t *n_victims, size_t *n_found)
{
    *victims = NULL;
    *n_victims = *n_found = 0;
    combined_dump_if_asked(c);
    size_t nv = c->n_vars ? c->n_vars : 1;
    chooser ch = {.c = c};
    ch.eq_pos = malloc((c->n_eq ? c->n_eq : 1) * sizeof *ch.eq_pos);
    ch.track = malloc(nv * sizeof *ch.track);
    ch.mark = calloc(nv, sizeof *ch.mark);
    ch.eq_mark = calloc(c->n_eq ? c->n_eq : 1, sizeof *ch.eq_mark);
    ch.queue = malloc(nv * sizeof *ch.queue);
    ch.z = malloc((nv + MAX_WIDENING) * sizeof *ch.z);
    uint32_t *value = malloc(nv * sizeof *value);
    given_back g = {.cell = malloc((nv + MAX_WIDENING) * sizeof *g.cell), .protected = malloc(nv + MAX_WIDENING)};
    size_t *out = malloc(nv * sizeof *out);
    bool ok = ch.eq_pos && ch.track && ch.mark && ch.eq_mark && ch.queue && ch.z && value && g.cell && g.protected && out;
    for (size_t v = 0; ok && v < c->n_vars; v++)
        ch.track[v] = LIN_UNTRACKED;
    for (size_t b = 0; ok && b < c->n_vars; b++)
        if (c->dirty[b] && c->block_var_start[b + 1] > c->block_var_start[b]) {
            bool clean;
            ok = protect_block(&ch, b, value, &g, out, n_victims, n_found, &clean);
            c->dirty[b] = !clean; /* else solved again at the next pass */
        }
    if (!ok)
        obs_error("mémoire insuffisante pour vérifier les combinaisons d'équations du secret");
    if (ok && *n_victims) {
        *victims = malloc(*n_victims * sizeof **victims);
        ok = *victims != NULL;
        for (size_t i = 0; ok && i < *n_victims; i++)
            (*victims)[i] = c->cell[out[i]];
    }
    lin_span_free(ch.span);
    free(ch.eq_pos);
    free(ch.track);
    free(ch.mark);
    free(ch.eq_mark);
    free(ch.queue);
    free(ch.z);
    free(ch.col_pos);
    free(ch.col_coef);
    free(ch.cand);
    free(value);
    free(g.cell);
    free(g.protected);
    free(out);
    return ok;
}
