#!/bin/sh
# Issue 18, deliverable 1: the folders draw the architecture. The layering
# check passes on the tree, and fails, naming the file and line, on a
# deliberate wrong include (a core file including a report header), on a
# renderer using the database instead of reports/data, and on a cycle between
# two files.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 > /dev/null 2>&1 || { echo "skipped: python3 not installed"; exit 0; }
CHECK="$SRC/tests/layering/check_layers.py"
python3 "$CHECK" "$SRC" > "$WORK/tree.txt" 2>&1 || { cat "$WORK/tree.txt"; fail "the tree breaks its layers"; }
grep -q ", 0 wrong$" "$WORK/tree.txt" || fail "no summary line"
# a copy of the sources with a core file including a report header
COPY="$WORK/copy"
mkdir -p "$COPY"
(cd "$SRC" && tar cf - engine indicators reports datasets/generator) | (cd "$COPY" && tar xf -) || fail "copy"
printf '#include "reports/data/report_data.h"\n' >> "$COPY/engine/core/log.c"
python3 "$CHECK" "$COPY" > "$WORK/up.txt" 2>&1 && fail "an include going up was accepted"
grep -q "^engine/core/log.c:[0-9]*: engine/core must not include reports/data/report_data.h" "$WORK/up.txt" ||
    { cat "$WORK/up.txt"; fail "the wrong include is not named"; }
# the suppression and the audit do not know each other
sed -i '$d' "$COPY/engine/core/log.c"
printf '#include "indicators/secret/secret.h"\n' >> "$COPY/indicators/audit/audit_attack.c"
python3 "$CHECK" "$COPY" > "$WORK/side.txt" 2>&1 && fail "the audit including the suppression was accepted"
grep -q "indicators/audit must not include indicators/secret/secret.h" "$WORK/side.txt" || fail "sideways include"
sed -i '$d' "$COPY/indicators/audit/audit_attack.c"
# renderers never touch the database: an include of db.h in a PDF file, a
# use of the report's handle in a map file, sqlite3 in a workbook file
printf '#include "engine/core/db.h"\n' >> "$COPY/reports/pdf/pdf_chart.c"
printf 'static void *handle(const report_data *rd) { return rd->db; }\n' >> "$COPY/reports/maps/map_shapes.c"
printf '#include <sqlite3.h>\nstatic sqlite3_stmt *st;\n' >> "$COPY/reports/xlsx/xlsx_sheet.c"
python3 "$CHECK" "$COPY" > "$WORK/db.txt" 2>&1 && fail "a renderer using the database was accepted"
for want in "reports/pdf/pdf_chart.c:[0-9]*: a renderer must not include engine/core/db.h" \
    "reports/maps/map_shapes.c:[0-9]*: a renderer must not use the database (->db;" \
    "reports/xlsx/xlsx_sheet.c:[0-9]*: a renderer must not include sqlite3.h" \
    "reports/xlsx/xlsx_sheet.c:[0-9]*: a renderer must not use the database (sqlite3_stmt;"; do
    grep -q "^$want" "$WORK/db.txt" || { cat "$WORK/db.txt"; fail "not refused: $want"; }
done
[ "$(grep -c "renderer must not" "$WORK/db.txt")" = 4 ] || { cat "$WORK/db.txt"; fail "other renderer lines refused"; }
sed -i '$d' "$COPY/reports/pdf/pdf_chart.c"
sed -i '$d' "$COPY/reports/maps/map_shapes.c"
sed -i '$d' "$COPY/reports/xlsx/xlsx_sheet.c"
sed -i '$d' "$COPY/reports/xlsx/xlsx_sheet.c"
# a cycle: two report data files including each other
printf '#include "reports/data/layout.h"\n' >> "$COPY/reports/data/report_docs.h"
printf '#include "reports/data/report_docs.h"\n' >> "$COPY/reports/data/layout.h"
python3 "$CHECK" "$COPY" > "$WORK/cycle.txt" 2>&1 && fail "a cycle was accepted"
grep -q "^cycle: reports/data/layout <-> reports/data/report_docs" "$WORK/cycle.txt" ||
    { cat "$WORK/cycle.txt"; fail "the cycle is not named"; }
echo "layering ok: $(tail -n 1 "$WORK/tree.txt"); a wrong include, a renderer using the database and a cycle are refused"
