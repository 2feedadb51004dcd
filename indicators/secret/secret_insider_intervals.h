/* Interval protection against a funder who knows its own cells
 * (docs/confidentiality.md, « A funder and its own figures »; #16 item 4).
 *
 * A funder F knows its own cells (financeur = F) and the cells without a
 * funder whose parts are all F's (its money alone). With those published
 * to it, the bounds an outsider carries through the sums (secret_intervals.h)
 * narrow: for each funder in turn, its hidden cells are taken as published
 * in the model of secret_intervals.c, the bounds are carried onward from
 * the outsider's from those cells only, and every hidden cell F does
 * not know -- another funder's, or a total of several funders -- whose
 * interval falls within 10 % of its value gets one more published cell of
 * its groups hidden, chosen as for the outsider, never one F knows (it
 * would not widen anything for F) nor a France or région figure without
 * breakdown (temp.cell_cost.big). The model is then as it was; the caller
 * hides the victims. */
#ifndef OBS_SECRET_INSIDER_INTERVALS_H
#define OBS_SECRET_INSIDER_INTERVALS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/secret/secret_funders.h"
#include "indicators/secret/secret_intervals.h"

/* Fills temp.victims (id INTEGER PRIMARY KEY) with the published cells to
 * hide so that no funder of run bounds a hidden cell it does not know
 * within 10 %; says on stderr what it found and hid. fu: the funders and
 * their cells, read at a loop's first call (fu->owner NULL), kept for the
 * next ones, between which only the victims of these calls may be hidden
 * (reading them again took a fifth of each call nationally); the caller
 * frees it with secret_funders_free after the loop. False on a database
 * error or out of memory. */
bool secret_insider_intervals(sqlite3 *db, int64_t run, secret_intervals *iv, secret_funders *fu);

#endif
