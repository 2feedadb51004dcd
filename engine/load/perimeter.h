/* The ESS perimeter of each establishment, computed once at load:
 *  - legal category: the establishment's own, else its legal unit's
 *    (unites_legales, joined on the SIREN);
 *  - family: the legal category's ESS family (association, cooperative,
 *    mutuelle, fondation) from categories_juridiques.csv;
 *  - a unit flagged 'O' by SIRENE (establishment row, else legal unit) and
 *    outside the four families is an 'entreprise_ess';
 *  - excluded whatever the above when its NAF code starts with a prefix of
 *    naf_hors_ess.csv (public administration, trade unions, religious and
 *    political organisations...).
 * est_ess = 1 exactly when famille_ess is set.
 *
 * Two implementations of the same rule: perimeter_update, set-based SQL over
 * the whole table (after the legal units or the reference data change), and
 * perimeter_family, in memory, which decides each establishment as it is
 * inserted (a second pass over 10 million rows would cost more than the
 * insertion itself). tests/unit/test_perimeter.c checks they agree. */
#ifndef OBS_PERIMETER_H
#define OBS_PERIMETER_H

#include <sqlite3.h>
#include <stdbool.h>

#include "engine/load/ref_index.h"

bool perimeter_update(sqlite3 *db);

typedef struct perimeter_rules perimeter_rules;

/* Reads the excluded NAF prefixes and the legal units loaded in db; cj is
 * the legal category -> family index (cj_index_load), which must outlive the
 * rules. NULL (after an error message) on failure. */
perimeter_rules *perimeter_rules_load(sqlite3 *db, const ref_map *cj);
void perimeter_rules_free(perimeter_rules *p);

/* The family of an establishment (NULL outside the ESS) from its normalised
 * NAF code, its SIRET, and its own legal category and ESS flag ("" when
 * absent). */
const char *perimeter_family(const perimeter_rules *p, const char *naf, const char *siret,
                             const char *categorie_juridique, const char *ess_flag);

#endif
