/* In-memory lookups built from the reference tables, so that validating 10
 * million rows costs a binary search each, never a query:
 *   commune keys -> current commune (arrondissements roll up),
 *   NAF sub-classes -> section,
 *   legal categories -> ESS family ("" outside the four families). */
#ifndef OBS_REF_INDEX_H
#define OBS_REF_INDEX_H

#include <sqlite3.h>

typedef struct ref_map ref_map;

/* Loads the (key, value) pairs a two-column query returns. */
ref_map *ref_map_load(sqlite3 *db, const char *sql);
/* Value for key, or NULL when the key is unknown. */
const char *ref_map_get(const ref_map *m, const char *key);
unsigned long ref_map_size(const ref_map *m);
void ref_map_free(ref_map *m);

ref_map *commune_index_load(sqlite3 *db); /* key -> current commune */
ref_map *naf_index_load(sqlite3 *db);     /* 88.99B -> Q */
ref_map *cj_index_load(sqlite3 *db);      /* 9220 -> association */
/* former commune code (a commune merged since) -> current commune */
ref_map *former_commune_index_load(sqlite3 *db);
/* "NAFRev1:926C" (nomenclature, code without its dot) -> "naf|section": the
 * NAF rev. 2 code the ESS exclusions need ('' when none) and the rev. 2
 * section ('' when ambiguous), from ref_naf_ancienne */
ref_map *old_naf_index_load(sqlite3 *db);

/* The section of activities in an older nomenclature with no unambiguous
 * rev. 2 section (a row of its own in ref_naf, level 'section'). */
#define NAF_OLD_SECTION "ancienne"

#endif
