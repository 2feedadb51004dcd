#include "indicators/secret/secret_insider_combined.h"

#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "indicators/secret/secret_combined_private.h"
#include "indicators/secret/secret_funders.h"

enum { MAX_CALLS = 10 }; /* solves of one funder's system, each after the victims of the one before */

/* The cells of the combined system, as the funders' reading sees them. */
static size_t var_slot(const void *model, int64_t id)
{
    return combined_var_of(model, id);
}

static bool var_hidden(const void *model, size_t v)
{
    return ((const combined *)model)->secret[v] != 0;
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
static bool block_matters(const combined *eqs, const secret_funders *fu, size_t b, int32_t f)
{
    bool own = false, other = false;
    for (size_t i = eqs->block_var_start[b]; i < eqs->block_var_start[b + 1] && !(own && other); i++) {
        size_t v = eqs->block_vars[i];
        if (!eqs->secret[v])
            continue;
        own |= fu->owner[v] == f;
        other |= !secret_funder_knows(fu, v, f);
    }
    return own && other;
}

/* The equations of the blocks of eqs that matter to funder f, without f's
 * cells, in t (t's arrays sized for all of eqs). */
static void funder_terms(const combined *eqs, const secret_funders *fu, int32_t f, size_t *stamp, terms *t)
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
                if (secret_funder_knows(fu, w, f))
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
static bool protect_funder(combined *eqs, const secret_funders *fu, int32_t f, const terms *t, id_list *out,
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
        sub->watch[v] = !secret_funder_knows(fu, combined_var_of(eqs, sub->cell[v]), f);
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
    secret_funders fu;
    secret_funder_slots slots = {eqs->n_vars, var_slot, var_hidden, eqs};
    bool ok = secret_funders_read(db, run, &slots, &fu);
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
    secret_funders_free(&fu);
    terms_free(&t);
    free(stamp);
    free(out.id);
    return ok;
}
