#include "pdf/pdf_funder.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "dimension_key.h"
#include "fr_format.h"
#include "funder_own.h"
#include "ledger.h"
#include "log.h"
#include "pdf/pdf_chart.h"
#include "pdf/pdf_doc.h"
#include "pdf/pdf_table.h"
#include "report_data.h"
#include "secret_note.h"

char **pdf_funders(sqlite3 *db, int64_t run_id, size_t *n)
{
    *n = 0;
    /* the funders, read from the keys stored as data */
    sqlite3_stmt *st = db_prepare(db, "SELECT DISTINCT k.valeur FROM indicator_value v"
                                      " JOIN dimension_cle k ON k.dimension = v.dimension AND k.n_cles = 1"
                                      " AND k.cle = 'financeur'"
                                      " WHERE v.run_id = ? AND v.niveau = 'france' ORDER BY 1");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, run_id);
    size_t cap = 16;
    char **list = malloc((cap + 1) * sizeof *list);
    while (list && sqlite3_step(st) == SQLITE_ROW) {
        if (*n == cap) {
            char **grown = realloc(list, (2 * cap + 1) * sizeof *list);
            if (!grown)
                break;
            list = grown;
            cap *= 2;
        }
        list[(*n)++] = strdup((const char *)sqlite3_column_text(st, 0));
    }
    if (list)
        list[*n] = NULL;
    sqlite3_finalize(st);
    return list;
}

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

typedef struct {
    const char *id;
    const char *unite;
} figure;

/* What the funder financed, then the same for every funder together. */
static const figure figures[] = {
    {"montant_public", "euros"},         {"montant_prive", "euros"},
    {"projets_finances", "nombre"},      {"creations_financees", "nombre"},
    {"emplois_projets_finances", "nombre"}, {"part_creations_financees_actives", "pourcent"},
};
enum { N_FIGURES = sizeof figures / sizeof *figures };

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

static void cover(pdf_doc *d, const obs_config *cfg, const char *funder, int year, int64_t run, const char *when)
{
    pdf_new_page(d);
    pdf_rect(d, 0, PDF_PAGE_H - 300, PDF_PAGE_W, 300, PDF_ACCENT);
    pdf_set_fill(d, (pdf_rgb){1, 1, 1});
    pdf_text_fit(d, d->regular, 13, 9, PDF_MARGIN, PDF_PAGE_H - 90, PDF_CONTENT_W, cfg->observatory_name, -1);
    pdf_text(d, d->regular, 14, PDF_MARGIN, PDF_PAGE_H - 140, "Rapport au financeur");
    pdf_text_fit(d, d->bold, 26, 12, PDF_MARGIN, PDF_PAGE_H - 180, PDF_CONTENT_W, funder, -1);
    char line[256], date[64], iso[16];
    snprintf(line, sizeof line, "Projets accompagnés et financés — année %d", year);
    pdf_text(d, d->regular, 13, PDF_MARGIN, PDF_PAGE_H - 215, line);
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

static void key_figures(pdf_doc *d, report_data *rd, const char *dim, const char *funder)
{
    pdf_heading(d, 1, "Chiffres clés");
    pdf_col cols[] = {{"Indicateur", 0, -1}, {funder, 110, 1}, {"Ensemble des financeurs", 110, 1}};
    pdf_table t;
    pdf_table_begin(d, &t, cols, 3);
    for (size_t i = 0; i < N_FIGURES; i++) {
        char titre[256], a[128], b[128];
        title_of(rd, figures[i].id, titre, sizeof titre);
        own_cell(rd, figures[i].id, &rd->france, rd->year, dim, figures[i].unite, a, sizeof a);
        cell(rd, figures[i].id, &rd->france, rd->year, "", figures[i].unite, b, sizeof b);
        const char *cells[] = {titre, a, b};
        pdf_table_row(d, cells, false);
    }
    pdf_table_end(d);
    /* leverage of the projects as a whole, for context */
    report_cell c;
    if (report_cell_get(rd, "effet_levier", &rd->france, rd->year, "", &c) && c.found && !c.secret && c.has_value) {
        char v[64], lo[64], hi[64], line[400];
        fr_value(c.valeur, "ratio", v, sizeof v);
        fr_value(c.ic_bas, "ratio", lo, sizeof lo);
        fr_value(c.ic_haut, "ratio", hi, sizeof hi);
        snprintf(line, sizeof line,
                 "Effet de levier de l'ensemble des projets accompagnés en %d : %s € privés mobilisés pour 1 € "
                 "public (intervalle de confiance à 95 %% : %s à %s).", rd->year, v, lo, hi);
        pdf_paragraph(d, d->regular, 9, 0, PDF_CONTENT_W, line);
    }
}

static void over_the_years(pdf_doc *d, report_data *rd, const char *dim)
{
    pdf_heading(d, 2, "Évolution");
    size_t n_years = 0;
    int *years = report_years(rd, "projets_finances", &n_years);
    if (!years || n_years == 0) {
        free(years);
        return;
    }
    double amounts[64];
    bool present[64];
    size_t n = n_years < 64 ? n_years : 64;
    for (size_t i = 0; i < n; i++) {
        double sum = 0;
        bool any = false, hidden = false;
        for (int k = 0; k < 2; k++) {
            report_cell c;
            if (funder_cell_get(rd, figures[k].id, &rd->france, years[i], dim, &c) && c.found) {
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
    pdf_chart_lines(d, "Montants apportés par année (publics et privés)", years, n, &s, 1, "euros");
    pdf_col cols[] = {{"Année", 0, -1}, {"Montant public", 90, 1}, {"Montant privé", 90, 1},
                      {"Projets financés", 80, 1}, {"Créations", 70, 1}};
    pdf_table t;
    pdf_table_begin(d, &t, cols, 5);
    for (size_t i = 0; i < n; i++) {
        char y[16], v[4][128];
        snprintf(y, sizeof y, "%d", years[i]);
        const char *ids[] = {"montant_public", "montant_prive", "projets_finances", "creations_financees"};
        const char *units[] = {"euros", "euros", "nombre", "nombre"};
        for (int k = 0; k < 4; k++)
            own_cell(rd, ids[k], &rd->france, years[i], dim, units[k], v[k], sizeof v[k]);
        const char *cells[] = {y, v[0], v[1], v[2], v[3]};
        pdf_table_row(d, cells, false);
    }
    pdf_table_end(d);
    free(years);
}

/* Through which programmes: the funder's money by dispositif, in every
 * territory followed (the two-key cells dispositif=Y;financeur=X, found
 * through the keys stored as data; reste: the cell dispositif=Y, which
 * names the programme). */
static void by_programme(pdf_doc *d, report_data *rd, const char *funder)
{
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT DISTINCT v.dimension, f.reste, p.valeur FROM indicator_value v"
                                          " JOIN dimension_cle f ON f.dimension = v.dimension AND f.n_cles = 2"
                                          " AND f.cle = 'financeur' AND f.valeur = ?1"
                                          " JOIN dimension_cle p ON p.dimension = v.dimension AND p.cle = 'dispositif'"
                                          " WHERE v.run_id = ?2 AND v.niveau = 'france' AND v.annee = ?3"
                                          " AND v.indicator IN ('montant_public', 'montant_prive')"
                                          " ORDER BY p.valeur");
    if (!st)
        return;
    sqlite3_bind_text(st, 1, funder, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, rd->run_id);
    sqlite3_bind_int(st, 3, rd->year);
    bool any = false;
    pdf_table t;
    pdf_col cols[] = {{"Dispositif", 0, -1}, {"Montant public", 100, 1}, {"Montant privé", 100, 1}};
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *both = (const char *)sqlite3_column_text(st, 0);
        const char *programme = (const char *)sqlite3_column_text(st, 1);
        if (!any) {
            pdf_heading(d, 2, "Par dispositif");
            pdf_table_begin(d, &t, cols, 3);
            any = true;
        }
        char label[256], pub[128], priv[128];
        report_dimension_label(rd, programme, label, sizeof label);
        own_cell(rd, "montant_public", &rd->france, rd->year, both, "euros", pub, sizeof pub);
        own_cell(rd, "montant_prive", &rd->france, rd->year, both, "euros", priv, sizeof priv);
        const char *cells[] = {label, pub, priv};
        pdf_table_row(d, cells, false);
    }
    sqlite3_finalize(st);
    if (!any)
        return;
    pdf_table_end(d);
    char line[160];
    snprintf(line, sizeof line, "Année %d, ensemble des territoires suivis.", rd->year);
    pdf_paragraph(d, d->regular, 7.5f, 0, PDF_CONTENT_W, line);
}

static void by_territory(pdf_doc *d, report_data *rd, const obs_config *cfg, const char *dim)
{
    if (cfg->n_territories == 0)
        return;
    pdf_heading(d, 2, "Par territoire d'étude");
    pdf_col cols[] = {{"Territoire", 0, -1}, {"Montant public", 80, 1}, {"Montant privé", 80, 1},
                      {"Projets financés", 72, 1}, {"Créations", 60, 1}, {"Postes", 60, 1}};
    pdf_table t;
    pdf_table_begin(d, &t, cols, 6);
    for (size_t i = 0; i < cfg->n_territories; i++) {
        report_territory tt = {0};
        snprintf(tt.niveau, sizeof tt.niveau, "etude");
        snprintf(tt.code, sizeof tt.code, "%s", cfg->territories[i].id);
        const char *ids[] = {"montant_public", "montant_prive", "projets_finances", "creations_financees",
                             "emplois_projets_finances"};
        const char *units[] = {"euros", "euros", "nombre", "nombre", "nombre"};
        char v[5][128];
        for (int k = 0; k < 5; k++)
            own_cell(rd, ids[k], &tt, rd->year, dim, units[k], v[k], sizeof v[k]);
        const char *cells[] = {cfg->territories[i].nom ? cfg->territories[i].nom : cfg->territories[i].id,
                               v[0], v[1], v[2], v[3], v[4]};
        pdf_table_row(d, cells, false);
    }
    pdf_table_end(d);
    char line[128];
    snprintf(line, sizeof line, "Année %d.", rd->year);
    pdf_paragraph(d, d->regular, 7.5f, 0, PDF_CONTENT_W, line);
}

static void definitions(pdf_doc *d, report_data *rd)
{
    pdf_heading(d, 1, "Définitions et secret statistique");
    for (size_t i = 0; i < N_FIGURES; i++) {
        report_meta m;
        if (!report_meta_get(rd, figures[i].id, &m))
            continue;
        pdf_need(d, 50);
        pdf_paragraph(d, d->bold, 9, 0, PDF_CONTENT_W, m.titre);
        d->y += 4;
        pdf_paragraph(d, d->regular, 8.5f, 0, PDF_CONTENT_W, m.definition);
        report_meta_free(&m);
    }
    pdf_paragraph(d, d->regular, 9, 0, PDF_CONTENT_W, SECRET_RULES);
}

bool pdf_funder_write(const char *path, sqlite3 *db, int64_t run_id, int year, const char *funder,
                      const obs_config *cfg)
{
    report_data rd;
    if (!report_data_open(&rd, db, run_id, year, "france", "FR")) {
        report_data_close(&rd);
        return false;
    }
    pdf_doc d;
    if (!pdf_doc_open(&d, pdf_font_dir())) {
        report_data_close(&rd);
        return false;
    }
    char title[400], err[160];
    dimension_pair key = {"financeur", (char *)funder};
    char *dim = dimension_encode(&key, 1, err, sizeof err);
    if (!dim) {
        obs_error("rapport au financeur « %s » : %s", funder, err);
        pdf_doc_free(&d);
        report_data_close(&rd);
        return false;
    }
    snprintf(title, sizeof title, "Rapport au financeur — %s %d", funder, year);
    char *when = ledger_run_started(db, run_id);
    pdf_doc_info(&d, title, cfg->observatory_name, "Projets de l'ESS financés", when);
    cover(&d, cfg, funder, year, run_id, when);
    key_figures(&d, &rd, dim, funder);
    over_the_years(&d, &rd, dim);
    by_programme(&d, &rd, funder);
    by_territory(&d, &rd, cfg, dim);
    definitions(&d, &rd);
    char footer[512];
    snprintf(footer, sizeof footer, "%s — rapport au financeur %s, %d — exécution n° %lld", cfg->observatory_name,
             funder, year, (long long)run_id);
    free(when);
    free(dim);
    bool ok = pdf_doc_finish(&d, path, footer);
    report_data_close(&rd);
    return ok;
}
