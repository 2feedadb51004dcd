#include "perimeter.h"

#include "db.h"

/* The ESS family of an establishment: none for excluded activities, else the
 * family of its legal category (its own, or its legal unit's), else
 * 'entreprise_ess' when SIRENE flags it ESS. Subqueries on primary keys. */
#define FAMILY                                                                                      \
    "CASE"                                                                                          \
    " WHEN EXISTS (SELECT 1 FROM ref_naf_hors_ess h"                                                \
    "              WHERE substr(etablissement.naf, 1, length(h.naf_prefix)) = h.naf_prefix)"       \
    " THEN NULL"                                                                                    \
    " ELSE coalesce("                                                                               \
    "   (SELECT nullif(r.famille_ess, '') FROM ref_categorie_juridique r"                           \
    "    WHERE r.code = coalesce(nullif(etablissement.categorie_juridique, ''),"                    \
    "                            (SELECT u.categorie_juridique FROM unite_legale u"                 \
    "                             WHERE u.siren = etablissement.siren))),"                          \
    "   CASE WHEN coalesce(nullif(etablissement.ess_flag, ''),"                                     \
    "                      (SELECT u.ess_flag FROM unite_legale u WHERE u.siren = etablissement.siren))" \
    "             = 'O' THEN 'entreprise_ess' END)"                                                 \
    " END"

/* Set-based, and only the rows whose value changes are written: SQLite
 * rewrites a row even when an UPDATE leaves it as it was, and most
 * establishments are outside the ESS (at national scale this halves the
 * time: 17 s instead of 35 s for 10 million establishments). */
static const char perimeter_sql[] =
    "UPDATE etablissement SET famille_ess = " FAMILY " WHERE famille_ess IS NOT (" FAMILY ");"
    "UPDATE etablissement SET est_ess = (famille_ess IS NOT NULL)"
    " WHERE est_ess IS NOT (famille_ess IS NOT NULL);";

bool perimeter_update(sqlite3 *db)
{
    return db_exec(db, perimeter_sql);
}
