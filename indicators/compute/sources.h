/* The source family of each indicator, which sets its secrecy rule
 * (docs/confidentiality.md, section 0):
 *   public_sirene   counts anyone can redo from the public SIRENE register (and
 *                   other published tables: geography, URSSAF private employment
 *                   per commune): published as they are, except what would
 *                   locate a non-diffusible unit (statutDiffusion P);
 *   dsn             DSN employment and payroll: 3 units, dominance;
 *   accompagnement  support data about people: 5 people (GDPR);
 *   financement     funding per project: 3 units, dominance;
 *   grille          the interview grid: 3 units, dominance.
 * The family is derived from the tables a query reads; the catalog key
 * "-- confidentialite:" may declare it (stricter always; public_sirene for a
 * query that also reads confidential tables only with
 * "-- dimensions_confidentielles:", the dimensions built from them). */
#ifndef OBS_SOURCES_H
#define OBS_SOURCES_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/compute/catalog.h"
#include "indicators/compute/source_family.h"

/* The family a query's tables give: FAMILY_PUBLIC when it reads only public
 * tables, else the first confidential one in the order financement, dsn,
 * grille, accompagnement; "inconnue" for a table of no known source, or SQL
 * that does not prepare. */
const char *sources_of_sql(sqlite3 *db, const char *sql);

/* The family that applies to an indicator: declared, else derived (from its
 * query; derived kinds take their base's; no SQL: "inconnue", confidential). */
const char *sources_family(const catalog *c, const indicator_def *d, sqlite3 *db);

/* The indicator whose declarations apply to d: d, or for a derived kind
 * without its own confidentialite, its base (recursively). */
const indicator_def *sources_owner(const catalog *c, const indicator_def *d);

/* True when dimension is one of d's dimensions_confidentielles (d: an owner). */
bool sources_conf_dimension(const indicator_def *d, const char *dimension);

/* What `obs indicators check` requires (errors logged file:line, counted):
 * a declared family consistent with the tables read; for a ratio, mean or
 * leverage built from confidential data, a construit_de whose sides are
 * indicators of the catalog, public:NAME or interne:NAME. */
int sources_check(const catalog *c, sqlite3 *db);

/* Checks each declaration on a run's cells: where a side of construit_de is
 * an indicator, the cell's numerateur (denominateur) equals that indicator's
 * raw value for the same territory, year and dimension (relative 10^-6).
 * Errors logged file:line; *checked: the cell pairs compared. */
int sources_check_data(const catalog *c, sqlite3 *db, int64_t run, long *checked);

#endif
