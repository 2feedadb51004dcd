/* What a funder's report reads beyond its cells: the funders present in a
 * run, and the programmes through which a funder financed, both found
 * through the dimension keys stored as data (dimension_cle). */
#ifndef OBS_FUNDERS_H
#define OBS_FUNDERS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reports/data/report_data.h"

/* The funders present in the run, sorted; malloc'd, NULL-terminated, free
 * with report_free_list; NULL (printed) on a database error or out of
 * memory. */
char **report_funders(sqlite3 *db, int64_t run_id, size_t *n);

/* One programme a funder financed: the two-key dimension of its cells
 * (dispositif=Y;financeur=X) and the one-key dimension naming the
 * programme (dispositif=Y). */
typedef struct {
    char *cells, *programme;
} funder_programme;

/* The programmes with a cell of the funder, at the France level, in the
 * report's run and year, for one of indicators[0..n_indicators) (at most
 * 6); by programme. false (logged) when the query fails; *out is NULL when
 * there is none. */
bool funder_programmes(report_data *rd, const char *funder, const char *const *indicators, size_t n_indicators,
                       funder_programme **out, size_t *n);
void funder_programmes_free(funder_programme *list, size_t n);

#endif
