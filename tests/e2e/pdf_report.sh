#!/bin/sh
# Issue "PDF reports", acceptance: every font embedded (pdffonts), qpdf
# --check clean, pdftotext shows the key figures exactly as the database
# holds them, written the French way, and "s" where secret; two renders of
# the same run are byte-identical; a report per funder.
set -u
fail() { echo "FAIL: $*"; exit 1; }
for tool in pdftotext pdffonts qpdf python3 sqlite3; do
    command -v $tool > /dev/null 2>&1 || { echo "skipped: $tool not installed"; exit 0; }
done
python3 "$SRC/tests/oracle/gen_independent.py" 11 "$WORK/d" "$SRC/datasets/reference" > /dev/null || fail "generator"
DB="$WORK/r.sqlite"
CONFIG="$WORK/d/obs.ini"
"$OBS" init "$DB" --config "$CONFIG" > /dev/null 2>&1 || fail "init"
"$OBS" load "$DB" --config "$CONFIG" "$WORK/d/data" > /dev/null 2>&1 || fail "load"
"$OBS" compute "$DB" --config "$CONFIG" > /dev/null 2>&1 || fail "compute"
"$OBS" report "$DB" --config "$CONFIG" --format pdf --out "$WORK/a" > "$WORK/r1.txt" 2>&1 || { cat "$WORK/r1.txt"; fail "report"; }
"$OBS" report "$DB" --config "$CONFIG" --format pdf --out "$WORK/b" > /dev/null 2>&1 || fail "second report"
n=0
for pdf in "$WORK"/a/*.pdf; do
    n=$((n + 1))
    name=$(basename "$pdf")
    cmp -s "$pdf" "$WORK/b/$name" || fail "$name: two renders of the same run differ"
    qpdf --check "$pdf" > "$WORK/qpdf.txt" 2>&1 || { cat "$WORK/qpdf.txt"; fail "$name: qpdf --check"; }
    # the ToUnicode CMap is valid: poppler extracts the text without a warning
    pdftotext "$pdf" /dev/null 2> "$WORK/poppler.txt" || fail "$name: pdftotext"
    [ ! -s "$WORK/poppler.txt" ] || { head -3 "$WORK/poppler.txt"; fail "$name: pdftotext warns"; }
    pdffonts "$pdf" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } NR > 2 { fonts++ }
        END { exit bad || fonts == 0 }' || { pdffonts "$pdf"; fail "$name: a font is not embedded"; }
done
[ "$n" -ge 1 ] || fail "no PDF written"
echo "PDF: $n reports, identical on a second render, fonts embedded, qpdf clean, pdftotext silent"

# the key figures of one study territory, against the database
territory=$(sqlite3 "$DB" "SELECT code FROM territoire WHERE niveau = 'etude' ORDER BY code LIMIT 1")
pdftotext -layout "$WORK/a/$territory-"*.pdf "$WORK/report.txt" 2>/dev/null || fail "pdftotext"
sqlite3 -separator '|' "$DB" "SELECT v.indicator, m.unite, coalesce(v.valeur, ''), v.secret FROM indicator_value v
    JOIN indicator_meta m ON m.run_id = v.run_id AND m.indicator = v.indicator
    WHERE v.run_id = (SELECT max(run_id) FROM indicator_value) AND v.niveau = 'etude' AND v.territoire = '$territory'
    AND v.dimension = '' AND v.annee = (SELECT max(annee) FROM indicator_value)
    AND v.indicator IN ('etablissements_ess', 'etablissements_employeurs_ess', 'postes_ess', 'poids_postes_ess',
                        'porteurs_accompagnes', 'taux_sortie_positive')" > "$WORK/cells.txt"
python3 - "$WORK/cells.txt" "$WORK/report.txt" <<'PY' || fail "key figures"
import sys
NB = "\u00a0"
def fr(v, unite):
    if unite == "pourcent":
        return f"{v:,.1f}".replace(",", NB).replace(".", ",") + NB + "%"
    if abs(v - round(v)) < 1e-9:
        return f"{round(v):,d}".replace(",", NB)
    return f"{v:,.1f}".replace(",", NB).replace(".", ",")
# pdftotext writes the non-breaking spaces as plain ones
text = open(sys.argv[2], encoding="utf-8").read().replace(NB, " ")
checked = 0
for line in open(sys.argv[1], encoding="utf-8"):
    ind, unite, value, secret = line.rstrip("\n").split("|")
    want = "s" if secret == "1" else fr(float(value), unite).replace(NB, " ")
    found = any(want in l.split("  ") or (" " + want + " ") in (" " + l + " ") for l in text.splitlines())
    print(f"{ind}: {want!r} {'found' if found else 'MISSING'}")
    checked += found
    if not found:
        sys.exit(1)
sys.exit(0 if checked >= 3 else 1)
PY

# "s" where a cell is secret, the figure where it is not: postes_ess by family
sqlite3 -separator '|' "$DB" "SELECT substr(dimension, 9), secret, coalesce(valeur, '') FROM indicator_value
    WHERE run_id = (SELECT max(run_id) FROM indicator_value) AND indicator = 'postes_ess' AND niveau = 'etude'
    AND territoire = '$territory' AND annee = (SELECT max(annee) FROM indicator_value)
    AND dimension LIKE 'famille=%'" > "$WORK/families.txt"
python3 - "$WORK/families.txt" "$WORK/report.txt" <<'PY' || fail "secret cells in the family table"
import sys
# (the long label of entreprise_ess wraps on two lines: not parsed here)
labels = {"association": "Associations", "cooperative": "Coopératives", "mutuelle": "Mutuelles",
          "fondation": "Fondations"}
lines = open(sys.argv[2], encoding="utf-8").read().replace("\u00a0", " ").splitlines()
secret_seen = 0
for row in open(sys.argv[1], encoding="utf-8"):
    fam, secret, value = row.rstrip("\n").split("|")
    if fam not in labels:
        continue
    # the first table row of that family: label, then establishments, then postes
    line = next(l for l in lines if l.strip().startswith(labels[fam]))
    cols = [c for c in line.split("  ") if c.strip()]
    postes = cols[2].strip()
    want = "s" if secret == "1" else f"{round(float(value)):,d}".replace(",", " ")
    print(f"{fam}: postes {postes!r}, expected {want!r}")
    if postes != want:
        sys.exit(1)
    secret_seen += secret == "1"
print(f"secret family cells shown as s: {secret_seen}")
PY

# one report per funder
"$OBS" report "$DB" --config "$CONFIG" --funders --out "$WORK/f" > /dev/null 2>&1 || fail "funders' reports"
funders=$(sqlite3 "$DB" "SELECT count(DISTINCT k.valeur) FROM indicator_value v JOIN dimension_cle k
                         ON k.dimension = v.dimension AND k.cle = 'financeur' AND k.n_cles = 1
                         WHERE v.niveau = 'france'")
[ "$(ls "$WORK"/f/financeur-*.pdf | wc -l)" -eq "$funders" ] || fail "expected $funders funders' reports"
echo "funders' reports: $funders"
# through which programmes: every programme cell of a funder at France level
# is in its report, as its amount or as s
year=$(ls "$WORK"/f/financeur-*.pdf | head -n 1 | sed 's/.*-\([0-9]*\)\.pdf$/\1/')
funder=$(sqlite3 "$DB" "SELECT k.valeur FROM indicator_value v JOIN dimension_cle k ON k.dimension = v.dimension
                        AND k.cle = 'financeur' AND k.n_cles = 2 WHERE v.niveau = 'france' AND v.annee = $year
                        AND v.indicator = 'montant_public' AND v.run_id = (SELECT max(run_id) FROM indicator_value)
                        ORDER BY k.valeur LIMIT 1")
if [ -n "$funder" ]; then
    quoted=$(printf '%s' "$funder" | sed "s/'/''/g")
    n_cells=$(sqlite3 "$DB" "SELECT count(*) FROM indicator_value v JOIN dimension_cle k ON k.dimension = v.dimension
                             AND k.cle = 'financeur' AND k.n_cles = 2 AND k.valeur = '$quoted'
                             WHERE v.niveau = 'france' AND v.annee = $year AND v.indicator = 'montant_public'
                             AND v.run_id = (SELECT max(run_id) FROM indicator_value)")
    found=0
    for f in "$WORK"/f/financeur-*.pdf; do
        pdftotext -layout "$f" - 2>/dev/null | grep -q "rapport au financeur $funder," || continue
        rows=$(pdftotext -layout "$f" - 2>/dev/null | sed -n '/^\f\{0,1\}Par dispositif$/,/ensemble des territoires suivis/p' |
               grep -c '€\| s ')
        [ "$rows" -ge "$n_cells" ] || fail "$funder: $rows programme rows in its report, $n_cells cells"
        found=1
    done
    [ "$found" = 1 ] || fail "no report for $funder"
    echo "programmes of $funder in $year: $n_cells rows"
fi
echo "pdf report: ok"
