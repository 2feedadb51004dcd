/* The declared ratios (`construit_de: a / b`, the `r|` relations of
 * temp.members) in the interval model: a hidden ratio r = k·a / b whose
 * sides are published or bounded by the sums is bounded too, by
 * [a.lo / b.hi, a.hi / b.lo] (the constant k cancels out in relative
 * terms). Nationally the audit bounded a hidden `salaire_moyen_etp_ess`
 * within 10 % from its published payroll and its full-time equivalents,
 * hidden but bounded by the sums to [-6 %, +11 %] (enough for them,
 * whose interval reaches beyond +10 %, not for the ratio: 1 / 1,11 is
 * -10 %, just inside). A ratio is left out when a side is hidden and
 * outside the model (no bounds) or when a value is not positive. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "indicators/secret/secret_intervals_private.h"

typedef struct {
    char *ind, *a, *b; /* a or b NULL: a public side */
} relation;

static void relations_free(relation *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(r[i].ind);
        free(r[i].a);
        free(r[i].b);
    }
    free(r);
}

static char *dup_or_null(sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    return s ? strdup((const char *)s) : NULL;
}

static bool read_relations(sqlite3 *db, relation **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prepare(db, "SELECT indicator, a, b FROM temp.relations ORDER BY indicator");
    if (!st)
        return false;
    size_t cap = 0;
    bool ok = true;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            relation *p = realloc(*out, cap * sizeof *p);
            ok = p != NULL;
            if (ok)
                *out = p;
        }
        if (ok) {
            relation *r = &(*out)[(*n)++];
            *r = (relation){dup_or_null(st, 0), dup_or_null(st, 1), dup_or_null(st, 2)};
            ok = r->ind != NULL;
        }
    }
    ok = ok && rc == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

static const relation *relation_of(const relation *r, size_t n, const char *ind)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(r[i].ind, ind) == 0)
            return &r[i];
    return NULL;
}

static int by_id(const void *pa, const void *pb)
{
    const iv_ratio *a = pa, *b = pb;
    return (a->id > b->id) - (a->id < b->id);
}

/* One side of a ratio from a member row: its cell in the model, or what
 * it is outside (published: exact; hidden: unbounded). */
static void set_side(const secret_intervals *iv, iv_ratio *r, int k, int64_t id, double x, bool hidden)
{
    r->side[k] = iv_find(iv, id);
    r->side_x[k] = x;
    r->state[k] = r->side[k] != UINT32_MAX ? IV_SIDE_MODEL : hidden ? IV_SIDE_UNBOUNDED : IV_SIDE_EXACT;
}

/* Whether temp.relations exists (secret_model_relations makes it; a model
 * built by hand may have none: then no ratio). */
static bool has_relations(sqlite3 *db)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM sqlite_temp_master WHERE type = 'table' AND name = 'relations'");
    bool yes = st && sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return yes;
}

/* rs, rr: the ratios of each cell of the model that is one of their sides. */
static bool index_sides(secret_intervals *iv)
{
    iv->rs = calloc(iv->n_cells + 2, sizeof *iv->rs);
    iv->rr = malloc((2 * iv->n_ratio + 1) * sizeof *iv->rr);
    iv->ratio_seen = calloc(iv->n_ratio + 1, sizeof *iv->ratio_seen);
    if (!iv->rs || !iv->rr || !iv->ratio_seen)
        return false;
    for (size_t i = 0; i < iv->n_ratio; i++)
        for (int k = 0; k < 2; k++)
            if (iv->ratio[i].state[k] == IV_SIDE_MODEL)
                iv->rs[iv->ratio[i].side[k] + 2]++;
    for (size_t c = 0; c < iv->n_cells; c++)
        iv->rs[c + 2] += iv->rs[c + 1];
    for (size_t i = 0; i < iv->n_ratio; i++)
        for (int k = 0; k < 2; k++)
            if (iv->ratio[i].state[k] == IV_SIDE_MODEL)
                iv->rr[iv->rs[iv->ratio[i].side[k] + 1]++] = (uint32_t)i;
    return true;
}

bool iv_ratios_load(secret_intervals *iv, sqlite3 *db)
{
    if (!has_relations(db))
        return index_sides(iv);
    relation *rel;
    size_t n_rel;
    if (!read_relations(db, &rel, &n_rel))
        return false;
    /* each group: the ratio (total 0) first, then its sides */
    sqlite3_stmt *st = db_prepare(db, "SELECT m.grp, m.id, m.x, m.secret, m.total, v.indicator FROM temp.members m"
                                      " JOIN indicator_value v ON v.rowid = m.id"
                                      " WHERE substr(m.grp, 1, 2) = 'r|' ORDER BY m.grp, m.total");
    bool ok = st != NULL;
    size_t cap = 0;
    char *prev = NULL;
    iv_ratio *cur = NULL;
    const relation *r = NULL;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *grp = (const char *)sqlite3_column_text(st, 0);
        const char *ind = (const char *)sqlite3_column_text(st, 5);
        int64_t id = sqlite3_column_int64(st, 1);
        double x = sqlite3_column_type(st, 2) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 2);
        bool hidden = sqlite3_column_int(st, 3) != 0, total = sqlite3_column_int(st, 4) != 0;
        if (!prev || strcmp(prev, grp) != 0) {
            free(prev);
            prev = strdup(grp ? grp : "");
            ok = prev != NULL;
            cur = NULL;
            r = ind && !total ? relation_of(rel, n_rel, ind) : NULL;
            if (!ok || !r)
                continue;
            if (iv->n_ratio == cap) {
                cap = cap ? 2 * cap : 256;
                iv_ratio *p = realloc(iv->ratio, cap * sizeof *p);
                ok = p != NULL;
                if (!ok)
                    continue;
                iv->ratio = p;
            }
            cur = &iv->ratio[iv->n_ratio++];
            *cur = (iv_ratio){.id = id, .x = x, .hidden = hidden, .side = {UINT32_MAX, UINT32_MAX},
                              .side_x = {1, 1}, .state = {IV_SIDE_EXACT, IV_SIDE_EXACT}};
            continue;
        }
        if (!cur || !ind)
            continue;
        if (r->a && strcmp(ind, r->a) == 0)
            set_side(iv, cur, 0, id, x, hidden);
        else if (r->b && strcmp(ind, r->b) == 0)
            set_side(iv, cur, 1, id, x, hidden);
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error("secret statistique, intervalles : lecture des ratios : %s", sqlite3_errmsg(db));
        ok = false;
    }
    free(prev);
    sqlite3_finalize(st);
    relations_free(rel, n_rel);
    if (ok && iv->n_ratio)
        qsort(iv->ratio, iv->n_ratio, sizeof *iv->ratio, by_id);
    return ok && index_sides(iv);
}

void iv_ratios_hide(secret_intervals *iv, int64_t id)
{
    iv_ratio key = {.id = id};
    iv_ratio *r = iv->n_ratio ? bsearch(&key, iv->ratio, iv->n_ratio, sizeof *iv->ratio, by_id) : NULL;
    if (r)
        r->hidden = 1;
}

/* Side k's interval relative to its value, [*lo, *hi]; false when it has
 * none (hidden outside the model, or a value not positive). */
static bool relative(const secret_intervals *iv, const iv_ratio *r, int k, double *lo, double *hi)
{
    *lo = *hi = 1;
    if (r->state[k] == IV_SIDE_EXACT)
        return true;
    if (r->state[k] == IV_SIDE_UNBOUNDED)
        return false;
    const iv_cell *c = &iv->cell[r->side[k]];
    if (!c->hidden)
        return true;
    if (!(c->x > 0))
        return false;
    *lo = c->lo / c->x;
    *hi = c->hi / c->x;
    return true;
}

bool iv_ratio_narrow(const secret_intervals *iv, const iv_ratio *r, double need[2])
{
    need[0] = need[1] = 0;
    if (!r->hidden || !(r->x > 0) || !(r->side_x[0] > 0) || !(r->side_x[1] > 0))
        return false;
    double alo, ahi, blo, bhi;
    if (!relative(iv, r, 0, &alo, &ahi) || !relative(iv, r, 1, &blo, &bhi))
        return false;
    if (alo == 1 && ahi == 1 && blo == 1 && bhi == 1)
        return false; /* both sides known: the ratio is theirs (a funder's), or the group rule's case */
    double lo = bhi > 0 ? alo / bhi : 0, hi = blo > 0 ? ahi / blo : INFINITY;
    const double tol = 1e-6, up = 1 + SECRET_INTERVAL_WITHIN + tol, down = 1 - SECRET_INTERVAL_WITHIN - tol;
    if (!(hi < up && lo > down))
        return false; /* reaches beyond on one side at least, as iv_missing asks */
    /* what each side, hidden in the model, must widen upwards: a to lift
     * the ratio's top above +10 %, b to bring its bottom below -10 % */
    if (r->state[0] == IV_SIDE_MODEL && iv->cell[r->side[0]].hidden)
        need[0] = (up * blo - ahi) * iv->cell[r->side[0]].x;
    if (r->state[1] == IV_SIDE_MODEL && iv->cell[r->side[1]].hidden)
        need[1] = (alo / down - bhi) * iv->cell[r->side[1]].x;
    return true;
}

uint32_t iv_ratio_victim(const secret_intervals *iv, const iv_ratio *r, const double need[2], uint32_t *side,
                         uint32_t *from)
{
    uint32_t v = UINT32_MAX;
    *side = UINT32_MAX;
    for (int k = 0; k < 2 && v == UINT32_MAX; k++)
        if (need[k] > 0) {
            *side = r->side[k];
            v = iv_victim_for(iv, *side, need[k], from);
        }
    return v;
}
