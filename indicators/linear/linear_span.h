/* Whether a vector is a combination of given vectors, and with which
 * coefficients on some of them, modulo the prime 2^31 - 1.
 *
 * Secondary suppression uses it on the columns of the hidden cells (one
 * coordinate per equation). A published cell w, once hidden, stays
 * protected itself exactly when its column a_w is a combination of the
 * hidden cells' columns; and it then protects a given-back cell j exactly
 * when j's coefficient in that combination is not zero (j's coefficient is
 * the same in every combination giving a_w, since the column of a
 * given-back cell takes part in no linear dependency). Vectors given to
 * lin_span_add may be "tracked": lin_span_express reports their
 * coefficients. Same exact arithmetic as linear_disclosure.h, and for the
 * same reason: rounding could publish a cell. */
#ifndef OBS_LINEAR_SPAN_H
#define OBS_LINEAR_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct lin_span lin_span;

/* An empty span of vectors with n_pos coordinates, n_tracked of its
 * vectors to be tracked (numbered 0..n_tracked-1). NULL when out of memory. */
lin_span *lin_span_new(size_t n_pos, size_t n_tracked);
void lin_span_free(lin_span *s);

/* Adds a sparse vector (coordinates pos[i] < n_pos, coefficients coef[i];
 * a coordinate may repeat, its coefficients add up). tracked: its number,
 * or LIN_UNTRACKED. False when out of memory. */
#define LIN_UNTRACKED ((size_t)-1)
bool lin_span_add(lin_span *s, const uint32_t *pos, const int32_t *coef, size_t len, size_t tracked);

/* Whether the sparse vector is a combination of the vectors added; if so,
 * z[k] (n_tracked values) is tracked vector k's coefficient in one such
 * combination. */
bool lin_span_express(lin_span *s, const uint32_t *pos, const int32_t *coef, size_t len, uint32_t *z);

/* The linear form that gives, for each vector v of the span, tracked
 * vector k's coefficient in it (what lin_span_express puts in z[k]), as
 * y . v (n_pos values, valid until the next call on s). Cheaper than
 * expressing each of many vectors when only z[k] matters. On a vector
 * outside the span y . v means nothing. NULL when out of memory. */
const uint32_t *lin_span_functional(lin_span *s, size_t k);
/* Form number which (0 or 1) of two random vectors orthogonal to the span
 * (n_pos values, valid until the next lin_span_add): y . v is 0 for every v
 * of the span, and for a v outside it 0 with probability 1/p only (p = 2^31
 * - 1, the two forms independent), so a non-zero y . v proves that v is
 * outside. Drawn from a fixed seed, so that runs are reproducible, and
 * brought up to date as the span grows. NULL when out of memory. */
const uint32_t *lin_span_orthogonal(lin_span *s, int which);
/* y . v for the sparse vector v (as lin_span_add takes it). */
uint32_t lin_span_dot(const uint32_t *y, const uint32_t *pos, const int32_t *coef, size_t len);

#endif
