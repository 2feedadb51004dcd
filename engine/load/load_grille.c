/* grille.csv: the interview grid ("radar") per structure and year. */
#include "engine/load/dataset.h"

enum { SIRET, ANNEE, AXE, SCORE };

static const char *const columns[] = {"siret", "annee", "axe", "score", NULL};
static const char *const required[] = {"siret", "annee", "axe", "score", NULL};
static const char *const prefixes[] = {"grille", NULL};
/* "a+b": a header with a and b is this dataset (alternatives) */
static const char *const identify[] = {"siret+annee+axe+score", NULL};
static const char *const axes[] = {"rh", "gouvernance", "finances", "marche", "utilite_sociale",
                                   "valeurs_ess", "developpement", NULL};

static bool handle(load_row *row, sqlite3_stmt *st)
{
    if (!bind_siret(row, st, 1, SIRET, true))
        return false;
    if (!*row_get(row, ANNEE))
        return row_reject(row, ANNEE, "valeur_obligatoire", "la colonne annee est vide");
    if (!bind_int(row, st, 2, ANNEE, true, 1900, 2100, NULL))
        return row_reject(row, ANNEE, "annee_invalide", "année invalide « %s »", row_get(row, ANNEE));
    if (!bind_enum(row, st, 3, AXE, true, axes))
        return false;
    if (!bind_decimal(row, st, 4, SCORE, true, 0, 5, NULL)) {
        if (!*row_get(row, SCORE))
            return false;
        return row_reject(row, SCORE, "score_hors_bornes", "score « %s » hors de 0 à 5",
                          row_get(row, SCORE));
    }
    return true;
}

const dataset_def dataset_grille = {
    .name = "grille",
    .prefixes = prefixes,
    .identify = identify,
    .table = "grille",
    .columns = columns,
    .required = required,
    .insert_sql = "INSERT INTO grille(siret, annee, axe, score) VALUES(?,?,?,?)",
    .handle_row = handle,
};
