#include "indicators/compute/sources.h"

#include <string.h>

#include "indicators/compute/authorizer.h"
#include "engine/core/log.h"

/* Bits of what a statement reads. */
enum { R_UNKNOWN = 1, R_FIN = 2, R_DSN = 4, R_GRID = 8, R_SUPPORT = 16 };

static unsigned table_bits(const char *t)
{
    static const char *const public_tables[] = {"etablissement", "unite_legale", "geo", "annees", "territoire",
                                                "parametres", "commune_key", "emploi_territoire", "dispositif",
                                                NULL};
    if (!t || strncmp(t, "ref_", 4) == 0 || strncmp(t, "sqlite_", 7) == 0)
        return 0;
    for (int i = 0; public_tables[i]; i++)
        if (strcmp(t, public_tables[i]) == 0)
            return 0;
    if (strcmp(t, "financement") == 0)
        return R_FIN;
    if (strcmp(t, "emploi") == 0)
        return R_DSN;
    if (strcmp(t, "grille") == 0)
        return R_GRID;
    if (strcmp(t, "accompagnement") == 0)
        return R_SUPPORT;
    return R_UNKNOWN;
}

/* Read-only, like authorizer_read_only, recording the tables read. A name
 * that is a CTE or a subquery alias is not reported by SQLite as a table. */
static int recording(void *user, int action, const char *a, const char *b, const char *c, const char *d)
{
    (void)b;
    (void)c;
    (void)d;
    switch (action) {
    case SQLITE_READ:
        *(unsigned *)user |= table_bits(a);
        return SQLITE_OK;
    case SQLITE_SELECT:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    default:
        return SQLITE_DENY;
    }
}

const char *sources_of_sql(sqlite3 *db, const char *sql)
{
    if (!sql)
        return "inconnue";
    unsigned bits = 0;
    sqlite3_stmt *st = NULL;
    sqlite3_set_authorizer(db, recording, &bits);
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    authorizer_clear(db);
    sqlite3_finalize(st);
    if (rc != SQLITE_OK || (bits & R_UNKNOWN))
        return "inconnue";
    return bits & R_FIN ? "financement" : bits & R_DSN ? "dsn" : bits & R_GRID ? "grille"
           : bits & R_SUPPORT ? "accompagnement" : FAMILY_PUBLIC;
}

const char *sources_family(const catalog *c, const indicator_def *d, sqlite3 *db)
{
    if (d->family)
        return d->family;
    for (int depth = 0; d->base && depth < 8; depth++) {
        const indicator_def *b = catalog_find(c, d->base);
        if (!b)
            return "inconnue";
        if (b->family)
            return b->family;
        d = b;
    }
    return sources_of_sql(db, d->sql);
}

const indicator_def *sources_owner(const catalog *c, const indicator_def *d)
{
    for (int depth = 0; !d->family && d->base && depth < 8; depth++) {
        const indicator_def *b = catalog_find(c, d->base);
        if (!b)
            break;
        d = b;
    }
    return d;
}

bool sources_conf_dimension(const indicator_def *d, const char *dimension)
{
    if (!d->conf_dims || !dimension)
        return false;
    size_t n = strlen(dimension);
    for (const char *p = d->conf_dims; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len > 0 && p[len - 1] == ' ')
            len--;
        if (len == n && len > 0 && strncmp(p, dimension, n) == 0)
            return true;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

/* One side of construit_de: an indicator of the catalog, public:NAME or interne:NAME. */
static bool side_ok(const catalog *c, const char *side)
{
    if ((strncmp(side, "public:", 7) == 0 && side[7]) || (strncmp(side, "interne:", 8) == 0 && side[8]))
        return true;
    return catalog_find(c, side) != NULL;
}

int sources_check(const catalog *c, sqlite3 *db)
{
    int errors = 0;
    for (size_t i = 0; i < c->n; i++) {
        const indicator_def *d = &c->items[i];
        const char *read = indicator_is_derived(d->kind) ? NULL : sources_of_sql(db, d->sql);
        if (read && d->family && sources_is_public(d->family) && !sources_is_public(read) && !d->conf_dims) {
            obs_error_at(d->file, d->type_line ? d->type_line : 1, 1,
                         "confidentialite « public_sirene » mais la requête lit des données confidentielles (%s) :"
                         " déclarez la famille de ces données, ou les dimensions qui en sont tirées"
                         " (dimensions_confidentielles)", read);
            errors++;
        }
        if (d->built_num) {
            const char *sides[2] = {d->built_num, d->built_den};
            for (int k = 0; k < 2; k++)
                if (!side_ok(c, sides[k])) {
                    obs_error_at(d->file, d->built_line, 1, "construit_de : « %s » n'est ni un indicateur du"
                                 " catalogue, ni public:NOM, ni interne:NOM", sides[k]);
                    errors++;
                }
        }
        bool divides = d->kind == KIND_RATIO || d->kind == KIND_MEAN || d->kind == KIND_LEVERAGE;
        const char *family = sources_family(c, d, db);
        if (divides && !d->built_num && !sources_is_public(family)) {
            obs_error_at(d->file, d->type_line ? d->type_line : 1, 1,
                         "« %s » divise des données confidentielles (%s) sans déclarer ce qu'il divise :"
                         " ajoutez « -- construit_de: NUMERATEUR / DENOMINATEUR » (un indicateur du catalogue,"
                         " public:NOM ou interne:NOM de chaque côté) pour que le secret le protège avec ses"
                         " composantes", d->id, family);
            errors++;
        }
    }
    return errors;
}

/* One side of a declaration against the cells: the column col (numerateur
 * or denominateur) of each cell of d equals the same cell of indicator side. */
static int check_side(sqlite3 *db, int64_t run, const indicator_def *d, const char *side, const char *col,
                      int line, long *checked)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT count(b.rowid), count(*), sum(abs(v.%s - coalesce(b.valeur_brute, b.valeur)) > 1e-6 * max(1.0,"
             " abs(coalesce(b.valeur_brute, b.valeur)))),"
             " max(CASE WHEN abs(v.%s - coalesce(b.valeur_brute, b.valeur)) > 1e-6 * max(1.0,"
             " abs(coalesce(b.valeur_brute, b.valeur))) THEN v.niveau || ' ' || v.territoire || ' ' || v.annee"
             " || ' « ' || v.dimension || ' » : ' || v.%s || ' au lieu de ' || coalesce(b.valeur_brute, b.valeur)"
             " END)"
             " FROM indicator_value v LEFT JOIN indicator_value b ON b.run_id = v.run_id AND b.indicator = ?3"
             " AND b.niveau = v.niveau AND b.territoire = v.territoire AND b.annee = v.annee"
             " AND b.dimension = v.dimension WHERE v.run_id = ?1 AND v.indicator = ?2",
             col, col, col);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        obs_error("vérification des déclarations : %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return 1;
    }
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, d->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, side, -1, SQLITE_STATIC);
    int errors = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        long n = sqlite3_column_int64(st, 0), cells = sqlite3_column_int64(st, 1);
        long bad = sqlite3_column_int64(st, 2);
        *checked += n;
        if (bad > 0) {
            obs_error_at(d->file, line, 1, "construit_de : le %s de %ld cellule%s sur %ld n'est pas « %s » (par"
                         " exemple %s)", col, bad, bad > 1 ? "s" : "", n, side,
                         (const char *)sqlite3_column_text(st, 3));
            errors++;
        } else if (n == 0 && cells > 0) {
            obs_warn("%s:%d: construit_de : aucune cellule commune avec « %s » dans l'exécution %lld", d->file,
                     line, side, (long long)run);
        }
    }
    sqlite3_finalize(st);
    return errors;
}

int sources_check_data(const catalog *c, sqlite3 *db, int64_t run, long *checked)
{
    int errors = 0;
    *checked = 0;
    for (size_t i = 0; i < c->n; i++) {
        const indicator_def *d = &c->items[i];
        if (!d->built_num)
            continue;
        if (catalog_find(c, d->built_num))
            errors += check_side(db, run, d, d->built_num, "numerateur", d->built_line, checked);
        if (catalog_find(c, d->built_den))
            errors += check_side(db, run, d, d->built_den, "denominateur", d->built_line, checked);
    }
    return errors;
}
