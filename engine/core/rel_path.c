#include "engine/core/rel_path.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SEGMENTS 256

/* Splits the absolute form of path into segments (pointers into buf, which
 * receives a copy); folds "." and "..". Returns the count, -1 on failure. */
static int segments(const char *path, char *buf, size_t cap, const char **seg)
{
    buf[0] = '\0';
    size_t len = 0;
    if (path[0] != '/') {
        if (!getcwd(buf, cap))
            return -1;
        len = strlen(buf);
        if (len + 1 >= cap)
            return -1;
        buf[len++] = '/';
    }
    size_t plen = strlen(path);
    if (len + plen + 1 > cap)
        return -1;
    memcpy(buf + len, path, plen + 1);
    int n = 0;
    for (char *save = NULL, *s = strtok_r(buf, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
        if (strcmp(s, ".") == 0)
            continue;
        if (strcmp(s, "..") == 0) {
            if (n > 0)
                n--;
            continue;
        }
        if (n == MAX_SEGMENTS)
            return -1;
        seg[n++] = s;
    }
    return n;
}

char *rel_path(const char *path, const char *dir)
{
    char pbuf[8192], dbuf[8192];
    const char *p[MAX_SEGMENTS], *d[MAX_SEGMENTS];
    int np = segments(path, pbuf, sizeof pbuf, p);
    int nd = segments(dir, dbuf, sizeof dbuf, d);
    if (np < 0 || nd < 0)
        return strdup(path);
    int common = 0;
    while (common < np && common < nd && strcmp(p[common], d[common]) == 0)
        common++;
    size_t len = 2;
    for (int i = common; i < nd; i++)
        len += 3;
    for (int i = common; i < np; i++)
        len += strlen(p[i]) + 1;
    char *out = malloc(len);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (int i = common; i < nd; i++)
        strcat(out, i > common ? "/.." : "..");
    for (int i = common; i < np; i++) {
        if (out[0])
            strcat(out, "/");
        strcat(out, p[i]);
    }
    if (!out[0])
        strcpy(out, ".");
    return out;
}

char *rel_path_to_config(const char *path, const char *config)
{
    if (!config)
        return strdup(path);
    char *dir = strdup(config);
    if (!dir)
        return NULL;
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        strcpy(dir, ".");
    char *out = rel_path(path, dir);
    free(dir);
    return out;
}

char *rel_path_list_to_config(const char *list, const char *config)
{
    size_t cap = 1, len = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    const char *s = list;
    for (;;) {
        const char *bar = strchr(s, '|');
        size_t n = bar ? (size_t)(bar - s) : strlen(s);
        char *one = strndup(s, n);
        char *rel = one ? rel_path_to_config(one, config) : NULL;
        free(one);
        if (!rel) {
            free(out);
            return NULL;
        }
        size_t rl = strlen(rel);
        char *grown = realloc(out, cap + rl + 2);
        if (!grown) {
            free(rel);
            free(out);
            return NULL;
        }
        out = grown;
        cap += rl + 2;
        if (len) {
            memcpy(out + len, ", ", 2);
            len += 2;
        }
        memcpy(out + len, rel, rl + 1);
        len += rl;
        free(rel);
        if (!bar)
            break;
        s = bar + 1;
    }
    return out;
}
