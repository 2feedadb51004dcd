#include <stdio.h>
#include <string.h>

#include "datasets/generator/gen.h"

static int luhn_digit(const char *digits, size_t n)
{
    /* the check digit d makes digits+d Luhn-valid */
    for (int d = 0; d <= 9; d++) {
        int sum = d;
        for (size_t i = 0; i < n; i++) {
            int x = digits[n - 1 - i] - '0';
            if (i % 2 == 0) { /* positions doubled once the check digit is appended */
                x *= 2;
                if (x > 9)
                    x -= 9;
            }
            sum += x;
        }
        if (sum % 10 == 0)
            return d;
    }
    return 0;
}

void gen_siret(gen_ctx *g, char out[15])
{
    char base[16];
    snprintf(base, sizeof base, "%08llu", (unsigned long long)(g->next_siren++ % 100000000ULL));
    if (strncmp(base, "35600000", 8) == 0) /* La Poste's SIREN has its own rule */
        snprintf(base, sizeof base, "%08llu", (unsigned long long)(g->next_siren++ % 100000000ULL));
    base[8] = (char)('0' + luhn_digit(base, 8));
    memcpy(base + 9, "0001", 4);
    base[13] = (char)('0' + luhn_digit(base, 13));
    base[14] = '\0';
    memcpy(out, base, 15);
}

long gen_day_of(int y, int m, int d)
{
    /* days since 1970-01-01 (civil calendar, proleptic Gregorian) */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

void gen_iso(long day, char out[11])
{
    int y, m, d;
    civil(day, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

void gen_fr(long day, char out[11])
{
    int y, m, d;
    civil(day, &y, &m, &d);
    snprintf(out, 11, "%02d/%02d/%04d", d, m, y);
}

int gen_year_of(long day)
{
    int y, m, d;
    civil(day, &y, &m, &d);
    return y;
}

long gen_day_between(gen_ctx *g, int from_year, int to_year)
{
    long a = gen_day_of(from_year, 1, 1), b = gen_day_of(to_year, 12, 31);
    return a + (long)gsl_rng_uniform_int(g->rng, (unsigned long)(b - a + 1));
}

const char *gen_naf_in(gen_ctx *g, char section)
{
    size_t first = 0, count = 0;
    for (size_t i = 0; i < g->n_naf; i++)
        if (!section || g->naf[i].section == section) {
            if (!count)
                first = i;
            count++;
        }
    if (!count)
        return g->naf[0].code;
    /* sections are contiguous in naf.csv order */
    return g->naf[first + gsl_rng_uniform_int(g->rng, count)].code;
}

int gen_first_year(gen_scale scale)
{
    _Static_assert(GEN_LAST_YEAR - GEN_NATIONAL_FIRST_YEAR < GEN_MAX_YEARS, "years beyond gen_commune's arrays");
    return scale == GEN_NATIONAL ? GEN_NATIONAL_FIRST_YEAR : GEN_FIRST_YEAR;
}
