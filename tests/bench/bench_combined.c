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

#include "engine/core/checksum.h"
#include "engine/core/progress.h"
#include "indicators/secret/secret_combined_dump.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_combined SYSTEM [VICTIMS]\n");
        return 2;
    }
    double t0 = progress_now();
    combined *c = combined_dump_read(argv[1]);
    if (!c)
        return 1;
    double t1 = progress_now();
    int64_t *victims;
    size_t n, found;
    bool ok = combined_victims(c, &victims, &n, &found);
    double t2 = progress_now();
    if (!ok) {
        combined_free(c);
        return 1;
    }
    char sum[33]; /* over the ids in their order */
    checksum_buffer(victims, n * sizeof *victims, sum);
    printf("read %.2f s; combinations: %zu cells given back, %zu victims (checksum %s) in %.2f s\n", t1 - t0,
           found, n, sum, t2 - t1);
    FILE *f = argc > 2 ? fopen(argv[2], "w") : NULL;
    for (size_t i = 0; f && i < n; i++)
        fprintf(f, "%lld\n", (long long)victims[i]);
    if (f)
        fclose(f);
    free(victims);
    combined_free(c);
    return 0;
}
