/* Cell formats of the workbook. Number formats are stored in Excel's
 * invariant syntax ("#,##0", "0.0%"): Excel and LibreOffice display them
 * with the reader's locale, i.e. "1 234" and "46,2 %" for a French reader.
 * Worksheet tables are not available in libxlsxwriter's constant-memory
 * mode, so the table look (banded rows, styled header) comes from formats. */
#ifndef OBS_XLSX_STYLES_H
#define OBS_XLSX_STYLES_H

#include <stdbool.h>
#include <xlsxwriter.h>

typedef enum {
    XLSX_NUMBER,   /* counts: #,##0 */
    XLSX_DECIMAL,  /* means, ratios: #,##0.0 */
    XLSX_EUROS,    /* #,##0 € */
    XLSX_PERCENT,  /* stored as a fraction: 0.0% */
    XLSX_YEARS,    /* 0.0 */
    XLSX_RATIO,    /* 0.00 */
} xlsx_kind;

typedef struct {
    lxw_format *title, *subtitle, *note, *header, *text[2], *secret[2], *missing[2], *year[2];
    lxw_format *kind[6][2]; /* [xlsx_kind][band] */
} xlsx_styles;

void xlsx_styles_init(xlsx_styles *s, lxw_workbook *wb);
/* Kind of a catalog unit (nombre, euros, pourcent, ratio, annees). */
xlsx_kind xlsx_kind_for_unit(const char *unite);

#endif
