/* The audit's attacker, part 1: the run's cells and indicators as read from
 * the database, interned and indexed by their key. The relations are built
 * in audit_attack_relations.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators/audit/audit_attack_private.h"
#include "engine/core/db.h"
#include "engine/core/grow.h"
#include "engine/core/log.h"

const char *const at_level_name[AT_LEVELS] = {"commune", "epci", "departement", "region",
                                                  "france", "etude", "autre"};

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static uint64_t hash_text(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return mix(h);
}

static bool strings_rehash(at_strings *t, size_t n_slots)
{
    uint32_t *slot = calloc(n_slots, sizeof *slot);
    if (!slot)
        return false;
    for (size_t i = 0; i < t->n; i++) {
        size_t h = hash_text(t->s[i]) & (n_slots - 1);
        while (slot[h])
            h = (h + 1) & (n_slots - 1);
        slot[h] = (uint32_t)i + 1;
    }
    free(t->slot);
    t->slot = slot;
    t->n_slots = n_slots;
    return true;
}

uint32_t at_intern(at_strings *t, const char *s)
{
    if (!s)
        s = "";
    if (2 * (t->n + 1) > t->n_slots && !strings_rehash(t, t->n_slots ? 2 * t->n_slots : 1024))
        return UINT32_MAX;
    size_t h = hash_text(s) & (t->n_slots - 1);
    while (t->slot[h]) {
        if (strcmp(t->s[t->slot[h] - 1], s) == 0)
            return t->slot[h] - 1;
        h = (h + 1) & (t->n_slots - 1);
    }
    char *copy = strdup(s);
    if (!copy || !grow((void **)&t->s, &t->cap, t->n + 1, sizeof *t->s)) {
        free(copy);
        return UINT32_MAX;
    }
    t->s[t->n] = copy;
    t->slot[h] = (uint32_t)t->n + 1;
    return (uint32_t)t->n++;
}

static void strings_free(at_strings *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->s[i]);
    free(t->s);
    free(t->slot);
    memset(t, 0, sizeof *t);
}

/* ind 8 bits, level 3, year - 1900 8, territory 22, dimension 23 */
static bool pack(int32_t ind, int niv, int32_t terr, int annee, int32_t dim, uint64_t *key)
{
    if (ind < 0 || ind >= 256 || niv < 0 || niv >= 8 || annee < 1900 || annee >= 2156 || terr < 0 ||
        terr >= (1 << 22) || dim < 0 || dim >= (1 << 23))
        return false;
    *key = (uint64_t)ind << 56 | (uint64_t)niv << 53 | (uint64_t)(annee - 1900) << 45 | (uint64_t)terr << 23 |
           (uint64_t)dim;
    return true;
}

size_t at_find(const at_model *m, int32_t ind, int niv, int32_t terr, int annee, int32_t dim)
{
    uint64_t key;
    if (!m->n_slots || !pack(ind, niv, terr, annee, dim, &key))
        return SIZE_MAX;
    size_t h = mix(key) & (m->n_slots - 1);
    while (m->slot[h]) {
        if (m->slot_key[h] == key)
            return m->slot[h] - 1;
        h = (h + 1) & (m->n_slots - 1);
    }
    return SIZE_MAX;
}

static bool index_cells(at_model *m)
{
    size_t n = 1024;
    while (n < 2 * m->n_cells)
        n *= 2;
    m->slot = calloc(n, sizeof *m->slot);
    m->slot_key = malloc(n * sizeof *m->slot_key);
    if (!m->slot || !m->slot_key)
        return false;
    m->n_slots = n;
    for (size_t i = 0; i < m->n_cells; i++) {
        const at_cell *c = &m->cell[i];
        uint64_t key;
        if (!pack(c->ind, c->niv, c->terr, c->annee, c->dim, &key)) {
            obs_error("audit du secret : clé de cellule hors des limites de l'attaque (%s, %d)",
                      m->ind[c->ind].name, c->annee);
            return false;
        }
        size_t h = mix(key) & (n - 1);
        while (m->slot[h])
            h = (h + 1) & (n - 1);
        m->slot[h] = i + 1;
        m->slot_key[h] = key;
    }
    return true;
}

static int level_of(const char *s)
{
    for (int i = 0; i < AT_OTHER_LEVEL; i++)
        if (strcmp(s, at_level_name[i]) == 0)
            return i;
    return AT_OTHER_LEVEL;
}

/* A copy of an optional text column: false only when the copy fails, *out
 * NULL when the column is NULL or empty. */
static bool dup_optional(const unsigned char *s, char **out)
{
    *out = s && *s ? strdup((const char *)s) : NULL;
    return !(s && *s) || *out;
}

static bool load_indicators(sqlite3 *db, int64_t run, at_model *m)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT indicator, type, construit_de, cadre FROM indicator_meta WHERE run_id = ?1"
                                      " ORDER BY indicator");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    size_t cap = 0;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        ok = grow((void **)&m->ind, &cap, m->n_ind + 1, sizeof *m->ind);
        if (!ok)
            break;
        at_indicator *x = &m->ind[m->n_ind++];
        memset(x, 0, sizeof *x);
        x->name = strdup((const char *)sqlite3_column_text(st, 0));
        x->type = strdup(sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
        bool built_ok = dup_optional(sqlite3_column_text(st, 2), &x->construit_de);
        x->framed = sqlite3_column_type(st, 3) != SQLITE_NULL;
        x->integral = true;
        x->lower = INFINITY; /* the smallest published value, until the end */
        ok = x->name && x->type && built_ok;
        if (!ok)
            obs_error("audit du secret : mémoire insuffisante pour le catalogue");
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error("audit du secret : lecture du catalogue : %s", sqlite3_errmsg(db));
        ok = false;
    }
    sqlite3_finalize(st);
    if (ok && m->n_ind > 256) {
        obs_error("audit du secret : plus de 256 indicateurs, au-delà de ce que l'attaque indexe");
        ok = false;
    }
    return ok;
}

static int32_t indicator_of(const at_model *m, const char *name)
{
    size_t lo = 0, hi = m->n_ind;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(m->ind[mid].name, name);
        if (c == 0)
            return (int32_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

bool at_model_load(sqlite3 *db, int64_t run, at_model *m)
{
    memset(m, 0, sizeof *m);
    if (!load_indicators(db, run, m))
        return false;
    sqlite3_stmt *st = db_prepare(db, "SELECT rowid, indicator, niveau, territoire, annee, dimension, secret,"
                                      " valeur, coalesce(valeur_brute, valeur) FROM indicator_value"
                                      " WHERE run_id = ?1");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    bool ok = true;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int32_t ind = indicator_of(m, (const char *)sqlite3_column_text(st, 1));
        if (ind < 0)
            continue; /* no catalog entry: nothing known of it */
        ok = grow((void **)&m->cell, &m->cap_cells, m->n_cells + 1, sizeof *m->cell);
        if (!ok)
            break;
        at_cell *c = &m->cell[m->n_cells++];
        c->rowid = sqlite3_column_int64(st, 0);
        c->ind = ind;
        c->niv = (uint8_t)level_of((const char *)sqlite3_column_text(st, 2));
        uint32_t t = at_intern(&m->terr, (const char *)sqlite3_column_text(st, 3));
        uint32_t d = at_intern(&m->dim, (const char *)sqlite3_column_text(st, 5));
        ok = t != UINT32_MAX && d != UINT32_MAX;
        c->terr = (int32_t)t;
        c->dim = (int32_t)d;
        c->annee = (int16_t)sqlite3_column_int(st, 4);
        c->secret = sqlite3_column_int(st, 6) != 0;
        bool has = sqlite3_column_type(st, 7) != SQLITE_NULL;
        c->pub = c->secret || !has ? NAN : sqlite3_column_double(st, 7);
        c->raw = sqlite3_column_type(st, 8) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 8);
        if (!c->secret && !has)
            c->secret = 1; /* published empty: unknown to the outsider */
        at_indicator *x = &m->ind[ind];
        if (!isnan(c->pub)) {
            if (c->pub != floor(c->pub))
                x->integral = false;
            if (c->pub < x->lower)
                x->lower = c->pub;
        }
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error("audit du secret : lecture des valeurs : %s", sqlite3_errmsg(db));
        ok = false;
    }
    sqlite3_finalize(st);
    if (!ok)
        return false;
    /* a row exists only where a unit does: a masked count is at least 1,
     * unless its cells exist on a frame's (indicator_meta.cadre), 0 where
     * nothing is counted */
    for (size_t i = 0; i < m->n_ind; i++) {
        at_indicator *x = &m->ind[i];
        bool count = strcmp(x->type, "count") == 0;
        if (x->lower == INFINITY)
            x->integral = false;
        x->lower = x->lower >= 1 && count && x->integral && !x->framed ? 1.0 : x->lower >= 0 ? 0.0 : -INFINITY;
    }
    return index_cells(m);
}

const char *at_cell_name(const at_model *m, size_t i, char *buf, size_t len)
{
    const at_cell *c = &m->cell[i];
    const char *d = m->dim.s[c->dim];
    snprintf(buf, len, "%s, %s %s, %d%s%s", m->ind[c->ind].name, at_level_name[c->niv], m->terr.s[c->terr], c->annee,
             *d ? ", " : "", d);
    return buf;
}

int32_t at_indicator_of(const at_model *m, const char *name)
{
    return indicator_of(m, name);
}

void at_model_free(at_model *m)
{
    for (size_t i = 0; i < m->n_ind; i++) {
        free(m->ind[i].name);
        free(m->ind[i].type);
        free(m->ind[i].construit_de);
    }
    free(m->ind);
    free(m->cell);
    free(m->slot);
    free(m->slot_key);
    strings_free(&m->terr);
    strings_free(&m->dim);
    strings_free(&m->labels);
    free(m->label_bad);
    free(m->label_checked);
    free(m->rel);
    free(m->term_cell);
    free(m->term_coef);
    free(m->rel_start);
    free(m->rel_of);
    memset(m, 0, sizeof *m);
}
