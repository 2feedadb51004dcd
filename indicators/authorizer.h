/* Analyst SQL runs read-only: this SQLite authorizer allows reading,
 * functions and the statements a SELECT needs (CTEs included), and denies
 * every write, schema change, ATTACH/DETACH, PRAGMA and transaction. */
#ifndef OBS_AUTHORIZER_H
#define OBS_AUTHORIZER_H

#include <sqlite3.h>

void authorizer_read_only(sqlite3 *db);
void authorizer_clear(sqlite3 *db);

#endif
