/* The closing sections of the PDF report: definitions generated from the
 * catalog the run used, sources with their dates, and the note on
 * statistical secrecy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/fr_format.h"
#include "reports/pdf/pdf_sections.h"
#include "reports/pdf/pdf_table.h"
#include "reports/data/report_docs.h"
#include "reports/data/secret_note.h"

void pdf_section_definitions(pdf_report *r, const layout_section *sec)
{
    pdf_doc *d = &r->d;
    pdf_open_section(r, sec);
    report_rows defs;
    if (!report_definitions(r->rd, &defs))
        return;
    for (size_t i = 0; i < defs.n_rows; i++) {
        const char *titre = report_rows_at(&defs, i, 1);
        const char *def = report_rows_at(&defs, i, 3);
        const char *src = report_rows_at(&defs, i, 4);
        char line[1024];
        snprintf(line, sizeof line, "Source : %s", src ? src : "");
        /* title, definition and source stay together */
        float h = 14 + pdf_paragraph_height(d, d->regular, 8.5f, PDF_CONTENT_W, def) +
                  (src ? pdf_paragraph_height(d, d->regular, 7.5f, PDF_CONTENT_W, line) : 0);
        pdf_need(d, h);
        pdf_set_fill(d, PDF_INK);
        pdf_paragraph(d, d->bold, 9, 0, PDF_CONTENT_W, titre);
        d->y += 4;
        if (def)
            pdf_paragraph(d, d->regular, 8.5f, 0, PDF_CONTENT_W, def);
        if (src) {
            pdf_set_fill(d, PDF_MUTED);
            d->y += 3;
            pdf_paragraph(d, d->regular, 7.5f, 0, PDF_CONTENT_W, line);
            pdf_set_fill(d, PDF_INK);
        }
        d->y -= 2;
    }
    report_rows_free(&defs);
}

/* The data the run used, with their loading dates. */
void pdf_section_sources(pdf_report *r, const layout_section *sec)
{
    pdf_doc *d = &r->d;
    (void)sec;
    layout_section own = *sec;
    own.titre = "Sources et méthode";
    pdf_open_section(r, &own);
    pdf_paragraph(d, d->regular, 9, 0, PDF_CONTENT_W,
                  "Les chiffres sont calculés par le moteur obs à partir des fichiers ci-dessous, validés ligne "
                  "à ligne (les lignes rejetées sont conservées avec leur motif et ne sont pas comptées). Les "
                  "territoires suivent le code officiel géographique ; un établissement est actif une année "
                  "s'il est créé au plus tard le 31 décembre et non fermé à cette date.");
    pdf_col cols[] = {{"Jeu de données", 0, -1}, {"Lignes retenues", 80, 1}, {"Lignes rejetées", 80, 1},
                      {"Chargé le", 110, 1}};
    pdf_table t;
    pdf_table_begin(d, &t, cols, 4);
    report_rows loads;
    if (report_dataset_loads(r->rd, &loads)) {
        for (size_t i = 0; i < loads.n_rows; i++) {
            char loaded[64], rejected[64], date[64];
            const char *n_loaded = report_rows_at(&loads, i, 2), *n_rejected = report_rows_at(&loads, i, 3);
            fr_number(n_loaded ? strtod(n_loaded, NULL) : 0, 0, loaded, sizeof loaded);
            fr_number(n_rejected ? strtod(n_rejected, NULL) : 0, 0, rejected, sizeof rejected);
            fr_date(report_rows_at(&loads, i, 5), date, sizeof date);
            const char *cells[] = {report_rows_at(&loads, i, 0), loaded, rejected, date};
            pdf_table_row(d, cells, false);
        }
        report_rows_free(&loads);
    }
    pdf_table_end(d);
    char line[512];
    snprintf(line, sizeof line,
             "Référentiels : Insee (communes, EPCI, départements, régions, nomenclature d'activités) ; catégories "
             "juridiques et périmètre de l'ESS selon la loi du 31 juillet 2014. Exécution n° %lld.",
             (long long)r->rd->run_id);
    pdf_paragraph(d, d->regular, 8.5f, 0, PDF_CONTENT_W, line);
}

void pdf_section_secrecy(pdf_report *r)
{
    pdf_doc *d = &r->d;
    pdf_heading(d, 2, "Secret statistique");
    pdf_paragraph(d, d->regular, 9, 0, PDF_CONTENT_W, SECRET_RULES);
    pdf_paragraph(d, d->regular, 9, 0, PDF_CONTENT_W,
                  "Les évolutions, taux de croissance et indices de spécificité calculés à partir d'une valeur "
                  "secrète sont eux aussi masqués. Ces règles suivent la pratique de l'Insee ; leur respect est "
                  "vérifié à chaque exécution (obs audit-secret).");
}

/* The programmes established in the territory and the phases of the path
 * each one covers (public descriptions from dispositifs.csv, not
 * statistics), with the people each supported in the year. */
void pdf_section_programmes(pdf_report *r, const layout_section *sec)
{
    pdf_doc *d = &r->d;
    report_data *rd = r->rd;
    pdf_open_section(r, sec);
    static const char *const phases[] = {"emergence", "creation", "consolidation", "developpement"};
    pdf_col cols[] = {{"Dispositif", 0, -1},     {"Émergence", 58, 0},     {"Création", 58, 0},
                      {"Consolidation", 64, 0}, {"Développement", 68, 0}, {"Personnes accompagnées", 74, 1}};
    report_rows programmes;
    if (!report_programmes(rd, &programmes))
        return;
    pdf_table t;
    bool any = false;
    for (size_t i = 0; i < programmes.n_rows; i++) {
        if (!any)
            pdf_table_begin(d, &t, cols, 6);
        any = true;
        const char *id = report_rows_at(&programmes, i, 0);
        const char *covered = report_rows_at(&programmes, i, 2);
        const char *cells[6] = {report_rows_at(&programmes, i, 1)};
        for (int p = 0; p < 4; p++) {
            char key[40];
            snprintf(key, sizeof key, "|%s|", phases[p]);
            cells[1 + p] = strstr(covered, key) ? "●" : "";
        }
        char dim[200], people[64];
        report_dimension_of("dispositif", id, dim, sizeof dim);
        report_cell c;
        if (!report_cell_get(rd, "porteurs_accompagnes", &rd->territory, rd->year, dim, &c))
            c.found = false;
        fr_cell(&c, "nombre", people, sizeof people);
        cells[5] = people;
        pdf_table_row(d, cells, false);
    }
    report_rows_free(&programmes);
    if (any)
        pdf_table_end(d);
    else
        pdf_paragraph(d, d->regular, 9, 0, PDF_CONTENT_W, "Aucun dispositif d'accompagnement dans ce territoire.");
}
