/* The sheets that explain the workbook: definitions from the catalog the run
 * used, and the run's metadata (inputs with checksums, configuration,
 * confidentiality rules). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/data/report_docs.h"
#include "engine/core/rel_path.h"
#include "engine/core/version.h"
#include "reports/xlsx/xlsx_sections.h"

#include "reports/data/secret_note.h"

bool xlsx_section_definitions(xlsx_report *x, const layout_section *sec)
{
    xlsx_sheet *s = xlsx_sheet_get(x, sec->feuille);
    if (!s)
        return false;
    worksheet_set_column(s->ws, 0, 0, 30, NULL);
    worksheet_set_column(s->ws, 1, 1, 40, NULL);
    worksheet_set_column(s->ws, 2, 2, 12, NULL);
    worksheet_set_column(s->ws, 3, 3, 80, NULL);
    worksheet_set_column(s->ws, 4, 4, 40, NULL);
    worksheet_write_string(s->ws, s->row++, 0, sec->titre, x->st.title);
    const char *titles[] = {"Identifiant", "Indicateur", "Unité", "Définition", "Sources"};
    lxw_row_t header = xlsx_header(x, s, titles, 5);
    report_rows defs;
    if (!report_definitions(x->rd, &defs))
        return false;
    int band = 0;
    for (size_t i = 0; i < defs.n_rows; i++) {
        lxw_row_t row = s->row++;
        for (size_t c = 0; c < 5; c++)
            xlsx_text(x, s, row, (lxw_col_t)c, report_rows_at(&defs, i, c), band);
        band ^= 1;
    }
    report_rows_free(&defs);
    xlsx_filter(s, header, s->row - 1, 4);
    s->row++;
    worksheet_set_row(s->ws, s->row, 75, NULL);
    worksheet_merge_range(s->ws, s->row, 0, s->row, 3, SECRET_RULES, x->st.note);
    s->row++;
    return true;
}

static void pair(xlsx_report *x, xlsx_sheet *s, const char *key, const char *value)
{
    lxw_row_t row = s->row++;
    worksheet_write_string(s->ws, row, 0, key, x->st.subtitle);
    worksheet_write_string(s->ws, row, 1, value ? value : "", x->st.text[0]);
}

bool xlsx_section_metadata(xlsx_report *x, const layout_section *sec)
{
    xlsx_sheet *s = xlsx_sheet_get(x, sec->feuille);
    if (!s)
        return false;
    report_data *rd = x->rd;
    worksheet_set_column(s->ws, 0, 0, 32, NULL);
    worksheet_set_column(s->ws, 1, 6, 22, NULL);
    s->has_freeze = true; /* a key/value sheet: nothing to keep in view */
    worksheet_write_string(s->ws, s->row++, 0, sec->titre, x->st.title);
    char buf[512];
    pair(x, s, "Observatoire", x->cfg->observatory_name);
    pair(x, s, "Territoire", rd->territory.nom);
    snprintf(buf, sizeof buf, "%d", rd->year);
    pair(x, s, "Année", buf);
    snprintf(buf, sizeof buf, "%lld", (long long)rd->run_id);
    pair(x, s, "Exécution (run id)", buf);
    /* the end of the computations: the run's end, or (obs run renders its
     * reports inside the run) the end of its last stage before the reports */
    report_rows run;
    if (report_run_info(rd, &run) && run.n_rows == 1) {
        pair(x, s, "Début de l'exécution (UTC)", report_rows_at(&run, 0, 0));
        pair(x, s, "Fin des calculs (UTC)", report_rows_at(&run, 0, 1));
        pair(x, s, "Version du moteur à l'exécution", report_rows_at(&run, 0, 2));
        const char *config = report_rows_at(&run, 0, 3);
        char *shown = config ? rel_path_to_config(config, config) : NULL;
        pair(x, s, "Configuration", shown ? shown : config);
        free(shown);
        pair(x, s, "Empreinte de la configuration", report_rows_at(&run, 0, 4));
        pair(x, s, "Graine du bootstrap", report_rows_at(&run, 0, 5));
    }
    report_rows_free(&run);
    pair(x, s, "Version du moteur (rendu)", OBS_VERSION);
    pair(x, s, "Confidentialité", SECRET_RULES);
    s->row++;
    worksheet_write_string(s->ws, s->row++, 0, "Données d'entrée", x->st.subtitle);
    const char *titles[] = {"Jeu de données", "Fichiers (depuis le dossier de la configuration)", "Lignes chargées", "Lignes rejetées",
                            "Empreinte (XXH3-128)", "Chargé le (UTC)"};
    lxw_row_t header = xlsx_header(x, s, titles, 6);
    report_rows loads;
    if (!report_dataset_loads(rd, &loads))
        return false;
    int band = 0;
    for (size_t i = 0; i < loads.n_rows; i++) {
        lxw_row_t row = s->row++;
        xlsx_text(x, s, row, 0, report_rows_at(&loads, i, 0), band);
        const char *files = report_rows_at(&loads, i, 1);
        char *shown = files ? rel_path_list_to_config(files, x->cfg->path) : NULL;
        xlsx_text(x, s, row, 1, shown ? shown : files, band);
        free(shown);
        const char *n_loaded = report_rows_at(&loads, i, 2), *n_rejected = report_rows_at(&loads, i, 3);
        worksheet_write_number(s->ws, row, 2, n_loaded ? strtod(n_loaded, NULL) : 0, x->st.kind[XLSX_NUMBER][band]);
        worksheet_write_number(s->ws, row, 3, n_rejected ? strtod(n_rejected, NULL) : 0,
                               x->st.kind[XLSX_NUMBER][band]);
        xlsx_text(x, s, row, 4, report_rows_at(&loads, i, 4), band);
        xlsx_text(x, s, row, 5, report_rows_at(&loads, i, 5), band);
        band ^= 1;
    }
    report_rows_free(&loads);
    xlsx_filter(s, header, s->row - 1, 5);
    return true;
}
