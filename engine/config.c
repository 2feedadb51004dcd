#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "data_dir.h"
#include "log.h"
#include "suggest.h"


static void set_str(char **dst, const char *value)
{
    free(*dst);
    *dst = strdup(value);
}

/* DATA_DIR/rel: the installed (or source tree's) data */
static void set_data_path(char **dst, const char *rel)
{
    const char *dir = obs_data_dir();
    size_t len = strlen(dir) + strlen(rel) + 2;
    free(*dst);
    *dst = malloc(len);
    if (*dst)
        snprintf(*dst, len, "%s/%s", dir, rel);
}

void config_defaults(obs_config *c)
{
    memset(c, 0, sizeof *c);
    set_str(&c->observatory_name, "Observatoire de l'ESS");
    set_str(&c->database, "obs.sqlite");
    set_str(&c->input_dir, ".");
    set_str(&c->output_dir, "out");
    const char *ref = getenv("OBS_REFERENCE_DIR");
    if (ref && *ref)
        set_str(&c->reference_dir, ref);
    else
        set_data_path(&c->reference_dir, "datasets/reference");
    const char *cat = getenv("OBS_CATALOG_DIR");
    if (cat && *cat)
        set_str(&c->catalog_dir, cat);
    else
        set_data_path(&c->catalog_dir, "indicators/catalog");
    set_data_path(&c->layout_path, "reports/layouts/rapport-annuel.ini");
    set_data_path(&c->funder_layout_path, "reports/layouts/rapport-financeur.ini");
    set_str(&c->observation_date, "2024-12-31");
    set_str(&c->reference_level, "france");
    c->comparison_levels = config_split_list("departement,region,france", &c->n_comparison_levels);
    c->reject_threshold = 5.0;
    c->seed = 20240101UL;
    c->bootstrap_replicates = 2000;
    c->secret_combinations = true; /* against combinations of groups too (docs/confidentiality.md) */
}

char **config_split_list(const char *s, size_t *n)
{
    size_t cap = 4, count = 0;
    char **out = calloc(cap + 1, sizeof *out);
    const char *p = s;
    while (out && *p) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && *p != ',' && !isspace((unsigned char)*p))
            p++;
        if (p > start) {
            if (count == cap) {
                cap *= 2;
                char **grown = realloc(out, (cap + 1) * sizeof *out);
                if (!grown)
                    break;
                out = grown;
            }
            out[count++] = strndup(start, (size_t)(p - start));
            out[count] = NULL;
        }
    }
    *n = count;
    return out;
}

char **config_append_list(char **list, size_t *n, const char *s)
{
    size_t extra_n;
    char **extra = config_split_list(s, &extra_n);
    if (!extra)
        return list;
    size_t old_n = list ? *n : 0;
    char **joined = realloc(list, (old_n + extra_n + 1) * sizeof *joined);
    if (!joined) {
        for (size_t i = 0; i < extra_n; i++)
            free(extra[i]);
        free(extra);
        return list;
    }
    memcpy(joined + old_n, extra, extra_n * sizeof *extra);
    joined[old_n + extra_n] = NULL;
    *n = old_n + extra_n;
    free(extra);
    return joined;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

typedef struct {
    obs_config *c;
    char dir[4096];
    bool ok;
    char unknown[512]; /* the message for an unknown section or key */
} load_ctx;

/* The valid keys of each section, for the suggestion after a typo (the
 * handlers below decide what is valid; keep this table beside them). */
static const char *const keys_observatoire[] = {"nom"};
static const char *const keys_chemins[] = {"base", "entrees", "sorties", "reference", "catalogue", "maquette",
                                           "maquette_financeur", "journal"};
static const char *const keys_calcul[] = {"date_observation", "debut_observation", "annee", "niveau_reference",
                                          "comparaisons", "seuil_rejets", "graine", "replications",
                                          "secret_combinaisons", "secret_p"};
static const char *const keys_etude[] = {"nom", "epci", "communes"};
static const char *const sections[] = {"observatoire", "chemins", "calcul", "etude"};

static void unknown_key(load_ctx *ctx, const char *section, const char *name)
{
    const char *const *keys = NULL;
    size_t n = 0;
    if (strcmp(section, "observatoire") == 0) { keys = keys_observatoire; n = sizeof keys_observatoire / sizeof *keys; }
    else if (strcmp(section, "chemins") == 0) { keys = keys_chemins; n = sizeof keys_chemins / sizeof *keys; }
    else if (strcmp(section, "calcul") == 0) { keys = keys_calcul; n = sizeof keys_calcul / sizeof *keys; }
    else if (strncmp(section, "etude ", 6) == 0 && section[6]) { keys = keys_etude; n = sizeof keys_etude / sizeof *keys; }
    if (!keys) {
        const char *near = suggest_nearest(section, sections, sizeof sections / sizeof *sections);
        snprintf(ctx->unknown, sizeof ctx->unknown, "[%s] : section inconnue%s%s%s", section,
                 near ? ", vouliez-vous dire [" : " (sections : observatoire, chemins, calcul, etude NOM)",
                 near ? near : "", near ? (strcmp(near, "etude") == 0 ? " NOM] ?" : "] ?") : "");
        return;
    }
    const char *near = suggest_nearest(name, keys, n);
    if (near)
        snprintf(ctx->unknown, sizeof ctx->unknown, "%s : clé inconnue, vouliez-vous dire %s ?", name, near);
    else {
        char list[256] = "";
        for (size_t i = 0; i < n; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", keys[i]);
        snprintf(ctx->unknown, sizeof ctx->unknown, "%s : clé inconnue dans [%s] (clés : %s)", name, section, list);
    }
}

/* Joins a relative path to the configuration file's folder. */
static char *resolve(const load_ctx *ctx, const char *value)
{
    if (value[0] == '/' || ctx->dir[0] == '\0')
        return strdup(value);
    size_t len = strlen(ctx->dir) + strlen(value) + 2;
    char *out = malloc(len);
    if (out)
        snprintf(out, len, "%s/%s", ctx->dir, value);
    return out;
}

static config_territory *territory_for(obs_config *c, const char *id)
{
    for (size_t i = 0; i < c->n_territories; i++)
        if (strcmp(c->territories[i].id, id) == 0)
            return &c->territories[i];
    if (c->n_territories == CONFIG_MAX_TERRITORIES)
        return NULL;
    config_territory *t = &c->territories[c->n_territories++];
    memset(t, 0, sizeof *t);
    t->id = strdup(id);
    t->nom = strdup(id);
    return t;
}

static bool valid_date(const char *s)
{
    int y, m, d;
    char extra;
    return sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && strlen(s) == 10 &&
           m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
    load_ctx *ctx = user;
    obs_config *c = ctx->c;
    char **path_slot = NULL;

    if (strcmp(section, "observatoire") == 0 && strcmp(name, "nom") == 0) {
        set_str(&c->observatory_name, value);
        return 1;
    }
    if (strcmp(section, "chemins") == 0) {
        if (strcmp(name, "base") == 0) path_slot = &c->database;
        else if (strcmp(name, "entrees") == 0) path_slot = &c->input_dir;
        else if (strcmp(name, "sorties") == 0) path_slot = &c->output_dir;
        else if (strcmp(name, "reference") == 0) path_slot = &c->reference_dir;
        else if (strcmp(name, "catalogue") == 0) path_slot = &c->catalog_dir;
        else if (strcmp(name, "maquette") == 0) path_slot = &c->layout_path;
        else if (strcmp(name, "maquette_financeur") == 0) path_slot = &c->funder_layout_path;
        else if (strcmp(name, "journal") == 0) path_slot = &c->log_file;
        if (path_slot) {
            free(*path_slot);
            *path_slot = resolve(ctx, value);
            return 1;
        }
    }
    if (strcmp(section, "calcul") == 0) {
        char *end = NULL;
        if (strcmp(name, "date_observation") == 0 || strcmp(name, "debut_observation") == 0) {
            if (!valid_date(value)) {
                obs_error("%s : [calcul] %s doit être une date AAAA-MM-JJ, pas « %s »",
                          c->path, name, value);
                return 0;
            }
            set_str(strcmp(name, "date_observation") == 0 ? &c->observation_date : &c->window_start,
                    value);
            return 1;
        }
        if (strcmp(name, "annee") == 0) {
            long y = strtol(value, &end, 10);
            if (*end || y < 1900 || y > 2200) {
                obs_error("%s : [calcul] annee invalide « %s »", c->path, value);
                return 0;
            }
            c->year = (int)y;
            return 1;
        }
        if (strcmp(name, "niveau_reference") == 0) {
            set_str(&c->reference_level, value);
            return 1;
        }
        if (strcmp(name, "comparaisons") == 0) {
            free_list(c->comparison_levels, c->n_comparison_levels);
            c->comparison_levels = config_split_list(value, &c->n_comparison_levels);
            return 1;
        }
        if (strcmp(name, "seuil_rejets") == 0) {
            errno = 0;
            double t = strtod(value, &end);
            if (errno || *end || t < 0 || t > 100) {
                obs_error("%s : [calcul] seuil_rejets doit être un pourcentage entre 0 et 100, pas « %s »",
                          c->path, value);
                return 0;
            }
            c->reject_threshold = t;
            return 1;
        }
        if (strcmp(name, "graine") == 0) {
            unsigned long s = strtoul(value, &end, 10);
            if (*end) {
                obs_error("%s : [calcul] graine doit être un entier, pas « %s »", c->path, value);
                return 0;
            }
            c->seed = s;
            return 1;
        }
        if (strcmp(name, "secret_combinaisons") == 0) {
            if (strcmp(value, "oui") != 0 && strcmp(value, "non") != 0) {
                obs_error("%s : [calcul] secret_combinaisons vaut oui ou non, pas « %s »", c->path, value);
                return 0;
            }
            c->secret_combinations = strcmp(value, "oui") == 0;
            return 1;
        }
        if (strcmp(name, "secret_p") == 0) {
            errno = 0;
            double p = strtod(value, &end);
            /* p = 100 or more would hide every cell with two contributors or more */
            if (errno || end == value || *end || !(p >= 0 && p < 100)) {
                obs_error("%s : [calcul] secret_p est un pourcentage, au moins 0 (règle du p %% désactivée) et"
                          " moins de 100, pas « %s »", c->path, value);
                return 0;
            }
            c->secret_p = p;
            return 1;
        }
        if (strcmp(name, "replications") == 0) {
            long r = strtol(value, &end, 10);
            if (*end || r < 1 || r > 1000000) {
                obs_error("%s : [calcul] replications doit être un entier entre 1 et 1000000", c->path);
                return 0;
            }
            c->bootstrap_replicates = (int)r;
            return 1;
        }
    }
    if (strncmp(section, "etude ", 6) == 0 && section[6]) {
        config_territory *t = territory_for(c, section + 6);
        if (!t) {
            obs_error("%s : plus de %d territoires d'étude", c->path, CONFIG_MAX_TERRITORIES);
            return 0;
        }
        if (strcmp(name, "nom") == 0) {
            set_str(&t->nom, value);
            return 1;
        }
        if (strcmp(name, "epci") == 0) {
            t->epci = config_append_list(t->epci, &t->n_epci, value);
            return 1;
        }
        if (strcmp(name, "communes") == 0) {
            t->communes = config_append_list(t->communes, &t->n_communes, value);
            return 1;
        }
    }
    unknown_key(ctx, section, name);
    return 0;
}

bool config_load(obs_config *c, const char *path)
{
    load_ctx ctx = {.c = c, .ok = true};
    set_str(&c->path, path);
    char *copy = strdup(path);
    snprintf(ctx.dir, sizeof ctx.dir, "%s", copy ? dirname(copy) : ".");
    free(copy);

    FILE *f = fopen(path, "r");
    if (!f) {
        obs_error("impossible de lire la configuration %s : %s", path, strerror(errno));
        return false;
    }
    int rc = ini_parse_file(f, on_entry, &ctx);
    fclose(f);
    if (rc > 0) {
        if (ctx.unknown[0])
            obs_error("%s:%d: %s", path, rc, ctx.unknown);
        else
            obs_error("%s:%d: ligne de configuration invalide", path, rc);
        return false;
    }
    if (rc < 0) {
        obs_error("impossible de lire la configuration %s", path);
        return false;
    }
    free(c->checksum);
    c->checksum = checksum_file(path);
    for (size_t i = 0; i < c->n_territories; i++) {
        if (c->territories[i].n_epci == 0 && c->territories[i].n_communes == 0) {
            obs_error("%s : le territoire d'étude « %s » n'a ni epci ni communes", path,
                      c->territories[i].id);
            return false;
        }
    }
    return true;
}

void config_free(obs_config *c)
{
    free(c->path);
    free(c->checksum);
    free(c->observatory_name);
    free(c->database);
    free(c->input_dir);
    free(c->output_dir);
    free(c->reference_dir);
    free(c->catalog_dir);
    free(c->layout_path);
    free(c->funder_layout_path);
    free(c->log_file);
    free(c->observation_date);
    free(c->reference_level);
    free_list(c->comparison_levels, c->n_comparison_levels);
    free(c->window_start);
    for (size_t i = 0; i < c->n_territories; i++) {
        config_territory *t = &c->territories[i];
        free(t->id);
        free(t->nom);
        free_list(t->epci, t->n_epci);
        free_list(t->communes, t->n_communes);
    }
    memset(c, 0, sizeof *c);
}
