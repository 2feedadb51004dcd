/* Writing CSV for exports: RFC 4180 quoting, and text that a spreadsheet
 * would run as a formula (starting with =, +, @, or - not followed by a
 * digit) is prefixed with an apostrophe so it stays text, as OWASP advises
 * for CSV injection. Numbers are never altered. */
#ifndef OBS_CSV_WRITER_H
#define OBS_CSV_WRITER_H

#include <stdio.h>

/* Writes one field (NULL writes an empty field). */
void csv_write_field(FILE *f, const char *s);
/* Writes a header or row of n text fields followed by a newline. */
void csv_write_row(FILE *f, const char *const *fields, int n);

#endif
