#include "xlsx/xlsx_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger.h"
#include "log.h"

#define SECRET_COMMENT                                                                             \
    "Secret statistique : valeur non diffusée (moins de 3 établissements ou 5 personnes, "        \
    "un établissement dominant, ou valeur qui permettrait de recalculer une cellule secrète)."

xlsx_sheet *xlsx_sheet_get(xlsx_report *x, const char *name)
{
    for (size_t i = 0; i < x->n_sheets; i++)
        if (strcmp(x->sheets[i].name, name) == 0)
            return &x->sheets[i];
    if (x->n_sheets == XLSX_MAX_SHEETS)
        return NULL;
    xlsx_sheet *s = &x->sheets[x->n_sheets];
    s->ws = workbook_add_worksheet(x->wb, name);
    if (!s->ws) {
        obs_error("classeur : feuille « %s » impossible (nom invalide ou en double)", name);
        return NULL;
    }
    x->n_sheets++;
    snprintf(s->name, sizeof s->name, "%s", name);
    s->row = 0;
    worksheet_set_column(s->ws, 0, 0, 42, NULL);
    worksheet_set_column(s->ws, 1, 12, 16, NULL);
    return s;
}

lxw_row_t xlsx_header(xlsx_report *x, xlsx_sheet *s, const char *const *titles, size_t n)
{
    lxw_row_t row = s->row++;
    worksheet_set_row(s->ws, row, 30, NULL);
    for (size_t i = 0; i < n; i++)
        worksheet_write_string(s->ws, row, (lxw_col_t)i, titles[i], x->st.header);
    if (!s->has_freeze) {
        worksheet_freeze_panes(s->ws, row + 1, 0);
        s->has_freeze = true;
    }
    return row;
}

void xlsx_text(xlsx_report *x, xlsx_sheet *s, lxw_row_t row, lxw_col_t col, const char *text, int band)
{
    /* write_string never makes a formula: "=HYPERLINK(...)" stays text */
    worksheet_write_string(s->ws, row, col, text ? text : "", x->st.text[band & 1]);
}

void xlsx_cell(xlsx_report *x, xlsx_sheet *s, lxw_row_t row, lxw_col_t col, const report_cell *c,
               xlsx_kind kind, int band)
{
    band &= 1;
    if (c->found && c->secret) {
        worksheet_write_string(s->ws, row, col, "s", x->st.secret[band]);
        worksheet_write_comment(s->ws, row, col, SECRET_COMMENT);
        return;
    }
    if (!c->found || !c->has_value) {
        worksheet_write_blank(s->ws, row, col, x->st.missing[band]);
        return;
    }
    double v = kind == XLSX_PERCENT ? c->valeur / 100.0 : c->valeur;
    worksheet_write_number(s->ws, row, col, v, x->st.kind[kind][band]);
}

void xlsx_filter(xlsx_sheet *s, lxw_row_t first, lxw_row_t last, lxw_col_t last_col)
{
    if (s->has_filter || last <= first)
        return;
    worksheet_autofilter(s->ws, first, 0, last, last_col);
    s->has_filter = true;
}

/* Document dates come from the run ledger, never the clock: same run, same file. */
static time_t run_time(report_data *rd)
{
    char *started = ledger_run_started(rd->db, rd->run_id);
    struct tm tm = {0};
    time_t t = 0;
    if (started && sscanf(started, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                          &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
        tm.tm_year -= 1900;
        tm.tm_mon -= 1;
        t = timegm(&tm);
    }
    free(started);
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
