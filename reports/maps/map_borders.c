/* Borders drawn once: the undirected edges of every ring, each kept once
 * (shared borders have bit-identical vertices in both shapes), chained into
 * polylines that stop where three or more borders meet. */
#include "reports/maps/map_borders.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/log.h"

typedef struct {
    double x, y;
} vertex;

typedef struct {
    uint32_t a, b; /* a <= b */
} edge;

/* Open-addressing table from a vertex to its id (ids in order of first appearance). */
typedef struct {
    uint32_t *slots; /* id + 1, 0 empty */
    size_t mask;
    vertex *v;
    size_t n, cap;
} vertex_table;

static uint64_t hash_vertex(double x, double y)
{
    uint64_t a, b;
    x += 0.0; /* -0.0 and 0.0 hash alike */
    y += 0.0;
    memcpy(&a, &x, 8);
    memcpy(&b, &y, 8);
    uint64_t h = a * 0x9E3779B97F4A7C15u ^ (b + 0x632BE59BD9B4E019u + (a << 6) + (a >> 2));
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9u;
    return h ^ (h >> 32);
}

/* Id of (x, y), added when new; UINT32_MAX when out of memory. */
static uint32_t vertex_id(vertex_table *t, double x, double y)
{
    size_t i = (size_t)hash_vertex(x, y) & t->mask;
    while (t->slots[i]) {
        vertex *v = &t->v[t->slots[i] - 1];
        if (v->x == x && v->y == y)
            return t->slots[i] - 1;
        i = (i + 1) & t->mask;
    }
    if (t->n == t->cap) {
        size_t c = t->cap ? t->cap * 2 : 1024;
        vertex *p = realloc(t->v, c * sizeof *p);
        if (!p)
            return UINT32_MAX;
        t->v = p;
        t->cap = c;
    }
    t->v[t->n] = (vertex){x, y};
    t->slots[i] = (uint32_t)++t->n;
    return (uint32_t)(t->n - 1);
}

static int edge_cmp(const void *pa, const void *pb)
{
    const edge *a = pa, *b = pb;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

void map_lines_free(map_lines *lines)
{
    if (!lines)
        return;
    for (size_t i = 0; i < lines->n; i++)
        free(lines->lines[i].xy);
    free(lines->lines);
    lines->lines = NULL;
    lines->n = 0;
}

typedef struct {
    const vertex *v;
    const edge *e;
    const size_t *start; /* CSR: incident edges of vertex i are inc[start[i] .. start[i+1]) */
    const uint32_t *inc;
    unsigned char *used;
    map_lines *out;
    size_t cap;
    double *buf; /* scratch polyline, 2 * (n_edges + 1) doubles */
} chainer;

static uint32_t other_end(const edge *e, uint32_t v)
{
    return e->a == v ? e->b : e->a;
}

static bool emit(chainer *c, size_t n)
{
    if (c->out->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        map_line *p = realloc(c->out->lines, cap * sizeof *p);
        if (!p)
            return false;
        c->out->lines = p;
        c->cap = cap;
    }
    double *xy = malloc(n * 2 * sizeof *xy);
    if (!xy)
        return false;
    memcpy(xy, c->buf, n * 2 * sizeof *xy);
    c->out->lines[c->out->n++] = (map_line){n, xy};
    return true;
}

/* Walks from vertex v along unused edges, starting by edge e0, while the
 * current vertex has exactly two incident edges. */
static bool walk(chainer *c, uint32_t v, uint32_t e0)
{
    size_t n = 0;
    c->buf[2 * n] = c->v[v].x;
    c->buf[2 * n + 1] = c->v[v].y;
    n++;
    uint32_t e = e0;
    for (;;) {
        c->used[e] = 1;
        v = other_end(&c->e[e], v);
        c->buf[2 * n] = c->v[v].x;
        c->buf[2 * n + 1] = c->v[v].y;
        n++;
        if (c->start[v + 1] - c->start[v] != 2)
            break;
        uint32_t next = c->inc[c->start[v]] == e ? c->inc[c->start[v] + 1] : c->inc[c->start[v]];
        if (c->used[next])
            break;
        e = next;
    }
    return emit(c, n);
}

bool map_layer_borders(const map_layer *layer, map_lines *out)
{
    memset(out, 0, sizeof *out);
    size_t n_edges = 0;
    for (size_t i = 0; i < layer->n; i++)
        for (size_t r = 0; r < layer->shapes[i].n_rings; r++)
            if (layer->shapes[i].rings[r].n >= 2)
                n_edges += layer->shapes[i].rings[r].n;
    if (n_edges >= UINT32_MAX / 2) {
        obs_error("frontières : trop de segments (%zu)", n_edges);
        return false;
    }
    vertex_table t = {0};
    size_t slots = 1024;
    while (slots < 2 * n_edges + 2)
        slots *= 2;
    t.slots = calloc(slots, sizeof *t.slots);
    t.mask = slots - 1;
    edge *e = malloc((n_edges ? n_edges : 1) * sizeof *e);
    bool ok = t.slots && e;
    size_t m = 0;
    for (size_t i = 0; ok && i < layer->n; i++) {
        const map_shape *s = &layer->shapes[i];
        for (size_t r = 0; ok && r < s->n_rings; r++) {
            const map_ring *ring = &s->rings[r];
            if (ring->n < 2)
                continue;
            uint32_t first = vertex_id(&t, ring->xy[0], ring->xy[1]), prev = first;
            for (size_t k = 1; ok && k <= ring->n; k++) {
                uint32_t id = k < ring->n ? vertex_id(&t, ring->xy[2 * k], ring->xy[2 * k + 1]) : first;
                if (id == UINT32_MAX || prev == UINT32_MAX) {
                    ok = false;
                    break;
                }
                if (id != prev)
                    e[m++] = prev < id ? (edge){prev, id} : (edge){id, prev};
                prev = id;
            }
        }
    }
    size_t u = 0;
    if (ok && m) {
        qsort(e, m, sizeof *e, edge_cmp);
        for (size_t i = 0; i < m; i++)
            if (!u || edge_cmp(&e[u - 1], &e[i]))
                e[u++] = e[i];
    }
    size_t *start = ok ? calloc(t.n + 2, sizeof *start) : NULL;
    uint32_t *inc = ok ? malloc((2 * u + 1) * sizeof *inc) : NULL;
    unsigned char *used = ok ? calloc(u + 1, 1) : NULL;
    double *buf = ok ? malloc((2 * u + 2) * sizeof *buf) : NULL;
    ok = ok && start && inc && used && buf;
    if (ok) {
        for (size_t i = 0; i < u; i++) {
            start[e[i].a + 1]++;
            start[e[i].b + 1]++;
        }
        for (size_t i = 0; i < t.n; i++)
            start[i + 1] += start[i];
        size_t *fill = malloc((t.n + 1) * sizeof *fill);
        ok = fill != NULL;
        if (ok) {
            memcpy(fill, start, (t.n + 1) * sizeof *fill);
            for (size_t i = 0; i < u; i++) {
                inc[fill[e[i].a]++] = (uint32_t)i;
                inc[fill[e[i].b]++] = (uint32_t)i;
            }
            free(fill);
        }
    }
    if (ok) {
        chainer c = {t.v, e, start, inc, used, out, 0, buf};
        /* Open polylines: from every vertex where borders do not simply continue. */
        for (uint32_t v = 0; ok && v < t.n; v++)
            if (start[v + 1] - start[v] != 2)
                for (size_t k = start[v]; ok && k < start[v + 1]; k++)
                    if (!used[inc[k]])
                        ok = walk(&c, v, inc[k]);
        /* What is left are closed loops (islands, enclaves' outer rings). */
        for (size_t i = 0; ok && i < u; i++)
            if (!used[i])
                ok = walk(&c, e[i].a, (uint32_t)i);
    }
    if (!ok) {
        obs_error("frontières : mémoire insuffisante (%zu segments)", n_edges);
        map_lines_free(out);
    }
    free(t.slots);
    free(t.v);
    free(e);
    free(start);
    free(inc);
    free(used);
    free(buf);
    return ok;
}
