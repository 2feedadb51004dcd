#include "reports/data/funders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "reports/data/text_list.h"

char **report_funders(sqlite3 *db, int64_t run_id, size_t *n)
{
    *n = 0;
    /* the funders, read from the keys stored as data */
    sqlite3_stmt *st = db_prepare(db, "SELECT DISTINCT k.valeur FROM indicator_value v"
                                      " JOIN dimension_cle k ON k.dimension = v.dimension AND k.n_cles = 1"
                                      " AND k.cle = 'financeur'"
                                      " WHERE v.run_id = ? AND v.niveau = 'france' ORDER BY 1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, run_id);
    return text_list_read(st, "les financeurs", n);
}

bool funder_programmes(report_data *rd, const char *funder, const char *const *indicators, size_t n_indicators,
                       funder_programme **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (n_indicators > 6)
        n_indicators = 6;
    char sql[1024] = "SELECT DISTINCT v.dimension, f.reste, p.valeur FROM indicator_value v"
                     " JOIN dimension_cle f ON f.dimension = v.dimension AND f.n_cles = 2"
                     " AND f.cle = 'financeur' AND f.valeur = ?1"
                     " JOIN dimension_cle p ON p.dimension = v.dimension AND p.cle = 'dispositif'"
                     " WHERE v.run_id = ?2 AND v.niveau = 'france' AND v.annee = ?3 AND v.indicator IN (";
    for (size_t k = 0; k < n_indicators; k++)
        snprintf(sql + strlen(sql), sizeof sql - strlen(sql), "%s?%zu", k ? ", " : "", 4 + k);
    snprintf(sql + strlen(sql), sizeof sql - strlen(sql), ") ORDER BY p.valeur");
    sqlite3_stmt *st = db_prepare(rd->db, sql);
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, funder, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, rd->run_id);
    sqlite3_bind_int(st, 3, rd->year);
    for (size_t k = 0; k < n_indicators; k++)
        sqlite3_bind_text(st, (int)(4 + k), indicators[k], -1, SQLITE_STATIC);
    size_t cap = 0;
    bool ok = true;
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        if (*n == cap) {
            size_t want = cap ? 2 * cap : 16;
            funder_programme *grown = realloc(*out, want * sizeof *grown);
            if (!(ok = grown != NULL))
                break;
            *out = grown;
            cap = want;
        }
        funder_programme *p = &(*out)[(*n)++];
        p->cells = strdup((const char *)sqlite3_column_text(st, 0));
        p->programme = strdup((const char *)sqlite3_column_text(st, 1));
        ok = p->cells && p->programme;
    }
    sqlite3_finalize(st);
    if (!ok) {
        obs_error("mémoire insuffisante pour les dispositifs du financeur « %s »", funder);
        funder_programmes_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return ok;
}

void funder_programmes_free(funder_programme *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i].cells), free(list[i].programme);
    free(list);
}
