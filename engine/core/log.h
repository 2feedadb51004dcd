/* Logging: timestamped lines to stderr and, when set, to a log file.
 * User-facing messages are in French; data errors name file:line:column. */
#ifndef OBS_LOG_H
#define OBS_LOG_H

#include <stdbool.h>
#include <stdio.h>

/* Also append every message to this file (NULL stops it). Not owned. */
void obs_log_set_file(FILE *f);
/* Quiet: info messages go only to the log file, not stderr. */
void obs_log_set_quiet(bool quiet);
/* True after obs_log_set_quiet(true). */
bool obs_log_is_quiet(void);
/* Timestamps on stderr lines (on by default; tests turn them off). */
void obs_log_set_timestamps(bool on);

void obs_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void obs_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void obs_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* To the log file only (when one is set): the command line, a summary. */
void obs_log_only(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "file:line:column: message" — column is 1-based, 0 when unknown. */
void obs_error_at(const char *file, long line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
