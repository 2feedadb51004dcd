#include "indicators/secret/secret_trace.h"

#include <stdio.h>
#include <stdlib.h>

#include "engine/core/log.h"

bool secret_trace_on(void)
{
    const char *e = getenv("OBS_SECRET_TRACE");
    return e && *e && *e != '0';
}

void secret_trace_victims(sqlite3 *db, const char *table, const char *step, bool groups)
{
    if (!secret_trace_on())
        return;
    char *sql = sqlite3_mprintf(
        "SELECT v.rowid, v.indicator, v.niveau, v.territoire, v.annee, %s FROM %s t"
        " JOIN indicator_value v ON v.rowid = t.id WHERE v.dimension = ''"
        " AND v.niveau IN ('france', 'region', 'departement', 'etude')",
        groups ? "(SELECT group_concat(m.grp, ' ; ') FROM temp.members m JOIN temp.groups g ON g.grp = m.grp"
                 " WHERE m.id = v.rowid AND g.nsecret = 1)"
               : "''",
        table);
    sqlite3_stmt *st = NULL;
    if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW)
            obs_info("trace secret [%s] : %s %s %s %d (cellule %lld) masqué%s%s", step,
                     (const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2),
                     (const char *)sqlite3_column_text(st, 3), sqlite3_column_int(st, 4),
                     (long long)sqlite3_column_int64(st, 0), groups ? ", groupes : " : "",
                     groups ? (const char *)sqlite3_column_text(st, 5) : "");
    sqlite3_finalize(st);
    sqlite3_free(sql);
}

void secret_trace_combined(int64_t victim, int64_t given_back, const char *how)
{
    if (secret_trace_on())
        obs_info("trace secret [combinaison] : cellule %lld masquée (%s) pour la cellule %lld", (long long)victim,
                 how, (long long)given_back);
}
