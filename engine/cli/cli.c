#include "engine/cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/exit_codes.h"

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return false;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return true;
    }
    return false;
}

int cli_usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("obs: erreur : ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fprintf(stderr, "usage : %s\n", usage);
    return OBS_EXIT_USAGE;
}

bool cli_parse_year(const char *s, int *year)
{
    char *end = NULL;
    long y = strtol(s, &end, 10);
    if (!*s || *end || y < 1900 || y > 2200)
        return false;
    *year = (int)y;
    return true;
}

bool cli_parse_run(const char *s, long long *run)
{
    if (strcmp(s, "latest") == 0) {
        *run = 0;
        return true;
    }
    char *end;
    errno = 0;
    *run = strtoll(s, &end, 10);
    return end != s && !*end && errno == 0 && *run > 0;
}
