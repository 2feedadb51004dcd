/* Headline totals published again once the breakdown protects as well
 * (indicators/secret/secret_release.c), on groups small enough to be worked
 * out by hand: every case is a France figure hidden as secondary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "engine/core/db.h"
#include "indicators/secret/secret_combined.h"
#include "indicators/secret/secret_release.h"

static const char cells_sql[] =
    "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type) VALUES"
    " (1,'pub','t','€','sum'),(1,'pub2','t','€','sum'),(1,'pub3','t','€','sum'),(1,'pub5','t','€','sum'),"
    " (1,'pub6','t','€','sum'),(1,'pub7','t','€','sum'),(1,'lev','t','','leverage'),(1,'lev5','t','','leverage'),"
    " (1,'prive','t','€','sum'),(1,'prive5','t','€','sum');"
    "INSERT INTO indicator_value(rowid, run_id, indicator, niveau, territoire, annee, dimension, valeur,"
    " valeur_brute, secret, motif_secret) VALUES"
    /* 1 = 2 + 3, both parts hidden: 1 comes back, and lev (31), whose other
     * side prive (32) is published, with it */
    " (1,1,'pub','france','FR',2024,'',100,100,1,'secondaire'),"
    " (2,1,'pub','france','FR',2024,'dispositif=a',60,60,1,'frequence'),"
    " (3,1,'pub','france','FR',2024,'dispositif=b',40,40,1,'secondaire'),"
    " (31,1,'lev','france','FR',2024,'',2,2,1,'secondaire'),"
    " (32,1,'prive','france','FR',2024,'',200,200,0,NULL),"
    /* 11 = 12 + 13 with 13 published: 11 would give 12 back, unless 13,
     * a part, is hidden instead (the victims' chooser) */
    " (11,1,'pub2','france','FR',2024,'',100,100,1,'secondaire'),"
    " (12,1,'pub2','france','FR',2024,'dispositif=a',60,60,1,'frequence'),"
    " (13,1,'pub2','france','FR',2024,'dispositif=b',40,40,0,NULL),"
    /* 21 = X + Y + Z, X and Y hidden: X, knowing its part, would find Y's */
    " (21,1,'pub3','france','FR',2024,'',100,100,1,'secondaire'),"
    " (22,1,'pub3','france','FR',2024,'financeur=X',50,50,1,'frequence'),"
    " (23,1,'pub3','france','FR',2024,'financeur=Y',30,30,1,'secondaire'),"
    " (24,1,'pub3','france','FR',2024,'financeur=Z',20,20,0,NULL),"
    /* 41 = 42 + 43 protected, but lev5 (51) is published and prive5 (52)
     * hidden: 41 would give 52 = 51 x 41 */
    " (41,1,'pub5','france','FR',2024,'',100,100,1,'secondaire'),"
    " (42,1,'pub5','france','FR',2024,'dispositif=a',60,60,1,'frequence'),"
    " (43,1,'pub5','france','FR',2024,'dispositif=b',40,40,1,'secondaire'),"
    " (51,1,'lev5','france','FR',2024,'',0.5,0.5,0,NULL),"
    " (52,1,'prive5','france','FR',2024,'',50,50,1,'frequence'),"
    /* France (61) = its only région (62), each with its breakdown: either
     * alone would give the other, both together give nothing */
    " (61,1,'pub6','france','FR',2024,'',100,100,1,'secondaire'),"
    " (62,1,'pub6','region','R',2024,'',100,100,1,'secondaire'),"
    " (63,1,'pub6','region','R',2024,'dispositif=a',60,60,1,'frequence'),"
    " (64,1,'pub6','region','R',2024,'dispositif=b',40,40,1,'secondaire'),"
    " (65,1,'pub6','france','FR',2024,'dispositif=a',60,60,1,'secondaire'),"
    " (66,1,'pub6','france','FR',2024,'dispositif=b',40,40,1,'secondaire'),"
    /* 71 = 72 + 73: 73 (5) is less than 10 % of 72 (95), which 71 would
     * bound to [95, 100] */
    " (71,1,'pub7','france','FR',2024,'',100,100,1,'secondaire'),"
    " (72,1,'pub7','france','FR',2024,'dispositif=a',95,95,1,'frequence'),"
    " (73,1,'pub7','france','FR',2024,'dispositif=b',5,5,1,'secondaire');"
    "INSERT INTO dimension_cle VALUES ('financeur=X','financeur','X','',1),('financeur=Y','financeur','Y','',1),"
    " ('financeur=Z','financeur','Z','',1),('dispositif=a','dispositif','a','',1),"
    " ('dispositif=b','dispositif','b','',1);"
    "CREATE TEMP TABLE members(grp TEXT NOT NULL, id INTEGER NOT NULL, x REAL, total INTEGER, secret INTEGER);"
    "INSERT INTO temp.members(grp, id, total) VALUES ('g1',1,1),('g1',2,0),('g1',3,0),"
    " ('r|lev',31,0),('r|lev',32,1),('r|lev',1,1),"
    " ('g2',11,1),('g2',12,0),('g2',13,0),"
    " ('g3',21,1),('g3',22,0),('g3',23,0),('g3',24,0),"
    " ('g5',41,1),('g5',42,0),('g5',43,0),('r|lev5',51,0),('r|lev5',52,1),('r|lev5',41,1),"
    " ('h6',61,1),('h6',62,0),('b6r',62,1),('b6r',63,0),('b6r',64,0),('b6f',61,1),('b6f',65,0),('b6f',66,0),"
    " ('h6a',65,1),('h6a',63,0),('h6b',66,1),('h6b',64,0),('g7',71,1),('g7',72,0),('g7',73,0);"
    "UPDATE temp.members SET x = (SELECT valeur_brute FROM indicator_value WHERE rowid = members.id),"
    " secret = (SELECT secret FROM indicator_value WHERE rowid = members.id);"
    "CREATE TEMP TABLE groups(grp TEXT PRIMARY KEY, nsecret INTEGER NOT NULL);"
    "INSERT INTO temp.groups SELECT grp, sum(secret) FROM temp.members GROUP BY grp;"
    "CREATE TEMP TABLE cell_cost(id INTEGER PRIMARY KEY, big INTEGER, level INTEGER, n INTEGER);"
    "INSERT INTO temp.cell_cost SELECT DISTINCT m.id, CASE WHEN v.dimension <> '' THEN 0 ELSE 2 END,"
    " CASE v.niveau WHEN 'region' THEN 4 ELSE 5 END, 10 FROM temp.members m"
    " JOIN indicator_value v ON v.rowid = m.id;";

static const char equations_sql[] = "SELECT grp, id, CASE WHEN total = 1 THEN 1 ELSE -1 END, secret, x"
                                    " FROM temp.members WHERE substr(grp, 1, 2) <> 'r|' ORDER BY grp";

static void assert_published(sqlite3 *db, const char *expected)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT group_concat(rowid, ' ') FROM (SELECT rowid FROM indicator_value"
                                      " WHERE secret = 0 ORDER BY rowid)");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), expected);
    sqlite3_finalize(st);
}

static long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* A database holding the cells of sql, and their equations. */
static combined *load(sqlite3 **db, const char *sql)
{
    *db = db_open(":memory:");
    assert_non_null(*db);
    assert_true(db_exec(*db, sql));
    combined *c = combined_load(*db, equations_sql);
    assert_non_null(c);
    return c;
}

/* The equations read again, as secret.c does after a release step. */
static void reload(sqlite3 *db, combined **c)
{
    combined_free(*c);
    *c = combined_load(db, equations_sql);
    assert_non_null(*c);
}

static void test_release(void **state)
{
    (void)state;
    sqlite3 *db;
    combined *c = load(&db, cells_sql);
    long released = -1, hidden = -1;
    assert_true(secret_release_headlines(db, c, &released, &hidden));
    /* 1 with lev (31), 11 with 13 hidden, and 61 with 62; not 21 (insider),
     * 41 (gives 52 through lev5), 71 (interval) */
    assert_int_equal(released, 5);
    assert_int_equal(hidden, 1);
    assert_published(db, "1 11 24 31 32 51 61 62");
    assert_int_equal(scalar(db, "SELECT count(*) FROM indicator_value WHERE rowid = 13 AND motif_secret = 'secondaire'"),
                     1);
    assert_int_equal(scalar(db, "SELECT count(*) FROM indicator_value WHERE secret = 0 AND motif_secret IS NOT NULL"),
                     0);
    /* the groups follow: g1 and r|lev count one and two hidden cells fewer */
    assert_int_equal(scalar(db, "SELECT nsecret FROM temp.groups WHERE grp = 'g1'"), 2);
    assert_int_equal(scalar(db, "SELECT nsecret FROM temp.groups WHERE grp = 'r|lev'"), 0);
    assert_int_equal(scalar(db, "SELECT nsecret FROM temp.groups WHERE grp = 'h6'"), 0);
    assert_int_equal(scalar(db, "SELECT sum(secret) FROM temp.members WHERE id IN (1, 31, 61, 62)"), 0);
    /* once only: hidden again, 1 is not given back a second time */
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 1, motif_secret = 'secondaire' WHERE rowid = 1"));
    reload(db, &c);
    assert_true(secret_release_headlines(db, c, &released, &hidden));
    assert_int_equal(released, 0);
    combined_free(c);
    db_close(db);
}

/* Tried once: 41, refused by its ratio, is not tried again at the next
 * step, even once lev5 (51) is hidden and 41 would pass. */
static void test_tried_once(void **state)
{
    (void)state;
    sqlite3 *db;
    combined *c = load(&db, cells_sql);
    long released = -1, hidden = -1;
    assert_true(secret_release_headlines(db, c, &released, &hidden));
    assert_int_equal(released, 5);
    assert_int_equal(scalar(db, "SELECT count(*) FROM temp.release_tried WHERE id IN (1, 11, 31, 41, 61, 62, 71)"), 7);
    assert_true(db_exec(db, "UPDATE indicator_value SET secret = 1, motif_secret = 'secondaire' WHERE rowid = 51;"
                            "UPDATE temp.members SET secret = 1 WHERE id = 51;"
                            "UPDATE temp.groups SET nsecret = nsecret + 1 WHERE grp = 'r|lev5';"));
    reload(db, &c);
    assert_true(secret_release_headlines(db, c, &released, &hidden));
    assert_int_equal(released, 0);
    assert_published(db, "1 11 24 31 32 61 62");
    /* without the record of the first step, 41 is published */
    assert_true(db_exec(db, "DELETE FROM temp.release_tried WHERE id = 41"));
    assert_true(secret_release_headlines(db, c, &released, &hidden));
    assert_int_equal(released, 1);
    assert_published(db, "1 11 24 31 32 41 61 62");
    combined_free(c);
    db_close(db);
}

/* France 81 = régions 82 + 83; 82 = départements 84 + 85; 83 = 86 alone
 * (equal totals); 84 = communes 87 (95) + 88 (5), 85 = 89 + 90, all
 * communes primary. All at once, 84 would bound 87 within 10 %: it gives
 * up 84; then 82 and 85 would give 84 back, and 85, the lower level next to
 * it, goes too; 81, 82, 83 and 86 stay published. */
static const char chain_sql[] =
    "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type) VALUES (1,'pub8','t','€','sum');"
    "INSERT INTO indicator_value(rowid, run_id, indicator, niveau, territoire, annee, dimension, valeur,"
    " valeur_brute, secret, motif_secret) VALUES"
    " (81,1,'pub8','france','FR',2020,'',210,210,1,'secondaire'),"
    " (82,1,'pub8','region','R1',2020,'',160,160,1,'secondaire'),"
    " (83,1,'pub8','region','R2',2020,'',50,50,1,'secondaire'),"
    " (84,1,'pub8','departement','D1',2020,'',100,100,1,'secondaire'),"
    " (85,1,'pub8','departement','D2',2020,'',60,60,1,'secondaire'),"
    " (86,1,'pub8','departement','D3',2020,'',50,50,1,'secondaire'),"
    " (87,1,'pub8','commune','c1',2020,'',95,95,1,'frequence'),"
    " (88,1,'pub8','commune','c2',2020,'',5,5,1,'frequence'),"
    " (89,1,'pub8','commune','c3',2020,'',30,30,1,'frequence'),"
    " (90,1,'pub8','commune','c4',2020,'',30,30,1,'frequence');"
    "CREATE TEMP TABLE members(grp TEXT NOT NULL, id INTEGER NOT NULL, x REAL, total INTEGER, secret INTEGER);"
    "INSERT INTO temp.members(grp, id, total) VALUES ('f',81,1),('f',82,0),('f',83,0),"
    " ('r1',82,1),('r1',84,0),('r1',85,0),('r2',83,1),('r2',86,0),"
    " ('d1',84,1),('d1',87,0),('d1',88,0),('d2',85,1),('d2',89,0),('d2',90,0);"
    "UPDATE temp.members SET x = (SELECT valeur_brute FROM indicator_value WHERE rowid = members.id),"
    " secret = (SELECT secret FROM indicator_value WHERE rowid = members.id);"
    "CREATE TEMP TABLE groups(grp TEXT PRIMARY KEY, nsecret INTEGER NOT NULL);"
    "INSERT INTO temp.groups SELECT grp, sum(secret) FROM temp.members GROUP BY grp;"
    "CREATE TEMP TABLE cell_cost(id INTEGER PRIMARY KEY, big INTEGER, level INTEGER, n INTEGER);"
    "INSERT INTO temp.cell_cost SELECT DISTINCT m.id, CASE v.niveau WHEN 'commune' THEN 0 WHEN 'departement'"
    " THEN 1 ELSE 2 END, CASE v.niveau WHEN 'commune' THEN 0 WHEN 'departement' THEN 3 WHEN 'region' THEN 4"
    " ELSE 5 END, 10 FROM temp.members m JOIN indicator_value v ON v.rowid = m.id;";

static void test_chain(void **state)
{
    (void)state;
    sqlite3 *db;
    combined *c = load(&db, chain_sql);
    long released = -1, hidden = -1;
    assert_true(secret_release_headlines(db, c, &released, &hidden));
    assert_int_equal(released, 4);
    assert_int_equal(hidden, 0);
    assert_published(db, "81 82 83 86");
    combined_free(c);
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_release), cmocka_unit_test(test_tried_once),
                                       cmocka_unit_test(test_chain)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
