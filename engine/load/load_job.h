/* A load job: the files and folders of one `obs load` (or of the input
 * folder of `obs run`), grouped by dataset and loaded in dependency order
 * into an open database. */
#ifndef OBS_LOAD_JOB_H
#define OBS_LOAD_JOB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/load/dataset.h"

typedef struct {
    const dataset_def *forced;   /* --dataset: the kind of the given files */
    double max_reject_percent;
    int64_t run_id;
    bool force;                  /* --force: replace by an empty or much smaller version */
} load_job_options;

typedef struct {
    int loaded;      /* datasets replaced by a new version */
    int unchanged;
    int refused;     /* over the reject threshold */
    int failed;
} load_job_result;

/* Loads paths (files recognised by their header, or folders of them; a file
 * that matches no dataset is skipped with a warning). Returns an obs_exit
 * code: OK, FAILURE, or REJECTS (too many rejects, or a version refused as
 * empty or less than half the loaded one). */
int load_job_run(sqlite3 *db, char *const *paths, size_t n_paths, const load_job_options *opts,
                 load_job_result *result);

#endif
