/* The audit's attacker, part 2: the relations it builds from what is
 * published. Each relation belongs to a family (its label: an indicator and
 * a kind of relation); a family is kept only if every one of its relations,
 * masked cells included, holds on the run's true values -- a relation an
 * attacker could not rely on everywhere is not a leak. Only the relations
 * holding at least one masked cell are stored. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicators/audit/audit_attack_private.h"
#include "engine/core/db.h"
#include "engine/core/grow.h"
#include "engine/core/log.h"

static bool additive_type(const at_indicator *x)
{
    return strcmp(x->type, "count") == 0 || strcmp(x->type, "sum") == 0;
}

/* a family's label, formatted */
static char label_text[512];
#define label(m, ...) (snprintf(label_text, sizeof label_text, __VA_ARGS__), label_of(m, label_text))

static uint32_t label_of(at_model *m, const char *text)
{
    uint32_t l = at_intern(&m->labels, text);
    if (l == UINT32_MAX)
        return l;
    size_t cap = m->cap_label_bad;
    if (!grow((void **)&m->label_bad, &m->cap_label_bad, m->labels.n, 1))
        return UINT32_MAX;
    if (m->cap_label_bad > cap)
        memset(m->label_bad + cap, 0, m->cap_label_bad - cap);
    cap = m->cap_label_checked;
    if (!grow((void **)&m->label_checked, &m->cap_label_checked, m->labels.n, sizeof *m->label_checked))
        return UINT32_MAX;
    if (m->cap_label_checked > cap)
        memset(m->label_checked + cap, 0, (m->cap_label_checked - cap) * sizeof *m->label_checked);
    return l;
}

/* Adds a relation (terms over cells), checks it on the true values, and
 * keeps it when one of its cells is masked. */
static bool add_rel(at_model *m, int kind, int family, uint32_t lab, const uint32_t *cells, const int32_t *coef,
                    size_t len, double factor)
{
    const at_cell *c = m->cell;
    bool holds;
    if (kind == AR_LIN) {
        double sum = 0, scale = 0;
        for (size_t i = 0; i < len; i++) {
            sum += coef[i] * c[cells[i]].raw;
            scale += fabs(coef[i] * c[cells[i]].raw);
        }
        holds = fabs(sum) <= 1e-7 * fmax(1.0, scale);
    } else if (kind == AR_RATIO) {
        double d = c[cells[2]].raw;
        holds = d != 0 ? at_close_enough(factor * c[cells[1]].raw / d, c[cells[0]].raw) : false;
    } else {
        holds = c[cells[0]].raw <= c[cells[1]].raw + 1e-9 * fmax(1.0, fabs(c[cells[1]].raw));
    }
    if (!holds)
        m->label_bad[lab] = 1;
    m->label_checked[lab]++;
    bool masked = false;
    for (size_t i = 0; i < len; i++)
        masked = masked || c[cells[i]].secret;
    if (!masked)
        return true;
    if (!grow((void **)&m->rel, &m->cap_rel, m->n_rel + 1, sizeof *m->rel))
        return false;
    size_t cap = m->cap_terms;
    if (!grow((void **)&m->term_cell, &cap, m->n_terms + len, sizeof *m->term_cell) ||
        !grow((void **)&m->term_coef, &m->cap_terms, m->n_terms + len, sizeof *m->term_coef))
        return false;
    at_rel *r = &m->rel[m->n_rel++];
    r->kind = (uint8_t)kind;
    r->family = (uint8_t)family;
    r->label = lab;
    r->start = (uint32_t)m->n_terms;
    r->len = (uint32_t)len;
    r->factor = factor;
    for (size_t i = 0; i < len; i++) {
        m->term_cell[m->n_terms] = cells[i];
        m->term_coef[m->n_terms++] = coef ? coef[i] : 0;
    }
    return true;
}

/* ---- additive groups: (total, label, part) triples, one equation per
 * total and label ---- */
typedef struct {
    uint32_t total, label, part;
} triple;

typedef struct {
    triple *t;
    size_t n, cap;
} triples;

static bool push(triples *ts, uint32_t total, uint32_t lab, uint32_t part)
{
    if (lab == UINT32_MAX || !grow((void **)&ts->t, &ts->cap, ts->n + 1, sizeof *ts->t))
        return false;
    ts->t[ts->n++] = (triple){total, lab, part};
    return true;
}

static int cmp_triple(const void *a, const void *b)
{
    const triple *x = a, *y = b;
    if (x->total != y->total)
        return x->total < y->total ? -1 : 1;
    if (x->label != y->label)
        return x->label < y->label ? -1 : 1;
    return (x->part > y->part) - (x->part < y->part);
}

static bool emit_groups(at_model *m, triples *ts)
{
    if (ts->n)
        qsort(ts->t, ts->n, sizeof *ts->t, cmp_triple);
    uint32_t *cells = NULL;
    int32_t *coef = NULL;
    size_t cap = 0, cap2 = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < ts->n;) {
        size_t j = i;
        while (j < ts->n && ts->t[j].total == ts->t[i].total && ts->t[j].label == ts->t[i].label)
            j++;
        size_t len = 0;
        ok = grow((void **)&cells, &cap, j - i + 1, sizeof *cells) &&
             grow((void **)&coef, &cap2, j - i + 1, sizeof *coef);
        if (!ok)
            break;
        cells[len] = ts->t[i].total;
        coef[len++] = 1;
        for (size_t k = i; k < j; k++)
            if (k == i || ts->t[k].part != ts->t[k - 1].part) {
                cells[len] = ts->t[k].part;
                coef[len++] = -1;
            }
        ok = add_rel(m, AR_LIN, AUDIT_ADDITIVE, ts->t[i].label, cells, coef, len, 0);
        i = j;
    }
    free(cells);
    free(coef);
    return ok;
}

typedef struct {
    uint32_t dim, cle, reste;
    int n_cles;
} dim_key;

static int cmp_dim_key(const void *a, const void *b)
{
    const dim_key *x = a, *y = b;
    return (x->dim > y->dim) - (x->dim < y->dim);
}

/* a total and its breakdown along one key (dimension_cle: the dimension
 * without that key is the total) */
static bool breakdowns(sqlite3 *db, at_model *m, triples *ts)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT dimension, cle, reste, n_cles FROM dimension_cle");
    if (!st)
        return false;
    dim_key *k = NULL;
    size_t n = 0, cap = 0;
    at_strings keys = {0};
    bool ok = true;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        ok = grow((void **)&k, &cap, n + 1, sizeof *k);
        if (!ok)
            break;
        k[n].dim = at_intern(&m->dim, (const char *)sqlite3_column_text(st, 0));
        k[n].cle = at_intern(&keys, (const char *)sqlite3_column_text(st, 1));
        k[n].reste = at_intern(&m->dim, (const char *)sqlite3_column_text(st, 2));
        k[n].n_cles = sqlite3_column_int(st, 3);
        ok = k[n].dim != UINT32_MAX && k[n].cle != UINT32_MAX && k[n].reste != UINT32_MAX;
        n++;
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error("audit du secret : lecture des clés de ventilation : %s", sqlite3_errmsg(db));
        ok = false;
    }
    sqlite3_finalize(st);
    if (ok && n)
        qsort(k, n, sizeof *k, cmp_dim_key);
    for (size_t i = 0; ok && i < m->n_cells; i++) {
        const at_cell *c = &m->cell[i];
        if (!additive_type(&m->ind[c->ind]))
            continue;
        dim_key probe = {.dim = (uint32_t)c->dim};
        dim_key *f = n ? bsearch(&probe, k, n, sizeof *k, cmp_dim_key) : NULL;
        if (!f)
            continue;
        while (f > k && f[-1].dim == probe.dim)
            f--;
        for (; ok && f < k + n && f->dim == probe.dim; f++) {
            size_t t = at_find(m, c->ind, c->niv, c->terr, c->annee, (int32_t)f->reste);
            if (t == SIZE_MAX)
                continue;
            ok = push(ts, (uint32_t)t,
                      label(m, "%s : total = somme de la ventilation par %s%s", m->ind[c->ind].name, keys.s[f->cle],
                            f->n_cles > 1 ? " (croisée)" : ""),
                      (uint32_t)i);
        }
    }
    for (size_t i = 0; i < keys.n; i++)
        free(keys.s[i]);
    free(keys.s);
    free(keys.slot);
    free(k);
    return ok;
}

typedef struct {
    uint8_t cn, pn;
    uint32_t cc, pc;
} link;

static int cmp_link(const void *a, const void *b)
{
    const link *x = a, *y = b;
    if (x->cn != y->cn)
        return x->cn < y->cn ? -1 : 1;
    return (x->cc > y->cc) - (x->cc < y->cc);
}

/* The territorial hierarchy, read from the public geography: a commune in
 * its EPCI, département and study territory; a département in its région, a
 * région in France; an EPCI in a département or study territory whose
 * communes its EPCIs cover exactly. */
static const char links_sql[] =
    "SELECT 'commune', commune, niveau, code FROM geo WHERE niveau IN ('epci', 'departement', 'etude')"
    " UNION ALL SELECT 'departement', code, 'region', region FROM ref_departement"
    " UNION ALL SELECT 'region', code, 'france', 'FR' FROM ref_region"
    " UNION ALL SELECT * FROM (WITH inside AS (SELECT x.code AS epci, p.niveau AS pn, p.code AS pc FROM geo x"
    "   JOIN geo p ON p.commune = x.commune AND p.niveau IN ('departement', 'etude') WHERE x.niveau = 'epci'"
    "   GROUP BY x.code, p.niveau, p.code"
    "   HAVING count(*) = (SELECT count(*) FROM geo n WHERE n.niveau = 'epci' AND n.code = x.code)),"
    "  covered AS (SELECT i.pn, i.pc, count(*) AS n FROM inside i JOIN geo e ON e.niveau = 'epci' AND e.code = i.epci"
    "   GROUP BY i.pn, i.pc)"
    "  SELECT 'epci', i.epci, i.pn, i.pc FROM inside i JOIN covered c ON c.pn = i.pn AND c.pc = i.pc"
    "  WHERE c.n = (SELECT count(*) FROM geo g WHERE g.niveau = i.pn AND g.code = i.pc))";

static int level_code(const char *s)
{
    for (int i = 0; i < AT_OTHER_LEVEL; i++)
        if (strcmp(s, at_level_name[i]) == 0)
            return i;
    return AT_OTHER_LEVEL;
}

static bool hierarchy(sqlite3 *db, at_model *m, triples *ts)
{
    sqlite3_stmt *st = db_prepare(db, links_sql);
    if (!st)
        return false;
    link *l = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        ok = grow((void **)&l, &cap, n + 1, sizeof *l);
        if (!ok)
            break;
        l[n].cn = (uint8_t)level_code((const char *)sqlite3_column_text(st, 0));
        l[n].cc = at_intern(&m->terr, (const char *)sqlite3_column_text(st, 1));
        l[n].pn = (uint8_t)level_code((const char *)sqlite3_column_text(st, 2));
        l[n].pc = at_intern(&m->terr, (const char *)sqlite3_column_text(st, 3));
        ok = l[n].cc != UINT32_MAX && l[n].pc != UINT32_MAX;
        n++;
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error("audit du secret : lecture de la géographie : %s", sqlite3_errmsg(db));
        ok = false;
    }
    sqlite3_finalize(st);
    if (ok && n)
        qsort(l, n, sizeof *l, cmp_link);
    for (size_t i = 0; ok && i < m->n_cells; i++) {
        const at_cell *c = &m->cell[i];
        if (!additive_type(&m->ind[c->ind]))
            continue;
        link probe = {.cn = c->niv, .cc = (uint32_t)c->terr};
        link *f = n ? bsearch(&probe, l, n, sizeof *l, cmp_link) : NULL;
        if (!f)
            continue;
        while (f > l && cmp_link(f - 1, &probe) == 0)
            f--;
        for (; ok && f < l + n && cmp_link(f, &probe) == 0; f++) {
            size_t t = at_find(m, c->ind, f->pn, (int32_t)f->pc, c->annee, c->dim);
            if (t == SIZE_MAX)
                continue;
            ok = push(ts, (uint32_t)t,
                      label(m, "%s : %s = somme de ses %s", m->ind[c->ind].name, at_level_name[f->pn],
                            at_level_name[f->cn]),
                      (uint32_t)i);
        }
    }
    free(l);
    return ok;
}

/* ---- equal indicators, learned where both are published ---- */
static size_t *by_place_order(const at_model *m);

typedef struct {
    long match, bad;
    unsigned levels;
    double seen[3];
    int n_seen;
} pair_stat;

static bool equalities(at_model *m)
{
    size_t n = m->n_cells, ni = m->n_ind;
    size_t *o = by_place_order(m);
    pair_stat *ps = calloc(ni * ni, sizeof *ps);
    if (!o || !ps) {
        free(o);
        free(ps);
        return false;
    }
    const at_cell *c = m->cell;
#define SAME_PLACE(a, b)                                                                                        \
    (c[a].niv == c[b].niv && c[a].terr == c[b].terr && c[a].annee == c[b].annee && c[a].dim == c[b].dim)
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && SAME_PLACE(o[i], o[j]))
            j++;
        for (size_t a = i; a < j; a++)
            for (size_t b = a + 1; b < j; b++) {
                const at_cell *x = &c[o[a]], *y = &c[o[b]];
                if (isnan(x->pub) || isnan(y->pub))
                    continue;
                pair_stat *p = &ps[(size_t)x->ind * ni + (size_t)y->ind];
                if (!at_close_enough(x->pub, y->pub)) {
                    p->bad++;
                    continue;
                }
                p->match++;
                p->levels |= 1u << x->niv;
                bool seen = false;
                for (int k = 0; k < p->n_seen; k++)
                    seen = seen || p->seen[k] == x->pub;
                if (!seen && p->n_seen < 3)
                    p->seen[p->n_seen++] = x->pub;
            }
        i = j;
    }
    for (size_t i = 0; i < ni * ni; i++) {
        const pair_stat *p = &ps[i];
        m->learned_equal += !p->bad && p->match >= 5 && p->n_seen >= 3 && (p->levels & (p->levels - 1));
    }
    bool ok = true;
    uint32_t cells[2];
    int32_t coef[2] = {1, -1};
    for (size_t i = 0; ok && i < n;) {
        size_t j = i;
        while (j < n && SAME_PLACE(o[i], o[j]))
            j++;
        for (size_t a = i; ok && a < j; a++)
            for (size_t b = a + 1; ok && b < j; b++) {
                const at_cell *x = &c[o[a]], *y = &c[o[b]];
                const pair_stat *p = &ps[(size_t)x->ind * ni + (size_t)y->ind];
                /* a few coincidences (small counts, one région equal to France) are no rule */
                if (p->bad || p->match < 5 || p->n_seen < 3 || !(p->levels & (p->levels - 1)))
                    continue;
                cells[0] = (uint32_t)o[a];
                cells[1] = (uint32_t)o[b];
                uint32_t lab = label(m, "%s = %s", m->ind[x->ind].name, m->ind[y->ind].name);
                ok = lab != UINT32_MAX && add_rel(m, AR_LIN, AUDIT_EQUAL, lab, cells, coef, 2, 0);
            }
        i = j;
    }
#undef SAME_PLACE
    free(o);
    free(ps);
    return ok;
}

/* Sorts pointers to the cells, so that the comparison needs no global. */
static int cmp_place(const void *a, const void *b)
{
    const at_cell *x = *(const at_cell *const *)a, *y = *(const at_cell *const *)b;
    if (x->niv != y->niv)
        return x->niv - y->niv;
    if (x->terr != y->terr)
        return x->terr < y->terr ? -1 : 1;
    if (x->annee != y->annee)
        return x->annee - y->annee;
    if (x->dim != y->dim)
        return x->dim < y->dim ? -1 : 1;
    return x->ind - y->ind;
}

static size_t *by_place_order(const at_model *m)
{
    size_t *o = malloc((m->n_cells ? m->n_cells : 1) * sizeof *o);
    const at_cell **p = malloc((m->n_cells ? m->n_cells : 1) * sizeof *p);
    if (!o || !p) {
        free(o);
        free(p);
        return NULL;
    }
    for (size_t i = 0; i < m->n_cells; i++)
        p[i] = &m->cell[i];
    qsort(p, m->n_cells, sizeof *p, cmp_place);
    for (size_t i = 0; i < m->n_cells; i++)
        o[i] = (size_t)(p[i] - m->cell);
    free(p);
    return o;
}

/* ---- declared ratios: construit_de "A / B", R = f * A / B ---- */
static bool ratios(at_model *m)
{
    bool ok = true;
    for (size_t r = 0; ok && r < m->n_ind; r++) {
        const char *decl = m->ind[r].construit_de;
        const char *slash = decl ? strchr(decl, '/') : NULL;
        if (!slash || strchr(decl, ':'))
            continue; /* nothing declared, or built from internal or outside quantities */
        char a[128], b[128];
        if (sscanf(decl, " %127[a-z0-9_] / %127[a-z0-9_]", a, b) != 2)
            continue;
        int32_t ia = at_indicator_of(m, a), ib = at_indicator_of(m, b);
        if (ia < 0 || ib < 0)
            continue;
        /* the factor (1, or 100 for a percentage) that holds on every true triple */
        double factor = 0;
        for (int k = 0; k < 2 && !factor; k++) {
            double f = k ? 100.0 : 1.0;
            long seen = 0;
            bool all = true;
            for (size_t i = 0; all && i < m->n_cells; i++) {
                const at_cell *c = &m->cell[i];
                if (c->ind != (int32_t)r)
                    continue;
                size_t x = at_find(m, ia, c->niv, c->terr, c->annee, c->dim);
                size_t y = at_find(m, ib, c->niv, c->terr, c->annee, c->dim);
                if (x == SIZE_MAX || y == SIZE_MAX || m->cell[y].raw == 0)
                    continue;
                seen++;
                all = at_close_enough(f * m->cell[x].raw / m->cell[y].raw, c->raw);
            }
            if (all && seen)
                factor = f;
        }
        uint32_t lab = label(m, "%s = %s / %s", m->ind[r].name, a, b);
        ok = lab != UINT32_MAX;
        if (!factor) {
            if (ok)
                m->label_bad[lab] = 1;
            continue;
        }
        m->learned_ratio++;
        for (size_t i = 0; ok && i < m->n_cells; i++) {
            const at_cell *c = &m->cell[i];
            if (c->ind != (int32_t)r)
                continue;
            size_t x = at_find(m, ia, c->niv, c->terr, c->annee, c->dim);
            size_t y = at_find(m, ib, c->niv, c->terr, c->annee, c->dim);
            if (x == SIZE_MAX || y == SIZE_MAX || m->cell[y].raw == 0)
                continue;
            uint32_t cells[3] = {(uint32_t)i, (uint32_t)x, (uint32_t)y};
            ok = add_rel(m, AR_RATIO, AUDIT_RATIO, lab, cells, NULL, 3, factor);
        }
    }
    return ok;
}

/* ---- cohorts: a count of year A at most another count of year A - k
 * (survivors of a generation at most its creations), learned where both
 * are published: at least 10 pairs, 3 of them equal (a loose inequality
 * says little) ---- */
static const int cohort_lag[] = {0, 1, 3, 5};

static bool cohorts(at_model *m)
{
    size_t ni = m->n_ind;
    bool ok = true;
    for (size_t x = 0; ok && x < ni; x++) {
        if (strcmp(m->ind[x].type, "count") || !m->ind[x].integral)
            continue;
        for (size_t y = 0; ok && y < ni; y++) {
            if (y == x || strcmp(m->ind[y].type, "count") || !m->ind[y].integral)
                continue;
            for (size_t k = 0; ok && k < sizeof cohort_lag / sizeof *cohort_lag; k++) {
                int lag = cohort_lag[k];
                long pairs = 0, equal = 0;
                bool holds = true;
                for (size_t i = 0; holds && i < m->n_cells; i++) {
                    const at_cell *c = &m->cell[i];
                    if (c->ind != (int32_t)x || isnan(c->pub))
                        continue;
                    size_t j = at_find(m, (int32_t)y, c->niv, c->terr, c->annee - lag, c->dim);
                    if (j == SIZE_MAX || isnan(m->cell[j].pub))
                        continue;
                    pairs++;
                    equal += c->pub == m->cell[j].pub;
                    holds = c->pub <= m->cell[j].pub;
                }
                if (!holds || pairs < 10 || equal < 3 || equal == pairs)
                    continue;
                char lagtext[32];
                snprintf(lagtext, sizeof lagtext, "%d", lag);
                uint32_t lab = label(m, "%s(A) <= %s(A - %s)", m->ind[x].name, m->ind[y].name, lagtext);
                ok = lab != UINT32_MAX;
                m->learned_cohort++;
                for (size_t i = 0; ok && i < m->n_cells; i++) {
                    const at_cell *c = &m->cell[i];
                    if (c->ind != (int32_t)x)
                        continue;
                    size_t j = at_find(m, (int32_t)y, c->niv, c->terr, c->annee - lag, c->dim);
                    if (j == SIZE_MAX)
                        continue;
                    uint32_t cells[2] = {(uint32_t)i, (uint32_t)j};
                    ok = add_rel(m, AR_LE, AUDIT_COHORT, lab, cells, NULL, 2, 0);
                }
            }
        }
    }
    return ok;
}

/* drops the relations of false families, then indexes them by cell */
static bool finish(at_model *m)
{
    size_t k = 0, t = 0;
    for (size_t i = 0; i < m->n_rel; i++) {
        at_rel r = m->rel[i];
        if (m->label_bad[r.label])
            continue;
        if (r.start != t) {
            memmove(m->term_cell + t, m->term_cell + r.start, r.len * sizeof *m->term_cell);
            memmove(m->term_coef + t, m->term_coef + r.start, r.len * sizeof *m->term_coef);
        }
        r.start = (uint32_t)t;
        t += r.len;
        m->rel[k++] = r;
    }
    m->n_rel = k;
    m->n_terms = t;
    for (size_t l = 0; l < m->labels.n; l++) {
        if (m->label_bad[l])
            m->dropped_families++;
        else
            m->kept_families++;
    }
    m->rel_start = calloc(m->n_cells + 1, sizeof *m->rel_start);
    m->rel_of = malloc((t ? t : 1) * sizeof *m->rel_of);
    if (!m->rel_start || !m->rel_of)
        return false;
    for (size_t i = 0; i < t; i++)
        m->rel_start[m->term_cell[i] + 1]++;
    for (size_t c = 0; c < m->n_cells; c++)
        m->rel_start[c + 1] += m->rel_start[c];
    size_t *fill = malloc((m->n_cells ? m->n_cells : 1) * sizeof *fill);
    if (!fill)
        return false;
    memcpy(fill, m->rel_start, m->n_cells * sizeof *fill);
    for (size_t r = 0; r < m->n_rel; r++)
        for (uint32_t i = 0; i < m->rel[r].len; i++) {
            uint32_t c = m->term_cell[m->rel[r].start + i];
            if (m->rel_start[c] == fill[c] || m->rel_of[fill[c] - 1] != (uint32_t)r)
                m->rel_of[fill[c]++] = (uint32_t)r;
        }
    /* a cell twice in a relation was listed once: close the gaps */
    size_t w = 0;
    for (size_t c = 0; c < m->n_cells; c++) {
        size_t s = m->rel_start[c];
        m->rel_start[c] = w;
        for (size_t i = s; i < fill[c]; i++)
            m->rel_of[w++] = m->rel_of[i];
    }
    m->rel_start[m->n_cells] = w;
    free(fill);
    return true;
}

bool at_model_relations(sqlite3 *db, int64_t run, at_model *m)
{
    (void)run;
    triples ts = {0};
    bool ok = breakdowns(db, m, &ts) && hierarchy(db, m, &ts) && emit_groups(m, &ts);
    free(ts.t);
    ok = ok && equalities(m) && ratios(m) && cohorts(m) && finish(m);
    if (!ok)
        obs_error("audit du secret : mémoire insuffisante ou base illisible pour bâtir les relations");
    return ok;
}
