/* Statistical secrecy against a funder who knows its own cells, with
 * combinations of equations (docs/confidentiality.md, « A funder and its
 * own figures »; #16 item 4).
 *
 * A funder F knows every cell whose breakdown has financeur = F: its
 * money and its projects, which its report shows; and every cell without
 * a funder all of whose funder parts (same indicator, territory and year,
 * its dimension plus financeur = X) are F's: such a cell equals F's part.
 * Those cells are constants to F: in the equations of secondary
 * suppression (the system held in memory, secret_combined.h) they move to
 * the right-hand side, which is the same, for what the equations
 * determine, as taking them out. So, for each funder F in turn: the blocks
 * of equations that hold a hidden cell of F and a hidden cell F does not
 * know, without F's cells, solved exactly as for the outsider
 * (combined_victims). Each hidden cell F does not know that comes back --
 * another funder's, or one without a funder that is not F's alone (a total
 * of several funders: it tells F the others' sum) -- is protected by
 * hiding published cells, chosen as for the outsider (nearest, parts
 * before totals, smallest first, headline figures last), never one F
 * knows (it knows it anyway); a published France, région, département or
 * study territory figure without breakdown (COMBINED_HEADLINE) only when
 * nothing else protects, as for the outsider (on a small generated dataset
 * a région funded by one funder alone gives that funder the other région
 * as the France total minus its own money: only the France total protects
 * it; on the sample no such case). A cell nothing protects is said on
 * stderr.
 *
 * Bounds (a cell F does not know pinned within 10 % by F's cells and the
 * published ones) are not handled here. */
#ifndef OBS_SECRET_INSIDER_COMBINED_H
#define OBS_SECRET_INSIDER_COMBINED_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "indicators/secret/secret_combined.h"

/* Fills temp.victims (id INTEGER PRIMARY KEY) with the published cells to
 * hide so that no funder of run gets a hidden cell it does not know back;
 * they are already hidden in eqs (their blocks to solve again), the caller
 * hides them in the database. Says on stderr what it found and hid. False
 * on a database error or out of memory. */
bool secret_insider_combined(sqlite3 *db, int64_t run, combined *eqs);

#endif
