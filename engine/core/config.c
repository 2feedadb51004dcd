#include "engine/core/config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <libgen.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/checksum.h"
#include "engine/core/data_dir.h"
#include "engine/core/log.h"
#include "engine/core/suggest.h"


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

bool config_defaults(obs_config *c)
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
    c->series = 10;
    c->secret_combinations = true; /* against combinations of groups too (docs/confidentiality.md) */
    return c->observatory_name && c->database && c->input_dir && c->output_dir && c->reference_dir &&
           c->catalog_dir && c->layout_path && c->funder_layout_path && c->observation_date && c->reference_level &&
           c->comparison_levels;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
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
            char **grown = count < cap ? out : realloc(out, (2 * cap + 1) * sizeof *out);
            if (grown && count == cap)
                cap *= 2;
            if (!grown || !(grown[count] = strndup(start, (size_t)(p - start)))) {
                free_list(grown ? grown : out, count);
                *n = 0;
                return NULL;
            }
            out = grown;
            out[++count] = NULL;
        }
    }
    *n = count;
    return out;
}

bool config_append_list(char ***list, size_t *n, const char *s)
{
    size_t extra_n;
    char **extra = config_split_list(s, &extra_n);
    if (!extra)
        return false;
    size_t old_n = *list ? *n : 0;
    char **joined = realloc(*list, (old_n + extra_n + 1) * sizeof *joined);
    if (!joined) {
        free_list(extra, extra_n);
        return false;
    }
    memcpy(joined + old_n, extra, extra_n * sizeof *extra);
    joined[old_n + extra_n] = NULL;
    *list = joined;
    *n = old_n + extra_n;
    free(extra);
    return true;
}

typedef struct {
    obs_config *c;
    char dir[4096];
    bool ok;
    char unknown[512]; /* the message for an unknown section or key */
} load_ctx;

/* How a key's value is read. */
typedef enum {
    KEY_TEXT,       /* a string */
    KEY_PATH,       /* a path, relative to the configuration's folder */
    KEY_DATE,       /* YYYY-MM-DD */
    KEY_YEAR,       /* 1900 to 2200 */
    KEY_LIST,       /* a comma-separated list, replacing the previous one */
    KEY_APPEND,     /* a comma-separated list, appended to (a key that repeats) */
    KEY_PERCENT,    /* 0 to 100 */
    KEY_P_PERCENT,  /* 0 or more, below 100 (the p % rule) */
    KEY_ULONG,      /* a whole number */
    KEY_COUNT,      /* 1 to 1 000 000 */
    KEY_YES_NO,     /* oui | non */
} key_kind;

/* One key of the configuration: its section, its name, how its value is read
 * and where it goes (an offset in obs_config, or in config_territory for the
 * [etude NOM] sections; for a list, the count follows at count_offset). */
typedef struct {
    const char *section; /* "etude" for every [etude NOM] */
    const char *name;
    key_kind kind;
    size_t offset;
    size_t count_offset;
    const char *what; /* the error's wording of what is expected */
} config_key;

#define CFG(section, name, kind, field, what) {section, name, kind, offsetof(obs_config, field), 0, what}
#define CFG_LIST(section, name, kind, field, count)                                                         \
    {section, name, kind, offsetof(obs_config, field), offsetof(obs_config, count), NULL}
#define STUDY(name, kind, field, count)                                                                      \
    {"etude", name, kind, offsetof(config_territory, field), offsetof(config_territory, count), NULL}

static const config_key keys[] = {
    CFG("observatoire", "nom", KEY_TEXT, observatory_name, NULL),
    CFG("chemins", "base", KEY_PATH, database, NULL),
    CFG("chemins", "entrees", KEY_PATH, input_dir, NULL),
    CFG("chemins", "sorties", KEY_PATH, output_dir, NULL),
    CFG("chemins", "reference", KEY_PATH, reference_dir, NULL),
    CFG("chemins", "catalogue", KEY_PATH, catalog_dir, NULL),
    CFG("chemins", "maquette", KEY_PATH, layout_path, NULL),
    CFG("chemins", "maquette_financeur", KEY_PATH, funder_layout_path, NULL),
    CFG("chemins", "journal", KEY_PATH, log_file, NULL),
    CFG("calcul", "date_observation", KEY_DATE, observation_date, "doit être une date AAAA-MM-JJ"),
    CFG("calcul", "debut_observation", KEY_DATE, window_start, "doit être une date AAAA-MM-JJ"),
    CFG("calcul", "annee", KEY_YEAR, year, "doit être une année entre 1900 et 2200"),
    CFG("calcul", "serie", KEY_COUNT, series, "doit être un nombre d'années, entier entre 1 et 1000000"),
    CFG("calcul", "niveau_reference", KEY_TEXT, reference_level, NULL),
    CFG_LIST("calcul", "comparaisons", KEY_LIST, comparison_levels, n_comparison_levels),
    CFG("calcul", "seuil_rejets", KEY_PERCENT, reject_threshold, "doit être un pourcentage entre 0 et 100"),
    CFG("calcul", "graine", KEY_ULONG, seed, "doit être un entier"),
    CFG("calcul", "replications", KEY_COUNT, bootstrap_replicates, "doit être un entier entre 1 et 1000000"),
    CFG("calcul", "secret_combinaisons", KEY_YES_NO, secret_combinations, "vaut oui ou non"),
    /* p = 100 or more would hide every cell with two contributors or more */
    CFG("calcul", "secret_p", KEY_P_PERCENT, secret_p,
        "est un pourcentage, au moins 0 (règle du p % désactivée) et moins de 100"),
    STUDY("nom", KEY_TEXT, nom, nom),
    STUDY("epci", KEY_APPEND, epci, n_epci),
    STUDY("communes", KEY_APPEND, communes, n_communes),
};
static const char *const sections[] = {"observatoire", "chemins", "calcul", "etude"};

/* The section a [name] belongs to in the key table ("etude" for [etude NOM]), or NULL. */
static const char *section_kind(const char *section)
{
    if (strncmp(section, "etude ", 6) == 0 && section[6])
        return "etude";
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++)
        if (strcmp(section, sections[i]) == 0 && strcmp(section, "etude") != 0)
            return sections[i];
    return NULL;
}

static void unknown_key(load_ctx *ctx, const char *section, const char *name)
{
    const char *kind = section_kind(section);
    if (!kind) {
        const char *near = suggest_nearest(section, sections, sizeof sections / sizeof *sections);
        snprintf(ctx->unknown, sizeof ctx->unknown, "[%s] : section inconnue%s%s%s", section,
                 near ? ", vouliez-vous dire [" : " (sections : observatoire, chemins, calcul, etude NOM)",
                 near ? near : "", near ? (strcmp(near, "etude") == 0 ? " NOM] ?" : "] ?") : "");
        return;
    }
    const char *names[sizeof keys / sizeof *keys];
    size_t n = 0;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (strcmp(keys[i].section, kind) == 0)
            names[n++] = keys[i].name;
    const char *near = suggest_nearest(name, names, n);
    if (near)
        snprintf(ctx->unknown, sizeof ctx->unknown, "%s : clé inconnue, vouliez-vous dire %s ?", name, near);
    else {
        char list[256] = "";
        for (size_t i = 0; i < n; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
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
    config_territory *t = &c->territories[c->n_territories];
    memset(t, 0, sizeof *t);
    t->id = strdup(id);
    t->nom = strdup(id);
    if (!t->id || !t->nom) {
        free(t->id);
        free(t->nom);
        return NULL;
    }
    c->n_territories++;
    return t;
}

static bool valid_date(const char *s)
{
    int y, m, d;
    char extra;
    return sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && strlen(s) == 10 &&
           m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Reads value into the key's slot of base; false when the value is invalid
 * (*bad set) or memory runs out. */
static bool set_key(load_ctx *ctx, const config_key *k, char *base, const char *value, bool *bad)
{
    void *slot = base + k->offset;
    char *end = NULL;
    *bad = false;
    switch (k->kind) {
    case KEY_TEXT:
    case KEY_DATE: {
        if (k->kind == KEY_DATE && !valid_date(value))
            return !(*bad = true);
        char *copy = strdup(value);
        if (!copy)
            return false;
        free(*(char **)slot);
        *(char **)slot = copy;
        return true;
    }
    case KEY_PATH: {
        char *path = resolve(ctx, value);
        if (!path)
            return false;
        free(*(char **)slot);
        *(char **)slot = path;
        return true;
    }
    case KEY_YEAR: {
        long y = strtol(value, &end, 10);
        if (end == value || *end || y < 1900 || y > 2200)
            return !(*bad = true);
        *(int *)slot = (int)y;
        return true;
    }
    case KEY_LIST:
    case KEY_APPEND: {
        char ***list = slot;
        size_t *n = (size_t *)(base + k->count_offset);
        if (k->kind == KEY_LIST) {
            free_list(*list, *n);
            *list = NULL;
            *n = 0;
            return (*list = config_split_list(value, n)) != NULL;
        }
        return config_append_list(list, n, value);
    }
    case KEY_PERCENT:
    case KEY_P_PERCENT: {
        errno = 0;
        double p = strtod(value, &end);
        bool ok = !errno && end != value && !*end && p >= 0 && (k->kind == KEY_PERCENT ? p <= 100 : p < 100);
        if (!ok)
            return !(*bad = true);
        *(double *)slot = p;
        return true;
    }
    case KEY_ULONG: {
        unsigned long v = strtoul(value, &end, 10);
        if (end == value || *end)
            return !(*bad = true);
        *(unsigned long *)slot = v;
        return true;
    }
    case KEY_COUNT: {
        long r = strtol(value, &end, 10);
        if (end == value || *end || r < 1 || r > 1000000)
            return !(*bad = true);
        *(int *)slot = (int)r;
        return true;
    }
    case KEY_YES_NO:
        if (strcmp(value, "oui") != 0 && strcmp(value, "non") != 0)
            return !(*bad = true);
        *(bool *)slot = strcmp(value, "oui") == 0;
        return true;
    }
    return false;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
    load_ctx *ctx = user;
    obs_config *c = ctx->c;
    const char *kind = section_kind(section);
    const config_key *k = NULL;
    for (size_t i = 0; kind && i < sizeof keys / sizeof *keys && !k; i++)
        if (strcmp(keys[i].section, kind) == 0 && strcmp(keys[i].name, name) == 0)
            k = &keys[i];
    if (!k) {
        unknown_key(ctx, section, name);
        return 0;
    }
    char *base = (char *)c;
    if (strcmp(kind, "etude") == 0) {
        config_territory *t = territory_for(c, section + 6);
        if (!t) {
            obs_error("%s : plus de %d territoires d'étude", c->path, CONFIG_MAX_TERRITORIES);
            return 0;
        }
        base = (char *)t;
    }
    bool bad;
    if (set_key(ctx, k, base, value, &bad))
        return 1;
    if (bad)
        obs_error("%s : [%s] %s %s, pas « %s »", c->path, section, name, k->what, value);
    else
        obs_error("%s : [%s] %s : mémoire insuffisante", c->path, section, name);
    return 0;
}

bool config_load(obs_config *c, const char *path)
{
    load_ctx ctx = {.c = c, .ok = true};
    set_str(&c->path, path);
    char *copy = strdup(path);
    if (!copy || (size_t)snprintf(ctx.dir, sizeof ctx.dir, "%s", dirname(copy)) >= sizeof ctx.dir) {
        obs_error("%s : %s", path, copy ? "chemin trop long" : "mémoire insuffisante");
        free(copy);
        return false;
    }
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
