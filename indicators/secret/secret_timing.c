#include "indicators/secret/secret_timing.h"

#include <stdlib.h>
#include <string.h>

#include "engine/core/log.h"
#include "engine/core/progress.h"

enum { MAX_DEPTH = 16, MAX_STEPS = 64 };

typedef struct {
    const char *step;
    double seconds;
    long calls;
} counter;

static double started[MAX_DEPTH];
static int depth;
static counter counters[MAX_STEPS];
static int n_counters;

void secret_timing_mark(void)
{
    if (depth < MAX_DEPTH)
        started[depth] = progress_now();
    depth++;
}

bool secret_timing_done(const char *step, bool result)
{
    if (depth <= 0)
        return result;
    depth--;
    if (depth >= MAX_DEPTH)
        return result;
    double s = progress_now() - started[depth];
    int i = 0;
    while (i < n_counters && strcmp(counters[i].step, step) != 0)
        i++;
    if (i == n_counters) {
        if (n_counters == MAX_STEPS)
            return result;
        counters[n_counters++] = (counter){step, 0, 0};
    }
    /* a long step is written at once too: a stage stopped before its end
     * still tells where its time went */
    if (s >= 10)
        obs_log_only("secret statistique, temps : %s %.1f s (en cours)", step, s);
    counters[i].seconds += s;
    counters[i].calls++;
    return result;
}

static int by_seconds(const void *a, const void *b)
{
    double x = ((const counter *)a)->seconds, y = ((const counter *)b)->seconds;
    return x < y ? 1 : x > y ? -1 : 0;
}

void secret_timing_report(void)
{
    qsort(counters, (size_t)n_counters, sizeof counters[0], by_seconds);
    for (int i = 0; i < n_counters; i++)
        obs_log_only("secret statistique, temps : %s %.1f s (%ld fois)", counters[i].step, counters[i].seconds,
                     counters[i].calls);
    n_counters = 0;
    depth = 0;
}
