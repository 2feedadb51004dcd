/* jansson was chosen for the GeoJSON outlines: small, stable, in Debian for
 * many years (libjansson-dev), strict about UTF-8 and JSON syntax, reports the
 * line and column of a syntax error, MIT licence. It has no streaming reader:
 * the features are decoded one by one (see geojson_parse). */
#include "engine/load/geojson.h"

#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/log.h"

typedef struct {
    const char *file;
    size_t number; /* feature being read, 1-based */
    geojson_ring *rings;
    size_t n_rings, cap_rings;
} parse_state;

static bool fail(const parse_state *s, const char *what)
{
    obs_error("%s : entité n° %zu : %s", s->file, s->number, what);
    return false;
}

static void clear_rings(parse_state *s)
{
    for (size_t i = 0; i < s->n_rings; i++)
        free(s->rings[i].lonlat);
    s->n_rings = 0;
}

static bool read_ring(parse_state *s, json_t *ring, int hole)
{
    if (!json_is_array(ring))
        return fail(s, "un anneau n'est pas un tableau de positions");
    size_t n = json_array_size(ring);
    if (n > ((size_t)1 << 26))
        return fail(s, "anneau de plus de 67 millions de points");
    if (s->n_rings == s->cap_rings) {
        size_t cap = s->cap_rings ? s->cap_rings * 2 : 4;
        geojson_ring *p = realloc(s->rings, cap * sizeof *p);
        if (!p)
            return fail(s, "mémoire insuffisante");
        s->rings = p;
        s->cap_rings = cap;
    }
    double *xy = malloc((n ? n : 1) * 2 * sizeof *xy);
    if (!xy)
        return fail(s, "mémoire insuffisante");
    for (size_t i = 0; i < n; i++) {
        json_t *pos = json_array_get(ring, i);
        json_t *lon = json_array_get(pos, 0), *lat = json_array_get(pos, 1);
        if (!json_is_array(pos) || !json_is_number(lon) || !json_is_number(lat)) {
            free(xy);
            return fail(s, "une position n'est pas un tableau [longitude, latitude] de nombres");
        }
        xy[2 * i] = json_number_value(lon);
        xy[2 * i + 1] = json_number_value(lat);
        if (!(fabs(xy[2 * i]) <= 180) || !(fabs(xy[2 * i + 1]) <= 90)) {
            free(xy);
            return fail(s, "coordonnées hors de [-180, 180] × [-90, 90] (attendu : longitude, latitude en WGS 84)");
        }
    }
    if (n >= 2 && xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1])
        n--;
    size_t distinct = 0, first[2] = {0, 0}; /* indices of the first two distinct vertices */
    for (size_t i = 0; i < n && distinct < 3; i++) {
        bool seen = false;
        for (size_t j = 0; j < distinct && !seen; j++)
            seen = xy[2 * i] == xy[2 * first[j]] && xy[2 * i + 1] == xy[2 * first[j] + 1];
        if (!seen && distinct < 2)
            first[distinct] = i;
        distinct += !seen;
    }
    if (distinct < 3) {
        free(xy);
        return fail(s, "anneau de moins de 3 points distincts");
    }
    s->rings[s->n_rings++] = (geojson_ring){hole, n, xy};
    return true;
}

static bool read_polygon(parse_state *s, json_t *poly)
{
    if (!json_is_array(poly) || json_array_size(poly) == 0)
        return fail(s, "un polygone n'est pas un tableau d'anneaux non vide");
    for (size_t r = 0; r < json_array_size(poly); r++)
        if (!read_ring(s, json_array_get(poly, r), r > 0))
            return false;
    return true;
}

static bool read_geometry(parse_state *s, json_t *geom)
{
    if (json_is_null(geom))
        return true;
    if (!json_is_object(geom))
        return fail(s, "« geometry » absente ou ni objet ni null");
    const char *type = json_string_value(json_object_get(geom, "type"));
    json_t *coords = json_object_get(geom, "coordinates");
    if (!type)
        return fail(s, "géométrie sans « type »");
    if (!strcmp(type, "Polygon"))
        return read_polygon(s, coords);
    if (!strcmp(type, "MultiPolygon")) {
        if (!json_is_array(coords))
            return fail(s, "« coordinates » d'un MultiPolygon n'est pas un tableau");
        for (size_t p = 0; p < json_array_size(coords); p++)
            if (!read_polygon(s, json_array_get(coords, p)))
                return false;
        return true;
    }
    char msg[160];
    snprintf(msg, sizeof msg, "géométrie de type « %.40s » : seuls Polygon et MultiPolygon sont des contours", type);
    return fail(s, msg);
}

static bool read_feature(parse_state *s, json_t *feature, const char *key, geojson_feature_fn fn, void *ctx)
{
    if (!json_is_object(feature))
        return fail(s, "l'entité n'est pas un objet");
    json_t *props = json_object_get(feature, "properties");
    if (!json_is_object(props))
        return fail(s, "« properties » absentes");
    json_t *code = json_object_get(props, key);
    char msg[160];
    if (!code) {
        snprintf(msg, sizeof msg, "propriété « %s » absente", key);
        return fail(s, msg);
    }
    if (!json_is_null(code) && (!json_is_string(code) || json_string_length(code) > 64 ||
                                strlen(json_string_value(code)) != json_string_length(code))) {
        snprintf(msg, sizeof msg, "propriété « %s » : un code (texte de 64 octets au plus) ou null est attendu", key);
        return fail(s, msg);
    }
    if (!json_object_get(feature, "geometry"))
        return fail(s, "« geometry » absente");
    clear_rings(s);
    if (!read_geometry(s, json_object_get(feature, "geometry")))
        return false;
    const char *text = json_string_value(code);
    geojson_feature f = {s->number, text && *text ? text : NULL, s->rings, s->n_rings};
    return fn(ctx, &f);
}

/* jansson's allocations go to an arena while a document is read: a feature
 * makes thousands of small values that all die together once it is read, so
 * they are carved from large blocks and the arena is emptied after each
 * feature (jansson's frees do nothing). Halves the time of obs init's
 * outlines, and far more under AddressSanitizer, whose malloc is slow.
 * jansson's allocation functions are process-wide and take no context, so the
 * arena is a file-level variable too: only the main thread reads GeoJSON (the
 * one other thread obs starts, csv_ahead's, reads CSV bytes and never calls
 * jansson). The previous allocation functions are restored after. */
typedef struct arena_block {
    struct arena_block *next;
    size_t size, used;
    max_align_t data[];
} arena_block;

static arena_block *arena;

static void *arena_malloc(size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (!arena || arena->size - arena->used < n) {
        size_t size = n > ((size_t)1 << 16) ? n : (size_t)1 << 16;
        arena_block *b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->next = arena;
        b->size = size;
        b->used = 0;
        arena = b;
    }
    void *p = (char *)arena->data + arena->used;
    arena->used += n;
    return p;
}

static void arena_free(void *p)
{
    (void)p;
}

/* Empties the arena, keeping one block for the next feature. */
static void arena_reset(bool keep)
{
    while (arena && (!keep || arena->next)) {
        arena_block *next = arena->next;
        if (keep && !next)
            break;
        free(arena);
        arena = next;
    }
    if (arena)
        arena->used = 0;
}

/* The document is read one feature at a time: a small scanner walks the
 * FeatureCollection's members and the features array, and jansson decodes
 * each member's value and each feature on its own (JSON_DISABLE_EOF_CHECK
 * stops after one value and gives the bytes read). The features never all sit
 * in memory as jansson values: 20 MB instead of 160 MB for the communes. */
typedef struct {
    const char *text, *file;
    size_t len, pos;
    size_t at, line, col; /* line and column (1-based) of byte `at` */
} scanner;

static void where(scanner *sc, size_t pos, size_t *line, size_t *col)
{
    if (pos < sc->at)
        sc->at = 0, sc->line = 1, sc->col = 1;
    for (; sc->at < pos; sc->at++) {
        if (sc->text[sc->at] == '\n')
            sc->line++, sc->col = 1;
        else if (((unsigned char)sc->text[sc->at] & 0xC0) != 0x80) /* count characters, not bytes */
            sc->col++;
    }
    *line = sc->line;
    *col = sc->col;
}

static bool syntax(scanner *sc, size_t pos, const char *what)
{
    size_t line, col;
    where(sc, pos, &line, &col);
    obs_error_at(sc->file, (long)line, (int)col, "GeoJSON illisible : %s", what);
    return false;
}

static void skip_ws(scanner *sc)
{
    while (sc->pos < sc->len && strchr(" \t\n\r", sc->text[sc->pos]) && sc->text[sc->pos])
        sc->pos++;
}

static char peek(const scanner *sc)
{
    return sc->pos < sc->len ? sc->text[sc->pos] : '\0';
}

/* One JSON value at sc->pos, decoded by jansson; NULL after the message. */
static json_t *value(scanner *sc)
{
    json_error_t err;
    json_t *v = json_loadb(sc->text + sc->pos, sc->len - sc->pos,
                           JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES,
                           &err);
    if (!v) {
        size_t line, col;
        where(sc, sc->pos, &line, &col);
        if (err.line > 1)
            line += (size_t)err.line - 1, col = (size_t)(err.column > 0 ? err.column : 0);
        else
            col += (size_t)(err.column > 0 ? err.column - 1 : 0);
        obs_error_at(sc->file, (long)line, (int)col, "GeoJSON illisible : %s", err.text);
        return NULL;
    }
    if (err.position <= 0 || (size_t)err.position > sc->len - sc->pos) { /* never seen: jansson always reads */
        json_decref(v);
        syntax(sc, sc->pos, "valeur vide");
        return NULL;
    }
    sc->pos += (size_t)err.position;
    return v;
}

static bool read_features(scanner *sc, parse_state *s, const char *key, geojson_feature_fn fn, void *ctx)
{
    if (peek(sc) != '[') {
        obs_error("%s : « features » n'est pas un tableau", sc->file);
        return false;
    }
    sc->pos++;
    skip_ws(sc);
    if (peek(sc) == ']') {
        sc->pos++;
        return true;
    }
    for (;;) {
        s->number++;
        json_t *feature = value(sc);
        if (!feature)
            return false;
        bool ok = read_feature(s, feature, key, fn, ctx);
        json_decref(feature);
        arena_reset(true);
        if (!ok)
            return false;
        skip_ws(sc);
        char c = peek(sc);
        sc->pos += c != '\0';
        if (c == ']')
            return true;
        if (c != ',')
            return syntax(sc, sc->pos - (c != '\0'), "« , » ou « ] » attendu après une entité");
        skip_ws(sc);
    }
}

static bool parse_document(const char *text, size_t len, const char *file, const char *key, geojson_feature_fn fn,
                           void *ctx)
{
    scanner sc = {text, file, len, 0, 0, 1, 1};
    parse_state s = {file, 0, NULL, 0, 0};
    bool ok = true, seen_type = false, seen_features = false;
    skip_ws(&sc);
    if (peek(&sc) != '{') {
        obs_error("%s : une FeatureCollection (objet JSON) est attendue", file);
        return false;
    }
    sc.pos++;
    skip_ws(&sc);
    bool more = peek(&sc) != '}';
    if (!more)
        sc.pos++;
    while (ok && more) {
        if (peek(&sc) != '"') {
            ok = syntax(&sc, sc.pos, "nom de membre attendu");
            break;
        }
        json_t *name = value(&sc);
        if (!name) {
            ok = false;
            break;
        }
        char member[16];
        snprintf(member, sizeof member, "%s", json_string_value(name));
        bool is_features = !strcmp(member, "features") && json_string_length(name) == 8;
        bool is_type = !strcmp(member, "type") && json_string_length(name) == 4;
        json_decref(name);
        skip_ws(&sc);
        if (peek(&sc) != ':') {
            ok = syntax(&sc, sc.pos, "« : » attendu");
            break;
        }
        sc.pos++;
        skip_ws(&sc);
        if ((is_features && seen_features) || (is_type && seen_type)) {
            ok = syntax(&sc, sc.pos, is_type ? "membre « type » en double" : "membre « features » en double");
            break;
        }
        if (is_features) {
            seen_features = true;
            ok = read_features(&sc, &s, key, fn, ctx);
        } else {
            json_t *v = value(&sc);
            ok = v != NULL;
            if (ok && is_type) {
                seen_type = true;
                if (!json_is_string(v) || strcmp(json_string_value(v), "FeatureCollection")) {
                    obs_error("%s : « type » vaut autre chose que « FeatureCollection »", file);
                    ok = false;
                }
            }
            json_decref(v);
        }
        if (!ok)
            break;
        skip_ws(&sc);
        char c = peek(&sc);
        sc.pos += c != '\0';
        if (c == '}')
            more = false;
        else if (c != ',')
            ok = syntax(&sc, sc.pos - (c != '\0'), "« , » ou « } » attendu");
        else
            skip_ws(&sc);
    }
    if (ok) {
        skip_ws(&sc);
        if (sc.pos < len)
            ok = syntax(&sc, sc.pos, "données après la fin de la FeatureCollection");
    }
    if (ok && (!seen_type || !seen_features)) {
        obs_error("%s : une FeatureCollection avec un tableau « features » est attendue", file);
        ok = false;
    }
    clear_rings(&s);
    free(s.rings);
    return ok;
}

bool geojson_parse(const char *text, size_t len, const char *file, const char *key, geojson_feature_fn fn, void *ctx)
{
    json_malloc_t saved_malloc;
    json_free_t saved_free;
    json_get_alloc_funcs(&saved_malloc, &saved_free);
    json_set_alloc_funcs(arena_malloc, arena_free);
    bool ok = parse_document(text, len, file, key, fn, ctx);
    json_set_alloc_funcs(saved_malloc, saved_free);
    arena_reset(false);
    return ok;
}
