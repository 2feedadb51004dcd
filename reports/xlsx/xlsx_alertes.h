/* The early-warning list as a workbook marked « usage interne » in its
 * title, its first row, its page header and its properties. */
#ifndef OBS_XLSX_ALERTES_H
#define OBS_XLSX_ALERTES_H

#include <stdbool.h>

#include "reports/data/alertes.h"

bool xlsx_alertes_write(const char *path, const alerte_list *l, int year, const char *observatory);

#endif
