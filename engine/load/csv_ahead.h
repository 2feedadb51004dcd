/* Reading a CSV file ahead, in a second thread: while the loader validates
 * and inserts one batch of records, the next batches are read, split and
 * decoded (csv_next) on the other core. The records come out in the same
 * order and with the same statuses, problems and lines as from csv_next.
 *
 * Why a thread: loading the national establishments is bound by one core,
 * and reading the CSV is a sixth of that core's time (perf, 2026-12-02);
 * SQLite itself stays in the loader's thread (obs sets it single-threaded).
 * Batches are bounded (AHEAD_BATCHES of at most AHEAD_RECORDS records or
 * AHEAD_BYTES bytes each, one record being at most CSV_MAX_RECORD_BYTES), so
 * memory stays bounded by the longest record, as with csv_next. */
#ifndef OBS_CSV_AHEAD_H
#define OBS_CSV_AHEAD_H

#include <stdint.h>

#include "engine/load/csv_reader.h"

typedef struct csv_ahead csv_ahead;

/* Starts reading r ahead (after its header has been read with csv_next).
 * Until csv_ahead_stop, only csv_ahead_next may use r. NULL when out of
 * memory or when no thread can be started (the caller then reads r itself). */
csv_ahead *csv_ahead_start(csv_reader *r);
/* The next record, as csv_next would return it (fields valid until the next
 * call); *bytes_read: csv_get_stats(r)->bytes_read after it was read. */
csv_status csv_ahead_next(csv_ahead *a, csv_record *rec, csv_problem *problem, uint64_t *bytes_read);
/* Stops the thread (even mid-file) and frees everything; r is the caller's
 * again, its statistics and checksum up to date. Safe with NULL. */
void csv_ahead_stop(csv_ahead *a);

#endif
