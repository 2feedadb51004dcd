/* The run configuration (INI, read with inih). Relative paths are resolved
 * against the configuration file's folder so that cron can run from anywhere.
 *
 *   [observatoire]   nom
 *   [chemins]        base, entrees, sorties, reference, catalogue, maquette, journal
 *   [calcul]         date_observation (YYYY-MM-DD), annee, serie (years of the
 *                    series a run computes and publishes, default 10), niveau_reference,
 *                    comparaisons (list), seuil_rejets (percent),
 *                    debut_observation (survival window start, optional),
 *                    graine (bootstrap seed), replications (bootstrap replicates),
 *                    secret_combinaisons (oui/non: secondary suppression also
 *                    against combinations of groups; default oui),
 *                    secret_p (percent, 0 <= p < 100: the p % rule of
 *                    statistical secrecy; 0 or absent: off)
 *   [etude ID]       nom, epci (list), communes (list)   -- study territories
 * Lists are separated by commas or spaces and may continue on indented lines.
 */
#ifndef OBS_CONFIG_H
#define OBS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_MAX_TERRITORIES 64

typedef struct {
    char *id;          /* section name after "etude", used as territory code */
    char *nom;         /* display name */
    char **epci;       /* EPCI SIREN codes */
    size_t n_epci;
    char **communes;   /* commune codes */
    size_t n_communes;
} config_territory;

typedef struct {
    char *path;                /* the file read, NULL for defaults */
    char *checksum;            /* XXH3-128 hex of the file, NULL for defaults */
    char *observatory_name;
    char *database;
    char *input_dir;
    char *output_dir;
    char *reference_dir;
    char *catalog_dir;
    char *layout_path;         /* report layout (reports/layouts/rapport-annuel.ini) */
    char *funder_layout_path;  /* funder's report layout (reports/layouts/rapport-financeur.ini) */
    char *log_file;            /* NULL: stderr only */
    char *observation_date;    /* YYYY-MM-DD */
    int year;                  /* 0: latest year of the data */
    int series;                /* [calcul] serie: the last years computed and published */
    char *reference_level;     /* niveau of the specificity index reference */
    char **comparison_levels;
    size_t n_comparison_levels;
    double reject_threshold;   /* percent of a file's rows */
    char *window_start;        /* optional survival window start date */
    unsigned long seed;
    int bootstrap_replicates;
    bool secret_combinations;  /* [calcul] secret_combinaisons */
    double secret_p;           /* [calcul] secret_p: percent, 0 = p % rule off */
    config_territory territories[CONFIG_MAX_TERRITORIES];
    size_t n_territories;
} obs_config;

/* Fills defaults (source tree's reference data and catalog, 5 % threshold,
 * observation date 2024-12-31, ...). */
bool config_defaults(obs_config *c);
/* Reads an INI file over the defaults; logs file:line for errors. */
bool config_load(obs_config *c, const char *path);
void config_free(obs_config *c);

/* Splits a comma/space separated list into a NULL-terminated array; NULL
 * (*n = 0) when out of memory, never a shortened list. */
char **config_split_list(const char *s, size_t *n);
/* Appends the items of s to *list, a list from config_split_list (or NULL):
 * lists may continue on indented lines, which inih passes as the same key
 * again (inih reads lines of at most 200 bytes). False when out of memory,
 * *list then unchanged. */
bool config_append_list(char ***list, size_t *n, const char *s);

#endif
