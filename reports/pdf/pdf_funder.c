#include "reports/pdf/pdf_funder.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/dimension_key.h"
#include "engine/core/fr_format.h"
#include "reports/data/funder_own.h"
#include "reports/data/funders.h"
#include "engine/core/log.h"
#include "reports/pdf/pdf_chart.h"
#include "reports/pdf/pdf_doc.h"
#include "reports/pdf/pdf_table.h"
#include "reports/data/report_data.h"
#include "reports/data/secret_note.h"

void pdf_funder_slug(const char *name, char *out, size_t len)
{
    /* the accented letters of French names, as UTF-8, and their ASCII base */
    static const char *const from[] = {"à", "â", "ä", "ç", "é", "è", "ê", "ë", "î", "ï", "ô", "ö", "ù", "û", "ü",
                                       "À", "Â", "Ç", "É", "È", "Ê", "Î", "Ô", "Ù", "Û", "œ", "Œ"};
    static const char *const to[] = {"a", "a", "a", "c", "e", "e", "e", "e", "i", "i", "o", "o", "u", "u", "u",
                                     "a", "a", "c", "e", "e", "e", "i", "o", "u", "u", "oe", "oe"};
    size_t o = 0;
    bool dash = false;
    for (const char *p = name; *p && o + 3 < len;) {
        size_t k;
        for (k = 0; k < sizeof from / sizeof *from; k++)
            if (strncmp(p, from[k], strlen(from[k])) == 0)
                break;
        const char *piece;
        char one[2] = {0};
        if (k < sizeof from / sizeof *from) {
            piece = to[k];
            p += strlen(from[k]);
        } else {
            one[0] = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '-';
            piece = one;
            p++;
        }
        for (; *piece && o + 2 < len; piece++) {
            if (*piece == '-') {
                if (o > 0 && !dash)
                    out[o++] = '-';
                dash = true;
            } else {
                out[o++] = *piece;
                dash = false;
            }
        }
    }
    while (o > 0 && out[o - 1] == '-')
        o--;
    out[o] = '\0';
    if (o == 0)
        snprintf(out, len, "financeur");
}

static void title_of(report_data *rd, const char *id, char *out, size_t len)
{
    report_meta m;
    if (report_meta_get(rd, id, &m)) {
        snprintf(out, len, "%s", m.titre);
        report_meta_free(&m);
    } else {
        snprintf(out, len, "%s", id);
    }
}

/* The unit of an indicator, from the run's catalog ("nombre" when unknown). */
static void unit_of(report_data *rd, const char *id, char *out, size_t len)
{
    report_meta m;
    if (report_meta_get(rd, id, &m)) {
        snprintf(out, len, "%s", m.unite ? m.unite : "nombre");
        report_meta_free(&m);
    } else {
        snprintf(out, len, "nombre");
    }
}

/* A column's title: the layout's short one, else the indicator's title. */
static void column_of(report_data *rd, const layout_section *sec, size_t i, char *out, size_t len)
{
    if (i < sec->n_colonnes)
        snprintf(out, len, "%s", sec->colonnes[i]);
    else
        title_of(rd, sec->indicateurs[i], out, len);
}

/* A published cell (all funders together). */
static void cell(report_data *rd, const char *id, const report_territory *t, int year, const char *dim,
                 const char *unite, char *out, size_t len)
{
    report_cell c;
    if (!report_cell_get(rd, id, t, year, dim, &c))
        c.found = false;
    fr_cell(&c, unite, out, len);
}

/* The funder's cell: its own data in full (funder_own.h). */
static void own_cell(report_data *rd, const char *id, const report_territory *t, int year, const char *dim,
                     const char *unite, char *out, size_t len)
{
    report_cell c;
    if (!funder_cell_get(rd, id, t, year, dim, &c))
        c.found = false;
    fr_cell(&c, unite, out, len);
}

static void cover(pdf_doc *d, const report_layout *layout, const obs_config *cfg, const char *funder, int year,
                  int64_t run, const char *when)
{
    pdf_new_page(d);
    pdf_rect(d, 0, PDF_PAGE_H - 300, PDF_PAGE_W, 300, PDF_ACCENT);
    pdf_set_fill(d, (pdf_rgb){1, 1, 1});
    pdf_text_fit(d, d->regular, 13, 9, PDF_MARGIN, PDF_PAGE_H - 90, PDF_CONTENT_W, cfg->observatory_name, -1);
    pdf_text(d, d->regular, 14, PDF_MARGIN, PDF_PAGE_H - 140, layout->titre ? layout->titre : "Rapport au financeur");
    pdf_text_fit(d, d->bold, 26, 12, PDF_MARGIN, PDF_PAGE_H - 180, PDF_CONTENT_W, funder, -1);
    char line[256], date[64], iso[16];
    snprintf(line, sizeof line, "%s — année %d", layout->sous_titre ? layout->sous_titre : "", year);
    pdf_text(d, d->regular, 13, PDF_MARGIN, PDF_PAGE_H - 215, layout->sous_titre ? line : line + strlen(" — "));
    pdf_set_fill(d, PDF_INK);
    snprintf(iso, sizeof iso, "%d-12-31", year);
    fr_date(iso, date, sizeof date);
    snprintf(line, sizeof line, "Données au %s", date);
    pdf_text(d, d->bold, 12, PDF_MARGIN, PDF_PAGE_H - 350, line);
    fr_date(when, date, sizeof date);
    snprintf(line, sizeof line, "Chiffres produits le %s (exécution n° %lld)", date, (long long)run);
    pdf_set_fill(d, PDF_MUTED);
    pdf_text(d, d->regular, 9, PDF_MARGIN, PDF_PAGE_H - 370, line);
    d->y = PDF_PAGE_H - 400;
    pdf_set_fill(d, PDF_INK);
    pdf_paragraph(d, d->regular, 10, 0, PDF_CONTENT_W,
                  "Ce rapport rend compte des projets de l'économie sociale et solidaire que vous avez financés : "
                  "montants apportés, projets soutenus, établissements créés, emplois et pérennité de ces "
                  "établissements, dans l'ensemble des territoires suivis par l'observatoire et dans chaque "
                  "territoire d'étude. Vos propres chiffres (montants, projets, créations) sont donnés en "
                  "entier : ce sont vos données. Ceux de l'ensemble des financeurs et les emplois suivent le "
                  "secret statistique. « s » : secret statistique ; « — » : pas de donnée.");
}

static void open_section(pdf_doc *d, const layout_section *sec, int level)
{
    pdf_heading(d, level, sec->titre);
    if (sec->texte)
        pdf_paragraph(d, d->regular, 9.5f, 0, PDF_CONTENT_W, sec->texte);
}

/* The funder's figures beside all funders' (France, the year), then one
 * figure of the projects as a whole with its interval (`indicateur`). */
static void key_figures(pdf_doc *d, report_data *rd, const char *dim, const char *funder, const layout_section *sec)
{
    open_section(d, sec, 1);
    pdf_col cols[] = {{"Indicateur", 0, -1}, {funder, 110, 1}, {"Ensemble des financeurs", 110, 1}};
    pdf_table t;
    pdf_table_begin(d, &t, cols, 3);
    for (size_t i = 0; i < sec->n_indicateurs; i++) {
        const char *id = sec->indicateurs[i];
        char titre[256], unite[32], a[128], b[128];
        column_of(rd, sec, i, titre, sizeof titre);
        unit_of(rd, id, unite, sizeof unite);
        own_cell(rd, id, &rd->france, rd->year, dim, unite, a, sizeof a);
        cell(rd, id, &rd->france, rd->year, "", unite, b, sizeof b);
        const char *cells[] = {titre, a, b};
        pdf_table_row(d, cells, false);
    }
    pdf_table_end(d);
    report_cell c;
    if (sec->indicateur && report_cell_get(rd, sec->indicateur, &rd->france, rd->year, "", &c) && c.found &&
        !c.secret && c.has_value) {
        char titre[256], unite[32], v[64], lo[64], hi[64], line[600];
        title_of(rd, sec->indicateur, titre, sizeof titre);
        unit_of(rd, sec->indicateur, unite, sizeof unite);
        fr_value(c.valeur, unite, v, sizeof v);
        if (c.has_ic) {
            fr_value(c.ic_bas, unite, lo, sizeof lo);
            fr_value(c.ic_haut, unite, hi, sizeof hi);
            snprintf(line, sizeof line,
                     "%s, ensemble des projets accompagnés en %d : %s (intervalle de confiance à 95 %% : %s à %s).",
                     titre, rd->year, v, lo, hi);
        } else {
            snprintf(line, sizeof line, "%s, ensemble des projets accompagnés en %d : %s.", titre, rd->year, v);
        }
        pdf_paragraph(d, d->regular, 9, 0, PDF_CONTENT_W, line);
    }
}

/* The funder's figures year by year (France), with the sum of its amounts in
 * euros as a curve. */
static void over_the_years(pdf_doc *d, report_data *rd, const char *dim, const layout_section *sec)
{
    enum { MAX_COLS = 8, MAX_YEARS = 64 };
    size_t n_cols = sec->n_indicateurs < MAX_COLS ? sec->n_indicateurs : MAX_COLS;
    if (n_cols == 0)
        return;
    size_t n_years = 0;
    int *years = report_years(rd, sec->indicateurs[0], &n_years);
    if (!years || n_years == 0) {
        free(years);
        return;
    }
    open_section(d, sec, 2);
    size_t n = n_years < MAX_YEARS ? n_years : MAX_YEARS;
    double amounts[MAX_YEARS];
    bool present[MAX_YEARS];
    bool euros[MAX_COLS];
    char names[MAX_COLS][128], units[MAX_COLS][32];
    char chart_title[512] = "Montants apportés par année";
    size_t n_euros = 0;
    for (size_t k = 0; k < n_cols; k++) {
        unit_of(rd, sec->indicateurs[k], units[k], sizeof units[k]);
        euros[k] = strcmp(units[k], "euros") == 0;
        column_of(rd, sec, k, names[k], sizeof names[k]);
        if (euros[k])
            snprintf(chart_title + strlen(chart_title), sizeof chart_title - strlen(chart_title), "%s%s",
                     n_euros++ ? " + " : " : ", names[k]);
    }
    if (n_euros) {
        for (size_t i = 0; i < n; i++) {
            double sum = 0;
            bool any = false, hidden = false;
            for (size_t k = 0; k < n_cols; k++) {
                report_cell c;
                if (euros[k] && funder_cell_get(rd, sec->indicateurs[k], &rd->france, years[i], dim, &c) &&
                    c.found) {
                    hidden |= c.secret;
                    if (c.has_value) {
                        sum += c.valeur;
                        any = true;
                    }
                }
            }
            amounts[i] = sum;
            present[i] = any && !hidden;
        }
        pdf_line_series s = {"Montants apportés", amounts, present};
        pdf_chart_lines(d, chart_title, years, n, &s, 1, "euros");
    }
    pdf_col cols[1 + MAX_COLS] = {{"Année", 0, -1}};
    float width = (PDF_CONTENT_W - 60) / (float)n_cols;
    for (size_t k = 0; k < n_cols; k++)
        cols[1 + k] = (pdf_col){names[k], width > 110 ? 110 : width, 1};
    pdf_table t;
    pdf_table_begin(d, &t, cols, 1 + n_cols);
    for (size_t i = 0; i < n; i++) {
        char y[16], v[MAX_COLS][128];
        snprintf(y, sizeof y, "%d", years[i]);
        const char *cells[1 + MAX_COLS] = {y};
        for (size_t k = 0; k < n_cols; k++) {
            own_cell(rd, sec->indicateurs[k], &rd->france, years[i], dim, units[k], v[k], sizeof v[k]);
            cells[1 + k] = v[k];
        }
        pdf_table_row(d, cells, false);
    }
    pdf_table_end(d);
    free(years);
}

/* Through which programmes: the funder's cells by dispositif, in every
 * territory followed (the two-key cells dispositif=Y;financeur=X, found
 * through the keys stored as data; reste: the cell dispositif=Y, which
 * names the programme). */
static void by_programme(pdf_doc *d, report_data *rd, const char *funder, const layout_section *sec)
{
    enum { MAX_COLS = 6 };
    size_t n_cols = sec->n_indicateurs < MAX_COLS ? sec->n_indicateurs : MAX_COLS;
    if (n_cols == 0)
        return;
    funder_programme *rows = NULL;
    size_t n_rows = 0;
    if (!funder_programmes(rd, funder, (const char *const *)sec->indicateurs, n_cols, &rows, &n_rows))
        return;
    bool any = false;
    pdf_table t;
    char names[MAX_COLS][128], units[MAX_COLS][32];
    pdf_col cols[1 + MAX_COLS] = {{"Dispositif", 0, -1}};
    for (size_t k = 0; k < n_cols; k++) {
        column_of(rd, sec, k, names[k], sizeof names[k]);
        unit_of(rd, sec->indicateurs[k], units[k], sizeof units[k]);
        cols[1 + k] = (pdf_col){names[k], 100, 1};
    }
    for (size_t i = 0; i < n_rows; i++) {
        const char *both = rows[i].cells, *programme = rows[i].programme;
        if (!any) {
            open_section(d, sec, 2);
            pdf_table_begin(d, &t, cols, 1 + n_cols);
            any = true;
        }
        char label[256], v[MAX_COLS][128];
        report_dimension_label(rd, programme, label, sizeof label);
        const char *cells[1 + MAX_COLS] = {label};
        for (size_t k = 0; k < n_cols; k++) {
            own_cell(rd, sec->indicateurs[k], &rd->france, rd->year, both, units[k], v[k], sizeof v[k]);
            cells[1 + k] = v[k];
        }
        pdf_table_row(d, cells, false);
    }
    funder_programmes_free(rows, n_rows);
    if (!any)
        return;
    pdf_table_end(d);
    char line[160];
    snprintf(line, sizeof line, "Année %d, ensemble des territoires suivis.", rd->year);
    pdf_paragraph(d, d->regular, 7.5f, 0, PDF_CONTENT_W, line);
}

/* The funder's figures in each study territory of the configuration. */
static void by_territory(pdf_doc *d, report_data *rd, const obs_config *cfg, const char *dim,
                         const layout_section *sec)
{
    enum { MAX_COLS = 6 };
    size_t n_cols = sec->n_indicateurs < MAX_COLS ? sec->n_indicateurs : MAX_COLS;
    if (cfg->n_territories == 0 || n_cols == 0)
        return;
    open_section(d, sec, 2);
    char names[MAX_COLS][128], units[MAX_COLS][32];
    pdf_col cols[1 + MAX_COLS] = {{"Territoire", 0, -1}};
    float width = (PDF_CONTENT_W - 120) / (float)n_cols;
    for (size_t k = 0; k < n_cols; k++) {
        column_of(rd, sec, k, names[k], sizeof names[k]);
        unit_of(rd, sec->indicateurs[k], units[k], sizeof units[k]);
        cols[1 + k] = (pdf_col){names[k], width > 80 ? 80 : width, 1};
    }
    pdf_table t;
    pdf_table_begin(d, &t, cols, 1 + n_cols);
    for (size_t i = 0; i < cfg->n_territories; i++) {
        report_territory tt = {0};
        snprintf(tt.niveau, sizeof tt.niveau, "etude");
        snprintf(tt.code, sizeof tt.code, "%s", cfg->territories[i].id);
        char v[MAX_COLS][128];
        const char *cells[1 + MAX_COLS] = {cfg->territories[i].nom ? cfg->territories[i].nom
                                                                   : cfg->territories[i].id};
        for (size_t k = 0; k < n_cols; k++) {
            own_cell(rd, sec->indicateurs[k], &tt, rd->year, dim, units[k], v[k], sizeof v[k]);
            cells[1 + k] = v[k];
        }
        pdf_table_row(d, cells, false);
    }
    pdf_table_end(d);
    char line[128];
    snprintf(line, sizeof line, "Année %d.", rd->year);
    pdf_paragraph(d, d->regular, 7.5f, 0, PDF_CONTENT_W, line);
}

static void definitions(pdf_doc *d, report_data *rd, const layout_section *sec)
{
    open_section(d, sec, 1);
    for (size_t i = 0; i < sec->n_indicateurs; i++) {
        report_meta m;
        if (!report_meta_get(rd, sec->indicateurs[i], &m))
            continue;
        pdf_need(d, 50);
        pdf_paragraph(d, d->bold, 9, 0, PDF_CONTENT_W, m.titre);
        d->y += 4;
        pdf_paragraph(d, d->regular, 8.5f, 0, PDF_CONTENT_W, m.definition);
        report_meta_free(&m);
    }
    pdf_paragraph(d, d->regular, 9, 0, PDF_CONTENT_W, SECRET_RULES);
}

static void section(pdf_doc *d, report_data *rd, const obs_config *cfg, const char *dim, const char *funder,
                    const layout_section *sec)
{
    switch (sec->type) {
    case SECTION_FINANCEUR_CHIFFRES: key_figures(d, rd, dim, funder, sec); break;
    case SECTION_FINANCEUR_EVOLUTION: over_the_years(d, rd, dim, sec); break;
    case SECTION_FINANCEUR_DISPOSITIFS: by_programme(d, rd, funder, sec); break;
    case SECTION_FINANCEUR_TERRITOIRES: by_territory(d, rd, cfg, dim, sec); break;
    case SECTION_DEFINITIONS: definitions(d, rd, sec); break;
    case SECTION_TEXTE:
        pdf_heading(d, 1, sec->titre);
        pdf_paragraph(d, d->regular, 10, 0, PDF_CONTENT_W, sec->texte ? sec->texte : "");
        break;
    default:
        obs_warn("rapport au financeur : section « %s » de type %s ignorée (types du rapport au financeur :"
                 " financeur_chiffres, financeur_evolution, financeur_dispositifs, financeur_territoires,"
                 " definitions, texte)", sec->id, section_type_name(sec->type));
        break;
    }
}

bool pdf_funder_write(const char *path, report_data *rd, const char *funder, const report_layout *layout,
                      const obs_config *cfg)
{
    int year = rd->year;
    int64_t run_id = rd->run_id;
    pdf_doc d;
    if (!pdf_doc_open(&d, pdf_font_dir()))
        return false;
    char title[400], err[160];
    dimension_pair key = {"financeur", (char *)funder};
    char *dim = dimension_encode(&key, 1, err, sizeof err);
    if (!dim) {
        obs_error("rapport au financeur « %s » : %s", funder, err);
        pdf_doc_free(&d);
        return false;
    }
    snprintf(title, sizeof title, "Rapport au financeur — %s %d", funder, year);
    const char *when = rd->run_started;
    pdf_doc_info(&d, title, cfg->observatory_name, "Projets de l'ESS financés", when);
    cover(&d, layout, cfg, funder, year, run_id, when);
    for (size_t i = 0; i < layout->n_sections; i++)
        section(&d, rd, cfg, dim, funder, &layout->sections[i]);
    char footer[512];
    snprintf(footer, sizeof footer, "%s — rapport au financeur %s, %d — exécution n° %lld", cfg->observatory_name,
             funder, year, (long long)run_id);
    free(dim);
    return pdf_doc_finish(&d, path, footer);
}
