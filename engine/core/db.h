/* The SQLite database: opening with the schema, and small helpers that turn
 * every SQLite failure into a French message naming the statement. */
#ifndef OBS_DB_H
#define OBS_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

extern const char *const obs_schema_sql;

/* Process-wide SQLite settings, before any other SQLite call: obs is single
 * threaded, so SQLite's mutexes and memory statistics (taken on every malloc)
 * are switched off. */
void db_setup_process(void);

/* Opens (creating if needed) the database and applies the schema.
 * Returns NULL after logging the reason. */
sqlite3 *db_open(const char *path);
/* Opens an existing database only; a missing file is an error telling the user
 * to run `obs init` first. */
sqlite3 *db_open_existing(const char *path);
void db_close(sqlite3 *db);

/* Executes one or more statements; logs and returns false on failure. */
bool db_exec(sqlite3 *db, const char *sql);
/* Runs several statements; ?1 in any of them is bound to run (a run id). */
bool db_exec_with_run(sqlite3 *db, const char *sql, int64_t run);
/* Prepares one statement; logs and returns NULL on failure. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);
bool db_begin(sqlite3 *db);   /* BEGIN IMMEDIATE */
bool db_commit(sqlite3 *db);
void db_rollback(sqlite3 *db); /* never fails loudly: used on error paths */

/* Current UTC time as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21 bytes). */
void db_now_iso(char *buf, unsigned long len);

/* Binds text, or NULL when s is NULL or empty. */
int db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s);

#endif
