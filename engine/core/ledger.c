#include "engine/core/ledger.h"

#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "engine/core/version.h"

int64_t ledger_start(sqlite3 *db, const char *command, const obs_config *cfg)
{
    if (!db_exec(db, "UPDATE run SET outcome='interrupted' WHERE outcome='running';"
                     "UPDATE run_stage SET outcome='interrupted' WHERE outcome='running';"))
        return 0;
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO run(command, started, engine_version,"
                                      " config_checksum, config, seed) VALUES(?,?,?,?,?,?)");
    if (!st)
        return 0;
    char now[32];
    db_now_iso(now, sizeof now);
    sqlite3_bind_text(st, 1, command, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, OBS_VERSION, -1, SQLITE_STATIC);
    db_bind_text_or_null(st, 4, cfg ? cfg->checksum : NULL);
    db_bind_text_or_null(st, 5, cfg ? cfg->path : NULL);
    if (cfg)
        sqlite3_bind_int64(st, 6, (sqlite3_int64)cfg->seed);
    int64_t id = 0;
    if (sqlite3_step(st) == SQLITE_DONE)
        id = sqlite3_last_insert_rowid(db);
    else
        obs_error("journal des exécutions : %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return id;
}

bool ledger_input(sqlite3 *db, int64_t run_id, const char *dataset, const char *file,
                  const char *checksum, int64_t rows)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT OR REPLACE INTO run_input(run_id, dataset, file,"
                                      " checksum, rows) VALUES(?,?,?,?,?)");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_text(st, 2, dataset, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, file, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, checksum, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, rows);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

bool ledger_stage_begin(sqlite3 *db, int64_t run_id, const char *stage)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT OR REPLACE INTO run_stage(run_id, stage, started)"
                                      " VALUES(?,?,?)");
    if (!st)
        return false;
    char now[32];
    db_now_iso(now, sizeof now);
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_text(st, 2, stage, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

bool ledger_stage_end(sqlite3 *db, int64_t run_id, const char *stage, bool ok, const char *message)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE run_stage SET ended=?, outcome=?, message=?"
                                      " WHERE run_id=? AND stage=?");
    if (!st)
        return false;
    char now[32];
    db_now_iso(now, sizeof now);
    sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, ok ? "ok" : "failed", -1, SQLITE_STATIC);
    db_bind_text_or_null(st, 3, message);
    sqlite3_bind_int64(st, 4, run_id);
    sqlite3_bind_text(st, 5, stage, -1, SQLITE_STATIC);
    bool done = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return done;
}

bool ledger_finish(sqlite3 *db, int64_t run_id, const char *outcome)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE run SET ended=?, outcome=? WHERE id=?");
    if (!st)
        return false;
    char now[32];
    db_now_iso(now, sizeof now);
    sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, outcome, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, run_id);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

char *ledger_run_started(sqlite3 *db, int64_t run_id)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT started FROM run WHERE id=?");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, run_id);
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}
