#include "reports/xlsx/xlsx_styles.h"

#include <string.h>

#define BAND_FILL 0xEEF3F8
#define HEADER_FILL 0x1F4E79

static lxw_format *band_format(lxw_workbook *wb, int band, const char *num_format)
{
    lxw_format *f = workbook_add_format(wb);
    if (num_format)
        format_set_num_format(f, num_format);
    if (band)
        format_set_bg_color(f, BAND_FILL);
    format_set_font_name(f, "Calibri");
    return f;
}

void xlsx_styles_init(xlsx_styles *s, lxw_workbook *wb)
{
    memset(s, 0, sizeof *s);
    s->title = workbook_add_format(wb);
    format_set_bold(s->title);
    format_set_font_size(s->title, 14);
    format_set_font_color(s->title, HEADER_FILL);
    s->subtitle = workbook_add_format(wb);
    format_set_bold(s->subtitle);
    format_set_font_size(s->subtitle, 11);
    s->note = workbook_add_format(wb);
    format_set_italic(s->note);
    format_set_font_color(s->note, 0x595959);
    format_set_text_wrap(s->note);
    format_set_align(s->note, LXW_ALIGN_VERTICAL_TOP);
    s->header = workbook_add_format(wb);
    format_set_bold(s->header);
    format_set_font_color(s->header, LXW_COLOR_WHITE);
    format_set_bg_color(s->header, HEADER_FILL);
    format_set_text_wrap(s->header);
    format_set_align(s->header, LXW_ALIGN_VERTICAL_CENTER);
    static const char *const formats[] = {
        [XLSX_NUMBER] = "#,##0",       [XLSX_DECIMAL] = "#,##0.0", [XLSX_EUROS] = "#,##0 \"€\"",
        [XLSX_PERCENT] = "0.0%",       [XLSX_YEARS] = "0.0",       [XLSX_RATIO] = "0.00",
    };
    for (int band = 0; band < 2; band++) {
        s->text[band] = band_format(wb, band, NULL);
        format_set_text_wrap(s->text[band]);
        format_set_align(s->text[band], LXW_ALIGN_VERTICAL_TOP);
        s->secret[band] = band_format(wb, band, NULL);
        format_set_align(s->secret[band], LXW_ALIGN_RIGHT);
        format_set_font_color(s->secret[band], 0xC00000);
        s->year[band] = band_format(wb, band, "0");
        format_set_align(s->year[band], LXW_ALIGN_LEFT);
        s->missing[band] = band_format(wb, band, NULL);
        format_set_align(s->missing[band], LXW_ALIGN_RIGHT);
        for (int k = 0; k < 6; k++)
            s->kind[k][band] = band_format(wb, band, formats[k]);
    }
}

xlsx_kind xlsx_kind_for_unit(const char *unite)
{
    if (!unite)
        return XLSX_DECIMAL;
    if (strcmp(unite, "nombre") == 0)
        return XLSX_NUMBER;
    if (strcmp(unite, "euros") == 0)
        return XLSX_EUROS;
    if (strcmp(unite, "pourcent") == 0)
        return XLSX_PERCENT;
    if (strcmp(unite, "annees") == 0)
        return XLSX_YEARS;
    if (strcmp(unite, "ratio") == 0)
        return XLSX_RATIO;
    return XLSX_DECIMAL;
}
