/* Statistical secrecy of a run's published figures:
 * a cell built from fewer than 3 establishments (5 people for support data),
 * or where one establishment makes up more than 85 % of the total, or -- if
 * asked -- where the second largest could estimate the largest within p %
 * (p % rule, on the cells whose query returns part_deuxieme), is not
 * published, nor any cell that would give it back by subtraction from a
 * total and its other parts (secondary suppression), nor -- unless the
 * configuration turns it off ([calcul] secret_combinaisons = non; on by
 * default, rules.combinations) -- by combining the equations of several
 * groups; evolutions, growth rates, specificity indices and survival
 * figures inherit the secrecy of the cells they are computed from. The raw
 * value stays in valeur_brute for an explicitly internal export; valeur is
 * NULL and secret = 1, with the reason in motif_secret. */
#ifndef OBS_SECRET_H
#define OBS_SECRET_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/compute/catalog.h"
#include "indicators/rules/secret_rules.h"

/* Applies the rules to every value of the run (inside the caller's transaction). */
bool secret_apply(sqlite3 *db, int64_t run_id, const catalog *cat, const secret_rules *rules);

#endif
