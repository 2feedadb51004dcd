#include "reports/data/annuaire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"

const char *const annuaire_columns[ANNUAIRE_FIELDS] = {
    "siret", "nom", "famille", "code_naf", "activite", "adresse", "code_commune", "commune", "tranche_effectifs"};
const char *const annuaire_titles[ANNUAIRE_FIELDS] = {
    "SIRET", "Nom", "Famille", "Code NAF", "Activité", "Adresse", "Code commune", "Commune", "Effectif salarié"};

const char *annuaire_family_label(const char *f)
{
    if (!f || !*f)
        return "";
    if (strcmp(f, "association") == 0) return "Association";
    if (strcmp(f, "cooperative") == 0) return "Coopérative";
    if (strcmp(f, "mutuelle") == 0) return "Mutuelle";
    if (strcmp(f, "fondation") == 0) return "Fondation";
    if (strcmp(f, "entreprise_ess") == 0) return "Entreprise de l'ESS";
    return f;
}

/* INSEE, « tranche d'effectif salarié » of SIRENE */
const char *annuaire_size_label(const char *t)
{
    static const char *const bands[][2] = {
        {"NN", "Non employeur"},          {"00", "0 salarié"},
        {"01", "1 ou 2 salariés"},        {"02", "3 à 5 salariés"},
        {"03", "6 à 9 salariés"},         {"11", "10 à 19 salariés"},
        {"12", "20 à 49 salariés"},       {"21", "50 à 99 salariés"},
        {"22", "100 à 199 salariés"},     {"31", "200 à 249 salariés"},
        {"32", "250 à 499 salariés"},     {"41", "500 à 999 salariés"},
        {"42", "1 000 à 1 999 salariés"}, {"51", "2 000 à 4 999 salariés"},
        {"52", "5 000 à 9 999 salariés"}, {"53", "10 000 salariés et plus"},
    };
    if (!t || !*t)
        return "Non renseigné";
    for (size_t i = 0; i < sizeof bands / sizeof *bands; i++)
        if (strcmp(t, bands[i][0]) == 0)
            return bands[i][1];
    return t;
}

static bool has_column(sqlite3 *db, const char *table, const char *column)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT 1 FROM pragma_table_info('%s') WHERE name = ?", table);
    sqlite3_stmt *st = db_prepare(db, sql);
    bool has = false;
    if (st) {
        sqlite3_bind_text(st, 1, column, -1, SQLITE_STATIC);
        has = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return has;
}

static char *text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return strdup(t ? (const char *)t : "");
}

bool annuaire_load(sqlite3 *db, const char *niveau, const char *code, annuaire_list *out, bool *unknown)
{
    memset(out, 0, sizeof *out);
    *unknown = false;
    sqlite3_stmt *st = db_prepare(db, "SELECT nom FROM territoire WHERE niveau = ? AND code = ?");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        out->territory_name = text(st, 0);
    sqlite3_finalize(st);
    if (!found) {
        *unknown = true;
        return false;
    }
    if (!out->territory_name) {
        obs_error("annuaire : mémoire insuffisante");
        return false;
    }
    /* columns another version of the loader may add */
    bool diffusion = has_column(db, "etablissement", "statut_diffusion");
    bool address = has_column(db, "etablissement", "adresse");
    char sql[2048];
    snprintf(sql, sizeof sql,
             "SELECT e.siret, coalesce(nullif(e.denomination, ''), u.denomination, ''), e.famille_ess, e.naf,"
             " coalesce(n.libelle, ''), %s, e.commune, coalesce(t.nom, e.commune), e.tranche_effectifs"
             " FROM geo g JOIN etablissement e ON e.commune = g.commune"
             " LEFT JOIN unite_legale u ON u.siren = e.siren"
             " LEFT JOIN ref_naf n ON n.code = e.naf"
             " LEFT JOIN territoire t ON t.niveau = 'commune' AND t.code = e.commune"
             " WHERE g.niveau = ?1 AND g.code = ?2 AND e.est_ess = 1"
             " AND (e.etat = 'A' OR e.etat IS NULL AND e.date_fermeture IS NULL)%s"
             " ORDER BY coalesce(t.nom, e.commune), 2, e.siret",
             address ? "coalesce(e.adresse, '')" : "''",
             diffusion ? " AND coalesce(nullif(e.statut_diffusion, ''), 'O') = 'O'" : "");
    st = db_prepare(db, sql);
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 64;
            annuaire_entry *grown = realloc(out->items, cap * sizeof *grown);
            if (!grown) {
                rc = SQLITE_NOMEM;
                break;
            }
            out->items = grown;
        }
        annuaire_entry *e = &out->items[out->n++];
        bool copied = true;
        for (int c = 0; c < ANNUAIRE_FIELDS; c++)
            copied &= (e->f[c] = text(st, c)) != NULL;
        if (!copied) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        obs_error("annuaire : %s", rc == SQLITE_NOMEM ? "mémoire insuffisante" : sqlite3_errmsg(db));
        annuaire_free(out);
        return false;
    }
    return true;
}

bool annuaire_of_report(const report_data *rd, annuaire_list *out, bool *unknown)
{
    return annuaire_load(rd->db, rd->territory.niveau, rd->territory.code, out, unknown);
}

void annuaire_free(annuaire_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        for (int c = 0; c < ANNUAIRE_FIELDS; c++)
            free(l->items[i].f[c]);
    free(l->items);
    free(l->territory_name);
    memset(l, 0, sizeof *l);
}

const char *annuaire_shown(const annuaire_entry *e, int c)
{
    if (c == ANNUAIRE_FAMILLE)
        return annuaire_family_label(e->f[c]);
    if (c == ANNUAIRE_TRANCHE)
        return annuaire_size_label(e->f[c]);
    return e->f[c];
}
