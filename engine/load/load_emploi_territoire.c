/* emploi_territoire.csv: all private employment per commune (the
 * denominators), in the contract's long form, or URSSAF's open-data file of
 * private employers and jobs per commune × APE as published: wide (a pair of
 * columns per year, « Nombre d'établissements 2019 », « Effectifs salariés
 * 2019 », or nombre_d_etablissements_2019, effectifs_salaries_2019), which is
 * unpivoted here: one row per commune, year and NAF section (from the APE),
 * plus the commune's total (section ''), arrondissements and former communes
 * rolled up to the current commune, rows of one key added up. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/load/dataset.h"
#include "engine/load/parse.h"

enum { COMMUNE, ANNEE, EMPLOYEURS, POSTES, MASSE, SECTION, APE };

static const char *const columns[] = {"code_commune", "annee", "etablissements_employeurs", "postes",
                                      "masse_salariale", "section", "code_ape", NULL};
static const char *const required[] = {"code_commune", "annee", "etablissements_employeurs", "postes", NULL};
static const char *const prefixes[] = {"emploi_territoire", NULL};
/* "a+b": a header with a and b is this dataset (alternatives) */
static const char *const identify[] = {"code_commune+annee+etablissements_employeurs", "code_commune+code_ape",
                                       NULL};
/* the descriptive columns of URSSAF's file (labels and field names compare
 * alike once normalised): known, not used */
static const char *const ignored[] = {
    "region", "ancienne_region", "departement", "zone_d_emploi", "epci", "commune", "intitule_commune",
    "grand_secteur_d_activite", "secteur_na17", "secteur_na38", "secteur_na88", "ape", "libelle_ape",
    "code_region", "code_ancienne_region", "code_departement", "code_zone_d_emploi", "code_epci", NULL,
};

/* "nombre_d_etablissements_2019" -> EMPLOYEURS, 2019 */
static int wide_column(const char *name, int *year)
{
    static const struct {
        const char *prefix;
        int column;
    } yearly[] = {
        {"nombre_d_etablissements_", EMPLOYEURS},
        {"effectifs_salaries_", POSTES},
        {"masse_salariale_", MASSE},
    };
    for (size_t i = 0; i < sizeof yearly / sizeof *yearly; i++) {
        size_t n = strlen(yearly[i].prefix);
        const char *y = name + n;
        if (strncmp(name, yearly[i].prefix, n) == 0 && strlen(y) == 4 && isdigit((unsigned char)y[0]) &&
            isdigit((unsigned char)y[1]) && isdigit((unsigned char)y[2]) && isdigit((unsigned char)y[3])) {
            *year = atoi(y);
            return yearly[i].column;
        }
    }
    return -1;
}

/* A count of the wide file: a whole number, or a yearly average rounded. */
static bool bind_count(load_row *row, sqlite3_stmt *st, int param, int col)
{
    const char *v = row_get(row, col);
    double x = 0;
    if (*v && !parse_decimal(v, row_comma_decimal(row), &x))
        return row_reject(row, col, "nombre_invalide", "« %s » n'est pas un nombre", v);
    if (x < 0)
        return row_reject(row, col, "valeur_negative", "%s négatif", v);
    sqlite3_bind_int64(st, param, (sqlite3_int64)llround(x));
    return true;
}

static bool handle_wide(load_row *row, sqlite3_stmt *st)
{
    if (!*row_get(row, EMPLOYEURS) && !*row_get(row, POSTES))
        return row_skip(row, "# couples commune × APE × année sans valeur, sans ligne");
    const char *code = row_get(row, COMMUNE);
    if (!*code)
        return row_reject(row, COMMUNE, "valeur_obligatoire", "la colonne code_commune est vide");
    const char *commune = row_current_commune(row, code);
    if (!commune)
        return row_reject(row, COMMUNE, "commune_inconnue",
                          "commune « %s » absente du référentiel géographique (ni actuelle ni ancienne)", code);
    if (strcmp(commune, code) != 0 && ref_map_get(row_refs(row)->communes, code))
        row_note(row, "# lignes d'arrondissements municipaux rapportées à leur commune");
    char naf[7];
    const char *ape = row_get(row, APE);
    if (!naf_normalize(ape, naf))
        return row_reject(row, APE, *ape ? "naf_invalide" : "valeur_obligatoire",
                          "code APE « %s » mal formé (attendu 8899B)", ape);
    const char *section = ref_map_get(row_refs(row)->naf, naf);
    if (!section)
        return row_reject(row, APE, "naf_inconnu", "code APE « %s » absent de la nomenclature NAF rév. 2", ape);
    bind_value(row, st, 1, commune); /* the key is the current commune */
    sqlite3_bind_text(st, 2, commune, -1, SQLITE_STATIC); /* the index outlives the load */
    if (!bind_int(row, st, 3, ANNEE, true, 1900, 2100, NULL))
        return false;
    sqlite3_bind_text(st, 4, section, -1, SQLITE_STATIC);
    return bind_count(row, st, 5, EMPLOYEURS) && bind_count(row, st, 6, POSTES) &&
           bind_decimal(row, st, 7, MASSE, false, 0, 1e15, NULL);
}

static bool handle(load_row *row, sqlite3_stmt *st)
{
    if (row_has_column(row, APE))
        return handle_wide(row, st);
    if (!bind_commune_or_former(row, st, 1, COMMUNE, true))
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
           bind_decimal(row, st, 7, MASSE, false, 0, 1e15, NULL);
}

const dataset_def dataset_emploi_territoire = {
    .name = "emploi_territoire",
    .prefixes = prefixes,
    .identify = identify,
    .ignored = ignored,
    .wide_column = wide_column,
    .year_column = ANNEE,
    .table = "emploi_territoire",
    .columns = columns,
    .required = required,
    .insert_sql = "INSERT INTO emploi_territoire(code_commune, commune, annee, section,"
                  " etablissements_employeurs, postes, masse_salariale) VALUES(?,?,?,?,?,?,?)",
    /* each row counts in its section and in the commune's total; rows of one
     * commune, year and section (several APE, arrondissements) add up */
    .insert_wide_sql = "INSERT INTO emploi_territoire(code_commune, commune, annee, section,"
                       " etablissements_employeurs, postes, masse_salariale)"
                       " SELECT ?1, ?2, ?3, s.section, ?5, ?6, ?7"
                       " FROM (SELECT ?4 AS section UNION ALL SELECT '') s WHERE true"
                       " ON CONFLICT(code_commune, annee, section) DO UPDATE SET"
                       " etablissements_employeurs = etablissements_employeurs + excluded.etablissements_employeurs,"
                       " postes = postes + excluded.postes,"
                       " masse_salariale = masse_salariale + excluded.masse_salariale",
    .handle_row = handle,
};
