#include "reports/xlsx/xlsx_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/core/log.h"
#include "reports/xlsx/xlsx_sections.h"

/* Document dates come from the run ledger, never the clock: same run, same file. */
static time_t run_time(const report_data *rd)
{
    const char *started = rd->run_started;
    struct tm tm = {0};
    time_t t = 0;
    if (started && sscanf(started, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                          &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        t = timegm(&tm);
    }
    return t;
}

static bool write_section(xlsx_report *x, const layout_section *sec)
{
    switch (sec->type) {
    case SECTION_CHIFFRES_CLES: return xlsx_section_key_figures(x, sec);
    case SECTION_REPARTITION: return xlsx_section_breakdown(x, sec);
    case SECTION_EVOLUTION: return xlsx_section_evolution(x, sec);
    case SECTION_TABLEAU: return xlsx_section_table(x, sec);
    case SECTION_SURVIE: return xlsx_section_survival(x, sec);
    case SECTION_TERRITOIRES: return xlsx_section_territories(x, sec);
    case SECTION_DEFINITIONS: return xlsx_section_definitions(x, sec);
    case SECTION_METADONNEES: return xlsx_section_metadata(x, sec);
    case SECTION_TEXTE: return true; /* prose belongs to the PDF */
    case SECTION_DISPOSITIFS: return true; /* the programmes' matrix too */
    case SECTION_ANNUAIRE: return xlsx_section_directory(x, sec);
    case SECTION_CARTE: return true; /* maps belong to the PDF */
    case SECTION_SOUS_TERRITOIRES: return true;
    case SECTION_FINANCEUR_CHIFFRES:
    case SECTION_FINANCEUR_EVOLUTION:
    case SECTION_FINANCEUR_DISPOSITIFS:
    case SECTION_FINANCEUR_TERRITOIRES: return true; /* the funder's report is a PDF */
    }
    return true;
}

bool xlsx_report_write(const char *path, report_data *rd, const report_layout *layout,
                       const obs_config *cfg)
{
    lxw_workbook_options opts = {.constant_memory = LXW_TRUE};
    xlsx_report x = {.rd = rd, .cfg = cfg, .layout = layout};
    x.wb = workbook_new_opt(path, &opts);
    if (!x.wb) {
        obs_error("impossible de créer le classeur %s", path);
        return false;
    }
    xlsx_styles_init(&x.st, x.wb);
    char title[512];
    snprintf(title, sizeof title, "%s — %s %d", layout->titre, rd->territory.nom, rd->year);
    lxw_doc_properties props = {
        .title = title,
        .subject = "Économie sociale et solidaire : chiffres du territoire",
        .author = cfg->observatory_name,
        .company = cfg->observatory_name,
        .comments = "Produit par obs à partir du journal d'exécution",
        .created = run_time(rd),
    };
    workbook_set_properties(x.wb, &props);

    bool ok = true;
    for (size_t i = 0; i < layout->n_sections && ok; i++)
        if (layout->sections[i].feuille)
            ok = write_section(&x, &layout->sections[i]);
    lxw_error err = workbook_close(x.wb);
    if (err != LXW_NO_ERROR) {
        obs_error("écriture du classeur %s impossible : %s", path, lxw_strerror(err));
        return false;
    }
    return ok;
}
