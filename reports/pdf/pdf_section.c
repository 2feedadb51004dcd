/* What every section of the annual PDF report shares: its opening and the
 * comparison levels of the report's territory. */
#include "reports/pdf/pdf_section.h"

#include <string.h>

size_t pdf_levels(report_data *rd, const report_territory *out[4])
{
    size_t n = 0;
    out[n++] = &rd->territory;
    const report_territory *candidates[] = {&rd->departement, &rd->region, &rd->france};
    for (size_t i = 0; i < 3; i++)
        if (candidates[i]->code[0] && strcmp(candidates[i]->niveau, rd->territory.niveau) != 0)
            out[n++] = candidates[i];
    return n;
}

void pdf_open_section(pdf_report *r, const layout_section *sec)
{
    /* a PDF-only section (no sheet) continues the chapter it sits in */
    bool same = r->last_sheet && (!sec->feuille || strcmp(r->last_sheet, sec->feuille) == 0);
    pdf_heading(&r->d, same ? 2 : 1, sec->titre);
    r->heading = sec->titre;
    if (sec->feuille)
        r->last_sheet = sec->feuille;
    if (sec->texte)
        pdf_paragraph(&r->d, r->d.regular, 9.5f, 0, PDF_CONTENT_W, sec->texte);
}

void pdf_open_section_on_new_page(pdf_report *r, const layout_section *sec)
{
    /* a chapter (level 1) opens its page itself; a sub-section on a fresh page stays there */
    bool same = r->last_sheet && (!sec->feuille || strcmp(r->last_sheet, sec->feuille) == 0);
    if (same && r->d.y < PDF_TOP - 1)
        pdf_new_page(&r->d);
    pdf_open_section(r, sec);
}
