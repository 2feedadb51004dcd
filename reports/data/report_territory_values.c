#include "reports/data/report_territory_values.h"

#include <stdlib.h>

#include "engine/core/db.h"
#include "engine/core/log.h"

struct report_territory_values {
    sqlite3 *db;
    sqlite3_stmt *st;
    bool failed;
};

report_territory_values *report_territory_values_open(report_data *rd)
{
    report_territory_values *it = calloc(1, sizeof *it);
    if (!it) {
        obs_error("mémoire insuffisante pour le tableau des territoires");
        return NULL;
    }
    it->db = rd->db;
    it->st = db_prepare(rd->db, "SELECT v.niveau, v.territoire, coalesce(t.nom, v.territoire), v.indicator,"
                                " v.valeur, v.secret FROM indicator_value v"
                                " LEFT JOIN territoire t ON t.niveau = v.niveau AND t.code = v.territoire"
                                " WHERE v.run_id = ? AND v.annee = ? AND v.dimension = ''"
                                " ORDER BY CASE v.niveau WHEN 'etude' THEN 0 WHEN 'france' THEN 1"
                                " WHEN 'region' THEN 2 WHEN 'departement' THEN 3 WHEN 'epci' THEN 4 ELSE 5 END,"
                                " v.territoire");
    if (!it->st) {
        free(it);
        return NULL;
    }
    sqlite3_bind_int64(it->st, 1, rd->run_id);
    sqlite3_bind_int(it->st, 2, rd->year);
    return it;
}

bool report_territory_values_next(report_territory_values *it, report_territory_value *out)
{
    int rc = sqlite3_step(it->st);
    if (rc != SQLITE_ROW) {
        if (rc != SQLITE_DONE) {
            obs_error("tableau des territoires : lecture impossible : %s", sqlite3_errmsg(it->db));
            it->failed = true;
        }
        return false;
    }
    out->niveau = (const char *)sqlite3_column_text(it->st, 0);
    out->code = (const char *)sqlite3_column_text(it->st, 1);
    out->nom = (const char *)sqlite3_column_text(it->st, 2);
    out->indicator = (const char *)sqlite3_column_text(it->st, 3);
    out->cell = (report_cell){.found = true, .secret = sqlite3_column_int(it->st, 5) != 0};
    out->cell.has_value = !out->cell.secret && sqlite3_column_type(it->st, 4) != SQLITE_NULL;
    out->cell.valeur = sqlite3_column_double(it->st, 4);
    return true;
}

bool report_territory_values_close(report_territory_values *it)
{
    if (!it)
        return false;
    bool ok = !it->failed;
    sqlite3_finalize(it->st);
    free(it);
    return ok;
}
