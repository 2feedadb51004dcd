/* The run lock: one writer at a time on a database, so two cron runs never
 * overlap. It is an flock() on a sidecar file "DB.lock" rather than on the
 * database itself, because opening and closing another descriptor on an
 * SQLite file would drop SQLite's own POSIX locks. The kernel releases the
 * lock when the process dies, so a killed run never leaves a stale lock. */
#ifndef OBS_RUN_LOCK_H
#define OBS_RUN_LOCK_H

typedef struct run_lock run_lock;

typedef enum {
    RUN_LOCK_OK = 0,
    RUN_LOCK_BUSY = 1,  /* another process holds it: exit OBS_EXIT_LOCKED */
    RUN_LOCK_ERROR = 2, /* cannot create the lock file */
} run_lock_status;

/* Takes the lock for database path db_path without waiting; logs a French
 * message naming the holder's pid when busy. */
run_lock_status run_lock_acquire(const char *db_path, run_lock **out);
void run_lock_release(run_lock *lock);

#endif
