/* Developer tool, not a user command: the choice of victims against
 * combinations of equations (combined_victims), alone, on a system written
 * by OBS_SECRET_DUMP_COMBINED (secret_combined_dump.h), to measure and
 * profile it without building the secrecy model again (issue 16, item 7).
 *   bench_combined SYSTEM [VICTIMS]
 * Prints the cells given back, the victims, a checksum of the victims in
 * their order (a change that keeps the choices keeps it) and the seconds;
 * VICTIMS: also writes the victims' cell ids there, one per line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "indicators/secret/secret_combined_dump.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_combined SYSTEM [VICTIMS]\n");
        return 2;
    }
    double t0 = now();
    combined *c = combined_dump_read(argv[1]);
    if (!c)
        return 1;
    double t1 = now();
    int64_t *victims;
    size_t n, found;
    bool ok = combined_victims(c, &victims, &n, &found);
    double t2 = now();
    if (!ok) {
        combined_free(c);
        return 1;
    }
    uint64_t h = 14695981039346656037u; /* FNV-1a over the ids in their order */
    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++)
            h = (h ^ (uint64_t)((victims[i] >> (8 * b)) & 0xff)) * 1099511628211u;
    printf("read %.2f s; combinations: %zu cells given back, %zu victims (checksum %016llx) in %.2f s\n", t1 - t0,
           found, n, (unsigned long long)h, t2 - t1);
    FILE *f = argc > 2 ? fopen(argv[2], "w") : NULL;
    for (size_t i = 0; f && i < n; i++)
        fprintf(f, "%lld\n", (long long)victims[i]);
    if (f)
        fclose(f);
    free(victims);
    combined_free(c);
    return 0;
}
