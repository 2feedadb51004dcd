#include "engine/load/loader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/load/bulk_write.h"
#include "engine/core/checksum.h"
#include "engine/load/csv_ahead.h"
#include "engine/load/csv_reader.h"
#include "engine/core/db.h"
#include "engine/core/grow.h"
#include "engine/core/ledger.h"
#include "engine/core/log.h"
#include "engine/load/parse.h"
#include "engine/core/progress.h"

#define MAX_COLUMNS 64
#define SHOWN_REJECTS 10   /* rejects printed per file; all are recorded */
#define VALUE_BYTES 200    /* raw value kept in the reject table */
#define MAX_PARAMS 32      /* parameters with a buffer of their own in the row */
#define SHORT_BYTES 16

/* ---------- per-reason counts for the summary ---------- */

typedef struct {
    const char *reason;
    long count;
} reason_count;

/* As many reasons as the handlers give: the list grows. */
typedef struct {
    reason_count *items;
    size_t n, cap;
    long uncounted; /* rows whose reason could not be added (out of memory) */
} reason_counts;

static void count_reason(reason_counts *rc, const char *reason)
{
    for (size_t i = 0; i < rc->n; i++)
        if (strcmp(rc->items[i].reason, reason) == 0) {
            rc->items[i].count++;
            return;
        }
    if (!grow((void **)&rc->items, &rc->cap, rc->n + 1, sizeof *rc->items)) {
        if (!rc->uncounted++)
            obs_error("mémoire insuffisante pour compter les motifs (« %s » et les suivants non comptés)", reason);
        return;
    }
    rc->items[rc->n++] = (reason_count){reason, 1};
}

static void reason_counts_free(reason_counts *rc)
{
    free(rc->items);
    *rc = (reason_counts){0};
}

struct load_row {
    const dataset_def *def;
    const load_refs *refs;
    const char *values[MAX_COLUMNS]; /* by canonical column, valid until the next record */
    /* computed values (dates, codes) bound without a copy by SQLite: they
     * stay here until the row is inserted */
    char bound[MAX_PARAMS][SHORT_BYTES];
    int field_of[MAX_COLUMNS];       /* 1-based field number in the file, 0 if absent */
    bool comma_decimal;
    /* the reject, when the handler refuses the row */
    bool rejected, skipped;
    reason_counts *notes; /* skipped and noted rows of the file, by label */
    int reject_col;
    const char *reason;
    char message[256];
};

/* ---------- row access ---------- */

const char *row_get(const load_row *row, int col) { return row->values[col]; }
bool row_has_column(const load_row *row, int col) { return row->field_of[col] > 0; }
const load_refs *row_refs(const load_row *row) { return row->refs; }
bool row_comma_decimal(const load_row *row) { return row->comma_decimal; }

bool row_reject(load_row *row, int col, const char *reason, const char *fmt, ...)
{
    row->rejected = true;
    row->reject_col = col;
    row->reason = reason;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(row->message, sizeof row->message, fmt, ap);
    va_end(ap);
    return false;
}

bool row_skip(load_row *row, const char *label)
{
    row->skipped = true;
    count_reason(row->notes, label);
    return false;
}

void row_note(load_row *row, const char *label) { count_reason(row->notes, label); }

int row_clear_nd(load_row *row)
{
    int n = 0;
    for (size_t c = 0; row->def->columns[c]; c++)
        if (row->values[c][0] == '[' && strcmp(row->values[c], "[ND]") == 0) {
            row->values[c] = "";
            n++;
        }
    return n;
}

static const char *column_name(const load_row *row, int col) { return row->def->columns[col]; }

/* Row values live until the next record is read, after the insertion: SQLite
 * need not copy them (a copy per field is a malloc and a free per field). */
static void bind_static(sqlite3_stmt *st, int param, const char *v)
{
    if (*v)
        sqlite3_bind_text(st, param, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, param);
}

void bind_value(load_row *row, sqlite3_stmt *st, int param, const char *v)
{
    size_t n = strlen(v);
    if (param < 1 || param > MAX_PARAMS || n >= SHORT_BYTES) {
        sqlite3_bind_text(st, param, v, -1, SQLITE_TRANSIENT);
        return;
    }
    memcpy(row->bound[param - 1], v, n + 1);
    sqlite3_bind_text(st, param, row->bound[param - 1], (int)n, SQLITE_STATIC);
}

static bool missing(load_row *row, int col)
{
    return row_reject(row, col, "valeur_obligatoire", "la colonne %s est vide", column_name(row, col));
}

bool bind_text(load_row *row, sqlite3_stmt *st, int param, int col, bool required)
{
    const char *v = row->values[col];
    if (!*v && required)
        return missing(row, col);
    bind_static(st, param, v);
    return true;
}

bool bind_siret(load_row *row, sqlite3_stmt *st, int param, int col, bool required)
{
    const char *v = row->values[col];
    if (!*v)
        return required ? missing(row, col) : (sqlite3_bind_null(st, param), true);
    if (!siret_valid(v))
        return row_reject(row, col, "siret_invalide",
                          "SIRET invalide « %s » (14 chiffres, clé de Luhn)", v);
    bind_static(st, param, v);
    return true;
}

bool bind_date(load_row *row, sqlite3_stmt *st, int param, int col, bool required, char out[11])
{
    const char *v = row->values[col];
    out[0] = '\0';
    if (!*v)
        return required ? missing(row, col) : (sqlite3_bind_null(st, param), true);
    if (!parse_date(v, out))
        return row_reject(row, col, "date_invalide",
                          "date invalide « %s » (AAAA-MM-JJ ou JJ/MM/AAAA)", v);
    bind_value(row, st, param, out);
    return true;
}

bool bind_int(load_row *row, sqlite3_stmt *st, int param, int col, bool required, int64_t min,
              int64_t max, int64_t *out)
{
    const char *v = row->values[col];
    if (!*v)
        return required ? missing(row, col) : (sqlite3_bind_null(st, param), true);
    int64_t x;
    if (!parse_int64(v, &x))
        return row_reject(row, col, "nombre_invalide", "%s n'est pas un entier : « %s »",
                          column_name(row, col), v);
    if (x < min)
        return row_reject(row, col, min == 0 ? "valeur_negative" : "valeur_hors_bornes",
                          "%s = %lld, inférieur à %lld", column_name(row, col), (long long)x,
                          (long long)min);
    if (x > max)
        return row_reject(row, col, "valeur_hors_bornes", "%s = %lld, supérieur à %lld",
                          column_name(row, col), (long long)x, (long long)max);
    sqlite3_bind_int64(st, param, x);
    if (out)
        *out = x;
    return true;
}

bool bind_decimal(load_row *row, sqlite3_stmt *st, int param, int col, bool required, double min,
                  double max, double *out)
{
    const char *v = row->values[col];
    if (!*v)
        return required ? missing(row, col) : (sqlite3_bind_null(st, param), true);
    double x;
    if (!parse_decimal(v, row->comma_decimal, &x))
        return row_reject(row, col, "nombre_invalide", "%s n'est pas un nombre : « %s »%s",
                          column_name(row, col), v,
                          strchr(v, ',') && !row->comma_decimal
                              ? " (virgule décimale admise seulement dans les fichiers séparés par ;)"
                              : "");
    if (x < min)
        return row_reject(row, col, min == 0 ? "valeur_negative" : "valeur_hors_bornes",
                          "%s = %s, inférieur à %g", column_name(row, col), v, min);
    if (x > max)
        return row_reject(row, col, "valeur_hors_bornes", "%s = %s, supérieur à %g",
                          column_name(row, col), v, max);
    sqlite3_bind_double(st, param, x);
    if (out)
        *out = x;
    return true;
}

bool bind_commune(load_row *row, sqlite3_stmt *st, int param, int col, bool required)
{
    const char *v = row->values[col];
    if (!*v) {
        if (required)
            return missing(row, col);
        sqlite3_bind_null(st, param);
        sqlite3_bind_null(st, param + 1);
        return true;
    }
    const char *commune = ref_map_get(row->refs->communes, v);
    if (!commune)
        return row_reject(row, col, "commune_inconnue",
                          "commune « %s » absente du référentiel géographique", v);
    bind_static(st, param, v);
    sqlite3_bind_text(st, param + 1, commune, -1, SQLITE_STATIC); /* the index outlives the load */
    return true;
}

const char *row_current_commune(load_row *row, const char *code)
{
    const char *commune = ref_map_get(row->refs->communes, code);
    if (!commune && row->refs->former_communes &&
        (commune = ref_map_get(row->refs->former_communes, code)))
        row_note(row, "# codes de communes fusionnées depuis, rapportés à la commune actuelle");
    return commune;
}

bool bind_commune_or_former(load_row *row, sqlite3_stmt *st, int param, int col, bool required)
{
    const char *v = row->values[col];
    if (!*v || ref_map_get(row->refs->communes, v))
        return bind_commune(row, st, param, col, required);
    const char *commune = row_current_commune(row, v);
    if (!commune)
        return row_reject(row, col, "commune_inconnue",
                          "commune « %s » absente du référentiel géographique (ni actuelle ni ancienne)", v);
    bind_static(st, param, v);
    sqlite3_bind_text(st, param + 1, commune, -1, SQLITE_STATIC); /* the index outlives the load */
    return true;
}

bool bind_enum(load_row *row, sqlite3_stmt *st, int param, int col, bool required,
               const char *const *allowed)
{
    const char *v = row->values[col];
    if (!*v)
        return required ? missing(row, col) : (sqlite3_bind_null(st, param), true);
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(allowed[i], v) == 0) {
            sqlite3_bind_text(st, param, allowed[i], -1, SQLITE_STATIC);
            return true;
        }
    char list[256] = "";
    for (size_t i = 0; allowed[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", allowed[i]);
    return row_reject(row, col, "valeur_non_autorisee", "%s = « %s » : valeurs possibles %s",
                      column_name(row, col), v, list);
}

bool bind_flag(load_row *row, sqlite3_stmt *st, int param, int col)
{
    static const char *const flags[] = {"0", "1", NULL};
    const char *v = row->values[col];
    if (!*v) {
        sqlite3_bind_null(st, param);
        return true;
    }
    if (!bind_enum(row, st, param, col, false, flags))
        return false;
    sqlite3_bind_int(st, param, v[0] == '1');
    return true;
}

/* ---------- rejects, spooled to a temporary file until the outcome is known ---------- */

typedef struct {
    FILE *fp;
    long count;
} reject_spool;

static void spool_str(FILE *fp, const char *s)
{
    uint32_t n = (uint32_t)strlen(s);
    fwrite(&n, sizeof n, 1, fp);
    fwrite(s, 1, n, fp);
}

static char *read_str(FILE *fp)
{
    uint32_t n;
    if (fread(&n, sizeof n, 1, fp) != 1 || n > (1u << 20))
        return NULL;
    char *s = malloc(n + 1);
    if (s && fread(s, 1, n, fp) != n) {
        free(s);
        return NULL;
    }
    if (s)
        s[n] = '\0';
    return s;
}

/* Copies at most VALUE_BYTES of v, never cutting a UTF-8 sequence. */
static void clip_value(const char *v, char out[VALUE_BYTES + 1])
{
    size_t n = strlen(v);
    if (n > VALUE_BYTES) {
        n = VALUE_BYTES;
        while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, v, n);
    out[n] = '\0';
}

static bool spool_reject(reject_spool *sp, const char *file, long line, const char *column,
                         const char *value, const char *reason, const char *message)
{
    char clipped[VALUE_BYTES + 1];
    clip_value(value ? value : "", clipped);
    int64_t l = line;
    fwrite(&l, sizeof l, 1, sp->fp);
    spool_str(sp->fp, file);
    spool_str(sp->fp, column);
    spool_str(sp->fp, clipped);
    spool_str(sp->fp, reason);
    spool_str(sp->fp, message);
    sp->count++;
    return !ferror(sp->fp);
}

static bool spool_replay(reject_spool *sp, sqlite3 *db, const char *dataset)
{
    if (fflush(sp->fp) != 0 || fseek(sp->fp, 0, SEEK_SET) != 0)
        return false;
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO reject(dataset, file, line, column, value,"
                                      " reason, message) VALUES(?,?,?,?,?,?,?)");
    if (!st)
        return false;
    bool ok = true;
    for (long i = 0; i < sp->count && ok; i++) {
        int64_t line;
        if (fread(&line, sizeof line, 1, sp->fp) != 1) {
            ok = false;
            break;
        }
        char *s[5];
        for (int k = 0; k < 5; k++)
            s[k] = read_str(sp->fp);
        ok = s[0] && s[1] && s[2] && s[3] && s[4];
        if (ok) {
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, dataset, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, s[0], -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 3, line);
            sqlite3_bind_text(st, 4, s[1], -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 5, s[2], -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 6, s[3], -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 7, s[4], -1, SQLITE_STATIC);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        for (int k = 0; k < 5; k++)
            free(s[k]);
    }
    sqlite3_finalize(st);
    if (!ok)
        obs_error("enregistrement des rejets de %s impossible", dataset);
    return ok;
}

/* ---------- one file ---------- */

typedef struct {
    const dataset_def *def;
    load_refs *refs;
    sqlite3_stmt *insert;
    reject_spool *spool;
    reason_counts *reasons;
    const load_options *opts;
} load_ctx;

typedef struct {
    int64_t rows, loaded, rejected, skipped;
    bool failed;
    char checksum[33];
} file_result;

static size_t count_columns(const dataset_def *def)
{
    size_t n = 0;
    while (def->columns[n])
        n++;
    return n;
}

static void reject_row(load_ctx *ctx, file_result *fr, const char *path, long line, int field,
                       const char *column, const char *value, const char *reason, const char *message)
{
    fr->rejected++;
    count_reason(ctx->reasons, reason);
    spool_reject(ctx->spool, path, line, column, value, reason, message);
    if (fr->rejected <= SHOWN_REJECTS && !ctx->opts->quiet)
        obs_error_at(path, line, field, "%s [%s]", message, reason);
    else if (fr->rejected == SHOWN_REJECTS + 1 && !ctx->opts->quiet)
        obs_warn("%s : autres rejets non affichés (voir `obs rejects`)", path);
}

#define MAX_YEARS 64
#define NAME_BYTES 256

/* How a file's fields map to the dataset's columns. */
typedef struct {
    size_t nfields;
    char **header;    /* trimmed names as written */
    int *canonical;   /* field -> column, -1 when unused */
    /* wide layouts: the years, and per year and column the field (0 absent) */
    int years[MAX_YEARS];
    size_t n_years;
    int (*year_field)[MAX_COLUMNS];
    bool wide[MAX_COLUMNS]; /* columns given per year */
} file_layout;

static void layout_free(file_layout *lay)
{
    for (size_t f = 0; lay->header && f < lay->nfields; f++)
        free(lay->header[f]);
    free(lay->header);
    free(lay->canonical);
    free(lay->year_field);
}

static bool listed(const char *const *names, const char *normalised)
{
    char n[NAME_BYTES];
    for (size_t i = 0; names && names[i]; i++) {
        header_normalise(names[i], n, sizeof n);
        if (strcmp(n, normalised) == 0)
            return true;
    }
    return false;
}

/* Maps the header; false when a required column is missing (said). */
static bool map_header(const dataset_def *def, const char *path, const csv_record *rec, load_row *row,
                       file_layout *lay)
{
    size_t ncols = count_columns(def);
    lay->nfields = rec->nfields;
    lay->canonical = malloc(rec->nfields * sizeof *lay->canonical);
    lay->header = calloc(rec->nfields, sizeof *lay->header);
    lay->year_field = def->wide_column ? calloc(MAX_YEARS, sizeof *lay->year_field) : NULL;
    if (!lay->canonical || !lay->header || (def->wide_column && !lay->year_field)) {
        obs_error("%s : mémoire insuffisante", path);
        return false;
    }
    char unknown[1024] = "";
    size_t n_unknown = 0;
    bool cut = false;
    for (size_t f = 0; f < rec->nfields; f++) {
        lay->header[f] = strdup(str_trim(rec->fields[f]));
        lay->canonical[f] = -1;
        if (!lay->header[f]) {
            obs_error("%s : mémoire insuffisante", path);
            return false;
        }
        char name[NAME_BYTES], col[NAME_BYTES];
        header_normalise(lay->header[f], name, sizeof name);
        for (size_t c = 0; c < ncols; c++) {
            header_normalise(def->columns[c], col, sizeof col);
            if (strcmp(name, col) == 0 && row->field_of[c] == 0) {
                lay->canonical[f] = (int)c;
                row->field_of[c] = (int)f + 1;
                break;
            }
        }
        int year = 0, wc = -1;
        if (lay->canonical[f] < 0 && def->wide_column && (wc = def->wide_column(name, &year)) >= 0) {
            size_t y = 0;
            while (y < lay->n_years && lay->years[y] != year)
                y++;
            if (y == lay->n_years) {
                if (y == MAX_YEARS) {
                    obs_error_at(path, 1, (int)f + 1, "plus de %d années en colonnes (« %s ») : fichier non chargé",
                                 MAX_YEARS, lay->header[f]);
                    return false;
                }
                lay->years[lay->n_years++] = year;
            }
            lay->year_field[y][wc] = (int)f + 1;
            lay->wide[wc] = true;
            row->field_of[wc] = (int)f + 1;
            continue;
        }
        if (lay->canonical[f] < 0 && name[0] && !listed(def->ignored, name)) {
            n_unknown++;
            size_t used = strlen(unknown);
            if (!cut && used + strlen(lay->header[f]) + 8 < sizeof unknown - 8) {
                snprintf(unknown + used, sizeof unknown - used, "%s« %s »", used ? ", " : "", lay->header[f]);
            } else if (!cut) { /* the count says how many; the list ends with … */
                snprintf(unknown + used, sizeof unknown - used, ", …");
                cut = true;
            }
        }
    }
    if (n_unknown)
        obs_warn("%s : %zu colonne%s inconnue%s, ignorée%s : %s", path, n_unknown, n_unknown > 1 ? "s" : "",
                 n_unknown > 1 ? "s" : "", n_unknown > 1 ? "s" : "", unknown);
    if (lay->year_field)
        row->field_of[def->year_column] = lay->n_years ? -1 : row->field_of[def->year_column];
    bool ok = true;
    for (size_t i = 0; def->required[i]; i++)
        for (size_t c = 0; c < ncols; c++)
            if (strcmp(def->columns[c], def->required[i]) == 0 && row->field_of[c] == 0) {
                obs_error_at(path, 1, 0, "colonne obligatoire « %s » absente : fichier non chargé",
                             def->required[i]);
                ok = false;
            }
    return ok;
}

/* Hands one row to the dataset's handler and inserts it. */
static void handle_one(load_ctx *ctx, file_result *fr, const char *path, long line, load_row *row)
{
    const dataset_def *def = ctx->def;
    row->rejected = row->skipped = false;
    sqlite3_reset(ctx->insert);
    sqlite3_clear_bindings(ctx->insert);
    if (!def->handle_row(row, ctx->insert)) {
        if (row->skipped) {
            fr->skipped++;
            return;
        }
        int col = row->reject_col;
        reject_row(ctx, fr, path, line, row->field_of[col] > 0 ? row->field_of[col] : 0, def->columns[col],
                   row->values[col], row->reason, row->message);
        return;
    }
    int rc = sqlite3_step(ctx->insert);
    if (rc == SQLITE_DONE) {
        fr->loaded++;
    } else if (rc == SQLITE_CONSTRAINT) {
        reject_row(ctx, fr, path, line, row->field_of[0], def->columns[0], row->values[0], "doublon",
                   "ligne en double (même clé qu'une ligne précédente)");
    } else {
        obs_error_at(path, line, 0, "insertion impossible : %s", sqlite3_errmsg(ctx->refs->db));
        fr->failed = true;
    }
}

static void print_notes(const char *path, const reason_counts *notes)
{
    for (size_t i = 0; i < notes->n; i++) {
        const char *label = notes->items[i].reason, *hash = strchr(label, '#');
        if (hash)
            printf("%s : %.*s%ld%s\n", path, (int)(hash - label), label, notes->items[i].count, hash + 1);
        else
            printf("%s : %ld × %s\n", path, notes->items[i].count, label);
    }
    if (notes->uncounted)
        printf("%s : %ld lignes notées sans motif compté (mémoire insuffisante)\n", path, notes->uncounted);
}

static file_result load_file(load_ctx *ctx, const char *path)
{
    file_result fr = {0};
    const dataset_def *def = ctx->def;
    size_t ncols = count_columns(def);
    char err[512];
    csv_reader *r = csv_open(path, err, sizeof err);
    if (!r) {
        obs_error("%s", err);
        fr.failed = true;
        return fr;
    }
    csv_record rec;
    csv_problem p;
    csv_status s = csv_next(r, &rec, &p);
    if (s != CSV_RECORD) {
        obs_error_at(path, s == CSV_BAD_RECORD ? p.line : 1, 0, "en-tête illisible%s%s",
                     s == CSV_BAD_RECORD ? " : " : " (fichier vide ?)", s == CSV_BAD_RECORD ? p.message : "");
        csv_close(r);
        fr.failed = true;
        return fr;
    }
    reason_counts notes = {0};
    load_row row = {.def = def, .refs = ctx->refs, .notes = &notes};
    row.comma_decimal = csv_get_stats(r)->delimiter == ';';
    file_layout lay = {0};
    fr.failed = !map_header(def, path, &rec, &row, &lay);
    size_t header_fields = lay.nfields;
    char **header = lay.header;
    /* a wide file has a statement of its own (rows of one key add up) */
    sqlite3_stmt *narrow = ctx->insert, *wide = NULL;
    if (!fr.failed && lay.n_years && def->insert_wide_sql) {
        wide = db_prepare(ctx->refs->db, def->insert_wide_sql);
        fr.failed = !wide;
        ctx->insert = wide ? wide : narrow;
    }
    progress prog;
    progress_start(&prog, path, "octets", csv_get_stats(r)->file_size);
    /* the next records are read on the other core while this one inserts
     * (without a thread, read here) */
    csv_ahead *ahead = fr.failed ? NULL : csv_ahead_start(r);
    uint64_t bytes_read = 0;
    while (!fr.failed &&
           (s = ahead ? csv_ahead_next(ahead, &rec, &p, &bytes_read) : csv_next(r, &rec, &p)) != CSV_EOF) {
        if (s == CSV_IO_ERROR) {
            obs_error("%s : erreur de lecture", path);
            fr.failed = true;
            break;
        }
        int64_t rows_of_record = lay.n_years ? (int64_t)lay.n_years : 1;
        fr.rows += rows_of_record;
        progress_update(&prog, ahead ? bytes_read : csv_get_stats(r)->bytes_read);
        if (s == CSV_BAD_RECORD || rec.nfields != header_fields) {
            char msg[128];
            if (s != CSV_BAD_RECORD)
                snprintf(msg, sizeof msg, "%zu champs au lieu des %zu de l'en-tête", rec.nfields,
                         header_fields);
            for (int64_t k = 0; k < rows_of_record; k++) {
                if (s == CSV_BAD_RECORD) {
                    const char *col =
                        p.column > 0 && (size_t)p.column <= header_fields ? header[p.column - 1] : "";
                    reject_row(ctx, &fr, path, p.line, p.column, col, p.raw, p.reason, p.message);
                } else {
                    reject_row(ctx, &fr, path, rec.line, 0, "", rec.fields[0], "nombre_colonnes", msg);
                }
            }
            continue;
        }
        for (size_t c = 0; c < ncols; c++)
            row.values[c] = "";
        for (size_t f = 0; f < header_fields; f++)
            if (lay.canonical[f] >= 0)
                row.values[lay.canonical[f]] = str_trim(rec.fields[f]);
        if (!lay.n_years) {
            handle_one(ctx, &fr, path, rec.line, &row);
            continue;
        }
        /* a wide record: one row per year */
        for (size_t y = 0; y < lay.n_years && !fr.failed; y++) {
            char year[12];
            snprintf(year, sizeof year, "%d", lay.years[y]);
            row.values[def->year_column] = year;
            for (size_t c = 0; c < ncols; c++)
                if (lay.wide[c]) { /* "" when this year lacks the column */
                    row.field_of[c] = lay.year_field[y][c];
                    row.values[c] = lay.year_field[y][c] > 0 ? str_trim(rec.fields[lay.year_field[y][c] - 1]) : "";
                }
            handle_one(ctx, &fr, path, rec.line, &row);
        }
    }
    csv_ahead_stop(ahead); /* r is ours again */
    progress_finish(&prog);
    if (!fr.failed) {
        snprintf(fr.checksum, sizeof fr.checksum, "%s", csv_checksum(r));
        if (csv_get_stats(r)->recoded_records)
            obs_warn("%s : %ld lignes en Windows-1252 dans un fichier UTF-8, converties", path,
                     csv_get_stats(r)->recoded_records);
        if (!ctx->opts->quiet)
            print_notes(path, &notes);
    }
    ctx->insert = narrow;
    sqlite3_finalize(wide);
    reason_counts_free(&notes);
    layout_free(&lay);
    csv_close(r);
    return fr;
}

/* ---------- one dataset ---------- */

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Checksum of a version: over the sorted checksums of its files, so the
 * order of the command line does not matter. */
static bool version_checksum(const char *const *files, size_t n, char out[33], char ***sums_out)
{
    char **sums = calloc(n, sizeof *sums);
    if (!sums)
        return false;
    for (size_t i = 0; i < n; i++) {
        sums[i] = checksum_file(files[i]);
        if (!sums[i]) {
            obs_error("impossible de lire %s", files[i]);
            for (size_t k = 0; k < i; k++)
                free(sums[k]);
            free(sums);
            return false;
        }
    }
    char **sorted = malloc(n * sizeof *sorted);
    char *joined = malloc(n * 33 + 1);
    if (!sorted || !joined) {
        free(sorted);
        free(joined);
        for (size_t k = 0; k < n; k++)
            free(sums[k]);
        free(sums);
        return false;
    }
    memcpy(sorted, sums, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_strings);
    joined[0] = '\0';
    for (size_t i = 0; i < n; i++)
        strcat(joined, sorted[i]);
    checksum_buffer(joined, strlen(joined), out);
    free(joined);
    free(sorted);
    *sums_out = sums;
    return true;
}

static char *current_checksum(sqlite3 *db, const char *dataset)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT checksum FROM dataset_load WHERE dataset=?");
    char *sum = NULL;
    if (st) {
        sqlite3_bind_text(st, 1, dataset, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            sum = strdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return sum;
}

/* Rows of the loaded version of a dataset, 0 when none. */
static int64_t loaded_rows(sqlite3 *db, const char *dataset)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT loaded FROM dataset_load WHERE dataset=?");
    int64_t n = 0;
    if (st) {
        sqlite3_bind_text(st, 1, dataset, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

static char *join_files(const char *const *files, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(files[i]) + 1;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, "|");
        strcat(s, files[i]);
    }
    return s;
}

static void record_attempt(sqlite3 *db, const load_options *opts, const char *dataset,
                           const char *files, const char *checksum, const load_result *res,
                           const char *outcome)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT INTO load_attempt(run_id, dataset, files, checksum,"
                                      " rows, loaded, rejected, outcome, at) VALUES(?,?,?,?,?,?,?,?,?)");
    if (!st)
        return;
    char now[32];
    db_now_iso(now, sizeof now);
    sqlite3_bind_int64(st, 1, opts->run_id);
    sqlite3_bind_text(st, 2, dataset, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, files, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, checksum, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, res->rows);
    sqlite3_bind_int64(st, 6, res->loaded);
    sqlite3_bind_int64(st, 7, res->rejected);
    sqlite3_bind_text(st, 8, outcome, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, now, -1, SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_finalize(st);
}

static bool record_version(sqlite3 *db, const load_options *opts, const char *dataset,
                           const char *files, const char *checksum, const load_result *res)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT OR REPLACE INTO dataset_load(dataset, files, checksum,"
                                      " rows, loaded, rejected, loaded_at, run_id)"
                                      " VALUES(?,?,?,?,?,?,?,?)");
    if (!st)
        return false;
    char now[32];
    db_now_iso(now, sizeof now);
    sqlite3_bind_text(st, 1, dataset, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, files, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, checksum, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, res->rows);
    sqlite3_bind_int64(st, 5, res->loaded);
    sqlite3_bind_int64(st, 6, res->rejected);
    sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, opts->run_id);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

static void print_summary(const dataset_def *def, const load_result *res, const reason_counts *rc,
                          const char *verdict)
{
    printf("%-18s %10lld lignes, %10lld chargées, %8lld rejetées  %s\n", def->name,
           (long long)res->rows, (long long)res->loaded, (long long)res->rejected, verdict);
    if (res->skipped)
        printf("%-18s   %8lld ni chargées ni rejetées (hors champ ou sans valeur, voir ci-dessus)\n", "", (long long)res->skipped);
    for (size_t i = 0; i < rc->n; i++)
        printf("%-18s   %8ld × %s\n", "", rc->items[i].count, rc->items[i].reason);
    if (rc->uncounted)
        printf("%-18s   %8ld × motif non compté (mémoire insuffisante)\n", "", rc->uncounted);
}

load_result loader_load_dataset(const dataset_def *def, const char *const *files, size_t n_files,
                                load_refs *refs, const load_options *opts)
{
    load_result res = {.outcome = LOAD_FAILED};
    sqlite3 *db = refs->db;
    char checksum[33];
    char **sums = NULL;
    if (!version_checksum(files, n_files, checksum, &sums))
        return res;
    char *joined = join_files(files, n_files);
    char *before = current_checksum(db, def->name);
    if (before && strcmp(before, checksum) == 0) {
        res.outcome = LOAD_UNCHANGED;
        record_attempt(db, opts, def->name, joined ? joined : "", checksum, &res, "unchanged");
        printf("%-18s inchangé (même contenu que la version chargée)\n", def->name);
        goto out;
    }
    reject_spool spool = {.fp = tmpfile()};
    reason_counts reasons = {0};
    if (!spool.fp) {
        obs_error("impossible de créer un fichier temporaire pour les rejets");
        goto out;
    }
    char del[128];
    snprintf(del, sizeof del, "DELETE FROM %s", def->table);
    sqlite3_stmt *insert = NULL;
    bulk_indexes indexes = {.n = 0};
    bulk_journal(db, true);
    bool ok = db_begin(db) && bulk_indexes_drop(db, def->table, &indexes) && db_exec(db, del) &&
              (insert = db_prepare(db, def->insert_sql));
    load_ctx ctx = {def, refs, insert, &spool, &reasons, opts};
    bool refused = false, shrunk = false;
    int64_t previous = loaded_rows(db, def->name);
    for (size_t i = 0; ok && i < n_files; i++) {
        file_result fr = load_file(&ctx, files[i]);
        ok = !fr.failed;
        res.rows += fr.rows;
        res.loaded += fr.loaded;
        res.rejected += fr.rejected;
        res.skipped += fr.skipped;
        if (fr.loaded + fr.rejected + fr.skipped != fr.rows) { /* the invariant of the contract */
            obs_error("%s : %lld chargées + %lld rejetées + %lld hors champ ≠ %lld lignes", files[i],
                      (long long)fr.loaded, (long long)fr.rejected, (long long)fr.skipped, (long long)fr.rows);
            ok = false;
        }
        /* rows outside the field are not in the reject share */
        int64_t in_field = fr.rows - fr.skipped;
        if (ok && in_field > 0 && 100.0 * (double)fr.rejected / (double)in_field > opts->max_reject_percent) {
            obs_error("%s : %lld lignes rejetées sur %lld (%.1f %%), au-delà du seuil de %.1f %% :"
                      " %s n'est pas remplacé", files[i], (long long)fr.rejected, (long long)in_field,
                      100.0 * (double)fr.rejected / (double)in_field, opts->max_reject_percent, def->name);
            refused = true;
        }
        if (ok && fr.rows == 0 && !opts->force) {
            obs_error("%s : aucune ligne de données (en-tête seul) : %s n'est pas remplacé ; %lld lignes"
                      " chargées seraient perdues (--force pour le remplacer quand même)", files[i], def->name,
                      (long long)previous);
            refused = shrunk = true;
        }
        if (ok)
            ledger_input(db, opts->run_id, def->name, files[i], sums[i], fr.rows);
    }
    sqlite3_finalize(insert);
    if (ok && !refused && !opts->force && previous > 0 && 2 * res.loaded < previous) {
        obs_error("%s : la nouvelle version (%lld lignes chargées) remplacerait les %lld lignes chargées par"
                  " moins de la moitié : %lld lignes seraient perdues ; version précédente conservée"
                  " (--force pour la remplacer quand même)", def->name, (long long)res.loaded,
                  (long long)previous, (long long)(previous - res.loaded));
        refused = shrunk = true;
    }
    if (ok && !refused) {
        ok = bulk_indexes_build(db, &indexes) && (!def->after || def->after(db));
        sqlite3_stmt *clear = ok ? db_prepare(db, "DELETE FROM reject WHERE dataset=?") : NULL;
        if (clear) {
            sqlite3_bind_text(clear, 1, def->name, -1, SQLITE_STATIC);
            ok = sqlite3_step(clear) == SQLITE_DONE;
            sqlite3_finalize(clear);
        }
        ok = ok && spool_replay(&spool, db, def->name) &&
             record_version(db, opts, def->name, joined ? joined : "", checksum, &res) && db_commit(db);
        if (ok) {
            res.outcome = LOAD_DONE;
            record_attempt(db, opts, def->name, joined ? joined : "", checksum, &res, "loaded");
        }
    }
    if (!ok || refused) {
        db_rollback(db);
        if (refused) {
            /* keep the old version, but show why the new one was refused */
            sqlite3_stmt *clear = NULL;
            bool kept = db_begin(db) && (clear = db_prepare(db, "DELETE FROM reject WHERE dataset=?"));
            if (clear) {
                sqlite3_bind_text(clear, 1, def->name, -1, SQLITE_STATIC);
                kept = sqlite3_step(clear) == SQLITE_DONE;
                sqlite3_finalize(clear);
            }
            kept = kept && spool_replay(&spool, db, def->name);
            if (kept)
                record_attempt(db, opts, def->name, joined ? joined : "", checksum, &res, "refused");
            if (!kept || !db_commit(db))
                db_rollback(db);
            res.outcome = LOAD_REFUSED;
            res.shrunk = shrunk;
        }
    }
    bulk_indexes_free(&indexes);
    bulk_journal(db, false);
    print_summary(def, &res, &reasons,
                  res.outcome == LOAD_DONE      ? "chargé"
                  : res.outcome == LOAD_REFUSED && shrunk ? "REFUSÉ (lignes perdues, version précédente conservée)"
                  : res.outcome == LOAD_REFUSED ? "REFUSÉ (trop de rejets, version précédente conservée)"
                                                : "ÉCHEC (version précédente conservée)");
    reason_counts_free(&reasons);
    fclose(spool.fp);
out:
    for (size_t i = 0; i < n_files; i++)
        free(sums[i]);
    free(sums);
    free(before);
    free(joined);
    return res;
}
