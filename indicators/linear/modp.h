/* Arithmetic modulo the prime 2^31 - 1, for the exact eliminations of
 * secondary suppression (linear_disclosure.c, linear_span.c). The prime is
 * a Mersenne number, so a product is reduced with shifts and adds instead
 * of a 64-bit division (the eliminations' inner loops are these). */
#ifndef OBS_MODP_H
#define OBS_MODP_H

#include <stdint.h>

#define MODP_P 2147483647u

static inline uint32_t modp_of(int64_t c)
{
    int64_t m = c % (int64_t)MODP_P;
    return (uint32_t)(m < 0 ? m + (int64_t)MODP_P : m);
}

/* x mod p for any 64-bit x (x = hi * 2^31 + lo and 2^31 = 1 mod p) */
static inline uint32_t modp_reduce(uint64_t x)
{
    x = (x & MODP_P) + (x >> 31); /* < 2^34 */
    x = (x & MODP_P) + (x >> 31); /* <= p + 7 */
    return (uint32_t)(x >= MODP_P ? x - MODP_P : x);
}

/* a + b for a, b < p */
static inline uint32_t modp_add(uint32_t a, uint32_t b)
{
    uint32_t s = a + b; /* < 2^32 */
    return s >= MODP_P ? s - MODP_P : s;
}

static inline uint32_t modp_mul(uint32_t a, uint32_t b)
{
    return modp_reduce((uint64_t)a * b);
}

/* a - b for a, b < p */
static inline uint32_t modp_sub(uint32_t a, uint32_t b)
{
    return a >= b ? a - b : a + MODP_P - b;
}

/* The inverse of a non-zero a < p (extended Euclid; the same value as
 * a^(p-2), in about 30 divisions instead of 60 products). */
static inline uint32_t modp_inverse(uint32_t a)
{
    int64_t t = 0, nt = 1, r = MODP_P, nr = a;
    while (nr) {
        int64_t q = r / nr, x;
        x = t - q * nt, t = nt, nt = x;
        x = r - q * nr, r = nr, nr = x;
    }
    return (uint32_t)(t < 0 ? t + (int64_t)MODP_P : t);
}

/* A non-zero value below p from a splitmix64 state: seeded, so that runs
 * are reproducible. */
static inline uint32_t modp_random_nonzero(uint64_t *state)
{
    for (;;) {
        uint64_t z = (*state += 0x9E3779B97F4A7C15u);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
        z ^= z >> 31;
        uint32_t v = (uint32_t)(z % MODP_P);
        if (v)
            return v;
    }
}

#endif
