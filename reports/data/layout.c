#include "reports/data/layout.h"

#include <ini.h>
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/config.h"
#include "engine/core/log.h"

static const char *const type_names[] = {
    [SECTION_CHIFFRES_CLES] = "chiffres_cles", [SECTION_REPARTITION] = "repartition",
    [SECTION_EVOLUTION] = "evolution",         [SECTION_TABLEAU] = "tableau",
    [SECTION_SURVIE] = "survie",               [SECTION_TERRITOIRES] = "territoires",
    [SECTION_DEFINITIONS] = "definitions",     [SECTION_METADONNEES] = "metadonnees",
    [SECTION_TEXTE] = "texte",                 [SECTION_DISPOSITIFS] = "dispositifs",
    [SECTION_ANNUAIRE] = "annuaire",           [SECTION_CARTE] = "carte",
    [SECTION_SOUS_TERRITOIRES] = "sous_territoires",
    [SECTION_FINANCEUR_CHIFFRES] = "financeur_chiffres",
    [SECTION_FINANCEUR_EVOLUTION] = "financeur_evolution",
    [SECTION_FINANCEUR_DISPOSITIFS] = "financeur_dispositifs",
    [SECTION_FINANCEUR_TERRITOIRES] = "financeur_territoires",
};
static const char *const map_kind_names[] = {
    [MAP_KIND_NONE] = "", [MAP_KIND_TERRITOIRE] = "territoire", [MAP_KIND_CHOROPLETHE] = "choroplethe",
    [MAP_KIND_DISPOSITIFS] = "dispositifs",
};
static const char *const chart_names[] = {
    [CHART_NONE] = "aucun", [CHART_BARS] = "barres", [CHART_LINE] = "courbe",
    [CHART_SURVIVAL] = "survie", [CHART_RADAR] = "radar",
};

const char *section_type_name(section_type t) { return type_names[t]; }

typedef struct {
    report_layout *l;
} parse_ctx;

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = strdup(v);
}

/* Joins a continuation line to a text value with a space. */
static void append_text(char **dst, const char *v)
{
    if (!*dst) {
        *dst = strdup(v);
        return;
    }
    size_t len = strlen(*dst) + strlen(v) + 2;
    char *joined = malloc(len);
    if (!joined)
        return;
    snprintf(joined, len, "%s %s", *dst, v);
    free(*dst);
    *dst = joined;
}

static int find_name(const char *const *names, size_t n, const char *v)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], v) == 0)
            return (int)i;
    return -1;
}

/* The section being read, or a new one; NULL (said) for a section id given
 * twice, one too many or out of memory. */
static layout_section *section_for(report_layout *l, const char *section, const char *id)
{
    if (l->n_sections && strcmp(l->sections[l->n_sections - 1].id, id) == 0)
        return &l->sections[l->n_sections - 1];
    bool twice = false;
    for (size_t i = 0; i < l->n_sections && !twice; i++)
        twice = strcmp(l->sections[i].id, id) == 0;
    if (twice || l->n_sections == LAYOUT_MAX_SECTIONS) {
        obs_error("%s : section [%s] répétée ou trop de sections", l->path, section);
        return NULL;
    }
    layout_section *s = &l->sections[l->n_sections];
    memset(s, 0, sizeof *s);
    s->id = strdup(id);
    s->titre = strdup(id);
    if (!s->id || !s->titre) {
        obs_error("%s : section [%s] : mémoire insuffisante", l->path, section);
        free(s->id);
        free(s->titre);
        memset(s, 0, sizeof *s);
        return NULL;
    }
    l->n_sections++;
    s->type = SECTION_TABLEAU;
    s->nombre_classes = 5;

    return s;
}

/* Appends the comma-separated titles of value (spaces kept inside a title,
 * trimmed around it) to *list; false when memory runs out. */
static bool append_titles(char ***list, size_t *n, const char *value)
{
    for (const char *p = value; *p;) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        const char *start = p, *end = p;
        while (*p && *p != ',') {
            if (!isspace((unsigned char)*p))
                end = p + 1;
            p++;
        }
        if (end == start)
            continue;
        char **grown = realloc(*list, (*n + 1) * sizeof *grown);
        if (!grown)
            return false;
        *list = grown;
        if (!(grown[*n] = strndup(start, (size_t)(end - start))))
            return false;
        (*n)++;
    }
    return true;
}

/* How a section key's value is read. */
typedef enum {
    KEY_TEXT,      /* a string */
    KEY_SHEET,     /* an Excel sheet name: 31 characters at most */
    KEY_TYPE,      /* a section type (type_names) */
    KEY_CHART,     /* a chart (chart_names) */
    KEY_LIST,      /* identifiers separated by commas or spaces, appended (continued lines) */
    KEY_TITLES,    /* titles separated by commas, appended */
    KEY_PARAGRAPH, /* text, continued lines joined */
    KEY_MAP,       /* a map kind (map_kind_names) */
    KEY_CHOICE,    /* one of two words: false for the first, true for the second */
    KEY_CLASSES,   /* a number of classes, 2 to 9 */
} key_kind;

/* The keys of a [section ID]: name, kind, field (and for a list, its count;
 * for a choice, its two words). */
typedef struct {
    const char *name;
    key_kind kind;
    size_t offset;
    size_t count_offset;
    const char *first, *second;
} layout_key;

#define KEY(name, kind, field) {name, kind, offsetof(layout_section, field), 0, NULL, NULL}
#define KEY_N(name, kind, field, count)                                                                      \
    {name, kind, offsetof(layout_section, field), offsetof(layout_section, count), NULL, NULL}
#define KEY_OF(name, field, first, second) {name, KEY_CHOICE, offsetof(layout_section, field), 0, first, second}

static const layout_key section_keys[] = {
    KEY("titre", KEY_TEXT, titre),
    KEY("feuille", KEY_SHEET, feuille),
    KEY("type", KEY_TYPE, type),
    KEY("graphique", KEY_CHART, graphique),
    KEY_N("indicateurs", KEY_LIST, indicateurs, n_indicateurs),
    KEY_N("colonnes", KEY_TITLES, colonnes, n_colonnes),
    KEY("dimension", KEY_TEXT, dimension),
    KEY("texte", KEY_PARAGRAPH, texte),
    KEY("carte", KEY_MAP, carte),
    KEY("indicateur", KEY_TEXT, indicateur),
    KEY_OF("niveau", niveau_epci, "commune", "epci"),
    KEY_OF("perimetre", perimetre_region, "territoire", "region"),
    KEY_OF("classes", quantiles, "jenks", "quantiles"),
    KEY("nombre_classes", KEY_CLASSES, nombre_classes),
};

/* Reads value into key k of section s; 0 (with a message) when invalid. */
static int set_section_key(report_layout *l, const char *section, layout_section *s, const layout_key *k,
                           const char *value)
{
    char *base = (char *)s;
    void *slot = base + k->offset;
    switch (k->kind) {
    case KEY_SHEET:
        if (strlen(value) > 31) {
            obs_error("%s : [%s] feuille « %s » : 31 caractères au plus (limite d'Excel)", l->path, section, value);
            return 0;
        }
        /* fall through */
    case KEY_TEXT:
        set_str(slot, value);
        return 1;
    case KEY_PARAGRAPH:
        append_text(slot, value);
        return 1;
    case KEY_TYPE: {
        int t = find_name(type_names, sizeof type_names / sizeof *type_names, value);
        if (t < 0) {
            obs_error("%s : [%s] type inconnu « %s »", l->path, section, value);
            return 0;
        }
        *(section_type *)slot = (section_type)t;
        return 1;
    }
    case KEY_CHART: {
        int c = find_name(chart_names, sizeof chart_names / sizeof *chart_names, value);
        if (c < 0) {
            obs_error("%s : [%s] graphique inconnu « %s » (aucun, barres, courbe, survie, radar)", l->path, section,
                      value);
            return 0;
        }
        *(chart_type *)slot = (chart_type)c;
        return 1;
    }
    case KEY_MAP: {
        int m = find_name(map_kind_names, sizeof map_kind_names / sizeof *map_kind_names, value);
        if (m <= 0) {
            obs_error("%s : [%s] carte inconnue « %s » (territoire, choroplethe, dispositifs)", l->path, section,
                      value);
            return 0;
        }
        *(map_kind *)slot = (map_kind)m;
        return 1;
    }
    case KEY_LIST: {
        /* inih hands continuation lines over as the same key again: append */
        size_t *n = (size_t *)(base + k->count_offset);
        if (!config_append_list((char ***)slot, n, value)) {
            obs_error("%s : [%s] %s : mémoire insuffisante", l->path, section, k->name);
            return 0;
        }
        return 1;
    }
    case KEY_TITLES:
        if (!append_titles(slot, (size_t *)(base + k->count_offset), value)) {
            obs_error("%s : [%s] %s : mémoire insuffisante", l->path, section, k->name);
            return 0;
        }
        return 1;
    case KEY_CHOICE: {
        bool second = strcmp(value, k->second) == 0;
        if (!second && strcmp(value, k->first) != 0) {
            obs_error("%s : [%s] %s « %s » inconnu (%s ou %s)", l->path, section, k->name, value, k->first,
                      k->second);
            return 0;
        }
        *(bool *)slot = second;
        return 1;
    }
    case KEY_CLASSES: {
        char *end;
        long n = strtol(value, &end, 10);
        if (end == value || *end || n < 2 || n > 9) {
            obs_error("%s : [%s] nombre_classes « %s » : un entier de 2 à 9", l->path, section, value);
            return 0;
        }
        *(int *)slot = (int)n;
        return 1;
    }
    }
    return 0;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
    parse_ctx *ctx = user;
    report_layout *l = ctx->l;
    if (strcmp(section, "rapport") == 0) {
        if (strcmp(name, "titre") == 0)
            set_str(&l->titre, value);
        else if (strcmp(name, "sous_titre") == 0)
            set_str(&l->sous_titre, value);
        else
            obs_warn("%s : clé inconnue [rapport] %s (ignorée)", l->path, name);
        return 1;
    }
    if (strncmp(section, "section ", 8) != 0 || !section[8]) {
        obs_error("%s : section inconnue [%s] (attendu [rapport] ou [section ID])", l->path, section);
        return 0;
    }
    layout_section *s = section_for(l, section, section + 8);
    if (!s)
        return 0;
    const layout_key *k = NULL;
    for (size_t i = 0; i < sizeof section_keys / sizeof *section_keys && !k; i++)
        if (strcmp(section_keys[i].name, name) == 0)
            k = &section_keys[i];
    if (!k) {
        obs_warn("%s : clé inconnue [%s] %s (ignorée)", l->path, section, name);
        return 1;
    }
    return set_section_key(l, section, s, k, value);
}

bool layout_load(report_layout *l, const char *path)
{
    memset(l, 0, sizeof *l);
    l->path = strdup(path);
    l->titre = strdup("Observatoire de l'économie sociale et solidaire");
    if (!l->path || !l->titre) {
        obs_error("maquette %s : mémoire insuffisante", path);
        layout_free(l);
        return false;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        obs_error("impossible de lire la maquette %s", path);
        layout_free(l);
        return false;
    }
    parse_ctx ctx = {.l = l};
    int rc = ini_parse_file(f, on_entry, &ctx);
    fclose(f);
    if (rc > 0)
        obs_error("%s:%d: ligne de maquette invalide", path, rc);
    else if (rc == 0 && l->n_sections == 0)
        obs_error("%s : la maquette ne contient aucune section", path);
    for (size_t i = 0; rc == 0 && i < l->n_sections; i++) {
        const layout_section *s = &l->sections[i];
        if (s->type == SECTION_CARTE && s->carte == MAP_KIND_NONE) {
            obs_error("%s : [section %s] de type carte sans clé « carte » (territoire, choroplethe, dispositifs)",
                      path, s->id);
            rc = -1;
        } else if (s->type == SECTION_CARTE && s->carte == MAP_KIND_CHOROPLETHE && !s->indicateur) {
            obs_error("%s : [section %s] carte choroplethe sans « indicateur »", path, s->id);
            rc = -1;
        } else if (s->n_colonnes && s->n_colonnes != s->n_indicateurs) {
            obs_error("%s : [section %s] %zu colonnes pour %zu indicateurs : une colonne par indicateur", path,
                      s->id, s->n_colonnes, s->n_indicateurs);
            rc = -1;
        }
    }
    if (rc != 0 || l->n_sections == 0) {
        layout_free(l); /* the caller owns nothing after a failure */
        return false;
    }
    return true;
}

void layout_free(report_layout *l)
{
    for (size_t i = 0; i < l->n_sections; i++) {
        layout_section *s = &l->sections[i];
        free(s->id);
        free(s->titre);
        free(s->feuille);
        for (size_t j = 0; j < s->n_indicateurs; j++)
            free(s->indicateurs[j]);
        free(s->indicateurs);
        for (size_t j = 0; j < s->n_colonnes; j++)
            free(s->colonnes[j]);
        free(s->colonnes);
        free(s->dimension);
        free(s->texte);
        free(s->indicateur);
    }
    free(l->path);
    free(l->titre);
    free(l->sous_titre);
    memset(l, 0, sizeof *l);
}
