#include "reports/pdf/pdf_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/fr_format.h"
#include "engine/core/log.h"
#include "reports/pdf/pdf_sections.h"
#include "engine/core/version.h"

static void cover(pdf_report *r, const char *run_date)
{
    pdf_doc *d = &r->d;
    pdf_new_page(d);
    pdf_rect(d, 0, PDF_PAGE_H - 300, PDF_PAGE_W, 300, PDF_ACCENT);
    pdf_set_fill(d, (pdf_rgb){1, 1, 1});
    pdf_text_fit(d, d->regular, 13, 9, PDF_MARGIN, PDF_PAGE_H - 90, PDF_CONTENT_W,
                 r->cfg->observatory_name, -1);
    pdf_text_fit(d, d->bold, 26, 14, PDF_MARGIN, PDF_PAGE_H - 170, PDF_CONTENT_W, r->rd->territory.nom, -1);
    char line[512];
    snprintf(line, sizeof line, "%s %d", r->layout->titre, r->rd->year);
    pdf_text_fit(d, d->regular, 16, 10, PDF_MARGIN, PDF_PAGE_H - 205, PDF_CONTENT_W, line, -1);
    if (r->layout->sous_titre)
        pdf_text_fit(d, d->regular, 12, 9, PDF_MARGIN, PDF_PAGE_H - 232, PDF_CONTENT_W, r->layout->sous_titre, -1);
    pdf_set_fill(d, PDF_INK);
    char date[64], iso[16];
    snprintf(iso, sizeof iso, "%d-12-31", r->rd->year);
    fr_date(iso, date, sizeof date);
    snprintf(line, sizeof line, "Données au %s", date);
    pdf_text(d, d->bold, 12, PDF_MARGIN, PDF_PAGE_H - 350, line);
    fr_date(run_date, date, sizeof date);
    snprintf(line, sizeof line, "Chiffres produits le %s (exécution n° %lld du moteur obs %s)", date,
             (long long)r->rd->run_id, OBS_VERSION);
    pdf_set_fill(d, PDF_MUTED);
    pdf_text_fit(d, d->regular, 9, 7, PDF_MARGIN, PDF_PAGE_H - 370, PDF_CONTENT_W, line, -1);
    d->y = PDF_PAGE_H - 400;
    pdf_set_fill(d, PDF_INK);
    pdf_paragraph(d, d->regular, 10, 0, PDF_CONTENT_W,
                  "L'économie sociale et solidaire (ESS) rassemble les associations, coopératives, mutuelles, "
                  "fondations et entreprises de l'ESS. Ce panorama mesure son poids dans le territoire, son "
                  "utilité sociale, la survie des structures créées et l'effet de levier de l'argent public, "
                  "comparés au département, à la région et à la France.");
    pdf_paragraph(d, d->regular, 9, 0, PDF_CONTENT_W,
                  "« s » : chiffre couvert par le secret statistique (voir la note en fin de rapport). "
                  "« — » : pas de donnée.");
}

static void section(pdf_report *r, const layout_section *sec)
{
    switch (sec->type) {
    case SECTION_CHIFFRES_CLES: pdf_section_key_figures(r, sec); break;
    case SECTION_REPARTITION: pdf_section_breakdown(r, sec); break;
    case SECTION_EVOLUTION: pdf_section_evolution(r, sec); break;
    case SECTION_TABLEAU: pdf_section_table(r, sec); break;
    case SECTION_SURVIE: pdf_section_survival(r, sec); break;
    case SECTION_DEFINITIONS: pdf_section_definitions(r, sec); break;
    case SECTION_METADONNEES: pdf_section_sources(r, sec); break;
    case SECTION_TEXTE:
        pdf_heading(&r->d, 1, sec->titre);
        pdf_paragraph(&r->d, r->d.regular, 10, 0, PDF_CONTENT_W, sec->texte);
        break;
    case SECTION_DISPOSITIFS: pdf_section_programmes(r, sec); break;
    case SECTION_CARTE: pdf_section_map(r, sec); break;
    case SECTION_SOUS_TERRITOIRES: pdf_section_subterritories(r, sec); break;
    case SECTION_ANNUAIRE: break; /* a workbook sheet only: the PDF is published */
    case SECTION_TERRITOIRES: break; /* every territory: the workbook's business */
    case SECTION_FINANCEUR_CHIFFRES:
    case SECTION_FINANCEUR_EVOLUTION:
    case SECTION_FINANCEUR_DISPOSITIFS:
    case SECTION_FINANCEUR_TERRITOIRES: break; /* the funder's report only (pdf_funder.c) */
    }
}

bool pdf_report_write(const char *path, report_data *rd, const report_layout *layout, const obs_config *cfg)
{
    pdf_report r = {.rd = rd, .cfg = cfg, .layout = layout};
    if (!pdf_doc_open(&r.d, pdf_font_dir()))
        return false;
    /* dates from the run ledger, never the clock: same run, same file */
    const char *started = rd->run_started;
    char title[512];
    snprintf(title, sizeof title, "%s — %s %d", layout->titre, rd->territory.nom, rd->year);
    pdf_doc_info(&r.d, title, cfg->observatory_name, "Économie sociale et solidaire : chiffres du territoire",
                 started);
    cover(&r, started);
    /* a section opens a page unless it continues the previous one's theme */
    for (size_t i = 0; i < layout->n_sections; i++)
        section(&r, &layout->sections[i]);
    pdf_section_secrecy(&r);
    char footer[512];
    snprintf(footer, sizeof footer, "%s — %s %d — exécution n° %lld", cfg->observatory_name, rd->territory.nom,
             rd->year, (long long)rd->run_id);
    return pdf_doc_finish(&r.d, path, footer);
}
