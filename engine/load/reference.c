#include "engine/load/reference.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/load/csv_reader.h"
#include "engine/core/db.h"
#include "engine/core/log.h"
#include "engine/load/ref_index.h"

#define MAX_COLS 8

typedef struct {
    const char *file;
    const char *table;
    const char *columns[MAX_COLS]; /* header names, also the table's columns */
} reference_file;

static const reference_file reference_files[] = {
    {"regions.csv", "ref_region", {"code", "nom"}},
    {"departements.csv", "ref_departement", {"code", "nom", "region"}},
    {"epci.csv", "ref_epci", {"code", "nom", "type", "population"}},
    {"communes.csv", "ref_commune",
     {"code", "nom", "type", "commune_parent", "departement", "region", "epci", "population"}},
    {"naf.csv", "ref_naf", {"code", "libelle", "niveau", "parent", "section"}},
    {"categories_juridiques.csv", "ref_categorie_juridique", {"code", "libelle", "famille_ess"}},
    {"naf_hors_ess.csv", "ref_naf_hors_ess", {"naf_prefix", "motif"}},
    {"communes_anciennes.csv", "ref_commune_ancienne", {"ancien_code", "commune"}},
    {"naf_ancienne.csv", "ref_naf_ancienne", {"nomenclature", "code", "naf", "section", "libelle"}},
};

/* Rows in an older nomenclature whose rev. 2 section is ambiguous are shown
 * under a section of their own, named like the others in ref_naf. */
static const char old_section_sql[] =
    "INSERT OR REPLACE INTO ref_naf(code, libelle, niveau, parent, section)"
    " VALUES('" NAF_OLD_SECTION "', 'Activité en nomenclature ancienne', 'section', NULL, '" NAF_OLD_SECTION "')";

static size_t count_columns(const reference_file *rf)
{
    size_t n = 0;
    while (n < MAX_COLS && rf->columns[n])
        n++;
    return n;
}

/* Checksum stored for the file's previous load, or NULL. */
static char *loaded_checksum(sqlite3 *db, const char *file)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT checksum FROM reference_version WHERE file=?");
    char *sum = NULL;
    if (st) {
        sqlite3_bind_text(st, 1, file, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            sum = strdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return sum;
}

static sqlite3_stmt *insert_statement(sqlite3 *db, const reference_file *rf, size_t ncols)
{
    char sql[512];
    int k = snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO %s(", rf->table);
    for (size_t i = 0; i < ncols; i++)
        k += snprintf(sql + k, sizeof sql - (size_t)k, "%s%s", i ? "," : "", rf->columns[i]);
    k += snprintf(sql + k, sizeof sql - (size_t)k, ") VALUES(");
    for (size_t i = 0; i < ncols; i++)
        k += snprintf(sql + k, sizeof sql - (size_t)k, "%s?", i ? "," : "");
    snprintf(sql + k, sizeof sql - (size_t)k, ")");
    return db_prepare(db, sql);
}

static bool load_file(sqlite3 *db, const char *dir, const reference_file *rf)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rf->file);
    char err[512];
    csv_reader *r = csv_open(path, err, sizeof err);
    if (!r) {
        obs_error("référentiel : %s", err);
        return false;
    }
    size_t ncols = count_columns(rf);
    int index[MAX_COLS];
    csv_record rec;
    csv_problem p;
    csv_status s = csv_next(r, &rec, &p);
    if (s != CSV_RECORD) {
        obs_error_at(path, 1, 0, "en-tête illisible ou fichier vide");
        csv_close(r);
        return false;
    }
    for (size_t c = 0; c < ncols; c++) {
        index[c] = -1;
        for (size_t f = 0; f < rec.nfields; f++)
            if (strcasecmp(rec.fields[f], rf->columns[c]) == 0)
                index[c] = (int)f;
        if (index[c] < 0) {
            obs_error_at(path, 1, 0, "colonne obligatoire « %s » absente", rf->columns[c]);
            csv_close(r);
            return false;
        }
    }
    char *before = loaded_checksum(db, rf->file); /* to say when a file changed */
    bool ok = true;
    long rows = 0;
    char del[128];
    snprintf(del, sizeof del, "DELETE FROM %s", rf->table);
    sqlite3_stmt *ins = NULL;
    if (!db_exec(db, del) || !(ins = insert_statement(db, rf, ncols)))
        ok = false;
    while (ok && (s = csv_next(r, &rec, &p)) != CSV_EOF) {
        if (s != CSV_RECORD) {
            obs_error_at(path, p.line, p.column, "%s", p.message);
            ok = false;
            break;
        }
        sqlite3_reset(ins);
        for (size_t c = 0; c < ncols; c++) {
            size_t f = (size_t)index[c];
            if (f >= rec.nfields) {
                obs_error_at(path, rec.line, (int)f + 1, "colonne « %s » manquante", rf->columns[c]);
                ok = false;
                break;
            }
            db_bind_text_or_null(ins, (int)c + 1, rec.fields[f]);
        }
        if (ok && sqlite3_step(ins) != SQLITE_DONE) {
            obs_error_at(path, rec.line, 0, "insertion impossible : %s", sqlite3_errmsg(db));
            ok = false;
        }
        rows++;
    }
    sqlite3_finalize(ins);
    const char *sum = csv_checksum(r);
    if (ok) {
        sqlite3_stmt *st = db_prepare(db, "INSERT OR REPLACE INTO reference_version(file, checksum,"
                                          " rows, loaded_at) VALUES(?,?,?,?)");
        char now[32];
        db_now_iso(now, sizeof now);
        ok = st != NULL;
        if (ok) {
            sqlite3_bind_text(st, 1, rf->file, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, sum, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 3, rows);
            sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
        if (ok && (!before || strcmp(before, sum) != 0))
            obs_info("référentiel %s : %ld lignes%s", rf->file, rows, before ? " (modifié)" : "");
    }
    free(before);
    csv_close(r);
    return ok;
}

bool reference_load(sqlite3 *db, const char *dir)
{
    for (size_t i = 0; i < sizeof reference_files / sizeof *reference_files; i++)
        if (!load_file(db, dir, &reference_files[i]))
            return false;
    return db_exec(db, old_section_sql);
}
