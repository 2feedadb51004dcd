#include "reports/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/core/atomic_file.h"
#include "engine/core/folders.h"
#include "engine/core/log.h"
#include "reports/pdf/pdf_funder.h"
#include "reports/pdf/pdf_report.h"
#include "reports/data/report_data.h"
#include "reports/xlsx/xlsx_report.h"

bool render_parse_formats(const char *s, render_formats *out)
{
    out->pdf = out->xlsx = false;
    size_t n;
    char **list = config_split_list(s, &n);
    bool ok = list && n > 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i], "pdf") == 0)
            out->pdf = true;
        else if (strcmp(list[i], "xlsx") == 0)
            out->xlsx = true;
        else
            ok = false;
        free(list[i]);
    }
    free(list);
    return ok;
}

static bool ensure_dir(const char *dir)
{
    if (!folders_make(dir))
        return false;
    atomic_file_sweep(dir); /* what a killed run left half-written */
    return true;
}

/* Honest comparisons: a study territory without any establishment is a
 * warning (its report says so too); a France column made of the loaded data
 * when they do not cover France is said once, in the log (a standing state
 * of a regional observatory: stderr only without --quiet). */
static void warn_comparisons(const report_data *rd)
{
    static bool france_said;
    if (rd->territory_establishments == 0 && strcmp(rd->territory.niveau, "etude") == 0)
        obs_warn("territoire d'étude %s (%s) : aucun établissement chargé dans ses communes ; son rapport"
                 " le signale et ses chiffres d'établissements et d'emploi sont vides",
                 rd->territory.code, rd->territory.nom);
    if (france_said || !report_france_partial(rd))
        return;
    france_said = true;
    if (rd->national_reference)
        obs_info("attention : les établissements chargés couvrent %d région%s sur %d ; la colonne"
                 " « %s » reprend les chiffres nationaux de reference_nationale.csv",
                 rd->regions_loaded, rd->regions_loaded > 1 ? "s" : "", rd->regions_total, rd->france.nom);
    else
        obs_info("attention : les établissements chargés couvrent %d région%s sur %d ; la colonne France"
                 " est intitulée « %s » (chargez reference_nationale.csv pour les chiffres nationaux)",
                 rd->regions_loaded, rd->regions_loaded > 1 ? "s" : "", rd->regions_total, rd->france.nom);
}

bool render_territory(sqlite3 *db, int64_t run_id, int year, const char *niveau, const char *code,
                      const report_layout *layout, const obs_config *cfg, render_formats formats,
                      const char *out_dir)
{
    if (!ensure_dir(out_dir))
        return false;
    report_data rd;
    if (!report_data_open(&rd, db, run_id, year, niveau, code)) {
        report_data_close(&rd);
        return false;
    }
    warn_comparisons(&rd);
    bool ok = true;
    char path[4096];
    for (int f = 0; f < 2 && ok; f++) {
        bool pdf = f == 0;
        if (pdf ? !formats.pdf : !formats.xlsx)
            continue;
        snprintf(path, sizeof path, "%s/%s-%d.%s", out_dir, code, year, pdf ? "pdf" : "xlsx");
        atomic_file af;
        if (!atomic_file_reserve(&af, path)) {
            ok = false;
        } else if (!(pdf ? pdf_report_write(af.temp_path, &rd, layout, cfg)
                         : xlsx_report_write(af.temp_path, &rd, layout, cfg))) {
            atomic_file_abort(&af);
            ok = false;
        } else if (!atomic_file_commit(&af)) {
            ok = false;
        } else {
            obs_info("%s écrit : %s", pdf ? "rapport" : "classeur", path);
        }
    }
    report_data_close(&rd);
    return ok;
}

bool render_funder(sqlite3 *db, int64_t run_id, int year, const char *funder, const obs_config *cfg,
                   const char *out_dir)
{
    if (!ensure_dir(out_dir))
        return false;
    char slug[200], path[4096];
    pdf_funder_slug(funder, slug, sizeof slug);
    snprintf(path, sizeof path, "%s/financeur-%s-%d.pdf", out_dir, slug, year);
    report_layout layout;
    if (!layout_load(&layout, cfg->funder_layout_path))
        return false;
    atomic_file af;
    if (!atomic_file_reserve(&af, path)) {
        layout_free(&layout);
        return false;
    }
    report_data rd;
    bool written = report_data_open(&rd, db, run_id, year, "france", "FR") &&
                   pdf_funder_write(af.temp_path, &rd, funder, &layout, cfg);
    report_data_close(&rd);
    layout_free(&layout);
    if (!written) {
        atomic_file_abort(&af);
        return false;
    }
    if (!atomic_file_commit(&af))
        return false;
    obs_info("rapport au financeur écrit : %s", path);
    return true;
}
