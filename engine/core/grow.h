/* A buffer that grows by doubling, shared by the CSV reader and its
 * read-ahead thread. */
#ifndef OBS_GROW_H
#define OBS_GROW_H

#include <stdbool.h>
#include <stdlib.h>

/* Makes *p (capacity *cap elements of elem bytes) hold at least need
 * elements, doubling from 64; false when out of memory (*p unchanged). */
static inline bool grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q)
        return false;
    *p = q;
    *cap = n;
    return true;
}

#endif
