/* Reference data (the CSV files of datasets/reference/, which analysts may
 * edit) loaded into the ref_* tables. Every init reloads them (a few MB) and
 * reference_version records the checksum of the version in use. */
#ifndef OBS_REFERENCE_H
#define OBS_REFERENCE_H

#include <sqlite3.h>
#include <stdbool.h>

/* Loads every reference file of dir inside the caller's transaction.
 * Logs file:line:column on bad data; returns false on any failure. */
bool reference_load(sqlite3 *db, const char *dir);

#endif
