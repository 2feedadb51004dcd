/* Small helpers shared by the commands' option parsing. */
#ifndef OBS_CLI_H
#define OBS_CLI_H

#include <stdbool.h>

/* True when argv holds -h or --help (anywhere). */
bool cli_wants_help(int argc, char **argv);
/* Prints "obs: erreur : MESSAGE" and the usage line, returns OBS_EXIT_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses a year 1900..2200; false (and message) when invalid. */
bool cli_parse_year(const char *s, int *year);
/* Parses "--run ID|latest": *run = 0 for latest; false when invalid. */
bool cli_parse_run(const char *s, long long *run);

#endif
