/* Loading input datasets: every row is either inserted or kept in the
 * reject table with file, line, column, raw value and reason; never both,
 * never neither (loaded + rejected = data rows, always). The files of one
 * dataset given in one command form its new version, which replaces the old
 * one in a single transaction, or changes nothing when its checksum is the
 * loaded one. A file whose rejected share exceeds the threshold leaves the
 * previous version in place (its rejects are still recorded). */
#ifndef OBS_LOADER_H
#define OBS_LOADER_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/load/header_name.h"
#include "engine/load/perimeter.h"
#include "engine/load/ref_index.h"

typedef struct load_row load_row;

/* One dataset of the data contract. */
typedef struct {
    const char *name;                 /* "etablissements" */
    const char *const *prefixes;      /* file name prefixes that name it (lowercase) */
    const char *table;
    const char *const *columns;       /* canonical column names (header match ignores case) */
    const char *const *required;      /* columns a file must have */
    /* headers that identify the dataset: alternatives, each "a+b+c" (a
     * header with all of a, b and c; the more columns, the stronger the
     * match; the file name only breaks ties) */
    const char *const *identify;
    /* columns of the published layout the engine does not use: no warning */
    const char *const *ignored;
    /* Wide layouts (one group of columns per year): for a normalised header
     * name, the canonical column it holds and its year, or -1. The year goes
     * to the canonical column year_column; each record gives one row per year. */
    int (*wide_column)(const char *normalised, int *year);
    int year_column;
    const char *insert_wide_sql;      /* the insert for a wide file, when it differs */
    const char *insert_sql;           /* parameters bound by handle_row */
    /* Validates the row and binds the insert's parameters; false after
     * row_reject(). */
    bool (*handle_row)(load_row *row, sqlite3_stmt *insert);
    /* Runs inside the transaction after the rows (e.g. the ESS perimeter). */
    bool (*after)(sqlite3 *db);
} dataset_def;

/* Lookups shared by the row handlers. */
typedef struct {
    sqlite3 *db;
    ref_map *communes, *naf, *cj, *dispositifs;
    ref_map *former_communes, *old_naf; /* SIRENE and URSSAF files as published */
    perimeter_rules *perimeter; /* read after the legal units are loaded */
} load_refs;


/* ---- row access for the handlers (engine/load_*.c) ---- */
/* Trimmed value of canonical column col ("" when absent or empty). */
const char *row_get(const load_row *row, int col);
bool row_has_column(const load_row *row, int col);
const load_refs *row_refs(const load_row *row);
bool row_comma_decimal(const load_row *row);
/* Marks the row rejected on column col with a reason code and a French
 * message; returns false so handlers can `return row_reject(...)`. */
bool row_reject(load_row *row, int col, const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The row is outside the dataset's field (an establishment abroad): neither
 * loaded nor rejected, counted under label, whose '#' stands for the count
 * ("hors champ : # établissements à l'étranger"). Returns false. */
bool row_skip(load_row *row, const char *label);
/* Empties the row's "[ND]" values (not diffused by INSEE for a partially
 * diffusible unit); returns how many there were. */
int row_clear_nd(load_row *row);
/* Counts a loaded row under label (same form), printed once per file. */
void row_note(load_row *row, const char *label);

/* Typed field helpers: validate column col and bind it to parameter param;
 * an empty optional value binds NULL. They reject with the contract's reason
 * codes and return false on a bad value. */
bool bind_text(load_row *row, sqlite3_stmt *st, int param, int col, bool required);
bool bind_siret(load_row *row, sqlite3_stmt *st, int param, int col, bool required);
bool bind_date(load_row *row, sqlite3_stmt *st, int param, int col, bool required, char out[11]);
bool bind_int(load_row *row, sqlite3_stmt *st, int param, int col, bool required, int64_t min,
              int64_t max, int64_t *out);
bool bind_decimal(load_row *row, sqlite3_stmt *st, int param, int col, bool required, double min,
                  double max, double *out);
/* Binds the code as given (param) and the current commune (param + 1). */
bool bind_commune(load_row *row, sqlite3_stmt *st, int param, int col, bool required);
/* The same, for the public files: a former commune code (a commune merged
 * since) goes to its current commune, counted in a note. */
bool bind_commune_or_former(load_row *row, sqlite3_stmt *st, int param, int col, bool required);
/* The current commune of a code (commune, arrondissement or former commune),
 * NULL when unknown. */
const char *row_current_commune(load_row *row, const char *code);
bool bind_enum(load_row *row, sqlite3_stmt *st, int param, int col, bool required,
               const char *const *allowed);
/* 0/1 flags. */
bool bind_flag(load_row *row, sqlite3_stmt *st, int param, int col);
/* Binds a value the handler computed (a SIREN, a normalised code), copied
 * into the row: it may live in the handler's stack. */
void bind_value(load_row *row, sqlite3_stmt *st, int param, const char *v);

/* ---- loading ---- */
typedef struct {
    double max_reject_percent;   /* per file */
    int64_t run_id;
    bool quiet;
    /* replace even by an empty version or one with less than half the rows */
    bool force;
} load_options;

typedef enum { LOAD_DONE, LOAD_UNCHANGED, LOAD_REFUSED, LOAD_FAILED } load_outcome;

typedef struct {
    int64_t rows, loaded, rejected, skipped;
    load_outcome outcome;
    bool shrunk; /* refused as empty or less than half the loaded version */
} load_result;

/* Loads the given files as one version of the dataset. */
load_result loader_load_dataset(const dataset_def *def, const char *const *files, size_t n_files,
                                load_refs *refs, const load_options *opts);

#endif
