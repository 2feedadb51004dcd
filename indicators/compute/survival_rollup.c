#include "indicators/compute/survival_rollup.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/grow.h"
#include "engine/core/log.h"

/* A string -> index table (open addressing). */
typedef struct {
    char **key;
    int *index;
    size_t n, cap;
} str_map;

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* Slot of key (found or where it would go). */
static size_t map_slot(const str_map *m, const char *key)
{
    size_t mask = m->cap - 1, i = (size_t)str_hash(key) & mask;
    while (m->key[i] && strcmp(m->key[i], key) != 0)
        i = (i + 1) & mask;
    return i;
}

static int map_get(const str_map *m, const char *key)
{
    if (!m->cap)
        return -1;
    size_t i = map_slot(m, key);
    return m->key[i] ? m->index[i] : -1;
}

static bool map_put(str_map *m, const char *key, int index)
{
    if ((m->n + 1) * 2 > m->cap) {
        str_map g = {.cap = m->cap ? m->cap * 2 : 1024};
        g.key = calloc(g.cap, sizeof *g.key);
        g.index = malloc(g.cap * sizeof *g.index);
        if (!g.key || !g.index) {
            free(g.key);
            free(g.index);
            return false;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->key[i]) {
                size_t j = map_slot(&g, m->key[i]);
                g.key[j] = m->key[i];
                g.index[j] = m->index[i];
            }
        g.n = m->n;
        free(m->key);
        free(m->index);
        *m = g;
    }
    size_t i = map_slot(m, key);
    if (!m->key[i]) {
        if (!(m->key[i] = strdup(key)))
            return false;
        m->n++;
    }
    m->index[i] = index;
    return true;
}

static void map_free(str_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->key[i]);
    free(m->key);
    free(m->index);
    memset(m, 0, sizeof *m);
}

typedef struct {
    char *niveau, *code;
    surv_block **blocks; /* by comparison id, NULL until used */
    int n_blocks;
} territory_t;

typedef struct {
    int *territories;
    int n;
} commune_row;

typedef struct {
    char *name;
    char **groups;
    int n_groups;
} comparison_t;

struct surv_rollup {
    str_map commune_ids, territory_ids;
    commune_row *communes;
    int n_communes;
    size_t cap_communes;
    territory_t *territories;
    int n_territories;
    size_t cap_territories;
    comparison_t *comparisons;
    int n_comparisons;
    surv_block **sorted;
};

static bool wanted_level(const char *niveau, char *const *levels, int n_levels)
{
    for (int k = 0; k < n_levels; k++)
        if (strcmp(levels[k], niveau) == 0)
            return true;
    return n_levels == 0;
}

/* Index of a territory, created on first sight. */
static int territory_id(surv_rollup *r, const char *niveau, const char *code)
{
    size_t len = strlen(niveau) + strlen(code) + 2;
    char *key = malloc(len);
    if (!key)
        return -1;
    snprintf(key, len, "%s\x1f%s", niveau, code);
    int id = map_get(&r->territory_ids, key);
    if (id < 0) {
        /* by doubling (engine/core/grow.h): one more at a time copied the
         * array at each of France's communes, minutes under ASan */
        territory_t *t = NULL;
        if (grow((void **)&r->territories, &r->cap_territories, (size_t)r->n_territories + 1, sizeof *t))
            t = r->territories;
        if (t && map_put(&r->territory_ids, key, r->n_territories)) {
            id = r->n_territories++;
            t[id] = (territory_t){.niveau = strdup(niveau), .code = strdup(code)};
            if (!t[id].niveau || !t[id].code)
                id = -1;
        }
    }
    free(key);
    return id;
}

static bool add_geo_row(surv_rollup *r, const char *commune, int territory)
{
    int c = map_get(&r->commune_ids, commune);
    if (c < 0) {
        if (!grow((void **)&r->communes, &r->cap_communes, (size_t)r->n_communes + 1, sizeof *r->communes))
            return false;
        if (!map_put(&r->commune_ids, commune, r->n_communes))
            return false;
        c = r->n_communes++;
        r->communes[c] = (commune_row){0};
    }
    commune_row *row = &r->communes[c];
    int *grown = realloc(row->territories, (size_t)(row->n + 1) * sizeof *grown);
    if (!grown)
        return false;
    row->territories = grown;
    row->territories[row->n++] = territory;
    return true;
}

surv_rollup *surv_rollup_new(sqlite3 *db, char *const *levels, int n_levels)
{
    surv_rollup *r = calloc(1, sizeof *r);
    /* geo's primary key (commune, niveau, code) makes each pair appear once */
    sqlite3_stmt *q = db_prepare(db, "SELECT commune, niveau, code FROM main.geo");
    bool ok = r && q;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *commune = (const char *)sqlite3_column_text(q, 0);
        const char *niveau = (const char *)sqlite3_column_text(q, 1);
        const char *code = (const char *)sqlite3_column_text(q, 2);
        if (!commune || !niveau || !code || !wanted_level(niveau, levels, n_levels))
            continue;
        int t = territory_id(r, niveau, code);
        ok = t >= 0 && add_geo_row(r, commune, t);
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error("lecture de la table geo impossible : %s", sqlite3_errmsg(db));
        ok = false;
    }
    sqlite3_finalize(q);
    if (!ok) {
        surv_rollup_free(r);
        return NULL;
    }
    return r;
}

/* Id of a comparison and of its group, created on first sight. */
static bool ids_of(surv_rollup *r, const char *comp, const char *group, int *c, int *g)
{
    for (*c = 0; *c < r->n_comparisons && strcmp(r->comparisons[*c].name, comp) != 0; (*c)++)
        ;
    if (*c == r->n_comparisons) {
        comparison_t *grown = realloc(r->comparisons, (size_t)(*c + 1) * sizeof *grown);
        if (!grown)
            return false;
        r->comparisons = grown;
        grown[*c] = (comparison_t){.name = strdup(comp)};
        if (!grown[*c].name)
            return false;
        r->n_comparisons++;
    }
    comparison_t *cmp = &r->comparisons[*c];
    for (*g = 0; *g < cmp->n_groups && strcmp(cmp->groups[*g], group) != 0; (*g)++)
        ;
    if (*g == cmp->n_groups) {
        char **grown = realloc(cmp->groups, (size_t)(*g + 1) * sizeof *grown);
        if (!grown)
            return false;
        cmp->groups = grown;
        if (!(grown[*g] = strdup(group)))
            return false;
        cmp->n_groups++;
    }
    return true;
}

static surv_block *block_of(surv_rollup *r, int t, int c)
{
    territory_t *ter = &r->territories[t];
    if (c >= ter->n_blocks) {
        surv_block **grown = realloc(ter->blocks, (size_t)(c + 1) * sizeof *grown);
        if (!grown)
            return NULL;
        memset(grown + ter->n_blocks, 0, (size_t)(c + 1 - ter->n_blocks) * sizeof *grown);
        ter->blocks = grown;
        ter->n_blocks = c + 1;
    }
    if (!ter->blocks[c]) {
        surv_block *b = calloc(1, sizeof *b);
        if (!b)
            return NULL;
        b->niveau = strdup(ter->niveau);
        b->territoire = strdup(ter->code);
        b->comparaison = strdup(r->comparisons[c].name);
        ter->blocks[c] = b;
        if (!b->niveau || !b->territoire || !b->comparaison)
            return NULL;
    }
    return ter->blocks[c];
}

bool surv_rollup_add(surv_rollup *r, const char *commune, const char *comparison, const char *group,
                     int group_class, double group_num, double entry, double time, int event, double units)
{
    int k = commune ? map_get(&r->commune_ids, commune) : -1;
    if (k < 0)
        return true; /* as the join to geo: a commune geo does not know counts nowhere */
    const char *name = group ? group : "ensemble";
    int c, g;
    if (!ids_of(r, comparison, name, &c, &g))
        return false;
    const commune_row *row = &r->communes[k];
    for (int i = 0; i < row->n; i++) {
        surv_block *b = block_of(r, row->territories[i], c);
        if (!b || !surv_block_add(b, g, name, group_class, group_num, entry, time, event, units))
            return false;
    }
    return true;
}

static int by_key(const void *pa, const void *pb)
{
    const surv_block *a = *(surv_block *const *)pa, *b = *(surv_block *const *)pb;
    int d = strcmp(a->niveau, b->niveau);
    if (!d)
        d = strcmp(a->territoire, b->territoire);
    return d ? d : strcmp(a->comparaison, b->comparaison);
}

surv_block **surv_rollup_blocks(surv_rollup *r, size_t *n)
{
    size_t count = 0;
    for (int t = 0; t < r->n_territories; t++)
        for (int c = 0; c < r->territories[t].n_blocks; c++)
            count += r->territories[t].blocks[c] != NULL;
    free(r->sorted);
    r->sorted = malloc((count ? count : 1) * sizeof *r->sorted);
    if (!r->sorted)
        return NULL;
    *n = 0;
    for (int t = 0; t < r->n_territories; t++)
        for (int c = 0; c < r->territories[t].n_blocks; c++)
            if (r->territories[t].blocks[c])
                r->sorted[(*n)++] = r->territories[t].blocks[c];
    qsort(r->sorted, *n, sizeof *r->sorted, by_key);
    return r->sorted;
}

void surv_rollup_free(surv_rollup *r)
{
    if (!r)
        return;
    map_free(&r->commune_ids);
    map_free(&r->territory_ids);
    for (int k = 0; k < r->n_communes; k++)
        free(r->communes[k].territories);
    free(r->communes);
    for (int t = 0; t < r->n_territories; t++) {
        for (int c = 0; c < r->territories[t].n_blocks; c++)
            if (r->territories[t].blocks[c]) {
                surv_block_free(r->territories[t].blocks[c]);
                free(r->territories[t].blocks[c]);
            }
        free(r->territories[t].blocks);
        free(r->territories[t].niveau);
        free(r->territories[t].code);
    }
    free(r->territories);
    for (int c = 0; c < r->n_comparisons; c++) {
        for (int g = 0; g < r->comparisons[c].n_groups; g++)
            free(r->comparisons[c].groups[g]);
        free(r->comparisons[c].groups);
        free(r->comparisons[c].name);
    }
    free(r->comparisons);
    free(r->sorted);
    free(r);
}
