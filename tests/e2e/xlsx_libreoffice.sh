#!/bin/sh
# Issue "XLSX", acceptance: LibreOffice (headless) opens the workbook and
# converts every sheet to CSV without error; the key figure it reads back
# equals the database value.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v soffice > /dev/null 2>&1 || { echo "skipped: LibreOffice (libreoffice-calc-nogui) not installed"; exit 0; }
for tool in python3 sqlite3; do
    command -v $tool > /dev/null 2>&1 || { echo "skipped: $tool not installed"; exit 0; }
done
python3 "$SRC/tests/oracle/gen_independent.py" 13 "$WORK/d" "$SRC/datasets/reference" > /dev/null || fail "generator"
DB="$WORK/r.sqlite"
CONFIG="$WORK/d/obs.ini"
"$OBS" init "$DB" --config "$CONFIG" > /dev/null 2>&1 || fail "init"
"$OBS" load "$DB" --config "$CONFIG" "$WORK/d/data" > /dev/null 2>&1 || fail "load"
"$OBS" compute "$DB" --config "$CONFIG" > /dev/null 2>&1 || fail "compute"
"$OBS" report "$DB" --config "$CONFIG" --format xlsx --out "$WORK/x" > /dev/null 2>&1 || fail "report"
territory=$(sqlite3 "$DB" "SELECT code FROM territoire WHERE niveau = 'etude' ORDER BY code LIMIT 1")
book=$(ls "$WORK/x/$territory"-*.xlsx)
# every sheet, each to its own CSV (the last filter option, -1, asks for all sheets)
HOME="$WORK" timeout 300 soffice --headless --norestore \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
    --outdir "$WORK/csv" "$book" > "$WORK/lo.txt" 2>&1 || { cat "$WORK/lo.txt"; fail "LibreOffice conversion"; }
sheets=$(ls "$WORK/csv"/*.csv 2>/dev/null | wc -l)
[ "$sheets" -eq 9 ] || { ls "$WORK/csv"; fail "$sheets sheets converted, 9 expected"; }
for f in "$WORK/csv"/*.csv; do
    [ -s "$f" ] || fail "empty sheet $(basename "$f")"
done
value=$(sqlite3 "$DB" "SELECT CAST(valeur AS INTEGER) FROM indicator_value WHERE indicator = 'etablissements_ess'
    AND niveau = 'etude' AND territoire = '$territory' AND dimension = ''
    AND run_id = (SELECT max(run_id) FROM indicator_value) AND annee = (SELECT max(annee) FROM indicator_value)")
grep -q "^\"\?Établissements de l'ESS\"\?,[^,]*,\"\?$value\"\?," "$WORK/csv/"*Synthèse.csv ||
    { head -5 "$WORK/csv/"*Synthèse.csv; fail "LibreOffice does not read etablissements_ess = $value"; }
echo "LibreOffice: $sheets sheets converted; Synthèse reads établissements de l'ESS = $value"
