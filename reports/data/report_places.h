/* The places a report names and maps: the units (communes, EPCI,
 * départements) inside a territory, territories' names, the territories of
 * a level, and the support programmes located in the report's territory. */
#ifndef OBS_REPORT_PLACES_H
#define OBS_REPORT_PLACES_H

#include <stddef.h>

#include "reports/data/report_data.h"

/* The codes of `niveau` (commune, epci, departement) with a commune in the
 * territory scope_niveau/scope_code, sorted; malloc'd (free each and the
 * list), NULL-terminated, empty when there is none; NULL (printed) on a
 * database error or out of memory. */
char **report_unit_codes(report_data *rd, const char *niveau, const char *scope_niveau, const char *scope_code,
                         size_t *n);

/* Name of a territory from the territoire table (its code when unknown). */
void report_territory_name(report_data *rd, const char *niveau, const char *code, char *out, size_t len);

/* Every territory of `niveau`, by name then code, in *out (malloc'd, NULL
 * when there is none); false (logged) when the query fails. */
bool report_territories_at(report_data *rd, const char *niveau, report_territory **out, size_t *n);

/* A support programme (dispositif) running in the report's year in a
 * commune of its territory. */
typedef struct {
    char *id, *type;
    char commune[16];
} report_programme_place;

/* The programmes of the report's territory and year, by commune then id,
 * in *out (NULL when there is none); false (logged) when the query fails. */
bool report_programme_places(report_data *rd, report_programme_place **out, size_t *n);
void report_programme_places_free(report_programme_place *list, size_t n);

#endif
