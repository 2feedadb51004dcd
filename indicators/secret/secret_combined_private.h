/* The equations of secondary suppression as secret_combined.c holds them,
 * shared with the choice of victims (secret_victims.c). */
#ifndef OBS_SECRET_COMBINED_PRIVATE_H
#define OBS_SECRET_COMBINED_PRIVATE_H

#include "indicators/secret/secret_combined.h"

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
    double *x;            /* per variable: its value, to hide the smallest; COMBINED_HEADLINE added
                           * for a cell to hide last (see secret_model_costs) */
    size_t *block_eq_start, *block_eqs;   /* block b's equations (b a root variable) */
    size_t *block_var_start, *block_vars; /* block b's variables */
    size_t *nsecret;      /* per equation: its hidden cells */
    size_t *local;        /* per variable: scratch of combined_block_solution */
    unsigned char *watch; /* per variable, malloc'd or NULL: whether its being given back counts
                           * (NULL: every hidden cell's does); set by a caller such as
                           * secret_insider_combined.c, freed with the system */
    unsigned char stop_at_headline; /* set by secret_release.c: the chooser gives up a block as soon as
                                     * it hides a headline figure (a failure there anyway) */
    const uint32_t *solved;         /* set by secret_release.c: per variable, a solution of the dirty block
                                     * as it stands (combined_block_solution's), used instead of its first
                                     * solve */
};

/* Added to the value of a France, région, département or study territory
 * figure without breakdown: hidden only when nothing else protects. */
#define COMBINED_HEADLINE 1e18

/* A system from its terms (copied): equation e has the terms
 * eq_start[e] .. eq_start[e + 1] - 1, each a cell id, its coefficient,
 * whether it is hidden and its value (as combined_load reads them). Every
 * block starts dirty. NULL when out of memory (said on stderr). */
combined *combined_from_terms(size_t n_eq, const size_t *eq_start, const int64_t *ids, const int32_t *coef,
                              const unsigned char *secret, const double *x);

/* Hides or shows variable v, keeping its equations' counts. */
void combined_set_secret(combined *c, size_t v, unsigned char hidden);
/* The variable of cell id, c->n_vars if none. */
size_t combined_var_of(const combined *c, int64_t id);
/* A random solution of A x = 0 over block b's hidden cells: value[v] for
 * each of them (0: the cell is given back). False when out of memory. */
bool combined_block_solution(const combined *c, size_t b, uint32_t *value);

#endif
