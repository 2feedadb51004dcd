/* A valid ToUnicode CMap for libharu's UTF-8 TrueType fonts. libharu 2.3.0
 * writes one with a `begincidrange` section, an operator a ToUnicode CMap may
 * not hold (poppler warns once per section and per font); the codes it writes
 * in content streams are Unicode code points (Identity-H encoding, the
 * CIDToGIDMap does the glyph lookup), so the valid CMap maps each code to
 * itself with `beginbfrange`. */
#ifndef OBS_PDF_TOUNICODE_H
#define OBS_PDF_TOUNICODE_H

#include <hpdf.h>
#include <stdbool.h>

/* Replaces the ToUnicode CMap of font (loaded with the "UTF-8" encoder);
 * false if the font has none or the stream cannot be rewritten. */
bool pdf_tounicode_fix(HPDF_Font font);

#endif
