/* GeoJSON outlines: the parser on well-formed and malformed inputs (refused
 * with the feature's number, never a crash), and obs init's loader into the
 * contour table on a small geo/ folder (unknown codes, null codes, absent files). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/core/db.h"
#include "engine/load/geo_outlines.h"
#include "engine/load/geojson.h"
#include "engine/core/log.h"
#include "support/remove_database.h"

typedef struct {
    int features, with_code, rings, holes, points;
    char codes[8][16];
} tally;

static bool count_feature(void *ctx, const geojson_feature *f)
{
    tally *t = ctx;
    if (t->features < 8)
        snprintf(t->codes[t->features], sizeof t->codes[0], "%s", f->code ? f->code : "(null)");
    t->features++;
    t->with_code += f->code != NULL;
    for (size_t r = 0; r < f->n_rings; r++) {
        t->rings++;
        t->holes += f->rings[r].hole;
        t->points += (int)f->rings[r].n;
    }
    return true;
}

static bool parse(const char *text, tally *t)
{
    memset(t, 0, sizeof *t);
    return geojson_parse(text, strlen(text), "t.geojson", "code", count_feature, t);
}

#define FC(features) "{\"type\":\"FeatureCollection\",\"features\":[" features "]}"
#define POLY(code, rings) \
    "{\"type\":\"Feature\",\"properties\":{\"code\":" code "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" rings "]}}"
#define SQUARE "[[0,0],[1,0],[1,1],[0,1],[0,0]]"

static void parses_polygons_holes_multipolygons_nulls(void **state)
{
    (void)state;
    tally t;
    assert_true(parse(FC(POLY("\"A\"", SQUARE ",[[0.2,0.2],[0.2,0.8],[0.8,0.8],[0.2,0.2]]") ","
                          "{\"type\":\"Feature\",\"properties\":{\"code\":\"B\"},\"geometry\":{\"type\":"
                          "\"MultiPolygon\",\"coordinates\":[[" SQUARE "],[[[5,5],[6,5],[6,6]]]]}},"
                          "{\"type\":\"Feature\",\"properties\":{\"code\":null},\"geometry\":null},"
                          "{\"type\":\"Feature\",\"properties\":{\"code\":\"\"},\"geometry\":null}"),
                      &t));
    assert_int_equal(t.features, 4);
    assert_int_equal(t.with_code, 2);
    assert_string_equal(t.codes[0], "A");
    assert_string_equal(t.codes[1], "B");
    assert_string_equal(t.codes[2], "(null)");
    assert_string_equal(t.codes[3], "(null)");
    /* A: square (closing vertex dropped: 4) + hole (3); B: square (4) + open triangle (3) */
    assert_int_equal(t.rings, 4);
    assert_int_equal(t.holes, 1);
    assert_int_equal(t.points, 4 + 3 + 4 + 3);
    assert_true(parse(FC(), &t));
    assert_int_equal(t.features, 0);
    /* members in any order, others ignored, whitespace anywhere */
    assert_true(parse(" {\n \"features\" : [ " POLY("\"A\"", SQUARE) " , " POLY("\"B\"", SQUARE)
                      " ] ,\"name\":\"x\", \"crs\": {\"n\": [1, 2.5e3, true, null]},\"type\" :\"FeatureCollection\" }\n",
                      &t));
    assert_int_equal(t.features, 2);
    assert_string_equal(t.codes[1], "B");
    /* members whose value is a bare number or literal: the scanner resumes right after it */
    assert_true(parse("{\"x\":1 ,\"type\":\"FeatureCollection\",\"y\":-1.5e3,\"features\":[" POLY("\"A\"", SQUARE)
                      "],\"z\":true}",
                      &t));
    assert_int_equal(t.features, 1);
}

static void refuses_malformed_inputs(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "{",
        "[]",
        "null",
        "{\"type\":\"FeatureCollection\"}",
        "{\"type\":\"Feature\",\"features\":[]}",
        "{\"type\":\"FeatureCollection\",\"features\":{}}",
        FC("1"),
        FC("{\"type\":\"Feature\",\"geometry\":null}"),
        FC("{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}"),
        FC("{\"type\":\"Feature\",\"properties\":{\"code\":12},\"geometry\":null}"),
        FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"a\\u0000b\"},\"geometry\":null}"),
        FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"A\"}}"),
        FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"A\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}"),
        FC("{\"type\":\"Feature\",\"properties\":{\"code\":\"A\"},\"geometry\":{\"coordinates\":[]}}"),
        FC(POLY("\"A\"", "")),
        FC(POLY("\"A\"", "[[0,0],[1,0],[0,0]]")),         /* 2 distinct vertices */
        FC(POLY("\"A\"", "[[0,0],[0,0],[0,0],[0,0]]")),
        FC(POLY("\"A\"", "[[0,0],[1,0],[1,\"x\"],[0,0]]")),
        FC(POLY("\"A\"", "[[0,0],[1,0],[1],[0,0]]")),
        FC(POLY("\"A\"", "[[0,0],[181,0],[1,1],[0,0]]")), /* longitude out of range */
        FC(POLY("\"A\"", "[[0,0],[1,0],[1,91],[0,0]]")),
        FC(POLY("\"A\"", "[[0,0],[1,0],[1,1e999],[0,0]]")),
        FC(POLY("\"A\"", "17")),
        FC(POLY("\"A\"", "[17]")),
        "{\"type\":\"FeatureCollection\",\"type\":\"FeatureCollection\",\"features\":[]}", /* duplicate key */
        "{\"type\":\"FeatureCollection\",\"features\":[]}\xff",
        "{\"type\":\"FeatureCollection\",\"features\":[],\"features\":[]}",
        "{\"type\":\"FeatureCollection\",\"features\":[] \"x\":1}",
        "{\"type\":\"FeatureCollection\",\"features\":[,]}",
        "{\"type\":\"FeatureCollection\",\"features\":[" SQUARE "",
        "{\"type\":\"FeatureCollection\",\"features\":[]",
        "{\"type\":\"FeatureCollection\",\"features\":[]}}",
        "{\"type\":\"FeatureCollection\",,\"features\":[]}",
        "{\"type\":\"FeatureCollection\",\"features\" []}",
        "{\"type\" \"FeatureCollection\",\"features\":[]}",
        "{type:\"FeatureCollection\",\"features\":[]}",
        "{\"type\":\"FeatureCollection\",\"features\":[1 2]}",
        "{\"type\":\"FeatureCollection\",\"features\":[]}\n[]",
        "{\"type\":\"FeatureCollection\",\"features\":[],}",
        "{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":{\"code\":\"\xc3\x28\"}}]}", /* bad UTF-8 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        tally t;
        if (parse(bad[i], &t))
            fail_msg("accepted: %s", bad[i]);
    }
    /* features before the bad one are handed out, then the parse stops */
    tally t;
    assert_false(parse(FC(POLY("\"A\"", SQUARE) "," POLY("\"B\"", "[[0,0]]") "," POLY("\"C\"", SQUARE)), &t));
    assert_int_equal(t.features, 1);
    /* deep nesting in a feature is refused by jansson, not a stack overflow */
    size_t depth = 100000;
    const char head[] = "{\"type\":\"FeatureCollection\",\"features\":[", tail[] = "]}";
    char *deep = malloc(sizeof head + 2 * depth + sizeof tail);
    assert_non_null(deep);
    strcpy(deep, head);
    memset(deep + strlen(head), '[', depth);
    memset(deep + strlen(head) + depth, ']', depth);
    strcpy(deep + strlen(head) + 2 * depth, tail);
    assert_false(parse(deep, &t));
    free(deep);
}

/* The message of a refused input, read back from stderr. */
static const char *message_of(const char *text)
{
    static char buf[512];
    fflush(stderr);
    FILE *saved = fdopen(dup(2), "w");
    char path[64];
    snprintf(path, sizeof path, "/tmp/obs-outlines-msg-%d.txt", (int)getpid());
    assert_non_null(freopen(path, "w", stderr));
    tally t;
    assert_false(parse(text, &t));
    fflush(stderr);
    dup2(fileno(saved), 2);
    fclose(saved);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    buf[0] = '\0';
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    unlink(path);
    return buf;
}

static void messages_name_line_column_or_feature(void **state)
{
    (void)state;
    /* a syntax error on line 4 inside the second feature: "{ bad }", jansson names the
     * column of the token's last character, 5 */
    assert_non_null(strstr(message_of("{\"type\": \"FeatureCollection\",\n\"features\": [\n" POLY("\"A\"", SQUARE)
                                      ",\n{ bad }\n]}"),
                           "t.geojson:4:5: erreur : GeoJSON illisible"));
    /* a feature refused: its number */
    assert_non_null(strstr(message_of(FC(POLY("\"A\"", SQUARE) ",\n" POLY("\"B\"", "[[0,0],[1,0]]"))),
                           "t.geojson : entité n° 2 : anneau de moins de 3 points distincts"));
    assert_non_null(strstr(message_of(FC(POLY("\"A\"", SQUARE)) " x"), "t.geojson:1:"));
    assert_non_null(strstr(message_of("{\"features\":[]}"), "une FeatureCollection avec un tableau"));
}

/* ---- the loader ---- */

static sqlite3 *db;
static char db_path[64], dir[64];

static void write_file(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/geo/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static long long one(const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int setup(void **state)
{
    (void)state;
    obs_log_set_timestamps(false);
    snprintf(db_path, sizeof db_path, "/tmp/obs-outlines-%d.sqlite", (int)getpid());
    snprintf(dir, sizeof dir, "/tmp/obs-outlines-%d", (int)getpid());
    remove_database(db_path);
    db = db_open(db_path);
    assert_non_null(db);
    /* the territories the outlines are checked against (as geography_rebuild makes them) */
    assert_true(db_exec(db, "INSERT INTO territoire VALUES('commune', '62160', 'Boulogne-sur-Mer'),"
                            " ('commune', '62667', 'Le Portel'), ('commune', '39140', 'Chassal-Molinges'),"
                            " ('region', '32', 'Hauts-de-France')"));
    char geo[96];
    snprintf(geo, sizeof geo, "%s/geo", dir);
    mkdir(dir, 0700);
    mkdir(geo, 0700);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    remove_database(db_path);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    return 0;
}

#define CFEAT(code, rings) \
    "{\"type\":\"Feature\",\"properties\":{\"commune\":" code "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" rings "]}}"

static void loads_known_codes_only(void **state)
{
    (void)state;
    /* Boulogne-sur-Mer with a hole, Le Portel, an unknown code, a commune with a null geometry */
    write_file("communes.geojson",
               FC(CFEAT("\"62160\"", "[[1.6,50.7],[1.64,50.7],[1.64,50.74],[1.6,50.7]],"
                                     "[[1.61,50.71],[1.62,50.71],[1.62,50.72],[1.61,50.71]]") ","
                  CFEAT("\"62667\"", "[[1.57,50.69],[1.6,50.7],[1.6,50.72],[1.57,50.69]]") ","
                  CFEAT("\"99999\"", SQUARE) ","
                  "{\"type\":\"Feature\",\"properties\":{\"commune\":\"39140\"},\"geometry\":null}"));
    write_file("regions.geojson",
               FC("{\"type\":\"Feature\",\"properties\":{\"region\":\"32\"},\"geometry\":{\"type\":\"MultiPolygon\","
                  "\"coordinates\":[[[[1,50],[2,50],[2,51],[1,50]]],[[[3,50],[4,50],[4,51],[3,50]]]]}}"));
    /* epci.geojson and departements.geojson are absent: a warning each */
    assert_true(db_begin(db));
    assert_true(geo_outlines_load(db, dir));
    assert_true(db_commit(db));
    assert_int_equal(one("SELECT count(*) FROM contour WHERE niveau = 'commune'"), 3);
    assert_int_equal(one("SELECT count(DISTINCT code) FROM contour WHERE niveau = 'commune'"), 2);
    assert_int_equal(one("SELECT count(*) FROM contour WHERE code = '99999'"), 0);
    assert_int_equal(one("SELECT count(*) FROM contour WHERE code = '39140'"), 0);
    assert_int_equal(one("SELECT trou FROM contour WHERE code = '62160' AND anneau = 1"), 1);
    assert_int_equal(one("SELECT n_points FROM contour WHERE code = '62160' AND anneau = 0"), 3);
    assert_int_equal(one("SELECT length(points) FROM contour WHERE code = '62160' AND anneau = 0"), 48);
    /* the second vertex, (1.64, 50.7), as little-endian doubles */
    unsigned char expected[16];
    const double v[2] = {1.64, 50.7};
    geo_outlines_encode(v, 1, expected);
    sqlite3_stmt *st = db_prepare(db, "SELECT substr(points, 17, 16) FROM contour WHERE code = '62160' AND anneau = 0");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_memory_equal(sqlite3_column_blob(st, 0), expected, 16);
    sqlite3_finalize(st);
    assert_int_equal(one("SELECT count(*) FROM contour WHERE niveau = 'region' AND code = '32'"), 2);
    assert_int_equal(one("SELECT rows FROM reference_version WHERE file = 'geo/communes.geojson'"), 2);
    assert_int_equal(one("SELECT count(*) FROM reference_version WHERE file = 'geo/epci.geojson'"), 0);
    assert_int_equal(one("SELECT count(*) FROM territoire t WHERE niveau = 'commune' AND NOT EXISTS"
                         " (SELECT 1 FROM contour c WHERE c.niveau = 'commune' AND c.code = t.code)"), 1);
    /* 1.64 as the bytes of an IEEE-754 double, little-endian: 0x3FFA3D70A3D70A3D */
    static const unsigned char le164[8] = {0x3D, 0x0A, 0xD7, 0xA3, 0x70, 0x3D, 0xFA, 0x3F};
    assert_memory_equal(expected, le164, 8);
}

static void malformed_file_fails_and_keeps_nothing(void **state)
{
    (void)state;
    write_file("communes.geojson", FC(CFEAT("\"62160\"", SQUARE) "," CFEAT("\"62667\"", "[[0,0],[1,0]]")));
    assert_true(db_begin(db));
    assert_false(geo_outlines_load(db, dir));
    db_rollback(db);
    /* the previous load is whole */
    assert_int_equal(one("SELECT count(*) FROM contour WHERE niveau = 'commune'"), 3);
    /* a code twice in a file */
    write_file("communes.geojson", FC(CFEAT("\"62160\"", SQUARE) "," CFEAT("\"62160\"", SQUARE)));
    assert_true(db_begin(db));
    assert_false(geo_outlines_load(db, dir));
    db_rollback(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_polygons_holes_multipolygons_nulls),
        cmocka_unit_test(refuses_malformed_inputs),
        cmocka_unit_test(messages_name_line_column_or_feature),
        cmocka_unit_test(loads_known_codes_only),
        cmocka_unit_test(malformed_file_fails_and_keeps_nothing),
    };
    return cmocka_run_group_tests_name("geo outlines", tests, setup, teardown);
}
