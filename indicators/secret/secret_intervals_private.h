/* The in-memory model of secret_intervals.h, shared by its two files. */
#ifndef OBS_SECRET_INTERVALS_PRIVATE_H
#define OBS_SECRET_INTERVALS_PRIVATE_H

#include "indicators/secret/secret_intervals.h"

typedef struct {
    int64_t id;      /* indicator_value rowid */
    double x;        /* raw value (NAN: none) */
    double lo, hi;   /* what an outsider can tell of it */
    int64_t n;       /* contributors (cost) */
    uint32_t ind;    /* index into secret_intervals.ind */
    uint8_t hidden;  /* masked, or published without a value */
    uint8_t big;     /* temp.cell_cost.big */
    uint8_t level;   /* temp.cell_cost.level */
} iv_cell;

typedef struct {
    double lower;    /* lowest value a hidden cell can take */
    bool whole;      /* every value a whole number */
} iv_indicator;

struct secret_intervals {
    iv_cell *cell;
    size_t n_cells;
    iv_indicator *ind;
    char **ind_name;
    size_t n_ind;
    /* group g: total gm[gs[g]], parts gm[gs[g] + 1 .. gs[g + 1] - 1] */
    uint32_t *gs, *gm;
    size_t n_groups;
    /* groups of cell c: cg[cs[c] .. cs[c + 1] - 1] */
    uint32_t *cs, *cg;
    /* connected parts of the groups (one indicator and year, usually):
     * comp of each cell; a part is propagated again only when a cell of
     * it was hidden since (dirty), all of them at the first call */
    uint32_t *comp;
    unsigned char *dirty;
    bool all_dirty;
    /* per cell, or NULL: published cells never to choose as victims (set
     * by secret_insider_intervals.c: a funder's own cells, headlines) */
    const unsigned char *keep;
    /* per group, or NULL: whether it has a member neither hidden nor kept
     * (0 not known yet, 1 no, 2 yes), remembered by iv_victim_for while
     * neither the hidden cells nor keep change (secret_insider_intervals.c:
     * looking one group further asks it of the same groups thousands of
     * times, nationally most of the insider's time) */
    unsigned char *published;
    /* id -> cell index, open addressing */
    uint32_t *slot;
    size_t n_slots;
};

/* Index of the cell with rowid id, or UINT32_MAX. */
uint32_t iv_find(const secret_intervals *iv, int64_t id);
/* Bounds to a fixed point from the hidden cells (lo, hi of every cell). */
bool iv_propagate(secret_intervals *iv);
/* The interval group g alone gives member c, from the others' bounds. */
void iv_bound_in(const secret_intervals *iv, uint32_t g, uint32_t c, double *lo, double *hi);

/* How far cell c's interval [lo, hi] falls short of leaving the
 * protection interval (0: it reaches beyond it on one side at least). */
double iv_missing(const iv_cell *c, double lo, double hi);
/* The published cell (not kept) to hide for hidden cell c, short by need,
 * or UINT32_MAX; *from: its group. */
uint32_t iv_victim_for(const secret_intervals *iv, uint32_t c, double need, uint32_t *from);
/* touched[g] set for each group of at most 64 members holding cell c, so
 * that a cell whose small groups a victim of this call already widens
 * waits for the next call; iv_marked: whether one of c's groups is. */
void iv_mark(const secret_intervals *iv, uint32_t c, unsigned char *touched);
bool iv_marked(const secret_intervals *iv, uint32_t c, const unsigned char *touched);

#endif
