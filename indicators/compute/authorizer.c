#include "indicators/compute/authorizer.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int authorizer_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out, char *err, size_t errlen)
{
    *out = NULL;
    authorizer_read_only(db);
    int rc = sqlite3_prepare_v2(db, sql, -1, out, NULL);
    authorizer_clear(db);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
    } else if (!*out || !sqlite3_stmt_readonly(*out)) {
        snprintf(err, errlen, "seules les requêtes en lecture (SELECT) sont admises");
        rc = SQLITE_AUTH;
    }
    if (rc != SQLITE_OK) {
        sqlite3_finalize(*out);
        *out = NULL;
    }
    return rc;
}

char *authorizer_wrap(const char *before, const char *sql, const char *after)
{
    size_t len = strlen(sql);
    while (len > 0 && (sql[len - 1] == ';' || sql[len - 1] == '\n' || sql[len - 1] == ' ' || sql[len - 1] == '\t'))
        len--;
    size_t cap = strlen(before) + len + strlen(after) + 1;
    char *out = malloc(cap);
    if (out)
        snprintf(out, cap, "%s%.*s%s", before, (int)len, sql, after);
    return out;
}
