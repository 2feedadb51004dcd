/* financements.csv: funding mobilised for supported projects. */
#include <string.h>

#include "engine/load/dataset.h"

enum { ID, ACCOMPAGNEMENT, SIRET, DISPOSITIF, FINANCEUR, NATURE, ORIGINE, MONTANT, DATE };

static const char *const columns[] = {"id_financement", "id_accompagnement", "siret", "id_dispositif",
                                      "financeur", "nature", "origine", "montant", "date", NULL};
static const char *const required[] = {"id_financement", "financeur", "nature", "montant", "date", NULL};
static const char *const prefixes[] = {"financements", NULL};
/* "a+b": a header with a and b is this dataset (alternatives) */
static const char *const identify[] = {"id_financement+financeur", NULL};
static const char *const natures[] = {"subvention", "pret_honneur", "pret_bancaire", "garantie",
                                      "finance_solidaire", "fonds_propres", "autre", NULL};
static const char *const origines[] = {"public", "prive", NULL};

/* The contract's defaults: subsidies and honour loans are public money;
 * bank loans, solidarity finance and equity are private. */
static const char *default_origine(const char *nature)
{
    if (strcmp(nature, "subvention") == 0 || strcmp(nature, "pret_honneur") == 0)
        return "public";
    if (strcmp(nature, "pret_bancaire") == 0 || strcmp(nature, "finance_solidaire") == 0 ||
        strcmp(nature, "fonds_propres") == 0)
        return "prive";
    return NULL;
}

static bool handle(load_row *row, sqlite3_stmt *st)
{
    char date[11];
    if (!bind_text(row, st, 1, ID, true))
        return false;
    if (!*row_get(row, ACCOMPAGNEMENT) && !*row_get(row, SIRET))
        return row_reject(row, ACCOMPAGNEMENT, "financement_sans_beneficiaire",
                          "ni id_accompagnement ni siret : le financement ne se rattache à rien");
    if (!bind_text(row, st, 2, ACCOMPAGNEMENT, false) || !bind_siret(row, st, 3, SIRET, false) ||
        !bind_text(row, st, 4, DISPOSITIF, false) || !bind_text(row, st, 5, FINANCEUR, true) ||
        !bind_enum(row, st, 6, NATURE, true, natures))
        return false;
    if (*row_get(row, ORIGINE)) {
        if (!bind_enum(row, st, 7, ORIGINE, true, origines))
            return false;
    } else {
        const char *origine = default_origine(row_get(row, NATURE));
        if (!origine)
            return row_reject(row, ORIGINE, "valeur_obligatoire",
                              "origine (public ou prive) obligatoire pour la nature %s",
                              row_get(row, NATURE));
        sqlite3_bind_text(st, 7, origine, -1, SQLITE_STATIC);
    }
    return bind_decimal(row, st, 8, MONTANT, true, 0, 1e12, NULL) &&
           bind_date(row, st, 9, DATE, true, date);
}

const dataset_def dataset_financements = {
    .name = "financements",
    .prefixes = prefixes,
    .identify = identify,
    .table = "financement",
    .columns = columns,
    .required = required,
    .insert_sql = "INSERT INTO financement(id_financement, id_accompagnement, siret, id_dispositif,"
                  " financeur, nature, origine, montant, date) VALUES(?,?,?,?,?,?,?,?,?)",
    .handle_row = handle,
};
