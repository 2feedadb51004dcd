/* emploi.csv: salaried employment per establishment and year. */
#include "engine/load/dataset.h"

enum { SIRET, ANNEE, POSTES, ETP, MASSE, FEMMES, CDI, TEMPS_PARTIEL, INSERTION, MOINS_26, PLUS_50, BENEVOLES };

static const char *const columns[] = {"siret", "annee", "postes", "etp", "masse_salariale",
                                      "postes_femmes", "postes_cdi", "postes_temps_partiel",
                                      "postes_insertion", "postes_moins_26", "postes_50_plus",
                                      "benevoles", NULL};
static const char *const required[] = {"siret", "annee", "postes", "etp", "masse_salariale", NULL};
static const char *const prefixes[] = {"emploi", NULL};
/* "a+b": a header with a and b is this dataset (alternatives) */
static const char *const identify[] = {"siret+annee+postes", NULL};

static bool handle(load_row *row, sqlite3_stmt *st)
{
    int64_t annee, postes;
    if (!bind_siret(row, st, 1, SIRET, true))
        return false;
    if (!*row_get(row, ANNEE))
        return row_reject(row, ANNEE, "valeur_obligatoire", "la colonne annee est vide");
    if (!bind_int(row, st, 2, ANNEE, true, 1900, 2100, &annee))
        return row_reject(row, ANNEE, "annee_invalide", "année invalide « %s »", row_get(row, ANNEE));
    if (!bind_int(row, st, 3, POSTES, true, 0, INT64_MAX, &postes) ||
        !bind_decimal(row, st, 4, ETP, true, 0, 1e9, NULL) ||
        !bind_decimal(row, st, 5, MASSE, true, 0, 1e15, NULL))
        return false;
    /* every part of the jobs is at most the jobs */
    for (int col = FEMMES; col <= PLUS_50; col++) {
        int64_t part = 0;
        if (!bind_int(row, st, 6 + (col - FEMMES), col, false, 0, INT64_MAX, &part))
            return false;
        if (*row_get(row, col) && part > postes)
            return row_reject(row, col, "part_superieure_aux_postes", "%s = %lld > postes = %lld",
                              dataset_emploi.columns[col], (long long)part, (long long)postes);
    }
    return bind_int(row, st, 12, BENEVOLES, false, 0, INT64_MAX, NULL);
}

const dataset_def dataset_emploi = {
    .name = "emploi",
    .prefixes = prefixes,
    .identify = identify,
    .table = "emploi",
    .columns = columns,
    .required = required,
    .insert_sql = "INSERT INTO emploi(siret, annee, postes, etp, masse_salariale, postes_femmes,"
                  " postes_cdi, postes_temps_partiel, postes_insertion, postes_moins_26,"
                  " postes_50_plus, benevoles) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
    .handle_row = handle,
};
