/* unites_legales.csv, and INSEE's StockUniteLegale as published (with or
 * without activitePrincipaleNAF25UniteLegale), joined to establishments on
 * the SIREN. [ND] values of partially diffusible units are dropped. */
#include "engine/load/dataset.h"
#include "engine/load/perimeter.h"
#include "engine/load/parse.h"

enum { SIREN, CJ, ESS, NOM, CREATION, STATUT, NAF25 };

static const char *const columns[] = {"siren", "categorieJuridiqueUniteLegale",
                                      "economieSocialeSolidaireUniteLegale", "denominationUniteLegale",
                                      "dateCreationUniteLegale", "statutDiffusionUniteLegale",
                                      "activitePrincipaleNAF25UniteLegale", NULL};
/* the other columns of StockUniteLegale: known, not used */
static const char *const ignored[] = {
    "unitePurgeeUniteLegale", "sigleUniteLegale", "sexeUniteLegale", "prenom1UniteLegale",
    "prenom2UniteLegale", "prenom3UniteLegale", "prenom4UniteLegale", "prenomUsuelUniteLegale",
    "pseudonymeUniteLegale", "identifiantAssociationUniteLegale", "trancheEffectifsUniteLegale",
    "anneeEffectifsUniteLegale", "dateDernierTraitementUniteLegale", "nombrePeriodesUniteLegale",
    "categorieEntreprise", "anneeCategorieEntreprise", "dateDebut", "etatAdministratifUniteLegale",
    "nomUniteLegale", "nomUsageUniteLegale", "denominationUsuelle1UniteLegale",
    "denominationUsuelle2UniteLegale", "denominationUsuelle3UniteLegale", "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale", "nicSiegeUniteLegale", "societeMissionUniteLegale",
    "caractereEmployeurUniteLegale", NULL,
};
static const char *const required[] = {"siren", NULL};
static const char *const prefixes[] = {"unites_legales", "stockunitelegale", NULL};
/* "a+b": a header with a and b is this dataset (alternatives) */
static const char *const identify[] = {"siren+categorieJuridiqueUniteLegale", "siren+economieSocialeSolidaireUniteLegale", NULL};
static const char *const flags[] = {"O", "N", NULL};

static bool handle(load_row *row, sqlite3_stmt *st)
{
    if (row_clear_nd(row))
        row_note(row, "# unités partiellement diffusibles (valeurs [ND] ni chargées ni affichées)");
    const char *siren = row_get(row, SIREN);
    if (!*siren)
        return row_reject(row, SIREN, "valeur_obligatoire", "la colonne siren est vide");
    if (!siren_valid(siren))
        return row_reject(row, SIREN, "siren_invalide", "SIREN invalide « %s » (9 chiffres, clé de Luhn)",
                          siren);
    sqlite3_bind_text(st, 1, siren, -1, SQLITE_TRANSIENT);
    const char *cj = row_get(row, CJ);
    if (*cj && !ref_map_get(row_refs(row)->cj, cj))
        return row_reject(row, CJ, "categorie_juridique_inconnue",
                          "catégorie juridique « %s » absente du référentiel INSEE", cj);
    char created[11];
    return bind_text(row, st, 2, CJ, false) && bind_enum(row, st, 3, ESS, false, flags) &&
           bind_text(row, st, 4, NOM, false) && bind_date(row, st, 5, CREATION, false, created) &&
           bind_text(row, st, 6, STATUT, false) && bind_text(row, st, 7, NAF25, false);
}

const dataset_def dataset_unites_legales = {
    .name = "unites_legales",
    .prefixes = prefixes,
    .identify = identify,
    .ignored = ignored,
    .table = "unite_legale",
    .columns = columns,
    .required = required,
    .insert_sql = "INSERT INTO unite_legale(siren, categorie_juridique, ess_flag, denomination,"
                  " date_creation, statut_diffusion, naf25) VALUES(?,?,?,?,?,?,?)",
    .handle_row = handle,
    .after = perimeter_update,
};
