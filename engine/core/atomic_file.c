#include "engine/core/atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/core/log.h"

static bool set_paths(atomic_file *af, const char *path)
{
    memset(af, 0, sizeof *af);
    size_t len = strlen(path) + 32;
    af->final_path = strdup(path);
    af->temp_path = malloc(len);
    if (!af->final_path || !af->temp_path) {
        free(af->final_path);
        free(af->temp_path);
        memset(af, 0, sizeof *af);
        return false;
    }
    snprintf(af->temp_path, len, "%s.tmp.%ld", path, (long)getpid());
    return true;
}

bool atomic_file_open(atomic_file *af, const char *path)
{
    if (!set_paths(af, path))
        return false;
    af->fp = fopen(af->temp_path, "wb");
    if (!af->fp) {
        obs_error("impossible d'écrire %s : %s", af->temp_path, strerror(errno));
        atomic_file_abort(af);
        return false;
    }
    return true;
}

bool atomic_file_reserve(atomic_file *af, const char *path)
{
    return set_paths(af, path);
}

static bool sync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool ok = fsync(fd) == 0;
    close(fd);
    return ok;
}

bool atomic_file_commit(atomic_file *af)
{
    if (!af->temp_path)
        return false;
    if (af->fp) {
        bool failed = fflush(af->fp) != 0 || ferror(af->fp) || fsync(fileno(af->fp)) != 0;
        failed |= fclose(af->fp) != 0;
        af->fp = NULL;
        if (failed) {
            obs_error("écriture de %s impossible (disque plein ?) : %s", af->final_path,
                      strerror(errno));
            atomic_file_abort(af);
            return false;
        }
    } else if (!sync_path(af->temp_path)) {
        obs_error("écriture de %s impossible : %s", af->final_path, strerror(errno));
        atomic_file_abort(af);
        return false;
    }
    if (rename(af->temp_path, af->final_path) != 0) {
        obs_error("impossible de publier %s : %s", af->final_path, strerror(errno));
        atomic_file_abort(af);
        return false;
    }
    free(af->temp_path);
    free(af->final_path);
    memset(af, 0, sizeof *af);
    return true;
}

void atomic_file_abort(atomic_file *af)
{
    if (af->fp)
        fclose(af->fp);
    if (af->temp_path)
        unlink(af->temp_path);
    free(af->temp_path);
    free(af->final_path);
    memset(af, 0, sizeof *af);
}

int atomic_file_sweep(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int removed = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *tmp = strstr(e->d_name, ".tmp.");
        if (!tmp)
            continue;
        char *end;
        long pid = strtol(tmp + 5, &end, 10);
        if (*end || pid <= 0 || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
            continue; /* not ours, or its writer is still running */
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) == 0) {
            obs_warn("fichier temporaire d'une exécution interrompue supprimé : %s", path);
            removed++;
        }
    }
    closedir(d);
    return removed;
}
