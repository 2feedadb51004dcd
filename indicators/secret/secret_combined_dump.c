#include "indicators/secret/secret_combined_dump.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/log.h"
#include "indicators/secret/secret_combined_private.h"

/* Layout: the magic, n_eq and n_terms (uint64), eq_start (n_eq + 1
 * uint64), then per term its cell id (int64), coefficient (int32), hidden
 * flag and changed-block flag (one byte each) and its cell's value
 * (double). Native byte order: the file is read back on the machine that
 * wrote it. */
static const char MAGIC[8] = "OBSCMB01";

static bool put(FILE *f, const void *p, size_t size)
{
    return fwrite(p, size, 1, f) == 1;
}

bool combined_dump_write(const combined *c, const char *path)
{
    FILE *f = fopen(path, "wb");
    bool ok = f != NULL;
    uint64_t n_eq = c->n_eq, n_terms = c->n_terms;
    ok = ok && put(f, MAGIC, sizeof MAGIC) && put(f, &n_eq, sizeof n_eq) && put(f, &n_terms, sizeof n_terms);
    for (size_t e = 0; ok && e <= c->n_eq; e++) {
        uint64_t s = c->eq_start[e];
        ok = put(f, &s, sizeof s);
    }
    for (size_t t = 0; ok && t < c->n_terms; t++) {
        size_t v = c->var_of_term[t];
        unsigned char flags[2] = {c->secret[v], c->dirty[c->block[v]]};
        ok = put(f, &c->cell[v], sizeof c->cell[v]) && put(f, &c->coef[t], sizeof c->coef[t]) &&
             put(f, flags, sizeof flags) && put(f, &c->x[v], sizeof c->x[v]);
    }
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok)
        obs_error("%s : écriture du système d'équations du secret impossible", path);
    return ok;
}

static bool get(FILE *f, void *p, size_t size)
{
    return fread(p, size, 1, f) == 1;
}

combined *combined_dump_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    char magic[sizeof MAGIC];
    uint64_t n_eq = 0, n_terms = 0;
    bool ok = f && get(f, magic, sizeof magic) && memcmp(magic, MAGIC, sizeof MAGIC) == 0 &&
              get(f, &n_eq, sizeof n_eq) && get(f, &n_terms, sizeof n_terms) && n_eq < SIZE_MAX / 8 &&
              n_terms < SIZE_MAX / 16;
    size_t *eq_start = ok ? malloc((n_eq + 1) * sizeof *eq_start) : NULL;
    int64_t *ids = ok ? malloc((n_terms ? n_terms : 1) * sizeof *ids) : NULL;
    int32_t *coef = ok ? malloc((n_terms ? n_terms : 1) * sizeof *coef) : NULL;
    unsigned char *secret = ok ? malloc(n_terms ? n_terms : 1) : NULL;
    unsigned char *dirty = ok ? malloc(n_terms ? n_terms : 1) : NULL;
    double *x = ok ? malloc((n_terms ? n_terms : 1) * sizeof *x) : NULL;
    ok = ok && eq_start && ids && coef && secret && dirty && x;
    for (size_t e = 0; ok && e <= n_eq; e++) {
        uint64_t s;
        ok = get(f, &s, sizeof s) && s <= n_terms && (e == 0 ? s == 0 : s >= eq_start[e - 1]);
        if (ok)
            eq_start[e] = (size_t)s;
    }
    ok = ok && eq_start[n_eq] == n_terms;
    for (size_t t = 0; ok && t < n_terms; t++) {
        unsigned char flags[2];
        ok = get(f, &ids[t], sizeof ids[t]) && get(f, &coef[t], sizeof coef[t]) && get(f, flags, sizeof flags) &&
             get(f, &x[t], sizeof x[t]);
        secret[t] = flags[0] != 0;
        dirty[t] = flags[1] != 0;
    }
    combined *c = ok ? combined_from_terms(n_eq, eq_start, ids, coef, secret, x) : NULL;
    if (c) { /* blocks start changed; keep only those the file says */
        memset(c->dirty, 0, c->n_vars ? c->n_vars : 1);
        for (size_t t = 0; t < n_terms; t++)
            c->dirty[c->block[c->var_of_term[t]]] |= dirty[t];
    }
    if (!ok)
        obs_error("%s : pas un système d'équations du secret lisible", path);
    if (f)
        fclose(f);
    free(eq_start);
    free(ids);
    free(coef);
    free(secret);
    free(dirty);
    free(x);
    return c;
}

void combined_dump_if_asked(const combined *c)
{
    static bool done;
    const char *path = getenv("OBS_SECRET_DUMP_COMBINED");
    if (!path || !*path || done || c->watch)
        return;
    done = true;
    if (combined_dump_write(c, path))
        obs_info("secret statistique : système d'équations écrit dans %s", path);
}
