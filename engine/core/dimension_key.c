#include "engine/core/dimension_key.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool dimension_key_valid(const char *key)
{
    if (!key || !(key[0] >= 'a' && key[0] <= 'z'))
        return false;
    size_t n = 0;
    for (const char *p = key; *p; p++, n++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return n < 64;
}

static bool needs_quotes(const char *v) { return strpbrk(v, ";=\"") != NULL; }

/* Bytes the value takes once written (quotes and doubled quotes included). */
static size_t value_size(const char *v)
{
    size_t n = strlen(v);
    if (!needs_quotes(v))
        return n;
    for (const char *p = v; *p; p++)
        n += *p == '"';
    return n + 2;
}

static char *write_value(char *o, const char *v)
{
    if (!needs_quotes(v)) {
        size_t n = strlen(v);
        memcpy(o, v, n);
        return o + n;
    }
    *o++ = '"';
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            *o++ = '"';
        *o++ = *p;
    }
    *o++ = '"';
    return o;
}

/* The pairs written in order, sorted first if asked. */
static char *encode(const dimension_pair *pairs, size_t n, bool sort, char *err, size_t errlen)
{
    if (n > DIMENSION_MAX_KEYS) {
        snprintf(err, errlen, "plus de %d clés", DIMENSION_MAX_KEYS);
        return NULL;
    }
    const dimension_pair *sorted[DIMENSION_MAX_KEYS];
    size_t size = 1;
    for (size_t i = 0; i < n; i++) {
        if (!dimension_key_valid(pairs[i].key)) {
            snprintf(err, errlen, "clé « %s » invalide (lettres minuscules, chiffres et _, une lettre d'abord)",
                     pairs[i].key ? pairs[i].key : "");
            return NULL;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(pairs[k].key, pairs[i].key) == 0) {
                snprintf(err, errlen, "clé « %s » répétée", pairs[i].key);
                return NULL;
            }
        /* insertion sort, if asked: a handful of keys */
        size_t j = i;
        while (sort && j > 0 && strcmp(sorted[j - 1]->key, pairs[i].key) > 0) {
            sorted[j] = sorted[j - 1];
            j--;
        }
        sorted[j] = &pairs[i];
        size += strlen(pairs[i].key) + 2 + value_size(pairs[i].value);
    }
    char *out = malloc(size), *o = out;
    if (!out) {
        snprintf(err, errlen, "mémoire insuffisante");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            *o++ = ';';
        size_t k = strlen(sorted[i]->key);
        memcpy(o, sorted[i]->key, k);
        o += k;
        *o++ = '=';
        o = write_value(o, sorted[i]->value);
    }
    *o = '\0';
    return out;
}

char *dimension_encode(const dimension_pair *pairs, size_t n, char *err, size_t errlen)
{
    return encode(pairs, n, true, err, errlen);
}

void dimension_pairs_free(dimension_pair *pairs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(pairs[i].key);
        free(pairs[i].value);
        pairs[i].key = pairs[i].value = NULL;
    }
}

/* One value from p (raw or quoted) into a new string; *end after it. */
static char *read_value(const char *s, const char *p, const char **end, char *err, size_t errlen)
{
    if (*p != '"') {
        size_t n = strcspn(p, ";");
        size_t bad = strcspn(p, "=\"");
        if (bad < n) {
            snprintf(err, errlen, "« %c » hors guillemets à l'octet %zu", p[bad], (size_t)(p - s) + bad + 1);
            return NULL;
        }
        char *v = malloc(n + 1);
        if (v) {
            memcpy(v, p, n);
            v[n] = '\0';
        }
        *end = p + n;
        return v;
    }
    char *v = malloc(strlen(p)), *o = v; /* at most the quoted text minus its opening quote */
    if (!v)
        return NULL;
    for (p++;; p++) {
        if (*p == '\0') {
            snprintf(err, errlen, "guillemet non fermé à l'octet %zu", (size_t)(p - s) + 1);
            free(v);
            return NULL;
        }
        if (*p == '"') {
            if (p[1] != '"')
                break;
            p++;
        }
        *o++ = *p;
    }
    *o = '\0';
    p++; /* the closing quote */
    if (*p != '\0' && *p != ';') {
        snprintf(err, errlen, "« %c » après un guillemet fermant à l'octet %zu", *p, (size_t)(p - s) + 1);
        free(v);
        return NULL;
    }
    *end = p;
    return v;
}

bool dimension_decode(const char *s, dimension_pair *pairs, size_t *n, char *err, size_t errlen)
{
    *n = 0;
    if (!s || !*s)
        return true;
    const char *p = s;
    for (;;) {
        if (*n == DIMENSION_MAX_KEYS) {
            snprintf(err, errlen, "plus de %d clés", DIMENSION_MAX_KEYS);
            goto fail;
        }
        size_t k = strcspn(p, "=;\"");
        if (p[k] != '=') {
            snprintf(err, errlen, "clé sans « = » à l'octet %zu", (size_t)(p - s) + 1);
            goto fail;
        }
        char *key = strndup(p, k);
        if (!key || !dimension_key_valid(key)) {
            snprintf(err, errlen, "clé « %.*s » invalide à l'octet %zu", (int)k, p, (size_t)(p - s) + 1);
            free(key);
            goto fail;
        }
        for (size_t i = 0; i < *n; i++)
            if (strcmp(pairs[i].key, key) == 0) {
                snprintf(err, errlen, "clé « %s » répétée à l'octet %zu", key, (size_t)(p - s) + 1);
                free(key);
                goto fail;
            }
        const char *end = NULL;
        char *value = read_value(s, p + k + 1, &end, err, errlen);
        if (!value) {
            free(key);
            goto fail;
        }
        pairs[*n].key = key;
        pairs[*n].value = value;
        ++*n;
        if (*end == '\0')
            return true;
        p = end + 1; /* past ';' */
    }
fail:
    dimension_pairs_free(pairs, *n);
    *n = 0;
    return false;
}

/* dim(key, value, key, value, ...) */
static void dim_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc % 2 != 0 || argc / 2 > DIMENSION_MAX_KEYS) {
        sqlite3_result_error(ctx, DIMENSION_FUNCTION "() attend des paires (clé, valeur), au plus 8", -1);
        return;
    }
    dimension_pair pairs[DIMENSION_MAX_KEYS];
    size_t n = (size_t)argc / 2;
    for (size_t i = 0; i < n; i++) {
        if (sqlite3_value_type(argv[2 * i + 1]) == SQLITE_NULL) {
            sqlite3_result_null(ctx); /* as 'key=' || NULL */
            return;
        }
        pairs[i].key = (char *)sqlite3_value_text(argv[2 * i]);
        pairs[i].value = (char *)sqlite3_value_text(argv[2 * i + 1]);
        if (!pairs[i].value) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
    }
    /* the keys are read again after the values: sqlite3_value_text may
     * convert a value, but never another argument */
    for (size_t i = 0; i < n; i++)
        pairs[i].key = (char *)sqlite3_value_text(argv[2 * i]);
    char err[160];
    char *out = dimension_encode(pairs, n, err, sizeof err);
    if (!out) {
        char msg[200];
        snprintf(msg, sizeof msg, DIMENSION_FUNCTION "() : %s", err);
        sqlite3_result_error(ctx, msg, -1);
        return;
    }
    sqlite3_result_text(ctx, out, -1, free);
}

bool dimension_register(sqlite3 *db)
{
    return sqlite3_create_function(db, DIMENSION_FUNCTION, -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                   dim_function, NULL, NULL) == SQLITE_OK;
}

/* Stores the keys of one dimension. */
static bool store_one(sqlite3_stmt *ins, const char *dim, char *err, size_t errlen)
{
    dimension_pair pairs[DIMENSION_MAX_KEYS];
    size_t n = 0;
    char why[200];
    if (!dimension_decode(dim, pairs, &n, why, sizeof why)) {
        snprintf(err, errlen, "dimension « %s » illisible : %s (écrivez-la avec %s(clé, valeur, ...))", dim, why,
                 DIMENSION_FUNCTION);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        /* the dimension without key i: pairs[i] swapped out of the way */
        dimension_pair rest[DIMENSION_MAX_KEYS];
        size_t m = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i)
                rest[m++] = pairs[j];
        char *reste = encode(rest, m, false, why, sizeof why); /* in the order of dim */
        if (!reste) {
            snprintf(err, errlen, "dimension « %s » : %s", dim, why);
            ok = false;
            break;
        }
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, dim, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, pairs[i].key, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, pairs[i].value, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, reste, -1, free);
        sqlite3_bind_int(ins, 5, (int)n);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            snprintf(err, errlen, "dimension « %s » : %s", dim, sqlite3_errmsg(sqlite3_db_handle(ins)));
            ok = false;
        }
    }
    dimension_pairs_free(pairs, n);
    return ok;
}

bool dimension_keys_store(sqlite3 *db, int64_t run_id, const char *indicator, char *err, size_t errlen)
{
    sqlite3_stmt *q = NULL, *ins = NULL;
    /* Two statements, not one with "?2 IS NULL OR v.indicator = ?2": SQLite
     * cannot search the primary key by indicator through that OR, and read
     * every cell of the run for each indicator (quadratic over a compute:
     * minutes at national scale). */
    const char *sql = indicator
                          ? "SELECT DISTINCT v.dimension FROM indicator_value v WHERE v.run_id = ?1"
                            " AND v.indicator = ?2 AND v.dimension <> ''"
                            " AND NOT EXISTS (SELECT 1 FROM dimension_cle k WHERE k.dimension = v.dimension)"
                          : "SELECT DISTINCT v.dimension FROM indicator_value v WHERE v.run_id = ?1"
                            " AND v.dimension <> ''"
                            " AND NOT EXISTS (SELECT 1 FROM dimension_cle k WHERE k.dimension = v.dimension)";
    bool ok = sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
              sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO dimension_cle(dimension, cle, valeur, reste, n_cles)"
                                     " VALUES(?1, ?2, ?3, ?4, ?5)", -1, &ins, NULL) == SQLITE_OK;
    if (!ok)
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
    if (ok) {
        sqlite3_bind_int64(q, 1, run_id);
        if (indicator)
            sqlite3_bind_text(q, 2, indicator, -1, SQLITE_STATIC);
    }
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW)
        ok = store_one(ins, (const char *)sqlite3_column_text(q, 0), err, errlen);
    if (ok && rc != SQLITE_DONE) {
        snprintf(err, errlen, "%s", sqlite3_errmsg(db));
        ok = false;
    }
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    return ok;
}
