/* The datasets of the data contract, in loading order (a dataset may check
 * rows against those before it: accompagnements against dispositifs). */
#ifndef OBS_DATASET_H
#define OBS_DATASET_H

#include <stddef.h>

#include "engine/load/loader.h"

extern const dataset_def dataset_unites_legales, dataset_etablissements, dataset_emploi,
    dataset_emploi_territoire, dataset_dispositifs, dataset_accompagnements, dataset_financements,
    dataset_grille, dataset_reference_nationale;

/* All datasets in loading order, NULL-terminated. */
extern const dataset_def *const datasets_in_order[];

/* The dataset a file name designates (etablissements*.csv, StockEtablissement*.csv,
 * emploi_territoire*.csv, ...), NULL when none does. */
const dataset_def *dataset_for_file(const char *path);
/* The dataset a file's header designates (see dataset_def.identify), its
 * name breaking ties; when the header cannot be read, the dataset its name
 * designates (its load then names the fault). NULL when none (*why says
 * why, in French). */
const dataset_def *dataset_recognise(const char *path, char *why, size_t why_size);
/* The same from the header fields (for tests). */
const dataset_def *dataset_for_header(const char *const *fields, size_t n, const char *path);
/* The dataset called name, NULL when unknown. */
const dataset_def *dataset_named(const char *name);

#endif
