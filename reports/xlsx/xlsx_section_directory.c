/* The workbook's optional directory sheet (layout: type = annuaire): the
 * territory's active ESS establishments from the public SIRENE data, as
 * `obs annuaire` lists them (non-diffusible units left out). */
#include <stdio.h>

#include "reports/data/annuaire.h"
#include "engine/core/log.h"
#include "reports/xlsx/xlsx_sections.h"

bool xlsx_section_directory(xlsx_report *x, const layout_section *sec)
{
    xlsx_sheet *s = xlsx_sheet_get(x, sec->feuille);
    if (!s)
        return false;
    const report_territory *t = &x->rd->territory;
    annuaire_list l = {0};
    bool unknown = false;
    if (!annuaire_of_report(x->rd, &l, &unknown)) {
        if (unknown)
            obs_error("annuaire : territoire inconnu %s:%s", t->niveau, t->code);
        return false;
    }
    static const double widths[ANNUAIRE_FIELDS] = {16, 40, 20, 10, 40, 36, 10, 26, 22};
    for (int c = 0; c < ANNUAIRE_FIELDS; c++)
        worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    worksheet_write_string(s->ws, s->row++, 0, sec->titre, x->st.title);
    char note[256];
    snprintf(note, sizeof note,
             "%zu établissements actifs, d'après les données publiques SIRENE (unités non diffusibles exclues)", l.n);
    worksheet_write_string(s->ws, s->row++, 0, note, NULL);
    s->row++;
    lxw_row_t head = xlsx_header(x, s, annuaire_titles, ANNUAIRE_FIELDS);
    for (size_t i = 0; i < l.n; i++, s->row++)
        for (int c = 0; c < ANNUAIRE_FIELDS; c++)
            xlsx_text(x, s, s->row, (lxw_col_t)c, annuaire_shown(&l.items[i], c), (int)(i % 2));
    if (l.n)
        xlsx_filter(s, head, s->row - 1, ANNUAIRE_FIELDS - 1);
    annuaire_free(&l);
    return true;
}
