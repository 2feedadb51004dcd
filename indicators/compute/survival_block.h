/* One block of a survival definition (a territory and a comparison): the
 * counted observations of each compared group, ready for Kaplan–Meier and
 * the log-rank test. Units are added with their number (1 for a unit row,
 * the poids column of a counted row): each group keeps the units leaving at
 * each (time, event) and entering at each entry time, summed, which is all
 * the estimators read (see stats/km.h). */
#ifndef OBS_SURVIVAL_BLOCK_H
#define OBS_SURVIVAL_BLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "indicators/stats/km.h"

#define SURV_MAX_GROUPS 32

/* A (value, event) -> units table, open addressing. */
typedef struct {
    double *value, *units;
    int *event;
    unsigned char *used;
    size_t n, cap;
} surv_counts;

typedef struct {
    char *name;        /* NULL: slot not used in this block */
    int order_class;   /* SQL order of the group value: 0 NULL, 1 number, 2 text, 3 blob */
    double order_num;
    surv_counts exits; /* (time, event) */
    surv_counts entries; /* (entry, 0) */
} surv_group;

typedef struct {
    char *niveau, *territoire, *comparaison;
    surv_group *groups; /* indexed by the caller's group id */
    int n_slots;
    bool delayed;       /* some unit enters after 0 */
} surv_block;

/* Adds units to table t. */
bool surv_counts_add(surv_counts *t, double value, int event, double units);
void surv_counts_free(surv_counts *t);

/* Adds units of group slot id (created with its name and SQL order on first
 * use). */
bool surv_block_add(surv_block *b, int id, const char *name, int order_class, double order_num, double entry,
                    double time, int event, double units);
/* Used group slots, in the caller's order (sorted = false: by slot, i.e. the
 * order of first appearance when ids are given so) or in SQL ORDER BY order
 * of the group values (sorted = true). Returns the count, -1 when more than
 * SURV_MAX_GROUPS, -2 on allocation failure; *ids is malloc'd. */
int surv_block_groups(const surv_block *b, bool sorted, int **ids);
/* The counted sample of the given groups (group index = position in ids):
 * arrays malloc'd into *s, released by surv_sample_free. */
bool surv_block_sample(const surv_block *b, const int *ids, int n_ids, km_sample *s);
void surv_sample_free(km_sample *s);
void surv_block_free(surv_block *b);

#endif
