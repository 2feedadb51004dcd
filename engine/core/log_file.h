/* The log file of a configuration ([chemins] journal), for every command
 * given --config: opened in append mode (its folder created when missing),
 * every message goes there too, starting with the command line. */
#ifndef OBS_LOG_FILE_H
#define OBS_LOG_FILE_H

#include <stdio.h>

#include "engine/core/config.h"

/* Returns the open log (NULL when the configuration sets none or it cannot
 * be written: a warning, and messages go to stderr only). */
FILE *log_file_open(const obs_config *cfg, int argc, char **argv);
/* Writes the command's exit code to it, stops logging there and closes it
 * (NULL is fine). */
void log_file_close(FILE *log, int rc);

/* --quiet: stdout (the loader's lines) to the log file, or to /dev/null
 * when there is none; returns the saved descriptor for log_restore_stdout,
 * -1 on failure (nothing changed). */
int log_silence_stdout(FILE *log);
void log_restore_stdout(int saved);

#endif
