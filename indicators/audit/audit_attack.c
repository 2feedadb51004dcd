/* The audit's attacker, part 4: the outsider, then each funder, and the
 * leaks named (see audit_attack.h). */
#include "indicators/audit/audit_attack.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators/audit/audit_attack_private.h"
#include "engine/core/db.h"
#include "engine/core/log.h"

const char *const audit_family_name[AUDIT_FAMILIES] = {
    "groupe additif", "indicateurs égaux", "ratio déclaré (construit_de)", "inégalité de comptes (sous-ensemble, cohorte)",
    "bornes entières",  "combinaison de relations"};

enum { NEAR_FAMILY = AUDIT_FAMILIES }; /* within 10 %, in the printed counts */
#define WITHIN 0.10
#define ROUNDS 6
#define OUTSIDER_BUDGET 120.0
#define INSIDER_BUDGET 15.0

/* rounds of substitution, bounds and combinations until nothing moves */
static bool solve(const at_model *m, at_state *s, bool combinations, const uint32_t *start, size_t n_start,
                  double budget)
{
    for (int round = 0; round < ROUNDS; round++) {
        long a = at_peel(m, s, start, n_start);
        long b = a < 0 ? -1 : at_bounds(m, s, start, n_start, budget);
        long c = b < 0 || !combinations ? b : at_combinations(m, s, start, n_start);
        if (a < 0 || b < 0 || c < 0)
            return false;
        if (a + b + c == 0 || start)
            break; /* an insider's attack: one round from its own cells */
    }
    return true;
}

static bool near_enough(double lo, double hi)
{
    return lo > 0 && isfinite(hi) && hi <= lo * (1 + WITHIN) / (1 - WITHIN);
}

typedef struct {
    const at_model *m;
    long max_named;
    long shown[AUDIT_FAMILIES + 1];
    const char *who; /* NULL: the outsider */
    const at_funders *fp; /* the insider's: whether a cell names a funder */
    long without_funder;  /* the insider's leaks that are cells without a funder */
} namer;

static void name_leak(namer *nm, const at_state *s, size_t c, int family)
{
    const char *what = "";
    if (nm->fp && nm->fp->dim_funder[nm->m->cell[c].dim] < 0) {
        nm->without_funder++;
        int32_t o = nm->fp->only[c];
        what = o == AT_ONLY_SEVERAL ? " (total de plusieurs financeurs)"
               : o >= 0             ? " (total d'un autre financeur)"
                                    : " (cellule sans financeur)";
    }
    if (nm->max_named >= 0 && nm->shown[family]++ >= nm->max_named)
        return;
    const at_model *m = nm->m;
    char cell[512], anchor[512];
    at_cell_name(m, c, cell, sizeof cell);
    const char *how = "combinaison d'équations linéaires";
    anchor[0] = 0;
    uint32_t r = s->by[c];
    if (r != AT_NO_REL) {
        how = m->labels.s[m->rel[r].label];
        size_t first = m->term_cell[m->rel[r].start];
        if (first == c && m->rel[r].len > 1)
            first = m->term_cell[m->rel[r].start + 1];
        at_cell_name(m, first, anchor, sizeof anchor);
    }
    char who[300] = "";
    if (nm->who)
        snprintf(who, sizeof who, " (financeur « %s », qui connaît ses propres cellules)", nm->who);
    if (family == NEAR_FAMILY)
        obs_error("fuite%s : bornes entières, à 10 %% près : %s%s entre %.17g et %.17g <- %s%s%s%s", who, cell,
                  what, s->lo[c], s->hi[c], how, *anchor ? " [" : "", anchor, *anchor ? "]" : "");
    else
        obs_error("fuite%s : %s : %s%s <- %s%s%s%s", who, audit_family_name[family], cell, what, how,
                  *anchor ? " [" : "", anchor, *anchor ? "]" : "");
}

/* What s recovers of the masked cells, checked against the true values:
 * exact[family], near; cells in skip (NULL: none) and cells already
 * recovered in before (NULL: none) are left out. */
static void count_leaks(const at_model *m, const at_state *s, const at_state *before, const unsigned char *skip,
                        namer *nm, long *exact, long *near, long *wrong)
{
    for (size_t c = 0; c < m->n_cells; c++) {
        const at_cell *x = &m->cell[c];
        if (!x->secret || (skip && skip[c]))
            continue;
        double t = x->raw, tol = 1e-6 * fmax(1.0, fabs(t));
        if (!isnan(s->val[c]) && s->how[c] < AUDIT_FAMILIES) {
            if (before && !isnan(before->val[c]))
                continue;
            if (fabs(s->val[c] - t) <= tol) {
                exact[s->how[c]]++;
                name_leak(nm, s, c, s->how[c]);
            } else {
                char name[512];
                obs_error("audit du secret : erreur de l'attaque : %s retrouvée égale à %.17g, vraie valeur %.17g",
                          at_cell_name(m, c, name, sizeof name), s->val[c], t);
                (*wrong)++;
            }
            continue;
        }
        if (!isnan(s->val[c]) || !near_enough(s->lo[c], s->hi[c]))
            continue;
        if (before && (!isnan(before->val[c]) || near_enough(before->lo[c], before->hi[c])))
            continue;
        if (s->lo[c] > t + tol || s->hi[c] < t - tol) {
            char name[512];
            obs_error("audit du secret : erreur de l'attaque : %s bornée entre %.17g et %.17g, vraie valeur %.17g",
                      at_cell_name(m, c, name, sizeof name), s->lo[c], s->hi[c], t);
            (*wrong)++;
        } else if (s->lo[c] >= (1 - WITHIN) * t - 1e-9 && s->hi[c] <= (1 + WITHIN) * t + 1e-9) {
            (*near)++;
            name_leak(nm, s, c, NEAR_FAMILY);
        }
    }
}

/* Each funder F knows its own cells, the cells of its money alone and what
 * they give through the declared ratios (at_funder_known); every other
 * hidden cell it gets back beyond the outsider is a leak: another
 * funder's, or one without a funder (a total of several funders tells F
 * the others' sum). */
static bool insiders(sqlite3 *db, const at_model *mc, const at_state *outsider, bool combinations, long max_named,
                     audit_attack_result *out)
{
    at_model *m = (at_model *)mc; /* interning a funder's dimension adds to m->dim only */
    at_funders fp;
    bool ok = at_funders_load(db, m, &fp);
    unsigned char *known = malloc(m->n_cells ? m->n_cells : 1);
    uint32_t *start = malloc((m->n_cells ? m->n_cells : 1) * sizeof *start);
    ok = ok && known && start;
    for (size_t f = 0; ok && f < fp.names.n; f++) {
        at_funder_known(m, &fp, (int32_t)f, known);
        at_state s = {0};
        ok = at_state_copy(&s, outsider, m);
        size_t n_start = 0;
        long n_only = 0;
        for (size_t c = 0; ok && c < m->n_cells; c++) {
            if (known[c] && isnan(s.val[c])) {
                s.val[c] = s.lo[c] = s.hi[c] = m->cell[c].raw;
                s.how[c] = AT_OWN;
                start[n_start++] = (uint32_t)c;
                n_only += fp.dim_funder[m->cell[c].dim] < 0;
            }
        }
        long exact[AUDIT_FAMILIES] = {0}, near = 0;
        if (ok && n_start) {
            ok = solve(m, &s, combinations, start, n_start, INSIDER_BUDGET);
            namer nm = {m, max_named, {0}, fp.names.s[f], &fp, 0};
            if (ok)
                count_leaks(m, &s, outsider, known, &nm, exact, &near, &out->wrong);
            out->insider_totals += nm.without_funder;
        }
        out->insider_known += n_only;
        long total = 0;
        for (int k = 0; k < AUDIT_FAMILIES; k++)
            total += exact[k];
        out->insider_exact += total;
        out->insider_near += near;
        if (ok && (total || near))
            obs_error("fuite : financeur « %s » : %ld cellules secrètes qu'il ne connaît pas retrouvées exactement,"
                      " %ld à 10 %% près", fp.names.s[f], total, near);
        at_state_free(&s);
    }
    at_funders_free(&fp);
    free(known);
    free(start);
    return ok;
}

bool audit_attack(sqlite3 *db, int64_t run, bool combinations, bool insider, long max_named,
                  audit_attack_result *out)
{
    memset(out, 0, sizeof *out);
    at_model m;
    at_state s = {0};
    bool ok = at_model_load(db, run, &m) && at_model_relations(db, run, &m) && at_state_init(&s, &m);
    if (ok) {
        out->relations = (long)m.n_rel;
        out->dropped_families = m.dropped_families;
        obs_info("audit du secret : %zu relations (%ld familles gardées, %ld écartées car fausses sur les vraies"
                 " valeurs ; %ld paires d'indicateurs égaux, %ld ratios déclarés, %ld inégalités de comptes apprises)",
                 m.n_rel, m.kept_families, m.dropped_families, m.learned_equal, m.learned_ratio, m.learned_cohort);
        for (size_t l = 0; l < m.labels.n; l++)
            if (m.label_bad[l])
                obs_info("audit du secret : relations écartées (fausses sur les vraies valeurs) : %s", m.labels.s[l]);
        ok = solve(&m, &s, combinations, NULL, 0, OUTSIDER_BUDGET);
    }
    if (ok) {
        namer nm = {&m, max_named, {0}, NULL, NULL, 0};
        count_leaks(&m, &s, NULL, NULL, &nm, out->exact, &out->near, &out->wrong);
    }
    if (ok && insider)
        ok = insiders(db, &m, &s, combinations, max_named, out);
    if (!ok)
        obs_error("audit du secret : l'attaque n'a pas pu se faire");
    at_state_free(&s);
    at_model_free(&m);
    return ok;
}
