#include "reports/pdf/pdf_tounicode.h"

#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdio.h>

static const char HEAD[] = "/CIDInit /ProcSet findresource begin\n"
                           "12 dict begin\n"
                           "begincmap\n"
                           "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                           "/CMapName /Adobe-Identity-UCS def\n"
                           "/CMapType 2 def\n"
                           "1 begincodespacerange\n"
                           "<0000> <FFFF>\n"
                           "endcodespacerange\n";
static const char TAIL[] = "endcmap\n"
                           "CMapName currentdict /CMap defineresource pop\n"
                           "end\n"
                           "end\n";

bool pdf_tounicode_fix(HPDF_Font font)
{
    if (!font || !font->attr)
        return false;
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    HPDF_Dict cmap = attr->cmap_stream;
    if (!cmap || !cmap->stream || cmap->stream->type != HPDF_STREAM_MEMORY)
        return false;
    HPDF_MemStream_FreeData(cmap->stream);
    HPDF_STATUS rc = HPDF_Stream_WriteStr(cmap->stream, HEAD);
    /* one range per high byte, at most 100 entries per section (PDF 32000
     * 9.10.3); the surrogate block D800–DFFF holds no character */
    int high[256], n = 0;
    for (int h = 0; h < 256; h++)
        if (h < 0xD8 || h > 0xDF)
            high[n++] = h;
    for (int i = 0; i < n && rc == HPDF_OK; i += 100) {
        int m = n - i < 100 ? n - i : 100;
        char line[64];
        snprintf(line, sizeof line, "%d beginbfrange\n", m);
        rc = HPDF_Stream_WriteStr(cmap->stream, line);
        for (int k = 0; k < m && rc == HPDF_OK; k++) {
            int h = high[i + k];
            snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", h, h, h);
            rc = HPDF_Stream_WriteStr(cmap->stream, line);
        }
        if (rc == HPDF_OK)
            rc = HPDF_Stream_WriteStr(cmap->stream, "endbfrange\n");
    }
    if (rc == HPDF_OK)
        rc = HPDF_Stream_WriteStr(cmap->stream, TAIL);
    /* the stream's dictionary described libharu's encoding CMap */
    HPDF_Dict_RemoveElement(cmap, "CMapName");
    HPDF_Dict_RemoveElement(cmap, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(cmap, "WMode");
    HPDF_Dict_RemoveElement(cmap, "Type");
    return rc == HPDF_OK;
}
