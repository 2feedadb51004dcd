#include "engine/core/fr_format.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void fr_number(double v, int decimals, char *out, size_t len)
{
    if (!isfinite(v)) {
        snprintf(out, len, "—");
        return;
    }
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    /* "-0" is not a figure */
    bool negative = v < 0 && strspn(digits, "0.") != strlen(digits);
    char *dot = strchr(digits, '.');
    size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits);
    char buf[128];
    size_t o = 0;
    if (negative)
        buf[o++] = '-';
    for (size_t i = 0; i < int_len && o + 4 < sizeof buf; i++) {
        if (i > 0 && (int_len - i) % 3 == 0) {
            memcpy(buf + o, FR_NBSP, 2);
            o += 2;
        }
        buf[o++] = digits[i];
    }
    if (dot && o + 1 < sizeof buf) {
        buf[o++] = ',';
        for (const char *p = dot + 1; *p && o + 1 < sizeof buf; p++)
            buf[o++] = *p;
    }
    buf[o] = '\0';
    snprintf(out, len, "%s", buf);
}

void fr_euros_short(double v, char *out, size_t len)
{
    char n[64];
    if (fabs(v) >= 1e6) {
        fr_number(v / 1e6, 1, n, sizeof n);
        snprintf(out, len, "%s" FR_NBSP "M€", n);
    } else {
        fr_number(v, 0, n, sizeof n);
        snprintf(out, len, "%s" FR_NBSP "€", n);
    }
}

void fr_value(double v, const char *unite, char *out, size_t len)
{
    char n[64];
    const char *u = unite ? unite : "nombre";
    if (strcmp(u, "pourcent") == 0) {
        fr_number(v, 1, n, sizeof n);
        snprintf(out, len, "%s" FR_NBSP "%%", n);
    } else if (strcmp(u, "euros") == 0) {
        fr_euros_short(v, out, len);
    } else if (strcmp(u, "ratio") == 0) {
        fr_number(v, 2, out, len);
    } else if (strcmp(u, "annees") == 0) {
        fr_number(v, 1, n, sizeof n);
        snprintf(out, len, "%s" FR_NBSP "ans", n);
    } else {
        /* counts are whole; sums such as FTE keep one decimal */
        fr_number(v, fabs(v - round(v)) < 1e-9 ? 0 : 1, out, len);
    }
}

void fr_date(const char *iso, char *out, size_t len)
{
    static const char *const months[] = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                                         "août", "septembre", "octobre", "novembre", "décembre"};
    int y, m, d;
    if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
        snprintf(out, len, "%d%s %s %d", d, d == 1 ? "er" : "", months[m - 1], y);
    else
        snprintf(out, len, "%s", iso ? iso : "");
}

const char *fr_pvalue_words(double p)
{
    if (!isfinite(p))
        return "test impossible (effectifs insuffisants)";
    if (p < 0.001)
        return "différence très nettement significative (moins d'une chance sur mille d'être due au hasard)";
    if (p < 0.01)
        return "différence nettement significative (moins d'une chance sur cent d'être due au hasard)";
    if (p < 0.05)
        return "différence significative (moins d'une chance sur vingt d'être due au hasard)";
    return "pas de différence significative : l'écart peut être dû au hasard";
}
