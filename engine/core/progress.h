/* Progress of long work: on a terminal, one line redrawn at most every
 * 200 ms with done/total, rows/s and ETA; when stderr is not a terminal
 * (cron, logs), nothing until the final summary line. */
#ifndef OBS_PROGRESS_H
#define OBS_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    const char *label;     /* e.g. "etablissements.csv" */
    const char *unit;      /* e.g. "lignes" */
    uint64_t total;        /* 0 when unknown (no ETA) */
    uint64_t done;
    double started;        /* monotonic seconds */
    double last_draw;
    bool tty;
    bool drawn;
} progress;

void progress_start(progress *p, const char *label, const char *unit, uint64_t total);
/* Cheap to call per row: it reads the clock only every 4096 updates. */
void progress_update(progress *p, uint64_t done);
/* Clears the line and returns the elapsed seconds. */
double progress_finish(progress *p);
/* Monotonic clock in seconds. */
double progress_now(void);

#endif
