/* Why a headline figure was hidden: with OBS_SECRET_TRACE set in the
 * environment, each step of the suppression tells which France, région,
 * département or study-territory figures without breakdown it hides, and
 * through which group or given-back cell. Silent otherwise. */
#ifndef OBS_SECRET_TRACE_H
#define OBS_SECRET_TRACE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

bool secret_trace_on(void);
/* The headline cells among the rowids of TABLE(id), hidden by STEP; for the
 * group rounds (groups true), the groups holding one secret cell each
 * belongs to. */
void secret_trace_victims(sqlite3 *db, const char *table, const char *step, bool groups);
/* A headline cell (rowid) hidden by the combination step to protect cell
 * given_back (rowid). */
void secret_trace_combined(int64_t victim, int64_t given_back, const char *how);

#endif
