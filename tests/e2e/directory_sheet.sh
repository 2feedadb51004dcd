#!/bin/sh
# Issue 20, item 8: the directory of a study territory's ESS establishments
# as an optional workbook sheet, chosen in the layout only (type = annuaire):
# the sheet holds the rows `obs annuaire --csv` lists, in the same order, and
# the published PDF does not change.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 not installed"; exit 0; }
X="$WORK/x"
mkdir -p "$X"
python3 "$SRC/tests/oracle/gen_independent.py" 11 "$X/d" "$SRC/datasets/reference" > /dev/null || fail "generator"
# the shipped layout with its commented directory section turned on
sed 's/^;\(\[section annuaire\]\|titre = Annuaire\|feuille = Annuaire\|type = annuaire\)/\1/' \
    "$SRC/reports/layouts/rapport-annuel.ini" > "$X/maquette.ini"
grep -q '^type = annuaire' "$X/maquette.ini" || fail "the layout's directory section"
cp "$X/d/obs.ini" "$X/obs.ini"
printf '[chemins]\nmaquette = maquette.ini\n[calcul]\nannee = 2024\nreplications = 50\n' >> "$X/obs.ini"
DB="$X/obs.sqlite"
"$OBS" init "$DB" --config "$X/obs.ini" > "$WORK/init.txt" 2>&1 || { cat "$WORK/init.txt"; fail "init"; }
"$OBS" load "$DB" --config "$X/obs.ini" "$X/d/data" > "$WORK/load.txt" 2>&1 || { cat "$WORK/load.txt"; fail "load"; }
"$OBS" compute "$DB" --config "$X/obs.ini" > "$WORK/compute.txt" 2>&1 || { cat "$WORK/compute.txt"; fail "compute"; }
"$OBS" report "$DB" --config "$X/obs.ini" --format xlsx --out "$WORK/out" > "$WORK/report.txt" 2>&1 ||
    { cat "$WORK/report.txt"; fail "report"; }
TERR=$(sed -n 's/^\[etude \(.*\)\]$/\1/p' "$X/obs.ini" | head -n 1)
[ -n "$TERR" ] || fail "no study territory in the configuration"
XLSX=$(ls "$WORK/out/$TERR"-*.xlsx 2>/dev/null | head -n 1)
[ -n "$XLSX" ] || fail "no workbook for $TERR"
"$OBS" annuaire "$DB" --territory "$TERR" --csv > "$WORK/annuaire.csv" 2> "$WORK/annuaire.err" ||
    { cat "$WORK/annuaire.err"; fail "obs annuaire"; }
python3 - "$XLSX" "$WORK/annuaire.csv" <<'PY' || fail "directory sheet"
import csv, re, sys, zipfile
xlsx, listed = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(xlsx)
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]*)" sheetId="(\d+)"', wb)
idx = [i for i, (n, _) in enumerate(names) if n == "Annuaire"]
assert idx, "no sheet Annuaire in %s" % [n for n, _ in names]
# strings are shared or written inline (libxlsxwriter's constant-memory mode)
shared = []
if "xl/sharedStrings.xml" in z.namelist():
    shared = re.findall(r"<si><t[^>]*>(.*?)</t></si>", z.read("xl/sharedStrings.xml").decode(), re.S)
sheet = z.read("xl/worksheets/sheet%d.xml" % (idx[0] + 1)).decode()
rows = {}
for r, cells in re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', sheet, re.S):
    values = []
    for kind, body in re.findall(r'<c r="[A-Z]+\d+"[^>]*?t="(s|inlineStr)"[^>]*>(.*?)</c>', cells, re.S):
        if kind == "s":
            values.append(shared[int(re.search(r"<v>(\d+)</v>", body).group(1))])
        else:
            values.append(re.search(r"<t[^>]*>(.*?)</t>", body, re.S).group(1))
    rows[int(r)] = values
unescape = lambda s: s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
with open(listed, newline="", encoding="utf-8") as f:
    expected = list(csv.reader(f))[1:]
sirets = [unescape(v[0]) for k, v in sorted(rows.items()) if v and re.fullmatch(r"\d{14}", v[0])]
assert sirets == [e[0] for e in expected], "sheet %d establishments, obs annuaire %d" % (len(sirets), len(expected))
assert len(expected) > 0, "an empty directory proves nothing"
print("directory sheet: %d establishments, as obs annuaire lists them" % len(expected))
PY
echo "directory sheet ok"
