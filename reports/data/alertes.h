/* The interview grid's early warnings of one year (alerte_grille of a run),
 * for the observatory's support team only, never published: each warning with
 * its structure's name and commune from SIRENE, in order of priority (the
 * structures with most axes in warning first, then the largest fall). */
#ifndef OBS_ALERTES_H
#define OBS_ALERTES_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int rank;          /* the structure's priority, 1 first */
    char siret[16];
    char *nom;         /* "" when the establishment is not loaded */
    char *commune;     /* commune name ("" when unknown) */
    char *axe;
    double score;
    bool has_previous;
    double previous;   /* last year's score on that axis */
    int axes;          /* the structure's axes in warning this year */
    double max_fall;   /* the structure's largest fall (0 when none) */
} alerte;

typedef struct {
    alerte *items;
    size_t n;
    int structures;
} alerte_list;

/* The warnings of `year` in run `run`, sorted by priority, then siret, then
 * the axis's own fall. False on a database error. */
bool alertes_load(sqlite3 *db, int64_t run, int year, alerte_list *out);
void alertes_free(alerte_list *l);
/* "score de 1 ou moins ; baisse de 2 points" (French, for people). */
void alertes_reason(const alerte *a, char *out, size_t len);

#endif
