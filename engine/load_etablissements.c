/* etablissements.csv: SIRENE StockEtablissement column names accepted as is. */
#include <string.h>

#include "dataset.h"
#include "perimeter.h"
#include "parse.h"

enum { SIRET, CREATION, ETAT, FERMETURE, COMMUNE, NAF, CJ, ESS, TRANCHE, NOM, DATE_DEBUT };

static const char *const columns[] = {
    "siret", "dateCreationEtablissement", "etatAdministratifEtablissement",
    "dateFermetureEtablissement", "codeCommuneEtablissement", "activitePrincipaleEtablissement",
    "categorieJuridiqueUniteLegale", "economieSocialeSolidaireUniteLegale",
    "trancheEffectifsEtablissement", "denominationUsuelleEtablissement", "dateDebut", NULL,
};
static const char *const required[] = {"siret", "dateCreationEtablissement", "codeCommuneEtablissement",
                                       "activitePrincipaleEtablissement", NULL};
static const char *const prefixes[] = {"etablissements", "stocketablissement", NULL};
static const char *const etats[] = {"A", "F", NULL};
static const char *const flags[] = {"O", "N", NULL};
static const char *const tranches[] = {"NN", "00", "01", "02", "03", "11", "12", "21", "22",
                                       "31", "32", "41", "42", "51", "52", "53", NULL};

static bool handle(load_row *row, sqlite3_stmt *st)
{
    const load_refs *refs = row_refs(row);
    if (!bind_siret(row, st, 1, SIRET, true))
        return false;
    char siren[10];
    memcpy(siren, row_get(row, SIRET), 9);
    siren[9] = '\0';
    bind_value(row, st, 2, siren);
    char created[11], closed[11];
    if (!bind_date(row, st, 3, CREATION, true, created) || !bind_enum(row, st, 5, ETAT, false, etats))
        return false;
    /* SIRENE stock files carry no closure date: the start of the period in
     * which the state is F (dateDebut) is the closure date. */
    int closure_col = FERMETURE;
    if (!*row_get(row, FERMETURE) && strcmp(row_get(row, ETAT), "F") == 0 && *row_get(row, DATE_DEBUT))
        closure_col = DATE_DEBUT;
    if (!bind_date(row, st, 4, closure_col, false, closed))
        return false;
    if (closed[0] && strcmp(closed, created) < 0)
        return row_reject(row, closure_col, "fermeture_avant_creation",
                          "fermeture le %s avant la création le %s", closed, created);
    if (!bind_commune(row, st, 6, COMMUNE, true))
        return false;
    char naf[7];
    if (!naf_normalize(row_get(row, NAF), naf))
        return row_reject(row, NAF, "naf_invalide", "code NAF mal formé « %s » (attendu 88.99B)",
                          row_get(row, NAF));
    const char *section = ref_map_get(refs->naf, naf);
    if (!section)
        return row_reject(row, NAF, "naf_inconnu", "code NAF « %s » absent de la nomenclature NAF rév. 2",
                          naf);
    bind_value(row, st, 8, naf);
    sqlite3_bind_text(st, 9, section, -1, SQLITE_STATIC); /* the index outlives the load */
    const char *cj = row_get(row, CJ);
    if (*cj && !ref_map_get(refs->cj, cj))
        return row_reject(row, CJ, "categorie_juridique_inconnue",
                          "catégorie juridique « %s » absente du référentiel INSEE", cj);
    if (!bind_text(row, st, 10, CJ, false) || !bind_enum(row, st, 11, ESS, false, flags) ||
        !bind_enum(row, st, 12, TRANCHE, false, tranches) || !bind_text(row, st, 13, NOM, false))
        return false;
    /* the ESS perimeter, decided here rather than by a pass over the table */
    const char *family = perimeter_family(refs->perimeter, naf, row_get(row, SIRET), cj, row_get(row, ESS));
    if (family)
        sqlite3_bind_text(st, 14, family, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 15, family != NULL);
    return true;
}

const dataset_def dataset_etablissements = {
    .name = "etablissements",
    .prefixes = prefixes,
    .table = "etablissement",
    .columns = columns,
    .required = required,
    .insert_sql = "INSERT INTO etablissement(siret, siren, date_creation, date_fermeture, etat,"
                  " code_commune, commune, naf, naf_section, categorie_juridique, ess_flag,"
                  " tranche_effectifs, denomination, famille_ess, est_ess) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    .handle_row = handle,
};
