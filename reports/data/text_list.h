/* The first column of a statement's rows as a list of strings: the lists of
 * codes and names the reports read (funders, the units inside a territory). */
#ifndef OBS_TEXT_LIST_H
#define OBS_TEXT_LIST_H

#include <sqlite3.h>
#include <stddef.h>

/* Steps st to its end and copies column 0 of each row (NULL as ""), into a
 * NULL-terminated malloc'd list of *n strings; finalizes st. NULL (*n = 0),
 * the reason printed with what, on a database error or out of memory: never
 * a shortened list. */
char **text_list_read(sqlite3_stmt *st, const char *what, size_t *n);

#endif
