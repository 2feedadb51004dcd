/* Header names as the loader compares them, so that one column matches
 * whatever form a producer writes it in. */
#ifndef OBS_HEADER_NAME_H
#define OBS_HEADER_NAME_H

#include <stddef.h>

/* Lower case, accents dropped, every run of other characters one '_', none
 * at either end ("Nombre d'établissements 2019" ->
 * "nombre_d_etablissements_2019", "dateCreationEtablissement" ->
 * "datecreationetablissement"). */
void header_normalise(const char *name, char *out, size_t size);

#endif
