/* emploi_territoire.csv: all private employment per commune (the denominators;
 * URSSAF open data). */
#include <ctype.h>
#include <string.h>

#include "dataset.h"

enum { COMMUNE, ANNEE, EMPLOYEURS, POSTES, MASSE, SECTION };

static const char *const columns[] = {"code_commune", "annee", "etablissements_employeurs", "postes",
                                      "masse_salariale", "section", NULL};
static const char *const required[] = {"code_commune", "annee", "etablissements_employeurs", "postes",
                                       "masse_salariale", NULL};
static const char *const prefixes[] = {"emploi_territoire", NULL};

static bool handle(load_row *row, sqlite3_stmt *st)
{
    if (!bind_commune(row, st, 1, COMMUNE, true))
        return false;
    if (!*row_get(row, ANNEE))
        return row_reject(row, ANNEE, "valeur_obligatoire", "la colonne annee est vide");
    if (!bind_int(row, st, 3, ANNEE, true, 1900, 2100, NULL))
        return row_reject(row, ANNEE, "annee_invalide", "année invalide « %s »", row_get(row, ANNEE));
    const char *section = row_get(row, SECTION);
    if (*section && (strlen(section) != 1 || section[0] < 'A' || section[0] > 'U'))
        return row_reject(row, SECTION, "valeur_non_autorisee",
                          "section NAF « %s » : une lettre de A à U attendue", section);
    sqlite3_bind_text(st, 4, section, -1, SQLITE_TRANSIENT); /* '' for the total */
    return bind_int(row, st, 5, EMPLOYEURS, true, 0, INT64_MAX, NULL) &&
           bind_int(row, st, 6, POSTES, true, 0, INT64_MAX, NULL) &&
           bind_decimal(row, st, 7, MASSE, true, 0, 1e15, NULL);
}

const dataset_def dataset_emploi_territoire = {
    .name = "emploi_territoire",
    .prefixes = prefixes,
    .table = "emploi_territoire",
    .columns = columns,
    .required = required,
    .insert_sql = "INSERT INTO emploi_territoire(code_commune, commune, annee, section,"
                  " etablissements_employeurs, postes, masse_salariale) VALUES(?,?,?,?,?,?,?)",
    .handle_row = handle,
};
