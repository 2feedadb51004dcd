/* A small database of published results for renderer tests: two communes
 * in one EPCI and one département, a study territory, a few indicators with
 * a secret cell, a breakdown and several years. */
#ifndef OBS_TEST_FIXTURE_DB_H
#define OBS_TEST_FIXTURE_DB_H

#include <sqlite3.h>

/* Creates the database at path (schema + rows); returns it open. */
sqlite3 *fixture_results_db(const char *path);

#endif
