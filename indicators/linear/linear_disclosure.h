/* Which hidden cells a set of additive equations gives back.
 *
 * Published tables are tied by equations such as "a total minus its parts
 * = 0". Once the published cells are moved to the right-hand side, the
 * hidden cells are the unknowns of a linear system A x = b. An outsider can
 * combine equations at will (add two groups, subtract a third...), so a
 * hidden cell x_j is given back exactly when the unit vector e_j lies in the
 * row space of A, that is when every solution of A x = 0 has x_j = 0. Only
 * A matters (which cells, which signs), never the values.
 *
 * No library at hand does sparse exact elimination over the rationals (GSL's
 * solvers are floating-point and dense; SuiteSparse's QR is floating-point),
 * and rounding could hide a disclosure. The elimination is therefore done
 * here modulo the prime 2^31 - 1, on sparse rows, one connected block of
 * unknowns at a time: a random solution of A x = 0 (random values for the
 * free unknowns, the others by back-substitution) has x_j = 0 for every
 * determined cell, and for any other cell only with probability 2^-31 -- an
 * error that can only hide one cell too many, never publish one. The random
 * draws are seeded, so that runs are reproducible. */
#ifndef OBS_LINEAR_DISCLOSURE_H
#define OBS_LINEAR_DISCLOSURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t n_eq;        /* equations */
    size_t n_terms;     /* terms of all equations */
    size_t cap_terms, cap_eq;
    size_t *eq_start;   /* equation i: terms eq_start[i] .. eq_start[i + 1] - 1 */
    int64_t *cell;      /* the unknown of each term (any identifier) */
    int32_t *coef;      /* its coefficient, a small integer */
} lin_system;

void lin_init(lin_system *s);
/* Orders two cell identifiers (int64_t), for qsort and bsearch. */
int lin_cmp_cell(const void *a, const void *b);
void lin_free(lin_system *s);
/* Adds a term to the equation being built; false when out of memory. */
bool lin_add_term(lin_system *s, int64_t cell, int32_t coef);
/* Closes the equation being built (an empty one is dropped). */
bool lin_end_equation(lin_system *s);

/* A random solution of A x = 0: every unknown (*cells, sorted, n of them)
 * and its value mod 2^31 - 1 (*values), both malloc'd (NULL when there is
 * no unknown). False when out of memory. */
bool lin_null_vector(const lin_system *s, int64_t **cells, uint32_t **values, size_t *n);

/* The same on unknowns already numbered 0..n-1 (var_of_term), equations
 * eq_start[0..n_eq] over terms var_of_term and coef, none empty, every
 * unknown in one: writes value[0..n-1]. Numbered in the order of the cells,
 * it gives lin_null_vector's values. False when out of memory. */
bool lin_null_numbered(size_t n, size_t n_eq, const size_t *eq_start, const size_t *var_of_term,
                       const int32_t *coef, uint32_t *value);

/* The unknowns the equations determine, sorted, without duplicates, in a
 * malloc'd array (*cells, *n; NULL and 0 when none). False when out of
 * memory. */
bool lin_determined(const lin_system *s, int64_t **cells, size_t *n);

#endif
