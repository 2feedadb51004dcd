/* The blocks of a sparse linear system: unknowns linked, directly or not, by
 * some equation (a union-find over each equation's terms). The suppression's
 * combinations (secret_combined.c) and the exact solver (linear_disclosure.c)
 * both split their systems this way; solving block by block keeps each
 * elimination small. */
#ifndef OBS_LINEAR_BLOCKS_H
#define OBS_LINEAR_BLOCKS_H

#include <stddef.h>

/* n unknowns; equation e has the terms eq_start[e] .. eq_start[e + 1] - 1,
 * whose unknowns are var_of_term[t]. Writes into root[v] (n entries) the
 * representative of v's block: two unknowns share a block exactly when their
 * roots are equal, and a root is its own root. */
void linear_blocks(size_t n, size_t n_eq, const size_t *eq_start, const size_t *var_of_term, size_t *root);

#endif
