/* A dataset's replacement: its full indexes dropped and built again, its
 * partial ones kept, and a rollback that brings everything back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/load/bulk_write.h"
#include "engine/core/db.h"
#include "support/remove_database.h"

static int count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static const char indexes_of_t[] = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 't'";

static sqlite3 *table_with_indexes(void)
{
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, "CREATE TABLE t(k TEXT PRIMARY KEY, c TEXT, f INTEGER) WITHOUT ROWID;"
                            "CREATE INDEX t_c ON t(c); CREATE INDEX t_kc ON t(k, c);"
                            "CREATE INDEX t_f ON t(k) WHERE f = 1;"
                            "INSERT INTO t VALUES ('a', 'x', 1), ('b', 'y', 0);"));
    return db;
}

static void test_full_indexes_dropped_then_built(void **state)
{
    (void)state;
    sqlite3 *db = table_with_indexes();
    bulk_indexes saved;
    assert_true(db_begin(db));
    assert_true(bulk_indexes_drop(db, "t", &saved));
    assert_int_equal(saved.n, 2);        /* t_c and t_kc; the primary key is the table */
    assert_int_equal(count(db, indexes_of_t), 1); /* t_f, partial, stays */
    assert_true(db_exec(db, "DELETE FROM t; INSERT INTO t VALUES ('c', 'z', 1), ('d', 'z', 0), ('e', 'w', 1);"));
    assert_true(bulk_indexes_build(db, &saved));
    assert_true(db_commit(db));
    bulk_indexes_free(&saved);
    assert_int_equal(count(db, indexes_of_t), 3);
    assert_int_equal(count(db, "SELECT count(*) FROM t INDEXED BY t_c WHERE c = 'z'"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM t INDEXED BY t_f WHERE f = 1"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
    db_close(db);
}

static void test_rollback_keeps_rows_and_indexes(void **state)
{
    (void)state;
    sqlite3 *db = table_with_indexes();
    bulk_indexes saved;
    assert_true(db_begin(db));
    assert_true(bulk_indexes_drop(db, "t", &saved));
    assert_true(db_exec(db, "DELETE FROM t"));
    db_rollback(db);
    bulk_indexes_free(&saved);
    assert_int_equal(count(db, indexes_of_t), 3);
    assert_int_equal(count(db, "SELECT count(*) FROM t INDEXED BY t_c WHERE c IN ('x', 'y')"), 2);
    db_close(db);
}

static void assert_journal_mode(sqlite3 *db, const char *mode)
{
    sqlite3_stmt *st = db_prepare(db, "PRAGMA journal_mode");
    assert_non_null(st);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), mode);
    sqlite3_finalize(st);
}

static void test_journal_switch_and_back(void **state)
{
    (void)state;
    char path[] = "/tmp/obs-bulk-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    sqlite3 *db = db_open(path);
    assert_non_null(db);
    bulk_journal(db, true);
    assert_journal_mode(db, "delete");
    bulk_journal(db, false);
    assert_journal_mode(db, "wal");
    db_close(db);
    remove_database(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_indexes_dropped_then_built),
        cmocka_unit_test(test_rollback_keeps_rows_and_indexes),
        cmocka_unit_test(test_journal_switch_and_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
