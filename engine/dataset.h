/* The datasets of the data contract, in loading order (a dataset may check
 * rows against those before it: accompagnements against dispositifs). */
#ifndef OBS_DATASET_H
#define OBS_DATASET_H

#include <stddef.h>

#include "loader.h"

extern const dataset_def dataset_unites_legales, dataset_etablissements, dataset_emploi,
    dataset_emploi_territoire, dataset_dispositifs, dataset_accompagnements, dataset_financements,
    dataset_grille;

/* All datasets in loading order, NULL-terminated. */
extern const dataset_def *const datasets_in_order[];

/* The dataset a file name designates (etablissements*.csv, StockEtablissement*.csv,
 * emploi_territoire*.csv, ...), NULL when none does. */
const dataset_def *dataset_for_file(const char *path);
/* The dataset called name, NULL when unknown. */
const dataset_def *dataset_named(const char *name);

#endif
