/* The sheets that explain the workbook: definitions from the catalog the run
 * used, and the run's metadata (inputs with checksums, configuration,
 * confidentiality rules). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "rel_path.h"
#include "version.h"
#include "xlsx/xlsx_sections.h"

#include "secret_note.h"

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
    sqlite3_stmt *st = db_prepare(x->rd->db, "SELECT indicator, titre, unite, definition, sources"
                                             " FROM indicator_meta WHERE run_id=?"
                                             " ORDER BY coalesce(ordre, 9999), indicator");
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, x->rd->run_id);
    int band = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        lxw_row_t row = s->row++;
        for (int c = 0; c < 5; c++)
            xlsx_text(x, s, row, (lxw_col_t)c, (const char *)sqlite3_column_text(st, c), band);
        band ^= 1;
    }
    sqlite3_finalize(st);
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
    sqlite3_stmt *st = db_prepare(rd->db, "SELECT started, coalesce(ended, (SELECT max(s.ended) FROM run_stage s"
                                          " WHERE s.run_id = run.id AND s.stage <> 'report')),"
                                          " engine_version, config, config_checksum, seed FROM run WHERE id=?");
    if (st) {
        sqlite3_bind_int64(st, 1, rd->run_id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            pair(x, s, "Début de l'exécution (UTC)", (const char *)sqlite3_column_text(st, 0));
            pair(x, s, "Fin des calculs (UTC)", (const char *)sqlite3_column_text(st, 1));
            pair(x, s, "Version du moteur à l'exécution", (const char *)sqlite3_column_text(st, 2));
            const char *config = (const char *)sqlite3_column_text(st, 3);
            char *shown = config ? rel_path_to_config(config, config) : NULL;
            pair(x, s, "Configuration", shown ? shown : config);
            free(shown);
            pair(x, s, "Empreinte de la configuration", (const char *)sqlite3_column_text(st, 4));
            pair(x, s, "Graine du bootstrap", (const char *)sqlite3_column_text(st, 5));
        }
        sqlite3_finalize(st);
    }
    pair(x, s, "Version du moteur (rendu)", OBS_VERSION);
    pair(x, s, "Confidentialité", SECRET_RULES);
    s->row++;
    worksheet_write_string(s->ws, s->row++, 0, "Données d'entrée", x->st.subtitle);
    const char *titles[] = {"Jeu de données", "Fichiers (depuis le dossier de la configuration)", "Lignes chargées", "Lignes rejetées",
                            "Empreinte (XXH3-128)", "Chargé le (UTC)"};
    lxw_row_t header = xlsx_header(x, s, titles, 6);
    st = db_prepare(rd->db, "SELECT dataset, files, loaded, rejected, checksum, loaded_at"
                            " FROM dataset_load ORDER BY dataset");
    if (!st)
        return false;
    int band = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        lxw_row_t row = s->row++;
        xlsx_text(x, s, row, 0, (const char *)sqlite3_column_text(st, 0), band);
        const char *files = (const char *)sqlite3_column_text(st, 1);
        char *shown = files ? rel_path_list_to_config(files, x->cfg->path) : NULL;
        xlsx_text(x, s, row, 1, shown ? shown : files, band);
        free(shown);
        worksheet_write_number(s->ws, row, 2, sqlite3_column_double(st, 2), x->st.kind[XLSX_NUMBER][band]);
        worksheet_write_number(s->ws, row, 3, sqlite3_column_double(st, 3), x->st.kind[XLSX_NUMBER][band]);
        xlsx_text(x, s, row, 4, (const char *)sqlite3_column_text(st, 4), band);
        xlsx_text(x, s, row, 5, (const char *)sqlite3_column_text(st, 5), band);
        band ^= 1;
    }
    sqlite3_finalize(st);
    xlsx_filter(s, header, s->row - 1, 5);
    return true;
}
