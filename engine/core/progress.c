#include "engine/core/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(progress *p, const char *label, const char *unit, uint64_t total)
{
    p->label = label;
    p->unit = unit;
    p->total = total;
    p->done = 0;
    p->started = progress_now();
    p->last_draw = p->started;
    p->tty = isatty(STDERR_FILENO) == 1;
    p->drawn = false;
}

static void draw(progress *p, double now)
{
    double elapsed = now - p->started;
    double rate = elapsed > 0 ? (double)p->done / elapsed : 0;
    char eta[32] = "";
    if (p->total > p->done && rate > 0) {
        double left = (double)(p->total - p->done) / rate;
        snprintf(eta, sizeof eta, ", reste %d min %02d s", (int)(left / 60), (int)left % 60);
    }
    if (p->total)
        fprintf(stderr, "\r%s : %3.0f %% (%llu/%llu %s, %.0f %s/s%s)\033[K", p->label,
                100.0 * (double)p->done / (double)p->total, (unsigned long long)p->done,
                (unsigned long long)p->total, p->unit, rate, p->unit, eta);
    else
        fprintf(stderr, "\r%s : %llu %s (%.0f %s/s)\033[K", p->label, (unsigned long long)p->done,
                p->unit, rate, p->unit);
    fflush(stderr);
    p->drawn = true;
}

void progress_update(progress *p, uint64_t done)
{
    p->done = done;
    if (!p->tty || (done & 4095) != 0)
        return;
    double now = progress_now();
    if (now - p->last_draw >= 0.2) {
        p->last_draw = now;
        draw(p, now);
    }
}

double progress_finish(progress *p)
{
    double elapsed = progress_now() - p->started;
    if (p->tty && p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    return elapsed;
}
