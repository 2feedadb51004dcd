#include "engine/core/signature.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/grow.h"
#include "engine/core/log.h"

bool signature_begin(signature *s)
{
    s->failed = false;
    s->sum = checksum_stream_new();
    if (!s->sum)
        obs_error("mémoire insuffisante pour la signature de la publication");
    return s->sum != NULL;
}

static void add_piece(signature *s, const char *text)
{
    uint64_t len = text ? strlen(text) : 0;
    checksum_stream_add(s->sum, &len, sizeof len);
    if (len)
        checksum_stream_add(s->sum, text, (size_t)len);
}

void signature_add(signature *s, const char *label, const char *value)
{
    add_piece(s, label);
    add_piece(s, value);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_suffix(const char *name, const char *suffix)
{
    size_t len = strlen(name), sl = strlen(suffix);
    return name[0] != '.' && len > sl && strcmp(name + len - sl, suffix) == 0;
}

/* The sorted names of dir's files ending with suffix; false when out of memory. */
static bool list_folder(DIR *d, const char *suffix, char ***names, size_t *n)
{
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!has_suffix(e->d_name, suffix))
            continue;
        char *name = strdup(e->d_name);
        if (!name || !grow((void **)names, &cap, *n + 1, sizeof **names)) {
            free(name);
            return false;
        }
        (*names)[(*n)++] = name;
    }
    if (*n)
        qsort(*names, *n, sizeof **names, compare_names);
    return true;
}

void signature_add_folder(signature *s, const char *label, const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    if (!d) {
        signature_add(s, label, "absent");
        return;
    }
    char **names = NULL;
    size_t n = 0;
    if (!list_folder(d, suffix, &names, &n)) {
        obs_error("mémoire insuffisante pour lister le dossier %s", dir);
        s->failed = true;
    }
    closedir(d);
    signature_add(s, label, "");
    for (size_t i = 0; i < n; i++) {
        size_t size = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(size);
        char *sum = NULL;
        if (path) {
            snprintf(path, size, "%s/%s", dir, names[i]);
            sum = checksum_file(path);
        }
        if (!sum && !s->failed) {
            obs_error("impossible de lire %s/%s pour savoir s'il a changé", dir, names[i]);
            s->failed = true;
        }
        signature_add(s, names[i], sum);
        free(sum);
        free(path);
        free(names[i]);
    }
    free(names);
}

bool signature_end(signature *s, char out[33])
{
    checksum_stream_finish(s->sum, out);
    s->sum = NULL;
    return !s->failed;
}
