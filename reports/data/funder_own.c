#include "reports/data/funder_own.h"

#include <string.h>

#include "engine/core/db.h"
#include "indicators/secret/secret_insider.h"

bool funder_own_indicator(const char *indicator)
{
    return secret_insider_known(indicator); /* one list for the report and the secrecy */
}

bool funder_cell_get(report_data *rd, const char *indicator, const report_territory *t, int year,
                     const char *dimension, report_cell *out)
{
    if (!funder_own_indicator(indicator))
        return report_cell_get(rd, indicator, t, year, dimension, out);
    memset(out, 0, sizeof *out);
    if (!t->code[0])
        return false;
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT coalesce(valeur_brute, valeur), n_unites FROM indicator_value"
                                          " WHERE run_id=? AND indicator=? AND niveau=? AND territoire=?"
                                          " AND annee=? AND dimension=?");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, rd->run_id);
    sqlite3_bind_text(st, 2, indicator, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, t->niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, t->code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, year);
    sqlite3_bind_text(st, 6, dimension, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->found = true;
        out->has_value = sqlite3_column_type(st, 0) != SQLITE_NULL;
        out->valeur = sqlite3_column_double(st, 0);
        out->n_unites = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return out->found;
}
