/* The audit's attacker, part 5: what a funder knows (docs/confidentiality.md,
 * « A funder and its own figures »), built from the breakdown keys stored
 * as data (dimension_cle), with no code shared with the suppression. */
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "indicators/audit/audit_attack_private.h"

void at_funders_free(at_funders *fp)
{
    for (size_t i = 0; i < fp->names.n; i++)
        free(fp->names.s[i]);
    free(fp->names.s);
    free(fp->names.slot);
    free(fp->dim_funder);
    free(fp->only);
    memset(fp, 0, sizeof *fp);
}

/* Merges funder f into a cell's parts so far. */
static int32_t merge(int32_t so_far, int32_t f)
{
    if (so_far == AT_ONLY_NONE)
        return f;
    return so_far == f ? f : AT_ONLY_SEVERAL;
}

bool at_funders_load(sqlite3 *db, at_model *m, at_funders *fp)
{
    memset(fp, 0, sizeof *fp);
    size_t n_dim = m->dim.n; /* the cells' dimensions; those interned below are no cell's */
    fp->n_dim = n_dim;
    fp->dim_funder = malloc((n_dim ? n_dim : 1) * sizeof *fp->dim_funder);
    int32_t *rest = malloc((n_dim ? n_dim : 1) * sizeof *rest); /* per funded dimension: it without financeur */
    fp->only = malloc((m->n_cells ? m->n_cells : 1) * sizeof *fp->only);
    sqlite3_stmt *st = db_prepare(db, "SELECT dimension, valeur, reste FROM dimension_cle WHERE cle = 'financeur'"
                                      " ORDER BY valeur");
    bool ok = fp->dim_funder && rest && fp->only && st;
    for (size_t d = 0; ok && d < n_dim; d++)
        fp->dim_funder[d] = rest[d] = -1;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        uint32_t d = at_intern(&m->dim, (const char *)sqlite3_column_text(st, 0));
        uint32_t f = at_intern(&fp->names, (const char *)sqlite3_column_text(st, 1));
        uint32_t r = at_intern(&m->dim, (const char *)sqlite3_column_text(st, 2));
        ok = d != UINT32_MAX && f != UINT32_MAX && r != UINT32_MAX;
        if (ok && d < n_dim) {
            fp->dim_funder[d] = (int32_t)f;
            rest[d] = (int32_t)r;
        }
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error("audit du secret : lecture des financeurs : %s", sqlite3_errmsg(db));
        ok = false;
    }
    sqlite3_finalize(st);
    for (size_t c = 0; ok && c < m->n_cells; c++)
        fp->only[c] = AT_ONLY_NONE;
    /* each funder's hidden cell is a part of the cell without financeur of
     * the same indicator, territory and year; the funder of all of a
     * cell's hidden parts knows it only where the parts add up to it (a
     * count of projects with several funders counts such a project under
     * each: a funder's part and the published ones then do not give the
     * total, which the group rules do not use either) */
    double *sum = calloc(m->n_cells ? m->n_cells : 1, sizeof *sum);
    ok = ok && sum;
    for (size_t c = 0; ok && c < m->n_cells; c++) {
        const at_cell *x = &m->cell[c];
        int32_t f = fp->dim_funder[x->dim];
        if (f < 0)
            continue;
        size_t p = at_find(m, x->ind, x->niv, x->terr, x->annee, rest[x->dim]);
        if (p == SIZE_MAX)
            continue;
        sum[p] += x->raw;
        if (x->secret) /* a published part is known to everyone */
            fp->only[p] = merge(fp->only[p], f);
    }
    for (size_t p = 0; ok && p < m->n_cells; p++)
        if (fp->only[p] >= 0 && !at_close_enough(m->cell[p].raw, sum[p]))
            fp->only[p] = AT_ONLY_NONE;
    free(sum);
    free(rest);
    return ok;
}

void at_funder_known(const at_model *m, const at_funders *fp, int32_t f, unsigned char *known)
{
    for (size_t c = 0; c < m->n_cells; c++) {
        const at_cell *x = &m->cell[c];
        known[c] = fp->dim_funder[x->dim] == f || (fp->dim_funder[x->dim] < 0 && fp->only[c] == f);
    }
    /* then the ratios declared on what it knows and what is published,
     * and the cells equal to one it knows, to a fixed point */
    for (bool more = true; more;) {
        more = false;
        for (size_t r = 0; r < m->n_rel; r++) {
            const at_rel *rel = &m->rel[r];
            const uint32_t *t = &m->term_cell[rel->start];
            if (rel->kind == AR_RATIO && rel->len == 3) {
                if (known[t[0]] || !m->cell[t[0]].secret)
                    continue;
                bool inputs = (known[t[1]] || !m->cell[t[1]].secret) && (known[t[2]] || !m->cell[t[2]].secret);
                if (inputs) {
                    known[t[0]] = 1;
                    more = true;
                }
            } else if (rel->kind == AR_LIN && rel->family == AUDIT_EQUAL && rel->len == 2 &&
                       known[t[0]] != known[t[1]]) {
                size_t other = known[t[0]] ? t[1] : t[0];
                if (m->cell[other].secret) {
                    known[other] = 1;
                    more = true;
                }
            }
        }
    }
}
