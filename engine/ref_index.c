#include "ref_index.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"

typedef struct {
    char *key;
    char *value;
} ref_pair;

struct ref_map {
    ref_pair *pairs;
    size_t n;
};

static int compare_pairs(const void *a, const void *b)
{
    return strcmp(((const ref_pair *)a)->key, ((const ref_pair *)b)->key);
}

ref_map *ref_map_load(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    ref_map *m = calloc(1, sizeof *m);
    if (!st || !m) {
        sqlite3_finalize(st);
        free(m);
        return NULL;
    }
    size_t cap = 1024;
    m->pairs = malloc(cap * sizeof *m->pairs);
    while (m->pairs && sqlite3_step(st) == SQLITE_ROW) {
        if (m->n == cap) {
            ref_pair *grown = realloc(m->pairs, 2 * cap * sizeof *grown);
            if (!grown)
                break;
            m->pairs = grown;
            cap *= 2;
        }
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *v = (const char *)sqlite3_column_text(st, 1);
        m->pairs[m->n].key = strdup(k ? k : "");
        m->pairs[m->n].value = strdup(v ? v : "");
        m->n++;
    }
    sqlite3_finalize(st);
    if (m->n)
        qsort(m->pairs, m->n, sizeof *m->pairs, compare_pairs);
    return m;
}

const char *ref_map_get(const ref_map *m, const char *key)
{
    ref_pair probe = {.key = (char *)key};
    const ref_pair *hit = m->n ? bsearch(&probe, m->pairs, m->n, sizeof *m->pairs, compare_pairs) : NULL;
    return hit ? hit->value : NULL;
}

unsigned long ref_map_size(const ref_map *m) { return m ? (unsigned long)m->n : 0; }

void ref_map_free(ref_map *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->pairs[i].key);
        free(m->pairs[i].value);
    }
    free(m->pairs);
    free(m);
}

ref_map *commune_index_load(sqlite3 *db)
{
    return ref_map_load(db, "SELECT code, commune FROM commune_key");
}

ref_map *naf_index_load(sqlite3 *db)
{
    return ref_map_load(db, "SELECT code, section FROM ref_naf WHERE niveau = 'sous-classe'");
}

ref_map *cj_index_load(sqlite3 *db)
{
    return ref_map_load(db, "SELECT code, coalesce(famille_ess, '') FROM ref_categorie_juridique");
}
