/* Atomic publication of output files: write to "PATH.tmp.PID" in the same
 * folder, fsync, then rename over PATH, so a reader (or a crash) never sees a
 * partial report. */
#ifndef OBS_ATOMIC_FILE_H
#define OBS_ATOMIC_FILE_H

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    char *final_path;
    char *temp_path;
    FILE *fp; /* write here */
} atomic_file;

/* Opens the temporary file; logs and returns false on failure. */
bool atomic_file_open(atomic_file *af, const char *path);
/* Temporary path, for libraries that write files themselves (libharu,
 * libxlsxwriter): write to it, then call atomic_file_commit. */
bool atomic_file_reserve(atomic_file *af, const char *path);
/* Flushes, fsyncs and renames over the final path. */
bool atomic_file_commit(atomic_file *af);
/* Removes the temporary file (error paths). Safe after commit. */
void atomic_file_abort(atomic_file *af);
/* Removes the "*.tmp.PID" files a killed process left in dir (PID no longer
 * running); returns how many. */
int atomic_file_sweep(const char *dir);

#endif
