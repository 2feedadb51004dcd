/* "Did you mean ...?": the nearest of a list of valid names, by edit distance. */
#ifndef OBS_SUGGEST_H
#define OBS_SUGGEST_H

#include <stddef.h>

/* Levenshtein distance between two byte strings (insert, delete, substitute). */
size_t suggest_distance(const char *a, const char *b);
/* The candidate nearest to word, NULL when none is within max(2, strlen(word)/3)
 * edits. Ties go to the first in the list. */
const char *suggest_nearest(const char *word, const char *const *candidates, size_t n);

#endif
