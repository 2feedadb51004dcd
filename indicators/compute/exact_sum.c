#include "indicators/compute/exact_sum.h"

#include <math.h>
#include <stddef.h>

const char exact_sum_inexact_message[] =
    EXACT_SUM_FUNCTION " : valeur qui n'est pas un nombre entier de centièmes";

bool exact_sum_cents(double x, int64_t *cents)
{
    if (!(x > -EXACT_SUM_LIMIT && x < EXACT_SUM_LIMIT)) /* NaN included */
        return false;
    double k = nearbyint(x * 100.0);
    if (k / 100.0 != x)
        return false;
    *cents = (int64_t)k;
    return true;
}

typedef struct {
    int64_t integers; /* sum of the integer values */
    int64_t cents;    /* sum of the fractional ones, in hundredths */
    bool any, fractional, inexact;
} exact_acc;

static bool add(int64_t *to, int64_t v)
{
    return !__builtin_add_overflow(*to, v, to);
}

static void step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    exact_acc *a = sqlite3_aggregate_context(ctx, sizeof *a);
    if (!a) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    int64_t k;
    switch (sqlite3_value_type(argv[0])) {
    case SQLITE_NULL:
        return;
    case SQLITE_INTEGER:
        a->inexact |= !add(&a->integers, sqlite3_value_int64(argv[0]));
        break;
    case SQLITE_FLOAT:
        if (exact_sum_cents(sqlite3_value_double(argv[0]), &k))
            a->inexact |= !add(&a->cents, k);
        else
            a->inexact = true;
        a->fractional = true;
        break;
    default: /* text and blobs: sum() would convert them, we do not */
        a->inexact = true;
    }
    a->any = true;
}

static void final(sqlite3_context *ctx)
{
    exact_acc *a = sqlite3_aggregate_context(ctx, 0);
    if (!a || !a->any) {
        sqlite3_result_null(ctx); /* as sum() of no value */
        return;
    }
    int64_t total = a->integers;
    bool ok = !a->inexact;
    if (ok && a->fractional)
        ok = !__builtin_mul_overflow(total, 100, &total) && add(&total, a->cents) &&
             total <= EXACT_SUM_MAX_CENTS && total >= -EXACT_SUM_MAX_CENTS;
    if (!ok)
        sqlite3_result_error(ctx, exact_sum_inexact_message, -1);
    else if (a->fractional)
        sqlite3_result_double(ctx, (double)total / 100.0);
    else
        sqlite3_result_int64(ctx, total);
}

bool exact_sum_register(sqlite3 *db)
{
    return sqlite3_create_function(db, EXACT_SUM_FUNCTION, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, NULL,
                                   step, final) == SQLITE_OK;
}
