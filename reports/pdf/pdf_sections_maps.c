/* The map sections of the PDF report (type carte in the layout): the
 * territory, a choropleth of an indicator, the support programmes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/fr_format.h"
#include "reports/data/report_places.h"
#include "reports/pdf/pdf_map_page.h"

static void free_codes(char **codes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
}

/* Indices of the shapes of `layer` whose code is in codes[0..n) (sorted). */
static size_t *shapes_among(const map_layer *layer, char **codes, size_t n, size_t *n_out)
{
    size_t *which = malloc((layer->n ? layer->n : 1) * sizeof *which);
    *n_out = 0;
    if (!which)
        return NULL;
    for (size_t i = 0; i < layer->n; i++)
        for (size_t k = 0; k < n; k++)
            if (strcmp(layer->shapes[i].code, codes[k]) == 0) {
                which[(*n_out)++] = i;
                break;
            }
    return which;
}

/* Pastel fills for the EPCIs of the territory (ColorBrewer « Pastel1 »,
 * colorbrewer2.org, Apache License 2.0). */
static const pdf_rgb PASTEL[8] = {
    {0.984f, 0.706f, 0.682f}, {0.702f, 0.804f, 0.890f}, {0.800f, 0.922f, 0.773f}, {0.871f, 0.796f, 0.894f},
    {0.996f, 0.851f, 0.651f}, {1.000f, 1.000f, 0.800f}, {0.898f, 0.847f, 0.741f}, {0.992f, 0.855f, 0.925f},
};

/* The situation of the territory in its région: the départements, the
 * territory in the accent colour, in a small frame with its own scale. */
static void situation_inset(pdf_report *r, char **deps, size_t n_dep, char **epcis, size_t n_epci, float x, float y,
                            float w, float h)
{
    pdf_doc *d = &r->d;
    map_layer dl = {0}, el = {0};
    map_crs crs = map_crs_for_departement(r->rd->departement.code);
    if (map_layer_read(r->rd, "departement", (const char *const *)deps, n_dep, crs, &dl) && dl.n &&
        map_layer_read(r->rd, "epci", (const char *const *)epcis, n_epci, crs, &el)) {
        map_frame f = map_frame_fit(dl.bbox, x + 4, y + 4, w - 8, h - 18);
        map_layer *layers[] = {&dl, &el};
        map_simplify_for(&f, layers, 2);
        for (size_t i = 0; i < dl.n; i++)
            map_fill_shape(d, &f, &dl.shapes[i], (pdf_rgb){0.92f, 0.92f, 0.91f});
        for (size_t i = 0; i < el.n; i++)
            map_fill_shape(d, &f, &el.shapes[i], (pdf_rgb){0.80f, 0.16f, 0.16f});
        map_lines lines = {0};
        if (map_layer_borders(&dl, &lines))
            map_stroke_lines(d, &f, &lines, 0.4f, (pdf_rgb){0.45f, 0.45f, 0.45f});
        map_lines_free(&lines);
        map_labels placed = {0};
        char name[256];
        for (size_t i = 0; i < dl.n; i++) {
            double mx, my;
            float px, py;
            map_shape_anchor(&dl.shapes[i], &mx, &my);
            map_to_page(&f, mx, my, &px, &py);
            report_territory_name(r->rd, "departement", dl.shapes[i].code, name, sizeof name);
            map_label(d, &placed, &f, d->regular, 6, px, py, name);
        }
        map_labels_free(&placed);
        pdf_set_fill(d, PDF_MUTED);
        char caption[300];
        snprintf(caption, sizeof caption, "Situation dans la région %s", r->rd->region.nom);
        pdf_text_fit(d, d->regular, 6.5f, 5, x + 4, y + h - 10, w - 8, caption, -1);
        pdf_set_fill(d, PDF_INK);
    }
    map_layer_free(&dl), map_layer_free(&el);
    /* the inset's frame */
    HPDF_Page_GSave(d->page);
    pdf_set_stroke(d, (pdf_rgb){0.6f, 0.6f, 0.6f});
    HPDF_Page_SetLineWidth(d->page, 0.5f);
    HPDF_Page_Rectangle(d->page, x, y, w, h);
    HPDF_Page_Stroke(d->page);
    HPDF_Page_GRestore(d->page);
}

/* The territory: its EPCIs filled and named, its communes in thin lines, the
 * départements of its région around it (clipped to the frame), and an inset
 * with the whole région. */
static void map_territory(pdf_report *r, const layout_section *sec)
{
    report_data *rd = r->rd;
    pdf_doc *d = &r->d;
    size_t n_dep = 0, n_epci = 0, n_com = 0;
    char **deps = report_unit_codes(rd, "departement", "region", rd->region.code, &n_dep);
    char **epcis = report_unit_codes(rd, "epci", rd->territory.niveau, rd->territory.code, &n_epci);
    char **coms = report_unit_codes(rd, "commune", rd->territory.niveau, rd->territory.code, &n_com);
    map_layer dl = {0}, el = {0}, cl = {0};
    if (map_read_layer(r, "departement", deps, n_dep, &dl) && map_read_layer(r, "epci", epcis, n_epci, &el) &&
        map_read_layer(r, "commune", coms, n_com, &cl)) {
        map_layer *layers[] = {&dl, &el, &cl};
        const float inset_w = 150, frame_w = PDF_CONTENT_W - inset_w - 10, frame_h = 420;
        /* the territory with a margin of a tenth around it */
        double bb[4] = {el.bbox[0], el.bbox[1], el.bbox[2], el.bbox[3]};
        double mx = (bb[2] - bb[0]) * 0.08, my = (bb[3] - bb[1]) * 0.08;
        bb[0] -= mx, bb[2] += mx, bb[1] -= my, bb[3] += my;
        map_frame f = map_begin_width(r, sec->titre, bb, frame_w, frame_h, layers, 3);
        HPDF_Page_GSave(d->page);
        HPDF_Page_Rectangle(d->page, f.x, f.y, f.w, f.h);
        HPDF_Page_Clip(d->page);
        HPDF_Page_EndPath(d->page);
        for (size_t i = 0; i < dl.n; i++)
            map_fill_shape(d, &f, &dl.shapes[i], (pdf_rgb){0.95f, 0.95f, 0.94f});
        for (size_t i = 0; i < el.n; i++)
            map_fill_shape(d, &f, &el.shapes[i], PASTEL[i % 8]);
        map_lines lines = {0};
        if (map_layer_borders(&cl, &lines))
            map_stroke_lines(d, &f, &lines, 0.25f, (pdf_rgb){0.55f, 0.55f, 0.55f});
        map_lines_free(&lines);
        if (map_layer_borders(&dl, &lines))
            map_stroke_lines(d, &f, &lines, 0.8f, (pdf_rgb){0.5f, 0.5f, 0.5f});
        map_lines_free(&lines);
        if (map_layer_borders(&el, &lines))
            map_stroke_lines(d, &f, &lines, 0.7f, MAP_INK);
        map_lines_free(&lines);
        size_t *all = malloc((el.n ? el.n : 1) * sizeof *all);
        if (all) {
            for (size_t i = 0; i < el.n; i++)
                all[i] = i;
            map_stroke_outline(d, &f, &el, all, el.n, 1.6f, MAP_INK);
            free(all);
        }
        HPDF_Page_GRestore(d->page);
        /* names: the EPCIs first, then the départements where room is left */
        map_labels placed = {0};
        char name[256];
        for (size_t i = 0; i < el.n; i++) {
            double ax, ay;
            float px, py;
            map_shape_anchor(&el.shapes[i], &ax, &ay);
            map_to_page(&f, ax, ay, &px, &py);
            report_territory_name(rd, "epci", el.shapes[i].code, name, sizeof name);
            map_label(d, &placed, &f, d->bold, 7, px, py, name);
        }
        for (size_t i = 0; i < dl.n; i++) {
            double ax, ay;
            float px, py;
            map_shape_anchor(&dl.shapes[i], &ax, &ay);
            map_to_page(&f, ax, ay, &px, &py);
            report_territory_name(rd, "departement", dl.shapes[i].code, name, sizeof name);
            map_label(d, &placed, &f, d->regular, 7.5f, px, py, name);
        }
        map_labels_free(&placed);
        situation_inset(r, deps, n_dep, epcis, n_epci, f.x + f.w + 10, f.y + f.h - 170, inset_w, 170);
        /* legend: every EPCI by name, whether its label fitted or not */
        float y = d->y - 9;
        for (size_t i = 0; i < el.n; i++) {
            report_territory_name(rd, "epci", el.shapes[i].code, name, sizeof name);
            float x = PDF_MARGIN + (float)(i % 2) * PDF_CONTENT_W / 2;
            map_legend_swatch(d, x, y, PASTEL[i % 8], false, name);
            if (i % 2 == 1 || i + 1 == el.n)
                y -= 13;
        }
        d->y = y + 4;
        char note[700];
        snprintf(note, sizeof note, "Les EPCI de %s (trait épais : sa limite) ; traits fins : limites des communes ; "
                 "en gris, les départements de la région %s. En cartouche, le territoire (en rouge) dans sa région.",
                 rd->territory.nom, rd->region.nom);
        map_finish(r, &f, note);
    }
    map_layer_free(&dl), map_layer_free(&el), map_layer_free(&cl);
    free_codes(deps, n_dep), free_codes(epcis, n_epci), free_codes(coms, n_com);
}

static void map_choropleth_section(pdf_report *r, const layout_section *sec)
{
    report_data *rd = r->rd;
    const char *niveau = sec->niveau_epci ? "epci" : "commune";
    const char *scope_niveau = sec->perimetre_region ? "region" : rd->territory.niveau;
    const char *scope_code = sec->perimetre_region ? rd->region.code : rd->territory.code;
    size_t n = 0;
    char **codes = report_unit_codes(rd, niveau, scope_niveau, scope_code, &n);
    map_layer layer, epci = {0};
    if (map_read_layer(r, niveau, codes, n, &layer)) {
        size_t n_in = 0, n_bold = 0;
        size_t *bold = NULL;
        if (sec->perimetre_region) {
            char **in = report_unit_codes(rd, niveau, rd->territory.niveau, rd->territory.code, &n_in);
            bold = shapes_among(&layer, in, n_in, &n_bold);
            free_codes(in, n_in);
        }
        /* communes of the study territory: the limits of its EPCIs over them */
        bool overlay = false;
        if (!sec->niveau_epci && !sec->perimetre_region) {
            size_t n_e = 0;
            char **e = report_unit_codes(rd, "epci", rd->territory.niveau, rd->territory.code, &n_e);
            overlay = n_e > 1 && map_layer_read(rd, "epci", (const char *const *)e, n_e, layer.crs, &epci);
            free_codes(e, n_e);
        }
        map_draw_choropleth(r, sec->titre, sec->indicateur, niveau, &layer, sec->nombre_classes, sec->quantiles,
                            bold, n_bold, sec->perimetre_region ? 400 : 420,
                            sec->niveau_epci && !sec->perimetre_region, overlay ? &epci : NULL);
        free(bold);
    }
    map_layer_free(&epci);
    map_layer_free(&layer);
    free_codes(codes, n);
}

/* ---- the support programmes ---- */

typedef enum { SYM_CIRCLE, SYM_SQUARE, SYM_TRIANGLE, SYM_DIAMOND, SYM_TRIANGLE_DOWN, SYM_HEXAGON } symbol;
static const struct {
    const char *type, *label;
} PROGRAMME_TYPES[] = {
    {"incubateur", "Incubateur"},
    {"couveuse", "Couveuse"},
    {"cae", "Coopérative d'activité et d'emploi"},
    {"pepiniere", "Pépinière"},
    {"pret_honneur", "Prêt d'honneur"},
    {"generateur_projets", "Générateur de projets"},
    {"fabrique_initiatives", "Fabrique à initiatives"},
    {"centre_ressources", "Centre de ressources"},
};
#define N_TYPES (sizeof PROGRAMME_TYPES / sizeof *PROGRAMME_TYPES)

static size_t type_index(const char *type)
{
    for (size_t i = 0; i < N_TYPES; i++)
        if (strcmp(PROGRAMME_TYPES[i].type, type) == 0)
            return i;
    return N_TYPES; /* another type: drawn as the last symbol */
}

/* ColorBrewer « Dark2 », 8 classes (colorbrewer2.org, Apache License 2.0):
 * with the 6 shapes, every type of the list has its own colour and shape. */
static const pdf_rgb DARK2[8] = {
    {0.106f, 0.620f, 0.467f}, {0.851f, 0.373f, 0.008f}, {0.459f, 0.439f, 0.702f}, {0.906f, 0.161f, 0.541f},
    {0.400f, 0.651f, 0.118f}, {0.902f, 0.671f, 0.008f}, {0.651f, 0.463f, 0.114f}, {0.400f, 0.400f, 0.400f},
};

static void draw_symbol(pdf_doc *d, size_t type, float x, float y, float rad, bool filled)
{
    HPDF_Page p = d->page;
    pdf_rgb c = DARK2[type % 8];
    HPDF_Page_GSave(p);
    pdf_set_fill(d, c);
    pdf_set_stroke(d, (pdf_rgb){1, 1, 1});
    HPDF_Page_SetLineWidth(p, 0.6f);
    symbol s = (symbol)(type % 6);
    float k = rad * 0.886f; /* a square of the circle's area */
    switch (s) {
    case SYM_CIRCLE: HPDF_Page_Circle(p, x, y, rad); break;
    case SYM_SQUARE: HPDF_Page_Rectangle(p, x - k, y - k, 2 * k, 2 * k); break;
    case SYM_TRIANGLE:
    case SYM_TRIANGLE_DOWN: {
        float t = s == SYM_TRIANGLE ? 1 : -1, h = rad * 1.35f;
        HPDF_Page_MoveTo(p, x, y + t * h);
        HPDF_Page_LineTo(p, x - h * 0.866f, y - t * h * 0.5f);
        HPDF_Page_LineTo(p, x + h * 0.866f, y - t * h * 0.5f);
        HPDF_Page_ClosePath(p);
        break;
    }
    case SYM_DIAMOND:
        HPDF_Page_MoveTo(p, x, y + rad * 1.25f);
        HPDF_Page_LineTo(p, x + rad * 1.25f, y);
        HPDF_Page_LineTo(p, x, y - rad * 1.25f);
        HPDF_Page_LineTo(p, x - rad * 1.25f, y);
        HPDF_Page_ClosePath(p);
        break;
    case SYM_HEXAGON:
        for (int i = 0; i < 6; i++) {
            float a = (float)(M_PI / 3 * i), hx = x + rad * 1.1f * cosf(a), hy = y + rad * 1.1f * sinf(a);
            if (i == 0)
                HPDF_Page_MoveTo(p, hx, hy);
            else
                HPDF_Page_LineTo(p, hx, hy);
        }
        HPDF_Page_ClosePath(p);
        break;
    }
    if (filled)
        HPDF_Page_FillStroke(p);
    else {
        pdf_set_stroke(d, c);
        HPDF_Page_SetLineWidth(p, 1.0f);
        HPDF_Page_Stroke(p);
    }
    HPDF_Page_GRestore(p);
}

typedef struct {
    char commune[16];
    size_t type;
    report_cell cell;
} programme;

static void map_programmes(pdf_report *r, const layout_section *sec)
{
    report_data *rd = r->rd;
    pdf_doc *d = &r->d;
    size_t n_com = 0, n_epci = 0;
    char **coms = report_unit_codes(rd, "commune", rd->territory.niveau, rd->territory.code, &n_com);
    char **epcis = report_unit_codes(rd, "epci", rd->territory.niveau, rd->territory.code, &n_epci);
    map_layer cl = {0}, el = {0};
    programme *pg = NULL;
    size_t n_pg = 0;
    if (!map_read_layer(r, "commune", coms, n_com, &cl) || !map_read_layer(r, "epci", epcis, n_epci, &el))
        goto done;
    size_t n_rows = 0;
    report_programme_place *rows = NULL;
    if (!report_programme_places(rd, &rows, &n_rows))
        goto done;
    if (n_rows && !(pg = calloc(n_rows, sizeof *pg)))
        n_rows = 0;
    for (size_t i = 0; i < n_rows; i++) {
        programme *p = &pg[n_pg++];
        snprintf(p->commune, sizeof p->commune, "%s", rows[i].commune);
        p->type = type_index(rows[i].type);
        char dim[200];
        report_dimension_of("dispositif", rows[i].id, dim, sizeof dim);
        /* the people supported, a published cell of the territory (secret checked) */
        if (!report_cell_get(rd, "porteurs_accompagnes", &rd->territory, rd->year, dim, &p->cell))
            p->cell.found = false;
    }
    report_programme_places_free(rows, n_rows);
    map_layer *layers[] = {&cl, &el};
    map_frame f = map_begin(r, sec->titre, cl.bbox, 400, layers, 2);
    for (size_t i = 0; i < cl.n; i++)
        map_fill_shape(d, &f, &cl.shapes[i], (pdf_rgb){0.93f, 0.93f, 0.92f});
    map_lines lines = {0};
    if (map_layer_borders(&cl, &lines))
        map_stroke_lines(d, &f, &lines, 0.2f, (pdf_rgb){1, 1, 1});
    map_lines_free(&lines);
    if (map_layer_borders(&el, &lines))
        map_stroke_lines(d, &f, &lines, 0.6f, (pdf_rgb){0.5f, 0.5f, 0.5f});
    map_lines_free(&lines);
    size_t all[64], n_all = 0;
    for (size_t i = 0; i < el.n && n_all < 64; i++)
        all[n_all++] = i;
    map_stroke_outline(d, &f, &el, all, n_all, 1.2f, MAP_INK);
    double vmax = 0;
    for (size_t i = 0; i < n_pg; i++)
        if (pg[i].cell.found && !pg[i].cell.secret && pg[i].cell.has_value && pg[i].cell.valeur > vmax)
            vmax = pg[i].cell.valeur;
    const float rmax = 13, rsmall = 3;
    bool any_secret = false, any_missing = false;
    size_t unplaced = 0;
    bool used[N_TYPES + 1] = {0};
    /* programmes of one commune spread around its centre, largest first drawn */
    for (size_t i = 0; i < n_pg;) {
        size_t j = i;
        while (j < n_pg && strcmp(pg[j].commune, pg[i].commune) == 0)
            j++;
        const map_shape *s = NULL;
        for (size_t k = 0; k < cl.n; k++)
            if (strcmp(cl.shapes[k].code, pg[i].commune) == 0)
                s = &cl.shapes[k];
        if (!s) {
            unplaced += j - i;
            i = j;
            continue;
        }
        double mx, my;
        float cx, cy;
        map_shape_anchor(s, &mx, &my);
        map_to_page(&f, mx, my, &cx, &cy);
        size_t m = j - i;
        /* several programmes in one commune: on a circle around its centre,
         * far enough apart for the largest symbols, each tied to it by a thin line */
        float off = 0;
        if (m > 1) {
            off = (float)(rmax * 0.9 / sin(M_PI / (double)m));
            off = off < rmax ? rmax : off > 3 * rmax ? 3 * rmax : off;
            HPDF_Page_GSave(d->page);
            pdf_set_stroke(d, MAP_INK);
            HPDF_Page_SetLineWidth(d->page, 0.4f);
            for (size_t k = 0; k < m; k++) {
                float ang = (float)(2 * M_PI * (double)k / (double)m + M_PI / 2);
                HPDF_Page_MoveTo(d->page, cx, cy);
                HPDF_Page_LineTo(d->page, cx + off * cosf(ang), cy + off * sinf(ang));
            }
            HPDF_Page_Stroke(d->page);
            pdf_set_fill(d, MAP_INK);
            HPDF_Page_Circle(d->page, cx, cy, 1.5f);
            HPDF_Page_Fill(d->page);
            HPDF_Page_GRestore(d->page);
        }
        for (size_t k = 0; k < m; k++) {
            const programme *p = &pg[i + k];
            float ang = (float)(2 * M_PI * (double)k / (double)m + M_PI / 2);
            float x = cx + off * cosf(ang), y = cy + off * sinf(ang);
            used[p->type] = true;
            if (p->cell.found && p->cell.secret) {
                any_secret = true;
                draw_symbol(d, p->type, x, y, rsmall, true);
                pdf_set_fill(d, PDF_INK);
                pdf_text(d, d->bold, 6.5f, x + rsmall + 1.5f, y - 2, "s");
            } else if (p->cell.found && p->cell.has_value && vmax > 0) {
                float rad = (float)(rmax * sqrt(p->cell.valeur / vmax));
                draw_symbol(d, p->type, x, y, rad < 2 ? 2 : rad, true);
            } else {
                any_missing = true;
                draw_symbol(d, p->type, x, y, rsmall, false);
            }
        }
        i = j;
    }
    /* legend: types used, sizes, secret */
    float y = d->y - 9;
    size_t row = 0;
    for (size_t t = 0; t <= N_TYPES; t++) {
        if (!used[t])
            continue;
        float x = PDF_MARGIN + (float)(row % 2) * 190;
        draw_symbol(d, t, x + 6, y + 4, 4, true);
        pdf_set_fill(d, PDF_INK);
        pdf_text(d, d->regular, 7.5f, x + 16, y + 1.5f, t < N_TYPES ? PROGRAMME_TYPES[t].label : "Autre dispositif");
        if (row % 2 == 1)
            y -= 13;
        row++;
    }
    if (row % 2 == 1)
        y -= 13;
    /* the size key at the right: the largest published figure and a quarter of it */
    if (vmax > 0) {
        float kx = PDF_MARGIN + 400, ky = d->y - 9 - rmax;
        double keys[2] = {vmax, vmax / 4};
        for (int k = 0; k < 2; k++) {
            float rad = (float)(rmax * sqrt(keys[k] / vmax));
            HPDF_Page_GSave(d->page);
            pdf_set_stroke(d, MAP_INK);
            HPDF_Page_SetLineWidth(d->page, 0.5f);
            HPDF_Page_Circle(d->page, kx, ky - rmax + rad, rad);
            HPDF_Page_Stroke(d->page);
            HPDF_Page_GRestore(d->page);
            char v[48], lab[80];
            fr_number(round(keys[k]), 0, v, sizeof v);
            snprintf(lab, sizeof lab, "%s personne%s", v, round(keys[k]) > 1 ? "s" : "");
            pdf_set_fill(d, PDF_INK);
            pdf_text(d, d->regular, 7, kx + rmax + 4, ky - rmax + 2 * rad - 3, lab);
        }
        if (y > ky - rmax - 8)
            y = ky - rmax - 8;
    }
    d->y = y + 4;
    char note[600];
    snprintf(note, sizeof note,
             "Surface des symboles proportionnelle au nombre de personnes accompagnées dans l'année par le "
             "dispositif (chiffre publié). %s%s%s",
             any_secret ? "« s » : effectif couvert par le secret statistique, symbole de taille fixe. " : "",
             any_missing ? "Symbole creux : pas de personne accompagnée connue. " : "",
             n_pg == 0 ? "Aucun dispositif actif dans l'année." : "");
    if (unplaced) {
        size_t len = strlen(note);
        snprintf(note + len, sizeof note - len, " %zu dispositif%s sans contour de commune, non placé%s.",
                 unplaced, unplaced > 1 ? "s" : "", unplaced > 1 ? "s" : "");
    }
    map_finish(r, &f, note);
done:
    free(pg);
    map_layer_free(&cl), map_layer_free(&el);
    free_codes(coms, n_com), free_codes(epcis, n_epci);
}

void pdf_section_map(pdf_report *r, const layout_section *sec)
{
    /* a map opens its own page: it needs the whole width and most of the height */
    pdf_open_section_on_new_page(r, sec);
    switch (sec->carte) {
    case MAP_KIND_TERRITOIRE: map_territory(r, sec); break;
    case MAP_KIND_CHOROPLETHE: map_choropleth_section(r, sec); break;
    case MAP_KIND_DISPOSITIFS: map_programmes(r, sec); break;
    case MAP_KIND_NONE: break;
    }
}
