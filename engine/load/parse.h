/* Value parsers for input fields (DATA-CONTRACT.md): dates, integers,
 * decimals with French conventions, SIREN/SIRET keys, NAF codes. Pure
 * functions, no allocation; each returns false on anything invalid. */
#ifndef OBS_PARSE_H
#define OBS_PARSE_H

#include <stdbool.h>
#include <stdint.h>

/* "YYYY-MM-DD" or "DD/MM/YYYY" -> ISO "YYYY-MM-DD"; checks the calendar
 * (leap years) for years 1800..2100; surrounding spaces ignored. */
bool parse_date(const char *s, char out[11]);
/* Optional sign and digits; spaces, NBSP and narrow NBSP allowed as
 * thousands separators; no decimals; overflow is an error. */
bool parse_int64(const char *s, int64_t *out);
/* '.' is always a decimal point; ',' is one when comma_decimal (files
 * delimited by ';'), and then '.' may separate thousands ("1.234,56").
 * Spaces, NBSP and narrow NBSP separate thousands. Finite values only. */
bool parse_decimal(const char *s, bool comma_decimal, double *out);
/* 9 digits, Luhn. */
bool siren_valid(const char *s);
/* 14 digits, Luhn; La Poste (SIREN 356000000): digit sum multiple of 5. */
bool siret_valid(const char *s);
/* "8899B", "88.99B", "88.99b" -> "88.99B" (shape only, not the list). */
bool naf_normalize(const char *s, char out[7]);
/* Trims ASCII spaces, tabs, NBSP and narrow NBSP in place; returns s. */
char *str_trim(char *s);
/* True for NULL, "" or only spaces. */
bool is_blank(const char *s);

#endif
