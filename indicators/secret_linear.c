#include "secret_linear.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "linear_disclosure.h"
#include "log.h"

bool secret_linear_determined(sqlite3 *db, const char *sql, int64_t run, int64_t **cells, size_t *n)
{
    *cells = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    lin_system s;
    lin_init(&s);
    bool memory = true; /* false once out of memory */
    char *key = NULL;
    int rc = SQLITE_DONE;
    while (memory && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        if (!k)
            k = "";
        if (!key || strcmp(key, k) != 0) {
            sqlite3_free(key);
            key = sqlite3_mprintf("%s", k);
            memory = key && lin_end_equation(&s);
        }
        memory = memory && lin_add_term(&s, sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2));
    }
    bool read = !memory || rc == SQLITE_DONE;
    if (!read)
        obs_error("lecture des équations du secret : %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_free(key);
    memory = memory && lin_end_equation(&s) && (!read || lin_determined(&s, cells, n));
    if (!memory)
        obs_error("mémoire insuffisante pour vérifier les combinaisons d'équations du secret");
    bool ok = read && memory;
    /* leave out the cells alone in an equation: the group checks name them */
    int64_t *alone = ok ? malloc((s.n_eq ? s.n_eq : 1) * sizeof *alone) : NULL;
    size_t n_alone = 0, k = 0;
    for (size_t e = 0; alone && e < s.n_eq; e++)
        if (s.eq_start[e + 1] - s.eq_start[e] == 1)
            alone[n_alone++] = s.cell[s.eq_start[e]];
    if (alone)
        qsort(alone, n_alone, sizeof *alone, lin_cmp_cell);
    for (size_t i = 0; alone && i < *n; i++)
        if (!bsearch(&(*cells)[i], alone, n_alone, sizeof *alone, lin_cmp_cell))
            (*cells)[k++] = (*cells)[i];
    if (alone)
        *n = k;
    else if (ok)
        obs_error("mémoire insuffisante pour vérifier les combinaisons d'équations du secret");
    ok = ok && alone;
    free(alone);
    lin_free(&s);
    return ok;
}
