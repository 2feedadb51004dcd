/* Where the secrecy stage's time goes (issue 16, item 7): each step of
 * secret_apply adds its seconds to a named counter, and the counters are
 * written to the journal only (obs_log_only) at the end of the stage, the
 * steps by decreasing time. Nothing is printed on the terminal.
 *   ok = SECRET_TIMED("groupes", group_rounds(...));
 * Steps may nest (a step's time then counts in both). A step of 10 s or
 * more is also written when it ends. */
#ifndef OBS_SECRET_TIMING_H
#define OBS_SECRET_TIMING_H

#include <stdbool.h>

/* Starts a step (a stack of start times, nested steps allowed). */
void secret_timing_mark(void);
/* Ends the last step started, adds its seconds to the counter `step`
 * (a string literal), and returns result unchanged. */
bool secret_timing_done(const char *step, bool result);
#define SECRET_TIMED(step, expr) (secret_timing_mark(), secret_timing_done((step), (expr)))
/* Writes the counters to the journal and clears them. */
void secret_timing_report(void);

#endif
