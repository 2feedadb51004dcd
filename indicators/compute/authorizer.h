/* Analyst SQL runs read-only: this SQLite authorizer allows reading,
 * functions and the statements a SELECT needs (CTEs included), and denies
 * every write, schema change, ATTACH/DETACH, PRAGMA and transaction. */
#ifndef OBS_AUTHORIZER_H
#define OBS_AUTHORIZER_H

#include <sqlite3.h>
#include <stddef.h>

void authorizer_read_only(sqlite3 *db);
void authorizer_clear(sqlite3 *db);

/* Prepares analyst SQL under the read-only authorizer and also refuses any
 * statement SQLite does not consider read-only (VACUUM, for one, has no
 * authorizer action). Returns SQLITE_OK, or an error with a message in err. */
int authorizer_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out, char *err, size_t errlen);

/* "before" + analyst SQL without its trailing semicolons + "after", malloc'd:
 * the engine wraps a definition's SELECT to sort or aggregate its rows. */
char *authorizer_wrap(const char *before, const char *sql, const char *after);

#endif
