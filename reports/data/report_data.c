#include "reports/data/report_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/fr_format.h"
#include "engine/core/dimension_key.h"
#include "engine/core/ledger.h"
#include "engine/core/log.h"
#include "reports/data/text_list.h"

int64_t report_latest_run(sqlite3 *db)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT max(run_id) FROM indicator_value");
    int64_t id = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return id;
}

int report_latest_year(sqlite3 *db, int64_t run_id)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT max(annee) FROM indicator_value WHERE run_id=?");
    int y = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, run_id);
        if (sqlite3_step(st) == SQLITE_ROW)
            y = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return y;
}

static void set_territory(report_territory *t, const char *niveau, const char *code, const char *nom)
{
    snprintf(t->niveau, sizeof t->niveau, "%s", niveau ? niveau : "");
    snprintf(t->code, sizeof t->code, "%s", code ? code : "");
    snprintf(t->nom, sizeof t->nom, "%s", nom ? nom : (code ? code : ""));
}

static void territory_name(sqlite3 *db, report_territory *t)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT nom FROM territoire WHERE niveau=? AND code=?");
    if (!st)
        return;
    sqlite3_bind_text(st, 1, t->niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, t->code, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(t->nom, sizeof t->nom, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

/* The département (or région) holding most of the territory's communes:
 * study territories and EPCIs may straddle borders. */
static void majority_parent(sqlite3 *db, const report_territory *t, const char *level,
                            report_territory *out)
{
    set_territory(out, level, "", "");
    sqlite3_stmt *st = db_prepare(db, "SELECT p.code, count(*) AS n FROM geo g"
                                      " JOIN geo p ON p.commune = g.commune AND p.niveau = ?"
                                      " WHERE g.niveau = ? AND g.code = ?"
                                      " GROUP BY p.code ORDER BY n DESC, p.code LIMIT 1");
    if (!st)
        return;
    sqlite3_bind_text(st, 1, level, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, t->niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, t->code, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        set_territory(out, level, (const char *)sqlite3_column_text(st, 0), NULL);
        territory_name(db, out);
    }
    sqlite3_finalize(st);
}

/* A count from sql with up to two text parameters; 0 on failure. */
static int64_t count_of(sqlite3 *db, const char *sql, const char *a, const char *b)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return 0;
    if (a)
        sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return n;
}

bool report_data_open(report_data *rd, sqlite3 *db, int64_t run_id, int year, const char *niveau,
                      const char *code)
{
    memset(rd, 0, sizeof *rd);
    rd->db = db;
    rd->run_id = run_id;
    rd->year = year;
    set_territory(&rd->territory, niveau, code, NULL);
    territory_name(db, &rd->territory);
    majority_parent(db, &rd->territory, "departement", &rd->departement);
    majority_parent(db, &rd->territory, "region", &rd->region);
    set_territory(&rd->france, "france", "FR", "France");
    rd->run_started = ledger_run_started(db, run_id);
    rd->cell_stmt = db_prepare(db, "SELECT valeur, ic_bas, ic_haut, n_unites, secret FROM indicator_value"
                                   " WHERE run_id=? AND indicator=? AND niveau=? AND territoire=?"
                                   " AND annee=? AND dimension=?");
    rd->reference_stmt = db_prepare(db, "SELECT valeur FROM reference_nationale WHERE indicateur=? AND annee=?");
    if (!rd->cell_stmt || !rd->reference_stmt)
        return false;
    /* (CROSS JOIN: the establishments drive the loop, geo is looked up by
     * its key; the other order scans the establishments once per commune) */
    /* the 18 régions (two-digit codes; the overseas collectivities have none
     * in SIRENE's communes) and those with an establishment loaded */
    rd->regions_total = (int)count_of(db, "SELECT count(DISTINCT code) FROM territoire"
                                          " WHERE niveau='region' AND length(code) = 2", NULL, NULL);
    rd->regions_loaded = (int)count_of(db, "SELECT count(DISTINCT g.code) FROM (SELECT DISTINCT commune FROM etablissement) e"
                                           " CROSS JOIN geo g ON g.commune = e.commune AND g.niveau = 'region'"
                                           " WHERE length(g.code) = 2", NULL, NULL);
    rd->national_reference = count_of(db, "SELECT count(*) FROM reference_nationale", NULL, NULL) > 0;
    rd->territory_establishments = count_of(db, "SELECT count(*) FROM etablissement e CROSS JOIN geo g"
                                                " ON g.commune = e.commune WHERE g.niveau=? AND g.code=?",
                                            niveau, code);
    if (rd->national_reference && report_france_partial(rd))
        set_territory(&rd->france, "france", "FR", "France (référence nationale)");
    else if (report_france_partial(rd)) {
        char name[128];
        snprintf(name, sizeof name, "France (données chargées : %d région%s)", rd->regions_loaded,
                 rd->regions_loaded > 1 ? "s" : "");
        set_territory(&rd->france, "france", "FR", name);
    }
    return true;
}

void report_comparison_notes(const report_data *rd, char *out, size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    if (rd->territory_establishments == 0 && strcmp(rd->territory.niveau, "etude") == 0)
        used += (size_t)snprintf(out, len, "Aucun établissement n'est chargé dans les communes de ce territoire"
                                           " d'étude : ses chiffres d'établissements et d'emploi sont vides.\n");
    if (used < len && report_france_partial(rd)) {
        if (rd->national_reference)
            snprintf(out + used, len - used, "Colonne « France » : chiffres nationaux publiés"
                                             " (reference_nationale.csv) ; « — » pour un indicateur qu'ils ne"
                                             " donnent pas.\n");
        else
            snprintf(out + used, len - used, "Colonne « France » : les données chargées (%d région%s sur %d),"
                                             " non le total national.\n",
                     rd->regions_loaded, rd->regions_loaded > 1 ? "s" : "", rd->regions_total);
    }
}

bool report_france_partial(const report_data *rd)
{
    return rd->regions_loaded < rd->regions_total;
}

void report_data_close(report_data *rd)
{
    sqlite3_finalize(rd->cell_stmt);
    rd->cell_stmt = NULL;
    sqlite3_finalize(rd->reference_stmt);
    rd->reference_stmt = NULL;
    free(rd->run_started);
    rd->run_started = NULL;
}

bool report_cell_get(report_data *rd, const char *indicator, const report_territory *t, int year,
                     const char *dimension, report_cell *out)
{
    memset(out, 0, sizeof *out);
    if (!t->code[0])
        return false;
    if (strcmp(t->niveau, "france") == 0 && rd->national_reference && (!dimension || !dimension[0])) {
        sqlite3_stmt *ref = rd->reference_stmt;
        sqlite3_reset(ref);
        sqlite3_bind_text(ref, 1, indicator, -1, SQLITE_STATIC);
        sqlite3_bind_int(ref, 2, year);
        if (sqlite3_step(ref) == SQLITE_ROW) {
            out->found = out->has_value = true;
            out->valeur = sqlite3_column_double(ref, 0);
            return true;
        }
    }
    /* loaded data that do not cover France are no France figure once
     * national figures are loaded */
    if (strcmp(t->niveau, "france") == 0 && rd->national_reference && report_france_partial(rd))
        return false;
    sqlite3_stmt *st = rd->cell_stmt;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, rd->run_id);
    sqlite3_bind_text(st, 2, indicator, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, t->niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, t->code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, year);
    sqlite3_bind_text(st, 6, dimension ? dimension : "", -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW)
        return false;
    out->found = true;
    out->secret = sqlite3_column_int(st, 4) != 0;
    out->has_value = !out->secret && sqlite3_column_type(st, 0) != SQLITE_NULL;
    out->valeur = sqlite3_column_double(st, 0);
    out->has_ic = !out->secret && sqlite3_column_type(st, 1) != SQLITE_NULL &&
                  sqlite3_column_type(st, 2) != SQLITE_NULL;
    out->ic_bas = sqlite3_column_double(st, 1);
    out->ic_haut = sqlite3_column_double(st, 2);
    out->n_unites = sqlite3_column_int64(st, 3);
    return true;
}

static char *dup_col(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return strdup(s ? (const char *)s : "");
}

bool report_meta_get(report_data *rd, const char *indicator, report_meta *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT titre, unite, type, theme, definition, sources"
                                          " FROM indicator_meta WHERE run_id=? AND indicator=?");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, rd->run_id);
    sqlite3_bind_text(st, 2, indicator, -1, SQLITE_STATIC);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        out->titre = dup_col(st, 0);
        out->unite = dup_col(st, 1);
        out->type = dup_col(st, 2);
        out->theme = dup_col(st, 3);
        out->definition = dup_col(st, 4);
        out->sources = dup_col(st, 5);
        if (!out->titre || !out->unite || !out->type || !out->theme || !out->definition || !out->sources) {
            obs_error("mémoire insuffisante pour les métadonnées de « %s »", indicator);
            report_meta_free(out);
            found = false;
        }
    }
    sqlite3_finalize(st);
    return found;
}

void report_meta_free(report_meta *m)
{
    free(m->titre);
    free(m->unite);
    free(m->type);
    free(m->theme);
    free(m->definition);
    free(m->sources);
    memset(m, 0, sizeof *m);
}

void report_free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

char **report_dimension_values(report_data *rd, const char *indicator, const char *key, size_t *n)
{
    *n = 0;
    /* the keys as data: the one-key cells along this key */
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT DISTINCT v.dimension, k.valeur FROM indicator_value v"
                                          " JOIN dimension_cle k ON k.dimension = v.dimension AND k.n_cles = 1"
                                          " WHERE v.run_id=? AND v.indicator=? AND v.niveau=? AND v.territoire=?"
                                          " AND v.annee=? AND k.cle = ? ORDER BY k.valeur, v.dimension");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, rd->run_id);
    sqlite3_bind_text(st, 2, indicator, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, rd->territory.niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, rd->territory.code, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, rd->year);
    sqlite3_bind_text(st, 6, key, -1, SQLITE_STATIC);
    return text_list_read(st, "les valeurs d'une répartition", n);
}

static int compare_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **report_section_dimensions(report_data *rd, const char *const *indicators, size_t n_ind,
                                 const char *key, size_t *n)
{
    *n = 0;
    char **all = calloc(1, sizeof *all);
    if (!all)
        obs_error("mémoire insuffisante pour les valeurs de « %s »", key);
    for (size_t i = 0; all && i < n_ind; i++) {
        size_t k;
        char **dims = report_dimension_values(rd, indicators[i], key, &k);
        char **grown = dims ? realloc(all, (*n + k + 1) * sizeof *all) : NULL;
        if (!grown) { /* never a shortened list: none, the reason printed */
            if (dims)
                obs_error("mémoire insuffisante pour les valeurs de « %s »", key);
            report_free_list(dims, k);
            report_free_list(all, *n);
            *n = 0;
            return NULL;
        }
        all = grown;
        for (size_t d = 0; d < k; d++) {
            bool seen = false;
            for (size_t j = 0; j < *n && !seen; j++)
                seen = strcmp(all[j], dims[d]) == 0;
            if (seen)
                free(dims[d]);
            else
                all[(*n)++] = dims[d];
        }
        all[*n] = NULL;
        free(dims);
    }
    if (all)
        qsort(all, *n, sizeof *all, compare_str);
    return all;
}

int *report_years(report_data *rd, const char *indicator, size_t *n)
{
    *n = 0;
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT DISTINCT annee FROM indicator_value WHERE run_id=?"
                                          " AND indicator=? AND niveau=? AND territoire=?"
                                          " AND dimension='' ORDER BY annee");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, rd->run_id);
    sqlite3_bind_text(st, 2, indicator, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, rd->territory.niveau, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, rd->territory.code, -1, SQLITE_STATIC);
    size_t cap = 16;
    int *out = malloc(cap * sizeof *out);
    while (out && sqlite3_step(st) == SQLITE_ROW) {
        if (*n == cap) {
            int *grown = realloc(out, 2 * cap * sizeof *out);
            if (!grown)
                break;
            out = grown;
            cap *= 2;
        }
        out[(*n)++] = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return out;
}

static const struct {
    const char *dimension;
    const char *label;
} fixed_labels[] = {
    {"famille=association", "Associations"},
    {"famille=cooperative", "Coopératives"},
    {"famille=mutuelle", "Mutuelles"},
    {"famille=fondation", "Fondations"},
    {"famille=entreprise_ess", "Entreprises de l'ESS (agrément ou statut)"},
    {"phase=emergence", "Émergence"},
    {"phase=creation", "Création"},
    {"phase=consolidation", "Consolidation"},
    {"phase=developpement", "Développement"},
    {"groupe=ess", "ESS"},
    {"groupe=hors_ess", "Hors ESS"},
    {"groupe=accompagne", "Accompagnées"},
    {"groupe=non_accompagne", "Non accompagnées"},
    {"groupe=ensemble", "Ensemble"},
};

/* Looks the value up in a reference table (NAF section, programme name). */
static bool lookup_label(sqlite3 *db, const char *sql, const char *value, char *out, size_t len)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return false;
    }
    sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
    bool found = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0);
    if (found)
        snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return found;
}

void report_dimension_of(const char *key, const char *value, char *out, size_t len)
{
    char err[160];
    dimension_pair pair = {(char *)key, (char *)value};
    char *dim = dimension_encode(&pair, 1, err, sizeof err);
    if (!dim || strlen(dim) >= len)
        snprintf(out, len, "%s", "");
    else
        snprintf(out, len, "%s", dim);
    free(dim);
}

/* The key and value of a one-key dimension: from the keys stored as data,
 * else (a survival curve's group, never stored) from the canonical form. */
static bool key_of(report_data *rd, const char *dimension, char *key, size_t klen, char *value, size_t vlen)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(rd->db, "SELECT cle, valeur FROM dimension_cle WHERE dimension = ? AND n_cles = 1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, dimension, -1, SQLITE_STATIC);
        if ((found = sqlite3_step(st) == SQLITE_ROW)) {
            snprintf(key, klen, "%s", (const char *)sqlite3_column_text(st, 0));
            snprintf(value, vlen, "%s", (const char *)sqlite3_column_text(st, 1));
        }
    }
    sqlite3_finalize(st);
    if (found)
        return true;
    dimension_pair pairs[DIMENSION_MAX_KEYS];
    size_t n = 0;
    char err[200];
    if (!dimension_decode(dimension, pairs, &n, err, sizeof err))
        return false;
    if ((found = n == 1)) {
        snprintf(key, klen, "%s", pairs[0].key);
        snprintf(value, vlen, "%s", pairs[0].value);
    }
    dimension_pairs_free(pairs, n);
    return found;
}

void report_dimension_label(report_data *rd, const char *dimension, char *out, size_t len)
{
    for (size_t i = 0; i < sizeof fixed_labels / sizeof *fixed_labels; i++)
        if (strcmp(fixed_labels[i].dimension, dimension) == 0) {
            snprintf(out, len, "%s", fixed_labels[i].label);
            return;
        }
    char key[64], value[512];
    if (!key_of(rd, dimension, key, sizeof key, value, sizeof value)) {
        snprintf(out, len, "%s", dimension);
        return;
    }
    if (strcmp(key, "groupe") == 0) { /* survival groups named after families */
        char as_family[600];
        report_dimension_of("famille", value, as_family, sizeof as_family);
        for (size_t i = 0; i < sizeof fixed_labels / sizeof *fixed_labels; i++)
            if (strcmp(fixed_labels[i].dimension, as_family) == 0) {
                snprintf(out, len, "%s", fixed_labels[i].label);
                return;
            }
    }
    if (strcmp(key, "section") == 0 &&
        lookup_label(rd->db, "SELECT libelle FROM ref_naf WHERE niveau='section' AND code=?", value,
                     out, len))
        return;
    if (strcmp(key, "dispositif") == 0 &&
        lookup_label(rd->db, "SELECT nom FROM dispositif WHERE id_dispositif=?", value, out, len))
        return;
    snprintf(out, len, "%s", value);
}

void fr_cell(const report_cell *c, const char *unite, char *out, size_t len)
{
    if (c->found && c->secret)
        snprintf(out, len, "s");
    else if (!c->found || !c->has_value)
        snprintf(out, len, "—");
    else
        fr_value(c->valeur, unite, out, len);
}
