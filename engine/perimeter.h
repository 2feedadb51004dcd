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
 * est_ess = 1 exactly when famille_ess is set. */
#ifndef OBS_PERIMETER_H
#define OBS_PERIMETER_H

#include <sqlite3.h>
#include <stdbool.h>

bool perimeter_update(sqlite3 *db);

#endif
