#include "indicators/compute/catalog.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/grow.h"
#include "indicators/compute/authorizer.h"
#include "indicators/compute/source_family.h"
#include "engine/core/log.h"

const char *const catalog_columns[CATALOG_COLUMNS] = {
    "niveau", "territoire", "annee", "dimension", "numerateur", "denominateur", "n_unites", "part_max",
};

bool catalog_columns_ok(sqlite3_stmt *st)
{
    int n = sqlite3_column_count(st);
    return n == CATALOG_COLUMNS ||
           (n == CATALOG_COLUMNS + 1 && strcmp(sqlite3_column_name(st, CATALOG_COLUMNS), CATALOG_SECOND_SHARE) == 0);
}

const char *const survival_columns[SURVIVAL_COLUMNS] = {
    "niveau", "territoire", "comparaison", "groupe", "entree", "duree", "evenement",
};

const char *const survival_counted_columns[SURVIVAL_COLUMNS + 1] = {
    "niveau", "territoire", "comparaison", "groupe", "entree", "duree", "evenement", "poids",
};

const char *const survival_commune_columns[SURVIVAL_COLUMNS] = {
    "commune", "comparaison", "groupe", "entree", "duree", "evenement", "poids",
};

const char *const leverage_columns[LEVERAGE_COLUMNS] = {
    "niveau", "territoire", "annee", "dimension", "projet", "public", "prive",
};

static const char *const kind_names[] = {
    [KIND_COUNT] = "count",         [KIND_SUM] = "sum",       [KIND_RATIO] = "ratio",
    [KIND_MEAN] = "mean",           [KIND_EVOLUTION] = "evolution", [KIND_GROWTH] = "growth",
    [KIND_SPECIFICITY] = "specificity", [KIND_SURVIVAL] = "survival",
    [KIND_SURVIVAL_RATE] = "survival_rate", [KIND_SURVIVAL_MEDIAN] = "survival_median",
    [KIND_LEVERAGE] = "leverage",
};
static const char *const units[] = {"nombre", "euros", "pourcent", "ratio", "annees", NULL};
static const char *const secrets[] = {"etablissements", "personnes", NULL};
static const char *const themes[] = {"economie", "utilite_sociale", "accompagnement", "survie", "levier",
                                     "grille", NULL};

const char *indicator_kind_name(indicator_kind k) { return kind_names[k]; }

bool indicator_is_derived(indicator_kind k)
{
    return k == KIND_EVOLUTION || k == KIND_GROWTH || k == KIND_SPECIFICITY || k == KIND_SURVIVAL_RATE ||
           k == KIND_SURVIVAL_MEDIAN;
}

static int index_of(const char *const *list, size_t n, const char *v)
{
    for (size_t i = 0; i < n && list[i]; i++)
        if (strcmp(list[i], v) == 0)
            return (int)i;
    return -1;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Appends text to *dst, after a space; false when out of memory. */
static bool append(char **dst, const char *text)
{
    size_t old = *dst ? strlen(*dst) : 0;
    char *grown = realloc(*dst, old + strlen(text) + 2);
    if (!grown)
        return false;
    if (old)
        grown[old++] = ' ';
    strcpy(grown + old, text);
    *dst = grown;
    return true;
}

/* *dst becomes a copy of value; false when out of memory (*dst unchanged). */
static bool replace(char **dst, const char *value)
{
    char *copy = strdup(value);
    if (!copy)
        return false;
    free(*dst);
    *dst = copy;
    return true;
}

/* One metadata line "key: value"; returns false (logged) on an error. */
static bool set_key(indicator_def *d, const char *key, char *value, int line, char **last)
{
    *last = NULL;
#define ERR(...) (obs_error_at(d->file, line, 1, __VA_ARGS__), false)
    if (strcmp(key, "id") == 0) {
        if (!replace(&d->id, value))
            return ERR("mémoire insuffisante");
    } else if (strcmp(key, "titre") == 0) {
        if (!replace(&d->titre, value))
            return ERR("mémoire insuffisante");
    } else if (strcmp(key, "unite") == 0) {
        if (!replace(&d->unite, value)) /* kept even when wrong: reported once, not as missing */
            return ERR("mémoire insuffisante");
        if (index_of(units, 8, value) < 0)
            return ERR("unite « %s » inconnue (nombre, euros, pourcent, ratio, annees)", value);
    } else if (strcmp(key, "type") == 0) {
        int k = index_of(kind_names, sizeof kind_names / sizeof *kind_names, value);
        if (k < 0)
            return ERR("type « %s » inconnu (count, sum, ratio, mean, evolution, growth, specificity,"
                       " survival, survival_rate, survival_median, leverage)", value);
        d->kind = (indicator_kind)k;
        d->type_line = line;
    } else if (strcmp(key, "ic") == 0) {
        if (strcmp(value, "aucun") == 0)
            d->ic = IC_NONE;
        else if (strcmp(value, "wilson") == 0)
            d->ic = IC_WILSON;
        else if (strcmp(value, "bootstrap") == 0)
            d->ic = IC_BOOTSTRAP;
        else if (strcmp(value, "log-log") == 0)
            d->ic = IC_KM_LOGLOG;
        else if (strcmp(value, "log") == 0)
            d->ic = IC_KM_LOG;
        else if (strcmp(value, "plain") == 0)
            d->ic = IC_KM_PLAIN;
        else
            return ERR("ic « %s » inconnu (aucun, wilson, bootstrap, log-log, log, plain)", value);
    } else if (strcmp(key, "secret") == 0) {
        if (!replace(&d->secret, value))
            return ERR("mémoire insuffisante");
        if (index_of(secrets, 8, value) < 0)
            return ERR("secret « %s » inconnu (etablissements, personnes)", value);
    } else if (strcmp(key, "theme") == 0) {
        if (!replace(&d->theme, value))
            return ERR("mémoire insuffisante");
        if (index_of(themes, 8, value) < 0)
            return ERR("theme « %s » inconnu (economie, utilite_sociale, accompagnement, survie, levier,"
                       " grille)", value);
    } else if (strcmp(key, "ordre") == 0) {
        char *end;
        long o = strtol(value, &end, 10);
        if (*end || !*value)
            return ERR("ordre doit être un entier, pas « %s »", value);
        d->ordre = (int)o;
    } else if (strcmp(key, "definition") == 0) {
        if (!replace(&d->definition, value))
            return ERR("mémoire insuffisante");
        *last = d->definition;
    } else if (strcmp(key, "sources") == 0) {
        if (!replace(&d->sources, value))
            return ERR("mémoire insuffisante");
    } else if (strcmp(key, "base") == 0) {
        if (!replace(&d->base, value))
            return ERR("mémoire insuffisante");
    } else if (strcmp(key, "secret_herite") == 0) {
        if (!replace(&d->secret_from, value))
            return ERR("mémoire insuffisante");
    } else if (strcmp(key, "cadre") == 0) {
        if (!replace(&d->frame, value))
            return ERR("mémoire insuffisante");
        d->frame_line = line;
    } else if (strcmp(key, "confidentialite") == 0) {
        if (!replace(&d->family, value))
            return ERR("mémoire insuffisante");
        if (!sources_family_known(value))
            return ERR("confidentialite « %s » inconnue (public_sirene, dsn, accompagnement, financement,"
                       " grille)", value);
    } else if (strcmp(key, "dimensions_confidentielles") == 0) {
        if (!replace(&d->conf_dims, value))
            return ERR("mémoire insuffisante");
    } else if (strcmp(key, "construit_de") == 0) {
        char *slash = strchr(value, '/');
        free(d->built_num);
        free(d->built_den);
        d->built_num = d->built_den = NULL;
        d->built_line = line;
        if (!slash)
            return ERR("construit_de « %s » : NUMERATEUR / DENOMINATEUR attendu (un indicateur, public:NOM"
                       " ou interne:NOM de chaque côté)", value);
        *slash = '\0';
        d->built_num = strdup(trim(value));
        d->built_den = strdup(trim(slash + 1));
        if (!d->built_num || !d->built_den)
            return ERR("mémoire insuffisante");
        if (!*d->built_num || !*d->built_den)
            return ERR("construit_de : un numérateur et un dénominateur de part et d'autre de « / »");
    } else if (strcmp(key, "horizon") == 0) {
        char *end;
        d->horizon = strtod(value, &end);
        if (*end || !(d->horizon > 0))
            return ERR("horizon doit être une durée positive en années, pas « %s »", value);
    } else if (strcmp(key, "cumul_communes") == 0) {
        d->cumul_share = index_of(catalog_columns, CATALOG_COLUMNS, value);
        if (d->cumul_share < 4 || d->cumul_share > 6) {
            d->cumul_share = 0;
            return ERR("cumul_communes « %s » : part_max doit être une part de numerateur, denominateur"
                       " ou n_unites", value);
        }
    } else if (strcmp(key, "niveaux") == 0) {
        for (int k = 0; k < d->n_levels; k++)
            free(d->levels[k]);
        d->n_levels = 0;
        for (char *save = NULL, *tok = strtok_r(value, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            char **grown = realloc(d->levels, (size_t)(d->n_levels + 1) * sizeof *grown);
            if (!grown)
                return ERR("mémoire insuffisante");
            d->levels = grown;
            if (!*trim(tok) || !(d->levels[d->n_levels] = strdup(trim(tok))))
                return ERR("niveaux « %s » : une liste de niveaux de geo séparés par des virgules", value);
            d->n_levels++;
        }
        if (d->n_levels == 0)
            return ERR("niveaux : une liste de niveaux de geo séparés par des virgules");
    } else if (strcmp(key, "dimensions") == 0) {
        /* informational: the SQL produces the breakdowns */
    } else {
        return ERR("clé inconnue « %s »", key);
    }
    return true;
#undef ERR
}

static void def_free(indicator_def *d)
{
    free(d->file);
    free(d->id);
    free(d->titre);
    free(d->unite);
    free(d->secret);
    free(d->theme);
    free(d->definition);
    free(d->sources);
    free(d->base);
    free(d->secret_from);
    free(d->frame);
    free(d->family);
    free(d->conf_dims);
    free(d->built_num);
    free(d->built_den);
    free(d->sql);
    for (int k = 0; k < d->n_levels; k++)
        free(d->levels[k]);
    free(d->levels);
    memset(d, 0, sizeof *d);
}

/* Parses one file; returns the number of errors (0: d is valid). */
static int parse_file(const char *path, const char *stem, indicator_def *d)
{
    memset(d, 0, sizeof *d);
    d->file = strdup(path);
    d->kind = KIND_COUNT;
    if (!d->file) {
        obs_error("%s : mémoire insuffisante", path);
        return 1;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        obs_error("impossible de lire %s", path);
        return 1;
    }
    int errors = 0, line_no = 0;
    char *line = NULL; /* lines of any length */
    size_t line_cap = 0;
    char *last = NULL; /* key whose value continues on the next comment lines */
    bool in_sql = false;
    bool saw_type = false;
    while (getline(&line, &line_cap, f) != -1) {
        line_no++;
        if (!in_sql) {
            char *s = trim(line);
            if (!*s)
                continue;
            if (strncmp(s, "--", 2) == 0) {
                char *body = trim(s + 2);
                /* "-- key: value" where key is a lowercase identifier */
                size_t k = 0;
                while (body[k] == '_' || (body[k] >= 'a' && body[k] <= 'z'))
                    k++;
                if (k > 0 && body[k] == ':') {
                    body[k] = '\0';
                    saw_type |= strcmp(body, "type") == 0;
                    if (!set_key(d, body, trim(body + k + 1), line_no, &last))
                        errors++;
                } else if (last && *body && !append(&d->definition, body)) { /* the definition goes on */
                    obs_error_at(path, line_no, 1, "mémoire insuffisante");
                    errors++;
                }
                continue;
            }
            in_sql = true;
            d->sql_line = line_no;
        }
        if (!append(&d->sql, line)) {
            obs_error_at(path, line_no, 1, "mémoire insuffisante");
            errors++;
        }
    }
    if (!feof(f)) { /* getline stopped before the end: a read error or no memory */
        obs_error_at(path, line_no + 1, 1, "lecture impossible");
        errors++;
    }
    free(line);
    fclose(f);
#define MISSING(field, name)                                                                       \
    if (!d->field) {                                                                               \
        obs_error_at(path, 1, 1, "métadonnée obligatoire « %s » absente", name);                    \
        errors++;                                                                                  \
    }
    MISSING(id, "id");
    MISSING(titre, "titre");
    MISSING(unite, "unite");
    MISSING(secret, "secret");
    MISSING(theme, "theme");
    MISSING(definition, "definition");
    MISSING(sources, "sources");
#undef MISSING
    if (!saw_type) {
        obs_error_at(path, 1, 1, "métadonnée obligatoire « type » absente");
        errors++;
    }
    if (d->id && strcmp(d->id, stem) != 0) {
        obs_error_at(path, 1, 1, "l'id « %s » doit être le nom du fichier (« %s.sql »)", d->id, stem);
        errors++;
    }
    if (indicator_is_derived(d->kind)) {
        if (!d->base) {
            obs_error_at(path, 1, 1, "un indicateur de type %s nomme sa base (-- base: ID)",
                         kind_names[d->kind]);
            errors++;
        }
        if (d->sql && *trim(d->sql)) {
            obs_error_at(path, d->sql_line, 1, "un indicateur de type %s n'a pas de requête",
                         kind_names[d->kind]);
            errors++;
        }
    } else if (!d->sql || !*trim(d->sql)) {
        obs_error_at(path, line_no, 1, "requête SELECT absente");
        errors++;
    }
    if (d->kind == KIND_SURVIVAL_RATE && !(d->horizon > 0)) {
        obs_error_at(path, 1, 1, "un indicateur survival_rate donne son horizon en années (-- horizon: 5)");
        errors++;
    }
    if ((d->ic == IC_KM_LOGLOG || d->ic == IC_KM_LOG || d->ic == IC_KM_PLAIN) && d->kind != KIND_SURVIVAL) {
        obs_error_at(path, 1, 1, "ic: %s ne s'applique qu'à une courbe de survie (type survival)",
                     d->ic == IC_KM_LOG ? "log" : d->ic == IC_KM_PLAIN ? "plain" : "log-log");
        errors++;
    }
    if (d->ic == IC_BOOTSTRAP && d->kind != KIND_LEVERAGE) {
        obs_error_at(path, 1, 1, "ic: bootstrap ne s'applique qu'à un effet de levier (type leverage)");
        errors++;
    }
    if (d->cumul_share && !(d->kind == KIND_COUNT || d->kind == KIND_SUM || d->kind == KIND_RATIO ||
                            d->kind == KIND_MEAN)) {
        obs_error_at(path, 1, 1, "cumul_communes ne s'applique qu'aux types count, sum, ratio et mean");
        errors++;
    }
    if (d->n_levels && d->kind != KIND_SURVIVAL) {
        obs_error_at(path, 1, 1, "niveaux ne s'applique qu'à un indicateur de survie calculé par commune");
        errors++;
    }
    if (d->ic == IC_WILSON && d->kind != KIND_RATIO) {
        obs_error_at(path, 1, 1, "ic: wilson ne s'applique qu'à une proportion (type ratio)");
        errors++;
    }
    return errors;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bool catalog_load(catalog *c, const char *dir, int *errors)
{
    memset(c, 0, sizeof *c);
    *errors = 0;
    DIR *d = opendir(dir);
    if (!d) {
        obs_error("catalogue introuvable : %s", dir);
        return false;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".sql") == 0 && e->d_name[0] != '.')
            ok = grow((void **)&names, &cap, n + 1, sizeof *names) && (names[n++] = strdup(e->d_name));
    }
    closedir(d);
    c->items = ok ? calloc(n ? n : 1, sizeof *c->items) : NULL;
    if (!c->items) {
        obs_error("catalogue %s : mémoire insuffisante", dir);
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return false;
    }
    qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; i < n; i++) {
        char path[4096], stem[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(stem, sizeof stem, "%.*s", (int)(strlen(names[i]) - 4), names[i]);
        indicator_def def;
        int errs = parse_file(path, stem, &def);
        if (errs == 0 && c->items)
            c->items[c->n++] = def;
        else
            def_free(&def);
        *errors += errs;
        free(names[i]);
    }
    free(names);
    return true;
}

void catalog_free(catalog *c)
{
    for (size_t i = 0; i < c->n; i++)
        def_free(&c->items[i]);
    free(c->items);
    memset(c, 0, sizeof *c);
}

const indicator_def *catalog_find(const catalog *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->items[i].id, id) == 0)
            return &c->items[i];
    return NULL;
}

/* "-- cadre: ID": both count or sum kinds computed from SQL, the frame
 * itself without a frame (so that it is complete when the other is
 * computed); returns the number of errors. */
static int catalog_check_frame(const catalog *c, const indicator_def *d)
{
    if (!d->frame)
        return 0;
    const indicator_def *f = catalog_find(c, d->frame);
    const char *why = NULL;
    if (!(d->kind == KIND_COUNT || d->kind == KIND_SUM))
        why = "seul un indicateur de type count ou sum a un cadre";
    else if (!f)
        why = "indicateur absent du catalogue";
    else if (f == d)
        why = "un indicateur ne peut être son propre cadre";
    else if (!(f->kind == KIND_COUNT || f->kind == KIND_SUM) || f->base)
        why = "le cadre doit être un indicateur calculé de type count ou sum";
    else if (f->frame)
        why = "le cadre a lui-même un cadre (il doit être complet quand celui-ci est calculé)";
    if (!why)
        return 0;
    obs_error_at(d->file, d->frame_line, 1, "cadre « %s » : %s", d->frame, why);
    return 1;
}

int catalog_check(const catalog *c, sqlite3 *db)
{
    int errors = 0;
    for (size_t i = 0; i < c->n; i++) {
        const indicator_def *d = &c->items[i];
        if (d->secret_from) {
            const indicator_def *f = catalog_find(c, d->secret_from);
            if (!f || !(f->kind == KIND_COUNT || f->kind == KIND_SUM)) {
                obs_error_at(d->file, 1, 1, "secret_herite : « %s » n'est pas un indicateur de type count ou sum"
                             " du catalogue", d->secret_from);
                errors++;
            }
        }
        errors += catalog_check_frame(c, d);
        if (d->base) {
            const indicator_def *b = catalog_find(c, d->base);
            if (!b) {
                obs_error_at(d->file, 1, 1, "base « %s » absente du catalogue", d->base);
                errors++;
            } else if (d->kind == KIND_SPECIFICITY && b->kind != KIND_RATIO) {
                obs_error_at(d->file, 1, 1, "la base d'un indice de spécificité doit être un ratio");
                errors++;
            } else if ((d->kind == KIND_SURVIVAL_RATE || d->kind == KIND_SURVIVAL_MEDIAN) !=
                       (b->kind == KIND_SURVIVAL)) {
                obs_error_at(d->file, 1, 1, "la base « %s » doit être de type survival si et seulement si"
                             " l'indicateur est survival_rate ou survival_median", d->base);
                errors++;
            }
            continue;
        }
        sqlite3_stmt *st = NULL;
        char err[512];
        if (authorizer_prepare(db, d->sql, &st, err, sizeof err) != SQLITE_OK) {
            obs_error_at(d->file, d->sql_line, 1, "requête invalide : %s", err);
            errors++;
        } else {
            const char *const *names = d->kind == KIND_SURVIVAL   ? survival_columns
                                       : d->kind == KIND_LEVERAGE ? leverage_columns
                                                                  : catalog_columns;
            int count = d->kind == KIND_SURVIVAL ? SURVIVAL_COLUMNS
                        : d->kind == KIND_LEVERAGE ? LEVERAGE_COLUMNS
                                                   : CATALOG_COLUMNS;
            bool by_commune = false;
            if (d->kind == KIND_SURVIVAL) { /* per unit, counted, or counted per commune */
                by_commune = strcmp(sqlite3_column_name(st, 0), "commune") == 0;
                if (by_commune)
                    names = survival_commune_columns;
                else if (sqlite3_column_count(st) == SURVIVAL_COLUMNS + 1)
                    names = survival_counted_columns, count = SURVIVAL_COLUMNS + 1;
            }
            if (d->n_levels && !by_commune) {
                obs_error_at(d->file, 1, 1, "niveaux ne s'applique qu'à une requête de survie par commune"
                             " (colonnes commune, ..., poids)");
                errors++;
            }
            /* computed kinds may add part_deuxieme */
            bool second = names == catalog_columns && sqlite3_column_count(st) == count + 1;
            if (second && strcmp(sqlite3_column_name(st, count), CATALOG_SECOND_SHARE) != 0) {
                obs_error_at(d->file, d->sql_line, 1, "colonne %d nommée « %s » au lieu de « %s »", count + 1,
                             sqlite3_column_name(st, count), CATALOG_SECOND_SHARE);
                errors++;
            } else if (!second && sqlite3_column_count(st) != count) {
                char expected[256] = "";
                for (int k = 0; k < count; k++)
                    snprintf(expected + strlen(expected), sizeof expected - strlen(expected), "%s%s",
                             k ? ", " : "", names[k]);
                obs_error_at(d->file, d->sql_line, 1, "la requête rend %d colonnes au lieu de %d (%s)",
                             sqlite3_column_count(st), count, expected);
                errors++;
            } else {
                for (int k = 0; k < count; k++)
                    if (strcmp(sqlite3_column_name(st, k), names[k]) != 0) {
                        obs_error_at(d->file, d->sql_line, 1, "colonne %d nommée « %s » au lieu de « %s »",
                                     k + 1, sqlite3_column_name(st, k), names[k]);
                        errors++;
                        break;
                    }
            }
        }
        sqlite3_finalize(st);
    }
    return errors;
}
