#include "engine/load/dataset.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/load/csv_reader.h"

const dataset_def *const datasets_in_order[] = {
    &dataset_unites_legales, &dataset_etablissements, &dataset_emploi,     &dataset_emploi_territoire,
    &dataset_dispositifs,    &dataset_accompagnements, &dataset_financements, &dataset_grille,
    &dataset_reference_nationale, NULL,
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

/* The number of columns of the strongest alternative of def's identify that
 * the (normalised) header holds, 0 when none. */
static int identify_score(const dataset_def *def, char **names, size_t n)
{
    int best = 0;
    for (size_t a = 0; def->identify && def->identify[a]; a++) {
        char alt[256];
        snprintf(alt, sizeof alt, "%s", def->identify[a]);
        int count = 0;
        bool all = true;
        for (char *save = NULL, *col = strtok_r(alt, "+", &save); col && all;
             col = strtok_r(NULL, "+", &save)) {
            char want[256];
            header_normalise(col, want, sizeof want);
            bool found = false;
            for (size_t f = 0; f < n && !found; f++)
                found = strcmp(names[f], want) == 0;
            all = found;
            count++;
        }
        if (all && count > best)
            best = count;
    }
    return best;
}

const dataset_def *dataset_for_header(const char *const *fields, size_t n, const char *path)
{
    char **names = calloc(n ? n : 1, sizeof *names);
    if (!names)
        return NULL;
    for (size_t f = 0; f < n; f++) {
        names[f] = malloc(256);
        if (names[f])
            header_normalise(fields[f], names[f], 256);
        else
            n = f;
    }
    const dataset_def *by_name = path ? dataset_for_file(path) : NULL, *best = NULL;
    int best_score = 0, n_best = 0;
    bool name_among_best = false;
    for (size_t i = 0; datasets_in_order[i]; i++) {
        int score = identify_score(datasets_in_order[i], names, n);
        if (score == 0 || score < best_score)
            continue;
        if (score > best_score) {
            best_score = score;
            n_best = 0;
            name_among_best = false;
        }
        n_best++;
        best = datasets_in_order[i];
        name_among_best |= datasets_in_order[i] == by_name;
    }
    if (n_best > 1) /* the name breaks the tie, or nothing does */
        best = name_among_best ? by_name : NULL;
    for (size_t f = 0; f < n; f++)
        free(names[f]);
    free(names);
    return best;
}

const dataset_def *dataset_recognise(const char *path, char *why, size_t why_size)
{
    char err[512];
    csv_reader *r = csv_open(path, err, sizeof err);
    if (!r) {
        snprintf(why, why_size, "%s", err);
        return NULL;
    }
    csv_record rec;
    csv_problem p;
    const dataset_def *def = NULL;
    if (csv_next(r, &rec, &p) != CSV_RECORD) {
        /* the name then says what it was meant to be, so that the load
         * names the fault at its file:line:column */
        def = dataset_for_file(path);
        snprintf(why, why_size, "en-tête illisible");
    } else {
        def = dataset_for_header((const char *const *)rec.fields, rec.nfields, path);
        const dataset_def *named = dataset_for_file(path);
        if (!def && named)
            snprintf(why, why_size, "nommé comme %s, mais son en-tête n'a pas les colonnes qui le"
                                    " reconnaissent (%s)", named->name, named->identify[0]);
        else if (!def)
            snprintf(why, why_size, "en-tête sans les colonnes d'aucun jeu de données (%zu colonnes, la"
                                    " première « %.60s »)", rec.nfields, rec.nfields ? rec.fields[0] : "");
    }
    csv_close(r);
    return def;
}
