/* Every territory's totals (no breakdown) for the report's year, streamed in
 * the order a table of all territories shows them: study territories,
 * France, régions, départements, EPCI, communes, each by code. One ordered
 * query read row by row, so a national table (35 000 communes) stays in
 * constant memory. */
#ifndef OBS_REPORT_TERRITORY_VALUES_H
#define OBS_REPORT_TERRITORY_VALUES_H

#include <stdbool.h>

#include "reports/data/report_data.h"

typedef struct {
    const char *niveau, *code, *nom; /* nom: the territory's name, or its code */
    const char *indicator;
    report_cell cell;                /* found; secret, or its value */
} report_territory_value;

typedef struct report_territory_values report_territory_values;

/* NULL (logged) when the query cannot be prepared or memory runs out. */
report_territory_values *report_territory_values_open(report_data *rd);
/* The next value; its strings last until the next call. False at the end or
 * on an error (logged). */
bool report_territory_values_next(report_territory_values *it, report_territory_value *out);
/* False when the rows ended on an error. */
bool report_territory_values_close(report_territory_values *it);

#endif
