/* The commune-first path runs a catalog query with its sum() calls computed
 * exactly: this rewrites the SQL text, calling EXACT_SUM_FUNCTION
 * (exact_sum.h) wherever it calls sum(). Strings, quoted names used as
 * names and comments are left as they are. */
#ifndef OBS_SUM_REWRITE_H
#define OBS_SUM_REWRITE_H

/* The rewritten SQL (malloc'd), or NULL when out of memory or when the query
 * calls total(), a sum of doubles that cannot be made exact by name. */
char *sum_rewrite(const char *sql);

#endif
