/* What the audit's attacker (audit_attack.h) holds: the run's cells as an
 * outsider sees them, the relations it builds from what is published, and
 * what it has recovered so far. Shared by audit_attack_model.c (cells and
 * relations), audit_attack_solve.c (substitution, bounds, exact
 * combinations), audit_attack_known.c (what a funder knows) and
 * audit_attack.c (the outsider, the funder insider and the leaks named). No code is shared with the suppression (secret*.c). */
#ifndef OBS_AUDIT_ATTACK_PRIVATE_H
#define OBS_AUDIT_ATTACK_PRIVATE_H

#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "indicators/audit/audit_attack.h"

enum { AT_COMMUNE, AT_EPCI, AT_DEPARTEMENT, AT_REGION, AT_FRANCE, AT_ETUDE, AT_OTHER_LEVEL, AT_LEVELS };

typedef struct {
    int64_t rowid;
    int32_t ind, terr, dim;
    int16_t annee;
    uint8_t niv;
    uint8_t secret;
    double pub; /* the published value; NAN for a masked cell */
    double raw; /* the true value (valeur_brute), for the self-check only */
} at_cell;

typedef struct {
    char *name;
    char *type;         /* catalog type: count, sum, ratio, ... */
    char *construit_de; /* "A / B" or NULL */
    bool framed;        /* cadre declared: cells exist on the frame's, 0 where nothing is counted */
    bool integral;      /* every published value a whole number */
    double lower;       /* lower bound of a masked value: 1 for a count, 0 when never negative, -inf */
} at_indicator;

enum { AR_LIN, AR_RATIO, AR_LE };

typedef struct {
    uint8_t kind;   /* AR_LIN: sum coef * x = 0; AR_RATIO: x0 = factor * x1 / x2; AR_LE: x0 <= x1 */
    uint8_t family; /* audit_family */
    uint32_t label; /* index in at_model.labels */
    uint32_t start; /* terms start .. start + len - 1 */
    uint32_t len;
    double factor;
} at_rel;

/* interned strings */
typedef struct {
    char **s;
    size_t n, cap;
    uint32_t *slot; /* open addressing: index + 1, 0 empty */
    size_t n_slots;
} at_strings;

typedef struct {
    at_cell *cell;
    size_t n_cells, cap_cells;
    uint64_t *slot; /* cell lookup by packed key: index + 1, 0 empty */
    uint64_t *slot_key;
    size_t n_slots;
    at_indicator *ind;
    size_t n_ind;
    at_strings terr, dim, labels;
    char *label_bad; /* per label: a relation false on the true values (family dropped) */
    size_t cap_label_bad;
    long *label_checked;
    size_t cap_label_checked;
    at_rel *rel;
    size_t n_rel, cap_rel;
    uint32_t *term_cell;
    int32_t *term_coef;
    size_t n_terms, cap_terms;
    size_t *rel_start; /* relations of masked cell c: rel_of[rel_start[c] .. rel_start[c + 1] - 1] */
    uint32_t *rel_of;
    long learned_equal, learned_ratio, learned_cohort, dropped_families, kept_families;
} at_model;

/* What the attacker knows: per cell, the value (NAN unknown), the family
 * that gave it back (AUDIT_FAMILIES: published or own figure) and the
 * relation used, and interval bounds of the unknown ones. */
enum { AT_PUBLISHED = AUDIT_FAMILIES, AT_OWN };
typedef struct {
    double *val, *lo, *hi;
    uint8_t *how;
    uint32_t *by;
} at_state;

#define AT_NO_REL UINT32_MAX

/* model */
extern const char *const at_level_name[AT_LEVELS];
int32_t at_indicator_of(const at_model *m, const char *name); /* -1 when unknown */
bool at_model_load(sqlite3 *db, int64_t run, at_model *m);
bool at_model_relations(sqlite3 *db, int64_t run, at_model *m);
void at_model_free(at_model *m);
uint32_t at_intern(at_strings *t, const char *s); /* UINT32_MAX when out of memory */
/* the cell of a key, or SIZE_MAX */
size_t at_find(const at_model *m, int32_t ind, int niv, int32_t terr, int annee, int32_t dim);
/* "indicator, niveau code, annee[, dimension]" into buf */
const char *at_cell_name(const at_model *m, size_t c, char *buf, size_t len);

/* state and solving */
bool at_state_init(at_state *s, const at_model *m);
bool at_state_copy(at_state *dst, const at_state *src, const at_model *m);
void at_state_free(at_state *s);
/* substitution from the relations of the cells in start (all when
 * start is NULL); returns the cells recovered, -1 out of memory */
long at_peel(const at_model *m, at_state *s, const uint32_t *start, size_t n_start);
/* interval propagation to a fixed point (or budget seconds); -1 out of memory */
long at_bounds(const at_model *m, at_state *s, const uint32_t *start, size_t n_start, double budget);
/* exact combinations of the linear relations (mod 2^31 - 1), on the
 * relations reachable from start (all when NULL); -1 out of memory */
long at_combinations(const at_model *m, at_state *s, const uint32_t *start, size_t n_start);

/* funders (audit_attack_known.c): per cell dimension the funder it names
 * (-1: none); per cell without a funder the funder of all its hidden parts
 * (the cells of the same indicator, territory and year whose dimension is
 * its own plus financeur = X; the published ones everyone knows),
 * AT_ONLY_NONE when it has none, AT_ONLY_SEVERAL when they are of several
 * funders */
enum { AT_ONLY_NONE = -1, AT_ONLY_SEVERAL = -2 };
typedef struct {
    at_strings names; /* the funders */
    int32_t *dim_funder;
    size_t n_dim;
    int32_t *only;
} at_funders;

bool at_funders_load(sqlite3 *db, at_model *m, at_funders *fp);
void at_funders_free(at_funders *fp);
/* known[c] (n_cells): what funder f knows -- its own cells, the cells
 * without a funder whose hidden parts are all its own (such a cell equals
 * its part plus published ones), and to a fixed point the declared ratios whose hidden inputs are
 * such cells, and the cells equal to one of them */
void at_funder_known(const at_model *m, const at_funders *fp, int32_t f, unsigned char *known);

/* Whether two true values are equal up to rounding (relative 1e-7): a
 * relation holds, parts add up to their total. */
static inline bool at_close_enough(double a, double b)
{
    double s = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) <= 1e-7 * s;
}

#endif
