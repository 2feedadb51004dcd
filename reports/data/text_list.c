#include "reports/data/text_list.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/grow.h"
#include "engine/core/log.h"

char **text_list_read(sqlite3_stmt *st, const char *what, size_t *n)
{
    *n = 0;
    size_t cap = 0;
    char **list = NULL;
    bool ok = true;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        char *copy = strdup(t ? (const char *)t : "");
        /* one slot more for the NULL that ends the list */
        if (!copy || !grow((void **)&list, &cap, *n + 2, sizeof *list)) {
            free(copy);
            ok = false;
            break;
        }
        list[(*n)++] = copy;
    }
    if (!ok)
        obs_error("mémoire insuffisante pour lire %s (%zu lus)", what, *n);
    else if (rc != SQLITE_DONE)
        obs_error("base de données : %s (%s)", sqlite3_errmsg(sqlite3_db_handle(st)), what);
    ok = ok && rc == SQLITE_DONE;
    if (ok && !list) /* no row: an empty list, not an error */
        ok = (list = calloc(1, sizeof *list)) != NULL;
    sqlite3_finalize(st);
    if (!ok) {
        for (size_t i = 0; i < *n; i++)
            free(list[i]);
        free(list);
        *n = 0;
        return NULL;
    }
    list[*n] = NULL;
    return list;
}
