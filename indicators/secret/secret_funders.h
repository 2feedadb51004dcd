/* The funders of a run and, for the cells of one model of the suppression
 * (the combined equations, the interval bounds), which funder each names
 * and, for a cell that names none, the funder of all its hidden parts: what
 * a funder who knows its own figures knows (docs/confidentiality.md, « A
 * funder and its own figures »). Read by both funder-insider steps from the
 * keys stored as data (secret_funder_cells.h), never from the dimension
 * string. The audit has its own reading (it shares no code with the
 * suppression). */
#ifndef OBS_SECRET_FUNDERS_H
#define OBS_SECRET_FUNDERS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { SECRET_FUNDER_NONE = -1, SECRET_FUNDER_SEVERAL = -2 };

/* The cells of the caller's model: slot_of gives a cell's slot (below
 * n_slots) or n_slots when the model does not hold it; hidden says whether
 * the cell in a slot is hidden now. */
typedef struct {
    size_t n_slots;
    size_t (*slot_of)(const void *model, int64_t id);
    bool (*hidden)(const void *model, size_t slot);
    const void *model;
} secret_funder_slots;

/* A part naming a funder of a cell naming none: the total's slot, the
 * part's funder, and the part's slot (or n_slots outside the model, then
 * whether it was hidden when read). */
typedef struct {
    size_t total, part;
    int32_t funder;
    bool hidden;
} secret_funder_part;

typedef struct {
    char **name; /* every funder of the run's breakdowns, sorted as SQLite's BINARY */
    size_t n, cap;
    int32_t *owner; /* per slot: the funder the cell names, or SECRET_FUNDER_NONE */
    int32_t *only;  /* per slot naming none: the funder of all its hidden parts,
                       SECRET_FUNDER_NONE (no hidden part) or SECRET_FUNDER_SEVERAL */
    secret_funder_part *parts;
    size_t n_parts, cap_parts;
} secret_funders;

/* Fills f (freed by secret_funders_free, even on failure). False on a
 * database or memory error, said on stderr. */
bool secret_funders_read(sqlite3 *db, int64_t run, const secret_funder_slots *s, secret_funders *f);
/* only again, from the parts read and which of the model's cells s says
 * are hidden now: what reading again would give while only the model's
 * cells were hidden since. */
void secret_funders_refresh(secret_funders *f, const secret_funder_slots *s);
void secret_funders_free(secret_funders *f);

/* Whether funder k knows the cell in slot: its own, or a cell naming no
 * funder all of whose hidden parts are k's (it equals k's part plus
 * published ones). */
static inline bool secret_funder_knows(const secret_funders *f, size_t slot, int32_t k)
{
    return f->owner[slot] == k || (f->owner[slot] < 0 && f->only[slot] == k);
}

#endif
