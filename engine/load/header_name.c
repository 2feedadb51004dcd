#include "engine/load/header_name.h"

#include <ctype.h>
#include <stdbool.h>

void header_normalise(const char *name, char *out, size_t size)
{
    /* Latin-1 letters as UTF-8 (0xC3 then this byte) -> base letter */
    static const char folded[65] = "aaaaaaaceeeeiiiidnooooo/ouuuuyts"
                                   "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
    size_t n = 0;
    bool gap = false;
    for (const unsigned char *p = (const unsigned char *)name; *p && n + 2 < size; p++) {
        char c = 0;
        if (isalnum(*p) && *p < 0x80) {
            c = (char)tolower(*p);
        } else if (*p == 0xC3 && p[1] >= 0x80 && p[1] < 0xC0) {
            c = folded[p[1] - 0x80];
            p++;
        } else if (*p == 0xC5 && (p[1] == 0x93 || p[1] == 0x92)) { /* œ -> "oe" */
            if (n + 3 + (gap && n) > size) /* '_', 'o', 'e' and the NUL must fit */
                break;
            if (gap && n)
                out[n++] = '_';
            gap = false;
            out[n++] = 'o';
            c = 'e';
            p++;
        }
        if (c && c != '/') {
            if (gap && n)
                out[n++] = '_';
            gap = false;
            out[n++] = c;
        } else if (!c || c == '/') {
            gap = true;
            while (p[1] >= 0x80 && p[1] < 0xC0) /* the rest of a sequence */
                p++;
        }
    }
    out[n] = '\0';
}
