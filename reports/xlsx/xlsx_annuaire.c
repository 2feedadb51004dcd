#include "reports/xlsx/xlsx_annuaire.h"

#include <stdio.h>
#include <xlsxwriter.h>

#include "engine/core/atomic_file.h"
#include "engine/core/log.h"

bool xlsx_annuaire_write(const char *path, const annuaire_list *l)
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
    char title[512];
    snprintf(title, sizeof title, "Annuaire des établissements de l'ESS — %s", l->territory_name);
    lxw_doc_properties props = {.title = title, .subject = "Établissements actifs de l'ESS (SIRENE, données diffusibles)"};
    workbook_set_properties(wb, &props);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Annuaire");
    lxw_format *big = workbook_add_format(wb);
    format_set_bold(big);
    format_set_font_size(big, 14);
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_text_wrap(head);
    format_set_bottom(head, LXW_BORDER_THIN);
    worksheet_write_string(ws, 0, 0, title, big);
    char note[256];
    snprintf(note, sizeof note,
             "%zu établissements actifs, d'après les données publiques SIRENE (unités non diffusibles exclues)",
             l->n);
    worksheet_write_string(ws, 1, 0, note, NULL);
    static const double widths[ANNUAIRE_FIELDS] = {16, 40, 20, 10, 40, 36, 10, 26, 22};
    for (int c = 0; c < ANNUAIRE_FIELDS; c++) {
        worksheet_write_string(ws, 3, (lxw_col_t)c, annuaire_titles[c], head);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
    worksheet_freeze_panes(ws, 4, 0);
    for (size_t i = 0; i < l->n; i++)
        for (int c = 0; c < ANNUAIRE_FIELDS; c++)
            worksheet_write_string(ws, (lxw_row_t)(4 + i), (lxw_col_t)c, annuaire_shown(&l->items[i], c), NULL);
    if (l->n)
        worksheet_autofilter(ws, 3, 0, (lxw_row_t)(3 + l->n), ANNUAIRE_FIELDS - 1);
    if (workbook_close(wb) != LXW_NO_ERROR) {
        obs_error("impossible d'écrire le classeur %s", path);
        atomic_file_abort(&af);
        return false;
    }
    return atomic_file_commit(&af);
}
