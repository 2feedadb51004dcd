/* The indicator catalog that analysts edit (indicators/catalog/<id>.sql):
 * a header of "-- key: value" metadata lines, then (for computed kinds) one
 * SELECT whose columns follow a fixed contract:
 *   niveau, territoire, annee, dimension, numerateur, denominateur, n_unites, part_max
 * and optionally part_deuxieme (p % rule). Derived kinds (evolution, growth, specificity, survival_rate,
 * survival_median) have no SQL: they name the indicator they derive from with
 * "-- base: ID". A survival indicator's SELECT returns one row per unit:
 *   niveau, territoire, comparaison, groupe, entree, duree, evenement
 * (durations in years; entree > 0 for delayed entry), or counted units, with
 * a last column poids (a whole number of units) either at every level or per
 * commune (then first column commune instead of niveau, territoire, rolled up
 * by the engine to the levels of "-- niveaux:"); a leverage indicator's
 * one row per funding of a project:
 *   niveau, territoire, annee, dimension, projet, public, prive
 * See indicators/README.md. */
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
    KIND_SURVIVAL,    /* Kaplan–Meier curves per group (own column contract, below) */
    KIND_SURVIVAL_RATE,   /* 100 x S(horizon) of a survival base, with its interval */
    KIND_SURVIVAL_MEDIAN, /* median survival time of a survival base, with its interval */
    KIND_LEVERAGE,    /* sum(prive) / sum(public) over projects, bootstrap interval (own contract) */
} indicator_kind;

/* Wilson for proportions, bootstrap for ratios of sums, and the Kaplan–Meier
 * interval types for survival definitions. */
typedef enum { IC_NONE, IC_WILSON, IC_BOOTSTRAP, IC_KM_LOGLOG, IC_KM_LOG, IC_KM_PLAIN } interval_method;

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
    char *secret_from; /* "-- secret_herite: ID": a cell is secret where the same cell of ID is */
    char *family;      /* "-- confidentialite: public_sirene | dsn | accompagnement | financement | grille":
                        * the source family, which sets the rule (see indicators/compute/sources.h); NULL: derived
                        * from the tables the query reads */
    char *conf_dims;   /* "-- dimensions_confidentielles: d1, d2": of a public_sirene indicator, the
                        * dimension values (exact strings) built from confidential data */
    char *built_num;   /* "-- construit_de: NUM / DEN": what a ratio, mean or leverage divides; each side
                        * an indicator id, "public:NAME" (a public quantity) or "interne:NAME" (a
                        * quantity never published) */
    char *built_den;
    int built_line;    /* line of construit_de (0: none) */
    char *frame;       /* "-- cadre: ID": a count or sum whose cells exist wherever ID's do (computed
                        * before it, same dimensions), 0 where nothing is counted; a masked cell may
                        * then be 0 (indicators/compute/compute_frame.h) */
    int frame_line;    /* line of cadre (0: none) */
    int type_line;     /* line of type (0: none), for messages */
    double horizon;    /* survival_rate: years */
    char **levels;     /* survival per commune, "-- niveaux: a, b": levels of geo to roll up to */
    int n_levels;      /* 0: every level of geo */
    int cumul_share;   /* "-- cumul_communes: COL": column index (4, 5 or 6) whose largest unit
                        * part_max is a share of; 0 when the query is not declared additive */
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
/* The optional ninth column: the second largest unit's share, for the p %
 * rule of statistical secrecy (which does not apply where it is missing). */
#define CATALOG_SECOND_SHARE "part_deuxieme"
/* True when a computed kind's statement returns the contract's columns
 * (their count; the optional ninth must be part_deuxieme). */
bool catalog_columns_ok(sqlite3_stmt *st);
#define SURVIVAL_COLUMNS 7
extern const char *const survival_columns[SURVIVAL_COLUMNS];
/* the same with a count of units, at every level or per commune */
extern const char *const survival_counted_columns[SURVIVAL_COLUMNS + 1];
extern const char *const survival_commune_columns[SURVIVAL_COLUMNS];
#define LEVERAGE_COLUMNS 7
extern const char *const leverage_columns[LEVERAGE_COLUMNS];

/* True for kinds computed from another indicator rather than from SQL. */
bool indicator_is_derived(indicator_kind k);

#endif
