/* Interval protection, part 1: the groups in memory (see
 * secret_intervals.h); the bounds carried through them are in
 * secret_intervals_propagate.c. Written apart from the audit's attacker
 * (indicators/audit), which shares no code. */
#include "indicators/secret/secret_intervals.h"
#include "indicators/secret/secret_intervals_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"

static uint64_t hash_id(int64_t id)
{
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

uint32_t iv_find(const secret_intervals *iv, int64_t id)
{
    for (size_t s = hash_id(id) & (iv->n_slots - 1);; s = (s + 1) & (iv->n_slots - 1)) {
        uint32_t c = iv->slot[s];
        if (c == UINT32_MAX || iv->cell[c].id == id)
            return c;
    }
}

/* The cell with rowid id, added if new (*fresh then true). */
static uint32_t find_or_add(secret_intervals *iv, int64_t id, bool *fresh)
{
    size_t s = hash_id(id) & (iv->n_slots - 1);
    for (; iv->slot[s] != UINT32_MAX; s = (s + 1) & (iv->n_slots - 1))
        if (iv->cell[iv->slot[s]].id == id) {
            *fresh = false;
            return iv->slot[s];
        }
    *fresh = true;
    iv->slot[s] = (uint32_t)iv->n_cells;
    memset(&iv->cell[iv->n_cells], 0, sizeof *iv->cell);
    iv->cell[iv->n_cells].id = id;
    iv->cell[iv->n_cells].cap = INFINITY;
    return (uint32_t)iv->n_cells++;
}

static uint32_t indicator_of(secret_intervals *iv, const char *name)
{
    for (size_t i = 0; i < iv->n_ind; i++)
        if (strcmp(iv->ind_name[i], name) == 0)
            return (uint32_t)i;
    char **names = realloc(iv->ind_name, (iv->n_ind + 1) * sizeof *names);
    if (!names)
        return UINT32_MAX;
    iv->ind_name = names;
    iv_indicator *ind = realloc(iv->ind, (iv->n_ind + 1) * sizeof *ind);
    if (!ind)
        return UINT32_MAX;
    iv->ind = ind;
    names[iv->n_ind] = strdup(name);
    if (!names[iv->n_ind])
        return UINT32_MAX;
    return (uint32_t)iv->n_ind++;
}

void secret_intervals_free(secret_intervals *iv)
{
    if (!iv)
        return;
    for (size_t i = 0; i < iv->n_ind; i++)
        free(iv->ind_name[i]);
    free(iv->ind_name);
    free(iv->ind);
    free(iv->cell);
    free(iv->gs);
    free(iv->gm);
    free(iv->cs);
    free(iv->cg);
    free(iv->slot);
    free(iv->comp);
    free(iv->dirty);
    free(iv->ratio);
    free(iv->rs);
    free(iv->rr);
    free(iv->ratio_seen);
    iv_work_free(iv);
    free(iv);
}

static long long count_members(sqlite3 *db)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM temp.members");
    long long n = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

/* Each cell's groups, from the groups' members. */
static bool index_groups_of_cells(secret_intervals *iv)
{
    size_t n_members = iv->gs[iv->n_groups];
    iv->cs = calloc(iv->n_cells + 1, sizeof *iv->cs);
    iv->cg = malloc((n_members ? n_members : 1) * sizeof *iv->cg);
    uint32_t *fill = malloc((iv->n_cells ? iv->n_cells : 1) * sizeof *fill);
    if (!iv->cs || !iv->cg || !fill) {
        free(fill);
        return false;
    }
    for (size_t i = 0; i < n_members; i++)
        iv->cs[iv->gm[i] + 1]++;
    for (size_t c = 0; c < iv->n_cells; c++)
        iv->cs[c + 1] += iv->cs[c];
    memcpy(fill, iv->cs, iv->n_cells * sizeof *fill);
    for (size_t g = 0; g < iv->n_groups; g++)
        for (uint32_t i = iv->gs[g]; i < iv->gs[g + 1]; i++)
            iv->cg[fill[iv->gm[i]]++] = (uint32_t)g;
    free(fill);
    return true;
}

static uint32_t root(uint32_t *up, uint32_t c)
{
    while (up[c] != c) {
        up[c] = up[up[c]];
        c = up[c];
    }
    return c;
}

/* The connected parts of the groups (union-find over their members). */
static bool index_parts(secret_intervals *iv)
{
    size_t n = iv->n_cells ? iv->n_cells : 1;
    iv->comp = malloc(n * sizeof *iv->comp);
    iv->dirty = calloc(n, 1);
    if (!iv->comp || !iv->dirty)
        return false;
    for (size_t c = 0; c < iv->n_cells; c++)
        iv->comp[c] = (uint32_t)c;
    for (size_t g = 0; g < iv->n_groups; g++) {
        uint32_t first = root(iv->comp, iv->gm[iv->gs[g]]);
        for (uint32_t i = iv->gs[g] + 1; i < iv->gs[g + 1]; i++) {
            uint32_t r = root(iv->comp, iv->gm[i]);
            if (r != first)
                iv->comp[r] = first;
        }
    }
    for (size_t c = 0; c < iv->n_cells; c++)
        iv->comp[c] = root(iv->comp, (uint32_t)c);
    iv->all_dirty = true;
    return true;
}

/* Whole numbers and lowest values, from every loaded value. The catalog
 * has no zero frame key (a count whose absent rows are zeros) yet: a count
 * row exists only where a unit does. */
static void indicator_bounds(secret_intervals *iv, const catalog *cat)
{
    double *min = malloc((iv->n_ind ? iv->n_ind : 1) * sizeof *min);
    for (size_t i = 0; i < iv->n_ind; i++) {
        iv->ind[i].whole = true;
        if (min)
            min[i] = INFINITY;
    }
    for (size_t c = 0; c < iv->n_cells; c++) {
        const iv_cell *x = &iv->cell[c];
        if (isnan(x->x))
            continue;
        if (x->x != floor(x->x))
            iv->ind[x->ind].whole = false;
        if (min && x->x < min[x->ind])
            min[x->ind] = x->x;
    }
    for (size_t i = 0; i < iv->n_ind; i++) {
        bool count = false;
        for (size_t k = 0; k < cat->n; k++)
            if (strcmp(cat->items[k].id, iv->ind_name[i]) == 0)
                count = cat->items[k].kind == KIND_COUNT;
        double m = min ? min[i] : -INFINITY;
        iv->ind[i].lower = count && iv->ind[i].whole && m >= 1 ? 1.0 : m >= 0 ? 0.0 : -INFINITY;
    }
    free(min);
}

/* A count declared on a frame (`-- cadre: ID`: employers among the
 * establishments) is at most the frame's cell of the same place, year and
 * dimension: where that cell is published, anyone bounds the hidden count
 * by it (the audit's attacker learns it as a count inequality). Nationally,
 * without it, the audit bounded 16 hidden employers' counts within 10 %
 * that the model left wide. */
static bool frame_caps(secret_intervals *iv, sqlite3 *db, const catalog *cat)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT v.rowid, f.valeur_brute FROM temp.cell_cost k"
                                      " JOIN indicator_value v ON v.rowid = k.id AND v.indicator = ?1"
                                      " JOIN indicator_value f ON f.run_id = v.run_id AND f.indicator = ?2"
                                      " AND f.niveau = v.niveau AND f.territoire = v.territoire"
                                      " AND f.annee = v.annee AND f.dimension = v.dimension"
                                      " WHERE f.secret = 0 AND f.valeur_brute IS NOT NULL");
    bool ok = st != NULL;
    for (size_t i = 0; ok && i < cat->n; i++) {
        const indicator_def *d = &cat->items[i];
        if (!d->frame || d->kind != KIND_COUNT)
            continue;
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, d->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, d->frame, -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            uint32_t c = iv_find(iv, sqlite3_column_int64(st, 0));
            if (c != UINT32_MAX)
                iv->cell[c].cap = fmin(iv->cell[c].cap, sqlite3_column_double(st, 1));
        }
        ok = rc == SQLITE_DONE;
    }
    if (!ok)
        obs_error("secret statistique, intervalles : lecture des cadres : %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return ok;
}

/* Whether the raw values of members gm[start] (the total) .. gm[end - 1]
 * add up; a group with a cell without value is kept. */
static bool adds_up(const secret_intervals *iv, size_t start, size_t end)
{
    double t = iv->cell[iv->gm[start]].x, sum = 0, scale = fabs(t);
    for (size_t i = start + 1; i < end; i++) {
        double x = iv->cell[iv->gm[i]].x;
        if (isnan(x))
            return true;
        sum += x;
        scale = fmax(scale, fabs(x));
    }
    return isnan(t) || fabs(t - sum) <= 1e-9 * fmax(1.0, scale) * (double)(end - start);
}

static const char load_sql[] =
    "SELECT m.grp, m.id, m.x, m.total, m.secret, v.indicator, k.big, k.level, k.n"
    " FROM temp.members m JOIN temp.groups g ON g.grp = m.grp JOIN temp.cell_cost k ON k.id = m.id"
    " JOIN indicator_value v ON v.rowid = m.id"
    " WHERE substr(m.grp, 1, 2) NOT IN ('o|', 'r|') ORDER BY m.grp, m.total DESC";

secret_intervals *secret_intervals_load(sqlite3 *db, const catalog *cat)
{
    long long n = count_members(db);
    if (n < 0)
        return NULL;
    secret_intervals *iv = calloc(1, sizeof *iv);
    if (!iv)
        return NULL;
    size_t cap = (size_t)n + 1;
    iv->n_slots = 16;
    while (iv->n_slots < 2 * cap)
        iv->n_slots *= 2;
    iv->slot = malloc(iv->n_slots * sizeof *iv->slot);
    iv->cell = malloc(cap * sizeof *iv->cell);
    iv->gs = malloc((cap + 1) * sizeof *iv->gs);
    iv->gm = malloc(cap * sizeof *iv->gm);
    sqlite3_stmt *st = iv->slot && iv->cell && iv->gs && iv->gm ? db_prepare(db, load_sql) : NULL;
    if (!st) {
        if (iv->slot)
            obs_error("secret statistique, intervalles : mémoire insuffisante");
        secret_intervals_free(iv);
        return NULL;
    }
    memset(iv->slot, 0xff, iv->n_slots * sizeof *iv->slot);
    char *prev = NULL;
    size_t n_members = 0;
    bool ok = true, skip = false;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *grp = (const char *)sqlite3_column_text(st, 0);
        bool total = sqlite3_column_int(st, 3) != 0;
        if (!prev || strcmp(prev, grp) != 0) {
            free(prev);
            prev = strdup(grp);
            ok = prev != NULL;
            /* a group starts with its total (ORDER BY total DESC) */
            skip = !total;
            if (!skip)
                iv->gs[iv->n_groups++] = (uint32_t)n_members;
        } else if (total && !skip) {
            /* two totals: not a sum of parts, left out */
            n_members = iv->gs[--iv->n_groups];
            skip = true;
        }
        if (skip || !ok || n_members >= cap)
            continue;
        bool fresh;
        uint32_t c = find_or_add(iv, sqlite3_column_int64(st, 1), &fresh);
        if (fresh) {
            iv_cell *x = &iv->cell[c];
            x->x = sqlite3_column_type(st, 2) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 2);
            x->hidden = sqlite3_column_int(st, 4) != 0 || isnan(x->x);
            x->big = (uint8_t)sqlite3_column_int(st, 6);
            x->level = (uint8_t)sqlite3_column_int(st, 7);
            x->n = sqlite3_column_int64(st, 8);
            x->ind = indicator_of(iv, (const char *)sqlite3_column_text(st, 5));
            ok = x->ind != UINT32_MAX;
        }
        iv->gm[n_members++] = c;
    }
    if (ok && rc != SQLITE_DONE) {
        obs_error("secret statistique, intervalles : lecture des groupes : %s", sqlite3_errmsg(db));
        ok = false;
    }
    free(prev);
    sqlite3_finalize(st);
    /* a group of its total alone says nothing; one whose parts do not add
     * up to its total (people counted in several parts) tells no bounds */
    size_t kept = 0, at = 0;
    for (size_t g = 0; ok && g < iv->n_groups; g++) {
        size_t end = g + 1 < iv->n_groups ? iv->gs[g + 1] : n_members;
        size_t start = iv->gs[g];
        if (end - start < 2 || !adds_up(iv, start, end))
            continue;
        iv->gs[kept++] = (uint32_t)at;
        memmove(iv->gm + at, iv->gm + start, (end - start) * sizeof *iv->gm);
        at += end - start;
    }
    iv->n_groups = kept;
    iv->gs[kept] = (uint32_t)at;
    ok = ok && index_groups_of_cells(iv) && index_parts(iv) && frame_caps(iv, db, cat) && iv_ratios_load(iv, db);
    if (!ok) {
        secret_intervals_free(iv);
        return NULL;
    }
    indicator_bounds(iv, cat);
    return iv;
}

bool secret_intervals_hide(secret_intervals *iv, sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    if (!st)
        return false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        uint32_t c = iv_find(iv, sqlite3_column_int64(st, 0));
        if (c == UINT32_MAX)
            iv_ratios_hide(iv, sqlite3_column_int64(st, 0));
        else if (!iv->cell[c].hidden) {
            iv->cell[c].hidden = 1;
            iv->dirty[iv->comp[c]] = 1;
            iv_work_stale(iv);
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
}
