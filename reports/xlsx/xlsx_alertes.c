#include "reports/xlsx/xlsx_alertes.h"

#include <stdio.h>
#include <xlsxwriter.h>

#include "engine/core/atomic_file.h"
#include "engine/core/log.h"

#define INTERNAL "USAGE INTERNE — liste pour l'équipe d'accompagnement, à ne pas publier ni diffuser"

bool xlsx_alertes_write(const char *path, const alerte_list *l, int year, const char *observatory)
{
    atomic_file af;
    if (!atomic_file_reserve(&af, path))
        return false;
    lxw_workbook *wb = workbook_new(af.temp_path);
    if (!wb) {
        obs_error("impossible de créer le classeur %s", path);
        atomic_file_abort(&af);
        return false;
    }
    char title[256];
    snprintf(title, sizeof title, "Alertes de la grille d'entretien %d (usage interne)", year);
    char author[256];
    snprintf(author, sizeof author, "%s", observatory ? observatory : "obs");
    lxw_doc_properties props = {.title = title,
                                .subject = "Usage interne : ne pas diffuser",
                                .author = author,
                                .keywords = "usage interne",
                                .comments = INTERNAL};
    workbook_set_properties(wb, &props);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Alertes (usage interne)");
    lxw_format *warn = workbook_add_format(wb);
    format_set_bold(warn);
    format_set_font_size(warn, 14);
    format_set_font_color(warn, 0xC00000);
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_text_wrap(head);
    format_set_bottom(head, LXW_BORDER_THIN);
    lxw_format *score = workbook_add_format(wb);
    format_set_num_format(score, "0.##");
    worksheet_set_header(ws, "&C&\"-,Bold\"USAGE INTERNE — ne pas diffuser");
    worksheet_write_string(ws, 0, 0, INTERNAL, warn);
    worksheet_write_string(ws, 1, 0, title, NULL);
    static const char *const cols[] = {"Priorité", "SIRET", "Structure", "Commune", "Axe",
                                       NULL, NULL, "Motif", "Axes en alerte"};
    char this_year[32], last_year[32];
    snprintf(this_year, sizeof this_year, "Score %d", year);
    snprintf(last_year, sizeof last_year, "Score %d", year - 1);
    for (int c = 0; c < 9; c++)
        worksheet_write_string(ws, 3, (lxw_col_t)c, c == 5 ? this_year : c == 6 ? last_year : cols[c], head);
    static const double widths[] = {9, 16, 40, 26, 22, 11, 11, 40, 10};
    for (int c = 0; c < 9; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    worksheet_freeze_panes(ws, 4, 0);
    for (size_t i = 0; i < l->n; i++) {
        const alerte *a = &l->items[i];
        lxw_row_t r = (lxw_row_t)(4 + i);
        char reason[128];
        alertes_reason(a, reason, sizeof reason);
        worksheet_write_number(ws, r, 0, a->rank, NULL);
        worksheet_write_string(ws, r, 1, a->siret, NULL);
        worksheet_write_string(ws, r, 2, a->nom, NULL);
        worksheet_write_string(ws, r, 3, a->commune, NULL);
        worksheet_write_string(ws, r, 4, a->axe, NULL);
        worksheet_write_number(ws, r, 5, a->score, score);
        if (a->has_previous)
            worksheet_write_number(ws, r, 6, a->previous, score);
        worksheet_write_string(ws, r, 7, reason, NULL);
        worksheet_write_number(ws, r, 8, a->axes, NULL);
    }
    if (workbook_close(wb) != LXW_NO_ERROR) {
        obs_error("impossible d'écrire le classeur %s", path);
        atomic_file_abort(&af);
        return false;
    }
    return atomic_file_commit(&af);
}
