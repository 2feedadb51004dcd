/* etablissements.csv, and INSEE's StockEtablissement as published (current
 * layout with activitePrincipaleNAF25Etablissement, or the previous one):
 * former commune codes go to the current commune, activities in an older
 * nomenclature go through ref_naf_ancienne, establishments abroad are
 * outside the field, [ND] values of partially diffusible units are dropped. */
#include <stdio.h>
#include <string.h>

#include "engine/load/dataset.h"
#include "engine/load/perimeter.h"
#include "engine/load/parse.h"

enum { SIRET, CREATION, ETAT, FERMETURE, COMMUNE, NAF, CJ, ESS, TRANCHE, NOM, DATE_DEBUT, NOMENCLATURE,
       PAYS, STATUT, NAF25 };

static const char *const columns[] = {
    "siret", "dateCreationEtablissement", "etatAdministratifEtablissement",
    "dateFermetureEtablissement", "codeCommuneEtablissement", "activitePrincipaleEtablissement",
    "categorieJuridiqueUniteLegale", "economieSocialeSolidaireUniteLegale",
    "trancheEffectifsEtablissement", "denominationUsuelleEtablissement", "dateDebut",
    "nomenclatureActivitePrincipaleEtablissement", "codePaysEtrangerEtablissement",
    "statutDiffusionEtablissement", "activitePrincipaleNAF25Etablissement", NULL,
};
/* the other columns of StockEtablissement (INSEE, description des fichiers
 * du stock SIRENE): known, not used */
static const char *const ignored[] = {
    "siren", "nic", "anneeEffectifsEtablissement", "activitePrincipaleRegistreMetiersEtablissement",
    "dateDernierTraitementEtablissement", "etablissementSiege", "nombrePeriodesEtablissement",
    "complementAdresseEtablissement", "numeroVoieEtablissement", "indiceRepetitionEtablissement",
    "dernierNumeroVoieEtablissement", "indiceRepetitionDernierNumeroVoieEtablissement",
    "typeVoieEtablissement", "libelleVoieEtablissement", "codePostalEtablissement",
    "libelleCommuneEtablissement", "libelleCommuneEtrangerEtablissement",
    "distributionSpecialeEtablissement", "codeCedexEtablissement", "libelleCedexEtablissement",
    "libellePaysEtrangerEtablissement", "identifiantAdresseEtablissement",
    "coordonneeLambertAbscisseEtablissement", "coordonneeLambertOrdonneeEtablissement",
    "complementAdresse2Etablissement", "numeroVoie2Etablissement", "indiceRepetition2Etablissement",
    "typeVoie2Etablissement", "libelleVoie2Etablissement", "codePostal2Etablissement",
    "libelleCommune2Etablissement", "libelleCommuneEtranger2Etablissement",
    "distributionSpeciale2Etablissement", "codeCommune2Etablissement", "codeCedex2Etablissement",
    "libelleCedex2Etablissement", "codePaysEtranger2Etablissement", "libellePaysEtranger2Etablissement",
    "enseigne1Etablissement", "enseigne2Etablissement", "enseigne3Etablissement",
    "caractereEmployeurEtablissement", NULL,
};
static const char *const required[] = {"siret", "dateCreationEtablissement", "codeCommuneEtablissement",
                                       "activitePrincipaleEtablissement", NULL};
static const char *const prefixes[] = {"etablissements", "stocketablissement", NULL};
/* "a+b": a header with a and b is this dataset (alternatives) */
static const char *const identify[] = {"siret+codeCommuneEtablissement+activitePrincipaleEtablissement", NULL};
static const char *const etats[] = {"A", "F", NULL};
static const char *const flags[] = {"O", "N", NULL};
static const char *const tranches[] = {"NN", "00", "01", "02", "03", "11", "12", "21", "22",
                                       "31", "32", "41", "42", "51", "52", "53", NULL};

/* The activity: NAF rev. 2 as today; an older nomenclature through its
 * correspondence (naf: the rev. 2 code the exclusions need, '' when none;
 * section: '' -> the section of activities in an older nomenclature). */
static bool bind_activity(load_row *row, sqlite3_stmt *st, char naf[8], const char **section)
{
    const load_refs *refs = row_refs(row);
    const char *nomenclature = row_get(row, NOMENCLATURE), *code = row_get(row, NAF);
    if (*nomenclature && strcmp(nomenclature, "NAFRev2") != 0 && *code) {
        char key[32], value[64];
        size_t n = 0;
        for (const char *p = code; *p && n < 8; p++)
            if (*p != '.')
                value[n++] = *p;
        value[n] = '\0';
        const char *found = NULL;
        for (size_t len = n; len >= 2 && !found; len--) { /* class, then group, then division */
            snprintf(key, sizeof key, "%.12s:%.*s", nomenclature, (int)len, value);
            found = refs->old_naf ? ref_map_get(refs->old_naf, key) : NULL;
        }
        const char *bar = found ? strchr(found, '|') : NULL;
        size_t naf_len = bar ? (size_t)(bar - found) : 0;
        if (naf_len > 7)
            naf_len = 7;
        memcpy(naf, found ? found : "", naf_len);
        naf[naf_len] = '\0';
        *section = bar && bar[1] ? bar + 1 : NAF_OLD_SECTION;
        bind_value(row, st, 8, naf);
        sqlite3_bind_text(st, 9, *section, -1, SQLITE_STATIC); /* the index outlives the load */
        bind_text(row, st, 17, NOMENCLATURE, false);
        bind_text(row, st, 18, NAF, false);
        row_note(row, strcmp(nomenclature, "NAFRev1") == 0   ? "# activités en NAF rév. 1 (NAFRev1), chargées"
                      : strcmp(nomenclature, "NAF1993") == 0 ? "# activités en NAF 1993 (NAF1993), chargées"
                      : strcmp(nomenclature, "NAP") == 0     ? "# activités en NAP, chargées"
                                                             : "# activités dans une autre nomenclature, chargées");
        if (!bar || !bar[1])
            row_note(row, "# sous « activité en nomenclature ancienne » (pas de section NAF rév. 2 univoque)");
        /* no published NAP -> NAF correspondence is shipped (datasets/reference/README.md) */
        if (!found && strcmp(nomenclature, "NAP") == 0)
            row_note(row, "# activités en NAP non classées pour les exclusions ESS (pas de table de passage"
                          " NAP → NAF rév. 2), jamais exclues");
        return true;
    }
    if (!naf_normalize(code, naf))
        return row_reject(row, NAF, *code ? "naf_invalide" : "valeur_obligatoire",
                          *code ? "code NAF mal formé « %s » (attendu 88.99B)" : "la colonne %s est vide",
                          *code ? code : "activitePrincipaleEtablissement");
    *section = ref_map_get(refs->naf, naf);
    if (!*section)
        return row_reject(row, NAF, "naf_inconnu", "code NAF « %s » absent de la nomenclature NAF rév. 2",
                          naf);
    bind_value(row, st, 8, naf);
    sqlite3_bind_text(st, 9, *section, -1, SQLITE_STATIC); /* the index outlives the load */
    if (*nomenclature)
        bind_text(row, st, 17, NOMENCLATURE, false);
    return true;
}

static bool handle(load_row *row, sqlite3_stmt *st)
{
    const load_refs *refs = row_refs(row);
    bool commune_hidden = strcmp(row_get(row, COMMUNE), "[ND]") == 0;
    if (row_clear_nd(row))
        row_note(row, "# établissements partiellement diffusibles (valeurs [ND] ni chargées ni affichées)");
    if (!bind_siret(row, st, 1, SIRET, true))
        return false;
    /* establishments abroad: outside the field, neither loaded nor rejected */
    if (!*row_get(row, COMMUNE) && *row_get(row, PAYS))
        return row_skip(row, "hors champ : # établissements à l'étranger");
    if (commune_hidden)
        return row_skip(row, "hors champ : # établissements dont la commune n'est pas diffusée ([ND])");
    char siren[10];
    memcpy(siren, row_get(row, SIRET), 9);
    siren[9] = '\0';
    bind_value(row, st, 2, siren);
    char created[11], closed[11];
    if (!bind_date(row, st, 3, CREATION, false, created) || !bind_enum(row, st, 5, ETAT, false, etats))
        return false;
    if (!created[0])
        row_note(row, "# établissements sans date de création : chargés, actifs s'ils ne sont pas fermés,"
                      " hors calcul de survie");
    /* SIRENE stock files carry no closure date: the start of the period in
     * which the state is F (dateDebut) is the closure date. */
    int closure_col = FERMETURE;
    bool is_closed = strcmp(row_get(row, ETAT), "F") == 0;
    if (!*row_get(row, FERMETURE) && is_closed && *row_get(row, DATE_DEBUT))
        closure_col = DATE_DEBUT;
    if (!bind_date(row, st, 4, closure_col, false, closed))
        return false;
    if (is_closed && !closed[0])
        row_note(row, "avertissement : # établissements fermés (F) sans date de fermeture, chargés");
    if (closed[0] && created[0] && strcmp(closed, created) < 0)
        return row_reject(row, closure_col, "fermeture_avant_creation",
                          "fermeture le %s avant la création le %s", closed, created);
    if (!bind_commune_or_former(row, st, 6, COMMUNE, true))
        return false;
    char naf[8];
    const char *section = NULL;
    if (!bind_activity(row, st, naf, &section))
        return false;
    const char *cj = row_get(row, CJ);
    if (*cj && !ref_map_get(refs->cj, cj))
        return row_reject(row, CJ, "categorie_juridique_inconnue",
                          "catégorie juridique « %s » absente du référentiel INSEE", cj);
    if (!bind_text(row, st, 10, CJ, false) || !bind_enum(row, st, 11, ESS, false, flags) ||
        !bind_enum(row, st, 12, TRANCHE, false, tranches) || !bind_text(row, st, 13, NOM, false) ||
        !bind_text(row, st, 16, STATUT, false) || !bind_text(row, st, 19, NAF25, false))
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
    .identify = identify,
    .ignored = ignored,
    .table = "etablissement",
    .columns = columns,
    .required = required,
    .insert_sql = "INSERT INTO etablissement(siret, siren, date_creation, date_fermeture, etat,"
                  " code_commune, commune, naf, naf_section, categorie_juridique, ess_flag,"
                  " tranche_effectifs, denomination, famille_ess, est_ess, statut_diffusion,"
                  " nomenclature, naf_origine, naf25) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    .handle_row = handle,
};
