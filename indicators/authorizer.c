#include "authorizer.h"

#include <stddef.h>

static int read_only(void *user, int action, const char *a, const char *b, const char *c, const char *d)
{
    (void)user;
    (void)a;
    (void)b;
    (void)c;
    (void)d;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE: /* WITH RECURSIVE */
        return SQLITE_OK;
    default:
        return SQLITE_DENY;
    }
}

void authorizer_read_only(sqlite3 *db) { sqlite3_set_authorizer(db, read_only, NULL); }

void authorizer_clear(sqlite3 *db) { sqlite3_set_authorizer(db, NULL, NULL); }
