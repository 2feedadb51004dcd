#include "indicators/compute/sum_rewrite.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "indicators/compute/exact_sum.h"

static bool ident_char(unsigned char c)
{
    return c == '_' || c == '$' || c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z');
}

/* Past a comment starting at p, or p itself when none starts there. */
static const char *skip_comment(const char *p)
{
    if (p[0] == '-' && p[1] == '-') {
        const char *e = strchr(p, '\n');
        return e ? e + 1 : p + strlen(p);
    }
    if (p[0] == '/' && p[1] == '*') {
        const char *e = strstr(p + 2, "*/");
        return e ? e + 2 : p + strlen(p);
    }
    return p;
}

/* Past a quoted string or name opened by *p (' " ` or [), doubled quotes
 * included; *inner and *len give what stands between the quotes. */
static const char *skip_quoted(const char *p, const char **inner, size_t *len)
{
    char close = *p == '[' ? ']' : *p;
    const char *q = p + 1;
    for (;;) {
        if (!*q)
            break;
        if (*q == close && !(close != ']' && q[1] == close))
            break;
        q += *q == close ? 2 : 1;
    }
    *inner = p + 1;
    *len = (size_t)(q - (p + 1));
    return *q ? q + 1 : q;
}

/* True when, past spaces and comments, the next character of p is '('. */
static bool call_follows(const char *p)
{
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
            p++;
        const char *q = skip_comment(p);
        if (q == p)
            return *p == '(';
        p = q;
    }
}

static bool named(const char *name, size_t len, const char *what)
{
    return len == strlen(what) && strncasecmp(name, what, len) == 0;
}

char *sum_rewrite(const char *sql)
{
    /* each "sum" (3 characters) may become the function's name */
    size_t cap = strlen(sql) * (sizeof EXACT_SUM_FUNCTION) / 3 + 1;
    char *out = malloc(cap), *o = out;
    if (!out)
        return NULL;
    const char *p = sql;
    while (*p) {
        const char *next = skip_comment(p), *name = NULL;
        size_t len = 0;
        if (next == p) {
            unsigned char c = (unsigned char)*p;
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                next = skip_quoted(p, &name, &len);
                if (c == '\'')
                    name = NULL; /* a string, never a name */
            } else if (ident_char(c) || ((c == ':' || c == '@' || c == '$') && ident_char((unsigned char)p[1]))) {
                next = p + 1;
                while (ident_char((unsigned char)*next))
                    next++;
                if (c >= '0' && c <= '9')
                    name = NULL; /* a number */
                else if (c == ':' || c == '@' || c == '$')
                    name = NULL; /* a parameter */
                else {
                    name = p;
                    len = (size_t)(next - p);
                }
            } else {
                next = p + 1;
            }
        }
        if (name && call_follows(next) && named(name, len, "total")) {
            free(out);
            return NULL;
        }
        if (name && call_follows(next) && named(name, len, "sum")) {
            memcpy(o, EXACT_SUM_FUNCTION, sizeof EXACT_SUM_FUNCTION - 1);
            o += sizeof EXACT_SUM_FUNCTION - 1;
        } else {
            memcpy(o, p, (size_t)(next - p));
            o += next - p;
        }
        p = next;
    }
    *o = '\0';
    return out;
}
