/* accompagnements.csv: support episodes (personal data: pseudonymised ids only). */
#include <string.h>

#include "engine/load/dataset.h"

enum { ID, PORTEUR, DISPOSITIF, DEBUT, FIN, PHASE, HEURES, SEXE, AGE, QPV, RSA, DE, COMMUNE, ISSUE,
       SIRET_CREE, PROJET_ESS };

static const char *const columns[] = {"id_accompagnement", "id_porteur", "id_dispositif", "date_debut",
                                      "date_fin", "phase", "heures", "sexe", "tranche_age", "qpv", "rsa",
                                      "demandeur_emploi", "code_commune", "issue", "siret_cree",
                                      "projet_ess", NULL};
static const char *const required[] = {"id_accompagnement", "id_porteur", "id_dispositif", "date_debut",
                                       "code_commune", "issue", NULL};
static const char *const prefixes[] = {"accompagnements", NULL};
/* "a+b": a header with a and b is this dataset (alternatives) */
static const char *const identify[] = {"id_accompagnement+id_porteur", NULL};
static const char *const phases[] = {"emergence", "creation", "consolidation", "developpement", NULL};
static const char *const sexes[] = {"F", "M", NULL};
static const char *const ages[] = {"moins_26", "26_49", "50_plus", NULL};
static const char *const issues[] = {"en_cours", "creation", "emploi", "formation", "abandon", "autre", NULL};

static bool handle(load_row *row, sqlite3_stmt *st)
{
    char debut[11], fin[11];
    if (!bind_text(row, st, 1, ID, true) || !bind_text(row, st, 2, PORTEUR, true) ||
        !bind_text(row, st, 3, DISPOSITIF, true))
        return false;
    if (!ref_map_get(row_refs(row)->dispositifs, row_get(row, DISPOSITIF)))
        return row_reject(row, DISPOSITIF, "dispositif_inconnu",
                          "dispositif « %s » absent de dispositifs.csv", row_get(row, DISPOSITIF));
    if (!bind_date(row, st, 4, DEBUT, true, debut) || !bind_date(row, st, 5, FIN, false, fin))
        return false;
    if (fin[0] && strcmp(fin, debut) < 0)
        return row_reject(row, FIN, "dates_incoherentes", "fin le %s avant le début le %s", fin, debut);
    if (!bind_enum(row, st, 6, PHASE, false, phases) ||
        !bind_decimal(row, st, 7, HEURES, false, 0, 100000, NULL) ||
        !bind_enum(row, st, 8, SEXE, false, sexes) || !bind_enum(row, st, 9, AGE, false, ages) ||
        !bind_flag(row, st, 10, QPV) || !bind_flag(row, st, 11, RSA) || !bind_flag(row, st, 12, DE) ||
        !bind_commune(row, st, 13, COMMUNE, true) || !bind_enum(row, st, 15, ISSUE, true, issues) ||
        !bind_siret(row, st, 16, SIRET_CREE, false) || !bind_flag(row, st, 17, PROJET_ESS))
        return false;
    /* an episode without an end is under way, and one under way has no end */
    bool ongoing = strcmp(row_get(row, ISSUE), "en_cours") == 0;
    if (ongoing != (fin[0] == '\0'))
        return row_reject(row, ISSUE, "issue_incoherente",
                          ongoing ? "issue en_cours mais date_fin renseignée (%s)"
                                  : "épisode terminé (issue %s) sans date_fin",
                          ongoing ? fin : row_get(row, ISSUE));
    return true;
}

const dataset_def dataset_accompagnements = {
    .name = "accompagnements",
    .prefixes = prefixes,
    .identify = identify,
    .table = "accompagnement",
    .columns = columns,
    .required = required,
    .insert_sql = "INSERT INTO accompagnement(id_accompagnement, id_porteur, id_dispositif, date_debut,"
                  " date_fin, phase, heures, sexe, tranche_age, qpv, rsa, demandeur_emploi, code_commune,"
                  " commune, issue, siret_cree, projet_ess) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    .handle_row = handle,
};
