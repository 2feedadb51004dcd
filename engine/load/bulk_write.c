#include "engine/load/bulk_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"

bool bulk_indexes_drop(sqlite3 *db, const char *table, bulk_indexes *saved)
{
    saved->n = 0;
    /* a partial index (the ESS establishments: 5 %) stays: it takes few rows
     * during the load, and building it again would read the whole table */
    sqlite3_stmt *st = db_prepare(db, "SELECT m.name, m.sql FROM pragma_index_list(?1) l"
                                      " JOIN sqlite_master m ON m.type = 'index' AND m.name = l.name"
                                      " WHERE l.origin = 'c' AND NOT l.partial ORDER BY m.name");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    char *names[BULK_MAX_INDEXES];
    bool ok = true;
    while (ok && sqlite3_step(st) == SQLITE_ROW && saved->n < BULK_MAX_INDEXES) {
        names[saved->n] = strdup((const char *)sqlite3_column_text(st, 0));
        saved->create[saved->n] = strdup((const char *)sqlite3_column_text(st, 1));
        ok = names[saved->n] && saved->create[saved->n];
        saved->n++;
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < saved->n; i++) {
        char sql[256];
        /* names come from the schema (schema.c), never from input */
        snprintf(sql, sizeof sql, "DROP INDEX \"%s\"", names[i] ? names[i] : "");
        ok = ok && db_exec(db, sql);
        free(names[i]);
    }
    if (!ok)
        obs_error("base de données : index de la table %s impossibles à reconstruire", table);
    return ok;
}

bool bulk_indexes_build(sqlite3 *db, const bulk_indexes *saved)
{
    bool ok = true;
    for (size_t i = 0; ok && i < saved->n; i++)
        ok = db_exec(db, saved->create[i]);
    return ok;
}

void bulk_indexes_free(bulk_indexes *saved)
{
    for (size_t i = 0; i < saved->n; i++)
        free(saved->create[i]);
    saved->n = 0;
}

void bulk_journal(sqlite3 *db, bool bulk)
{
    sqlite3_exec(db, bulk ? "PRAGMA journal_mode=DELETE" : "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
}
