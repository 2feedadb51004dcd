#include "engine/core/csv_writer.h"

#include <ctype.h>
#include <string.h>

static int looks_like_formula(const char *s)
{
    if (s[0] == '=' || s[0] == '+' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')
        return 1;
    return s[0] == '-' && !isdigit((unsigned char)s[1]) && s[1] != '.';
}

void csv_write_field(FILE *f, const char *s)
{
    if (!s || !*s)
        return;
    int formula = looks_like_formula(s);
    int quote = formula || strpbrk(s, ",;\"\r\n") != NULL;
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

void csv_write_row(FILE *f, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        csv_write_field(f, fields[i]);
    }
    fputc('\n', f);
}
