#include "engine/core/run_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "engine/core/log.h"

struct run_lock {
    int fd;
    char *path;    /* DB.lock */
    char *db_path;
};

run_lock_status run_lock_acquire(const char *db_path, run_lock **out)
{
    *out = NULL;
    size_t len = strlen(db_path) + sizeof ".lock";
    char *path = malloc(len);
    if (!path)
        return RUN_LOCK_ERROR;
    snprintf(path, len, "%s.lock", db_path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        obs_error("impossible de créer le verrou %s : %s", path, strerror(errno));
        free(path);
        return RUN_LOCK_ERROR;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        char holder[32] = "";
        ssize_t n = pread(fd, holder, sizeof holder - 1, 0);
        holder[n > 0 ? n : 0] = '\0';
        holder[strcspn(holder, "\n")] = '\0';
        if (err == EWOULDBLOCK)
            obs_error("une autre exécution (pid %s) utilise déjà la base %s ; réessayez quand elle "
                      "sera terminée",
                      holder[0] ? holder : "?", db_path);
        else
            obs_error("impossible de verrouiller %s : %s", path, strerror(err));
        close(fd);
        free(path);
        return err == EWOULDBLOCK ? RUN_LOCK_BUSY : RUN_LOCK_ERROR;
    }
    /* Record our pid for the message another run prints. */
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n)
        obs_warn("impossible d'écrire le pid dans le verrou de %s", db_path);
    run_lock *lock = malloc(sizeof *lock);
    char *db_copy = strdup(db_path);
    if (!lock || !db_copy) {
        free(lock);
        free(db_copy);
        free(path);
        close(fd);
        return RUN_LOCK_ERROR;
    }
    lock->fd = fd;
    lock->path = path;
    lock->db_path = db_copy;
    *out = lock;
    return RUN_LOCK_OK;
}

void run_lock_release(run_lock *lock)
{
    if (!lock)
        return;
    /* no stale pid for the next holder's message; closing releases the flock */
    if (ftruncate(lock->fd, 0) != 0)
        obs_warn("verrou : impossible d'effacer le pid");
    /* a command that failed before the database existed (compute on a
     * missing database) leaves no lock file behind; removed while held, so
     * no other process holds it */
    if (access(lock->db_path, F_OK) != 0)
        unlink(lock->path);
    close(lock->fd);
    free(lock->path);
    free(lock->db_path);
    free(lock);
}
