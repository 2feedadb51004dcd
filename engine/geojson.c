/* jansson was chosen for the GeoJSON outlines: small, stable, in Debian for
 * many years (libjansson-dev), strict about UTF-8 and JSON syntax, reports the
 * line and column of a syntax error, MIT licence. It holds the whole document
 * in memory (no streaming), which is fine for the 10 MB of the communes. */
#include "geojson.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

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

bool geojson_parse(const char *text, size_t len, const char *file, const char *key, geojson_feature_fn fn, void *ctx)
{
    json_error_t err;
    json_t *root = json_loadb(text, len, JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        obs_error_at(file, err.line, err.column, "GeoJSON illisible : %s", err.text);
        return false;
    }
    parse_state s = {file, 0, NULL, 0, 0};
    bool ok = true;
    json_t *features = json_object_get(root, "features");
    const char *type = json_string_value(json_object_get(root, "type"));
    if (!json_is_object(root) || !type || strcmp(type, "FeatureCollection") || !json_is_array(features)) {
        obs_error("%s : une FeatureCollection avec un tableau « features » est attendue", file);
        ok = false;
    }
    for (size_t i = 0; ok && i < json_array_size(features); i++) {
        s.number = i + 1;
        ok = read_feature(&s, json_array_get(features, i), key, fn, ctx);
    }
    clear_rings(&s);
    free(s.rings);
    json_decref(root);
    return ok;
}
