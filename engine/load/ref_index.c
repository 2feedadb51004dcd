#include "engine/load/ref_index.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"

typedef struct {
    char *key;
    char *value;
} ref_pair;

/* The pairs, and an open-addressing hash table of indexes into them (a
 * lookup per field of 10 million rows: a hash and, mostly, one comparison). */
struct ref_map {
    ref_pair *pairs;
    size_t n;
    uint32_t *slots; /* pair index + 1, 0 when empty */
    size_t mask;     /* number of slots - 1 (a power of two) */
};

static uint64_t hash_key(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static bool build_slots(ref_map *m)
{
    size_t size = 16;
    while (size < 2 * m->n)
        size *= 2;
    m->slots = calloc(size, sizeof *m->slots);
    if (!m->slots)
        return false;
    m->mask = size - 1;
    for (size_t i = 0; i < m->n; i++) {
        size_t k = hash_key(m->pairs[i].key) & m->mask;
        while (m->slots[k]) /* linear probing */
            k = (k + 1) & m->mask;
        m->slots[k] = (uint32_t)i + 1;
    }
    return true;
}

static int compare_pairs(const void *a, const void *b)
{
    return strcmp(((const ref_pair *)a)->key, ((const ref_pair *)b)->key);
}

ref_map *ref_map_load(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    ref_map *m = calloc(1, sizeof *m);
    if (!st || !m) {
        if (!m)
            obs_error("mémoire insuffisante pour un référentiel");
        sqlite3_finalize(st);
        free(m);
        return NULL;
    }
    size_t cap = 1024;
    m->pairs = malloc(cap * sizeof *m->pairs);
    bool ok = m->pairs != NULL;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (m->n == cap) {
            ref_pair *grown = realloc(m->pairs, 2 * cap * sizeof *grown);
            if (!(ok = grown != NULL))
                break;
            m->pairs = grown;
            cap *= 2;
        }
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *v = (const char *)sqlite3_column_text(st, 1);
        ref_pair *p = &m->pairs[m->n++];
        p->key = strdup(k ? k : "");
        p->value = strdup(v ? v : "");
        ok = p->key && p->value;
    }
    if (!ok)
        obs_error("mémoire insuffisante pour le référentiel (%zu lignes lues)", m->n);
    else if (rc != SQLITE_DONE)
        obs_error("base de données : %s (référentiel)", sqlite3_errmsg(db));
    ok = ok && rc == SQLITE_DONE;
    sqlite3_finalize(st);
    if (ok && m->n)
        qsort(m->pairs, m->n, sizeof *m->pairs, compare_pairs);
    if (ok && !(ok = build_slots(m)))
        obs_error("mémoire insuffisante pour l'index du référentiel (%zu lignes)", m->n);
    if (!ok) {
        ref_map_free(m);
        return NULL;
    }
    return m;
}

const char *ref_map_get(const ref_map *m, const char *key)
{
    for (size_t k = hash_key(key) & m->mask; m->slots[k]; k = (k + 1) & m->mask) {
        const ref_pair *p = &m->pairs[m->slots[k] - 1];
        if (strcmp(p->key, key) == 0)
            return p->value;
    }
    return NULL;
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
    free(m->slots);
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

ref_map *former_commune_index_load(sqlite3 *db)
{
    return ref_map_load(db, "SELECT a.ancien_code, k.commune FROM ref_commune_ancienne a"
                            " JOIN commune_key k ON k.code = a.commune");
}

ref_map *old_naf_index_load(sqlite3 *db)
{
    return ref_map_load(db, "SELECT nomenclature || ':' || code,"
                            " coalesce(naf, '') || '|' || coalesce(section, '') FROM ref_naf_ancienne");
}
