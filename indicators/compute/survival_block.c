#include "indicators/compute/survival_block.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t key_hash(double value, int event)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    bits ^= (uint64_t)event * 0x9e3779b97f4a7c15ULL;
    bits ^= bits >> 33;
    bits *= 0xff51afd7ed558ccdULL;
    bits ^= bits >> 33;
    return bits;
}

static bool counts_grow(surv_counts *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    surv_counts g = {.cap = cap};
    g.value = malloc(cap * sizeof *g.value);
    g.units = malloc(cap * sizeof *g.units);
    g.event = malloc(cap * sizeof *g.event);
    g.used = calloc(cap, 1);
    if (!g.value || !g.units || !g.event || !g.used) {
        surv_counts_free(&g);
        return false;
    }
    for (size_t i = 0; i < t->cap; i++)
        if (t->used[i])
            surv_counts_add(&g, t->value[i], t->event[i], t->units[i]);
    surv_counts_free(t);
    *t = g;
    return true;
}

bool surv_counts_add(surv_counts *t, double value, int event, double units)
{
    if (value == 0)
        value = 0; /* -0 and 0 are one time, as the estimator's == sees them */
    event = event != 0;
    if ((t->n + 1) * 2 > t->cap && !counts_grow(t))
        return false;
    size_t mask = t->cap - 1, i = (size_t)key_hash(value, event) & mask;
    while (t->used[i] && !(t->value[i] == value && t->event[i] == event))
        i = (i + 1) & mask;
    if (!t->used[i]) {
        t->used[i] = 1;
        t->value[i] = value;
        t->event[i] = event;
        t->units[i] = 0;
        t->n++;
    }
    t->units[i] += units;
    return true;
}

void surv_counts_free(surv_counts *t)
{
    free(t->value);
    free(t->units);
    free(t->event);
    free(t->used);
    memset(t, 0, sizeof *t);
}

bool surv_block_add(surv_block *b, int id, const char *name, int order_class, double order_num, double entry,
                    double time, int event, double units)
{
    if (id >= b->n_slots) {
        int n = id + 1 > b->n_slots * 2 ? id + 1 : b->n_slots * 2;
        surv_group *g = realloc(b->groups, (size_t)n * sizeof *g);
        if (!g)
            return false;
        memset(g + b->n_slots, 0, (size_t)(n - b->n_slots) * sizeof *g);
        b->groups = g;
        b->n_slots = n;
    }
    surv_group *g = &b->groups[id];
    if (!g->name) {
        if (!(g->name = strdup(name)))
            return false;
        g->order_class = order_class;
        g->order_num = order_num;
    }
    b->delayed |= entry > 0;
    return surv_counts_add(&g->exits, time, event, units) && surv_counts_add(&g->entries, entry, 0, units);
}

/* A group with its id: the sort carries its own context, no file-level
 * state. */
typedef struct {
    const surv_group *group;
    int id;
} group_ref;

/* SQLite's ORDER BY on the group values: NULL, numbers, text (BINARY), blobs. */
static int by_sql_order(const void *pa, const void *pb)
{
    const surv_group *a = ((const group_ref *)pa)->group, *b = ((const group_ref *)pb)->group;
    if (a->order_class != b->order_class)
        return a->order_class - b->order_class;
    if (a->order_class == 1 && a->order_num != b->order_num)
        return a->order_num < b->order_num ? -1 : 1;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return ((const group_ref *)pa)->id - ((const group_ref *)pb)->id;
}

int surv_block_groups(const surv_block *b, bool sorted, int **ids)
{
    int n = 0;
    *ids = malloc((size_t)(b->n_slots ? b->n_slots : 1) * sizeof **ids);
    if (!*ids)
        return -2;
    for (int g = 0; g < b->n_slots; g++)
        if (b->groups[g].name)
            (*ids)[n++] = g;
    if (n > SURV_MAX_GROUPS)
        return -1;
    if (sorted && n > 1) {
        group_ref *refs = malloc((size_t)n * sizeof *refs);
        if (!refs)
            return -2;
        for (int k = 0; k < n; k++)
            refs[k] = (group_ref){&b->groups[(*ids)[k]], (*ids)[k]};
        qsort(refs, (size_t)n, sizeof *refs, by_sql_order);
        for (int k = 0; k < n; k++)
            (*ids)[k] = refs[k].id;
        free(refs);
    }
    return n;
}

bool surv_block_sample(const surv_block *b, const int *ids, int n_ids, km_sample *s)
{
    size_t n = 0, n_entry = 0;
    for (int k = 0; k < n_ids; k++) {
        n += b->groups[ids[k]].exits.n;
        n_entry += b->groups[ids[k]].entries.n;
    }
    memset(s, 0, sizeof *s);
    double *time = malloc((n ? n : 1) * sizeof *time), *weight = malloc((n ? n : 1) * sizeof *weight);
    int *event = malloc((n ? n : 1) * sizeof *event), *group = malloc((n ? n : 1) * sizeof *group);
    double *entry = malloc((n_entry ? n_entry : 1) * sizeof *entry);
    double *entry_weight = malloc((n_entry ? n_entry : 1) * sizeof *entry_weight);
    int *entry_group = malloc((n_entry ? n_entry : 1) * sizeof *entry_group);
    *s = (km_sample){.time = time, .event = event, .weight = weight, .group = group,
                     .entry = entry, .entry_weight = entry_weight, .entry_group = entry_group};
    if (!time || !weight || !event || !group || !entry || !entry_weight || !entry_group) {
        surv_sample_free(s);
        return false;
    }
    for (int k = 0; k < n_ids; k++) {
        const surv_counts *x = &b->groups[ids[k]].exits, *e = &b->groups[ids[k]].entries;
        for (size_t i = 0; i < x->cap; i++)
            if (x->used[i]) {
                time[s->n] = x->value[i];
                event[s->n] = x->event[i];
                weight[s->n] = x->units[i];
                group[s->n++] = k;
            }
        for (size_t i = 0; i < e->cap; i++)
            if (e->used[i]) {
                entry[s->n_entry] = e->value[i];
                entry_weight[s->n_entry] = e->units[i];
                entry_group[s->n_entry++] = k;
            }
    }
    if (!b->delayed) { /* every unit at risk from the start */
        free(entry);
        free(entry_weight);
        free(entry_group);
        s->entry = s->entry_weight = NULL;
        s->entry_group = NULL;
        s->n_entry = 0;
    }
    return true;
}

void surv_sample_free(km_sample *s)
{
    free((void *)s->time);
    free((void *)s->event);
    free((void *)s->weight);
    free((void *)s->group);
    free((void *)s->entry);
    free((void *)s->entry_weight);
    free((void *)s->entry_group);
    memset(s, 0, sizeof *s);
}

void surv_block_free(surv_block *b)
{
    for (int g = 0; g < b->n_slots; g++) {
        free(b->groups[g].name);
        surv_counts_free(&b->groups[g].exits);
        surv_counts_free(&b->groups[g].entries);
    }
    free(b->groups);
    free(b->niveau);
    free(b->territoire);
    free(b->comparaison);
    memset(b, 0, sizeof *b);
}
