#include "engine/core/log_file.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "engine/core/folders.h"
#include "engine/core/log.h"

FILE *log_file_open(const obs_config *cfg, int argc, char **argv)
{
    if (!cfg->log_file)
        return NULL;
    FILE *log = folders_make_parent(cfg->log_file) ? fopen(cfg->log_file, "a") : NULL;
    if (!log) {
        obs_warn("impossible d'écrire le journal %s ; messages sur la sortie d'erreur seulement", cfg->log_file);
        return NULL;
    }
    obs_log_set_file(log);
    char line[1024] = "obs";
    for (int i = 0; i < argc; i++)
        snprintf(line + strlen(line), sizeof line - strlen(line), " %s", argv[i]);
    obs_log_only("%s", line);
    return log;
}

void log_file_close(FILE *log, int rc)
{
    if (!log)
        return;
    obs_log_only("terminé : code %d", rc);
    obs_log_set_file(NULL);
    fclose(log);
}

int log_silence_stdout(FILE *log)
{
    fflush(stdout);
    if (log)
        fflush(log);
    int saved = dup(STDOUT_FILENO);
    /* the log is opened in append mode: lines through either descriptor append */
    int null = log ? dup(fileno(log)) : open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved < 0 || null < 0 || dup2(null, STDOUT_FILENO) < 0) {
        if (saved >= 0)
            close(saved);
        if (null >= 0)
            close(null);
        return -1;
    }
    close(null);
    setvbuf(stdout, NULL, _IOLBF, 0); /* in order with the log's own lines */
    return saved;
}

void log_restore_stdout(int saved)
{
    if (saved < 0)
        return;
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
}
