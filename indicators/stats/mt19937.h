/* The Mersenne Twister of GSL (gsl_rng_mt19937 seeded by gsl_rng_set) and
 * its gsl_rng_uniform_int, inline: the same numbers in the same order,
 * without GSL's two indirect calls and 64-bit division per draw (the
 * bootstrap of the leverage draws billions of them at national scale).
 * tests/unit/test_mt19937.c compares every draw with GSL's own. */
#ifndef OBS_MT19937_H
#define OBS_MT19937_H

#include <stdint.h>

#define MT19937_N 624
#define MT19937_M 397

typedef struct {
    uint32_t mt[MT19937_N];
    int next; /* index of the next word; MT19937_N: the block is used up */
} mt19937;

/* gsl_rng_set: seed 0 means 4357; only the low 32 bits of the seed count. */
static inline void mt19937_seed(mt19937 *s, unsigned long seed)
{
    if (seed == 0)
        seed = 4357;
    s->mt[0] = (uint32_t)(seed & 0xffffffffUL);
    for (int i = 1; i < MT19937_N; i++)
        s->mt[i] = (uint32_t)(1812433253u * (s->mt[i - 1] ^ (s->mt[i - 1] >> 30)) + (uint32_t)i);
    s->next = MT19937_N;
}

static inline uint32_t mt19937_magic(uint32_t y) { return (y & 1u) ? 0x9908b0dfu : 0u; }

/* The next block of MT19937_N words. */
static inline void mt19937_refill(mt19937 *s)
{
    uint32_t *mt = s->mt;
    int k;
    for (k = 0; k < MT19937_N - MT19937_M; k++) {
        uint32_t y = (mt[k] & 0x80000000u) | (mt[k + 1] & 0x7fffffffu);
        mt[k] = mt[k + MT19937_M] ^ (y >> 1) ^ mt19937_magic(y);
    }
    for (; k < MT19937_N - 1; k++) {
        uint32_t y = (mt[k] & 0x80000000u) | (mt[k + 1] & 0x7fffffffu);
        mt[k] = mt[k + (MT19937_M - MT19937_N)] ^ (y >> 1) ^ mt19937_magic(y);
    }
    uint32_t y = (mt[MT19937_N - 1] & 0x80000000u) | (mt[0] & 0x7fffffffu);
    mt[MT19937_N - 1] = mt[MT19937_M - 1] ^ (y >> 1) ^ mt19937_magic(y);
    s->next = 0;
}

/* gsl_rng_get */
static inline uint32_t mt19937_get(mt19937 *s)
{
    if (s->next >= MT19937_N)
        mt19937_refill(s);
    uint32_t k = s->mt[s->next++];
    k ^= k >> 11;
    k ^= (k << 7) & 0x9d2c5680u;
    k ^= (k << 15) & 0xefc60000u;
    k ^= k >> 18;
    return k;
}

/* gsl_rng_uniform_int(r, n) for 0 < n <= 0xffffffff: a draw in [0, n),
 * by the same rejection (the generator's range divided into n equal
 * parts, the remainder drawn again). */
static inline uint32_t mt19937_uniform_int(mt19937 *s, uint32_t n)
{
    uint32_t scale = 0xffffffffu / n, k;
    do
        k = mt19937_get(s) / scale;
    while (k >= n);
    return k;
}

#endif
