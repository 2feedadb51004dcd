/* The indicator catalog that analysts edit (indicators/catalog/<id>.sql):
 * a header of "-- key: value" metadata lines, then (for computed kinds) one
 * SELECT whose columns follow a fixed contract:
 *   niveau, territoire, annee, dimension, numerateur, denominateur, n_unites, part_max
 * Derived kinds (evolution, growth, specificity) have no SQL: they name the
 * indicator they derive from with "-- base: ID". See indicators/README.md. */
#ifndef OBS_CATALOG_H
#define OBS_CATALOG_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    KIND_COUNT,       /* valeur = numerateur */
    KIND_SUM,         /* valeur = numerateur */
    KIND_RATIO,       /* valeur = numerateur / denominateur (x 100 for pourcent) */
    KIND_MEAN,        /* valeur = numerateur / denominateur */
    KIND_EVOLUTION,   /* 100 x (base(Y) / base(Y-1) - 1) */
    KIND_GROWTH,      /* 100 x ((base(Y) / base(Y-5))^(1/5) - 1) */
    KIND_SPECIFICITY, /* base(territory) / base(reference level) */
} indicator_kind;

typedef enum { IC_NONE, IC_WILSON, IC_BOOTSTRAP } interval_method;

typedef struct {
    char *file;        /* path, for messages */
    char *id;
    char *titre;
    char *unite;       /* nombre | euros | pourcent | ratio | annees */
    indicator_kind kind;
    interval_method ic;
    char *secret;      /* etablissements | personnes */
    char *theme;
    int ordre;
    char *definition;
    char *sources;
    char *base;        /* derived kinds */
    char *sql;         /* computed kinds */
    int sql_line;      /* line where the SQL starts */
} indicator_def;

typedef struct {
    indicator_def *items;
    size_t n;
} catalog;

/* Reads every *.sql of dir (sorted by name). Metadata errors are logged as
 * file:line and counted in *errors; files with errors are left out. */
bool catalog_load(catalog *c, const char *dir, int *errors);
void catalog_free(catalog *c);
const indicator_def *catalog_find(const catalog *c, const char *id);
const char *indicator_kind_name(indicator_kind k);

/* Validates what needs a database: each SQL prepares under the read-only
 * authorizer and returns the contract's columns in order; derived bases
 * exist. Errors logged as file:line; returns the number of errors. */
int catalog_check(const catalog *c, sqlite3 *db);

#define CATALOG_COLUMNS 8
extern const char *const catalog_columns[CATALOG_COLUMNS];

#endif
