#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

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
