/* The directory of a territory's ESS establishments as a workbook. */
#ifndef OBS_XLSX_ANNUAIRE_H
#define OBS_XLSX_ANNUAIRE_H

#include <stdbool.h>

#include "reports/data/annuaire.h"

bool xlsx_annuaire_write(const char *path, const annuaire_list *l);

#endif
