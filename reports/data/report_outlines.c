#include "reports/data/report_outlines.h"

#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"

struct report_outlines {
    sqlite3 *db;
    sqlite3_stmt *st;
    const char *niveau;
    const char *const *codes; /* NULL: every code of the level */
    size_t n_codes, next_code;
    bool in_code;             /* codes: its rows are being read */
    char *last;               /* every code: the code of the last ring */
    bool any;                 /* codes: the current code has given a ring */
};

report_outlines *report_outlines_open(const report_data *rd, const char *niveau, const char *const *codes,
                                      size_t n_codes)
{
    sqlite3 *db = rd->db;
    report_outlines *it = calloc(1, sizeof *it);
    if (!it) {
        obs_error("mémoire insuffisante pour les contours (%s)", niveau);
        return NULL;
    }
    *it = (report_outlines){.db = db, .niveau = niveau, .codes = codes, .n_codes = n_codes};
    it->st = db_prepare(db, codes ? "SELECT ?2, anneau, trou, n_points, points FROM contour"
                                    " WHERE niveau = ?1 AND code = ?2 ORDER BY anneau"
                                  : "SELECT code, anneau, trou, n_points, points FROM contour"
                                    " WHERE niveau = ?1 ORDER BY code, anneau");
    if (!it->st) {
        free(it);
        return NULL;
    }
    sqlite3_bind_text(it->st, 1, niveau, -1, SQLITE_STATIC);
    return it;
}

/* codes: steps to the next code that has rings; false when none is left. */
static int step_codes(report_outlines *it)
{
    for (;;) {
        if (it->in_code) {
            int rc = sqlite3_step(it->st);
            if (rc == SQLITE_ROW)
                return rc;
            if (rc != SQLITE_DONE) {
                obs_error("lecture des contours (%s %s) : %s", it->niveau, it->codes[it->next_code - 1],
                          sqlite3_errmsg(it->db));
                return rc;
            }
            it->in_code = false;
        }
        if (it->next_code == it->n_codes)
            return SQLITE_DONE;
        const char *code = it->codes[it->next_code++];
        if (!code)
            continue;
        sqlite3_reset(it->st);
        sqlite3_bind_text(it->st, 2, code, -1, SQLITE_STATIC);
        it->in_code = true;
        it->any = false;
    }
}

int report_outlines_next(report_outlines *it, report_outline_ring *out)
{
    sqlite3_stmt *st = it->st;
    int rc;
    bool first = false;
    if (it->codes) {
        rc = step_codes(it);
        first = rc == SQLITE_ROW && !it->any;
        it->any = true;
    } else {
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            obs_error("lecture des contours (%s) : %s", it->niveau, sqlite3_errmsg(it->db));
    }
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? 0 : -1;
    const char *code = (const char *)sqlite3_column_text(st, 0);
    out->code = code ? code : "";
    if (!it->codes) {
        first = !it->last || strcmp(it->last, out->code) != 0;
        if (first) {
            free(it->last);
            if (!(it->last = strdup(out->code))) {
                obs_error("mémoire insuffisante pour les contours (%s)", it->niveau);
                return -1;
            }
        }
    }
    out->first = first;
    out->anneau = sqlite3_column_int64(st, 1);
    out->trou = sqlite3_column_int(st, 2);
    out->n_points = sqlite3_column_int64(st, 3);
    out->points = sqlite3_column_blob(st, 4);
    out->bytes = sqlite3_column_bytes(st, 4);
    return 1;
}

void report_outlines_close(report_outlines *it)
{
    if (!it)
        return;
    sqlite3_finalize(it->st);
    free(it->last);
    free(it);
}

bool report_outlines_loaded(const report_data *rd)
{
    sqlite3 *db = rd->db;
    sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'contour'");
    bool table = st && sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (!table)
        return false;
    st = db_prepare(db, "SELECT 1 FROM contour LIMIT 1");
    bool rows = st && sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return rows;
}
