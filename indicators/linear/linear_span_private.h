/* The echelon form behind linear_span.h, shared by its forms
 * (linear_span_forms.c). */
#ifndef OBS_LINEAR_SPAN_PRIVATE_H
#define OBS_LINEAR_SPAN_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "indicators/linear/dense_row.h"
#include "indicators/linear/linear_span.h"

typedef struct span_forms span_forms;

/* A vector being reduced, dense over the coordinates with a bitmap of its
 * non-zero ones, and its combination of the tracked vectors, dense with
 * the list of the non-zero ones. */
typedef struct {
    dense_row row;
    uint32_t *combo;
    size_t *touched, n_touched;
    unsigned char *is_touched;
} work;

/* Echelon form of the vectors added: at most one row per leading
 * coordinate, leading coefficient 1, with the combination of tracked
 * vectors it stands for. */
struct lin_span {
    size_t n_pos, n_tracked;
    size_t *start, *len;       /* per leading coordinate; len 0: none */
    size_t *cstart, *clen;     /* its combination */
    uint32_t *pos, *val;       /* pool of rows */
    size_t used, cap;
    size_t rank;               /* rows stored */
    size_t *cidx;              /* pool of combinations */
    uint32_t *cval;
    size_t cused, ccap;
    work w;
    span_forms *forms;         /* NULL until a form is asked for (linear_span_forms.c) */
};

/* Row p (leading coordinate p) was just stored: the forms' indexes learn
 * it. False when out of memory. */
bool span_forms_row_added(lin_span *s, size_t p);
void span_forms_free(span_forms *f);

#endif
