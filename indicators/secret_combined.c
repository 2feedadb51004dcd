#include "secret_combined.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "linear_disclosure.h"
#include "log.h"

struct combined {
    size_t n_eq, n_terms, n_vars;
    size_t *eq_start;     /* equation e: terms eq_start[e] .. eq_start[e + 1] - 1 */
    size_t *var_of_term;
    int32_t *coef;
    int64_t *cell;        /* per variable, sorted */
    unsigned char *secret;
    size_t *block;        /* per variable: its block, the root of its connected set */
    unsigned char *dirty; /* per block */
    size_t *eq_block;     /* per equation */
    size_t *eq_of_term;
    size_t *var_start;    /* variable v: its terms var_terms[var_start[v] .. var_start[v + 1] - 1] */
    size_t *var_terms;
    double *x;            /* per variable: its value, to hide the smallest */
    size_t *block_eq_start, *block_eqs;   /* block b's equations (b a root variable) */
    size_t *block_var_start, *block_vars; /* block b's variables */
    size_t *nsecret;      /* per equation: its hidden cells */
};

/* Hides or shows variable v, keeping its equations' counts. */
static void set_secret(combined *c, size_t v, unsigned char hidden)
{
    if (c->secret[v] == hidden)
        return;
    c->secret[v] = hidden;
    for (size_t i = c->var_start[v]; i < c->var_start[v + 1]; i++) {
        size_t e = c->eq_of_term[c->var_terms[i]];
        c->nsecret[e] = hidden ? c->nsecret[e] + 1 : c->nsecret[e] - 1;
    }
}

static size_t root(size_t *parent, size_t u)
{
    while (parent[u] != u) {
        parent[u] = parent[parent[u]];
        u = parent[u];
    }
    return u;
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
    free(c);
}

static size_t var_of(const combined *c, int64_t id)
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
    if (!c->secret || !c->block || !c->dirty || !c->var_of_term || !c->eq_block || !c->eq_of_term ||
        !c->var_start || !c->var_terms || !c->x)
        return false;
    for (size_t t = 0; t < c->n_terms; t++) {
        size_t v = var_of(c, id_of_term[t]);
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
    for (size_t v = 0; v < n; v++)
        c->block[v] = v;
    for (size_t e = 0; e < c->n_eq; e++)
        for (size_t t = c->eq_start[e] + 1; t < c->eq_start[e + 1]; t++) {
            size_t a = root(c->block, c->var_of_term[c->eq_start[e]]), b = root(c->block, c->var_of_term[t]);
            if (a != b)
                c->block[b] = a;
        }
    for (size_t v = 0; v < n; v++)
        c->block[v] = root(c->block, v);
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

bool combined_hide(combined *c, sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t v = var_of(c, sqlite3_column_int64(st, 0));
        if (v < c->n_vars && !c->secret[v]) {
            set_secret(c, v, 1);
            c->dirty[c->block[v]] = 1;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
}

/* A random solution of A x = 0 over block b's hidden cells: value[v] for
 * each of them (0: the cell is given back). */
static bool block_solution(const combined *c, size_t b, uint32_t *value)
{
    lin_system s;
    lin_init(&s);
    bool ok = true;
    for (size_t i = c->block_eq_start[b]; ok && i < c->block_eq_start[b + 1]; i++) {
        size_t e = c->block_eqs[i];
        for (size_t t = c->eq_start[e]; ok && t < c->eq_start[e + 1]; t++)
            if (c->secret[c->var_of_term[t]])
                ok = lin_add_term(&s, c->cell[c->var_of_term[t]], c->coef[t]);
        ok = ok && lin_end_equation(&s);
    }
    int64_t *cells = NULL;
    uint32_t *values = NULL;
    size_t n = 0;
    ok = ok && lin_null_vector(&s, &cells, &values, &n);
    for (size_t i = c->block_var_start[b]; i < c->block_var_start[b + 1]; i++)
        value[c->block_vars[i]] = 1; /* hidden cells in no equation are free */
    for (size_t i = 0; ok && i < n; i++)
        value[var_of(c, cells[i])] = values[i];
    free(cells);
    free(values);
    lin_free(&s);
    return ok;
}

/* A random u with u^T A_hidden = 0 over block b's equations (a random
 * solution of the transposed system). A published cell c can be hidden
 * without being given back itself only if its column a_c is a combination
 * of the hidden cells' columns, that is u^T a_c = 0 for every such u (else
 * some combination of equations isolates c). */
static bool block_left_solution(const combined *c, size_t b, uint32_t *u)
{
    lin_system s;
    lin_init(&s);
    bool ok = true;
    for (size_t i = c->block_var_start[b]; ok && i < c->block_var_start[b + 1]; i++) {
        size_t v = c->block_vars[i];
        if (!c->secret[v])
            continue;
        for (size_t k = c->var_start[v]; ok && k < c->var_start[v + 1]; k++) {
            size_t t = c->var_terms[k];
            ok = lin_add_term(&s, (int64_t)c->eq_of_term[t], c->coef[t]);
        }
        ok = ok && lin_end_equation(&s);
    }
    int64_t *eqs = NULL;
    uint32_t *values = NULL;
    size_t n = 0;
    ok = ok && lin_null_vector(&s, &eqs, &values, &n);
    /* equations without hidden cells are free: any value */
    uint64_t z = 88172645463325252u + b;
    for (size_t i = c->block_eq_start[b]; i < c->block_eq_start[b + 1]; i++) {
        z ^= z << 13, z ^= z >> 7, z ^= z << 17;
        u[c->block_eqs[i]] = (uint32_t)(z % 2147483646u) + 1;
    }
    for (size_t i = 0; ok && i < n; i++)
        u[eqs[i]] = values[i];
    free(eqs);
    free(values);
    lin_free(&s);
    return ok;
}

/* How good a victim published cell v would be, smaller is better: first
 * whether hiding it would only give it back (see block_left_solution), then
 * how many of its groups it would be the only hidden cell of, then totals
 * after parts, then the smallest value. */
typedef struct {
    int recoverable, lone, total;
    double x;
    size_t v;
} rank_key;

static rank_key rank_of(const combined *c, size_t v, int total, const uint32_t *u)
{
    rank_key k = {0, 0, total, c->x[v], v};
    uint64_t dot = 0;
    for (size_t i = c->var_start[v]; i < c->var_start[v + 1]; i++) {
        size_t t = c->var_terms[i], e = c->eq_of_term[t];
        int64_t coef = (int64_t)c->coef[t] % 2147483647;
        if (coef < 0)
            coef += 2147483647;
        dot = (dot + (uint64_t)coef * u[e]) % 2147483647u;
        k.lone += c->nsecret[e] == 0;
    }
    k.recoverable = dot != 0;
    return k;
}

static int cmp_rank(const void *pa, const void *pb)
{
    const rank_key *a = pa, *b = pb;
    if (a->recoverable != b->recoverable)
        return a->recoverable - b->recoverable;
    if (a->lone != b->lone)
        return a->lone - b->lone;
    if (a->total != b->total)
        return a->total - b->total;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return (a->v > b->v) - (a->v < b->v);
}

/* The published members of equation e, ranked, appended to *cand. */
static bool add_candidates(const combined *c, size_t e, const uint32_t *u, rank_key **cand, size_t *n,
                           size_t *cap)
{
    for (size_t t = c->eq_start[e]; t < c->eq_start[e + 1]; t++) {
        size_t w = c->var_of_term[t];
        if (c->secret[w])
            continue;
        if (*n == *cap) {
            size_t nc = *cap ? 2 * *cap : 64;
            rank_key *r = realloc(*cand, nc * sizeof *r);
            if (!r)
                return false;
            *cand = r;
            *cap = nc;
        }
        (*cand)[(*n)++] = rank_of(c, w, c->coef[t] > 0, u);
    }
    return true;
}

enum { ROUNDS = 30 }; /* rounds of victims in a block, each followed by a solve */

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
    set_secret(c, v, 1);
    hidden[(*n)++] = v;
    while (next < *n) {
        size_t h = hidden[next++];
        for (size_t i = c->var_start[h]; i < c->var_start[h + 1]; i++) {
            size_t e = c->eq_of_term[c->var_terms[i]];
            if (c->nsecret[e] != 1)
                continue;
            size_t w = smallest_published(c, e);
            if (w < c->n_vars) {
                set_secret(c, w, 1);
                hidden[(*n)++] = w;
            }
        }
    }
}

/* The best-ranked published cell around j: in the smallest of its groups
 * that has one (a victim in its EPCI protects it; the smallest commune of
 * France, which the whole of France's group would offer, does not), else
 * among its groups' members' groups' members; *best = c->n_vars if none. */
static bool best_candidate(const combined *c, size_t j, const uint32_t *u, rank_key **cand, size_t *cap,
                           size_t *best)
{
    size_t n = 0;
    bool ok = true;
    size_t done = c->n_eq; /* equations already looked at: by increasing size */
    for (size_t round = 0; ok && n == 0 && round < c->var_start[j + 1] - c->var_start[j]; round++) {
        size_t small = c->n_eq;
        for (size_t k = c->var_start[j]; k < c->var_start[j + 1]; k++) {
            size_t e = c->eq_of_term[c->var_terms[k]];
            size_t len = c->eq_start[e + 1] - c->eq_start[e];
            size_t done_len = done < c->n_eq ? c->eq_start[done + 1] - c->eq_start[done] : 0;
            if ((len > done_len || (len == done_len && e > done) || done == c->n_eq) &&
                (small == c->n_eq || len < c->eq_start[small + 1] - c->eq_start[small] ||
                 (len == c->eq_start[small + 1] - c->eq_start[small] && e < small)))
                small = e;
        }
        if (small == c->n_eq)
            break;
        done = small;
        ok = add_candidates(c, small, u, cand, &n, cap);
    }
    for (size_t k = c->var_start[j]; ok && n == 0 && k < c->var_start[j + 1]; k++) {
        size_t e = c->eq_of_term[c->var_terms[k]];
        for (size_t t = c->eq_start[e]; ok && t < c->eq_start[e + 1]; t++) {
            size_t w = c->var_of_term[t];
            for (size_t l = c->var_start[w]; ok && l < c->var_start[w + 1]; l++)
                ok = add_candidates(c, c->eq_of_term[c->var_terms[l]], u, cand, &n, cap);
        }
    }
    size_t bi = 0;
    for (size_t i = 1; ok && i < n; i++)
        if (cmp_rank(&(*cand)[i], &(*cand)[bi]) < 0)
            bi = i;
    *best = ok && n ? (*cand)[bi].v : c->n_vars;
    return ok;
}

/* Block b: in rounds, each cell j the equations give back gets a victim,
 * the best-ranked published cell around it (best_candidate), hidden with
 * its partners (hide_with_partners); then the block is solved again. One
 * solve per round, not per victim: a block holds up to 20 000 hidden cells,
 * and solving it for every candidate took minutes on the sample. After
 * ROUNDS rounds the block stays dirty: the next pass, after the group
 * rounds, takes it up again. The ranks use u as it was at the start.
 * Appends the victims (variables) to out; *clean: whether nothing is given
 * back any more. */
static bool protect_block(combined *c, size_t b, uint32_t *value, uint32_t *u, size_t *out, size_t *n_out,
                          size_t *found, bool *clean)
{
    rank_key *cand = NULL;
    size_t cap = 0;
    bool ok = block_solution(c, b, value) && block_left_solution(c, b, u);
    for (size_t i = c->block_var_start[b]; i < c->block_var_start[b + 1]; i++) {
        size_t v = c->block_vars[i];
        *found += c->secret[v] && value[v] == 0;
    }
    for (int round = 0; ok && round < ROUNDS; round++) {
        size_t hidden = *n_out;
        for (size_t i = c->block_var_start[b]; ok && i < c->block_var_start[b + 1]; i++) {
            size_t j = c->block_vars[i], best;
            if (!c->secret[j] || value[j] != 0)
                continue;
            ok = best_candidate(c, j, u, &cand, &cap, &best);
            if (ok && best < c->n_vars)
                hide_with_partners(c, best, out, n_out);
        }
        if (*n_out == hidden)
            break; /* nothing given back, or nothing left to hide */
        ok = block_solution(c, b, value);
    }
    *clean = true;
    for (size_t i = c->block_var_start[b]; i < c->block_var_start[b + 1]; i++)
        *clean = *clean && !(c->secret[c->block_vars[i]] && value[c->block_vars[i]] == 0);
    free(cand);
    return ok;
}

bool combined_victims(combined *c, int64_t **victims, size_t *n_victims, size_t *n_found)
{
    *victims = NULL;
    *n_victims = *n_found = 0;
    uint32_t *value = malloc((c->n_vars ? c->n_vars : 1) * sizeof *value);
    uint32_t *u = malloc((c->n_eq ? c->n_eq : 1) * sizeof *u);
    size_t *out = malloc((c->n_vars ? c->n_vars : 1) * sizeof *out);
    bool ok = value && u && out;
    for (size_t b = 0; ok && b < c->n_vars; b++)
        if (c->dirty[b] && c->block_var_start[b + 1] > c->block_var_start[b]) {
            bool clean;
            ok = protect_block(c, b, value, u, out, n_victims, n_found, &clean);
            c->dirty[b] = !clean; /* else solved again at the next pass */
        }
    if (!ok)
        obs_error("mémoire insuffisante pour vérifier les combinaisons d'équations du secret");
    free(value);
    free(u);
    if (ok && *n_victims) {
        *victims = malloc(*n_victims * sizeof **victims);
        ok = *victims != NULL;
        for (size_t i = 0; ok && i < *n_victims; i++)
            (*victims)[i] = c->cell[out[i]];
    }
    free(out);
    return ok;
}
