#include "engine/core/log.h"

#include <stdarg.h>
#include <time.h>

static FILE *log_file;
static bool log_quiet;
static bool log_timestamps = true;

void obs_log_set_file(FILE *f) { log_file = f; }
void obs_log_set_quiet(bool quiet) { log_quiet = quiet; }
bool obs_log_is_quiet(void) { return log_quiet; }
void obs_log_set_timestamps(bool on) { log_timestamps = on; }

static void stamp(char *buf, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
}

static void emit(const char *level, bool to_stderr, const char *prefix, const char *fmt, va_list ap)
{
    char ts[32];
    stamp(ts, sizeof ts);
    if (to_stderr) {
        va_list copy;
        va_copy(copy, ap);
        if (log_timestamps)
            fprintf(stderr, "%s ", ts);
        fprintf(stderr, "obs: %s%s", prefix ? prefix : "", level);
        vfprintf(stderr, fmt, copy);
        fputc('\n', stderr);
        va_end(copy);
    }
    if (log_file) {
        fprintf(log_file, "%s obs: %s%s", ts, prefix ? prefix : "", level);
        vfprintf(log_file, fmt, ap);
        fputc('\n', log_file);
        fflush(log_file);
    }
}

void obs_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("", !log_quiet, NULL, fmt, ap);
    va_end(ap);
}

void obs_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("attention : ", true, NULL, fmt, ap);
    va_end(ap);
}

void obs_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("erreur : ", true, NULL, fmt, ap);
    va_end(ap);
}

void obs_error_at(const char *file, long line, int column, const char *fmt, ...)
{
    char prefix[1024];
    snprintf(prefix, sizeof prefix, "%s:%ld:%d: ", file, line, column);
    va_list ap;
    va_start(ap, fmt);
    emit("erreur : ", true, prefix, fmt, ap);
    va_end(ap);
}

void obs_log_only(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit("", false, NULL, fmt, ap);
    va_end(ap);
}
