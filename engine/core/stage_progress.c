#include "engine/core/stage_progress.h"

#include <stdio.h>
#include <unistd.h>

#include "engine/core/log.h"
#include "engine/core/progress.h"

#define SHOW_AFTER 2.0    /* seconds: shorter stages print nothing */
#define REDRAW_EVERY 0.2  /* seconds */

void stage_progress_start(stage_progress *p, const char *label, size_t total)
{
    p->label = label;
    p->total = total;
    p->started = progress_now();
    p->last_draw = 0;
    p->tty = isatty(STDERR_FILENO) == 1 && !obs_log_is_quiet();
    p->drawn = false;
}

void stage_progress_step(stage_progress *p, size_t i, const char *detail)
{
    if (!p->tty)
        return;
    double now = progress_now();
    if (now - p->started < SHOW_AFTER || now - p->last_draw < REDRAW_EVERY)
        return;
    p->last_draw = now;
    if (p->total)
        fprintf(stderr, "\r%s : %zu/%zu%s%s (%.0f s)\033[K", p->label, i, p->total, detail ? " " : "",
                detail ? detail : "", now - p->started);
    else
        fprintf(stderr, "\r%s : %zu%s%s (%.0f s)\033[K", p->label, i, detail ? " " : "", detail ? detail : "",
                now - p->started);
    fflush(stderr);
    p->drawn = true;
}

void stage_progress_end(stage_progress *p)
{
    if (p->tty && p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->drawn = false;
}
