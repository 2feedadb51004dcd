/* What the renderers read: published cells of one run from indicator_value,
 * the catalog metadata the run used, territory names and comparison levels.
 * Reports are rendered from these tables only. */
#ifndef OBS_REPORT_DATA_H
#define OBS_REPORT_DATA_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    bool found;      /* a row exists */
    bool secret;     /* statistical secrecy: show "s" */
    bool has_value;  /* valeur is not NULL */
    bool has_ic;
    double valeur, ic_bas, ic_haut;
    int64_t n_unites;
} report_cell;

typedef struct {
    char niveau[16];
    char code[64];
    char nom[256];
} report_territory;

typedef struct {
    sqlite3 *db;
    int64_t run_id;
    int year;
    report_territory territory;   /* the territory the report is about */
    report_territory departement; /* where most of its communes are; empty code if none */
    report_territory region;
    report_territory france;
    sqlite3_stmt *cell_stmt;
    /* honest comparisons: how much of France the loaded establishments
     * cover (of the 18 régions), whether national reference figures are
     * loaded (reference_nationale.csv), the establishments of the territory */
    int regions_loaded, regions_total;
    bool national_reference;
    int64_t territory_establishments;
    sqlite3_stmt *reference_stmt;
    /* when the run started (run.started, ISO 8601), the documents' date:
     * from the ledger, never the clock, so that the same run gives the same
     * files; NULL when the ledger has no such run */
    char *run_started;
} report_data;

/* Latest run that computed indicators successfully, 0 if none. */
int64_t report_latest_run(sqlite3 *db);
/* Latest year with values in the run, 0 if none. */
int report_latest_year(sqlite3 *db, int64_t run_id);

/* Prepares lookups for one territory; fills names and comparison levels. */
bool report_data_open(report_data *rd, sqlite3 *db, int64_t run_id, int year, const char *niveau,
                      const char *code);
void report_data_close(report_data *rd);

/* The lines a report shows above its key figures when its comparisons
 * need a warning (a study territory without establishments, a France
 * column that is not the national total), each ending with '\n'; "" when
 * none. */
void report_comparison_notes(const report_data *rd, char *out, size_t len);

/* The France column comes from data that do not cover all of France. */
bool report_france_partial(const report_data *rd);

/* One published cell; dimension "" for the total. At the France level, a
 * national reference figure when one is loaded for the indicator and year;
 * none when the loaded data do not cover France and no reference exists. */
bool report_cell_get(report_data *rd, const char *indicator, const report_territory *t, int year,
                     const char *dimension, report_cell *out);

/* The catalog metadata of an indicator for the run; strings are malloc'd
 * (free with report_meta_free). false when the indicator is unknown. */
typedef struct {
    char *titre, *unite, *type, *theme, *definition, *sources;
} report_meta;
bool report_meta_get(report_data *rd, const char *indicator, report_meta *out);
void report_meta_free(report_meta *m);

/* The dimension values of a breakdown ("famille", "section", ...) present for
 * an indicator in the territory and year, sorted; NULL-terminated, malloc'd. */
char **report_dimension_values(report_data *rd, const char *indicator, const char *key, size_t *n);
/* The same over several indicators: the union of their values, sorted. */
char **report_section_dimensions(report_data *rd, const char *const *indicators, size_t n_ind,
                                 const char *key, size_t *n);
/* Years with a value for the indicator's total in the territory, ascending. */
int *report_years(report_data *rd, const char *indicator, size_t *n);
void report_free_list(char **list, size_t n);

/* The dimension of one key and value, in the canonical form dim() writes
 * (dimension_key.h); "" when it does not fit in len or the key is invalid. */
void report_dimension_of(const char *key, const char *value, char *out, size_t len);

/* French label of a dimension value: "famille=association" -> "Associations",
 * "section=Q" -> the NAF section's name, "dispositif=D1" -> its name, ... */
void report_dimension_label(report_data *rd, const char *dimension, char *out, size_t len);

/* A published cell in its unit (catalog `unite`: nombre, euros, pourcent,
 * ratio, annees): "s" when secret, "—" when there is no value. */
void fr_cell(const report_cell *c, const char *unite, char *out, size_t len);

#endif
