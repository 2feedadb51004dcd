#include "dataset.h"

#include <ctype.h>
#include <string.h>

const dataset_def *const datasets_in_order[] = {
    &dataset_unites_legales, &dataset_etablissements, &dataset_emploi,     &dataset_emploi_territoire,
    &dataset_dispositifs,    &dataset_accompagnements, &dataset_financements, &dataset_grille,
    NULL,
};

/* Longest matching prefix wins: "emploi_territoire" beats "emploi". */
const dataset_def *dataset_for_file(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char lower[256];
    size_t n = 0;
    for (; base[n] && n < sizeof lower - 1; n++)
        lower[n] = (char)tolower((unsigned char)base[n]);
    lower[n] = '\0';
    const char *ext = strrchr(lower, '.');
    if (!ext || (strcmp(ext, ".csv") != 0 && strcmp(ext, ".tsv") != 0 && strcmp(ext, ".txt") != 0))
        return NULL;
    const dataset_def *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; datasets_in_order[i]; i++)
        for (size_t k = 0; datasets_in_order[i]->prefixes[k]; k++) {
            const char *p = datasets_in_order[i]->prefixes[k];
            size_t len = strlen(p);
            if (strncmp(lower, p, len) == 0 && len > best_len) {
                best = datasets_in_order[i];
                best_len = len;
            }
        }
    return best;
}

const dataset_def *dataset_named(const char *name)
{
    for (size_t i = 0; datasets_in_order[i]; i++)
        if (strcmp(datasets_in_order[i]->name, name) == 0)
            return datasets_in_order[i];
    return NULL;
}
