#include "indicators/secret/secret_equal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"

typedef struct {
    int64_t id;
    double x;
    int ind;
    bool secret;
} eq_cell;

typedef struct {
    long match, bad;
    double seen;  /* first matching value */
    bool two;     /* a second, distinct matching value */
} eq_pair;

static bool same_value(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* Index of name among the indicators met so far (added if new); -1 on
 * allocation failure. */
static int indicator_index(char ***names, int *n, int *cap, const char *name)
{
    for (int i = 0; i < *n; i++)
        if (strcmp((*names)[i], name) == 0)
            return i;
    if (*n == *cap) {
        int c = *cap ? 2 * *cap : 64;
        char **p = realloc(*names, (size_t)c * sizeof *p);
        if (!p)
            return -1;
        *names = p;
        *cap = c;
    }
    (*names)[*n] = strdup(name);
    return (*names)[*n] ? (*n)++ : -1;
}

typedef struct {
    eq_cell *cell;
    size_t n, cap;
    size_t *place_start; /* place k spans cell[place_start[k] .. place_start[k + 1]) */
    size_t n_places, cap_places;
    char **names;
    int n_ind, cap_ind;
} eq_table;

static void table_free(eq_table *t)
{
    free(t->cell);
    free(t->place_start);
    for (int i = 0; i < t->n_ind; i++)
        free(t->names[i]);
    free(t->names);
}

static bool push_place(eq_table *t)
{
    if (t->n_places + 1 >= t->cap_places) {
        size_t c = t->cap_places ? 2 * t->cap_places : 4096;
        size_t *p = realloc(t->place_start, c * sizeof *p);
        if (!p)
            return false;
        t->place_start = p;
        t->cap_places = c;
    }
    t->place_start[t->n_places++] = t->n;
    return true;
}

/* Every cell with a raw value, grouped by place (level, territory, year,
 * dimension). */
static bool load(sqlite3 *db, int64_t run, eq_table *t)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT rowid, indicator, valeur_brute, secret,"
                                      " niveau || '|' || territoire || '|' || annee || '|' || dimension AS p"
                                      " FROM indicator_value WHERE run_id = ?1 AND valeur_brute IS NOT NULL"
                                      " ORDER BY p");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    char *last = NULL;
    bool ok = true;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(st, 4);
        if (!last || strcmp(p, last) != 0) {
            free(last);
            last = strdup(p);
            ok = last && push_place(t);
        }
        if (ok && t->n == t->cap) {
            size_t c = t->cap ? 2 * t->cap : 65536;
            eq_cell *e = realloc(t->cell, c * sizeof *e);
            ok = e != NULL;
            if (ok) {
                t->cell = e;
                t->cap = c;
            }
        }
        int ind = ok ? indicator_index(&t->names, &t->n_ind, &t->cap_ind, (const char *)sqlite3_column_text(st, 1))
                     : -1;
        ok = ok && ind >= 0;
        if (ok)
            t->cell[t->n++] = (eq_cell){.id = sqlite3_column_int64(st, 0), .x = sqlite3_column_double(st, 2),
                                        .ind = ind, .secret = sqlite3_column_int(st, 3) != 0};
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error("secret statistique : lecture des indicateurs égaux impossible : %s", sqlite3_errmsg(db));
        ok = false;
    }
    sqlite3_finalize(st);
    free(last);
    if (ok && push_place(t))
        t->n_places--; /* the end sentinel */
    else
        ok = false;
    return ok;
}

static bool equal_pair(const eq_pair *p)
{
    return p->bad == 0 && p->match >= SECRET_EQUAL_MIN_MATCH && p->two;
}

bool secret_equal_members(sqlite3 *db, int64_t run, long *pairs, long *cells)
{
    eq_table t;
    memset(&t, 0, sizeof t);
    long n_pairs = 0, n_cells = 0;
    bool ok = load(db, run, &t);
    size_t ni = (size_t)t.n_ind;
    eq_pair *ps = ok && ni ? calloc(ni * ni, sizeof *ps) : NULL;
    ok = ok && (ni == 0 || ps);
    /* the pairs' statistics, place by place */
    for (size_t k = 0; ok && k < t.n_places; k++)
        for (size_t a = t.place_start[k]; a < t.place_start[k + 1]; a++)
            for (size_t b = a + 1; b < t.place_start[k + 1]; b++) {
                const eq_cell *x = &t.cell[a], *y = &t.cell[b];
                eq_pair *p = &ps[(size_t)(x->ind < y->ind ? x->ind : y->ind) * ni +
                                 (size_t)(x->ind < y->ind ? y->ind : x->ind)];
                if (!same_value(x->x, y->x)) {
                    p->bad += !x->secret && !y->secret;
                    continue;
                }
                if (p->match++ == 0)
                    p->seen = x->x;
                else if (!same_value(p->seen, x->x))
                    p->two = true;
            }
    for (size_t i = 0; ok && i < ni; i++)
        for (size_t j = i + 1; j < ni; j++)
            if (equal_pair(&ps[i * ni + j])) {
                n_pairs++;
                obs_log_only("secret statistique : %s = %s (%ld cellules égales)", t.names[i], t.names[j],
                          ps[i * ni + j].match);
            }
    /* one group of two cells per equal pair and place */
    sqlite3_stmt *ins = ok && n_pairs ? db_prepare(db, "INSERT INTO temp.members VALUES(?1, ?2, ?3, ?4, ?5)") : NULL;
    ok = ok && (n_pairs == 0 || ins);
    for (size_t k = 0; ok && n_pairs && k < t.n_places; k++)
        for (size_t a = t.place_start[k]; ok && a < t.place_start[k + 1]; a++)
            for (size_t b = a + 1; ok && b < t.place_start[k + 1]; b++) {
                const eq_cell *x = &t.cell[a], *y = &t.cell[b];
                size_t lo = (size_t)(x->ind < y->ind ? x->ind : y->ind), hi = (size_t)(x->ind < y->ind ? y->ind : x->ind);
                if (!equal_pair(&ps[lo * ni + hi]) || !same_value(x->x, y->x))
                    continue;
                char grp[64];
                snprintf(grp, sizeof grp, "e|%lld|%lld", (long long)x->id, (long long)y->id);
                for (int m = 0; ok && m < 2; m++) {
                    const eq_cell *c = m == 0 ? x : y;
                    sqlite3_reset(ins);
                    sqlite3_bind_text(ins, 1, grp, -1, SQLITE_TRANSIENT);
                    sqlite3_bind_int64(ins, 2, c->id);
                    sqlite3_bind_double(ins, 3, c->x);
                    sqlite3_bind_int(ins, 4, m == 0);
                    sqlite3_bind_int(ins, 5, c->secret);
                    ok = sqlite3_step(ins) == SQLITE_DONE;
                }
                n_cells++;
            }
    sqlite3_finalize(ins);
    free(ps);
    table_free(&t);
    /* the members published now, to tell at the end how many were hidden */
    ok = ok && db_exec(db, "DROP TABLE IF EXISTS temp.equal_published;"
                           " CREATE TEMP TABLE equal_published(id INTEGER PRIMARY KEY);"
                           " INSERT OR IGNORE INTO temp.equal_published SELECT id FROM temp.members"
                           " WHERE grp >= 'e|' AND grp < 'e}' AND secret = 0;");
    ok = ok && db_exec(db, "INSERT OR REPLACE INTO temp.groups SELECT grp, sum(secret) FROM temp.members"
                           " WHERE grp >= 'e|' AND grp < 'e}' GROUP BY grp");
    if (!ok)
        obs_error("secret statistique : groupes d'indicateurs égaux impossibles à construire");
    if (pairs)
        *pairs = n_pairs;
    if (cells)
        *cells = n_cells;
    return ok;
}

bool secret_equal_report(sqlite3 *db, long pairs, long cells)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM temp.equal_published p"
                                      " JOIN indicator_value v ON v.rowid = p.id WHERE v.secret = 1");
    long hidden = st && sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (hidden < 0)
        return false;
    if (pairs)
        obs_info("secret statistique : %ld paire%s d'indicateurs égaux sur %ld cellule%s communes ;"
                 " %ld de leurs cellules publiées masquées avec elles",
                 pairs, pairs > 1 ? "s" : "", cells, cells > 1 ? "s" : "", hidden);
    return db_exec(db, "DROP TABLE IF EXISTS temp.equal_published");
}
