#include "indicators/secret/secret_insider_combined.h"

#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "indicators/secret/secret_combined_private.h"
#include "indicators/secret/secret_funder_cells.h"

enum { MAX_CALLS = 10 }; /* solves of one funder's system, each after the victims of the one before */

/* The funders, and per variable of the system the funder whose cell it is
 * (-1: a cell without a funder), and for a cell without a funder the only
 * funder of its parts (ONLY_NONE: it has no funder parts, ONLY_SEVERAL:
 * parts of several funders, or of one outside the system). */
enum { ONLY_NONE = -1, ONLY_SEVERAL = -2 };
typedef struct {
    char **name;
    size_t n;
    int32_t *owner;
    int32_t *only;
} funders;

static void funders_free(funders *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->name[i]);
    free(f->name);
    free(f->owner);
    free(f->only);
}

/* The funder named name, or -1 (f->name is sorted, as SQLite's BINARY). */
static int32_t funder_index(const funders *f, const char *name)
{
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(f->name[mid], name);
        if (c == 0)
            return (int32_t)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* f->only: per cell without a funder, the funders of its hidden parts, the
 * cells with the same indicator, territory and year whose dimension is its
 * own plus financeur = X (dimension_cle.reste, keys stored as data). A cell
 * whose hidden parts are all F's equals F's part plus published ones: F
 * knows it. */
static bool funders_only(sqlite3 *db, int64_t run, const combined *eqs, funders *f)
{
    f->only = malloc((eqs->n_vars ? eqs->n_vars : 1) * sizeof *f->only);
    if (!f->only)
        return false;
    for (size_t v = 0; v < eqs->n_vars; v++)
        f->only[v] = ONLY_NONE;
    /* the parts by funder, read once per suppression (secret_funder_cells.h);
     * whether a part is hidden, now */
    sqlite3_stmt *st = secret_funder_cells(db, run)
                           ? db_prepare(db, "SELECT f.p, f.funder, f.v, v.secret FROM temp.funder_parts f"
                                            " JOIN indicator_value v ON v.rowid = f.v WHERE ?1 = ?1")
                           : NULL;
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t v = combined_var_of(eqs, sqlite3_column_int64(st, 0));
        if (v == eqs->n_vars || f->owner[v] >= 0)
            continue;
        size_t w = combined_var_of(eqs, sqlite3_column_int64(st, 2));
        if (!(w == eqs->n_vars ? sqlite3_column_int(st, 3) != 0 : eqs->secret[w]))
            continue; /* a published part: known to everyone */
        const char *name = (const char *)sqlite3_column_text(st, 1);
        int32_t x = funder_index(f, name ? name : "");
        if (x < 0)
            f->only[v] = ONLY_SEVERAL; /* a funder with no cell in the system: not one F knows */
        else if (f->only[v] == ONLY_NONE)
            f->only[v] = x;
        else if (f->only[v] != x)
            f->only[v] = ONLY_SEVERAL;
    }
    bool ok = rc == SQLITE_DONE;
    if (!ok)
        obs_error("secret statistique : lecture des parts par financeur : %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return ok;
}

/* Whether funder f knows variable v: its own cell, or a cell without a
 * funder all of whose hidden parts are f's. */
static bool known_to(const funders *fu, size_t v, int32_t f)
{
    return fu->owner[v] == f || (fu->owner[v] < 0 && fu->only[v] == f);
}

/* Reads the funders of run's cells from the keys stored as data
 * (dimension_cle), never from the dimension string. */
static bool funders_read(sqlite3 *db, int64_t run, const combined *eqs, funders *f)
{
    memset(f, 0, sizeof *f);
    f->owner = malloc((eqs->n_vars ? eqs->n_vars : 1) * sizeof *f->owner);
    if (!f->owner)
        return false;
    for (size_t v = 0; v < eqs->n_vars; v++)
        f->owner[v] = -1;
    /* read once per suppression (secret_funder_cells.h) */
    sqlite3_stmt *st = secret_funder_cells(db, run)
                           ? db_prepare(db, "SELECT id, funder FROM temp.funder_own WHERE ?1 = ?1 ORDER BY funder")
                           : NULL;
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    size_t cap = 0;
    bool ok = true;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t v = combined_var_of(eqs, sqlite3_column_int64(st, 0));
        if (v == eqs->n_vars)
            continue; /* in no equation */
        const char *name = (const char *)sqlite3_column_text(st, 1);
        name = name ? name : "";
        if (f->n == 0 || strcmp(f->name[f->n - 1], name) != 0) {
            if (f->n == cap) {
                cap = cap ? 2 * cap : 16;
                char **p = realloc(f->name, cap * sizeof *p);
                if (!p) {
                    ok = false;
                    break;
                }
                f->name = p;
            }
            f->name[f->n] = malloc(strlen(name) + 1);
            if (!f->name[f->n]) {
                ok = false;
                break;
            }
            strcpy(f->name[f->n++], name);
        }
        f->owner[v] = (int32_t)(f->n - 1);
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error("secret statistique : lecture des financeurs : %s", sqlite3_errmsg(db));
        ok = false;
    }
    sqlite3_finalize(st);
    return ok;
}

/* The terms of one funder's system, grown as needed. */
typedef struct {
    size_t n_eq, n_terms;
    size_t *eq_start; /* n_eq + 1 */
    int64_t *id;
    int32_t *coef;
    unsigned char *secret;
    double *x;
} terms;

static void terms_free(terms *t)
{
    free(t->eq_start);
    free(t->id);
    free(t->coef);
    free(t->secret);
    free(t->x);
}

/* The victims found so far, as cell ids. */
typedef struct {
    int64_t *id;
    size_t n, cap;
} id_list;

static bool id_push(id_list *l, int64_t id)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        int64_t *p = realloc(l->id, cap * sizeof *p);
        if (!p)
            return false;
        l->id = p;
        l->cap = cap;
    }
    l->id[l->n++] = id;
    return true;
}

/* Whether block b of eqs holds both a hidden cell of funder f and a hidden
 * cell f does not know (another funder's, or one without a funder that is
 * not f's alone): only then can f's knowledge give something back. */
static bool block_matters(const combined *eqs, const funders *fu, size_t b, int32_t f)
{
    bool own = false, other = false;
    for (size_t i = eqs->block_var_start[b]; i < eqs->block_var_start[b + 1] && !(own && other); i++) {
        size_t v = eqs->block_vars[i];
        if (!eqs->secret[v])
            continue;
        own |= fu->owner[v] == f;
        other |= !known_to(fu, v, f);
    }
    return own && other;
}

/* The equations of the blocks of eqs that matter to funder f, without f's
 * cells, in t (t's arrays sized for all of eqs). */
static void funder_terms(const combined *eqs, const funders *fu, int32_t f, size_t *stamp, terms *t)
{
    t->n_eq = t->n_terms = 0;
    t->eq_start[0] = 0;
    for (size_t v = 0; v < eqs->n_vars; v++) {
        size_t b = eqs->block[v];
        if (fu->owner[v] != f || !eqs->secret[v] || stamp[b] == (size_t)f + 1)
            continue;
        stamp[b] = (size_t)f + 1;
        if (!block_matters(eqs, fu, b, f))
            continue;
        for (size_t i = eqs->block_eq_start[b]; i < eqs->block_eq_start[b + 1]; i++) {
            size_t e = eqs->block_eqs[i], from = t->n_terms;
            for (size_t k = eqs->eq_start[e]; k < eqs->eq_start[e + 1]; k++) {
                size_t w = eqs->var_of_term[k];
                if (known_to(fu, w, f))
                    continue; /* known to f (its cell, or a cell of its money alone): a constant */
                /* a published headline figure stays a variable, with its
                 * cost: the chooser hides it only when nothing else protects
                 * (a région whose funding is one funder's alone, the other
                 * région then the France total minus that funder's money) */
                t->id[t->n_terms] = eqs->cell[w];
                t->coef[t->n_terms] = eqs->coef[k];
                t->secret[t->n_terms] = eqs->secret[w];
                t->x[t->n_terms++] = eqs->x[w];
            }
            if (t->n_terms > from)
                t->eq_start[++t->n_eq] = t->n_terms;
        }
    }
}

/* Funder f: the cells it does not know that its system gives back (*found, at
 * the first solve), those still given back at the end (*left), and the
 * victims, hidden in eqs and appended to out. */
static bool protect_funder(combined *eqs, const funders *fu, int32_t f, const terms *t, id_list *out,
                           size_t *found, size_t *left)
{
    *found = *left = 0;
    if (t->n_eq == 0)
        return true;
    combined *sub = combined_from_terms(t->n_eq, t->eq_start, t->id, t->coef, t->secret, t->x);
    if (!sub)
        return false;
    sub->watch = malloc(sub->n_vars ? sub->n_vars : 1);
    bool ok = sub->watch != NULL;
    for (size_t v = 0; ok && v < sub->n_vars; v++) {
        /* every cell f does not know: another funder's, or a total of
         * several funders (it tells f the others' sum) */
        sub->watch[v] = !known_to(fu, combined_var_of(eqs, sub->cell[v]), f);
    }
    for (int call = 0; ok && call < MAX_CALLS; call++) {
        int64_t *victims;
        size_t n, given_back;
        ok = combined_victims(sub, &victims, &n, &given_back);
        if (!ok)
            break;
        if (call == 0)
            *found = given_back;
        *left = n ? 0 : given_back;
        for (size_t i = 0; ok && i < n; i++) {
            size_t v = combined_var_of(eqs, victims[i]);
            if (v == eqs->n_vars || eqs->secret[v])
                continue;
            combined_set_secret(eqs, v, 1);
            eqs->dirty[eqs->block[v]] = 1; /* for the outsider: solved again */
            ok = id_push(out, victims[i]);
        }
        free(victims);
        if (n == 0)
            break;
    }
    combined_free(sub);
    return ok;
}

static bool store_victims(sqlite3 *db, const id_list *l)
{
    bool ok = db_exec(db, "DROP TABLE IF EXISTS temp.victims; CREATE TEMP TABLE victims(id INTEGER PRIMARY KEY);");
    sqlite3_stmt *st = ok ? db_prepare(db, "INSERT OR IGNORE INTO temp.victims VALUES(?1)") : NULL;
    for (size_t i = 0; st && ok && i < l->n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, l->id[i]);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok && st;
}

bool secret_insider_combined(sqlite3 *db, int64_t run, combined *eqs)
{
    funders fu;
    bool ok = funders_read(db, run, eqs, &fu) && funders_only(db, run, eqs, &fu);
    size_t cap = eqs->n_terms ? eqs->n_terms : 1;
    terms t = {.eq_start = malloc((eqs->n_eq + 1) * sizeof *t.eq_start),
               .id = malloc(cap * sizeof *t.id),
               .coef = malloc(cap * sizeof *t.coef),
               .secret = malloc(cap),
               .x = malloc(cap * sizeof *t.x)};
    size_t *stamp = calloc(eqs->n_vars ? eqs->n_vars : 1, sizeof *stamp);
    id_list out = {0};
    ok = ok && t.eq_start && t.id && t.coef && t.secret && t.x && stamp;
    if (!ok && fu.owner)
        obs_error("mémoire insuffisante pour le secret des financeurs initiés");
    size_t found = 0, left = 0;
    for (size_t f = 0; ok && f < fu.n; f++) {
        size_t found_f, left_f, before = out.n;
        funder_terms(eqs, &fu, (int32_t)f, stamp, &t);
        ok = protect_funder(eqs, &fu, (int32_t)f, &t, &out, &found_f, &left_f);
        found += found_f;
        left += left_f;
        if (ok && found_f)
            obs_log_only("secret statistique : financeur « %s » : %zu cellule%s d'autres financeurs ou de plusieurs"
                         " financeurs retrouvable%s par combinaison, %zu cellule%s masquée%s",
                         fu.name[f], found_f, found_f > 1 ? "s" : "", found_f > 1 ? "s" : "", out.n - before,
                         out.n - before > 1 ? "s" : "", out.n - before > 1 ? "s" : "");
    }
    ok = ok && store_victims(db, &out);
    if (ok && (found || out.n))
        obs_info("secret statistique : financeurs initiés, %zu cellule%s d'autres financeurs ou de plusieurs"
                 " financeurs retrouvable%s par combinaison, %zu cellule%s masquée%s en plus",
                 found, found > 1 ? "s" : "", found > 1 ? "s" : "", out.n, out.n > 1 ? "s" : "",
                 out.n > 1 ? "s" : "");
    if (ok && left)
        /* in the log only: a pass of the loop says it, the later ones (the
         * outsider's rounds on the cells hidden since) often protect them,
         * and obs audit-secret tells what is left at the end */
        obs_log_only("secret statistique : financeurs initiés, %zu cellule%s d'autres financeurs ou de plusieurs"
                 " financeurs encore retrouvable%s sans cellule publiée à masquer avec, pour l'instant",
                 left, left > 1 ? "s" : "", left > 1 ? "s" : "");
    funders_free(&fu);
    terms_free(&t);
    free(stamp);
    free(out.id);
    return ok;
}
