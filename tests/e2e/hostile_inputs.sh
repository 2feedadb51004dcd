#!/bin/sh
# Issue "batch operations", hardening: a corpus of hostile inputs, made on
# the fly (nothing large in git). Each is loaded into a fresh database: obs
# must end within a minute with a documented exit code (0, 1 or 3, never a
# signal), name the problem with file:line:column when a row is at fault,
# and keep the rows it could read. Text that looks like a spreadsheet
# formula stays text in the workbook and in the CSV exports.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 > /dev/null 2>&1 || { echo "skipped: python3 not installed"; exit 0; }
H="$WORK/h"
mkdir -p "$H"
HEADER="siret,dateCreationEtablissement,etatAdministratifEtablissement,dateFermetureEtablissement,codeCommuneEtablissement,activitePrincipaleEtablissement,categorieJuridiqueUniteLegale,economieSocialeSolidaireUniteLegale,trancheEffectifsEtablissement,denominationUsuelleEtablissement"
GOOD="77567160500019,2010-05-01,A,,62160,88.99B,9220,O,11,Association du port"
python3 - "$H" "$HEADER" "$GOOD" <<'PY'
import os, random, sys
out, header, good = sys.argv[1], sys.argv[2], sys.argv[3]
random.seed(20241124)
def case(name, data):
    os.makedirs(f"{out}/{name}", exist_ok=True)
    with open(f"{out}/{name}/etablissements.csv", "wb") as f:
        f.write(data)
def luhn_ok(n):
    total = 0
    for i, d in enumerate(reversed(n)):
        d = int(d) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0
def good_row(k):
    """A valid row with the k-th valid SIRET of the series (rows must not repeat: duplicates are rejects)."""
    found = [f"7756716050{i:04d}" for i in range(10000) if luhn_ok(f"7756716050{i:04d}")]
    return good.replace("77567160500019", found[k]).encode() + b"\n"
h, g, g2 = header.encode() + b"\n", good_row(0), good_row(1)
case("huge_field", h + g + b"77567160500027,2010-05-01,A,,62160,88.99B,9220,O,11," + b"x" * (8 << 20) + b"\n" + g2)
case("binary_garbage", bytes(random.getrandbits(8) for _ in range(1 << 20)))
case("million_columns", b"," * 1000000 + b"\n" + g)
case("million_columns_row", h + g + b"1" + b",1" * 1000000 + b"\n" + g2)
case("deep_quotes", h + g + b'77567160500027,"' + b'""' * 500000 + b'\n' + g2)
case("unterminated_quote", h + b'77567160500027,"2010-05-01,A,,62160\n' + g + g2)
case("invalid_utf8", h + g + b"77567160500035,2010-05-01,A,,62160,88.99B,9220,O,11,caf\xc3\x28 \xff\xfe\n")
case("empty", b"")
case("header_only", h)
case("nul_bytes", h + g + b"77567160500043,2010\x00-05-01,A,,62160,88.99B,9220,O,11,nul\n")
case("crlf_and_bom", b"\xef\xbb\xbf" + h.replace(b"\n", b"\r\n") + g.replace(b"\n", b"\r\n"))
PY
for dir in "$H"/*/; do
    name=$(basename "$dir")
    db="$WORK/$name.sqlite"
    "$OBS" init "$db" > /dev/null 2>&1 || fail "init"
    # --max-rejects 100: keep what can be read, to see that nothing good is lost
    timeout 60 "$OBS" load "$db" --max-rejects 100 "$dir" > "$WORK/$name.out" 2> "$WORK/$name.err"
    rc=$?
    [ $rc -eq 124 ] && fail "$name: still running after 60 s"
    [ $rc -ge 128 ] && { tail -5 "$WORK/$name.err"; fail "$name: killed by a signal ($rc)"; }
    case $rc in 0|1|3) ;; *) tail -5 "$WORK/$name.err"; fail "$name: undocumented exit code $rc" ;; esac
    loaded=$(sqlite3 "$db" "SELECT count(*) FROM etablissement" 2>/dev/null || echo "?")
    first=$(grep -m1 "erreur" "$WORK/$name.err" | cut -c1-150)
    echo "$name: exit $rc, $loaded rows loaded; ${first:-no error message}"
    if [ $rc -ne 0 ]; then
        [ -n "$first" ] || fail "$name: failed without saying why"
    fi
done
# where one row is at fault, its file:line:column is named and the good rows are kept
grep -q "etablissements.csv:3:[0-9]*: erreur" "$WORK/huge_field.err" || fail "huge field: no file:line:column"
for name in huge_field million_columns_row deep_quotes unterminated_quote; do
    [ "$(sqlite3 "$WORK/$name.sqlite" "SELECT count(*) FROM etablissement")" -eq 2 ] || fail "$name: good rows lost"
done
grep -q "etablissements.csv:1:[0-9]*: erreur" "$WORK/million_columns.err" || fail "10^6 columns: no file:line:column"

# formula-looking text stays text: in the rejects CSV and in a workbook
python3 "$SRC/tests/oracle/gen_independent.py" 7 "$WORK/f" "$SRC/datasets/reference" > /dev/null || fail "generator"
python3 - "$WORK/f/data/dispositifs.csv" <<'PY'
import sys
p = sys.argv[1]
raw = open(p, "rb").read()
try:
    enc, text = "utf-8", raw.decode("utf-8")
except UnicodeDecodeError:
    enc, text = "cp1252", raw.decode("cp1252")
lines = text.splitlines()
delim = ";" if ";" in lines[0] else ","
cols = lines[1].split(delim)
cols[1] = '=HYPERLINK("http://exemple.invalid","clic")'
lines[1] = delim.join('"' + c.replace('"', '""') + '"' if delim in c or '"' in c else c for c in cols)
open(p, "w", encoding=enc).write("\n".join(lines) + "\n")
PY
printf '%s\n' "$HEADER" "=cmd|' /C calc'!A0,2010-05-01,A,,62160,88.99B,9220,O,11,x" > "$WORK/f/data/etablissements_bis.csv"
"$OBS" init "$WORK/f.sqlite" --config "$WORK/f/obs.ini" > /dev/null 2>&1 || fail "init"
"$OBS" load "$WORK/f.sqlite" --config "$WORK/f/obs.ini" "$WORK/f/data" > /dev/null 2>&1
"$OBS" rejects "$WORK/f.sqlite" --csv > "$WORK/rejects.csv" || fail "rejects"
grep -q "^[^,]*,[^,]*,[^,]*,\"\?'=cmd" "$WORK/rejects.csv" || { grep cmd "$WORK/rejects.csv"; fail "formula not neutralised in the rejects CSV"; }
"$OBS" compute "$WORK/f.sqlite" --config "$WORK/f/obs.ini" > /dev/null 2>&1 || fail "compute"
"$OBS" report "$WORK/f.sqlite" --config "$WORK/f/obs.ini" --format xlsx --out "$WORK/fx" > /dev/null 2>&1 || fail "report"
PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c "import openpyxl" 2>/dev/null; then
    "$PY" - "$WORK"/fx/*.xlsx <<'PY' || fail "formula text became a formula in a workbook"
import sys, openpyxl
found = 0
for path in sys.argv[1:]:
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and "HYPERLINK" in c.value:
                    if c.data_type == "f":
                        sys.exit(f"{path} {ws.title}!{c.coordinate} is a formula")
                    found += 1
print(f"=HYPERLINK text found {found} times in workbooks, always as text")
sys.exit(0 if found else "the programme named =HYPERLINK(...) is in no workbook")
PY
fi
echo "hostile inputs: ok"
