/* dispositifs.csv: support programmes (incubators, couveuses, CAE, ...). */
#include <stdio.h>
#include <string.h>

#include "engine/load/dataset.h"

enum { ID, NOM, TYPE, COMMUNE, PHASES, DEBUT, FIN };

static const char *const columns[] = {"id_dispositif", "nom", "type", "code_commune", "phases",
                                      "date_debut", "date_fin", NULL};
static const char *const required[] = {"id_dispositif", "nom", "type", "code_commune", "phases",
                                       "date_debut", NULL};
static const char *const prefixes[] = {"dispositifs", NULL};
/* "a+b": a header with a and b is this dataset (alternatives) */
static const char *const identify[] = {"id_dispositif+phases", NULL};
static const char *const types[] = {"incubateur", "couveuse", "cae", "pepiniere", "generateur_projets",
                                    "fabrique_initiatives", "centre_ressources", "tiers_lieu",
                                    "pret_honneur", "autre", NULL};
static const char *const phases[] = {"emergence", "creation", "consolidation", "developpement", NULL};

static bool valid_phases(const char *list)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", list);
    char *save = NULL;
    int n = 0;
    for (char *p = strtok_r(copy, "|", &save); p; p = strtok_r(NULL, "|", &save), n++) {
        bool known = false;
        for (size_t i = 0; phases[i] && !known; i++)
            known = strcmp(phases[i], p) == 0;
        if (!known)
            return false;
    }
    return n > 0;
}

static bool handle(load_row *row, sqlite3_stmt *st)
{
    char debut[11], fin[11];
    if (!bind_text(row, st, 1, ID, true) || !bind_text(row, st, 2, NOM, true) ||
        !bind_enum(row, st, 3, TYPE, true, types) || !bind_commune(row, st, 4, COMMUNE, true))
        return false;
    if (!valid_phases(row_get(row, PHASES)))
        return row_reject(row, PHASES, "valeur_non_autorisee",
                          "phases « %s » : liste séparée par | parmi emergence, creation,"
                          " consolidation, developpement", row_get(row, PHASES));
    if (!bind_text(row, st, 6, PHASES, true) || !bind_date(row, st, 7, DEBUT, true, debut) ||
        !bind_date(row, st, 8, FIN, false, fin))
        return false;
    if (fin[0] && strcmp(fin, debut) < 0)
        return row_reject(row, FIN, "dates_incoherentes", "fin le %s avant le début le %s", fin, debut);
    return true;
}

const dataset_def dataset_dispositifs = {
    .name = "dispositifs",
    .prefixes = prefixes,
    .identify = identify,
    .table = "dispositif",
    .columns = columns,
    .required = required,
    .insert_sql = "INSERT INTO dispositif(id_dispositif, nom, type, code_commune, commune, phases,"
                  " date_debut, date_fin) VALUES(?,?,?,?,?,?,?,?)",
    .handle_row = handle,
};
