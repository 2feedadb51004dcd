#!/bin/sh
# Issue 16, deliverables 4 and 5: a funder named « Crédit Agricole; BPI »
# round-trips. Its name is loaded from a financements.csv (the sample's
# 2024 fundings, with Crédit Agricole renamed), computed, listed among the
# funders, exported with a dimension that reads back, and its report shows
# its name and its own amounts, which are its raw values even where the
# public figure is secret; the audit finds every rule applied.
set -u
fail() { echo "FAIL: $*"; exit 1; }
for tool in pdftotext python3 sqlite3 iconv; do
    command -v $tool > /dev/null 2>&1 || { echo "skipped: $tool not installed"; exit 0; }
done
DB="$WORK/f.sqlite"
DATA="$WORK/data"
CONFIG="$SRC/datasets/sample/obs.ini"
NAME="Crédit Agricole; BPI"
mkdir -p "$DATA" "$WORK/out"
# the sample's other files, and its fundings of 2024 (the header first;
# dates DD/MM/YYYY) in UTF-8, the funder renamed (quoted: the separator is ;)
for f in etablissements unites_legales dispositifs accompagnements; do
    cp "$SRC/datasets/sample/$f.csv" "$DATA/" || fail "copy $f"
done
iconv -f WINDOWS-1252 -t UTF-8 "$SRC/datasets/sample/financements.csv" |
    awk -F';' '{ sub(/\r$/, "") } NR == 1 || $9 ~ /\/2024$/' |
    sed 's/;Crédit Agricole;/;"Crédit Agricole; BPI";/' > "$DATA/financements.csv" || fail "fundings"
[ "$(grep -c '"Crédit Agricole; BPI"' "$DATA/financements.csv")" -gt 10 ] || fail "renamed fundings"
"$OBS" init "$DB" --config "$CONFIG" > /dev/null 2>&1 || fail "init"
"$OBS" load "$DB" --config "$CONFIG" "$DATA" > "$WORK/load.log" 2>&1 || { cat "$WORK/load.log"; fail "load"; }
q() { sqlite3 "$DB" "$1"; }
[ "$(q "SELECT count(*) FROM financement WHERE financeur = '$NAME'")" -gt 10 ] || fail "name loaded"
# a complete run (a funder's report is never made from a partial one)
"$OBS" compute "$DB" --config "$CONFIG" --year 2024 > "$WORK/compute.log" 2>&1 ||
    { cat "$WORK/compute.log"; fail "compute"; }
# the keys stored as data
[ "$(q "SELECT count(*) FROM dimension_cle WHERE cle = 'financeur' AND valeur = '$NAME' AND n_cles = 1")" -eq 1 ] ||
    fail "one-key dimension of the funder"
[ "$(q "SELECT count(*) FROM dimension_cle WHERE cle = 'financeur' AND valeur = '$NAME' AND n_cles = 2")" -gt 0 ] ||
    fail "funder by programme"
# the export: the dimension, quoted inside, read back by Python's csv module
"$OBS" export "$DB" > "$WORK/export.csv" 2> "$WORK/export.err" || fail "export"
python3 - "$WORK/export.csv" "$NAME" <<'EOF' || fail "export dimension"
import csv, sys
path, name = sys.argv[1], sys.argv[2]
want = 'financeur="%s"' % name
rows = [r for r in csv.DictReader(open(path, encoding="utf-8")) if r["dimension"] == want]
if not rows:
    sys.exit("no row with dimension %s" % want)
def pairs(dim):  # split on ';' outside quotes, then on the first '='
    out, cur, quoted = [], "", False
    for ch in dim:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(cur); cur = ""
        else:
            cur += ch
    out.append(cur)
    res = {}
    for p in out:
        k, v = p.split("=", 1)
        if v.startswith('"'):
            v = v[1:-1].replace('""', '"')
        res[k] = v
    return res
two = [r for r in csv.DictReader(open(path, encoding="utf-8"))
       if r["dimension"].startswith("dispositif=") and r["dimension"].endswith('financeur="%s"' % name)]
assert two and pairs(two[0]["dimension"])["financeur"] == name, "two-key dimension"
assert pairs(want) == {"financeur": name}
print("export: %d rows with %s, %d by programme" % (len(rows), want, len(two)))
EOF
# the funder list and its report
"$OBS" report "$DB" --config "$CONFIG" --funder "$NAME" --out "$WORK/out" > "$WORK/report.log" 2>&1 ||
    { cat "$WORK/report.log"; fail "report --funder"; }
PDF=$(ls "$WORK"/out/financeur-*.pdf 2> /dev/null | head -1)
[ -n "$PDF" ] || fail "no funder report"
pdftotext -layout "$PDF" "$WORK/report.txt" || fail "pdftotext"
grep -q "Crédit Agricole; BPI" "$WORK/report.txt" || fail "name in the report"
# its own amounts, from their raw values, as the report writes them (whole
# euros below a million, « 2,5 M€ » above; the spaces grouping thousands are
# non-breaking): the France figure, and each programme's private amount,
# secret to the public or not
python3 - "$DB" "$WORK/report.txt" "$NAME" <<'PY' || fail "own amounts in the report"
import sqlite3, sys
db, txt, name = sqlite3.connect(sys.argv[1]), open(sys.argv[2], encoding="utf-8").read(), sys.argv[3]
txt = txt.replace("\u202f", " ").replace("\u00a0", " ")
def euros(v):
    if abs(v) >= 1e6:
        return ("%.1f M€" % (v / 1e6)).replace(".", ",")
    return "{:,}".format(int(round(v))).replace(",", " ") + " €"
fr = db.execute("SELECT valeur_brute FROM indicator_value WHERE indicator = 'montant_prive' AND niveau = 'france'"
                " AND annee = 2024 AND dimension = ?", ('financeur="%s"' % name,)).fetchone()[0]
key = [l for l in txt.splitlines() if "Financements privés mobilisés" in l]
assert key and euros(fr) in key[0], "France: %s not in %r" % (euros(fr), key)
rows = db.execute("SELECT d.nom, v.valeur_brute, v.secret FROM indicator_value v"
                  " JOIN dimension_cle f ON f.dimension = v.dimension AND f.cle = 'financeur' AND f.valeur = ?"
                  " JOIN dimension_cle p ON p.dimension = v.dimension AND p.cle = 'dispositif'"
                  " JOIN dispositif d ON d.id_dispositif = p.valeur"
                  " WHERE v.indicator = 'montant_prive' AND v.niveau = 'france' AND v.annee = 2024", (name,)).fetchall()
assert rows, "no programme"
lines = txt.splitlines()
for nom, v, secret in rows:
    hit = [l for l in lines if l.strip().startswith(nom) and l.rstrip().endswith(euros(v))]
    assert hit, "%s: %s not in the report" % (nom, euros(v))
print("report: own 2024 private amount %s, %d programmes (%d of them secret to the public) shown in full"
      % (euros(fr), len(rows), sum(r[2] for r in rows)))
PY
# every rule applied, the insider rule included (what the audit's attacker
# gives back of the suppression is the acceptance of attackers_small.sh and
# secret_sample.sh: exit 5 is accepted here)
"$OBS" audit-secret "$DB" > "$WORK/audit.log" 2>&1
rc=$?
{ [ "$rc" -eq 0 ] || [ "$rc" -eq 5 ]; } || { cat "$WORK/audit.log"; fail "audit exit $rc"; }
grep -q "^  règles non appliquées : 0$" "$WORK/audit.log" || { cat "$WORK/audit.log"; fail "audit: a rule not applied"; }
grep "^audit du secret" "$WORK/audit.log"
echo "funder keys ok"
