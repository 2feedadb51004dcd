/* Survival section: the establishments the curves cannot use as loaded,
 * counted in the territory (see survival_note.h). */
#include <stdio.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/fr_format.h"
#include "reports/data/survival_note.h"

bool survival_gaps_count(report_data *rd, survival_gaps *out)
{
    memset(out, 0, sizeof *out);
    /* CROSS JOIN: the establishments drive the loop, geo is looked up by its key */
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT coalesce(sum(e.date_creation IS NULL), 0),"
                                          " coalesce(sum(e.date_creation IS NOT NULL AND e.etat = 'F'"
                                          " AND e.date_fermeture IS NULL), 0)"
                                          " FROM etablissement e CROSS JOIN geo g ON g.commune = e.commune"
                                          " WHERE g.niveau = ? AND g.code = ?");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, rd->territory.niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, rd->territory.code, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok) {
        out->without_creation = sqlite3_column_int64(st, 0);
        out->closed_undated = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return ok;
}

void survival_gaps_text(const survival_gaps *g, char *out, size_t len)
{
    char n[64];
    size_t used = 0;
    out[0] = '\0';
    if (g->without_creation > 0) {
        const char *s = g->without_creation > 1 ? "s" : "";
        fr_number((double)g->without_creation, 0, n, sizeof n);
        int w = snprintf(out, len, "%s établissement%s sans date de création exclu%s de l'analyse de survie.\n", n,
                         s, s);
        used = w > 0 && (size_t)w < len ? (size_t)w : len;
    }
    if (g->closed_undated > 0 && used < len) {
        const char *s = g->closed_undated > 1 ? "s" : "";
        fr_number((double)g->closed_undated, 0, n, sizeof n);
        snprintf(out + used, len - used,
                 "%s établissement%s fermé%s sans date de fermeture, suivi%s dans l'analyse de survie comme encore"
                 " actif%s à la date d'observation.\n",
                 n, s, s, s, s);
    }
}
