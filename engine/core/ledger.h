/* The run ledger: every command that changes the database records a run with
 * its engine version, configuration checksum, inputs and stage outcomes. */
#ifndef OBS_LEDGER_H
#define OBS_LEDGER_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/core/config.h"

/* Marks runs left 'running' by a killed process as 'interrupted' (call while
 * holding the run lock), then starts a new run. Returns its id, 0 on failure. */
int64_t ledger_start(sqlite3 *db, const char *command, const obs_config *cfg);
bool ledger_input(sqlite3 *db, int64_t run_id, const char *dataset, const char *file,
                  const char *checksum, int64_t rows);
bool ledger_stage_begin(sqlite3 *db, int64_t run_id, const char *stage);
bool ledger_stage_end(sqlite3 *db, int64_t run_id, const char *stage, bool ok, const char *message);
/* outcome: "ok", "failed". */
bool ledger_finish(sqlite3 *db, int64_t run_id, const char *outcome);
/* Start time of a run as stored (ISO 8601), malloc'd; NULL if unknown. */
char *ledger_run_started(sqlite3 *db, int64_t run_id);

#endif
