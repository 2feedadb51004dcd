/* The in-memory model of secret_intervals.h, shared by its two files. */
#ifndef OBS_SECRET_INTERVALS_PRIVATE_H
#define OBS_SECRET_INTERVALS_PRIVATE_H

#include "indicators/secret/secret_intervals.h"

typedef struct {
    int64_t id;      /* indicator_value rowid */
    double x;        /* raw value (NAN: none) */
    double lo, hi;   /* what an outsider can tell of it */
    double cap;      /* at most this when hidden: its frame's published cell
                        (an employers' count at most the establishments'), or
                        INFINITY */
    int64_t n;       /* contributors (cost) */
    uint32_t ind;    /* index into secret_intervals.ind */
    uint8_t hidden;  /* masked, or published without a value */
    uint8_t big;     /* temp.cell_cost.big */
    uint8_t level;   /* temp.cell_cost.level */
} iv_cell;

/* The propagation's workspace (secret_intervals_propagate.c). */
typedef struct iv_work iv_work;

/* A cell a funder's narrowing moved, and its bounds before; unhid: one
 * of the funder's hidden cells, taken as published. */
typedef struct {
    uint32_t c;
    bool unhid;
    double lo, hi;
} iv_moved;

typedef struct {
    double lower;    /* lowest value a hidden cell can take */
    bool whole;      /* every value a whole number */
} iv_indicator;

/* A declared ratio (secret_interval_ratios.c): the ratio cell, and its two
 * sides (0: numerator, 1: denominator), each a cell of the model, exact
 * (published when read, or a public quantity) or hidden without bounds. */
enum { IV_SIDE_EXACT, IV_SIDE_MODEL, IV_SIDE_UNBOUNDED };
typedef struct {
    int64_t id;
    double x;
    uint8_t hidden;
    uint8_t state[2];
    uint32_t side[2];
    double side_x[2];
} iv_ratio;

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
    /* iv_victim_for only from a group that bounds the cell as closely as
     * all its groups together, above or below (iv_binds; set by
     * secret_insider_intervals.c): a published cell of a looser group
     * widens nothing. Nationally, without it, each call of the funders'
     * loop hid a commune of France's group for the same cells, bounded as
     * closely the next time, hundreds of calls over. */
    bool binding_only;
    /* id -> cell index, open addressing */
    uint32_t *slot;
    size_t n_slots;
    iv_work *work; /* NULL until the first propagation */
    iv_ratio *ratio; /* by id */
    size_t n_ratio;
    /* ratios of cell c (a side): rs[c] .. rs[c + 1] - 1 in rr */
    uint32_t *rs, *rr;
    /* per ratio: the last stamp that checked it (secret_insider_intervals.c) */
    uint32_t *ratio_seen, ratio_stamp;
};

/* Index of the cell with rowid id, or UINT32_MAX. */
uint32_t iv_find(const secret_intervals *iv, int64_t id);
/* Bounds to a fixed point from the hidden cells (lo, hi of every cell),
 * from scratch in the parts where a cell was hidden since. */
bool iv_propagate(secret_intervals *iv);
/* What a funder who knows the hidden cells known[0 .. n_known) can tell:
 * those cells taken as published (no longer hidden), and the bounds
 * carried onward from those of the last iv_propagate. Its bounds are
 * within the outsider's (it knows more), so starting from them reaches
 * the fixed point that starting from scratch would, and moves only what
 * the funder's cells reach. *moved: the cells that moved (the funder's
 * included, with unhid set), by cell, valid until iv_narrow_undo, which
 * puts the bounds and hidden cells back as they were. Published cells in
 * known are passed over. False when out of memory (said on stderr): undo
 * all the same. */
bool iv_narrow_known(secret_intervals *iv, const uint32_t *known, size_t n_known, const iv_moved **moved,
                     size_t *n_moved);
void iv_narrow_undo(secret_intervals *iv);
/* The cells' hidden flags changed (secret_intervals_hide); and the
 * workspace freed (secret_intervals_free). */
void iv_work_stale(secret_intervals *iv);
void iv_work_free(secret_intervals *iv);
/* The interval group g alone gives member c, from the others' bounds. */
void iv_bound_in(const secret_intervals *iv, uint32_t g, uint32_t c, double *lo, double *hi);

/* How far group g alone leaves hidden cell c short of x·(1 + 10 %) above
 * (negative: how far beyond), from the others' bounds. */
double iv_miss_in(const secret_intervals *iv, uint32_t g, uint32_t c);
/* Whether group g alone bounds hidden cell c as closely as all its groups
 * together do, above or below: hiding a published member of any other
 * group leaves c's interval as it is. */
bool iv_binds(const secret_intervals *iv, uint32_t g, uint32_t c);
/* How far cell c's interval [lo, hi] falls short of leaving the
 * protection interval (0: it reaches beyond it on one side at least). */
double iv_missing(const iv_cell *c, double lo, double hi);
/* The published cell (not kept) to hide for hidden cell c, short by need,
 * or UINT32_MAX; *from: its group. */
uint32_t iv_victim_for(const secret_intervals *iv, uint32_t c, double need, uint32_t *from);
/* The declared ratios of temp.members ('r|') and temp.relations; the
 * ratio cell id hidden since; whether ratio r is bounded within the
 * protection interval, and then what each side, hidden in the model, must
 * widen upwards for it not to be (need[k], 0: that side cannot help). */
bool iv_ratios_load(secret_intervals *iv, sqlite3 *db);
void iv_ratios_hide(secret_intervals *iv, int64_t id);
bool iv_ratio_narrow(const secret_intervals *iv, const iv_ratio *r, double need[2]);
/* The victim for a narrow ratio (iv_victim_for on its numerator, else its
 * denominator, as need asks), or UINT32_MAX; *side: the side it widens. */
uint32_t iv_ratio_victim(const secret_intervals *iv, const iv_ratio *r, const double need[2], uint32_t *side,
                         uint32_t *from);
/* touched[g] set for each group of at most 64 members holding cell c, so
 * that a cell whose small groups a victim of this call already widens
 * waits for the next call; iv_marked: whether one of c's groups is. */
void iv_mark(const secret_intervals *iv, uint32_t c, unsigned char *touched);
bool iv_marked(const secret_intervals *iv, uint32_t c, const unsigned char *touched);

#endif
