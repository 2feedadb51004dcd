/* French formatting of published figures: "1 234 567", "46,2 %", "12,5 M€",
 * "31 décembre 2024". Separators are non-breaking spaces (U+00A0), so a
 * figure never breaks across lines. */
#ifndef OBS_FR_FORMAT_H
#define OBS_FR_FORMAT_H

#include <stddef.h>


#define FR_NBSP "\xc2\xa0"

/* v with `decimals` digits after the comma and thousands grouped. */
void fr_number(double v, int decimals, char *out, size_t len);
/* A value in its unit (catalog `unite`: nombre, euros, pourcent, ratio,
 * annees); a published cell is written by fr_cell (report_data.h). */
void fr_value(double v, const char *unite, char *out, size_t len);
/* An amount in euros, shortened: "850 €", "12 500 €", "1,3 M€". */
void fr_euros_short(double v, char *out, size_t len);
/* "2024-12-31..." -> "31 décembre 2024"; the input unchanged if it is not a date. */
void fr_date(const char *iso, char *out, size_t len);
/* A p-value in words, for readers who are not statisticians. */
const char *fr_pvalue_words(double p);

#endif
