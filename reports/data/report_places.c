#include "reports/data/report_places.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "reports/data/text_list.h"

char **report_unit_codes(report_data *rd, const char *niveau, const char *scope_niveau, const char *scope_code,
                         size_t *n)
{
    *n = 0;
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT DISTINCT g2.code FROM geo g1"
                                          " JOIN geo g2 ON g2.commune = g1.commune AND g2.niveau = ?1"
                                          " WHERE g1.niveau = ?2 AND g1.code = ?3 ORDER BY 1");
    if (!st)
        return NULL;
    sqlite3_bind_text(st, 1, niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, scope_niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, scope_code, -1, SQLITE_STATIC);
    return text_list_read(st, "les territoires à représenter", n);
}

void report_territory_name(report_data *rd, const char *niveau, const char *code, char *out, size_t len)
{
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT nom FROM territoire WHERE niveau = ? AND code = ?");
    snprintf(out, len, "%s", code);
    if (!st)
        return;
    sqlite3_bind_text(st, 1, niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

/* Room for one more item of `size` bytes in *items (cap: its capacity). */
static bool room(void **items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return true;
    size_t want = *cap ? 2 * *cap : 16;
    void *grown = realloc(*items, want * size);
    if (!grown)
        return false;
    *items = grown;
    *cap = want;
    return true;
}

bool report_territories_at(report_data *rd, const char *niveau, report_territory **out, size_t *n)
{
    *n = 0;
    *out = NULL;
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT code, nom FROM territoire WHERE niveau = ? ORDER BY nom, code");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, niveau, -1, SQLITE_STATIC);
    report_territory *list = NULL;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW && room((void **)&list, *n, &cap, sizeof *list)) {
        report_territory *t = &list[(*n)++];
        memset(t, 0, sizeof *t);
        snprintf(t->niveau, sizeof t->niveau, "%s", niveau);
        snprintf(t->code, sizeof t->code, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(t->nom, sizeof t->nom, "%s", (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    *out = list;
    return true;
}

bool report_programme_places(report_data *rd, report_programme_place **out, size_t *n)
{
    *n = 0;
    *out = NULL;
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT DISTINCT p.id_dispositif, p.type, p.commune"
                                          " FROM dispositif p JOIN geo g ON g.commune = p.commune"
                                          " WHERE g.niveau = ? AND g.code = ? AND p.date_debut <= ? || '-12-31'"
                                          " AND (p.date_fin IS NULL OR p.date_fin >= ? || '-01-01')"
                                          " ORDER BY p.commune, p.id_dispositif");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, rd->territory.niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, rd->territory.code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, rd->year);
    sqlite3_bind_int(st, 4, rd->year);
    report_programme_place *list = NULL;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW && room((void **)&list, *n, &cap, sizeof *list)) {
        report_programme_place *p = &list[*n];
        p->id = strdup((const char *)sqlite3_column_text(st, 0));
        p->type = strdup((const char *)sqlite3_column_text(st, 1));
        snprintf(p->commune, sizeof p->commune, "%s", (const char *)sqlite3_column_text(st, 2));
        (*n)++;
        if (!p->id || !p->type) {
            obs_error("mémoire insuffisante pour les dispositifs");
            report_programme_places_free(list, *n);
            list = NULL;
            *n = 0;
            break;
        }
    }
    sqlite3_finalize(st);
    *out = list;
    return true;
}

void report_programme_places_free(report_programme_place *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i].id), free(list[i].type);
    free(list);
}
