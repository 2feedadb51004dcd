/* Progress of a long stage made of steps (indicator i/n, secrecy pass k):
 * on a terminal only, and only once the stage has lasted 2 s, one line
 * redrawn in place; nothing in cron, in logs or with --quiet. */
#ifndef OBS_STAGE_PROGRESS_H
#define OBS_STAGE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char *label; /* e.g. "calcul" */
    size_t total;      /* 0 when unknown */
    double started;
    double last_draw;
    bool tty;
    bool drawn;
} stage_progress;

void stage_progress_start(stage_progress *p, const char *label, size_t total);
/* Step i (1-based) begins; detail names it (an indicator id), may be NULL. */
void stage_progress_step(stage_progress *p, size_t i, const char *detail);
/* Clears the line when one was drawn. */
void stage_progress_end(stage_progress *p);

#endif
