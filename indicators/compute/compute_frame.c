#include "indicators/compute/compute_frame.h"

#include "engine/core/db.h"
#include "engine/core/log.h"

bool frame_fill(sqlite3 *db, int64_t run, const indicator_def *d, long *rows)
{
    if (!d->frame)
        return true;
    sqlite3_stmt *st = db_prepare(db,
        "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, numerateur,"
        " denominateur, ic_bas, ic_haut, n_unites, part_max, part_deuxieme, secret)"
        " SELECT ?1, ?2, f.niveau, f.territoire, f.annee, f.dimension, 0, 0, NULL, NULL, NULL, 0, NULL, NULL, 0"
        " FROM indicator_value f WHERE f.run_id = ?1 AND f.indicator = ?3"
        " AND f.annee IN (SELECT DISTINCT annee FROM indicator_value WHERE run_id = ?1 AND indicator = ?2)"
        " AND f.dimension IN (SELECT DISTINCT dimension FROM indicator_value WHERE run_id = ?1 AND indicator = ?2)"
        " AND NOT EXISTS (SELECT 1 FROM indicator_value v WHERE v.run_id = ?1 AND v.indicator = ?2"
        "   AND v.niveau = f.niveau AND v.territoire = f.territoire AND v.annee = f.annee"
        "   AND v.dimension = f.dimension)");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, d->frame, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (ok)
        *rows += sqlite3_changes(db);
    else
        obs_error_at(d->file, d->frame_line, 1, "indicateur %s : cellules à 0 du cadre %s impossibles à écrire : %s",
                     d->id, d->frame, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return ok;
}
