/* The primary rules of statistical secrecy, cell by cell (see secret.h). */
#include "indicators/secret/secret_primary.h"

#include <stdio.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/log.h"

/* Frequency, dominance and (if asked) p % rules on one computed indicator's
 * cells. The p % rule: with x1 >= x2 >= ... the contributions of a total T,
 * the second largest contributor learns the largest within p % when
 * T - x1 - x2 < p/100 x1, i.e. 1 - part_max - part_deuxieme < p/100 x part_max.
 * It needs part_deuxieme: cells without it (queries that do not return the
 * column, or a zero total) are left to the other rules. With p = 0 the rule
 * is off outright: with two contributors, part_max + part_deuxieme can exceed
 * 1 by a rounding error. */
bool secret_primary(sqlite3 *db, int64_t run, const indicator_def *d, const secret_rules *r)
{
    bool people = d->secret && d->secret[0] == 'p';
    double min_units = people ? r->min_people : r->min_establishments;
    /* dominance and p % concern amounts held by establishments, not counts of people */
    double dominance = people ? 2.0 : r->dominance;
    double p = people ? 0.0 : r->p_percent / 100.0;
    sqlite3_stmt *st = db_prepare(db,
                                  "UPDATE indicator_value SET secret = 1,"
                                  " motif_secret = CASE WHEN coalesce(n_unites, 0) < ?3 THEN 'frequence'"
                                  " WHEN coalesce(part_max, 0) > ?4 THEN 'dominance' ELSE 'p_pourcent' END"
                                  " WHERE run_id = ?1 AND indicator = ?2 AND secret = 0"
                                  " AND (coalesce(n_unites, 0) < ?3 OR coalesce(part_max, 0) > ?4"
                                  " OR (?5 > 0 AND part_deuxieme IS NOT NULL"
                                  " AND 1 - part_max - part_deuxieme < ?5 * part_max))");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 3, min_units);
    sqlite3_bind_double(st, 4, dominance);
    sqlite3_bind_double(st, 5, p);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

/* Says, when the p % rule is on, which indicators it could not apply to:
 * those held by establishments whose query returns no part_deuxieme. */
bool secret_p_coverage(sqlite3 *db, int64_t run, const catalog *cat, const secret_rules *r)
{
    if (r->p_percent <= 0)
        return true;
    sqlite3_stmt *st = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM indicator_value WHERE run_id = ?1"
                                      " AND indicator = ?2 AND part_deuxieme IS NOT NULL),"
                                      " EXISTS (SELECT 1 FROM indicator_value WHERE run_id = ?1 AND indicator = ?2)");
    if (!st)
        return false;
    size_t applied = 0, without = 0;
    bool truncated = false;
    char list[1024] = "";
    for (size_t i = 0; i < cat->n; i++) {
        const indicator_def *d = &cat->items[i];
        if ((d->secret && d->secret[0] == 'p') || d->kind == KIND_EVOLUTION || d->kind == KIND_GROWTH ||
            d->kind == KIND_SPECIFICITY)
            continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, run);
        sqlite3_bind_text(st, 2, d->id, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_finalize(st);
            return false;
        }
        if (sqlite3_column_int(st, 0)) {
            applied++;
        } else if (sqlite3_column_int(st, 1)) { /* not computed in this run (--only): not named */
            size_t len = strlen(list);
            if (!truncated && len + strlen(d->id) + 8 < sizeof list) /* room left for ", ..." */
                snprintf(list + len, sizeof list - len, "%s%s", without ? ", " : "", d->id);
            else if (!truncated) {
                snprintf(list + len, sizeof list - len, ", ...");
                truncated = true;
            }
            without++;
        }
    }
    sqlite3_finalize(st);
    obs_info("secret statistique : règle du p %% (p = %g) appliquée à %zu indicateur%s ; sans part_deuxieme,"
             " elle ne s'applique pas à %zu indicateur%s%s%s",
             r->p_percent, applied, applied > 1 ? "s" : "", without, without > 1 ? "s" : "", without ? " : " : "",
             list);
    return true;
}

/* Records the p of the run, for obs audit-secret (no row in unit tests). */
bool secret_record_p(sqlite3 *db, int64_t run, const secret_rules *r)
{
    sqlite3_stmt *st = db_prepare(db, "UPDATE run SET secret_p = ?2 WHERE id = ?1");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_double(st, 2, r->p_percent);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}
