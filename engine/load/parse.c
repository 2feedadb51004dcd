#include "engine/load/parse.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Length of a space-like separator at s: ' ' (1), NBSP C2 A0 (2),
 * narrow NBSP E2 80 AF (3), or 0. */
static size_t space_len(const unsigned char *s)
{
    if (s[0] == ' ' || s[0] == '\t')
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0xAF)
        return 3;
    return 0;
}

char *str_trim(char *s)
{
    unsigned char *p = (unsigned char *)s;
    size_t n;
    while ((n = space_len(p)) > 0)
        p += n;
    size_t len = strlen((char *)p);
    memmove(s, p, len + 1);
    for (;;) {
        if (len >= 1 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len -= 1;
        else if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xA0)
            len -= 2;
        else if (len >= 3 && (unsigned char)s[len - 3] == 0xE2 && (unsigned char)s[len - 2] == 0x80 &&
                 (unsigned char)s[len - 1] == 0xAF)
            len -= 3;
        else
            break;
        s[len] = '\0';
    }
    return s;
}

bool is_blank(const char *s)
{
    if (!s)
        return true;
    const unsigned char *p = (const unsigned char *)s;
    size_t n;
    while ((n = space_len(p)) > 0)
        p += n;
    return *p == '\0';
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static bool valid_day(int y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1800 || y > 2100 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

bool parse_date(const char *s, char out[11])
{
    while (*s == ' ')
        s++;
    size_t len = strlen(s);
    while (len > 0 && s[len - 1] == ' ')
        len--;
    if (len != 10)
        return false;
    int y, m, d;
    if (s[4] == '-' && s[7] == '-' && digits(s, 4) && digits(s + 5, 2) && digits(s + 8, 2)) {
        y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
    } else if (s[2] == '/' && s[5] == '/' && digits(s, 2) && digits(s + 3, 2) && digits(s + 6, 4)) {
        d = num(s, 2), m = num(s + 3, 2), y = num(s + 6, 4);
    } else {
        return false;
    }
    if (!valid_day(y, m, d))
        return false;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
    return true;
}

/* Copies s into buf without thousands separators. Separators must stand
 * between groups of exactly three digits ("12 345", not "1 23"). decimal is
 * the decimal mark kept; thousands_dot lets '.' separate thousands. */
static bool strip_number(const char *s, char *buf, size_t cap, char decimal, bool thousands_dot)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n, k = 0;
    while ((n = space_len(p)) > 0)
        p += n;
    if (*p == '+' || *p == '-')
        buf[k++] = (char)*p++;
    bool seen_digit = false, seen_decimal = false, grouped = false;
    int group = 0; /* digits since the last separator, integer part only */
    while (*p) {
        if (isdigit(*p)) {
            if (k + 1 >= cap)
                return false;
            buf[k++] = (char)*p++;
            seen_digit = true;
            if (!seen_decimal)
                group++;
            continue;
        }
        n = space_len(p);
        if (n == 0 && thousands_dot && *p == '.')
            n = 1;
        if (n > 0) {
            const unsigned char *q = p;
            size_t m;
            while ((m = space_len(q)) > 0)
                q += m;
            if (*q == '\0')
                break; /* trailing spaces end the number */
            if (seen_decimal || group == 0 || group > 3 || (grouped && group != 3) ||
                !isdigit(p[n]))
                return false;
            grouped = true;
            group = 0;
            p += n;
        } else if (*p == (unsigned char)decimal && !seen_decimal) {
            if (grouped && group != 3)
                return false;
            if (k + 1 >= cap)
                return false;
            buf[k++] = '.';
            seen_decimal = true;
            p++;
        } else {
            return false;
        }
    }
    if (grouped && !seen_decimal && group != 3)
        return false;
    buf[k] = '\0';
    return seen_digit;
}

bool parse_int64(const char *s, int64_t *out)
{
    char buf[64];
    if (!strip_number(s, buf, sizeof buf, '\0', false))
        return false;
    errno = 0;
    char *end;
    long long v = strtoll(buf, &end, 10);
    if (errno || *end)
        return false;
    *out = (int64_t)v;
    return true;
}

bool parse_decimal(const char *s, bool comma_decimal, double *out)
{
    char buf[128];
    bool ok;
    if (comma_decimal && strchr(s, ','))
        ok = strip_number(s, buf, sizeof buf, ',', true);
    else
        ok = strip_number(s, buf, sizeof buf, '.', false);
    if (!ok)
        return false;
    size_t len = strlen(buf);
    if (len == 0 || buf[len - 1] == '.' || buf[0] == '.' ||
        ((buf[0] == '-' || buf[0] == '+') && (buf[1] == '.' || buf[1] == '\0')))
        return false;
    errno = 0;
    char *end;
    double v = strtod(buf, &end);
    if (errno == ERANGE || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static int luhn_sum(const char *s, size_t n)
{
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int d = s[n - 1 - i] - '0';
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum;
}

bool siren_valid(const char *s)
{
    return strlen(s) == 9 && digits(s, 9) && luhn_sum(s, 9) % 10 == 0;
}

bool siret_valid(const char *s)
{
    if (strlen(s) != 14 || !digits(s, 14))
        return false;
    if (strncmp(s, "356000000", 9) == 0) { /* La Poste: its NICs break Luhn */
        int sum = 0;
        for (int i = 0; i < 14; i++)
            sum += s[i] - '0';
        return sum % 5 == 0;
    }
    return luhn_sum(s, 14) % 10 == 0;
}

bool naf_normalize(const char *s, char out[7])
{
    while (*s == ' ')
        s++;
    size_t len = strlen(s);
    while (len > 0 && s[len - 1] == ' ')
        len--;
    char d[4];
    char letter;
    if (len == 6 && s[2] == '.' && digits(s, 2) && digits(s + 3, 2) && isalpha((unsigned char)s[5])) {
        memcpy(d, s, 2);
        memcpy(d + 2, s + 3, 2);
        letter = s[5];
    } else if (len == 5 && digits(s, 4) && isalpha((unsigned char)s[4])) {
        memcpy(d, s, 4);
        letter = s[4];
    } else {
        return false;
    }
    out[0] = d[0];
    out[1] = d[1];
    out[2] = '.';
    out[3] = d[2];
    out[4] = d[3];
    out[5] = (char)toupper((unsigned char)letter);
    out[6] = '\0';
    return true;
}
