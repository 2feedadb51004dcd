#!/bin/sh
# Issue "Everyday use", honest comparisons: a study territory without any
# establishment is a warning and a line in its report; a France column made
# of loaded data that do not cover France is labelled « France (données
# chargées : N régions) »; national figures from reference_nationale.csv,
# when loaded, are the France column (values given by hand below).
set -u
fail() { echo "FAIL: $*"; exit 1; }
for tool in pdftotext python3 sqlite3; do
    command -v $tool > /dev/null 2>&1 || { echo "skipped: $tool not installed"; exit 0; }
done
python3 "$SRC/tests/oracle/gen_independent.py" 5 "$WORK/d" "$SRC/datasets/reference" > /dev/null || fail "generator"
C="$WORK/d/obs.ini"
# Paris (75056): no establishment of the generated data is there
printf '[etude vide]\nnom = Territoire sans données\ncommunes = 75056\n' >> "$C"
DB="$WORK/h.sqlite"
"$OBS" init "$DB" --config "$C" > /dev/null 2>&1 || fail "init"
"$OBS" load "$DB" --config "$C" "$WORK/d/data" > /dev/null 2>&1 || fail "load"
"$OBS" compute "$DB" --config "$C" --year 2024 > /dev/null 2>&1 || fail "compute"
regions=$(sqlite3 "$DB" "SELECT count(DISTINCT g.code) FROM etablissement e JOIN geo g ON g.commune = e.commune
    AND g.niveau = 'region'")
[ "$regions" -ge 1 ] && [ "$regions" -lt 18 ] || fail "the generated data cover $regions régions"
[ "$regions" -gt 1 ] && label="France (données chargées : $regions régions)" || label="France (données chargées : 1 région)"

"$OBS" report "$DB" --config "$C" --format pdf --out "$WORK/a" > "$WORK/r1.txt" 2>&1 || { cat "$WORK/r1.txt"; fail "report"; }
grep -q "attention : territoire d'étude vide (Territoire sans données) : aucun établissement" "$WORK/r1.txt" ||
    { cat "$WORK/r1.txt"; fail "no warning for the empty study territory"; }
grep -q "couvrent $regions région" "$WORK/r1.txt" || { cat "$WORK/r1.txt"; fail "no warning for the France column"; }
pdftotext "$WORK/a/vide-2024.pdf" "$WORK/vide.txt" 2>/dev/null || fail "pdftotext"
grep -q "Aucun établissement n'est chargé dans les communes de ce territoire" "$WORK/vide.txt" ||
    fail "the empty territory's report does not say so"
pdftotext -layout "$WORK/a/etude-a-2024.pdf" "$WORK/a.txt" 2>/dev/null || fail "pdftotext"
grep -qF "$label" "$WORK/a.txt" || fail "no « $label » column"
grep -q "Aucun établissement n'est chargé" "$WORK/a.txt" && fail "etude-a has establishments"
echo "partial France: « $label », empty study territory warned and noted"

# national figures: 1 234 567 ESS establishments and 13,7 % of private jobs in 2024
printf 'indicateur;annee;valeur;source\netablissements_ess;2024;1234567;ESS France, panorama 2024\npoids_postes_ess;2024;13,7;ESS France, panorama 2024\n' \
    > "$WORK/reference_nationale.csv"
"$OBS" load "$DB" --config "$C" "$WORK/reference_nationale.csv" > "$WORK/load.txt" 2>&1
[ "$(sqlite3 "$DB" "SELECT count(*) FROM reference_nationale")" = 2 ] || { cat "$WORK/load.txt"; fail "reference rows"; }
# a wrong identifier is refused at its line and column
mkdir -p "$WORK/bad"
printf 'indicateur;annee;valeur;source\nNE PAS;2024;1;x\n' > "$WORK/bad/reference_nationale.csv"
"$OBS" load "$DB" --config "$C" "$WORK/bad/reference_nationale.csv" > "$WORK/bad.txt" 2>&1 && fail "a bad reference loaded"
grep -q "reference_nationale.csv:2:1: erreur : indicateur « NE PAS »" "$WORK/bad.txt" || { cat "$WORK/bad.txt"; fail "no file:line:column"; }
[ "$(sqlite3 "$DB" "SELECT count(*) FROM reference_nationale")" = 2 ] || fail "the refused version replaced the reference"
"$OBS" report "$DB" --config "$C" --format pdf,xlsx --out "$WORK/b" > "$WORK/r2.txt" 2>&1 || { cat "$WORK/r2.txt"; fail "report"; }
pdftotext -layout "$WORK/b/etude-a-2024.pdf" "$WORK/b.txt" 2>/dev/null || fail "pdftotext"
grep -q "France (référence nationale)" "$WORK/b.txt" || fail "no « France (référence nationale) » column"
grep -q "1 234 567" "$WORK/b.txt" || fail "the national count 1 234 567 is not shown"
grep -q "13,7 %" "$WORK/b.txt" || fail "the national share 13,7 % is not shown"
grep -qF "$label" "$WORK/b.txt" && fail "still « $label »"
echo "national reference: « France (référence nationale) » with 1 234 567 and 13,7 %"
echo "honest comparisons: ok"
