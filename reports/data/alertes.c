#include "reports/data/alertes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/fr_format.h"
#include "engine/core/log.h"

static char *dup_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return strdup(t ? (const char *)t : "");
}

bool alertes_load(sqlite3 *db, int64_t run, int year, alerte_list *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(
        db, "WITH a AS (SELECT siret, axe, score, score_precedent FROM alerte_grille"
            "            WHERE run_id = ?1 AND annee = ?2),"
            " s AS (SELECT siret, count(*) AS axes, max(coalesce(score_precedent - score, 0)) AS chute"
            "       FROM a GROUP BY siret)"
            " SELECT a.siret, coalesce(e.denomination, u.denomination, ''), coalesce(t.nom, e.commune, ''),"
            "  a.axe, a.score, a.score_precedent, s.axes, s.chute"
            " FROM a JOIN s ON s.siret = a.siret"
            " LEFT JOIN etablissement e ON e.siret = a.siret"
            " LEFT JOIN unite_legale u ON u.siren = substr(a.siret, 1, 9)"
            " LEFT JOIN territoire t ON t.niveau = 'commune' AND t.code = e.commune"
            " ORDER BY s.axes DESC, s.chute DESC, a.siret, coalesce(a.score_precedent - a.score, 0) DESC, a.axe");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_int(st, 2, year);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 32;
            alerte *grown = realloc(out->items, cap * sizeof *grown);
            if (!grown) {
                rc = SQLITE_NOMEM;
                break;
            }
            out->items = grown;
        }
        alerte *a = &out->items[out->n];
        memset(a, 0, sizeof *a);
        snprintf(a->siret, sizeof a->siret, "%s", (const char *)sqlite3_column_text(st, 0));
        a->nom = dup_text(st, 1);
        a->commune = dup_text(st, 2);
        a->axe = dup_text(st, 3);
        if (!a->nom || !a->commune || !a->axe) {
            out->n++; /* freed with the others */
            rc = SQLITE_NOMEM;
            break;
        }
        a->score = sqlite3_column_double(st, 4);
        a->has_previous = sqlite3_column_type(st, 5) != SQLITE_NULL;
        a->previous = sqlite3_column_double(st, 5);
        a->axes = sqlite3_column_int(st, 6);
        a->max_fall = sqlite3_column_double(st, 7);
        if (out->n == 0 || strcmp(out->items[out->n - 1].siret, a->siret) != 0)
            out->structures++;
        a->rank = out->structures;
        out->n++;
    }
    if (rc != SQLITE_DONE)
        obs_error("alertes : %s", rc == SQLITE_NOMEM ? "mémoire insuffisante" : sqlite3_errmsg(db));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        alertes_free(out);
        return false;
    }
    return true;
}

void alertes_free(alerte_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].nom);
        free(l->items[i].commune);
        free(l->items[i].axe);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

void alertes_reason(const alerte *a, char *out, size_t len)
{
    out[0] = '\0';
    if (a->score <= 1)
        snprintf(out, len, "score de 1 ou moins");
    if (a->has_previous && a->previous - a->score >= 2) {
        char fall[32];
        fr_number(a->previous - a->score, a->previous - a->score == (double)(long)(a->previous - a->score) ? 0 : 1,
                  fall, sizeof fall);
        size_t used = strlen(out);
        snprintf(out + used, len - used, "%sbaisse de %s points", used ? " ; " : "", fall);
    }
}
