#include "indicators/secret/secret_funders.h"

#include <stdlib.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"
#include "indicators/linear/dense_row.h"
#include "indicators/secret/secret_funder_cells.h"

void secret_funders_free(secret_funders *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->name[i]);
    free(f->name);
    free(f->owner);
    free(f->only);
    free(f->parts);
    memset(f, 0, sizeof *f);
}

/* The funder named name, or SECRET_FUNDER_NONE. */
static int32_t funder_index(const secret_funders *f, const char *name)
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
    return SECRET_FUNDER_NONE;
}

static bool add_name(secret_funders *f, const char *name)
{
    if (f->n && strcmp(f->name[f->n - 1], name) == 0)
        return true;
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 16;
        char **p = realloc(f->name, cap * sizeof *p);
        if (!p)
            return false;
        f->name = p;
        f->cap = cap;
    }
    size_t len = strlen(name) + 1;
    f->name[f->n] = malloc(len);
    if (!f->name[f->n])
        return false;
    memcpy(f->name[f->n++], name, len);
    return true;
}

static bool read_names(sqlite3 *db, secret_funders *f)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT DISTINCT valeur FROM dimension_cle WHERE cle = 'financeur'"
                                      " ORDER BY valeur");
    if (!st)
        return false;
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        ok = add_name(f, s ? s : "");
    }
    if (!ok)
        obs_error("secret statistique : mémoire insuffisante pour les financeurs");
    else if (rc != SQLITE_DONE) {
        obs_error("secret statistique : lecture des financeurs : %s", sqlite3_errmsg(db));
        ok = false;
    }
    sqlite3_finalize(st);
    return ok;
}

/* owner: the cells of the model that name a funder. */
static bool read_owners(sqlite3 *db, int64_t run, const secret_funder_slots *s, secret_funders *f)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT id, funder FROM temp.funder_own WHERE ?1 = ?1");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t c = s->slot_of(s->model, sqlite3_column_int64(st, 0));
        const char *name = (const char *)sqlite3_column_text(st, 1);
        if (c < s->n_slots)
            f->owner[c] = funder_index(f, name ? name : "");
    }
    bool ok = rc == SQLITE_DONE;
    if (!ok)
        obs_error("secret statistique : lecture des cellules par financeur : %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return ok;
}

static bool add_part(secret_funders *f, secret_funder_part p)
{
    secret_funder_part *parts = pool_reserve(f->parts, &f->cap_parts, f->n_parts + 1, sizeof *parts);
    if (!parts)
        return false;
    f->parts = parts;
    f->parts[f->n_parts++] = p;
    return true;
}

/* The parts of the cells naming no funder (the cells of the same
 * indicator, place and year whose dimension is its own plus financeur =
 * X), for only. */
static bool read_parts(sqlite3 *db, int64_t run, const secret_funder_slots *s, secret_funders *f)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT f.p, f.funder, f.v, v.secret FROM temp.funder_parts f"
                                      " JOIN indicator_value v ON v.rowid = f.v WHERE ?1 = ?1");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    int rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t c = s->slot_of(s->model, sqlite3_column_int64(st, 0));
        if (c >= s->n_slots || f->owner[c] >= 0)
            continue;
        const char *name = (const char *)sqlite3_column_text(st, 1);
        secret_funder_part p = {c, s->slot_of(s->model, sqlite3_column_int64(st, 2)),
                                funder_index(f, name ? name : ""), sqlite3_column_int(st, 3) != 0};
        ok = add_part(f, p);
    }
    if (!ok)
        obs_error("secret statistique : mémoire insuffisante pour les financeurs");
    else if (rc != SQLITE_DONE) {
        obs_error("secret statistique : lecture des parts par financeur : %s", sqlite3_errmsg(db));
        ok = false;
    }
    sqlite3_finalize(st);
    return ok;
}

void secret_funders_refresh(secret_funders *f, const secret_funder_slots *s)
{
    for (size_t c = 0; c < s->n_slots; c++)
        f->only[c] = SECRET_FUNDER_NONE;
    for (size_t i = 0; i < f->n_parts; i++) {
        const secret_funder_part *p = &f->parts[i];
        if (!(p->part < s->n_slots ? s->hidden(s->model, p->part) : p->hidden))
            continue; /* a published part: known to everyone */
        int32_t *only = &f->only[p->total];
        if (p->funder < 0)
            *only = SECRET_FUNDER_SEVERAL; /* not possible with the names of dimension_cle; safe side */
        else
            *only = *only == SECRET_FUNDER_NONE || *only == p->funder ? p->funder : SECRET_FUNDER_SEVERAL;
    }
}

bool secret_funders_read(sqlite3 *db, int64_t run, const secret_funder_slots *s, secret_funders *f)
{
    memset(f, 0, sizeof *f);
    size_t n = s->n_slots ? s->n_slots : 1;
    f->owner = malloc(n * sizeof *f->owner);
    f->only = malloc(n * sizeof *f->only);
    if (!f->owner || !f->only) {
        obs_error("secret statistique : mémoire insuffisante pour les financeurs");
        return false;
    }
    for (size_t c = 0; c < s->n_slots; c++)
        f->owner[c] = f->only[c] = SECRET_FUNDER_NONE;
    /* the cells by funder, read once per suppression (secret_funder_cells.h) */
    bool ok = read_names(db, f) && secret_funder_cells(db, run) && read_owners(db, run, s, f) &&
              read_parts(db, run, s, f);
    if (ok)
        secret_funders_refresh(f, s);
    return ok;
}
