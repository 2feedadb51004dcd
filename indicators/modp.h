/* Arithmetic modulo the prime 2^31 - 1, for the exact eliminations of
 * secondary suppression (linear_disclosure.c, linear_span.c). */
#ifndef OBS_MODP_H
#define OBS_MODP_H

#include <stdint.h>

#define MODP_P 2147483647u

static inline uint32_t modp_of(int64_t c)
{
    int64_t m = c % (int64_t)MODP_P;
    return (uint32_t)(m < 0 ? m + (int64_t)MODP_P : m);
}

static inline uint32_t modp_mul(uint32_t a, uint32_t b)
{
    return (uint32_t)((uint64_t)a * b % MODP_P);
}

static inline uint32_t modp_sub(uint32_t a, uint32_t b)
{
    return (uint32_t)(((uint64_t)a + MODP_P - b) % MODP_P);
}

/* a^(p-2): the inverse of a non-zero a (Fermat) */
static inline uint32_t modp_inverse(uint32_t a)
{
    uint64_t r = 1, b = a;
    for (uint64_t e = MODP_P - 2; e; e >>= 1) {
        if (e & 1)
            r = r * b % MODP_P;
        b = b * b % MODP_P;
    }
    return (uint32_t)r;
}

#endif
