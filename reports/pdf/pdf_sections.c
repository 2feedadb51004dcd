/* The figure sections of the PDF report: key figures, breakdowns,
 * evolutions and tables of indicators. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/fr_format.h"
#include "reports/pdf/pdf_chart.h"
#include "reports/pdf/pdf_sections.h"
#include "reports/pdf/pdf_table.h"

static void note(pdf_report *r, const char *text)
{
    pdf_set_fill(&r->d, PDF_MUTED);
    pdf_paragraph(&r->d, r->d.regular, 7.5f, 0, PDF_CONTENT_W, text);
    pdf_set_fill(&r->d, PDF_INK);
}

static void cell_text(pdf_report *r, const char *ind, const report_territory *t, const char *dim, const char *unite,
                      char *out, size_t len)
{
    report_cell c;
    if (!report_cell_get(r->rd, ind, t, r->rd->year, dim, &c))
        c.found = false;
    fr_cell(&c, unite, out, len);
}

static void interval_text(const report_cell *c, const char *unite, char *out, size_t len)
{
    if (!c->found || c->secret || !c->has_ic) {
        snprintf(out, len, "%s", c->found && c->secret ? "s" : "");
        return;
    }
    char a[64], b[64];
    fr_value(c->ic_bas, unite, a, sizeof a);
    fr_value(c->ic_haut, unite, b, sizeof b);
    snprintf(out, len, "[%s ; %s]", a, b);
}

/* Four tiles with the first figures in large type, then the full table. */
void pdf_section_key_figures(pdf_report *r, const layout_section *sec)
{
    pdf_doc *d = &r->d;
    report_data *rd = r->rd;
    pdf_open_section(r, sec);
    char notes[600];
    report_comparison_notes(rd, notes, sizeof notes);
    for (char *save = NULL, *line = strtok_r(notes, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        pdf_paragraph(d, d->bold, 8.5f, 0, PDF_CONTENT_W, line);
    size_t tiles = sec->n_indicateurs < 4 ? sec->n_indicateurs : 4;
    if (tiles) {
        const float gap = 10, h = 70, w = (PDF_CONTENT_W - gap * (float)(tiles - 1)) / (float)tiles;
        pdf_need(d, h + 10);
        for (size_t i = 0; i < tiles; i++) {
            report_meta m;
            if (!report_meta_get(rd, sec->indicateurs[i], &m))
                continue;
            float x = PDF_MARGIN + (float)i * (w + gap);
            pdf_rect(d, x, d->y - h, w, h, PDF_ACCENT_LIGHT);
            char v[128];
            cell_text(r, sec->indicateurs[i], &rd->territory, "", m.unite, v, sizeof v);
            pdf_set_fill(d, PDF_ACCENT);
            pdf_text_fit(d, d->bold, 20, 10, x + 8, d->y - 30, w - 16, v, -1);
            pdf_set_fill(d, PDF_INK);
            /* the title on two lines at most */
            char first[256];
            snprintf(first, sizeof first, "%s", m.titre);
            char *second = NULL;
            if (pdf_width(d, d->regular, 8, first) > w - 16) {
                size_t cut = strlen(first) / 2;
                while (cut > 0 && first[cut] != ' ')
                    cut--;
                if (cut > 0) {
                    first[cut] = '\0';
                    second = first + cut + 1;
                }
            }
            pdf_text_fit(d, d->regular, 8, 6, x + 8, d->y - 46, w - 16, first, -1);
            if (second)
                pdf_text_fit(d, d->regular, 8, 6, x + 8, d->y - 57, w - 16, second, -1);
            report_meta_free(&m);
        }
        d->y -= h + 16;
    }
    const report_territory *levels[4];
    size_t n_levels = pdf_levels(rd, levels);
    pdf_col cols[6] = {{"Indicateur", 0, -1}};
    for (size_t i = 0; i < n_levels; i++)
        cols[1 + i] = (pdf_col){levels[i]->nom, 78, 1};
    pdf_table t;
    pdf_table_begin(d, &t, cols, 1 + n_levels);
    for (size_t i = 0; i < sec->n_indicateurs; i++) {
        report_meta m;
        if (!report_meta_get(rd, sec->indicateurs[i], &m))
            continue;
        char v[4][128];
        const char *cells[6] = {m.titre};
        for (size_t k = 0; k < n_levels; k++) {
            cell_text(r, sec->indicateurs[i], levels[k], "", m.unite, v[k], sizeof v[k]);
            cells[1 + k] = v[k];
        }
        pdf_table_row(d, cells, false);
        report_meta_free(&m);
    }
    pdf_table_end(d);
    char buf[256];
    snprintf(buf, sizeof buf, "Année %d, au 31 décembre. Évolution : sur un an ; taux de croissance annuel"
             " moyen : sur cinq ans.", rd->year);
    note(r, buf);
}

/* Rows: the values of the breakdown; columns: the indicators; then a bar
 * chart of the first indicator. */
void pdf_section_breakdown(pdf_report *r, const layout_section *sec)
{
    pdf_doc *d = &r->d;
    report_data *rd = r->rd;
    pdf_open_section(r, sec);
    if (!sec->dimension || sec->n_indicateurs == 0)
        return;
    size_t n_values = 0;
    char **values = report_section_dimensions(rd, (const char *const *)sec->indicateurs, sec->n_indicateurs,
                                              sec->dimension, &n_values);
    if (!values || n_values == 0) {
        note(r, "Aucune donnée pour ce territoire.");
        report_free_list(values, n_values);
        return;
    }
    size_t n_ind = sec->n_indicateurs < 5 ? sec->n_indicateurs : 5;
    report_meta metas[5];
    bool known[5];
    pdf_col cols[6] = {{"", 0, -1}};
    for (size_t i = 0; i < n_ind; i++) {
        known[i] = report_meta_get(rd, sec->indicateurs[i], &metas[i]);
        cols[1 + i] = (pdf_col){known[i] ? metas[i].titre : sec->indicateurs[i], 82, 1};
    }
    pdf_bar *bars = calloc(n_values, sizeof *bars);
    if (!bars)
        pdf_doc_fail(d, "mémoire insuffisante pour un graphique");
    pdf_table t;
    pdf_table_begin(d, &t, cols, 1 + n_ind);
    char dim[256], label[200], v[5][128];
    for (size_t j = 0; j < n_values; j++) {
        snprintf(dim, sizeof dim, "%s", values[j]); /* the whole "key=value" */
        report_dimension_label(rd, dim, label, sizeof label);
        const char *cells[6] = {label};
        for (size_t i = 0; i < n_ind; i++) {
            report_cell c;
            if (!report_cell_get(rd, sec->indicateurs[i], &rd->territory, rd->year, dim, &c))
                c.found = false;
            fr_cell(&c, known[i] ? metas[i].unite : NULL, v[i], sizeof v[i]);
            cells[1 + i] = v[i];
            if (i == 0 && bars) {
                snprintf(bars[j].label, sizeof bars[j].label, "%s", label);
                bars[j].secret = c.found && c.secret;
                bars[j].missing = !c.found || (!c.secret && !c.has_value);
                bars[j].value = c.valeur;
            }
        }
        pdf_table_row(d, cells, false);
    }
    /* the total, when there is one (survival figures exist by group only) */
    const char *cells[6] = {"Ensemble"};
    bool any_total = false;
    for (size_t i = 0; i < n_ind; i++) {
        report_cell c;
        if (!report_cell_get(rd, sec->indicateurs[i], &rd->territory, rd->year, "", &c))
            c.found = false;
        any_total |= c.found;
        fr_cell(&c, known[i] ? metas[i].unite : NULL, v[i], sizeof v[i]);
        cells[1 + i] = v[i];
    }
    if (any_total)
        pdf_table_row(d, cells, true);
    pdf_table_end(d);
    if (sec->graphique == CHART_BARS && bars && known[0]) {
        char title[300];
        snprintf(title, sizeof title, "%s, %d", metas[0].titre, rd->year);
        pdf_chart_bars(d, title, bars, n_values, metas[0].unite);
    }
    note(r, "« s » : secret statistique ; la somme des lignes publiées peut différer de l'ensemble.");
    free(bars);
    for (size_t i = 0; i < n_ind; i++)
        if (known[i])
            report_meta_free(&metas[i]);
    report_free_list(values, n_values);
}

/* A line chart of the first indicator over the years, then a table of every
 * indicator by year. */
void pdf_section_evolution(pdf_report *r, const layout_section *sec)
{
    pdf_doc *d = &r->d;
    report_data *rd = r->rd;
    pdf_open_section(r, sec);
    if (sec->n_indicateurs == 0)
        return;
    size_t n_years = 0;
    int *years = report_years(rd, sec->indicateurs[0], &n_years);
    if (!years || n_years == 0) {
        note(r, "Aucune donnée pour ce territoire.");
        free(years);
        return;
    }
    size_t n_ind = sec->n_indicateurs < 5 ? sec->n_indicateurs : 5;
    report_meta metas[5];
    bool known[5];
    for (size_t i = 0; i < n_ind; i++)
        known[i] = report_meta_get(rd, sec->indicateurs[i], &metas[i]);
    if (sec->graphique == CHART_LINE && known[0]) {
        /* the territory against its comparison levels would mix scales: one
         * series, the territory; a share (percent) compares levels */
        const report_territory *levels[4];
        size_t n_levels = strcmp(metas[0].unite, "pourcent") == 0 ? pdf_levels(rd, levels) : 1;
        if (n_levels == 1)
            levels[0] = &rd->territory;
        double *y = calloc(n_years * n_levels, sizeof *y);
        bool *present = calloc(n_years * n_levels, sizeof *present);
        if (!y || !present)
            pdf_doc_fail(d, "mémoire insuffisante pour un graphique");
        pdf_line_series series[4];
        for (size_t k = 0; y && present && k < n_levels; k++) {
            for (size_t i = 0; i < n_years; i++) {
                report_cell c;
                bool ok = report_cell_get(rd, sec->indicateurs[0], levels[k], years[i], "", &c);
                present[k * n_years + i] = ok && c.found && !c.secret && c.has_value;
                y[k * n_years + i] = c.valeur;
            }
            series[k] = (pdf_line_series){levels[k]->nom, y + k * n_years, present + k * n_years};
        }
        if (y && present)
            pdf_chart_lines(d, metas[0].titre, years, n_years, series, n_levels, metas[0].unite);
        free(y);
        free(present);
    }
    pdf_col cols[6] = {{"Année", 0, -1}};
    for (size_t i = 0; i < n_ind; i++)
        cols[1 + i] = (pdf_col){known[i] ? metas[i].titre : sec->indicateurs[i], 100, 1};
    pdf_table t;
    pdf_table_begin(d, &t, cols, 1 + n_ind);
    char v[5][128], year[16];
    for (size_t j = 0; j < n_years; j++) {
        snprintf(year, sizeof year, "%d", years[j]);
        const char *cells[6] = {year};
        for (size_t i = 0; i < n_ind; i++) {
            report_cell c;
            if (!report_cell_get(rd, sec->indicateurs[i], &rd->territory, years[j], "", &c))
                c.found = false;
            fr_cell(&c, known[i] ? metas[i].unite : NULL, v[i], sizeof v[i]);
            cells[1 + i] = v[i];
        }
        pdf_table_row(d, cells, false);
    }
    pdf_table_end(d);
    for (size_t i = 0; i < n_ind; i++)
        if (known[i])
            report_meta_free(&metas[i]);
    free(years);
}

/* The short name of an axis: the words between « » of its title if any. */
static void axis_name(const char *titre, char *out, size_t len)
{
    const char *open = strstr(titre, "«"), *close = open ? strstr(open, "»") : NULL;
    if (open && close) {
        open += strlen("«");
        while (*open == ' ' || (unsigned char)*open == 0xC2 || (unsigned char)*open == 0xA0)
            open++;
        const char *end = close;
        while (end > open && (end[-1] == ' ' || (unsigned char)end[-1] == 0xA0 || (unsigned char)end[-1] == 0xC2))
            end--;
        snprintf(out, len, "%.*s", (int)(end - open), open);
    } else {
        snprintf(out, len, "%s", titre);
    }
}

/* The interview grid as a radar: the territory against France, when the
 * territory has grid data. */
static void radar(pdf_report *r, const layout_section *sec)
{
    report_data *rd = r->rd;
    size_t n = sec->n_indicateurs < 12 ? sec->n_indicateurs : 12;
    char names[12][160];
    const char *axes[12];
    double scores[2][12];
    bool present[2][12], any = false;
    const report_territory *who[2] = {&rd->territory, &rd->france};
    for (size_t i = 0; i < n; i++) {
        report_meta m;
        bool known = report_meta_get(rd, sec->indicateurs[i], &m);
        axis_name(known ? m.titre : sec->indicateurs[i], names[i], sizeof names[i]);
        axes[i] = names[i];
        if (known)
            report_meta_free(&m);
        for (int k = 0; k < 2; k++) {
            report_cell c;
            bool ok = report_cell_get(rd, sec->indicateurs[i], who[k], rd->year, "", &c);
            present[k][i] = ok && c.found && !c.secret && c.has_value;
            scores[k][i] = c.valeur;
        }
        any |= present[0][i];
    }
    if (!any) {
        note(r, "Pas de données de grille d'entretien publiables pour ce territoire cette année.");
        return;
    }
    pdf_radar_series s[2] = {{rd->territory.nom, scores[0], present[0]}, {rd->france.nom, scores[1], present[1]}};
    char title[200];
    snprintf(title, sizeof title, "Profil moyen des structures accompagnées, %d (score de 0 à 5)", rd->year);
    pdf_chart_radar(&r->d, title, axes, n, s, 2, 5);
}

/* Without a breakdown: one row per indicator, the territory with its
 * interval, then the comparison levels. With one: a row per value. */
void pdf_section_table(pdf_report *r, const layout_section *sec)
{
    pdf_doc *d = &r->d;
    report_data *rd = r->rd;
    if (sec->dimension) {
        pdf_section_breakdown(r, sec);
        return;
    }
    pdf_open_section(r, sec);
    const report_territory *levels[4];
    size_t n_levels = pdf_levels(rd, levels);
    pdf_col cols[7] = {{"Indicateur", 0, -1}, {rd->territory.nom, 70, 1}, {"IC à 95 %", 92, 1}};
    for (size_t i = 1; i < n_levels; i++)
        cols[2 + i] = (pdf_col){levels[i]->nom, 62, 1};
    pdf_table t;
    pdf_table_begin(d, &t, cols, 2 + n_levels);
    bool any_ic = false;
    for (size_t i = 0; i < sec->n_indicateurs; i++) {
        report_meta m;
        if (!report_meta_get(rd, sec->indicateurs[i], &m))
            continue;
        report_cell c;
        if (!report_cell_get(rd, sec->indicateurs[i], &rd->territory, rd->year, "", &c))
            c.found = false;
        char v[4][128], ic[160];
        fr_cell(&c, m.unite, v[0], sizeof v[0]);
        interval_text(&c, m.unite, ic, sizeof ic);
        any_ic |= c.has_ic;
        const char *cells[7] = {m.titre, v[0], ic};
        for (size_t k = 1; k < n_levels; k++) {
            cell_text(r, sec->indicateurs[i], levels[k], "", m.unite, v[k], sizeof v[k]);
            cells[2 + k] = v[k];
        }
        pdf_table_row(d, cells, false);
        report_meta_free(&m);
    }
    pdf_table_end(d);
    if (sec->graphique == CHART_RADAR)
        radar(r, sec);
    char buf[300];
    snprintf(buf, sizeof buf, "Année %d.%s", rd->year,
             any_ic ? " IC : intervalle de confiance à 95 % (Wilson pour une proportion, bootstrap pour un"
                      " effet de levier)." : "");
    note(r, buf);
}
