#include "engine/load/geo_outlines.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/core/checksum.h"
#include "engine/core/db.h"
#include "engine/core/fr_format.h"
#include "engine/load/geojson.h"
#include "engine/core/log.h"

typedef struct {
    const char *file;  /* under geo/ */
    const char *niveau; /* contour.niveau and territoire.niveau */
    const char *key;   /* property holding the code */
    const char *label; /* for messages: "de communes" */
} outline_file;

static const outline_file outline_files[] = {
    {"communes.geojson", "commune", "commune", "de communes"},
    {"epci.geojson", "epci", "epci", "d'EPCI"},
    {"departements.geojson", "departement", "departement", "de départements"},
    {"regions.geojson", "region", "region", "de régions"},
};

#define EXAMPLES 5

typedef struct {
    sqlite3 *db;
    const char *path;
    const outline_file *of;
    sqlite3_stmt *known, *insert;
    unsigned char *blob;
    size_t blob_cap;
    long loaded, unknown, no_geometry;
    char examples[EXAMPLES][65];
} load_ctx;

void geo_outlines_encode(const double *lonlat, size_t n, unsigned char *out)
{
    for (size_t i = 0; i < 2 * n; i++) {
        uint64_t u;
        memcpy(&u, &lonlat[i], sizeof u);
        for (int b = 0; b < 8; b++)
            out[8 * i + (size_t)b] = (unsigned char)(u >> (8 * b));
    }
}

static bool known_code(load_ctx *c, const char *code, bool *known)
{
    sqlite3_reset(c->known);
    sqlite3_bind_text(c->known, 2, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(c->known);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        obs_error("%s : vérification du code « %s » : %s", c->path, code, sqlite3_errmsg(c->db));
        return false;
    }
    *known = rc == SQLITE_ROW;
    return true;
}

static bool on_feature(void *ctx, const geojson_feature *f)
{
    load_ctx *c = ctx;
    if (!f->code) /* the EPCI feature of the communes outside any EPCI */
        return true;
    bool known;
    if (!known_code(c, f->code, &known))
        return false;
    if (!known) {
        if (c->unknown < EXAMPLES)
            snprintf(c->examples[c->unknown], sizeof c->examples[0], "%s", f->code);
        c->unknown++;
        return true;
    }
    if (!f->n_rings) {
        c->no_geometry++;
        return true;
    }
    for (size_t r = 0; r < f->n_rings; r++) {
        const geojson_ring *ring = &f->rings[r];
        size_t bytes = ring->n * 16;
        if (bytes > c->blob_cap) {
            unsigned char *p = realloc(c->blob, bytes);
            if (!p) {
                obs_error("%s : entité n° %zu : mémoire insuffisante", c->path, f->number);
                return false;
            }
            c->blob = p;
            c->blob_cap = bytes;
        }
        geo_outlines_encode(ring->lonlat, ring->n, c->blob);
        sqlite3_stmt *st = c->insert;
        sqlite3_reset(st);
        sqlite3_bind_text(st, 2, f->code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)r);
        sqlite3_bind_int(st, 4, ring->hole);
        sqlite3_bind_int64(st, 5, (sqlite3_int64)ring->n);
        sqlite3_bind_blob(st, 6, c->blob, (int)bytes, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_CONSTRAINT) {
            obs_error("%s : entité n° %zu : le code « %s » a déjà un contour dans ce fichier", c->path, f->number,
                      f->code);
            return false;
        }
        if (rc != SQLITE_DONE) {
            obs_error("%s : entité n° %zu : insertion impossible : %s", c->path, f->number, sqlite3_errmsg(c->db));
            return false;
        }
    }
    c->loaded++;
    return true;
}

/* Whole file into memory (NUL added); NULL with errno set on failure. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 65536) {
            size_t nc = cap ? cap * 2 : 1 << 20;
            char *p = realloc(buf, nc + 1);
            if (!p) {
                free(buf);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            buf = p;
            cap = nc;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int err = ferror(f) ? EIO : 0;
    fclose(f);
    if (err) {
        free(buf);
        errno = err;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static bool record_version(sqlite3 *db, const char *name, const char *sum, long rows, bool *changed)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT checksum FROM reference_version WHERE file = ?1");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    *changed = sqlite3_step(st) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0), sum) != 0;
    sqlite3_finalize(st);
    st = db_prepare(db, "INSERT OR REPLACE INTO reference_version(file, checksum, rows, loaded_at) VALUES(?,?,?,?)");
    if (!st)
        return false;
    char now[32];
    db_now_iso(now, sizeof now);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, sum, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, rows);
    sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

static bool load_file(sqlite3 *db, const char *dir, const outline_file *of)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, of->file);
    size_t len = 0;
    char *text = slurp(path, &len);
    if (!text) {
        if (errno == ENOENT) {
            obs_warn("contours : %s absent, les cartes n'auront pas de contours %s", path, of->label);
            sqlite3_stmt *st = db_prepare(db, "DELETE FROM reference_version WHERE file = 'geo/' || ?1");
            bool ok = st != NULL;
            if (ok) {
                sqlite3_bind_text(st, 1, of->file, -1, SQLITE_STATIC);
                ok = sqlite3_step(st) == SQLITE_DONE;
            }
            sqlite3_finalize(st);
            return ok;
        }
        obs_error("contours : lecture de %s impossible : %s", path, strerror(errno));
        return false;
    }
    load_ctx c = {db, path, of, NULL, NULL, NULL, 0, 0, 0, 0, {{0}}};
    c.known = db_prepare(db, "SELECT 1 FROM territoire WHERE niveau = ?1 AND code = ?2");
    c.insert = db_prepare(db, "INSERT INTO contour(niveau, code, anneau, trou, n_points, points)"
                              " VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    bool ok = c.known && c.insert;
    if (ok) {
        sqlite3_bind_text(c.known, 1, of->niveau, -1, SQLITE_STATIC);
        sqlite3_bind_text(c.insert, 1, of->niveau, -1, SQLITE_STATIC);
        ok = geojson_parse(text, len, path, of->key, on_feature, &c);
    }
    sqlite3_finalize(c.known);
    sqlite3_finalize(c.insert);
    free(c.blob);
    if (ok && c.unknown) {
        char list[6 * 66] = "";
        for (long i = 0; i < c.unknown && i < EXAMPLES; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", c.examples[i]);
        obs_warn("contours : %s : %ld entité%s au code inconnu des référentiels, non chargée%s (%s%s)", path,
                 c.unknown, c.unknown > 1 ? "s" : "", c.unknown > 1 ? "s" : "", list,
                 c.unknown > EXAMPLES ? ", …" : "");
    }
    if (ok) {
        char sum[33], name[64];
        checksum_buffer(text, len, sum);
        snprintf(name, sizeof name, "geo/%s", of->file);
        bool changed = false;
        ok = record_version(db, name, sum, c.loaded, &changed);
        if (ok && changed) {
            char n[32];
            fr_number((double)c.loaded, 0, n, sizeof n);
            obs_info("référentiel %s : %s contour%s %s", name, n, c.loaded > 1 ? "s" : "", of->label);
        }
    }
    free(text);
    return ok;
}

static long long count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    long long n = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

bool geo_outlines_load(sqlite3 *db, const char *reference_dir)
{
    if (!db_exec(db, "DELETE FROM contour"))
        return false;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/geo", reference_dir);
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        obs_warn("contours : dossier %s absent, les cartes n'auront pas de contours", dir);
        return db_exec(db, "DELETE FROM reference_version WHERE file LIKE 'geo/%'");
    }
    for (size_t i = 0; i < sizeof outline_files / sizeof *outline_files; i++)
        if (!load_file(db, dir, &outline_files[i]))
            return false;
    long long without = count(db, "SELECT count(*) FROM territoire t WHERE t.niveau = 'commune' AND NOT EXISTS"
                                  " (SELECT 1 FROM contour c WHERE c.niveau = 'commune' AND c.code = t.code)");
    if (without < 0)
        return false;
    if (without > 0) {
        char n[32];
        fr_number((double)without, 0, n, sizeof n);
        obs_info("contours : %s commune%s sans contour, absente%s des cartes", n, without > 1 ? "s" : "",
                 without > 1 ? "s" : "");
    }
    return true;
}
