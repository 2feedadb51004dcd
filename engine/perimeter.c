#include "perimeter.h"

#include "db.h"

/* Set-based: one UPDATE over all establishments, subqueries on primary keys. */
static const char perimeter_sql[] =
    "UPDATE etablissement SET famille_ess = CASE"
    " WHEN EXISTS (SELECT 1 FROM ref_naf_hors_ess h"
    "              WHERE substr(etablissement.naf, 1, length(h.naf_prefix)) = h.naf_prefix)"
    " THEN NULL"
    " ELSE coalesce("
    "   (SELECT nullif(r.famille_ess, '') FROM ref_categorie_juridique r"
    "    WHERE r.code = coalesce(nullif(etablissement.categorie_juridique, ''),"
    "                            (SELECT u.categorie_juridique FROM unite_legale u"
    "                             WHERE u.siren = etablissement.siren))),"
    "   CASE WHEN coalesce(nullif(etablissement.ess_flag, ''),"
    "                      (SELECT u.ess_flag FROM unite_legale u WHERE u.siren = etablissement.siren))"
    "             = 'O' THEN 'entreprise_ess' END)"
    " END;"
    "UPDATE etablissement SET est_ess = (famille_ess IS NOT NULL);";

bool perimeter_update(sqlite3 *db)
{
    return db_exec(db, perimeter_sql);
}
