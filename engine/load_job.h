/* A load job: the files and folders of one `obs load` (or of the input
 * folder of `obs run`), grouped by dataset and loaded in dependency order
 * into an open database. */
#ifndef OBS_LOAD_JOB_H
#define OBS_LOAD_JOB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataset.h"

typedef struct {
    const dataset_def *forced;   /* --dataset: the kind of the given files */
    double max_reject_percent;
    int64_t run_id;
} load_job_options;

typedef struct {
    int loaded;      /* datasets replaced by a new version */
    int unchanged;
    int refused;     /* over the reject threshold */
    int failed;
} load_job_result;

/* Loads paths (files recognised by name, or folders). Returns an obs_exit
 * code: OK, USAGE (unrecognised file), FAILURE, or REJECTS. */
int load_job_run(sqlite3 *db, char *const *paths, size_t n_paths, const load_job_options *opts,
                 load_job_result *result);

#endif
