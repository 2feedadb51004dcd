#include "indicators/secret/secret_combined.h"
#include "indicators/secret/secret_combined_private.h"

#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "indicators/linear/linear_blocks.h"
#include "indicators/linear/linear_disclosure.h"
#include "engine/core/log.h"

/* Hides or shows variable v, keeping its equations' counts. */
void combined_set_secret(combined *c, size_t v, unsigned char hidden)
{
    if (c->secret[v] == hidden)
        return;
    c->secret[v] = hidden;
    for (size_t i = c->var_start[v]; i < c->var_start[v + 1]; i++) {
        size_t e = c->eq_of_term[c->var_terms[i]];
        c->nsecret[e] = hidden ? c->nsecret[e] + 1 : c->nsecret[e] - 1;
    }
}

void combined_free(combined *c)
{
    if (!c)
        return;
    free(c->eq_start);
    free(c->var_of_term);
    free(c->coef);
    free(c->cell);
    free(c->secret);
    free(c->block);
    free(c->dirty);
    free(c->eq_block);
    free(c->eq_of_term);
    free(c->var_start);
    free(c->var_terms);
    free(c->x);
    free(c->block_eq_start);
    free(c->block_eqs);
    free(c->block_var_start);
    free(c->block_vars);
    free(c->nsecret);
    free(c->local);
    free(c->watch);
    free(c);
}

size_t combined_var_of(const combined *c, int64_t id)
{
    const int64_t *p = bsearch(&id, c->cell, c->n_vars, sizeof *c->cell, lin_cmp_cell);
    return p ? (size_t)(p - c->cell) : c->n_vars;
}

/* Lists items 0..n-1 by their block (of[i] < n_blocks): block b's items are
 * items[start[b] .. start[b + 1] - 1]. */
static bool group_by_block(const size_t *of, size_t n, size_t n_blocks, size_t **start, size_t **items)
{
    *start = calloc(n_blocks + 1, sizeof **start);
    *items = malloc((n ? n : 1) * sizeof **items);
    if (!*start || !*items)
        return false;
    for (size_t i = 0; i < n; i++)
        (*start)[of[i] + 1]++;
    for (size_t b = 0; b < n_blocks; b++)
        (*start)[b + 1] += (*start)[b];
    size_t *fill = malloc((n_blocks ? n_blocks : 1) * sizeof *fill);
    if (!fill)
        return false;
    memcpy(fill, *start, n_blocks * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        (*items)[fill[of[i]]++] = i;
    free(fill);
    return true;
}

/* Numbers the cells, finds the blocks; every block starts dirty. */
static bool index_cells(combined *c, const unsigned char *secret_of_term, const int64_t *id_of_term,
                        const double *x_of_term)
{
    int64_t *ids = malloc((c->n_terms ? c->n_terms : 1) * sizeof *ids);
    if (!ids)
        return false;
    if (c->n_terms) /* no equations at all: id_of_term may be NULL, which memcpy must not get */
        memcpy(ids, id_of_term, c->n_terms * sizeof *ids);
    qsort(ids, c->n_terms, sizeof *ids, lin_cmp_cell);
    size_t n = 0;
    for (size_t i = 0; i < c->n_terms; i++)
        if (n == 0 || ids[n - 1] != ids[i])
            ids[n++] = ids[i];
    c->cell = ids;
    c->n_vars = n;
    c->secret = calloc(n ? n : 1, 1);
    c->block = malloc((n ? n : 1) * sizeof *c->block);
    c->dirty = malloc(n ? n : 1);
    c->var_of_term = malloc((c->n_terms ? c->n_terms : 1) * sizeof *c->var_of_term);
    c->eq_block = malloc((c->n_eq ? c->n_eq : 1) * sizeof *c->eq_block);
    c->eq_of_term = malloc((c->n_terms ? c->n_terms : 1) * sizeof *c->eq_of_term);
    c->var_start = calloc(n + 1, sizeof *c->var_start);
    c->var_terms = malloc((c->n_terms ? c->n_terms : 1) * sizeof *c->var_terms);
    c->x = malloc((n ? n : 1) * sizeof *c->x);
    c->local = malloc((n ? n : 1) * sizeof *c->local);
    if (!c->secret || !c->block || !c->dirty || !c->var_of_term || !c->eq_block || !c->eq_of_term ||
        !c->var_start || !c->var_terms || !c->x || !c->local)
        return false;
    for (size_t t = 0; t < c->n_terms; t++) {
        size_t v = combined_var_of(c, id_of_term[t]);
        c->var_of_term[t] = v;
        c->secret[v] |= secret_of_term[t];
        c->x[v] = x_of_term[t];
        c->var_start[v + 1]++;
    }
    for (size_t v = 0; v < n; v++)
        c->var_start[v + 1] += c->var_start[v];
    for (size_t e = 0; e < c->n_eq; e++)
        for (size_t t = c->eq_start[e]; t < c->eq_start[e + 1]; t++) {
            c->eq_of_term[t] = e;
            c->var_terms[c->var_start[c->var_of_term[t]]++] = t;
        }
    for (size_t v = n; v > 0; v--) /* the fill moved each start to the next one's */
        c->var_start[v] = c->var_start[v - 1];
    c->var_start[0] = 0;
    linear_blocks(n, c->n_eq, c->eq_start, c->var_of_term, c->block);
    for (size_t e = 0; e < c->n_eq; e++)
        c->eq_block[e] = c->block[c->var_of_term[c->eq_start[e]]];
    memset(c->dirty, 1, n ? n : 1);
    c->nsecret = calloc(c->n_eq ? c->n_eq : 1, sizeof *c->nsecret);
    if (!c->nsecret)
        return false;
    for (size_t t = 0; t < c->n_terms; t++)
        c->nsecret[c->eq_of_term[t]] += c->secret[c->var_of_term[t]];
    return group_by_block(c->eq_block, c->n_eq, n, &c->block_eq_start, &c->block_eqs) &&
           group_by_block(c->block, n, n, &c->block_var_start, &c->block_vars);
}

combined *combined_load(sqlite3 *db, const char *sql)
{
    combined *c = calloc(1, sizeof *c);
    sqlite3_stmt *st = c ? db_prepare(db, sql) : NULL;
    if (!st) {
        free(c);
        return NULL;
    }
    size_t cap_terms = 0, cap_eq = 0;
    int64_t *ids = NULL;
    unsigned char *secret = NULL;
    double *xs = NULL;
    char *key = NULL;
    bool memory = true;
    int rc = SQLITE_DONE;
    while (memory && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        k = k ? k : "";
        if (c->n_terms == cap_terms) {
            cap_terms = cap_terms ? 2 * cap_terms : 4096;
            int64_t *i2 = realloc(ids, cap_terms * sizeof *i2);
            ids = i2 ? i2 : ids;
            int32_t *c2 = i2 ? realloc(c->coef, cap_terms * sizeof *c2) : NULL;
            c->coef = c2 ? c2 : c->coef;
            unsigned char *s2 = c2 ? realloc(secret, cap_terms) : NULL;
            secret = s2 ? s2 : secret;
            double *x2 = s2 ? realloc(xs, cap_terms * sizeof *x2) : NULL;
            xs = x2 ? x2 : xs;
            if (!x2) {
                memory = false;
                break;
            }
        }
        if (!key || strcmp(key, k) != 0) {
            if (c->n_eq + 2 > cap_eq) {
                cap_eq = cap_eq ? 2 * cap_eq : 1024;
                size_t *e2 = realloc(c->eq_start, cap_eq * sizeof *e2);
                if (!e2) {
                    memory = false;
                    break;
                }
                c->eq_start = e2;
            }
            if (key)
                c->eq_start[++c->n_eq] = c->n_terms;
            else
                c->eq_start[0] = 0;
            sqlite3_free(key);
            key = sqlite3_mprintf("%s", k);
            if (!key) {
                memory = false;
                break;
            }
        }
        ids[c->n_terms] = sqlite3_column_int64(st, 1);
        xs[c->n_terms] = sqlite3_column_double(st, 4);
        c->coef[c->n_terms] = sqlite3_column_int(st, 2);
        secret[c->n_terms++] = (unsigned char)(sqlite3_column_int(st, 3) != 0);
    }
    if (key && memory)
        c->eq_start[++c->n_eq] = c->n_terms;
    sqlite3_free(key);
    bool read = !memory || rc == SQLITE_DONE;
    if (!read)
        obs_error("lecture des équations du secret : %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    memory = memory && index_cells(c, secret, ids, xs);
    if (!memory)
        obs_error("mémoire insuffisante pour les équations du secret");
    free(secret);
    free(ids);
    free(xs);
    if (!read || !memory) {
        combined_free(c);
        return NULL;
    }
    return c;
}

combined *combined_from_terms(size_t n_eq, const size_t *eq_start, const int64_t *ids, const int32_t *coef,
                              const unsigned char *secret, const double *x)
{
    combined *c = calloc(1, sizeof *c);
    size_t n_terms = eq_start[n_eq];
    bool ok = c != NULL;
    if (ok) {
        c->n_eq = n_eq;
        c->n_terms = n_terms;
        c->eq_start = malloc((n_eq + 1) * sizeof *c->eq_start);
        c->coef = malloc((n_terms ? n_terms : 1) * sizeof *c->coef);
        ok = c->eq_start && c->coef;
    }
    if (ok) {
        memcpy(c->eq_start, eq_start, (n_eq + 1) * sizeof *c->eq_start);
        if (n_terms)
            memcpy(c->coef, coef, n_terms * sizeof *c->coef);
        ok = index_cells(c, secret, ids, x);
    }
    if (!ok) {
        obs_error("mémoire insuffisante pour les équations du secret");
        combined_free(c);
        return NULL;
    }
    return c;
}

bool combined_hide(combined *c, sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t v = combined_var_of(c, sqlite3_column_int64(st, 0));
        if (v < c->n_vars && !c->secret[v]) {
            combined_set_secret(c, v, 1);
            c->dirty[c->block[v]] = 1;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
}

/* A random solution of A x = 0 over block b's hidden cells: value[v] for
 * each of them (0: the cell is given back). The hidden cells are numbered
 * in variable order, which is the order of their cells, and the equations
 * kept in block order without those that hide nothing: the system and the
 * values lin_null_vector would give, without sorting and searching the
 * cells again at every solve. */
bool combined_block_solution(const combined *c, size_t b, uint32_t *value)
{
    size_t n = 0, n_terms = 0, n_eq = 0;
    for (size_t i = c->block_var_start[b]; i < c->block_var_start[b + 1]; i++) {
        size_t v = c->block_vars[i];
        value[v] = 1; /* hidden cells in no equation are free */
        if (c->secret[v])
            c->local[v] = n++;
    }
    for (size_t i = c->block_eq_start[b]; i < c->block_eq_start[b + 1]; i++) {
        size_t e = c->block_eqs[i];
        if (c->nsecret[e])
            n_eq++, n_terms += c->nsecret[e];
    }
    if (n == 0 || n_terms == 0)
        return true;
    size_t *eq_start = malloc((n_eq + 1) * sizeof *eq_start), *var_of_term = malloc(n_terms * sizeof *var_of_term);
    int32_t *coef = malloc(n_terms * sizeof *coef);
    uint32_t *x = malloc(n * sizeof *x);
    size_t *hidden = malloc(n * sizeof *hidden);
    bool ok = eq_start && var_of_term && coef && x && hidden;
    if (ok) {
        size_t k = 0, m = 0;
        eq_start[0] = 0;
        for (size_t i = c->block_eq_start[b]; i < c->block_eq_start[b + 1]; i++) {
            size_t e = c->block_eqs[i];
            if (!c->nsecret[e])
                continue;
            for (size_t t = c->eq_start[e]; t < c->eq_start[e + 1]; t++)
                if (c->secret[c->var_of_term[t]]) {
                    var_of_term[k] = c->local[c->var_of_term[t]];
                    coef[k++] = c->coef[t];
                }
            eq_start[++m] = k;
        }
        for (size_t i = c->block_var_start[b]; i < c->block_var_start[b + 1]; i++)
            if (c->secret[c->block_vars[i]])
                hidden[c->local[c->block_vars[i]]] = c->block_vars[i];
        ok = k == n_terms && lin_null_numbered(n, n_eq, eq_start, var_of_term, coef, x);
    }
    for (size_t i = 0; ok && i < n; i++)
        value[hidden[i]] = x[i];
    free(eq_start);
    free(var_of_term);
    free(coef);
    free(x);
    free(hidden);
    return ok;
}
