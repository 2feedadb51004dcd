#include "engine/core/db.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "engine/core/dimension_key.h"
#include "engine/core/log.h"

/* A column that became optional: SQLite cannot drop a NOT NULL, so the table
 * of an older database is built again from the schema and its rows copied
 * (same columns, in one transaction). */
static bool relax_not_null(sqlite3 *db, const char *table, const char *column)
{
    char sql[1536];
    snprintf(sql, sizeof sql, "SELECT \"notnull\" FROM pragma_table_info('%s') WHERE name='%s'", table,
             column);
    sqlite3_stmt *st = NULL;
    bool strict = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
                  sqlite3_column_int(st, 0) == 1;
    sqlite3_finalize(st);
    if (!strict)
        return true;
    char columns[640] = "";
    snprintf(sql, sizeof sql, "SELECT group_concat(name, ',') FROM pragma_table_info('%s')", table);
    st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_text(st, 0))
        snprintf(columns, sizeof columns, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (!columns[0])
        return false;
    char rename[256];
    snprintf(rename, sizeof rename, "BEGIN IMMEDIATE; ALTER TABLE %s RENAME TO %s_avant_migration;", table,
             table);
    snprintf(sql, sizeof sql,
             "INSERT INTO %s(%s) SELECT %s FROM %s_avant_migration; DROP TABLE %s_avant_migration;", table,
             columns, columns, table, table);
    /* the schema again: the table, then (after the old one and its indexes
     * are gone) its indexes */
    if (db_exec(db, rename) && db_exec(db, obs_schema_sql) && db_exec(db, sql) &&
        db_exec(db, obs_schema_sql) && db_exec(db, "COMMIT"))
        return true;
    db_exec(db, "ROLLBACK");
    return false;
}

/* Columns added after a database was created: added in place. */
static bool migrate(sqlite3 *db)
{
    static const char *const added[][2] = {
        {"indicator_value", "valeur_brute REAL"},
        {"indicator_value", "motif_secret TEXT"},
        {"indicator_meta", "regle_secret TEXT"},
        {"indicator_meta", "secret_herite TEXT"},
        {"indicator_value", "part_deuxieme REAL"},
        {"run", "secret_p REAL"},
        {"etablissement", "statut_diffusion TEXT"},
        {"etablissement", "nomenclature TEXT"},
        {"etablissement", "naf_origine TEXT"},
        {"etablissement", "naf25 TEXT"},
        {"unite_legale", "statut_diffusion TEXT"},
        {"unite_legale", "naf25 TEXT"},
        {"indicator_meta", "confidentialite TEXT"},
        {"indicator_meta", "dimensions_confidentielles TEXT"},
        {"indicator_meta", "construit_de TEXT"},
        {"indicator_meta", "cadre TEXT"},
    };
    for (size_t i = 0; i < sizeof added / sizeof *added; i++) {
        char probe[160], alter[160];
        snprintf(probe, sizeof probe, "SELECT %.*s FROM %s LIMIT 0",
                 (int)strcspn(added[i][1], " "), added[i][1], added[i][0]);
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(db, probe, -1, &st, NULL);
        sqlite3_finalize(st);
        if (rc == SQLITE_OK)
            continue;
        snprintf(alter, sizeof alter, "ALTER TABLE %s ADD COLUMN %s", added[i][0], added[i][1]);
        if (!db_exec(db, alter))
            return false;
    }
    return relax_not_null(db, "etablissement", "date_creation") &&
           relax_not_null(db, "emploi_territoire", "masse_salariale");
}

void db_setup_process(void)
{
    sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static sqlite3 *open_with(const char *path, int flags)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, flags, NULL);
    if (rc != SQLITE_OK) {
        obs_error("impossible d'ouvrir la base %s : %s", path,
                  db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    /* WAL: readers never block the writer and a crash never corrupts the file;
     * NORMAL sync is durable across process crashes, which is what we protect.
     * Temporary tables and sorts go to temporary files beyond their caches
     * (64 MiB, 256 MiB for the temp schema): with temp_store=MEMORY SQLite
     * never spills a sort, and a national sort or secrecy pass held 2.5 to
     * 3 GB. */
    if (!db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     "PRAGMA foreign_keys=OFF; PRAGMA temp_store=FILE;"
                     "PRAGMA cache_size=-65536; PRAGMA temp.cache_size=-262144;") ||
        !db_exec(db, obs_schema_sql) || !migrate(db) || !dimension_register(db)) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

sqlite3 *db_open(const char *path)
{
    return open_with(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
}

sqlite3 *db_open_existing(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        obs_error("la base %s n'existe pas : créez-la d'abord avec `obs init %s`", path, path);
        return NULL;
    }
    return open_with(path, SQLITE_OPEN_READWRITE);
}

void db_close(sqlite3 *db)
{
    if (db)
        sqlite3_close_v2(db);
}

bool db_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        obs_error("base de données : %s (requête : %.120s)", msg ? msg : "?", sql);
        sqlite3_free(msg);
        return false;
    }
    return true;
}

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        obs_error("base de données : %s (requête : %.120s)", sqlite3_errmsg(db), sql);
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

bool db_begin(sqlite3 *db) { return db_exec(db, "BEGIN IMMEDIATE"); }
bool db_commit(sqlite3 *db) { return db_exec(db, "COMMIT"); }

void db_rollback(sqlite3 *db)
{
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

void db_now_iso(char *buf, unsigned long len)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int db_bind_text_or_null(sqlite3_stmt *st, int idx, const char *s)
{
    if (!s || !*s)
        return sqlite3_bind_null(st, idx);
    return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

bool db_exec_with_run(sqlite3 *db, const char *sql, int64_t run)
{
    const char *tail = sql;
    while (tail && *tail) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, tail, -1, &st, &tail) != SQLITE_OK) {
            obs_error("base de données : %s", sqlite3_errmsg(db));
            return false;
        }
        if (!st)
            break; /* only whitespace or comments left */
        if (sqlite3_bind_parameter_count(st) > 0)
            sqlite3_bind_int64(st, 1, run);
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
            obs_error("base de données : %s", sqlite3_errmsg(db));
            return false;
        }
    }
    return true;
}
