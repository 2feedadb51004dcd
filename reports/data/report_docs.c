#include "reports/data/report_docs.h"

#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"

const char *report_rows_at(const report_rows *r, size_t row, size_t col)
{
    return row < r->n_rows && col < r->n_cols ? r->cells[row * r->n_cols + col] : NULL;
}

void report_rows_free(report_rows *r)
{
    for (size_t i = 0; i < r->n_rows * r->n_cols; i++)
        free(r->cells[i]);
    free(r->cells);
    memset(r, 0, sizeof *r);
}

/* Steps st to its end, copying every row; finalizes st. */
static bool collect(sqlite3 *db, sqlite3_stmt *st, report_rows *out)
{
    memset(out, 0, sizeof *out);
    if (!st)
        return false;
    out->n_cols = (size_t)sqlite3_column_count(st);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n_rows == cap) {
            cap = cap ? 2 * cap : 16;
            char **cells = realloc(out->cells, cap * out->n_cols * sizeof *cells);
            if (!cells) {
                obs_error("mémoire insuffisante pour le rapport");
                sqlite3_finalize(st);
                report_rows_free(out);
                return false;
            }
            out->cells = cells;
        }
        char **row = out->cells + out->n_rows * out->n_cols;
        for (size_t c = 0; c < out->n_cols; c++) {
            const unsigned char *v = sqlite3_column_text(st, (int)c);
            row[c] = v ? strdup((const char *)v) : NULL;
            if (v && !row[c]) {
                for (size_t k = 0; k < c; k++)
                    free(row[k]);
                obs_error("mémoire insuffisante pour le rapport");
                sqlite3_finalize(st);
                report_rows_free(out);
                return false;
            }
        }
        out->n_rows++;
    }
    if (rc != SQLITE_DONE) {
        obs_error("lecture du rapport impossible : %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        report_rows_free(out);
        return false;
    }
    sqlite3_finalize(st);
    return true;
}

bool report_definitions(report_data *rd, report_rows *out)
{
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT indicator, titre, unite, definition, sources"
                                          " FROM indicator_meta WHERE run_id = ?"
                                          " ORDER BY theme, coalesce(ordre, 9999), indicator");
    if (st)
        sqlite3_bind_int64(st, 1, rd->run_id);
    return collect(rd->db, st, out);
}

bool report_dataset_loads(report_data *rd, report_rows *out)
{
    return collect(rd->db,
                   db_prepare(rd->db, "SELECT dataset, files, loaded, rejected, checksum, loaded_at"
                                      " FROM dataset_load ORDER BY dataset"),
                   out);
}

bool report_run_info(report_data *rd, report_rows *out)
{
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT started, coalesce(ended, (SELECT max(s.ended) FROM run_stage s"
                                          " WHERE s.run_id = run.id AND s.stage <> 'report')),"
                                          " engine_version, config, config_checksum, seed FROM run WHERE id = ?");
    if (st)
        sqlite3_bind_int64(st, 1, rd->run_id);
    return collect(rd->db, st, out);
}

bool report_programmes(report_data *rd, report_rows *out)
{
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT DISTINCT p.id_dispositif, p.nom, '|' || p.phases || '|'"
                                          " FROM dispositif p JOIN geo g ON g.commune = p.commune"
                                          " WHERE g.niveau = ? AND g.code = ? AND p.date_debut <= ? || '-12-31'"
                                          " AND (p.date_fin IS NULL OR p.date_fin >= ? || '-01-01')"
                                          " ORDER BY p.id_dispositif");
    if (st) {
        sqlite3_bind_text(st, 1, rd->territory.niveau, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, rd->territory.code, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, rd->year);
        sqlite3_bind_int(st, 4, rd->year);
    }
    return collect(rd->db, st, out);
}
