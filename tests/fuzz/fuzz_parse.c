/* libFuzzer target: the field parsers every loader relies on (dates in both
 * accepted forms, integers, decimals with point or comma, SIREN/SIRET keys,
 * NAF codes), and the French number formatting of the reports, on arbitrary
 * bytes. A parser either accepts and returns a well-formed value, or refuses. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/fr_format.h"
#include "engine/load/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    char date[11];
    if (parse_date(s, date) && (strlen(date) != 10 || date[4] != '-' || date[7] != '-'))
        abort();
    int64_t i;
    (void)parse_int64(s, &i);
    double d;
    if (parse_decimal(s, true, &d) && isnan(d))
        abort();
    (void)parse_decimal(s, false, &d);
    (void)siren_valid(s);
    (void)siret_valid(s);
    char naf[7];
    if (naf_normalize(s, naf) && strlen(naf) > 6)
        abort();
    char out[160];
    if (size >= sizeof(double)) {
        double v;
        memcpy(&v, data, sizeof v);
        fr_number(v, (int)(data[0] % 4), out, sizeof out);
        fr_value(v, (const char *[]){"nombre", "euros", "pourcent", "ratio", "annees"}[data[0] % 5], out,
                 sizeof out);
    }
    fr_date(s, out, sizeof out);
    (void)str_trim(s);
    free(s);
    return 0;
}
