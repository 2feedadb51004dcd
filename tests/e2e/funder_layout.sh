#!/bin/sh
# Issue 18, deliverable 3: the funder's report is laid out by its own layout
# file (reports/layouts/rapport-financeur.ini), like the annual one. With the
# default layout a funder's report has its sections; an analyst who adds a
# figure and a section to a copy of the layout, named in the configuration
# ([chemins] maquette_financeur), sees them in the PDF with no C change; a
# layout whose column titles do not match its indicators is refused with its
# file and section named, and no report is written.
set -u
fail() { echo "FAIL: $*"; exit 1; }
for tool in pdftotext sqlite3 iconv; do
    command -v $tool > /dev/null 2>&1 || { echo "skipped: $tool not installed"; exit 0; }
done
DB="$WORK/f.sqlite"
DATA="$WORK/data"
mkdir -p "$DATA" "$WORK/out" "$WORK/out2"
for f in etablissements unites_legales dispositifs accompagnements; do
    cp "$SRC/datasets/sample/$f.csv" "$DATA/" || fail "copy $f"
done
iconv -f WINDOWS-1252 -t UTF-8 "$SRC/datasets/sample/financements.csv" |
    awk -F';' '{ sub(/\r$/, "") } NR == 1 || $9 ~ /\/2024$/' > "$DATA/financements.csv" || fail "fundings"
# the sample's configuration with absolute paths, and a custom funder layout
CONFIG="$WORK/obs.ini"
sed -e "s|^entrees = .*|entrees = $DATA|" -e "s|^sorties = .*|sorties = $WORK/out|" \
    -e "s|^base = .*|base = $DB|" -e "/^journal/d" "$SRC/datasets/sample/obs.ini" > "$CONFIG" || fail "config"
"$OBS" init "$DB" --config "$CONFIG" > /dev/null 2>&1 || fail "init"
"$OBS" load "$DB" --config "$CONFIG" "$DATA" > "$WORK/load.log" 2>&1 || { cat "$WORK/load.log"; fail "load"; }
"$OBS" compute "$DB" --config "$CONFIG" --year 2024 > "$WORK/compute.log" 2>&1 ||
    { cat "$WORK/compute.log"; fail "compute"; }
FUNDER="Région"
"$OBS" report "$DB" --config "$CONFIG" --year 2024 --funder "$FUNDER" --out "$WORK/out" > "$WORK/r1.log" 2>&1 ||
    { cat "$WORK/r1.log"; fail "default funder report"; }
PDF="$WORK/out/financeur-region-2024.pdf"
pdftotext -layout "$PDF" "$WORK/r1.txt" || fail "pdftotext"
for s in "Chiffres clés" "Évolution" "Par dispositif" "Par territoire d'étude" "Définitions et secret statistique"; do
    grep -q "$s" "$WORK/r1.txt" || fail "default layout: « $s » missing"
done
# the layout's context figure (indicateur = effet_levier), printed when published
published=$(sqlite3 "$DB" "SELECT count(*) FROM indicator_value WHERE run_id = (SELECT max(id) FROM run)
    AND indicator = 'effet_levier' AND niveau = 'france' AND annee = 2024 AND dimension = '' AND secret = 0")
if [ "$published" = 1 ]; then
    grep -q "Effet de levier de l'argent public, ensemble des projets accompagnés en 2024" "$WORK/r1.txt" ||
        fail "the leverage line of the layout is missing"
else
    grep -q "ensemble des projets accompagnés en 2024" "$WORK/r1.txt" && fail "a secret leverage printed"
fi
grep -q "Note de l'analyste" "$WORK/r1.txt" && fail "custom text before the custom layout"
# the analyst's copy: one more column over the years, one more section
LAYOUT="$WORK/financeur.ini"
awk '
/^\[section evolution\]/ { evo = 1 }
evo && /^indicateurs/ { print "indicateurs = montant_public, montant_prive, projets_finances, creations_financees, emplois_projets_finances"; next }
evo && /^colonnes/ { print "colonnes = Montant public, Montant privé, Projets financés, Créations, Postes créés"; evo = 0; next }
{ print }
END { print ""; print "[section note]"; print "titre = Note de l'\''analyste"; print "type = texte";
      print "texte = Chiffres provisoires, à confirmer en comité de suivi." }
' "$SRC/reports/layouts/rapport-financeur.ini" > "$LAYOUT" || fail "custom layout"
printf '[chemins]\nmaquette_financeur = %s\n' "$LAYOUT" > "$WORK/extra.ini"
awk -v layout="$LAYOUT" '{ print } /^\[chemins\]/ { print "maquette_financeur = " layout }' "$CONFIG" > "$WORK/obs2.ini"
"$OBS" report "$DB" --config "$WORK/obs2.ini" --year 2024 --funder "$FUNDER" --out "$WORK/out2" > "$WORK/r2.log" 2>&1 ||
    { cat "$WORK/r2.log"; fail "custom funder report"; }
pdftotext -layout "$WORK/out2/financeur-region-2024.pdf" "$WORK/r2.txt" || fail "pdftotext 2"
grep -q "Note de l'analyste" "$WORK/r2.txt" || fail "custom section missing"
grep -q "Chiffres provisoires, à confirmer en comité de suivi" "$WORK/r2.txt" || fail "custom text missing"
grep -q "Postes créés" "$WORK/r2.txt" || fail "custom column missing"
# a broken layout: refused, with file and section, and no file written
sed 's/^colonnes = Montant public, Montant privé$/colonnes = Montant public/' "$LAYOUT" > "$WORK/bad.ini"
awk -v layout="$WORK/bad.ini" '{ print } /^\[chemins\]/ { print "maquette_financeur = " layout }' "$CONFIG" > "$WORK/obs3.ini"
mkdir -p "$WORK/out3"
"$OBS" report "$DB" --config "$WORK/obs3.ini" --year 2024 --funder "$FUNDER" --out "$WORK/out3" > "$WORK/r3.log" 2>&1
rc=$?
[ $rc -ne 0 ] || fail "a broken funder layout was accepted"
grep -q "bad.ini : \[section dispositifs\] 1 colonnes pour 2 indicateurs" "$WORK/r3.log" || { cat "$WORK/r3.log"; fail "message"; }
[ -z "$(ls "$WORK/out3")" ] || fail "a report was written from a broken layout"
echo "funder layout ok: default sections, an analyst's column and section added by the layout only (exit $rc on a broken one)"
