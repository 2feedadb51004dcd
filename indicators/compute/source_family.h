/* The source families of the catalog's indicators (-- confidentialite:), on
 * which the secrecy rule depends: public_sirene (counts anyone can redo from
 * the public register), dsn, accompagnement, financement, grille. Apart from
 * sources.c (which works a family out of a query), so that the catalog parser
 * can check a declared family without depending on it. */
#ifndef OBS_SOURCE_FAMILY_H
#define OBS_SOURCE_FAMILY_H

#include <stdbool.h>

#define FAMILY_PUBLIC "public_sirene"

/* True for the name of a known family. */
bool sources_family_known(const char *name);

/* Public (no primary rule) for this indicator's cells, except those whose
 * dimension is listed in dimensions_confidentielles. */
bool sources_is_public(const char *family);

#endif
