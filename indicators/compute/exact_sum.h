/* Exact sums of amounts given to the hundredth (etp 19.77, masse salariale
 * 649528.05): each such value is stored as the double nearest to k / 100,
 * and adding those doubles gives a result whose last bits depend on the
 * order of the additions. Adding the integers k instead is exact in any
 * order, and (double)K / 100.0 is then the correctly rounded value of the
 * exact decimal sum K / 100 (one IEEE division of two exact numbers).
 *
 * EXACT_SUM_FUNCTION is an SQL aggregate doing that: integers are summed as
 * integers (as sum() does); as soon as one value is fractional the result
 * is (double)K / 100.0. Any value that is not a whole number of hundredths
 * (or text, or a total out of range) makes the statement fail with
 * exact_sum_inexact_message: the caller then computes another way. */
#ifndef OBS_EXACT_SUM_H
#define OBS_EXACT_SUM_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#define EXACT_SUM_FUNCTION "obs_somme_exacte"

/* Largest magnitude of a value (and of a result read back) taken as a whole
 * number of hundredths: below 2^40 a double's spacing is under 2^-12, so
 * x * 100 lands within 0.03 of k and distinct k give distinct doubles. */
#define EXACT_SUM_LIMIT 1099511627776.0

/* Largest total in hundredths: (double)K is exact up to 2^53. */
#define EXACT_SUM_MAX_CENTS ((int64_t)1 << 53)

extern const char exact_sum_inexact_message[];

/* True when x is the double nearest to cents / 100 for an integer cents
 * (|x| < EXACT_SUM_LIMIT), i.e. x is what strtod gives for a decimal with at
 * most two decimals; *cents is then that integer. */
bool exact_sum_cents(double x, int64_t *cents);

/* Registers EXACT_SUM_FUNCTION on db (again is harmless). */
bool exact_sum_register(sqlite3 *db);

#endif
