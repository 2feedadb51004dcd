/* Report layouts (the .ini files of reports/layouts/): which sections a report has, in
 * which order, and which indicators, tables and charts each one shows. The PDF
 * and the XLSX renderers read the same layout, so an analyst adds or drops a
 * figure by editing one text file.
 *
 *   [rapport]            titre, sous_titre
 *   [section ID]         titre, feuille (XLSX sheet), type, indicateurs (list),
 *                        dimension (famille|section|dispositif|phase|groupe|...),
 *                        graphique (aucun|barres|courbe|survie|radar), texte;
 *                        for maps: carte (territoire|choroplethe|dispositifs),
 *                        indicateur, niveau (commune|epci), perimetre
 *                        (territoire|region), classes (jenks|quantiles),
 *                        nombre_classes (2 to 9)
 * Section types: chiffres_cles, repartition, evolution, tableau, survie,
 * territoires, definitions, metadonnees, texte, dispositifs, annuaire, carte,
 * sous_territoires; for the funder's report: financeur_chiffres,
 * financeur_evolution, financeur_dispositifs, financeur_territoires (with
 * colonnes: short column titles, one per indicator).
 */
#ifndef OBS_LAYOUT_H
#define OBS_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#define LAYOUT_MAX_SECTIONS 64

typedef enum {
    SECTION_CHIFFRES_CLES,
    SECTION_REPARTITION,
    SECTION_EVOLUTION,
    SECTION_TABLEAU,
    SECTION_SURVIE,
    SECTION_TERRITOIRES,
    SECTION_DEFINITIONS,
    SECTION_METADONNEES,
    SECTION_TEXTE,
    SECTION_DISPOSITIFS, /* the programmes of the territory by phase (PDF) */
    SECTION_ANNUAIRE,    /* the directory of the territory's ESS establishments (XLSX) */
    SECTION_CARTE,       /* a map (PDF) */
    SECTION_SOUS_TERRITOIRES, /* the EPCIs side by side, the other study territories (PDF) */
    /* the funder's report (reports/layouts/rapport-financeur.ini) */
    SECTION_FINANCEUR_CHIFFRES,     /* the funder's figures beside all funders' */
    SECTION_FINANCEUR_EVOLUTION,    /* the funder's figures over the years */
    SECTION_FINANCEUR_DISPOSITIFS,  /* the funder's amounts by programme */
    SECTION_FINANCEUR_TERRITOIRES,  /* the funder's figures by study territory */
} section_type;

typedef enum { MAP_KIND_NONE, MAP_KIND_TERRITOIRE, MAP_KIND_CHOROPLETHE, MAP_KIND_DISPOSITIFS } map_kind;

typedef enum { CHART_NONE, CHART_BARS, CHART_LINE, CHART_SURVIVAL, CHART_RADAR } chart_type;

typedef struct {
    char *id;
    char *titre;
    char *feuille;      /* XLSX sheet name; NULL: the section is PDF-only */
    section_type type;
    char **indicateurs;
    size_t n_indicateurs;
    char *dimension;    /* breakdown key, NULL for totals */
    chart_type graphique;
    char *texte;        /* introductory paragraph, optional */
    char **colonnes;    /* short column titles, one per indicator (default: the indicators' titles) */
    size_t n_colonnes;
    /* maps (type carte; sous_territoires uses the class keys) */
    map_kind carte;
    char *indicateur;   /* the indicator a choropleth shows */
    bool niveau_epci;   /* niveau = epci (default commune) */
    bool perimetre_region; /* perimetre = region (default territoire) */
    bool quantiles;     /* classes = quantiles (default jenks) */
    int nombre_classes; /* default 5 */
} layout_section;

typedef struct {
    char *path;
    char *titre;
    char *sous_titre;
    layout_section sections[LAYOUT_MAX_SECTIONS];
    size_t n_sections;
} report_layout;

/* Reads a layout; errors are logged as file:line. */
bool layout_load(report_layout *l, const char *path);
void layout_free(report_layout *l);
const char *section_type_name(section_type t);

#endif
