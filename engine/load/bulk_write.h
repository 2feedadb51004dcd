/* Replacing every row of a large table in one transaction (a dataset's new
 * version): what makes it cost about what SQLite's own CSV import costs.
 *  - The table's secondary indexes are dropped inside the transaction and
 *    built again after the last row: one sort each, instead of a B-tree
 *    descent per row and index. A rollback brings them back unchanged.
 *    Partial indexes stay (few rows each; a rebuild reads the whole table).
 *  - The write goes through a rollback journal instead of the WAL: in WAL
 *    mode every new page is written twice, to the WAL and then to the file
 *    at the checkpoint (1.5 GB each for the national establishments). A
 *    rollback journal only keeps the pages the transaction overwrites, and
 *    is just as safe against a crash (the next open rolls it back). */
#ifndef OBS_BULK_WRITE_H
#define OBS_BULK_WRITE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

enum { BULK_MAX_INDEXES = 16 };

typedef struct {
    char *create[BULK_MAX_INDEXES]; /* CREATE INDEX statements, to run again */
    size_t n;
} bulk_indexes;

/* In the open transaction: drops table's secondary indexes (not the
 * partial ones), their statements kept in saved. */
bool bulk_indexes_drop(sqlite3 *db, const char *table, bulk_indexes *saved);
/* In the same transaction: builds them again. */
bool bulk_indexes_build(sqlite3 *db, const bulk_indexes *saved);
void bulk_indexes_free(bulk_indexes *saved);

/* Outside a transaction: the rollback journal for a bulk write (bulk true),
 * the WAL again after (bulk false). When another connection holds the
 * database, SQLite keeps the WAL, and so does this: only slower. */
void bulk_journal(sqlite3 *db, bool bulk);

#endif
