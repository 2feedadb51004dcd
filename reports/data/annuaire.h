/* The directory of a territory's ESS establishments, from the public SIRENE
 * data: the active ESS establishments, without the units whose diffusion is
 * restricted (column statut_diffusion, when the establishment table has it:
 * only 'O' or empty is diffusible), sorted by commune then name. */
#ifndef OBS_ANNUAIRE_H
#define OBS_ANNUAIRE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "reports/data/report_data.h"

enum {
    ANNUAIRE_SIRET,
    ANNUAIRE_NOM,
    ANNUAIRE_FAMILLE,
    ANNUAIRE_NAF,
    ANNUAIRE_ACTIVITE,
    ANNUAIRE_ADRESSE,
    ANNUAIRE_CODE_COMMUNE,
    ANNUAIRE_COMMUNE,
    ANNUAIRE_TRANCHE,
    ANNUAIRE_FIELDS
};

typedef struct {
    char *f[ANNUAIRE_FIELDS]; /* never NULL; "" when unknown */
} annuaire_entry;

typedef struct {
    annuaire_entry *items;
    size_t n;
    char *territory_name;
} annuaire_list;

/* The CSV header names, in field order. */
extern const char *const annuaire_columns[ANNUAIRE_FIELDS];
/* French column titles, for people. */
extern const char *const annuaire_titles[ANNUAIRE_FIELDS];

/* niveau/code of a territory (niveau "etude" for a study territory). False
 * on a database error; an unknown territory gives false with *unknown set. */
bool annuaire_load(sqlite3 *db, const char *niveau, const char *code, annuaire_list *out, bool *unknown);
/* The same for a report: the directory of the report's territory. */
bool annuaire_of_report(const report_data *rd, annuaire_list *out, bool *unknown);
void annuaire_free(annuaire_list *l);
/* The value shown to people for field c: families and size bands in words. */
const char *annuaire_shown(const annuaire_entry *e, int c);
/* "Association", "Coopérative", ... from famille_ess. */
const char *annuaire_family_label(const char *famille);
/* INSEE's size bands: "10 à 19 salariés" from "11". */
const char *annuaire_size_label(const char *tranche);

#endif
