/* reference_nationale.csv (optional): national figures an observatory copies
 * from the national ESS observatory's publications, one line per indicator
 * and year, in the indicator's unit (a share in percent: 13,7). When loaded,
 * they are the France column of the reports. A later line for the same
 * indicator and year replaces an earlier one. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "engine/load/dataset.h"

enum { INDICATEUR, ANNEE, VALEUR, SOURCE };

static const char *const columns[] = {"indicateur", "annee", "valeur", "source", NULL};
static const char *const required[] = {"indicateur", "annee", "valeur", "source", NULL};
static const char *const prefixes[] = {"reference_nationale", NULL};
static const char *const identify[] = {"indicateur+annee+valeur+source", NULL};

static bool handle(load_row *row, sqlite3_stmt *st)
{
    const char *id = row_get(row, INDICATEUR);
    bool ok = id[0] != '\0';
    for (const char *p = id; *p && ok; p++)
        ok = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
    if (!ok)
        return row_reject(row, INDICATEUR, "valeur_non_autorisee",
                          "indicateur « %s » : l'identifiant du catalogue (minuscules, chiffres, _)", id);
    int64_t year;
    double value;
    return bind_text(row, st, 1, INDICATEUR, true) && bind_int(row, st, 2, ANNEE, true, 1990, 2100, &year) &&
           bind_decimal(row, st, 3, VALEUR, true, -1e15, 1e15, &value) && bind_text(row, st, 4, SOURCE, true);
}

const dataset_def dataset_reference_nationale = {
    .name = "reference_nationale",
    .prefixes = prefixes,
    .identify = identify,
    .table = "reference_nationale",
    .columns = columns,
    .required = required,
    .insert_sql = "INSERT OR REPLACE INTO reference_nationale(indicateur, annee, valeur, source) VALUES(?,?,?,?)",
    .handle_row = handle,
};
